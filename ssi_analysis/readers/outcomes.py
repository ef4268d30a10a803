"""Choose the outcome reader a file needs.

LinkedIn analytics, the data archive, CRM deals, or a hand-kept table: each is detected from
the file itself; ``kind=`` can insist on one.
"""

from __future__ import annotations

import tempfile
from collections.abc import Hashable, Iterator, Sequence
from pathlib import Path

import numpy as np

from ssi_analysis.errors import Problems
from ssi_analysis.readers._batch import BatchedRecords, RecordsBatch, small_file_batches
from ssi_analysis.readers._excel import read_sheets, tables_in_sheets
from ssi_analysis.readers._limits import is_regular, read_file
from ssi_analysis.readers._text import read_table
from ssi_analysis.readers._xls import read_xls_sheets
from ssi_analysis.readers.archive import (
    archive_kind,
    looks_like_archive,
    read_archive,
    read_archive_file,
)
from ssi_analysis.readers.crm import (
    crm_footer,
    looks_like_deals,
    missing_deal_columns,
    read_deals,
)
from ssi_analysis.readers.generic import _NUMBERISH, read_generic
from ssi_analysis.readers.linkedin import is_company, is_creator, read_company, read_creator
from ssi_analysis.readers.records import Records

KINDS = ("auto", "generic", "creator", "company", "archive", "crm")
_EXPECTED = (
    "expected LinkedIn creator or company-page analytics (.xlsx), a LinkedIn data "
    "archive (.zip or its folder), a HubSpot/Salesforce deals export, or a table with "
    "a date column and outcome columns"
)


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
    suffix = path.suffix.lower()
    if path.is_dir() or suffix == ".zip":
        return read_archive(path, file, problems, person=person)
    if kind in ("auto", "archive") and suffix not in (".xlsx", ".xlsm", ".xls"):
        # One file of the archive given alone (Shares.csv), known by its name or header.
        alone = read_archive_file(path, file, problems, person=person)
        if alone is not None:
            return alone
        if kind == "archive":
            problems.add(
                file,
                None,
                None,
                None,
                "this is neither a LinkedIn data archive (a .zip or its folder) nor one of "
                "its files (Shares.csv, Comments.csv, Reactions.csv, Connections.csv, "
                "Invitations.csv, messages.csv)",
                "give the archive LinkedIn sent you, or one of its CSV files unchanged",
            )
            return []
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _workbook(path, file, problems, kind=kind, won=won, date_column=date_column)
    table = read_table(path, file, problems, footer=crm_footer)
    if table is None:
        return []
    found = _table(table, problems, kind=kind, won=won, report=True, date_column=date_column)
    return [found] if found is not None else []


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
        and not (kind == "auto" and _archive_file(path))
    ]
    for batch in small_file_batches(candidates, _first_line):
        found = _batch_records(batch, kind=kind, date_column=date_column)
        if found:
            yield found


def _archive_file(path: Path) -> bool:
    """Tell whether a file is one of the archive's (read by the archive reader, on its own)."""
    try:
        with path.open("rb") as handle:
            return archive_kind(path.name, handle.read(1 << 16)) is not None
    except OSError:
        return True  # read on its own: the usual path names the problem


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
    footers = [v for v in first.unique() if crm_footer([v, *[""] * (len(columns) - 1)])]
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
        records = _table(table, said, kind=kind, won=None, report=True, date_column=date_column)
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


def _table(table, problems, *, kind, won, report, date_column=None) -> Records | None:
    if kind in ("auto", "crm") and looks_like_deals(table.frame.columns):
        return read_deals(table, problems, won=won)
    missing = missing_deal_columns(table.frame.columns) if kind in ("auto", "crm") else None
    if missing is not None:
        if report:
            problems.add(
                table.file,
                table.header_line,
                None,
                ", ".join(map(str, table.frame.columns))[:200],
                f"this deals export has {missing[0]}",
                missing[1],
            )
        return None
    if kind in ("auto", "generic"):
        before = len(problems)
        found = read_generic(table, problems if report else None, date_column=date_column)
        if found is not None:
            found.notes += table.notes
            return found
        if len(problems) > before:
            return None
    if report:
        problems.add(
            table.file,
            table.header_line,
            None,
            ", ".join(map(str, table.frame.columns))[:200],
            "this is not an outcome export the kit knows",
            _EXPECTED,
        )
    return None


def _workbook(path, file, problems, *, kind, won, date_column=None) -> list[Records]:
    reader = read_xls_sheets if path.suffix.lower() == ".xls" else read_sheets
    grids = reader(path, file, problems)
    if grids is None:
        return []
    if kind in ("auto", "creator") and is_creator(grids):
        return read_creator(grids, file, problems)
    if kind in ("auto", "company") and is_company(grids):
        return read_company(grids, file, problems)
    out = tables_in_sheets(
        grids,
        file,
        lambda table: _table(
            table, problems, kind=kind, won=won, report=False, date_column=date_column
        ),
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
