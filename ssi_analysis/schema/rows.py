"""Row-level checks both loaders share: whose row it is, and why a date could not be read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.schema.coerce import is_numeric_date

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
    who = frame["person"].fillna("").astype(str).str.strip()
    blank = (who == "").to_numpy()
    if person is not None:
        return who.where(~blank, person).to_numpy(dtype=object), np.zeros(n, dtype=bool)
    for i in np.flatnonzero(blank):
        problems.add(
            file,
            lines[i],
            column,
            "",
            "no person is named on this line",
            "fill in the name, or pass person= to name blank cells",
        )
    return who.to_numpy(dtype=object), blank


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
