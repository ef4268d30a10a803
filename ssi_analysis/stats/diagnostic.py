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

The sentences are plain strings built from the row's own numbers (the statistics layer may not
import :mod:`ssi_analysis.present`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.names import (
    HIGH_MARK,
    LOW_MARK,
    PILLAR_NAMES,
    PILLAR_PLAIN,
    SCORE_LABELS,
    Who,
    as_who,
    band,
    which_figure,
)
from ssi_analysis.stats._core import MIN_PAIRS, apply_filter, fit_filter
from ssi_analysis.stats._series import regular_frame
from ssi_analysis.stats.answers import (
    TABLE_COLUMNS,
    VERDICTS,
    _check_lag,
    _check_levels,
    answers,
)
from ssi_analysis.words.answers import _fmt, _fmt_p, _r_bound_words

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
#: Days of the "latest" window and of the span the change and the bands look back over.
RECENT_DAYS, SPAN_DAYS = 28, 84

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
    "effect",
    "effect_low",
    "effect_high",
    "effect_unit",
    "effect_pct",
    "effect_low_pct",
    "effect_high_pct",
    "ci_level",
    "rise",
    "horizon",
    "r_bound",
    "white_p",
}
LINK_COLUMNS = [
    "person",
    "activity",
    "pillar",
    *(c for c in TABLE_COLUMNS[3:] if c not in _EFFECT_ONLY),
]

_PILLAR_WORDS = {"ssi": "SSI", **PILLAR_PLAIN}
_YOU = Who()  # the reader: "your"
_PILLAR_LABELS = {k: v.removeprefix("the ") for k, v in SCORE_LABELS.items()}
_BAND_WORDS = {
    "below 40": "below 40: something is structurally missing",
    "40 to 70": "between 40 and 70",
    "70 and above": "70 or above",
}
#: How an activity reads in "weeks with more ___".
_ACTIVITY_WORDS = {
    "posts_published": "posts",
    "comments_written": "comments",
    "reactions_given": "reactions given",
    "invitations_sent": "invitations sent",
    "connections_added": "new connections",
    "messages_sent": "messages sent",
}


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
    3.5 below your industry's average. It is 18.5 short of the maximum.
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
    who = as_who(who)
    out["sentence"] = out["person"].map({p: _gap_sentence(r, who) for p, r in by_person.items()})
    return out.reindex(columns=GAP_COLUMNS)


def _num(value: float) -> str:
    """``21.0`` -> "21", ``6.54`` -> "6.5": one decimal at most, none when whole."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def gap_sentence(rows: pd.DataFrame | Sequence[Mapping], *, who: Who | str = "you") -> str:
    """Say one person's :func:`pillar_gaps` rows in plain words, to ``who`` (as there).

    Examples
    --------
    >>> rows = pd.DataFrame({"pillar": ["brand", "people"], "latest": [20.0, 4.0],
    ...     "gap_to_max": [5.0, 21.0], "gap_to_industry": [np.nan] * 2,
    ...     "holds_back": [False, True], "latest_weeks": [1, 1], "change_12w": [np.nan] * 2,
    ...     "ssi": [np.nan] * 2, "industry_ssi": [np.nan] * 2})
    >>> import textwrap
    >>> print(textwrap.fill(gap_sentence(rows), 88))
    Professional brand is your strongest pillar (20 of 25); find the right people (4 of 25)
    holds the total back most. It is 21 short of the maximum. Careful: only 1 of the last 4
    weeks has a capture, so these values rest on little data.
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    return _gap_sentence(records, as_who(who))


def _finite(value) -> bool:
    try:
        return bool(np.isfinite(float(value)))
    except (TypeError, ValueError):
        return False


def _gap_sentence(rows: list[dict], who: Who = _YOU) -> str:
    """Say one person's rows (as dicts) in words: :func:`gap_sentence`'s body.

    Plain Python: through DataFrame indexing a team of 500 people took 1.8 s, this way 0.02 s.
    """
    known = [r for r in rows if _finite(r.get("latest"))]
    if not known:
        return "No pillar value in the last 4 weeks of data: nothing to diagnose."
    total = rows[0].get("ssi", np.nan)
    lead_total = ""
    if _finite(total):
        lead_total = (
            f"{who.first(capital=True)} total is {total:.0f} "
            f"({which_figure('recent', weeks=RECENT_DAYS // 7)}; "
            f"{_BAND_WORDS[band(total)]})"
        )
    strong = max(known, key=lambda r: r["latest"])  # the first of equals, in pillar order
    weak = [r for r in rows if bool(r.get("holds_back"))]
    lead = (
        f"{_PILLAR_WORDS[strong['pillar']]} is "
        f"{who.later() if lead_total else who.first()} strongest pillar "
        f"({_num(strong['latest'])} of 25)"
    )
    text = (lead_total + ": " + lead) if lead_total else lead[:1].upper() + lead[1:]
    if weak:
        w = weak[0]
        text += (
            f"; {_PILLAR_WORDS[w['pillar']]} ({_num(w['latest'])} of 25) holds "
            + ("it" if lead_total else "the total")
            + " back most"
        )
        gap = w.get("gap_to_industry", np.nan)
        if _finite(gap):
            side = "below" if gap > 0 else "above"
            text += f" — {_num(abs(gap))} {side} {who.later()} industry's average"
        text += f". It is {_num(w['gap_to_max'])} short of the maximum."
        change = w.get("change_12w", np.nan)
        if _finite(change) and abs(change) >= 0.5:
            text += f" Over 12 weeks it {'rose' if change > 0 else 'fell'} by {_num(abs(change))}."
        lowest = min(known, key=lambda r: r["latest"])
        if lowest["pillar"] != w["pillar"]:
            # measured against the industry, the lowest pillar may not be the one named
            text += (
                f" {who.later(capital=True)} lowest pillar is {_PILLAR_WORDS[lowest['pillar']]} "
                f"({_num(lowest['latest'])} of 25)"
            )
            other = lowest.get("gap_to_industry", np.nan)
            if _finite(other) and other <= 0:
                text += f", {_num(abs(other))} above {who.later()} industry's average"
            elif _finite(other):
                text += f", {_num(other)} below {who.later()} industry's average"
            text += "."
    else:
        text += "."
    industry_total = rows[0].get("industry_ssi", np.nan)
    if (
        _finite(total)
        and _finite(industry_total)
        and not any(_finite(r.get("gap_to_industry")) for r in rows)
    ):
        text += (
            f" {who.later(capital=True)} industry's average SSI is {industry_total:.0f}; the "
            "export has no "
            "per-pillar averages to compare each pillar with."
        )
    thin = [r for r in rows if r["latest_weeks"] < 2]
    if len(thin) == len(rows):
        weeks = int(max(r["latest_weeks"] for r in rows))
        text += (
            f" Careful: only {weeks} of the last 4 weeks has a capture, so these values rest "
            "on little data."
        )
    elif thin:
        names = ", ".join(_PILLAR_WORDS[r["pillar"]] for r in thin)
        text += (
            f" Careful: for {names} only {int(max(r['latest_weeks'] for r in thin))} of the "
            "last 4 weeks has a value, so that figure rests on little data."
        )
    return text


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
    who = as_who(who)
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


def _lag_phrase(lag: int, unit: str) -> str:
    if lag == 0:
        return f"in the same {unit}"
    words = {1: "one", 2: "two", 3: "three", 4: "four"}
    count = words.get(abs(lag), str(abs(lag)))
    return f"{count} {unit}{'s' if abs(lag) > 1 else ''} later"


def _tost_interval_words(record: Mapping, unit: str) -> str:
    """Say the binding lag's interval a "ruled out" is decided on ("" if not given).

    Its ends are inside ±bound; where two decimals would print the bound itself (0.2996 as
    "0.30" beside "±0.30"), three are given.
    """
    low, high, level = (record.get(k, np.nan) for k in ("r_low", "r_high", "r_level"))
    if not all(np.isfinite(v) for v in (low, high, level, record.get("r", np.nan))):
        return ""
    bound = float(record["bound"])
    digits = 3 if max(abs(round(low, 2)), abs(round(high, 2))) >= bound else 2
    return (
        f"the closest to it: r = {_fmt(record['r'])} {_lag_phrase(int(record['lag']), unit)}, "
        f"{level:.0f} % interval {_fmt(low, digits)} to {_fmt(high, digits)}; "
    )


def _excludes_zero_words(record: Mapping, so: str) -> str:
    """Say why a row that is not "linked" can show an interval that excludes 0 (#22's rule)."""
    low, high = record.get("r_low", np.nan), record.get("r_high", np.nan)
    if not (np.isfinite(low) and np.isfinite(high)) or low <= 0 <= high:
        return ""
    return (
        " The interval excludes 0 on its own, but the link test, adjusted for every activity, "
        f"pillar and lag tested, did not pass ({_fmt_p(record['p_adj'], 'adjusted p')}): "
        f"{so}."
    )


def link_sentence(
    record: Mapping,
    *,
    alpha: float = 0.05,
    lags: Sequence[int] = range(0, 5),
    who: Who | str = "you",
) -> str:
    """Say one row of :func:`activity_links` in plain words, to ``who`` (as there).

    Examples
    --------
    >>> row = {"activity": "comments_written", "pillar": "insights", "verdict": "linked",
    ...        "lag": 1, "r": 0.31, "r_low": 0.1, "r_high": 0.5, "p_adj": 0.01, "n": 80,
    ...        "unit": "week", "bound": 0.3, "caveat": "", "p_tost": 0.4}
    >>> import textwrap
    >>> print(textwrap.fill(link_sentence(row), 88))
    Linked: weeks with more comments were followed by a higher engage-with-insights pillar
    one week later (r = 0.31, 95 % interval 0.10 to 0.50, adjusted p = 0.01, 80 weeks), after
    removing trends and autocorrelation. A correlation does not show that one causes the
    other.
    """
    verdict = record["verdict"]
    if verdict not in VERDICTS:
        raise ValueError(f"link_sentence: verdict must be one of {VERDICTS}; got {verdict!r}.")
    who = as_who(who)
    unit = record.get("unit") or "period"
    activity = _ACTIVITY_WORDS.get(record["activity"], str(record["activity"]).replace("_", " "))
    pillar = _PILLAR_LABELS.get(record["pillar"], str(record["pillar"]).replace("_", " "))
    lag, n = int(record["lag"]), int(record["n"])
    span = f"{n} {unit}s"
    lags = list(lags)
    scanned = f"{min(lags)} to {max(lags)} {unit}s later" if len(lags) > 1 else "at that lag"
    if verdict == "linked":
        higher = "higher" if record["r"] > 0 else "lower"
        followed = "had" if lag == 0 else "were followed by"
        text = (
            f"Linked: {unit}s with more {activity} {followed} a {higher} {pillar} "
            f"{_lag_phrase(lag, unit)} (r = {_fmt(record['r'])}, 95 % interval "
            f"{_fmt(record['r_low'])} to {_fmt(record['r_high'])}, "
            f"{_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            "autocorrelation."
        )
        if np.isfinite(record.get("p_tost", np.nan)) and record["p_tost"] < alpha:
            text += (
                " It is a weak link: at every lag it is smaller than "
                f"{_r_bound_words(record['bound'], unit)}."
            )
        text += " A correlation does not show that one causes the other."
        if record.get("caveat"):
            text += f" But check: {record['caveat']}."
        return text
    if verdict == "ruled out":
        return (
            f"Ruled out: {who.first()} {activity} are not a useful guide to {who.later()} "
            f"{pillar} "
            f"({scanned}): any link is weaker than "
            f"{_r_bound_words(record['bound'], unit)} "
            f"({_tost_interval_words(record, unit)}"
            f"{_fmt_p(record['p_tost'], 'equivalence p')}, {span})."
            + _excludes_zero_words(record, "a link, if any, is weaker than that")
        )
    if record.get("note") and not np.isfinite(record.get("p", np.nan)):
        return (
            f"Can't tell yet: {activity} and {who.first()} {pillar} could not be tested — "
            f"{record['note']}."
        )
    text = (
        f"Can't tell yet whether {unit}s with more {activity} are followed by a change in "
        f"{who.first()} {pillar} ({_fmt_p(record['p_adj'], 'adjusted p')}, {span}); a link as "
        "strong as "
        f"{_r_bound_words(record['bound'], unit)} cannot be ruled out either."
    )
    detectable = record.get("r_detectable", np.nan)
    if np.isfinite(detectable):
        text += f" With this much data only correlations above {_fmt(detectable)} would have shown."
    return text + _excludes_zero_words(record, "within what chance gives")
