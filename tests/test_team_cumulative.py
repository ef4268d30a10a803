"""A team's verdict on the cumulative effect of a sustained rise (issue 22).

"Ruled out" for a team means what it means for one person: the effect of a sustained rise of
the score on the outcome over lags 0..H (H = 13 weeks for revenue and deals won, 4 for the
other questions) is inside ±the bound. The team once ran its equivalence test one lag at a
time with ±25 % per lag, so an effect of +70-100 % spread evenly over a 14-week sales cycle
(5 % a lag) was "ruled out" (in 25 % of 40-seller teams, most of larger teams). Rates
promised at 5 % are held to 0.05 + 3 Monte Carlo standard errors.
"""

import math
import re

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.stats.answers import team_answers
from ssi_analysis.stats.team import window_regressor

ALPHA = 0.05


def ceiling(rate: float, reps: int) -> float:
    return rate + 3 * math.sqrt(rate * (1 - rate) / reps)


def spread_team(
    rng, *, people, weeks=104, phi=0.3, total=1.0, lags=range(14), base=0.35, swing=0.0
):
    """Deals won whose expected value rises by ``total`` (a share) when the relationships
    pillar (AR(1) ``phi``, sd 1.55 around each seller's level) stays 2.5 points higher over
    ``lags``: the log effect log(1 + total) shared evenly by those lags. ``swing``: a
    team-wide move (the same AR(1) ``phi`` series, sd ``swing`` × 1.55, in every seller's
    pillar) added on top."""
    burn = 60
    n = weeks + burn
    shocks = rng.normal(0, 1.55 * math.sqrt(1 - phi**2), (people, n))
    dev = np.zeros((people, n))
    dev[:, 0] = rng.normal(0, 1.55, people)
    for t in range(1, n):
        dev[:, t] = phi * dev[:, t - 1] + shocks[:, t]
    if swing:
        common = np.zeros(n)
        common[0] = rng.normal(0, 1.55 * swing)
        moves = rng.normal(0, 1.55 * swing * math.sqrt(1 - phi**2), n)
        for t in range(1, n):
            common[t] = phi * common[t - 1] + moves[t]
        dev = dev + common
    lags = list(lags)
    beta = math.log1p(total) / (2.5 * len(lags))
    index = sum(beta * dev[:, burn - k : burn - k + weeks] for k in lags)
    season = 0.3 * np.sin(np.arange(weeks) * 2 * np.pi / 52)
    level = rng.lognormal(math.log(base), 0.3, (people, 1))
    deals = rng.poisson(level * np.exp(season + index))
    pillar = rng.uniform(8, 18, (people, 1)) + dev[:, burn:]
    return pd.DataFrame(
        {
            "person": np.repeat([f"s{i:03d}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2024-01-01", periods=weeks, freq="W-MON"), people),
            "relationships": pillar.ravel(),
            "deals_won": deals.ravel().astype(float),
        }
    )


def answer(panel, outcome="deals_won"):
    return team_answers(panel, scores=["relationships"], outcomes=[outcome]).table.iloc[0]


def test_an_effect_spread_over_the_sales_cycle_is_never_ruled_out():
    """+50 % over lags 0-13 (about 3 % a lag) on a pillar whose weekly moves are unrelated:
    every lag inside ±25 %, the cycle's effect twice the bound. The per-lag test ruled it out
    in 4 of 6 such teams of 80 sellers; on the cumulative effect it is found instead."""
    rng = np.random.default_rng(2262)
    reps = 10
    rows = [answer(spread_team(rng, people=80, phi=0.0, total=0.5)) for _ in range(reps)]
    verdicts = [row["verdict"] for row in rows]
    assert np.mean([v == "ruled out" for v in verdicts]) <= ceiling(ALPHA, reps), verdicts
    assert verdicts.count("linked") >= reps - 2, verdicts
    for row in rows:
        assert row["lag_low"] == 0 and row["lag_high"] == 13 and row["window"] == 13
    # the 95 % interval of the cumulative effect holds the truth (+50 %) in most teams
    covered = [row["effect_low_pct"] <= 50 <= row["effect_high_pct"] for row in rows]
    assert sum(covered) >= reps - 3, [(r["effect_low_pct"], r["effect_high_pct"]) for r in rows]
    linked = next(row for row in rows if row["verdict"] == "linked")
    assert "over the same week and the following 13 weeks" in linked["sentence"]


def test_an_effect_at_the_bound_at_one_lag_is_rarely_ruled_out():
    """An effect exactly at ±25 % arriving in the same week, with a persistent pillar (AR
    0.67): the window's mean reads such an effect at about 0.7 of its size, so the test's
    margins are the bound times the window's smallest lag weight. Without that shrink this
    cell was "ruled out" in about 10 % of teams."""
    rng = np.random.default_rng(2263)
    reps = 40
    verdicts = []
    for _ in range(reps):
        row = answer(spread_team(rng, people=60, phi=0.67, total=0.25, lags=[0]))
        verdicts.append(row["verdict"])
        assert 0.5 < row["window_weight"] < 0.85
    rate = np.mean([v == "ruled out" for v in verdicts])
    assert rate <= ceiling(ALPHA, reps), (rate, verdicts)


def test_no_link_is_ruled_out_over_the_cycle_and_said_so():
    rng = np.random.default_rng(2264)
    row = answer(spread_team(rng, people=80, total=0.0))
    assert row["verdict"] == "ruled out", row["sentence"]
    assert row["sentence"].startswith(
        "Ruled out: within each person, a sustained 2.5-point rise in"
    )
    assert "per week over the same week and the following 13 weeks" in row["sentence"]
    assert f"{row['tost_low']:+.1f} %" in row["sentence"]


def test_the_window_regressor_skips_gaps_and_measures_its_weights():
    person = np.repeat([0, 1], 6)
    period = np.tile(pd.date_range("2025-01-06", periods=6, freq="W-MON"), 2)
    x = np.arange(12.0)
    x[[2, 3, 4]] = np.nan  # person 0 misses three weeks in a row
    m, _ = window_regressor(person, period, x, 2)
    # a window needs half its weeks seen; a window with every week seen is its plain mean
    assert np.isnan(m[:2]).all() and np.isfinite(m[2]) and np.isnan(m[3])
    assert np.isnan(m[4]) and np.isnan(m[5])  # one week of three seen at most
    assert m[8:].tolist() == pytest.approx([7.0, 8.0, 9.0, 10.0])
    # the smallest lag weight: about 1 for a score with unrelated weekly moves, well below
    # it at the ends of a 14-week window for a persistent one
    rng = np.random.default_rng(5)
    for phi, low, high in ((0.0, 0.85, 1.0), (0.67, 0.55, 0.8)):
        team = spread_team(rng, people=60, phi=phi, total=0.0)
        _, weight = window_regressor(
            team["person"].to_numpy(), team["period"], team["relationships"].to_numpy(), 13
        )
        assert low < weight <= high, (phi, weight)


@pytest.mark.parametrize("phi, swing", [(0.0, 0.0), (0.67, 0.0), (0.0, 1.5)])
def test_a_window_with_gaps_predicts_the_full_window_mean(phi, swing):
    """With 30 % of weeks missing, the mean of the seen weeks alone is the full window's
    mean plus an error, and a slope on it shrinks (white-noise score: to about 0.7 of the
    truth). The window's regressor is the best linear prediction of the full mean from the
    seen weeks (regression calibration): regressing the full mean on it, both off seller and
    week means as in the team's model, gives a slope of 1, for a score with unrelated weekly
    moves, for a persistent one, and when every seller's score also swings together (a
    team-wide move of 1.5 times a seller's own sd). Predicting around each seller's mean
    alone read the team's swing as persistence: slope 0.64 ± 0.01 in that last case."""
    rng = np.random.default_rng(int(100 * phi) + 7 + int(10 * swing))
    team = spread_team(rng, people=120, phi=phi, total=0.0, swing=swing)
    person, period = team["person"].to_numpy(), team["period"].to_numpy()
    full = team["relationships"].to_numpy()
    seen = full.copy()
    seen[rng.random(len(seen)) < 0.3] = np.nan
    truth, _ = window_regressor(person, period, full, 13)
    m, _ = window_regressor(person, period, seen, 13)
    ok = np.isfinite(truth) & np.isfinite(m)
    frame = pd.DataFrame({"p": person[ok], "t": period[ok], "truth": truth[ok], "m": m[ok]})
    for _ in range(10):  # off seller and week means (alternating; settled well before 10)
        for key in ("t", "p"):
            frame[["truth", "m"]] -= frame.groupby(key)[["truth", "m"]].transform("mean")
    slope = float(np.sum(frame["truth"] * frame["m"]) / np.sum(frame["m"] ** 2))
    assert slope == pytest.approx(1.0, abs=0.06), slope
    # the plain mean of the seen weeks (the old regressor) shrinks a white-noise score's
    if phi == 0.0 and swing == 0.0:
        plain = (
            pd.Series(seen).groupby(person).transform(lambda v: v.rolling(14, min_periods=7).mean())
        )
        both = np.isfinite(truth) & plain.notna().to_numpy()
        f = pd.DataFrame({"p": person[both], "t": truth[both], "m": plain.to_numpy()[both]})
        w = f[["t", "m"]] - f.groupby("p")[["t", "m"]].transform("mean")
        assert float(np.sum(w["t"] * w["m"]) / np.sum(w["m"] ** 2)) < 0.8


def test_missing_score_weeks_do_not_shrink_an_effect_at_the_bound():
    """+25 % (the deals-won bound) spread over the 14-week cycle, white-noise pillar, 160
    sellers x 104 weeks, 30 % of the pillar's weeks missing. With the seen weeks' plain mean
    as the regressor this cell read +17 % for +25 % and was "ruled out" in 18.5 % ± 2.3 of
    275 teams (90 % interval covering the truth in 78.5 %). Held to: "ruled out" at most
    5 % + 3 Monte Carlo s.e., the mean log effect within 3 s.e. of the truth, and the 90 %
    interval covering it in at least 90 % - 3 s.e."""
    rng = np.random.default_rng(2268)
    reps = 80
    rows = []
    for _ in range(reps):
        team = spread_team(rng, people=160, phi=0.0, total=0.25)
        x = team["relationships"].to_numpy().copy()
        x[rng.random(len(x)) < 0.3] = np.nan
        rows.append(answer(team.assign(relationships=x)))
    out = pd.DataFrame(rows)
    ruled_out = float((out["verdict"] == "ruled out").mean())
    assert ruled_out <= ceiling(ALPHA, reps), ruled_out
    log_effect = np.log1p(out["effect_pct"] / 100)
    error = float(log_effect.mean() - math.log(1.25))
    assert abs(error) <= 3 * log_effect.std() / math.sqrt(reps), (error, log_effect.std())
    covered = float(((out["tost_low"] <= 25) & (25 <= out["tost_high"])).mean())
    assert covered >= 0.9 - 3 * math.sqrt(0.9 * 0.1 / reps), covered


def test_data_shorter_than_the_cycle_is_never_ruled_out():
    rng = np.random.default_rng(2265)
    row = answer(spread_team(rng, people=40, weeks=13, total=0.0))
    assert row["verdict"] == "inconclusive"
    assert "shorter than the revenue horizon" in row["sentence"]


def test_a_small_link_says_it_is_small():
    """Linked, with the cumulative interval inside ±bound: the sentence says both."""
    rng = np.random.default_rng(2266)
    team = spread_team(rng, people=150, total=0.06, lags=[0], base=3.0)
    row = answer(team.rename(columns={"deals_won": "replies"}), "replies")
    assert row["verdict"] == "linked", row["sentence"]
    assert "in the same week" in row["sentence"]
    assert "linked, but by less than ±20 %" in row["sentence"]
    assert row["p_tost"] < 0.05


def test_cant_tell_names_its_lag_and_window():
    rng = np.random.default_rng(2267)
    team = spread_team(rng, people=6, weeks=40, total=0.0, base=0.5)
    row = answer(team.rename(columns={"deals_won": "replies"}), "replies")
    assert row["verdict"] == "inconclusive", row["sentence"]
    assert re.search(r"smallest at lag [0-4] of 0-4, 6 people", row["sentence"])
    assert "Over the same week and the following 4 weeks, a sustained" in row["sentence"]
    assert "at the lag shown" not in row["sentence"].lower()
    assert f"{row['tost_low']:+.1f} % to {row['tost_high']:+.1f} %" in row["sentence"]
