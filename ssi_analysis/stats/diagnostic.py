"""SSI as a diagnostic: which pillar holds the total back, and which of your activities move it.

- :func:`pillar_gaps` — one row per person × pillar: where each pillar stands (the mean of the
  last 4 weeks of data), how it moved over 12 weeks, its gap to the maximum of 25 and to the
  industry and network averages when the export has them, how much of the last 12 weeks it
  spent below 10 or above 17.5 (the 40 and 70 marks of the total, scaled to a pillar), and
  which pillar holds the total back most.
- :func:`activity_links` — each of your own activities (from LinkedIn's data archive) leading
  each pillar and SSI by 0-4 periods: the same gap-safe test, three-way verdict, equivalence
  bound, robustness checks and Benjamini-Hochberg family as :func:`~ssi_analysis.answers`,
  which it calls on each pillar's own innovations against the activity k periods before.

The sentences are built from the row's own numbers by :mod:`ssi_analysis.words.diagnostic`
(``gap_sentence`` and ``link_sentence`` are imported here, their public path).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.names import (
    HIGH_MARK,
    LOW_MARK,
    PILLAR_NAMES,
    RECENT_DAYS,
    SPAN_DAYS,
    Who,
    as_who,
)
from ssi_analysis.stats._core import MIN_PAIRS, apply_filter, fit_filter
from ssi_analysis.stats._series import regular_frame
from ssi_analysis.stats.answers import (
    TABLE_COLUMNS,
    _check_lag,
    _check_levels,
    answers,
)
from ssi_analysis.stats.answers._common import EFFECT_COLUMNS
from ssi_analysis.words.diagnostic import (  # their public paths stay here
    _gap_sentence,
    gap_sentence,
    link_sentence,
)

__all__ = [
    "ACTIVITIES",
    "GAP_COLUMNS",
    "LINK_COLUMNS",
    "activity_links",
    "gap_sentence",
    "link_sentence",
    "pillar_gaps",
]

#: The member's own activity counted from the LinkedIn data archive, in the issue's order.
ACTIVITIES = (
    "posts_published",
    "comments_written",
    "reactions_given",
    "invitations_sent",
    "connections_added",
    "messages_sent",
)
#: The total's marks scaled to a pillar (a quarter of the total's range): 10 and 17.5.
PILLAR_LOW, PILLAR_HIGH = LOW_MARK / 4, HIGH_MARK / 4
PILLAR_MAX = 25.0

#: The columns of :func:`pillar_gaps`, in order.
GAP_COLUMNS = [
    "person",
    "pillar",
    "latest",
    "latest_weeks",
    "mostly_missing",
    "last_date",
    "change_12w",
    "gap_to_max",
    "industry",
    "gap_to_industry",
    "network",
    "gap_to_network",
    "share_below_10",
    "share_above_17_5",
    "weeks_12w",
    "holds_back",
    "gap_basis",
    "ssi",
    "industry_ssi",
    "network_ssi",
    "sentence",
]
#: The columns of :func:`activity_links`, in order.
#: answers' own columns, less those of the effect in the user's units (activity -> pillar is
#: answered on the correlation scale: ``answers(..., scale="r")``). ``r_level`` is the level
#: of the row's ``r_low, r_high``: the interval its verdict is decided on, as answers gives it.
_EFFECT_ONLY = {
    "question",
    "lag_low",
    "lag_high",
    *EFFECT_COLUMNS,
    "r_bound",
    "white_p",
}
LINK_COLUMNS = [
    "person",
    "activity",
    "pillar",
    *(c for c in TABLE_COLUMNS[3:] if c not in _EFFECT_ONLY),
]

# ---------------------------------------------------------------- pillar gaps


def pillar_gaps(scores: pd.DataFrame, *, who: Who | str = "you") -> pd.DataFrame:
    """Say where each pillar stands, how it moved, and which one holds the total back.

    Parameters
    ----------
    scores : pandas.DataFrame
        A frame from :func:`ssi_analysis.load_ssi` (``person, date, ssi`` and the pillars;
        ``industry_<pillar>``, ``network_<pillar>``, ``industry_ssi``, ``network_ssi`` when the
        source has them). Missing days stay missing: every mean is of the values present.
    who : Who or str
        Whom the sentences address: ``"you"`` (a user's own report: "Your total") or the
        seller they name (a lesson: ``Who("the seller", "her")``, "The seller's total").

    Returns
    -------
    pandas.DataFrame
        One row per person × pillar (columns :data:`GAP_COLUMNS`):

        - ``latest``: the mean of the pillar over the **last 4 weeks of data** (the 28 days
          ending on the person's last capture with a pillar value, ``last_date``);
          ``latest_weeks``: how many of those 4 weeks hold at least one value;
          ``mostly_missing``: fewer than 2 of them do (the "latest" rests on little data).
        - ``change_12w``: ``latest`` minus the same 4-week mean 12 weeks earlier (NaN when
          that window holds no value).
        - ``gap_to_max``: 25 minus ``latest``.
        - ``industry``, ``network``: the export's average for that pillar over the same 4
          weeks, and ``gap_to_industry``, ``gap_to_network``: that average minus ``latest``
          (positive: you are below it). NaN when the export has no per-pillar average.
        - ``share_below_10``, ``share_above_17_5``: of the weeks in the last 12 that hold a
          value (``weeks_12w``), the share whose weekly mean is below 10 / above 17.5 (the
          total's 40 and 70 marks scaled to a pillar).
        - ``holds_back``: True on the one pillar that holds the total back most, defined as
          the largest ``gap_to_industry`` when all four pillars have an industry average,
          else the largest ``gap_to_max`` (the lowest pillar); ties go to the first in
          LinkedIn's order. ``gap_basis`` says which (``"industry"`` or ``"maximum"``).
        - ``ssi``, ``industry_ssi``, ``network_ssi``: the total and the export's group
          averages, as 4-week means.
        - ``sentence``: the person's diagnosis in plain words (the same on each of their rows).

    Examples
    --------
    >>> days = pd.date_range("2026-01-05", periods=140, freq="D")
    >>> scores = pd.DataFrame({"person": "me", "date": days, "ssi": 53.0, "brand": 21.0,
    ...     "people": 6.5, "insights": 13.0, "relationships": 12.5,
    ...     "industry_people": 10.0})
    >>> gaps = pillar_gaps(scores)
    >>> gaps.loc[gaps["holds_back"], ["pillar", "latest", "gap_to_max", "gap_to_industry"]]
       pillar  latest  gap_to_max  gap_to_industry
    1  people     6.5        18.5              3.5
    >>> import textwrap
    >>> print(textwrap.fill(gaps["sentence"].iloc[0], 88))
    Your total is 53 (average of the last 4 weeks; between 40 and 70): professional brand is
    your strongest pillar (21 of 25); find the right people (6.5 of 25) holds it back most —
    3.5 below your industry's average. That pillar is 18.5 short of its maximum of 25.
    """
    if not isinstance(scores, pd.DataFrame) or not {"person", "date"} <= set(scores.columns):
        have = list(scores.columns) if isinstance(scores, pd.DataFrame) else type(scores)
        raise ValueError(
            "pillar_gaps: scores must be a frame from load_ssi with 'person' and 'date' "
            f"columns; got {have}."
        )
    pillars = [p for p in PILLAR_NAMES if p in scores and scores[p].notna().any()]
    if not pillars:
        return pd.DataFrame(columns=GAP_COLUMNS)
    frame = scores.copy()
    frame["date"] = pd.to_datetime(frame["date"]).dt.normalize()
    frame["person"] = frame["person"].astype(str)
    has_pillar = frame[pillars].notna().any(axis=1)
    last = frame[has_pillar].groupby("person")["date"].max()
    frame = frame[frame["person"].isin(last.index)]
    back = (frame["person"].map(last) - frame["date"]).dt.days.to_numpy()
    frame = frame.assign(_back=back, _week=back // 7)
    recent = frame[(back >= 0) & (back < RECENT_DAYS)]
    before = frame[(back >= SPAN_DAYS) & (back < SPAN_DAYS + RECENT_DAYS)]
    span = frame[(back >= 0) & (back < SPAN_DAYS)]
    groups = [f"{g}_{p}" for g in ("industry", "network") for p in pillars]
    extra = [c for c in ("ssi", "industry_ssi", "network_ssi", *groups) if c in frame]
    recent_mean = recent.groupby("person")[[*pillars, *extra]].mean()
    before_mean = before.groupby("person")[pillars].mean().reindex(recent_mean.index)
    weekly = span.groupby(["person", "_week"])[pillars].mean()
    rows = []
    for pillar in pillars:
        weeks_recent = (
            recent[recent[pillar].notna()].groupby("person")["_week"].nunique()
        ).reindex(recent_mean.index, fill_value=0)
        seen = weekly[pillar].dropna()
        weeks_12 = seen.groupby(level="person").size().reindex(recent_mean.index, fill_value=0)
        low = (seen < PILLAR_LOW).groupby(level="person").sum().reindex(recent_mean.index)
        high = (seen > PILLAR_HIGH).groupby(level="person").sum().reindex(recent_mean.index)
        latest = recent_mean[pillar]

        def group(name: str, pillar: str = pillar) -> pd.Series:
            column = f"{name}_{pillar}"
            if column in recent_mean:
                return recent_mean[column]
            return pd.Series(np.nan, index=recent_mean.index)

        industry, network = group("industry"), group("network")
        rows.append(
            pd.DataFrame(
                {
                    "person": recent_mean.index,
                    "pillar": pillar,
                    "latest": latest.to_numpy(),
                    "latest_weeks": weeks_recent.to_numpy(),
                    "mostly_missing": (weeks_recent < 2).to_numpy(),
                    "last_date": last.reindex(recent_mean.index).to_numpy(),
                    "change_12w": (latest - before_mean[pillar]).to_numpy(),
                    "gap_to_max": (PILLAR_MAX - latest).to_numpy(),
                    "industry": industry.to_numpy(),
                    "gap_to_industry": (industry - latest).to_numpy(),
                    "network": network.to_numpy(),
                    "gap_to_network": (network - latest).to_numpy(),
                    "share_below_10": (low / weeks_12.where(weeks_12 > 0)).to_numpy(),
                    "share_above_17_5": (high / weeks_12.where(weeks_12 > 0)).to_numpy(),
                    "weeks_12w": weeks_12.to_numpy(),
                    **{
                        c: (recent_mean[c] if c in recent_mean else pd.Series(np.nan))
                        .reindex(recent_mean.index)
                        .to_numpy()
                        for c in ("ssi", "industry_ssi", "network_ssi")
                    },
                }
            )
        )
    out = pd.concat(rows, ignore_index=True)
    order = {p: i for i, p in enumerate(PILLAR_NAMES)}
    out = out.sort_values(
        ["person", "pillar"], key=lambda s: s.map(order) if s.name == "pillar" else s
    ).reset_index(drop=True)
    # The pillar that holds the total back most: the largest gap to the industry average when
    # every pillar has one (that is the comparison the essay recommends), else to the maximum.
    full_industry = out.groupby("person")["gap_to_industry"].transform(
        lambda s: s.notna().all() and len(s) == len(PILLAR_NAMES)
    )
    out["gap_basis"] = np.where(full_industry.astype(bool), "industry", "maximum")
    basis = out["gap_to_industry"].where(out["gap_basis"] == "industry", out["gap_to_max"])
    worst = basis.fillna(-np.inf).groupby(out["person"]).transform("max")
    first = (basis == worst) & basis.notna()
    first = first & ~first.groupby(out["person"]).cumsum().gt(1)
    out["holds_back"] = first.to_numpy()
    by_person: dict[str, list[dict]] = {}
    for record in out.to_dict("records"):
        by_person.setdefault(record["person"], []).append(record)
    who = as_who(who, "pillar_gaps")
    out["sentence"] = out["person"].map({p: _gap_sentence(r, who) for p, r in by_person.items()})
    return out.reindex(columns=GAP_COLUMNS)


# ---------------------------------------------------------------- activity links


def activity_links(
    panel: pd.DataFrame,
    *,
    activities: Sequence[str] | None = None,
    pillars: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    alpha: float = 0.05,
    bound: float = 0.3,
    holidays: Iterable | None = None,
    transform: str | None = "log1p",
    who: Who | str = "you",
) -> pd.DataFrame:
    """Answer which of your own activities move which pillar, and after how long.

    Each activity (the count of a period) leads each pillar (and SSI) by every lag: the
    activity in period t beside the pillar in period t + lag. Every pair gets the answer of
    :func:`~ssi_analysis.answers` — the same test, verdicts, bound and checks, as the same
    code: it is called with each pillar, first prewhitened with its own filter, as its score
    and each activity as its outcome at lag −k (the activity k periods before). Whitening the
    pillar rather than the activity holds the false-positive rate on count data and keeps
    lags and signs as they are (measured in ``docs/methods.md``).

    - **linked**: the gap-safe (prewhitened) correlation at some lag has a Benjamini-Hochberg
      adjusted p below ``alpha``, the family being *every* activity × pillar × lag of the
      person, adjusted together;
    - **ruled out**: at every lag two one-sided tests put the link inside ±``bound``;
    - **inconclusive**: neither.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align` with the SSI log and a LinkedIn data archive as
        outcomes (one or several people; each person is their own family).
    activities : sequence of str, optional
        Default: those of :data:`ACTIVITIES` the panel has, with at least 10 values that are
        not all the same.
    pillars : sequence of str, optional
        Default: SSI and the four pillars, those with at least 10 values.
    lags : iterable of int
        Periods by which the activity leads (default 0 to 4; 0 or more).
    alpha, bound, holidays
        As in :func:`~ssi_analysis.answers`.
    transform : {"log1p", None}
        Activities are counts, skewed and often zero: analysed as log(1 + count) by default.
    who : Who or str
        Whom the sentences address: ``"you"`` (the default) or the seller they name, as in
        :func:`pillar_gaps`.

    Returns
    -------
    pandas.DataFrame
        One row per person × activity × pillar, columns :data:`LINK_COLUMNS`: ``verdict``
        ("linked", "ruled out", "inconclusive"), ``lag`` (of the row: the strongest lag, or
        the binding one when ruled out), ``r, r_low, r_high`` and ``r_level`` (the tested
        correlation and the interval its verdict is decided on: for "ruled out" the
        1 − 2α interval (90 %) the two one-sided tests use, inside ±``bound``; otherwise the
        1 − α interval (95 %), which excludes 0 for "linked"), ``p``, ``p_adj``, ``p_tost``,
        ``bound``, ``r_detectable``, ``n``, ``df``, ``transform`` (of the activity),
        ``unit``, ``caveat``, ``sentence``, ``test``, ``note`` — as in
        :attr:`ssi_analysis.Answers.table`.

    Raises
    ------
    ValueError
        For a column the panel does not have, a lag that is not a whole number, an
        ``alpha`` outside (0, 0.5) or a ``bound`` outside (0, 1).

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate(seed=1, days=420).weekly()
    >>> links = activity_links(panel, pillars=["insights"], activities=["comments_written"])
    >>> links[["activity", "pillar", "verdict", "lag"]]
               activity    pillar verdict  lag
    0  comments_written  insights  linked    0
    """
    _check_levels("activity_links", alpha, bound)
    who = as_who(who, "activity_links")
    lags = [_check_lag(k, "activity_links") for k in lags]
    if not lags:
        raise ValueError("activity_links: lags must hold at least one lag; got none.")
    if min(lags) < 0:
        raise ValueError(
            "activity_links: lags must be 0 or more (periods by which the activity leads the "
            f"pillar); got {min(lags)}."
        )
    if activities is None:
        activities = [a for a in ACTIVITIES if a in panel and _usable(panel[a])]
    if pillars is None:
        pillars = [
            s for s in ("ssi", *PILLAR_NAMES) if s in panel and panel[s].notna().sum() >= MIN_PAIRS
        ]
    activities, pillars = list(activities), list(pillars)
    missing = [c for c in [*activities, *pillars] if c not in panel.columns]
    if missing:
        raise ValueError(
            f"activity_links: no column {', '.join(map(repr, missing))} in the panel; it has "
            f"{', '.join(map(str, panel.columns))}. The activities come from a LinkedIn data "
            "archive given as outcomes to align()."
        )
    if not activities or not pillars:
        return pd.DataFrame(columns=LINK_COLUMNS)
    # answers() with the roles swapped, on the pillars' own innovations: each pillar is first
    # prewhitened with its own filter (fit_filter, the one pair_test fits; gaps stay gaps),
    # then answers() tests it as its "score" against each activity as its "outcome" at lag -k
    # (the activity k periods *before* the pillar), with its test, verdicts, checks and one
    # BH family per person. answers() log1p's the activities (counts: skewed, often zero).
    # Why not answers(scores=activities, outcomes=pillars)? The test's filter would then be
    # fitted on the activity, and a short AR does not whiten counts (latent persistence plus
    # Poisson noise): 6.9 % of unrelated pairs "significant" at 5 %, p < 0.0025 three times
    # too often. Why not the pillar's filter applied to both? A white activity filtered by a
    # persistent pillar's filter (a_t - 0.9 a_{t-1}) turns a link one week later into an
    # opposite-signed one in the same week. Whitening the pillar alone keeps the test valid
    # (one white series suffices) and the lags and signs as planted (docs/methods.md).
    whitened = _whiten_pillars(panel, pillars, activities)
    result = answers(
        whitened,
        scores=pillars,
        outcomes=activities,
        lags=[-k for k in lags],
        r_bound=bound,
        alpha=alpha,
        holidays=holidays,
        transform=transform,
        family="person",
        scale="r",  # activity -> pillar has no user units: the correlation-scale verdict
    )
    table = result.table.rename(columns={"score": "pillar", "outcome": "activity"})
    table["lag"] = -table["lag"].astype(int)
    rank = {name: i for i, name in enumerate([*activities, *pillars])}
    table = table.sort_values(
        ["person", "activity", "pillar"],
        key=lambda s: s if s.name == "person" else s.map(rank),
        kind="stable",
    )
    table["sentence"] = [
        link_sentence(row, alpha=alpha, lags=lags, who=who) for row in table.to_dict("records")
    ]
    return table.reindex(columns=LINK_COLUMNS).reset_index(drop=True)


def _whiten_pillars(panel: pd.DataFrame, pillars: list[str], activities: list[str]):
    """Each person's pillars as their own one-step innovations, on a complete clock."""
    if "person" in panel.columns:
        groups = list(panel.groupby("person", sort=True))
    else:
        groups = [("", panel)]
    frames = []
    for person, rows in groups:
        frame, _ = regular_frame(
            rows.drop(columns=["person"], errors="ignore"),
            [*pillars, *activities],
            who="activity_links",
        )
        for pillar in pillars:
            values = frame[pillar].to_numpy()
            filt = fit_filter(values)
            # no filter (too few values, constant): left as is; pair_test then says why
            frame[pillar] = apply_filter(filt, values) if filt.status == "ok" else values
        frame.index.name = "period"
        frames.append(frame.reset_index().assign(person=person))
    return pd.concat(frames, ignore_index=True)


def _usable(values: pd.Series) -> bool:
    """At least 10 values, not all the same (a count never done cannot lead anything)."""
    seen = pd.to_numeric(values, errors="coerce").dropna()
    return len(seen) >= MIN_PAIRS and seen.nunique() > 1
