"""Descriptive numbers about a score series: coverage, gaps, latest values, recent change."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES

#: The marks people read SSI against: below 40 is low, 70 and above is high.
LOW_MARK, HIGH_MARK = 40, 70


def describe_scores(scores: pd.DataFrame, *, weeks: int = 4) -> pd.DataFrame:
    """Summarise each person's SSI series.

    Parameters
    ----------
    scores : pandas.DataFrame
        A frame from :func:`ssi_analysis.load_ssi`.
    weeks : int
        The span of the "recent change" (default 4 weeks).

    Returns
    -------
    pandas.DataFrame
        One row per person: ``person, first_date, last_date, days_span, days_scored,
        missing_days, gaps`` (runs of one or more days without a score), ``longest_gap``
        (days), ``latest_date, ssi, brand, people, insights, relationships``, ``change``
        (latest total minus the last total at least ``weeks`` weeks earlier; NaN when the
        series is shorter), ``band`` (``"below 40"``, ``"40 to 70"``, ``"70 and above"``).

    Examples
    --------
    >>> scores = pd.DataFrame({"person": "me", "ssi": [40.0, np.nan, 46.0],
    ...     "date": pd.to_datetime(["2026-01-01", "2026-01-02", "2026-02-01"]),
    ...     "brand": 10.0, "people": 10.0, "insights": 10.0, "relationships": 10.0})
    >>> row = describe_scores(scores).iloc[0]
    >>> int(row.days_scored), int(row.missing_days), int(row.longest_gap)
    (2, 30, 30)
    >>> float(row.change), row.band
    (6.0, '40 to 70')
    """
    rows = []
    for person, group in scores.groupby("person", sort=True):
        group = group.sort_values("date")
        scored = group[group["ssi"].notna()]
        first, last = group["date"].min(), group["date"].max()
        span = (last - first).days + 1
        days = pd.DatetimeIndex(scored["date"]).unique()
        # Gaps: runs of calendar days inside the span with no score.
        day_numbers = (days - first).days.to_numpy()
        steps = np.diff(np.concatenate(([-1], day_numbers, [span]))) - 1
        steps = steps[steps > 0]
        row = {
            "person": person,
            "first_date": first,
            "last_date": last,
            "days_span": span,
            "days_scored": len(days),
            "missing_days": span - len(days),
            "gaps": len(steps),
            "longest_gap": int(steps.max()) if len(steps) else 0,
        }
        if len(scored):
            latest = scored.iloc[-1]
            before = scored[scored["date"] <= latest["date"] - pd.Timedelta(weeks=weeks)]
            row.update(
                {
                    "latest_date": latest["date"],
                    "ssi": latest["ssi"],
                    **{p: latest.get(p, np.nan) for p in PILLAR_NAMES},
                    "change": latest["ssi"] - before["ssi"].iloc[-1] if len(before) else np.nan,
                    "band": band(latest["ssi"]),
                }
            )
        rows.append(row)
    columns = [
        "person",
        "first_date",
        "last_date",
        "days_span",
        "days_scored",
        "missing_days",
        "gaps",
        "longest_gap",
        "latest_date",
        "ssi",
        *PILLAR_NAMES,
        "change",
        "band",
    ]
    return pd.DataFrame(rows).reindex(columns=columns)


def band(ssi: float) -> str:
    """Where a total sits against the 40 and 70 marks.

    Examples
    --------
    >>> band(39.9), band(40), band(70)
    ('below 40', '40 to 70', '70 and above')
    """
    if ssi < LOW_MARK:
        return "below 40"
    return "40 to 70" if ssi < HIGH_MARK else "70 and above"
