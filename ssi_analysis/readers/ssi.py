"""Readers for SSI logs: wide tables, long (one row per field) tables, and the SSI page JSON.

Each reader only finds records and names their fields; reading the values and checking the
rules happens in :mod:`ssi_analysis.schema.ssi`. See ``docs/formats.md`` §1 for the shapes.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import (
    CAPTURE_TIME_ALIASES,
    PILLAR_NAMES,
    PILLARS,
    SCORE_COLUMNS,
    canonical_ssi_column,
    group_of,
    squash,
)
from ssi_analysis.readers._batch import Batch, small_file_batches
from ssi_analysis.readers._excel import read_sheets, tables_in_sheets
from ssi_analysis.readers._limits import is_regular, json_loads, read_file
from ssi_analysis.readers._text import Table, read_table, refuse_table
from ssi_analysis.readers._typed import read_typed_wide
from ssi_analysis.readers._xls import read_xls_sheets
from ssi_analysis.readers.records import JSON_EXTENSIONS, Records
from ssi_analysis.readers.registry import outcome_export

_NOT_SSI_FIX = (
    "an SSI log needs a date column and a total SSI or pillar columns "
    "(e.g. Date, SSI, Brand, People, Insights, Relationships)"
)
_OUTCOME_FIX = (
    "give it to `ssi-analysis report --outcomes` (with your SSI log after --ssi); "
    "`ssi-analysis load` reads SSI logs only"
)


def _outcome_export(file: str, problems: Problems, what: str) -> None:
    """Say that an outcome export was given where an SSI log was expected, and where it goes."""
    problems.add(
        file, None, None, None, f"this is an outcome export ({what}), not an SSI log", _OUTCOME_FIX
    )


def read_ssi_file(path: Path, file: str, problems: Problems) -> list[Records]:
    """Read one file of SSI captures in whatever shape it has; [] (with a problem) if none."""
    suffix = path.suffix.lower()
    source: Path | bytes = path
    if not is_regular(path):
        # A pipe (``load <(cat log.csv)``) can be read only once: read it whole (with the
        # cap), then look at its first bytes and parse the same bytes.
        data = read_file(path, file, problems)
        if data is None:
            return []
        source = data
    if suffix in JSON_EXTENSIONS or (suffix in (".txt", "") and _starts_like_json(source)):
        found = read_ssi_json(source, file, problems, name=path.name)
        return [found] if found is not None else []
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_ssi_workbook(source, file, problems, xls=suffix == ".xls")
    if suffix == ".zip":
        _outcome_export(file, problems, "a LinkedIn data archive, or another zip")
        return []
    from ssi_analysis.readers.archive import ARCHIVE_FILES, archive_stem

    if archive_stem(path.name) in ARCHIVE_FILES and suffix == ".csv":
        _outcome_export(file, problems, f"a file of LinkedIn's data archive, {path.name}")
        return []
    # A large plain wide log is read typed (a regular file only: a pipe was read whole above).
    typed = (
        read_typed_wide(path, file, wide_mapping, attribute_columns)
        if isinstance(source, Path)
        else None
    )
    if typed is not None:
        return [typed]
    table = read_table(source, file, problems, find_header=ssi_header)
    if table is None:
        return []
    found = records_from_table(table, problems)
    return [found] if found is not None else []


def read_ssi_batches(files) -> Iterator[tuple[Batch, Records]]:
    """Read many small plain wide logs in batches: yield ``(batch, its records)``.

    ``files`` is a sequence of ``(position, path, tag)``; files of one tag and one header
    share a batch (see :mod:`ssi_analysis.readers._batch`). Files in no batch, and batches
    whose header is not a wide SSI log, are left to :func:`read_ssi_file`. The records are
    what :func:`read_ssi_file` would give for each file, one after the other, with
    ``_line`` the line in each row's own file.
    """
    for batch in small_file_batches(files, ssi_header):
        found = _wide(batch.table)
        if found is not None:
            yield batch, found


def ssi_header(lines: list[str]) -> int | None:
    """Find the header of an SSI log: the first line naming a date and a score column.

    A title or a note above the header ("My SSI log, exported 5 May") is passed over; without
    such a line, the first non-blank line is the header.

    Examples
    --------
    >>> ssi_header(["My SSI log", "", "Date;SSI;Brand", "2026-05-12;53;21"])
    2
    >>> ssi_header(["", "data_referencia;secao;campo;valor_numerico"])
    1
    """
    first = None
    for i, line in enumerate(lines[:30]):
        if not line.strip():
            continue
        first = i if first is None else first
        cells = {canonical_ssi_column(c.strip().strip('"')) for c in re.split(r"[,;\t]", line)}
        if "date" in cells and cells & set(SCORE_COLUMNS):
            return i
    return (
        first
        if first is not None
        else next((i for i, line in enumerate(lines) if line.strip()), None)
    )


def _starts_like_json(source: Path | bytes) -> bool:
    if isinstance(source, bytes):
        head = source[:64]
    else:
        try:
            with source.open("rb") as handle:
                head = handle.read(64)
        except OSError:
            return False  # read_table names the problem
    return head.lstrip(b"\xef\xbb\xbf \r\n\t")[:1] in (b"{", b"[")


def records_from_table(table: Table, problems: Problems, *, report: bool = True) -> Records | None:
    """Find the records of a wide or long table; None (and a problem if ``report``) if neither."""
    repeated = _side_by_side(table.frame.columns)
    if repeated:
        # Two logs side by side (Date, SSI, ..., Date, SSI): reading the first and ignoring
        # the second would drop half the scores without a word.
        if report:
            refuse_table(
                problems,
                table,
                "this table holds logs side by side, each with its own "
                f"{' / '.join(map(repr, repeated))} column: the kit will not keep one and "
                "drop the other",
                "save each log as a file (or sheet) of its own and give them all",
            )
        return None
    found = _wide(table) or _long(table)
    if found is None:
        export = outcome_export(table, "table") if report else None
        if export is not None:
            # its footer lines (totals, copyright) are not SSI rows to repair: one sentence
            problems.forget(table.file)
            _outcome_export(table.file, problems, export)
        elif report:
            refuse_table(
                problems,
                table,
                "this does not look like an SSI log",
                _NOT_SSI_FIX,
            )
        return None
    if len(found.frame) == 0 and table.rejected == 0:
        problems.add(
            table.file,
            table.header_line + 1,
            None,
            None,
            "the file has a header but no data rows",
            "check that the export finished, then export it again",
            whole_file=True,
        )
    found.rejected = table.rejected
    found.notes += table.notes
    return found


def _read_ssi_workbook(
    path: Path | bytes, file: str, problems: Problems, *, xls: bool = False
) -> list[Records]:
    sheets = (read_xls_sheets if xls else read_sheets)(path, file, problems)
    if sheets is None:
        return []
    out = tables_in_sheets(
        sheets, file, lambda table: records_from_table(table, problems, report=False)
    )
    if not out:
        export = outcome_export(sheets, "workbook")
        if export is not None:
            _outcome_export(file, problems, export)
            return out
        problems.add(
            file,
            None,
            None,
            ", ".join(map(str, sheets)),
            "no sheet of this workbook looks like an SSI log",
            _NOT_SSI_FIX,
        )
    return out


# ----------------------------------------------------------------------------- wide
def wide_mapping(columns) -> tuple[dict[str, str], list[str]]:
    """Name the canonical column of each header of a wide log: ``({canonical: header}, ignored)``.

    The first header of each canonical column wins. A day column beside a capture-time column
    (``CapturedAt``, ``timestamp``): the day is the date, the capture time (``capture``)
    orders same-day captures, so the latest wins rather than the last line.

    Examples
    --------
    >>> wide_mapping(["Date", "CapturedAt", "SSI", "SSI", "Notes"])
    ({'date': 'Date', 'capture': 'CapturedAt', 'ssi': 'SSI'}, ['SSI', 'Notes'])
    """
    mapping: dict[str, str] = {}
    ignored = []
    columns = list(columns)
    dates = [c for c in columns if canonical_ssi_column(c) == "date"]
    plain = [c for c in dates if squash(c) not in CAPTURE_TIME_ALIASES]
    if plain and len(dates) > 1:
        mapping["date"] = plain[0]
        stamp = next((c for c in dates if c not in plain), None)
        if stamp is not None:
            mapping["capture"] = stamp
    taken = set(mapping.values())
    for i, column in enumerate(columns):
        canonical = canonical_ssi_column(column)
        if column in taken and columns.index(column) == i:
            continue
        if canonical is None or canonical in mapping:
            ignored.append(str(column))
        else:
            mapping[canonical] = column
            taken.add(column)
    return mapping, ignored


#: Prefix of the columns that carry a team file's other columns (a seller's Region or
#: Manager) to the schema, which keeps those with one value per person as person attributes.
ATTRIBUTE_PREFIX = "_attr:"


def attribute_columns(mapping: dict[str, str], ignored: list[str], columns) -> list[str]:
    """Name the headers of a team file that may be person attributes (Region, Manager...).

    Only in a file with a person column; a header that names an SSI column twice is not one.

    Examples
    --------
    >>> attribute_columns({"person": "Name", "date": "Date", "ssi": "SSI"},
    ...                   ["Region", "SSI"], ["Name", "Date", "SSI", "Region", "SSI"])
    ['Region']
    """
    if "person" not in mapping:
        return []
    columns = [str(c) for c in columns]
    return [
        c
        for c in ignored
        if canonical_ssi_column(c) is None and columns.count(c) == 1 and c.strip()
    ]


def _wide(table: Table) -> Records | None:
    mapping, ignored = wide_mapping(table.frame.columns)
    if "date" not in mapping or not any(c in mapping for c in SCORE_COLUMNS):
        return None
    frame = pd.DataFrame({c: table.frame[col].reset_index(drop=True) for c, col in mapping.items()})
    for column in attribute_columns(mapping, ignored, table.frame.columns):
        frame[ATTRIBUTE_PREFIX + column] = table.frame[column].reset_index(drop=True)
    if "time" in frame:
        # A separate capture-time column: glue it to the date so same-day captures order.
        time = frame["time"].astype(str).str.strip()
        stamp = (frame["date"].astype(str).str.strip() + " " + time).str.strip()
        frame["date"] = stamp.where(time != "", frame["date"].astype(str))
        frame = frame.drop(columns="time")
    frame["_line"] = table.lines
    return Records(
        table.file,
        _describe(table, "wide"),
        frame,
        source_names={c: str(col) for c, col in mapping.items()},
        ignored=ignored,
    )


def _side_by_side(columns) -> list[str]:
    """Name the date columns repeated along with a score column (two logs side by side).

    A header such as ``Date, SSI, Date, SSI`` (read as ``Date.1``, ``SSI.1``) holds two
    logs. A capture-time column beside the date (``Date, CapturedAt``) is not a repeat.

    Examples
    --------
    >>> _side_by_side(["Date", "SSI", "", "Date.1", "SSI.1"])
    ['Date']
    >>> _side_by_side(["Date", "CapturedAt", "SSI"]), _side_by_side(["Date", "SSI", "SSI.1"])
    ([], [])
    """
    names = [re.sub(r"\.\d+$", "", str(c)) for c in columns]
    canonical = [canonical_ssi_column(n) for n in names]
    dates = [n for n, c in zip(names, canonical, strict=True) if c == "date"]
    scores = [n for n, c in zip(names, canonical, strict=True) if c in SCORE_COLUMNS]
    repeated = sorted({n for n in dates if dates.count(n) > 1})
    if repeated and any(scores.count(n) > 1 for n in scores):
        return repeated
    return []


def _describe(table: Table, shape: str) -> str:
    if table.encoding == "xlsx":
        return f"{shape} XLSX"
    delimiter = {",": "comma", ";": "semicolon", "\t": "tab"}[table.delimiter]
    return f"{shape} CSV ({delimiter}-delimited, {table.encoding})"


# ----------------------------------------------------------------------------- long
_FIELD = {
    squash(n)
    for n in (
        "campo",
        "field",
        "metric",
        "metrica",
        "label",
        "item",
        "name",
        "indicador",
        "indicator",
        "key",
    )
}
_VALUE = [
    squash(n)
    for n in (
        "valor_numerico",
        "numeric_value",
        "value_numeric",
        "value",
        "valor",
        "valor_original",
        "original_value",
        "raw_value",
    )
]
_SECTION = {
    squash(n)
    for n in ("secao", "section", "grupo", "group", "bloco", "block", "category", "categoria")
}
_LONG_DATE = {
    squash(n)
    for n in ("data_referencia", "date", "data", "captured_at", "day", "reference_date", "dia")
}
_LONG_TIME = {squash(n) for n in ("hora_referencia", "time", "hora", "captured_time")}
_LONG_PERSON = {
    squash(n)
    for n in ("person", "name_person", "perfil", "profile", "member", "seller", "pessoa", "usuario")
}
_RANK_WORDS = ("classificacao", "posicao", "rank", "ranking", "top", "position", "percentil")
_AVERAGE_WORDS = ("medio", "media", "average", "avg", "mean", "benchmark")


def long_field(section: str, label: str) -> str | None:
    """Canonical column of a long file's field, using its section to tell whose number it is.

    Examples
    --------
    >>> long_field("Pessoas no seu setor", "Estabelecer sua marca profissional")
    'industry_brand'
    >>> long_field("Os quatro componentes da sua pontuação", "Criar relacionamentos")
    'relationships'
    >>> long_field("Benchmark da rede", "Posição na rede"), long_field("x", "Setor de referência")
    ('network_rank', None)
    """
    direct = canonical_ssi_column(label)
    group = group_of(label) or group_of(section)
    if direct in PILLAR_NAMES:
        return f"{group}_{direct}" if group else direct
    if direct == "ssi" and group:
        return f"{group}_ssi"
    if direct is not None:
        return direct
    text = squash(label)
    if group and any(w in text for w in _RANK_WORDS):
        return f"{group}_rank"
    if group and "ssi" in text and any(w in text for w in _AVERAGE_WORDS):
        return f"{group}_ssi"
    if not group and ("socialsellingindex" in text or text.startswith("ssi")):
        return "ssi"
    return None


def _long(table: Table) -> Records | None:
    columns = {squash(c): c for c in table.frame.columns}
    field_col = next((columns[k] for k in columns if k in _FIELD), None)
    value_cols = [columns[k] for k in _VALUE if k in columns]
    date_col = next((columns[k] for k in columns if k in _LONG_DATE), None)
    if field_col is None or not value_cols or date_col is None:
        return None
    section_col = next((columns[k] for k in columns if k in _SECTION), None)
    time_col = next((columns[k] for k in columns if k in _LONG_TIME), None)
    person_col = next((columns[k] for k in columns if k in _LONG_PERSON), None)
    frame = table.frame
    labels = frame[field_col].astype(str).str.strip()
    sections = (
        frame[section_col].astype(str).str.strip()
        if section_col
        else pd.Series("", index=frame.index)
    )
    # The first value column that is filled in wins: valor_numerico has dots, valor_original
    # has what the page showed ("53 de 100", "Primeiros 10%").
    value = pd.Series("", index=frame.index, dtype=object)
    for col in reversed(value_cols):
        cell = frame[col]
        filled = cell.astype(str).str.strip().astype(bool)
        value = value.where(~filled, cell)
    canon = [long_field(s, lab) for s, lab in zip(sections, labels, strict=True)]
    if not any(c in SCORE_COLUMNS for c in canon):
        return None
    stamp = frame[date_col].astype(str).str.strip()
    if time_col:
        stamp = (stamp + " " + frame[time_col].astype(str).str.strip()).str.strip()
    person = frame[person_col].astype(str).str.strip() if person_col else None
    key = stamp if person is None else stamp + "\x00" + person
    records: dict[str, dict] = {}
    lines: dict[str, dict] = {}
    ignored: dict[str, int] = {}
    names: dict[str, str] = {}
    conflicts = []
    for i, (k, c) in enumerate(zip(key, canon, strict=True)):
        line = int(table.lines[i])
        record = records.setdefault(k, {"date": stamp.iloc[i], "_line": line})
        if person is not None:
            record["person"] = person.iloc[i]
        where = lines.setdefault(k, {})
        cell = value.iloc[i]
        if c is None or (isinstance(cell, str) and not cell.strip()):
            ignored[labels.iloc[i]] = ignored.get(labels.iloc[i], 0) + 1
            continue
        if c in record and str(record[c]).strip() != str(cell).strip():
            conflicts.append((line, labels.iloc[i], cell, record[c]))
            continue
        record.setdefault(c, cell)
        where.setdefault(c, line)
        names.setdefault(c, labels.iloc[i])
    out = pd.DataFrame(list(records.values()))
    line_maps = {
        c: np.array([lines[k].get(c, records[k]["_line"]) for k in records], dtype=int)
        for c in out.columns
        if c not in ("date", "_line", "person")
    }
    found = Records(
        table.file,
        _describe(table, "long"),
        out,
        source_names=names,
        line_maps=line_maps,
        ignored=[f"{label} (field, {n} row{'s' if n > 1 else ''})" for label, n in ignored.items()],
    )
    found.notes += [
        f"line {line}: {label!r} = {new!r} differs from {old!r} given earlier for "
        "the same capture; the first was kept"
        for line, label, new, old in conflicts
    ]
    return found


# ----------------------------------------------------------------------------- JSON
_WRAPPERS = ("data", "body", "payload", "response", "result", "value", "ssi")
_DATE_KEYS = (
    "date",
    "capturedAt",
    "captured_at",
    "collectedAt",
    "collected_at",
    "timestamp",
    "scrapedAt",
    "scraped_at",
    "createdAt",
    "created_at",
    "day",
    "time",
)
_CAPTURE_KEYS = {k for k in _DATE_KEYS if squash(k) in CAPTURE_TIME_ALIASES}
_PERSON_KEYS = ("person", "member", "profile", "seller")
_PILLAR_BY_ENUM = {enum: canonical for canonical, (enum, *_rest) in PILLARS.items()}
_DATE_IN_NAME = re.compile(r"(\d{4})[-_]?(\d{2})[-_]?(\d{2})")


def read_ssi_json(
    path: Path | bytes, file: str, problems: Problems, *, name: str | None = None
) -> Records | None:
    """Read the SSI page payload: one object, a list, JSON lines, or wrapped in data/body.

    ``path`` may be the file's bytes (read once from a pipe); ``name`` is then the file name
    (a date in it dates the captures). JSON lines are streamed: each line is parsed and
    flattened straight into columns, so a million captures never sit in memory as text,
    parsed objects and rows at once.
    """
    if name is None:
        name = path.name if isinstance(path, Path) else Path(file).name
    if _is_json_lines(path):
        return _read_json_lines(path, file, problems, name)
    raw = path if isinstance(path, bytes) else read_file(path, file, problems)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.add(
            file,
            None,
            None,
            None,
            "this JSON file is not UTF-8 text",
            "save the file again as UTF-8",
        )
        return None
    del raw
    try:
        parsed = json_loads(text)
    except json.JSONDecodeError as exc:
        problems.add(
            file,
            exc.lineno,
            None,
            None,
            f"this is not valid JSON ({exc.msg})",
            "check the file is complete; save the SSI page's response again",
        )
        return None
    items = list(enumerate(parsed, start=1)) if isinstance(parsed, list) else [(1, parsed)]
    shape = "JSON list" if isinstance(parsed, list) else "JSON object"
    collector = _Captures(file, problems, _date_from_name(name))
    for number, item in items:
        collector.add(number, item)
    if not items:
        problems.add(
            file,
            None,
            None,
            None,
            "the JSON file holds no captures",
            "save the SSI page's response again",
        )
    return collector.records(shape)


def _open_bytes(source: Path | bytes):
    """Open a file, or bytes already read (a pipe), as a binary handle."""
    return io.BytesIO(source) if isinstance(source, bytes) else source.open("rb")


def _is_json_lines(path: Path | bytes) -> bool:
    """Tell JSON lines from one JSON value.

    The file starts with an object, and one of its first two non-blank lines is a whole
    JSON object (the first may be broken).
    """
    with _open_bytes(path) as handle:
        lines = []
        for line in handle:
            if line.strip():
                lines.append(line)
                if len(lines) == 2:
                    break
    if len(lines) < 2 or not lines[0].lstrip(b"\xef\xbb\xbf \t").startswith(b"{"):
        return False  # one value, or a JSON list (even one written an object a line)
    for line in lines:
        try:
            if isinstance(json_loads(line.decode("utf-8-sig")), dict):
                return True
        except (UnicodeDecodeError, json.JSONDecodeError):
            continue
    return False


def _read_json_lines(
    path: Path | bytes, file: str, problems: Problems, name: str
) -> Records | None:
    collector = _Captures(file, problems, _date_from_name(name))
    with _open_bytes(path) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError:
                collector.reject(number, line=None, why="this line is not UTF-8 text")
                continue
            try:
                item = json_loads(line)
            except json.JSONDecodeError as exc:
                collector.reject(number, line=line.strip(), why=exc.msg)
                continue
            collector.add(number, item)
    return collector.records("JSON lines")


class _Captures:
    """Flattened captures gathered column by column (a list per field, padded with None)."""

    def __init__(self, file: str, problems: Problems, file_date: str | None):
        self.file, self.problems, self.file_date = file, problems, file_date
        self.columns: dict[str, list] = {"date": [], "_line": []}
        self.ignored: set[str] = set()
        self.rejected = 0
        self.rows = 0

    def reject(self, number: int, *, line: str | None, why: str) -> None:
        self.rejected += 1
        self.problems.add(
            self.file,
            number,
            None,
            line,
            f"this line is not valid JSON ({why})",
            "the line may be cut short: repair or delete it",
        )

    def add(self, number: int, item: object) -> None:
        record = _json_record(item, self.ignored)
        if record is None:
            self.rejected += 1
            self.problems.add(
                self.file,
                number,
                "memberScore",
                None,
                "this JSON object holds no memberScore: it is not the SSI page's data",
                "save the response of the SSI page (salesApiSsi) itself",
            )
            return
        if "date" not in record:
            if self.file_date is None:
                self.rejected += 1
                self.problems.add(
                    self.file,
                    number,
                    "date",
                    None,
                    "this capture has no date (the SSI payload carries none)",
                    "add a 'date' field beside the payload, or put the date in the "
                    "file name (ssi_2026-05-12.json)",
                )
                return
            record["date"] = self.file_date
        record["_line"] = number
        for key, value in record.items():
            column = self.columns.get(key)
            if column is None:
                column = self.columns[key] = [None] * self.rows
            column.append(value)
        self.rows += 1
        for column in self.columns.values():
            if len(column) < self.rows:
                column.append(None)

    def records(self, shape: str) -> Records:
        frame = pd.DataFrame(
            {k: (v if k != "_line" else np.asarray(v, dtype=int)) for k, v in self.columns.items()}
        )
        self.columns = {}
        return Records(
            self.file, shape, frame, ignored=sorted(self.ignored), rejected=self.rejected
        )


def _date_from_name(name: str) -> str | None:
    match = _DATE_IN_NAME.search(name)
    return "-".join(match.groups()) if match else None


def _json_record(item: object, ignored: set[str]) -> dict | None:
    """Flatten one capture; the wrapper levels may carry the date and the person."""
    record: dict[str, object] = {}
    node = item
    for _ in range(5):
        if not isinstance(node, dict):
            return None
        for key in _DATE_KEYS:
            if key not in node or isinstance(node[key], dict | list):
                continue
            if "date" not in record:
                record["date"] = node[key]
            elif key in _CAPTURE_KEYS and "capture" not in record:
                record["capture"] = node[key]  # beside a "date": orders same-day captures
        for key in _PERSON_KEYS:
            if isinstance(node.get(key), str) and "person" not in record:
                record["person"] = node[key]
        if "memberScore" in node:
            break
        node = next((node[k] for k in _WRAPPERS if isinstance(node.get(k), dict)), None)
    else:
        return None
    if not isinstance(node, dict) or not isinstance(node.get("memberScore"), dict):
        return None
    member = node["memberScore"]
    record["ssi"] = member.get("overall")
    for sub in _objects(member, "subScores", "memberScore", ignored):
        canonical = _PILLAR_BY_ENUM.get(str(sub.get("pillar")))
        if canonical is None:
            ignored.add(f"memberScore pillar {sub.get('pillar')}")
        else:
            record[canonical] = sub.get("score")
    for group in _objects(node, "groupScore", "the capture", ignored):
        kind = str(group.get("groupType", "")).lower()
        if kind not in ("industry", "network", "team"):
            ignored.add(f"groupScore {group.get('groupType')}")
            continue
        record[f"{kind}_rank"] = group.get("rank")
        score = group.get("score") if isinstance(group.get("score"), dict) else {}
        record[f"{kind}_ssi"] = score.get("overall")
        for sub in _objects(score, "subScores", f"groupScore {kind}", ignored):
            canonical = _PILLAR_BY_ENUM.get(str(sub.get("pillar")))
            if canonical is not None:
                record[f"{kind}_{canonical}"] = sub.get("score")
    return record


def _objects(node: dict, key: str, where: str, ignored: set[str]) -> list[dict]:
    """Return the objects of a list field (``subScores``); another shape is noted, unread.

    A damaged or hand-edited capture can hold ``"subScores": "12.5"``: its pillars are then
    missing (the load report names the field), never a crash.
    """
    value = node.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        ignored.add(f"{where} {key} (not a list: not read)")
        return []
    items = [item for item in value if isinstance(item, dict)]
    if len(items) < len(value):
        ignored.add(f"{where} {key} entries that are not objects")
    return items
