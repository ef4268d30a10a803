"""The team answer per group of sellers (a Region, a Manager), adjusted as one family.

A team file's text column with one value per seller (kept by :func:`ssi_analysis.load_ssi`
as a person attribute) splits the sellers into groups; each group gets the within-person
answer of :func:`~ssi_analysis.stats.answers.team_answers`. Reading every group's answer is
as many more chances to find a link by luck, so the Benjamini-Hochberg family holds every
group × score × outcome × lag (the between-people p-values likewise): a group's ``p_adj`` is
the same number whichever other group is read beside it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats.answers import (
    SCORES,
    TEAM_COLUMNS,
    outcome_columns,
    panel_currency,
    team_answers,
    team_scan,
)

__all__ = ["GROUP_COLUMNS", "MIN_GROUP_PEOPLE", "group_answers"]

#: The fewest sellers a group needs for its own within-seller answer: the smallest team at
#: which the test's false-positive rate was checked (about 3 % at 4 people, docs/methods.md).
MIN_GROUP_PEOPLE = 4
#: The columns of :func:`group_answers`: ``group`` and ``group_people``, then the team table's.
GROUP_COLUMNS = ["group", "group_people", *TEAM_COLUMNS]
#: The verdict of a group with too few sellers (no test is run for it).
TOO_FEW = "too few people"


def group_answers(
    panel: pd.DataFrame,
    *,
    groups: Mapping[str, object],
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float = 0.3,
    alpha: float = 0.05,
    transform: str | None = "log1p",
    currency: str | None = None,
    min_people: int = MIN_GROUP_PEOPLE,
) -> pd.DataFrame:
    """Answer the within-person team question for each group of people, in one family.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`, several people.
    groups : mapping
        Person -> group (e.g. the ``Region`` column of
        ``scores.attrs["load_report"].attributes``). People without a group (missing from the
        mapping, or NaN) are in no group's answer.
    scores, outcomes, lags, bound, alpha, transform, currency
        As in :func:`~ssi_analysis.stats.answers.team_answers`; the default scores and
        outcomes are the whole panel's, so every group answers the same questions.
    min_people : int
        A group with fewer people gets no test: one row saying so (verdict
        ``"too few people"``), never a verdict.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`GROUP_COLUMNS`: one row per group × score × outcome as in
        ``team_answers`` (``p_adj`` and ``between_p_adj`` adjusted over every group, score,
        outcome and lag), and one row per group too small to answer. Groups in sorted order.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=140, people=10).weekly()
    >>> names = sorted(panel["person"].unique())
    >>> regions = {p: "North" if i < 7 else "South" for i, p in enumerate(names)}
    >>> out = group_answers(panel, groups=regions, scores=["ssi"], outcomes=["replies"],
    ...                     lags=[0, 1])
    >>> out[["group", "group_people", "verdict"]].iloc[:, :2].values.tolist()
    [['North', 7], ['South', 3]]
    >>> out.loc[1, "verdict"]
    'too few people'
    """
    lags = list(lags)
    if scores is None:
        scores = [s for s in SCORES if s in panel and panel[s].notna().sum() >= 10]
    if outcomes is None:
        outcomes = outcome_columns(panel)
    currency = panel_currency(panel) if currency is None else currency
    member = panel["person"].map(lambda p: _group_name(groups.get(p)))
    named = sorted(set(member.dropna()))
    scans, small = {}, {}
    for group in named:
        rows = panel[member == group]
        people = int(rows["person"].nunique())
        if people < min_people:
            small[group] = people
            continue
        rows = rows.copy()
        rows.attrs = {}
        scans[group] = (
            rows,
            people,
            team_scan(
                rows,
                scores=scores,
                outcomes=outcomes,
                lags=lags,
                bound=bound,
                alpha=alpha,
                transform=transform,
            ),
        )
    # One family over every group: adjust all their p-values together.
    if scans:
        every = pd.concat([scan for _, _, scan in scans.values()], keys=list(scans))
        every["p_adj"] = adjust_p(every["p"].to_numpy())
        every["between_p_adj"] = adjust_p(every["between_p"].to_numpy())
    pieces = []
    for group in named:
        if group in small:
            n = small[group]
            pieces.append(
                pd.DataFrame(
                    {
                        "group": [group],
                        "group_people": [n],
                        "verdict": [TOO_FEW],
                        "people": [n],
                        "sentence": [
                            f"{group}: {n} {'person' if n == 1 else 'people'} — too few for a "
                            f"within-person answer of their own (at least {min_people} are "
                            "needed); they count in the whole team's answer."
                        ],
                        "between_sentence": [""],
                        "note": [f"fewer than {min_people} people: not tested"],
                    }
                )
            )
            continue
        rows, people, _ = scans[group]
        scan = every.loc[group].reset_index(drop=True)
        answer = team_answers(rows, scan=scan, bound=bound, alpha=alpha, currency=currency)
        answer.insert(0, "group_people", people)
        answer.insert(0, "group", group)
        pieces.append(answer)
    if not pieces:
        return pd.DataFrame(columns=GROUP_COLUMNS)
    return pd.concat(pieces, ignore_index=True).reindex(columns=GROUP_COLUMNS)


def _group_name(value: object) -> str | None:
    """Return a group's name as text; None for no group (missing, NaN, blank)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = " ".join(str(value).split())
    return text or None
