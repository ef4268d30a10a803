"""Shapes seen in files people published: capture times beside the date, date columns under
other names, deals exports missing a column, and the real shared exports when present."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import SSIDataError, load_outcomes, load_ssi

REAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "real"


# ----------------------------------------------------------------------------- capture times
@pytest.mark.parametrize("stamp", ["CapturedAt", "timestamp", "collected_at"])
def test_the_latest_capture_of_a_day_wins_not_the_last_line(write, stamp):
    path = write(
        "log.csv",
        f"Date,{stamp},SSI\n"
        "2026-05-12,2026-05-12T18:00:00Z,60\n"  # listed first, captured last
        "2026-05-12,2026-05-12T08:00:00Z,50\n"
        "2026-05-13,2026-05-13T08:00:00Z,51\n",
    )
    frame = load_ssi(path)
    assert frame["ssi"].tolist() == [60.0, 51.0]
    report = frame.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_merged) == (3, 2, 1)
    assert stamp not in report.ignored_columns


def test_without_a_capture_time_the_last_line_still_wins(write):
    path = write("log.csv", "Date,SSI\n2026-05-12,60\n2026-05-12,50\n")
    assert load_ssi(path)["ssi"].tolist() == [50.0]


def test_a_capture_time_beside_the_date_in_json_lines(write):
    def line(captured, overall):
        return json.dumps(
            {"date": "2026-05-12", "capturedAt": captured, "memberScore": {"overall": overall}}
        )

    path = write(
        "ssi.jsonl",
        "\n".join([line("2026-05-12T18:00:00Z", 60), line("2026-05-12T08:00:00Z", 50)]) + "\n",
    )
    assert load_ssi(path)["ssi"].tolist() == [60.0]


def test_an_unreadable_capture_time_is_named(write):
    path = write("log.csv", "Date,CapturedAt,SSI\n2026-05-12,soon,60\n2026-05-13,,61\n")
    with pytest.raises(SSIDataError) as info:
        load_ssi(path)
    first = info.value.problems.iloc[0]
    assert (int(first["line"]), first["column"]) == (2, "CapturedAt")
    # a blank capture time is no problem: the day's order falls back to the line order
    assert len(info.value.problems) == 1


# ----------------------------------------------------------------------------- generic tables
@pytest.mark.parametrize(
    "header", ["report_date", "Report Date", "Day", "Week", "Month", "Period", "Data", "Fecha"]
)
def test_generic_tables_under_other_date_names(write, header):
    path = write("kept.csv", f"{header},Replies,Meetings\n2026-05-04,3,1\n2026-05-11,5,0\n")
    frame = load_outcomes(path)
    replies = frame[frame["metric"] == "replies"].sort_values("date")
    assert replies["value"].tolist() == [3.0, 5.0]
    assert replies["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-04", "2026-05-11"]


@pytest.mark.parametrize("header", ["Datum", "Jour"])
def test_generic_tables_with_european_dates(write, header):
    path = write("kept.csv", f"{header};Antworten\n13.05.2026;3\n14.05.2026;5\n")
    frame = load_outcomes(path)
    assert frame["value"].tolist() == [3.0, 5.0]


def test_several_date_columns_ask_which_one(write):
    path = write(
        "kept.csv", "Date,Week,Replies\n2026-05-05,2026-05-04,3\n2026-05-12,2026-05-11,5\n"
    )
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    problem = info.value.problems.iloc[0]
    assert "several date columns" in problem["problem"] and "date_column=" in problem["fix"]
    frame = load_outcomes(path, date_column="Week")
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == ["2026-05-04", "2026-05-11"]
    with pytest.raises(SSIDataError, match="no column 'Weak'"):
        load_outcomes(path, date_column="Weak")


# ----------------------------------------------------------------------------- deals
@pytest.mark.parametrize(
    ("header", "words", "fix"),
    [
        ("Record ID,Deal Name,Amount", "no create date column", "Create Date property"),
        ("Record ID,Deal Name,Amount,Close Date", "no create date column", "Create Date"),
        ("Opportunity Name,Created Date", "no stage and no amount", "Deal Stage and Amount"),
    ],
)
def test_a_deals_export_without_a_needed_column_says_what_to_add(write, header, words, fix):
    fields = header.count(",") + 1
    path = write("hubspot-crm-exports-all-deals-2026-04-01.csv", header + "\n" + "1," * fields)
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    problem = info.value.problems.iloc[0]
    assert words in problem["problem"] and fix in problem["fix"]
    assert "not an outcome export" not in str(info.value)


# ----------------------------------------------------------------------------- real files
@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/real (real exports) is not here")
def test_every_real_export_loads():
    """No real file is refused: the SSI logs load, and so do the outcome workbooks."""
    ssi = REAL / "ssi"
    for path in sorted(ssi.iterdir()):
        frame = load_ssi(path)
        assert frame["ssi"].notna().any(), path.name
    for path in sorted((REAL / "outcomes").iterdir()):
        frame = load_outcomes(path)
        assert len(frame), path.name


# ----------------------------------------------------------------------------- JSON lines
def _capture(day, overall, **extra):
    return {"date": f"2026-05-{day:02d}", "memberScore": {"overall": overall}, **extra}


def test_json_lines_and_a_json_list_give_the_same_frame(write):
    captures = [_capture(d, 40.0 + d, person=f"P{d % 3}") for d in range(1, 20)]
    lines = load_ssi(write("a.jsonl", "\n".join(json.dumps(c) for c in captures) + "\n"))
    listed = load_ssi(write("b.json", json.dumps(captures, indent=2)))
    pd.testing.assert_frame_equal(lines, listed)
    assert lines.attrs["load_report"].format == "JSON lines"


def test_json_lines_with_a_broken_first_line_name_it_and_read_the_rest(write):
    text = '{"date": "2026-05-01", "memberScore": {"overall": \n' + "\n".join(
        json.dumps(_capture(d, 50.0)) for d in (2, 3)
    )
    with pytest.raises(SSIDataError) as info:
        load_ssi(write("ssi.jsonl", text))
    assert info.value.problems["line"].tolist() == [1]
    frame = load_ssi(write("ssi.jsonl", text), errors="drop")
    assert frame["ssi"].tolist() == [50.0, 50.0]
    assert frame.attrs["load_report"].rows_rejected == 1


# ----------------------------------------------------------------------------- legacy .xls
def write_xls(path, sheets):
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the .xls test files")
    import datetime as dt

    book = xlwt.Workbook()
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write(r, c, value, dates)
                elif value is not None:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_a_legacy_xls_ssi_log_loads(tmp_path):
    import datetime as dt

    path = write_xls(
        tmp_path / "ssi.xls",
        {
            "Notes": [["kept by hand"]],
            "Log": [
                ["Date", "SSI", "Brand", "People", "Insights", "Relationships"],
                [dt.date(2026, 5, 12), 53, 21, 6.5, 10.5, 15],
                [dt.date(2026, 5, 13), 0, 0, 0, 0, 0],
                ["14/05/2026", 54, 21, 7, 10.5, 15.5],
            ],
        },
    )
    frame = load_ssi(path)
    assert frame["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2026-05-12",
        "2026-05-13",
        "2026-05-14",
    ]
    assert frame["ssi"].tolist()[0] == 53.0 and np.isnan(frame["ssi"].tolist()[1])
    assert frame.attrs["load_report"].rows_missing == 1


def test_a_legacy_xls_outcome_table_and_a_bad_cell(tmp_path):
    import datetime as dt

    rows = [["Date", "Followers gained"], [dt.date(2026, 5, 12), 3], [dt.date(2026, 5, 13), "many"]]
    path = write_xls(tmp_path / "followers.xls", {"Sheet1": rows})
    with pytest.raises(SSIDataError) as info:
        load_outcomes(path)
    first = info.value.problems.iloc[0]
    assert (int(first["line"]), first["column"]) == (3, "Followers gained")
    frame = load_outcomes(path, errors="drop")
    assert frame["value"].tolist() == [3.0]


def test_a_file_that_is_no_xls_says_so(tmp_path):
    path = tmp_path / "ssi.xls"
    path.write_text("Date,SSI\n2026-05-12,53\n")
    with pytest.raises(SSIDataError, match="cannot be opened as a legacy Excel"):
        load_ssi(path)


def test_a_json_list_written_one_object_a_line_is_a_list(write):
    path = write("ssi.json", '[\n{"date": "2026-05-12", "memberScore": {"overall": 50}}\n]\n')
    frame = load_ssi(path)
    assert frame["ssi"].tolist() == [50.0]
    assert frame.attrs["load_report"].format == "JSON list"
