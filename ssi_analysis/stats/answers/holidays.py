"""Holiday and year-end weeks: the windows the calendar check leaves out."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Year-end weeks left out by the calendar check (month, day), inclusive.
YEAR_END = ((12, 18), (1, 8))


# ---------------------------------------------------------------- holidays


def _holiday_windows(holidays, who: str = "answers") -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    windows = []
    for item in holidays or ():
        try:
            if isinstance(item, tuple | list) and len(item) == 2:
                start, end = pd.Timestamp(item[0]), pd.Timestamp(item[1])
            else:
                start = end = pd.Timestamp(item)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"{who}: holidays must be dates or (start, end) pairs of dates, e.g. "
                f"['2025-08-04', ('2025-12-22', '2026-01-02')]; got {item!r} ({error})."
            ) from None
        if end < start:
            raise ValueError(f"answers: the holiday window {item!r} ends before it starts.")
        windows.append((start.normalize(), end.normalize()))
    return windows


def holiday_mask(
    periods: pd.DatetimeIndex, windows: Sequence[tuple] = (), *, year_end: bool = True
) -> np.ndarray:
    """Mark the periods that overlap the year-end weeks (18 Dec - 8 Jan) or a given window.

    Examples
    --------
    >>> weeks = pd.date_range("2025-12-08", periods=6, freq="W-MON")
    >>> holiday_mask(weeks).tolist()  # the weeks of 15, 22, 29 Dec and 5 Jan
    [False, True, True, True, True, False]
    """
    return _holiday_mask(periods, _holiday_windows(windows, "holiday_mask"), year_end=year_end)


def _holiday_mask(periods, windows, *, year_end: bool = True) -> np.ndarray:
    periods = pd.DatetimeIndex(periods)
    if len(periods) == 0:
        return np.zeros(0, bool)
    if len(periods) > 1:
        step = periods[1] - periods[0]
        ends = periods.append(pd.DatetimeIndex([periods[-1] + step]))[1:] - pd.Timedelta(days=1)
        if periods.freqstr and periods.freqstr.startswith("MS"):
            ends = periods + pd.offsets.MonthEnd(0)
    else:
        ends = periods
    mask = np.zeros(len(periods), bool)
    if year_end:
        for year in range(periods.min().year - 1, periods.max().year + 1):
            windows = [
                *windows,
                (pd.Timestamp(year, *YEAR_END[0]), pd.Timestamp(year + 1, *YEAR_END[1])),
            ]
    for start, end in windows:
        mask |= (periods <= end) & (ends >= start)
    return mask
