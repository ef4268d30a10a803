"""Results in sentences a marketer can read. No statistic is computed here."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

# the one map of each: score names, pillar names, verdict words (ssi_analysis.names)
from ssi_analysis.names import (
    PILLAR_PLAIN,
    SCORE_LABELS,
    VERDICT_WORDS,  # noqa: F401 - re-exported: the page reads the grid's words here
    Who,
    as_who,
    outcome_kind,
    which_figure,
)
from ssi_analysis.questions import QUESTIONS, question
from ssi_analysis.words.answers import CHOICE_WORDS
from ssi_analysis.words.format import fmt as _number  # the one rule for numbers and p (#27)
from ssi_analysis.words.format import fmt_p, verdict_phrase
from ssi_analysis.words.format import join_and as _and  # "a, b and c" (one rule)

_YOU = Who()  # the reader: "your"

_SCORE_LABELS = {
    **SCORE_LABELS,
    "industry_rank": "your industry rank",
    "network_rank": "your network rank",
}


def label(column: str) -> str:
    """Return a readable name for a column: ``pipeline_created`` -> "pipeline created".

    Examples
    --------
    >>> label("ssi"), label("brand"), label("pipeline_created")
    ('SSI', 'the professional-brand pillar', 'pipeline created')
    """
    if column in _SCORE_LABELS:
        return _SCORE_LABELS[column]
    return column.replace("_", " ")


def _p(value: float) -> str:
    """``p = 0.04``; near 0.05 and 0.01 the digits it needs, never a threshold it is not at.

    Examples
    --------
    >>> _p(0.0496), _p(0.23), _p(0.0004), _p(0.04996)
    ('p = 0.0496', 'p = 0.23', 'p < 0.001', 'p < 0.05')
    """
    return fmt_p(value)


def explain(row: pd.Series | dict, *, alpha: float = 0.05, who: Who | str = "you") -> str:
    """Say in one or two sentences what a result row means.

    The kind of row is recognised from its columns: rows of
    :func:`~ssi_analysis.correlate`, :func:`~ssi_analysis.lag_scan`,
    :func:`~ssi_analysis.correlation_table`, :func:`~ssi_analysis.partial`,
    :func:`~ssi_analysis.team_effect`, :func:`~ssi_analysis.granger`,
    :func:`~ssi_analysis.min_detectable_r`, :func:`~ssi_analysis.diagnose`,
    :func:`~ssi_analysis.intervention`, :func:`~ssi_analysis.activity_links` and
    :func:`~ssi_analysis.pillar_gaps`.

    Parameters
    ----------
    row : pandas.Series or dict
        One row of a result table.
    alpha : float
        The significance level the sentence uses (``p_adj`` is used when the row has it).
    who : Who or str
        Whom a sentence about one seller's own scores addresses (rows of
        :func:`~ssi_analysis.intervention`, :func:`~ssi_analysis.activity_links` and
        :func:`~ssi_analysis.pillar_gaps`): ``"you"`` (a user's own data: "your
        professional-brand pillar") or the seller it names (a lesson on a simulated one:
        ``Who("the seller", "her")``: "the seller's professional-brand pillar").

    Returns
    -------
    str

    Raises
    ------
    TypeError
        For a row of a kind it does not know (the message lists the kinds it does).

    Examples
    --------
    >>> row = {"x": "ssi", "y": "pipeline_created", "lag": 0, "n": 52, "r": 0.05,
    ...        "r_levels": 0.41, "p": 0.48, "p_naive": 0.002, "r_detectable": 0.38,
    ...        "unit": "week", "status": "ok", "note": ""}
    >>> import textwrap
    >>> print(textwrap.fill(explain(row), 88))
    Weekly SSI and pipeline created moved together (r = 0.41 for the levels), but both drift
    over time; after removing that, there is no evidence of a link (r = 0.05, p = 0.48, 52
    weeks). With this much data only correlations above 0.38 could be detected, so a weaker
    link cannot be ruled out.
    """
    row = dict(row)
    who = as_who(who, "explain")
    if {"activity", "pillar", "verdict"} <= set(row):
        from ssi_analysis.words.diagnostic import link_sentence

        return link_sentence(row, alpha=alpha, who=who)
    if {"pillar", "latest", "gap_to_max"} <= set(row):
        return _explain_gap(row, who)
    if "placebo_p" in row:
        return _explain_intervention(row, alpha, who)
    if "effect" in row:
        return _explain_team(row, alpha)
    if "df_num" in row and "f" in row:
        return _explain_granger(row, alpha)
    if "flag" in row and "column" in row:
        return _explain_diagnose(row)
    if "r_detectable" in row and "power" in row and "p" not in row:
        return _explain_detectable(row)
    if not {"x", "y", "r", "p"} <= set(row):
        raise TypeError(
            "explain understands rows of correlate, lag_scan, correlation_table, partial, "
            "team_effect, granger, min_detectable_r, diagnose, intervention, activity_links "
            "and pillar_gaps; this row has "
            "the columns "
            f"{', '.join(map(str, row))}"
        )
    x, y = label(row["x"]), label(row["y"])
    unit = row.get("unit", "period") or "period"
    n, lag = int(row.get("n", 0)), int(row.get("lag", 0))
    status = row.get("status", "ok" if not row.get("note") else "no result")
    if status != "ok":
        return f"{_cap(x)} and {y}: no result — {row.get('note') or status}."
    adjusted = "p_adj" in row and _finite(row["p_adj"])
    p_raw = row["p"]
    p = row["p_adj"] if adjusted else p_raw
    if lag == 0:
        plain = f"{_adverb(unit)} {x} and {y}"
    elif lag > 0:
        plain = f"{x} and {y} {lag} {unit}{'s' if lag > 1 else ''} later"
    else:
        plain = f"{y} and {x} {-lag} {unit}{'s' if lag < -1 else ''} later"
    pair = _cap(plain)
    span = f"{n} {unit}s"
    r = row["r"]  # the tested correlation: its sign is the direction of the link
    direction = "moved together" if r > 0 else "moved in opposite directions"
    family = ", adjusted for the number of tests" if adjusted else ""
    if p < alpha:
        return (
            f"{pair} {direction} from one {unit} to the next (r = {_number(r)}), and the link "
            f"holds after accounting for trends and autocorrelation ({_p(p)}{family}, {span}). "
            "A correlation does not show that one causes the other."
        )
    naive = row.get("p_naive", float("nan"))
    levels = row.get("r_levels", r)
    if adjusted and p_raw < alpha:
        text = (
            f"{pair}: the link (r = {_number(r)}, {_p(p_raw)} on its own) does not survive the "
            f"adjustment for the number of tests made ({_p(p)} adjusted, {span}): with this "
            "many tests, one this strong is expected by chance."
        )
    elif _finite(naive) and naive < alpha and _finite(levels) and abs(levels) >= 0.2:
        level_direction = "moved together" if levels > 0 else "moved in opposite directions"
        text = (
            f"{pair} {level_direction} (r = {_number(levels)} for the levels), but both drift "
            f"over time; after removing that, there is no evidence of a link "
            f"(r = {_number(r)}, {_p(p)}{family}, {span})."
        )
    else:
        text = (
            f"No evidence that {plain} move together (r = {_number(r)}, {_p(p)}{family}, {span})."
        )
    detectable = row.get("r_detectable", float("nan"))
    if _finite(detectable):
        text += (
            f" With this much data only correlations above {_number(detectable)} could be "
            "detected, so a weaker link cannot be ruled out."
        )
    return text


def _explain_gap(row: dict, who: Who = _YOU) -> str:
    """One row of :func:`~ssi_analysis.pillar_gaps`: where one pillar stands."""
    name = label(row["pillar"])
    latest = row["latest"]
    if not _finite(latest):
        return f"{_cap(name)}: no value in the last 4 weeks of data."
    text = (
        f"{_cap(name)} stands at {latest:.1f} of 25 (mean of the last 4 weeks of data), "
        f"{row['gap_to_max']:.1f} short of the maximum"
    )
    gap = row.get("gap_to_industry", float("nan"))
    if _finite(gap):
        side = "below" if gap > 0 else "above"
        text += f", {abs(gap):.1f} {side} {who.first()} industry's average"
    text += "."
    change = row.get("change_12w", float("nan"))
    if _finite(change):
        text += f" Over 12 weeks it moved by {change:+.1f}."
    if row.get("holds_back"):
        text += f" It is the pillar that holds {who.first()} total back most."
    if row.get("mostly_missing"):
        text += " Careful: most of the last 4 weeks have no capture."
    return text


def _explain_intervention(row: dict, alpha: float, who: Who = _YOU) -> str:
    """One sentence for a row of :func:`~ssi_analysis.intervention`.

    Examples
    --------
    >>> import textwrap
    >>> row = {"y": "brand", "start": pd.Timestamp("2026-03-02"), "n_post": 13,
    ...        "effect": 2.1, "ci_low": 0.8, "ci_high": 3.4, "p": 0.004, "placebo_p": 0.05,
    ...        "n_placebo": 20, "unit": "week", "status": "ok", "note": ""}
    >>> print(textwrap.fill(explain(row), 88))
    In the 13 weeks from 2 March 2026, your professional-brand pillar was 2.1 points above
    what its earlier course predicted (95 % interval 0.8 to 3.4); this is unlikely to be
    chance (p = 0.004), though other things that changed on that date could explain it too.
    """
    y = row["y"]
    name = label(y)
    if y == "ssi":
        name = f"{who.first()} SSI"
    elif name.startswith("the ") and name.endswith(" pillar"):
        name = f"{who.first()} " + name.removeprefix("the ")
    start = pd.Timestamp(row["start"])
    when = f"{start.day} {start.month_name()} {start.year}"
    unit = row.get("unit", "period") or "period"
    if row.get("status", "ok") != "ok":
        return f"{_cap(name)} after {when}: no result — {row.get('note') or row['status']}."
    n = int(row.get("n_post", 0))
    span = f"{n} {unit}{'s' if n != 1 else ''}"
    effect, low, high, p = row["effect"], row["ci_low"], row["ci_high"], row["p"]
    score = y in _SCORE_LABELS
    scale = max(abs(low), abs(high)) if _finite(low) and _finite(high) else abs(effect)
    size = f"{_amount(abs(effect), scale)} points" if score else f"{_amount(abs(effect), scale)}"
    # Only a count or an amount per period is "a week"; a rate (reply rate) or a running
    # total (followers) is not per anything.
    size += "" if score or outcome_kind(str(y)) not in ("event", "daily") else f" a {unit}"
    side = "above" if effect > 0 else "below"
    bounds = f"{_amount(low, scale)} to {_amount(high, scale)}"
    interval = f"{round(100 * (1 - alpha))} % interval {bounds}"
    text = f"In the {span} from {when}, {name} was {size} {side} what its earlier course predicted"
    # Many series tested at one date (a report's change section): the family's adjusted p
    # decides (change_family), and the sentence says how many were tested.
    family = row.get("p_family", float("nan"))
    n_family = row.get("n_family", 0)
    tested = _finite(family) and _finite(n_family) and n_family > 1
    tests = f"the {int(n_family)} series tested at this date" if tested else ""
    if tested and family < alpha:
        text += (
            f" ({interval}); this is unlikely to be chance ({_p(p)}; {_p(family)} allowing for "
            f"{tests}), though other things that changed on that date could explain it too."
        )
    elif tested and p < alpha:
        text += (
            f" ({interval}): no clear evidence of a change once {tests} are allowed for "
            f"({_p(p)} alone, {_p(family)} allowing for them)."
        )
    elif p < alpha:
        text += (
            f" ({interval}); this is unlikely to be chance ({_p(p)}), though other things that "
            "changed on that date could explain it too."
        )
    else:
        text += (
            f" ({interval}): no evidence of a change ({_p(p)}); changes outside the interval "
            "are unlikely, smaller ones cannot be ruled out."
        )
    changed = family < alpha if tested else p < alpha
    # the p that allows a slow creep, as the verdict was decided: for a family, adjusted
    # with it in the change's place (change_family)
    p_creep = row.get("p_creep_family", float("nan")) if tested else row.get("p_creep")
    allowing = f"allowing for that and for {tests}" if tested else "allowing for that"
    if changed and _truthy(row.get("creep_explains")):
        before = int(row.get("n_pre", 0) or 0)
        text += (
            f" This assumes {name} moved around a steady level before the date; had it been "
            f"creeping {'up' if effect > 0 else 'down'} slowly instead (the {before} {unit}s "
            "before do not rule that out), this could be chance"
            + (f" ({_p(p_creep)} {allowing})." if _finite(p_creep) else ".")
        )
    elif changed and _finite(p_creep):
        text += (
            f" A slow creep before the date would not explain it either ({_p(p_creep)} {allowing})."
        )
    note = row.get("note") or ""
    if "poorly" in note:
        placebo = row.get("placebo_p", float("nan"))
        trend = next((w for w in ("rising", "falling") if f"kept {w}" in note), None)
        how = (
            f"{name} was already {trend} before the date, faster than the forecast follows"
            if trend
            else f"the model forecast the earlier {unit}s poorly"
        )
        text += (
            f" Caution: {how} — fake change dates before the real one gave effects this large "
            f"{_number(100 * placebo, 0)} % of the time — so the result is less certain than "
            "it looks."
        )
    return text


def _truthy(value) -> bool:
    """Read a flag from a column of mixed rows: True (or 1) is true; False, NaN and None not."""
    try:
        return bool(value) and not (isinstance(value, float) and math.isnan(value))
    except (TypeError, ValueError):
        return False


def _amount(value: float, scale: float) -> str:
    """Format a number with as many decimals as the size of its interval deserves."""
    if not _finite(value):
        return "n/a"
    digits = 0 if scale >= 100 else 1 if scale >= 1 else 2
    return f"{value:,.{digits}f}".replace("-", "−")


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _explain_granger(row: dict, alpha: float) -> str:
    x, y = label(row["x"]), label(row["y"])
    lag = int(row.get("lag", 1))
    head = f"Granger test of {x} → {y} with {lag} lag{'s' if lag > 1 else ''}"
    if not _finite(row.get("p")):
        return f"{head}: no result — {row.get('note') or 'no p-value'}."
    caveat = " This is about prediction, not cause."
    if row["p"] < alpha:
        return (
            f"{head}: past {x} helped predict {y} beyond {y}'s own past "
            f"(F = {_number(row['f'], 1)}, {_p(row['p'])}, {int(row['n'])} periods).{caveat}"
        )
    return (
        f"{head}: no evidence that past {x} helps predict {y} "
        f"(F = {_number(row['f'], 1)}, {_p(row['p'])}, {int(row['n'])} periods).{caveat}"
    )


def _explain_detectable(row: dict) -> str:
    x, y = label(row["x"]), label(row["y"])
    if row.get("status", "ok") != "ok" or not _finite(row["r_detectable"]):
        return f"{_cap(x)} and {y}: no detectable size — {row.get('note') or 'no test'}."
    return (
        f"With this data ({int(row['n'])} pairs), a test of {x} and {y} detects a link of "
        f"r = {_number(row['r_detectable'])} or stronger {row['power']:.0%} of the time; "
        "weaker links would usually go unseen."
    )


_FLAGS = {
    "trending": "drifts (a unit root or a trend): a plain correlation with it is unreliable",
    "persistent": "changes slowly (lag-1 autocorrelation {ar1}): its effective sample is small",
    "ok": "shows no strong trend or persistence",
    "constant": "never changes: nothing can be correlated with it",
    "too_few": "has too few values to describe",
}


def _explain_diagnose(row: dict) -> str:
    flag = str(row["flag"])
    text = _FLAGS.get(flag, flag).format(ar1=_number(row.get("ar1", float("nan"))))
    return f"{_cap(label(str(row['column'])))} {text}."


def _explain_team(row: dict, alpha: float) -> str:
    x, y = label(row["x"]), label(row["y"])
    p, r = row.get("p", float("nan")), row.get("r", float("nan"))
    people = int(row.get("n_people", 0))
    if row["effect"] == "within":
        if not _finite(p):
            return f"Within-person effect of {x} on {y}: no result — {row.get('note', '')}."
        verdict = (
            "When a person's {x} was above their own usual level, their {y} was "
            "{dir} too ({p}, {people} people)."
        )
        if p < alpha:
            return verdict.format(
                x=x, y=y, dir="higher" if row["slope"] > 0 else "lower", p=_p(p), people=people
            )
        return (
            f"No evidence that a person's {y} rises when their own {x} rises "
            f'({_p(p)}, {people} people): this is the question "what does raising my '
            f'{x} do?".'
        )
    if row["effect"] == "between":
        if not math.isfinite(r):
            return f"Between people: no result for {x} and {y} — at least 3 people are needed."
        tail = (
            f" This compares different people — seniority, role and territory differ too — "
            f"and says nothing about what raising one person's {x} does."
        )
        if not p < alpha:
            return (
                f"No evidence that people with higher average {x} had different average {y} "
                f"(r = {_number(r)}, {_p(p)}, {people} people).{tail}"
            )
        return (
            f"People with higher average {x} had {'higher' if r > 0 else 'lower'} average "
            f"{y} (r = {_number(r)}, {_p(p)}, {people} people).{tail}"
        )
    if not math.isfinite(r):
        return f"Pooled: no result for {x} and {y}."
    return (
        f"Pooling every person-{_unit_word(row)} gives r = {_number(r)} ({_p(p)}), a "
        "number that mixes differences between people with changes over time; do not use "
        "it for decisions."
    )


def _unit_word(row) -> str:
    return row.get("unit", "period") or "period"


def _adverb(unit: str) -> str:
    return {"week": "weekly", "month": "monthly", "day": "daily"}.get(unit, "per-period")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- the answer in sentences

#: How each verdict reads on the page (colour is never the only cue: the word is shown).
#: Outcomes about sales; every other outcome is reach and activity.
SALES_WORDS = ("deal", "pipeline", "revenue", "won", "lost", "opportunit", "meeting")
UNIT_WORDS = {"W": "week", "MS": "month", "D": "day"}


def _span_words(n: int, unit: str) -> str:
    """``104`` weeks -> "2 years"; ``30`` weeks -> "30 weeks"."""
    per_year = {"week": 52, "month": 12, "day": 365}[unit]
    if n >= 1.5 * per_year:
        return f"about {round(n / per_year):d} years"
    if n >= 0.9 * per_year and n < 1.5 * per_year:
        return "about a year"
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _is_sales(outcome: str) -> bool:
    return any(word in outcome for word in SALES_WORDS)


def _over(row) -> str:
    h = int(row["horizon"]) if np.isfinite(float(row.get("horizon", np.nan))) else 0
    return "in the same week" if h == 0 else f"over {h + 1} weeks"


def _bound_words(row) -> str:
    b = float(row["bound"])
    if not np.isfinite(b):
        return "no bound set"
    if row.get("effect_unit") == "share":
        return f"±{b * 100:.0f} % {_over(row)}"
    return f"±{b:g} {_over(row)}"


def headline(table: pd.DataFrame, *, unit: str, score: str = "ssi") -> list[str]:
    r"""Say the answer in one sentence per group of questions (reach and replies; sales).

    A "ruled out" is said in the outcome's units: the smallest effect that matters for a
    sustained rise of the score over the question's horizon. Own activity (posts,
    comments...) is not an outcome and is not listed.

    Examples
    --------
    >>> t = pd.DataFrame({"score": ["ssi"] * 3, "outcome": ["impressions", "pipeline_created",
    ...     "revenue_won"], "question": ["reach", "pipeline", "revenue"],
    ...     "verdict": ["linked", "ruled out", "inconclusive"], "n": [156] * 3,
    ...     "bound": [0.2, 0.4, 0.25], "effect_unit": ["share"] * 3, "horizon": [4, 4, 13],
    ...     "rise": [10.0] * 3, "effect_low": [0.1, -0.1, -0.4], "effect_high": [0.3, 0.2, 0.6],
    ...     "caveat": ["", "", ""], "lag": [0, 0, 0]})
    >>> import textwrap
    >>> for line in headline(t, unit="week"): print(textwrap.fill(line, 88))
    Your SSI moved with your reach and replies: impressions.
    For sales, there is no sign of an effect that matters on pipeline created: with about 3
    years of data, a sustained 10-point rise in SSI does not go with more than a change of
    ±40 % over 5 weeks. For revenue won we can't tell yet: changes from -40 % to +60 % still
    fit this data (the smallest that matters: ±25 % over 14 weeks).
    """
    rows = table[table["score"] == score]
    if "question" in rows:
        rows = rows[rows["question"] != "activity"]
    who = "Your SSI" if score == "ssi" else f"Your {label(score)}"
    what = "SSI" if score == "ssi" else label(score)
    lines = []
    for group, name in ((False, "your reach and replies"), (True, "sales")):
        if "question" in rows:
            sales = rows["question"].isin(["pipeline", "revenue"])
        else:
            sales = rows["outcome"].map(_is_sales)
        part = rows[sales == group]
        if part.empty:
            continue
        said = []
        linked = part[part["verdict"] == "linked"]
        if len(linked):
            names = [
                label(o) + (" (with a caveat, see below)" if c else "")
                for o, c in zip(linked["outcome"], linked["caveat"], strict=True)
            ]
            said.append(f"{who} moved with {name}: {_and(names)}.")
        ruled = part[part["verdict"] == "ruled out"]
        if len(ruled):
            n = int(ruled["n"].max())
            lead = "There is" if not said else "But there is"
            if group and not said:
                lead = "For sales, there is"
            rise = float(ruled["rise"].iloc[0]) if "rise" in ruled else 10.0
            bounds = [_bound_words(r) for r in ruled.to_dict("records")]
            same = len(set(bounds)) == 1
            said.append(
                f"{lead} no sign of an effect that matters on "
                f"{_and([label(o) for o in ruled['outcome']])}: with {_span_words(n, unit)} "
                f"of data, a sustained {rise:g}-point rise in {what} does not go with more "
                f"than {'a change of ' if len(ruled) == 1 else 'changes of '}"
                + (
                    bounds[0]
                    if same
                    else _and(
                        [f"{b} ({label(o)})" for b, o in zip(bounds, ruled["outcome"], strict=True)]
                    )
                )
                + "."
            )
        open_ = part[part["verdict"] == "inconclusive"]
        if len(open_):
            names = _and([label(o) for o in open_["outcome"]])
            lows = pd.to_numeric(open_.get("effect_low"), errors="coerce")
            highs = pd.to_numeric(open_.get("effect_high"), errors="coerce")
            # one rule for a % with the answers' sentences (capped beyond ±10,000 %)
            from ssi_analysis.words.format import share_pct as _share_pct

            low, high = float(np.nanmin(lows)), float(np.nanmax(highs))
            share = (open_.get("effect_unit") == "share").all() if "effect_unit" in open_ else False
            if np.isfinite(low) and np.isfinite(high) and share:
                # the interval as it is: "-53 % to +761 %" was once said "±761 %", a fall
                # no revenue can have, beside a chart that showed the fall at -53 %
                said.append(
                    f"For {names} we {verdict_phrase('inconclusive')}: "
                    f"changes from {_share_pct(low)} to "
                    f"{_share_pct(high)} still fit this data (the smallest that matters: "
                    + _and(sorted(set(_bound_words(r) for r in open_.to_dict("records"))))
                    + ")."
                )
            else:
                said.append(
                    f"For {names} we {verdict_phrase('inconclusive')}: there is too little data."
                )
        lines.append(" ".join(said))
    return lines


#: The columns of answers()/team_answers() the first screen reads, named in one place (a
#: rename in the statistics layer is adapted here).
COL = {
    "score": "score",
    "outcome": "outcome",
    "question": "question",
    "verdict": "verdict",
    "bound": "bound",
    "horizon": "horizon",
    "unit": "effect_unit",
    "n": "n",
    "caveat": "caveat",
    "rise": "rise",
}
#: How each question is named at the start of its sentence.
QUESTION_TITLES = {
    "reach": "Reach",
    "replies": "Replies",
    "pipeline": "Pipeline",
    "revenue": "Revenue",
}


def _questions_of(rows: pd.DataFrame) -> pd.Series:
    if COL["question"] in rows:
        return rows[COL["question"]].astype(str)
    return rows[COL["outcome"]].map(question)


def question_lines(
    table: pd.DataFrame,
    *,
    unit: str,
    team: bool = False,
    lags: Sequence[int] = (0, 1, 2, 3, 4),
    sellers: pd.DataFrame | None = None,
    people: int | None = None,
    forks: pd.DataFrame | None = None,
) -> list[str]:
    """Say the answer to each question asked (reach, replies, pipeline, revenue) in one sentence.

    Each sentence starts with the question and the verdict word of each of its outcomes, as
    the statistics layer decided them (SSI's row; nothing is decided here), then says what
    the verdict means in plain words. Numbers, p and r are left to "For analysts". A
    question without an outcome in the data is not mentioned. For a team (``team=True``)
    the sentence is about the within-seller answer, and says how many sellers' own answer
    (``sellers``, :func:`~ssi_analysis.seller_answers`) was linked; ``forks`` flags an
    answer that changes when the data is counted by month.

    Examples
    --------
    >>> t = pd.DataFrame({"score": ["ssi"] * 3, "outcome": ["impressions", "invitations_received",
    ...     "revenue_won"], "question": ["reach", "reach", "revenue"],
    ...     "verdict": ["linked", "inconclusive", "ruled out"], "n": [104] * 3,
    ...     "bound": [0.2, 0.2, 0.25], "effect_unit": ["share"] * 3, "horizon": [4, 4, 13],
    ...     "rise": [10.0] * 3, "caveat": ["", "", ""]})
    >>> import textwrap
    >>> for line in question_lines(t, unit="week"): print(textwrap.fill(line, 88))
    Reach: linked for impressions — your SSI moved with it (a link, not proof of cause);
    can't tell yet for invitations received — about 2 years of data show no clear link, and cannot
    rule out a change of 20 % or more with your SSI 10 points higher for 5 weeks.
    Revenue: ruled out for revenue won — your SSI standing 10 points higher for 14 weeks
    went with less than a 25 % change in revenue won, up or down.
    These answers are about the total SSI; the pillars' are under For analysts.
    """
    rows = table[table[COL["score"]] == "ssi"]
    if rows.empty:
        return []
    asked = _questions_of(rows)
    flagged: dict = {}  # outcome -> what changes its answer ("counting by month", ...)
    if forks is not None and len(forks):
        own = forks[(forks[COL["score"]] == "ssi") & (forks["fork_note"].astype(str) != "")]
        how = own["depends_on"] if "depends_on" in own else pd.Series("", index=own.index)
        flagged = dict(zip(own[COL["outcome"]], how.astype(str), strict=True))
    lines = []
    said_cause = False  # "not proof of cause" is said once
    said_span = False  # and how much data there is
    for q in QUESTIONS:
        part = rows[asked == q]
        if part.empty:
            continue
        said = []
        for verdict in ("linked", "ruled out", "inconclusive"):
            mine = part[part[COL["verdict"]] == verdict]
            if mine.empty:
                continue
            names = [label(o) for o in mine[COL["outcome"]]]
            it = "them" if len(names) > 1 else "it"
            if verdict == "linked":
                caveat = mine[COL["caveat"]].fillna("").astype(str) if COL["caveat"] in mine else ""
                why = (
                    f"a seller's SSI above their own usual level moved with {it}"
                    if team
                    else f"your SSI moved with {it}"
                )
                why += " (a link, not proof of cause)" if not said_cause else ""
                said_cause = True
                if len(caveat) and (caveat != "").any():
                    why += "; it rests partly on a few weeks (see For analysts)"
            elif verdict == "ruled out":
                why = (
                    f"{'a seller' + chr(39) + 's own' if team else 'your'} SSI standing "
                    f"{_rise(mine)} points higher {_for_weeks(mine)} went with less than "
                    f"a {_share_words(mine, team)} change in {_and(names)}, up or down"
                )
            elif _untested(mine):
                why = "not tested yet: " + str(mine["note"].dropna().astype(str).iloc[0])
            else:
                span = (
                    f"{people} sellers' data"
                    if team and people
                    else f"{_span_words(int(mine[COL['n']].max()), unit)} of data"
                    if COL["n"] in mine and mine[COL["n"]].notna().any()
                    else "this data"
                )
                open_ = _open_words(mine, team)
                if not said_span:
                    why = (
                        f"{span} show no clear link"
                        + (" within sellers" if team else "")
                        + (
                            f", and cannot rule out {open_} with "
                            if open_
                            else f", and span too few {_unit_of(mine)}s to rule out a change of "
                            "any size with "
                        )
                        + f"{'a seller' + chr(39) + 's own' if team else 'your'} "
                        f"SSI {_rise(mine)} points higher {_for_weeks(mine)}"
                    )
                else:  # the rise was said once: the share and the weeks are what change
                    over = _for_weeks(mine).replace("for ", "over ", 1)
                    why = (
                        f"no link yet; {open_} is not ruled out ({over})"
                        if open_
                        else f"no link yet, and too few {_unit_of(mine)}s to rule out a change "
                        f"of any size {over}"
                    )
                said_span = True
            said.append(f"{verdict_phrase(verdict)} for {_and(names)} — {why}")
        line = f"{QUESTION_TITLES[q]}: " + "; ".join(said) + "."
        if team and sellers is not None and len(sellers):
            own = sellers[(sellers[COL["score"]] == "ssi") & (_questions_of(sellers) == q)]
            if len(own):
                total = int(own["person"].nunique())
                linked = int(own.loc[own[COL["verdict"]] == "linked", "person"].nunique())
                line += (
                    f" On their own data, {linked} of {total} sellers had their SSI linked to "
                    f"{'it' if part[COL['outcome']].nunique() == 1 else 'them'}."
                    if linked
                    else f" On their own data, none of the {total} sellers had their SSI linked to "
                    f"{'it' if part[COL['outcome']].nunique() == 1 else 'them'}."
                )
        changed = [o for o in part[COL["outcome"]] if o in flagged]
        if changed:  # which way (by month, raw amounts, both) is said under Your team
            by_month = {flagged[o] for o in changed} == {CHOICE_WORDS["monthly"]}
            line += (
                f" {'Counted by month' if by_month else 'Counted or scaled another way'}, "
                f"the answer for {_and(map(label, changed))} differs (see Your team)."
            )
        lines.append(line)
    if lines:
        lines.append(
            "These answers are about the total SSI"
            + (" of each seller" if team else "")
            + "; the pillars' are under For analysts."
        )
    return lines


#: The file that answers each question, for the line that says a question went unanswered.
QUESTION_FILES = {
    "reach": "LinkedIn creator analytics (Analytics, Content, Export: a Content_….xlsx)",
    "replies": "your LinkedIn data archive (Settings, Data privacy, Get a copy of your data: "
    "a Basic_LinkedInDataExport_….zip, with your messages and invitations)",
    "pipeline": "a deals export from your CRM (HubSpot or Salesforce)",
    "revenue": "a deals export from your CRM (HubSpot or Salesforce)",
}


def unanswered_line(asked: Iterable[str]) -> str:
    """Say which questions no file could answer, and which file would (empty: none missing).

    ``asked``: the questions the outcomes read answer (:func:`~ssi_analysis.questions.
    question` of each).

    Examples
    --------
    >>> import textwrap
    >>> print(textwrap.fill(unanswered_line({"reach", "pipeline", "revenue"}), 88))
    Not answered: Replies — none of your files holds it; your LinkedIn data archive
    (Settings, Data privacy, Get a copy of your data: a Basic_LinkedInDataExport_….zip, with
    your messages and invitations) would answer it: add it to --outcomes.
    >>> unanswered_line(QUESTIONS)
    ''
    """
    asked = set(asked)
    missing = [q for q in QUESTIONS if q not in asked]
    if not missing or len(missing) == len(QUESTIONS):
        return ""
    files = list(dict.fromkeys(QUESTION_FILES[q] for q in missing))
    names = _and([QUESTION_TITLES[q] for q in missing])
    return (
        f"Not answered: {names} — none of your files holds "
        f"{'it' if len(missing) == 1 else 'them'}; {_and(files)} would answer "
        f"{'it' if len(missing) == 1 else 'them'}: add {'it' if len(files) == 1 else 'them'} "
        "to --outcomes."
    )


def _untested(rows: pd.DataFrame) -> bool:
    """Whether no row was tested at all (no p, no effect; a note says why: too short data).

    >>> _untested(pd.DataFrame({"p": [float("nan")], "effect_pct": [float("nan")],
    ...                         "note": ["the data are shorter than the revenue horizon"]}))
    True
    """
    if "note" not in rows:
        return False
    notes = rows["note"]
    if not (notes.notna() & (notes.astype(str) != "")).all():
        return False
    tested = [c for c in ("p", "p_adj", "p_tost", "effect_pct", "effect") if c in rows]
    return bool(tested) and not np.isfinite(rows[tested].to_numpy(dtype=float)).any()


def _for_weeks(rows: pd.DataFrame) -> str:
    """Say the window a verdict's effect is held over: "for 14 weeks" (lag 0 only: "that week").

    In the rows' own periods: "for 4 months" on a monthly panel.
    """
    unit = _unit_of(rows)
    records = rows.to_dict("records")
    spans = set()
    for row in records:
        h = row.get("window", np.nan)
        h = h if h is not None and np.isfinite(float(h)) else row.get(COL["horizon"], np.nan)
        if h is not None and np.isfinite(float(h)):
            spans.add(int(h) + 1)
    if not spans:
        return f"over the question's {unit}s"
    if spans == {1}:
        return f"that {unit}"
    return "for " + _and([f"{n} {unit}s" for n in sorted(spans)])


def _unit_of(rows: pd.DataFrame) -> str:
    """Return the rows' period (``unit`` column: week, month or day); week if none is said."""
    if "unit" in rows and rows["unit"].notna().any():
        unit = str(rows["unit"].dropna().iloc[0])
        if unit in ("week", "month", "day"):
            return unit
    return "week"


def _share_words(rows: pd.DataFrame, team: bool) -> str:
    """Say the smallest effect that matters as a share of the outcome: "25 %".

    A team's bound always is a share; one person's is in the outcome's own units when the
    outcome can be negative.
    """
    said = set()
    for row in rows.to_dict("records"):
        b = float(row.get(COL["bound"], np.nan))
        if not np.isfinite(b):
            said.add("an amount that matters")
        elif team or row.get(COL["unit"]) == "share":
            said.add(f"{100 * b:.0f} %")
        else:
            said.add(f"{b:g} (in its own units)")
    return _and(sorted(said))


def _open_words(rows: pd.DataFrame, team: bool) -> str | None:
    """Say the smallest change a "can't tell yet" leaves open: "a change of 31 % or more".

    One person's answer is tested against its bound itself (:func:`_share_words`). A team's
    is tested on the window's effect against the bound shrunk by the window's smallest lag
    weight (:func:`~ssi_analysis.words.answers.team_margin`: ±40 % at any one week is -33 %
    to +31 % over 5 weeks), so the change it cannot rule out over the window is the smaller
    side of that margin, rounded towards 0 (a "can't tell yet" interval reaches past it).
    Where that margin is under 1 % (too few weeks for the window: its weight is at or near
    0, or none could be fitted), no change of any size could be ruled out: None, and the
    sentence says so rather than "0 % or more".

    Examples
    --------
    >>> rows = pd.DataFrame({"bound": [0.4], "window": [4], "window_weight": [0.75],
    ...                      "transform": ["ppml"], "effect_unit": ["share"]})
    >>> _open_words(rows, team=True), _open_words(rows, team=False)
    ('a change of 28 % or more', 'a change of 40 % or more')
    >>> _open_words(rows.assign(window=13, window_weight=-0.7), team=True) is None
    True
    """
    if not team:
        return f"a change of {_share_words(rows, team)} or more"
    from ssi_analysis.words.answers import team_margin

    said = set()
    for row in rows.to_dict("records"):
        low, high = team_margin(row)
        if not (np.isfinite(low) and np.isfinite(high)):
            said.add("an amount that matters")
        elif np.floor(min(-low, high)) < 1:
            return None
        else:
            said.add(f"{np.floor(min(-low, high)):.0f} %")
    return f"a change of {_and(sorted(said))} or more"


def _rise(rows: pd.DataFrame) -> str:
    if COL["rise"] in rows and rows[COL["rise"]].notna().any():
        return f"{float(rows[COL['rise']].dropna().iloc[0]):g}"
    return "10"


def _bound_said(row: dict, team: bool) -> str:
    """Say the smallest effect that matters as the sentence does ("±40 % over 5 weeks")."""
    b = float(row.get(COL["bound"], np.nan))
    if not np.isfinite(b):
        return "an effect that matters"
    if team:  # team_answers' bound: a share of the expected value over the window 0..H
        window = float(row.get("window", np.nan))
        if not np.isfinite(window):
            return f"±{100 * b:.0f} %"
        return _bound_words({**row, "horizon": window, "effect_unit": "share"})
    return _bound_words({**row, "horizon": row.get(COL["horizon"], np.nan),
                         "effect_unit": row.get(COL["unit"])})  # fmt: skip


def next_step(
    gaps: pd.DataFrame | None,
    *,
    ready: pd.Timestamp | None = None,
    unit: str = "week",
    team: bool = False,
    today: pd.Timestamp | None = None,
) -> str:
    """Say the one thing to do next, from the data.

    With too little data (``ready``: the first period the data could run a first test, never
    said in the past: ``today`` or later): keep logging, and how long one person's weekly
    data takes to give a firm answer, from the planner
    (:func:`~ssi_analysis.stats.power.effect_needed` at the simulator's typical week-to-week
    variation): years. Otherwise the pillar that holds the SSI back most
    (:func:`~ssi_analysis.pillar_gaps`' ``holds_back``: the lowest against its 25 maximum,
    or against the industry's average when the export has it); for a team, the pillar that
    holds back the most sellers, and for how many. Empty when the data has neither.

    Examples
    --------
    >>> import textwrap
    >>> gaps = pd.DataFrame({"person": ["me"] * 2, "pillar": ["brand", "insights"],
    ...     "latest": [18.2, 8.4], "holds_back": [False, True], "gap_basis": ["maximum"] * 2,
    ...     "gap_to_industry": [np.nan, np.nan]})
    >>> print(textwrap.fill(next_step(gaps), 88))
    What to do next: for a higher SSI itself, work on “Engage with insights”, the pillar that
    holds it back most (at 8.4 of 25, average of the last 4 weeks). This page has not shown
    that a higher SSI brings more results.
    >>> print(textwrap.fill(next_step(None, ready=pd.Timestamp("2027-02-01"),
    ...                               today=pd.Timestamp("2026-12-07")), 88))
    What to do next: keep logging your SSI every week — from about 1 February 2027 there will
    be enough weeks for a first test; a firm answer takes much longer for one person: at
    typical week-to-week ups and downs, the planner puts ruling out ±40 % of pipeline created
    at about 6 years of weekly data, and ±25 % of revenue won at more than 10 years. A team's
    data answers sooner.
    >>> next_step(None, ready=pd.Timestamp("2020-01-06"), today=pd.Timestamp("2026-12-07"))[:70]
    'What to do next: keep logging your SSI every week — from about 7 Decem'
    """
    if ready is not None:
        today = pd.Timestamp.now().normalize() if today is None else pd.Timestamp(today)
        when = max(pd.Timestamp(ready), today)
        said = (
            f"What to do next: keep logging your SSI every {unit} — from about "
            f"{when.day} {when.month_name()} {when.year} there will be enough {unit}s for a "
            "first test"
        )
        firm = _firm_answer_words() if unit == "week" else ""
        return said + (f"; {firm}" if firm else ".")
    if gaps is None or gaps.empty or "holds_back" not in gaps:
        return ""
    worst = gaps[gaps["holds_back"].fillna(False).astype(bool)]
    if worst.empty:
        return ""
    if team:
        people = int(gaps["person"].nunique())
        counts = worst["pillar"].value_counts()
        top = counts.index[0]
        tied = [p for p, n in counts.items() if n == counts.iloc[0]]
        if len(tied) > 1:
            return (
                "What to do next: the pillar that holds SSI back differs by seller ("
                + _and([f"{_pillar_name(p)} for {counts[p]}" for p in counts.index[:3]])
                + f" of {people}): if the team wants a higher SSI itself, coach each seller on "
                "their own lowest pillar (listed below). This page has not shown that a higher "
                "SSI brings more results."
            )
        many = f"all {people}" if counts.iloc[0] == people else f"{counts.iloc[0]} of {people}"
        return (
            f"What to do next: for {many} sellers {_pillar_name(top)} ({_PILLAR_MEANS[top]}) "
            "holds their SSI back most — the place to start if the team wants a higher SSI "
            "itself (each seller's lowest pillar is below). This page has not shown that a "
            "higher SSI brings more results."
        )
    row = worst.iloc[0]
    name = _pillar_name(row["pillar"])
    said = (
        f"What to do next: for a higher SSI itself, work on {name}, the pillar that holds it "
        f"back most (at {_number(float(row['latest']), 1)} of 25, {which_figure('recent')}"
    )
    gap = float(row.get("gap_to_industry", np.nan))
    if row.get("gap_basis") == "industry" and np.isfinite(gap) and gap > 0:
        said += f", {gap:.0f} below your industry's average"
    said += ")"
    return said + ". This page has not shown that a higher SSI brings more results."


@functools.lru_cache(maxsize=1)
def _firm_answer_words() -> str:
    """How long one person's weekly data takes to rule out the default bounds (the planner).

    :func:`~ssi_analysis.stats.power.effect_needed` for SSI at the simulator's typical
    seller (:meth:`~ssi_analysis.stats.power.Variation.typical`), no true effect, an 80 %
    chance of "ruled out": the quickest question (pipeline) and revenue.
    """
    from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON
    from ssi_analysis.stats.power import Variation, effect_needed

    said = []
    for outcome, q in (("pipeline_created", "pipeline"), ("revenue_won", "revenue")):
        weeks = effect_needed(
            variation=Variation.typical("ssi", outcome),
            bound=DEFAULT_BOUND[q],
            horizon=DEFAULT_HORIZON[q],
        )
        years = "more than 10 years" if weeks is None else f"about {weeks / 52.18:.0f} years"
        if weeks is not None and weeks < 78:
            years = f"about {weeks} weeks"
        said.append(f"±{100 * DEFAULT_BOUND[q]:.0f} % of {label(outcome)} at {years}")
    return (
        "a firm answer takes much longer for one person: at typical week-to-week ups and "
        f"downs, the planner puts ruling out {said[0]} of weekly data, and {said[1]}. A team's "
        "data answers sooner."
    )


def verdict_grid(table: pd.DataFrame) -> pd.DataFrame:
    """Outcomes (readable) × scores (readable): the verdict of each pair."""
    grid = table.pivot(index="outcome", columns="score", values="verdict")
    grid = grid.reindex(index=list(dict.fromkeys(table["outcome"])))
    grid = grid.reindex(columns=list(dict.fromkeys(table["score"])))
    grid.index = [label(o) for o in grid.index]
    grid.columns = [_score_name(s) for s in grid.columns]
    grid.index.name = "outcome"
    return grid.fillna("")


def _score_name(score: str) -> str:
    return "SSI" if score == "ssi" else score


#: How the diagnostic section names a pillar in a sentence of its own.
_PILLAR_PLAIN = PILLAR_PLAIN


#: What each pillar counts, in LinkedIn's own terms: said beside the next step, so that it
#: reads as what the pillar is, not as advice that raising it brings results.
_PILLAR_MEANS = {
    "brand": "a complete profile and posts people engage with",
    "people": "finding and looking up the right people",
    "insights": "finding and sharing updates worth talking about",
    "relationships": "connecting with and building trust with decision makers",
}


def _pillar_name(pillar: str) -> str:
    """Name a pillar in a sentence: “Find the right people” (its name on LinkedIn's page)."""
    name = _PILLAR_PLAIN.get(pillar, str(pillar))
    return f"“{name[:1].upper()}{name[1:]}”"
