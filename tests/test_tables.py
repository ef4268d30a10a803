"""Tables read as what they are: side-by-side lists refused, posts on one date added up, no
member of a zip dropped, one seller's report kept one seller's."""

from __future__ import annotations

import warnings
import zipfile

import pandas as pd
import pytest

from ssi_analysis import load_outcomes
from ssi_analysis.errors import SSIDataError
from ssi_analysis.present.report import make_report

SAMPLE_DEALS = "hubspot-crm-exports-all-deals-2026-11-23.csv"


def test_side_by_side_lists_are_refused_with_a_sentence(write):
    path = write(
        "top_posts.csv",
        "Post publish date,Impressions,,Post publish date,Engagements\n"
        "2026-01-05,100,,2026-01-06,5\n2026-01-05,200,,2026-01-07,6\n",
    )
    with pytest.raises(SSIDataError) as caught:
        load_outcomes([path])
    problem = caught.value.problems.loc[0]
    assert problem["line"] == 1 and "side by side" in problem["problem"]
    assert "Post publish date" in problem["problem"]


def test_posts_on_one_date_are_added_up_and_the_report_says_so(write):
    path = write(
        "posts.csv",
        "Post publish date,Impressions,Clicks\n"
        "2026-01-05,100,1\n2026-01-05,200,2\n2026-01-08,50,3\n",
    )
    found = load_outcomes([path])
    daily = found.groupby(["metric", "date"])["value"].sum()
    assert daily[("impressions", "2026-01-05")] == 300  # both posts, none dropped
    report = found.attrs["load_report"]
    assert report.rows_merged == 0 and report.rows_kept == 3
    assert any("added up" in n for n in report.notes)


def test_a_day_repeated_in_one_daily_table_with_other_values_is_refused_naming_both_lines(write):
    path = write(
        "log.csv", "Date,Replies,Impressions\n2026-01-05,3,10\n2026-01-05,4,10\n2026-01-06,1,9\n"
    )
    with pytest.raises(SSIDataError) as caught:
        load_outcomes([path])
    [problem] = caught.value.problems.itertuples()
    assert (problem.line, problem.column, problem.value) == (3, "Replies", "4")
    assert "already on line 2" in problem.problem and "2026-01-05" in problem.problem
    # with errors="drop" the day stays missing (neither value guessed), every line counted
    found = load_outcomes([path], errors="drop")
    report = found.attrs["load_report"]
    assert "2026-01-05" not in set(found["date"].astype(str))
    assert (report.rows_read, report.rows_kept, report.rows_rejected) == (3, 1, 2)


def test_a_day_repeated_in_one_daily_table_with_the_same_values_is_merged_and_counted(write):
    path = write("log.csv", "Date,Replies\n2026-01-05,3\n2026-01-05,3\n2026-01-06,1\n")
    found = load_outcomes([path])
    assert found.loc[found["date"] == "2026-01-05", "value"].tolist() == [3.0]
    report = found.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_merged) == (3, 2, 1)
    assert any("counted once" in n for n in report.notes)


def test_a_count_of_events_on_a_repeated_day_is_added_up_and_the_report_says_so(write):
    path = write("log.csv", "Date,Posts\n2026-01-05,1\n2026-01-05,2\n2026-01-06,1\n")
    found = load_outcomes([path])
    daily = found.groupby("date")["value"].sum()
    assert daily["2026-01-05"] == 3  # both rows, none dropped
    report = found.attrs["load_report"]
    assert (report.rows_kept, report.rows_merged, report.rows_rejected) == (3, 0, 0)
    assert any("'posts'" in n and "added up" in n for n in report.notes)


def test_overlapping_exports_in_two_files_keep_the_later_export(write):
    early = write("early.csv", "Date,Replies\n2026-01-05,3\n2026-01-06,1\n")
    late = write("late.csv", "Date,Replies\n2026-01-06,2\n2026-01-07,5\n")
    found = load_outcomes([early, late])
    assert found.set_index("date")["value"].to_dict() == {
        pd.Timestamp("2026-01-05"): 3.0,
        pd.Timestamp("2026-01-06"): 2.0,  # the export reaching further revised it
        pd.Timestamp("2026-01-07"): 5.0,
    }
    assert found.attrs["load_report"].rows_merged == 1


def test_a_zip_with_two_members_of_one_name_keeps_both(repo, tmp_path):
    with zipfile.ZipFile(repo / "data" / "sample" / "Basic_LinkedInDataExport_11-23-2026.zip") as z:
        shares = z.read("Shares.csv").decode().splitlines()
    first = "\n".join(shares[:101]) + "\n"
    second = "\n".join([shares[0], *shares[101:]]) + "\n"
    path = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate name
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("Shares.csv", first)
            z.writestr("Shares.csv", second)
    alone = tmp_path / "Shares.csv"
    alone.write_text("\n".join(shares) + "\n")
    both = load_outcomes([path])
    whole = load_outcomes([alone])
    assert (both["metric"] == "posts_published").sum() == (
        whole["metric"] == "posts_published"
    ).sum()


@pytest.mark.slow
def test_person_with_a_teams_crm_export_keeps_a_one_seller_report(repo, tmp_path):
    sample = repo / "data" / "sample"
    lines = (sample / SAMPLE_DEALS).read_text().splitlines()
    for i in range(1, len(lines), 3):  # a third of the deals are a colleague's
        lines[i] = lines[i].replace('"Dana W."', '"Sam K."')
    deals = tmp_path / SAMPLE_DEALS
    deals.write_text("\n".join(lines) + "\n")
    report = make_report(
        sample / "ssi_log.csv",
        [deals],
        person="Dana W.",
        changes=[("2026-03-02", "posting 3x a week")],
        lags=(0, 1),
    )
    assert "Dana W." in report.title and "people" not in report.title
    assert any(s.key == "change-2026-03-02" for s in report.sections)
    said = [b.content for b in report.section("data").blocks if b.kind == "note"]
    assert any("other owners' (Sam K.)" in str(c) for c in said)


def test_a_later_export_replaces_a_days_added_up_events_whole(write):
    early = write("early.csv", "Date,Posts\n2026-01-05,1\n2026-01-05,2\n2026-01-06,1\n")
    late = write("late.csv", "Date,Posts\n2026-01-05,1\n2026-01-05,1\n2026-01-05,2\n2026-01-07,1\n")
    found = load_outcomes([early, late])
    daily = found.groupby("date")["value"].sum()
    assert daily["2026-01-05"] == 4  # the later export's three posts, none of the earlier's
    assert found.attrs["load_report"].rows_merged == 2
