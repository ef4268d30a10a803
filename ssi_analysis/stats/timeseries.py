"""Series diagnostics (trend, persistence, stationarity) and Granger tests on top of them."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from ssi_analysis.errors import one_of, validate_params, whole
from ssi_analysis.stats import _core
from ssi_analysis.stats._series import MIN_PAIRS, regular_frame

__all__ = ["diagnose", "granger", "stationarity"]

#: A lag-1 autocorrelation at or above this makes a series "persistent".
PERSISTENT = 0.5


@validate_params({"regression": one_of("c", "ct")})
def stationarity(values: np.ndarray, *, regression: str = "c") -> dict:
    """ADF (unit root) and KPSS (level stationarity) tests, and their joint verdict.

    Missing periods are dropped before testing (both tests need consecutive values; a few
    gaps barely move them, and nothing is filled in). KPSS p-values are only tabulated
    between 0.01 and 0.10: the bounds are reported as they are, with ``kpss_bound`` saying
    which side was hit.

    Returns
    -------
    dict
        ``adf_stat, adf_p, kpss_stat, kpss_p, kpss_bound`` ("", "<=" or ">="), and
        ``unit_root``: True when ADF cannot reject a unit root (p ≥ 0.05) or KPSS rejects
        stationarity (p ≤ 0.05) — the joint verdict no library gives in one call.

    Parameters
    ----------
    values : ndarray
        The series (NaN for missing periods).
    regression : {"c", "ct"}
        Deterministic terms of both tests: a constant, or a constant and a linear trend.
    """
    from statsmodels.tools.sm_exceptions import InterpolationWarning
    from statsmodels.tsa.stattools import adfuller, kpss

    v = values[np.isfinite(values)]
    out = {
        "adf_stat": np.nan,
        "adf_p": np.nan,
        "kpss_stat": np.nan,
        "kpss_p": np.nan,
        "kpss_bound": "",
        "unit_root": False,
    }
    if len(v) < MIN_PAIRS or np.ptp(v) == 0:
        return out
    adf = adfuller(v, regression=regression, autolag="AIC", result_object=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InterpolationWarning)
        k = kpss(v, regression=regression, nlags="auto", result_object=True)
    bound = ""
    if any(issubclass(w.category, InterpolationWarning) for w in caught):
        bound = "<=" if k.pvalue <= 0.01 else ">="
    out.update(
        adf_stat=float(adf.statistic),
        adf_p=float(adf.pvalue),
        kpss_stat=float(k.statistic),
        kpss_p=float(k.pvalue),
        kpss_bound=bound,
        unit_root=bool(adf.pvalue >= 0.05 or k.pvalue <= 0.05),
    )
    return out


def diagnose(data: pd.DataFrame, *, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """Describe each series' behaviour over time, and flag what makes naive statistics lie.

    Parameters
    ----------
    data : pandas.DataFrame
        One person's periods (see :func:`ssi_analysis.correlate`).
    columns : sequence of str, optional
        The series to describe (default: every numeric column except ``ssi_days``).

    Returns
    -------
    pandas.DataFrame
        One row per series: ``column, n`` (periods with a value), ``missing`` (periods
        without), ``ar1`` (lag-1 autocorrelation), ``adf_stat, adf_p`` (augmented Dickey-Fuller:
        a small p rejects a unit root), ``kpss_stat, kpss_p, kpss_bound`` (KPSS: a small p
        rejects stationarity; ``kpss_bound`` is "<=" or ">=" when the p-value is a table
        bound), ``trend`` (least-squares slope per period), ``trend_p``, and ``flag``:
        ``trending`` (a unit root or a drift: naive correlations with it are unreliable),
        ``persistent`` (stationary but slow, ar1 ≥ 0.5: its effective sample is small),
        ``constant`` (never changes: nothing can be correlated with it), ``too_few`` (fewer
        than 10 values), or ``ok``.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> weeks = pd.date_range("2025-01-06", periods=104, freq="W-MON")
    >>> data = pd.DataFrame({"period": weeks, "walk": rng.normal(size=104).cumsum(),
    ...                      "noise": rng.normal(size=104)})
    >>> diagnose(data)[["column", "flag"]]
      column     flag
    0   walk  trending
    1  noise        ok
    """
    if columns is None:
        columns = [
            c
            for c in data.columns
            if c not in ("person", "period", "date", "ssi_days")
            and pd.api.types.is_numeric_dtype(data[c])
        ]
    columns = list(columns)
    frame, _ = regular_frame(data, columns, who="diagnose")
    from scipy import stats

    rows = []
    for column in columns:
        v = frame[column].to_numpy()
        ok = np.isfinite(v)
        row = {
            "column": column,
            "n": int(ok.sum()),
            "missing": int((~ok).sum()),
            "ar1": float(_core.autocorrelation(v, 1)[0]) if ok.sum() > 2 else np.nan,
        }
        row.update(stationarity(v))
        if ok.sum() >= 3 and np.ptp(v[ok]) > 0:
            fit = stats.linregress(np.flatnonzero(ok), v[ok])
            row.update(trend=float(fit.slope), trend_p=float(fit.pvalue))
        else:
            row.update(trend=np.nan, trend_p=np.nan)
        if ok.sum() < MIN_PAIRS:
            row["flag"] = "too_few"
        elif np.ptp(v[ok]) == 0:
            row["flag"] = "constant"
        elif row["unit_root"]:
            row["flag"] = "trending"
        else:
            row["flag"] = "persistent" if row["ar1"] >= PERSISTENT else "ok"
        del row["unit_root"]
        rows.append(row)
    return pd.DataFrame(rows)


@validate_params({"maxlag": whole(1), "difference": one_of("auto", True, False)})
def granger(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    maxlag: int = 4,
    difference: str | bool = "auto",
) -> pd.DataFrame:
    """Test whether the past of ``x`` helps predict ``y`` beyond ``y``'s own past (Granger).

    Parameters
    ----------
    data : pandas.DataFrame
        One person's periods (see :func:`ssi_analysis.correlate`).
    x, y : str
        "x Granger-causes y" is tested.
    maxlag : int
        Test with 1..maxlag lags of both series.
    difference : {"auto", True, False}
        Granger tests on the levels of non-stationary series are unreliable. ``"auto"``
        checks both series first (ADF and KPSS) and differences both when either has a unit
        root; True always differences; False tests the levels as given.

    Returns
    -------
    pandas.DataFrame
        One row per lag: ``x, y, lag, f`` (the F statistic of statsmodels'
        ``grangercausalitytests``, "ssr_ftest"), ``df_num, df_denom, p``, ``n`` (periods
        used), ``differenced`` (bool), ``note`` (why the series were differenced; and the
        caveat that Granger causality is about prediction, not cause).
        ``df.attrs["result"]`` keeps statsmodels' full result (its dict of lag to tests and
        fits), shared, not copied, by the frames pandas derives from this one.

    Notes
    -----
    A small ``p`` says past values of x improve the prediction of y. It does not say x
    causes y: both can follow a third thing with different delays. Missing periods cannot
    be skipped in a lagged regression; the longest run of consecutive complete periods is
    used and ``n`` says how long it was.

    Examples
    --------
    >>> rng = np.random.default_rng(5)
    >>> e = rng.normal(size=(120, 2))
    >>> x = e[:, 0]
    >>> y = np.r_[0, 0.8 * x[:-1]] + e[:, 1]
    >>> data = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=120, freq="W-MON"),
    ...                      "x": x, "y": y})
    >>> bool(granger(data, x="x", y="y", maxlag=2)["p"].iloc[0] < 0.01)
    True
    """
    from statsmodels.tsa.stattools import grangercausalitytests

    frame, _ = regular_frame(data, [y, x], who="granger")
    notes = []
    diff = difference is True
    if difference == "auto":
        roots = [c for c in (x, y) if stationarity(frame[c].to_numpy())["unit_root"]]
        if roots:
            diff = True
            notes.append(
                f"{' and '.join(roots)} {'has' if len(roots) == 1 else 'have'} a unit "
                "root or trend, so both series were differenced"
            )
    if diff:
        frame = frame.diff()
    run = _longest_complete_run(frame)
    needed = 3 * maxlag + MIN_PAIRS
    if len(run) < needed:
        raise ValueError(
            f"granger({x!r}, {y!r}): too few consecutive periods: {len(run)}, at "
            f"least {needed} needed for maxlag={maxlag}"
        )
    constant = [c for c in (x, y) if run[c].nunique() <= 1]
    if constant:
        # statsmodels would raise its InfeasibleTestError from deep inside the regression
        raise ValueError(
            f"granger({x!r}, {y!r}): {constant[0]!r} is constant"
            f"{' once differenced' if diff else ''}, so nothing can predict it or be "
            "predicted by it; choose a column that varies"
        )
    if len(run) < len(frame.dropna()):
        notes.append(f"only the longest run of consecutive periods ({len(run)}) was used")
    notes.append("Granger causality is about prediction, not cause")
    result = grangercausalitytests(run[[y, x]].to_numpy(), maxlag=maxlag)
    rows = []
    for lag, (tests, _) in result.items():
        f, p, df_denom, df_num = tests["ssr_ftest"]
        rows.append(
            {
                "x": x,
                "y": y,
                "lag": int(lag),
                "f": float(f),
                "df_num": int(df_num),
                "df_denom": int(df_denom),
                "p": float(p),
                "n": len(run),
                "differenced": diff,
                "note": "; ".join(notes),
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["result"] = _Shared(result)
    return out


class _Shared(dict):
    """statsmodels' result in ``attrs``, which pandas would deep-copy on every operation.

    Copying four lags' fitted regressions made a filter of the 4-row table 12× slower; the
    result describes the test that was run, not the table, so derived tables share it.
    """

    def __copy__(self):
        return self

    def __deepcopy__(self, memo: dict):
        return self


def _longest_complete_run(frame: pd.DataFrame) -> pd.DataFrame:
    complete = frame.notna().all(axis=1).to_numpy()
    best, start = (0, 0), None
    for i, ok in enumerate(np.r_[complete, False]):
        if ok and start is None:
            start = i
        elif not ok and start is not None:
            if i - start > best[1] - best[0]:
                best = (start, i)
            start = None
    return frame.iloc[best[0] : best[1]]
