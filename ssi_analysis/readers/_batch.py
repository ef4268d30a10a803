"""Many small text files read as one table: one parse for a folder of one-day logs.

A folder of a thousand one-line CSVs (a scraper writing ``ssi_2023-01-01.csv`` every day) cost
a parse, a validation and a DataFrame per file: about 8 ms each, most of it fixed overhead.
Files that are plainly alike — small, UTF-8, the same header line, no quote, no note above
the header, every data line with the header's number of fields — are joined into one body and
parsed once, with the file and line number of every row kept, so that a message names the same
file and line as reading the file on its own would.

Whatever does not fit (another header, a quote, a short line, a BOM, JSON, a large file, a file
that cannot be read) is left out and read on its own by the usual path, which names each
problem. Only the parse happens here; the schema layer checks that the checks of a batch give
what the files' own checks would (:func:`ssi_analysis.schema.ssi.load_ssi`).

The members of a LinkedIn data archive (:func:`split_member`, :func:`parse_members`) quote and
break their texts over lines, so they cannot be checked line by line beforehand: they are
joined under their shared header and parsed with the reader's own parse, and the batch is kept
only when that parse says nothing and no record runs from one member into the next.
:class:`BatchedRecords` hands each member's rows to the schema layer without cutting a frame
per member (:func:`ssi_analysis.schema.outcomes.load_outcomes` checks a batch's rows at once).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.readers._text import (
    DELIMITERS,
    MAX_FIELDS,
    Table,
    _fast,
    decode,
    sniff_delimiter,
)
from ssi_analysis.readers.records import Records

#: Files larger than this are read on their own (a batch is for many small files).
MAX_BATCH_FILE_BYTES = 64 * 1024
#: A batch is parsed once its data lines reach this many characters (memory stays bounded).
MAX_BATCH_CHARS = 16 * 1024 * 1024
#: Fewer files than this of one header are not worth a batch.
MIN_BATCH_FILES = 2
_TEXT_SUFFIXES = (".csv", ".tsv", ".txt")


@dataclass
class Batch:
    """Small files with the same header, parsed together.

    Attributes
    ----------
    members : list of int
        The position (among the caller's files) of each file, in the caller's order.
    names : list of str
        The name of each file, as shown to the user.
    table : Table
        One table of every file's rows, in member order; ``table.lines`` holds each row's
        line number in its own file.
    bounds : numpy.ndarray
        Row ``bounds[k]`` up to ``bounds[k + 1]`` of ``table`` come from member ``k``.
    """

    members: list[int]
    names: list[str]
    table: Table
    bounds: np.ndarray


def _plain_small_file(path: Path, find_header: Callable[[list[str]], int | None]):
    """Return (header line, delimiter, data lines, their line numbers), or None if not plain.

    Plain means: exactly what :func:`~ssi_analysis.readers._text.read_table` would read with
    its fast path and no note — a regular file of at most :data:`MAX_BATCH_FILE_BYTES`,
    UTF-8 without BOM, not JSON, the header on the first non-blank line, no quote character,
    at least one data line, and every non-empty data line with the header's field count and
    at least one non-blank cell.
    """
    try:
        if not path.is_file() or path.is_symlink():
            return None
        if path.stat().st_size > MAX_BATCH_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None  # read on its own: the usual path names the problem
    if len(data) > MAX_BATCH_FILE_BYTES or b'"' in data:
        return None
    if sum(data.count(d.encode()) for d in DELIMITERS) >= MAX_FIELDS:
        return None
    if path.suffix.lower() == ".txt" and data.lstrip(b" \r\n\t")[:1] in (b"{", b"["):
        return None  # JSON in a .txt: its own reader
    decoded = decode(data, path.name, Problems())
    if decoded is None or decoded[1] != "utf-8":
        return None
    text = decoded[0].replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines[:60]) if line.strip()), None)
    if first is None or find_header(lines[:60]) != first:
        return None
    header = lines[first]
    delimiter = sniff_delimiter(header)
    names = [h for h in header.split(delimiter)]
    if any(not h.strip() or h.startswith("Unnamed:") for h in names):
        return None
    if len(set(names)) != len(names):
        return None
    width = len(names)
    rows, numbers = [], []
    for i in range(first + 1, len(lines)):
        line = lines[i]
        if not line:
            continue  # an empty line is no record on either path
        cells = line.split(delimiter)
        if len(cells) != width or all(not c.strip(" ") for c in cells):
            return None  # a short or blank-looking line: the usual path names or drops it
        rows.append(line)
        numbers.append(i + 1)
    if not rows:
        return None  # "a header but no data rows": the usual path says so
    return header, delimiter, rows, numbers


def small_file_batches(
    files: Sequence[tuple[int, Path, Hashable]],
    find_header: Callable[[list[str]], int | None],
) -> Iterator[Batch]:
    r"""Group small plain files by (tag, header line) and parse each group once.

    Parameters
    ----------
    files : sequence of (position, path, tag)
        Candidate files; only files with the same ``tag`` (e.g. the person they belong to)
        share a batch.
    find_header : callable
        The reader's header finder (as given to ``read_table``).

    Yields
    ------
    Batch
        Groups of at least :data:`MIN_BATCH_FILES` files, each parsed as soon as it is
        complete (or reaches :data:`MAX_BATCH_CHARS`); files left out are read on their own.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for day in (1, 2, 3):
    ...     _ = (folder / f"d{day}.csv").write_text(f"Date,SSI\n2026-05-0{day},5{day}\n")
    >>> _ = (folder / "odd.csv").write_text('Date,SSI\n"2026-05-04",54\n')
    >>> files = [(i, p, None) for i, p in enumerate(sorted(folder.iterdir()))]
    >>> [batch] = small_file_batches(files, lambda lines: 0)
    >>> batch.names, batch.table.lines.tolist(), batch.bounds.tolist()
    (['d1.csv', 'd2.csv', 'd3.csv'], [2, 2, 2], [0, 1, 2, 3])
    >>> batch.table.frame["SSI"].tolist()
    ['51', '52', '53']
    """
    groups: dict[tuple, list] = {}
    sizes: dict[tuple, int] = {}
    for position, path, tag in files:
        if path.suffix.lower() not in _TEXT_SUFFIXES:
            continue
        plain = _plain_small_file(path, find_header)
        if plain is None:
            continue
        header, delimiter, rows, numbers = plain
        key = (tag, header, delimiter)
        groups.setdefault(key, []).append((position, path, rows, numbers))
        sizes[key] = sizes.get(key, 0) + sum(map(len, rows))
        if sizes[key] >= MAX_BATCH_CHARS:  # parse now: never hold a whole folder as text
            found = _parse(header, delimiter, groups.pop(key))
            sizes.pop(key)
            if found is not None:
                yield found
    for (_tag, header, delimiter), members in groups.items():
        found = _parse(header, delimiter, members)
        if found is not None:
            yield found


def _parse(header: str, delimiter: str, members: list) -> Batch | None:
    """Parse the data lines of ``members`` under their shared header in one go."""
    if len(members) < MIN_BATCH_FILES:
        return None
    body = "\n".join([header, *(row for m in members for row in m[2])])
    table = _fast(body, 0, delimiter, members[0][1].name, "utf-8")
    counts = np.array([len(m[2]) for m in members])
    if table is None or len(table.frame) != counts.sum():
        return None  # the parse did not keep one row per line: read each file on its own
    table.lines = np.concatenate([np.asarray(m[3], dtype=int) for m in members])
    table.header_line = 1
    return Batch(
        members=[m[0] for m in members],
        names=[m[1].name for m in members],
        table=table,
        bounds=np.concatenate(([0], np.cumsum(counts))),
    )


# --- Members of a data archive: small files that may quote, batched with a check afterwards.


@dataclass
class Member:
    """A small text file (an archive member) split at its header line.

    Attributes
    ----------
    position : int
        Its position among the caller's files.
    name : str
        Its name as shown to the user.
    header_at : int
        Index of the header line among the file's lines (note lines may stand above it).
    first : int
        Index of the file's first non-blank line (``first < header_at``: notes above).
    header, delimiter : str
        The header line and the delimiter it shows.
    body : list of str
        The lines after the header, blank ones included.
    starts : int
        Index in ``body`` of the first line holding anything but blanks and delimiters.
    """

    position: int
    name: str
    header_at: int
    first: int
    header: str
    delimiter: str
    body: list[str]
    starts: int


def split_member(
    position: int, name: str, data: bytes, find_header: Callable[[list[str]], int | None]
) -> Member | None:
    r"""Split a small file at its header; None when it is not for a batch.

    Not for a batch (read on its own, where every problem is named): a file larger than
    :data:`MAX_BATCH_FILE_BYTES`, one that does not decode as text, one with a blank,
    padded, quoted or repeated header name, or one with no data line. Quotes in the data
    are allowed: :func:`parse_members` checks afterwards that no record crossed a file.

    Examples
    --------
    >>> m = split_member(0, "Shares_1.csv", b'Date,Text\r\n2024-01-02,"a, b"\r\n', lambda h: 0)
    >>> m.header, m.delimiter, m.body
    ('Date,Text', ',', ['2024-01-02,"a, b"', ''])
    >>> split_member(1, "Shares_2.csv", b"Date,Text\r\n", lambda h: 0) is None
    True
    """
    if len(data) > MAX_BATCH_FILE_BYTES:
        return None
    if sum(data.count(d.encode()) for d in DELIMITERS) >= MAX_FIELDS:
        return None
    decoded = decode(data, name, Problems())
    if decoded is None:
        return None
    lines = decoded[0].replace("\r\n", "\n").replace("\r", "\n").split("\n")
    first = next((i for i, line in enumerate(lines[:60]) if line.strip()), None)
    header_at = find_header(lines[:60])
    if first is None or header_at is None:
        return None
    header = lines[header_at]
    delimiter = sniff_delimiter(header)
    names = header.split(delimiter)
    if '"' in header or any(not h.strip() or h != h.strip() for h in names):
        return None
    if len(set(names)) != len(names):
        return None
    body = lines[header_at + 1 :]
    starts = next((j for j, line in enumerate(body) if line.replace(delimiter, "").strip()), None)
    if starts is None:
        return None  # no data: read on its own (nothing to gain, and nothing to check)
    return Member(position, name, header_at, first, header, delimiter, body, starts)


def parse_members(
    members: Sequence[Member],
    parse: Callable[[bytes, Problems], Table | None],
) -> tuple[Batch | None, set[int]]:
    """Parse members of one header in one go: (batch, members to read on their own).

    ``parse(data, problems)`` is the reader's own parse (``read_table`` with its options).
    The members' data lines are joined under one header and parsed once; the batch is kept
    only when the parse says nothing (no problem, note, rejected or joined line) and every
    member's first data line starts a record of its own — an unclosed quote or a line
    continuing the record above would otherwise carry one member's text into the next.
    The table's line numbers are then each member's own.

    When the batch is not kept, the second item names (by index in ``members``) the members
    that caused it where the parse tells: a problem's line, a record running on into the
    next member, a joined line. Empty when it cannot tell (the caller splits the batch).
    """
    if len(members) < MIN_BATCH_FILES:
        return None, set()
    lines = [members[0].header]
    starts, firsts = [], []
    for member in members:
        starts.append(len(lines) + 1)  # 1-based line of body[0] in the joined text
        firsts.append(len(lines) + 1 + member.starts)
        lines += member.body
    said = Problems()
    table = parse("\n".join(lines).encode("utf-8"), said)
    if table is None:
        return None, set()

    def member_of(numbers) -> np.ndarray:
        return np.searchsorted(starts, np.asarray(numbers, dtype=int), side="right") - 1

    suspects = {int(k) for k in member_of([p.line for p in said if p.line is not None])}
    late = np.flatnonzero(~np.isin(firsts, table.lines))
    suspects |= {int(k) for k in late} | {int(k) - 1 for k in late if k > 0}
    if table.continued:
        # The members holding a line that is no record's start: a joined line is among them.
        delimiter = members[0].delimiter
        filled = [n + 1 for n, line in enumerate(lines) if line.replace(delimiter, "").strip()]
        inner = np.setdiff1d(np.asarray(filled[1:], dtype=int), table.lines)
        suspects |= {int(k) for k in member_of(inner)}
    if said or table.rejected or table.continued or table.notes or len(late):
        return None, suspects
    at = member_of(table.lines)
    counts = np.bincount(at, minlength=len(members))
    header_at = np.array([m.header_at for m in members])
    # body[j] of a member is its line header_at + 2 + j (1-based)
    table.lines = table.lines - np.asarray(starts)[at] + header_at[at] + 2
    table.header_line = int(header_at[0]) + 1
    batch = Batch(
        members=[m.position for m in members],
        names=[m.name for m in members],
        table=table,
        bounds=np.concatenate(([0], np.cumsum(counts))),
    )
    return batch, set()


@dataclass
class RecordsBatch:
    """The records of a batch of members, kept together for the schema layer.

    Attributes
    ----------
    frame : pandas.DataFrame
        Every member's records, member after member; ``_line`` is each row's line in its
        own member.
    bounds : numpy.ndarray
        Rows ``bounds[k]`` up to ``bounds[k + 1]`` belong to member ``k``.
    names : list of str
        Each member's name as shown to the user.
    orders : numpy.ndarray or None
        Each member's position among the files loaded, when the members are files of their
        own (None: the members of one archive share its position).
    checked : dict or None
        Set by the schema layer once it has checked the batch: member -> its checked rows
        (the rows of a whole checked part stand at its first member, None at the others);
        a member not in it is checked on its own.
    """

    frame: pd.DataFrame
    bounds: np.ndarray
    names: list[str]
    orders: np.ndarray | None = None
    checked: dict[int, tuple] | None = None

    def rows(self, k: int) -> pd.DataFrame:
        """Return the records of member ``k`` alone."""
        return self.frame.iloc[self.bounds[k] : self.bounds[k + 1]].reset_index(drop=True)


class BatchedRecords(Records):
    """A member's records read in a batch: :class:`Records` whose frame is cut on demand.

    Cutting ten thousand frames costs about a second; the schema layer checks the batch's
    rows in one go and needs a member's own frame only when the batch has something to
    report. ``batch`` and ``part`` (the member's index in it) say where the rows are.
    """

    def __init__(self, *args, batch: RecordsBatch, part: int, **kwargs):
        self.batch, self.part = batch, part
        super().__init__(*args, **kwargs)

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self.batch.rows(self.part)
        return self._frame

    @frame.setter
    def frame(self, value: pd.DataFrame | None) -> None:
        self._frame = value
