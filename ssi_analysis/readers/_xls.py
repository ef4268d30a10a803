"""Legacy binary Excel workbooks (``.xls``), read with xlrd into the same raw grids as .xlsx.

LinkedIn's company-page follower and visitor exports can still be ``.xls``
(``docs/formats.md`` §2.2), and old hand-kept logs too. xlrd (pure Python, no dependencies)
reads them; a sheet is at most 65,536 rows × 256 columns in this format, and only the used
range is read.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ssi_analysis.errors import Problems

#: Cells read from one workbook at most (the format's own limit is 16.7 M per sheet).
MAX_CELLS = 5_000_000


def read_xls_sheets(path: Path, file: str, problems: Problems) -> dict[str, pd.DataFrame] | None:
    """Read every sheet of an .xls file as a raw grid (no header, cells as Python objects).

    Dates come as :class:`datetime.datetime`, numbers as floats, blank cells as None — what
    the .xlsx reader gives, so the same sheet readers apply.
    """
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises its own XLRDError, or struct/OLE errors
        problems.add(
            file,
            None,
            None,
            None,
            f"this file cannot be opened as a legacy Excel (.xls) workbook ({exc})",
            "open it in Excel or LibreOffice and save it again as .xlsx or CSV",
        )
        return None
    grids, cells = {}, 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            cells += sheet.nrows * sheet.ncols
            if cells > MAX_CELLS:
                problems.add(
                    file,
                    None,
                    None,
                    f"sheet {sheet.name!r}: {sheet.nrows} rows x {sheet.ncols} columns",
                    f"this workbook is too large to read (more than {MAX_CELLS:,} cells)",
                    "export only the data needed, as CSV",
                )
                return None
            grids[sheet.name] = pd.DataFrame(
                [
                    [_value(cell, book.datemode) for cell in sheet.row(r)]
                    for r in range(sheet.nrows)
                ],
                dtype=object,
            )
            book.unload_sheet(index)
    finally:
        book.release_resources()
    return grids


def _value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value  # an impossible date stays a number: the loader names it
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "#ERROR")
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    return cell.value
