"""`ssi-analysis load`'s per-person summary, vectorised, says what describe_scores says."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import load_ssi
from ssi_analysis.cli import main, person_summaries
from ssi_analysis.schema.summary import (
    _coverage_per_person,
    coverage_in_log_unit,
    describe_scores,
)


def random_scores(seed):
    rng = np.random.default_rng(seed)
    pieces = []
    for p in range(int(rng.integers(1, 8))):
        n = int(rng.integers(1, 90))
        dates = pd.date_range("2026-01-01", periods=n) + pd.Timedelta(days=int(rng.integers(9)))
        keep = rng.random(n) < rng.uniform(0.3, 1)
        keep[rng.integers(n)] = True
        ssi = np.where(rng.random(n) < 0.2, np.nan, rng.uniform(10, 95, n))
        if rng.random() < 0.2:
            ssi[:] = np.nan  # someone whose every capture failed
        piece = pd.DataFrame({"person": f"P{p}", "date": dates[keep], "ssi": ssi[keep]})
        for pillar in ("brand", "people", "insights", "relationships"):
            piece[pillar] = np.where(piece["ssi"].isna(), np.nan, rng.uniform(0, 25, len(piece)))
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True).sample(frac=1, random_state=seed)


@pytest.mark.parametrize("seed", range(25))
def test_the_vectorised_summary_equals_describe_scores(seed):
    scores = random_scores(seed)
    pd.testing.assert_frame_equal(person_summaries(scores), describe_scores(scores))


@pytest.mark.parametrize("seed", range(25))
def test_coverage_of_all_people_at_once_equals_person_by_person(seed):
    scores = random_scores(seed)
    rng = np.random.default_rng(seed)
    if seed % 3 == 0:  # weekly logs (some with a repeated capture), by weeks of days
        scores["date"] = pd.Timestamp("2026-01-05") + (scores["date"] - scores["date"].min()) * 7
        scores.loc[scores.index[: int(rng.integers(3))], "date"] += pd.Timedelta(days=1)
    if seed % 2 == 0:  # written person by person, day by day (the usual file)
        scores = scores.sort_values(["person", "date"])
    columns = ["person", "unit", "span", "scored", "missing", "gaps", "longest_gap"]
    pd.testing.assert_frame_equal(
        coverage_in_log_unit(scores), _coverage_per_person(scores, columns)
    )


def test_load_prints_one_summary_per_person(write, capsys):
    path = write(
        "team.csv", "Name,Date,SSI\nAna,2026-05-01,50\nAna,2026-05-04,52\nBo,2026-05-01,\n"
    )
    assert main(["load", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Ana: 2026-05-01 to 2026-05-04 — 2 of 4 days have a score" in out
    assert "Bo: " in out and "no capture with a score" in out


def test_a_log_without_any_score_is_summarised():
    scores = pd.DataFrame(
        {"person": ["me", "me"], "date": pd.to_datetime(["2026-05-12", "2026-05-13"]),
         "ssi": [np.nan, np.nan]}
    )  # fmt: skip
    row = person_summaries(scores).iloc[0]
    assert row["days_scored"] == 0 and row["missing_days"] == 2 and np.isnan(row["ssi"])


def test_a_weekly_logs_load_report_counts_weeks(tmp_path):
    # a weekly log has six days without a value every week by design: counting them says
    # nothing; its report counts the weeks, a daily log's the days
    weeks = pd.date_range("2026-01-05", periods=20, freq="W-MON").delete([3, 4, 9, 15])
    path = tmp_path / "weekly.csv"
    pd.DataFrame({"Date": weeks.strftime("%Y-%m-%d"), "SSI": 50}).to_csv(path, index=False)
    text = str(load_ssi(path).attrs["load_report"])
    assert "(20 weeks; 4 weeks without a value)" in text
    days = pd.date_range("2026-01-05", periods=30, freq="D").delete([3, 4])
    path = tmp_path / "daily.csv"
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "SSI": 50}).to_csv(path, index=False)
    assert "(30 days; 2 days without a value)" in str(load_ssi(path).attrs["load_report"])
