"""write_csv: spreadsheet formulas in text are neutralised, numbers are left alone."""

import csv

import pandas as pd
import pytest

from ssi_analysis import write_csv


def test_formula_like_text_is_escaped_and_numbers_are_not(tmp_path):
    frame = pd.DataFrame(
        {
            "text": ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "plain", "a=b"],
            "number": [-0.41, 1.0, -3.0, 2.5, 0.0, -1e-9, 7.0, 8.0],
        }
    )
    path = write_csv(frame, tmp_path / "t.csv")
    with path.open(newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["text", "number"]
    assert [r[0] for r in rows[1:]] == [
        "'=1+1",
        "'+SUM(A1)",
        "'-2+3",
        "'@cmd",
        "'\tx",
        "'\rx",
        "plain",
        "a=b",
    ]
    assert [float(r[1]) for r in rows[1:]] == frame["number"].tolist()


def test_headers_from_inputs_are_escaped_too(tmp_path):
    path = write_csv(pd.DataFrame({"=evil()": ["ok"]}), tmp_path / "t.csv")
    assert path.read_text().splitlines()[0] == "'=evil()"


@pytest.mark.parametrize(
    "value",
    ["\uff1dHYPERLINK(1)", "\uff0b1", "\u00a0=1+1", "\n=1+1", " @SUM(A1)", "\t1"],
)
def test_formula_behind_full_width_or_white_space_is_defused(tmp_path, value):
    path = write_csv(pd.DataFrame({"name": [value, "Ana"]}), tmp_path / "t.csv")
    cells = pd.read_csv(path, dtype=str, keep_default_na=False)["name"].tolist()
    assert cells == ["'" + value, "Ana"]
