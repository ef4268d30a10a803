"""The take-home page's "weeks needed" are the planner's answers for the command it prints
(#26 item 8, #22 item 7): same scores, outcomes, lags and family."""

import html
import re

import pandas as pd

from ssi_analysis import load_outcomes
from ssi_analysis.cli import _parser
from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.present import workshop
from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, question
from ssi_analysis.simulate import simulate
from ssi_analysis.simulate.writers import write_hubspot_csv
from ssi_analysis.stats.power import Variation, effect_needed, power


def _family(page: str, tmp_path) -> tuple[list[str], dict[str, list[str]], list[int]]:
    """Scores, outcomes per question and lags of the report command the page prints."""
    command = [
        line
        for line in html.unescape(re.search(r"<pre>(.*?)</pre>", page, re.S).group(1)).splitlines()
        if " report " in line
    ]
    assert len(command) == 1, command
    args = _parser().parse_args(command[0].split()[1:])
    # the scores: the CLI's default when --scores is not given (SSI and the four pillars)
    scores = list(args.scores) if args.scores else ["ssi", *PILLAR_NAMES]
    # the outcomes a CRM deals export gives (written by the kit's own HubSpot writer)
    deals = tmp_path / "my_crm_deals.csv"
    assert [str(p) for p in args.outcomes] == ["my_crm_deals.csv"]
    write_hubspot_csv(simulate(seed=3, days=364).deals, deals, seed=3)
    metrics = load_outcomes(deals)["metric"].unique()
    by_question: dict[str, list[str]] = {}
    for metric in metrics:
        if question(metric) != "activity":
            by_question.setdefault(question(metric), []).append(str(metric))
    return scores, by_question, list(args.lags)


def test_take_home_weeks_are_the_planners_for_its_command(tmp_path):
    page = workshop.take_home_html()
    scores, by_question, lags = _family(page, tmp_path)
    assert set(by_question) == {"pipeline", "revenue"}, by_question
    assert lags == [0, 1, 2, 3, 4] and len(scores) == 5
    cells = {q: len(scores) * len(outcomes) for q, outcomes in by_question.items()}
    # "linked": the r table, one row per size; both questions have the same family size
    assert len(set(cells.values())) == 1
    family = cells["pipeline"]
    text = html.unescape(re.sub(r"<[^>]+>", " ", page))
    rows = re.findall(r"<tr><td>±([\d.]+)</td><td>(\d+)</td>", page)
    assert len(rows) == 4
    for size, weeks in rows:
        size, weeks = float(size), int(weeks)
        # the planner: periods of pairs at the longest lag, plus the weeks that lag costs
        n = weeks - max(lags)
        assert power(n, r=size, lags=len(lags), cells=family) >= 0.8, (size, weeks)
        assert power(n - 1, r=size, lags=len(lags), cells=family) < 0.8, (size, weeks)
    assert f"among its {family} score × outcome pairs per question" in text
    # "ruled out": each question's default bound and horizon, its own family
    for q, outcomes in by_question.items():
        first = sorted(outcomes, key=lambda o: "created" not in o and "deals" not in o)[0]
        weeks = effect_needed(
            variation=Variation.typical("ssi", first),
            bound=DEFAULT_BOUND[q],
            horizon=DEFAULT_HORIZON[q],
            cells=cells[q],
        )
        words = (
            f"±{100 * DEFAULT_BOUND[q]:.0f} % over that week and the next "
            f"{DEFAULT_HORIZON[q]} weeks)"
        )
        assert words in text, words
        said = text.split(words)[1][:90]
        if weeks is None:
            assert "more than ten years" in said, said
        else:
            assert f"about {weeks} weeks" in said, (said, weeks)


def test_take_home_page_says_no_nan_and_stays_one_page():
    page = workshop.take_home_html()
    assert not re.search(r"\bnan\b", page, flags=re.I)
    words = len(re.sub(r"<[^>]+>|\{[^}]*\}", " ", page).split())
    assert words < 550, words
    assert pd.notna(workshop.ruled_out_weeks()["pipeline"])


def test_a_weekly_outcomes_table_is_read_week_by_week(tmp_path):
    """The take-home's own outcomes log (Week, Impressions, Leads): each row is a week's
    total, aligned to that week; a week left out stays missing (never 0)."""
    import numpy as np

    from ssi_analysis import align, load_ssi

    weeks = pd.date_range("2025-01-06", periods=30, freq="W-MON")
    rng = np.random.default_rng(0)
    table = pd.DataFrame(
        {
            "Week": weeks.strftime("%Y-%m-%d"),
            "Impressions": rng.poisson(900, 30),
            "Leads": rng.poisson(3, 30),
        }
    )
    gap = weeks[10]
    table[table["Week"] != gap.strftime("%Y-%m-%d")].to_csv(tmp_path / "outcomes.csv", index=False)
    pillars = {
        p: 10 + (np.arange(30) % 5) for p in ("Brand", "People", "Insights", "Relationships")
    }
    log = pd.DataFrame({"Date": weeks.strftime("%Y-%m-%d"), **pillars})
    log.insert(1, "SSI", log[list(pillars)].sum(axis=1))
    log.to_csv(tmp_path / "my_ssi.csv", index=False)

    outcomes = load_outcomes(tmp_path / "outcomes.csv")
    assert set(outcomes["metric"]) == {"impressions", "leads"}
    panel = align(load_ssi(tmp_path / "my_ssi.csv"), outcomes).set_index("period")
    expected = table.assign(period=weeks).set_index("period")
    kept = panel.index != gap
    assert panel.loc[kept, "impressions"].tolist() == expected.loc[kept, "Impressions"].tolist()
    assert panel.loc[kept, "leads"].tolist() == expected.loc[kept, "Leads"].tolist()
    assert np.isnan(panel.loc[gap, "impressions"]) and np.isnan(panel.loc[gap, "leads"])
