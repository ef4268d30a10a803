"""The diagnostic's sentences: where each pillar stands, and which activity moves it.

Built from the rows of :func:`~ssi_analysis.stats.diagnostic.pillar_gaps` and
:func:`~ssi_analysis.stats.diagnostic.activity_links` (numbers, kinds, reasons), which call
them; moved out of the statistics layer (#27).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.names import (
    PILLAR_PLAIN,
    RECENT_DAYS,
    SCORE_LABELS,
    VERDICTS,
    Who,
    as_who,
    band,
    which_figure,
)
from ssi_analysis.words.answers import _link_ending, _r_bound_words, _weak_link_words
from ssi_analysis.words.format import fmt as _fmt
from ssi_analysis.words.format import fmt_p as _fmt_p
from ssi_analysis.words.format import verdict_phrase

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
    holds the total back most. That pillar is 21 short of its maximum of 25. Careful: only 1
    of the last 4 weeks has a capture, so these values rest on little data.
    """
    records = rows.to_dict("records") if isinstance(rows, pd.DataFrame) else list(rows)
    return _gap_sentence(records, as_who(who, "gap_sentence"))


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
        # "it" read as the total beside "your total is 52": the pillar is named as such
        text += f". That pillar is {_num(w['gap_to_max'])} short of its maximum of 25."
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
    who = as_who(who, "link_sentence")
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
            f"{verdict_phrase('linked', start=True)}: "
            f"{unit}s with more {activity} {followed} a {higher} {pillar} "
            f"{_lag_phrase(lag, unit)} (r = {_fmt(record['r'])}, 95 % interval "
            f"{_fmt(record['r_low'])} to {_fmt(record['r_high'])}, "
            f"{_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            "autocorrelation."
        )
        if np.isfinite(record.get("p_tost", np.nan)) and record["p_tost"] < alpha:
            text += _weak_link_words("lag", record["bound"], unit)
        return text + _link_ending(record)
    if verdict == "ruled out":
        return (
            f"{verdict_phrase('ruled out', start=True)}: "
            f"{who.first()} {activity} are not a useful guide to {who.later()} "
            f"{pillar} "
            f"({scanned}): any link is weaker than "
            f"{_r_bound_words(record['bound'], unit)} "
            f"({_tost_interval_words(record, unit)}"
            f"{_fmt_p(record['p_tost'], 'equivalence p')}, {span})."
            + _excludes_zero_words(record, "a link, if any, is weaker than that")
        )
    if record.get("note") and not np.isfinite(record.get("p", np.nan)):
        return (
            f"{verdict_phrase('inconclusive', start=True)}: "
            f"{activity} and {who.first()} {pillar} could not be tested — "
            f"{record['note']}."
        )
    text = (
        f"{verdict_phrase('inconclusive', start=True)} "
        f"whether {unit}s with more {activity} are followed by a change in "
        f"{who.first()} {pillar} ({_fmt_p(record['p_adj'], 'adjusted p')}, {span}); a link as "
        "strong as "
        f"{_r_bound_words(record['bound'], unit)} cannot be ruled out either."
    )
    detectable = record.get("r_detectable", np.nan)
    if np.isfinite(detectable):
        text += f" With this much data only correlations above {_fmt(detectable)} would have shown."
    return text + _excludes_zero_words(record, "within what chance gives")
