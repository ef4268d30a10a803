"""The checks every "linked" gets.

Re-tested without the holidays and without its most influential week; checked for a level step
both series share.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from ssi_analysis.stats._core import (
    adjust_p,
    effect_p,
    effect_test,
    pair_scan,
)
from ssi_analysis.stats._series import MIN_PAIRS, lagged
from ssi_analysis.stats.answers._common import (
    _filter,
    _pair_test,
)
from ssi_analysis.words import caveats as say

#: A shift of this many robust standard deviations (of the shift statistic) in both series is a
#: candidate shared step; the link is then re-scanned with that step taken out of both. (A flag
#: at 5 robust SDs alone never fired on a shared step of 3 innovation SDs, which made unrelated
#: AR(0.5) series "linked" 15 % of the time.)
STEP_Z = 1.0


#: Periods averaged on each side of a candidate level shift.
STEP_WINDOW = 4


#: How many candidate weeks the influence check re-tests without (the largest ones).
INFLUENCE_CANDIDATES = 8


def robustness(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lag: int,
    alpha: float = 0.05,
    filt=None,
    periods: pd.DatetimeIndex | None = None,
    holiday: np.ndarray | None = None,
    unit: str = "week",
    score: str = "ssi",
    outcome: str = "the outcome",
    lags: Sequence[int] | None = None,
) -> list[str]:
    """Check a "linked" pair at its lag: calendar, influence, shared level step.

    ``holiday`` marks the periods the calendar check leaves out (from
    :func:`holiday_mask`); ``periods`` names weeks in the caveats; ``lags``, the lags the
    verdict scanned, are re-scanned (BH-adjusted) without a shared step. Returns a list of
    caveat texts, empty when every check passes.
    """
    filt = _filter(x) if filt is None else filt
    base = _pair_test(x, y, lag, alpha, filt)
    caveats = []
    if holiday is not None and holiday.any():
        xh, yh = np.where(holiday, np.nan, x), np.where(holiday, np.nan, y)
        if np.isfinite(xh).sum() and np.isfinite(yh).sum():
            again = _pair_test(xh, yh, lag, alpha, filt)
            if not again["p"] < alpha or np.sign(again["r"]) != np.sign(base["r"]):
                caveats.append(say.holiday_weeks(again["p"]))
    worst = _most_influential(x, y, lag=lag, alpha=alpha, filt=filt)
    if worst is not None and not worst[1] < alpha:
        caveats.append(say.one_period(periods, worst[0], unit, worst[1]))
    step = _shared_step(x, y, lag)
    if step is not None:
        step = _best_shared_step(x, lagged(y, lag), step)
        # re-scan with the step taken out of both series (x at t, y at t + lag): is the pair
        # still linked, by the rule that made it linked (BH across the lags scanned)?
        xs, ys = _without_step(x, step), _without_step(y, step + lag)
        scanned = [lag] if lags is None else list(lags)
        tests = pair_scan(xs, ys, scanned, alpha=alpha)  # pair_test at each lag, one fit
        p_adj = adjust_p(tests["p"])
        again = {k: tests[k][scanned.index(lag) if lag in scanned else 0] for k in ("p", "r")}
        still = np.isfinite(p_adj).any() and np.nanmin(p_adj) < alpha
        if not still or np.sign(again["r"]) != np.sign(base["r"]):
            caveats.append(
                say.shared_step(
                    score, outcome, lag=lag, periods=periods, t=step, unit=unit, p=again["p"]
                )
            )
    return caveats


def _effect_robustness(
    x, y, *, eff, horizon, rise, relative, alpha, filt, periods, holiday, unit
) -> list[str]:
    """Check a link found on the effect over the horizon: calendar and one huge week.

    The effect is estimated again without the holiday weeks (year-end and ``holidays``) and
    without the outcome's largest week (one huge deal); a re-estimate whose two-sided p is
    α or more, or whose sign flips, adds a caveat.
    """
    out = []
    y = np.asarray(y, dtype=float)
    checks = []
    if holiday is not None and np.any(holiday & np.isfinite(y)):
        checks.append(("calendar", np.where(holiday, np.nan, y)))
    if np.isfinite(y).any():
        top = int(np.nanargmax(y))
        checks.append(("influence", top))
    for kind, value in checks:
        if kind == "influence":
            y2 = y.copy()
            y2[value] = np.nan
        else:
            y2 = value
        res = effect_test(
            x, y2, horizon=horizon, rise=rise, alpha=alpha, relative=relative, filt=filt
        )
        p = effect_p(res)
        if np.isfinite(p) and p < alpha and np.sign(res.effect) == np.sign(eff.effect):
            continue
        if kind == "calendar":
            out.append(say.effect_holidays(p))
        else:
            out.append(say.largest_period(periods, value, unit, p))
    return out


def _step_ssr(v: np.ndarray, t: int, line_ssr: np.ndarray | None = None) -> float:
    """Share of v's variance about its line left after a level step at t (1 = no help).

    ``line_ssr`` (lstsq's residuals of v on its line alone, the same for every t) may be
    passed when several steps are tried on one series.
    """
    seen = np.isfinite(v)
    index = np.arange(len(v), dtype=float)
    line = np.column_stack([np.ones(len(v)), index])[seen]
    design = np.column_stack([line, (index >= t)[seen]])
    if line_ssr is None:
        line_ssr = _line_ssr(v)
    ssr = [np.linalg.lstsq(design, v[seen], rcond=None)[1], line_ssr]
    if not all(len(a) for a in ssr) or not ssr[1][0] > 0:
        return 1.0
    return float(ssr[0][0] / ssr[1][0])


def _line_ssr(v: np.ndarray) -> np.ndarray:
    """Return lstsq's residuals of v on its line alone (what :func:`_step_ssr` divides by)."""
    seen = np.isfinite(v)
    index = np.arange(len(v), dtype=float)
    line = np.column_stack([np.ones(len(v)), index])[seen]
    return np.linalg.lstsq(line, v[seen], rcond=None)[1]


def _best_shared_step(x: np.ndarray, yl: np.ndarray, near: int) -> int:
    """Period within STEP_WINDOW of ``near`` where one level step in both series fits best."""
    lo, hi = max(near - STEP_WINDOW, 1), min(near + STEP_WINDOW, len(x) - 1)
    # each series' line alone is fitted once, not once per step tried (the same numbers)
    lx, ly = _line_ssr(x), _line_ssr(yl)
    fits = {t: _step_ssr(x, t, lx) + _step_ssr(yl, t, ly) for t in range(lo, hi + 1)}
    return min(fits, key=fits.get)


def _without_step(v: np.ndarray, t: int) -> np.ndarray:
    """``v`` with a level step at period ``t`` removed (least squares beside a line; NaN kept)."""
    seen = np.isfinite(v)
    index = np.arange(len(v), dtype=float)
    after = (index >= t).astype(float)
    if not 0 < after[seen].sum() < seen.sum():
        return v
    design = np.column_stack([np.ones(len(v)), index, after])
    coef, *_ = np.linalg.lstsq(design[seen], v[seen], rcond=None)
    return v - coef[2] * after


def _most_influential(x, y, *, lag, alpha, filt) -> tuple[int, float] | None:
    """Re-test without each candidate week; return (period of x, p) of the largest p.

    Candidates: the pairs with the largest |product| of standardized changes, and the largest
    |outcome| values (one huge deal). Leave-one-out over every week would need a test per
    week; the candidates are where one week can carry a correlation.
    """
    yl = lagged(y, lag)
    both = np.isfinite(x) & np.isfinite(yl)
    if both.sum() <= MIN_PAIRS:
        return None

    def z(v):
        v = np.where(both, v, np.nan)
        if np.isfinite(v).sum() < 2:
            return np.zeros_like(v)
        sd = np.nanstd(v)
        return (v - np.nanmean(v)) / sd if sd > 0 else np.zeros_like(v)

    dx, dy = np.diff(x, prepend=np.nan), np.diff(yl, prepend=np.nan)
    scores_ = [np.abs(z(x) * z(yl)), np.abs(z(dx) * z(dy)), np.abs(z(yl)), np.abs(z(dy))]
    candidates = []
    for s in scores_:
        s = np.nan_to_num(s, nan=-1.0)
        candidates += list(np.argsort(-s, kind="stable")[: INFLUENCE_CANDIDATES // 4 + 1])
    worst = None
    for t in dict.fromkeys(int(c) for c in candidates):
        xs, ys = x.copy(), y.copy()
        xs[t] = np.nan
        if 0 <= t + lag < len(ys):
            ys[t + lag] = np.nan
        p = _pair_test(xs, ys, lag, alpha, filt)["p"]
        p = 1.0 if not np.isfinite(p) else p
        if worst is None or p > worst[1]:
            worst = (t, float(p))
    return worst


def _shared_step(x, y, lag) -> int | None:
    """Period t where x and y (at t + lag) both shift level most, each beyond STEP_Z robust SDs.

    The shift at t is the mean of the ``STEP_WINDOW`` periods from t on minus the mean of the
    ``STEP_WINDOW`` periods before, standardized by its own median and MAD over the series
    (hand-written: no library in the stack has a joint change-point check this simple). A
    one-week spike moves it by a quarter of its size only; a random walk's drift moves it
    everywhere, so its MAD absorbs it.
    """
    zx, zy = _step_z(x), _step_z(lagged(y, lag))
    both = np.fmin(np.abs(zx), np.abs(zy))
    both = np.where(np.isfinite(both), both, 0.0)
    t = int(np.argmax(both))
    return t if both[t] > STEP_Z else None


def _step_z(v: np.ndarray) -> np.ndarray:
    from numpy.lib.stride_tricks import sliding_window_view

    w, n = STEP_WINDOW, len(v)
    out = np.full(n, np.nan)
    if n < 2 * w + MIN_PAIRS:
        return out
    windows = sliding_window_view(v, w)  # windows[i] = v[i : i + w]
    counts = np.isfinite(windows).sum(axis=1)
    with np.errstate(invalid="ignore"):
        means = np.where(
            counts >= w // 2, np.nansum(windows, axis=1) / np.maximum(counts, 1), np.nan
        )
    out[w : n - w + 1] = means[w:] - means[: n - 2 * w + 1]  # after t minus before t
    ok = np.isfinite(out)
    if ok.sum() < MIN_PAIRS:
        return np.full(n, np.nan)
    center = np.median(out[ok])
    scale = 1.4826 * np.median(np.abs(out[ok] - center))
    scale = scale if scale > 0 else np.std(out[ok])
    return (out - center) / scale if scale > 0 else np.full(n, np.nan)
