"""Student's t for one value at a time: scipy.special's functions, without the object's checks.

``scipy.stats.t.ppf`` / ``.sf`` / ``.cdf`` check and broadcast their arguments on every call,
about a millisecond each; a team scan asks thousands of times. For one finite value and
df > 0 these are ``special.stdtrit`` / ``special.stdtr``, the functions the distribution
object calls itself (the same numbers: tests/test_stats_core.py); anything else (q outside
(0, 1), an infinite x, df <= 0) goes to the object, which answers it as it always has.

Where it belongs: beside the other scalar tests in :mod:`ssi_analysis.stats._core`, whose
``special.stdtr(df, -x)`` / ``special.stdtrit(df, q)`` calls (and power.py's) are the same
rule written inline. _core.py had another owner the stop this module was written, so it
stands apart; folding it in (and those inline calls onto it) is a move of imports only.
"""

from __future__ import annotations

import math

import numpy as np

# scipy.special as _core has it; scipy.stats only on the rare path: asked for at every call, the
# first call imported it (~0.8 s of CPU) where nothing else needed it
from scipy import special

__all__ = ["t_cdf", "t_ppf", "t_sf", "t_sf_array"]


def t_ppf(q: float, df: float) -> float:
    """Return ``scipy.stats.t.ppf(q, df)`` for one ``q``.

    Examples
    --------
    >>> round(t_ppf(0.975, 10), 4), t_ppf(1.0, 10)
    (2.2281, inf)
    """
    if 0 < q < 1 and df > 0:
        return float(special.stdtrit(df, q))
    from scipy import stats

    return float(stats.t.ppf(q, df))


def t_sf(x: float, df: float) -> float:
    """Return ``scipy.stats.t.sf(x, df)`` (``stdtr(df, -x)``) for one ``x``.

    Examples
    --------
    >>> round(t_sf(2.2281, 10), 4)
    0.025
    """
    if math.isfinite(x) and df > 0:
        return float(special.stdtr(df, -x))
    from scipy import stats

    return float(stats.t.sf(x, df))


def t_cdf(x: float, df: float) -> float:
    """Return ``scipy.stats.t.cdf(x, df)`` (``stdtr(df, x)``) for one ``x``.

    Examples
    --------
    >>> round(t_cdf(-2.2281, 10), 4)
    0.025
    """
    if math.isfinite(x) and df > 0:
        return float(special.stdtr(df, x))
    from scipy import stats

    return float(stats.t.cdf(x, df))


def t_sf_array(x, df):
    """Return ``scipy.stats.t.sf(x, df)`` elementwise (``stdtr(df, -x)``) for arrays.

    The array form of :func:`t_sf` (a lag scan's or a simulation's many t values at once):
    ``special.stdtr`` answers every element itself, an infinity (0 or 1) and NaN (NaN)
    included, as ``scipy.stats.t.sf`` does for df > 0.

    Examples
    --------
    >>> import numpy as np
    >>> t_sf_array(np.array([2.2281, np.inf]), 10).round(4).tolist()
    [0.025, 0.0]
    """
    return special.stdtr(df, -np.asarray(x, dtype=float))
