"""Results in sentences a marketer can read. No statistic is computed here."""

from __future__ import annotations

import math

import pandas as pd

from ssi_analysis.names import outcome_kind

_SCORE_LABELS = {
    "ssi": "SSI",
    "brand": "the professional-brand pillar",
    "people": "the find-the-right-people pillar",
    "insights": "the engage-with-insights pillar",
    "relationships": "the build-relationships pillar",
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


def _number(value: float, digits: int = 2) -> str:
    return "n/a" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def _p(value: float) -> str:
    if not math.isfinite(value):
        return "p n/a"
    return (
        "p < 0.001" if value < 0.001 else f"p = {value:.3f}" if value < 0.01 else f"p = {value:.2f}"
    )


def explain(row: pd.Series | dict, *, alpha: float = 0.05) -> str:
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
    if {"activity", "pillar", "verdict"} <= set(row):
        from ssi_analysis.stats.diagnostic import link_sentence

        return link_sentence(row, alpha=alpha)
    if {"pillar", "latest", "gap_to_max"} <= set(row):
        return _explain_gap(row)
    if "placebo_p" in row:
        return _explain_intervention(row, alpha)
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


def _explain_gap(row: dict) -> str:
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
        text += f", {abs(gap):.1f} {'below' if gap > 0 else 'above'} your industry's average"
    text += "."
    change = row.get("change_12w", float("nan"))
    if _finite(change):
        text += f" Over 12 weeks it moved by {change:+.1f}."
    if row.get("holds_back"):
        text += " It is the pillar that holds your total back most."
    if row.get("mostly_missing"):
        text += " Careful: most of the last 4 weeks have no capture."
    return text


def _explain_intervention(row: dict, alpha: float) -> str:
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
        name = "your SSI"
    elif name.startswith("the ") and name.endswith(" pillar"):
        name = "your " + name.removeprefix("the ")
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
