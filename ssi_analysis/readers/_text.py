"""Bytes to a table of strings, with the line number of every row.

Every text reader goes through :func:`read_table`: it decodes (UTF-8 with or without BOM,
UTF-16, and a Windows-1252 fallback for files re-saved by Excel), finds the delimiter, and
parses with pandas' pyarrow engine. The fast path needs one data row per non-empty line; when a
quoted field spans lines, or a row has the wrong number of fields, it falls back to the
standard library's :mod:`csv` reader, which tracks line numbers, so that every bad line can be
named instead of stopping at pyarrow's first complaint. A table that may end in footer lines
(Salesforce's totals and copyright) is parsed by pyarrow above its footer, found among its
last lines, and goes to the :mod:`csv` path only when that parse cannot vouch for every line.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.readers._limits import read_file, size_text

DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """A parsed text table: strings only, one row per record, with source line numbers."""

    file: str
    frame: pd.DataFrame  # every column str, blanks as ""
    lines: np.ndarray  # 1-based line number of each row in ``frame``
    header_line: int
    delimiter: str
    encoding: str
    rejected: int = 0  # rows that could not be split into the header's columns
    notes: list[str] = field(default_factory=list)
    continued: int = 0  # physical lines joined to the record above (unquoted multi-line text)


def header_preview(table: Table, limit: int = 200) -> str:
    """Show the table's header in a problem's value: its column names, cut at ``limit``.

    Examples
    --------
    >>> t = Table("f.csv", pd.DataFrame(columns=["Date", "SSI"]), np.zeros(0), 1, ",", "utf-8")
    >>> header_preview(t), header_preview(t, 6)
    ('Date, SSI', 'Date, ')
    """
    return ", ".join(map(str, table.frame.columns))[:limit]


def refuse_table(
    problems: Problems, table: Table, problem: str, fix: str, column: str | None = None
) -> None:
    """Add the problem that nothing of ``table`` can be read, shown by its header line.

    ``whole_file``: skipping bad rows would not help, so the message does not offer ``--drop``.
    """
    problems.add(
        table.file,
        table.header_line,
        column,
        header_preview(table),
        problem,
        fix,
        whole_file=True,
    )


@dataclass(frozen=True)
class Continuation:
    """How to tell a line that continues the record above: its ``column`` holds no date.

    LinkedIn writes some multi-line comments without quotes; the following physical lines
    then carry only the rest of the text. ``dated`` is a regular expression that a real
    record's ``column`` matches (from its start).
    """

    column: str
    dated: str
    text: str | None = None  # the free-text column, which may hold unquoted delimiters

    def index(self, header: list[str], column: str | None = None) -> int | None:
        """Position of ``column`` (default: the date column) in ``header``, case-blind."""
        wanted = (column or self.column).strip().lower()
        return next((i for i, h in enumerate(header) if h.strip().lower() == wanted), None)

    def __call__(self, row: list[str], at: int) -> bool:
        """Tell whether ``row`` (split into fields) continues the record above."""
        return len(row) <= at or re.match(self.dated, row[at].strip()) is None


def decode(data: bytes, file: str, problems: Problems) -> tuple[str, str] | None:
    """Decode ``data`` to text; add a problem and return None for a file that is not text."""
    if data.startswith(b"PK\x03\x04"):
        problems.add(
            file,
            None,
            None,
            None,
            "this is a zip or Excel (.xlsx) file, not a text table",
            "give it its real extension (.xlsx or .zip) or export it again as CSV",
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, body = "utf-8-sig", data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding, body = "utf-16", data
    elif len(data) >= 4 and data[1:20:2].count(0) >= 5 and data[0:20:2].count(0) == 0:
        encoding, body = "utf-16-le", data
    elif len(data) >= 4 and data[0:20:2].count(0) >= 5 and data[1:20:2].count(0) == 0:
        encoding, body = "utf-16-be", data
    else:
        encoding, body = "utf-8", data
    try:
        text = body.decode("utf-16" if encoding == "utf-16" else encoding)
    except UnicodeDecodeError:
        if encoding.startswith("utf-16"):
            problems.add(
                file,
                None,
                None,
                None,
                "the file claims to be UTF-16 but is not",
                "export it again as UTF-8 CSV",
            )
            return None
        # Not UTF-8: Excel on Windows saves "CSV" as Windows-1252. latin-1 never fails, so it
        # catches the bytes cp1252 leaves undefined.
        try:
            text, encoding = body.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            text, encoding = body.decode("latin-1"), "latin-1"
    if "\x00" in text or _looks_binary(text):
        problems.add(
            file,
            None,
            None,
            None,
            "this is not a text table (it contains binary data)",
            "export the data again as CSV, XLSX or JSON",
        )
        return None
    return text.lstrip("\ufeff"), encoding


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    if not sample:
        return False
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls > 0.05 * len(sample)


def sniff_delimiter(header: str) -> str:
    """Pick the delimiter that splits the header line most often (comma on a tie)."""
    counts = [_count_outside_quotes(header, d) for d in DELIMITERS]
    best = int(np.argmax(counts))
    return DELIMITERS[best] if counts[best] > 0 else ","


def _count_outside_quotes(line: str, char: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == char and not quoted:
            count += 1
    return count


def read_table(
    path: Path | bytes,
    file: str,
    problems: Problems,
    *,
    find_header: Callable[[list[str]], int] | None = None,
    footer: Callable[[list[str]], bool] | None = None,
    escapechar: str | None = None,
    continues: Continuation | None = None,
) -> Table | None:
    """Read a delimited text file into a :class:`Table`; None (with a problem) when it can't.

    Parameters
    ----------
    path : Path or bytes
        The file, or its bytes (a member of a zip archive).
    file : str
        Its name as shown to the user.
    problems : Problems
        Where to put what is wrong.
    find_header : callable, optional
        Given the file's lines, return the index of the header line (for exports with note
        lines above the header). Default: the first non-blank line.
    footer : callable, optional
        Given a data row's fields, say whether it is a footer line (totals, copyright) that is
        not data; footer rows and everything after them are dropped and noted.
    escapechar : str, optional
        A character that escapes quotes (LinkedIn's newer Comments.csv uses a backslash).
    continues : Continuation, optional
        Tells a line that continues the record above (LinkedIn writes some multi-line
        comments without quotes: the following lines carry only the rest of the text). Such
        a line is joined to that record, as if the line break had been quoted, and counted
        in ``Table.continued``.
    """
    data = path if isinstance(path, bytes) else read_file(path, file, problems)
    if data is None or _too_wide(data, file, problems) or _too_long(data, file, problems):
        return None
    decoded = decode(data, file, problems)
    if decoded is None:
        return None
    text, encoding = decoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Only the first lines are needed to find the header: do not split a million lines.
    head = text.split("\n", 60)[:60]
    if find_header is None:
        start = next((i for i, line in enumerate(head) if line.strip()), None)
    else:
        start = find_header(head)
    if start is None:
        problems.add(
            file,
            None,
            None,
            None,
            "the file is empty",
            "check that the export finished, then export it again",
        )
        return None
    first = next(i for i, line in enumerate(head) if line.strip())
    skipped = (
        [f"lines {first + 1}-{start} above the header were not read (a title or note)"]
        if (start > first)
        else []
    )
    delimiter = sniff_delimiter(head[start])
    body = text[sum(len(line) + 1 for line in head[:start]) :]
    table = None
    if escapechar is None and footer is None:
        table = _fast(body, start, delimiter, file, encoding)
        if table is not None and continues is not None and _any_continuation(table, continues):
            table = None
    elif escapechar is None and continues is None:
        table = _fast_to_footer(body, start, delimiter, file, encoding, footer)
    if table is None:
        table = _slow(
            body, start, delimiter, file, encoding, problems, footer, escapechar, continues
        )
    if table is None:
        return None
    legacy = []
    if encoding in ("cp1252", "latin-1") and not text.isascii():
        # a guess that never fails: a name in Japanese (Shift-JIS) or Greek reads as garbage
        # letters, so say which reading was used and how to avoid the guess
        legacy = [
            f"read as {'Windows-1252' if encoding == 'cp1252' else 'Latin-1'} text, not "
            "UTF-8: if names with accents or non-Latin letters look wrong, save the file as "
            "'CSV UTF-8' and load it again"
        ]
    table.notes = skipped + legacy + table.notes
    _drop_empty_unnamed(table)
    return table


def _fast(body: str, start: int, delimiter: str, file: str, encoding: str) -> Table | None:
    """Parse with the pyarrow engine; None when its rows cannot be mapped to lines."""
    import pyarrow as pa
    import pyarrow.compute as pc

    raw = body.encode("utf-8")
    try:
        frame = pd.read_csv(
            io.BytesIO(raw),
            sep=delimiter,
            engine="pyarrow",
            dtype=str,
            keep_default_na=False,
            na_values=[],
        )
    except MemoryError:
        raise  # not a parse failure: the heavier path would only run out of memory again
    except Exception:
        return None
    # Line numbers without a Python loop: the non-empty lines after the header, in order.
    # (A quoted field spanning lines breaks the one-row-per-line count: the csv path then.)
    nonblank = _nonblank_lines(raw)
    nonblank = nonblank[nonblank > 0]  # line 0 of the body is the header
    if len(nonblank) != len(frame):
        return None
    # A row of nothing but delimiters (Excel's "merged-looking" blank rows) is no record:
    # drop it as the csv path does, rather than report a day without a date.
    if len(frame.columns) and len(frame):
        blank = None
        for column in frame.columns:
            cell = pc.equal(pc.utf8_trim(pa.array(frame[column].array), '" '), "")
            blank = cell if blank is None else pc.and_(blank, cell)
        blank = np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
        if blank.any():
            frame = frame[~blank].reset_index(drop=True)
            nonblank = nonblank[~blank]
    frame.columns = [str(c) for c in frame.columns]
    return Table(file, frame, nonblank + start + 1, start + 1, delimiter, encoding)


#: The last lines of a file searched for a footer (Salesforce writes four after its data).
FOOTER_TAIL_LINES = 64
#: What ``str.strip()`` strips: the blank test of the csv path, for pyarrow's trim.
_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


def _fast_to_footer(
    body: str, start: int, delimiter: str, file: str, encoding: str, footer
) -> Table | None:
    """Parse a table that may end in footer lines with pyarrow; None when only the csv path can.

    The footer (Salesforce's totals, confidentiality and copyright lines) has fewer fields than
    the header, so pyarrow cannot read the file whole, and the csv path costs a Python call per
    line (1.2 s for 141,000 deals). Here the first footer line among the file's last
    :data:`FOOTER_TAIL_LINES` is found with the csv module, the lines above it are parsed with
    pyarrow, and a footer higher up is found by asking ``footer`` once per distinct first
    cell (a footer is told by its first cell: see
    :class:`~ssi_analysis.readers.registry.OutcomeReader`). The table is the csv path's to the
    cell, line number and note; whatever this cannot vouch for (a line pyarrow refuses, a row
    that is not one line, a header over two lines) goes to the csv path, which names the lines.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    header_end = body.find("\n")
    if header_end < 0:
        return None
    dialect = {"delimiter": delimiter, "doublequote": True, "strict": False}
    try:
        reader = csv.reader(_lines(body), **dialect)
        names = next(reader)
    except (StopIteration, csv.Error):
        return None
    if reader.line_num != 1:
        return None  # a quoted header name goes on below its line
    header = _unique([h.strip() or f"Unnamed: {i}" for i, h in enumerate(names)])
    if len(set(header)) < len(header):
        return None  # "a, a, a.1": names pyarrow cannot take (the csv path keeps them)
    cut = _footer_line(body, header_end, dialect, footer)
    data = body[header_end + 1 : len(body) if cut is None else cut].encode("utf-8")
    if not data.strip():
        return None
    try:
        parsed = pacsv.read_csv(
            io.BytesIO(data),
            read_options=pacsv.ReadOptions(column_names=header),
            parse_options=pacsv.ParseOptions(delimiter=delimiter),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                null_values=[],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except MemoryError:
        raise
    except Exception:
        return None
    lines = _nonblank_lines(data)
    if len(lines) != parsed.num_rows:
        return None  # a quoted field spans lines: the csv path keeps the count
    blank = np.ones(parsed.num_rows, dtype=bool)
    for column in parsed.columns:
        if pc.any(pc.match_substring(column, "\n")).as_py():
            return None  # an open quote took the next line (one cut off at the footer)
        empty = pc.equal(pc.utf8_trim(column, _WHITESPACE), "")
        blank &= np.asarray(empty.to_numpy(zero_copy_only=False), dtype=bool)
    frame = parsed.to_pandas()
    lines = lines + start + 2  # line 0 of ``data`` is the line below the header
    if blank.any():
        frame = frame[~blank].reset_index(drop=True)
        lines = lines[~blank]
    first = frame.iloc[:, 0]
    ends = [v for v in first.unique() if footer([v, *[""] * (len(header) - 1)])]
    notes = []
    if ends:
        at = int(np.argmax(first.isin(ends).to_numpy()))
        cut_line = int(lines[at])
        frame, lines = frame.iloc[:at].reset_index(drop=True), lines[:at]
    elif cut is not None:
        cut_line = start + 1 + body.count("\n", 0, cut)
    if ends or cut is not None:
        notes.append(f"footer from line {cut_line} on was not read as data")
    if frame.empty:
        return None  # the csv path builds the empty table
    return Table(file, frame, lines.astype(int), start + 1, delimiter, encoding, notes=notes)


def _footer_line(body: str, header_end: int, dialect: dict, footer) -> int | None:
    """Return where the first footer line among the last lines of ``body`` starts, or None."""
    starts = []
    end = len(body) - 1 if body.endswith("\n") else len(body)
    while len(starts) < FOOTER_TAIL_LINES:
        newline = body.rfind("\n", header_end, end)
        if newline < 0:
            break
        starts.append(newline + 1)
        end = newline
    for at in reversed(starts):
        stop = body.find("\n", at)
        if not body[at : len(body) if stop < 0 else stop].strip():
            continue  # a blank line is no record
        try:
            row = next(csv.reader(_lines(body[at:]), **dialect))
        except (StopIteration, csv.Error):
            continue
        if footer(row):
            return at
    return None


def _nonblank_lines(raw: bytes) -> np.ndarray:
    r"""Return the 0-based numbers of the lines of ``raw`` that are not empty.

    Memory: one byte per byte of ``raw`` and eight per non-empty line (a file of 20 million
    blank lines is not turned into 20 million line positions).

    Examples
    --------
    >>> _nonblank_lines(b"a\n\nb\n\n\nc").tolist(), _nonblank_lines(b"\n\nx\n").tolist()
    ([0, 2, 5], [2])
    """
    if not raw:
        return np.zeros(0, dtype=np.int64)
    if b"\n\n" not in raw and not raw.startswith(b"\n"):  # no blank line (the usual case)
        return np.arange(raw.count(b"\n") + (not raw.endswith(b"\n")), dtype=np.int64)
    # Block by block, so that memory stays a few bytes per byte of one block: a whole-file
    # ``np.add.reduceat(..., dtype=int64)`` cast every byte to 8 bytes (168 MB for a 21 MB
    # file of blank lines). Within a block, a line start's number is the newlines before it.
    found: list[np.ndarray] = []
    lines = 0  # newlines before the block
    after_newline = True  # the first byte of the data starts a line
    for _, block in _blocks(raw):
        newline = block == 10
        first = np.empty(len(newline), dtype=bool)  # the first character of a non-empty line
        first[0] = after_newline
        first[1:] = newline[:-1]
        first &= ~newline
        starts = np.flatnonzero(first)
        before = np.cumsum(newline, dtype=np.int64)  # newlines up to and including each byte
        if len(starts):  # a start is no newline: the newlines before it end at start - 1
            found.append(lines + before[starts])
        lines += int(before[-1])
        after_newline = bool(newline[-1])
    return np.concatenate(found) if found else np.zeros(0, dtype=np.int64)


#: More fields than any export has on one line: a damaged file (or a bomb of delimiters,
#: which would take gigabytes as a table).
MAX_FIELDS = 10_000
#: The longest header line read (hundreds of columns of long names fit many times over).
MAX_HEADER_BYTES = 64 * 1024
#: The longest line read (a long message or post is a few thousand characters).
MAX_LINE_BYTES = 1024 * 1024
#: Bytes scanned at a time for long lines (8 bytes per line end found in a block).
_SCAN = 1024 * 1024


def _blocks(data: bytes) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(offset, block)``: views of :data:`_SCAN` bytes of ``data`` each, no copy.

    The byte scans (long lines, blank lines) go block by block so that what they build per
    byte (a mask, a count) stays a few bytes per byte of one block, never of the whole file.

    Examples
    --------
    >>> [(o, b.tobytes()) for o, b in _blocks(b"abc")]
    [(0, b'abc')]
    """
    for offset in range(0, len(data), _SCAN):
        count = min(_SCAN, len(data) - offset)
        yield offset, np.frombuffer(data, dtype=np.uint8, count=count, offset=offset)


def _too_long(data: bytes, file: str, problems: Problems) -> bool:
    """Add a problem and return True when the header or any line is longer than any export's.

    The header (the first line with text) may hold :data:`MAX_HEADER_BYTES`, any line
    :data:`MAX_LINE_BYTES`. The bytes are scanned in blocks (no copy of the file).
    """
    start = len(data) - len(data.lstrip(b"\r\n\t \xef\xbb\xbf"))
    header_end = data.find(b"\n", start)
    header = (header_end if header_end >= 0 else len(data)) - start
    if header > MAX_HEADER_BYTES:
        _long_line(file, problems, data[:start].count(b"\n") + 1, header, MAX_HEADER_BYTES)
        return True
    if len(data) <= MAX_LINE_BYTES:
        return False
    last, line = -1, 0  # the previous newline's position, lines counted before the block
    newline = 10 if b"\n" in data else 13
    for offset, block in _blocks(data):
        ends = np.flatnonzero(block == newline) + offset
        edges = np.concatenate(([last], ends))
        gaps = np.diff(edges) - 1
        long = np.flatnonzero(gaps > MAX_LINE_BYTES)
        if len(long):
            _long_line(file, problems, line + int(long[0]) + 1, int(gaps[long[0]]), MAX_LINE_BYTES)
            return True
        line += len(ends)
        last = int(ends[-1]) if len(ends) else last
    if len(data) - last - 1 > MAX_LINE_BYTES:
        _long_line(file, problems, line + 1, len(data) - last - 1, MAX_LINE_BYTES)
        return True
    return False


def _long_line(file: str, problems: Problems, line: int, size: int, cap: int) -> None:
    problems.add(
        file,
        line,
        None,
        None,
        f"this line is {size_text(size)} long, more than the {size_text(cap)} the kit reads "
        "in a line; no export has lines this long, so the file is damaged or not a table",
        "export the data again; if a cell holds pasted text, shorten it",
        whole_file=True,
    )


def _too_wide(data: bytes, file: str, problems: Problems) -> bool:
    """Add a problem and return True when a line has more than :data:`MAX_FIELDS` fields.

    Checked on the bytes before anything is decoded or split (every delimiter counts, quoted
    or not: an upper bound), with no copy of the file: only its long lines are looked at.
    """
    if sum(data.count(d) for d in (b",", b";", b"\t")) < MAX_FIELDS:
        return False
    raw = np.frombuffer(data, dtype=np.uint8)
    newline = 10 if data.count(b"\n") else 13
    edges = np.concatenate(([-1], np.flatnonzero(raw == newline), [len(raw)]))
    long = np.flatnonzero(np.diff(edges) > MAX_FIELDS)
    for line in long:
        chunk = data[edges[line] + 1 : edges[line + 1]]
        fields = 1 + max(chunk.count(d) for d in (b",", b";", b"\t"))
        if fields > MAX_FIELDS:
            problems.add(
                file,
                int(line) + 1,
                None,
                None,
                f"this line has about {fields:,} fields; no export has more than a few "
                "hundred columns, so the file is damaged or not a table",
                "export the data again; if the line is a note, delete it",
                whole_file=True,
            )
            return True
    return False


def _any_continuation(table: Table, continues: Continuation) -> bool:
    """Tell whether a row of a fast-parsed table is a continuation line (then parse slowly)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    at = continues.index(list(table.frame.columns))
    if at is None or not len(table.frame):
        return False
    column = pc.utf8_trim_whitespace(pa.array(table.frame.iloc[:, at].array))
    dated = pc.match_substring_regex(column, "^(?:" + continues.dated + ")")
    return not bool(pc.all(pc.fill_null(dated, False)).as_py())


def _lines(text: str) -> Iterator[str]:
    r"""Yield the lines of ``text`` with their ``"\n"``, as ``io.StringIO(text)`` would.

    Hand-written because a ``StringIO`` holds its text as 4 bytes a character: 84 MB more for
    a 21 MB file (10 million junk lines peaked at 267 MB); slices of ``text`` hold nothing.

    Examples
    --------
    >>> list(_lines("a\nb\n\nc")), list(_lines("")), list(_lines("x\n"))
    (['a\n', 'b\n', '\n', 'c'], [], ['x\n'])
    """
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        if end < 0:
            yield text[start:]
            return
        yield text[start : end + 1]
        start = end + 1


def _slow(
    body, start, delimiter, file, encoding, problems, footer, escapechar, continues=None
) -> Table | None:
    """Parse with :mod:`csv`, naming every line that does not fit the header."""
    reader = csv.reader(
        _lines(body),
        delimiter=delimiter,
        escapechar=escapechar,
        doublequote=True,  # "" and \" can both escape a quote (LinkedIn wrote each in turn)
        strict=False,
    )
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        problems.add(
            file,
            start + 1,
            None,
            None,
            "the header line cannot be read",
            "export the file again as CSV",
            whole_file=True,
        )
        return None
    header = _unique([h.strip() or f"Unnamed: {i}" for i, h in enumerate(header)])
    width = len(header)
    rows, line_numbers, notes = [], [], []
    rejected = continued = 0
    pending: list | None = None  # [fields, first line, continuation lines]: the record read
    at = continues.index(header) if continues is not None else None
    free = (
        continues.index(header, continues.text)
        if continues is not None and continues.text is not None
        else None
    )

    def fit(row: list[str]) -> list[str]:
        if len(row) > width and all(cell.strip() == "" for cell in row[width:]):
            return row[:width]
        return row

    def flush() -> None:
        nonlocal rejected
        if pending is None:
            return
        row, first_line, more, last_line = pending
        row = fit(row)
        if more:
            # Lines joined to this record: as if the line breaks had been quoted (the text
            # may go on into later fields), or, failing that, all of it text of the last field.
            joined = row
            for extra in more:
                joined = [*joined[:-1], joined[-1] + "\n" + extra[0], *extra[1:]]
            text = [*row[:-1], "\n".join([row[-1], *(delimiter.join(e) for e in more)])]
            tries = [fit(joined), fit(text)]
            if free is not None and len(joined) > width and len(row) <= width:
                # A record LinkedIn left unquoted: the delimiters its continuation lines bring
                # beyond the header's count belong to its free text ("line two, and more");
                # a dated line that has too many fields on its own stays refused.
                after = width - free - 1
                cut = len(joined) - after
                tries.append([*joined[:free], delimiter.join(joined[free:cut]), *joined[cut:]])
            row = next((r for r in tries if len(r) == width), fit(joined))
        if len(row) != width:
            rejected += 1
            if rejected > MAX_REJECTED_LINES:
                raise _TooManyRejected(first_line)
            if last_line > first_line and not more and any("\n" in cell for cell in row):
                # A quote opened in a field and closed lines later (or never): the csv module
                # read the line breaks between as text, so "too few fields" would mislead.
                end_line = start + body.count("\n") + (not body.endswith("\n"))
                closed = (
                    "is never closed"
                    if last_line >= end_line
                    else f"is closed only on line {last_line}"
                )
                problems.add(
                    file,
                    first_line,
                    None,
                    delimiter.join(row),
                    f'a quote (") opened on this line {closed}, so lines '
                    f"{first_line}-{last_line} were read as one row of {len(row)} fields (the "
                    f"header has {width})",
                    "close the quote or delete it",
                )
                return
            problems.add(
                file,
                first_line,
                None,
                delimiter.join(row),
                f"this line has {len(row)} fields but the header has {width}",
                "the line may be cut short or hold an unquoted "
                f"{'tab' if delimiter == chr(9) else repr(delimiter)}; "
                "repair or delete it",
            )
            return
        rows.append(row)
        line_numbers.append(first_line)

    previous_end = start + 1
    try:
        for row in reader:
            first_line = previous_end + 1
            previous_end = start + reader.line_num
            if not row or all(cell.strip() == "" for cell in row):
                continue
            if at is not None and pending is not None and continues(row, at):
                pending[2].append(row)  # an unquoted line break: the text goes on
                continued += 1
                continue
            flush()
            pending = None
            if footer is not None and footer(row):
                notes.append(f"footer from line {first_line} on was not read as data")
                break
            pending = [row, first_line, [], previous_end]
        flush()
    except _TooManyRejected as stop:
        problems.add(
            file,
            stop.line,
            None,
            None,
            f"more than {MAX_REJECTED_LINES:,} lines do not have the header's {width} fields "
            "(the first ones are listed): the file is damaged or is not this kind of table; "
            "reading stopped here",
            "export the data again, or check that this is the right file",
            whole_file=True,
        )
        return None
    except csv.Error as exc:
        problems.add(
            file,
            start + reader.line_num,
            None,
            None,
            f"the file cannot be split into fields ({exc})",
            "look for an unclosed quote near this line",
            whole_file=True,
        )
        return None
    if continued:
        notes.append(
            f"{continued} line{'s' if continued > 1 else ''} without a date continued the text "
            "of the line above (a multi-line text written without quotes) and "
            f"{'were' if continued > 1 else 'was'} joined to it"
        )
    frame = (
        pd.DataFrame(rows, columns=header, dtype=str)
        if rows
        else pd.DataFrame({h: pd.Series([], dtype=str) for h in header})
    )
    return Table(
        file,
        frame,
        np.asarray(line_numbers, dtype=int),
        start + 1,
        delimiter,
        encoding,
        rejected,
        notes,
        continued,
    )


#: Lines that do not fit the header after which a file is taken for damaged (each is named
#: up to there; millions of messages would only hide the one that matters).
MAX_REJECTED_LINES = 10_000


class _TooManyRejected(Exception):
    def __init__(self, line: int):
        self.line = line


def _unique(names: list[str]) -> list[str]:
    """Make header names unique the way pandas does (``a``, ``a.1``)."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        if name in seen:
            seen[name] += 1
            out.append(f"{name}.{seen[name]}")
        else:
            seen[name] = 0
            out.append(name)
    return out


def _drop_empty_unnamed(table: Table) -> None:
    """Drop columns with no header and no values (trailing delimiters), noting nothing lost."""
    frame = table.frame
    drop = [
        c
        for c in frame.columns
        if (c == "" or c.startswith("Unnamed:")) and not frame[c].str.strip().astype(bool).any()
    ]
    if drop:
        table.frame = frame.drop(columns=drop)
