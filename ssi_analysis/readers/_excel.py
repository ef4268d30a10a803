"""Spreadsheet sheets to :class:`~ssi_analysis.readers._text.Table` objects (via openpyxl)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.readers._text import Table, _unique


def read_sheets(path: Path, file: str, problems: Problems) -> dict[str, pd.DataFrame] | None:
    """Every sheet of an .xlsx file as a raw grid (no header, cells as Python objects)."""
    try:
        return pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:
        problems.add(
            file,
            None,
            None,
            None,
            f"this file cannot be opened as an Excel workbook ({type(exc).__name__})",
            "open it in Excel or LibreOffice and save it again as .xlsx",
        )
        return None


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
    body = grid.iloc[header_row + 1 :]
    keep = ~body.map(_blank).all(axis=1).to_numpy()
    body = body[keep]
    lines = np.flatnonzero(keep) + header_row + 2
    if stop is not None:
        for position, row in enumerate(body.itertuples(index=False)):
            if stop(list(row)):
                body, lines = body.iloc[:position], lines[:position]
                break
    frame = body.copy()
    frame.columns = header
    frame = frame.reset_index(drop=True)
    # Text cells keep their text; blank cells become "" as in a CSV table.
    frame = frame.map(lambda v: "" if _blank(v) else v)
    unnamed_empty = [
        c
        for c in frame.columns
        if c.startswith("Unnamed:") and not frame[c].astype(str).str.strip().astype(bool).any()
    ]
    frame = frame.drop(columns=unnamed_empty)
    return Table(f"{file} [sheet {sheet!r}]", frame, lines, header_row + 1, "", "xlsx")


def _blank(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and np.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


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
