"""Per-seller answers: each seller's own answers, with the team's shared swing taken out."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.stats.answers._common import (
    _check_lag,
    _check_levels,
    _negatives,
    outcome_columns,
    transform_outcomes,
)
from ssi_analysis.stats.answers.person import (
    Answers,
    answers,
)
from ssi_analysis.words.answers import _seller_note

# ---------------------------------------------------------------- per seller


def seller_answers(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = ("ssi",),
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float = 0.3,
    alpha: float = 0.05,
    transform: str | None = "log1p",
    holidays: Iterable | None = None,
    currency: str | None = None,
) -> Answers:
    """Answer for each seller of a team on their own, adjusted across sellers and lags.

    Each seller's series are first taken against the rest of the team: from the score and
    the outcome (after the ``transform``) of seller i at period t, the other sellers' mean
    at t (leave-one-out) minus its own average over the periods is subtracted, so a market
    swing the whole team shares (a good quarter, a holiday week) is not read as the seller's
    own link — as the period effects of the team test take it out. Without this, 43 % of
    null 12-seller teams sharing a swing showed a "linked" seller. Levels stay where they
    were. A period no other seller has stays as it is; a missing value stays missing.

    Each seller then gets the one-person answer of :func:`answers` (gap-safe test, three
    verdicts, checks on every link), with one Benjamini-Hochberg family over every seller ×
    score × outcome × lag (``family="all"``): reading twelve sellers' lag scans is sixty
    chances to find "seller H: the link holds" by luck. :func:`seller_note` says what one
    seller's data can show.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`, several people.
    scores : sequence of str
        Default SSI only (a per-seller pillar table is 5 times the tests for the same data).
    outcomes, lags, bound, alpha, transform, holidays, currency
        As in :func:`answers`.

    Returns
    -------
    Answers
        One row per seller × score × outcome in ``.table`` (``p_adj`` over the whole table's
        lags), every lag in ``.lags``; ``transform`` says which outcomes were logged.

    Examples
    --------
    >>> from ssi_analysis.stats.answers import VERDICTS
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=364, people=4).weekly()
    >>> result = seller_answers(panel, outcomes=["replies"], lags=[0, 1])
    >>> len(result.table), sorted(set(result.table["verdict"]) - set(VERDICTS))
    (4, [])
    """
    # checked here, in this function's name and words (answers would say "answers: r_bound")
    _check_levels("seller_answers", alpha, bound)
    lags = [_check_lag(k, "seller_answers") for k in lags]
    if outcomes is None:
        outcomes = outcome_columns(panel)
    outcomes = [o for o in outcomes if o in panel]
    frame, used = transform_outcomes(panel, outcomes, transform)
    frame = without_team_swing(frame, [*[s for s in scores if s in frame], *outcomes])
    # The effect is read on each seller's own outcome (not its log), net of the team's swing;
    # whether it is a share is judged on the outcome as exported (taking out the swing makes
    # a count go below 0 in some weeks, which must not switch it to its own units).
    effect_panel = without_team_swing(panel, outcomes)
    effect_panel.attrs = {}
    result = answers(
        frame,
        scores=list(scores),
        outcomes=outcomes,
        lags=lags,
        r_bound=bound,  # this function's bound is the correlation figure
        alpha=alpha,
        holidays=holidays,
        transform=None,
        family="all",
        currency=currency,
        _effect_panel=effect_panel,
        _negative=_negatives(panel, outcomes),
    )
    for table in (result.table, result.lags):
        if "transform" in table and len(table):
            table["transform"] = table["outcome"].map(used).fillna("")
    return result


def without_team_swing(panel: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Take the rest of the team's period movement out of each person's columns.

    For person i at period t: v_it − (m_(−i)t − mean over t of m_(−i)t), with m_(−i)t the
    mean of the *other* people's values at t (leave-one-out: a seller's own link must not
    leak into their reference). Levels stay; a period no one else has keeps its value; a
    missing value stays missing.

    Examples
    --------
    >>> panel = pd.DataFrame({"person": list("aabbcc"), "period": [1, 2] * 3,
    ...                       "y": [1.0, 3.0, 2.0, 4.0, 3.0, 5.0]})
    >>> without_team_swing(panel, ["y"])["y"].tolist()  # the team rose by 2 together
    [2.0, 2.0, 3.0, 3.0, 4.0, 4.0]
    """
    out = panel.copy()
    for column in columns:
        values = out[column].astype(float)
        seen = values.notna()
        total = values.fillna(0.0).groupby(out["period"]).transform("sum")
        count = seen.groupby(out["period"]).transform("sum")
        others = count - seen.astype(int)
        with np.errstate(invalid="ignore", divide="ignore"):
            loo = (total - values.fillna(0.0)) / others.where(others > 0)
        swing = loo - loo.groupby(out["person"]).transform("mean")
        out[column] = values - swing.fillna(0.0)
    return out


def seller_note(result: Answers) -> str:
    """Say in plain words what one seller's data can show, and how the table was adjusted.

    Examples
    --------
    >>> table = pd.DataFrame({"person": ["A", "B"], "n": [52, 50],
    ...                       "r_detectable": [0.39, 0.41], "verdict": ["inconclusive"] * 2})
    >>> lags = pd.DataFrame({"p": np.zeros(10)})
    >>> import textwrap
    >>> print(textwrap.fill(seller_note(Answers(table=table, lags=lags)), 88))
    One seller's 50 to 52 weeks can only show links above about 0.39 to 0.41 (80 % power): a
    seller's own answer is "can't tell yet" unless the link is strong. Each seller is read
    against the rest of the team (the swing the whole team shared that week taken out), and
    each answer is adjusted across all 2 sellers and every lag (10 tests), so a single raw p
    below 0.05 is not a finding.
    """
    table = result.table
    if table.empty:
        return _seller_note(people=0, n=[], detectable=[], tests=0, unit=result.unit)
    return _seller_note(
        people=table["person"].nunique(),
        n=table["n"].to_numpy(float),
        detectable=table["r_detectable"].to_numpy(float),
        tests=len(result.lags),
        unit=result.unit,
        alpha=result.alpha,
    )
