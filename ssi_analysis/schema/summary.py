"""Descriptive numbers about a loaded score series: coverage, gaps, latest values, change.

What ``ssi-analysis load`` prints under the load report. It lives with the loaders, not in
``stats/``, so that loading a file imports no statistics (scipy, statsmodels): it only counts
and looks up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.names import HIGH_MARK, LOW_MARK, PILLAR_NAMES, band

__all__ = ["describe_scores", "person_summaries"]


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


def person_summaries(scores, *, weeks: int = 4):
    """Return :func:`describe_scores`' table, computed for all people at once.

    ``describe_scores`` loops over people; a team log of thousands of people then takes
    minutes in ``ssi-analysis load``. The same columns come here from array operations on
    each person's integer code (``tests/test_load_summary.py`` checks both agree).
    """
    codes, people = pd.factorize(scores["person"], sort=True)
    day = scores["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
    order = np.lexsort((day, codes))  # by person, then date (stable)
    codes, day = codes[order], day[order]
    ssi = scores["ssi"].to_numpy(dtype=float)[order]
    k = len(people)
    first = np.full(k, np.iinfo(np.int64).max)
    last = np.full(k, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, day)
    np.maximum.at(last, codes, day)
    span = last - first + 1
    scored = ~np.isnan(ssi)
    s_codes, s_day, s_rows = codes[scored], day[scored], np.flatnonzero(scored)
    # one scored day counts once (load_ssi gives one row per day; describe_scores dedups)
    if not scored.any():  # nothing to search: the reference loop says it as it should
        return describe_scores(scores, weeks=weeks)
    new_day = np.r_[True, (s_codes[1:] != s_codes[:-1]) | (s_day[1:] != s_day[:-1])]
    u_codes, u_day = s_codes[new_day], s_day[new_day] - first[s_codes[new_day]]
    start = np.r_[True, u_codes[1:] != u_codes[:-1]] if len(u_codes) else np.zeros(0, bool)
    previous = np.where(start, -1, np.r_[-1, u_day[:-1]])
    days_scored = np.bincount(u_codes, minlength=k)
    last_scored = np.full(k, -1)
    np.maximum.at(last_scored, u_codes, u_day)
    # Gaps: runs of days without a score before each scored day, and after the last one.
    step = np.r_[u_day - previous - 1, span - last_scored - 1]
    owner = np.r_[u_codes, np.arange(k)]
    gap = step > 0
    gaps = np.bincount(owner[gap], minlength=k)
    longest = np.zeros(k, dtype=np.int64)
    np.maximum.at(longest, owner[gap], step[gap])
    # The latest score, and the last one at least `weeks` weeks before it.
    latest = np.full(k, -1)
    np.maximum.at(latest, s_codes, s_rows)
    has = latest >= 0
    target = day[latest] - 7 * weeks
    # For each person, the last scored row with day <= target: search in (code, day) order.
    key = s_codes.astype(np.float64) * 1e7 + s_day
    found = np.searchsorted(key, np.arange(k) * 1e7 + target, side="right") - 1
    ok = has & (found >= 0) & (s_codes[np.clip(found, 0, None)] == np.arange(k))
    frame = scores.iloc[order]
    unit = scores["date"].dtype  # the input's resolution, as describe_scores keeps it
    pick = np.where(has, latest, 0)
    out = pd.DataFrame(
        {
            "person": np.asarray(people, dtype=object),
            "first_date": first.astype("datetime64[D]").astype(unit),
            "last_date": last.astype("datetime64[D]").astype(unit),
            "days_span": span,
            "days_scored": days_scored,
            "missing_days": span - days_scored,
            "gaps": gaps,
            "longest_gap": longest,
            "latest_date": np.where(
                has, frame["date"].to_numpy(dtype=unit)[pick], np.datetime64("NaT")
            ).astype(unit),
            "ssi": np.where(has, ssi[pick], np.nan),
        }
    )
    for pillar in PILLAR_NAMES:
        values = (
            frame[pillar].to_numpy(dtype=float) if pillar in frame else np.full(len(frame), np.nan)
        )
        out[pillar] = np.where(has, values[pick], np.nan)
    before = np.where(ok, ssi[s_rows[np.clip(found, 0, None)]], np.nan)
    out["change"] = out["ssi"] - before
    out["band"] = np.select(
        [out["ssi"] < LOW_MARK, out["ssi"] < HIGH_MARK, out["ssi"] >= HIGH_MARK],
        ["below 40", "40 to 70", "70 and above"],
        default=None,
    )
    out["band"] = out["band"].where(out["ssi"].notna())
    return out
