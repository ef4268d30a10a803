"""Choose the outcome reader a file needs: the first registered reader that recognises it.

LinkedIn analytics, the data archive, CRM deals, or a hand-kept table: each reader module
declares what it recognises (:mod:`ssi_analysis.readers.registry`); ``kind=`` can insist on
one. A file is asked, in turn: the readers of its path (a zip, a folder, an archive file
known by its name), of its workbook's sheets, then of its table's header.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from ssi_analysis.errors import Problems
from ssi_analysis.readers._batch import BatchedRecords, RecordsBatch, small_file_batches
from ssi_analysis.readers._excel import read_sheets, tables_in_sheets
from ssi_analysis.readers._limits import is_regular, read_file
from ssi_analysis.readers._text import Table, read_table, refuse_table
from ssi_analysis.readers._xls import read_xls_sheets
from ssi_analysis.readers.archive import looks_like_archive
from ssi_analysis.readers.generic import _NUMBERISH
from ssi_analysis.readers.records import Records
from ssi_analysis.readers.registry import ReadOptions, outcome_kinds, outcome_readers

_WORKBOOKS = (".xlsx", ".xlsm", ".xls")
_EXPECTED = (
    "expected LinkedIn creator or company-page analytics (.xlsx), a LinkedIn data "
    "archive (.zip or its folder), a HubSpot/Salesforce deals export, or a table with "
    "a date column and outcome columns"
)


def __getattr__(name: str):
    if name == "KINDS":  # every kind= value, the registered readers' included
        return outcome_kinds()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def is_archive_folder(path: Path) -> bool:
    """Tell whether a folder is an unpacked LinkedIn data archive."""
    return path.is_dir() and looks_like_archive([p.name for p in path.iterdir()])


def read_outcome_file(
    path: Path,
    file: str,
    problems: Problems,
    *,
    kind: str = "auto",
    person: str | None = None,
    won: tuple[str, ...] | None = None,
    date_column: str | None = None,
) -> list[Records]:
    """Read one outcome export (a file, a zip, or an archive folder) into records.

    A pipe (``--outcomes <(curl ...)``) is read once, whole and with the cap, and then read
    as a file of its name; a named pipe nobody writes to is refused, never waited on.
    """
    if not path.is_dir() and not is_regular(path):
        data = read_file(path, file, problems)
        if data is None:
            return []
        with tempfile.TemporaryDirectory(prefix="ssi-pipe-") as folder:
            copy = Path(folder) / (path.name or "input")
            copy.write_bytes(data)
            return read_outcome_file(
                copy, file, problems, kind=kind, person=person, won=won, date_column=date_column
            )
    options = ReadOptions(person=person, won=won, date_column=date_column)
    for reader in outcome_readers("path", kind):
        if reader.recognises(path):
            return reader.read(path, file, problems, options)
    if kind != "auto" and not outcome_readers("workbook", kind) + outcome_readers("table", kind):
        # kind= insists on an export known by its path only, and this file is not one
        refusal = next(
            (r.refusal for r in outcome_readers("path", kind) if r.refusal),
            (f"this is not the {kind!r} export kind= asked for", _EXPECTED),
        )
        problems.add(file, None, None, None, *refusal)
        return []
    if path.suffix.lower() in _WORKBOOKS:
        return _workbook(path, file, problems, kind=kind, options=options)
    table = read_table(path, file, problems, footer=_footer())
    if table is None:
        return []
    found = _table(table, problems, kind=kind, options=options)
    return [found] if found is not None else []


def _footer() -> Callable[[list[str]], bool]:
    """Return what tells a footer line of any table export (Salesforce's totals, copyright).

    Asked once a file, not once a line: the registry is not searched a million times.
    """
    footers = [r.footer for r in outcome_readers("table") if r.footer is not None]

    def footer(row: list[str]) -> bool:
        return any(is_footer(row) for is_footer in footers)

    return footer


def read_outcome_batches(
    files: Sequence[tuple[int, Path, Hashable]],
    *,
    kind: str = "auto",
    date_column: str | None = None,
) -> Iterator[list[BatchedRecords]]:
    """Read many small hand-kept outcome tables in batches: yield each batch's records.

    ``files`` is a sequence of ``(position, path, tag)``; plain small files of one tag and one
    header share a parse (:func:`~ssi_analysis.readers._batch.small_file_batches`). A batch
    gives records only where each file read on its own would give the same: a hand-kept
    table (not a deals export nor an archive file), no footer line, no padded header name,
    and in a wide table every cell of a value column reading as a number, so that each file
    alone would take the same columns. Files that do not fit are left out (read on their
    own); the records of a batch are one :class:`BatchedRecords` per file, in file order.
    """
    if kind not in ("auto", "generic"):
        return
    candidates = [
        (position, path, tag)
        for position, path, tag in files
        if path.suffix.lower() in (".csv", ".tsv", ".txt")
        and not (kind == "auto" and _known_by_path(path))
    ]
    for batch in small_file_batches(candidates, _first_line):
        found = _batch_records(batch, kind=kind, date_column=date_column)
        if found:
            yield found


def _known_by_path(path: Path) -> bool:
    """Tell whether a reader takes the file by its path (read on its own, not in a batch)."""
    try:
        with path.open("rb"):
            pass
    except OSError:
        return True  # read on its own: the usual path names the problem
    return any(reader.recognises(path) for reader in outcome_readers("path"))


def _first_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.strip()), None)


def _batch_records(batch, *, kind, date_column) -> list[BatchedRecords]:
    """One batch's records per file, or [] (and the files read on their own)."""
    table = batch.table
    columns = list(table.frame.columns)
    if any(c != c.strip() for c in columns):
        return []  # read on its own, the header's names are stripped
    counts = np.diff(batch.bounds)
    member = np.repeat(np.arange(len(counts)), counts)
    # A footer line ends a file read on its own (the footer looks at the first cell only).
    first = table.frame.iloc[:, 0]
    footer = _footer()
    footers = [v for v in first.unique() if footer([v, *[""] * (len(columns) - 1)])]
    odd = first.isin(footers).to_numpy().copy()
    for _ in range(2):  # the second time only to read the files that fit
        if odd.any():
            keep = ~np.isin(member, np.unique(member[odd]))
            kept = np.unique(member[keep])
            if len(kept) < 2:
                return []
            table.frame = table.frame[keep].reset_index(drop=True)
            table.lines = table.lines[keep]
            counts, member = counts[kept], np.repeat(np.arange(len(kept)), counts[kept])
            batch.members = [batch.members[k] for k in kept]
            batch.names = [batch.names[k] for k in kept]
        said = Problems()
        options = ReadOptions(date_column=date_column)
        records = _table(table, said, kind=kind, options=options)
        if said or records is None or records.source != "generic" or records.notes:
            return []
        odd = _decided_otherwise(table, records, member)
        if not odd.any():
            break
    else:
        return []  # the files left still decide otherwise (not seen: read them alone)
    # The long rows come metric after metric; each file's (its metrics in turn) together.
    long = records.frame
    owner = np.tile(member, len(long) // max(len(member), 1))
    if len(owner) != len(long):
        return []
    order = np.argsort(owner, kind="stable")
    shared = RecordsBatch(
        long.iloc[order].reset_index(drop=True),
        np.concatenate(([0], np.cumsum(np.bincount(owner, minlength=len(counts))))),
        list(batch.names),
        orders=np.asarray(batch.members),
    )
    return [
        BatchedRecords(
            name,
            records.format,
            None,
            ignored=list(records.ignored),
            source=records.source,
            batch=shared,
            part=k,
        )
        for k, name in enumerate(batch.names)
    ]


def _decided_otherwise(table, records, member: np.ndarray) -> np.ndarray:
    """Rows of the files that, read on their own, would take other columns as values.

    A wide table takes a column as values when most of its filled cells look like numbers
    (``read_generic``). A file keeps the batch's choice when every cell of a value column
    looks like a number (or is blank), and fewer than half the filled cells of a text column
    do (a file with none filled would take it as values).
    """
    odd = np.zeros(len(table.frame), dtype=bool)
    if records.format == "tidy outcome table":
        return odd
    values = set(records.frame["_value_column"])
    text = [c[: -len(" (text)")] for c in records.ignored if c.endswith(" (text)")]
    for column in table.frame.columns:
        if column not in values and column not in text:
            continue
        cells = table.frame[column]
        filled = (cells.str.strip() != "").to_numpy()
        numberish = cells.str.match(_NUMBERISH.pattern).to_numpy(dtype=bool) & filled
        if column in values:
            odd |= filled & ~numberish
        else:
            n = int(member.max()) + 1
            filled_n = np.bincount(member, weights=filled, minlength=n)
            numberish_n = np.bincount(member, weights=numberish, minlength=n)
            odd |= (numberish_n >= 0.5 * filled_n)[member]
    return odd


def _table(table: Table, problems: Problems, *, kind: str, options: ReadOptions) -> Records | None:
    """Read a table with the first table reader that recognises its header."""
    for reader in outcome_readers("table", kind):
        if reader.recognises(table):
            before = len(problems)
            found = reader.read(table, problems, options)
            if found is not None or len(problems) > before:
                return found
            break  # its reader could not read it, and said nothing: not an export it knows
    if options.report:
        refuse_table(
            problems,
            table,
            "this is not an outcome export the kit knows",
            _EXPECTED,
        )
    return None


def _workbook(path, file, problems, *, kind: str, options: ReadOptions) -> list[Records]:
    """Read a workbook: by its sheets' names, else each sheet's first table that reads."""
    reader = read_xls_sheets if path.suffix.lower() == ".xls" else read_sheets
    grids = reader(path, file, problems)
    if grids is None:
        return []
    for workbook in outcome_readers("workbook", kind):
        if workbook.recognises(grids):
            return workbook.read(grids, file, problems, options)
    candidate = replace(options, report=False)  # a sheet's rows tried as its header
    out = tables_in_sheets(
        grids, file, lambda table: _table(table, problems, kind=kind, options=candidate)
    )
    if not out:
        problems.add(
            file,
            None,
            None,
            "sheets: " + ", ".join(map(str, grids)),
            "no sheet of this workbook is an outcome export the kit knows",
            _EXPECTED,
        )
    return out
