"""One analysis of the user's data, computed once; the page, the command and notebooks render it.

:func:`analyse` takes the user's :class:`Choices` (files, people, scores, outcomes, lags,
bound, alpha, change dates, groups...) and returns an :class:`Analysis`: the data loaded once,
the rows chosen, the panel on one clock, the answers (one person's :class:`~ssi_analysis.Answers`,
or a team's numbers), the diagnostic tables, the before/after results of each change, and
:attr:`Analysis.notes`: one plain sentence for every choice the data could not serve (a score
column that is absent, a lag longer than the data, an outcome with too few values). Nothing
asked for is dropped without a word: the report shows every note.

This layer sits between the statistics and the page (readers -> schema -> align -> stats ->
analysis -> present/cli): it computes and words nothing for the page but its notes.

Examples
--------
>>> Choices(ssi="ssi_log.csv", lags=range(3), people=["Dana W."]).lags
(0, 1, 2)
>>> Choices(ssi="ssi_log.csv", alpha=5)
Traceback (most recent call last):
...
ValueError: Choices: alpha must be between 0 and 1; got 5.

``analyse(Choices(ssi="ssi_log.csv", scores=("ssi", "reach")))`` answers nothing yet (no
outcomes given) and notes: "Score 'reach' was asked for (--scores) but the SSI data has no
such column: it was not tested (a score needs 10 weeks with a value)."
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems, SSIDataError, some
from ssi_analysis.exceptions import GroupByError, ReportError
from ssi_analysis.questions import question
from ssi_analysis.words.format import join_and

__all__ = ["Analysis", "Choices", "Loaded", "TeamNumbers", "analyse"]

#: The name the loaders give a one-person source's owner.
DEFAULT_PERSON = "me"
#: Up to this many sellers a weekly team report runs the forking-paths check (three more
#: analyses; a 500-seller team would spend minutes on it).
FORK_PEOPLE = 50
#: A score or an activity with fewer values than this is not tested.
MIN_VALUES = 10


def _tuple(value) -> tuple | None:
    if value is None:
        return None
    if isinstance(value, str | Path):
        return (value,)
    return tuple(value)


@dataclass(frozen=True)
class Choices:
    """What the user asked for, as given (nothing here is computed from the data).

    Attributes
    ----------
    ssi : tuple of str or Path
        The SSI files (one person's log, a team file, or several).
    outcomes : tuple of str or Path
        The outcome exports (LinkedIn analytics, the data archive, CRM deals).
    freq : {"W", "MS", "D"}
        The clock of the panel.
    person, dayfirst, errors
        As for :func:`~ssi_analysis.load_ssi` (``errors="drop"`` leaves bad rows out and
        lists them).
    lags : tuple of int
        The lags tried (periods).
    bound : float
        The correlation bound of one person's answer (``r_bound``).
    alpha : float
        The test level.
    changes : tuple of (str, str)
        ``(date or "start/end", label)`` of each change to check before/after.
    scores : tuple of str or None
        The scores tested (None: SSI and the four pillars).
    start, end : date or None
        The days analysed.
    people, exclude : tuple of str or None
        The sellers kept or left out, as the files name them.
    group_by : str or None
        A column of the team's SSI file with one value per seller (``"Region"``).
    anonymize : bool
        Names replaced by keyed stand-ins before anything is computed (the page's
        ``mask`` does it: see :func:`analyse`).
    experiment : str or Path or None
        The ``schedule.csv`` of the user's own experiment (``ssi-analysis plan``): the weeks
        of each arm are compared (:func:`ssi_analysis.stats.experiment.experiment`).
    washout : int
        Weeks left out after each switch of arm (what one arm leaves behind).
    """

    ssi: tuple = ()
    outcomes: tuple = ()
    freq: str = "W"
    person: str | None = None
    dayfirst: bool | None = None
    errors: str = "raise"
    lags: tuple[int, ...] = (0, 1, 2, 3, 4)
    bound: float = 0.3
    alpha: float = 0.05
    changes: tuple[tuple[str, str], ...] = ()
    scores: tuple[str, ...] | None = None
    start: str | pd.Timestamp | None = None
    end: str | pd.Timestamp | None = None
    people: tuple[str, ...] | None = None
    exclude: tuple[str, ...] | None = None
    group_by: str | None = None
    anonymize: bool = False
    experiment: str | Path | None = None
    washout: int = 0

    def __post_init__(self) -> None:
        for name in ("ssi", "outcomes", "lags"):
            object.__setattr__(self, name, _tuple(getattr(self, name)) or ())
        for name in ("scores", "people", "exclude"):
            object.__setattr__(self, name, _tuple(getattr(self, name)))
        object.__setattr__(self, "changes", tuple((str(w), str(what)) for w, what in self.changes))
        if not self.ssi:
            raise ValueError("Choices: ssi is empty; give the SSI file (or files) to analyse.")
        if self.freq not in ("W", "MS", "D"):
            raise ValueError(f"Choices: freq must be one of ('W', 'MS', 'D'); got {self.freq!r}.")
        if not 0 < self.alpha < 1:
            raise ValueError(f"Choices: alpha must be between 0 and 1; got {self.alpha!r}.")
        if isinstance(self.washout, bool) or not isinstance(self.washout, int) or self.washout < 0:
            raise ValueError(
                "Choices: washout must be a whole number of weeks, 0 or more; "
                f"got {self.washout!r}."
            )
        if self.washout and self.experiment is None:
            raise ValueError(
                "Choices: washout is the weeks left out after each switch of an experiment's "
                f"arm; give experiment= (its schedule.csv) or leave washout at 0; got "
                f"washout={self.washout!r} without an experiment."
            )
        if self.experiment is not None and self.freq != "W":
            raise ValueError(
                "Choices: an experiment compares weeks; use freq='W' (the default) with "
                f"experiment=; got freq={self.freq!r}."
            )
        if not self.lags or any(int(lag) != lag or lag < 0 for lag in self.lags):
            raise ValueError(
                f"Choices: lags must be whole numbers of periods, 0 or more; got {self.lags!r}."
            )


@dataclass
class Loaded:
    """The data as read and chosen, before it is put on one clock.

    ``names`` and ``files`` are every person's name (in the files and as typed) and every input
    file's name, for an anonymised page's last pass; ``chosen`` and ``others`` say which rows
    the choices left out (``""``: none).
    """

    scores: pd.DataFrame
    outcomes: pd.DataFrame | None
    loads: list
    names: list[str]
    files: list[str]
    groups: dict[str, str] | None = None
    group_by: str | None = None
    chosen: str = ""
    others: str = ""
    pseudonyms: object = None


@dataclass
class TeamNumbers:
    """A team's answers: the scan, the within-seller answers, each seller's, and the forks.

    ``answers`` is :func:`~ssi_analysis.team_answers`' result (``kind="team"``; ``table`` is
    its table); ``sellers`` is :func:`~ssi_analysis.seller_answers`' (a row per seller and
    outcome); ``groups`` is :func:`~ssi_analysis.stats.groups.group_answers`' result when
    the sellers are grouped (``--group-by``), else None: all three the one result type
    :class:`~ssi_analysis.Answers`. ``forks`` is None when the check was left out.
    """

    scan: pd.DataFrame
    answers: object
    sellers: object
    forks: pd.DataFrame | None
    groups: object | None = None

    @property
    def table(self) -> pd.DataFrame:
        """The within-seller answers' table (``answers.table``)."""
        return self.answers.table


@dataclass
class Analysis:
    """Everything computed from the data for the choices made; the page only renders it.

    Attributes
    ----------
    choices : Choices
    loaded : Loaded
        The data read, the rows chosen, the load reports.
    panel : pandas.DataFrame
        Scores and outcomes on one clock; ``monthly`` the same counted by month (a weekly
        team's forking-paths check) or None.
    currency : str or None
        The currency of the money outcomes (from a CRM export).
    outcomes : list of str
        The outcomes answered (a person's own activity is an input of the diagnostic).
    activity : list of str
        The activity columns (posts, comments...) found in the panel.
    answers : Answers or None
        One person's answers (None for a team, or when nothing could be tested).
    enough : bool
        One person's SSI and outcomes share enough periods for an answer.
    team : TeamNumbers or None
    pillar_gaps, activity_links : pandas.DataFrame or None
        The diagnostic's tables.
    changes : list of (str, str, DataFrame, dict)
        Each change's date, label, table of series (no sentences) and each series' result.
    experiment : ExperimentResult or None
        The user's own experiment (``choices.experiment``), weeks of each arm compared.
    notes : list of str
        One sentence for every choice the data could not serve.
    warnings : list of str
        The libraries' warnings raised while computing.
    """

    choices: Choices
    loaded: Loaded
    panel: pd.DataFrame
    monthly: pd.DataFrame | None = None
    currency: str | None = None
    outcomes: list[str] = field(default_factory=list)
    activity: list[str] = field(default_factory=list)
    answers: object = None
    enough: bool = False
    team: TeamNumbers | None = None
    pillar_gaps: pd.DataFrame | None = None
    activity_links: pd.DataFrame | None = None
    changes: list = field(default_factory=list)
    experiment: object = None
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def people(self) -> list[str]:
        """The people analysed (their stand-ins on an anonymised page)."""
        return sorted(self.panel["person"].unique())

    @property
    def one(self) -> bool:
        """One person's data (not a team)."""
        return len(self.people) == 1


# ---------------------------------------------------------------- one analysis


def gather(choices: Choices) -> Loaded:
    """Read the files once and keep the rows and people asked for (no clock, no statistics).

    Raises :class:`~ssi_analysis.exceptions.SSIDataError` for data the kit cannot use,
    :class:`~ssi_analysis.exceptions.ReportError` for a choice no row can serve (a seller no
    file names, a ``--change`` for a team) and :class:`~ssi_analysis.exceptions.GroupByError`
    for a group column the SSI file does not have.
    """
    source = choices.ssi[0] if len(choices.ssi) == 1 else list(choices.ssi)
    scores, outcomes = _load(
        source,
        list(choices.outcomes),
        person=choices.person,
        dayfirst=choices.dayfirst,
        errors=choices.errors,
    )
    check_people(scores, outcomes, choices.person)
    loads = [scores.attrs["load_report"]]
    group_by, groups = choices.group_by, None
    if group_by is not None:  # the header as the file writes it ("region" -> "Region")
        group_by, groups = person_groups(loads[0], group_by)
    # every name: in the files (before any is left out) and as the user typed them
    asked = (choices.person, *(choices.people or ()), *(choices.exclude or ()))
    names = sorted(
        set(scores["person"].unique())
        | (set(outcomes["person"].unique()) if outcomes is not None else set())
        | {str(n) for n in asked if n}
    )
    outcomes, others = one_sellers_outcomes(scores, outcomes)
    scores, outcomes, chosen = choose_rows(
        scores,
        outcomes,
        start=choices.start,
        end=choices.end,
        people=choices.people,
        exclude=choices.exclude,
    )
    if choices.experiment is not None and scores["person"].nunique() > 1:
        raise ReportError(
            f"--experiment is one person's experiment, and this SSI data holds "
            f"{scores['person'].nunique()} sellers: nothing was written. Give the name of the "
            f"seller who ran it with --people (e.g. --people {min(scores['person'])!r})."
        )
    if choices.changes and scores["person"].nunique() > 1:
        raise ReportError(
            f"--change is checked on one seller's data, and this SSI data holds "
            f"{scores['person'].nunique()} sellers: nothing was written. Give one "
            f"seller's name with --people (e.g. --people {min(scores['person'])!r}) to check "
            "the change for that seller, or leave --change out for the team's report."
        )
    if outcomes is not None:
        loads.append(outcomes.attrs["load_report"])
    files = [Path(f).name for r in loads for f in r.files]
    return Loaded(scores, outcomes, loads, names, files, groups, group_by, chosen, others)


def analyse(
    choices: Choices,
    *,
    mask: Callable[[Loaded, Choices], Loaded] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Analysis:
    """Load, choose, align, answer, diagnose and check each change: the one analysis.

    Parameters
    ----------
    choices : Choices
        What the user asked for.
    mask : callable, optional
        ``mask(loaded, choices) -> loaded`` replaces people's names before anything is
        computed (the page's anonymisation); required when ``choices.anonymize``.
    progress : callable, optional
        Called with the name of each step as it starts.

    Returns
    -------
    Analysis
        With :attr:`Analysis.notes`: a sentence for every choice the data could not serve.
    """
    if choices.anonymize and mask is None:
        raise ValueError(
            "analyse: choices.anonymize is True but no mask was given; pass "
            "mask=... (the report's anonymisation) or set anonymize=False."
        )
    from ssi_analysis.align.panel import align
    from ssi_analysis.stats.answers import outcome_columns

    say = progress or (lambda step: None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        say("reading the data")
        loaded = gather(choices)
        if choices.anonymize and mask is not None:
            loaded = mask(loaded, choices)
        say("putting the data on one clock")
        panel = align(loaded.scores, loaded.outcomes, freq=choices.freq)
        team_size = panel["person"].nunique()
        monthly = None
        if choices.freq == "W" and loaded.outcomes is not None and 1 < team_size <= FORK_PEOPLE:
            # the forking-paths check of a team: the same data counted by month (not for a
            # team the check leaves out: aligning it took 5 s of a 500-seller report)
            monthly = align(loaded.scores, loaded.outcomes, freq="MS")
        done = Analysis(
            choices,
            loaded,
            panel,
            monthly=monthly,
            currency=panel.attrs["align_report"].currency,  # from the CRM export, or None
        )
        say(f"answering {team_size} sellers" if team_size > 1 else "answering")
        outcomes = outcome_columns(panel)
        done.activity = [o for o in outcomes if question(o) == "activity"]
        if done.one:  # own activity is an input of the pillars (the diagnostic), not an outcome
            outcomes = [o for o in outcomes if o not in done.activity]
        done.outcomes = outcomes
        if outcomes and done.one:
            done.enough = _enough(panel, outcomes)
            if done.enough:
                done.answers = _one_answer(done)
        elif outcomes:
            done.team = _team_numbers(done)
        _diagnose(done)
        for when, what in choices.changes:  # one person (a team was refused in gather)
            say(f"checking the change of {when}")
            start, _, end = when.partition("/")
            found, runs = change_runs(panel, start=start, end=end or None, label=what)
            done.changes.append((when, what, found, runs))
        if choices.experiment is not None:
            say("comparing the weeks of your experiment")
            done.experiment = _experiment(done)
        done.notes = unserved(done)
    done.warnings = sorted({str(w.message) for w in caught if not _noise(w)})
    return done


def _experiment(done: Analysis):
    """Compare the weeks of each arm of the user's own experiment (SSI, pillars, outcomes).

    The schedule's edits are flagged, not refused: the page says the p-value then assumes a
    random draw the user's hand may have changed.
    """
    from ssi_analysis.readers.schedule import read_schedule
    from ssi_analysis.stats.experiment import experiment

    c = done.choices
    # the outcomes a switchback can see: not revenue (a deal started in one block closes in
    # another), not own activity (the change itself, or its means)
    measures = [o for o in done.outcomes if o in done.panel and question(o) != "revenue"]
    try:
        return experiment(
            done.panel,
            read_schedule(c.experiment),
            outcomes=measures,
            washout=c.washout,
            alpha=c.alpha,
            edited="flag",
        )
    except SSIDataError:
        raise
    except ValueError as exc:  # a choice the schedule cannot serve (a washout too long)
        raise ReportError(f"--experiment: {exc}") from None


def _noise(w) -> bool:
    return "Kernel is running" in str(w.message) or issubclass(w.category, DeprecationWarning)


def _enough(panel: pd.DataFrame, outcomes: Sequence[str]) -> bool:
    """One person's SSI and outcomes share enough periods for a first answer."""
    from ssi_analysis.stats.answers import MIN_PAIRS

    if "ssi" not in panel:
        return False
    both = panel["ssi"].notna() & panel[list(outcomes)].notna().any(axis=1)
    return int(both.sum()) >= MIN_PAIRS


def answer_table(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags=range(0, 5),
    transform: str | None = "log1p",
    alpha: float = 0.05,
    bound: float = 0.3,
    holidays=None,
):
    """Return the answers the report shows: :func:`ssi_analysis.answers` on its panel.

    Scores with fewer than 10 values are left out (a pillar a capture tool never read; the
    analysis notes it when the score was asked for). ``bound`` is the analyst's correlation
    figure (``r_bound``); "ruled out" uses each question's smallest effect that matters
    (:data:`ssi_analysis.questions.DEFAULT_BOUND`).
    """
    from ssi_analysis.stats.answers import SCORES, answers

    scores = [s for s in (scores or SCORES) if _has_values(panel, s)]
    if outcomes is not None:  # own activity is an input (the diagnostic), not an outcome
        outcomes = [o for o in outcomes if question(o) != "activity"]
    return answers(
        panel,
        scores=scores,
        outcomes=outcomes,
        lags=lags,
        r_bound=bound,
        alpha=alpha,
        holidays=holidays,
        transform=transform,
    )


def _has_values(panel: pd.DataFrame, score: str) -> bool:
    """Return whether the panel holds ``score`` with MIN_VALUES values (else a note says so)."""
    return score in panel and int(panel[score].notna().sum()) >= MIN_VALUES


def _one_answer(done: Analysis):
    """One person's answers, or None when no pair of score and outcome could be tested."""
    c = done.choices
    result = answer_table(
        done.panel,
        scores=c.scores,
        outcomes=done.outcomes,
        lags=c.lags,
        bound=c.bound,
        alpha=c.alpha,
    )
    return result if len(result.table) else None


def _team_numbers(done: Analysis) -> TeamNumbers:
    """Answer a team: within sellers, each seller on their own, by group, the forking paths.

    Within sellers (and per group, ``--group-by``) with each question's smallest effect that
    matters; each seller with the choices' ``bound`` as their correlation bound; the same
    data by month adds the forking-paths check up to FORK_PEOPLE sellers.
    """
    from ssi_analysis.stats.answers import forking_paths, seller_answers, team_answers

    c, panel = done.choices, done.panel
    scores = None
    if c.scores is not None:  # a score the data lacks is a note (unserved), not a failure
        scores = [s for s in c.scores if _has_values(panel, s)]
    lags = list(c.lags)
    # the team's, the groups' and the forking paths' answers ask the same question: one set
    # of options for all three
    asked = dict(
        outcomes=done.outcomes,
        lags=lags,
        bound=None,  # each question's smallest effect that matters (the defaults)
        alpha=c.alpha,
    )
    result = team_answers(panel, scores=scores, **asked, currency=done.currency)
    table = result.table
    sellers = seller_answers(panel, outcomes=done.outcomes, lags=lags, bound=c.bound, alpha=c.alpha)
    forks = None
    if done.monthly is not None and panel["person"].nunique() <= FORK_PEOPLE:
        # the same family as the answer shown (every score), or the verdicts would differ
        # by the adjustment alone
        forks = forking_paths(
            {"weekly": panel, "monthly": done.monthly},
            transforms=("ppml", None),
            done={"weekly_ppml": table},  # the answer shown, not computed again
            scores=list(dict.fromkeys(table["score"])),
            **asked,
        )
    groups = None
    if done.loaded.groups is not None:  # --group-by: one family over every group
        from ssi_analysis.stats.groups import group_answers

        groups = group_answers(
            panel, groups=done.loaded.groups, scores=scores, **asked, currency=done.currency
        )
    # the scan the answer was decided from (team_answers keeps it as its lags)
    return TeamNumbers(result.lags, result, sellers, forks, groups)


def _diagnose(done: Analysis) -> None:
    """Compute the diagnostic's tables: pillar gaps, and one person's activity -> pillar."""
    from ssi_analysis.stats.diagnostic import ACTIVITIES, activity_links, pillar_gaps

    gaps = pillar_gaps(done.loaded.scores)
    if gaps.empty:
        return
    done.pillar_gaps = gaps
    panel = done.panel
    present = [a for a in ACTIVITIES if a in panel and panel[a].notna().sum() >= MIN_VALUES]
    if done.one and present:
        c = done.choices
        done.activity_links = activity_links(panel, lags=list(c.lags), bound=c.bound, alpha=c.alpha)


def change_runs(
    panel: pd.DataFrame,
    *,
    start: str,
    end: str | None = None,
    label: str = "",
    columns: Sequence[str] | None = None,
    placebo: bool | int = 12,
) -> tuple[pd.DataFrame, dict[str, pd.DataFrame]]:
    """Check one change on every series: the family's table and each series' own result.

    A series the check cannot use (too few periods before or after) is a row with status
    ``too_few`` and the reason in ``note``. The table has no sentences (the page adds them).
    """
    from ssi_analysis.stats.answers import SCORES, outcome_columns
    from ssi_analysis.stats.intervention import (
        RESULT_COLUMNS,
        change_family,
        draws_for,
        intervention,
    )

    if columns is None:
        columns = [c for c in SCORES if c in panel] + outcome_columns(panel)
    rows = []
    runs: dict[str, pd.DataFrame] = {}
    # enough draws that one series of the family can reach "changed" on its own
    draws = draws_for(len(columns))
    for column in columns:
        try:
            runs[column] = intervention(
                panel, y=column, start=start, end=end, placebo=placebo, draws=draws
            )
            rows.append(runs[column])
        except ValueError as exc:
            refused = dict.fromkeys(RESULT_COLUMNS, np.nan)
            refused.update(y=column, start=pd.Timestamp(start), status="too_few", note=str(exc))
            rows.append(pd.DataFrame([refused], columns=RESULT_COLUMNS))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=RESULT_COLUMNS)
    out = change_family(out)
    out.insert(0, "change", label)
    return out, runs


# ---------------------------------------------------------------- what could not be served


def unserved(done: Analysis) -> list[str]:
    """One plain sentence for every choice the data could not serve (none: ``[]``).

    A score asked for with ``--scores`` that the SSI data lacks (or holds fewer than 10
    values of); an outcome read from the exports with fewer than 10 values on the clock; a
    lag too long for the periods the data holds; a ``--person`` that a team file's own names
    leave unused; the revenue outcomes an experiment does not compare. (A ``--change`` for
    a team and a ``--group-by`` for one seller are refused with a message instead: nothing is
    written.)
    """
    from ssi_analysis.stats.answers import MIN_PAIRS

    c, panel = done.choices, done.panel
    unit = {"W": "week", "MS": "month", "D": "day"}[c.freq]
    notes = []
    for score in c.scores or ():
        n = int(panel[score].notna().sum()) if score in panel else 0
        if n < MIN_VALUES:
            held = "has no such column" if score not in panel else f"holds {n} values of it"
            notes.append(
                f"Score {score!r} was asked for (--scores) but the SSI data {held}: it was "
                f"not tested (a score needs {MIN_VALUES} {unit}s with a value)."
            )
    metrics = (
        list(dict.fromkeys(done.loaded.outcomes["metric"]))
        if done.loaded.outcomes is not None and "metric" in done.loaded.outcomes
        else []
    )
    for metric in metrics:
        if metric not in panel or metric in done.outcomes or metric in done.activity:
            continue
        n = int(panel[metric].notna().sum())
        if n < MIN_VALUES:
            notes.append(
                f"{metric!r} is in the exports but has {n} {unit}{'s' if n != 1 else ''} with "
                f"a value: it was not analysed (an outcome needs {MIN_VALUES})."
            )
    if done.outcomes and "ssi" in panel:
        known = panel[done.outcomes].notna().any(axis=1) & panel["ssi"].notna()
        longest = int(known.groupby(panel["person"]).sum().max()) if known.any() else 0
        too_long = [lag for lag in c.lags if longest - lag < MIN_PAIRS]
        if longest >= MIN_PAIRS and too_long:
            notes.append(
                f"Lag{'s' if len(too_long) > 1 else ''} "
                f"{', '.join(map(str, too_long))} ({unit}s) asked for with --lags "
                f"{'are' if len(too_long) > 1 else 'is'} too long for this data: "
                f"{longest} {unit}s have both the SSI and an outcome, and a lag needs "
                f"{MIN_PAIRS} pairs after it. Those lags could not be tested."
            )
    if c.person is not None and len(done.people) > 1 and c.person not in done.people:
        notes.append(
            f"--person {c.person!r} names one person's files, but the SSI file names its own "
            f"{len(done.people)} sellers: it was not used (to keep some sellers, use --people)."
        )
    if done.experiment is not None:
        left = [o for o in done.outcomes if o in panel and question(o) == "revenue"]
        if left:
            notes.append(
                f"{join_and(map(repr, left))} {'were' if len(left) > 1 else 'was'} not compared "
                "between your experiment's weeks: a deal started in one block closes in another, "
                "over the sales cycle (the report's revenue answer still covers "
                f"{'them' if len(left) > 1 else 'it'})."
            )
    return notes


# ---------------------------------------------------------------- reading and choosing rows


def _load(ssi, outcomes, *, person, dayfirst, errors):
    from ssi_analysis.schema.outcomes import load_outcomes
    from ssi_analysis.schema.ssi import load_ssi

    scores = load_ssi(ssi, person=person, dayfirst=dayfirst, errors=errors)
    results = (
        load_outcomes(list(outcomes), person=person, dayfirst=dayfirst, errors=errors)
        if outcomes
        else None
    )
    return scores, results


def check_people(scores: pd.DataFrame, outcomes: pd.DataFrame | None, person: str | None) -> None:
    """Refuse a one-person SSI log beside outcomes of other people (a CRM with many owners).

    Raises :class:`SSIDataError` listing the owners found and the flag to add: comparing one
    person's SSI with other sellers' deals would answer nothing.
    """
    if outcomes is None or outcomes.empty:
        return
    mine = set(scores["person"].unique())
    # Outcomes without an owner (LinkedIn's own exports) belong to the default person.
    owners = sorted(set(outcomes["person"].unique()) - {DEFAULT_PERSON})
    if not owners or mine & set(owners):
        return
    if len(mine) > 1:  # a team whose names match none of the owners: name both lists
        found = Problems()
        sellers = sorted(mine)
        found.add(
            "the SSI and the outcomes",
            None,
            None,
            None,
            "no seller of the SSI file is an owner in the outcomes: the SSI names "
            + some(map(repr, sellers), 10)
            + "; the outcomes name "
            + some(map(repr, owners), 10),
            "write each seller's name the same way in both files (the CRM's spelling)",
        )
        error = SSIDataError(found, summary="your SSI cannot be matched with these outcomes")
        error.args = ("\n".join(str(error).splitlines()[:-1]),)
        raise error
    if len(mine) != 1:
        return
    report = outcomes.attrs.get("load_report")
    files = ", ".join(Path(f).name for f in report.files) if report is not None else "outcomes"
    shown = some(map(repr, owners), 20)
    found = Problems()
    what = (
        f"--person {person!r} matches none of the owners found"
        if person is not None
        else "the outcomes name their owner and --person was not given, so your SSI "
        "cannot be matched with them"
    )
    found.add(
        files,
        None,
        None,
        None,
        f"{what}: {shown}",
        f"add --person with the name your CRM uses, e.g. --person {owners[0]!r}",
    )
    error = SSIDataError(found, summary="your SSI cannot be matched with these outcomes")
    # Skipping rows cannot help here: the last line's advice ("errors='drop'") is left out.
    error.args = ("\n".join(str(error).splitlines()[:-1]),)
    raise error


def one_sellers_outcomes(
    scores: pd.DataFrame, outcomes: pd.DataFrame | None
) -> tuple[pd.DataFrame | None, str]:
    """Keep one seller's outcomes when the SSI is one seller's and an export holds colleagues'.

    A CRM export often holds the whole team's deals; with ``--person`` naming the seller
    whose SSI was given, the report stays that seller's report (and keeps its ``--change``
    sections): the other owners' rows are left out and the returned sentence says how many,
    whose, and why. Otherwise the outcomes are returned as they are, with ``""``.

    Examples
    --------
    >>> s = pd.DataFrame({"person": ["Dana"]})
    >>> o = pd.DataFrame({"person": ["Dana", "Sam", "Sam"], "value": [1, 2, 3]})
    >>> kept, said = one_sellers_outcomes(s, o)
    >>> len(kept), said[:53]
    (1, "2 of 3 outcome rows are other owners' (Sam): left out")
    """
    if outcomes is None or outcomes.empty or scores["person"].nunique() != 1:
        return outcomes, ""
    seller = scores["person"].iloc[0]
    mine = outcomes["person"] == seller
    if not mine.any() or mine.all():
        return outcomes, ""
    others = sorted(set(outcomes.loc[~mine, "person"]))
    shown = some(others, 10)
    kept = outcomes[mine]
    kept.attrs = outcomes.attrs
    return kept, (
        f"{int((~mine).sum())} of {len(outcomes)} outcome rows are other owners' ({shown}): "
        f"left out, as the SSI given is {seller}'s alone. To compare a team, give each "
        "seller's SSI (a team file with a Name column)."
    )


def choose_rows(
    scores: pd.DataFrame,
    outcomes: pd.DataFrame | None,
    *,
    start=None,
    end=None,
    people: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame | None, str]:
    """Keep the days and sellers asked for; say what was left out (``""`` when nothing).

    A name in ``people`` or ``exclude`` that no file holds is refused (:class:`ReportError`)
    with the names found: a typo must not silently analyse everyone.

    Examples
    --------
    >>> s = pd.DataFrame({"person": ["A", "A", "B"], "date": pd.to_datetime(
    ...     ["2026-01-05", "2026-02-02", "2026-01-05"]), "ssi": [50.0, 51.0, 60.0]})
    >>> kept, _, said = choose_rows(s, None, start="2026-01-10", exclude=["B"])
    >>> len(kept), said
    (1, 'Analysed as asked: from 2026-01-10; without B. 2 of 3 SSI rows left out.')
    """
    known = set(scores["person"].unique()) | (
        set(outcomes["person"].unique()) if outcomes is not None else set()
    )
    asked = [*(people or []), *(exclude or [])]
    unknown = [name for name in asked if name not in known]
    if unknown:
        raise ReportError(
            f"no seller called {', '.join(map(repr, unknown))} in the files; the names found "
            f"are {', '.join(map(repr, sorted(known)[:30]))}. Write them as the files do "
            "(--people 'Seller A,Seller B')."
        )
    keep = pd.Series(True, index=scores.index)
    keep_o = pd.Series(True, index=outcomes.index) if outcomes is not None else None
    said = []
    for bound_, op, word in ((start, "ge", "from"), (end, "le", "to")):
        if bound_ is None:
            continue
        day = pd.Timestamp(bound_)
        keep &= getattr(scores["date"], op)(day)
        if outcomes is not None:
            keep_o &= getattr(outcomes["date"], op)(day)
        said.append(f"{word} {day:%Y-%m-%d}")
    if people:
        keep &= scores["person"].isin(people)
        if outcomes is not None:
            keep_o &= outcomes["person"].isin(people)
        said.append(f"only {', '.join(people)}")
    if exclude:
        keep &= ~scores["person"].isin(exclude)
        if outcomes is not None:
            keep_o &= ~outcomes["person"].isin(exclude)
        said.append(f"without {', '.join(exclude)}")
    if not said:
        return scores, outcomes, ""
    text_ = f"Analysed as asked: {'; '.join(said)}. {int((~keep).sum())} of {len(keep)} SSI rows"
    if outcomes is not None:
        text_ += f" and {int((~keep_o).sum())} of {len(keep_o)} outcome rows"
    text_ += " left out."
    kept = scores[keep]
    kept.attrs = scores.attrs
    kept_o = None
    if outcomes is not None:
        kept_o = outcomes[keep_o]
        kept_o.attrs = outcomes.attrs
    if kept.empty:
        raise ReportError(f"nothing is left to analyse ({'; '.join(said)}): widen the choice.")
    return kept, kept_o, text_


def person_groups(load_report, column: str) -> tuple[str, dict[str, str]]:
    """Find each person's group in a person attribute kept by :func:`ssi_analysis.load_ssi`.

    Returns the column as the file writes it (matched without case) and ``{person: group}``
    for the people who have a value.

    Raises :class:`GroupByError` when the column was not kept (or the data has one person),
    naming the columns that were kept and why others were not.

    Examples
    --------
    >>> from ssi_analysis.schema.report import LoadReport
    >>> rep = LoadReport("SSI", "", (), 0, 0, 0, 0, 0, people=("A", "B"),
    ...                  attributes=pd.DataFrame({"person": ["A", "B"], "Region": ["EU", "US"]}))
    >>> person_groups(rep, "region")
    ('Region', {'A': 'EU', 'B': 'US'})
    """
    table = load_report.attributes
    kept = [c for c in table.columns if c != "person"]
    if len(load_report.people) < 2:
        raise GroupByError(
            f"--group-by {column!r}: the SSI data holds one person; grouping needs a team file "
            "with a column such as Region beside each seller's rows."
        )
    match = next((c for c in kept if c == column), None) or next(
        (c for c in kept if c.casefold().strip() == column.casefold().strip()), None
    )
    if match is None:
        why = [n for n in load_report.notes if "not kept as a person attribute" in n]
        raise GroupByError(
            f"--group-by {column!r}: no such column kept from the SSI file. "
            + (
                f"The columns kept (one value per person): {', '.join(map(repr, kept))}."
                if kept
                else "No column was kept: a team file's text columns with one value per "
                "person (Region, Manager...) are kept."
            )
            + (" " + "; ".join(why) + "." if why else "")
        )
    values = table.set_index("person")[match]
    return match, {str(p): v for p, v in values.items() if isinstance(v, str) and v.strip()}
