"""How an SSI log moves from one day to the next: the texture the simulator is built to match.

Measured on consecutive calendar days that both have a score (a gap of two days or more
is not a daily change), on the total as the log has it (loggers write the page's rounded
total), so real logs and the simulated sample are measured the same way.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES


def daily_texture(scores: pd.DataFrame) -> pd.DataFrame:
    """Day-to-day changes of the total and the pillars, one row per person.

    Parameters
    ----------
    scores : pandas.DataFrame
        :func:`ssi_analysis.load_ssi` output (``person, date, ssi`` and the pillars).

    Returns
    -------
    pandas.DataFrame
        ``person, days_compared`` (pairs of consecutive days both scored),
        ``median_abs_change`` of the total, the shares of those days on which the total was
        ``unchanged``, moved by at most one point (``within_1``) and by five or more
        (``jump_5``), ``pillar_steps_2`` (share of pillar-days that stepped by two points or
        more) and ``largest_pillar_step``.

    Examples
    --------
    >>> scores = pd.DataFrame({"person": "me",
    ...     "date": pd.date_range("2026-01-05", periods=5).delete(3),
    ...     "ssi": [50.0, 50.0, 51.0, 57.0], "brand": [20.0, 20.0, 20.5, 26.0],
    ...     "people": 10.0, "insights": 10.0, "relationships": 10.0})
    >>> row = daily_texture(scores).iloc[0]
    >>> int(row.days_compared), float(row.median_abs_change), float(row.unchanged)
    (2, 0.5, 0.5)
    """
    rows = []
    for person, own in scores.sort_values("date").groupby("person", sort=True):
        own = own.dropna(subset=["ssi"])
        step = own["date"].diff().dt.days.eq(1).to_numpy()
        total = own["ssi"].diff().abs().to_numpy()[step]
        pillars = own[list(PILLAR_NAMES)].diff().abs().to_numpy()[step]
        n = int(step.sum())
        rows.append(
            {
                "person": person,
                "days_compared": n,
                "median_abs_change": float(np.median(total)) if n else np.nan,
                "unchanged": float(np.mean(total == 0)) if n else np.nan,
                "within_1": float(np.mean(total <= 1)) if n else np.nan,
                "jump_5": float(np.mean(total >= 5)) if n else np.nan,
                "pillar_steps_2": float(np.mean(pillars >= 2)) if n else np.nan,
                "largest_pillar_step": float(np.max(pillars)) if n else np.nan,
            }
        )
    return pd.DataFrame(rows)
