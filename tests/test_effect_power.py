"""Planners in the verdict's units (#22 item 7): effect_power / effect_needed.

The must-show: the planner's chance of "ruled out" is within ±0.05 of the simulated rate of
the report's own verdict (``answers()`` with its defaults: SSI and four pillars, lags 0-4, one
Benjamini-Hochberg family per question, each question's default bound and horizon).
"""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, question
from ssi_analysis.stats.answers import answers
from ssi_analysis.stats.power import (
    TEAM_MAX_WEEKS,
    Variation,
    effect_needed,
    effect_power,
)

#: Each score's weekly innovation sd: the pillars' a quarter of SSI's, so that a RISE (10
#: SSI points, 2.5 pillar points) is the same number of weekly surprises for all five.
SCORES = {"ssi": 3.1, "brand": 0.775, "people": 0.775, "insights": 0.775, "relationships": 0.775}
PHI = (0.9, -0.2)  # a typical score's AR filter (the simulator's sellers, rounded)


def _world(rng, weeks: int, outcomes: dict) -> pd.DataFrame:
    """One seller: five AR(2) scores, outcomes unrelated to them (Poisson counts, or money:
    a Poisson number of deals with lognormal amounts of the given cv)."""
    burn = 60
    cols = {}
    for name, sd in SCORES.items():
        e = rng.normal(0, sd, weeks + burn)
        x = np.zeros(weeks + burn)
        for t in range(2, weeks + burn):
            x[t] = PHI[0] * x[t - 1] + PHI[1] * x[t - 2] + e[t]
        cols[name] = (50.0 if name == "ssi" else 12.0) + x[burn:]
    for name, (mean, amount_cv) in outcomes.items():
        deals = rng.poisson(mean, weeks)
        if amount_cv:
            sigma = np.sqrt(np.log(1 + amount_cv**2))
            money = [rng.lognormal(8 - sigma**2 / 2, sigma, k).sum() for k in deals]
            cols[name] = np.round(money)
        else:
            cols[name] = deals.astype(float)
    period = pd.date_range("2024-01-01", periods=weeks, freq="W-MON")
    return pd.DataFrame({"period": period, **cols})


def test_planned_ruled_out_matches_the_reports_verdict_in_three_cells():
    """Three cells (outcomes) of one question, 156 weeks: the planned chance of "ruled out"
    (from the outcome's cv and the score's filter, cells = 15) within 0.05 of the simulated
    rate of answers()' verdict, with room for the Monte Carlo s.e. (cells of one seller share
    the outcome, so the s.e. is taken over sellers)."""
    weeks, reps = 156, 60
    outcomes = {
        "deals_created": (8, 0.0),  # counts, cv 0.35
        "pipeline_created": (12, 1.0),  # money: lognormal amounts, cv 0.41
        "meetings_booked": (2, 0.0),  # few counts, cv 0.71: rarely "ruled out"
    }
    assert {question(o) for o in outcomes} == {"pipeline"}
    rng = np.random.default_rng(2207)
    hits = {o: [] for o in outcomes}
    for _ in range(reps):
        table = answers(_world(rng, weeks, outcomes)).table
        for o in outcomes:
            hits[o].append(
                float((table.loc[table["outcome"] == o, "verdict"] == "ruled out").mean())
            )
    for o, (mean, amount_cv) in outcomes.items():
        cv = float(np.sqrt((1 + amount_cv**2) / mean))
        plan = effect_power(
            weeks,
            variation=Variation(score_sd=3.1, score_ar=PHI, outcome_cv=cv),
            bound=DEFAULT_BOUND["pipeline"],
            horizon=DEFAULT_HORIZON["pipeline"],
            cells=len(SCORES) * len(outcomes),
        ).ruled_out
        got = np.asarray(hits[o])
        rate, se = got.mean(), got.std(ddof=1) / np.sqrt(reps)
        assert abs(rate - plan) <= 0.05 + 2 * se, (o, rate, se, plan)


def test_planner_is_finite_or_refuses_across_its_range():
    """4 to 520 weeks, horizons 0-13: a finite chance or a ValueError that says what to do."""
    v = Variation.typical("ssi", "revenue_won")
    answered = 0
    for weeks in [*range(4, 60, 3), *range(60, TEAM_MAX_WEEKS + 1, 23), TEAM_MAX_WEEKS]:
        for horizon in (0, 4, 13):
            try:
                res = effect_power(
                    weeks, variation=v, effect=0.3, bound=0.25, horizon=horizon, cells=10
                )
            except ValueError as exc:
                assert "plan for more weeks or a shorter horizon" in str(exc)
                assert weeks - horizon < 40
                continue
            answered += 1
            assert all(np.isfinite(x) for x in res[:4]), (weeks, horizon, res)
            assert 0 <= res.ruled_out <= 1 and 0 <= res.linked <= 1
    assert answered > 60
    with pytest.raises(ValueError, match="cannot carry a 13-week horizon"):
        effect_power(30, variation=v, horizon=13)
    with pytest.raises(ValueError, match="weeks must be a whole number from 4"):
        effect_power(600, variation=v)
    with pytest.raises(ValueError, match="bound must be a share"):
        effect_power(104, variation=v, bound=-0.2)
    with pytest.raises(ValueError, match="outcome_cv must be a positive number"):
        Variation(score_sd=3.0, score_ar=(0.9,), outcome_cv=0.0)


def test_planner_moves_the_right_way():
    """More weeks, a wider bound, fewer cells: never less power; a larger effect: more
    "linked" and less "ruled out"."""
    v = Variation.typical("ssi", "deals_created")
    base = effect_power(104, variation=v, effect=0.2, bound=0.4, cells=10)
    assert effect_power(208, variation=v, effect=0.2, bound=0.4, cells=10).linked > base.linked
    assert effect_power(104, variation=v, effect=0.2, bound=0.6, cells=10).ruled_out > (
        base.ruled_out
    )
    assert effect_power(104, variation=v, effect=0.2, bound=0.4, cells=1).linked > base.linked
    bigger = effect_power(104, variation=v, effect=0.4, bound=0.4, cells=10)
    assert bigger.linked > base.linked and bigger.ruled_out < base.ruled_out
    # the SE falls as 1/sqrt(weeks) once the horizon and filter are small beside them
    ratio = effect_power(416, variation=v).se / effect_power(104, variation=v).se
    assert 0.45 < ratio < 0.55


def test_effect_needed_is_the_inverse_of_effect_power():
    v = Variation.typical("ssi", "pipeline_created")
    weeks = effect_needed(variation=v, bound=0.4, cells=10)
    assert weeks is not None
    assert effect_power(weeks, variation=v, bound=0.4, cells=10).ruled_out >= 0.8
    assert effect_power(weeks - 1, variation=v, bound=0.4, cells=10).ruled_out < 0.8
    found = effect_needed(variation=v, verdict="linked", effect=0.5, cells=10)
    assert effect_power(found, variation=v, effect=0.5, cells=10).linked >= 0.8
    assert effect_power(found - 1, variation=v, effect=0.5, cells=10).linked < 0.8
    # one seller's revenue at ±25 %: not within ten years (the docs say so)
    assert (
        effect_needed(
            variation=Variation.typical("ssi", "revenue_won"), bound=0.25, horizon=13, cells=10
        )
        is None
    )


def test_variation_of_data_measures_the_sellers_own_variation():
    rng = np.random.default_rng(5)
    panel = _world(rng, 520, {"deals_created": (5, 0.0)})
    v = Variation.of(panel, score="ssi", outcome="deals_created")
    assert v.score_sd == pytest.approx(3.1, rel=0.1)
    assert v.outcome_cv == pytest.approx(1 / np.sqrt(5), rel=0.1)
    assert abs(v.outcome_ar) < 0.15
    assert sum(v.score_ar) == pytest.approx(sum(PHI), abs=0.1)
    panel["margin"] = panel["deals_created"] - 5.0  # can be negative: no % of it
    with pytest.raises(ValueError, match="margin has negative values"):
        Variation.of(panel, score="ssi", outcome="margin")
