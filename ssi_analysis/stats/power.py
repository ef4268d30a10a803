"""How large a correlation a given amount of autocorrelated data can detect."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.stats import _core
from ssi_analysis.stats._series import lagged, regular_frame

__all__ = ["min_detectable_r", "power"]


def power(
    n: int, *, r: float, phi_x: float = 0.0, phi_y: float = 0.0, alpha: float = 0.05
) -> float:
    """Chance that a test of correlation detects a true correlation ``r`` in ``n`` periods.

    Parameters
    ----------
    n : int
        Periods with both series known.
    r : float
        The true correlation.
    phi_x, phi_y : float
        Lag-1 autocorrelations of the two series (AR(1) coefficients); they shrink the
        effective sample to n (1 − φx φy) / (1 + φx φy) (Bartlett 1935).
    alpha : float
        Significance level of the two-sided test.

    Returns
    -------
    float
        Power of the Fisher-z test on the effective sample size.

    Examples
    --------
    >>> round(power(85, r=0.3), 2)  # 85 independent weeks: 80 % power for r = 0.3
    0.8
    >>> round(power(249, r=0.3, phi_x=0.7, phi_y=0.7), 2)  # the same with persistent series
    0.8
    """
    return _core.fisher_power(r, _core.effective_n_ar1(n, phi_x, phi_y), alpha)


def min_detectable_r(
    data: pd.DataFrame, *, x: str, y: str, lag: int = 0, power: float = 0.8, alpha: float = 0.05
) -> pd.DataFrame:
    """Find the smallest correlation this data could detect, given its own autocorrelation.

    Parameters
    ----------
    data : pandas.DataFrame
        One person's periods (see :func:`ssi_analysis.correlate`).
    x, y : str
        The two columns.
    lag : int
        As in :func:`ssi_analysis.correlate`.
    power : float
        The wanted chance of detection.
    alpha : float
        Significance level.

    Returns
    -------
    pandas.DataFrame
        One row: ``x, y, lag, n`` (periods with both values), ``phi_x, phi_y`` (lag-1
        autocorrelations), ``n_eff`` (Bartlett effective sample), ``power``, ``alpha``,
        ``r_detectable`` (the smallest |r| detected with that power). A non-significant
        result on this data means "inconclusive below r_detectable", not "no relationship".

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=52, freq="W-MON"),
    ...                      "ssi": rng.normal(size=52), "replies": rng.normal(size=52)})
    >>> round(float(min_detectable_r(data, x="ssi", y="replies")["r_detectable"].iloc[0]), 1)
    0.4
    """
    frame, _ = regular_frame(data, [x, y], who="min_detectable_r")
    xs, ys = frame[x].to_numpy(), lagged(frame[y].to_numpy(), lag)
    both = np.isfinite(xs) & np.isfinite(ys)
    n = int(both.sum())
    phi_x = float(_core.autocorrelation(frame[x].to_numpy(), 1)[0])
    phi_y = float(_core.autocorrelation(frame[y].to_numpy(), 1)[0])
    # Bartlett's AR(1) shrinkage; negative autocorrelation is not allowed to inflate n.
    n_eff = min(n, _core.effective_n_ar1(n, max(phi_x, 0.0), max(phi_y, 0.0)))
    return pd.DataFrame(
        [
            {
                "x": x,
                "y": y,
                "lag": int(lag),
                "n": n,
                "phi_x": phi_x,
                "phi_y": phi_y,
                "n_eff": n_eff,
                "power": power,
                "alpha": alpha,
                "r_detectable": _core.detectable_r(n_eff, alpha=alpha, power=power),
            }
        ]
    )
