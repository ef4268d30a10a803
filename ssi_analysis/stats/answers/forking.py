"""Forking paths: the same question answered under other reasonable choices, compared."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from ssi_analysis.stats.answers.person import (
    answers,
)
from ssi_analysis.stats.answers.team import (
    team_answers,
)
from ssi_analysis.words.answers import (
    CHOICE_WORDS,  # noqa: F401  (its old path)
    _choice_words,
    _fork_note,
)

# ---------------------------------------------------------------- forking paths


def compare_verdicts(tables: Mapping[str, pd.DataFrame], *, primary: str) -> pd.DataFrame:
    """Flag the answers that change when an analysis choice changes (forking paths).

    Parameters
    ----------
    tables : mapping
        Choice name -> answer table (:func:`team_answers` or :attr:`Answers.table`) of the
        same data analysed another way. A name is ``"<frequency>_<transform>"`` such as
        ``"weekly_log1p"`` or ``"monthly_raw"`` (each part said by :data:`CHOICE_WORDS`).
    primary : str
        The choice the report shows.

    Returns
    -------
    pandas.DataFrame
        The primary table's keys (``person`` when there, ``score``, ``outcome``) and
        ``verdict``; a ``verdict_<choice>`` column per other choice; ``depends_on`` (the
        choices that change the verdict, in words, "" when none) and ``fork_note`` (the
        sentence the report shows, "" when the answer holds under every choice).

    Examples
    --------
    >>> weekly = pd.DataFrame({"score": ["ssi"] * 2, "outcome": ["replies", "revenue_won"],
    ...                        "verdict": ["linked", "inconclusive"]})
    >>> monthly = weekly.assign(verdict=["linked", "linked"])
    >>> out = compare_verdicts({"weekly_log1p": weekly, "monthly_log1p": monthly},
    ...                        primary="weekly_log1p")
    >>> out["fork_note"].tolist()
    ['', 'This result depends on counting by month: that way it is "linked".']
    """
    if primary not in tables:
        raise ValueError(
            f"compare_verdicts: primary {primary!r} is not one of the choices "
            f"{', '.join(map(repr, tables))}."
        )
    base = tables[primary]
    keys = [c for c in ("person", "score", "outcome") if c in base.columns]
    out = base[[*keys, "verdict"]].reset_index(drop=True)
    changed: list[list[tuple[frozenset, str]]] = [[] for _ in range(len(out))]
    # fewest changed parts first: "by month" explains "by month on the raw scale" too
    others = sorted((n for n in tables if n != primary), key=lambda n: len(_differ(n, primary)))
    for name in others:
        table = tables[name]
        other = out[keys].merge(
            table[[*keys, "verdict"]].drop_duplicates(keys), on=keys, how="left"
        )["verdict"]
        out[f"verdict_{name}"] = other.to_numpy()
        parts = frozenset(_differ(name, primary))
        for i, (mine, theirs) in enumerate(zip(out["verdict"], other, strict=True)):
            if not isinstance(theirs, str) or theirs == mine:
                continue
            if any(seen <= parts for seen, _ in changed[i]):
                continue  # already said by a smaller change
            changed[i].append((parts, theirs))
    out = out[[*keys, "verdict", *(f"verdict_{n}" for n in tables if n != primary)]]
    words = [[(_choice_words(parts), theirs) for parts, theirs in c] for c in changed]
    out["depends_on"] = ["; ".join(w for w, _ in c) for c in words]
    out["fork_note"] = [_fork_note(c) for c in words]
    return out


def _differ(name: str, primary: str) -> list[str]:
    """List the parts of a choice (``monthly``, ``raw``) that differ from the primary."""
    parts, base = name.split("_"), primary.split("_")
    return [p for i, p in enumerate(parts) if i >= len(base) or p != base[i]] or parts


def forking_paths(
    panels: Mapping[str, pd.DataFrame],
    *,
    primary: str | None = None,
    transforms: Sequence[str | None] = ("log1p", None),
    team: bool = True,
    done: Mapping[str, pd.DataFrame] | None = None,
    **kwargs,
) -> pd.DataFrame:
    """Answer again with the other frequency and transform; flag verdicts that change.

    Parameters
    ----------
    panels : mapping
        Frequency name (``"weekly"``, ``"monthly"``, ``"daily"``) -> the same data aligned at
        that frequency (:func:`ssi_analysis.align` with ``freq="W"``, ``"MS"``, ``"D"``).
    primary : str, optional
        The frequency the report shows (default: the first); its first transform is primary.
    transforms : sequence
        Transforms tried (``"log1p"``, ``None`` for raw values).
    team : bool
        :func:`team_answers` (within-person verdicts) when True, else :func:`answers`.
    done : mapping, optional
        Tables already computed with the same ``kwargs``, keyed ``"<frequency>_<transform>"``
        (``"weekly_ppml"``): the answer a report shows is not computed a second time.
    **kwargs
        Passed on (scores, outcomes, lags, bound, alpha).

    Returns
    -------
    pandas.DataFrame
        :func:`compare_verdicts` of every frequency × transform against the primary one.
    """
    primary = primary or next(iter(panels))
    tables = dict(done or {})
    for name, panel in panels.items():
        for transform in transforms:
            key = f"{name}_{transform or 'raw'}"
            if key in tables:
                continue
            if team:
                tables[key] = team_answers(panel, transform=transform, **kwargs).table
            else:
                tables[key] = answers(panel, transform=transform, **kwargs).table
    return compare_verdicts(tables, primary=f"{primary}_{transforms[0] or 'raw'}")
