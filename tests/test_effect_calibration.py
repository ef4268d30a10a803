"""Verdicts in the user's units (issue 22), checked by simulation.

"Ruled out" now means: a sustained rise of the score (10 SSI points, 2.5 pillar points) going
with more than ±bound of the outcome's average over the question's horizon is excluded (two
one-sided tests on :func:`~ssi_analysis.stats._core.effect_test`). A rate promised at 5 %
must stay below 0.05 + 3 Monte Carlo standard errors; a floor is checked 3 standard errors
below its promise.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.signal import lfilter

from ssi_analysis import answers
from ssi_analysis.questions import DEFAULT_BOUND
from ssi_analysis.simulate import simulate
from ssi_analysis.stats._core import effect_test, tost_effect, window_mean

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_effect_calibration")

ALPHA = 0.05
PILLARS = ("brand", "people", "insights", "relationships")


def ceiling(rate: float, reps: int) -> float:
    return rate + 3 * math.sqrt(rate * (1 - rate) / reps)


def floor(rate: float, reps: int) -> float:
    return rate - 3 * math.sqrt(rate * (1 - rate) / reps)


def arma(rng, reps, n, ar=(), ma=(), burn=200) -> np.ndarray:
    e = rng.normal(size=(reps, n + burn))
    return lfilter([1.0, *ma], [1.0, *(-a for a in ar)], e, axis=1)[:, burn:]


@pytest.fixture(scope="module")
def positive_control():
    """40 sellers, 3 years, the relationships pillar drives deal flow two weeks later."""
    panel = simulate("ssi_drives_pipeline", seed=2207, days=1092, people=40).weekly()
    return answers(
        panel,
        scores=["ssi", "relationships"],
        outcomes=["revenue_won", "deals_won", "pipeline_created", "deals_created"],
    ).table


@pytest.fixture(scope="module")
def null_world():
    """40 sellers, 3 years, deals ignore SSI (they share one market swing)."""
    panel = simulate("ssi_not_revenue", seed=2208, days=1092, people=40).weekly()
    return answers(
        panel,
        scores=["ssi", "relationships"],
        outcomes=["revenue_won", "deals_won", "pipeline_created", "deals_created"],
    ).table


@pytest.mark.slow
def test_a_driving_pillar_is_never_ruled_out(positive_control):
    table = positive_control
    for (score, outcome), rows in table.groupby(["score", "outcome"]):
        ruled = float(np.mean(rows["verdict"] == "ruled out"))
        assert ruled <= ceiling(ALPHA, len(rows)), f"{score} -> {outcome}: ruled out {ruled:.3f}"
    # the planted effect, in the bound's units, is well above the default bound (docs say so)
    revenue = table[(table["outcome"] == "revenue_won")]
    planted = revenue.groupby("score")["effect"].mean()
    assert (planted > 1.5 * DEFAULT_BOUND["revenue"]).all(), planted
    # "linked" for revenue and deals won comes from the effect over the sales cycle (lags
    # 0-13), not from the 0-4-week lag scan alone (which found it in 0-2.5 %): the driving
    # pillar is found in 21 % of these 80 seller-cells (17 of 80; a 3 s.e. floor below it)
    won = table[table["outcome"].isin(["revenue_won", "deals_won"])]
    driving = won[won["score"] == "relationships"]
    found = float(np.mean(driving["verdict"] == "linked"))
    assert found >= floor(0.21, len(driving)), f"driving pillar -> revenue linked {found:.3f}"
    linked = won[won["verdict"] == "linked"]
    assert ((linked["lag_low"] == 0) & (linked["lag_high"] == 13)).all()
    assert linked["sentence"].str.contains("over the same week and the following 13 weeks").all()


@pytest.mark.slow
def test_a_null_world_is_rarely_linked_and_pipeline_is_often_ruled_out(null_world):
    table = null_world
    for (score, outcome), rows in table.groupby(["score", "outcome"]):
        linked = float(np.mean(rows["verdict"] == "linked"))
        assert linked <= ceiling(ALPHA, len(rows)), f"{score} -> {outcome}: linked {linked:.3f}"
    # pipeline: the default bound (±40 % over 5 weeks) is ruled out for most sellers in three
    # years for a pillar (75-85 % measured on 150 sellers; for SSI, which moves more slowly,
    # 33-45 %); revenue (±25 % over 14 weeks) is not: one seller's revenue is too lumpy
    # (docs/methods.md gives the numbers)
    for outcome in ("pipeline_created", "deals_created"):
        rows = table[(table["outcome"] == outcome) & (table["score"] == "relationships")]
        ruled = float(np.mean(rows["verdict"] == "ruled out"))
        assert ruled >= floor(0.5, len(rows)), f"{outcome}: ruled out {ruled:.3f}"


def at_the_bound(rng, reps, n, *, noise, bound, rise=10.0, horizon=4):
    """x persistent (AR(1) 0.95, SSI-like); y whose sustained-rise effect is exactly `bound`."""
    x = 60 + 3 * arma(rng, reps, n, ar=(0.95,))
    level = 100.0
    b = bound * level / rise
    m = np.array([window_mean(v, horizon) for v in x])
    y = level + b * (m - np.nanmean(m, axis=1, keepdims=True)) + 15 * noise
    return x, y


@pytest.mark.slow
@pytest.mark.parametrize(
    "name, ar, ma",
    [("white", (), ()), ("AR(2) 0.2/0.6", (0.2, 0.6), ()), ("ARMA(1,1)", (0.9,), (-0.5,))],
)
def test_an_effect_exactly_at_the_bound_is_rarely_ruled_out(name, ar, ma):
    rng = np.random.default_rng(2209)
    reps, n = 400, 156
    noise = arma(rng, reps, n, ar=ar, ma=ma)
    noise /= noise.std(axis=1, keepdims=True)
    for sign in (1, -1):
        x, y = at_the_bound(rng, reps, n, noise=noise, bound=sign * 0.25)
        ruled = 0
        for xi, yi in zip(x, y, strict=True):
            res = effect_test(xi, yi, horizon=4, rise=10.0)
            ruled += bool(res.white_p >= ALPHA and tost_effect(res, 0.25) < ALPHA)
        rate = ruled / reps
        assert rate <= ceiling(ALPHA, reps), f"{name}, {sign:+d}·bound: ruled out {rate:.3f}"


@pytest.mark.slow
def test_the_effect_interval_covers_the_truth():
    rng = np.random.default_rng(2210)
    reps, n = 400, 156
    noise = arma(rng, reps, n, ar=(0.6,))
    x, y = at_the_bound(rng, reps, n, noise=noise, bound=0.3)
    out = np.array([effect_test(a, b, horizon=4, rise=10.0)[:3] for a, b in zip(x, y, strict=True)])
    truth = 0.3 * 100 / np.nanmean(y[:, 4:], axis=1)  # the share of the periods used
    covered = float(np.mean((out[:, 1] <= truth) & (truth <= out[:, 2])))
    assert covered >= floor(0.90, reps), f"90 % interval covered {covered:.3f}"


@pytest.mark.slow
@pytest.mark.parametrize("step", [0.05, 0.2])
def test_the_effect_interval_covers_the_truth_on_a_wandering_multiplicative_outcome(step):
    """y = level_t · (1 + s·(window mean of x − its mean)/rise) · lognormal noise, with the
    level a random walk on the log scale (weekly steps of sd ``step``): the effect a share
    s = 30 % of the local level; truth = the planted share of the periods' mean."""
    rng = np.random.default_rng(2217)
    reps, n, share = 300, 156, 0.3
    covered = 0
    for _ in range(reps):
        x = 60 + 3 * arma(rng, 1, n, ar=(0.95,))[0] * math.sqrt(1 - 0.95**2)
        level = 100 * np.exp(np.cumsum(rng.normal(0, step, n)))
        m = window_mean(x, 4)
        y = level * (1 + share * (m - np.nanmean(m)) / 10) * np.exp(rng.normal(0, 0.15, n))
        res = effect_test(x, y, horizon=4, rise=10.0)
        ok = np.isfinite(m)
        truth = np.sum(level[ok] * share) / np.sum(y[ok])
        covered += res.low <= truth <= res.high
    assert covered / reps >= floor(0.90, reps), f"90 % interval covered {covered / reps:.3f}"


@pytest.mark.slow
def test_a_level_link_is_never_ruled_out_and_its_lag_is_named_right():
    """y = b·SSI + noise with a persistent SSI, b at 1.5 × the bound (same-week link)."""
    rng = np.random.default_rng(2211)
    reps, n = 60, 156
    x = 60 + 3 * arma(rng, reps, n, ar=(0.9,))
    b = 1.5 * 0.2 * 100 / 10  # a 10-point rise: 1.5 × ±20 % of an average of 100
    y = 100 + b * (x - 60) + 6 * rng.normal(size=(reps, n))
    weeks = pd.date_range("2024-01-01", periods=n, freq="W-MON")
    verdicts, named_right, linked = [], 0, 0
    for xi, yi in zip(x, y, strict=True):
        panel = pd.DataFrame({"period": weeks, "ssi": xi, "impressions": yi})
        row = answers(panel, scores=["ssi"], outcomes=["impressions"]).table.iloc[0]
        verdicts.append(row["verdict"])
        if row["verdict"] == "linked":
            linked += 1
            named = row["lag_low"] == row["lag_high"] == 0
            # a range counts only if it holds the true lag (0): "1 to 4" is a wrong answer
            ranged = (row["lag_low"] == 0 < row["lag_high"]) or np.isnan(row["lag_low"])
            named_right += named or ranged
            if not named and not ranged:
                assert "later" in row["sentence"]
    assert "ruled out" not in verdicts
    assert linked and named_right / linked >= 0.8


def test_bad_bounds_and_horizons_are_refused():
    weeks = pd.date_range("2025-01-06", periods=60, freq="W-MON")
    rng = np.random.default_rng(3)
    panel = pd.DataFrame(
        {
            "period": weeks,
            "ssi": 60 + rng.normal(size=60).cumsum(),
            "impressions": rng.poisson(50, 60).astype(float),
            "score_change": rng.normal(size=60),
        }
    )
    one = {"scores": ["ssi"], "outcomes": ["impressions"]}
    with pytest.raises(ValueError, match="bound must be a positive number"):
        answers(panel, bound=-0.2, **one)
    with pytest.raises(ValueError, match="between 0 and 5"):
        answers(panel, bound=20, **one)
    with pytest.raises(ValueError, match="bound keys must be questions"):
        answers(panel, bound={"profit": 0.2}, **one)
    with pytest.raises(ValueError, match="negative values, so a bound as a share"):
        answers(panel, scores=["ssi"], outcomes=["score_change"], bound=0.2)
    with pytest.raises(ValueError, match="longer than the data can see"):
        answers(panel, horizon=52, **one)
    with pytest.raises(ValueError, match="whole number of weeks"):
        answers(panel, horizon=-1, **one)
    # an outcome that can be negative: its effect in its own units; a bound in those units
    table = answers(
        panel, scores=["ssi"], outcomes=["score_change"], bound={"score_change": 0.5}
    ).table
    assert table["effect_unit"].iloc[0] == "units" and table["bound"].iloc[0] == 0.5
    table = answers(panel, scores=["ssi"], outcomes=["score_change"]).table
    assert table["verdict"].iloc[0] != "ruled out" and "own units" in table["sentence"].iloc[0]


def test_a_short_panel_shortens_the_revenue_horizon_and_cannot_rule_out():
    weeks = pd.date_range("2025-01-06", periods=30, freq="W-MON")
    rng = np.random.default_rng(4)
    panel = pd.DataFrame(
        {
            "period": weeks,
            "ssi": 60 + rng.normal(size=30).cumsum(),
            "revenue_won": rng.poisson(5, 30) * 1000.0,
        }
    )
    row = answers(panel, scores=["ssi"]).table.iloc[0]
    assert row["horizon"] < 13 and row["verdict"] != "ruled out"
    assert "only covers a horizon" in row["sentence"]


@pytest.mark.slow
def test_one_true_link_does_not_loosen_the_other_cells():
    """Reach family: brand truly drives impressions; 4 other scores × 3 outcomes are null."""
    rng = np.random.default_rng(2212)
    reps, n = 60, 104
    weeks = pd.date_range("2024-01-01", periods=n, freq="W-MON")
    false, cells, unexplained = 0, 0, 0
    for _ in range(reps):
        scores = {s: 10 + arma(rng, 1, n, ar=(0.8,))[0] for s in ("brand", "people", "insights")}
        scores["relationships"] = 10 + arma(rng, 1, n, ar=(0.8,))[0]
        scores["ssi"] = 40 + arma(rng, 1, n, ar=(0.8,))[0]
        e = np.diff(scores["brand"], prepend=scores["brand"][0])
        outs = {
            "impressions": 500 + 60 * e + 20 * rng.normal(size=n),
            "engagements": 50 + 5 * arma(rng, 1, n, ar=(0.5,))[0],
            "new_followers": 20 + 3 * arma(rng, 1, n, ar=(0.3,))[0],
            "connections_added": 30 + 4 * rng.normal(size=n),
        }
        panel = pd.DataFrame({"period": weeks, **scores, **outs})
        table = answers(panel, transform=None).table
        null = table[~((table["score"] == "brand") & (table["outcome"] == "impressions"))]
        null = null[null["score"] != "ssi"]  # SSI is not in the planted story here
        false += int((null["verdict"] == "linked").sum())
        cells += len(null)
        open_ = table[table["verdict"] == "inconclusive"]
        for low, high, what in (("r_low", "r_high", "r"), ("effect_low", "effect_high", "")):
            excl = open_[(open_[low] > 0) | (open_[high] < 0)]
            said = excl["sentence"].str.contains(
                "interval of r" if what else "effect's 90 % interval", regex=False
            ) & excl["sentence"].str.contains("excludes 0 on its own", regex=False)
            unexplained += int((~said).sum())
    assert false / cells <= ceiling(ALPHA, cells), f"cell-level false linked {false / cells:.3f}"
    assert unexplained == 0


@pytest.mark.slow
def test_one_true_revenue_link_does_not_loosen_the_other_revenue_cells():
    """Revenue family: the relationships pillar drives deals won over 8 weeks (additively);
    SSI, the other pillars and lumpy revenue won are null. "Linked" comes from the effect over
    the question's 14-week horizon; null cells stay at or below 5 % + 3 s.e."""
    rng = np.random.default_rng(2215)
    reps, n = 150, 156
    weeks = pd.date_range("2024-01-01", periods=n, freq="W-MON")
    false = cells = found = unexplained = 0
    for _ in range(reps):
        scores = {s: 10 + 2 * arma(rng, 1, n, ar=(0.8,))[0] for s in PILLARS}
        scores["ssi"] = 40 + 4 * arma(rng, 1, n, ar=(0.9,))[0]
        m = window_mean(scores["relationships"], 7)
        rate = np.clip(np.where(np.isfinite(m), 3 + 1.2 * (m - 10), 3), 0.1, None)
        amounts = [rng.lognormal(8, 1, k).sum() for k in rng.poisson(0.6, n)]
        panel = pd.DataFrame(
            {
                "period": weeks,
                **scores,
                "deals_won": rng.poisson(rate).astype(float),
                "revenue_won": np.array(amounts),
            }
        )
        table = answers(panel).table
        true = (table["score"] == "relationships") & (table["outcome"] == "deals_won")
        found += int((table.loc[true, "verdict"] == "linked").sum())
        null = table[~true]
        false += int((null["verdict"] == "linked").sum())
        cells += len(null)
        open_ = table[table["verdict"] == "inconclusive"]
        excludes = (open_["r_low"] > 0) | (open_["r_high"] < 0)
        excludes |= (open_["effect_low"] > 0) | (open_["effect_high"] < 0)
        said = open_["sentence"].str.contains("excludes 0 on its own", regex=False)
        unexplained += int((excludes & ~said).sum())
    assert false / cells <= ceiling(ALPHA, cells), f"cell-level false linked {false / cells:.3f}"
    assert found / reps >= floor(0.9, reps), f"true link found {found / reps:.3f}"
    assert unexplained == 0  # a can't-tell interval that excludes 0 always says why


def test_partial_uses_the_filters_of_correlate():
    """A useless covariate leaves partial's r where correlate's is (issue 22, item 5(f))."""
    from ssi_analysis.stats.correlation import correlate, partial

    rng = np.random.default_rng(2213)
    n = 104
    gaps = []
    for _ in range(20):
        x = arma(rng, 1, n, ar=(0.9,))[0]
        data = pd.DataFrame(
            {
                "period": pd.date_range("2025-01-06", periods=n, freq="W-MON"),
                "x": x,
                "y": 0.5 * x + rng.normal(size=n),
                "z": rng.normal(size=n),
            }
        )
        with_z = partial(data, x="x", y="y", covar=["z"]).iloc[0]
        alone = correlate(data, x="x", y="y").iloc[0]
        gaps.append(abs(with_z["r"] - alone["r"]))
        assert with_z["df"] == alone["df"] - 1  # one covariate costs one degree of freedom
    assert max(gaps) < 0.06


@pytest.mark.slow
@pytest.mark.parametrize(("n", "r"), [(104, 0.35), (156, 0.3), (52, 0.45)])
def test_power_predicts_the_verdicts_power(n, r):
    """power(..., lags=5): the chance the answer is "linked" with a link at one of 5 lags."""
    from ssi_analysis.stats.answers import answer_pair
    from ssi_analysis.stats.power import power

    rng = np.random.default_rng(2214 + n)
    reps, hits = 300, 0
    for _ in range(reps):
        ex = rng.normal(size=n + 2)
        ey = r * np.roll(ex, 2) + math.sqrt(1 - r * r) * rng.normal(size=n + 2)
        hits += answer_pair(ex[2:], ey[2:], lags=range(5))["verdict"] == "linked"
    predicted = power(n, r=r, lags=5)
    assert abs(hits / reps - predicted) <= 0.05, (hits / reps, predicted)
    assert np.isfinite(power(5000, r=0.9, lags=5, cells=100))  # never NaN
