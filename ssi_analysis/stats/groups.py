"""The team answer per group of sellers (a Region, a Manager), adjusted as one family.

A team file's text column with one value per seller (kept by :func:`ssi_analysis.load_ssi`
as a person attribute) splits the sellers into groups; each group gets the within-person
answer of :func:`~ssi_analysis.stats.answers.team_answers`. Reading every group's answer is
as many more chances to find a link by luck, so the Benjamini-Hochberg family holds every
group × score × outcome × lag of a question (the between-people p-values likewise): a
group's ``p_adj`` is the same number whichever other group is read beside it. That the groups
*differ* is claimed only from a test of the difference (:func:`group_differences`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.errors import validate_params, whole
from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats.answers import (
    SCORES,
    TEAM_COLUMNS,
    Answers,
    outcome_columns,
    panel_currency,
    team_answers,
)
from ssi_analysis.stats.answers.team import (
    TEAM_RULES,
    _adjust_by_question,
    _panel_unit,
    _team_scan,
)
from ssi_analysis.words.answers import _differ_sentence, _too_few_sentence

__all__ = [
    "DIFFER_COLUMNS",
    "GROUP_COLUMNS",
    "MIN_GROUP_PEOPLE",
    "group_answers",
    "group_differences",
]

#: The fewest sellers a group needs for its own within-seller answer: the smallest team at
#: which the test's false-positive rate was checked (about 3 % at 4 people, docs/methods.md).
MIN_GROUP_PEOPLE = 4
#: The columns of :func:`group_answers`: ``group`` and ``group_people``, then the team table's.
#: The columns of the test that the groups differ (:func:`group_differences`).
DIFFER_COLUMNS = ["groups_differ", "differ_lag", "differ_p", "differ_p_adj", "differ_sentence"]
GROUP_COLUMNS = ["group", "group_people", *TEAM_COLUMNS, *DIFFER_COLUMNS]
#: The verdict of a group with too few sellers (no test is run for it).
TOO_FEW = "too few people"


@validate_params({**TEAM_RULES, "min_people": whole(1)})
def group_answers(
    panel: pd.DataFrame,
    *,
    groups: Mapping[str, object],
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float | Mapping[str, float] | None = None,
    alpha: float = 0.05,
    transform: str | None = "ppml",
    currency: str | None = None,
    min_people: int = MIN_GROUP_PEOPLE,
) -> Answers:
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
        outcomes are the whole panel's, so every group answers the same questions (own
        activity — posts, comments, invitations — is an input of the pillars, not an
        outcome: it is left out, as ``team_answers`` leaves it out).
    min_people : int
        A group with fewer people gets no test: one row saying so (verdict
        ``"too few people"``), never a verdict.

    Returns
    -------
    Answers
        The kit's one result type, ``kind="group"``. Its ``table`` has the columns
        :data:`GROUP_COLUMNS`: one row per group × score × outcome as in ``team_answers``
        (``p_adj`` and ``between_p_adj`` adjusted over every group, score, outcome and lag of
        the outcome's question), and one row per group too small to answer. Groups in sorted
        order. :data:`DIFFER_COLUMNS` say whether the groups differ (:func:`group_differences`,
        the same on every row of a score × outcome): claim a difference between groups only
        where ``groups_differ`` is True. ``lags`` holds every group's :func:`team_scan`, its
        first column ``group``; ``bounds`` and ``horizons`` are those of every group.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=140, people=10).weekly()
    >>> names = sorted(panel["person"].unique())
    >>> regions = {p: "North" if i < 7 else "South" for i, p in enumerate(names)}
    >>> out = group_answers(panel, groups=regions, scores=["ssi"], outcomes=["replies"],
    ...                     lags=[0, 1])
    >>> out.kind, out.table[["group", "group_people"]].values.tolist()
    ('group', [['North', 7], ['South', 3]])
    >>> out.table.loc[1, "verdict"]
    'too few people'
    """
    lags = list(lags)
    if scores is None:
        scores = [s for s in SCORES if s in panel and panel[s].notna().sum() >= 10]
    if outcomes is None:  # own activity is an input of the pillars, not an outcome
        from ssi_analysis.questions import is_activity

        outcomes = [c for c in outcome_columns(panel) if not is_activity(c)]
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
            _team_scan(
                rows,
                "group_answers",
                scores=scores,
                outcomes=outcomes,
                lags=lags,
                bound=bound,
                alpha=alpha,
                transform=transform,
            ),
        )
    # One family per question over every group: adjust their p-values together.
    if scans:
        every = pd.concat([scan for _, _, scan in scans.values()], keys=list(scans))
        _adjust_by_question(every)
        differ = group_differences(every, alpha=alpha)
    pieces, bounds, horizons = [], {}, {}
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
                        "sentence": [_too_few_sentence(group, n, min_people)],
                        "between_sentence": [""],
                        "note": [f"fewer than {min_people} people: not tested"],
                    }
                )
            )
            continue
        rows, people, _ = scans[group]
        scan = every.loc[group].reset_index(drop=True)
        done = team_answers(rows, scan=scan, bound=bound, alpha=alpha, currency=currency)
        bounds |= done.bounds
        horizons |= done.horizons
        answer = done.table
        answer.insert(0, "group_people", people)
        answer.insert(0, "group", group)
        pieces.append(answer)
    out = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=GROUP_COLUMNS)
    if scans:
        out = out.drop(columns=DIFFER_COLUMNS, errors="ignore").merge(
            differ, on=["outcome", "score"], how="left"
        )
        every = every.reset_index(level=0, names="group").reset_index(drop=True)
    else:
        every = pd.DataFrame(columns=["group", "outcome", "score", "lag"])
    return Answers(
        out.reindex(columns=GROUP_COLUMNS),
        every,
        alpha=alpha,
        bound=np.nan,
        unit=_panel_unit(panel),
        bounds=bounds,
        horizons=horizons,
        kind="group",
    )


def group_differences(scan: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """Test whether the within-person effect differs between groups (score × group).

    "Linked in South, can't tell in North" is not a difference between the regions (Gelman
    & Stern 2006): only a test of the difference is. The model with a slope and period
    effects of its own per group (the score × group interaction) has, with people nested in
    groups and errors clustered by person, independent group estimates; its Wald test of
    equal slopes is Q = Σ_g (b_g − b̄)² / se_g² (b̄ the precision-weighted mean), referred
    to F(k − 1, d) with d the smallest group's people − 1 (conservative: the clustered SEs
    rest on that few people). One test per score × outcome × lag, Benjamini-Hochberg over
    them; groups differ for a score × outcome when its smallest adjusted p is below α.

    Parameters
    ----------
    scan : pandas.DataFrame
        The groups' :func:`~ssi_analysis.stats.answers.team_scan` rows, concatenated with
        the group as the first index level (as :func:`group_answers` holds them).
    alpha : float
        Significance level.

    Returns
    -------
    pandas.DataFrame
        One row per score × outcome: ``outcome, score`` and :data:`DIFFER_COLUMNS`
        (``groups_differ``, ``differ_lag``, ``differ_p``, ``differ_p_adj``,
        ``differ_sentence``).
    """
    from scipy import stats

    rows = []
    # the cumulative row (window = H) is a test of its own beside the lag at 0
    keys = (
        ["outcome", "score", "lag", "window"] if "window" in scan else ["outcome", "score", "lag"]
    )
    for (outcome, score, lag, *_), part in scan.groupby(keys, sort=False, dropna=False):
        b, se = part["b"].to_numpy(float), part["se"].to_numpy(float)
        people = part["people"].to_numpy(float)
        ok = np.isfinite(b) & np.isfinite(se) & (se > 0) & (people > 2)
        p = np.nan
        if ok.sum() >= 2:
            w = 1 / se[ok] ** 2
            mean = np.sum(w * b[ok]) / np.sum(w)
            q = float(np.sum(w * (b[ok] - mean) ** 2))
            k, d = int(ok.sum()), float(people[ok].min() - 1)
            p = float(stats.f.sf(q / (k - 1), k - 1, d))
        rows.append({"outcome": outcome, "score": score, "lag": lag, "differ_p": p})
    tests = pd.DataFrame(rows)
    tests["differ_p_adj"] = adjust_p(tests["differ_p"].to_numpy(float))
    out = []
    for (outcome, score), part in tests.groupby(["outcome", "score"], sort=False):
        if part["differ_p"].notna().any():
            best = part.loc[part["differ_p_adj"].fillna(2).idxmin()]
            p_adj = float(best["differ_p_adj"])
        else:
            best, p_adj = part.iloc[0], np.nan
        differ = bool(np.isfinite(p_adj) and p_adj < alpha)
        out.append(
            {
                "outcome": outcome,
                "score": score,
                "groups_differ": differ,
                "differ_lag": int(best["lag"]),
                "differ_p": float(best["differ_p"]),
                "differ_p_adj": p_adj,
                "differ_sentence": _differ_sentence(outcome, score, differ, p_adj),
            }
        )
    return pd.DataFrame(out)


def _group_name(value: object) -> str | None:
    """Return a group's name as text; None for no group (missing, NaN, blank)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = " ".join(str(value).split())
    return text or None
