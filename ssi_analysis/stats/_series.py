"""Turn the user's frame into series on a regular clock (missing periods stay NaN)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ssi_analysis.stats._core import MIN_PAIRS
from ssi_analysis.stats._core import shift as lagged

__all__ = ["MIN_PAIRS", "data_clock", "lagged", "regular_arrays", "regular_frame"]

_UNITS = {"D": "day", "W": "week", "MS": "month", "YS": "year"}


def regular_frame(
    data: pd.DataFrame, columns: list[str], *, who: str = ""
) -> tuple[pd.DataFrame, str]:
    """Return ``data[columns]`` on a complete regular index, and its unit (week, month, day).

    The clock is the ``period`` column (from :func:`ssi_analysis.align`), else ``date``, else
    a DatetimeIndex. Missing periods become NaN rows; nothing is filled in.
    """
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise ValueError(
            f"{who}: no column {missing[0]!r} in the data; it has "
            f"{', '.join(map(str, data.columns))}. Pass one of those (x=..., y=...)."
        )
    if "person" in data.columns and data["person"].nunique() > 1:
        people = ", ".join(map(str, data["person"].unique()[:5]))
        raise ValueError(
            f"{who}: the data holds several people ({people}); pick one "
            "(data[data['person'] == name]) or use team_effect for a team"
        )
    clock = data_clock(data, who)
    columns = list(dict.fromkeys(columns))  # a column asked twice is one column
    values = (
        np.column_stack(
            [pd.to_numeric(data[c], errors="coerce").to_numpy(dtype=float) for c in columns]
        )
        if columns
        else np.empty((len(data), 0))
    )
    index, values, unit = regular_arrays(clock, values, who=who)
    return pd.DataFrame(values, index=index, columns=list(columns)), unit


def data_clock(data: pd.DataFrame, who: str = "") -> pd.DatetimeIndex:
    """Return the clock of a frame: its ``period`` column, else ``date``, else its index."""
    if "period" in data.columns:
        return pd.DatetimeIndex(data["period"])
    if "date" in data.columns:
        return pd.DatetimeIndex(data["date"])
    if isinstance(data.index, pd.DatetimeIndex):
        return data.index
    raise ValueError(
        f"{who}: the data needs a 'period' or 'date' column, or a "
        "DatetimeIndex (align() gives a 'period' column)"
    )


def regular_arrays(
    clock: pd.DatetimeIndex, values: np.ndarray, *, who: str = ""
) -> tuple[pd.DatetimeIndex, np.ndarray, str]:
    """Put rows of ``values`` (one per date of ``clock``) on a complete regular clock.

    The array core of :func:`regular_frame` (the same checks and the same result, without a
    DataFrame per call: a team's per-seller answers call it once per seller). Returns the
    complete clock, the values on it (NaN rows for missing periods, nothing filled in) and
    the unit (week, month, day; ``"period"`` for fewer than two rows, which stay as given,
    sorted).
    """
    clock = pd.DatetimeIndex(clock)
    values = np.asarray(values, dtype=float)
    if clock.has_duplicates:
        raise ValueError(f"{who}: several rows share one period; aggregate first (align)")
    if not clock.is_monotonic_increasing:  # as DataFrame.sort_index (NaT last)
        clock, order = clock.sort_values(return_indexer=True)
        values = values[order]
    if len(clock) < 2:
        return clock, values.copy(), "period"
    freq = _frequency(clock)
    first, last = clock[0], clock[-1]
    # A copy: callers may rename the index. Unit and zone in the key: equal Timestamps of
    # other units or zones give other indexes.
    full = _clock(first, last, freq, (first.unit, last.unit, str(first.tz))).copy()
    at = full.get_indexer(clock)
    if (at < 0).any():  # a date off the clock (the union with it would be longer)
        raise ValueError(
            f"{who}: the dates are not on a regular daily, weekly, monthly or "
            "yearly clock; use align() to put them on one"
        )
    out = np.full((len(full), values.shape[1]), np.nan)
    out[at] = values
    return full, out, _UNITS.get(freq[:2].rstrip("-"), "period")


@functools.lru_cache(maxsize=64)
def _clock(first: pd.Timestamp, last: pd.Timestamp, freq: str, kind: tuple) -> pd.DatetimeIndex:
    """Return ``pd.date_range(first, last, freq=freq)``, kept for the next call.

    A team's sellers share one clock, and pandas walks week and month offsets one period at
    a time in Python. ``kind`` (the Timestamps' units and zone) is part of the key only.
    """
    return pd.date_range(first, last, freq=freq)


def _frequency(index: pd.DatetimeIndex) -> str:
    steps = np.diff(index.as_unit("ns").asi8) // 86_400_000_000_000
    if len(steps):  # the most common step, the smallest of a tie (pd.Series.mode's first)
        values, counts = np.unique(steps, return_counts=True)
        step = int(values[np.argmax(counts)])  # without a Series per seller
    else:
        step = int(pd.Series(steps).mode().iloc[0])  # what it raised, it raises
    if step == 1:
        return "D"
    if step == 7:
        return f"W-{index[0].day_name()[:3].upper()}"
    if 28 <= step <= 31:
        return "MS"
    if 365 <= step <= 366:
        return "YS"
    raise ValueError(
        "the dates are not on a regular daily, weekly, monthly or yearly clock; "
        "use align() to put them on one"
    )
