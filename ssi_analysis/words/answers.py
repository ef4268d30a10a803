"""The answers' sentences, built as plain strings from the numbers of the row they describe.

Moved out of ``ssi_analysis.stats.answers`` (#27): the statistics build a row of numbers,
kinds and reasons, and call :func:`sentence` (one person), :func:`_team_sentence` and
:func:`_between_sentence` (a team) on it. Numbers are written by :mod:`.format`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from ssi_analysis.names import MONEY_METRICS as MONEY_OUTCOMES
from ssi_analysis.names import PILLAR_NAMES, SCORE_LABELS, outcome_kind
from ssi_analysis.questions import question_horizon as _question_horizon
from ssi_analysis.words.format import (
    _HUGE_PCT,  # noqa: F401
    join_and,
    verdict_phrase,
)
from ssi_analysis.words.format import fmt as _fmt
from ssi_analysis.words.format import fmt_p as _fmt_p
from ssi_analysis.words.format import pct as _pct
from ssi_analysis.words.format import share_pct as _share_pct

#: Periods in a year, per clock (to say "about 12 years of data").
PER_YEAR = {"week": 52.18, "month": 12.0, "day": 365.25}


def _is_flow(outcome: str) -> bool:
    """Say whether an outcome is counted per period (replies, revenue), not a rate or a level.

    A flow is "+10 % of replies per week"; a rate or a running total has no "per week": "a
    reply rate 19 % lower" (issue #22: "-19 % of reply rate per week" read as a weekly rate).
    """
    return outcome_kind(str(outcome)) not in ("rate", "level")


def _per(outcome: str, unit: str) -> str:
    """Return " per week" for a flow, "" for a rate or a level (see :func:`_is_flow`)."""
    return f" per {unit}" if _is_flow(outcome) else ""


def _r_bound_words(bound: float, unit: str) -> str:
    """Name the correlation bound a correlation-scale verdict uses, in words.

    Issue #22: "any link is weaker than ±0.30" never said what 0.30 is. It is a correlation
    of the two series' {unit}-to-{unit} surprises: what is left of each after its trend and
    its own autocorrelation are taken out (the innovations the lag scan tests).

    Examples
    --------
    >>> _r_bound_words(0.3, "week")
    'a correlation of ±0.30 between their week-to-week surprises'
    """
    return f"a correlation of ±{bound:.2f} between their {unit}-to-{unit} surprises"


def _weak_link_words(lags: str, bound: float, unit: str) -> str:
    """Say that a link is smaller than the correlation that matters at every lag (TOST)."""
    return f" It is a weak link: at every {lags} it is smaller than {_r_bound_words(bound, unit)}."


def _link_ending(record: Mapping) -> str:
    """End a "linked" sentence: a correlation is not a cause, then the caveat if any."""
    text = " A correlation does not show that one causes the other."
    if record.get("caveat"):
        text += f" But check: {record['caveat']}."
    return text


def _horizon_words(record: Mapping, cycle: Mapping | None, unit: str) -> str:
    """Say which horizon a revenue answer covers and where it came from."""
    h = int(record.get("horizon", 0))
    source = record.get("horizon_from", "")
    if source == "given":
        return f" The horizon, {h + 1} {unit}s, was set by you."
    if source == "cycle" and cycle:
        return (
            f" The horizon, {h + 1} {unit}s, covers your sales cycle: 80 % of the "
            f"{cycle['deals']} won deals in your CRM export closed within "
            f"{cycle['p80_weeks']:g} weeks of being created (median {cycle['median_weeks']:g})."
        )
    if source == "default" and record.get("question") == "revenue":
        text = f" The horizon, {h + 1} {unit}s, is the kit's default sales cycle"
        if cycle:
            return text + (
                f"; your CRM export's is shorter (80 % of {cycle['deals']} won deals closed "
                f"within {cycle['p80_weeks']:g} weeks)."
            )
        return text + " (a CRM export with create and close dates would measure yours)."
    return ""


def _outcome_label(outcome: str, currency: str | None) -> str:
    """Name an outcome, with the currency of a money outcome: "pipeline created (USD)"."""
    what = _label(outcome)
    return f"{what} ({currency})" if currency and outcome in MONEY_OUTCOMES else what


def team_margin(row: Mapping) -> tuple[float, float]:
    """Return the margin, in % of the outcome, that a team row's "ruled out" was tested on.

    The window's effect (the outcome against the score's mean over lags 0..H) reads an effect
    at one lag as at least ``window_weight`` times its size, so the equivalence test shrinks
    the bound by that weight on the model's scale (``_effect_columns`` in
    :mod:`ssi_analysis.stats.answers.team`): ±``bound`` at any single lag is ruled out when
    the window's interval sits inside this margin. A row that is not the window's (a linked
    lag) is tested against ±``bound`` itself.

    >>> row = {"bound": 0.4, "window": 4, "window_weight": 0.75, "transform": "ppml"}
    >>> [round(v, 1) for v in team_margin(row)]
    [-31.8, 28.7]
    >>> team_margin({"bound": 0.4, "window": float("nan"), "transform": ""})
    (-40.0, 40.0)
    """
    bound = float(row.get("bound", np.nan))
    weight = 1.0
    if np.isfinite(float(row.get("window", np.nan))):
        weight = float(row.get("window_weight", np.nan))
        weight = min(max(weight, 0.0), 1.0) if np.isfinite(weight) else 0.0
    if row.get("transform") in ("ppml", "log1p"):
        low, high = np.expm1(weight * np.log1p(-bound)), np.expm1(weight * np.log1p(bound))
        return float(100 * low), float(100 * high)
    return float(-100 * bound * weight), float(100 * bound * weight)


def _margin_words(low: float, high: float, outward: bool) -> str:
    """Write a margin in whole %: "±31 %" or "-34 % to +31 %".

    Rounded away from 0 (``outward``) where an interval is said to sit inside it, towards 0
    where it is said not to, so that the rounding never makes the words contradict the
    interval shown beside them.
    """
    turn = np.ceil if outward else np.floor
    lo, hi = int(turn(round(-low, 6))), int(turn(round(high, 6)))
    return f"±{hi} %" if lo == hi else f"-{lo} % to +{hi} %"


def _is_window_row(row: Mapping) -> bool:
    """Say whether a team row is the window's and its margin is narrower than ±bound."""
    weight = float(row.get("window_weight", np.nan))
    return np.isfinite(float(row.get("window", np.nan))) and not (
        np.isfinite(weight) and weight >= 1
    )


def _team_sentence(row: Mapping, alpha: float, currency: str | None = None) -> str:
    x, y, people = _label(row["score"]), _outcome_label(row["outcome"], currency), row["people"]
    own = x.removeprefix("the ")  # "a person's build-relationships pillar"
    unit = row.get("unit") or "week"
    rise = _rise_words(row)
    sustained = rise.replace("a ", "a sustained ", 1)
    bound = float(row.get("bound", np.nan))
    h = row.get("horizon", np.nan)
    over = _window_words(int(h), unit) if np.isfinite(h) else ""
    cumulative = np.isfinite(row.get("window", np.nan))  # the row shown is the window's
    level = 100 * (1 - 2 * alpha)
    per = _per(row["outcome"], unit)
    if row["verdict"] == "linked":
        way = "higher too" if row["slope"] > 0 else "lower (a negative link)"
        when = over if cumulative else _lags_words(row, unit)
        head = (
            f"{verdict_phrase('linked', start=True)}: "
            f"when a person's {own} was above their own usual level, their {y} {when} "
            f"was {way} ({_fmt_p(row['p_adj'], 'adjusted p')}, {people} people)."
        )
        small = ""
        if row.get("small") is True:
            small = (
                f" Small, though: {sustained} went with less than ±{100 * bound:.0f} % change "
                f"in {_expected(row)}{y} {over} ({level:.0f} % interval "
                f"{_pct(row['cum_low'])} to {_pct(row['cum_high'])}): linked, but by less "
                f"than ±{100 * bound:.0f} %."
            )
        return f"{head}{_size_words(row, y, alpha)}{small}" + _link_ending(row)
    adjusted = (
        "the link test, adjusted for every "
        + ("lag, " if row.get("lags_tested") and not _is_cycle_row(row) else "")
        + "score and outcome of the question read together, did not pass"
    )
    if row["verdict"] == "ruled out":
        low, high = row["tost_low"], row["tost_high"]
        margin = _margin_words(*team_margin(row), outward=True)
        text = (
            f"{verdict_phrase('ruled out', start=True)}: "
            f"within each person, {sustained} went with a change inside {margin} "
            f"in {_expected(row)}{y}{per} {over} "
            f"({level:.0f} % interval: {_pct(low)} to {_pct(high)}, "
            f"{_fmt_p(row['p_tost'], 'equivalence p')}, {people} people)"
        )
        if _is_window_row(row):
            text += (
                f", the margin that rules out ±{100 * bound:.0f} % at any single {unit} "
                f"(an effect at one {unit} is diluted in the {int(h) + 1}-{unit} average)"
            )
        text += "."
        if low > 0 or high < 0:  # a small effect, not nothing: say it (#22's rule)
            text += (
                f" The interval excludes 0 read alone ({adjusted}: "
                f"{_fmt_p(row['p_adj'], 'adjusted p')}): at most a small effect, "
                f"{_pct(low)} to {_pct(high)}, smaller than the ±{100 * bound:.0f} % that "
                "matters."
            )
        return text
    if (
        row.get("note")
        and not np.isfinite(row.get("p_adj", np.nan))
        and not np.isfinite(row.get("effect_pct", np.nan))
    ):
        return (
            f"{verdict_phrase('inconclusive', start=True)}: "
            f"{x} and {y} within people could not be tested — {row['note']}."
        )
    size = ""
    if np.isfinite(row.get("effect_pct", np.nan)):
        low, high = row["tost_low"], row["tost_high"]
        size = (
            f" {_cap(over)}, {sustained} went with {_pct(row['effect_pct'])} in "
            f"{_expected(row)}{y}{per} ({level:.0f} % interval {_pct(low)} to "
            f"{_pct(high)})"
        )
        excludes = low > 0 or high < 0
        size += (
            f": the interval excludes 0, but it is a {level:.0f} % interval read alone; {adjusted}."
            if excludes
            else "."
        )
    window = _is_window_row(row) and np.isfinite(bound)
    limit = (
        f"an effect of ±{100 * bound:.0f} % per {RISE_WORDS.get(row['score'], 'point')} "
        + (f"at any single {unit}" if window else over)
        if np.isfinite(bound)
        else "a link"
    )
    cannot = (
        "cannot be ruled out either"
        if np.isfinite(row.get("effect_pct", np.nan))
        else "cannot be ruled out: a % bound does not fit an outcome that can be negative"
    )
    if window and np.isfinite(row.get("effect_pct", np.nan)) and not max(team_margin(row)) > 0:
        cannot += (
            f": in these data an effect at one {unit} can vanish from the {int(h) + 1}-{unit} "
            f"average (a {unit}'s weight in it is not above 0), so no interval of it rules "
            "that out"
        )
    elif window and np.isfinite(row.get("effect_pct", np.nan)):
        margin = _margin_words(*team_margin(row), outward=False)
        cannot += (
            f": that needs the {level:.0f} % interval of the effect {over} inside {margin} "
            f"(an effect at one {unit} is diluted in the {int(h) + 1}-{unit} average)"
        )
    if not np.isfinite(row.get("effect_pct", np.nan)) and row.get("note"):
        cannot = f"cannot be ruled out: {row['note']}"
    where = ""
    if np.isfinite(row.get("best_lag", np.nan)):
        where = f", smallest at lag {int(row['best_lag'])} of {row.get('lags_tested', '')}"
    head = f"no evidence that a person's {y} moves with their own {own}"
    if np.isfinite(row.get("effect_pct", np.nan)) and (row["tost_low"] > 0 or row["tost_high"] < 0):
        # a hint, not nothing (said below): not "no evidence"
        head = f"a link between a person's {y} and their own {own} is not shown"
    return (
        f"{verdict_phrase('inconclusive', start=True)}: {head} "
        f"({_fmt_p(row['p_adj'], 'adjusted p')}{where}, {people} people), but {limit} "
        f"{cannot}.{size}"
    )


def _ruled_out_r_words(record: Mapping, unit: str, decides: str) -> str:
    """Say why a "ruled out" row can show an r interval that excludes 0 (#22's rule).

    The r interval (at ``r_level``, one lag) is read alone; the link test is adjusted for
    every lag and pair of the question, and the verdict is decided by ``decides``.
    """
    low, high = record.get("r_low", np.nan), record.get("r_high", np.nan)
    if not (np.isfinite(low) and np.isfinite(high)) or low <= 0 <= high:
        return ""
    level = float(record.get("r_level", np.nan))
    level_words = f"{level:.0f} % " if np.isfinite(level) else ""
    return (
        f" The correlation {_lag_words(int(record['lag']), unit)} (r = {_fmt(record['r'])}, "
        f"{level_words}interval {_fmt(low)} to {_fmt(high)}) excludes 0 read alone, but the "
        "link test across every lag and pair of this question did not pass "
        f"({_fmt_p(record['p_adj'], 'adjusted p')}): a link may be there; this answer "
        f"is decided by {decides}."
    )


def _is_cycle_row(row: Mapping) -> bool:
    return _question_horizon(str(row["outcome"]))[1]


#: How a RISE of each score is said.
RISE_WORDS = {"ssi": "10 SSI points", **{p: f"2.5 {p} points" for p in PILLAR_NAMES}}


def _rise_words(row: Mapping) -> str:
    score = row["score"]
    if score == "ssi":
        return "a 10-point rise in SSI"
    return f"a {row.get('rise', 2.5):g}-point rise in {_label(score)}"


def _expected(row: Mapping) -> str:
    return "the expected " if row.get("transform") == "ppml" else ""


def _lags_words(row: Mapping, unit: str) -> str:
    """Say the named lag, or the lags the data cannot tell it from ("around 1-3 weeks")."""
    lag = int(row.get("lag", 0) or 0)
    low, high = row.get("lag_low", lag), row.get("lag_high", lag)
    if not (np.isfinite(low) and np.isfinite(high)) or low == high:
        return _lag_words(lag, unit)
    low, high = int(low), int(high)
    if low >= 0:
        span = f"{low}-{high} {unit}s later" if low > 0 else f"0-{high} {unit}s later"
        return f"around {span} (the data cannot single out one lag)"
    return f"between {low} and {high} {unit}s (the data cannot single out one lag)"


def _size_words(row: Mapping, y: str, alpha: float = 0.05) -> str:
    """How much the outcome moved per rise of the score, within people, in the outcome's units."""
    slope, low, high = (float(row.get(k, np.nan)) for k in ("slope", "slope_low", "slope_high"))
    if not np.isfinite(slope):
        return ""
    unit = row.get("unit") or "week"
    window = row.get("window", np.nan)
    cumulative = window is not None and np.isfinite(window)
    when = _window_words(int(window), unit) if cumulative else _lags_words(row, unit)
    rise = _rise_words(row)
    if cumulative:
        rise = rise.replace("a ", "a sustained ", 1)
    kind = row.get("transform")
    if kind in ("ppml", "log1p") or np.isfinite(row.get("effect_pct", np.nan)):
        effect = float(row.get("effect_pct", np.nan))
        if not np.isfinite(effect):
            return ""
        what = {
            "ppml": f"the expected {y}",
            "log1p": f"1 + {y} (log scale: not the change of the average when many "
            f"{row.get('unit') or 'week'}s are 0)",
        }.get(kind, f"{y}, relative to its average")
        level = 100 * (1 - 2 * alpha)  # the page's one level: the equivalence test's
        low, high = row.get("tost_low", np.nan), row.get("tost_high", np.nan)
        if not (np.isfinite(low) and np.isfinite(high)):
            low, high = row.get("effect_low_pct", np.nan), row.get("effect_high_pct", np.nan)
            level = 100 * (1 - alpha)
        return (
            f" In size (the same test): {rise} above their usual level went with "
            f"{_pct(effect)} in {what} {when} ({level:.0f} % interval {_pct(low)} to "
            f"{_pct(high)})."
        )
    point = "SSI point" if row["score"] == "ssi" else f"{row['score']} point"
    interval = (
        f" ({100 * (1 - alpha):.0f} % interval {low:+,.3g} to {high:+,.3g})"
        if np.isfinite(low) and np.isfinite(high)
        else ""
    )
    return f" Each {point} above their usual level went with {slope:+,.3g} of {y} {when}{interval}."


def _between_sentence(row: Mapping, alpha: float, currency: str | None = None) -> str:
    x, y = _label(row["score"]), _outcome_label(row["outcome"], currency)
    if not np.isfinite(row["between_r"]):
        return f"Between people: no result for {x} and {y} (at least 3 people are needed)."
    if not np.isfinite(row.get("between_p_adj", np.nan)):
        return (
            f"Different people: their average {x} and average {y} correlate at "
            f"r = {_fmt(row['between_r'])}, not tested for this question (no p). Seniority, "
            f"role and territory differ too: this says nothing about what raising one "
            f"person's {x} does."
        )
    if row["between_p_adj"] < alpha:
        way = "higher" if row["between_r"] > 0 else "lower"
        head = (
            f"Different people: those with higher average {x} had {way} average {y} "
            f"(r = {_fmt(row['between_r'])}, {_fmt_p(row['between_p_adj'], 'adjusted p')})."
        )
    else:
        head = (
            f"Different people: no evidence that people with higher average {x} have "
            f"different average {y} ({_fmt_p(row['between_p_adj'], 'adjusted p')})."
        )
    return head + (
        " Seniority, role and territory differ too: this says nothing about what raising one "
        f"person's {x} does."
    )


def _too_few_sentence(group: str, n: int, min_people: int) -> str:
    """Say that a group has too few sellers for its own answer (``group_answers``' rows)."""
    return (
        f"{group}: {n} {'person' if n == 1 else 'people'} — too few for a "
        f"within-person answer of their own (at least {min_people} are "
        "needed); they count in the whole team's answer."
    )


def _seller_note(*, people: int, n, detectable, tests: int, unit: str, alpha: float = 0.05) -> str:
    """Say what one seller's data can show, and how the per-seller table was adjusted.

    ``n`` (periods) and ``detectable`` (r at 80 % power) hold one value per seller's row;
    ``people`` sellers, ``tests`` tests: :func:`~ssi_analysis.stats.answers.seller_note`.
    """
    if not people:
        return "No seller could be answered on their own."
    # a seller with too few periods has no n or r_detectable: left out, as pandas' min does
    n, detect = (
        (v[~np.isnan(v)] if (~np.isnan(v)).any() else v)
        for v in (np.asarray(n, dtype=float), np.asarray(detectable, dtype=float))
    )
    span = f"{n.min():.0f}" if n.min() == n.max() else f"{n.min():.0f} to {n.max():.0f}"
    size = (
        f"{detect.min():.2f}"
        if round(detect.min(), 2) == round(detect.max(), 2)
        else f"{detect.min():.2f} to {detect.max():.2f}"
    )
    return (
        f"One seller's {span} {unit}s can only show links above about {size} (80 % power): "
        f'a seller\'s own answer is "{verdict_phrase("inconclusive")}" unless the link is '
        "strong. Each seller is "
        f"read against the rest of the team (the swing the whole team shared that {unit} "
        f"taken out), and each answer is adjusted across all {people} sellers and every lag "
        f"({tests} tests), so a single raw p below {alpha:g} is not a "
        "finding."
    )


def _differ_sentence(outcome: str, score: str, differ: bool, p_adj: float) -> str:
    """Say whether the groups' within-seller links differ (``group_differences``' rows)."""
    x, y = _label(score), _label(outcome)
    if not np.isfinite(p_adj):
        return f"Whether the groups differ on {x} and {y} could not be tested."
    if differ:
        return (
            f"The groups differ: the within-seller link between {x} and {y} is not the same "
            f"in every group (test of the difference, {_fmt_p(p_adj, 'adjusted p')})."
        )
    return (
        f"The groups do not differ detectably on {x} and {y} "
        f"({_fmt_p(p_adj, 'adjusted p')} for a difference): a verdict that reads differently "
        "in two groups is not evidence that they differ."
    )


def differ_lines(rows) -> list[str]:
    """Say the groups' differences for a page: one sentence for every pair they do not differ on.

    ``rows``: one record per score × outcome (``score``, ``outcome``, ``groups_differ``,
    ``differ_p_adj``, ``differ_sentence``). A difference, or a pair that could not be
    tested, keeps its own sentence; the pairs that do not differ share one.

    Examples
    --------
    >>> rows = [{"score": "ssi", "outcome": o, "groups_differ": False, "differ_p_adj": p,
    ...          "differ_sentence": ""} for o, p in (("deals_created", 0.9), ("deals_won", 0.4))]
    >>> differ_lines(rows)[0][:62]
    'The groups do not differ detectably on SSI and deals created ('
    """
    lines, same = [], []
    for row in rows:
        p_adj = float(row.get("differ_p_adj", np.nan))
        if bool(row.get("groups_differ")) or not np.isfinite(p_adj):
            lines.append(str(row["differ_sentence"]))
        else:
            same.append(f"{_label(row['score'])} and {_label(row['outcome'])} "
                        f"({_fmt_p(p_adj, 'adjusted p')})")  # fmt: skip
    if same:
        lines.append(
            f"The groups do not differ detectably on {join_and(same)}, each for a difference: a "
            "verdict that reads differently in two groups is not evidence that they differ."
        )
    return lines


#: How a choice is said in a sentence ("this result depends on counting by month").
CHOICE_WORDS = {
    "weekly": "counting by week",
    "monthly": "counting by month",
    "daily": "counting by day",
    "log1p": "the log scale",
    "raw": "the raw scale (no log)",
}


def _choice_words(parts) -> str:
    """Say the parts of a choice that differ (``{"monthly", "raw"}``), in a fixed order."""
    order = list(CHOICE_WORDS)
    ranked = sorted(parts, key=lambda p: order.index(p) if p in order else len(order))
    return " and ".join(CHOICE_WORDS.get(p, p) for p in ranked)


def _fork_note(changes: Sequence[tuple[str, str]]) -> str:
    """Say which choices change an answer: (choice words, the verdict that way); "" if none."""
    if not changes:
        return ""
    return (
        "This result depends on "
        + "; and on ".join(f'{w}: that way it is "{verdict_phrase(t)}"' for w, t in changes)
        + "."
    )


# ---------------------------------------------------------------- sentences (plain strings)

_LABELS = SCORE_LABELS


def _label(column: str) -> str:
    return _LABELS.get(column, str(column).replace("_", " "))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period_name(periods, t: int, unit: str) -> str:
    if periods is None or not 0 <= t < len(periods):
        return f"{unit} {t + 1}"
    return f"the {unit} of {periods[t]:%Y-%m-%d}"


def _lag_words(lag: int, unit: str) -> str:
    if lag == 0:
        return "in the same " + unit
    return f"{abs(lag)} {unit}{'s' if abs(lag) > 1 else ''} " + ("later" if lag > 0 else "earlier")


def _needed_words(record: Mapping, bound_words: str, unit: str) -> str:
    """Say how much more data would rule the bound out if there were no effect.

    The effect's interval narrows as 1/√n: with no effect, ±bound is ruled out once the
    half-width of the 90 % interval is below the bound, i.e. after about
    n·(half-width / bound)² periods — of this person, or as many people as that factor
    over the same periods (a team's sellers each add their own weeks). A rough guide (the
    interval's width itself is estimated), given when the interval is wider than the bound.
    """
    low, high = record.get("effect_low", np.nan), record.get("effect_high", np.nan)
    bound, n = float(record.get("bound", np.nan)), record.get("n", np.nan)
    if not (bound_words and np.isfinite(low) and np.isfinite(high) and np.isfinite(bound)):
        return ""
    factor = ((high - low) / 2 / bound) ** 2
    if not (factor > 1 and np.isfinite(n) and n > 0):
        return ""
    years = factor * float(n) / PER_YEAR.get(unit, 52.18)
    span = f"about {years:,.0f} years" if years >= 1.5 else f"about {years * 12:,.0f} months"
    team = f", or a team of about {int(np.ceil(factor))} people like this one over the same {unit}s"
    why = "the interval narrows with the square root of the data"
    if "team_people" in record and not (
        isinstance(record["team_people"], float) and np.isnan(record["team_people"])
    ):
        # the team planner's answer for the team's own test (the cumulative effect, PPML)
        people = record["team_people"]
        team = (
            f", or a team of about {people:,} people like this one over the same {unit}s"
            if people is not None and np.isfinite(people)
            else "; a team of people like this one would need more than 5,000 of them"
        )
        why += "; the team's size is the team planner's, for at least an 80 % chance"
    return (
        f" If there is no effect, ruling out {bound_words} would take {span} of data like "
        f"this{team} ({why})."
    )


def _window_words(h: int, unit: str) -> str:
    """Say a horizon of lags 0..h: the same period and the h after it."""
    if not h:
        return f"in the same {unit}"
    if h == 1:
        return f"over the same {unit} and the next"
    return f"over the same {unit} and the following {h} {unit}s"


def _effect_words(record: Mapping, y: str, unit: str) -> tuple[str, str, str]:
    """Say the rise, the effect with its interval and the bound in the outcome's units."""
    x = _label(record["score"])
    rise = float(record.get("rise", 1.0))
    h = int(record.get("horizon", 0))
    what = "SSI" if record["score"] == "ssi" else x
    rise_words = f"a sustained {rise:g}-point rise in {what}"
    over = _window_words(h, unit)
    share = record.get("effect_unit") == "share"
    if share:
        # A straight line's effect can pass -100 % of the average (it predicts below zero);
        # a user reads "% lower", which stops at all of it: say "below -100 %", never "-127 %".
        def show(v: float) -> str:
            return "below -100 %" if np.isfinite(v) and v < -1 else _share_pct(v)
    else:

        def show(v: float) -> str:
            return "n/a" if not np.isfinite(v) else f"{v:+,.2f}"

    interval = f"90 % interval {show(record['effect_low'])} to {show(record['effect_high'])}"
    if not np.isfinite(record.get("effect", np.nan)):
        effect = ""
    elif share and not _is_flow(record["outcome"]):
        # a rate or a level: "a reply rate 19 % lower", relative to its average, not points
        way = "higher" if record["effect"] >= 0 else "lower"
        size = _share_pct(abs(record["effect"])).lstrip("+")
        article = "a " if outcome_kind(str(record["outcome"])) == "rate" else ""  # followers
        effect = f"{article}{y} {size} {way} {over} ({interval}, relative to its average)"
    else:
        effect = (
            f"{show(record['effect'])} {'of ' if share else ''}{y} per {unit} {over} ({interval})"
        )
    b = record.get("bound", np.nan)
    if not np.isfinite(b):
        bound = ""
    else:
        bound = f"±{b * 100:.0f} %" if share else f"±{b:,.2f} {y}"
    return rise_words, effect, bound


def _sentence_sign(low: float, high: float) -> int:
    """+1 or -1 when an interval excludes 0 on that side, 0 when it holds 0 (or is n/a)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return 0
    return 1 if low > 0 else -1 if high < 0 else 0


def _sustained_beside_link(record: Mapping, rise_words: str, effect: str, unit: str) -> str:
    """Say the sustained rise's effect beside a week-to-week link, as the other measure it is.

    "Linked" is the lag scan's correlation of week-to-week surprises; the effect is that of
    a rise held over the whole horizon (the equivalence test's estimand). They can disagree:
    the sentence never prints a size whose interval holds 0, or points the other way, as the
    link's size without saying so.
    """
    sign = _sentence_sign(record.get("effect_low", np.nan), record.get("effect_high", np.nan))
    way = 1 if record.get("r", 0) > 0 else -1
    if sign == way:
        return f" A different measure, the same direction: {rise_words} went with {effect}."
    if sign == -way:
        return (
            f" But the other measure points the other way: {rise_words} went with {effect}."
            f" The {unit}-to-{unit} ups and downs and the lasting level disagree here, so this "
            "link says nothing about what a lasting rise goes with."
        )
    return (
        f" How large a lasting effect is, this data cannot say: {rise_words} went with "
        f"{effect}, an interval that holds 0. The link is in the {unit}-to-{unit} ups and "
        "downs, not in a lasting rise."
    )


def sentence(
    record: Mapping,
    *,
    alpha: float = 0.05,
    lags: Sequence[int] = (0,),
    inside: bool = False,
    currency: str | None = None,
    full: bool = True,
    tests: int = 0,
    by_effect: bool = False,
) -> str:
    """Say the answer of one row of :attr:`Answers.table` in plain words.

    ``full`` is False when the effect's horizon was shortened to fit the data; ``tests`` is
    the number of lag tests in the row's families (said when an unadjusted interval
    excludes 0 beside "can't tell yet"); ``by_effect`` says the link was tested on the effect
    over the whole horizon (a sales cycle), not at one lag at a time.

    Examples
    --------
    >>> row = {"score": "ssi", "outcome": "revenue_won", "verdict": "inconclusive", "lag": 0,
    ...        "r": 0.08, "r_low": -0.2, "r_high": 0.35, "p": 0.6, "p_adj": 0.9,
    ...        "r_detectable": 0.38, "bound": 0.25, "n": 156, "unit": "week", "caveat": "",
    ...        "note": "", "p_tost": 0.3, "effect": 0.1, "effect_low": -0.4,
    ...        "effect_high": 0.6, "effect_unit": "share", "rise": 10.0, "horizon": 13}
    >>> import textwrap
    >>> print(textwrap.fill(sentence(row, lags=range(5)), 88))
    Can't tell yet: no evidence that SSI and revenue won move together (adjusted p = 0.90,
    156 weeks), and an effect as large as ±25 % cannot be ruled out: a sustained 10-point
    rise in SSI went with +10 % of revenue won per week over the same week and the following
    13 weeks (90 % interval -40 % to +60 %). If there is no effect, ruling out ±25 % would
    take about 12 years of data like this, or a team of about 4 people like this one over
    the same weeks (the interval narrows with the square root of the data).
    """
    x, y = _label(record["score"]), _outcome_label(record["outcome"], currency)
    unit, lag, bound = record.get("unit", "week") or "period", int(record["lag"]), record["bound"]
    span = f"{int(record['n'])} {unit}s"
    lag_span = f"{min(lags)} to {max(lags)} {unit}s" if len(lags) > 1 else _lag_words(lags[0], unit)
    verdict = record["verdict"]
    effect_scale = "effect_unit" in record and record.get("effect_unit") in ("share", "units")
    rise_words, effect, bound_words = _effect_words(record, y, unit) if effect_scale else ("",) * 3
    if verdict == "linked" and by_effect and effect:
        way = "higher" if record["effect"] > 0 else "lower"
        flow = _is_flow(record["outcome"])
        text = (
            f"{verdict_phrase('linked', start=True)}: "
            f"{rise_words} went with {effect}{f', {way} than before' if flow else ''} "
            f"({_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            f"autocorrelation. The link is in the {'total' if flow else 'average'} over those "
            f"{int(record['horizon']) + 1}"
            f" {unit}s (a sales cycle); the data does not single out one {unit}. A "
            "correlation does not show that one causes the other."
        )
        if record.get("caveat"):
            text += f" But check: {record['caveat']}."
        return text
    if verdict == "linked":
        direction = "rose and fell together" if record["r"] > 0 else "moved in opposite directions"
        a, b = (float(record.get(k, np.nan)) for k in ("lag_low", "lag_high"))
        ranged = np.isfinite(a) and np.isfinite(b)  # the lags a link cannot be told apart
        named = ranged and a == b == lag  # the data singles the row's lag out
        if not effect_scale or named:
            when = f"{y} {_lag_words(lag, unit)}" if lag else f"{y} in the same {unit}"
        elif ranged:
            a, b = int(a), int(b)
            if a > 0:
                when = f"{y} around {a}-{b} {unit}s later"
            elif a == 0:
                when = (
                    f"{y} in the same {unit} or the {unit} after"
                    if b == 1
                    else f"{y} in the same {unit} to {b} {unit}s later"
                )
            elif b < 0:
                when = f"{y} around {-b}-{-a} {unit}s earlier"
            else:
                when = f"{y} from {-a} {unit}s earlier to {b} {unit}s later"
        elif min(lags) == 0:  # the window includes the same week: say so
            when = f"{y} in the same {unit} or within the following {max(lags)} {unit}s"
        elif min(lags) > 0:
            when = f"{y} {min(lags)}-{max(lags)} {unit}s later"
        else:
            when = f"{y} at some lag scanned ({min(lags)} to {max(lags)} {unit}s)"
        text = (
            f"{verdict_phrase('linked', start=True)}: "
            f"{x} and {when} {direction} from {unit} to {unit} (r = {_fmt(record['r'])}"
            + (f", {_lag_words(lag, unit)}" if effect_scale and not named else "")
            + f", {_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            "autocorrelation."
        )
        if effect_scale and effect:
            text += _sustained_beside_link(record, rise_words, effect, unit)
        elif inside:
            text += _weak_link_words("lag scanned", bound, unit)
        return text + _link_ending(record)
    if verdict == "ruled out":
        if effect_scale:
            over = _window_words(int(record["horizon"]), unit)
            return (
                f"{verdict_phrase('ruled out', start=True)}: "
                f"{rise_words} does not go with more than {bound_words} of {y}"
                f"{_per(record['outcome'], unit)} {over} — the data is strong enough to say so ("
                "estimate "
                f"{effect}, {_fmt_p(record['p_tost'], 'equivalence p')}, {span}). "
                f"{_cap(x)} is not a useful guide to {y} here, at effects of that size."
                + _ruled_out_r_words(record, unit, f"the effect above, inside {bound_words}")
            )
        return (
            f"{verdict_phrase('ruled out', start=True)}: "
            f"any link between {x} and {y} (at lags of {lag_span}) is weaker than "
            f"{_r_bound_words(bound, unit)} (trend and autocorrelation taken out) — the data "
            "is strong enough to say so ("
            f"{_fmt_p(record['p_tost'], 'equivalence p')}, {span}; the largest tested r was "
            f"{_fmt(record['r'])}"
            + (f", {_lag_words(lag, unit)}" if len(lags) > 1 else "")
            + f"). {_cap(x)} is not a useful guide to {y} here."
            + _ruled_out_r_words(record, unit, f"a link weaker than ±{bound:.2f}")
        )
    if record.get("note") and not np.isfinite(record.get("p", np.nan)):
        return (
            f"{verdict_phrase('inconclusive', start=True)}: "
            f"{x} and {y} could not be tested — {record['note']}."
        )
    if effect_scale:
        e_low, e_high = record.get("effect_low", np.nan), record.get("effect_high", np.nan)
        low, high = record.get("r_low", np.nan), record.get("r_high", np.nan)
        hint = any(
            np.isfinite(a) and np.isfinite(b) and (a > 0 or b < 0)
            for a, b in ((e_low, e_high), (low, high))
        )
        head = (
            f"a link between {x} and {y} is not shown"
            if hint
            else f"no evidence that {x} and {y} move together"
        )
        text = (
            f"{verdict_phrase('inconclusive', start=True)}: "
            f"{head} ({_fmt_p(record['p_adj'], 'adjusted p')}, {span})"
        )
        if bound_words:
            text += f", and an effect as large as {bound_words} cannot be ruled out"
        text += f": {rise_words} went with {effect}." if effect else "."
        if not bound_words:
            text += (
                f" {_cap(y)} can be negative, so its effect is in its own units: give a bound "
                f"in those units (bound={{{record['outcome']!r}: ...}}) to test it."
            )
        text += _needed_words(record, bound_words, unit) if full else ""
        if not full:
            text += (
                f" The data only covers a horizon of {int(record['horizon']) + 1} {unit}"
                f"{'s' if int(record['horizon']) + 1 != 1 else ''}, "
                "shorter than this question's "
                + ("sales cycle" if record.get("horizon_from") == "cycle" else "usual one")
                + ": it cannot rule an effect out."
            )
        if np.isfinite(record.get("white_p", np.nan)) and record["white_p"] < alpha:
            text += (
                f" The score's ups and downs were not fully whitened (Ljung-Box "
                f"{_fmt_p(record['white_p'])}), so the effect's interval is not trusted "
                "enough to rule anything out."
            )
        if by_effect and np.isfinite(e_low) and (e_low > 0 or e_high < 0):
            text += (
                " The effect's 90 % interval excludes 0 on its own, but a link needs its "
                "two-sided test at 5 % after the adjustment over this question's pairs ("
                f"{_fmt_p(record['p_adj'], 'adjusted p')}): not a finding."
            )
        elif np.isfinite(e_low) and np.isfinite(e_high) and (e_low > 0 or e_high < 0):
            text += (
                " The effect's 90 % interval excludes 0 on its own (one unrelated pair in ten "
                "does that by chance), but the link is decided by the test across every lag "
                f"and pair of this question ({_fmt_p(record['p_adj'], 'adjusted p')}): not a "
                "finding."
            )
        if record.get("effect_unit") == "share" and (
            (np.isfinite(e_low) and e_low < -1) or (np.isfinite(e_high) and e_high > 2)
        ):
            text += (
                " Shares beyond -100 % or +200 % are a straight-line extrapolation: the score "
                "rarely moved that much here."
            )
        if by_effect and np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0):
            text += (
                f" The interval of r {_lag_words(lag, unit)} excludes 0 on its own (r = "
                f"{_fmt(record['r'])}, {_fmt_p(record.get('p', np.nan), 'unadjusted p')}), but "
                "this question is decided on the effect over the whole horizon, not one week "
                "at a time."
            )
        elif np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0):
            text += (
                f" The interval of r {_lag_words(lag, unit)} excludes 0 on its own (r = "
                f"{_fmt(record['r'])}, {_fmt_p(record.get('p', np.nan), 'unadjusted p')}), but "
                + (f"{tests} lag tests were run" if tests else "several lags were tested")
                + " for this question: after that adjustment ("
                + _fmt_p(record["p_adj"], "adjusted p")
                + ") it is within what chance gives."
            )
        return text
    detectable = record.get("r_detectable", np.nan)
    text = (
        f"{verdict_phrase('inconclusive', start=True)}: "
        f"no evidence that {x} and {y} move together ("
        f"{_fmt_p(record['p_adj'], 'adjusted p')}, {span}), but a link as strong as "
        f"{_r_bound_words(bound, unit)} cannot be ruled out either."
    )
    if np.isfinite(detectable):
        text += f" With this much data only correlations above {_fmt(detectable)} would have shown."
    return text
