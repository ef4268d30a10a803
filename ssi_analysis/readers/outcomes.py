"""Choose the outcome reader a file needs.

LinkedIn analytics, the data archive, CRM deals, or a hand-kept table: each is detected from
the file itself; ``kind=`` can insist on one.
"""

from __future__ import annotations

from pathlib import Path

from ssi_analysis.errors import Problems
from ssi_analysis.readers._excel import read_sheets, tables_in_sheets
from ssi_analysis.readers._text import read_table
from ssi_analysis.readers._xls import read_xls_sheets
from ssi_analysis.readers.archive import looks_like_archive, read_archive, read_archive_file
from ssi_analysis.readers.crm import (
    crm_footer,
    looks_like_deals,
    missing_deal_columns,
    read_deals,
)
from ssi_analysis.readers.generic import read_generic
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
    """Read one outcome export (a file, a zip, or an archive folder) into records."""
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
