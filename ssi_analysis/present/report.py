"""The one-command HTML report: a Python object built from data loaded once, and its page.

:func:`make_report` loads the inputs **once**, with the options the user gave (``errors="drop"``
fills "Rows left out"), answers every score and outcome with :func:`ssi_analysis.answers`, draws
the pictures and returns a :class:`Report`. :func:`render` turns a report into one
self-contained HTML page through a Jinja2 template with autoescape (``report.html.j2`` beside
this module): every text from the inputs is escaped, figures are embedded PNGs, nothing is
fetched from the network. :func:`build_report` does both and writes the page and the answers
CSV, each whole or not at all. No notebook kernel is involved: a report builds in-process.

The page puts the answer first (plain sentences and a verdict grid), then "SSI over time",
"Your SSI as a diagnostic" (which pillar holds the total back; which of your own activities
move which pillar when a data archive is given) and the pictures, then "How your data was
read", then "For analysts" (every number, a glossary, the methods).

Extending the report (a team section, a run manifest)
----------------------------------------------------
A :class:`Report` is a list of :class:`Section` objects; each holds :class:`Block` items
(``text``, ``note``, ``list``, ``table``, ``figure``). To add a section, build it from the
helpers and insert it where it belongs::

    section = Section("team", "Your team", [text("..."), table(frame), figure(fig, alt="...")])
    report.insert(section, before="data")      # or after="answer", or at the end by default

A run manifest goes in ``report.manifest`` (a mapping: key -> value); the template shows it at
the foot of the page. Every text is escaped by the template, so sections never carry HTML.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.analysis import (  # noqa: F401 - the pipeline's steps, importable from here too
    Analysis,
    Choices,
    Loaded,
    _load,
    analyse,
    answer_table,
    change_runs,
    check_people,
    choose_rows,
    one_sellers_outcomes,
    person_groups,
)
from ssi_analysis.errors import Problems, SSIDataError
from ssi_analysis.exceptions import GroupByError, ReportError  # noqa: F401 - importable here
from ssi_analysis.names import VERDICTS, which_figure
from ssi_analysis.present.anonymize import (
    DEFAULT_PERSON,
    Pseudonyms,
    key_from,
    new_key,
    scrubber,
)
from ssi_analysis.present.outputs import (
    changed_inputs,
    check_owned,
    input_snapshot,
    plan_outputs,
    sha256_bytes,
    write_set,
)
from ssi_analysis.present.page import (  # noqa: F401 - the page's blocks, importable from here too
    LEGIBLE_PX,
    PICTURE_IN,
    REPORT_STYLE,
    Block,
    Figure,
    Section,
    bullet_list,
    display_frame,
    figure,
    note,
    number,
    p_value,
    smallest_text,
    table,
    text,
)
from ssi_analysis.present.words import (  # noqa: F401 - the answer's sentences, importable here too
    _PILLAR_PLAIN,
    COL,
    QUESTION_TITLES,
    SALES_WORDS,
    UNIT_WORDS,
    VERDICT_WORDS,
    _and,
    _bound_said,
    _is_sales,
    _pillar_name,
    _score_name,
    _span_words,
    _truthy,
    headline,
    label,
    next_step,
    question_lines,
    unanswered_line,
    verdict_grid,
)
from ssi_analysis.questions import QUESTIONS, question

# The answer logic lives in the statistics layer; outcome_columns and transform_outcomes are
# re-exported here for older callers.
from ssi_analysis.stats.answers import (  # noqa: F401
    SCORES,
    TABLE_COLUMNS,
    Answers,
    answers,
    outcome_columns,
    team_answers,
    transform_outcomes,
)
from ssi_analysis.words.format import verdict_meaning, verdict_phrase

__all__ = [
    "Block",
    "Report",
    "Section",
    "answer_table",
    "build_report",
    "figure",
    "make_report",
    "pillar_grid",
    "render",
    "table",
    "text",
]

TEMPLATE = Path(__file__).with_name("report.html.j2")
#: How the outcome sources read on the page.
SOURCE_NAMES = {
    "linkedin_creator": "LinkedIn creator analytics",
    "linkedin_company": "LinkedIn company page",
    "linkedin_archive": "LinkedIn data archive",
    "crm_deals": "CRM deals",
    "generic": "table of outcomes",
}


# ---------------------------------------------------------------- the report object


@dataclass
class Report:
    """Everything the report page shows, computed once.

    Attributes
    ----------
    title : str
        The page's ``<title>``: names the person (or pseudonym) and the dates.
    heading, subtitle : str
        The page's first heading and the line under it.
    headline : list of str
        The answer in plain sentences, one per question asked (reach, replies, pipeline,
        revenue), each with its verdict words.
    grid : pandas.DataFrame or None
        The verdict grid: one row per outcome (readable names), one column per score; cells
        are verdicts (``linked``, ``ruled out``, ``inconclusive``).
    sections : list of Section
        In page order; keys ``answer``, ``time``, ``diagnostic`` (when the SSI has pillars),
        ``pictures``, ``data``, ``analysts``.
    answers : Answers or None
        The answers shown, :class:`~ssi_analysis.Answers` of ``kind`` ``"person"``
        (:func:`~ssi_analysis.answers`) or ``"team"`` (:func:`~ssi_analysis.team_answers`).
    csv : pandas.DataFrame
        The table written beside the page as ``<name>_answers.csv``.
    manifest : mapping
        Shown at the foot of the page (empty: not shown).
    names, files : list of str
        People's names (in the files and as typed) and input file names seen (for
        ``--anonymize``'s last pass).
    anonymize : bool
    pseudonyms : Pseudonyms or None
        The keyed stand-ins of an anonymised report (the same in every output).
    next_step : str
        One line computed from the data: the pillar that holds the SSI back most, or until
        when to keep logging (empty when the data says neither).
    unanswered : str
        Which of the four questions no file answered, and which file would (under the grid;
        empty when every question has an outcome).
    changes : list of dict
        Each ``--change``'s answer, shown first in "The answer": its ``heading`` and
        ``lines`` (one sentence per family of series); its pictures are a section of their own.
    pillar_gaps, activity_links : pandas.DataFrame or None
        The tables of "Your SSI as a diagnostic" (:func:`~ssi_analysis.pillar_gaps`, and
        :func:`~ssi_analysis.activity_links` when the outcomes hold a LinkedIn data archive's
        activity), computed once here; written beside the page as
        ``<name>_pillar_gaps.csv`` and ``<name>_activity_links.csv`` and as sheets of the
        workbook.
    analysis : Analysis or None
        The one :class:`~ssi_analysis.analysis.Analysis` the page renders: the data, the
        numbers, and the notes of the choices the data could not serve.
    """

    title: str
    heading: str
    subtitle: str
    headline: list[str]
    grid: pd.DataFrame | None
    sections: list[Section]
    answers: object
    csv: pd.DataFrame
    manifest: dict = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    anonymize: bool = False
    pseudonyms: Pseudonyms | None = None
    loads: list = field(default_factory=list)
    pillar_gaps: pd.DataFrame | None = None
    activity_links: pd.DataFrame | None = None
    sellers: pd.DataFrame | None = None  # a team's per-seller answers (with the group column)
    next_step: str = ""  # the one "what to do next" line, shown between the answer and the grid
    #: which questions no file answered, and which file would (empty: all answered)
    unanswered: str = ""
    #: each ``--change``'s answer, first in "The answer": ``heading``, ``lines`` (one sentence
    #: per family of series) and, on the last, ``more`` (where its pictures and numbers are)
    changes: list[dict] = field(default_factory=list)
    #: the :class:`~ssi_analysis.analysis.Analysis` the page renders (its notes, numbers, data)
    analysis: Analysis | None = None

    def section(self, key: str) -> Section:
        """Return the section with this key."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(f"no section {key!r}; sections: {[s.key for s in self.sections]}")

    def insert(
        self, section: Section, *, before: str | None = None, after: str | None = None
    ) -> None:
        """Put a section before or after the one with the given key (default: at the end)."""
        keys = [s.key for s in self.sections]
        if before is not None:
            self.sections.insert(keys.index(before), section)
        elif after is not None:
            self.sections.insert(keys.index(after) + 1, section)
        else:
            self.sections.append(section)

    def html(self) -> str:
        """Return the page (see :func:`render`)."""
        return render(self)

    def _repr_html_(self) -> str:  # a notebook shows the page itself
        return render(self, fragment=True)


# ---------------------------------------------------------------- answers in plain words


def pillar_grid(result: Answers | pd.DataFrame) -> pd.DataFrame:
    """Lay the verdict of every score for every outcome out as a grid: outcomes × scores.

    Examples
    --------
    >>> table = pd.DataFrame({"outcome": ["replies", "replies"], "score": ["ssi", "brand"],
    ...                       "verdict": ["linked", "ruled out"], "lag": [1, 0]})
    >>> pillar_grid(table)
       outcome                 ssi      brand
    0  replies  linked (lag 1) ruled out
    """
    if isinstance(result, Answers) and result.kind == "group":
        raise ValueError(
            "pillar_grid: these are answers per group (group_answers), one grid per group: "
            "pillar_grid(answers.table[answers.table['group'] == 'North'])"
        )
    table = result.table if isinstance(result, Answers) else result
    lags = table["lag"].astype(str)
    if isinstance(result, Answers) and result.kind == "person":
        # a lag is named only when the data singles it out
        low, high = table["lag_low"], table["lag_high"]
        ranges = [
            "0-4"
            if not (pd.notna(a) and pd.notna(b))
            else f"{a:.0f}"
            if a == b
            else f"{a:.0f}-{b:.0f}"
            for a, b in zip(low, high, strict=True)
        ]
        lags = pd.Series(ranges, index=table.index)
    text = table["verdict"].where(
        table["verdict"] != "linked", verdict_phrase("linked") + " (lag " + lags + ")"
    )
    index = (
        ["person", "outcome"]
        if "person" in table and table["person"].nunique() > 1
        else ["outcome"]
    )
    grid = table.assign(text=text).pivot(index=index, columns="score", values="text")
    grid = grid.reindex(columns=list(dict.fromkeys(table["score"])))
    if index == ["outcome"]:
        grid = grid.reindex(index=list(dict.fromkeys(table["outcome"])))
    grid.columns.name = None
    return grid.reset_index()


# ---------------------------------------------------------------- building


def make_report(
    ssi: str | Path | Sequence[str | Path],
    outcomes: Sequence[str | Path] = (),
    *,
    freq: str = "W",
    anonymize: bool = False,
    anonymize_key: str | bytes | None = None,
    person: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    lags: Sequence[int] = (0, 1, 2, 3, 4),
    bound: float = 0.3,
    alpha: float = 0.05,
    changes: Sequence[tuple[str, str]] = (),
    score_columns: Sequence[str] | None = None,
    start: str | pd.Timestamp | None = None,
    end: str | pd.Timestamp | None = None,
    people: Sequence[str] | None = None,
    exclude: Sequence[str] | None = None,
    group_by: str | None = None,
    experiment: str | Path | None = None,
    washout: int = 0,
    progress: Callable[[str], None] | None = None,
) -> Report:
    """Load the inputs once and build the report object.

    Parameters are those of :func:`build_report`; ``anonymize_key`` keys the pseudonyms
    (default: ``$SSI_ANONYMIZE_KEY``, else a random key for this run); ``errors`` is the
    loaders' (``"drop"`` leaves invalid rows out and lists them in "Rows left out").
    ``score_columns`` limits the scores tested (default SSI and the four pillars);
    ``start``/``end`` the days analysed;
    ``people``/``exclude`` the sellers (names as the files write them). ``group_by`` names a
    column of the team's SSI file with one value per seller (``"Region"``): the team report
    then also answers per group (:func:`~ssi_analysis.stats.groups.group_answers`); a column
    the file does not have (or that was not kept) raises :class:`GroupByError` naming the
    columns kept. ``progress`` is called with the name of each step as it starts (three
    steps, and one per change; :class:`~ssi_analysis.present.progress.Steps` shows them).
    ``experiment`` is the ``schedule.csv`` of the user's own experiment (``ssi-analysis
    plan``): its answer leads "The answer"; ``washout`` weeks are left out after each switch.

    Examples
    --------
    >>> import tempfile
    >>> from ssi_analysis.simulate.sample import write_sample
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_sample(folder)
    >>> rep = make_report(folder / "ssi_log.csv")  # no outcomes: SSI over time only
    >>> [s.key for s in rep.sections]
    ['answer', 'time', 'diagnostic', 'data', 'analysts']
    >>> rep.headline[0][:34]
    'There is nothing to compare yet: n'
    >>> rep.insert(Section("team", "Your team", [text("...")]), after="answer")
    >>> [s.key for s in rep.sections]
    ['answer', 'team', 'time', 'diagnostic', 'data', 'analysts']
    """
    import matplotlib

    matplotlib.use("Agg")  # no window; pictures are embedded

    choices = Choices(
        ssi=ssi,
        outcomes=tuple(outcomes),
        freq=freq,
        person=person,
        dayfirst=dayfirst,
        errors=errors,
        lags=tuple(lags),
        bound=bound,
        alpha=alpha,
        changes=tuple(changes),
        scores=score_columns,
        start=start,
        end=end,
        people=people,
        exclude=exclude,
        group_by=group_by,
        anonymize=bool(anonymize),
        experiment=experiment,
        washout=washout,
    )
    stand_in = Pseudonyms(key_from(anonymize_key) or new_key()) if anonymize else None
    mask = functools.partial(anonymous, stand_in=stand_in) if stand_in is not None else None
    # Pictures are read on phones too: their smallest text ("small") is 11 px or more.
    with matplotlib.rc_context(REPORT_STYLE):
        done = analyse(choices, mask=mask, progress=progress)
        return render_analysis(done)


def render_analysis(done: Analysis) -> Report:
    """Lay one :class:`~ssi_analysis.analysis.Analysis` out as the report's page (no statistics).

    Every note of the analysis (a choice the data could not serve) is shown under "How your
    data was read"; the libraries' warnings under "For analysts".
    """
    loaded = done.loaded
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = _assemble(done)
        previous = "answer"
        for when, what, found, runs in done.changes:  # one person (a team was refused)
            # the change's answer leads "The answer" (first screen, above the next step and
            # the grid), one sentence per family; its pictures are the section just below
            lines, pictures, details = _change_parts(found, runs, when, what)
            day = pd.Timestamp(str(when).partition("/")[0])
            report.changes.append(
                {
                    "heading": f"Did it work? {what} ({when}): the weeks after "
                    f"{day.day} {day.month_name()} {day.year} against their forecast",
                    "lines": lines,
                }
            )
            report.insert(pictures, after=previous)
            previous = pictures.key
            report.insert(details, after="analysts")
        if report.changes:
            report.changes[-1]["more"] = (
                "Each change's pictures are in the section below; every series with its numbers "
                "is under For analysts. The lines that follow answer another question: whether "
                "SSI moves with your outcomes across all your weeks."
            )
        if done.experiment is not None:  # the user's own experiment leads the answer
            from ssi_analysis.present.experiment import experiment_parts, experiment_summary

            blocks, details = experiment_parts(done.experiment)
            report.headline.insert(
                0,
                experiment_summary(done.experiment)
                + " (The lines below answer another question: whether SSI moves with your "
                "outcomes across all your weeks.)",
            )
            answer = report.section("answer")
            answer.blocks[0:0] = [Block("heading", "Your experiment, measure by measure"), *blocks]
            report.insert(details, after="analysts")
        data = report.section("data")
        for said in reversed(done.notes):
            data.blocks.insert(1, note(said))
        if loaded.chosen:
            data.blocks.insert(1, note(loaded.chosen))
        if loaded.others:
            data.blocks.insert(1, note(loaded.others))
    report.names, report.files = loaded.names, loaded.files
    report.anonymize = done.choices.anonymize
    report.pseudonyms = loaded.pseudonyms
    report.loads = loaded.loads
    report.analysis = done
    messages = sorted(set(done.warnings) | {str(w.message) for w in caught if not _noise(w)})
    if messages:
        report.section("analysts").blocks.append(
            Block("list", messages, "Notes from the computation (warnings of the libraries used)")
        )
    return report


def anonymous(loaded: Loaded, choices: Choices, *, stand_in: Pseudonyms) -> Loaded:
    """Replace people's names in the data read by their keyed stand-ins, before any answer.

    Names in the metric names (headers such as "Meetings (Dana Wu)"), the groups (a Manager's
    name: numbered instead, in an order that depends on the key), the load reports and the
    sentences about the rows chosen are replaced too.
    """
    import dataclasses

    names, files = loaded.names, loaded.files
    scrub = scrubber(names, files, key=stand_in)
    scores = loaded.scores.assign(person=loaded.scores["person"].map(stand_in))
    groups = loaded.groups
    if groups is not None:  # a group can be a name (a Manager): numbered instead,
        # in an order that depends on the key (not the alphabet of the names)
        order = sorted(set(groups.values()), key=stand_in)
        number_ = {g: f"group {i}" for i, g in enumerate(order, 1)}
        groups = {stand_in(p): number_[g] for p, g in groups.items()}
    outcome_frame = loaded.outcomes
    if outcome_frame is not None:
        # metric names come from headers, which can hold names ("Meetings (Dana Wu)")
        outcome_frame = outcome_frame.assign(
            person=outcome_frame["person"].map(stand_in),
            metric=outcome_frame["metric"].map(scrub.plain),
        )
    chosen = loaded.chosen
    for asked, word in ((choices.people, "only"), (choices.exclude, "without")):
        if asked:  # the sentence names them as typed: their stand-ins instead
            chosen = chosen.replace(
                f"{word} {', '.join(asked)}", f"{word} {', '.join(map(stand_in, asked))}"
            )
    others = loaded.others
    for name in sorted(names, key=len, reverse=True):
        others = others.replace(name, stand_in(name)) if others else others
    return dataclasses.replace(
        loaded,
        scores=scores,
        outcomes=outcome_frame,
        loads=[_anonymous_load(r, stand_in, names, files) for r in loaded.loads],
        groups=groups,
        chosen=chosen,
        others=others,
        pseudonyms=stand_in,
    )


def _anonymous_load(load, stand_in: Pseudonyms, names, files):
    """Return a load report with people's names replaced (people, attributes, notes, problems)."""
    import dataclasses

    scrub = scrubber(names, files, key=stand_in, page=True)
    attributes = load.attributes.copy()
    if "person" in attributes:
        attributes["person"] = attributes["person"].map(stand_in)
    for column in attributes.columns.drop("person", errors="ignore"):
        attributes[column] = attributes[column].map(
            lambda v: scrub.plain(v) if isinstance(v, str) else v
        )
    problems = load.problems.copy()
    for column in ("file", "value", "problem"):
        if column in problems:
            problems[column] = problems[column].map(
                lambda v: scrub.plain(v) if isinstance(v, str) else v
            )
    return dataclasses.replace(
        load,
        people=tuple(stand_in(p) for p in load.people),
        notes=tuple(scrub.plain(n) for n in load.notes),
        files=tuple(scrub.plain(Path(f).name) for f in load.files),
        ignored_columns=tuple(scrub.plain(c) for c in load.ignored_columns),
        attributes=attributes,
        problems=problems,
    )


def _noise(w) -> bool:
    return "Kernel is running" in str(w.message) or issubclass(w.category, DeprecationWarning)


def _assemble(done: Analysis) -> Report:
    scores, panel, reports = done.loaded.scores, done.panel, done.loaded.loads
    freq, lags, bound, alpha = (
        done.choices.freq,
        done.choices.lags,
        done.choices.bound,
        done.choices.alpha,
    )
    groups, group_by = done.loaded.groups, done.loaded.group_by
    people = sorted(panel["person"].unique())
    unit = UNIT_WORDS[freq]
    first, last = scores["date"].min(), scores["date"].max()
    dates = f"{first:%Y-%m-%d} to {last:%Y-%m-%d}" if pd.notna(first) else "no dates"
    who = people[0] if len(people) == 1 else f"{len(people)} people"
    heading = "SSI and your outcomes" + (f": {who}" if who != "me" else "")
    subtitle = (
        f"{who if who != 'me' else 'You'}, {dates}, by {unit}. SSI (LinkedIn's Social Selling "
        "Index) is an activity score: does it move with the outcomes that matter, in "
        "this data?"
    )
    title = f"SSI report — {who}, {dates}" if who != DEFAULT_PERSON else f"SSI report — {dates}"
    outcomes, activity = done.outcomes, done.activity
    one = len(people) == 1

    answer = Section("answer", "The answer")
    analysts = Section("analysts", "For analysts")
    grid = None
    lines: list[str] = []
    details: list[Block] = []  # the answer with its numbers: shown under For analysts
    ready = None
    result: object = None
    team_section = None
    sellers = None
    methods_kwargs = {
        "team": not one,
        "lags": list(lags),
        "bound": bound,
        "alpha": alpha,
        "unit": unit,
        "forks": done.monthly is not None,
        "group_by": group_by if groups is not None and not one else None,
    }
    csv = pd.DataFrame(columns=TABLE_COLUMNS)  # nothing answered: the header alone
    if not outcomes:
        lines = [
            "There is nothing to compare yet: no outcome with enough data was given. "
            "Add your exports with --outcomes (LinkedIn analytics, the data archive, CRM deals) "
            "to see whether SSI moves with them. Below: your SSI over time."
            + (
                " Your own activity (posts, comments, invitations) is not an outcome: the "
                "diagnostic below answers which of it moves which pillar."
                if activity and one
                else ""
            )
        ]
    elif one and not done.enough:
        # a page that says how much there is and when it could answer
        lines = too_little_data(panel, outcomes, freq=freq)
        ready = ready_date(panel, outcomes, freq=freq)
    elif one and done.answers is not None:
        result = done.answers
        tab = result.table
        csv = tab
        lines = question_lines(tab, unit=unit, lags=list(lags))
        grid = verdict_grid(tab)
        own = tab[tab["score"] == "ssi"]
        details.append(
            Block("list", [s for s in own["sentence"]], "What each outcome shows, in detail")
        )
        caveats = own[own["caveat"].fillna("").astype(str) != ""]
        for row in caveats.itertuples():
            details.append(note(f"{label(row.outcome)}: {row.caveat}"))
    elif one:  # every pair refused by the statistics: say how much data there is
        lines = too_little_data(panel, outcomes, freq=freq, always=True)
    else:
        from ssi_analysis.present.team import team_parts

        team = team_parts(done)
        result = team.answers
        csv = result.table
        sellers = team.sellers
        if sellers is not None and groups is not None:  # each seller's group beside the name
            sellers = sellers.copy()
            sellers.insert(1, group_by, sellers["person"].map(groups))
        grid = verdict_grid(csv)
        lines = team.headline
        details.extend(team.answer_blocks)
        team_section = Section("team", "Your team: each seller, and what more data would show")
        team_section.blocks.extend(team.section_blocks)
        details.extend(team.analyst_blocks)
        if groups is not None:
            from ssi_analysis.present.team import group_parts

            by_group, blocks = group_parts(done)
            # the sentences in "Your team", the table under For analysts
            team_section.blocks.extend(b for b in blocks if b.kind != "table")
            details.extend(b for b in blocks if b.kind == "table")
            # the CSV: the whole team first, then each group (a "group" column says which)
            whole = csv.assign(group="all sellers", group_people=panel["person"].nunique())
            csv = pd.concat([whole, by_group], ignore_index=True)
            csv = csv[["group", "group_people", *result.table.columns]]

    time = _time_section(scores, people)
    diagnostic, gaps, links, diagnostic_details = _diagnostic_section(
        scores,
        panel,
        people,
        unit=unit,
        lags=lags,
        gaps=done.pillar_gaps,
        links=done.activity_links,
    )
    details.extend(diagnostic_details)
    _analysts_section(analysts, result, unit, bound, methods=_methods(result, methods_kwargs))
    data, data_tables = _data_section(scores, panel, reports)
    analysts.blocks[0:0] = details
    extra: list[Block] = []
    if gaps is not None and len(gaps):
        first = list(dict.fromkeys(gaps["person"]))[:24]  # a team's whole table is in the CSV
        extra.append(
            table(
                gaps[gaps["person"].isin(first)].drop(columns=["sentence"]),
                caption="Pillar gaps: the numbers behind the diagnosis ("
                + ("" if gaps["person"].nunique() <= 24 else "the first 24 people here; ")
                + "all in the pillar_gaps CSV beside this page)",
            )
        )
    if links is not None and len(links):
        extra.append(
            table(
                links.drop(columns=["sentence", "test", "note"]),
                caption="Your activity leading each pillar: every answer (also in the "
                "activity_links CSV)",
            )
        )
    pictures = _pictures_section(panel, result, outcomes, unit) if result is not None else None
    glossary = next(
        (i for i, b in enumerate(analysts.blocks) if b.caption == "Glossary of the columns"),
        len(analysts.blocks),
    )
    analysts.blocks[glossary:glossary] = extra + data_tables
    sections = [answer] + ([team_section] if team_section is not None else []) + [time]
    sections += [diagnostic] if diagnostic is not None else []
    sections += ([pictures] if pictures is not None else []) + [data, analysts]
    return Report(
        title=title,
        heading=heading,
        subtitle=subtitle,
        headline=lines,
        grid=grid,
        sections=sections,
        answers=result,
        csv=csv,
        pillar_gaps=gaps,
        activity_links=links,
        sellers=sellers,
        next_step=next_step(gaps, ready=ready, unit=unit, team=not one),
        unanswered=unanswered_line({question(o) for o in outcomes}) if lines else "",
    )


def _periods_after(day: pd.Timestamp, n: int, freq: str) -> pd.Timestamp:
    if freq == "MS":
        return day + pd.DateOffset(months=n)
    return day + pd.Timedelta(days=n * (7 if freq == "W" else 1))


def too_little_data(
    panel: pd.DataFrame, outcomes: Sequence[str], *, freq: str, always: bool = False
) -> list[str]:
    """Say why one person's data cannot answer yet: how much there is, how much is needed.

    Returns no lines when the SSI and the outcomes share enough periods for a first answer
    (:data:`~ssi_analysis.stats.answers.MIN_PAIRS` periods with both), unless ``always``.
    Names both time ranges when the SSI and the outcomes do not overlap at all.

    Examples
    --------
    >>> weeks = pd.date_range("2026-08-03", periods=52, freq="W-MON")
    >>> panel = pd.DataFrame({"person": "me", "period": weeks, "deals_won": 1.0,
    ...                       "ssi": [50.0] * 4 + [np.nan] * 48})
    >>> print(too_little_data(panel, ["deals_won"], freq="W")[0])  # doctest: +ELLIPSIS
    There is too little data for an answer yet: 4 weeks have both your SSI and an outcome ...
    """
    from ssi_analysis.stats.answers import MIN_PAIRS

    unit = UNIT_WORDS[freq]
    ssi = panel["ssi"].notna() if "ssi" in panel else pd.Series(False, index=panel.index)
    known = panel[list(outcomes)].notna().any(axis=1) if len(outcomes) else ssi & False
    both = int((ssi & known).sum())
    if both >= MIN_PAIRS and not always:
        return []
    n_ssi = int(ssi.sum())
    periods = pd.to_datetime(panel["period"])

    def span(mask: pd.Series) -> str:
        return f"{periods[mask].min():%Y-%m-%d} to {periods[mask].max():%Y-%m-%d}"

    if n_ssi == 0:
        return [
            "There is nothing to answer with yet: no period has an SSI score. Log your SSI "
            f"every {unit} (the take-home template has the columns) and run the report again."
        ]
    plural = "s" if n_ssi != 1 else ""
    if both == 0 and known.any():
        return [
            f"Your SSI and your outcomes do not overlap in time: your SSI runs from "
            f"{span(ssi)} ({n_ssi} {unit}{plural} with a score), your outcomes from "
            f"{span(known)}. Give outcome exports that cover the dates of your SSI log (or "
            "the SSI of the dates your exports cover) and run the report again."
        ]
    if both >= MIN_PAIRS:  # enough periods, yet every test was refused (e.g. constant values)
        return [
            f"No answer could be computed: {both} {unit}s have both your SSI and an outcome, "
            "but no pair of them could be tested (see the notes under For analysts)."
        ]
    ready = _periods_after(periods[ssi].max(), MIN_PAIRS - both, freq)
    return [
        f"There is too little data for an answer yet: {both} {unit}{'s' if both != 1 else ''} "
        f"have both your SSI and an outcome ({n_ssi} {unit}{plural} with an SSI score, "
        f"{span(ssi)}); a first answer needs at least {MIN_PAIRS}. Keep logging your SSI "
        f"every {unit}: with no {unit} missed, and outcome exports that cover the same "
        f"{unit}s, the report can give a first answer from the {unit} of {ready:%Y-%m-%d}. "
        f"Below: your SSI so far."
    ]


def ready_date(panel: pd.DataFrame, outcomes: Sequence[str], *, freq: str) -> pd.Timestamp | None:
    """Return the first period one person's data could answer, every period logged from now.

    None when it already can, when there is no SSI score, or when the SSI and the outcomes
    do not overlap at all (then no date follows from logging alone). The same count as
    :func:`too_little_data`'s sentence.
    """
    from ssi_analysis.stats.answers import MIN_PAIRS

    ssi = panel["ssi"].notna() if "ssi" in panel else pd.Series(False, index=panel.index)
    known = panel[list(outcomes)].notna().any(axis=1) if len(outcomes) else ssi & False
    both = int((ssi & known).sum())
    if both >= MIN_PAIRS or not ssi.any() or (both == 0 and known.any()):
        return None
    return _periods_after(pd.to_datetime(panel["period"])[ssi].max(), MIN_PAIRS - both, freq)


def _diagnostic_section(
    scores: pd.DataFrame,
    panel: pd.DataFrame,
    people: list[str],
    *,
    unit: str,
    lags: Sequence[int],
    gaps: pd.DataFrame | None,
    links: pd.DataFrame | None,
    limit: int = 24,
) -> tuple[Section | None, pd.DataFrame | None, pd.DataFrame | None, list[Block]]:
    """Build the section "Your SSI as a diagnostic", the two tables it shows, and its details.

    Pillar gaps always (when the SSI has pillars); the activity -> pillar answers when the
    outcomes hold a data archive's activity (one person). Returns the section (None without
    pillars), the two tables it shows (computed once) and the lists of sentences with their
    numbers (for "For analysts").
    """
    import matplotlib.pyplot as plt

    from ssi_analysis.present import plots

    details: list[Block] = []  # the numbers behind the section, for the analysts
    if gaps is None or gaps.empty:
        return None, None, None, details
    title = "Your SSI as a diagnostic" if len(people) == 1 else "The team's SSI as a diagnostic"
    section = Section("diagnostic", title)
    section.blocks.append(
        text(
            "SSI is best read as a diagnostic: which of its four pillars (0-25 each) holds the "
            "total back? Below 10 a pillar is where a total of 40 would put it, above 17.5 "
            "where 70 would (the kit's marks scaled to 25); the total is the four added up. "
            f"Figures are each one's {which_figure('recent')} of data (ssi-analysis load shows "
            "the latest score)."
        )
    )
    persons = list(dict.fromkeys(gaps["person"]))
    if len(persons) == 1:
        section.blocks.append(note(gaps["sentence"].iloc[0]))
        mine = scores[scores["person"] == persons[0]]
        fig, axes = plt.subplots(
            4, 1, figsize=(PICTURE_IN, 6.4), sharex=True, sharey=True, layout="constrained"
        )
        plots.pillar_benchmarks(mine, ax=axes)
        groups = [c for c in scores.columns if c.split("_")[-1] in _PILLAR_PLAIN and "_" in c]
        section.blocks.append(
            figure(
                fig,
                alt="Each of the four pillars over time on its own 0-25 panel, with the "
                "below-10 and above-17.5 bands"
                + (
                    " and the industry and network averages the export holds."
                    if groups
                    else "; this export holds no per-pillar industry or network averages."
                ),
            )
        )
    else:
        shown = gaps[gaps["person"].isin(persons[:limit])]
        section.blocks.append(
            Block(
                "list",
                manager_lines(shown),
                "The pillar that holds each seller's SSI back most (of 25, "
                f"{which_figure('recent')}; ▼ fell over 12 weeks)",
            )
        )
        if len(persons) > limit:
            section.blocks.append(
                text(
                    f"Showing the first {limit} of {len(persons)} sellers; every seller's "
                    "pillars are in the pillar gaps table beside this page."
                )
            )
    if links is not None and len(links):
        shown = _and([plots._short(a) for a in dict.fromkeys(links["activity"])])
        section.blocks.append(
            text(
                f"Which of your own activities ({shown}, from your LinkedIn data archive) were "
                f"followed by a change in which pillar, 0 to {max(lags)} {unit}s later? Tested "
                "as the answers above are."
            )
        )
        fig, ax = plt.subplots(
            figsize=(PICTURE_IN, 0.62 * links["activity"].nunique() + 1.5), layout="constrained"
        )
        plots.link_grid(links, ax=ax, narrow=True)
        counts = links["verdict"].value_counts()
        section.blocks.append(
            figure(
                fig,
                alt="Grid of your activities (rows) against SSI and its pillars (columns): "
                + ", ".join(f"{counts.get(v, 0)} {verdict_phrase(v)}" for v in VERDICTS)
                + "; each cell says its verdict "
                "in words.",
            )
        )
        linked = links[links["verdict"] == "linked"]
        ruled = links[links["verdict"] == "ruled out"]
        open_ = links[links["verdict"] == "inconclusive"]
        section.blocks.append(
            text(
                f"Of {len(links)} pairs, {len(linked)} were {verdict_phrase('linked')}, "
                f"{len(ruled)} {verdict_phrase('ruled out')} and for {len(open_)} we "
                f"{verdict_phrase('inconclusive')}: the grid shows which (each pair's numbers "
                "are under For analysts)."
            )
        )
        for kind, rows in (("linked", linked), ("ruled out", ruled)):
            if len(rows):
                details.append(
                    Block(
                        "list",
                        list(rows["sentence"]),
                        f"Your activity and the pillars: {verdict_phrase(kind)}",
                    )
                )
        section.blocks.append(
            text(
                f"A link says the pillar moved with your activity, in the same {unit} or "
                "after it, not that the activity caused it (a busy season can raise both)."
            )
        )
    elif len(people) == 1:
        section.blocks.append(
            text(
                "Add your LinkedIn data archive (Settings, Data privacy, Get a copy of your "
                "data) to the outcomes to see which of your own activities — posts, comments, "
                "reactions, invitations, connections, messages — move which pillar."
            )
        )
    return section, gaps, links, details


def manager_lines(gaps: pd.DataFrame) -> list[str]:
    """Say, for the team's leader, which sellers each pillar holds back (no "you", no test).

    One line per pillar, the pillar that holds back most sellers first; each seller with
    the pillar's latest value (the mean of their last 4 weeks, of 25) and ``▼`` when it fell
    over 12 weeks.

    Examples
    --------
    >>> gaps = pd.DataFrame({"person": ["A", "A", "B", "B"],
    ...     "pillar": ["people", "relationships"] * 2, "latest": [8.7, 19.4, 12.0, 9.5],
    ...     "holds_back": [True, False, False, True], "change_12w": [-1.9, 0.2, 0.0, 0.4]})
    >>> manager_lines(gaps)
    ['Find the right people: A (9 ▼)', 'Build relationships: B (10)']
    """
    low = gaps[gaps["holds_back"].fillna(False).astype(bool) & gaps["latest"].notna()]
    missing = sorted(set(gaps["person"]) - set(low["person"]))
    lines = []
    for pillar in low["pillar"].value_counts(sort=True).index:
        rows = low[low["pillar"] == pillar].sort_values("latest", kind="stable")
        change = rows["change_12w"] if "change_12w" in rows else pd.Series(np.nan, rows.index)
        who = [
            f"{p} ({v:.0f}{' ▼' if c == c and c <= -0.5 else ''})"
            for p, v, c in zip(rows["person"], rows["latest"], change, strict=True)
        ]
        lines.append(f"{_PILLAR_PLAIN.get(pillar, pillar)[:1].upper()}"
                     f"{_PILLAR_PLAIN.get(pillar, pillar)[1:]}: {', '.join(who)}")  # fmt: skip
    if missing:
        lines.append(f"No pillar captured in the last 4 weeks: {', '.join(map(str, missing))}")
    return lines


def _time_section(scores: pd.DataFrame, people: list[str], limit: int = 24) -> Section:
    import matplotlib.pyplot as plt

    from ssi_analysis.present import plots

    section = Section("time", "SSI over time")
    scored = set(scores.loc[scores["ssi"].notna(), "person"].unique())
    if len(people) > 1:
        section.blocks += _small_multiples(scores, [p for p in people if p in scored], limit)
        return section
    for who in people:
        mine = scores[scores["person"] == who]
        if who not in scored:
            section.blocks.append(text("No capture with a score."))
            continue
        # one column, read top to bottom on a phone: the total, the pillars, the latest
        fig = plt.figure(figsize=(PICTURE_IN, 8.2), layout="constrained")
        grid = fig.add_gridspec(3, 1, height_ratios=[2.2, 1.3, 1.5])
        top = fig.add_subplot(grid[0])
        plots.timeline(mine, pillars=None, ax=top, legend="below")
        plots.pillar_lines(mine, ax=fig.add_subplot(grid[1], sharex=top), legend="below")
        plots.pillars(mine, ax=fig.add_subplot(grid[2]))
        latest = mine.dropna(subset=["ssi"]).iloc[-1]
        section.blocks.append(
            figure(
                fig,
                alt=f"{'Your' if who == DEFAULT_PERSON else who + chr(39) + 's'} SSI from "
                f"{mine['date'].min():%Y-%m-%d} to {mine['date'].max():%Y-%m-%d} with the 40 "
                f"and 70 marks, the four pillars below it on their own 0-25 axis; latest SSI "
                f"{latest['ssi']:.0f} on {latest['date']:%Y-%m-%d}, with the latest pillars "
                "beside it.",
            )
        )
    return section


def _small_multiples(scores: pd.DataFrame, people: list[str], limit: int) -> list[Block]:
    """One small SSI timeline per person, on shared axes, in one picture (weekly means)."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FixedLocator

    from ssi_analysis.present.plots import date_axis, drawn

    shown, change = people[:limit], None
    if len(people) > limit:
        # A grid of hundreds is unreadable: a team lead looks for who moved. Shown: the
        # sellers whose SSI rose most and fell most, and the page says so.
        change = _ssi_change(scores, people)
        ranked = list(change.index)
        rose = ranked[::-1][: limit // 2]
        fell = [p for p in ranked if p not in set(rose)][: limit - len(rose)]
        shown = (rose + fell[::-1]) or people[:limit]
    weekly = (
        scores[scores["person"].isin(shown)]
        .set_index("date")
        .groupby("person")["ssi"]
        .resample("W-MON", label="left", closed="left")
        .mean()
    )
    cols = min(2, len(shown))  # phone-narrow: two panels a row
    rows = -(-len(shown) // cols)
    tall = 0.5 + 1.45 * rows
    # Laid out by hand: a layout engine over dozens of axes costs seconds.
    fig, axes = plt.subplots(
        rows, cols, figsize=(PICTURE_IN, tall), sharex=True, sharey=True, squeeze=False
    )
    fig.subplots_adjust(
        left=0.14, right=0.97, top=1 - 0.3 / tall, bottom=0.4 / tall, hspace=0.6, wspace=0.1
    )
    for ax, who in zip(axes.flat, shown, strict=False):
        series = weekly.loc[who]
        ax.axhspan(0, 40, color="#d9d9d9", alpha=0.35, lw=0)
        ax.axhspan(70, 100, color="#a1d99b", alpha=0.35, lw=0)
        ax.plot(series.index, series.to_numpy(), color="black", lw=1.2)
        moved = f" ({change[who]:+.0f})" if change is not None and who in change else ""
        ax.set_title(drawn(who) + moved, fontsize="small")
        ax.set_ylim(0, 100)
        ax.tick_params(labelsize="small")
        date_axis(ax, most=3)
        ax.yaxis.set_major_locator(FixedLocator([0, 40, 70, 100]))
    for ax in list(axes.flat)[len(shown) :]:
        ax.set_visible(False)
    fig.supylabel("weekly mean SSI (0-100)", fontsize="small")
    picked = (
        f"the {len(rose)} whose SSI rose most and the {len(fell)} whose SSI fell most of "
        f"{len(people)} people"
        if change is not None and len(change)
        else f"{len(shown)} people"
    )
    block = figure(
        fig,
        tight=False,
        alt=f"SSI over time of {picked}, one small panel each on the same scale, weekly means, "
        "with the below-40 and 70-and-above bands.",
    )
    if change is not None and len(change):
        return [
            text(
                f"Showing {picked}: the mean of each one's first four weeks of scores against "
                "their last four (the change is in each title, in SSI points; largest rise "
                "first, largest fall last)."
            ),
            block,
        ]
    return [block]


def _ssi_change(scores: pd.DataFrame, people: list[str]) -> pd.Series:
    """Each person's SSI change: mean of their last 28 days of scores less their first 28.

    Sorted from the largest fall to the largest rise (ties by name).
    """
    rows = scores.loc[
        scores["person"].isin(people) & scores["ssi"].notna(), ["person", "date", "ssi"]
    ]
    by = rows.groupby("person", sort=True)["date"]
    first, last = by.transform("min"), by.transform("max")
    month = pd.Timedelta(days=28)
    early = rows[rows["date"] < first + month].groupby("person", sort=True)["ssi"].mean()
    late = rows[rows["date"] > last - month].groupby("person", sort=True)["ssi"].mean()
    return (late - early).dropna().sort_values(kind="stable")


def _pictures_section(panel, result, outcomes, unit) -> Section:
    import matplotlib.pyplot as plt

    from ssi_analysis.present import plots

    section = Section("pictures", "Pictures")
    if result.kind == "person":
        tab = result.table
        fig, ax = plt.subplots(
            figsize=(PICTURE_IN, 0.42 * tab["outcome"].nunique() + 1.2), layout="constrained"
        )
        plots.heatmap(result, ax=ax, narrow=True)
        section.blocks.append(
            figure(
                fig,
                alt="Grid of the tested correlation of each score (columns) with each outcome "
                f"(rows), at the lag of its answer; * marks {verdict_phrase('linked')}, ○ "
                f"{verdict_phrase('ruled out')}.",
            )
        )
        own = tab[tab["score"] == "ssi"]
        top = own.sort_values(["p_adj", "p"], kind="stable").iloc[0]
        fig, ax = plt.subplots(figsize=(PICTURE_IN, 4.6), layout="constrained")
        plots.lag_profile(result, x="ssi", y=top["outcome"], ax=ax, legend="below")
        section.blocks.append(
            figure(
                fig,
                alt=f"Tested correlation of SSI with {label(top['outcome'])} at each lag in "
                f"{unit}s, with the chance band; the answer's lag is outlined.",
            )
        )
        # one picture per kind of answer: the strongest links, then the sales outcomes
        linked = own[own["verdict"] == "linked"].sort_values("p_adj", kind="stable")["outcome"]
        sales = [o for o in own["outcome"] if _is_sales(o) and o not in set(linked)]
        others = [o for o in own["outcome"] if o not in set(linked) | set(sales)]
        for outcome in list(dict.fromkeys([*linked[:2], *sales[:2], *others, *linked]))[:4]:
            row = result.pair("ssi", outcome)
            fig, ax = plt.subplots(figsize=(PICTURE_IN, 4.4), layout="constrained")
            plots.scatter(panel, x="ssi", y=outcome, answers=result, ax=ax)
            section.blocks.append(
                figure(
                    fig,
                    alt=f"One point per {unit}: SSI against {plots.money_label(panel, outcome)} "
                    f"{row['lag']} {unit}(s) later; tested r {number(row['r'])} "
                    f"(interval {number(row['r_low'])} to {number(row['r_high'])}), "
                    f"{VERDICT_WORDS[row['verdict']]}.",
                )
            )
    else:
        own = result.table
        own = own[own["score"] == "ssi"].drop_duplicates("outcome").set_index("outcome")
        for outcome in outcomes:  # every outcome, at the lag its answer is about
            lag = int(own.loc[outcome, "lag"]) if outcome in own.index else 0
            fig, ax = plt.subplots(figsize=(PICTURE_IN, 4.8), layout="constrained")
            plots.team(panel, x="ssi", y=outcome, lag=lag, unit=unit, ax=ax)
            when = f"{lag} {unit}{'s' if lag != 1 else ''} later" if lag else f"the same {unit}"
            section.blocks.append(
                figure(
                    fig,
                    alt=f"SSI against {plots.money_label(panel, outcome)} {when} (the lag of "
                    "the team's answer), one line per person and a dashed line between "
                    "people's averages.",
                )
            )
    return section


def sources_table(reports: list) -> pd.DataFrame:
    """One row per load report: what was read and how every row was accounted for."""
    rows = []
    for report in reports:
        rows.append(
            {
                "data": report.kind,
                "files": len(report.files),
                "format": report.format,
                "rows read": report.rows_read,
                "kept": report.rows_kept,
                "missing": report.rows_missing,
                "merged": report.rows_merged,
                "rejected": report.rows_rejected,
                "from": f"{report.date_min:%Y-%m-%d}" if report.date_min is not None else "",
                "to": f"{report.date_max:%Y-%m-%d}" if report.date_max is not None else "",
            }
        )
    return pd.DataFrame(rows)


def _data_section(scores, panel, reports) -> tuple[Section, list[Block]]:
    """Build "How your data was read" (sentences) and its tables (for the analysts)."""
    from ssi_analysis.schema.summary import coverage_in_log_unit, person_summaries

    section = Section("data", "How your data was read")
    tables: list[Block] = []
    read = sum(r.rows_read for r in reports)
    kept = sum(r.rows_kept for r in reports)
    rejected = sum(r.rows_rejected for r in reports)
    section.blocks.append(
        text(
            f"Every input row is accounted for: {kept:,} of {read:,} rows read were kept; the "
            "rest are missing values (never read as zero) or repeats merged"
            + (
                f", and {rejected:,} {'was' if rejected == 1 else 'were'} left out, each with "
                "its reason"
                if rejected
                else ""
            )
            + ". The tables are under For analysts."
        )
    )
    tables.append(table(sources_table(reports), caption="What was read"))
    currency = panel.attrs["align_report"].currency
    if currency:
        section.blocks.append(
            text(f"Pipeline and revenue are in {currency}, as the CRM export names them.")
        )
    for report in reports:
        kept = [c for c in report.attributes.columns if c != "person"]
        if kept:
            section.blocks.append(
                text(
                    f"Kept from the {report.kind} files as seller attributes (one value per "
                    f"seller, usable with --group-by): {', '.join(kept)}."
                )
            )
        if report.ignored_columns:
            shown = ", ".join(report.ignored_columns[:20])
            more = len(report.ignored_columns) - 20
            tables.append(
                text(
                    f"Not used from the {report.kind} files: {shown}"
                    + (f" and {more} more" if more > 0 else "")
                    + "."
                )
            )
    align_report = panel.attrs["align_report"]
    if align_report.only_in_scores or align_report.only_in_outcomes:
        section.blocks.append(
            note(
                "Some people appear on one side only, so their scores and outcomes cannot be "
                f"compared: scores only: {', '.join(align_report.only_in_scores) or 'none'}; "
                f"outcomes only: {', '.join(align_report.only_in_outcomes) or 'none'}. If these "
                "are the same person, give your own files the name your CRM uses (--person NAME)."
            )
        )
    coverage = align_report.coverage
    if len(coverage):
        shown = coverage.copy()
        if "metric" in shown:
            shown["metric"] = shown["metric"].map(label)
        if "source" in shown:
            shown["source"] = shown["source"].map(
                lambda v: SOURCE_NAMES.get(v, str(v).replace("_", " "))
            )
        shown.columns = [str(c).replace("_", " ") for c in shown.columns]
        tables.append(
            table(shown, caption="What each outcome source covers (outside it: unknown, not zero)")
        )
    for report in reports:
        if len(report.problems):
            tables.append(
                table(
                    report.problems.head(50),
                    caption=f"Rows left out of the {report.kind} data, with the reason",
                )
            )
            if len(report.problems) > 50:
                tables.append(
                    text(f"The first 50 of {len(report.problems)} rows left out are listed.")
                )
    summary = person_summaries(scores)  # describe_scores' table, all people at once
    # coverage in each log's own unit: a weekly log counts weeks, not its six empty days a week
    coverage = coverage_in_log_unit(scores)
    summary = summary[["person", "first_date", "last_date", "ssi", "change", "band"]].merge(
        coverage, on="person", how="left"
    )
    summary = summary[
        ["person", "first_date", "last_date", "unit", "scored", "missing", "gaps",
         "longest_gap", "ssi", "change", "band"]
    ].rename(
        columns={
            "first_date": "first day",
            "last_date": "last day",
            "unit": "counted in",
            "scored": "with a score",
            "longest_gap": "longest gap",
            "ssi": "latest SSI",
            "change": "change over 4 weeks",
        }
    )  # fmt: skip
    summary["counted in"] = summary["counted in"].map({"day": "days", "week": "weeks"})
    tables.append(table(summary, caption="Each person's SSI log", digits=0))
    return section, tables


def glossary() -> dict[str, str]:
    """Return the analysts' glossary of the answers' columns (verdicts in the map's words)."""
    ruled = verdict_phrase("ruled out")
    return {
        "verdict": verdict_meaning(),
        "lag": "periods by which the score leads the outcome, at the row's answer",
        "r, r_low, r_high": "the tested (prewhitened) correlation and its interval at r_level "
        f"(95 %; in the activity table 90 % for '{ruled}', the equivalence test's)",
        "p": "the test's p-value at that lag, before adjustment",
        "p_adj": "Simes over the cell's lags, then Benjamini-Hochberg over the question's cells",
        "p_tost": "equivalence p: two one-sided tests of the effect against ±bound",
        "bound": f'the smallest effect that matters, for "{ruled}" (a share of the average)',
        "effect, effect_low, effect_high": "what a sustained rise went with over the horizon, "
        "with the 90 % interval the equivalence test uses",
        "rise, horizon": "the rise of the score (10 SSI points, 2.5 pillar points) and the "
        "periods after it over which the effect is measured",
        "r_detectable": "the correlation this much data detects with 80 % power",
        "n, df": "periods with both values, and the test's degrees of freedom",
        "transform": "log1p: counts and money analysed as log(1 + x)",
        "caveat": "a robustness check the link failed (holiday weeks, one week, a shared step)",
    }


def _methods(result, kwargs) -> list[str]:
    """Generate the methods appendix from what ran (:func:`~.team.methods_appendix`)."""
    from ssi_analysis.present.team import methods_appendix

    if result is None or not len(result):
        return _default_methods()
    scores = list(dict.fromkeys(result.table["score"]))
    transforms = dict(result.transforms)
    return methods_appendix(scores=scores, transforms=transforms, **kwargs)


def team_glossary() -> dict[str, str]:
    """Return the glossary of the team table's columns (verdicts in the map's words)."""
    linked, ruled = verdict_phrase("linked"), verdict_phrase("ruled out")
    return {
        "slope, slope_low, slope_high": "change in the outcome per SSI (or pillar) point, within "
        "sellers, and its 95 % interval; slope_unit says the unit",
        "effect_pct, effect_low_pct, effect_high_pct": "what a sustained rise (10 SSI points, 2.5 "
        "pillar points) went with, in % of the outcome's expected value, and its interval at "
        "ci_level (95 %); a team table has no effect, effect_low, effect_high",
        "tost_low, tost_high": "the effect's 90 % interval, the one the equivalence test uses",
        "window, window_weight": f"a row not '{linked}' shows the effect of the score's average "
        "over lags 0..window; an effect at one lag shows in it at least window_weight times its "
        f"size, so '{ruled}' needs tost_low..tost_high inside ±bound shrunk by that weight (the "
        "margin the sentence states), which rules out ±bound at any single lag",
        "r, r_low, r_high": "the within-seller correlation (two-way demeaned values) and its "
        "interval",
        "p, best_lag": f"a '{linked}' row: the test's p at its lag; a row not '{linked}': the lag "
        "scan's smallest p, found at lag best_lag (not the window's effect beside it)",
        "p_adj": "Benjamini-Hochberg over every score, outcome and lag",
        "p_tost": "equivalence p of the window's effect against ±bound shrunk by window_weight",
        "bound": "the smallest effect that matters at any single lag, a share of the outcome",
        "people, n_obs": "sellers with two or more periods, and seller-periods used",
        "between_r, between_p_adj": "correlation of sellers' averages (different people)",
        "pooled_r": "naive correlation of all rows (for contrast only)",
    }


def _analysts_section(
    section: Section, result, unit: str, bound: float, *, methods: list[str] | None = None
) -> None:
    if result is not None and result.kind == "person":
        columns = [
            "score", "outcome", "verdict", "lag", "r", "r_low", "r_high", "p", "p_adj",
            "p_tost", "bound", "r_detectable", "n", "df", "transform", "caveat",
        ]  # fmt: skip
        section.blocks.append(
            table(result.table[columns], caption="Every answer (also in the CSV beside this page)")
        )
    elif result is not None:
        shown = result.table.drop(columns=["sentence", "between_sentence"], errors="ignore")
        section.blocks.append(table(shown, caption="The team's answers"))
    said = glossary()  # read when the page is written: a reworded verdict reaches it
    section.blocks.append(bullet_list(f"{name}: {meaning}" for name, meaning in said.items()))
    section.blocks[-1].caption = "Glossary of the columns"
    if result is not None and result.kind == "team":
        section.blocks.append(bullet_list(f"{n}: {m}" for n, m in team_glossary().items()))
        section.blocks[-1].caption = "Glossary of the team table's columns"
    section.blocks.append(Block("list", methods or _default_methods(), "Methods and caveats"))


def _default_methods() -> list[str]:
    """Return the methods appendix for when nothing ran (verdict words read when said)."""
    return [
        "SSI is an activity score, not a revenue metric. It rises when you post, search, comment "
        "and connect. Whether that activity brings pipeline is exactly what needs checking, and "
        "this report checks it on your data only.",
        "Why not a plain correlation? Weekly SSI and weekly pipeline both drift. Two unrelated "
        'drifting series "correlate" significantly in well over half of cases with a textbook '
        "test. Here each series is first taken off its own straight line, then the score's own "
        "persistence is modelled and removed from both series before testing (prewhitening): an "
        "AR filter chosen by AIC when the score was captured every period, an AR(1) fitted over "
        "the missing periods when it was not (nothing is filled in). In simulations of unrelated "
        "series (steady, drifting, trending, with up to half the weeks missing) this test called "
        "4 to 7 % of them significant at the 5 % level, where a textbook test called up to 77 %. "
        "It does not remove a seasonal rhythm both series share (up to 12 % there), and only the "
        "year-end weeks are checked for shared holiday dips (in Python, answers(..., holidays=...) "
        "checks others too).",
        "Many tests, one family per question: five scores × each outcome of a question (reach, "
        "replies, pipeline, revenue) × five lags are many chances to find something by luck; each "
        "score × outcome folds its lags (Simes) and the question's pairs are adjusted together "
        "(Benjamini-Hochberg).",
        f'Three answers, not two: "{verdict_phrase("ruled out")}" only when two one-sided tests '
        "show that a sustained 10-point rise in SSI (2.5 in a pillar) goes with less than the "
        "smallest effect that matters for the question (±20 % of reach or replies, ±40 % of "
        "pipeline over 5 weeks, ±25 % of revenue over 14 weeks). With a year or two of one "
        "person's data that is rarely possible for revenue, and the answer is "
        f'"{verdict_phrase("inconclusive")}", with the effect\'s interval.',
        "Checks on every link: each link is re-tested without the year-end weeks (18 December to "
        "8 January), without its single most influential week, and checked for a level step both "
        "series share in the same week. A caveat says when a link rests on one of those.",
        "A correlation cannot show cause. Both series can follow a third thing (season, a "
        "campaign, a new territory). A lag where SSI leads says it came first, not that it caused "
        "the outcome.",
        'Between people is not within a person: "people with high SSI sell more" compares '
        "different people; it says nothing about what raising your own SSI does.",
        "Gaps are gaps: a day without an SSI capture, or a week an export does not cover, is "
        "missing, never zero. Counts and money are analysed on a log scale (log1p).",
        "More in docs/methods.md of the kit.",
    ]


METHODS = _default_methods()


# ---------------------------------------------------------------- rendering and writing


def render(report: Report, *, fragment: bool = False) -> str:
    """Render a report as one self-contained HTML page (Jinja2, autoescape on).

    ``fragment=True`` gives the page's body only (for a notebook).
    """
    from ssi_analysis.present.page import template
    from ssi_analysis.present.plots import BIDI_CONTROLS

    grid = None
    if report.grid is not None:
        grid = {
            "columns": list(report.grid.columns),
            "rows": [
                (index, [(v, VERDICT_WORDS.get(v, v)) for v in values])
                for index, values in zip(report.grid.index, report.grid.to_numpy(), strict=True)
            ],
        }
    page = template(TEMPLATE).render(
        report=report,
        grid=grid,
        fragment=fragment,
        tables=_table_rows,
        hint_widths=sorted(
            {
                b.content.hint
                for s in report.sections
                for b in s.blocks
                if b.kind == "figure" and b.content.hint > 0
            }
        ),
        question_titles=list(QUESTION_TITLES.values()),
        # the legend says each verdict as the sentences do (one map: names.VERDICT_WORDS)
        verdict_said={v: verdict_phrase(v, start=True) for v in VERDICTS},
    )
    # Bidi controls in names reorder what is shown ("Ana\u202egnp.exe" reads "Anaexe.png").
    page = page.translate(BIDI_CONTROLS)
    if report.anonymize:
        # Last pass: every name and file name seen, in text content (tags and images stay);
        # the kit's own words ("Can't tell yet") are left alone even when a seller is "Can".
        page = scrubber(report.names, report.files, key=report.pseudonyms, page=True)(page)
    return page


def _table_rows(frame: pd.DataFrame) -> tuple[list[str], list[list[tuple[str, bool]]]]:
    """Header and cells; a cell of more than 40 characters may wrap (the others do not)."""
    cells = frame.astype(str).to_numpy().tolist()
    return [str(c) for c in frame.columns], [[(v, len(v) > 40) for v in row] for row in cells]


def build_report(
    ssi: str | Sequence[str],
    outcomes: Sequence[str] = (),
    *,
    out: str | Path = "report.html",
    freq: str = "W",
    anonymize: bool = False,
    person: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    lags: Sequence[int] = (0, 1, 2, 3, 4),
    bound: float = 0.3,
    progress: bool | Callable[[str], None] = False,
    snapshot: dict | None = None,
    changes: Sequence[tuple[str, str]] = (),
    command: Sequence[str] | None = None,
    force: bool = False,
    anonymize_key: str | bytes | None = None,
    **choices,
) -> tuple[Path, Path]:
    """Build the report from the given files and write the HTML and the answers CSV.

    Parameters
    ----------
    ssi : path or list of paths
        SSI files or folders (see :func:`ssi_analysis.load_ssi`).
    outcomes : list of paths
        Outcome exports (see :func:`ssi_analysis.load_outcomes`).
    out : path
        The HTML file to write; the answer table goes beside it as ``<name>_answers.csv``.
        Refused before any work (:class:`~ssi_analysis.exceptions.OutputError`) when
        either would land on an input or inside an input folder; both are written whole or
        not at all.
    freq, person, dayfirst, errors
        As in :func:`ssi_analysis.align` and the loaders.
    anonymize : bool
        Replace people's names (in the files, and as typed in ``person``, ``people``,
        ``exclude``) and file names (which often hold them) with pseudonyms in every output;
        the manifest then keeps file names without their folders. The pseudonyms are keyed:
        random for each run, or the same each time for the same ``anonymize_key`` (or
        ``$SSI_ANONYMIZE_KEY``); without the key they cannot be traced back to names.
    lags : sequence of int
        Lags (in periods, score leading) tried for every score and outcome.
    bound : float
        "Ruled out" means the tested correlation is inside ±bound at every lag (see
        :func:`ssi_analysis.answers`).
    progress : bool or callable
        A callable is told each step as it starts (four steps and one per change:
        ``ssi-analysis report`` shows them with
        :class:`~ssi_analysis.present.progress.Steps`); ``True`` prints one line on
        standard error.
    snapshot : dict, optional
        The inputs as they were when checked (see
        :func:`~ssi_analysis.present.outputs.input_snapshot`); taken here when not given.
        A file changed since is refused, and nothing is written.
    changes : sequence of (date, label)
        For each, a "did it work?" section (:func:`change_table`) for one person's data.
    command : sequence of str, optional
        The command line, for the run manifest.
    force : bool
        Replace files in the way that the kit did not write (by default refused, before any
        work, with :class:`~ssi_analysis.exceptions.OutputError`). The outputs are
        written as one set (:func:`~ssi_analysis.present.outputs.write_set`): all new, or
        on any failure all as they were.
    **choices
        ``score_columns``, ``start``, ``end``, ``people``, ``exclude``, ``group_by``
        (:func:`make_report`).

    Returns
    -------
    (Path, Path)
        The HTML report and the answers CSV (UTF-8 with a byte-order mark, for Excel). Beside
        them: ``<name>_answers.xlsx`` (the answers, and a sheet documenting every column) and
        ``<name>_manifest.json`` (the run manifest also shown at the foot of the page),
        ``<name>_pillar_gaps.csv`` and ``<name>_activity_links.csv`` (the tables of "Your SSI
        as a diagnostic", also sheets of the workbook; the header alone when not computed),
        and ``<name>_sellers.csv`` (a team's answers for each seller on their own, with the
        ``--group-by`` column; also a sheet; the header alone for one person).
    """
    import sys

    from ssi_analysis.present.export import csv_text

    ssi_list = [ssi] if isinstance(ssi, str | Path) else list(ssi)
    # Refuse a bad --out before any work: an input is never overwritten.
    outputs = plan_outputs(out, [*ssi_list, *outcomes], force=force)
    snapshot = input_snapshot([*ssi_list, *outcomes]) if snapshot is None else snapshot
    if progress is True:
        print("reading the data and running the analysis ...", file=sys.stderr)
    say = progress if callable(progress) else None
    try:
        report = make_report(
            [str(p) for p in ssi_list],
            [str(p) for p in outcomes],
            freq=freq,
            anonymize=anonymize,
            anonymize_key=anonymize_key,
            person=person,
            dayfirst=dayfirst,
            errors=errors,
            lags=lags,
            bound=bound,
            changes=changes,
            progress=say,
            **choices,
        )
    except Exception:
        _check_unchanged(snapshot)  # a file changed under us explains any failure better
        raise
    _check_unchanged(snapshot)  # before rendering: nothing to show of unchecked data
    from ssi_analysis.present.export import CSV_ENCODING, xlsx_bytes
    from ssi_analysis.present.manifest import (
        anonymous_command,
        manifest_json,
        manifest_lines,
        run_manifest,
    )

    options = {
        "freq": freq,
        "lags": list(lags),
        "bound": bound,
        **{k: (list(v) if isinstance(v, list | tuple) else v) for k, v in choices.items()},
    }
    options = {
        k: (f"{v:%Y-%m-%d}" if isinstance(v, pd.Timestamp) else v)
        for k, v in options.items()
        if v is not None
    }
    if anonymize:  # names as typed -> their stand-ins; paths -> file names, key hidden
        stand_in = report.pseudonyms
        for key in ("people", "exclude"):
            if key in options:
                options[key] = [stand_in(n) for n in options[key]]
        if command:
            command = anonymous_command(command, stand_in, report.names)
    manifest = run_manifest(
        snapshot,
        command=command,
        loads=report.loads,
        options=options,
        folder=None if anonymize else Path.cwd(),
        anonymised=bool(anonymize),
    )
    report.manifest = manifest_lines(manifest)
    if say:
        say("writing the page and the tables")
    page = render(report)
    table_text = csv_text(report.csv)
    sheet = report.csv
    if anonymize:
        scrub = scrubber(report.names, report.files, key=report.pseudonyms, page=True)
        table_text = scrub.plain(table_text)
        sheet = sheet.map(lambda v: scrub.plain(v) if isinstance(v, str) else v)
    # The diagnostic's tables and a team's per-seller answers (header only when not computed:
    # a rerun never leaves an old one)
    from ssi_analysis.stats.diagnostic import GAP_COLUMNS, LINK_COLUMNS

    diagnostic = {
        "pillar_gaps": report.pillar_gaps
        if report.pillar_gaps is not None
        else pd.DataFrame(columns=GAP_COLUMNS),
        "activity_links": report.activity_links
        if report.activity_links is not None
        else pd.DataFrame(columns=LINK_COLUMNS),
        "sellers": report.sellers
        if report.sellers is not None
        else pd.DataFrame(columns=TABLE_COLUMNS),
    }
    if anonymize:
        diagnostic = {
            k: v.map(lambda c: scrub.plain(c) if isinstance(c, str) else c)
            for k, v in diagnostic.items()
        }
    data = {
        "page": page.encode("utf-8"),
        "answers_csv": table_text.encode(CSV_ENCODING),
        "answers_xlsx": xlsx_bytes(sheet, sheets=diagnostic),
        **{name: csv_text(frame).encode(CSV_ENCODING) for name, frame in diagnostic.items()},
    }
    # The manifest records each output's SHA-256: the next run knows them for the kit's own.
    manifest["outputs"] = {role: sha256_bytes(payload) for role, payload in data.items()}
    manifest_text = manifest_json(manifest)
    if anonymize:
        manifest_text = scrub.plain(manifest_text)
    data["manifest"] = manifest_text.encode("utf-8")
    taken = {Path(f).resolve() for f in snapshot}
    for path in outputs.files.values():
        if path in taken:
            from ssi_analysis.exceptions import OutputError

            raise OutputError(f"{path} is one of the inputs; choose another --out name.")
    _check_unchanged(snapshot)
    check_owned(outputs, out=out)  # again: a file may have appeared during the analysis
    # One set: every file staged beside its target, then all renamed into place together.
    write_set({outputs.path(role): payload for role, payload in data.items()})
    return outputs.html, outputs.csv


def _check_unchanged(snapshot: Mapping) -> None:
    changed = changed_inputs(snapshot)
    if changed:
        found = Problems()
        for name in changed:
            found.add(
                Path(name).name,
                None,
                None,
                None,
                "the file changed (or went away) while the report was being made; "
                "nothing was written",
                "wait until the export or edit is finished, then run the report again",
            )
        raise SSIDataError(found, summary="an input file changed during the analysis")


def change_table(panel: pd.DataFrame, **change) -> pd.DataFrame:
    """Run :func:`~ssi_analysis.intervention` at one change date for SSI, pillars, outcomes.

    :func:`~ssi_analysis.analysis.change_runs`' table (the same keyword arguments: ``start``,
    ``end``, ``label``, ``columns``, ``placebo``) with each series' sentence. One person's
    panel. ``end``: the last day of the change (a one-week or one-month event; default: to
    the end of the data). A series the analysis refuses (too few periods before the date,
    the date outside its data) gets a row with status ``too_few`` and the reason, not an
    error. The placebo check uses the 12 latest fake starts by default, to keep a report
    quick. The series are one family (:func:`~ssi_analysis.stats.intervention.
    change_family`): each sentence's verdict allows for how many were tested.

    Returns
    -------
    pandas.DataFrame
        The intervention and family columns, plus ``change`` (the label) and ``sentence``.
    """
    found, _ = change_runs(panel, **change)
    return _worded(found)


def _worded(found: pd.DataFrame) -> pd.DataFrame:
    """Add each series' sentence to a change's table (once)."""
    if "sentence" in found:
        return found
    from ssi_analysis.present.words import explain

    return found.assign(sentence=[explain(row) for _, row in found.iterrows()])


def _pictured(found: pd.DataFrame) -> str | None:
    """Name the series the change section draws: the one the user's question names.

    The user's outcomes first, in the order of the questions (reach, replies, pipeline,
    revenue; their own activity is an input, not an outcome), then SSI and the pillars;
    never the smallest p (a picture chosen for its p shows a chance flag as a finding).
    """
    from ssi_analysis.questions import QUESTIONS, question

    ok = [y for y in found.loc[found["status"] == "ok", "y"]]
    outcomes = [y for y in ok if y not in SCORES and question(y) in QUESTIONS]
    outcomes.sort(key=lambda y: QUESTIONS.index(question(y)))
    scores = [y for y in SCORES if y in ok]
    chosen = outcomes + scores + ok
    return chosen[0] if chosen else None


def _family_text(found: pd.DataFrame) -> str:
    """Say how many series one change date tested, the chance flags expected and found."""
    ok = found[found["status"] == "ok"]
    n = len(ok)
    if n < 2:
        return ""
    raw = int((ok["p"] < 0.05).sum())
    flagged = int(ok["changed"].sum())
    verdict = (
        f"{flagged} series changed by more than chance explains."
        if flagged
        else "no series moved by more than chance explains."
    )
    return (
        f"{n} series were tested at this date. With no change at all, about "
        f"{float(ok['chance_flags'].iloc[0]):.1f} of them would show p < 0.05 by chance; {raw} "
        f"did. Each verdict below allows for the {n} tests (Benjamini-Hochberg, false-discovery "
        f"rate 5 %): {verdict}"
    )


#: The families of series a change is read in, in the page's order: the score, then the
#: user's questions.
CHANGE_FAMILIES = ("score", *QUESTIONS, "activity")


def _family_of(column: str) -> str:
    return "score" if column in SCORES else question(column)


def change_lines(found: pd.DataFrame) -> list[tuple[str, str | None]]:
    """Say what a change did, one sentence per family of series (SSI, reach, ... revenue).

    ``found`` is :func:`change_table`'s result: each series' verdict (``changed``) is its
    own, adjusted over every series tested at the date (:func:`~ssi_analysis.stats.
    intervention.change_family`); nothing is decided here. The sentences follow a heading
    that names the change and its date. Returns ``(sentence, series to picture)`` per
    family with data: the first series that changed, else the family's first.

    Examples
    --------
    >>> found = pd.DataFrame({"y": ["ssi", "impressions", "deals_won"], "status": ["ok"] * 3,
    ...     "start": pd.Timestamp("2026-03-02"), "changed": [True, False, False],
    ...     "effect": [3.0, 10.0, -1.0], "note": ""})
    >>> for line, y in change_lines(found): print(y, "|", line)  # doctest: +NORMALIZE_WHITESPACE
    ssi | Your SSI and its pillars: changed — SSI was above its forecast, by more than chance
    explains.
    impressions | Reach: no change beyond chance (impressions).
    deals_won | Revenue: no change beyond chance (deals won).
    """
    titles = {
        "score": "Your SSI and its pillars",
        **QUESTION_TITLES,
        "activity": "Your own activity",
    }
    families = found["y"].map(_family_of)
    said = []
    for family in CHANGE_FAMILIES:
        rows = found[families == family]
        if rows.empty:
            continue
        ok = rows[rows["status"] == "ok"]
        names = [label(y) for y in ok["y"]]
        if ok.empty:
            reason = str(rows["note"].iloc[0] or "too few weeks before the date").rstrip(".")
            said.append((f"{titles[family]}: no answer — {reason}.", None))
            continue
        moved = ok[ok["changed"].fillna(False).astype(bool)]
        if len(moved):
            parts = []
            for side, rows_ in (("above", moved[moved["effect"] > 0]),
                                ("below", moved[moved["effect"] <= 0])):  # fmt: skip
                if len(rows_):
                    many = len(rows_) > 1
                    parts.append(
                        f"{_and([label(y) for y in rows_['y']])} {'were' if many else 'was'} "
                        f"{side} {'their' if many else 'its'} forecast"
                    )
            rest = len(ok) - len(moved)
            # A change a slow creep before the date could explain as well (decided by
            # stats.intervention: its p allowing a creep would not call it changed).
            steady = (
                moved[moved["creep_explains"].map(_truthy)]
                if "creep_explains" in moved
                else moved[:0]
            )
            creep = ""
            signs = set(np.sign(steady["effect"])) if len(steady) else set()
            how = "rising" if signs == {1} else "falling" if signs == {-1} else "moving"
            if len(steady) == len(moved):
                creep = f", unless already {how} slowly before the date"
            elif len(steady):
                were = "were" if len(steady) > 1 else "was"
                creep = (
                    f", unless {_and([label(y) for y in steady['y']])} {were} already {how} "
                    "slowly before the date"
                )
            line = (
                f"{titles[family]}: changed — {_and(parts)}, by more than chance explains"
                + creep
                + (f" ({rest} more series: no change)" if rest else "")
                + "."
            )
            said.append((line, str(moved["y"].iloc[0])))
        else:
            what = names[0] if len(names) == 1 else f"{len(names)} series"
            said.append(
                (
                    f"{titles[family]}: no change beyond chance ({what}).",
                    str(ok["y"].iloc[0]),
                )
            )
    return said


def _change_parts(
    found: pd.DataFrame, runs: Mapping[str, pd.DataFrame], when: str, what: str
) -> tuple[list[str], Section, Section]:
    """Answer one change (``--change DATE [--until DATE] LABEL``).

    Returns the sentences for "The answer" (one per family of series), the section of their
    pictures (each family's series, below the answer) and the section of every series with
    its numbers (for the analysts). ``when`` is a date, or ``start/end`` (ISO 8601's
    interval) for a change that ended.
    """
    import matplotlib.pyplot as plt

    from ssi_analysis.present import plots

    start = str(when).partition("/")[0]
    found = _worded(found)
    lines: list[str] = []
    pictures = Section(f"change-{when}-pictures", f"Did it work? {what} ({when})")
    for line, pictured in change_lines(found):
        lines.append(line)
        if pictured is None or pictured not in runs:
            continue
        fig, axes = plt.subplots(
            3,
            1,
            sharex=True,
            figsize=(PICTURE_IN, 6.2),
            height_ratios=(2, 1, 1),
            layout="constrained",
        )
        plots.intervention(runs[pictured], axes=axes, label_change=plots.drawn(what))
        pictures.blocks.append(
            figure(
                fig,
                caption=line.partition(":")[0],
                alt=f"{label(pictured)} before and after {start} ({what}): what happened "
                "against the forecast from the weeks before, with its band, and the effect.",
            )
        )
    pictures.blocks.append(
        note(
            "A before/after comparison cannot tell the change apart from anything else that "
            "happened at the same time."
        )
    )
    section = Section(f"change-{when}", f"Did it work? {what} ({when}): every series")
    family = _family_text(found)
    if family:
        section.blocks.append(text(family))
    section.blocks.append(bullet_list(found["sentence"]))
    columns = [
        "y", "n_pre", "n_post", "effect", "ci_low", "ci_high", "p", "p_family", "p_creep",
        "p_creep_family", "placebo_p", "note",
    ]  # fmt: skip
    shown = found[columns].assign(y=found["y"].map(label)).rename(columns={"y": "series"})
    section.blocks.append(table(shown, caption="Before and after, every series"))
    fakes = pd.to_numeric(found.get("n_placebo"), errors="coerce").max()
    floor = f" (never below 1/{int(fakes) + 1} = {1 / (fakes + 1):.2f})" if fakes > 0 else ""
    section.blocks.append(
        note(
            "p_family: p allowing for every series tested at this date. p_creep: for a p "
            "below 0.05 under a steady level, the p when the level may creep slowly before "
            "the date; p_creep_family: the same allowing for every series. placebo_p: the "
            "share of fake change dates before the real one whose effect was at least as "
            f"large{floor}."
        )
    )
    section.blocks.append(
        text(
            "Each series' forecast comes from its own weeks before the date; the effect is what "
            "happened minus that forecast."
        )
    )
    return lines, pictures, section
