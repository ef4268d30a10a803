"""Your own experiment in plain words: the plan's files and the result's sentences.

- :func:`plan_experiment` draws the schedule (:func:`ssi_analysis.stats.experiment.schedules`),
  says what this length can detect (:func:`~ssi_analysis.stats.experiment.detectable_change`)
  and writes ``schedule.csv`` (with the seed, so a later edit is detected), ``schedule.ics``
  (one all-day event per block, for Google Calendar, Outlook or Apple Calendar) and
  ``plan.html`` (a printable page, Jinja2 as the report).
- :func:`read_schedule` reads ``schedule.csv`` back; :func:`experiment_sentences` words
  :func:`ssi_analysis.stats.experiment.experiment`'s result.

The iCalendar file is written by hand with the standard library (RFC 5545: CRLF line ends,
lines folded at 75 octets, ``UID``, ``DTSTAMP``, all-day ``DTSTART``/``DTEND`` as dates): one
kind of component with six properties does not justify a new dependency (``icalendar``), and
the kit installs nothing it can do without.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import validate_params
from ssi_analysis.present.words import _and, label
from ssi_analysis.readers.schedule import read_schedule
from ssi_analysis.stats.answers.holidays import YEAR_END
from ssi_analysis.stats.experiment import (
    RULES,
    ExperimentResult,
    _check_design,
    design,
    detectable_change,
    schedules,
)
from ssi_analysis.stats.power import TYPICAL_WEEKLY
from ssi_analysis.words.format import fmt_p, p_cell

__all__ = [
    "TYPICAL_NOISE",
    "Plan",
    "calendar",
    "default_start",
    "experiment_figure",
    "experiment_parts",
    "experiment_sentences",
    "experiment_summary",
    "plan_experiment",
    "read_schedule",
]

TEMPLATE = Path(__file__).with_name("experiment.html.j2")
#: Weekly coefficient of variation and lag-one autocorrelation of each measure for a typical
#: seller of the kit's simulator: the kit's one table of them
#: (:data:`ssi_analysis.stats.power.TYPICAL_WEEKLY`). Pass ``history=`` (your own weekly
#: panel) to :func:`plan_experiment` to use your own figures.
TYPICAL_NOISE = TYPICAL_WEEKLY
WORDS = {
    "ssi": "your SSI",
    "brand": "the professional-brand pillar",
    "people": "the find-the-right-people pillar",
    "insights": "the engage-with-insights pillar",
    "relationships": "the build-relationships pillar",
    "impressions": "weekly impressions",
    "engagements": "weekly engagements",
    "new_followers": "new followers a week",
    "replies": "replies a week",
    "deals_created": "deals created a week",
    "pipeline_created": "pipeline created a week",
    "revenue_won": "revenue won a week",
}
MAX_WEEKS = 104  # beyond two years a plan is not a plan
#: The year's end (the kit's ``YEAR_END``: 18 December to 8 January), when most people post,
#: reply and buy less: a block over it is flagged on the plan.
HOLIDAYS = YEAR_END


@dataclass(frozen=True)
class Plan:
    """A drawn experiment plan.

    Attributes
    ----------
    schedule : pandas.DataFrame
        One row per block (see :func:`ssi_analysis.stats.experiment.schedules`) plus ``does``
        (what the arm means, in the user's words).
    detect : pandas.DataFrame
        Per outcome: ``measure``, ``cv``, ``phi``, ``source`` (``typical`` or ``history``),
        ``detectable`` (the relative change found 80 % of the time; inf when none is) and
        ``weeks_needed`` (about how many weeks find ``target``; NaN beyond two years).
    sentences : list of str
        What the plan can detect, in plain words.
    files : dict
        Paths written (``csv``, ``ics``, ``html``), empty when ``out`` was None.
    when : dict
        When and how to look at the results: ``last_day`` (the experiment's last Sunday),
        ``analyse_from`` (the Monday after it), ``command`` (the report's command line) and
        ``sentence`` (the three in words, the last of ``sentences``).
    holidays : list of int
        The blocks that fall over the year's end (:data:`HOLIDAYS`).
    """

    schedule: pd.DataFrame
    detect: pd.DataFrame
    sentences: list[str]
    files: dict = field(default_factory=dict)
    when: dict = field(default_factory=dict)
    holidays: list = field(default_factory=list)


def _noise(measure: str, history: pd.DataFrame | None) -> tuple[float, float, str]:
    if history is not None and measure in history.columns:
        x = pd.to_numeric(history[measure], errors="coerce").dropna()
        if len(x) >= 12 and x.mean() > 0 and x.std() > 0:
            phi = float(np.clip(x.autocorr(), 0.0, 0.9)) if x.nunique() > 1 else 0.0
            return float(x.std() / x.mean()), 0.0 if np.isnan(phi) else phi, "history"
    cv, phi = TYPICAL_NOISE.get(measure, TYPICAL_NOISE["impressions"])
    return cv, phi, "typical"


def _weeks_needed(detectable: float, weeks: int, target: float, step: int) -> float:
    """About how many weeks find ``target`` (the detectable change shrinks as 1/sqrt(weeks))."""
    if not math.isfinite(detectable):
        return math.nan
    need = weeks * (detectable / target) ** 2
    need = max(step, math.ceil(need / step) * step)
    return float(need) if need <= MAX_WEEKS else math.nan


@validate_params({"seed": RULES["seed"], "target": RULES["change"]})
def plan_experiment(
    *,
    start: str | dt.date | pd.Timestamp,
    weeks: int,
    block: int = 2,
    arms: tuple[str, str] = ("usual", "more"),
    describe: dict[str, str] | None = None,
    seed: int,
    outcomes: tuple[str, ...] | list[str] = ("impressions", "pipeline_created"),
    history: pd.DataFrame | None = None,
    target: float = 0.2,
    out: str | Path | None = None,
    person: str = "",
) -> Plan:
    """Draw a randomised switchback plan, say what it can detect, and write its files.

    Parameters
    ----------
    start : date-like
        The first Monday of the experiment.
    weeks : int
        Its length in weeks (a multiple of ``block``, an even number of blocks, at least 4).
    block : int
        Weeks per block (2 lets reach settle within a block; 1 gives more schedules).
    arms : tuple of str
        The two arms, the usual one first.
    describe : dict, optional
        What each arm means, in words (``{"more": "post 3 times a week"}``).
    seed : int
        The randomiser's seed (choose it before you look at the schedule; it is stored).
    outcomes : sequence of str
        Measures to plan for (the kit's outcome names, or ``ssi``/a pillar). The first is the
        one the change is meant to move: stored in the schedule (``primary``), it is tested on
        its own at the end, the others as a family that allows for their number.
    history : pandas.DataFrame, optional
        Your weekly panel (:func:`ssi_analysis.align`); its variation is used instead of a
        typical seller's.
    target : float
        The relative change whose "weeks needed" is given (0.2: a 20 % change).
    out : path, optional
        Folder to write ``schedule.csv``, ``schedule.ics`` and ``plan.html`` to.
    person : str
        Name for the page and the calendar.

    Returns
    -------
    Plan

    Examples
    --------
    >>> plan = plan_experiment(start="2027-01-04", weeks=24, seed=7,
    ...                        describe={"more": "post 3 times a week"})
    >>> len(plan.schedule), plan.schedule["does"].iloc[0] in ("post as usual",
    ...                                                       "post 3 times a week")
    (12, True)
    """
    _check_design("plan_experiment", weeks, block, tuple(arms))  # its own name in errors
    sched = schedules(weeks, block, tuple(arms), seed, start=start)
    arms = tuple(str(sched["arms"].iloc[0]).split("|"))
    words = {arms[0]: "carry on as usual", **{str(k): str(v) for k, v in (describe or {}).items()}}
    unknown = [k for k in words if k not in arms]
    if unknown:
        raise ValueError(
            f"plan_experiment: describe names arms {unknown!r} that are not in arms {arms!r}."
        )
    words.setdefault(arms[1], arms[1])
    if arms[0] == "usual" and "usual" not in (describe or {}):
        words[arms[0]] = "post as usual"
    sched["does"] = sched["arm"].map(words)
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    # the measure the change is meant to move, chosen now: tested on its own at the end
    sched["primary"] = str(next(iter(outcomes))) if len(outcomes) else ""
    rows = []
    for measure in dict.fromkeys(outcomes):
        cv, phi, source = _noise(measure, history)
        can = detectable_change(weeks=weeks, block=block, cv=cv, phi=phi)
        rows.append(
            {
                "measure": measure,
                "cv": cv,
                "phi": phi,
                "source": source,
                "detectable": can,
                "weeks_needed": _weeks_needed(can, weeks, target, 2 * block),
            }
        )
    detect = pd.DataFrame(
        rows, columns=["measure", "cv", "phi", "source", "detectable", "weeks_needed"]
    )
    sentences = _plan_sentences(sched, detect, weeks, block, target)
    holidays = _holiday_blocks(sched)
    if holidays:
        sentences.append(_holiday_sentence(sched, holidays))
    when = _when(sched, Path(out) / "schedule.csv" if out is not None else None)
    sentences.append(when["sentence"])
    plan = Plan(sched, detect, sentences, when=when, holidays=holidays)
    if out is not None:
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        files = {
            "csv": folder / "schedule.csv",
            "ics": folder / "schedule.ics",
            "html": folder / "plan.html",
        }
        frame = sched.copy()
        frame["start"] = frame["start"].dt.strftime("%Y-%m-%d")
        frame["end"] = frame["end"].dt.strftime("%Y-%m-%d")
        frame.to_csv(files["csv"], index=False, lineterminator="\n")
        ics = calendar(sched, person=person, command=when["command"])
        files["ics"].write_bytes(ics.encode("utf-8"))
        files["html"].write_text(_render(plan, person), encoding="utf-8")
        plan = replace(plan, files=files)
    return plan


def default_start(today: dt.date, block: int = 2) -> tuple[pd.Timestamp, str]:
    """Return the first Monday to plan from when none is given, and why it is not the next one.

    The next Monday, unless its first block would touch the year's end (:data:`HOLIDAYS`); then
    the first Monday after the holidays, with a sentence that says so ('' otherwise).

    Examples
    --------
    >>> default_start(dt.date(2027, 3, 3))
    (Timestamp('2027-03-08 00:00:00'), '')
    >>> day, why = default_start(dt.date(2026, 12, 7))
    >>> str(day.date()), why.startswith("No --start given: the next Monday (14 Dec 2026)")
    ('2027-01-11', True)
    """
    today = pd.Timestamp(today).normalize()
    monday = today + pd.Timedelta(days=(7 - today.day_of_week) % 7 or 7)
    first = pd.DataFrame(
        {"block": [1], "start": [monday], "end": [monday + pd.Timedelta(days=7 * block - 1)]}
    )
    if not _holiday_blocks(first):
        return monday, ""
    (m1, d1) = HOLIDAYS[1]
    year = monday.year + (monday.month == 12)
    after = pd.Timestamp(year, m1, d1) + pd.Timedelta(days=1)
    after += pd.Timedelta(days=(7 - after.day_of_week) % 7)
    (m0, d0) = HOLIDAYS[0]
    span = f"{pd.Timestamp(2001, m0, d0):%-d %B} to {pd.Timestamp(2001, m1, d1):%-d %B}"
    return after, (
        f"No --start given: the next Monday ({monday:%d %b %Y}) would put the first block in "
        f"the holidays ({span}), when most people post, reply and buy less, so it starts on "
        f"{after:%A %d %B %Y}, after them. Give --start to choose another Monday."
    )


def _holiday_blocks(sched: pd.DataFrame) -> list[int]:
    """Return the blocks with a day from 18 December to 8 January (:data:`HOLIDAYS`)."""
    (m0, d0), (m1, d1) = HOLIDAYS
    out = []
    for row in sched.itertuples():
        first, last = pd.Timestamp(row.start), pd.Timestamp(row.end)
        for year in range(first.year - 1, last.year + 1):
            if first <= pd.Timestamp(year + 1, m1, d1) and last >= pd.Timestamp(year, m0, d0):
                out.append(int(row.block))
                break
    return out


def _holiday_sentence(sched: pd.DataFrame, blocks: list[int]) -> str:
    rows = sched.set_index("block").loc[blocks]
    which = _and(
        [
            f"block {b} ({pd.Timestamp(r.start):%d %b} to {pd.Timestamp(r.end):%d %b %Y})"
            for b, r in zip(blocks, rows.itertuples(), strict=True)
        ]
    )
    (m0, d0), (m1, d1) = HOLIDAYS
    span = f"{pd.Timestamp(2001, m0, d0):%-d %B} to {pd.Timestamp(2001, m1, d1):%-d %B}"
    return (
        f"This plan's {which} fall{'s' if len(blocks) == 1 else ''} over the holidays ({span}), "
        "when most people post, reply and buy less: keep to the schedule as far as you can and "
        "write 'no' for a week you are away. The random order keeps the comparison fair, but "
        "quiet weeks add noise; a plan that starts after "
        f"{pd.Timestamp(2001, m1, d1):%-d %B} and ends before {pd.Timestamp(2001, m0, d0):%-d %B} "
        "avoids them."
    )


def _when(sched: pd.DataFrame, path: Path | None) -> dict:
    """Return when and how to look at the results: the last day, the day after, the command."""
    import shlex

    last = pd.Timestamp(sched["end"].iloc[-1])
    after = last + pd.Timedelta(days=1)
    where = shlex.quote((path or Path("plan") / "schedule.csv").as_posix())
    command = (
        "ssi-analysis report --ssi YOUR_SSI_FILES --outcomes YOUR_OUTCOME_FILES "
        f"--experiment {where}"
    )
    sentence = (
        f"The experiment's last day is {last:%A %d %B %Y}. From {after:%A %d %B %Y} on, export "
        "your SSI and outcome files (so that they cover every week of the plan, the last one "
        f"complete) and run: {command} — not before: a comparison made while the plan runs "
        "leaves out the blocks still to come, and looking early and stopping when it looks good "
        "makes a chance result look real."
    )
    return {"last_day": last, "analyse_from": after, "command": command, "sentence": sentence}


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def _plan_sentences(sched, detect, weeks, block, target) -> list[str]:
    blocks = weeks // block
    dsg = design(blocks)
    arms = str(sched["arms"].iloc[0]).split("|")
    out = [
        f"{weeks} weeks in {blocks} blocks of {block} week{'s' if block > 1 else ''}: "
        f"{blocks // 2} blocks '{arms[0]}' and {blocks // 2} blocks '{arms[1]}', in a random "
        f"order (seed {int(sched['seed'].iloc[0])}) with no arm more than two blocks in a row."
    ]
    if dsg.min_p > 0.05:
        out.append(
            f"This plan is too short to find anything: it could have drawn only {dsg.count} "
            f"schedules, so even a large effect cannot reach the 5 % level (the smallest "
            f"possible p is {p_cell(dsg.min_p)}). Plan at least {_shortest(block)} weeks with "
            f"{block}-week blocks."
        )
        return out
    for row in detect.itertuples():
        name = WORDS.get(row.measure, row.measure)
        whose = "your own past weeks" if row.source == "history" else "a typical seller"
        if not math.isfinite(row.detectable):
            out.append(f"For {name}, this length finds no change reliably (from {whose}).")
            continue
        text = (
            f"For {name} it finds a change of {_pct(row.detectable)} or more "
            f"8 times in 10 (from how much {whose} varies week to week)"
        )
        if row.detectable > target:
            needed = (
                f"about {int(row.weeks_needed)} weeks"
                if math.isfinite(row.weeks_needed)
                else "more than two years"
            )
            text += f"; a {_pct(target)} change needs {needed}"
        out.append(text + ".")
    too_long = [
        WORDS.get(row.measure, row.measure)
        for row in detect.itertuples()
        if row.measure not in ("revenue_won", "deals_won")
        and (
            not math.isfinite(row.detectable)
            or (row.detectable > target and not math.isfinite(row.weeks_needed))
        )
    ]
    if too_long:
        out.append(
            f"More than two years is not a plan. To find a {_pct(target)} change in "
            f"{_and(too_long)}: test a bigger change (three times the posts rather than one "
            "more a week), or a measure your change moves directly and soon (posting moves "
            "weekly impressions within days; pipeline, if it moves at all, moves by far less); "
            "or accept finding only the larger changes above. Longer blocks are not the fix: "
            "the same weeks in longer blocks give fewer blocks, fewer schedules to compare "
            "with, and find less."
        )
    slow = [WORDS[m] for m in ("revenue_won", "deals_won") if m in set(detect["measure"])]
    if slow:
        out.append(
            f"{slow[0][0].upper() + slow[0][1:]} closes over the sales cycle, weeks to months "
            f"after the work that led to it, far longer than a {block}-week block: a switchback "
            "cannot see it. Test pipeline created or replies instead."
        )
    return out


def _shortest(block: int) -> int:
    blocks = 4
    while design(blocks).min_p > 0.05:
        blocks += 2
    return blocks * block


# ---------------------------------------------------------------- files


def _ics_text(text: str) -> str:
    """Escape TEXT per RFC 5545 3.3.11."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # continuation lines start with one space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def calendar(
    schedule: pd.DataFrame,
    *,
    person: str = "",
    stamp: dt.datetime | None = None,
    command: str | None = None,
) -> str:
    """Return the schedule as an iCalendar file: one all-day event per block.

    With ``command``, one more all-day event on the Monday after the last block: "look at the
    results", with the command to run.

    Examples
    --------
    >>> s = schedules(8, 2, seed=1, start="2027-01-04")
    >>> text = calendar(s, stamp=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    >>> crlf = chr(13) + chr(10)
    >>> text.count("BEGIN:VEVENT"), "DTSTART;VALUE=DATE:20270104" in text, text.endswith(crlf)
    (4, True, True)
    """
    stamp = stamp or dt.datetime.now(dt.UTC)
    now = stamp.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    seed = int(schedule["seed"].iloc[0])
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ssi-analysis//experiment plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _ics_text(f"Experiment{' – ' + person if person else ''}"),
    ]
    for row in schedule.itertuples():
        first = pd.Timestamp(row.start)
        after = pd.Timestamp(row.end) + pd.Timedelta(days=1)  # DTEND of a date is exclusive
        does = getattr(row, "does", row.arm)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ssi-experiment-{seed}-{first:%Y%m%d}-block{row.block}@ssi-analysis",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
            f"DTEND;VALUE=DATE:{after:%Y%m%d}",
            "SUMMARY:"
            + _ics_text(
                f"Block {row.block}: {row.arm}" + (f" – {does}" if does != row.arm else "")
            ),
            "DESCRIPTION:"
            + _ics_text(
                f"Experiment block {row.block} of {len(schedule)} ({first:%d %b} to "
                f"{pd.Timestamp(row.end):%d %b %Y}): {does}. At its end, write yes (followed every "
                "week) or no in this block's row of schedule.csv, column 'followed'."
            ),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    if command is not None:
        after = pd.Timestamp(schedule["end"].iloc[-1]) + pd.Timedelta(days=1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:ssi-experiment-{seed}-{after:%Y%m%d}-results@ssi-analysis",
            f"DTSTAMP:{now}",
            f"DTSTART;VALUE=DATE:{after:%Y%m%d}",
            f"DTEND;VALUE=DATE:{after + pd.Timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _ics_text(f"Look at the results: run {command}"),
            "DESCRIPTION:"
            + _ics_text(
                f"The experiment ended yesterday ({after - pd.Timedelta(days=1):%d %b %Y}). "
                "Export your SSI and outcome files (covering every week of the plan) and run: "
                f"{command}"
            ),
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


_SUNDAY = pd.Timedelta(days=6)


def _command_html(command: str):
    """Return the command as HTML that wraps only between words, and in a path after a '/'.

    Each word is a box that is kept whole (no break at its hyphens: "--outcomes" stays one
    piece); a word longer than the line (a long path) may break at the ``<wbr>`` after each
    "/". Copying the text gives the command unchanged (``<wbr>`` adds no character).

    Examples
    --------
    >>> str(_command_html("run --out /a/b")).split(" ")[-1]
    'class="word">/<wbr>a/<wbr>b</span>'
    """
    from markupsafe import Markup, escape

    words = [str(escape(word)).replace("/", "/<wbr>") for word in command.split(" ")]
    return Markup(" ".join(f'<span class="word">{w}</span>' for w in words))


def _render(plan: Plan, person: str) -> str:
    from ssi_analysis.present.page import template

    weeks = []
    for row in plan.schedule.itertuples():
        for k in range(int(row.block_weeks)):
            monday = pd.Timestamp(row.start) + pd.Timedelta(weeks=k)
            week = pd.DataFrame({"block": [k + 1], "start": [monday], "end": [monday + _SUNDAY]})
            weeks.append(
                {
                    "block": row.block,
                    "monday": f"{monday:%a %d %b %Y}",
                    "arm": row.arm,
                    "does": row.does,
                    "first": k == 0,
                    "holidays": bool(_holiday_blocks(week)),
                }
            )
    when = plan.when
    return template(TEMPLATE).render(
        person=person,
        sentences=[s for s in plan.sentences if s != when.get("sentence")],
        when={
            "last_day": f"{when['last_day']:%A %d %B %Y}",
            "analyse_from": f"{when['analyse_from']:%A %d %B %Y}",
            "command": when["command"],
        },
        command_html=_command_html(when["command"]),
        weeks=weeks,
        arms=str(plan.schedule["arms"].iloc[0]).split("|"),
        does=dict(zip(plan.schedule["arm"], plan.schedule["does"], strict=True)),
        seed=int(plan.schedule["seed"].iloc[0]),
    )


# ---------------------------------------------------------------- the result in words


def _number(x: float) -> str:
    if not math.isfinite(x):
        return "unbounded"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.1f}" if abs(x) >= 1 else f"{x:.2f}"


def _share(p: float) -> str:
    """Say a p as a share of draws: 0.0481 -> '4.8 %'."""
    return f"{100 * p:.1f} %" if p >= 0.001 else "under 0.1 %"


def _signed(x: float) -> str:
    return _number(x) if not math.isfinite(x) or x < 0 else "+" + _number(x)


def experiment_sentences(result: ExperimentResult) -> list[str]:
    """Word an experiment's result: one sentence per measure, then adherence and limits.

    Examples
    --------
    >>> from ssi_analysis.stats.experiment import experiment, schedules
    >>> plan = schedules(24, 2, seed=3, start="2027-01-04")
    >>> weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    >>> more = np.repeat((plan["arm"] == "more").to_numpy(), 2)
    >>> data = pd.DataFrame({"period": weeks, "impressions": 1000 + 400 * more})
    >>> experiment_sentences(experiment(data, plan, outcomes=["impressions"]))[0][:60]
    "Weekly impressions: changed. In 'more' weeks 400 more than i"
    """
    usual, arm = result.arms
    level = f"{100 * (1 - result.alpha):.0f} %"
    tested = int(result.table["p"].notna().sum()) if len(result.table) else 0
    out = []
    for row in result.table.itertuples():
        name = WORDS.get(row.measure) or label(row.measure)
        name = name[0].upper() + name[1:]
        if row.status == "no_data":
            out.append(f"{name}: too few weeks with a value in one arm to compare.")
            continue
        diff = row.difference
        # a score is a level (points); an outcome is counted per week
        score = row.kind != "outcome"
        unit = " points" if score else ""
        way = ("higher" if diff >= 0 else "lower") if score else ("more" if diff >= 0 else "less")
        text = f"{name}: in '{arm}' weeks {_number(abs(diff))}{unit} {way} than in '{usual}' weeks"
        if math.isfinite(row.percent):
            text += f" ({row.percent:+.0f} %)"
        if row.status == "too_short":
            out.append(
                text + f". The plan was too short to tell: only {result.schedules} schedules "
                f"were possible, so no p can fall below {p_cell(result.min_p)}."
            )
            continue
        span = _change_words(row._asdict())[1]
        size = text.partition(": in ")[2]
        if row.status == "changed":
            family = getattr(row, "p_family", math.nan)
            text = (
                f"{name}: changed. In {size}, between {span} ({level} interval). If the change did "
                f"nothing, a random schedule would give a difference at least this large, "
                f"either way, in {_share(row.p)} of draws"
            )
            if math.isfinite(family) and family > result.alpha and tested > 1:
                text += (
                    f"; but with {tested} measures compared, one of them differing this much "
                    f"is not unusual ({_share(family)}): a hint to test again, not an answer."
                )
            elif math.isfinite(family) and tested > 1:
                text += f" ({_share(family)} allowing for the {tested} measures compared)."
            else:
                text += "."
        else:
            text = (
                f"{name}: no change found ({fmt_p(row.p)}). In {size}, within what a random "
                f"schedule gives by chance; a difference between {span} is still possible "
                f"({level} interval)."
            )
        out.append(text)
    if result.washout:
        out.append(
            (
                "The first week was"
                if result.washout == 1
                else f"The first {result.washout} weeks were"
            )
            + " left out after each switch of arm, so what one arm left behind does "
            "not count for the next."
        )
    if math.isfinite(result.followed):
        out.append(
            f"You logged following the schedule in {100 * result.followed:.0f} % of the weeks. "
            "The answer compares the weeks as they were assigned (the only comparison the "
            "random schedule protects): it is the effect of planning to do this, usually "
            "smaller than the effect of doing it when some weeks were not followed."
        )
    if result.edited:
        out.append(
            f"Caution: {result.edited}. The p-value assumes the schedule was drawn at random; "
            "moved blocks may follow busy or quiet weeks, so read it as a hint."
        )
    out.append(
        "This is about you, in these months, doing this: it does not say what the same "
        "change would do for someone else, or in another season."
    )
    return out


# ---------------------------------------------------------------- the result on the report


def _ordered(result: ExperimentResult) -> ExperimentResult:
    """Return the result with the user's outcomes first, then SSI and the pillars."""
    order = result.table["kind"].map({"outcome": 0, "score": 1, "pillar": 2})
    table = result.table.iloc[np.argsort(order.to_numpy(), kind="stable")].reset_index(drop=True)
    return replace(result, table=table)


def experiment_summary(result: ExperimentResult) -> str:
    """Say in one sentence what the experiment found, and how many measures were compared.

    Examples
    --------
    >>> from ssi_analysis.stats.experiment import experiment, schedules
    >>> plan = schedules(24, 2, seed=3, start="2027-01-04")
    >>> weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    >>> more = np.repeat((plan["arm"] == "more").to_numpy(), 2)
    >>> data = pd.DataFrame({"period": weeks, "impressions": 1000 + 400 * more})
    >>> experiment_summary(experiment(data, plan, outcomes=["impressions"]))[:58]
    "Your experiment ('more' weeks against 'usual' weeks, 24 we"
    """
    usual, arm = result.arms
    table = _ordered(result).table
    tested = table[table["status"].isin(["changed", "no_change_found", "too_short"])]
    head = (
        f"Your experiment ('{arm}' weeks against '{usual}' weeks, {result.weeks} weeks in "
        f"blocks of {result.block})"
    )
    caution = (
        f"Caution: the schedule was changed after it was drawn ({result.edited}); the test "
        "assumes a random draw, so read this as a hint. "
        if result.edited
        else ""
    )
    if len(tested) and (tested["status"] == "too_short").all():
        return caution + (
            f"{head} was too short to tell anything: only {result.schedules} schedules were "
            f"possible, so no difference could be told from chance. Run it longer."
        )
    lead = ""
    if "primary" in tested and tested["primary"].any():
        main = tested[tested["primary"]].iloc[0]
        tested = tested[~tested["primary"]]
        name = WORDS.get(main["measure"]) or label(main["measure"])
        point, span = _change_words(main)
        if main["status"] == "changed":
            lead = (
                f"{head}: {name}, the measure you chose when planning, differed more than a "
                f"random schedule explains ({point}; between {span})."
            )
        elif main["status"] == "too_short":
            lead = f"{head}: too short to tell for {name}, the measure you chose when planning."
        else:
            lead = (
                f"{head}: {name}, the measure you chose when planning, did not differ more "
                f"than a random schedule explains (it was {point}; anything between {span} is "
                "still possible)."
            )
        head = "Of the other measures"
    family = tested["p_family"] if "p_family" in tested else tested["p"]
    named = tested["status"].eq("changed") & family.le(result.alpha)
    alone = tested["status"].eq("changed") & ~named
    words = [WORDS.get(m) or label(m) for m in tested.loc[named, "measure"]]
    hints = [WORDS.get(m) or label(m) for m in tested.loc[alone, "measure"]]
    n = len(tested)
    if words:
        found = (
            f"{head}: {_and(words)} differed more than a random schedule explains, allowing "
            f"for the {n} measures compared (with no effect at all, one is named here in at "
            f"most 1 experiment in {round(1 / result.alpha)})."
        )
        if hints:
            found += f" {_and(hints).capitalize()}: a hint only (see below)."
    elif hints:
        found = (
            f"{head}: no measure differed more than a random schedule explains once the {n} "
            f"measures compared are allowed for; {_and(hints)} did on its own test — a hint "
            "to test again, not an answer."
        )
    elif lead:
        found = f"{head} ({n}), none differed more than a random schedule explains."
    else:
        found = (
            f"{head}: none of the {n} measures compared differed more than a random schedule "
            "explains. That is not proof of no effect: the ranges below say how large an "
            "effect could still be."
        )
    found = f"{lead} {found}" if lead else found
    return caution + found


def _change_words(row) -> tuple[str, str]:
    """Say a difference and its interval, in % when there is one: ('+87 %', '+40 % and ...')."""
    if math.isfinite(row["percent_low"]) and math.isfinite(row["percent_high"]):
        return (
            f"{row['percent']:+.0f} %",
            f"{row['percent_low']:+.0f} % and {row['percent_high']:+.0f} %",
        )
    unit = " points" if row["kind"] != "outcome" else ""
    return (
        f"{_signed(row['difference'])}{unit}",
        f"{_signed(row['ci_low'])} and {_signed(row['ci_high'])}{unit}",
    )


def experiment_figure(result: ExperimentResult, *, axes=None):
    """Draw each measure's difference between the arms with its interval.

    Outcomes in % of the usual arm's weekly mean (top), SSI and the pillars in points
    (bottom). Returns the figure.
    """
    import matplotlib.pyplot as plt

    table = _ordered(result).table
    outcomes = table[(table["kind"] == "outcome") & table["percent"].notna()]
    scores = table[table["kind"] != "outcome"]
    parts = [(f, u) for f, u in ((outcomes, "%"), (scores, "points")) if len(f)]
    if axes is None:
        _, axes = plt.subplots(
            len(parts),
            1,
            figsize=(7, 1.2 + 0.45 * sum(len(f) for f, _ in parts)),
            height_ratios=[max(len(f), 1) for f, _ in parts],
            layout="constrained",
            squeeze=False,
        )
        axes = axes[:, 0]
    usual, arm = result.arms
    level = f"{100 * (1 - result.alpha):.0f} %"
    for ax, (frame, unit) in zip(axes, parts, strict=True):
        y = np.arange(len(frame))[::-1]
        mid = frame["percent" if unit == "%" else "difference"].to_numpy(dtype=float)
        low = frame["percent_low" if unit == "%" else "ci_low"].to_numpy(dtype=float)
        high = frame["percent_high" if unit == "%" else "ci_high"].to_numpy(dtype=float)
        changed = (frame["status"] == "changed").to_numpy()
        ax.axvline(0, color="0.5", lw=1)
        ax.hlines(y, low, high, color=np.where(changed, "#1b7837", "0.45"), lw=3)
        ax.plot(mid, y, "o", color="black", ms=5)
        ax.set_yticks(y, [WORDS.get(m) or label(m) for m in frame["measure"]])
        ax.set_xlabel(
            f"'{arm}' minus '{usual}', a week ({unit}"
            + (" of the usual weeks' mean" if unit == "%" else "")
            + f"; bars: {level} interval, green: changed)"
        )
        ax.tick_params(labelsize=10)
    return axes[0].figure


def experiment_parts(result: ExperimentResult):
    """Lay the experiment out for the report: blocks for "The answer", a section for analysts.

    Returns
    -------
    (list of Block, Section)
        One sentence per measure (outcomes first) and the picture (the summary,
        :func:`experiment_summary`, leads the page's headline); the analysts' table with
        every number.
    """
    from ssi_analysis.present.page import Section, bullet_list, figure, table, text

    ordered = _ordered(result)
    usual, arm = result.arms
    blocks = [bullet_list(experiment_sentences(ordered))]
    blocks.append(
        figure(
            experiment_figure(result),
            alt=f"Each measure's weekly difference between '{arm}' and '{usual}' weeks, "
            "with its interval.",
        )
    )
    section = Section("experiment", "Your experiment: every number")
    columns = [
        "measure", "kind", "difference", "ci_low", "ci_high", "percent", "percent_low",
        "percent_high", "p", "mean_arm", "mean_reference", "weeks_arm", "weeks_reference",
        "weeks_washout", "weeks_missing", "status",
    ]  # fmt: skip
    section.blocks.append(
        table(ordered.table[columns], caption="Arm against the usual weeks, per week")
    )
    how = "every one of them" if result.exact else "random draws of them"
    section.blocks.append(
        text(
            f"p is the share of the {result.schedules:,} schedules the plan could have drawn "
            f"({how}) that give a difference at least as large as the one found (Edgington "
            f"and Onghena's randomisation test); the interval holds every effect that test "
            f"does not reject at {result.alpha:g}. The smallest p this design can give is "
            f"{p_cell(result.min_p)}."
        )
    )
    return blocks, section
