"""Descriptive numbers about a loaded score series: coverage, gaps, latest values, change.

What ``ssi-analysis load`` prints under the load report. It lives with the loaders, not in
``stats/``, so that loading a file imports no statistics (scipy, statsmodels): it only counts
and looks up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ssi_analysis.names import HIGH_MARK, LOW_MARK, PILLAR_NAMES, band

__all__ = ["coverage_in_log_unit", "describe_scores", "person_summaries"]


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
    # 32-bit codes and day numbers: a team log's rows are held by a dozen arrays below
    codes, people = _codes(scores["person"])
    day = scores["date"].to_numpy(dtype="datetime64[D]").astype(np.int32)
    ssi = scores["ssi"].to_numpy(dtype=float)
    # load_ssi's frames come sorted by person and date: then nothing is reordered (copied)
    ordered = (codes[1:] > codes[:-1]) | ((codes[1:] == codes[:-1]) & (day[1:] >= day[:-1]))
    if ordered.all():
        order = None
    else:
        order = np.lexsort((day, codes))  # by person, then date (stable)
        codes, day, ssi = codes[order], day[order], ssi[order]
    del ordered
    k = len(people)
    first = np.full(k, np.iinfo(np.int32).max)
    last = np.full(k, np.iinfo(np.int32).min)
    np.minimum.at(first, codes, day)
    np.maximum.at(last, codes, day)
    span = last.astype(np.int64) - first + 1
    scored = ~np.isnan(ssi)
    s_codes, s_day = codes[scored], day[scored]
    s_rows = np.flatnonzero(scored).astype(np.int32, copy=False)
    # one scored day counts once (load_ssi gives one row per day; describe_scores dedups)
    if not scored.any():  # nothing to search: the reference loop says it as it should
        return describe_scores(scores, weeks=weeks)
    del codes, day, scored
    new_day = np.ones(len(s_codes), dtype=bool)
    new_day[1:] = (s_codes[1:] != s_codes[:-1]) | (s_day[1:] != s_day[:-1])
    u_codes = s_codes if new_day.all() else s_codes[new_day]
    u_day = (s_day if new_day.all() else s_day[new_day]) - first[u_codes]
    del new_day
    start = np.ones(len(u_codes), dtype=bool)
    start[1:] = u_codes[1:] != u_codes[:-1]
    days_scored = np.bincount(u_codes, minlength=k)
    last_scored = np.full(k, -1)
    np.maximum.at(last_scored, u_codes, u_day)
    # Gaps: runs of days without a score before each scored day, and after the last one.
    before_day = np.empty_like(u_day)  # days without a score just before each scored day
    before_day[1:] = u_day[1:] - u_day[:-1] - 1
    before_day[start] = u_day[start]  # a person's first scored day: days since their first
    del start
    after = span - last_scored - 1  # after each person's last scored day
    gap = before_day > 0
    gaps = np.bincount(u_codes[gap], minlength=k) + (after > 0)
    longest = np.zeros(k, dtype=np.int64)
    np.maximum.at(longest, u_codes[gap], before_day[gap])
    longest = np.maximum(longest, after)
    del u_codes, u_day, before_day, gap  # a team log's rows: freed as we go
    # The latest score, and the last one at least `weeks` weeks before it.
    latest = np.full(k, -1)
    np.maximum.at(latest, s_codes, s_rows)
    has = latest >= 0
    target = first + last_scored - 7 * weeks  # the latest scored day, less `weeks` weeks
    # For each person, the last scored row with day <= target: search in (code, day) order.
    key = s_codes.astype(np.float64) * 1e7 + s_day
    del s_day
    found = np.searchsorted(key, np.arange(k) * 1e7 + target, side="right") - 1
    ok = has & (found >= 0) & (s_codes[np.clip(found, 0, None)] == np.arange(k))
    unit = scores["date"].dtype  # the input's resolution, as describe_scores keeps it
    # each person's latest row, as a row of ``scores`` (not a sorted copy of the whole frame)
    pick = np.where(has, latest, 0)
    pick = pick if order is None else order[pick]
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
                has, scores["date"].to_numpy(dtype=unit)[pick], np.datetime64("NaT")
            ).astype(unit),
            "ssi": np.where(has, scores["ssi"].to_numpy(dtype=float)[pick], np.nan),
        }
    )
    for pillar in PILLAR_NAMES:
        values = (
            scores[pillar].to_numpy(dtype=float)[pick] if pillar in scores else np.full(k, np.nan)
        )
        out[pillar] = np.where(has, values, np.nan)
    before = np.where(ok, ssi[s_rows[np.clip(found, 0, None)]], np.nan)
    out["change"] = out["ssi"] - before
    out["band"] = np.select(
        [out["ssi"] < LOW_MARK, out["ssi"] < HIGH_MARK, out["ssi"] >= HIGH_MARK],
        ["below 40", "40 to 70", "70 and above"],
        default=None,
    )
    out["band"] = out["band"].where(out["ssi"].notna())
    return out


def _codes(person: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """``pd.factorize(person, sort=True)``, with 32-bit codes.

    A column of Arrow strings (what ``load_ssi`` returns) is encoded by Arrow, without a
    Python string per row.
    """
    chunks = getattr(person.array, "_pa_array", None)
    if chunks is not None and person.isna().sum() == 0:
        import pyarrow.compute as pc

        encoded = pc.dictionary_encode(chunks).combine_chunks()
        names = np.asarray(encoded.dictionary.to_pylist(), dtype=object)
        order = np.argsort(names, kind="stable")
        rank = np.empty(len(order), dtype=np.int32)
        rank[order] = np.arange(len(order), dtype=np.int32)
        codes = rank[encoded.indices.to_numpy(zero_copy_only=False)]
        return codes, pd.Index(names[order])
    codes, people = pd.factorize(person, sort=True)
    return codes.astype(np.int32), people


def coverage_in_log_unit(scores: pd.DataFrame) -> pd.DataFrame:
    """Each person's coverage counted in their log's own unit: days, or weeks for a weekly log.

    A weekly log has six days without a value every week by design: counting its coverage in
    days ("118 days missing in 15 gaps") says nothing a reader can use. A person's log is
    weekly when the usual step between consecutive dated rows (failed captures included) is
    six days or more; then each Monday-to-Sunday week counts once.

    Returns
    -------
    pandas.DataFrame
        One row per person (sorted): ``person, unit`` (``"day"`` or ``"week"``), ``span``
        (units from the first to the last), ``scored`` (units with a score), ``missing``,
        ``gaps`` (runs of missing units inside the span), ``longest_gap``.

    Examples
    --------
    >>> weeks = pd.date_range("2026-01-05", periods=8, freq="W-MON").delete([3, 4])
    >>> scores = pd.DataFrame({"person": "me", "date": weeks, "ssi": 50.0})
    >>> coverage_in_log_unit(scores).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'person': 'me', 'unit': 'week', 'span': 8, 'scored': 6, 'missing': 2, 'gaps': 1,
     'longest_gap': 2}
    """
    columns = ["person", "unit", "span", "scored", "missing", "gaps", "longest_gap"]
    dates = scores["date"].to_numpy(dtype="datetime64[D]")
    if scores["person"].isna().any() or np.isnat(dates).any() or not len(scores):
        return _coverage_per_person(scores, columns)
    # All people at once, on (person, day) sorted: one pass of numpy, not a loop of 500.
    codes, names = _codes(scores["person"])
    days = dates.astype(np.int64)  # 1970-01-01 is 0, a Thursday: weeks are (day + 3) // 7
    key = codes.astype(np.int64) * (int(days.max() - days.min()) + 1) + (days - days.min())
    if (key[1:] >= key[:-1]).all():  # a log written person by person, day by day
        who, day, scored = codes, days, scores["ssi"].notna().to_numpy()
    else:
        order = np.argsort(key, kind="stable")
        who, day = codes[order], days[order]
        scored = scores["ssi"].notna().to_numpy()[order]
    people = len(names)
    new = np.ones(len(day), dtype=bool)  # the first row of each (person, day)
    new[1:] = (who[1:] != who[:-1]) | (day[1:] != day[:-1])
    own, own_day = who[new], day[new]  # each person's distinct days, in order
    count = np.bincount(own, minlength=people)
    first_day = np.full(people, np.iinfo(np.int64).max)
    last_day = np.full(people, np.iinfo(np.int64).min)
    np.minimum.at(first_day, own, own_day)
    np.maximum.at(last_day, own, own_day)
    inside = own[1:] == own[:-1]
    step = pd.Series((own_day[1:] - own_day[:-1])[inside]).groupby(own[1:][inside]).median()
    median = np.zeros(people)
    median[step.index.to_numpy()] = step.to_numpy()
    weekly = (count > 1) & (median >= 6)
    first = np.where(weekly, (first_day + 3) // 7, first_day)
    span = np.where(weekly, (last_day + 3) // 7, last_day) - first + 1
    unit = np.where(weekly[who], (day + 3) // 7, day) - first[who]
    # each person's distinct units with a score, in order
    mine, number = who[scored], unit[scored]
    keep = np.ones(len(number), dtype=bool)
    keep[1:] = (mine[1:] != mine[:-1]) | (number[1:] != number[:-1])
    mine, number = mine[keep], number[keep]
    found = np.bincount(mine, minlength=people)
    # runs of missing units: before the first, between two, after the last (all of the span
    # for a person without a score)
    starts = np.ones(len(mine), dtype=bool)
    starts[1:] = mine[1:] != mine[:-1]
    ends = np.ones(len(mine), dtype=bool)
    ends[:-1] = mine[1:] != mine[:-1]
    between = np.diff(number) - 1
    runs = np.concatenate(
        (number[starts], between[~starts[1:]], span[mine[ends]] - number[ends] - 1)
    )
    owner = np.concatenate((mine[starts], mine[1:][~starts[1:]], mine[ends]))
    nobody = np.flatnonzero(found == 0)
    runs, owner = np.concatenate((runs, span[nobody])), np.concatenate((owner, nobody))
    gap = runs > 0
    gaps = np.bincount(owner[gap], minlength=people)
    longest = np.zeros(people, dtype=np.int64)
    np.maximum.at(longest, owner[gap], runs[gap])
    return pd.DataFrame(
        {
            "person": list(names),
            "unit": np.where(weekly, "week", "day").tolist(),
            "span": span.astype(np.int64),
            "scored": found.astype(np.int64),
            "missing": (span - found).astype(np.int64),
            "gaps": gaps.astype(np.int64),
            "longest_gap": longest,
        },
        columns=columns,
    )


def _coverage_per_person(scores: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """:func:`coverage_in_log_unit` person by person (for blank names or dates)."""
    rows = []
    for person, group in scores.groupby("person", sort=True):
        # day numbers (1970-01-01 is 0, a Thursday: Monday-based weeks are (day + 3) // 7)
        days = group["date"].to_numpy(dtype="datetime64[D]").astype(np.int64)
        dates = np.unique(days)
        weekly = len(dates) > 1 and float(np.median(np.diff(dates))) >= 6
        scored = days[group["ssi"].notna().to_numpy()]
        if weekly:
            first, last = (dates[0] + 3) // 7, (dates[-1] + 3) // 7
            numbers = np.unique((scored + 3) // 7) - first
        else:
            first, last = dates[0], dates[-1]
            numbers = np.unique(scored) - first
        span = int(last - first + 1)
        runs = np.diff(np.concatenate(([-1], numbers, [span]))) - 1
        runs = runs[runs > 0]
        rows.append(
            {
                "person": person,
                "unit": "week" if weekly else "day",
                "span": int(span),
                "scored": len(numbers),
                "missing": int(span - len(numbers)),
                "gaps": len(runs),
                "longest_gap": int(runs.max()) if len(runs) else 0,
            }
        )
    return pd.DataFrame(rows, columns=columns)
