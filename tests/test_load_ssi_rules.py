"""The score's rules, failed captures, duplicates, and bad input (all problems at once)."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import SSIDataError, load_ssi

HEADER = "Date,SSI,Brand,People,Insights,Relationships\n"


def problems_of(path, **kwargs):
    with pytest.raises(SSIDataError) as info:
        load_ssi(path, **kwargs)
    err = info.value
    assert isinstance(err, ValueError)
    assert "Traceback" not in str(err)
    return err


def test_failed_capture_is_a_missing_day_not_zero(write):
    path = write(
        "log.csv", HEADER + "2026-05-12,53,21,6.5,10.5,15\n2026-05-13,0,0,0,0,0\n2026-05-14,,,,,\n"
    )
    frame = load_ssi(path)
    assert len(frame) == 3
    assert frame["ssi"].isna().tolist() == [False, True, True]
    report = frame.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_missing) == (3, 1, 2)
    assert report.missing_days == 2


def test_same_day_keeps_the_last_capture_by_time(write):
    path = write(
        "log.csv",
        "Date,SSI\n2026-05-12 17:00,50\n2026-05-12 09:00,40\n2026-05-13,41\n2026-05-13,42\n",
    )
    frame = load_ssi(path)
    assert frame["ssi"].tolist() == [50.0, 42.0]  # by time on the 12th, by file order on the 13th
    report = frame.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_merged) == (4, 2, 2)


def test_a_failed_capture_never_replaces_a_real_one(write):
    path = write("log.csv", "Date,SSI\n2026-05-12,50\n2026-05-12,0\n")
    frame = load_ssi(path)
    assert frame["ssi"].tolist() == [50.0]
    assert frame.attrs["load_report"].rows_merged == 1


def test_later_file_wins_a_same_day_tie(write):
    first = write("a.csv", "Date,SSI\n2026-05-12,50\n")
    second = write("b.csv", "Date,SSI\n2026-05-12,51\n")
    assert load_ssi([first, second])["ssi"].tolist() == [51.0]
    assert load_ssi([second, first])["ssi"].tolist() == [50.0]


def test_corrupt_pillar_total_mismatch_and_text_all_reported_at_once(write):
    path = write(
        "log.csv",
        HEADER
        + "2026-05-12,53,21,6.5,10.5,15\n"
        + "2026-05-13,53,51,6.5,10.5,15\n"  # brand 51: the total in the brand column
        + "2026-05-14,60,21,6.5,10.5,15\n"  # total 60 != 53 (sum)
        + "2026-05-15,53,21,six,10.5,15\n"  # text in a number column
        + "2026-05-16,53,21,6.5,10.5,15\n",
    )
    err = problems_of(path)
    table = err.problems
    assert table[["line", "column"]].values.tolist() == [[3, "Brand"], [4, "SSI"], [5, "People"]]
    assert set(table["file"]) == {"log.csv"}
    message = str(err)
    for piece in (
        "log.csv",
        "line 3",
        "'Brand'",
        "0 and 25",
        "line 4",
        "sum of the four",
        "line 5",
        "not a number",
        "errors='drop'",
    ):
        assert piece in message
    dropped = load_ssi(path, errors="drop")
    assert dropped["date"].dt.day.tolist() == [12, 16]
    report = dropped.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (5, 2, 3)
    assert len(report.problems) == 3


def test_total_within_one_point_of_pillars_is_fine(write):
    frame = load_ssi(write("log.csv", HEADER + "2026-05-12,41,8.75,9.25,3.7,19.363\n"))
    assert frame.loc[0, "ssi"] == 41


@pytest.mark.parametrize(("column", "value"), [("SSI", "101"), ("Brand", "-1")])
def test_ranges(write, column, value):
    row = {"Date": "2026-05-12", "SSI": "50", "Brand": "10"}
    row[column] = value
    path = write("log.csv", ",".join(row) + "\n" + ",".join(row.values()) + "\n")
    assert problems_of(path).problems.loc[0, "column"] == column


def test_rank_of_zero_in_a_real_capture_is_rejected(write):
    path = write("log.csv", "Date,SSI,Industry_Rank\n2026-05-12,50,0\n")
    assert problems_of(path).problems.loc[0, "problem"].startswith("is outside the range")


def test_ambiguous_dates_ask_for_dayfirst(write):
    path = write("log.csv", "Date,SSI\n03/04/2025,50\n05/06/2025,51\n")
    err = problems_of(path)
    assert "dayfirst" in str(err)
    assert err.problems["line"].tolist() == [2, 3]
    frame = load_ssi(path, dayfirst=True)
    assert frame["date"].tolist() == list(pd.to_datetime(["2025-04-03", "2025-06-05"]))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "empty"),
        (HEADER, "no data rows"),
        ("just some words\nnothing tabular here\n", "does not look like an SSI log"),
        (b"\x00\x01\x02\x03binary\x00\x00\xff" * 20, "binary"),
        (b"PK\x03\x04" + b"\x00" * 40, "zip or Excel"),
    ],
)
def test_files_that_are_not_ssi_logs(write, content, expected):
    err = problems_of(write("log.csv", content))
    assert expected in str(err)
    assert "log.csv" in str(err)


def test_truncated_last_line_is_named(write):
    path = write("log.csv", HEADER + "2026-05-12,53,21,6.5,10.5,15\n2026-05-13,53,21,6")
    err = problems_of(path)
    assert err.problems["line"].tolist() == [3]
    assert "cut short" in str(err)
    frame = load_ssi(path, errors="drop")
    report = frame.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (2, 1, 1)


@pytest.mark.parametrize(
    ("tail", "closed", "span"),
    [
        ("", "is never closed", "lines 3-4"),
        (
            '2026-05-15,52",13\n2026-05-16,53,21,6.5,10.5,15\n',
            "is closed only on line 5",
            "lines 3-5",
        ),
    ],
)
def test_an_unclosed_quote_is_named_as_such(write, tail, closed, span):
    # The csv module reads the line breaks after an opening quote as text: "this line has 2
    # fields" would send the user looking for a cut-short line.
    body = (
        "2026-05-12,53,21,6.5,10.5,15\n"
        '2026-05-13,"53,21,6.5,10.5,15\n'  # the unclosed quote
        "2026-05-14,53,21,6.5,10.5,15\n"
    )
    path = write("log.csv", HEADER + body + tail)
    err = problems_of(path)
    assert err.problems["line"].tolist() == [3]
    assert f'a quote (") opened on this line {closed}' in str(err)
    assert f"{span} were read as one row" in str(err)
    assert "cut short" not in str(err)


def test_problems_from_several_files_come_together(write, tmp_path):
    write("logs/a.csv", HEADER + "2026-05-12,53,51,6.5,10.5,15\n")
    write("logs/b.csv", HEADER + "2026-05-13,53,21,6.5,10.5,x\n")
    err = problems_of(tmp_path / "logs")
    assert sorted(err.problems["file"]) == ["a.csv", "b.csv"]


def test_team_file_blank_person(write):
    path = write("team.csv", "Name,Date,SSI\nAna,2026-05-12,50\n,2026-05-12,60\n")
    err = problems_of(path)
    assert err.problems.loc[0, "line"] == 3
    frame = load_ssi(path, person="Unknown")
    assert sorted(frame["person"]) == ["Ana", "Unknown"]


def test_invalid_arguments_are_named():
    with pytest.raises(ValueError, match="errors must be one of"):
        load_ssi("x.csv", errors="ignore")
    with pytest.raises(FileNotFoundError, match="no such file"):
        load_ssi("does-not-exist.csv")


def test_every_row_is_accounted_for_after_drop(write):
    path = write(
        "log.csv",
        HEADER
        + "2026-05-12,53,21,6.5,10.5,15\n2026-05-12,53,21,6.5,10.5,15\n"
        + "2026-05-13,0,0,0,0,0\n2026-05-14,53,99,6.5,10.5,15\n"
        + "bad-date,53,21,6.5,10.5,15\n2026-05-15,53,21\n",
    )
    frame = load_ssi(path, errors="drop")
    r = frame.attrs["load_report"]
    assert r.rows_read == 6
    assert (r.rows_kept, r.rows_missing, r.rows_merged, r.rows_rejected) == (1, 1, 1, 3)
    assert r.rows_read == r.rows_kept + r.rows_missing + r.rows_merged + r.rows_rejected
    assert np.isnan(frame.loc[1, "ssi"])
