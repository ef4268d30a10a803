"""Folders as inputs: what is read, and what is listed as skipped instead of read (issue 16)."""

from __future__ import annotations

import os

import pytest

from ssi_analysis import load_outcomes, load_ssi

LOG = "Date,SSI,Brand,People,Insights,Relationships\n"
ANSWERS = "person,score,outcome,verdict,lag,r\nme,ssi,impressions,linked,0,0.5\n"


def _log(days: range) -> str:
    return LOG + "".join(f"2026-05-{d:02d},{20 + d},10,10,10,{d - 10}\n" for d in days)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes need a POSIX system")
def test_links_pipes_and_kit_outputs_are_listed_not_read(write, tmp_path):
    folder = tmp_path / "logs"
    write("logs/a.csv", _log(range(11, 15)))
    write("logs/report_answers.csv", ANSWERS)  # what `ssi-analysis report` wrote here before
    write("elsewhere/b.csv", _log(range(20, 22)))
    (folder / "loop.csv").symlink_to(folder / "loop.csv")
    (folder / "gone.csv").symlink_to(folder / "missing.csv")
    (folder / "more.csv").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    os.mkfifo(folder / "pipe.csv")  # reading it would block for ever
    (folder / "zero.csv").symlink_to("/dev/zero")  # reading it would never end
    scores = load_ssi(folder)
    report = scores.attrs["load_report"]
    assert scores["date"].dt.day.tolist() == [11, 12, 13, 14]
    assert report.files == (str(folder / "a.csv"),)
    notes = "\n".join(report.notes)
    for name, why in [
        ("loop.csv", "loops or leads nowhere"),
        ("gone.csv", "loops or leads nowhere"),
        ("more.csv", "link to a folder"),
        ("pipe.csv", "not a regular file"),
        ("zero.csv", "not a regular file"),
        ("report_answers.csv", "written by ssi-analysis report"),
    ]:
        assert f"skipped {name}: " in notes and why in notes.split(f"skipped {name}: ")[1]
    assert "skipped a.csv" not in notes


def test_a_table_of_ones_own_named_answers_is_still_read(write, tmp_path):
    # Only the kit's own answers table is skipped: the name alone does not decide.
    write(
        "in/survey_answers.csv", "date,metric,value\n2026-05-11,replies,3\n2026-05-18,replies,4\n"
    )
    write("in/kit_answers.csv", ANSWERS)
    outcomes = load_outcomes(tmp_path / "in")
    report = outcomes.attrs["load_report"]
    assert report.files == (str(tmp_path / "in" / "survey_answers.csv"),)
    assert sorted(outcomes["value"].tolist()) == [3.0, 4.0]
    assert any(n.startswith("skipped kit_answers.csv: written by") for n in report.notes)
