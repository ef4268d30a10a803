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
    coverage_rows = []
    # An event source covers its whole span, for every metric it has and everyone in it.
    spans = outcomes.groupby("source")["date"].agg(["min", "max"])
    members = outcomes[["source", "_key"]].drop_duplicates().groupby("source")["_key"].agg(set)
    for metric, block in _metric_order(outcomes):
        values, coverage = _aggregate_metric(block, grid, freq, min_coverage, spans, members)
        panel[metric] = values
        coverage_rows += coverage
    if {"outreach_sent", "outreach_replied"} <= set(panel) and "reply_rate" not in panel:
        sent = panel["outreach_sent"]
        rate = (panel["outreach_replied"] / sent).where(sent > 0)
        panel.insert(panel.columns.get_loc("outreach_replied") + 1, "reply_rate", rate)
    panel.insert(0, "person", panel["_key"].map(names))
    panel = panel.drop(columns="_key").sort_values(["person", "period"]).reset_index(drop=True)
    score_people = set(scores["_key"])
    outcome_people = set(outcomes["_key"])
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
    codes = set(money.fillna("").astype(str))
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
    scored = scores[scores["ssi"].notna()] if "ssi" in scores else scores
    scored = scored.assign(period=_period_start(scored["date"], freq).astype("datetime64[ns]"))
    grouped = scored.sort_values("date").groupby(["_key", "period"])
    out = grouped[value_columns].mean() if how == "mean" else grouped[value_columns].last()
    out["ssi_days"] = grouped.size()
    return out.reset_index()


def _metric_order(outcomes):
    """Each metric's rows, in the order of :data:`OUTCOMES` (the user's own after, sorted)."""
    blocks = dict(tuple(outcomes.groupby("metric", sort=False)))
    known = [m for m in OUTCOMES if m in blocks]
    for metric in known + sorted(set(blocks) - set(known)):
        yield metric, blocks[metric]


def _aggregate_metric(block, grid, freq, min_coverage, spans, members):
    """One metric's value per grid row, by its kind's rule; and its coverage rows."""
    kind = block["kind"].iloc[0]
    block = block.assign(period=_period_start(block["date"], freq).astype("datetime64[ns]"))
    starts = grid["period"]
    length = _period_days(starts, freq)
    ends = starts + pd.to_timedelta(length - 1, unit="D")
    values = pd.Series(np.nan, index=grid.index)
    coverage = []
    for source, rows in block.groupby("source", sort=True):
        if kind == "event":
            first, last = spans.loc[source, "min"], spans.loc[source, "max"]
            covered_days = (ends.clip(upper=last) - starts.clip(lower=first)).dt.days + 1
            covered = (covered_days.clip(lower=0) >= min_coverage * length) & grid["_key"].isin(
                members[source]
            )
            sums = rows.groupby(["_key", "period"])["value"].sum()
            got = pd.Series(
                sums.reindex(pd.MultiIndex.from_frame(grid[["_key", "period"]])).to_numpy(),
                index=grid.index,
            ).fillna(0.0)
            part = got.where(covered)
        elif kind in ("daily", "weekly"):  # a weekly total (a hand-kept Week column): 7 days
            daily = rows.groupby(["_key", "date", "period"])["value"].sum().reset_index()
            grouped = daily.groupby(["_key", "period"])["value"]
            sums, days = grouped.sum(), grouped.size() * (7 if kind == "weekly" else 1)
            index = pd.MultiIndex.from_frame(grid[["_key", "period"]])
            got = pd.Series(sums.reindex(index).to_numpy(), index=grid.index)
            n_days = pd.Series(days.reindex(index).to_numpy(), index=grid.index).fillna(0)
            part = got.where(n_days >= min_coverage * length)
            first, last = rows["date"].min(), rows["date"].max()
        else:  # level
            last_values = rows.sort_values("date").groupby(["_key", "period"])["value"].last()
            index = pd.MultiIndex.from_frame(grid[["_key", "period"]])
            part = pd.Series(last_values.reindex(index).to_numpy(), index=grid.index)
            first, last = rows["date"].min(), rows["date"].max()
        # Two sources of one metric: each fills the periods the other left empty.
        values = values.fillna(part)
        in_span = (ends >= first) & (starts <= last)
        coverage.append(
            (
                source,
                block["metric"].iloc[0],
                kind,
                first,
                last,
                int(in_span.sum()),
                int(part[in_span].notna().sum()),
            )
        )
    return values.to_numpy(), coverage
