"""One analysis (issue 27): what the user chose, computed once; every choice the data cannot
serve is a note (or a refusal that says why), never a silent skip."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.analysis import Choices, analyse
from ssi_analysis.exceptions import GroupByError, ReportError


def _log(path, weeks: int, *, seed: int = 5, person: str | None = None):
    """A weekly SSI log (total and pillars) of ``weeks`` weeks; returns its path."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-01-05", periods=weeks, freq="W-MON")
    pillars = np.clip(12 + rng.normal(0, 1, (weeks, 4)).cumsum(axis=0) * 0.3, 1, 24)
    frame = pd.DataFrame(
        {
            "Date": days.strftime("%Y-%m-%d"),
            "SSI": pillars.sum(axis=1).round(2),
            "Brand": pillars[:, 0].round(2),
            "People": pillars[:, 1].round(2),
            "Insights": pillars[:, 2].round(2),
            "Relationships": pillars[:, 3].round(2),
        }
    )
    if person is not None:
        frame.insert(0, "Name", person)
    frame.to_csv(path, index=False)
    return path


def _outcomes(path, weeks: int, *, few: int | None = None, seed: int = 6):
    """A tidy table of daily replies (and ``few`` weeks of daily meetings)."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2026-01-05", periods=7 * weeks, freq="D").strftime("%Y-%m-%d")
    rows = [(d, "replies", int(v)) for d, v in zip(days, rng.poisson(1, len(days)), strict=True)]
    rows += [(d, "meetings", 1) for d in days[: 7 * (few or 0)]]
    pd.DataFrame(rows, columns=["date", "metric", "value"]).to_csv(path, index=False)
    return path


def test_choices_are_frozen_and_checked():
    c = Choices(ssi="log.csv", lags=range(2), people=["A"])
    assert c.ssi == ("log.csv",) and c.lags == (0, 1) and c.people == ("A",)
    with pytest.raises(AttributeError):
        c.alpha = 0.1  # type: ignore[misc]
    with pytest.raises(ValueError, match="Choices: lags"):
        Choices(ssi="log.csv", lags=(-1,))
    with pytest.raises(ValueError, match="Choices: ssi is empty"):
        Choices(ssi=())
    # the command refuses --washout without --experiment; so does the analysis, not a skip
    with pytest.raises(ValueError, match=r"Choices: washout .* without an experiment"):
        Choices(ssi="log.csv", washout=2)
    with pytest.raises(ValueError, match=r"analyse: choices\.anonymize"):
        analyse(Choices(ssi="log.csv", anonymize=True))


def test_a_score_the_data_lacks_is_a_note(tmp_path):
    log = _log(tmp_path / "log.csv", 20)
    done = analyse(Choices(ssi=log, scores=("ssi", "brand", "reach")))
    assert len(done.notes) == 1, done.notes
    assert "'reach'" in done.notes[0] and "has no such column" in done.notes[0]


def test_an_outcome_with_too_few_values_and_a_lag_too_long_are_notes(tmp_path):
    log = _log(tmp_path / "log.csv", 16)
    out = _outcomes(tmp_path / "outcomes.csv", 16, few=3)
    done = analyse(Choices(ssi=log, outcomes=out, scores=("ssi",), lags=(0, 1, 9)))
    assert done.outcomes == ["replies"] and done.answers is not None
    said = " ".join(done.notes)
    assert "'meetings' is in the exports but has 3 weeks with a value" in said, done.notes
    assert "Lag 9 (weeks) asked for with --lags is too long" in said, done.notes
    # what the data can serve is not noted
    assert "Lag 0" not in said and "Lag 1" not in said and "'replies'" not in said


def test_every_note_is_on_the_page(tmp_path):
    import html

    from ssi_analysis.present.report import render_analysis

    log = _log(tmp_path / "log.csv", 16)
    out = _outcomes(tmp_path / "outcomes.csv", 16, few=3)
    done = analyse(Choices(ssi=log, outcomes=out, scores=("ssi", "reach"), lags=(0, 9)))
    assert len(done.notes) == 3, done.notes  # a score, an outcome and a lag: one note each
    page = html.unescape(render_analysis(done).html())
    read = page[page.index("How your data was read") :]
    for said in done.notes:
        assert said in read, said


def test_a_score_a_team_lacks_is_a_note_not_a_failure(tmp_path):
    names = ("Ana", "Ben", "Cy", "Di")
    team = pd.concat(
        [
            pd.read_csv(_log(tmp_path / f"{name}.csv", 16, seed=seed, person=name))
            for seed, name in enumerate(names)
        ]
    )
    team.to_csv(tmp_path / "team.csv", index=False)
    days = pd.date_range("2026-01-05", periods=7 * 16, freq="D").strftime("%Y-%m-%d")
    rng = np.random.default_rng(1)
    rows = [(n, d, "replies", int(rng.poisson(1))) for n in names for d in days]
    out = tmp_path / "outcomes.csv"
    pd.DataFrame(rows, columns=["person", "date", "metric", "value"]).to_csv(out, index=False)
    # the team scan refused the whole analysis ("team_scan: no column 'reach'") before
    done = analyse(
        Choices(ssi=tmp_path / "team.csv", outcomes=out, scores=("ssi", "reach"), lags=(0,))
    )
    assert len(done.notes) == 1 and "Score 'reach' was asked for" in done.notes[0], done.notes
    assert list(done.team.table["score"]) == ["ssi"]


def test_what_the_data_serves_leaves_no_note(tmp_path):
    log = _log(tmp_path / "log.csv", 16)
    out = _outcomes(tmp_path / "outcomes.csv", 16)
    done = analyse(Choices(ssi=log, outcomes=out, scores=("ssi",), lags=(0, 1)))
    assert done.notes == []


def test_a_change_for_a_team_and_groups_for_one_seller_are_refused_with_a_reason(tmp_path):
    one = _log(tmp_path / "one.csv", 12)
    with pytest.raises(GroupByError, match="holds one person"):
        analyse(Choices(ssi=one, group_by="Region"))
    team = pd.concat(
        [
            pd.read_csv(_log(tmp_path / f"{name}.csv", 12, seed=seed, person=name))
            for seed, name in ((1, "Ana"), (2, "Ben"))
        ]
    )
    team.to_csv(tmp_path / "team.csv", index=False)
    with pytest.raises(ReportError, match="--change is checked on one seller's data"):
        analyse(Choices(ssi=tmp_path / "team.csv", changes=(("2026-02-02", "training"),)))


SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def test_revenue_left_out_of_an_experiment_is_a_note(tmp_path):
    """A switchback compares weeks, and a deal started in one block closes in another: the
    experiment leaves deals won and revenue won out, and now says so (it was silent)."""
    from ssi_analysis.stats.experiment import schedules

    schedule = tmp_path / "schedule.csv"
    schedules(24, 2, seed=3, start="2026-03-02").to_csv(schedule, index=False)
    crm = SAMPLE / "hubspot-crm-exports-all-deals-2026-11-23.csv"
    done = analyse(
        Choices(ssi=SAMPLE / "ssi_log.csv", outcomes=(crm,), person="Dana W.", experiment=schedule)
    )
    compared = set(done.experiment.table["measure"])
    assert {"deals_won", "revenue_won"} & compared == set()
    said = [n for n in done.notes if "not compared between your experiment's weeks" in n]
    assert len(said) == 1 and "'deals_won' and 'revenue_won'" in said[0], done.notes


def test_a_person_a_team_file_leaves_unused_is_a_note():
    team = SAMPLE / "team"
    files = dict(ssi=team / "team_ssi_log.csv", outcomes=(team / "report1763856000000.csv",))
    done = analyse(Choices(**files, person="Nobody"))
    assert len(done.people) == 12
    assert any(n.startswith("--person 'Nobody' names one person's files") for n in done.notes)
    assert analyse(Choices(**files)).notes == []
