"""Results in sentences a marketer can read. No statistic is computed here."""

from __future__ import annotations

import math

import pandas as pd

from ssi_analysis.names import OUTCOMES

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

    Rows of :func:`~ssi_analysis.correlate`, :func:`~ssi_analysis.lag_scan`,
    :func:`~ssi_analysis.correlation_table` and :func:`~ssi_analysis.team_effect` are
    understood.

    Parameters
    ----------
    row : pandas.Series or dict
        One row of a result table.
    alpha : float
        The significance level the sentence uses (``p_adj`` is used when the row has it).

    Returns
    -------
    str

    Examples
    --------
    >>> row = {"x": "ssi", "y": "pipeline_created", "lag": 0, "n": 52, "r": 0.41,
    ...        "p": 0.48, "p_naive": 0.002, "r_detectable": 0.45, "unit": "week", "note": ""}
    >>> import textwrap
    >>> print(textwrap.fill(explain(row), 88))
    Weekly SSI and pipeline created moved together (r = 0.41), but both drift over time;
    after removing that, there is no evidence of a link (p = 0.48, 52 weeks). With this much
    data only correlations above 0.45 could be detected, so a weaker link cannot be ruled
    out.
    """
    row = dict(row)
    if "effect" in row:
        return _explain_team(row, alpha)
    x, y = label(row["x"]), label(row["y"])
    unit = row.get("unit", "period") or "period"
    n, lag = int(row.get("n", 0)), int(row.get("lag", 0))
    if row.get("note"):
        return f"{_cap(x)} and {y}: no result — {row['note']}."
    adjusted = "p_adj" in row and row["p_adj"] == row["p_adj"]
    p = row["p_adj"] if adjusted else row["p"]
    if lag == 0:
        plain = f"{_adverb(unit)} {x} and {y}"
    elif lag > 0:
        plain = f"{x} and {y} {lag} {unit}{'s' if lag > 1 else ''} later"
    else:
        plain = f"{y} and {x} {-lag} {unit}{'s' if lag < -1 else ''} later"
    pair = _cap(plain)
    span = f"{n} {unit}s"
    r = row["r"]
    direction = "moved together" if r > 0 else "moved in opposite directions"
    family = ", adjusted for the number of tests" if adjusted else ""
    if p < alpha:
        text = (
            f"{pair} {direction} (r = {_number(r)}), and the link holds after accounting "
            f"for trends and autocorrelation ({_p(p)}{family}, {span}). A correlation does "
            f"not show that one causes the other."
        )
        return text
    naive = row.get("p_naive", float("nan"))
    if naive == naive and naive < alpha and abs(r) >= 0.2:
        text = (
            f"{pair} {direction} (r = {_number(r)}), but both drift over time; after "
            f"removing that, there is no evidence of a link ({_p(p)}{family}, {span})."
        )
    else:
        text = (
            f"No evidence that {plain} move together (r = {_number(r)}, {_p(p)}{family}, {span})."
        )
    detectable = row.get("r_detectable", float("nan"))
    if detectable == detectable:
        text += (
            f" With this much data only correlations above {_number(detectable)} could be "
            "detected, so a weaker link cannot be ruled out."
        )
    return text


def _explain_team(row: dict, alpha: float) -> str:
    x, y = label(row["x"]), label(row["y"])
    p, r = row.get("p", float("nan")), row.get("r", float("nan"))
    people = int(row.get("n_people", 0))
    if row["effect"] == "within":
        if row.get("note"):
            return f"Within-person effect of {x} on {y}: no result — {row['note']}."
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
        return (
            f"People with higher average {x} had {'higher' if r > 0 else 'lower'} average "
            f"{y} (r = {_number(r)}, {_p(p)}, {people} people). This compares different "
            "people — seniority, role and territory differ too — and says nothing about "
            f"what raising one person's {x} does."
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


def describe_metric(metric: str) -> str:
    """Return the one-line meaning of an outcome metric (:data:`ssi_analysis.names.OUTCOMES`)."""
    return OUTCOMES.get(metric, ("", label(metric)))[1]
