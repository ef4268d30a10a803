"""Row-level checks both loaders share: whose row it is, and why a date could not be read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.schema.coerce import (
    EMPTY_WORDS,
    date_window,
    is_numeric_date,
    to_datetime,
    window_problem,
)

#: Date cells of summary rows that spreadsheets add below the data.
SUMMARY_WORDS = {
    "total",
    "totals",
    "grandtotal",
    "sum",
    "average",
    "mean",
    "avg",
    "media",
    "soma",
    "totais",
    "gesamt",
    "summe",
    "durchschnitt",
}


def people(
    frame: pd.DataFrame,
    person: str | None,
    *,
    file: str,
    lines: np.ndarray,
    column: str,
    problems: Problems,
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's person, and which rows name nobody.

    A file that names people (a team log's ``Name``, a CRM export's owner) keeps its names;
    ``person`` fills its blank cells, and without it a blank cell is a problem. A file that
    names nobody belongs to ``person`` (default ``"me"``).
    """
    n = len(frame)
    if "person" not in frame:
        return np.full(n, person or "me", dtype=object), np.zeros(n, dtype=bool)
    if isinstance(frame["person"].dtype, pd.CategoricalDtype):
        return _categorical_people(frame["person"], person, file, lines, column, problems)
    who = frame["person"].fillna("").astype(str).str.strip()
    blank = (who == "").to_numpy()
    if person is not None:
        return who.where(~blank, person).to_numpy(dtype=object), np.zeros(n, dtype=bool)
    _say_blank(problems, file, lines, column, blank)
    return who.to_numpy(dtype=object), blank


def _say_blank(problems, file, lines, column, blank: np.ndarray) -> None:
    """Add a problem for each line whose person cell is blank (``blank``: a mask of lines)."""
    for i in np.flatnonzero(blank):
        problems.add(
            file,
            lines[i],
            column,
            "",
            "no person is named on this line",
            "fill in the name, or pass person= to name blank cells",
        )


def _categorical_people(cells, person, file, lines, column, problems):
    """:func:`people` for a column read typed (a category per name): work on the names only.

    Returns a Categorical whose categories are the stripped names in sorted order, so that
    sorting by person sorts by name.
    """
    names = cells.cat.categories.astype(str).str.strip()
    codes = cells.cat.codes.to_numpy()
    unique, inverse = np.unique(np.append(names.to_numpy(dtype=object), ""), return_inverse=True)
    recoded = inverse[codes]  # -1 (a blank cell) indexes the "" appended last
    blank_code = int(np.flatnonzero(unique == "")[0])
    blank = recoded == blank_code
    if person is not None:
        if blank.any():
            unique = np.append(unique, person) if person not in unique else unique
            recoded = np.where(blank, int(np.flatnonzero(unique == person)[0]), recoded)
            order = np.argsort(unique)
            unique, recoded = unique[order], np.argsort(order)[recoded]
        blank = np.zeros(len(cells), dtype=bool)
    else:
        _say_blank(problems, file, lines, column, blank)
    who = pd.Categorical.from_codes(recoded, categories=pd.Index(unique, dtype=object))
    return who, blank


def date_problem(value: object, empty: bool, column_problem: str) -> tuple[str, str]:
    """Say why a date could not be read, and what to do."""
    if empty:
        return "the date is missing", "fill in the date or delete the line"
    if squash(value) in SUMMARY_WORDS:
        return (
            "this looks like a totals or average row, not a day",
            "delete the row, or load with errors='drop'",
        )
    if column_problem and is_numeric_date(value):
        return column_problem, "pass dayfirst=True (03/04 is 3 April) or dayfirst=False (4 March)"
    return (
        "cannot be read as a date",
        "write dates as YYYY-MM-DD (M/D/YYYY and DD.MM.YYYY also work)",
    )


def read_dates(
    raw: pd.Series,
    *,
    dayfirst: bool | None,
    file: str,
    lines: np.ndarray,
    column: str | pd.Series,
    problems: Problems,
    notes: list,
    needed: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Read a date column; every date that cannot be read is a problem.

    ``column`` names the column in messages (a Series when each row has its own: a deal's
    create or close date). An empty cell is a problem only where ``needed`` (default: every
    row). Returns the timestamps and the rows with a problem.
    """
    when = to_datetime(raw, dayfirst=dayfirst)
    if when.note:
        notes.append(f"{file}: {when.note}")
    if pd.api.types.is_datetime64_any_dtype(raw.dtype):  # read typed: NaT is an empty cell
        empty = raw.isna().to_numpy()
    else:
        # a cell the parser reads as no date ("", "None", "n/a", "-") is an empty cell: only
        # the cells read as no date are looked at (a million dates are not lower-cased)
        empty = raw.isna().to_numpy().copy()
        look = np.flatnonzero(np.isnat(np.asarray(when.values, dtype="datetime64[ns]")) & ~empty)
        if len(look):
            words = raw.iloc[look].astype(str).str.strip().str.lower()
            empty[look] = words.isin(EMPTY_WORDS).to_numpy()
    # a cell that is neither read as a date nor empty would be a row without a day: bad
    unread = np.isnat(np.asarray(when.values, dtype="datetime64[ns]")) & ~empty & ~when.bad
    bad = when.bad | unread | (empty if needed is None else empty & needed)
    outside = when.outside if when.outside is not None else np.zeros(len(raw), bool)
    for i in np.flatnonzero(bad):
        if outside[i]:
            problem, fix = window_problem(date_window())
        else:
            problem, fix = date_problem(raw.iloc[i], empty[i], when.problem)
        name = column if isinstance(column, str) else column.iloc[i]
        value = "" if empty[i] and pd.isna(raw.iloc[i]) else raw.iloc[i]  # NaT: a blank cell
        problems.add(file, lines[i], name, value, problem, fix)
    return when.values, bad
