"""The workshop's lessons as functions: each teacher notebook's numbers, and its verdict.

The numbers each notebook shows come from here, and whether its example shows the lesson.

Each notebook in ``notebooks/workshop`` calls one function here for the example it displays,
with its ``seed``; the test suite (``tests/test_lessons.py``) calls the same function over
many seeds (20, fewer where one example costs seconds). A function never raises because a
seed is unusual: it returns a :class:`Lesson` whose ``shown`` says whether this example shows
the lesson and whose ``says`` puts it in words — the lesson, or (beginning :data:`RARE`) why
this example is not the usual case, which is itself a lesson: one seller's answer is a start,
not a verdict.

The scenario behind each example is chosen here, not in the notebook, so that a participant
reading the code does not read the answer in a scenario's name.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ssi_analysis.names import Who
from ssi_analysis.simulate.model import Quiet, simulate
from ssi_analysis.words.format import fmt_p, verdict_phrase

__all__ = [
    "ESSAY_PLANTED",
    "HOLIDAY",
    "QUIZ_COMMON_CAUSE",
    "QUIZ_SELLERS",
    "QUIZ_TRUTH",
    "RARE",
    "Lesson",
    "a_real_link",
    "above_70",
    "band_lines",
    "essay_checks",
    "essay_claims",
    "essay_count_row",
    "essay_count_words",
    "essay_counts",
    "essay_seller",
    "essay_verdicts",
    "evidence_of_absence",
    "example_csvs",
    "example_data",
    "example_makers",
    "false_bar",
    "false_link_words",
    "gaming",
    "gaming_changes",
    "going_quiet",
    "not_revenue",
    "positive_control",
    "quiet_counts",
    "quiet_seller",
    "quiz",
    "quiz_charts",
    "quiz_votes",
    "random_walk_rates",
    "random_walks",
    "seller",
    "what_ssi_moves_with",
]

#: The simulated seller's first quiet day in workshops 7 and 8 (a Monday).
HOLIDAY = pd.Timestamp("2026-07-27")
#: Whom a lesson's sentences about one simulated seller address: she is named, never "your"
#: (a user's own files keep "your"; ``ssi.explain(row, who=SELLER)``).
SELLER = Who("the seller", "her")
WEEK, DAY = pd.Timedelta(weeks=1), pd.Timedelta(days=1)
BANDS = {"bins": [0, 40, 70, 101], "labels": ["below 40", "40 to 69", "70 and above"]}


#: The outcomes a lesson reads (the scores always come): the CRM's four, each read in the
#: window the four share, and reach. Aligning these six instead of all fourteen costs a
#: third as much; tests/test_lessons.py checks the columns equal the full panel's.
LESSON_OUTCOMES = (
    "deals_created",
    "pipeline_created",
    "deals_won",
    "revenue_won",
    "impressions",
    "replies",
    "posts_published",  # workshop 8: does posting hold the brand pillar?
)


@functools.lru_cache(maxsize=96)
def _simulated(world: str, seed: int, options: tuple) -> tuple:
    from ssi_analysis.align.panel import align

    sim = simulate(world, seed=seed, **dict(options))
    outcomes = sim.outcomes[sim.outcomes["metric"].isin(LESSON_OUTCOMES)]
    panel = align(sim.scores, outcomes)
    # the season, as Simulation.weekly adds it
    season = sim.activity.assign(
        period=sim.activity["date"] - pd.to_timedelta(sim.activity["date"].dt.day_of_week, "D")
    )
    season = season.groupby(["person", "period"], as_index=False)["season"].mean()
    return sim, panel.merge(season, on=["person", "period"], how="left")


def _sim_weekly(world: str, seed: int, **options) -> tuple[Any, pd.DataFrame]:
    """One simulated world and its weekly panel of :data:`LESSON_OUTCOMES` (a copy).

    Each is made once a process: aligning the days into weeks costs more than most lessons'
    statistics, and the notebooks' examples, their reveals' counts and the tests sweeping
    seeds ask for the same worlds again (workshop 6's three-year seller is workshop 2's), so
    the last 96 are kept.
    """
    sim, panel = _simulated(world, int(seed), tuple(sorted(options.items())))
    return sim, panel.copy()


@dataclass(frozen=True)
class Lesson:
    """One lesson on one example.

    Attributes
    ----------
    shown : bool
        The example shows the lesson (what the notebook's text teaches).
    says : str
        Plain sentences for the room: the lesson on this example, or — when ``shown`` is
        False — that this seed is one of the rare cases, and what that teaches.
    numbers : Mapping
        Every number ``says`` quotes, and the frames the notebook draws (one source for the
        chart and the sentence).
    """

    shown: bool
    says: str
    numbers: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.says


#: How a lesson says its example is not the usual case (a test looks for it).
RARE = "Not the usual case:"


def _pts(x: float) -> str:
    """Format a signed number to one decimal, with no "-0.0" (a rounded zero has no sign)."""
    x = round(float(x), 1)
    return "0.0" if x == 0 else f"{x:+.1f}"


def _p(p: float) -> str:
    """Say p as the report does (#27: the one rule, :func:`ssi_analysis.words.format.fmt_p`)."""
    return fmt_p(p)


def _verdict(v: str) -> str:
    """Say a verdict as the report does (one map: ``names.VERDICT_WORDS``).

    ``"not linked"`` (the quiz's and lesson 2's "anything but linked") is said as "not "
    and the linked verdict's words.
    """
    if v == "not linked":
        return "not " + verdict_phrase("linked")
    return verdict_phrase(v)


# ---- 00 the quiz ---------------------------------------------------------------------------------
#: What each quiz chart is: its simulated world, its seed, what the first line is and the second.
_QUIZ = {
    "A": ("walks", 44, "ssi", "pipeline_created"),
    "B": ("ssi_drives_pipeline", 6, "relationships", "pipeline_created"),
    # C draws a pillar too, as B and D do: a pillar once was B's alone, and gave B away
    "C": ("shared_season", 2, "relationships", "pipeline_created"),
    # a second real link (another seller of B's world): with B the only "yes", the odd one
    # out was the answer
    "D": ("ssi_drives_pipeline", 11, "relationships", "pipeline_created"),
    "E": ("team", 8, "ssi", "pipeline_created"),
    "F": ("gaming", 13, "ssi", "pipeline_created"),
}
#: The quiz's truth under its own question — "would pushing the first line up push the
#: second up?" — and why.
QUIZ_TRUTH = {
    "A": (False, "two random walks drawn independently of each other"),
    "B": (True, "in this world deals arrive faster some weeks after the pillar rises"),
    "C": (False, "an autumn push raises both; pushing the pillar up in spring would do nothing"),
    "D": (True, "another seller of B's world: deals arrive faster weeks after the pillar rises"),
    "E": (False, "seniority raises both; within each person there is no link"),
    "F": (False, "a burst of low-quality activity lifts SSI only"),
}
#: The charts whose two lines share a cause, and the cause (the reveal names it per chart).
QUIZ_COMMON_CAUSE = {"C": "the season"}
#: The seller of each one-seller chart, as the chart's data names her or him: a different
#: person per chart (the simulator calls every seller "Dana W."), names that say nothing of
#: the world behind the chart. E is a team (its own "Seller A" to "Seller L").
QUIZ_SELLERS = {"A": "Alex R.", "B": "Priya S.", "C": "Tom B.", "D": "Maria G.", "F": "Kenji O."}


def quiz_charts(seed: int = 0) -> dict[str, tuple[pd.DataFrame, str, str]]:
    """Return the six quiz charts' data: letter -> (weekly data, first line, second line).

    ``seed`` shifts every chart's own seed (0: the charts the workshop shows). Each
    one-seller chart's ``person`` is its own (:data:`QUIZ_SELLERS`).
    """
    out = {}
    for chart, (world, first_seed, x, y) in _QUIZ.items():
        s = first_seed + seed
        if world == "walks":
            rng = np.random.default_rng(s)
            data = pd.DataFrame(
                {
                    # the same weeks as the other charts (a different span gave A away)
                    "period": pd.date_range("2024-11-25", periods=104, freq="W-MON"),
                    "ssi": 55 + rng.normal(size=104).cumsum(),
                    # whole amounts, as a CRM exports them (decimals gave A away in its CSV)
                    "pipeline_created": (40_000 + 2_500 * rng.normal(size=104).cumsum()).round(),
                }
            )
        elif world == "team":
            data = _sim_weekly(world, s, days=364, deal_rate=0.6)[1]
        else:
            data = _sim_weekly(world, s)[1]
        if chart in QUIZ_SELLERS:
            data = data.drop(columns=["person"], errors="ignore")
            data.insert(0, "person", QUIZ_SELLERS[chart])
        out[chart] = (data, x, y)
    return out


def quiz(charts: Mapping[str, tuple[pd.DataFrame, str, str]]) -> Lesson:
    """Reveal the quiz: the truth of each chart and what the kit says about it.

    The lesson: B and D are links that pushing would use (:data:`QUIZ_TRUTH`), and the kit
    finds both; its "linked" (moving together beyond chance) may also fire on C, whose lines
    share a cause (:data:`QUIZ_COMMON_CAUSE`), and it cannot tell a shared cause from a cause;
    it says "linked" on none of A and F, and the team's within-person test finds nothing in E.
    ``numbers["reveal"]`` holds one sentence per chart, built from :data:`QUIZ_TRUTH` and
    the kit's answer on the chart shown (the teacher page prints them; nothing else says
    what a chart is).
    """
    from ssi_analysis.stats.answers import answers
    from ssi_analysis.stats.team import team_effect

    kit = {}
    for chart, (data, x, y) in charts.items():
        if chart == "E":
            within = team_effect(data, x=x, y=y).set_index("effect")
            kit[chart] = "linked" if within.loc["within", "p"] < 0.05 else "not linked"
        else:
            verdict = answers(data, scores=[x], outcomes=[y]).table["verdict"].iloc[0]
            kit[chart] = "linked" if verdict == "linked" else "not linked"
    reveal = {}
    for chart in charts:
        linked, why = QUIZ_TRUTH[chart]
        said = f"the kit: {_verdict(kit[chart])}"
        if chart == "E":
            said = f"the kit, within each person: {_verdict(kit[chart])}"
        if chart in QUIZ_COMMON_CAUSE and kit[chart] == "linked":
            said += (
                f" — the lines do move together, through {QUIZ_COMMON_CAUSE[chart]}; "
                f"“{_verdict('linked')}” cannot say which moves which"
            )
        elif chart in QUIZ_COMMON_CAUSE:
            said += (
                f" — {QUIZ_COMMON_CAUSE[chart]} raises both, but the kit does not find them "
                "moving together week to week here"
            )
        reveal[chart] = f"{chart}: {'yes' if linked else 'no'} ({why}); {said}."
    # the real links must be found and A, E, F not; C shares a cause, which the kit may see
    # ("linked") or not: either way it cannot say which moves which.
    real = [c for c, (linked, _) in QUIZ_TRUTH.items() if linked]
    expected = dict.fromkeys(real, "linked") | dict.fromkeys("AEF", "not linked")
    odd = sorted(c for c in expected if c in kit and kit[c] != expected[c])
    common = [c for c in QUIZ_COMMON_CAUSE if kit.get(c) == "linked"]
    if not odd:
        says = f"{' and '.join(real)} are real links, and the kit finds both. " + (
            f"It also says “{_verdict('linked')}” for {' and '.join(common)}: "
            + "; ".join(f"{c} moves together through {QUIZ_COMMON_CAUSE[c]}" for c in common)
            + f". “{verdict_phrase('linked', start=True)}” says two series move together beyond "
            "chance, not which moves which."
            if common
            else "The shared cause in "
            + " and ".join(f"{c} ({cause})" for c, cause in QUIZ_COMMON_CAUSE.items())
            + f" is not seen week to week here; had the kit said “{_verdict('linked')}”, it "
            "would say the "
            "lines move together, not which moves which."
        )
    else:
        says = (
            f"{RARE} the kit's answers differ from the usual on {', '.join(odd)} "
            f"({'; '.join(f'{c}: {kit[c]}' for c in odd)}): each chart is one simulated "
            "seller, and a 5 % test is wrong now and then — one seller's answer is a start, "
            "not a verdict."
        )
    return Lesson(not odd, says, {"kit": kit, "truth": dict(QUIZ_TRUTH), "reveal": reveal})


def quiz_votes(yes_votes: Mapping[str, int], room: int) -> str:
    """Say how the room voted against the truth, or that no hands were typed in yet.

    Examples
    --------
    >>> quiz_votes({c: 0 for c in "ABCDEF"}, 20).startswith("No hands")
    True
    >>> for part in quiz_votes({"A": 2, "B": 15, "C": 12, "D": 9, "E": 14, "F": 3}, 20).split("; "):
    ...     print(part)
    The room: 73 of 120 votes right (B: 15 of 20 said yes, D: 9 of 20 said yes
    the rest: 49 of 80 said no).
    >>> print(quiz_votes({"A": 25, "B": 3}, 20))  # doctest: +NORMALIZE_WHITESPACE
    A: 25 hands is more than the 20 people in the room: check the count (or room) and run
    this cell again.
    """
    odd = [c for c, v in yes_votes.items() if not 0 <= v <= room]
    if odd:
        # said, not raised: a typo must not put a red error on the projector
        return (
            "; ".join(
                f"{c}: {yes_votes[c]} hands is "
                + (
                    f"more than the {room} people in the room"
                    if yes_votes[c] > room
                    else "fewer than none"
                )
                for c in odd
            )
            + ": check the count (or room) and run this cell again."
        )
    if not any(yes_votes.values()):
        return (
            "No hands typed in yet (every count in yes_votes is 0): count the raised hands, "
            "type them into yes_votes and run this cell again."
        )
    right = {c: v if QUIZ_TRUTH[c][0] else room - v for c, v in yes_votes.items()}
    yes = [c for c in yes_votes if QUIZ_TRUTH[c][0]]
    no = [c for c in yes_votes if not QUIZ_TRUTH[c][0]]
    return (
        f"The room: {sum(right.values())} of {len(yes_votes) * room} votes right ("
        + ", ".join(f"{c}: {right[c]} of {room} said yes" for c in yes)
        + f"; the rest: {sum(right[c] for c in no)} of {len(no) * room} said no)."
    )


# ---- 01 two random walks -------------------------------------------------------------------------
def random_walks(seed: int, weeks: int = 52) -> Lesson:
    """Two independent random walks: the textbook test and the kit's answer on them."""
    from ssi_analysis.stats.answers import answers
    from ssi_analysis.stats.correlation import correlate

    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=weeks, freq="W-MON"),
            "ssi": 50 + rng.normal(size=weeks).cumsum(),
            "pipeline": 100 + 5 * rng.normal(size=weeks).cumsum(),
        }
    )
    textbook = correlate(data, x="ssi", y="pipeline").iloc[0]
    kit = answers(data, scores=["ssi"], outcomes=["pipeline"]).table.iloc[0]
    significant = bool(textbook["p_naive"] < 0.05)
    linked = kit["verdict"] == "linked"
    head = (
        f"Textbook test: r = {textbook['r_levels']:.2f}, {_p(textbook['p_naive'])}: "
        f"{'significant' if significant else 'not significant'}. The kit: "
        f"{_verdict(kit['verdict'])}."
    )
    if significant and not linked:
        tail = "Two unrelated lines, and the textbook test believes they are related."
    elif linked:
        tail = (
            f"{RARE} the kit says “{_verdict('linked')}” on these unrelated series: a 5 % test "
            "does so "
            "about 5 times in 100 — that is what 5 % means."
        )
    else:
        tail = (
            f"{RARE} even the textbook test is not fooled by this pair; change the seed and "
            "run again — the count below shows how often it is fooled."
        )
    numbers = {"data": data, "textbook": textbook, "kit": kit}
    return Lesson(significant and not linked, f"{head} {tail}", numbers)


def random_walk_rates(n_sims: int, weeks: int = 52, *, first_seed: int = 10_000) -> dict:
    """Share of unrelated random-walk pairs called significant: textbook test and kit's test."""
    from ssi_analysis.stats.correlation import correlate

    naive = honest = 0
    period = pd.date_range("2025-01-06", periods=weeks, freq="W-MON")
    for s in range(n_sims):
        rng = np.random.default_rng(first_seed + s)
        sim = pd.DataFrame(
            {
                "period": period,
                "ssi": rng.normal(size=weeks).cumsum(),
                "pipeline": rng.normal(size=weeks).cumsum(),
            }
        )
        row = correlate(sim, x="ssi", y="pipeline").iloc[0]
        naive += bool(row["p_naive"] < 0.05)
        honest += bool(row["p"] < 0.05)
    return {"n": n_sims, "textbook": naive, "kit": honest}


# ---- 02 SSI is not revenue -----------------------------------------------------------------------
OUTCOMES = ["impressions", "replies", "pipeline_created", "revenue_won"]


def seller(seed: int, days: int = 1092, quiet: Quiet | None = None):
    """One simulated seller whose activity drives SSI, reach and replies, not deals."""
    return simulate("ssi_not_revenue", seed=seed, days=days, quiet=quiet)


def not_revenue(seed: int, days: int = 1092) -> Lesson:
    """One seller's four answers: reach and replies linked, pipeline and revenue not."""
    from ssi_analysis.stats.answers import answers

    sim, panel = _sim_weekly("ssi_not_revenue", seed, days=days)
    answer = answers(panel, scores=["ssi"], outcomes=OUTCOMES)
    verdict = answer.table.set_index("outcome")["verdict"]
    reach = [y for y in ("impressions", "replies") if verdict[y] != "linked"]
    money = [y for y in ("pipeline_created", "revenue_won") if verdict[y] == "linked"]
    shown = not reach and not money
    if shown:
        says = (
            f"Reach and replies: {_verdict('linked')}. Pipeline and revenue: "
            f"{_verdict('not linked')} — "
            f"pipeline {_verdict(verdict['pipeline_created'])}, revenue "
            f"{_verdict(verdict['revenue_won'])}."
        )
    else:
        parts = []
        if money:
            parts.append(
                f"the kit says {' and '.join(money)} “{_verdict('linked')}” for this seller, "
                "in a world "
                "where deals ignore SSI: the 1 in 20 a 5 % test finds by chance"
            )
        if reach:
            parts.append(
                f"{' and '.join(reach)} is not found {_verdict('linked')} for this seller, "
                "though activity "
                "drives it: a real link is missed now and then"
            )
        says = f"{RARE} " + "; ".join(parts) + "."
    numbers = {"sim": sim, "panel": panel, "answer": answer, "verdict": dict(verdict)}
    return Lesson(shown, says, numbers)


#: The name notebook 2 calls (a participant reads the code: no answer in a name).
what_ssi_moves_with = not_revenue


def false_link_words(lesson: Lesson) -> str:
    """Say a seller's chance "linked" on pipeline or revenue: the verdict and its adjusted p.

    The kit's own sentence also gives the effect as a share of the outcome's average from a
    straight line (``stats._core.effect_test``); on lumpy revenue its interval can reach
    below -100 % (seen: "-81 % (-127 % to -35 %)"), a fall no total can take. What this
    lesson needs is the chance finding, so these words leave the effect's size out.
    """
    table = lesson.numbers["answer"].table.set_index("outcome")
    found = [y for y in ("pipeline_created", "revenue_won") if table.loc[y, "verdict"] == "linked"]
    if not found:
        return f"neither pipeline nor revenue is {_verdict('linked')} for this seller."
    said = " and ".join(
        f"{y.replace('_', ' ')} “{_verdict('linked')}” "
        f"({fmt_p(table.loc[y, 'p_adj'], 'adjusted p')}"
        f", {table.loc[y, 'n']:.0f} weeks)"
        for y in found
    )
    return f"{said}, in a world where deals ignore SSI: the 1 in 20 a 5 % test finds by chance."


# ---- 03 gaming the score -------------------------------------------------------------------------
_GAMING_COLUMNS = ["ssi", "insights", "people", "replies", "pipeline_created"]


def gaming(seed: int) -> Lesson:
    """Eight burst weeks against the eight before, beside the seller's ordinary 8-week swings.

    The ordinary swings: the change (%) from one 8-week stretch to the next, for every week
    the two stretches can start before the burst (overlapping). The lesson: SSI's change is
    beyond its ordinary swings; replies' and pipeline's are within theirs.
    """
    sim, panel = _sim_weekly("gaming", seed)
    weekly = panel.set_index("period")[_GAMING_COLUMNS]
    first = pd.Timestamp(sim.truth.burst[0])
    before = weekly[weekly.index < first]
    means = before.rolling(8).mean()  # the 8 weeks ending at each week
    ordinary = 100 * (means / means.shift(8) - 1)
    start = int((weekly.index < first).sum())
    table = pd.DataFrame(
        {
            "before": weekly.iloc[start - 8 : start].mean(),
            "during": weekly.iloc[start : start + 8].mean(),
        }
    )
    table["change_pct"] = 100 * (table["during"] / table["before"] - 1)
    table["ordinary_low"] = ordinary.min()
    table["ordinary_high"] = ordinary.max()
    beyond = (table["change_pct"] > table["ordinary_high"]) | (
        table["change_pct"] < table["ordinary_low"]
    )
    moved = [y for y in ("replies", "pipeline_created") if beyond[y]]
    lifted = bool(beyond["ssi"] and table.loc["ssi", "change_pct"] > 0)
    lines = [
        f"{name}: {row['change_pct']:+.0f} % (her ordinary 8-week swings: "
        f"{row['ordinary_low']:+.0f} % to {row['ordinary_high']:+.0f} %)"
        for name, row in table.loc[["ssi", "replies", "pipeline_created"]].iterrows()
    ]
    if lifted and not moved:
        tail = "SSI moved beyond anything her ordinary weeks show; replies and pipeline did not."
    elif lifted:
        tail = (
            f"{RARE} {' and '.join(moved)} also moved beyond her ordinary swings — by chance "
            "(in this world the burst reaches nobody; a year holds few 8-week stretches to "
            "compare with). The sellers below show whether the burst did it."
        )
    else:
        tail = (
            f"{RARE} this seller's SSI change stays within her ordinary swings; the sellers "
            "below show the burst's usual lift."
        )
    numbers = {"sim": sim, "panel": panel, "table": table}
    return Lesson(lifted and not moved, "; ".join(lines) + ". " + tail, numbers)


def gaming_changes(n_sims: int, *, first_seed: int = 500) -> pd.DataFrame:
    """Burst-versus-before change (%) for ``n_sims`` sellers, one row each."""
    return pd.DataFrame(
        [gaming(first_seed + s).numbers["table"]["change_pct"] for s in range(n_sims)]
    ).reset_index(drop=True)


# ---- 04 above 70 vs below 40 ---------------------------------------------------------------------
def above_70(seed: int) -> Lesson:
    """Compare a team of twelve: bands, between and within a person, regression to the mean."""
    from ssi_analysis.stats.team import team_effect

    sim, panel = _sim_weekly("team", seed, days=364, deal_rate=0.6)
    people = panel.groupby("person")[["ssi", "pipeline_created"]].mean()
    people["band"] = pd.cut(people["ssi"], **BANDS, right=False)
    bands = people.groupby("band", observed=False).agg(
        people=("ssi", "size"),
        average_ssi=("ssi", "mean"),
        pipeline_a_week=("pipeline_created", "mean"),
    )
    result = team_effect(panel, x="ssi", y="pipeline_created")
    effects = result.set_index("effect")
    quarter = panel["period"] < panel["period"].min() + pd.Timedelta(weeks=13)
    first = panel[quarter].groupby("person")["ssi"].mean()
    rest = panel[~quarter].groupby("person")["ssi"].mean()
    # regression to the mean: the top quarter of the team in the first quarter
    picked = first[first >= first.quantile(0.75)].index
    problems = []
    if not effects.loc["between", "r"] > 0.5:
        problems.append(
            f"the between-people link is weak in this team (r {effects.loc['between', 'r']:.2f})"
        )
    if effects.loc["within", "p"] < 0.05:
        problems.append(
            f"within a person SSI moved with pipeline ({_p(effects.loc['within', 'p'])}) — "
            "the 1 in 20 a 5 % test finds by chance"
        )
    if not rest[picked].mean() < first[picked].mean():
        problems.append("the people picked for a high first quarter did not drift back")
    empty = [b for b in ("below 40", "70 and above") if bands.loc[b, "people"] == 0]
    says = (
        f"Between people r {effects.loc['between', 'r']:.2f}; within a person "
        f"{_p(effects.loc['within', 'p'])}. The {len(picked)} people with the team's highest "
        f"SSI in the first quarter: {first[picked].mean():.0f} then, "
        f"{rest[picked].mean():.0f} over the rest of the year."
    )
    if empty:
        says += f" No one in this team is {' or '.join(empty)}."
    if problems:
        says += f" {RARE} " + "; ".join(problems) + "."
    numbers = {
        "sim": sim,
        "panel": panel,
        "bands": bands,
        "result": result,
        "first": first,
        "rest": rest,
        "picked": list(picked),
    }
    return Lesson(not problems, says, numbers)


def band_lines(bands: pd.DataFrame) -> list[str]:
    """One line per band, "no one" for an empty band (never a ``nan``)."""
    lines = []
    for band, row in bands.iterrows():
        if row["people"] == 0:
            lines.append(f"{band}: no one in this team")
        else:
            lines.append(
                f"{band}: {row['people']:.0f} {'person' if row['people'] == 1 else 'people'}, "
                f"average SSI {row['average_ssi']:.0f}, "
                f"{row['pipeline_a_week']:,.0f} pipeline created a week"
            )
    return lines


# ---- 05 positive control -------------------------------------------------------------------------
def positive_control(seed: int) -> Lesson:
    """Find a real lagged link from the relationships pillar to pipeline: one answer object.

    The chart (``plots.lag_profile(lesson.numbers["answer"], ...)``) and the sentence come
    from the same :func:`~ssi_analysis.answers` call: same scale, same lags.
    """
    from ssi_analysis.stats.answers import answers

    sim, panel = _sim_weekly("ssi_drives_pipeline", seed)
    answer = answers(panel, scores=["relationships", "ssi"], outcomes=["pipeline_created"])
    table = answer.table.set_index("score")
    link = sim.truth.link("relationships", "pipeline_created")
    pillar, total = table.loc["relationships"], table.loc["ssi"]
    found = pillar["verdict"] == "linked" and pillar["lag"] == link.lag_weeks
    stronger = abs(pillar["r"]) > abs(total["r"])
    says = (
        f"The pillar: {_verdict(pillar['verdict'])} at {pillar['lag']:.0f} weeks "
        f"(r {pillar['r']:.2f}); SSI: {_verdict(total['verdict'])} at {total['lag']:.0f} weeks "
        f"(r {total['r']:.2f})."
    )
    if found and stronger:
        says += " The link is found at its true lag, and more clearly in the pillar than in SSI."
    elif not found:
        says += (
            f" {RARE} the kit does not find the link at its true lag ({link.lag_weeks} weeks) "
            "for this seller: a real, modest link is missed, or put a week or two after its "
            "true lag, in a fair share of sellers (the pillar carries over from week to week; "
            "the count below says how often)."
        )
    else:
        says += f" {RARE} for this seller SSI shows the link as clearly as the pillar."
    numbers = {"sim": sim, "panel": panel, "answer": answer, "lag": link.lag_weeks}
    return Lesson(bool(found and stronger), says, numbers)


#: The name notebook 5 calls (a participant reads the code: no answer in a name).
a_real_link = positive_control


def false_bar(seed: int = 52, lags: range = range(-6, 7)) -> Lesson:
    """Scan a positive-control seller over many lags: a significant bar before the true lag."""
    from ssi_analysis.stats.correlation import lag_scan

    sim, panel = _sim_weekly("ssi_drives_pipeline", seed)
    scan = lag_scan(panel, x="relationships", y="pipeline_created", lags=lags)
    true_lag = sim.truth.link("relationships", "pipeline_created").lag_weeks
    significant = scan.loc[scan["p_adj"] < 0.05, "lag"].tolist()
    false = [k for k in significant if k < true_lag]
    says = f"Significant lags for seller {seed}: {significant or 'none'}."
    if false:
        says += (
            f" The bar at {false[0]} weeks is false — pipeline cannot be driven by the pillar's "
            "future."
        )
    else:
        says += " No false bar this time; scanning many lags makes one appear now and then."
    return Lesson(bool(false), says, {"scan": scan, "significant": significant})


# ---- 06 evidence of absence ----------------------------------------------------------------------
YEAR = 364


def evidence_of_absence(seed: int) -> Lesson:
    """One year vs three of a seller with no link, and three years of a real link."""
    from ssi_analysis.stats.answers import answers

    one_year = _sim_weekly("ssi_not_revenue", seed, days=YEAR)[1]
    short = answers(one_year, scores=["ssi"], outcomes=["revenue_won"])
    long = answers(
        _sim_weekly("ssi_not_revenue", seed, days=3 * YEAR)[1],
        scores=["ssi"],
        outcomes=["pipeline_created", "revenue_won"],
    )
    control_panel = _sim_weekly("ssi_drives_pipeline", seed, days=3 * YEAR)[1]
    control = answers(control_panel, scores=["relationships"], outcomes=["pipeline_created"])
    rows = {
        "one year, revenue": short.pair("ssi", "revenue_won"),
        "three years, pipeline": long.pair("ssi", "pipeline_created"),
        "three years, revenue": long.pair("ssi", "revenue_won"),
        "three years, real link": control.pair("relationships", "pipeline_created"),
    }
    verdict = {k: r["verdict"] for k, r in rows.items()}
    # what the lesson needs of every seller: one year and one seller's revenue never "ruled
    # out"; the real link "linked"; pipeline with no link never "linked". Three years rule
    # pipeline out for some sellers only: said in words, either way.
    odd = [
        k
        for k, bad in (
            ("one year, revenue", verdict["one year, revenue"] == "ruled out"),
            ("three years, revenue", verdict["three years, revenue"] == "ruled out"),
            ("three years, real link", verdict["three years, real link"] != "linked"),
            ("three years, pipeline", verdict["three years, pipeline"] == "linked"),
        )
        if bad
    ]
    says = "; ".join(f"{k}: {_verdict(v)}" for k, v in verdict.items()) + "."
    if verdict["three years, pipeline"] == "ruled out":
        says += (
            " Three years rule pipeline out for this seller: the effect's interval sits inside "
            f"±{100 * rows['three years, pipeline']['bound']:.0f} %."
        )
    elif verdict["three years, pipeline"] == "inconclusive":
        says += (
            " For this seller even three years leave pipeline at "
            f"{verdict_phrase('inconclusive')}: its interval still reaches past "
            f"±{100 * rows['three years, pipeline']['bound']:.0f} % (the count below "
            "says for how many sellers three years are enough)."
        )
    if odd:
        says += (
            f" {RARE} "
            + ", ".join(f"{k} {_verdict(verdict[k])}" for k in odd)
            + " — the count over many sellers below shows the usual answer."
        )
    numbers = {"short": short, "long": long, "control": control, "rows": rows}
    return Lesson(not odd, says, numbers)


# ---- 07 going quiet ------------------------------------------------------------------------------
QUIET_SERIES = ["insights", "relationships", "people", "pipeline_created"]


def quiet_seller(seed: int, weeks: int):
    """Two years of one seller who goes quiet for ``weeks`` weeks from :data:`HOLIDAY`."""
    return seller(seed, 730, quiet=Quiet(str(HOLIDAY.date()), days=7 * weeks))


def going_quiet(seed: int, quiet_weeks: int = 3, *, draws: int = 1000) -> Lesson:
    """Compare the quiet weeks and the two after them with the course predicted before.

    Then, with the holiday and the five weeks after her return left out, the eight weeks after that
    against the same course. A gap as deep as the dip is called excluded only when the
    interval's lower end, as printed (one decimal), lies above the dip's printed estimate;
    otherwise the sentence says the interval still allows it. A pillar found above its old
    course is said to be above it (not "no gap found"), and one still below it makes the
    seller the rare case: the lesson's conclusion ("the pillars climb back") fails for it.
    The last sentence of ``says`` is the conclusion for the seller shown.
    """
    from ssi_analysis.stats.intervention import intervention

    sim, panel = _sim_weekly(
        "ssi_not_revenue", seed, days=730, quiet=Quiet(str(HOLIDAY.date()), days=7 * quiet_weeks)
    )
    back = HOLIDAY + quiet_weeks * WEEK
    dent_end = back + 2 * WEEK - DAY
    dent = pd.concat(
        [
            intervention(panel, y=y, start=HOLIDAY, end=dent_end, placebo=False, draws=draws)
            for y in QUIET_SERIES
        ],
        ignore_index=True,
    ).set_index("y", drop=False)
    later = back + 5 * WEEK
    recovered = {}
    for y in ("insights", "relationships", "people"):
        blanked = panel.copy()
        blanked.loc[blanked["period"].between(HOLIDAY, later - DAY), y] = float("nan")
        recovered[y] = intervention(
            blanked, y=y, start=later, end=later + 8 * WEEK - DAY, placebo=False, draws=draws
        ).iloc[0]
    dipped = [
        y
        for y in ("insights", "relationships", "people")
        if dent.loc[y, "p"] < 0.05 and dent.loc[y, "effect"] < 0
    ]
    pipeline_changed = bool(dent.loc["pipeline_created", "p"] < 0.05)
    lines = []
    still_below, above = [], []
    for y in ("insights", "relationships", "people"):
        d, r = dent.loc[y], recovered[y]
        # compared as printed (one decimal), against the dip's estimate, which is shown
        deep, low = round(float(d["effect"]), 1), round(float(r["ci_low"]), 1)
        after = (
            "the eight weeks that start five weeks after her return: "
            f"{_pts(r['effect'])} points ({_pts(r['ci_low'])} to {_pts(r['ci_high'])})"
        )
        if r["p"] < 0.05 and r["effect"] < 0:
            still_below.append(y)
            after += f" — still below the course predicted ({_p(r['p'])}): a gap remains"
        elif r["p"] < 0.05:
            above.append(y)
            after += (
                f" — above the course predicted ({_p(r['p'])}): back, and higher than "
                "the old course foretold"
            )
        elif low > deep:
            after += f" — no gap found, and a gap as deep as the dip ({_pts(deep)}) is excluded"
        else:
            after += (
                f" — no gap found, but the interval still allows a gap as deep as the dip "
                f"({_pts(deep)})"
            )
        lines.append(
            f"{y}: {_pts(d['effect'])} points in the quiet weeks and the two after "
            f"({_pts(d['ci_low'])} to {_pts(d['ci_high'])}, {_p(d['p'])}); {after}"
        )
    lines.append(
        "pipeline: "
        + (
            f"changed ({_p(dent.loc['pipeline_created', 'p'])})"
            if pipeline_changed
            else f"no change found ({_p(dent.loc['pipeline_created', 'p'])})"
        )
    )
    shown = (
        {"insights", "relationships"} <= set(dipped) and not pipeline_changed and not still_below
    )
    if still_below:
        back_says = f"After her return a gap is still found in {' and '.join(still_below)}"
    elif above:
        back_says = (
            f"After her return no pillar is below its old course; {' and '.join(above)} "
            "is even above it"
        )
    else:
        back_says = (
            "After her return the kit finds no gap beyond chance in any pillar; the intervals "
            "say how large a gap the data still allow"
        )
    says = ". ".join([*lines, back_says]) + "."
    if not shown:
        problems = []
        missing = [y for y in ("insights", "relationships") if y not in dipped]
        if missing:
            problems.append(f"no dip found in {' or '.join(missing)}")
        if pipeline_changed:
            problems.append("pipeline called changed — the 1 in 20 a 5 % test finds by chance")
        if still_below:
            problems.append(f"{' and '.join(still_below)} still below the old course")
        says += f" {RARE} " + "; ".join(problems) + "."
    numbers = {
        "sim": sim,
        "panel": panel,
        "dent": dent,
        "recovered": recovered,
        "dipped": dipped,
        "back": back,
        "still_below": still_below,
        "above": above,
    }
    return Lesson(shown, says, numbers)


def quiet_counts(n_sims: int, quiet_weeks: int = 3, *, first_seed: int = 700) -> pd.DataFrame:
    """Share of sellers in whom each pillar's dip is found, after one and ``quiet_weeks``."""
    from ssi_analysis.stats.intervention import intervention

    rows = []
    for s in range(n_sims):
        for weeks in sorted({1, quiet_weeks}):
            weekly = _sim_weekly(
                "ssi_not_revenue",
                first_seed + s,
                days=730,
                quiet=Quiet(str(HOLIDAY.date()), days=7 * weeks),
            )[1]
            end = HOLIDAY + (weeks + 2) * WEEK - DAY
            row: dict[str, Any] = {"quiet weeks": weeks}
            for y in ("insights", "relationships", "people", "pipeline_created"):
                fit = intervention(
                    weekly, y=y, start=HOLIDAY, end=end, placebo=False, draws=300
                ).iloc[0]
                if y == "pipeline_created":
                    row["pipeline changed"] = bool(fit["p"] < 0.05)
                else:
                    row[y] = bool(fit["p"] < 0.05 and fit["effect"] < 0)
            rows.append(row)
    return pd.DataFrame(rows).groupby("quiet weeks").mean()


# ---- 08 the essay's claims -----------------------------------------------------------------------
ESSAY_REACH = ("impressions", "replies")
ESSAY_MONEY = ("pipeline_created", "revenue_won")
#: What the simulator planted for each claim (workshop 8's seller and team).
ESSAY_PLANTED = {
    1: "activity drives SSI, reach and replies",
    2: "deals come from a market process that ignores SSI",
    3: "seniority raises activity (SSI, reach) and deal flow; no within-person link to pipeline",
    4: "no comments, reactions, searches, invitations or messages; posts go on",
    5: "brand counts the last weeks of posts (2.5 a week on average)",
}
#: The posting rates (posts a week over the last four weeks) the brand pillar is shown at.
POST_RATES = {"bins": [0, 1, 2, 3.01, np.inf], "labels": ["0-1", "1-2", "2-3", "over 3"]}


def _usable(panel: pd.DataFrame, column: str) -> bool:
    """Say whether the panel has this column with at least 10 weeks of values."""
    return column in panel and int(panel[column].notna().sum()) >= 10


def essay_checks(
    panel: pd.DataFrame,
    team: pd.DataFrame,
    scores: pd.DataFrame,
    *,
    quiet_from: object = None,
    quiet_weeks: int = 3,
    draws: int = 1000,
    who: Who | str = "you",
) -> dict[str, Any]:
    """Check the essay's five claims on one person's weeks and a team: simulated or one's own.

    ``who`` is whom the sentences about the one person address: ``"you"`` on one's own files,
    :data:`SELLER` on the simulated seller; it is kept as ``checks["who"]`` for the notebook's
    ``ssi.explain(row, who=checks["who"])``.

    Each claim's numbers are ``None`` when the data cannot check it; ``notes`` then says what
    the claim needs. ``rows`` holds, per claim checked, what the kit found and the verdict in
    words (:func:`essay_verdicts`).
    """
    from ssi_analysis.stats.answers import answers
    from ssi_analysis.stats.diagnostic import activity_links, pillar_gaps
    from ssi_analysis.stats.intervention import intervention
    from ssi_analysis.stats.team import team_effect

    out: dict[str, Any] = {"notes": {}, "who": who}
    reach = [y for y in ESSAY_REACH if _usable(panel, y)]
    money = [y for y in ESSAY_MONEY if _usable(panel, y)]
    out |= {"reach": reach, "money": money, "table": None, "answer": None}
    if reach or money:
        answer = answers(panel, scores=["ssi"], outcomes=reach + money)
        table = answer.table.set_index("outcome")
        table["same_week_r"] = [
            answer.scan("ssi", y).set_index("lag").loc[0, "r"] for y in table.index
        ]
        out |= {"answer": answer, "table": table}
    else:
        out["notes"][1] = "No reach or money outcomes in the files: claims 1 and 2 need them."

    # claim 3: different people (bands of average SSI), then within a person
    team_y = [y for y in ("impressions", "pipeline_created") if y in team]
    out |= {"team_y": team_y, "bands": None, "empty_bands": [], "effects": None}
    if team["person"].nunique() >= 3 and team_y:
        averages = team.groupby("person")[["ssi", *team_y]].mean()
        averages["band"] = pd.cut(
            averages["ssi"], BANDS["bins"], right=False, labels=BANDS["labels"]
        )
        bands = averages.groupby("band", observed=False).agg(
            people=("ssi", "size"), **{y: (y, "mean") for y in team_y}
        )
        effects = pd.concat([team_effect(team, x="ssi", y=y) for y in team_y], ignore_index=True)
        out |= {
            "bands": bands[bands["people"] > 0],
            "empty_bands": [str(b) for b in bands.index[bands["people"] == 0]],
            "effects": effects[effects["effect"].isin(["between", "within"])],
        }
    else:
        out["notes"][3] = "Claim 3 compares people: it needs a team file with three people or more."

    # claim 4: the quiet weeks and the two after, against the course before
    out["dent"] = None
    if quiet_from is not None and _usable(panel, "insights") and _usable(panel, "relationships"):
        start = pd.Timestamp(quiet_from)
        end = start + (quiet_weeks + 2) * WEEK - DAY
        series = [y for y in ("brand", "insights", "relationships") if _usable(panel, y)]
        out["dent"] = pd.concat(
            [
                intervention(panel, y=y, start=start, end=end, placebo=False, draws=draws)
                for y in series + money[:1]
            ],
            ignore_index=True,
        )
    else:
        out["notes"][4] = (
            "Claim 4 needs the pillars and a holiday: set quiet_start (and quiet_weeks)."
        )

    # claim 5: posts and the brand pillar; brand after each posting rate
    out |= {"posting": None, "dose": None, "empty_rates": []}
    if _usable(panel, "posts_published") and _usable(panel, "brand"):
        posting = activity_links(panel, activities=["posts_published"], who=who)
        posting = posting.set_index("pillar")
        weekly = panel.set_index("period")
        rate = weekly["posts_published"].rolling("28D", min_periods=4).mean()
        dose = (
            weekly["brand"]
            .groupby(pd.cut(rate, right=False, **POST_RATES), observed=False)
            .agg(weeks="count", brand="mean", lowest="min")
        )
        dose.index.name = "posts a week, last 4 weeks"
        out |= {
            "posting": posting,
            "dose": dose[dose["weeks"] > 0],  # a rate with no weeks has no brand to show
            "empty_rates": [str(r) for r in dose.index[dose["weeks"] == 0]],
        }
    else:
        out["notes"][5] = (
            "Claim 5 needs the brand pillar and your posts (the LinkedIn data archive)."
        )
    out["gaps"] = pillar_gaps(scores, who=who)
    out["rows"] = essay_verdicts(out)
    return out


def essay_verdicts(checks: Mapping[str, Any]) -> dict[int, tuple[str, str]]:
    """Each claim checked: (what the kit found, the verdict in words), from :func:`essay_checks`.

    A verdict begins "holds", "can't tell yet", "fails here" or "not shown here".
    """
    rows: dict[int, tuple[str, str]] = {}
    table, reach, money = checks["table"], checks["reach"], checks["money"]
    if reach:
        found = "; ".join(
            f"{y} {_verdict(table.loc[y, 'verdict'])} "
            f"(same week r {table.loc[y, 'same_week_r']:+.2f})"
            for y in reach
        )
        holds = all(
            table.loc[y, "verdict"] == "linked" and table.loc[y, "same_week_r"] > 0 for y in reach
        )
        rows[1] = (found, "holds" if holds else "not shown here")
    if money:
        verdicts = {y: table.loc[y, "verdict"] for y in money}
        found = "; ".join(f"{y} {_verdict(v)}" for y, v in verdicts.items())
        if "linked" in verdicts.values():
            verdict = (
                f"fails here: {_verdict('linked')} — a real link, or the 1 in 20 a 5 % test "
                "finds by chance"
            )
        elif set(verdicts.values()) == {"ruled out"}:
            verdict = f"holds: {_verdict('ruled out')}"
        elif verdicts.get("pipeline_created") == "ruled out":
            verdict = (
                f"holds for pipeline ({_verdict('ruled out')}); revenue: {_verdict('inconclusive')}"
            )
        else:
            verdict = (
                f"{_verdict('inconclusive')}: {_verdict('not linked')}, but an effect that "
                "matters could still hide"
            )
        rows[2] = (found, verdict)
    effects = checks["effects"]
    if effects is not None:
        fx = effects.set_index(["y", "effect"])
        between, within = fx.xs("between", level="effect"), fx.xs("within", level="effect")
        found = "; ".join(
            f"{y}: between people r {between.loc[y, 'r']:.2f}, "
            f"within a person {_p(within.loc[y, 'p'])}"
            for y in checks["team_y"]
        )
        if "pipeline_created" not in between.index:
            verdict = f"{_verdict('inconclusive')}: the team file has no pipeline"
        elif within.loc["pipeline_created", "p"] < 0.05:
            verdict = "not shown here: within a person SSI moved with pipeline"
        elif between.loc["pipeline_created", "p"] < 0.05:
            verdict = (
                "holds: between people the high band has more pipeline, within a person "
                "SSI does not move pipeline"
            )
        else:
            verdict = "not shown here: pipeline does not differ between people in this team"
        rows[3] = (found, verdict)
    dent = checks["dent"].set_index("y") if checks["dent"] is not None else None
    if dent is not None:
        dipped = [
            y
            for y in ("insights", "relationships")
            if dent.loc[y, "p"] < 0.05 and dent.loc[y, "effect"] < 0
        ]
        found = "; ".join(
            f"{y} {_pts(dent.loc[y, 'effect'])} ({_p(dent.loc[y, 'p'])})" for y in dent.index
        )
        rows[4] = (found, "holds" if len(dipped) == 2 else "not shown here (see workshop 7)")
    posting, dose = checks["posting"], checks["dose"]
    if posting is not None:
        found = (
            f"posts → brand {_verdict(posting.loc['brand', 'verdict'])} "
            f"(r {posting.loc['brand', 'r']:.2f}); "
            + (
                f"brand {dose.loc['2-3', 'brand']:.1f} of 25 after 2-3 posts a week"
                if "2-3" in dose.index
                else "no weeks at 2-3 posts a week"
            )
        )
        brand = dent.loc["brand"] if dent is not None and "brand" in dent.index else None
        held = brand is None or not (brand["p"] < 0.05 and brand["effect"] < 0)
        linked = posting.loc["brand", "verdict"] == "linked"
        rows[5] = (found, "holds" if linked and held else "not shown here")
    return rows


def essay_seller(seed: int, quiet_weeks: int = 3) -> tuple[Any, pd.DataFrame]:
    """Workshop 8's seller: three years, quiet for ``quiet_weeks`` weeks from :data:`HOLIDAY`."""
    quiet = Quiet(str(HOLIDAY.date()), days=7 * quiet_weeks)
    return _sim_weekly("ssi_not_revenue", seed, days=3 * YEAR, quiet=quiet)


def essay_claims(seed: int, quiet_weeks: int = 3, *, draws: int = 1000) -> Lesson:
    """Check the essay's five claims on a simulated seller (three years) and team (one year).

    The lesson is shown when every claim reads "holds" or "can't tell yet" (the essay is
    right in the world built as it describes, as far as the data can say); a claim that
    fails, or that this seller or team does not show, makes the example the rare case.
    """
    sim, panel = essay_seller(seed, quiet_weeks)
    team = _sim_weekly("team", seed, days=364, deal_rate=0.6)[1]
    checks = essay_checks(
        panel,
        team,
        sim.scores,
        quiet_from=HOLIDAY,
        quiet_weeks=quiet_weeks,
        draws=draws,
        who=SELLER,
    )
    rows = checks["rows"]
    odd = {
        k: v for k, (_, v) in rows.items() if not v.startswith(("holds", _verdict("inconclusive")))
    }
    says = " ".join(f"Claim {k}: {verdict}." for k, (_, verdict) in rows.items())
    if odd:
        says += (
            f" {RARE} for this seller or team "
            + "; ".join(f"claim {k} {v.split(':')[0]}" for k, v in odd.items())
            + " — one seller's (or team's) answer is a start, not a verdict: the count over "
            "many below shows the usual answer."
        )
    numbers = dict(checks) | {"sim": sim, "panel": panel, "team": team}
    return Lesson(not odd, says, numbers)


def essay_count_row(lesson: Lesson) -> dict[str, bool]:
    """Return what one seller and team of :func:`essay_claims` show, check by check."""
    n = lesson.numbers
    verdict, dent = n["table"]["verdict"], n["dent"].set_index("y")
    row = {f"{y} linked": verdict[y] == "linked" for y in ESSAY_REACH + ESSAY_MONEY}
    row["impressions same week r > 0"] = bool(n["table"].loc["impressions", "same_week_r"] > 0)
    row["pipeline ruled out"] = verdict["pipeline_created"] == "ruled out"
    row["pipeline can't tell yet"] = verdict["pipeline_created"] == "inconclusive"
    row["revenue ruled out"] = verdict["revenue_won"] == "ruled out"
    for y in ("insights", "relationships", "brand"):
        row[f"{y} dipped"] = bool(dent.loc[y, "p"] < 0.05 and dent.loc[y, "effect"] < 0)
    row["pipeline changed"] = bool(dent.loc["pipeline_created", "p"] < 0.05)
    row["posts linked to brand"] = n["posting"].loc["brand", "verdict"] == "linked"
    fx = n["effects"].set_index(["y", "effect"])["p"]
    for y in ("impressions", "pipeline_created"):
        row[f"team: {y} differs between people"] = bool(fx[(y, "between")] < 0.05)
        row[f"team: {y} linked within a person"] = bool(fx[(y, "within")] < 0.05)
    return row


def essay_counts(n_sims: int, quiet_weeks: int = 3, *, first_seed: int = 700) -> pd.Series:
    """Over ``n_sims`` simulated sellers and teams: the share in which each check comes out."""
    rows = [essay_count_row(essay_claims(first_seed + s, quiet_weeks)) for s in range(n_sims)]
    return pd.DataFrame(rows).mean().rename(f"share of {n_sims} sellers / teams")


#: What the count over many sellers and teams should show: each share at least (or at most,
#: beyond a 5 % test's Monte Carlo error) this.
ESSAY_AT_LEAST = {
    "impressions linked": 0.7,
    "replies linked": 0.7,
    "insights dipped": 0.7,
    "relationships dipped": 0.7,
    "posts linked to brand": 0.9,
    "team: pipeline_created differs between people": 0.9,
}
ESSAY_AT_MOST = [
    "pipeline_created linked",
    "revenue_won linked",
    "pipeline changed",
    "brand dipped",
]


def essay_count_words(shares: pd.Series, n_sims: int) -> str:
    """Say whether the count over many sellers and teams shows each claim as usual."""
    bound = 0.05 + 3 * (0.05 * 0.95 / n_sims) ** 0.5
    unusual = [f"{k} in only {shares[k]:.0%}" for k, v in ESSAY_AT_LEAST.items() if shares[k] < v]
    unusual += [f"{k} in {shares[k]:.0%}" for k in ESSAY_AT_MOST if shares[k] > bound]
    if unusual:
        return (
            f"{RARE} over these {n_sims} sellers and teams, " + "; ".join(unusual) + " — a "
            "small count swings: more sellers (a larger n_sims) settle it."
        )
    return (
        f"Over these {n_sims} sellers and teams the usual picture holds: impressions and replies "
        f"moved with SSI in {shares['impressions linked']:.0%} and "
        f"{shares['replies linked']:.0%} of them, pipeline and revenue in "
        f"{shares['pipeline_created linked']:.0%} and {shares['revenue_won linked']:.0%}; the "
        f"insights and relationships pillars dipped after the quiet weeks in "
        f"{shares['insights dipped']:.0%} and {shares['relationships dipped']:.0%}."
    )


# ---- the pack's data: the weekly data each notebook shows, as CSV --------------------------------
#: Each notebook's example: its seed (the notebook's first cell; a test checks they agree).
EXAMPLE_SEEDS = {
    "01_two_random_walks": 5,
    "02_what_ssi_moves_with": 3,
    "03_gaming_the_score": 1,
    "04_above_70_vs_below_40": 2,
    "05_a_real_link": 2,
    "06_evidence_of_absence": 1,
    "07_going_quiet_for_a_week": 2,
    "08_check_the_essays_claims": 3,
}


def _walks(seed: int, weeks: int = 52) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=weeks, freq="W-MON"),
            "ssi": 50 + rng.normal(size=weeks).cumsum(),
            "pipeline": 100 + 5 * rng.normal(size=weeks).cumsum(),
        }
    )


def _quiz_chart(chart: str) -> pd.DataFrame:
    data, x, y = quiz_charts()[chart]
    return data[["period", *(["person"] if "person" in data else []), x, y]]


def example_makers() -> dict[str, Callable[[], pd.DataFrame]]:
    """Return, for every notebook's example, its data file's name and how to make it.

    The names say the notebook and what the data is, never the simulated world (a
    participant opening the folder should not read the answer in a file name).
    """
    seed = EXAMPLE_SEEDS
    makers: dict[str, Callable[[], pd.DataFrame]] = {
        f"00_quiz_chart_{chart}.csv": functools.partial(_quiz_chart, chart) for chart in _QUIZ
    }
    s = seed["06_evidence_of_absence"]
    q = seed["08_check_the_essays_claims"]
    makers |= {
        "01_two_random_walks_weekly.csv": lambda: _walks(seed["01_two_random_walks"]),
        "02_what_ssi_moves_with_weekly.csv": lambda: seller(
            seed["02_what_ssi_moves_with"]
        ).weekly(),
        "03_gaming_the_score_weekly.csv": lambda: simulate(
            "gaming", seed=seed["03_gaming_the_score"]
        ).weekly(),
        "04_above_70_vs_below_40_team_weekly.csv": lambda: simulate(
            "team", seed=seed["04_above_70_vs_below_40"], days=364, deal_rate=0.6
        ).weekly(),
        "05_a_real_link_weekly.csv": lambda: simulate(
            "ssi_drives_pipeline", seed=seed["05_a_real_link"]
        ).weekly(),
        "06_evidence_of_absence_one_year_weekly.csv": lambda: seller(s, YEAR).weekly(),
        "06_evidence_of_absence_three_years_weekly.csv": lambda: seller(s, 3 * YEAR).weekly(),
        "06_evidence_of_absence_another_seller_weekly.csv": lambda: simulate(
            "ssi_drives_pipeline", seed=s, days=3 * YEAR
        ).weekly(),
        "07_going_quiet_for_a_week_weekly.csv": lambda: quiet_seller(
            seed["07_going_quiet_for_a_week"], 3
        ).weekly(),
        "08_check_the_essays_claims_seller_weekly.csv": lambda: seller(
            q, 1092, quiet=Quiet(str(HOLIDAY.date()), days=21)
        ).weekly(),
        "08_check_the_essays_claims_team_weekly.csv": lambda: simulate(
            "team", seed=q, days=364, deal_rate=0.6
        ).weekly(),
    }
    return makers


def example_data() -> dict[str, pd.DataFrame]:
    """Return the weekly data of every notebook's example: file name -> frame (``data/``).

    Without the simulator's own ``season`` column (its hidden seasonal factor: no export
    has it, and in a shared-season world it would name the common cause).
    """
    charts = quiz_charts()
    frames = {}
    for name, make in example_makers().items():
        if name.startswith("00_quiz_chart_"):  # the six charts drawn once
            data, x, y = charts[name.removeprefix("00_quiz_chart_").removesuffix(".csv")]
            frames[name] = data[["period", *(["person"] if "person" in data else []), x, y]]
        else:
            frames[name] = make().drop(columns=["season"], errors="ignore")
    return frames


@functools.lru_cache(maxsize=1)
def _example_csvs() -> tuple[tuple[str, str], ...]:
    return tuple((name, frame.to_csv(index=False)) for name, frame in example_data().items())


def example_csvs() -> dict[str, str]:
    """:func:`example_data` as CSV text, computed once a process (the pack's ``data/``)."""
    return dict(_example_csvs())


# ==================================================================================================
# ---- 09 test it, don't correlate it (issue 28) ---------------------------------------------------
# A separate block: the lesson, its seller, and its entries in EXAMPLE_SEEDS and example_makers
# (added here so that the lessons above stay as they are).
#: The experiment of workshop 9: 32 weeks of two-week blocks from a Monday clear of the year's
#: end (the kit's YEAR_END, 18 December - 8 January), after two years of history.
EXPERIMENT_START = pd.Timestamp("2027-01-11")
EXPERIMENT_WEEKS, EXPERIMENT_BLOCK, EXPERIMENT_HISTORY = 32, 2, 104
#: The arms: her usual posting (two or three posts a week), and three times as many posts.
EXPERIMENT_ARMS = ("usual", "three times the posts")
EXPERIMENT_MORE = 3.0
EXPERIMENT_OUTCOMES = ["impressions", "pipeline_created"]


def experiment_seller(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """One seller's two years and her 32-week posting experiment, of known truth.

    Her busy autumns raise her activity (so SSI and reach) and her deal flow together; posting
    reaches people (impressions) but brings no deals. The schedule is drawn with ``seed`` as
    the kit's planner draws it; the simulation uses the same seed.

    Returns
    -------
    weekly : pandas.DataFrame
        Monday weeks (scores averaged, outcomes summed) with ``arm`` (the arm of the week;
        empty before the experiment).
    plan : pandas.DataFrame
        The schedule (:func:`ssi_analysis.stats.experiment.schedules`).
    truth : dict
        ``impressions_percent``: the expected gain in weekly impressions from the second arm,
        in % of the first's; ``pipeline_percent``: 0 (posting brings no deals here).
    """
    from ssi_analysis.simulate.experiment import _daily_factor, _weekly
    from ssi_analysis.simulate.model import BASE_RATE, _recent
    from ssi_analysis.stats.experiment import schedules

    plan = schedules(
        EXPERIMENT_WEEKS, EXPERIMENT_BLOCK, EXPERIMENT_ARMS, seed=seed, start=EXPERIMENT_START
    )
    first = EXPERIMENT_START - EXPERIMENT_HISTORY * WEEK
    days = (pd.Timestamp(plan["end"].iloc[-1]) - first).days + 1
    factor = _daily_factor(plan, first, days, EXPERIMENT_MORE, 0)
    sim = simulate("shared_season", seed=seed, days=days, start=f"{first:%Y-%m-%d}", posting=factor)
    weekly = _weekly(sim)
    arm = pd.Series(pd.NA, index=weekly.index, dtype="string")
    for _, row in plan.iterrows():
        arm[weekly["period"].between(row["start"], row["end"])] = row["arm"]
    weekly["arm"] = arm
    # the expected weekly reach with and without the extra posts, over the experiment's days
    # (as simulate_experiment's truth)
    effort, luck, weekend = sim.extra["effort"][0], sim.extra["luck"][0], sim.extra["weekend"]
    rate = BASE_RATE["posts"] * np.exp(effort) * weekend
    at = EXPERIMENT_HISTORY * 7
    gain = (luck * 900 * _recent((EXPERIMENT_MORE - 1) * rate[None, :])[0])[at:]
    base = (luck * (120 * weekend + 900 * _recent(rate[None, :])[0]))[at:]
    truth = {"impressions_percent": float(100 * gain.sum() / base.sum()), "pipeline_percent": 0.0}
    return weekly, plan, truth


_experiment_draw = functools.lru_cache(maxsize=4)(experiment_seller)  # one simulation a seed


def _experiment_copy(seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """:func:`experiment_seller`, simulated once a seed; copies, so the cache stays as drawn."""
    weekly, plan, truth = _experiment_draw(seed)
    return weekly.copy(), plan.copy(), dict(truth)


def _plain_r(weekly: pd.DataFrame, y: str) -> dict:
    """Return the dashboard's correlation: weekly levels of SSI and ``y``, textbook p."""
    from scipy import stats

    both = weekly[["ssi", y]].dropna()
    fit = stats.pearsonr(both["ssi"], both[y])
    return {"r": float(fit.statistic), "p": float(fit.pvalue), "weeks": len(both)}


def _pct(row) -> str:
    return f"{row['percent']:+.0f} % ({row['percent_low']:+.0f} % to {row['percent_high']:+.0f} %)"


def _span(weeks: int) -> str:
    """Say a number of weeks in years and months: 136 -> '2 years and 7 months'."""
    months = round(weeks * 7 / 365.25 * 12)
    years, months = divmod(months, 12)
    parts = [
        f"{n} {unit}{'s' if n != 1 else ''}"
        for n, unit in ((years, "year"), (months, "month"))
        if n
    ]
    return " and ".join(parts) or f"{weeks} weeks"


def lesson_experiment(seed: int) -> Lesson:
    """Correlation links SSI with reach and pipeline alike; the experiment tells them apart.

    One seller's two years and 32 weeks: the plain correlation of weekly SSI with
    impressions and with pipeline (both "linked": busy stretches raise all three), the
    kit's careful verdict on the same pairs, and her posting experiment — impressions
    changed, pipeline no change found, with what its interval allows — beside the simulator's
    truth. ``numbers["span"]`` says her weeks in years and months.
    """
    from ssi_analysis.stats.answers import answers
    from ssi_analysis.stats.experiment import experiment

    weekly, plan, truth = _experiment_copy(seed)
    plain = {y: _plain_r(weekly, y) for y in EXPERIMENT_OUTCOMES}
    kit = answers(weekly, scores=["ssi"], outcomes=EXPERIMENT_OUTCOMES)
    careful = kit.table.set_index("outcome")["verdict"].to_dict()
    result = experiment(weekly, plan, outcomes=EXPERIMENT_OUTCOMES, primary="impressions")
    table = result.table.set_index("measure")
    reach, pipeline = table.loc["impressions"], table.loc["pipeline_created"]
    linked = {y: plain[y]["p"] < 0.05 and plain[y]["r"] > 0 for y in EXPERIMENT_OUTCOMES}
    reach_found = reach["status"] == "changed" and reach["difference"] > 0
    pipeline_found = pipeline["status"] == "changed"
    lines = [
        "Correlation over her "
        f"{plain['impressions']['weeks']} weeks: SSI with impressions r = "
        f"{plain['impressions']['r']:.2f} ({_p(plain['impressions']['p'])}), with pipeline r = "
        f"{plain['pipeline_created']['r']:.2f} ({_p(plain['pipeline_created']['p'])}); the kit's "
        f"careful test: impressions {_verdict(careful['impressions'])}, pipeline "
        f"{_verdict(careful['pipeline_created'])}",
        f"The experiment ({EXPERIMENT_WEEKS} weeks, {len(plan)} blocks drawn at random): "
        f"impressions {_pct(reach)} a week, {_p(reach['p'])}"
        f" — {'changed' if reach_found else 'no change found'}; pipeline {_pct(pipeline)}, "
        f"{_p(pipeline['p'])} — {'changed' if pipeline_found else 'no change found'}",
        f"The truth: three times the posts add about {truth['impressions_percent']:.0f} % to "
        "her weekly impressions and nothing to her pipeline",
    ]
    if not pipeline_found:
        lines.insert(
            2,
            f"No change found is not no change: pipeline's interval runs from "
            f"{pipeline['percent_low']:+.0f} % to {pipeline['percent_high']:+.0f} %, so this "
            "experiment cannot tell small effects on pipeline apart from none",
        )
    shown = all(linked.values()) and reach_found and not pipeline_found
    says = ". ".join(lines) + "."
    if shown:
        says += (
            " Correlation put reach and pipeline on the same footing; only the experiment "
            "tells which one her posting moves."
        )
    else:
        problems = []
        if not all(linked.values()):
            problems.append(
                "the correlation does not link SSI with "
                + " and ".join(y for y, v in linked.items() if not v)
                + " for this seller"
            )
        if not reach_found:
            problems.append(
                "the experiment misses the real gain in impressions: 32 weeks find it for most "
                "sellers, not all (the count below says how many)"
            )
        if pipeline_found:
            text = (
                "the experiment calls pipeline changed where posting does nothing: the 1 in 20 "
                "a 5 % test finds by chance"
            )
            if pipeline["p_family"] > result.alpha:
                text += (
                    f" (allowing for the {int(table['p_family'].notna().sum())} measures "
                    f"compared, {_p(pipeline['p_family'])}: the kit's report calls it a hint)"
                )
            problems.append(text)
        says += f" {RARE} " + "; ".join(problems) + "."
    numbers = {
        "weekly": weekly,
        "span": _span(len(weekly)),
        "plan": plan,
        "plain": plain,
        "careful": careful,
        "answer": kit,
        "result": result,
        "truth": truth,
        "linked": linked,
        "reach_found": bool(reach_found),
        "pipeline_found": bool(pipeline_found),
    }
    return Lesson(bool(shown), says, numbers)


__all__ += ["EXPERIMENT_START", "experiment_seller", "lesson_experiment"]
EXAMPLE_SEEDS["09_test_it_dont_correlate_it"] = 1
_example_makers_08 = example_makers  # the lessons above; this block adds notebook 09


def example_makers() -> dict[str, Callable[[], pd.DataFrame]]:
    """Return, for every notebook's example, its data file's name and how to make it."""
    seed = EXAMPLE_SEEDS["09_test_it_dont_correlate_it"]
    return _example_makers_08() | {
        "09_test_it_dont_correlate_it_weekly.csv": lambda: _experiment_copy(seed)[0]
    }
