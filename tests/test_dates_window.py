"""Dates outside a plausible window are named problems: never another century, never overflow.

2300-01-01 used to load as 1715-06-13 with "problems: none" (nanoseconds past 2262 wrap), and
9999-12-31 or 0001-01-01 among valid rows ended in a raw ``OverflowError``. Every format the
kit reads is checked: CSV (text and typed path), xlsx, JSON captures, a CRM export.
"""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest

from ssi_analysis import load_outcomes, load_ssi
from ssi_analysis.cli import main
from ssi_analysis.errors import SSIDataError
from ssi_analysis.readers import _typed
from ssi_analysis.schema.coerce import date_window, to_datetime

HEADER = "Date,SSI,Brand,People,Insights,Relationships\n"
ROW = ",50,12,12,13,13\n"
FAR = ["2300-01-01", "2925-01-05", "9999-12-31", "0001-01-01", "1999-12-31"]


def _problems(call) -> pd.DataFrame:
    with pytest.raises(SSIDataError) as caught:
        call()
    return caught.value.problems


@pytest.mark.parametrize("far", FAR)
def test_a_far_date_in_a_csv_is_a_problem_with_line_and_column(write, far):
    path = write("log.csv", HEADER + "2026-01-05" + ROW + far + ROW + "2026-01-12" + ROW)
    found = _problems(lambda: load_ssi(path))
    assert found[["line", "column"]].values.tolist() == [[3, "Date"]]
    assert "outside 2003-01-01 to" in found.loc[0, "problem"]
    kept = load_ssi(path, errors="drop")
    assert kept["date"].dt.year.tolist() == [2026, 2026]  # nothing wrapped into 1715


def test_the_typed_path_of_a_large_csv_names_it_too(write, monkeypatch):
    monkeypatch.setattr(_typed, "MIN_BYTES", 0)  # the fast path for a small file
    path = write("log.csv", HEADER + "2026-01-05" + ROW + "2300-01-01" + ROW)
    found = _problems(lambda: load_ssi(path))
    assert found.loc[0, "line"] == 3 and "outside" in found.loc[0, "problem"]


def test_far_dates_in_a_workbook(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for day in (dt.datetime(2026, 1, 5), dt.datetime(2300, 1, 1), dt.datetime(9999, 12, 31)):
        sheet.append([day, 50, 12, 12, 13, 13])
    book.save(tmp_path / "log.xlsx")
    found = _problems(lambda: load_ssi(tmp_path / "log.xlsx"))
    assert found["line"].tolist() == [3, 4] and found["problem"].str.contains("outside").all()


def test_far_dates_in_json_captures_and_a_string_subscores(tmp_path):
    member = {"overall": 50, "subScores": [{"score": 12, "pillar": "PROFESSIONAL_BRAND"}]}
    lines = [
        {"date": "2026-01-05", "memberScore": member},
        {"capturedAt": "2300-01-01T10:00:00Z", "memberScore": member},
        {"date": "2026-01-12", "memberScore": {"overall": 51, "subScores": "12.5"}},
    ]
    path = tmp_path / "captures.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines))
    found = _problems(lambda: load_ssi(path))
    assert found[["line", "column"]].values.tolist() == [[2, "date"]]
    kept = load_ssi(path, errors="drop")
    assert len(kept) == 2
    assert any("subScores" in c for c in kept.attrs["load_report"].ignored_columns)


def test_a_crm_deal_closing_in_2300_is_named_not_moved_to_1715(repo, tmp_path):
    deals = (repo / "data" / "sample" / "hubspot-crm-exports-all-deals-2026-11-23.csv").read_text()
    lines = deals.splitlines()
    won = next(i for i, line in enumerate(lines) if '"Closed Won"' in line)  # revenue counts
    lines[won] = lines[won].replace(lines[won].split(",")[4], '"2300-01-15 00:00"')
    path = tmp_path / "hubspot-crm-exports-all-deals-2026-11-23.csv"
    path.write_text("\n".join(lines) + "\n")
    found = _problems(lambda: load_outcomes([path]))
    assert found[["line", "column"]].values.tolist() == [[won + 1, "Close Date"]]
    kept = load_outcomes([path], errors="drop")
    assert kept["date"].max() < pd.Timestamp("2027-01-01")


def test_the_window_can_be_set(write, monkeypatch):
    path = write("log.csv", HEADER + "2001-05-01" + ROW + "2026-01-12" + ROW)
    with pytest.raises(SSIDataError):
        load_ssi(path)
    monkeypatch.setenv("SSI_DATE_WINDOW", "1990-01-01..2030-12-31")
    assert load_ssi(path)["date"].dt.year.tolist() == [2001, 2026]
    assert date_window()[0] == pd.Timestamp("1990-01-01")
    monkeypatch.setenv("SSI_DATE_WINDOW", "soon")
    with pytest.raises(ValueError, match="SSI_DATE_WINDOW"):
        date_window()


def test_typed_columns_beyond_nanoseconds_are_not_wrapped():
    column = pd.Series(pd.array(["2026-01-05", "2300-01-01"], dtype="datetime64[s]"))
    parsed = to_datetime(column)
    assert parsed.bad.tolist() == [False, True] and pd.isna(parsed.values[1])
    assert str(parsed.values[0])[:10] == "2026-01-05"


@pytest.mark.parametrize("option", [["--change", "9999-12-31", "x"], ["--from", "0001-01-01"]])
def test_far_dates_on_the_command_line_are_usage_errors(write, option, capsys):
    path = write("log.csv", HEADER + "2026-01-05" + ROW)
    with pytest.raises(SystemExit) if option[0] == "--from" else _returns(2) as code:
        code.value = main(["report", "--ssi", str(path), *option])
    err = capsys.readouterr().err
    assert "outside 2003-01-01" in err and "Traceback" not in err


class _returns:
    def __init__(self, expected):
        self.expected, self.value = expected, None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        assert self.value == self.expected
        return False
