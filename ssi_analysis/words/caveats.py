"""The caveats of a "linked" answer: which robustness check it failed, in words.

The checks (:mod:`ssi_analysis.stats.answers.robust`) find the reason (holiday weeks, one
period, a shared level step) and the p-value without it; these functions say it (#27).
"""

from __future__ import annotations

from ssi_analysis.words.answers import _label, _period_name
from ssi_analysis.words.format import fmt_p


def holiday_weeks(p: float) -> str:
    """Say that the lag-scan link is gone without the holiday weeks."""
    return (
        "the link rests on holiday weeks (year-end, and any you listed), when "
        "everyone is away and both series dip: without them " + fmt_p(p)
    )


def one_period(periods, t: int, unit: str, p: float) -> str:
    """Say that the lag-scan link is gone without one period (the most influential)."""
    return f"the link rests on one {unit}: without {_period_name(periods, t, unit)} {fmt_p(p)}"


def shared_step(score: str, outcome: str, *, lag: int, periods, t: int, unit: str, p: float) -> str:
    """Say that both series jumped to a new level together, and the link without it."""
    when = _period_name(periods, t, unit)
    return (
        f"{_label(score)} and {_label(outcome)} both jumped to a new level "
        + (f"in {when}" if lag == 0 else f"{abs(lag)} {unit}s apart, from {when}")
        + " (a team change? a new territory?): the link may be that one shared step; "
        "without it " + fmt_p(p)
    )


def effect_holidays(p: float) -> str:
    """Say that the horizon-effect link is unclear without the year-end and holiday weeks."""
    return f"the link is not clear without the year-end and holiday weeks ({fmt_p(p)} without them)"


def largest_period(periods, t: int, unit: str, p: float) -> str:
    """Say that the horizon-effect link rests on the outcome's largest period (a huge deal)."""
    return (
        f"the link rests on {_period_name(periods, t, unit)}, the largest "
        f"{unit} of the outcome ({fmt_p(p)} without it)"
    )
