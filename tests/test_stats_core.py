"""The array-level test behind every correlation: the gap filter, one scale, one status."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from scipy.signal import lfilter

from ssi_analysis import correlate, min_detectable_r
from ssi_analysis.stats import _core, adjust_p, fit_filter, pair_test, z_se


def ar1(rng, n, phi):
    e = rng.normal(size=n)
    if phi >= 1:
        return e.cumsum()
    e[0] /= math.sqrt(1 - phi * phi)
    return lfilter([1], [1, -phi], e)


def test_gap_likelihood_and_innovations_match_statsmodels_kalman(rng):
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    x = 5 + ar1(rng, 120, 0.8)
    x[rng.random(120) < 0.4] = np.nan
    x[[0, -1]] = 5.0  # observed at both ends
    phi = _core.fit_ar1_gaps(x)
    res = SARIMAX(x, order=(1, 0, 0), trend="c").fit(disp=False)
    assert phi == pytest.approx(res.params[1], abs=0.01)  # same maximum of the likelihood
    # At our φ, with μ by GLS and σ² concentrated, the Kalman filter's standardized one-step
    # errors at observed periods equal our innovations / σ̂ (and are 0, not NaN, at gaps).
    innov = _core.gap_innovations(x, phi)
    seen = np.isfinite(x)
    sigma2 = np.mean(innov[seen] ** 2)
    values = x[seen]  # μ recovered from the innovation of the first observation
    first_weight = math.sqrt(1 - phi * phi)
    mu = values[0] - innov[seen][0] / first_weight
    kalman = SARIMAX(x, order=(1, 0, 0), trend="c").filter([mu * (1 - phi), phi, sigma2])
    std = kalman.filter_results.standardized_forecasts_error[0]
    np.testing.assert_allclose(std[seen], innov[seen] / math.sqrt(sigma2), atol=1e-8)
    assert np.all(std[~seen] == 0)
    m = seen.sum()
    profile = _core._gap_profile(x[seen], np.diff(np.flatnonzero(seen)).astype(float), np.r_[phi])
    assert profile[0] - m / 2 * (math.log(2 * math.pi) + 1) == pytest.approx(kalman.llf, abs=1e-6)


def test_fit_filter_routes_and_statuses(rng):
    walk = ar1(rng, 104, 1.0)
    assert fit_filter(walk).kind == "ar"
    every_other = walk.copy()
    every_other[1::2] = np.nan
    f = fit_filter(every_other)
    assert f.kind == "gap_ar1" and f.status == "ok" and f.phi[0] > 0.9  # persistent root
    assert fit_filter(np.full(30, 3.0)).status == "constant"
    assert fit_filter(walk[:8]).status == "too_few"
    rare = np.full(104, np.nan)
    rare[::8] = walk[::8]  # 13 captures, two months apart
    f = fit_filter(rare)
    assert f.status == "no_valid_test" and "freq='MS'" in f.note
    res = pair_test(rare, walk)
    assert res.status == "no_valid_test" and np.isnan(res.p) and res.note == f.note
    assert np.isfinite(res.p_naive)  # the naive p is kept for contrast, never put in p


def test_interval_excludes_zero_exactly_when_p_below_alpha(rng):
    """A property over many random cases: methods, lags, gaps, alphas, lengths, links."""
    checked = 0
    for _ in range(600):
        n = int(rng.integers(12, 130))
        x = ar1(rng, n, rng.choice([0.0, 0.5, 0.9, 1.0]))
        y = ar1(rng, n, rng.choice([0.0, 0.5, 1.0])) + rng.uniform(0, 3) * x
        x[rng.random(n) < rng.uniform(0, 0.5)] = np.nan
        alpha = float(rng.choice([0.01, 0.05, 0.1, 0.2]))
        method = str(rng.choice(["prewhiten", "difference", "naive"]))
        res = pair_test(x, y, lag=int(rng.integers(-3, 4)), alpha=alpha, method=method)
        if res.status != "ok":
            assert np.isnan(res.p) and np.isnan(res.ci_low) and res.note
            continue
        checked += 1
        excludes = res.ci_low > 0 or res.ci_high < 0
        assert excludes == (res.p < alpha), res
        assert res.ci_low <= res.r <= res.ci_high
        # the detectable size belongs to the same scale: |r| = r_detectable has power 80 %
        z = math.atanh(res.r_detectable) / z_se(res.df)
        assert z == pytest.approx(stats.norm.ppf(1 - alpha / 2) + 0.8416, abs=1e-3)
    assert checked > 400


def test_public_wrappers_return_the_array_test(rng):
    """The Monte Carlo runs pair_test; correlate must be that very test (a few replications)."""
    weeks = pd.date_range("2024-01-01", periods=80, freq="W-MON")
    for _ in range(5):
        x, y = ar1(rng, 80, 1.0), ar1(rng, 80, 0.7)
        x[rng.random(80) < 0.4] = np.nan
        frame = pd.DataFrame({"period": weeks, "x": x, "y": y})
        row = correlate(frame, x="x", y="y", lag=2).iloc[0]
        res = pair_test(x, y, lag=2)
        for field in ("r", "p", "df", "n", "ci_low", "ci_high", "r_levels", "p_naive"):
            assert row[field] == pytest.approx(getattr(res, field), nan_ok=True)
        assert row["status"] == res.status and row["test"] == res.test
        assert min_detectable_r(frame, x="x", y="y", lag=2)["df"].iloc[0] == res.df


def test_z_se_and_adjust_p():
    assert z_se(52 - 2) == pytest.approx(1 / math.sqrt(52 - 3))
    np.testing.assert_allclose(
        adjust_p([0.01, 0.02, np.nan, 0.9]), [0.03, 0.03, np.nan, 0.9], rtol=1e-12
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"lag": 1.5}, r"correlate: lag must be a whole number .* got 1\.5"),
        ({"lag": "2"}, r"correlate: lag must be a whole number .* got '2'"),
        ({"alpha": 5}, r"correlate: alpha must be a number between 0 and 1 .* got 5"),
        ({"alpha": 0}, r"correlate: alpha must be a number between 0 and 1 .* got 0"),
    ],
)
def test_arguments_are_checked_not_truncated(rng, kwargs, message):
    frame = pd.DataFrame(
        {
            "period": pd.date_range("2024-01-01", periods=30, freq="W-MON"),
            "x": rng.normal(size=30),
            "y": rng.normal(size=30),
        }
    )
    with pytest.raises(ValueError, match=message):
        correlate(frame, x="x", y="y", **kwargs)
    with pytest.raises(ValueError, match="no column 'nope'"):
        correlate(frame, x="nope", y="y")


def test_edges_refused_or_contained(rng):
    """Audit edges: an unknown method, an infinity, r = ±1, power() outside its model."""
    from ssi_analysis import power

    x = rng.normal(size=52).cumsum()
    with pytest.raises(ValueError, match="method must be"):
        pair_test(x, x, method="bogus")
    bad = x.copy()
    bad[7] = np.inf
    with pytest.raises(ValueError, match=r"x holds an infinite value at position\(s\) \[7\]"):
        pair_test(bad, x)
    with pytest.raises(ValueError, match="y holds an infinite"):
        pair_test(x, -bad)
    for sign in (1, -1):
        res = pair_test(x, sign * x)  # y through its own AR(1): not x's filter, r not exactly 1
        assert res.r == pytest.approx(sign, abs=1e-3) and res.ci_low <= res.r <= res.ci_high
    for kwargs, message in [
        ({"n": 5, "r": 0.3}, "at least 10"),
        ({"n": 52.5, "r": 0.3}, "whole number"),
        ({"n": 104, "r": 1.0}, "strictly between"),
        ({"n": 104, "r": 0.3, "phi_x": 1.2}, "phi_x must be"),
        ({"n": 104, "r": 0.3, "phi_y": -1.0}, "phi_y must be"),
        ({"n": 104, "r": 0.3, "missing": 1.0}, "missing must be"),
    ]:
        with pytest.raises(ValueError, match=message):
            power(**kwargs)
    assert 0 < power(104, r=0.3, phi_x=1.0, phi_y=1.0) < 1  # 1 = a random walk, allowed


def test_detrend_skips_gaps_and_removes_the_line():
    v = 3.0 + 0.5 * np.arange(20.0)
    v[[4, 9]] = np.nan
    out = _core.detrend(v)
    assert np.isnan(out[[4, 9]]).all()
    np.testing.assert_allclose(out[np.isfinite(out)], 0, atol=1e-10)


def test_an_outcome_with_gaps_keeps_its_pairs(rng):
    """Beside a complete score (AR(p) filter), y is filtered over its own gaps: the periods
    after each missing y week are not lost (on main: 17 pairs of 57 with an AR(2) filter)."""
    x, y = ar1(rng, 104, 1.0), ar1(rng, 104, 1.0)
    y[rng.random(104) < 0.4] = np.nan
    res = pair_test(x, y)
    assert res.ar_order >= 1 and res.status == "ok"
    assert res.n >= res.n_levels - res.ar_order  # only x's first p periods (no lags) are lost


def _random_pair(rng, case: int) -> tuple[np.ndarray, np.ndarray]:
    """Series of every shape the scan meets: complete, gappy score or outcome, too short,
    constant, captured too rarely for a filter."""
    n = int(rng.integers(8, 160))
    x = ar1(rng, n, float(rng.choice([0.0, 0.5, 0.9, 1.0])))
    y = ar1(rng, n, float(rng.choice([0.0, 0.5, 1.0]))) + rng.uniform(0, 2) * x
    if case == 1:
        x[rng.random(n) < 0.4] = np.nan  # gap filter (AR(1) by likelihood)
    elif case == 2:
        x[1::2] = np.nan  # every other week
    elif case == 3:
        y[rng.random(n) < 0.3] = np.nan  # an outcome with gaps beside a complete score
    elif case == 4:
        x[:] = 3.0  # constant
    elif case == 5:
        x[rng.random(n) < 0.85] = np.nan  # too few, or too rare to fit a filter
    return x, y


def test_pair_scan_is_pair_test_at_every_lag(rng):
    """The fast scan (filters and quantiles once per pair) returns pair_test's numbers."""
    seen = set()
    for rep in range(120):
        x, y = _random_pair(rng, rep % 6)
        lags = list(range(-2, 6))
        alpha = float(rng.choice([0.01, 0.05, 0.1]))
        filt = fit_filter(x) if rep % 3 else None
        scan = _core.pair_scan(x, y, lags, alpha=alpha, filt=filt)
        for i, lag in enumerate(lags):
            ref = pair_test(x, y, lag=lag, alpha=alpha, filt=filt)._asdict()
            seen.add(ref["status"])
            for key, value in ref.items():
                if isinstance(value, str):
                    assert scan[key][i] == value, (key, lag)
                else:
                    np.testing.assert_allclose(
                        scan[key][i], value, rtol=1e-12, atol=1e-15, err_msg=key
                    )
    assert seen == {"ok", "too_few", "constant", "no_valid_test"}


def test_filters_passed_in_give_the_same_answers(rng):
    """Reusing a score's filtered series and an outcome's own filter changes no number."""
    from ssi_analysis.stats.answers import scan_pair

    lags = [0, 1, 2, 3, 4]
    for rep in range(40):
        x, y = _random_pair(rng, rep % 4)
        filt = fit_filter(x)
        fx = _core.apply_filter(filt, x) if filt.status == "ok" else None
        own = _core.fit_outcome_filter(y)
        fast = scan_pair(x, y, lags=lags, filt=filt, x_filtered=fx, own=own)
        slow = [pair_test(x, y, lag=k, filt=filt) for k in lags]
        np.testing.assert_allclose(fast["p"], [t.p for t in slow], rtol=1e-12)
        np.testing.assert_allclose(fast["ci_low"], [t.ci_low for t in slow], rtol=1e-12)
        np.testing.assert_array_equal(scan_pair(x, y, lags=lags)["p_tost"], fast["p_tost"])


def test_effect_tests_sharing_a_scores_pieces_give_the_same_numbers(rng):
    """effect_test with a score's pieces kept across outcomes and horizons (``shared``, as a
    seller's outcomes use it) returns, field by field, exactly what each test alone returns."""
    statuses = set()
    for rep in range(60):
        x, y = _random_pair(rng, rep % 6)
        filt = fit_filter(x)
        shared = {"e": _core.apply_filter(filt, x) if filt.status == "ok" else None}
        outcomes = [y, np.abs(y) + 1.0, np.where(rng.random(len(y)) < 0.2, np.nan, y)]
        for k, (out, horizon) in enumerate(zip(outcomes * 2, [1, 4, 13, 4, 1, 13], strict=True)):
            relative = bool(k % 2)
            kept = _core.effect_test(
                x, out, horizon=horizon, rise=10, relative=relative, filt=filt, shared=shared
            )
            alone = _core.effect_test(x, out, horizon=horizon, rise=10, relative=relative)
            statuses.add(alone.status)
            for name, a, b in zip(alone._fields, alone, kept, strict=True):
                assert a == b or (isinstance(a, float) and math.isnan(a) and math.isnan(b)), (
                    rep,
                    name,
                )
    assert {"ok", "too_few", "constant"} <= statuses


def test_scalar_tests_are_scipy_stats_numbers(rng):
    """scipy.special's ndtr/ndtri/stdtr stand in for scipy.stats' wrappers: same numbers."""
    for _ in range(200):
        r, df = float(rng.uniform(-0.99, 0.99)), float(rng.uniform(2, 400))
        alpha, power = float(rng.uniform(0.001, 0.3)), float(rng.uniform(0.5, 0.99))
        se = 1 / math.sqrt(df - 1)
        z = math.atanh(r) / se
        assert _core.z_p(r, df) == pytest.approx(2 * stats.norm.sf(abs(z)), rel=1e-13)
        t = r * math.sqrt(df / (1 - r * r))
        assert _core.t_test_p(r, df) == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-13)
        low, high = _core.z_interval(r, df, alpha)
        half = stats.norm.ppf(1 - alpha / 2) * se
        assert low == pytest.approx(min(math.tanh(math.atanh(r) - half), r), rel=1e-13)
        assert high == pytest.approx(max(math.tanh(math.atanh(r) + half), r), rel=1e-13)
        crit = stats.norm.ppf(1 - alpha / 2)
        detect = math.tanh((crit + stats.norm.ppf(power)) * se)
        assert _core.detectable_on_df(df, alpha=alpha, power=power) == pytest.approx(
            detect, rel=1e-13
        )
        shift = math.atanh(abs(r)) / se
        expected = stats.norm.sf(crit - shift) + stats.norm.cdf(-crit - shift)
        assert _core.power_on_df(r, df, alpha) == pytest.approx(expected, rel=1e-12, abs=1e-300)
