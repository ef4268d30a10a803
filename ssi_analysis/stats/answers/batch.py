"""Every seller's lag scans and effects at once: the per-seller scan on sellers × periods arrays.

:func:`~ssi_analysis.stats.answers.person.answers` scans each person on their own
(``_scan_person``: the score's and each outcome's prewhitening filter, the lag scan of every
pair, each pair's effect over its horizon). For a team that is about a thousand small array
operations per seller, and a team of 500 spent most of its per-seller table on their Python
overhead, not on arithmetic. Here the same steps run once on arrays of sellers × periods, for
the sellers the common case covers: every seller on one clock with every score and outcome
known in every period. Their filters are least-squares AR fits, so a seller's whole scan is a
sequence of the same sums over the same periods, which the rows of one array share (sellers
with the same filter order are taken together, so that each step's missing periods are the
same along a row). Anything else — a gap, a seller on another clock, a constant or too-short
series, a near-singular fit, an outcome zero throughout, a filter that would need the
gap-safe one — is left to the per-seller path, which has every rule for it: a seller the
batch cannot decide exactly as the per-seller steps would is scanned on their own.

The numbers are the per-seller path's to rounding (the sums are taken in another order:
about 1e-15 relative); ``tests/test_team_batch.py`` compares both paths on simulated teams
with gaps, holidays, zero-heavy outcomes and a seller with too few weeks. Hand-written
because no library runs these (the kit's own) filters and tests over a batch of series.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
from scipy import special

from ssi_analysis.questions import RISE, question
from ssi_analysis.stats._core import (
    _TEST_NAMES,
    MIN_PAIRS,
    WHITE_LAGS,
    EffectTest,
    Filter,
    effect_p,
)
from ssi_analysis.stats._series import regular_arrays
from ssi_analysis.stats._tdist import t_ppf
from ssi_analysis.stats.answers._common import _resolve_horizons, tost_r
from ssi_analysis.stats.answers.holidays import _holiday_mask

#: Sellers below this many are scanned one by one (the batch's fixed cost is not worth it).
MIN_BATCH = 8


def scan_together(
    clock,
    values: np.ndarray,
    *,
    raw_clock,
    raw_values: np.ndarray,
    groups: Sequence[tuple[str, np.ndarray]],
    raws: Mapping[str, np.ndarray],
    columns: Sequence[str],
    scores: Sequence[str],
    outcomes: Sequence[str],
    lags: Sequence[int],
    r_bound: float,
    bounds: Mapping[str, Mapping[str, tuple[float, bool]]],
    horizon,
    alpha: float,
    windows,
    cycle=None,
    masks: dict | None = None,
) -> dict[str, dict]:
    """Scan the sellers the batch covers; return person -> ``_scan_person``'s dict.

    ``clock``, ``values`` (one column per name of ``columns``), ``raw_clock`` and
    ``raw_values`` (the outcomes untransformed) are :func:`answers`' arrays of every row;
    ``groups`` (person, their rows) and ``raws`` (person -> their raw rows) say whose rows
    are whose. Sellers not in the result are to be scanned one by one.
    """
    if len(groups) < MIN_BATCH or not scores or not outcomes or not lags:
        return {}
    clock_ns = np.asarray(clock.asi8)
    raw_ns = np.asarray(raw_clock.asi8)
    # the common clock: the longest seller's, if it is already regular (nothing reindexed);
    # a clock regular_arrays refuses is left to the per-seller path, which says why
    first = max((rows for _, rows in groups), key=len)
    try:
        periods, _, unit = regular_arrays(clock[first], values[first][:, :1], who="answers")
    except ValueError:
        return {}
    common = np.asarray(periods.asi8)
    size = len(common)
    if size < 2 or len(first) != size or not np.array_equal(clock_ns[first], common):
        return {}
    score_at = [list(columns).index(s) for s in scores]
    outcome_at = [list(columns).index(o) for o in outcomes]
    members, rows_of, raw_rows = [], [], []
    for person, rows in groups:
        raw = raws[person]
        if (
            len(rows) == size
            and len(raw) == size
            and np.array_equal(clock_ns[rows], common)
            and np.array_equal(raw_ns[raw], common)
        ):
            members.append(person)
            rows_of.append(rows)
            raw_rows.append(raw)
    if len(members) < MIN_BATCH:
        return {}
    index = np.stack(rows_of)
    x_all = values[index][:, :, score_at]  # [seller, period, score]
    y_all = values[index][:, :, outcome_at]
    raw_all = raw_values[np.stack(raw_rows)]  # [seller, period, outcome]
    complete = (
        np.isfinite(x_all).all(axis=(1, 2))
        & np.isfinite(y_all).all(axis=(1, 2))
        & np.isfinite(raw_all).all(axis=(1, 2))
    )
    keep = np.flatnonzero(complete)
    if len(keep) < MIN_BATCH:
        return {}
    members = [members[i] for i in keep]
    x_all, y_all, raw_all = x_all[keep], y_all[keep], raw_all[keep]
    key = (periods[0], periods[-1], len(periods), periods.freqstr)
    masks = {} if masks is None else masks
    if key not in masks:
        masks[key] = _holiday_mask(periods, windows)
    # every seller's scores span the whole clock: the span _scan_person measures
    horizons = _resolve_horizons(horizon, outcomes, unit, size, cycle)
    ok = np.ones(len(members), dtype=bool)  # False: left to the per-seller path
    score_parts = []
    for j in range(len(scores)):
        x = np.ascontiguousarray(x_all[:, :, j])
        filt, good = _fit_filters(x, max_order=4)
        ok &= good
        score_parts.append((x, filt, _filtered(x, filt)))
    outcome_parts = []
    for j in range(len(outcomes)):
        y = np.ascontiguousarray(y_all[:, :, j])
        own, good = _fit_filters(y, max_order=1)
        ok &= good
        outcome_parts.append((y, own, _filtered(y, own), np.ascontiguousarray(raw_all[:, :, j])))
    pairs: list[list[dict]] = [[] for _ in members]
    white_cache: dict = {}
    for si, score in enumerate(scores):
        x, filt, fx = score_parts[si]
        rise = RISE.get(score, 1.0)
        for oi, outcome in enumerate(outcomes):
            y, own, fy_own, y_raw = outcome_parts[oi]
            scan, good = _scan(x, y, fx, fy_own, filt, own, lags, alpha, r_bound)
            ok &= good
            h, full, horizon_from = horizons[outcome]
            relative = np.array([bounds[p][outcome][1] for p in members])
            effects, good = _effects(x, y_raw, fx, filt, h, rise, alpha, relative, white_cache, si)
            ok &= good
            moments = _team_moments(x, y_raw)
            for i, person in enumerate(members):
                if not ok[i]:
                    continue
                effect = effects[i]
                over = (
                    h > max(lags)
                    and full
                    and np.isfinite(effect.white_p)
                    and effect.white_p >= alpha
                )
                b, rel = bounds[person][outcome]
                pairs[i].append(
                    {
                        "score": score,
                        "outcome": outcome,
                        "x": x[i],
                        "y": y[i],
                        "y_raw": y_raw[i],
                        "filt": filt[i],
                        "scan": {k: v[i] for k, v in scan.items()},
                        "effect": effect,
                        "effect_p": effect_p(effect) if over else np.nan,
                        "bound": b,
                        "relative": rel,
                        "horizon": h,
                        "horizon_from": horizon_from,
                        "full": full,
                        "question": question(outcome),
                        "r_bound": r_bound,
                        "team_moments": moments[i],
                    }
                )
    return {
        person: {
            "person": person,
            "unit": unit,
            "periods": periods.copy(),  # each seller's own, as regular_arrays gives it
            "holiday": masks[key].copy(),
            "pairs": pairs[i],
            "horizons": {o: h for o, (h, _, _) in horizons.items()},
            "cycle": cycle,
        }
        for i, person in enumerate(members)
        if ok[i]
    }


def _team_moments(x: np.ndarray, y: np.ndarray) -> list:
    """:func:`~ssi_analysis.stats.answers._common._team_moments` of each row.

    Every value known: the same sums per row as on one row, so the same numbers.
    """
    size = x.shape[1]
    if size < 4:
        return [None] * x.shape[0]
    dev = x - x.mean(axis=1, keepdims=True)
    mean_y = y.mean(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):  # a constant row: never used
        phi = np.mean(dev[:, 1:] * dev[:, :-1], axis=1) / np.mean(dev**2, axis=1)
        cv = y.std(axis=1) / mean_y
    sd = x.std(axis=1)
    return [
        (size, float(sd[i]), float(cv[i]), float(phi[i])) if mean_y[i] > 0 else None
        for i in range(x.shape[0])
    ]


def _detrend(v: np.ndarray) -> np.ndarray:
    """:func:`~ssi_analysis.stats._core.detrend` of each row (every value known)."""
    t = np.arange(v.shape[1], dtype=float)
    t_mean = t.mean()
    v_mean = v.mean(axis=1)
    dt = t - t_mean
    slope = ((v - v_mean[:, None]) @ dt) / np.dot(dt, dt)
    intercept = v_mean - slope * t_mean
    return v - (intercept[:, None] + slope[:, None] * np.arange(v.shape[1]))


def _lagged(v: np.ndarray, p: int) -> np.ndarray:
    """``lag_matrix`` of each row: [row, period, k] = v[row, period - k - 1] (NaN before)."""
    out = np.full((*v.shape, p), np.nan)
    for k in range(1, p + 1):
        out[:, k:, k - 1] = v[:, :-k]
    return out


def _fit_filters(v: np.ndarray, *, max_order: int) -> tuple[list[Filter], np.ndarray]:
    """:func:`~ssi_analysis.stats._core.fit_filter` of each row, and whether it is covered.

    Rows are complete, so a filter is the least-squares AR(p) with AIC's p (``fit_ar``); a
    constant row, too few periods or a near-singular design (lstsq's answer) are not.
    """
    rows, size = v.shape
    good = np.ptp(v, axis=1) > 0
    good &= size >= MIN_PAIRS
    order_max = min(max_order, size // 5)
    d = _detrend(v)
    n = size - order_max
    if order_max == 0 or n <= order_max + 2:
        return [Filter("ar", np.zeros(0), 0)] * rows, good
    target = d[:, order_max:]
    design = np.concatenate(
        [np.ones((rows, n, 1)), _lagged(d, order_max)[:, order_max:, :]], axis=2
    )
    q, r = np.linalg.qr(design)
    diag = np.abs(np.diagonal(r, axis1=1, axis2=2))
    good &= diag.min(axis=1) > 1e-10 * diag.max(axis=1)
    qty = np.einsum("rnk,rn->rk", q, target)
    best_aic = np.full(rows, np.inf)
    best = np.zeros(rows, dtype=int)
    for p in range(order_max + 1):
        fitted = np.einsum("rnk,rk->rn", q[:, :, : p + 1], qty[:, : p + 1])
        ssr = np.sum((target - fitted) ** 2, axis=1)
        aic = n * np.log(np.maximum(ssr, 1e-300) / n) + 2 * (p + 1)
        better = aic < best_aic - 1e-9
        best_aic = np.where(better, aic, best_aic)
        best = np.where(better, p, best)
    filters = [Filter("ar", np.zeros(0), 0)] * rows
    for p in np.unique(best[good]):
        mine = np.flatnonzero((best == p) & good)
        if p == 0:
            continue
        coef = np.linalg.solve(r[mine, : p + 1, : p + 1], qty[mine, : p + 1, None])[:, 1:, 0]
        for i, phi in zip(mine, coef, strict=True):
            filters[i] = Filter("ar", phi.copy(), int(p))
    return filters, good


def _filtered(v: np.ndarray, filters: list[Filter]) -> np.ndarray:
    """:func:`~ssi_analysis.stats._core.apply_filter` of each row with its own filter."""
    d = _detrend(v)
    out = d.copy()
    orders = np.array([f.order for f in filters])
    for p in np.unique(orders):
        if p == 0:
            continue
        mine = np.flatnonzero(orders == p)
        phi = np.stack([filters[i].phi for i in mine])
        out[mine] = d[mine] - np.einsum("rtk,rk->rt", _lagged(d[mine], int(p)), phi)
    return out


def _pearson_lags(x: np.ndarray, y: np.ndarray, lags: Sequence[int]):
    """:func:`~ssi_analysis.stats._core.pearson_lags` of each row: r and n [row, lag]."""
    rows, size = x.shape
    ys = np.full((rows, len(lags), size), np.nan)
    for i, k in enumerate(lags):
        if abs(k) >= size:
            continue
        if k >= 0:
            ys[:, i, : size - k] = y[:, k:]
        else:
            ys[:, i, -k:] = y[:, : size + k]
    both = np.isfinite(x)[:, None, :] & np.isfinite(ys)
    n = both.sum(axis=2)
    xs = np.where(both, x[:, None, :], 0.0)
    ys = np.where(both, ys, 0.0)
    count = np.maximum(n, 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        xc = np.where(both, xs - (xs.sum(axis=2) / count)[:, :, None], 0.0)
        yc = np.where(both, ys - (ys.sum(axis=2) / count)[:, :, None], 0.0)
        denom = np.sqrt(np.sum(xc * xc, axis=2) * np.sum(yc * yc, axis=2))
        tol = 1e-12 * np.maximum(
            1.0, np.abs(xs).max(axis=2, initial=0.0) * np.abs(ys).max(axis=2, initial=0.0)
        )
        r = np.clip(np.sum(xc * yc, axis=2) / denom, -1, 1)
    return np.where((n >= 3) & (denom > tol), r, np.nan), n


def _scan(x, y, fx, fy, filt, own, lags, alpha, bound) -> tuple[dict, np.ndarray]:
    """``scan_pair`` of each row (its ``pair_scan`` and TOST), where every lag is tested.

    A row with a lag the per-seller path would not test (too few pairs, a constant
    series) is marked not covered.
    """
    lags = [int(k) for k in lags]
    rows = x.shape[0]
    r_levels, n_levels = _pearson_lags(x, y, lags)
    r_f, n_f = _pearson_lags(fx, fy, lags)
    good = (
        np.all(n_levels >= MIN_PAIRS, axis=1)
        & np.all(np.isfinite(r_levels), axis=1)
        & np.all(n_f >= MIN_PAIRS, axis=1)
        & np.all(np.isfinite(r_f), axis=1)
    )
    order_x = np.array([f.order for f in filt], dtype=float)
    order_y = np.array([f.order for f in own], dtype=float)
    r = np.where(good[:, None], r_f, np.nan)
    n = np.where(good[:, None], n_f, 0)
    df = np.where(good[:, None], n - 3.0 - order_x[:, None] - order_y[:, None], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.where(df > 1, 1 / np.sqrt(np.where(df > 1, df - 1, 1.0)), np.nan)
        z = np.arctanh(np.clip(r, -0.999999, 0.999999))
        crit = special.ndtri(1 - alpha / 2)
        half = crit * se
        out = {
            "r": r,
            "ci_low": np.minimum(np.tanh(z - half), r),
            "ci_high": np.maximum(np.tanh(z + half), r),
            "p": 2 * special.ndtr(-np.abs(z / se)),
            "df": df,
            "n": n.astype(float),
            "r_detectable": np.tanh((crit + special.ndtri(0.8)) * se),
        }
    # gap_share is 1 for a filter without gaps: the bound as given
    _, p1, _, p2 = tost_r(out["r"], out["df"], bound=bound)
    valid = np.isfinite(out["r"]) & (out["df"] > 2)
    out["p_tost"] = np.where(valid, np.maximum(p1, p2), np.nan)
    names = [[_TEST_NAMES["ar"].format(p=f.order)] * len(lags) for f in filt]
    out["status"] = [["ok"] * len(lags) for _ in range(rows)]
    out["note"] = [[""] * len(lags) for _ in range(rows)]
    out["test"] = names
    return out, good


def _window_mean(v: np.ndarray, horizon: int) -> np.ndarray:
    """:func:`~ssi_analysis.stats._core.window_mean` of each row."""
    out = np.full(v.shape, np.nan)
    w = int(horizon) + 1
    if v.shape[1] < w:
        return out
    seen = sliding_window_view(np.isfinite(v), w, axis=1).sum(axis=2)
    sums = sliding_window_view(np.where(np.isnan(v), 0.0, v), w, axis=1).sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / seen
    out[:, w - 1 :] = np.where(seen * 2 >= w, means, np.nan)
    return out


def _white_p(e: np.ndarray) -> np.ndarray:
    """``ljung_box_p(e, min(WHITE_LAGS, known // 5))`` of each row (rows: one filter order)."""
    known = np.isfinite(e).sum(axis=1)
    out = np.full(e.shape[0], np.nan)
    for m in np.unique(known):
        mine = np.flatnonzero(known == m)
        lags = min(WHITE_LAGS, int(m) // 5)
        if m <= lags + 2:
            continue
        v = e[mine]
        centred = v - np.nanmean(v, axis=1, keepdims=True)
        var = np.nanmean(centred * centred, axis=1)
        filled = np.where(np.isnan(centred), 0.0, centred)
        r = np.zeros((len(mine), lags))
        with np.errstate(invalid="ignore", divide="ignore"):  # var 0: r is 0 (below)
            for k in range(1, lags + 1):
                r[:, k - 1] = np.sum(filled[:, k:] * filled[:, :-k], axis=1) / m / var
        r = np.where((var > 0)[:, None], r, 0.0)
        q = m * (m + 2) * np.sum(r**2 / (m - np.arange(1, lags + 1)), axis=1)
        out[mine] = special.chdtrc(lags, q)
    return out


def _effects(x, y, e, filt, horizon, rise, alpha, relative, white_cache, score_key):
    """:func:`~ssi_analysis.stats._core.effect_test` of each row; and whether it is covered.

    ``e``: each row's score filtered by its own filter (the innovations); ``relative``: per
    row, whether the effect is a share of the outcome's average. A row whose test would stop
    (too few periods, a constant series, an outcome zero throughout) is not covered.
    """
    rows, size = x.shape
    horizon = int(horizon)
    good = np.ones(rows, dtype=bool)
    # x is known everywhere: a window is known from its horizon-th period on
    used = np.arange(size) >= horizon
    mean_y = y[:, used].mean(axis=1) if used.any() else y.mean(axis=1)
    good &= ~(relative & ~(mean_y > 0))
    orders = np.array([f.order for f in filt])
    out: list = [None] * rows
    for p in np.unique(orders):
        mine = np.flatnonzero(orders == p)
        fy = _detrend(y[mine])
        if p:
            phi = np.stack([filt[i].phi for i in mine])
            fy = fy - np.einsum("rtk,rk->rt", _lagged(fy, int(p)), phi)
        ebar = _window_mean(e[mine], horizon)
        known = np.isfinite(ebar) & np.isfinite(fy)
        if not (known == known[:1]).all():  # not one pattern: one by one
            good[mine] = False
            continue
        pattern = known[0]
        n = int(pattern.sum())
        if n < 2 * MIN_PAIRS:
            good[mine] = False
            continue
        eb, fyu = ebar[:, pattern], fy[:, pattern]
        good[mine] &= (np.ptp(eb, axis=1) > 0) & (np.ptp(fyu, axis=1) > 0)
        xc = np.where(pattern, ebar - eb.mean(axis=1, keepdims=True), 0.0)
        yc = np.where(pattern, fy - fyu.mean(axis=1, keepdims=True), 0.0)
        sxx = np.sum(xc * xc, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            b = np.sum(xc * yc, axis=1) / sxx
        u = np.where(pattern, yc - b[:, None] * xc, 0.0)
        white = sxx * np.sum(u * u, axis=1) / n
        v = white.copy()
        for k in range(1, min(horizon, n - 1) + 1):
            v += (
                2.0
                * (np.sum(xc[:, k:] * xc[:, :-k], axis=1) * np.sum(u[:, k:] * u[:, :-k], axis=1))
                / (n - k)
            )
        df = float(n - 2 - p)
        t_df = max(df / (horizon + 1), 3.0)
        v = np.where(v > 0, v, white) * n / max(df, 1.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            se = np.sqrt(v) / sxx
        cache = (score_key, int(p))
        if cache not in white_cache:
            white_cache[cache] = dict(zip(mine, _white_p(e[mine]), strict=True))
        white_p = white_cache[cache]
        crit = -t_ppf(alpha, t_df)
        for j, i in enumerate(mine):
            if not good[i]:
                continue
            scale = rise / mean_y[i] if relative[i] else rise
            effect, s = float(b[j] * scale), float(se[j] * abs(scale))
            out[i] = EffectTest(
                effect,
                effect - crit * s,
                effect + crit * s,
                s,
                t_df,
                n,
                float(mean_y[i]),
                bool(relative[i]),
                int(p),
                float(white_p[i]),
                "ok",
                "",
            )
    return out, good
