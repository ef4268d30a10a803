"""Scores and outcomes on one clock: one row per person and period.

Gap policy (nothing is ever filled with zero outside what a source covered):

- **events** (deals, posts, archive activity) count zero in a period that the source covers
  and NaN outside it. A source covers the days from its first to its last dated row (across
  everyone in it); a period counts as covered when at least ``min_coverage`` of its days are.
  People absent from a source get NaN for its metrics, not zero.
- **daily figures** (impressions, followers gained) are summed over a period only when at
  least ``min_coverage`` of its days have a value; otherwise NaN.
- **levels** (running totals such as followers) take the period's last value.
- **SSI** is the mean (or last value) of the days with a score; a period without a capture is
  NaN, and ``ssi_days`` says how many days the value rests on.
- **reply_rate** (when the outcomes come from a LinkedIn archive's messages) is
  ``outreach_replied / outreach_sent``: the share of the conversations opened in the period
  that got an answer (at any later time), with ``outreach_sent``, its denominator, beside it; a
  period without outreach has no rate (NaN, never 0). The latest periods' rates are low
  until the answers arrive.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
import pandas as pd

from ssi_analysis.errors import SharedReport, number, one_of, validate_params
from ssi_analysis.names import MONEY_METRICS, OUTCOMES, outcome_kind

__all__ = ["AlignReport", "align"]

FREQS = {"W": "W-MON", "MS": "MS", "D": "D"}


@dataclass(frozen=True, eq=False)
class AlignReport(SharedReport):
    """How scores and outcomes were put on one clock.

    Read-only, and shared (not copied) by the frames pandas derives from the panel
    (:class:`~ssi_analysis.errors.SharedReport`); ``coverage`` and ``sales_cycle`` are
    handed out as copies.

    Attributes
    ----------
    freq : str
        ``"W"`` (Monday-Sunday weeks, labelled by the Monday), ``"MS"`` or ``"D"``.
    min_coverage : float
        Share of a period's days a source must cover for the period to get a value.
    coverage : pandas.DataFrame
        Per source and metric: ``source, metric, kind, first, last, periods,
        periods_with_value``.
    only_in_scores, only_in_outcomes : tuple of str
        People found on one side only (kept in the panel, with NaN on the other side).
    currency : str or None
        The currency of the money outcomes (``pipeline_created``, ``revenue_won``), from the
        outcomes' ``currency`` column (:func:`currency_of`);
        None when the exports name none.
    sales_cycle : dict or None
        The won deals' created → closed cycle measured from the CRM export (the outcomes'
        load report); the revenue answers' horizon covers it.
    """

    freq: str
    min_coverage: float
    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    only_in_scores: tuple[str, ...] = ()
    only_in_outcomes: tuple[str, ...] = ()
    currency: str | None = None
    sales_cycle: dict | None = None

    MUTABLE = ("coverage", "sales_cycle")

    def __str__(self) -> str:
        label = {"W": "weeks (Monday to Sunday)", "MS": "calendar months", "D": "days"}
        lines = [
            f"aligned by {label[self.freq]}; a period needs {self.min_coverage:.0%} of its "
            "days covered to get an outcome value"
        ]
        for row in self.coverage.itertuples(index=False):
            lines.append(
                f"  {row.metric} ({row.kind}, {row.source}): {row.first:%Y-%m-%d} to "
                f"{row.last:%Y-%m-%d}, {row.periods_with_value} of {row.periods} "
                "periods with a value"
            )
        if self.only_in_scores:
            lines.append("  people with scores but no outcomes: " + ", ".join(self.only_in_scores))
        if self.only_in_outcomes:
            lines.append(
                "  people with outcomes but no scores: " + ", ".join(self.only_in_outcomes)
            )
        return "\n".join(lines)


def _name_key(name: object) -> str:
    return " ".join(str(name).split()).casefold()


def _name_keys(people: pd.Series) -> pd.Series:
    """Return :func:`_name_key` of every row, computed once per distinct name.

    A team's log has a few hundred names over a million rows; the values and dtype are
    those of ``people.map(_name_key)``.
    """
    codes, uniques = pd.factorize(people, use_na_sentinel=False)
    keys = pd.Series(uniques).map(_name_key)
    return pd.Series(keys.array.take(codes), index=people.index)


def _period_start(dates: pd.Series, freq: str) -> pd.Series:
    """Return the first day of each date's period (weeks start on Monday)."""
    if freq == "D":
        return dates
    if freq == "W":
        return dates - pd.to_timedelta(dates.dt.day_of_week, unit="D")
    return dates.dt.to_period("M").dt.start_time.astype(dates.dtype)


def _period_days(starts: pd.Series | pd.DatetimeIndex, freq: str) -> np.ndarray:
    if freq == "D":
        return np.ones(len(starts), dtype=int)
    if freq == "W":
        return np.full(len(starts), 7)
    return pd.DatetimeIndex(starts).days_in_month.to_numpy()


@validate_params(
    {
        "freq": one_of(*FREQS),
        "ssi_agg": one_of("mean", "last"),
        "min_coverage": number(0, 1, closed="right"),
    }
)
def align(
    scores: pd.DataFrame,
    outcomes: pd.DataFrame | None = None,
    *,
    freq: str = "W",
    ssi_agg: str = "mean",
    min_coverage: float = 1.0,
) -> pd.DataFrame:
    """Put SSI scores and outcomes on one regular clock, one row per person and period.

    Parameters
    ----------
    scores : pandas.DataFrame
        From :func:`ssi_analysis.load_ssi`.
    outcomes : pandas.DataFrame, optional
        From :func:`ssi_analysis.load_outcomes`.
    freq : {"W", "MS", "D"}
        Monday-Sunday weeks (labelled by their Monday), calendar months, or days.
    ssi_agg : {"mean", "last"}
        A period's SSI: the mean of its scored days (for flow outcomes such as pipeline
        created in the week), or its last score (for comparisons with end-of-period levels).
    min_coverage : float
        Share (0-1] of a period's days a source must cover for the period to get a value
        (see the gap policy in the module docstring).

    Returns
    -------
    pandas.DataFrame
        ``person, period``, the SSI columns aggregated, ``ssi_days`` (days with a score), and
        one column per outcome metric. Every period between a person's first and last date is
        present, so periods without data are NaN rows, never missing rows.
        ``df.attrs["align_report"]`` is an :class:`AlignReport` (its ``currency`` names the
        money outcomes' currency).

    Examples
    --------
    Two scored days in the first week, none in the second; the deals export covers the first
    two weeks (a deal on Monday 2 March and one on Sunday 15 March) but not the third:

    >>> scores = pd.DataFrame({"person": "me", "ssi": [50.0, 52.0, 54.0],
    ...     "date": pd.to_datetime(["2026-03-02", "2026-03-04", "2026-03-17"])})
    >>> outcomes = pd.DataFrame({"person": "me", "metric": "deals_created", "value": 1.0,
    ...     "kind": "event", "source": "crm_deals",
    ...     "date": pd.to_datetime(["2026-03-02", "2026-03-15"])})
    >>> align(scores, outcomes)
      person     period   ssi  ssi_days  deals_created
    0     me 2026-03-02  51.0         2            1.0
    1     me 2026-03-09   NaN         0            1.0
    2     me 2026-03-16  54.0         1            NaN
    """
    scores = scores.assign(_key=_name_keys(scores["person"]))
    if outcomes is None:
        outcomes = pd.DataFrame(columns=["person", "date", "metric", "value", "kind", "source"])
    outcomes = outcomes.assign(_key=_name_keys(outcomes["person"]))
    if "kind" not in outcomes:
        outcomes["kind"] = outcomes["metric"].map(outcome_kind)
    if "source" not in outcomes:
        outcomes["source"] = "outcomes"
    # Each key's name as written in its last row, a score's over an outcome's (one pass over
    # the distinct pairs, not over every row).
    pairs = pd.concat([outcomes[["_key", "person"]], scores[["_key", "person"]]])
    pairs = pairs.drop_duplicates("_key", keep="last")
    names = dict(zip(pairs["_key"], pairs["person"], strict=True))
    grid = _grid(scores, outcomes, freq)
    panel = grid.merge(_aggregate_scores(scores, freq, ssi_agg), on=["_key", "period"], how="left")
    panel["ssi_days"] = panel["ssi_days"].fillna(0).astype(int)
    # An event source covers its whole span, for every metric it has and everyone in it.
    columns, coverage_rows = _aggregate_outcomes(outcomes, grid, freq, min_coverage)
    for metric, values in columns.items():
        panel[metric] = values
    if {"outreach_sent", "outreach_replied"} <= set(panel) and "reply_rate" not in panel:
        sent = panel["outreach_sent"]
        rate = (panel["outreach_replied"] / sent).where(sent > 0)
        panel.insert(panel.columns.get_loc("outreach_replied") + 1, "reply_rate", rate)
    panel.insert(0, "person", panel["_key"].map(names))
    panel = panel.drop(columns="_key").sort_values(["person", "period"]).reset_index(drop=True)
    score_people = set(scores["_key"].unique())  # not row by row: a team has 10^5 rows
    outcome_people = set(outcomes["_key"].unique())
    report = AlignReport(
        freq=freq,
        min_coverage=min_coverage,
        coverage=pd.DataFrame(
            coverage_rows,
            columns=["source", "metric", "kind", "first", "last", "periods", "periods_with_value"],
        ),
        only_in_scores=tuple(sorted(names[k] for k in score_people - outcome_people))
        if len(outcomes)
        else (),
        only_in_outcomes=tuple(sorted(names[k] for k in outcome_people - score_people)),
        currency=currency_of(outcomes),
        sales_cycle=getattr(getattr(outcomes, "attrs", {}).get("load_report"), "sales_cycle", None),
    )
    panel.attrs = {"align_report": report}
    return panel


def currency_of(outcomes: pd.DataFrame | None) -> str | None:
    """Return the one currency of the money outcomes (pipeline, revenue); None when unknown.

    Read from the ``currency`` column of :func:`ssi_analysis.load_outcomes`: a code (``"USD"``) or a
    symbol (``"$"``) when every money value names the same one; None when none does, when
    some do not, or for a frame without the column (a currency is never guessed).

    Examples
    --------
    >>> rows = pd.DataFrame({"metric": ["pipeline_created", "deals_created"],
    ...                      "currency": ["EUR", ""]})
    >>> currency_of(rows), currency_of(rows.assign(currency=""))
    ('EUR', None)
    """
    if outcomes is None or "currency" not in outcomes or "metric" not in outcomes:
        return None
    money = outcomes.loc[outcomes["metric"].isin(MONEY_METRICS), "currency"]
    # each distinct value once, as ``set(money.fillna("").astype(str))`` reads every row
    codes = {"" if pd.isna(code) else str(code) for code in pd.unique(money.to_numpy())}
    return codes.pop() if len(codes) == 1 and "" not in codes else None


def _grid(scores, outcomes, freq) -> pd.DataFrame:
    """Every period from each person's first to last date (scores or outcomes).

    Built by arithmetic on the periods' starts (the same rows as a ``pd.date_range`` per
    person, which walked week and month offsets one by one in Python).
    """
    dates = pd.concat([scores[["_key", "date"]], outcomes[["_key", "date"]]])
    dates = dates.dropna(subset=["date"])
    if dates.empty:
        return pd.DataFrame(
            {"_key": pd.Series([], dtype=object), "period": pd.Series([], dtype="datetime64[ns]")}
        )
    span = dates.groupby("_key", sort=True)["date"].agg(["min", "max"])
    first = _period_start(span["min"], freq).to_numpy(dtype="datetime64[ns]")
    last = span["max"].to_numpy(dtype="datetime64[ns]")
    if freq == "MS":
        months = first.astype("datetime64[M]")
        counts = (last.astype("datetime64[M]") - months).astype(np.int64) + 1
    else:
        step = np.timedelta64(7 if freq == "W" else 1, "D").astype("timedelta64[ns]")
        counts = (last - first) // step + 1
    within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    if freq == "MS":
        periods = (np.repeat(months, counts) + within).astype("datetime64[ns]")
    else:
        periods = np.repeat(first, counts) + within * step
    return pd.DataFrame(
        {
            "_key": np.repeat(span.index.to_numpy(dtype=object), counts),
            "period": periods.astype("datetime64[ns]"),
        }
    )


def _aggregate_scores(scores, freq, how) -> pd.DataFrame:
    value_columns = [
        c
        for c in scores.columns
        if c not in ("person", "date", "_key") and scores[c].dtype.kind in "fi"
    ]
    # only the columns grouped and averaged are taken (not the names, a string per row)
    needed = ["_key", "date", *value_columns]
    scored = scores.loc[scores["ssi"].notna(), needed] if "ssi" in scores else scores[needed]
    scored = scored.assign(period=_period_start(scored["date"], freq).astype("datetime64[ns]"))
    grouped = scored.sort_values("date").groupby(["_key", "period"])
    out = grouped[value_columns].mean() if how == "mean" else grouped[value_columns].last()
    out["ssi_days"] = grouped.size()
    return out.reset_index()


def _grid_positions(grid, keys: pd.Series, periods: np.ndarray, freq):
    """Each row's person and position in ``grid`` (-1 when it has none).

    The grid holds each person's periods as one consecutive run (:func:`_grid`), so a row's
    position is where its person's run starts plus how many periods its own period lies
    after the run's first: arithmetic, not a ``MultiIndex`` lookup per metric.
    ``periods`` are period starts as ``datetime64[ns]`` (NaT for rows without a date).

    Returns
    -------
    grid_person, person, position : numpy.ndarray
        The grid rows' person codes, each row's person code and each row's grid position.
    """
    grid_person, people = pd.factorize(grid["_key"])  # contiguous runs, in the grid's order
    offset = np.flatnonzero(np.r_[True, grid_person[1:] != grid_person[:-1]])[: len(people)]
    first = grid["period"].to_numpy(dtype="datetime64[ns]")[offset]
    person = pd.Index(people).get_indexer(keys)
    ok = (person >= 0) & ~np.isnat(periods)
    if not ok.any():
        return grid_person, person, np.full(len(keys), -1)
    found = np.where(ok, person, 0)
    if freq == "MS":
        steps = periods.astype("datetime64[M]") - first[found].astype("datetime64[M]")
        steps = np.where(ok, steps.astype(np.int64), 0)
    else:
        step = np.timedelta64(7 if freq == "W" else 1, "D").astype("timedelta64[ns]")
        steps = np.where(ok, periods - first[found], np.timedelta64(0, "ns")) // step
    return grid_person, person, np.where(ok, offset[found] + steps, -1)


def _aggregate_outcomes(outcomes, grid, freq, min_coverage):
    """Every outcome metric's value per grid row, by its kind's rule; and the coverage rows.

    Returns ``{metric: values}`` in the order of :data:`OUTCOMES` (the user's own metrics
    after, sorted) and one coverage row per metric and source (sources sorted).

    The sums behind all metrics and sources are taken by one ``groupby`` over an integer
    code (metric-and-source pair, grid position): pandas' cython sums, the same
    (compensated) arithmetic in the same row order as a groupby per metric and source gave,
    so the values are identical to the last bit; the per-metric work left is numpy on the
    grid's length.
    """
    n = len(grid)
    if outcomes.empty:
        return {}, []
    metric_codes, metric_names = pd.factorize(outcomes["metric"])
    source_codes, source_names = pd.factorize(outcomes["source"], sort=True)
    n_sources = len(source_names)
    kinds = outcomes["kind"].to_numpy(dtype=object)
    # A metric's kind is its first row's.
    first_row = pd.Series(np.arange(len(outcomes))).groupby(metric_codes).first()
    kind_of = {metric_names[m]: kinds[i] for m, i in first_row.items() if m >= 0}
    dates = outcomes["date"].to_numpy(dtype="datetime64[ns]")
    periods = _period_start(pd.Series(dates), freq).to_numpy(dtype="datetime64[ns]")
    grid_person, person, position = _grid_positions(grid, outcomes["_key"], periods, freq)
    pair = np.where(
        (metric_codes >= 0) & (source_codes >= 0), metric_codes * n_sources + source_codes, -1
    )
    values = outcomes["value"]
    placed = (pair >= 0) & (position >= 0)
    cell = pair.astype(np.int64) * max(n, 1) + position  # (pair, grid row) as one integer

    starts = grid["period"].to_numpy(dtype="datetime64[ns]")
    length = _period_days(grid["period"], freq)
    ends = starts + (length - 1).astype("timedelta64[D]")
    day = np.timedelta64(1, "D")

    row_kind = np.asarray([kind_of.get(m) for m in metric_names], dtype=object)
    row_kind = np.where(metric_codes >= 0, row_kind[np.maximum(metric_codes, 0)], None)
    event_rows = placed & (row_kind == "event")
    flow_rows = placed & np.isin(row_kind, ["daily", "weekly"])

    def per_pair(series: pd.Series) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Split a result indexed by ``cell`` into ``{pair: (grid rows, values)}``."""
        index = series.index.to_numpy(dtype=np.int64)
        owner = index // max(n, 1)
        bounds = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1], True]) if len(owner) else []
        return {
            int(owner[a]): (index[a:b] % max(n, 1), series.to_numpy()[a:b])
            for a, b in pairwise(bounds)
        }

    event_sums = per_pair(values[event_rows].groupby(cell[event_rows]).sum())
    # Daily figures: first one value per day (a day's rows summed), then the period's sum
    # and its number of days, as the groupby over (person, date, period) gave.
    day_codes, days_seen = pd.factorize(dates[flow_rows], sort=True)
    per_cell = len(days_seen) + 1  # (cell, day) as one integer: cell * per_cell + day
    by_day = values[flow_rows].groupby(cell[flow_rows] * per_cell + day_codes).sum()
    by_day.index = by_day.index // per_cell
    flow_grouped = by_day.groupby(level=0)
    flow_sums, flow_days = per_pair(flow_grouped.sum()), per_pair(flow_grouped.size())

    # Spans: a source's (events) and a metric-and-source pair's (others), NaT-free.
    dated = ~np.isnat(dates)
    source_span = pd.Series(dates[dated]).groupby(source_codes[dated]).agg(["min", "max"])
    pair_span = pd.Series(dates[dated]).groupby(pair[dated]).agg(["min", "max"])
    # Who is in each source (anyone with a row in it, dated or not).
    members = np.zeros((n_sources, grid_person.max(initial=-1) + 2), dtype=bool)
    member = (source_codes >= 0) & (person >= 0)
    members[source_codes[member], person[member]] = True

    def bound(span, code, which):
        value = span[which].get(code, pd.NaT) if len(span) else pd.NaT
        return np.datetime64(value, "ns") if not pd.isna(value) else None

    date_dtype = outcomes["date"].dtype
    unit = np.datetime_data(date_dtype)[0] if date_dtype.kind == "M" else "ns"

    def stamp(value):  # a coverage bound in the unit of the dates given (as pandas gave it)
        return pd.NaT if value is None else pd.Timestamp(value).as_unit(unit)

    present = np.unique(pair[pair >= 0])
    columns, coverage = {}, []
    known = [m for m in OUTCOMES if m in kind_of]
    for metric in known + sorted(set(kind_of) - set(known)):
        m = int(metric_names.get_loc(metric))
        kind = kind_of[metric]
        out = np.full(n, np.nan)
        for pair_code in present[present // n_sources == m]:
            source = int(pair_code % n_sources)
            if kind == "event":
                first, last = bound(source_span, source, "min"), bound(source_span, source, "max")
                lo = starts if first is None else np.maximum(starts, first)
                hi = ends if last is None else np.minimum(ends, last)
                covered_days = np.maximum((hi - lo) // day + 1, 0)
                covered = (covered_days >= min_coverage * length) & members[source, grid_person]
                rows, sums = event_sums.get(int(pair_code), (np.array([], int), np.array([])))
                got = np.zeros(n)
                got[rows] = sums
                part = np.where(covered, got, np.nan)
            elif kind in ("daily", "weekly"):  # a weekly total (a hand-kept Week column): 7 days
                rows, sums = flow_sums.get(int(pair_code), (np.array([], int), np.array([])))
                _, days = flow_days.get(int(pair_code), (None, np.array([], int)))
                got, n_days = np.full(n, np.nan), np.zeros(n)
                got[rows] = sums
                n_days[rows] = days * (7 if kind == "weekly" else 1)
                part = np.where(n_days >= min_coverage * length, got, np.nan)
                first, last = bound(pair_span, pair_code, "min"), bound(pair_span, pair_code, "max")
            else:  # level: the period's last value (rows sorted by date as pandas sorts them)
                rows = placed & (pair == pair_code)
                block = pd.DataFrame({"date": dates[rows], "cell": position[rows]})
                block["value"] = values[rows].to_numpy()
                last_values = block.sort_values("date").groupby("cell")["value"].last()
                part = np.full(n, np.nan)
                part[last_values.index.to_numpy(dtype=np.int64)] = last_values.to_numpy()
                first, last = bound(pair_span, pair_code, "min"), bound(pair_span, pair_code, "max")
            # Two sources of one metric: each fills the periods the other left empty.
            out = np.where(np.isnan(out), part, out)
            if first is None or last is None:
                in_span = np.zeros(n, dtype=bool)
            else:
                in_span = (ends >= first) & (starts <= last)
            coverage.append(
                (
                    source_names[source],
                    metric,
                    kind,
                    stamp(first),
                    stamp(last),
                    int(in_span.sum()),
                    int((~np.isnan(part[in_span])).sum()),
                )
            )
        columns[metric] = out
    return columns, coverage
