"""Spreadsheet sheets to :class:`~ssi_analysis.readers._text.Table` objects (via openpyxl)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.readers._limits import ArchiveBudget, cannot_open, check_member
from ssi_analysis.readers._text import Table, _unique

#: Most cells (with a value) read from one workbook; Excel's own sheet holds 1,048,576 rows.
MAX_CELLS = 10_000_000
#: Most cells of the grid handed on (rows with a value × columns up to the last value).
MAX_GRID = 20_000_000
#: The most characters a cell holds in Excel itself: a longer one was not written by Excel
#: or an export (a 15 MiB header cell took minutes and gigabytes downstream).
MAX_CELL_CHARS = 32_767


def read_sheets(
    path: Path | bytes, file: str, problems: Problems
) -> dict[str, pd.DataFrame] | None:
    """Every sheet of an .xlsx file as a raw grid (no header, cells as Python objects).

    The workbook is read row by row (openpyxl's read-only mode), so its size comes from the
    cells actually present, never from the range it declares: one stray cell at
    ``XFD1048576`` costs one cell, not a grid of 17 billion. Only rows holding a value are
    kept; the grid's index is the spreadsheet row minus one (row 1 -> 0), so line numbers stay
    the spreadsheet's. Blank cells are NaN, whole-number floats become int. The parts of the
    file are checked like any zip's before they are unpacked (a 5 KB file must not unpack to
    gigabytes of XML).
    """
    import openpyxl

    source = io.BytesIO(path) if isinstance(path, bytes) else path
    try:
        if not _parts_ok(source, file, problems):
            return None
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except MemoryError:
        raise
    except Exception as exc:
        cannot_open(
            problems,
            file,
            exc,
            f"this file cannot be opened as an Excel workbook ({type(exc).__name__})",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )
        return None
    try:
        grids = {}
        cells = 0
        for sheet in book.worksheets:
            sheet.reset_dimensions()  # the declared range may be a lie (A1:XFD1048576)
            rows, numbers, width = [], [], 0
            for number, values in enumerate(sheet.iter_rows(values_only=True)):
                end = len(values)
                while end and _blank(values[end - 1]):
                    end -= 1
                if not end:
                    continue
                long = next(
                    (i for i, v in enumerate(values[:end]) if isinstance(v, str)
                     and len(v) > MAX_CELL_CHARS),
                    None,
                )  # fmt: skip
                if long is not None:
                    _too_long_cell(file, sheet.title, number + 1, long, len(values[long]), problems)
                    return None
                rows.append([_value(v) for v in values[:end]])
                numbers.append(number)
                width = max(width, end)
                cells += end
                if cells > MAX_CELLS:
                    _too_big(file, sheet.title, f"more than {MAX_CELLS:,} cells", problems)
                    return None
            grid = _grid(rows, numbers, width)
            if grid is None:
                _too_big(
                    file,
                    sheet.title,
                    f"{len(rows):,} rows spread over {width:,} columns",
                    problems,
                )
                return None
            grids[sheet.title] = grid
        return grids
    finally:
        book.close()


def _grid(rows: list[list], numbers: list[int], width: int) -> pd.DataFrame | None:
    """Pad the rows to one width; leave out columns without a value if the grid is huge."""
    keep = None
    if len(rows) * width > MAX_GRID:
        filled = sorted({i for row in rows for i, v in enumerate(row) if not _blank(v)})
        if len(rows) * len(filled) > MAX_GRID:
            return None
        keep = filled
    if keep is not None:
        rows = [[row[i] if i < len(row) else np.nan for i in keep] for row in rows]
        width = len(keep)
    else:
        rows = [row + [np.nan] * (width - len(row)) for row in rows]
    grid = pd.DataFrame(rows, index=pd.Index(numbers, dtype=int), dtype=object)
    if keep is not None:
        grid.columns = keep
    return grid if width else pd.DataFrame(index=pd.Index(numbers, dtype=int), dtype=object)


def _value(value: object) -> object:
    if value is None or (isinstance(value, str) and value == ""):
        return np.nan
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _too_big(file: str, sheet: str, what: str, problems: Problems) -> None:
    problems.add(
        f"{file} [sheet {sheet!r}]",
        None,
        None,
        None,
        f"this sheet holds {what}; no export the kit reads is this large, so it was not read",
        "check it is the right file; if it is, keep only the columns and rows needed, or save "
        "it as CSV",
    )


def _too_long_cell(file: str, sheet: str, row: int, column: int, size: int, problems) -> None:
    from openpyxl.utils import get_column_letter

    problems.add(
        f"{file} [sheet {sheet!r}]",
        row,
        get_column_letter(column + 1),
        None,
        f"this cell holds {size:,} characters, more than the {MAX_CELL_CHARS:,} a cell of "
        "Excel holds; the workbook was not read further",
        "check it is the right file; shorten or delete the cell (a note pasted into it?)",
        whole_file=True,
    )


def _parts_ok(source, file: str, problems: Problems) -> bool:
    """Check the workbook's parts (it is a zip) before openpyxl unpacks any of them."""
    try:
        with zipfile.ZipFile(source) as archive:
            budget = ArchiveBudget()
            for info in archive.infolist():
                if not check_member(info, file, problems, budget):
                    return False
                budget.left -= info.file_size
    except zipfile.BadZipFile:
        return True  # not a zip at all: openpyxl says so, in the usual message
    finally:
        if hasattr(source, "seek"):
            source.seek(0)
    return True


def sheet_table(
    grid: pd.DataFrame,
    file: str,
    sheet: str,
    header_row: int,
    stop: Callable[[list[object]], bool] | None = None,
) -> Table:
    """Cut a table out of a raw sheet grid, with its header on ``header_row`` (0-based).

    Line numbers are the spreadsheet's row numbers; fully blank rows are skipped, as in CSV.
    ``stop`` ends the table at the first row for which it is true (a second table below).
    """
    header = _unique(["" if _blank(h) else str(h).strip() for h in grid.iloc[header_row].tolist()])
    header = [h or f"Unnamed: {i}" for i, h in enumerate(header)]
    # On the cells as one object array: DataFrame.map goes column by column, and a stray cell
    # far to the right makes thousands of columns.
    cells = grid.to_numpy(dtype=object)[header_row + 1 :]
    blank = _BLANK(cells).astype(bool) if cells.size else np.ones(cells.shape, dtype=bool)
    keep = ~blank.all(axis=1)
    cells, blank = cells[keep], blank[keep]
    # The grid's index is the spreadsheet row - 1 (rows without a value are not in it).
    lines = np.asarray(grid.index[header_row + 1 :], dtype=int)[keep] + 1
    if stop is not None:
        for position, row in enumerate(cells):
            if stop(list(row)):
                cells, blank, lines = cells[:position], blank[:position], lines[:position]
                break
    # Columns with no header and no value are dropped (trailing cells, a stray far cell).
    empty = blank.all(axis=0)
    wanted = np.array([not h.startswith("Unnamed:") for h in header], dtype=bool) | ~empty
    # Text cells keep their text; blank cells become "" as in a CSV table.
    cells = np.where(blank, "", cells)[:, wanted]
    frame = pd.DataFrame(
        cells, columns=[h for h, w in zip(header, wanted, strict=True) if w], dtype=object
    )
    return Table(
        f"{file} [sheet {sheet!r}]", frame, lines, int(grid.index[header_row]) + 1, "", "xlsx"
    )


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


_BLANK = np.frompyfunc(_blank, 1, 1)


def tables_in_sheets(
    grids: dict[str, pd.DataFrame],
    file: str,
    read: Callable[[Table], object | None],
    *,
    rows: int = 10,
) -> list:
    """For each sheet, the first header row (of the first ``rows``) that ``read`` accepts.

    ``read`` turns a candidate :class:`Table` into records or None; sheets where no row works
    give nothing.
    """
    found = []
    for sheet, grid in grids.items():
        for row in range(min(len(grid), rows)):
            records = read(sheet_table(grid, file, str(sheet), row))
            if records is not None:
                found.append(records)
                break
    return found
