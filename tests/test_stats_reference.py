"""Published values the statistics must reproduce (../shared/reference/README.md)."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import correlate, granger, power
from ssi_analysis.stats import _core
from ssi_analysis.stats import adjust_p as _adjust
from ssi_analysis.stats.timeseries import stationarity


@pytest.fixture
def chickegg(repo):
    # Committed with its source and licence (tests/data/README.md), so a fresh clone runs it.
    data = pd.read_csv(repo / "tests" / "data" / "ChickEgg.csv")
    data["date"] = pd.to_datetime(data["year"].astype(str) + "-01-01")
    return data


def test_granger_chicken_egg(chickegg):
    # R: lmtest::grangertest(egg ~ chicken, order = 3, data = ChickEgg)
    #    F = 0.5916, p = 0.6238, df = (3, 44)
    row = granger(chickegg, x="chicken", y="egg", maxlag=3, difference=False).iloc[2]
    assert row["f"] == pytest.approx(0.5916, abs=5e-4)
    assert row["p"] == pytest.approx(0.6238, abs=5e-4)
    assert (row["df_num"], row["df_denom"]) == (3, 44)
    # R: lmtest::grangertest(chicken ~ egg, order = 3, data = ChickEgg)
    #    F = 5.405, p = 0.002966, df = (3, 44)
    row = granger(chickegg, x="egg", y="chicken", maxlag=3, difference=False).iloc[2]
    assert row["f"] == pytest.approx(5.405, abs=5e-3)
    assert row["p"] == pytest.approx(0.002966, abs=5e-6)


def test_chicken_egg_levels_are_not_stationary(chickegg):
    # Reference: ADF with trend, chicken stat -2.55 p 0.31; egg stat -1.63 p 0.78
    chicken = stationarity(chickegg["chicken"].to_numpy(float), regression="ct")
    egg = stationarity(chickegg["egg"].to_numpy(float), regression="ct")
    assert chicken["adf_stat"] == pytest.approx(-2.55, abs=0.01)
    assert chicken["adf_p"] == pytest.approx(0.31, abs=0.01)
    assert egg["adf_stat"] == pytest.approx(-1.63, abs=0.01)
    assert egg["adf_p"] == pytest.approx(0.78, abs=0.01)
    assert chicken["unit_root"] and egg["unit_root"]
    # so the default Granger test differences first, and says so
    auto = granger(chickegg, x="egg", y="chicken", maxlag=3)
    assert auto["differenced"].all()
    assert "differenced" in auto["note"].iloc[0] and "not cause" in auto["note"].iloc[0]


BH_P = np.array(
    [
        0.0001,
        0.0004,
        0.0019,
        0.0095,
        0.0201,
        0.0278,
        0.0298,
        0.0344,
        0.0459,
        0.3240,
        0.4262,
        0.5719,
        0.6528,
        0.7590,
        1.000,
    ]
)


def test_benjamini_hochberg_example():
    # Benjamini & Hochberg (1995): at q = 0.05 BH rejects 4, Bonferroni 3;
    # BH-adjusted p of the first five: 0.0015, 0.003, 0.0095, 0.035625, 0.0603
    adjusted = _adjust(BH_P)
    np.testing.assert_allclose(adjusted[:5], [0.0015, 0.003, 0.0095, 0.035625, 0.0603], rtol=1e-6)
    assert (adjusted < 0.05).sum() == 4
    assert (_adjust(BH_P, "bonferroni") < 0.05).sum() == 3


ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
ANSCOMBE = {
    "I": (ANSCOMBE_X, [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]),
    "II": (ANSCOMBE_X, [9.14, 8.14, 8.74, 8.77, 9.26, 8.10, 6.13, 3.10, 9.13, 7.26, 4.74]),
    "III": (ANSCOMBE_X, [7.46, 6.77, 12.74, 7.11, 7.81, 8.84, 6.08, 5.39, 8.15, 6.42, 5.73]),
    "IV": (
        [8, 8, 8, 8, 8, 8, 8, 19, 8, 8, 8],
        [6.58, 5.76, 7.71, 8.84, 8.47, 7.04, 5.25, 12.50, 5.56, 7.91, 6.89],
    ),
}


@pytest.mark.parametrize("name", list(ANSCOMBE))
def test_anscombe_r(name):
    # Anscombe (1973): r = 0.816 for all four sets (set IV is 0.8165)
    x, y = ANSCOMBE[name]
    data = pd.DataFrame({"date": pd.date_range("2026-01-01", periods=11), "x": x, "y": y})
    # the textbook r is the naive method's (the default tests 11 points' deviations from their
    # own lines after a filter: not Anscombe's statistic)
    row = correlate(data, x="x", y="y", method="naive").iloc[0]
    assert row["r"] == pytest.approx(0.816, abs=6e-4)
    assert row["r_levels"] == row["r"]


def test_effective_n_limits(rng):
    # Bartlett / Pyper-Peterman: N*/N -> (1 - ab)/(1 + ab): 0.342 at 0.7, 0.105 at 0.9
    assert _core.effective_n_ar1(1, 0.7, 0.7) == pytest.approx(0.342, abs=5e-4)
    assert _core.effective_n_ar1(1, 0.9, 0.9) == pytest.approx(0.105, abs=5e-4)
    n = 20_000
    for phi, limit in ((0.7, 0.342), (0.9, 0.105)):
        a, b = np.zeros(n), np.zeros(n)
        e = rng.normal(size=(n, 2))
        for t in range(1, n):
            a[t] = phi * a[t - 1] + e[t, 0]
            b[t] = phi * b[t - 1] + e[t, 1]
        assert _core.effective_n(a, b) / n == pytest.approx(limit, rel=0.1)


def test_power_reference_numbers():
    # 85 independent observations detect r = 0.3 with 80 % power (Fisher z, n - 3); the test
    # also takes each series off its own line (one df) and fits each series' own filter (one
    # lag each counted): 88 weeks
    assert _core.detectable_on_df(85 - 2) == pytest.approx(0.3, abs=0.002)
    assert power(88, r=0.3) == pytest.approx(0.80, abs=0.005)
    assert power(87, r=0.3) < 0.8 <= power(88, r=0.3)
    # The tested r is the innovations' correlation: persistence is filtered out of each series
    # by its own filter (88 weeks, not the 249 a levels' r needs at φ 0.7).
    weeks = next(n for n in range(50, 400) if power(n, r=0.3, phi_x=0.7, phi_y=0.7) >= 0.8)
    assert weeks == 88
    # opposite persistence neither adds nor costs power now that each series has its own filter
    # (simulated, 1,000 pairs of 104 weeks, r 0.3: 0.853 for φ 0.5/-0.5, 0.3/0.95 and 0.9/0.3;
    # with the score's filter on both, the review found 0.58 for 0.5/-0.5)
    assert power(104, r=0.3, phi_x=0.5, phi_y=-0.5) == power(104, r=0.3, phi_x=0.5, phi_y=0.5)
