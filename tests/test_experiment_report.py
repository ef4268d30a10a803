"""``report --experiment``: the user's own experiment leads the report's answer.

A seller of the kit's simulator follows a switchback schedule in which the second arm posts
three times as often (a known truth: about +170 % weekly impressions); their SSI log and
creator export are written as the exports are, and the report is run on them as a user would.
"""

from __future__ import annotations

import re

import pytest

from ssi_analysis.cli import main
from ssi_analysis.exceptions import SSIDataError
from ssi_analysis.simulate.experiment import simulate_experiment
from ssi_analysis.simulate.writers import write_creator_xlsx, write_ssi_log
from ssi_analysis.stats.experiment import schedules

pytestmark = pytest.mark.xdist_group("experiment_report")


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("experiment")
    plan = schedules(24, 2, ("usual", "3 posts a week"), seed=501, start="2025-03-03")
    run = simulate_experiment(plan, more=3.0, seed=1, lead_weeks=4)
    sim = run.simulation
    ssi = write_ssi_log(sim.scores, folder / "ssi_log.csv", seed=2)
    first, last = (
        f"{d:%Y-%m-%d}" for d in (sim.outcomes["date"].min(), sim.outcomes["date"].max())
    )
    content = write_creator_xlsx(
        sim.outcomes, folder / f"Content_{first}_{last}_Dana.xlsx", start=first, end=last
    )
    schedule = folder / "schedule.csv"
    plan.to_csv(schedule, index=False)
    return {"ssi": ssi, "content": content, "schedule": schedule, "truth": run.truth}


def _page_text_of(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_experiment_leads_the_answer_and_finds_the_known_gain(files):
    from ssi_analysis.present.report import make_report, render

    report = make_report(files["ssi"], [files["content"]], experiment=files["schedule"])
    text = _page_text_of(render(report))
    answer = text[text.index("The answer") :]
    # the experiment's sentence comes before any question's sentence and before the grid
    assert answer.index("Your experiment") < answer.index("Reach:") < answer.index("outcome SSI")
    table = report.analysis.experiment.table.set_index("measure")
    row = table.loc["impressions"]
    assert row["status"] == "changed"
    assert row["percent_low"] <= files["truth"]["impressions_percent"] <= row["percent_high"]
    assert report.headline[0].startswith("Your experiment")
    assert "weekly impressions" in report.headline[0]
    # a score is a level: its difference is in points, never "a week"
    ssi_line = next(
        s for s in report.section("answer").blocks[1].content if s.startswith("Your SSI")
    )
    assert "points" in ssi_line and "a week" not in ssi_line.replace("'3 posts a week'", "")
    # every number is kept for analysts
    assert "Your experiment: every number" in text


def test_a_team_file_is_refused_with_a_sentence(files, tmp_path, capsys, repo):
    # also: the command line's --experiment reaches the analysis
    code = main(
        [
            "report",
            "--ssi", str(repo / "data" / "sample" / "team" / "team_ssi_log.csv"),
            "--experiment", str(files["schedule"]),
            "--out", str(tmp_path / "r.html"),
        ]
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err
    assert "--experiment is one person's experiment" in err and "--people" in err
    assert not (tmp_path / "r.html").exists()


def test_a_missing_schedule_names_the_file(files):
    from ssi_analysis.present.report import make_report

    with pytest.raises(SSIDataError, match=r"nowhere\.csv"):
        make_report(
            files["ssi"], [files["content"]], experiment=files["schedule"].with_name("nowhere.csv")
        )


def test_experiment_needs_weeks():
    from ssi_analysis.analysis import Choices

    with pytest.raises(ValueError, match="freq='W'"):
        Choices(ssi="ssi_log.csv", experiment="schedule.csv", freq="MS")
    with pytest.raises(ValueError, match="washout"):
        Choices(ssi="ssi_log.csv", washout=-1)
