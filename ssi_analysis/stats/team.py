"""Team panels: within-person effects apart from between-person differences."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from ssi_analysis.errors import validate_params
from ssi_analysis.stats import _core
from ssi_analysis.stats._tdist import t_ppf, t_sf

__all__ = ["ppml_fit", "team_effect", "team_ppml", "window_regressor", "within_grid"]

#: Up to this many people the within SE is the CR3 jackknife; above, statsmodels' CR1.
CR3_MAX_PEOPLE = 50

#: The columns of :func:`team_effect` (not the team answers' ``answers.TEAM_COLUMNS``).
EFFECT_COLUMNS = [
    "x",
    "y",
    "lag",
    "effect",
    "slope",
    "ci_low",
    "ci_high",
    "r",
    "p",
    "n_obs",
    "n_people",
    "test",
    "note",
]


#: The declared rules of the pair tests' shared parameters.
_PAIR_RULES = {"lag": _core.LAG, "alpha": _core.LEVEL}


@validate_params(_PAIR_RULES)
def team_effect(
    panel: pd.DataFrame,
    *,
    x: str,
    y: str,
    lag: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Within-person, between-person and pooled association of ``x`` and ``y`` in a team.

    "People with SSI above 70 sell more" is a between-person statement: it compares people
    who differ in seniority, role and territory. What raising *your* SSI does is a
    within-person question: when a person's SSI is above their own usual level, is their
    outcome too? This function answers both, and shows the naive pooled number for contrast.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`: ``person``, ``period`` and the two columns.
    x, y : str
        Columns (``y`` at period t + lag is paired with ``x`` at t, within each person).
    lag : int
        Periods by which ``x`` leads.
    alpha : float
        For the confidence intervals.

    Returns
    -------
    pandas.DataFrame
        Three rows, ``effect`` = ``within``, ``between``, ``pooled``, with columns ``x, y,
        lag, effect, slope`` (change in y per unit of x), ``ci_low, ci_high`` (of the slope),
        ``r`` (the correlation behind it: of two-way demeaned values, of person means, of all
        rows), ``p``, ``n_obs`` (person-periods, or people for ``between``), ``n_people``
        (people with at least two periods: one period shows no within-person change, so such
        people are left out and the ``note`` says how many), ``test``, ``note``.
        ``df.attrs["within_result"]`` keeps the statsmodels result.

    Notes
    -----
    - **within**: two-way fixed effects (person and period dummies) OLS with standard errors
      clustered by person, using the CR3 (jackknife) small-sample correction and a t
      reference with G − 1 degrees of freedom (with more than ``CR3_MAX_PEOPLE`` = 50
      people, the CR1 cluster SE of statsmodels, as accurate there and without a refit
      per person; statsmodels ``cov_type="cluster-crv3"``;
      Bell & McCaffrey 2002; Cameron & Miller 2015). Period effects absorb platform-wide
      drifts; clustering absorbs each person's autocorrelated residuals. In the comparison
      in ``docs/methods.md`` it held its false-positive rate (6 % at 10 people, 5.5 % at 50)
      where pooled OLS reached 85 % and a random-intercept model 65 %.
    - **between**: Pearson correlation of each person's mean x and mean y (n = people).
      Confounded by everything that differs between people.
    - **pooled**: Pearson over all person-periods as if they were independent — the naive
      number, for contrast only.

    Examples
    --------
    >>> rng = np.random.default_rng(7)
    >>> people, weeks = 12, 40
    >>> level = np.repeat(rng.normal(0, 3, people), weeks)  # seniority raises both
    >>> panel = pd.DataFrame({
    ...     "person": np.repeat([f"p{i}" for i in range(people)], weeks),
    ...     "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
    ...     "ssi": level + rng.normal(size=people * weeks),
    ...     "revenue": level + rng.normal(size=people * weeks)})
    >>> out = team_effect(panel, x="ssi", y="revenue").set_index("effect")
    >>> bool(out.loc["between", "r"] > 0.8), bool(out.loc["within", "p"] > 0.05)
    (True, True)
    """
    import statsmodels.api as sm

    frame = _pair_frame("team_effect", panel, x, y, lag)
    fit = _within_between(
        pd.factorize(frame["person"])[0],
        frame["period"].to_numpy(),
        frame[x].to_numpy(dtype=float, na_value=np.nan),
        frame[y].to_numpy(dtype=float, na_value=np.nan),
        alpha,
    )
    base = {"x": x, "y": y, "lag": int(lag)}
    rows = [{**base, **fit["within"]}, {**base, **fit["between"]}, {**base, **fit["pooled"]}]
    result = None
    if fit["rx"] is not None:  # the statsmodels result the docstring promises, in attrs
        result = sm.OLS(fit["ry"], fit["rx"][:, None]).fit(
            cov_type="cluster", cov_kwds={"groups": fit["codes"]}, use_t=True
        )
    out = pd.DataFrame(rows).reindex(columns=EFFECT_COLUMNS)
    out.attrs["within_result"] = result
    return out


def _pair_frame(who: str, panel: pd.DataFrame, x: str, y: str, lag: int) -> pd.DataFrame:
    """Return ``person, period, x, y`` sorted by person and period, ``y`` at period + ``lag``.

    What :func:`team_effect` and :func:`team_ppml` read from the panel; ``who`` names the
    one called when a column is missing.
    """
    missing = [c for c in ("person", "period", x, y) if c not in panel.columns]
    if missing:
        raise ValueError(
            f"{who}: no column {missing[0]!r} in the panel; it has "
            f"{', '.join(map(str, panel.columns))}. The panel comes from align() (person, "
            "period and the score and outcome columns)."
        )
    frame = panel[["person", "period", x, y]].copy()
    frame.attrs = {}  # pandas deep-copies attrs (the align report) on every operation
    frame["period"] = pd.DatetimeIndex(frame["period"])
    frame = frame.sort_values(["person", "period"])
    if lag:
        # y at period t + lag beside x at t, matched by period, not by row: a person's
        # absent rows must not pull a later period forward (25 % absent rows biased a true
        # slope of 1 to 0.785).
        frame[y] = _by_period(frame, y, int(lag))
    return frame


def _within_between(
    person: np.ndarray, period: np.ndarray, x: np.ndarray, y: np.ndarray, alpha: float
) -> dict:
    """Return the within, between and pooled rows of :func:`team_effect`, from arrays.

    ``person`` holds integer codes that never decrease (rows sorted by person, then
    period), ``period`` the rows' periods, ``x`` and ``y`` the paired values (NaN where
    missing, the lag already applied). The team scan calls this once per score × outcome ×
    lag with arrays it builds once: the frame ``team_effect`` copies, sorts and groups cost
    more than the algebra. The CR1 SE (over ``CR3_MAX_PEOPLE`` people) is statsmodels'
    ``cov_type="cluster"`` with its small-sample factor G/(G − 1)·(N − 1)/(N − K), K = 1,
    written out.

    Returns
    -------
    dict
        ``within``, ``between``, ``pooled`` (the rows' columns after ``x, y, lag``), ``rx``
        and ``ry`` (the two-way residuals, None when no within test ran) and ``codes``
        (their people, 0..G-1).
    """
    ok = ~(np.isnan(x) | np.isnan(y))
    person, period, x, y = person[ok], period[ok], x[ok], y[ok]
    rows_of = np.bincount(person) if len(person) else np.zeros(0, dtype=int)
    dropped = int(np.count_nonzero(rows_of == 1))
    keep = rows_of[person] >= 2  # one period gives no within-person change: not a cluster
    person, period, x, y = person[keep], period[keep], x[keep], y[keep]
    n = len(person)
    codes = np.zeros(n, dtype=np.intp)
    if n:
        codes[1:] = np.cumsum(person[1:] != person[:-1])
    people = int(codes[-1]) + 1 if n else 0
    left_out = (
        f"{dropped} {'person' if dropped == 1 else 'people'} with a single period left out"
        if dropped
        else ""
    )
    rx = ry = None
    tcodes, periods = pd.factorize(period)
    if people >= 3 and n > people + len(periods) + 2:
        # Frisch-Waugh-Lovell: partial the person and period dummies out of x and y; the
        # slope of the residuals is the two-way fixed-effects slope.
        t = len(periods)
        size = np.bincount(codes, minlength=people)
        se = None
        if n == people * t and (size == t).all():
            # the same numbers for a whole people x periods grid at once (within_grid)
            grid_x, grid_y = x.reshape(people, t), y.reshape(people, t)
            rx, ry = _demean2(grid_x).ravel(), _demean2(grid_y).ravel()
            if people <= CR3_MAX_PEOPLE:
                se = float(within_grid(grid_x, grid_y)["se"])
        elif people <= CR3_MAX_PEOPLE:
            rx, ry, se = _unbalanced_within(codes, tcodes, people, t, x, y)
        else:
            rx = _two_way_fast(codes, tcodes, people, t, x)
            ry = _two_way_fast(codes, tcodes, people, t, y)
        sxx = float(rx @ rx)
        # least squares through 0 as statsmodels' OLS solves it (pinv), to the same bits
        slope = float((np.linalg.pinv(rx[:, None]) @ ry)[0])
        if se is None:
            # Many people: the cluster-robust (CR1) SE of statsmodels; the jackknife's
            # small-sample correction matters below ~30 people and costs a refit per person
            # (rejections under no link, 2,000 teams x 52 weeks, phi 0.7: CR1 5.2 % at 51
            # people, CR3 4.9 %).
            score = np.bincount(codes, rx * (ry - slope * rx), minlength=people)
            bread = 1.0 / sxx if sxx > 0 else 0.0
            se = float(np.sqrt(bread * (score @ score) * bread * people / (people - 1.0)))
        df = people - 1
        t_value = slope / se if se > 0 else np.nan
        p = float(2 * t_sf(abs(t_value), df)) if np.isfinite(t_value) else np.nan
        half = t_ppf(1 - alpha / 2, df) * se
        within = {
            "effect": "within",
            "slope": slope,
            "ci_low": slope - half,
            "ci_high": slope + half,
            "r": _core.pearson(rx, ry)[0],
            "p": p,
            "n_obs": n,
            "n_people": people,
            "test": (
                "two-way fixed effects, person-clustered CR3 SE, t(G-1)"
                if people <= CR3_MAX_PEOPLE
                else "two-way fixed effects, person-clustered CR1 SE, t(G-1)"
            ),
            "note": left_out,
        }
    else:
        within = {
            "effect": "within",
            "slope": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "r": np.nan,
            "p": np.nan,
            "n_obs": n,
            "n_people": people,
            "test": "two-way fixed effects",
            "note": "; ".join(
                filter(None, ["at least 3 people with several periods each are needed", left_out])
            ),
        }
    # pandas' own group means (compensated sums), so the row matches team_effect's to the bit
    means = pd.DataFrame({"x": x, "y": y}, index=codes).groupby(level=0).mean()
    mean_x, mean_y = means["x"].to_numpy(), means["y"].to_numpy()
    between = {
        "effect": "between",
        "n_obs": people,
        "n_people": people,
        "test": "Pearson of person means",
        "note": "",
        **_pearson_row(mean_x, mean_y, alpha),
    }
    pooled = {
        "effect": "pooled",
        "n_obs": n,
        "n_people": people,
        "test": "naive pooled Pearson (ignores people and time)",
        "note": "",
        **_pearson_row(x, y, alpha),
    }
    return {
        "within": within,
        "between": between,
        "pooled": pooled,
        "rx": rx,
        "ry": ry,
        "codes": codes,
    }


def within_grid(x: np.ndarray, y: np.ndarray) -> dict[str, np.ndarray]:
    """Run the within-person test of :func:`team_effect` on balanced people × periods grids.

    Array-level and vectorised over leading axes (``x[..., people, periods]``), so the
    simulations of the test suite run thousands of teams in a second; ``team_effect`` calls
    it for every balanced panel, so those simulations check the function users call.

    The leave-one-person-out refits of the CR3 jackknife are closed forms here: without
    person i, the other people's own means stay, the period means become
    (G·mean_t − x_it)/(G − 1) and the grand mean (G·mean − mean_i)/(G − 1).

    Returns
    -------
    dict
        ``slope``, ``se`` (CR3 jackknife), ``r`` (of the two-way demeaned values), ``t``,
        ``p`` (t with people − 1 df), arrays of the leading shape.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=(2, 8, 30))  # two teams of 8 people, 30 weeks
    >>> out = within_grid(x, 0.5 * x + rng.normal(size=x.shape))
    >>> out["slope"].round(1).tolist(), bool((out["p"] < 0.001).all())
    ([0.5, 0.5], True)
    """
    from scipy import stats

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    g = x.shape[-2]
    rx, ry = _demean2(x), _demean2(y)
    sxx = np.sum(rx * rx, axis=(-2, -1))
    slope = np.sum(rx * ry, axis=(-2, -1)) / sxx
    r = np.sum(rx * ry, axis=(-2, -1)) / np.sqrt(sxx * np.sum(ry * ry, axis=(-2, -1)))

    def without(v):  # [..., i, j, t]: person j's residual once person i is left out
        rows = v.mean(axis=-1, keepdims=True)  # [..., G, 1]
        cols = v.mean(axis=-2, keepdims=True)  # [..., 1, T]
        grand = v.mean(axis=(-2, -1), keepdims=True)
        cols_i = (g * cols - v) / (g - 1)  # [..., i, T]
        grand_i = (g * grand - rows) / (g - 1)  # [..., i, 1]
        return (
            v[..., None, :, :]
            - rows[..., None, :, :]
            - cols_i[..., :, None, :]
            + (grand_i[..., :, :, None])
        )

    wx, wy = without(x), without(y)
    keep = ~np.eye(g, dtype=bool)[:, :, None]  # person i itself is out of refit i
    slopes = np.sum(wx * wy * keep, axis=(-2, -1)) / np.sum(wx * wx * keep, axis=(-2, -1))
    se = np.sqrt((g - 1) / g * np.sum((slopes - slope[..., None]) ** 2, axis=-1))
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(se > 0, slope / se, np.nan)
    return {"slope": slope, "se": se, "r": r, "t": t, "p": 2 * stats.t.sf(np.abs(t), g - 1)}


def _by_period(frame: pd.DataFrame, column: str, lag: int) -> np.ndarray:
    """Each row's person's ``column`` at period + lag periods (NaN when that row is absent)."""
    periods = pd.DatetimeIndex(frame["period"].unique()).sort_values()
    if len(periods) < 2:
        return np.full(len(frame), np.nan)
    from ssi_analysis.stats._series import _frequency

    step = pd.tseries.frequencies.to_offset(_frequency(periods))
    target = pd.DatetimeIndex(frame["period"]) + lag * step
    values = frame.set_index(["person", "period"])[column]
    keys = pd.MultiIndex.from_arrays([frame["person"].to_numpy(), target])
    return values.reindex(keys).to_numpy(dtype=float)


def _lag_rows(person: np.ndarray, period: pd.DatetimeIndex, lags) -> dict[int, np.ndarray] | None:
    """For each lag, each row's index of its person's row at period + lag (-1: absent).

    What :func:`_by_period` looks up, as row numbers found once for every column and lag of
    a scan (``values[rows]`` where ``rows >= 0``). None when a person has a period twice
    (``_by_period`` refuses such a panel too).
    """
    n = len(person)
    periods = pd.DatetimeIndex(period.unique()).sort_values()
    if len(periods) < 2:
        return {int(lag): np.full(n, -1) for lag in lags}
    from ssi_analysis.stats._series import _frequency

    step = pd.tseries.frequencies.to_offset(_frequency(periods))
    at = periods.get_indexer(period)
    people = int(person.max()) + 1 if n else 0
    table = np.full((people, len(periods)), -1)
    table[person, at] = np.arange(n)
    if np.count_nonzero(table >= 0) != n:
        return None
    out = {}
    for lag in lags:
        target = periods.get_indexer(period + int(lag) * step)
        out[int(lag)] = np.where(target >= 0, table[person, np.maximum(target, 0)], -1)
    return out


def _at_rows(values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``values`` at ``rows`` (from :func:`_lag_rows`), NaN where the row is absent."""
    return np.where(rows >= 0, values[np.maximum(rows, 0)], np.nan)


def _linregress(a: np.ndarray, b: np.ndarray):
    """``scipy.stats.linregress(a, b)``, without its NaN-policy wrapper when a, b are finite.

    The wrapper (checks and reshapes for every call) cost three times the regression itself
    in a team scan's hundreds of calls; the numbers are the same function's.
    """
    from scipy import stats

    bare = getattr(stats.linregress, "__wrapped__", None)
    if bare is not None and np.isfinite(a).all() and np.isfinite(b).all():
        return bare(a, b)
    return stats.linregress(a, b)


def _pearson_row(a: np.ndarray, b: np.ndarray, alpha: float) -> dict:

    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return {"slope": np.nan, "ci_low": np.nan, "ci_high": np.nan, "r": np.nan, "p": np.nan}
    fit = _linregress(a, b)
    half = t_ppf(1 - alpha / 2, len(a) - 2) * fit.stderr
    return {
        "slope": float(fit.slope),
        "ci_low": float(fit.slope - half),
        "ci_high": float(fit.slope + half),
        "r": float(fit.rvalue),
        "p": float(fit.pvalue),
    }


def _unbalanced_within(
    codes, tcodes, g, t, x, y, *, block: int = 64
) -> tuple[np.ndarray, np.ndarray, float]:
    """Two-way residuals of x and y and the CR3 jackknife SE, for a panel with holes.

    ``codes`` are the rows' people (0..g-1), ``tcodes`` their periods (0..t-1).

    Hand-written (no library in the stack absorbs two sets of fixed effects and refits
    leaving each cluster out): with the person means taken out first, the period effects
    solve a periods × periods system A γ = b, A = Σ_i (diag(O_i) − O_i O_i'/n_i), b = Σ_i
    the person-demeaned values at their periods. Each person's share of A, b and of the
    cross-products is subtracted to refit without them, and the refits are solved as one
    batched system (blocks of ``block`` people). Equal to refitting the dummy regression
    without each person (:func:`_cr3_jackknife`, checked in tests/test_team_power.py), in
    a fraction of the time: the dummy design of 500 people × 156 weeks has 650 columns.
    """
    size = np.bincount(codes, minlength=g).astype(float)

    def demean(v):
        return v - (np.bincount(codes, v, g) / size)[codes]

    xd, yd = demean(x), demean(y)
    own = np.zeros((g, t))
    own[codes, tcodes] = 1.0
    bx, by = np.zeros((g, t)), np.zeros((g, t))
    bx[codes, tcodes], by[codes, tcodes] = xd, yd
    sxx, sxy = np.bincount(codes, xd * xd, g), np.bincount(codes, xd * yd, g)
    counts = own.sum(axis=0)
    share = own / size[:, None]
    a_all = np.diag(counts) - share.T @ own

    both = np.stack([bx.sum(axis=0), by.sum(axis=0)], axis=-1)  # [t, 2]
    op_all, ops = _operators(codes, tcodes, own, share, counts, a_all, block)
    gamma = op_all @ both
    rx = xd - demean(gamma[tcodes, 0])
    ry = yd - demean(gamma[tcodes, 1])
    xmx, xmy = rx @ rx, rx @ ry
    slope = xmy / xmx if xmx > 0 else np.nan
    slopes = np.empty(g)
    for start in range(0, g, block):
        i = np.arange(start, min(start + block, g))
        rest = np.stack([both[:, 0] - bx[i], both[:, 1] - by[i]], axis=-1)  # [k, t, 2]
        gam = ops(i) @ rest
        q_xx = np.sum(rest[..., 0] * gam[..., 0], axis=-1)
        q_xy = np.sum(rest[..., 0] * gam[..., 1], axis=-1)
        num = sxx.sum() - sxx[i] - q_xx
        with np.errstate(divide="ignore", invalid="ignore"):
            slopes[i] = np.where(num > 0, (sxy.sum() - sxy[i] - q_xy) / num, np.nan)
    se = float(np.sqrt((g - 1) / g * np.nansum((slopes - slope) ** 2)))
    return rx, ry, se


#: The last panel shape's solve operators (see _operators); one entry, at most this many bytes.
_OPERATORS: dict = {}
_OPERATOR_BYTES = 256 * 2**20


def _two_way_fast(codes, tcodes, g, t, values) -> np.ndarray:
    """Return the two-way residuals of one column of a panel with holes.

    The full fit of :func:`_unbalanced_within`, without the leave-one-out refits; ``codes``
    are the rows' people (0..g-1), ``tcodes`` their periods (0..t-1).
    """
    size = np.bincount(codes, minlength=g).astype(float)

    def demean(v):
        return v - (np.bincount(codes, v, g) / size)[codes]

    vd = demean(values)
    own = np.zeros((g, t))
    own[codes, tcodes] = 1.0
    counts = own.sum(axis=0)
    a_all = np.diag(counts) - (own / size[:, None]).T @ own
    b = np.bincount(tcodes, vd, t)
    fixed = (counts <= 0) | (np.arange(t) == np.argmax(counts))
    a_all[fixed[:, None] | fixed[None, :]] = 0.0
    a_all[np.arange(t), np.arange(t)] += fixed
    gamma = np.linalg.solve(a_all, np.where(fixed, 0.0, b))
    return vd - demean(gamma[tcodes])


def _operators(codes, tcodes, own, share, counts, a_all, block):
    """Return the operators b -> γ of the full fit and of each leave-one-person-out refit.

    γ = 0 at the most observed period (and at periods nobody left has): the rows and
    columns of those periods are replaced by the identity and their b entries ignored, so
    each operator is inv(A_mod) with those columns zeroed. The operators depend only on
    which person-periods are observed, not on the values: a team's scores and lags share
    them, so the last shape's are kept (when they fit in ``_OPERATOR_BYTES``) and the next
    test on the same rows is a batched product instead of a batched solve.
    """
    import hashlib

    g, t = own.shape
    key = hashlib.blake2b(
        np.ascontiguousarray(codes).tobytes()
        + np.ascontiguousarray(tcodes).tobytes()
        + bytes(str((g, t)), "ascii"),
        digest_size=16,
    ).digest()
    if _OPERATORS.get("key") == key:
        op_all, stored = _OPERATORS["all"], _OPERATORS["each"]
        return op_all, lambda i: stored[i]

    def operator(a, left):
        a = a.copy()
        fixed = (left <= 0) | (np.arange(t) == np.argmax(left, axis=-1)[..., None])
        a[fixed[..., :, None] | fixed[..., None, :]] = 0.0
        a[..., np.arange(t), np.arange(t)] += fixed
        return np.linalg.inv(a) * ~fixed[..., None, :]

    op_all = operator(a_all, counts)

    def each(i):
        mine = np.eye(t)[None] * own[i, None, :] - share[i, :, None] * own[i, None, :]
        return operator(a_all[None] - mine, counts[None] - own[i])

    if g * t * t * 8 > _OPERATOR_BYTES:
        _OPERATORS.clear()
        return op_all, each
    stored = np.concatenate([each(np.arange(s, min(s + block, g))) for s in range(0, g, block)])
    _OPERATORS.clear()
    _OPERATORS.update(key=key, all=op_all, each=stored)
    return op_all, lambda i: stored[i]


def _cr3_jackknife(frame, x, y, slope) -> float:
    """CR3 standard error of the two-way FE slope: leave one person out, refit everything.

    Hand-written because the fixed effects must be re-estimated in every refit: statsmodels'
    ``cluster-crv3`` refuses a design with person dummies (dropping a person leaves their
    dummy all zero), and on pre-demeaned data it keeps the period effects fixed, which made
    the test reject 8 % of true nulls at 10 people in our simulations. Jackknife form of
    MacKinnon, Nielsen & Webb (2023): V = (G - 1)/G Σ_g (β_(g) - β)².
    """
    people = frame["person"].unique()
    g = len(people)
    grid_x, grid_y = _balanced_grid(frame, x), _balanced_grid(frame, y)
    slopes = []
    for i, person in enumerate(people):
        if grid_x is not None:
            keep = np.arange(g) != i
            rx, ry = _demean2(grid_x[keep]).ravel(), _demean2(grid_y[keep]).ravel()
        else:
            rest = frame[frame["person"] != person]
            rx, ry = _two_way_residuals(rest, x), _two_way_residuals(rest, y)
        denom = float(rx @ rx)
        slopes.append(float(rx @ ry) / denom if denom > 0 else np.nan)
    slopes = np.asarray(slopes)
    return float(np.sqrt((g - 1) / g * np.nansum((slopes - slope) ** 2)))


def _two_way_residuals(frame, column) -> np.ndarray:
    """Residuals of ``column`` on person and period dummies (the two-way within transform)."""
    values = frame[column].to_numpy()
    grid = _balanced_grid(frame, column)
    if grid is not None:
        # Balanced panel: the projection is exactly the double demeaning.
        return _demean2(grid).ravel()
    person = pd.get_dummies(frame["person"], drop_first=True, dtype=float)
    period = pd.get_dummies(frame["period"], drop_first=True, dtype=float)
    design = np.column_stack([np.ones(len(frame)), person.to_numpy(), period.to_numpy()])
    coef, *_ = np.linalg.lstsq(design, values, rcond=None)
    return values - design @ coef


def _balanced_grid(frame, column) -> np.ndarray | None:
    """People × periods matrix when every person has every period (rows sorted so), else None."""
    people, periods = frame["person"].nunique(), frame["period"].nunique()
    if len(frame) != people * periods:
        return None
    if not frame.groupby("person", sort=False).size().eq(periods).all():
        return None
    return frame[column].to_numpy().reshape(people, periods)


def _demean2(grid: np.ndarray) -> np.ndarray:
    """Two-way demeaning of [..., people, periods] grids (person and period means out)."""
    return (
        grid
        - grid.mean(axis=-1, keepdims=True)
        - grid.mean(axis=-2, keepdims=True)
        + grid.mean(axis=(-2, -1), keepdims=True)
    )


# ---------------------------------------------------------------- % per point: Poisson PML

#: Iterations of the Poisson fit before it reports no convergence.
PPML_MAX_ITER = 100
#: Relative change of the slope and of the deviance at which the Poisson fit stops.
PPML_TOL = 1e-10
#: IRLS steps of each leave-one-person-out refit, from the full fit: Newton steps converge
#: quadratically (1 step: SE within 2 %, 2: 0.4 %, 3: 0.01 % of the fully iterated
#: jackknife, 12 sellers x 52 weeks of lumpy money).
REFIT_STEPS = 3


@validate_params(_PAIR_RULES)
def team_ppml(
    panel: pd.DataFrame,
    *,
    x: str,
    y: str,
    lag: int = 0,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Estimate the % change of a count or money outcome's expected value per score point.

    Poisson pseudo-maximum likelihood (PPML, Santos Silva & Tenreyro 2006) with person and
    period fixed effects: E[y_it] = exp(a_i + g_t + b·x_it), so exp(b) − 1 is the change of
    the *expected* outcome per score point, whatever the outcome's distribution (counts,
    lumpy money with many zero weeks: only the mean needs to be right). A regression on
    log(1 + y) does not estimate this: with many zero weeks it measures "any deal this
    week" (on a team with a true +5 % it read +17 % for money and +2.7 % for counts).

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`: ``person``, ``period`` and the two columns; ``y``
        must not be negative.
    x, y : str
        Score and outcome (``y`` at period t + lag is paired with ``x`` at t, within each
        person).
    lag : int
        Periods by which ``x`` leads.
    alpha : float
        For the (1 − alpha) interval.

    Returns
    -------
    pandas.DataFrame
        One row: ``x, y, lag``, ``b`` (log change of the expected outcome per score point)
        with ``se``, ``pct`` (100·(exp(b) − 1): % per point) with ``pct_low, pct_high``,
        ``r`` (weighted correlation of the fit's within-person score and working outcome, an
        analyst's figure), ``p`` (t with people − 1 df), ``n_obs``, ``n_people``,
        ``iterations``, ``test``, ``note`` (people or periods with no outcome at all are left
        out: their fixed effect is minus infinity and they carry no information on b).

    Notes
    -----
    Standard errors are clustered by person: up to ``CR3_MAX_PEOPLE`` people the CR3
    jackknife, V = (G − 1)/G Σ_g (β₍g₎ − β)², every leave-one-person-out model refitted
    (MacKinnon, Nielsen & Webb 2023), above it CR1 with the factor G/(G − 1); a t reference
    with G − 1 df either way. Hand-written (no library in the stack absorbs two sets of
    fixed effects in a GLM, as ppmlhdfe does in Stata: the dummy design of 500 people × 156
    weeks has 650 columns, refitted for every score, outcome and lag): iteratively
    reweighted least squares on the people × periods grid, each step's weighted two-way
    projection by alternating projections, the jackknife's refits as one batch. Equal to
    statsmodels ``GLM(family=Poisson())`` with dummies and ``cov_type="cluster"`` to 1e-6,
    and its jackknife to refitting without each person, in tests/test_team_ppml.py.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> people, weeks = 30, 52
    >>> ssi = rng.normal(0, 3, (people, weeks)) + rng.normal(50, 8, (people, 1))
    >>> deals = rng.poisson(0.5 * np.exp(0.05 * (ssi - 50)))  # +5.1 % per SSI point
    >>> panel = pd.DataFrame({
    ...     "person": np.repeat([f"p{i}" for i in range(people)], weeks),
    ...     "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
    ...     "ssi": ssi.ravel(), "deals": deals.ravel().astype(float)})
    >>> out = team_ppml(panel, x="ssi", y="deals").iloc[0]
    >>> bool(out["pct_low"] < 5.1 < out["pct_high"]), int(out["n_people"])
    (True, 30)
    """
    frame = _pair_frame("team_ppml", panel, x, y, lag).dropna(subset=[x, y])
    if (frame[y] < 0).any():
        raise ValueError(
            f"team_ppml: y={y!r} has negative values; a % change of the expected value needs "
            "an outcome that cannot be negative (counts, amounts). Use team_effect for it."
        )
    fit = ppml_fit(
        pd.factorize(frame["person"])[0],
        pd.factorize(frame["period"])[0],
        frame[x].to_numpy(float),
        frame[y].to_numpy(float),
    )
    df = fit["people"] - 1
    b, se = fit["b"], fit["se"]
    ok = df >= 2 and np.isfinite(se) and se > 0
    t = b / se if ok else np.nan
    half = t_ppf(1 - alpha / 2, df) * se if ok else np.nan
    row = {
        "x": x,
        "y": y,
        "lag": int(lag),
        "b": b,
        "se": se if ok else np.nan,
        "pct": 100 * np.expm1(b),
        "pct_low": 100 * np.expm1(b - half),
        "pct_high": 100 * np.expm1(b + half),
        "r": fit["r"],
        "p": float(2 * t_sf(abs(t), df)) if ok else np.nan,
        "n_obs": fit["n_obs"],
        "n_people": fit["people"],
        "iterations": fit["iterations"],
        "test": fit["test"],
        "note": fit["note"],
    }
    return pd.DataFrame([row])


def ppml_fit(
    person: np.ndarray,
    period: np.ndarray,
    x: np.ndarray,
    y: np.ndarray,
    *,
    cr3_max: int | None = None,
    start: np.ndarray | None = None,
) -> dict:
    """Fit the two-way fixed-effects Poisson model of :func:`team_ppml` on arrays.

    ``person`` and ``period`` are integer codes (one row per person-period), ``x`` and ``y``
    finite, ``y`` ≥ 0. Returns a dict: ``b``, ``se`` (CR3 jackknife up to ``cr3_max``
    people, default ``CR3_MAX_PEOPLE``, else CR1), ``r`` (= b · ``r_scale``: the weighted
    correlation of the within-person score and working outcome), ``r_scale``, ``n_obs``,
    ``people`` (those with two or more periods and some outcome), ``iterations``,
    ``converged``, ``test``, ``note``, and ``eta`` (the fitted log expected value of each
    input row, NaN for rows left out). ``start``: a log expected value per input row to
    start from (e.g. the ``eta`` of the same outcome with another score: the fit then
    needs fewer steps); rows without a finite one start where glm starts.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> person, period = np.repeat(np.arange(20), 40), np.tile(np.arange(40), 20)
    >>> x = rng.normal(size=800)
    >>> fit = ppml_fit(person, period, x, rng.poisson(np.exp(0.3 * x)).astype(float))
    >>> round(fit["b"], 1), fit["converged"]
    (0.3, True)
    """
    cr3_max = CR3_MAX_PEOPLE if cr3_max is None else cr3_max
    person, period = np.asarray(person), np.asarray(period)
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    empty = {
        "b": np.nan,
        "se": np.nan,
        "r": np.nan,
        "r_scale": np.nan,
        "n_obs": 0,
        "people": 0,
        "iterations": 0,
        "converged": False,
        "test": "Poisson PML, person and period fixed effects",
        "note": "",
        "eta": np.full(len(y), np.nan),
    }
    # People (or periods) with no outcome at all: their fixed effect is -inf, their rows
    # say nothing on b (ppmlhdfe drops them too). One pass each suffices: dropping all-zero
    # rows changes no remaining total.
    # one period gives no within-person change: not a cluster (as in team_effect)
    rows = len(y)
    keep = np.bincount(person)[person] >= 2 if len(person) else np.ones(0, dtype=bool)
    for codes in (person, period):
        totals = np.bincount(codes, y * keep, codes.max() + 1 if len(codes) else 0)
        keep &= totals[codes] > 0
    dropped = int(
        np.count_nonzero(np.bincount(person)) - np.count_nonzero(np.bincount(person[keep]))
    )
    person, period, x, y = person[keep], period[keep], x[keep], y[keep]
    given = None if start is None else np.asarray(start, dtype=float)[keep]
    person, period = _dense_codes(person), _dense_codes(period)
    g = int(person.max()) + 1 if len(person) else 0
    t = int(period.max()) + 1 if len(period) else 0
    note = (
        f"{dropped} {'person' if dropped == 1 else 'people'} with no outcome at all left out"
        if dropped
        else ""
    )
    empty.update(n_obs=len(y), people=g, note=note)
    counts = np.bincount(person, minlength=g) if g else np.zeros(0)
    if g < 3 or t < 2 or len(y) <= g + t + 1 or np.ptp(x) == 0 or (counts < 2).all():
        empty["note"] = "; ".join(
            filter(None, ["at least 3 people with several periods and some outcome", note])
        )
        return empty
    # On a people x periods grid (absent cells weigh 0): the refits of the jackknife below
    # run as one batch.
    grid_y, grid_x, seen = np.zeros((g, t)), np.zeros((g, t)), np.zeros((g, t), dtype=bool)
    grid_y[person, period], grid_x[person, period], seen[person, period] = y, x, True
    first = np.log((grid_y + y.mean()) / 2)  # the start of ppmlhdfe and glm: no log of zero
    if given is not None:
        warm = np.full((g, t), np.nan)
        warm[person, period] = given
        first = np.where(np.isfinite(warm), warm, first)
    b, eta, iteration, converged = _irls(grid_x, grid_y, seen, first)
    b, eta = float(b), eta
    mu = np.exp(eta) * seen
    # the score's within-person part at the solution (weights mu): the sandwich's pieces
    z = (eta + (grid_y - mu) / np.where(seen, mu, 1.0)) * seen  # the working outcome
    xt, zt = _project_grid(mu, np.stack([grid_x, z]))
    h = float(np.sum(mu * xt * xt))
    if g <= cr3_max:
        # CR3: refit without each person (their fixed effect goes, the period effects are
        # re-estimated; periods left with no outcome go too), all refits as one batch of
        # REFIT_STEPS IRLS steps from the full fit. The linearised form -s_g / (H - H_g),
        # which keeps the fixed effects, understated the SE by a third on lumpy money with 12
        # people.
        out = ~np.eye(g, dtype=bool)[:, :, None] & seen[None]  # [refit, person, period]
        out &= (grid_y[None] * out).sum(axis=1, keepdims=True) > 0
        start = np.broadcast_to(eta, out.shape)
        b_i, *_ = _irls(grid_x[None], grid_y[None], out, start, max_iter=REFIT_STEPS)
        se = float(np.sqrt((g - 1) / g * np.nansum((b_i - b) ** 2)))
        test = "Poisson PML, person and period fixed effects, person-clustered CR3 SE, t(G-1)"
    else:
        s_g = np.sum(xt * (grid_y - mu), axis=1)  # each person's score
        se = float(np.sqrt(g / (g - 1) * np.sum(s_g**2)) / h)
        test = "Poisson PML, person and period fixed effects, person-clustered CR1 SE, t(G-1)"
    szz = float(np.sum(mu * zt * zt))
    r_scale = float(np.sqrt(h / szz)) if szz > 0 else np.nan
    fitted = np.full(rows, np.nan)
    fitted[keep] = eta[person, period]
    return {
        "b": b,
        "se": se,
        "r": b * r_scale,
        "r_scale": r_scale,
        "n_obs": len(y),
        "people": g,
        "iterations": iteration,
        "converged": converged,
        "test": test,
        "note": note if converged else "; ".join(filter(None, [note, "did not converge"])),
        "eta": fitted,
    }


def _dense_codes(codes: np.ndarray) -> np.ndarray:
    """Return ``np.unique(codes, return_inverse=True)[1]`` for non-negative integer codes.

    The same numbers from a count over the codes' range instead of a sort: a team scan of
    500 sellers called np.unique four times per fit, 0.5 s of its 4 s.

    Examples
    --------
    >>> codes = np.array([7, 2, 2, 9, 7])
    >>> _dense_codes(codes).tolist(), np.unique(codes, return_inverse=True)[1].tolist()
    ([1, 0, 0, 2, 1], [1, 0, 0, 2, 1])
    """
    if not len(codes):
        return np.zeros(0, dtype=np.intp)
    seen = np.zeros(int(codes.max()) + 1, dtype=np.intp)
    seen[codes] = 1
    return (np.cumsum(seen) - 1)[codes]


def _irls(x, y, seen, eta, max_iter=None) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """Poisson IRLS with person and period effects on [..., people, periods] grids.

    ``seen`` marks the cells in the fit; ``eta`` is the starting linear predictor. Returns
    the slopes (leading shape), the final linear predictor, the iterations and whether
    every fit converged.
    """
    eta = np.array(eta, dtype=float)
    mu = np.exp(eta) * seen
    b = np.full(seen.shape[:-2], np.nan)
    dev_old = np.full(seen.shape[:-2], np.inf)
    converged = False
    iteration = 0
    while iteration < (max_iter or PPML_MAX_ITER):
        iteration += 1
        z = np.where(seen, eta + (y - mu) / np.where(seen, mu, 1.0), 0.0)  # working response
        zt, xt = _project_grid(mu, np.stack(np.broadcast_arrays(z, x)))
        sxx = np.sum(mu * xt * xt, axis=(-2, -1))
        with np.errstate(divide="ignore", invalid="ignore"):
            b_new = np.where(sxx > 0, np.sum(mu * xt * zt, axis=(-2, -1)) / sxx, np.nan)
        eta = np.where(seen, z - (zt - b_new[..., None, None] * xt), 0.0)  # z minus residual
        mu = np.exp(np.clip(eta, -700, 700)) * seen
        with np.errstate(divide="ignore", invalid="ignore"):
            dev = 2 * np.sum(
                np.where(seen & (y > 0), y * np.log(y / np.where(seen, mu, 1.0)), 0.0)
                - (y - mu) * seen,
                axis=(-2, -1),
            )
        step = np.abs(b_new - b)
        b = b_new
        done = (step <= PPML_TOL * (1 + np.abs(b))) & (
            np.abs(dev - dev_old) <= PPML_TOL * (1 + np.abs(dev))
        )
        if np.all(done | ~np.isfinite(b)):
            converged = bool(np.all(np.isfinite(b)))
            break
        dev_old = dev
    return b, eta, iteration, converged


#: Relative size of the last sweep's correction at which the projection stops.
PROJECT_TOL = 1e-12
#: Sweeps of the alternating projection before it stops anyway.
PROJECT_MAX_SWEEPS = 2000


def _project_grid(w: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Residuals of ``values`` [k, ..., people, periods] on person and period dummies (WLS).

    Weights ``w`` [..., people, periods] (0: not in the fit). Alternating projections (take
    out the weighted person means, then the weighted period means, until nothing moves; von
    Neumann-Halperin, as ppmlhdfe and fixest do): only sums over the grid, no linear solve.
    With Poisson weights nearly separable (exp(a_i + g_t + b·x_it)) the two projections
    almost commute and a few sweeps suffice. (A periods × periods solve per step was exact
    but LAPACK's threads made each solve take 0.1 s on a busy 2-core machine.) The sums are
    einsum contractions over the k-first values: 6 to 30 times faster than broadcast
    products. The values come k first (``np.stack([a, b])``) and go back k first: stacked
    last, they were copied to k first and back at every call (a third of its time for a
    team of 500).
    """
    lead, (g, t), k = w.shape[:-2], w.shape[-2:], values.shape[0]
    values = np.broadcast_to(values, (k, *lead, g, t))
    weights = w.reshape(-1, g, t)
    v = values.reshape(k, -1, g, t)
    wp, wt = weights.sum(axis=-1), weights.sum(axis=-2)  # [b, g], [b, t]
    inv_p = np.divide(1.0, wp, out=np.zeros_like(wp), where=wp > 0)
    inv_t = np.divide(1.0, wt, out=np.zeros_like(wt), where=wt > 0)
    r = v - (np.einsum("bgt,kbgt->kbg", weights, v) * inv_p)[..., None]
    scale = np.sqrt(np.einsum("bgt,kbgt->kb", weights, v * v)) + 1e-300
    for _ in range(PROJECT_MAX_SWEEPS):
        step = np.einsum("bgt,kbgt->kbt", weights, r) * inv_t
        r -= step[:, :, None, :]
        r -= (np.einsum("bgt,kbgt->kbg", weights, r) * inv_p)[..., None]
        moved = np.sqrt(np.einsum("bt,kbt->kb", wt, step * step))
        if np.all(moved <= PROJECT_TOL * scale):
            break
    return r.reshape(k, *lead, g, t)


def _autocovariance(centred: np.ndarray, lags: int) -> np.ndarray:
    """Return the Toeplitz covariance (lags 0..``lags``) of a grid's rows with gaps (NaN).

    The sample autocovariances at lags 0-2 (each from the pairs seen at both ends, pooled
    over rows) fix an AR(2) by Yule-Walker, whose autocovariances fill the longer lags. The
    raw long-lag estimates are not used: their sum is what the window's prediction leans on,
    and it is too noisy (each lag's sampling error adds; on 120 sellers x 104 weeks of a
    white-noise score the 13 lags summed to -0.21 of the variance, the prediction shrank 8 %
    too much). A fit that is not stationary falls back to an AR(1) (persistence at most
    0.99).
    """
    from scipy.linalg import toeplitz

    seen = np.isfinite(centred)
    v = np.where(seen, centred, 0.0)
    t = centred.shape[1]
    gamma = np.zeros(3)
    for k in range(min(2, t - 1) + 1):
        both = seen[:, k:] & seen[:, : t - k]
        count = both.sum()
        gamma[k] = np.sum(v[:, k:] * v[:, : t - k]) / count if count else 0.0
    rho = np.zeros(lags + 1)
    rho[0] = 1.0
    if not gamma[0] > 0:
        return np.eye(lags + 1) * 1e-300
    r1, r2 = gamma[1] / gamma[0], gamma[2] / gamma[0]
    phi1, phi2 = np.nan, np.nan
    if abs(r1) < 1 and 1 - r1**2 > 1e-9:
        phi1, phi2 = r1 * (1 - r2) / (1 - r1**2), (r2 - r1**2) / (1 - r1**2)
    stationary = np.isfinite(phi1) and abs(phi2) < 1 and phi1 + phi2 < 1 and phi2 - phi1 < 1
    if not stationary:
        phi1, phi2 = float(np.clip(r1, -0.99, 0.99)), 0.0
        r1 = phi1
    if lags >= 1:
        rho[1] = r1
    for k in range(2, lags + 1):
        rho[k] = phi1 * rho[k - 1] + phi2 * rho[k - 2]
    return gamma[0] * toeplitz(rho)


#: Sweeps of the person/period decomposition of a score grid with gaps (each sweep takes
#: out the person means, then the period means; 160 sellers x 104 weeks with 30 % missing
#: settle to 1e-6 of the score's sd in about 10).
LEVELS_MAX_SWEEPS = 50


def _person_period_levels(grid: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return person levels [g, 1] and period levels [t] of a grid with gaps (NaN).

    Least squares of the seen cells on person and period dummies (alternating means until
    nothing moves), the period levels centred on 0. A period nobody was seen in has a NaN
    level; a person never seen has a NaN level.
    """
    seen = np.isfinite(grid)
    v = np.where(seen, grid, 0.0)
    per_person = seen.sum(axis=1, keepdims=True)
    per_period = seen.sum(axis=0)
    inv_p = np.divide(1.0, per_person, out=np.zeros(per_person.shape), where=per_person > 0)
    inv_t = np.divide(1.0, per_period, out=np.zeros(per_period.shape), where=per_period > 0)
    scale = float(np.sqrt(np.sum(v * v) / max(seen.sum(), 1))) + 1e-300
    period = np.zeros(grid.shape[1])
    level = np.sum(v, axis=1, keepdims=True) * inv_p
    for _ in range(LEVELS_MAX_SWEEPS):
        step = np.sum(np.where(seen, v - level - period, 0.0), axis=0) * inv_t
        period += step
        level = np.sum(np.where(seen, v - period, 0.0), axis=1, keepdims=True) * inv_p
        if np.max(np.abs(step), initial=0.0) <= 1e-9 * scale:
            break
    shift = period[per_period > 0].mean() if (per_period > 0).any() else 0.0
    period = np.where(per_period > 0, period - shift, np.nan)
    level = np.where(per_person > 0, level + shift, np.nan)
    return level, period


def _shared_moves(grid: np.ndarray, level: np.ndarray, period: np.ndarray) -> np.ndarray:
    """Return the team's shared move per period, the period levels shrunk by their reliability.

    A period's level δ̂_t is the team's common move c_t plus the average of the n_t seen
    people's own deviations (variance σ²/n_t). The best linear predictor of c_t is
    λ_t δ̂_t, λ_t = τ² / (τ² + σ²/n_t), with τ² the common moves' variance (the spread of
    δ̂ less its noise; 0 when the team shares no move) and σ² the residual variance. A large
    team with a real swing keeps its period levels whole; a small team without one keeps
    each person's own moves (taking 4 sellers' period means off a persistent score left a
    slope of 1.14 on the window's prediction). Periods nobody was seen in: NaN.
    """
    seen = np.isfinite(grid)
    counts = seen.sum(axis=0)
    known = counts > 0
    resid = np.where(seen, grid - level - np.nan_to_num(period), 0.0)
    dof = seen.sum() - (seen.any(axis=1)).sum() - known.sum() + 1
    if dof <= 0 or known.sum() < 2:
        return np.where(known, 0.0, np.nan)
    sigma2 = float(np.sum(resid * resid)) / dof
    noise = sigma2 / np.where(known, counts, 1)
    tau2 = max(0.0, float(np.var(period[known])) - float(np.mean(noise[known])))
    with np.errstate(invalid="ignore", divide="ignore"):
        lam = np.where(tau2 + noise > 0, tau2 / (tau2 + noise), 0.0)
    return np.where(known, lam * period, np.nan)


def _calibrated_means(grid: np.ndarray, windows: np.ndarray) -> np.ndarray:
    """Predict each window's full mean from the periods it has seen (regression calibration).

    The mean of the seen periods alone is the full window's mean plus an error that grows
    with the gaps, so a slope on it shrinks (30 % of weeks missing, white-noise score: +25 %
    read +17 %). The score is split into a person's level μ_i, the team's period level
    δ_t (what every person's score shares in that period: a team-wide swing, known from the
    others in a week the person was not seen) and the person's own deviation e_it. The best
    linear predictor of the window's full mean given the seen values, with the deviations'
    own pooled autocovariance (Carroll et al. 2006, *Measurement Error in Nonlinear
    Models*, ch. 4), carries no such shrinkage: E[full | seen] = μ_i + mean_window(δ) +
    c_Sᵀ Γ_SS⁻¹ e_S, c_S the covariances of the full window's mean deviation with the seen
    periods'. (Centring on μ_i alone read a team-wide swing as the person's persistence and
    the shrinkage returned: +25 % read +18 %.) Windows with every period seen keep their
    plain mean (the predictor's weights are 1/w then). Missing periods are not filled: they
    get no weight; a period nobody was seen in counts at its window's average δ.
    """
    from numpy.lib.stride_tricks import sliding_window_view

    g, n, w = windows.shape
    level, period = _person_period_levels(grid)
    shared = _shared_moves(grid, level, period)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a person never seen
        level = np.nanmean(grid - shared, axis=1, keepdims=True)
    centred = grid - level - shared
    gamma = _autocovariance(centred, w - 1)
    cov_full = gamma.mean(axis=1)  # cov(full window mean, e_j), j = 0..w-1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # a window nobody was seen in
        shared = np.nanmean(sliding_window_view(shared, w), axis=-1)  # [n]
    win = sliding_window_view(centred, w, axis=1)  # [g, n, w]
    mask = np.isfinite(win)
    # one solve per pattern of seen periods (in chunks of about 4 MB of systems: a daily
    # clock's long window can have as many patterns as rows)
    pm, inverse = np.unique(mask.reshape(-1, w), axis=0, return_inverse=True)
    eye = np.eye(w)
    weights = np.zeros((len(pm), w))
    chunk = max(1, 500_000 // (w * w))
    for start in range(0, len(pm), chunk):
        part = pm[start : start + chunk]
        system = np.where(part[:, :, None] & part[:, None, :], gamma, 0.0)
        system += eye * ~part[:, :, None]
        rhs = np.where(part, cov_full, 0.0)
        weights[start : start + chunk] = np.linalg.solve(system, rhs[..., None])[..., 0]
    a = weights[np.ravel(inverse)].reshape(g, n, w)
    with np.errstate(invalid="ignore"):
        out = level + shared + np.sum(a * np.where(mask, win, 0.0), axis=-1)
    return np.where(mask.any(axis=-1), out, np.nan)


def window_regressor(
    person: np.ndarray, period: pd.DatetimeIndex | np.ndarray, x: np.ndarray, horizon: int
) -> tuple[np.ndarray, float]:
    """Each row's score averaged over its own period and the ``horizon`` before it.

    The regressor of the team's cumulative effect (see ``docs/methods.md``, "A team's
    cumulative effect"): with E[y_it] = exp(a_i + g_t + b·m_it), m_it the mean of the
    person's score over periods t − H..t, a sustained rise R of the score (R higher in every
    one of those periods) moves the expected outcome by exp(R·b) − 1. A window's mean needs
    at least half its periods seen (as :func:`~ssi_analysis.stats._core.window_mean`):
    missing periods are skipped, never filled.

    Parameters
    ----------
    person : array of int
        Person codes, one per row.
    period : DatetimeIndex or array of datetime64
        Each row's period, on a regular clock (weekly, monthly, daily).
    x : array of float
        The score (NaN: not seen).
    horizon : int
        H: the window holds periods t − H..t.

    Returns
    -------
    tuple
        ``m`` (the window mean per row, NaN when too few seen) and ``weight_min``: the
        smallest projection weight c_k = cov(x̃_{t−k}, m̃_t) / var(m̃_t) of a single lag k on
        the window mean (x̃, m̃ taken off person and period means). When the effect sits at
        one lag k the window's b estimates c_k·β_k, not β_k; c_k = 1 for every k when the
        score's moves are unrelated from week to week, and falls to about 0.7 at the ends of
        a 14-week window for a score with week-to-week persistence 0.67. "Ruled out" tests
        the bound times ``weight_min`` (never above 1), so an effect of the bound's size at
        any lag, or spread over the window with one sign, is not ruled out.

    Examples
    --------
    >>> person = np.repeat([0, 1], 4)
    >>> period = np.tile(pd.date_range("2025-01-06", periods=4, freq="W-MON"), 2)
    >>> m, _ = window_regressor(person, period, np.arange(8.0), 1)
    >>> m.tolist()
    [nan, 0.5, 1.5, 2.5, nan, 4.5, 5.5, 6.5]
    """
    from numpy.lib.stride_tricks import sliding_window_view

    from ssi_analysis.stats._series import _frequency

    person = np.asarray(person)
    x = np.asarray(x, dtype=float)
    stamps = pd.DatetimeIndex(period)
    m = np.full(len(x), np.nan)
    h = int(horizon)
    w = h + 1
    uniq = stamps.unique().sort_values()
    if len(x) == 0 or len(uniq) < 2:
        return m, np.nan
    full = pd.date_range(uniq[0], uniq[-1], freq=_frequency(uniq))
    pos = full.get_indexer(stamps)
    codes, _ = pd.factorize(person)
    g, t = int(codes.max()) + 1, len(full)
    if t < w:
        return m, np.nan
    grid = np.full((g, t), np.nan)
    ok = pos >= 0
    grid[codes[ok], pos[ok]] = x[ok]
    windows = sliding_window_view(grid, w, axis=1)  # [g, t - h, w]: periods t - h .. t
    seen = np.isfinite(windows).sum(axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.nansum(windows, axis=-1) / seen
    mgrid = np.full((g, t), np.nan)
    mgrid[:, h:] = np.where(seen * 2 >= w, means, np.nan)
    if (seen < w).any() and h > 0:
        mgrid[:, h:] = np.where(seen * 2 >= w, _calibrated_means(grid, windows), np.nan)
    m[ok] = mgrid[codes[ok], pos[ok]]

    def two_way(v):  # off person and period means (one pass: a weight, not a fit)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # an all-NaN row or column
            v = v - np.nanmean(v, axis=1, keepdims=True)
            return v - np.nanmean(v, axis=0, keepdims=True)

    mt = two_way(np.where(np.isfinite(grid), mgrid, np.nan))
    xt = two_way(grid)
    weights = []
    for k in range(w):
        lagged = np.full((g, t), np.nan)
        lagged[:, k:] = xt[:, : t - k]
        both = np.isfinite(lagged) & np.isfinite(mt)
        smm = float(np.sum(np.where(both, mt * mt, 0.0)))
        if smm > 0:
            weights.append(float(np.sum(np.where(both, mt * lagged, 0.0))) / smm)
    weight_min = float(min(1.0, min(weights))) if weights else np.nan
    return m, weight_min
