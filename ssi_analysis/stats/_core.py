"""Numerical pieces no library in the stack provides (see ``METHODS.md``), each unit-tested.

- an AR(p) fit by least squares that skips missing periods instead of filling them, with the
  order chosen by AIC on a common sample (statsmodels' ``ar_select_order`` needs a gap-free
  series, and its model objects cost more than the whole fit when a correlation table runs
  hundreds of tests);
- applying one series' AR filter to another (prewhitening);
- the Bartlett / Pyper-Peterman effective sample size;
- the Fisher-z interval and the minimum detectable correlation on an effective n.
"""

from __future__ import annotations

import numpy as np
from scipy import stats


def lag_matrix(x: np.ndarray, p: int) -> np.ndarray:
    """Columns x[t-1] ... x[t-p] for each t (NaN where t-k is before the start)."""
    out = np.full((len(x), p), np.nan)
    for k in range(1, p + 1):
        out[k:, k - 1] = x[:-k]
    return out


def fit_ar(x: np.ndarray, max_order: int) -> tuple[np.ndarray, int]:
    """Fit AR(p) with a constant for p = 0..max_order by OLS; keep the order with least AIC.

    Rows with any missing value (the period itself or one of its lags) are left out; every
    order is compared on the rows complete for ``max_order`` so that the AICs are comparable.

    Returns
    -------
    coefficients : ndarray
        φ_1 ... φ_p of the chosen order (empty for p = 0).
    order : int

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = np.zeros(400)
    >>> for t in range(1, 400):
    ...     x[t] = 0.7 * x[t - 1] + rng.normal()
    >>> phi, p = fit_ar(x, 4)
    >>> p, round(float(phi[0]), 1)
    (1, 0.7)
    """
    lags = lag_matrix(x, max_order)
    rows = np.isfinite(x) & np.all(np.isfinite(lags), axis=1)
    n = int(rows.sum())
    if max_order == 0 or n <= max_order + 2:
        return np.zeros(0), 0
    target = x[rows]
    best = (np.inf, np.zeros(0), 0)
    for p in range(max_order + 1):
        design = np.column_stack([np.ones(n), lags[rows, :p]])
        coef, *_ = np.linalg.lstsq(design, target, rcond=None)
        ssr = float(np.sum((target - design @ coef) ** 2))
        aic = n * np.log(max(ssr, 1e-300) / n) + 2 * (p + 1)
        if aic < best[0] - 1e-9:
            best = (aic, coef[1:], p)
    return best[1], best[2]


def ar_filter(x: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """x[t] - φ_1 x[t-1] - ... - φ_p x[t-p]; NaN where any term is missing (never filled)."""
    if len(phi) == 0:
        return x.astype(float).copy()
    return x - lag_matrix(x, len(phi)) @ phi


def autocorrelation(x: np.ndarray, nlags: int) -> np.ndarray:
    """Sample autocorrelations at lags 1..nlags using the pairs where both values exist."""
    x = x - np.nanmean(x)
    var = np.nanmean(x * x)
    out = np.zeros(nlags)
    if not var > 0:
        return out
    n = np.sum(np.isfinite(x))
    for k in range(1, nlags + 1):
        products = x[k:] * x[:-k]
        out[k - 1] = np.nansum(products) / n / var
    return out


def effective_n(x: np.ndarray, y: np.ndarray) -> float:
    """Pyper & Peterman (1998) effective sample size of the correlation of x and y.

    1/N* = 1/N + (2/N) Σ_{j=1}^{N/5} ((N-j)/N) ρ_xx(j) ρ_yy(j), kept within [3, N].
    ``x`` and ``y`` are aligned pairs (NaN where either is missing).
    """
    both = np.isfinite(x) & np.isfinite(y)
    n = int(both.sum())
    if n < 4:
        return float(n)
    xs, ys = np.where(both, x, np.nan), np.where(both, y, np.nan)
    lags = max(1, n // 5)
    j = np.arange(1, lags + 1)
    weight = (n - j) / n
    inverse = 1 / n + (2 / n) * np.sum(
        weight * autocorrelation(xs, lags) * autocorrelation(ys, lags)
    )
    return float(np.clip(1 / inverse if inverse > 0 else n, 3, n))


def effective_n_ar1(n: float, phi_x: float, phi_y: float) -> float:
    """Bartlett's limit for two AR(1) series: N* = N (1 - φx φy) / (1 + φx φy).

    Examples
    --------
    >>> round(effective_n_ar1(1000, 0.7, 0.7) / 1000, 3), round(effective_n_ar1(1, 0.9, 0.9), 3)
    (0.342, 0.105)
    """
    return n * (1 - phi_x * phi_y) / (1 + phi_x * phi_y)


def fisher_interval(r: float, n_eff: float, alpha: float = 0.05) -> tuple[float, float]:
    """Fisher-z confidence interval of a correlation on an effective sample size."""
    if not np.isfinite(r) or n_eff <= 3:
        return (np.nan, np.nan)
    z = np.arctanh(np.clip(r, -0.999999, 0.999999))
    half = stats.norm.ppf(1 - alpha / 2) / np.sqrt(n_eff - 3)
    return float(np.tanh(z - half)), float(np.tanh(z + half))


def detectable_r(n_eff: float, *, alpha: float = 0.05, power: float = 0.8) -> float:
    """Smallest |r| a two-sided Fisher-z test on ``n_eff`` detects with the given power.

    Examples
    --------
    >>> round(detectable_r(85), 2)  # 85 independent observations detect r = 0.3
    0.3
    """
    if n_eff <= 3:
        return np.nan
    z = (stats.norm.ppf(1 - alpha / 2) + stats.norm.ppf(power)) / np.sqrt(n_eff - 3)
    return float(np.tanh(z))


def fisher_power(r: float, n_eff: float, alpha: float = 0.05) -> float:
    """Power of a two-sided Fisher-z test of ρ = 0 when the true correlation is ``r``."""
    if n_eff <= 3:
        return np.nan
    shift = np.arctanh(abs(r)) * np.sqrt(n_eff - 3)
    crit = stats.norm.ppf(1 - alpha / 2)
    return float(stats.norm.sf(crit - shift) + stats.norm.cdf(-crit - shift))


def pearson(x: np.ndarray, y: np.ndarray) -> tuple[float, int]:
    """Pearson r over the pairs where both exist, and their number (NaN r if constant)."""
    both = np.isfinite(x) & np.isfinite(y)
    n = int(both.sum())
    if n < 3:
        return np.nan, n
    xs, ys = x[both] - x[both].mean(), y[both] - y[both].mean()
    denom = np.sqrt(np.sum(xs * xs) * np.sum(ys * ys))
    if denom <= 1e-12 * max(1.0, np.abs(x[both]).max() * np.abs(y[both]).max()):
        return np.nan, n
    return float(np.clip(np.sum(xs * ys) / denom, -1, 1)), n


def t_test_p(r: float, df: float) -> float:
    """Two-sided p of H0 ρ = 0 from r with ``df`` degrees of freedom (t = r √df / √(1-r²))."""
    if not np.isfinite(r) or df < 1:
        return np.nan
    t = r * np.sqrt(df / max(1e-300, 1 - r * r))
    return float(2 * stats.t.sf(abs(t), df))
