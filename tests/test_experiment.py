"""The switchback experiment: design, randomisation test, interval, washout, planner, input.

Statistical promises are checked by simulation with a tolerance of three Monte Carlo standard
errors (``3 * sqrt(q * (1 - q) / n)``).
"""

import itertools

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.errors import SSIDataError
from ssi_analysis.simulate.experiment import simulate_experiment, switchback_series
from ssi_analysis.stats.experiment import (
    MAX_RUN,
    _count,
    _enumerate,
    design,
    draw_blocks,
    experiment,
    experiment_power,
    family_p,
    randomisation_test,
    schedules,
)

ALPHA = 0.05


def se(q: float, n: int) -> float:
    return float(np.sqrt(q * (1 - q) / n))


def run_lengths(seq) -> int:
    return max(len(list(g)) for _, g in itertools.groupby(seq))


# ---------------------------------------------------------------- the design


@pytest.mark.parametrize("blocks", [4, 6, 8, 10, 12])
def test_enumeration_is_every_allowed_schedule(blocks):
    allowed = {
        seq
        for seq in itertools.product((0, 1), repeat=blocks)
        if sum(seq) == blocks // 2 and run_lengths(seq) <= MAX_RUN
    }
    got = {tuple(int(v) for v in row) for row in _enumerate(blocks)}
    assert got == allowed
    assert _count(blocks) == len(allowed)


def test_randomiser_draws_every_allowed_schedule_equally_often(rng):
    dsg = design(8)  # 34 schedules
    n = 34 * 300
    drawn = draw_blocks(8, rng, n)
    index = {tuple(row): i for i, row in enumerate(dsg.assignments.tolist())}
    counts = np.bincount([index[tuple(row)] for row in drawn.tolist()], minlength=34)
    assert counts.sum() == n  # every draw is an allowed schedule
    q = 1 / 34  # each count is binomial(n, q); Bonferroni over 34 cells at 3.9 sd
    assert np.abs(counts / n - q).max() <= 3.9 * se(q, n)


def test_schedule_is_balanced_restricted_and_repeatable():
    a = schedules(24, 2, ("usual", "3 posts a week"), seed=11, start="2027-01-04")
    b = schedules(24, 2, ("usual", "3 posts a week"), seed=11, start="2027-01-04")
    pd.testing.assert_frame_equal(a, b)
    assert (a["arm"] == "usual").sum() == 6 and run_lengths(a["arm"]) <= 2
    assert (a["start"].dt.day_of_week == 0).all() and (a["end"].dt.day_of_week == 6).all()
    assert (a["start"].iloc[1:].to_numpy() == (a["end"].iloc[:-1] + pd.Timedelta(days=1))).all()
    assert set(a["seed"]) == {11} and set(a["arms"]) == {"usual|3 posts a week"}


# ---------------------------------------------------------------- no effect: exact


def null_rate(noise, n, rng, *, blocks=12, block=2, washout=0, missing=0.0, **kwargs):
    dsg = design(blocks)
    hits = 0
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        y = switchback_series(np.repeat(observed, block), noise=noise, rng=rng, **kwargs)
        if missing:
            y[rng.random(len(y)) < missing] = np.nan
        res = randomisation_test(
            y, observed, dsg, block=block, washout=washout, alpha=ALPHA, interval=False
        )
        hits += res["p"] <= ALPHA
    return hits / n, dsg


@pytest.mark.parametrize(
    "noise, kwargs",
    [("ar", {"phi": 0.9}), ("walk", {"trend": 0.3})],
    ids=["ar0.9", "walk_trend"],
)
def test_no_effect_changed_at_the_exact_rate(noise, kwargs, rng):
    n = 1000
    rate, dsg = null_rate(noise, n, rng, **kwargs)
    # 12 blocks: 208 schedules; p <= 0.05 means p <= 10/208, which happens with probability
    # exactly 10/208 under no effect, whatever the outcome's autocorrelation or trend
    exact = np.floor(ALPHA * dsg.count) / dsg.count
    assert rate <= ALPHA + 3 * se(ALPHA, n)
    assert abs(rate - exact) <= 3 * se(exact, n)


def test_no_effect_with_washout_and_missing_weeks(rng):
    n = 800
    rate, _ = null_rate("ar", n, rng, phi=0.9, washout=1, missing=0.15)
    assert rate <= ALPHA + 3 * se(ALPHA, n)


def test_no_effect_with_drawn_schedules(rng):
    # 26 one-week blocks: 10^5 schedules, so p uses 9,999 draws and the +1 correction
    n = 300
    rate, dsg = null_rate("walk", n, rng, blocks=26, block=1, trend=0.2)
    assert not dsg.exact
    assert rate <= ALPHA + 3 * se(ALPHA, n)


# ---------------------------------------------------------------- an effect


def test_found_and_covered_where_the_planner_says_80_percent(rng):
    weeks, block, change, cv, phi = 24, 2, 0.30, 0.15, 0.3
    planned = experiment_power(change, weeks=weeks, block=block, cv=cv, phi=phi)
    assert planned >= 0.8
    blocks, dsg, n = weeks // block, design(weeks // block), 300
    found = covered = 0
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        noise = switchback_series(np.zeros(weeks), noise="ar", phi=phi, rng=rng)
        more = np.repeat(observed, block)
        y = (1 + change * more) * (1 + cv * noise)
        truth = change * np.mean(1 + cv * noise)  # the weeks' average effect
        res = randomisation_test(y, observed, dsg, block=block)
        found += res["p"] <= ALPHA
        covered += res["ci_low"] <= truth <= res["ci_high"]
    assert found / n >= 0.8 - 3 * se(0.8, n)
    assert covered / n >= 0.93 - 3 * se(0.93, n)


def test_a_proportional_lift_in_a_count_is_covered_in_percent(rng):
    # weeks that vary 60 % around their level; the arm multiplies a week by 4 (+300 %: from
    # not posting to posting, say). The % interval comes from the test of a proportional
    # effect; the additive interval over the usual weeks' mean covered it 85.5 % of 200 times.
    weeks, block, rho, n = 24, 2, 3.0, 200
    blocks, dsg = weeks // block, design(weeks // block)
    covered = agree = 0
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        y = 1000 * np.exp(rng.normal(0, 0.6, weeks)) * (1 + rho) ** np.repeat(observed, block)
        res = randomisation_test(y, observed, dsg, block=block, ratio=True)
        covered += res["ratio_low"] <= rho <= res["ratio_high"]
        # one test: "no effect" (rho = 0) is outside the interval exactly when p <= alpha
        agree += (res["p"] <= ALPHA) == (not res["ratio_low"] <= 0 <= res["ratio_high"])
    assert covered / n >= 0.93 - 3 * se(0.93, n)
    assert agree == n


def test_family_p_names_a_measure_at_most_alpha_of_the_time_with_no_effect(rng):
    # nine measures that move together (a shared AR(0.9) part, as SSI and its pillars do) and
    # nothing changes: each measure alone is "changed" 1 time in 20, so "at least one" is far
    # more often; the family's p (min-p over the same schedules) names one <= 5 % of the time
    weeks, block, k, n = 24, 2, 9, 300
    blocks, dsg = weeks // block, design(weeks // block)
    any_own = any_family = 0
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        shared = switchback_series(np.zeros(weeks), noise="ar", phi=0.9, rng=rng)
        runs = [
            randomisation_test(
                shared + switchback_series(np.zeros(weeks), noise="ar", phi=0.5, rng=rng),
                observed,
                dsg,
                block=block,
                interval=False,
            )
            for _ in range(k)
        ]
        p = np.array([r["p"] for r in runs])
        adjusted = family_p([r["null"] for r in runs], p, dsg.exact)
        assert (adjusted >= p).all()
        any_own += (p <= ALPHA).any()
        any_family += (adjusted <= ALPHA).any()
    assert any_family / n <= ALPHA + 3 * se(ALPHA, n)
    assert any_own / n > ALPHA + 3 * se(ALPHA, n)  # the reason for the family's p


def test_sixteen_weeks_of_two_week_blocks_is_too_short_to_find_anything():
    # 8 blocks: 34 possible schedules, so no two-sided p can be below 2/34 = 0.059
    plan = schedules(16, 2, seed=5, start="2027-01-04")
    weeks = pd.date_range("2027-01-04", periods=16, freq="7D")
    more = np.repeat((plan["arm"] == "more").to_numpy(), 2)
    data = pd.DataFrame({"period": weeks, "impressions": 1000.0 + 600 * more})
    row = experiment(data, plan, outcomes=["impressions"]).table.iloc[-1]
    assert row["status"] == "too_short" and row["p"] == pytest.approx(2 / 34)
    assert np.isinf(row["ci_low"]) and np.isinf(row["ci_high"])
    assert experiment_power(0.3, weeks=16, block=2, cv=0.2) == 0.0


def test_simulated_posting_arm_has_a_known_truth_and_logs_carry_over():
    # the kit's simulator: the arm posts 1.35 times as often, about +30 % impressions (the
    # interval's coverage there is measured in docs/methods.md, not promised by this test)
    plan = schedules(24, 2, seed=501, start="2025-03-03")
    run = simulate_experiment(plan, seed=1, lead_weeks=4, carry_weeks=1)
    assert 25 < run.truth["impressions_percent"] < 35
    arm = (plan["arm"] == "more").to_numpy().astype(int)
    switched = arm != np.concatenate([[0], arm[:-1]])
    first_weeks = np.zeros(24, dtype=bool)
    first_weeks[np.flatnonzero(switched) * 2] = True
    assert (run.weekly["followed"].to_numpy() == ~first_weeks).all()
    assert len(run.weekly) == 24


def test_washout_removes_one_week_of_carry_over(rng):
    weeks, block, effect, n = 24, 2, 1.0, 300
    blocks = weeks // block
    dsg = design(blocks)
    err = {0: [], 1: []}
    half = []
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        y = switchback_series(
            np.repeat(observed, block), effect=effect, carry_weeks=1, phi=0.5, rng=rng
        )
        for washout in (0, 1):
            res = randomisation_test(y, observed, dsg, block=block, washout=washout)
            err[washout].append(res["difference"] - effect)
            if washout:
                half.append((res["ci_high"] - res["ci_low"]) / 2)
    bias, mc = np.mean(err[1]), np.std(err[1]) / np.sqrt(n)
    assert abs(bias) <= 3 * mc  # unbiased with washout=1
    assert abs(bias) <= np.median(half)
    # without washout a carried-over week biases the difference towards zero (the test can fail)
    assert np.mean(err[0]) < -3 * np.std(err[0]) / np.sqrt(n)


# ---------------------------------------------------------------- the planner


@pytest.mark.parametrize(
    "weeks, block, change, cv, phi",
    [(24, 2, 0.3, 0.2, 0.3), (20, 2, 0.3, 0.15, 0.3), (16, 1, 0.2, 0.2, 0.3)],
)
def test_planner_power_matches_simulated_power(weeks, block, change, cv, phi, rng):
    planned = experiment_power(change, weeks=weeks, block=block, cv=cv, phi=phi)
    blocks, n = weeks // block, 400
    dsg = design(blocks)
    hits = 0
    for _ in range(n):
        observed = draw_blocks(blocks, rng)
        noise = switchback_series(np.zeros(weeks), noise="ar", phi=phi, rng=rng)
        y = (1 + change * np.repeat(observed, block)) * (1 + cv * noise)
        hits += randomisation_test(y, observed, dsg, block=block, interval=False)["p"] <= ALPHA
    simulated = hits / n
    assert abs(planned - simulated) <= 0.05 + 3 * se(simulated, n)


# ------------------------------------------------------------ the analysis: input and accounting


@pytest.fixture
def plan():
    return schedules(24, 2, ("usual", "more"), seed=3, start="2027-01-04")


@pytest.fixture
def weekly(plan, rng):
    weeks = pd.date_range("2026-12-07", periods=30, freq="7D")  # 4 weeks before, 2 after
    return pd.DataFrame(
        {
            "person": "Dana W.",
            "period": weeks,
            "ssi": 60 + rng.normal(0, 1, 30),
            "impressions": rng.poisson(1000, 30).astype(float),
        }
    )


def test_every_week_accounted_for_and_missing_stays_missing(plan, weekly):
    weekly.loc[[6, 7, 12], "impressions"] = np.nan
    res = experiment(weekly, plan, outcomes=["impressions"], washout=1)
    row = res.table.set_index("measure").loc["impressions"]
    assert row["weeks_missing"] == 3
    used = row["weeks_arm"] + row["weeks_reference"]
    overlap = np.isnan(weekly["impressions"].iloc[4:28].to_numpy())  # missing washout weeks
    washout_weeks = row["weeks_washout"]
    assert used + washout_weeks + 3 - _missing_in_washout(plan, overlap) == 24
    assert set(res.table["measure"]) == {"ssi", "impressions"}


def _missing_in_washout(plan, missing):
    arm = (plan["arm"] == "more").to_numpy().astype(int)
    changed = arm != np.concatenate([[0], arm[:-1]])
    first_weeks = np.zeros(24, dtype=bool)
    first_weeks[np.flatnonzero(changed) * 2] = True
    return int(np.sum(first_weeks & missing))


def test_adherence_is_reported_beside_the_by_assignment_answer(plan, weekly):
    base = experiment(weekly, plan, outcomes=["impressions"])
    followed = weekly.assign(followed=[True] * 10 + [False] * 6 + [True] * 14)
    res = experiment(followed, plan, outcomes=["impressions"])
    pd.testing.assert_frame_equal(base.table, res.table)  # by assignment, as randomised
    assert res.followed == pytest.approx(18 / 24)  # weeks 4-27 of the data: 6 not followed
    assert np.isnan(base.followed)


def test_schedule_not_covered_by_the_data_names_the_row(plan, weekly):
    short = weekly[weekly["period"] < "2027-05-24"]
    with pytest.raises(SSIDataError, match=r"schedule row 11: the data has no week"):
        experiment(short, plan, outcomes=["impressions"])


def test_overlapping_blocks_name_the_row(plan, weekly):
    bad = plan.copy()
    bad.loc[4, "start"] = bad.loc[4, "start"] - pd.Timedelta(days=7)
    with pytest.raises(SSIDataError, match=r"schedule row 5: .*overlaps row 4"):
        experiment(weekly, bad, outcomes=["impressions"])


def test_unknown_arm_names_the_row(plan, weekly):
    bad = plan.copy()
    bad.loc[2, "arm"] = "much more"
    with pytest.raises(SSIDataError, match=r"schedule row 3: unknown arm 'much more'"):
        experiment(weekly, bad, outcomes=["impressions"])


def test_fewer_than_four_blocks_is_refused(plan, weekly):
    with pytest.raises(SSIDataError, match=r"3 block\(s\); .* at least 4"):
        experiment(weekly, plan.head(3), outcomes=["impressions"])
    with pytest.raises(ValueError, match=r"at least 4"):
        schedules(6, 2, seed=1)


def test_schedule_edited_after_randomisation_is_refused_or_flagged(plan, weekly):
    edited = plan.copy()
    first_more = int(np.flatnonzero(plan["arm"] == "more")[0])
    first_usual = int(np.flatnonzero(plan["arm"] == "usual")[0])
    edited.loc[[first_more, first_usual], "arm"] = ["usual", "more"]  # two blocks swapped
    with pytest.raises(SSIDataError, match=r"differ from what the stored seed drew"):
        experiment(weekly, edited, outcomes=["impressions"])
    res = experiment(weekly, edited, outcomes=["impressions"], edited="flag")
    assert f"rows {min(first_more, first_usual) + 1}" in res.edited
    moved = plan.iloc[[1, 0, *range(2, len(plan))]]  # rows out of the plan's order
    with pytest.raises(SSIDataError, match=r"blocks were moved"):
        experiment(weekly, moved, outcomes=["impressions"])


def test_unknown_outcome_and_several_people_are_clear_errors(plan, weekly):
    with pytest.raises(ValueError, match=r"outcomes \['pipeline'\] are not columns"):
        experiment(weekly, plan, outcomes=["pipeline"])
    two = pd.concat([weekly, weekly.assign(person="Sam")])
    with pytest.raises(ValueError, match=r"several people"):
        experiment(two, plan, outcomes=["impressions"])
