"""The team power planner against simulation of ``team_effect`` itself.

``team_power`` is a formula (noncentral t on an effective number of person-weeks); these
tests run the within-person test it describes on simulated teams and compare. The teams are
balanced, so ``team_effect`` computes its test with ``within_grid`` (vectorised over teams);
the simulation calls ``within_grid`` on 1,000 teams per cell at once, and a first test checks
``team_effect`` gives the same p on whole panels. The claim is "within ±0.05 of the true
power"; a cell fails only when the simulated power is further than 0.05 plus three Monte
Carlo standard errors from the formula (1,000 teams: a standard error of at most 0.016), so a
failure means the claim is wrong, not that the dice were cold.
"""

import numpy as np
import pandas as pd
import pytest

import ssi_analysis as ssi
from ssi_analysis.stats import team as team_mod
from ssi_analysis.stats.power import team_needed, team_power
from ssi_analysis.stats.team import within_grid

REPS = 1000


def ar1(rng, shape, phi):
    """Rows of stationary AR(1) series with unit variance."""
    shocks = rng.normal(size=shape) * np.sqrt(1 - phi * phi)
    out = np.empty(shape)
    out[:, 0] = rng.normal(size=shape[0])
    for t in range(1, shape[1]):
        out[:, t] = phi * out[:, t - 1] + shocks[:, t]
    return out


def grids(rng, reps, people, weeks, r, phi):
    """Teams as arrays [reps, people, weeks]: sellers differ in level (seniority) and share
    platform drifts; the within-person correlation is r."""
    level = rng.normal(0, 3, (reps, people, 1))
    drift = rng.normal(size=(reps, 1, weeks)).cumsum(axis=-1) * 0.5
    a = ar1(rng, (reps * people, weeks), phi).reshape(reps, people, weeks)
    e = ar1(rng, (reps * people, weeks), phi).reshape(reps, people, weeks)
    return level + drift + a, level + drift + r * a + np.sqrt(1 - r * r) * e


def panel(x, y):
    people, weeks = x.shape
    return pd.DataFrame(
        {
            "person": np.repeat([f"s{i:02d}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": x.ravel(),
            "pipeline": y.ravel(),
        }
    )


def test_team_effect_runs_within_grid_on_balanced_panels():
    rng = np.random.default_rng(5)
    xs, ys = grids(rng, 4, 9, 26, 0.2, 0.5)
    fast = within_grid(xs, ys)
    for k in range(4):
        within = ssi.team_effect(panel(xs[k], ys[k]), x="ssi", y="pipeline").iloc[0]
        assert within["effect"] == "within"
        assert within["slope"] == pytest.approx(fast["slope"][k], rel=1e-9)
        assert within["p"] == pytest.approx(fast["p"][k], rel=1e-9)
        # and the jackknife by refitting each leave-one-out panel agrees with the closed form
        frame = panel(xs[k], ys[k]).sample(frac=1, random_state=k).iloc[:-1]  # unbalanced
        assert np.isfinite(ssi.team_effect(frame, x="ssi", y="pipeline").loc[0, "p"])
    frame = panel(xs[0], ys[0])
    slow = team_mod._cr3_jackknife(frame, "ssi", "pipeline", fast["slope"][0])
    assert slow == pytest.approx(fast["se"][0], rel=1e-9)


@pytest.mark.parametrize(
    ("people", "weeks", "r", "phi"),
    [(10, 52, 0.15, 0.5), (12, 52, 0.2, 0.7), (30, 20, 0.1, 0.3)],
)
def test_team_power_matches_simulated_team_effect(people, weeks, r, phi):
    rng = np.random.default_rng(people * 1000 + weeks)
    simulated = float(np.mean(within_grid(*grids(rng, REPS, people, weeks, r, phi))["p"] < 0.05))
    planned = team_power(people=people, weeks=weeks, r=r, phi=phi)
    mc_se = np.sqrt(planned * (1 - planned) / REPS)
    assert abs(simulated - planned) <= 0.05 + 3 * mc_se, (simulated, planned, mc_se)


@pytest.mark.parametrize("people", [4, 10])
def test_the_null_team_holds_alpha(people):
    rng = np.random.default_rng(11 + people)
    rate = float(np.mean(within_grid(*grids(rng, REPS, people, 52, 0.0, 0.7))["p"] < 0.05))
    assert rate <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / REPS), rate


def test_team_power_rises_with_people_weeks_and_r():
    base = team_power(people=10, weeks=30, r=0.15)
    assert team_power(people=20, weeks=30, r=0.15) > base
    assert team_power(people=10, weeks=60, r=0.15) > base
    assert team_power(people=10, weeks=30, r=0.25) > base
    assert team_power(people=10, weeks=30, r=-0.15) == pytest.approx(base)
    # persistence costs power: fewer independent weeks
    assert team_power(people=10, weeks=30, r=0.15, phi=0.8) < base


def test_team_power_at_a_tiny_r_is_alpha():
    assert team_power(people=12, weeks=52, r=1e-9) == pytest.approx(0.05, abs=1e-6)


@pytest.mark.parametrize("given", [{"weeks": 52}, {"people": 12}, {"weeks": 13}])
def test_team_needed_is_the_inverse(given):
    need = team_needed(r=0.2, power=0.8, **given)
    assert need is not None
    key = "people" if "weeks" in given else "weeks"
    assert team_power(r=0.2, **given, **{key: need}) >= 0.8
    if need > 3:
        assert team_power(r=0.2, **given, **{key: need - 1}) < 0.8


def test_team_needed_says_when_out_of_reach():
    assert team_needed(r=0.01, people=3, limit=200) is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"people": 2, "weeks": 52, "r": 0.2}, "people must be a whole number from 3 to 5,000"),
        ({"people": 12, "weeks": 5.5, "r": 0.2}, "weeks must be a whole number"),
        ({"people": 12, "weeks": 52, "r": 1.2}, "r must be a correlation"),
        ({"people": 12, "weeks": 52, "r": 0.2, "phi": 1.0}, "phi must be"),
    ],
)
def test_team_power_refuses_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        team_power(**kwargs)
    with pytest.raises(ValueError, match=r"exactly one of people= .* and weeks="):
        team_needed(r=0.2)


def _within(frame):
    """``team_effect``'s within row, the residuals it fitted and the SE behind its interval."""
    from scipy import stats

    out = ssi.team_effect(frame, x="ssi", y="pipeline")
    within, fit = out.iloc[0], out.attrs["within_result"]
    people = int(within["n_people"])
    se = (within["ci_high"] - within["ci_low"]) / 2 / stats.t.ppf(0.975, people - 1)
    return within, fit.model.exog[:, 0], fit.model.endog, se


def test_unbalanced_panels_match_refitting_the_dummy_regression():
    rng = np.random.default_rng(21)
    xs, ys = grids(rng, 1, 7, 15, 0.3, 0.5)
    frame = panel(xs[0], ys[0]).drop(index=[3, 50, 51, 90, 14, 28])
    # the first week is seen by one seller only: leaving them out empties it
    first = frame["period"] == frame["period"].min()
    frame = frame[~first | (frame["person"] == "s02")].reset_index(drop=True)
    within, rx, ry, se = _within(frame)  # the path users call, CR3 at 7 people
    assert "CR3" in within["test"]
    np.testing.assert_allclose(rx, team_mod._two_way_residuals(frame, "ssi"), atol=1e-10)
    np.testing.assert_allclose(ry, team_mod._two_way_residuals(frame, "pipeline"), atol=1e-10)
    slope = rx @ ry / (rx @ rx)
    assert within["slope"] == pytest.approx(slope)
    assert se == pytest.approx(team_mod._cr3_jackknife(frame, "ssi", "pipeline", slope))
    # the same rows with other values reuse the solve operators: still the refit's numbers
    frame = frame.assign(pipeline=rng.normal(size=len(frame)))
    within, rx, ry, se = _within(frame)
    slope = rx @ ry / (rx @ rx)
    assert se == pytest.approx(team_mod._cr3_jackknife(frame, "ssi", "pipeline", slope))


def test_many_people_use_the_cluster_robust_se_of_statsmodels():
    rng = np.random.default_rng(23)
    xs, ys = grids(rng, 1, 60, 12, 0.2, 0.5)
    frame = panel(xs[0], ys[0]).drop(index=[5, 70, 300]).reset_index(drop=True)
    within, rx, _, se = _within(frame)
    assert "CR1" in within["test"]
    fit = ssi.team_effect(frame, x="ssi", y="pipeline").attrs["within_result"]
    assert se == pytest.approx(fit.bse[0])
    # the residuals of the fast two-way fit (no refits above 50 people) are the dummy fit's
    np.testing.assert_allclose(rx, team_mod._two_way_residuals(frame, "ssi"), atol=1e-9)
    assert (
        "CR3"
        in ssi.team_effect(frame[frame["person"] < "s10"], x="ssi", y="pipeline").loc[0, "test"]
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("people", "weeks", "r", "phi", "tests"),
    [(10, 52, 0.2, 0.5, 5), (12, 52, 0.25, 0.7, 10), (30, 20, 0.15, 0.3, 8)],
)
def test_team_power_predicts_the_adjusted_verdict(people, weeks, r, phi, tests):
    """The report's "linked": one true link in a family of ``tests``, Benjamini-Hochberg."""
    from ssi_analysis.stats import adjust_p

    rng = np.random.default_rng(people * 100 + tests)
    reps, chunk, found = 600, 50, 0
    for _ in range(reps // chunk):
        x, y = grids(rng, chunk * tests, people, weeks, 0.0, phi)
        x1, y1 = grids(rng, chunk, people, weeks, r, phi)  # the one true link of each family
        x[::tests], y[::tests] = x1, y1
        p = within_grid(x, y)["p"].reshape(chunk, tests)
        found += sum(adjust_p(row)[0] < 0.05 for row in p)
    simulated = found / reps
    planned = team_power(people=people, weeks=weeks, r=r, phi=phi, tests=tests)
    mc_se = np.sqrt(planned * (1 - planned) / reps)
    assert abs(simulated - planned) <= 0.05 + 3 * mc_se, (simulated, planned, mc_se)


@pytest.mark.parametrize(
    ("people", "weeks"), [(3, 4), (80, 52), (5000, 4), (3, 520), (5000, 520), (4, 13)]
)
def test_team_power_is_never_nan(people, weeks):
    for r in (0.01, 0.2, 0.6, 0.95):
        for tests in (1, 25, 100):
            power = team_power(people=people, weeks=weeks, r=r, tests=tests)
            assert 0 <= power <= 1, (people, weeks, r, tests, power)
    assert team_power(people=80, weeks=52, r=0.2) > 0.99  # was NaN: "nan %" on the page


def test_team_planner_refuses_sizes_it_cannot_answer():
    with pytest.raises(ValueError, match="people must be a whole number from 3 to 5,000"):
        team_power(people=5001, weeks=52, r=0.2)
    with pytest.raises(ValueError, match="weeks must be a whole number from 4 to 520"):
        team_power(people=12, weeks=3, r=0.2)
    with pytest.raises(ValueError, match="tests must be a whole number of at least 1"):
        team_power(people=12, weeks=52, r=0.2, tests=0)


def test_team_effect_r_is_the_effects_correlation():
    """An effect in % per rise as the within-person correlation it amounts to:
    s = log(1 + effect) / rise * score_sd / outcome_cv, r = s / sqrt(1 + s^2)."""
    from ssi_analysis.stats.power import team_effect_r

    r = team_effect_r(0.25, score_sd=4.0, outcome_cv=0.5, rise=10)
    s = np.log(1.25) / 10 * 4.0 / 0.5
    assert r == pytest.approx(s / np.sqrt(1 + s * s))
    assert team_effect_r(-0.2, score_sd=4.0, outcome_cv=0.5) == pytest.approx(
        team_effect_r(1 / 0.8 - 1, score_sd=4.0, outcome_cv=0.5)
    )  # -20 % and +25 % are the same distance on the log scale the test uses
    with pytest.raises(ValueError, match="outcome_cv must be a positive number"):
        team_effect_r(0.25, score_sd=4.0, outcome_cv=-1)


# ------------------------------------------------- the effect planner against team_answers


def count_team(rng, people, weeks, effect, *, lag=0, sd=4.0, phi=0.5, mean=1.0, amount_cv=0.0):
    """A team whose SSI (AR(1) ``phi``, sd ``sd`` around each seller's level) raises the
    expected outcome by ``effect`` per 10 points ``lag`` weeks later: Poisson deal counts
    with ``mean`` a seller-week, or (``amount_cv`` > 0) their lognormal amounts summed."""
    burn = 20 + lag
    x = ar1(rng, (people, weeks + burn), phi)[:, burn - lag :] * sd  # x[:, t + lag] is week t
    level = rng.normal(0, 0.3, (people, 1))  # sellers differ
    season = rng.normal(0, 0.2, (1, weeks))  # the team's weeks differ
    driver = x[:, :weeks]  # the score lag weeks before each week
    score = x[:, lag : lag + weeks]
    deals = rng.poisson(mean * np.exp(level + season + np.log1p(effect) / 10 * driver))
    outcome = deals.astype(float)
    if amount_cv:
        s2 = np.log1p(amount_cv**2)
        amounts = rng.lognormal(-s2 / 2, np.sqrt(s2), int(deals.sum()))
        cell = np.repeat(np.arange(deals.size), deals.ravel())
        outcome = np.bincount(cell, amounts, deals.size).reshape(deals.shape)
    return pd.DataFrame(
        {
            "person": np.repeat([f"s{i:03d}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": 60 + score.ravel(),
            "deals_created": outcome.ravel(),
        }
    )


@pytest.mark.parametrize(
    ("people", "weeks", "effect", "verdict", "reps"),
    [(20, 52, 0.25, "linked", 100), (12, 52, 0.0, "ruled out", 90)],
)
def test_team_effect_power_predicts_the_team_verdict(people, weeks, effect, verdict, reps):
    """The planned chance of team_answers' own verdict (PPML, lags 0-4 under BH, TOST at
    ±40 %) against its simulated rate. The claim is ±0.05 (measured with 200-400 teams a
    cell in its docstring); with ``reps`` teams here a cell fails only beyond 0.05 + 3 s.e."""
    from ssi_analysis.stats.answers import team_answers
    from ssi_analysis.stats.power import team_effect_power, team_outcome_cv

    rng = np.random.default_rng(people * 100 + int(100 * effect))
    hits = 0
    for _ in range(reps):
        team = count_team(rng, people, weeks, effect)
        out = team_answers(team, scores=["ssi"], outcomes=["deals_created"], bound=0.4).table
        hits += out["verdict"].iloc[0] == verdict
    plan = team_effect_power(
        people=people,
        weeks=weeks,
        effect=effect,
        score_sd=4.0,
        # the average per seller-week a user would measure: 1 deal times the mean of the
        # sellers' and weeks' lognormal levels and of the link's own spread
        outcome_cv=team_outcome_cv(mean=np.exp((0.09 + 0.04 + (np.log1p(effect) * 0.4) ** 2) / 2)),
        bound=0.4,
    )
    planned = plan.linked if verdict == "linked" else plan.ruled_out
    mc_se = np.sqrt(planned * (1 - planned) / reps)
    assert abs(hits / reps - planned) <= 0.05 + 3 * mc_se, (hits / reps, planned, mc_se)


def test_team_outcome_cv_is_the_simulated_spread_of_lumpy_money():
    from ssi_analysis.stats.power import team_outcome_cv

    rng = np.random.default_rng(3)
    team = count_team(rng, 400, 500, 0.0, mean=0.3, amount_cv=1.5)
    money = team["deals_created"].to_numpy().reshape(400, 500)
    # around each seller's and week's expected value: the level and season multiply it
    counts = count_team(np.random.default_rng(3), 400, 500, 0.0, mean=0.3)
    expected = counts["deals_created"].to_numpy().reshape(400, 500).mean()
    assert expected == pytest.approx(money.mean(), rel=0.05)
    planned = team_outcome_cv(mean=0.3, amount_cv=1.5)
    # the simulated cv includes the sellers' and weeks' spread of the expected value
    spread = np.exp(0.3**2 + 0.2**2)  # E[m²] / E[m]² of the lognormal level and season
    cv = np.sqrt(np.var(money) - (spread - 1) * money.mean() ** 2) / money.mean()
    assert cv == pytest.approx(planned / np.sqrt(spread), rel=0.05)
    assert team_outcome_cv(mean=4.0) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="mean must be a positive number"):
        team_outcome_cv(mean=0)
    with pytest.raises(ValueError, match="amount_cv must be 0"):
        team_outcome_cv(mean=1, amount_cv=-1)


def test_team_effect_planner_is_finite_over_its_range():
    from ssi_analysis.stats.power import team_effect_power

    kwargs = {"score_sd": 4.0, "outcome_cv": 0.7, "question": "pipeline"}
    for people in (3, 10, 80, 5000):
        for weeks, lags in ((4, 1), (8, 5), (52, 5), (520, 5), (520, 14)):
            for effect in (0.0, 0.1, 2.0):
                res = team_effect_power(
                    people=people, weeks=weeks, effect=effect, lags=lags, **kwargs
                )
                assert 0 <= res.linked <= 1 and 0 <= res.ruled_out <= 1, (people, weeks, effect)
                assert np.isfinite(res.se) and res.se > 0
    big = team_effect_power(people=5000, weeks=520, effect=0.1, **kwargs)
    assert big.linked > 0.99 and big.ruled_out < 0.01
    # revenue is one window of 0-13 weeks whatever the lags: data shorter than it never
    # rule it out
    revenue = {"score_sd": 4.0, "outcome_cv": 0.7, "question": "revenue"}
    whole = team_effect_power(people=200, weeks=104, effect=0.0, **revenue).ruled_out
    assert whole > 0.5
    assert team_effect_power(people=200, weeks=104, effect=0.0, lags=14, **revenue).ruled_out == (
        pytest.approx(whole, abs=0.01)
    )
    assert team_effect_power(people=200, weeks=16, effect=0.0, **revenue).ruled_out == 0


def test_team_effect_power_rises_with_the_team_and_falls_at_the_bound():
    from ssi_analysis.stats.power import team_effect_power

    kwargs = {"effect": 0.2, "score_sd": 4.0, "outcome_cv": 1.0, "tests": 50}
    base = team_effect_power(people=20, weeks=52, **kwargs).linked
    assert team_effect_power(people=40, weeks=52, **kwargs).linked > base
    assert team_effect_power(people=20, weeks=104, **kwargs).linked > base
    assert team_effect_power(people=20, weeks=52, **{**kwargs, "tests": 5}).linked > base
    # an effect at the bound is "ruled out" in at most alpha of teams (TOST's promise)
    at = team_effect_power(
        people=200, weeks=104, effect=0.4, score_sd=4.0, outcome_cv=1.0, bound=0.4
    )
    assert at.ruled_out <= 0.05


def test_team_effect_needed_is_the_inverse():
    from ssi_analysis.stats.power import team_effect_needed, team_effect_power

    kwargs = {"effect": 0.2, "score_sd": 4.0, "outcome_cv": 1.0, "tests": 50}
    people = team_effect_needed(weeks=52, **kwargs)
    assert team_effect_power(people=people, weeks=52, **kwargs).linked >= 0.8
    assert team_effect_power(people=people - 1, weeks=52, **kwargs).linked < 0.8
    weeks = team_effect_needed(
        people=30, **{**kwargs, "effect": 0.0}, verdict="ruled out", question="pipeline"
    )
    plan = {**kwargs, "effect": 0.0, "question": "pipeline"}
    assert team_effect_power(people=30, weeks=weeks, **plan).ruled_out >= 0.8
    assert team_effect_power(people=30, weeks=weeks - 1, **plan).ruled_out < 0.8
    # an effect beyond the bound is never ruled out: no team is large enough
    assert (
        team_effect_needed(people=30, **{**kwargs, "effect": 0.5}, verdict="ruled out", bound=0.4)
        is None
    )


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"people": 2}, "^team_effect_power: people must be a whole number from 3 to 5,000; got 2"),
        ({"weeks": 6}, "6 weeks leave fewer than 4 weeks at lag 4"),
        ({"effect": -1.0}, "effect must be a share"),
        ({"bound": 1.0}, "bound must be a share of the outcome in"),
        ({"lag": 5}, "lag must be a whole number from 0 to 4"),
        ({"tests": 3}, "tests must be a whole number of at least lags"),
        ({"question": "deals"}, "^team_effect_power: question must be one of 'reach', 'replies'"),
        ({"outcome_phi": 1.0}, "outcome_phi must be"),
    ],
)
def test_team_effect_power_refuses_bad_plans(change, match):
    from ssi_analysis.stats.power import team_effect_power

    plan = {"people": 12, "weeks": 52, "effect": 0.2, "score_sd": 4.0, "outcome_cv": 1.0}
    with pytest.raises(ValueError, match=match):
        team_effect_power(**{**plan, **change})
