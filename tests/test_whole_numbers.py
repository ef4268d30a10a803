"""Counting columns (lags, windows, people) read as whole numbers wherever a table is shown.

Issue 24: a team answer's window printed "4.0" in the CSV and "4.00" on the page, because a
missing window on single-lag rows made pandas hold the column as floats.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.present.export import csv_text
from ssi_analysis.present.page import display_frame, table


def _team_rows() -> pd.DataFrame:
    """Two team-answer-like rows: a cumulative row with its window, a single lag without."""
    return pd.DataFrame(
        {
            "outcome": ["revenue_won", "revenue_won"],
            "lag": [0.0, 2.0],
            "lag_low": [0.0, 2.0],
            "lag_high": [4.0, 2.0],
            "window": [4.0, np.nan],
            "horizon": [4.0, 4.0],
            "people": [12.0, 12.0],
            "r": [0.25, 0.125],
        }
    )


def test_lags_and_windows_are_whole_in_the_csv_and_on_the_page():
    rows = _team_rows()
    lines = csv_text(rows).splitlines()
    assert lines[1:] == ["revenue_won,0,0,4,4,4,12,0.25", "revenue_won,2,2,2,,4,12,0.125"]
    shown = display_frame(rows)
    assert shown.loc[0, ["lag", "lag_low", "lag_high", "window", "horizon", "people"]].tolist() == [
        "0", "0", "4", "4", "4", "12",
    ]  # fmt: skip
    assert shown.loc[1, "window"] == "" and shown.loc[1, "r"] == "0.12"  # missing stays empty
    assert table(rows).content["window"].tolist() == ["4", ""]  # the page's table block


def test_a_column_with_a_fraction_stays_a_fraction():
    """Only whole values are made integers: a fractional lag (an average) keeps its digits."""
    rows = _team_rows().assign(lag=[0.5, 2.0])
    assert display_frame(rows)["lag"].tolist() == ["0.50", "2.00"]
    assert csv_text(rows).splitlines()[1].startswith("revenue_won,0.5,")


def test_degrees_of_freedom_and_levels_print_as_written():
    """df printed "92.00" and the interval levels "95.00" on the page, "95.0" in the CSV; a
    level of 97.5 (alpha = 0.025) keeps its decimal."""
    rows = pd.DataFrame({"df": [92.0, 88.0], "ci_level": [95.0, 95.0], "r_level": [97.5, 90.0]})
    assert csv_text(rows).splitlines()[1:] == ["92,95,97.5", "88,95,90.0"]
    shown = display_frame(rows)
    assert shown.loc[0].tolist() == ["92", "95", "97.50"]
