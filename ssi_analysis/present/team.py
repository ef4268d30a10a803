"""The team parts of the report: within-person answers, each seller, a power planner, forks.

:func:`team_parts` computes what the report shows for a team (several people) from the panel
loaded once, and returns it as report blocks; :func:`methods_appendix` says, from what ran,
which methods were used, with their citations. The statistics come from
:mod:`ssi_analysis.stats` (``team_scan``, ``team_answers``, ``seller_answers``,
``forking_paths``, ``team_power``, ``team_needed``); this module only words and lays out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from ssi_analysis.analysis import FORK_PEOPLE, Analysis
from ssi_analysis.names import VERDICT_WORDS
from ssi_analysis.present.words import _adverb, label
from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, QUESTIONS
from ssi_analysis.stats.answers import seller_note
from ssi_analysis.stats.power import team_needed, team_power
from ssi_analysis.words.answers import differ_lines
from ssi_analysis.words.format import join_and, verdict_phrase

#: How each verdict reads (the report's words).
#: Correlations the power planner shows.
PLANNER_R = (0.1, 0.2, 0.3)
#: The persistence assumed by the planner (each seller's weekly score and outcome noise).
PLANNER_PHI = 0.5

CITATIONS = {
    "prewhitening": "Box, G. E. P. & Jenkins, G. M. (1976). Time Series Analysis: Forecasting "
    "and Control, rev. ed., ch. 11 (prewhitening before cross-correlation). Holden-Day.",
    "pyper": "Pyper, B. J. & Peterman, R. M. (1998). Comparison of methods to account for "
    "autocorrelation in correlation analyses of fish data. Canadian Journal of Fisheries and "
    "Aquatic Sciences 55, 2127-2140.",
    "bh": "Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a "
    "practical and powerful approach to multiple testing. Journal of the Royal Statistical "
    "Society B 57, 289-300.",
    "tost": "Goertzen, J. R. & Cribbie, R. A. (2010). Detecting a lack of association: an "
    "equivalence testing approach. British Journal of Mathematical and Statistical "
    "Psychology 63, 527-537.",
    "cr3": "Bell, R. M. & McCaffrey, D. F. (2002). Bias reduction in standard errors for "
    "linear regression with multi-stage samples. Survey Methodology 28, 169-181; Cameron, "
    "A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference. "
    "Journal of Human Resources 50, 317-372; MacKinnon, J. G., Nielsen, M. Ø. & Webb, M. D. "
    "(2023). Cluster-robust inference: a guide to empirical practice. Journal of "
    "Econometrics 232, 272-299.",
    "ppml": "Santos Silva, J. M. C. & Tenreyro, S. (2006). The log of gravity. Review of "
    "Economics and Statistics 88, 641-658; Correia, S., Guimarães, P. & Zylkin, T. (2020). "
    "Fast Poisson estimation with high-dimensional fixed effects. Stata Journal 20, 95-115.",
    "schuirmann": "Schuirmann, D. J. (1987). A comparison of the two one-sided tests "
    "procedure and the power approach for assessing the equivalence of average "
    "bioavailability. Journal of Pharmacokinetics and Biopharmaceutics 15, 657-680; Lakens, "
    "D. (2017). Equivalence tests. Social Psychological and Personality Science 8, 355-362.",
    "gelman": 'Gelman, A. & Stern, H. (2006). The difference between "significant" and '
    '"not significant" is not itself statistically significant. The American '
    "Statistician 60, 328-331.",
    "cohen": "Cohen, J. (1988). Statistical Power Analysis for the Behavioral Sciences, "
    "2nd ed. Erlbaum.",
}


@dataclass
class TeamParts:
    """What the report shows for a team, computed once."""

    answers: object  # team_answers' Answers (kind "team")
    headline: list[str]
    answer_blocks: list = field(default_factory=list)  # the answer with its numbers
    section_blocks: list = field(default_factory=list)  # "Your team", in a manager's words
    analyst_blocks: list = field(default_factory=list)  # its tables, under For analysts
    sellers: pd.DataFrame | None = None
    forks: pd.DataFrame | None = None
    planner: pd.DataFrame | None = None

    @property
    def table(self) -> pd.DataFrame:
        """The within-seller answers' table (``answers.table``)."""
        return self.answers.table


def team_parts(done: Analysis) -> TeamParts:
    """Lay a team's answer out: within people, per seller, planner, forks.

    ``done`` is the team's :class:`~ssi_analysis.analysis.Analysis` (``done.team``: its
    numbers, computed there once; nothing is computed here). Without the data by month
    (``done.monthly``) the forking-paths check is left out and the methods say so.
    """
    from ssi_analysis.present.page import bullet_list, note, table, text
    from ssi_analysis.present.words import UNIT_WORDS, question_lines

    numbers, panel = done.team, done.panel
    lags, alpha = done.choices.lags, done.choices.alpha
    unit = UNIT_WORDS[done.choices.freq]
    scan, result = numbers.scan, numbers.table
    people = int(panel["person"].nunique())
    weeks = int(panel.groupby("person")["period"].nunique().median())
    parts = TeamParts(answers=numbers.answers, headline=[])
    own = result[result["score"] == "ssi"]
    parts.answer_blocks.append(bullet_list(own["sentence"]))
    parts.answer_blocks[-1].caption = "The team's answer, in detail"
    parts.answer_blocks.append(bullet_list(own["between_sentence"]))
    parts.answer_blocks[
        -1
    ].caption = "Between sellers (different people: not what raising SSI does)"

    blocks = parts.analyst_blocks
    said = parts.section_blocks
    # Units and intervals: what a 10-point SSI rise goes with, in % of the outcome, beside
    # the margin "ruled out" was tested on (review 12, 1a: the window's is narrower than
    # ±bound) and the interval that test reads (100 (1 − 2α) %), so that the two agree.
    shown = own[["outcome", "verdict", "effect_pct", "tost_low", "tost_high"]].copy()
    shown.insert(2, "lag", [_lag_span(row) for row in own.to_dict("records")])
    shown["outcome"] = shown["outcome"].map(label)
    shown["verdict"] = shown["verdict"].map(VERDICT_WORDS)
    shown["bound"] = [_margin_cell(row) for row in own.to_dict("records")]
    shown.columns = [
        "outcome", "answer", f"lag ({unit}s)", "% per 10 SSI points", "from", "to",
        f"{verdict_phrase('ruled out')} inside",
    ]  # fmt: skip
    blocks.append(
        table(
            shown,
            caption="How much each outcome's expected value moved with a 10-point SSI rise, "
            f"within sellers ({100 * (1 - 2 * alpha):.0f} % interval, the one "
            f'"{verdict_phrase("ruled out")}" reads; the full table below has the '
            f'{100 * (1 - alpha):.0f} % one). "{verdict_phrase("ruled out", start=True)} '
            'inside": the margin tested, '
            "±the smallest effect that matters at any single "
            f"{unit} as it shows in the average over the answer's {unit}s",
            digits=1,
        )
    )
    # Each seller on their own, adjusted across sellers and lags.
    sellers = numbers.sellers
    parts.sellers = sellers.table
    if len(sellers.table):
        per = sellers.table[
            ["person", "outcome", "verdict", "lag", "r", "r_low", "r_high", "p_adj"]
        ].copy()
        per = per.assign(r_detectable=sellers.table["r_detectable"])
        per["outcome"] = per["outcome"].map(label)
        per["verdict"] = per["verdict"].map(VERDICT_WORDS)
        per.columns = [
            "seller", "outcome", "answer", "lag", "r", "from", "to", "adjusted p",
            "detectable r",
        ]  # fmt: skip
        blocks.append(text(seller_note(sellers)))
        blocks.append(table(per, caption="Each seller on their own (SSI)"))
        said.extend(seller_words(sellers.table, unit=unit))
    # The power planner.
    # the tests read together for "linked" (each pair's cumulative row beside the lags is
    # one test only for revenue; for the others it carries the equivalence test alone)
    family = scan[scan["p"].notna()] if len(scan) else scan
    tests = int(family.groupby("question").size().max()) if len(family) else 1
    parts.planner = planner(people=people, weeks=weeks, unit=unit, tests=tests)
    blocks.append(
        text(
            "What a team of this size can find: the chance that this page says "
            f'"{verdict_phrase("linked")}" '
            f"for a within-seller link of each size with {people} sellers × {weeks} {unit}s "
            f"— after the adjustment for the {tests} tests read together for one question — "
            f"and what 80 % would take (assuming each seller's {unit}ly SSI and outcome "
            f"carry over about half of their swings to the next {unit}: φ = {PLANNER_PHI}). "
            "Asking a narrower question (fewer scores with --scores, fewer lags with --lags) "
            "means fewer tests and more power."
        )
    )
    blocks.append(table(parts.planner, caption="Power planner for the team"))
    said.append(text(planner_words(parts.planner, people=people, weeks=weeks, unit=unit)))
    # Forking paths: would counting by month, or raw amounts, change an answer?
    if numbers.forks is not None:
        forks = numbers.forks
        parts.forks = forks
        forks = forks[forks["score"] == "ssi"]
        changed = forks[forks["fork_note"] != ""]
        if len(changed):
            ways: dict[str, list[str]] = {}  # what changes the answer -> its outcomes
            for outcome, how in zip(changed["outcome"], changed["depends_on"], strict=True):
                ways.setdefault(str(how) or "another way of counting", []).append(label(outcome))
            said.append(
                text(
                    " ".join(
                        f"With {how}, {join_and(list(dict.fromkeys(names)))} got a different "
                        "answer."
                        for how, names in ways.items()
                    )
                    + " Read those answers as fragile."
                )
            )
            for row in changed.itertuples():
                blocks.append(note(f"{label(row.outcome)}: {row.fork_note}"))
        else:
            blocks.append(
                text(
                    "No SSI answer changed when the same data was counted by month or analysed "
                    "on the raw scale (without the log)."
                )
            )
    elif people > FORK_PEOPLE and unit == "week":
        blocks.append(
            text(
                f"With more than {FORK_PEOPLE} sellers the check by month and on the raw scale "
                "is left out of the report (it would run the whole analysis three more times); "
                "ssi_analysis.stats.answers.forking_paths runs it in a notebook."
            )
        )
    parts.headline = question_lines(
        result,
        unit=unit,
        team=True,
        lags=list(lags),
        sellers=parts.sellers,
        people=people,
        forks=parts.forks,
    )
    return parts


def seller_words(table: pd.DataFrame, *, unit: str = "week") -> list:
    """Say, for a sales leader, what each seller's own answer shows (no statistics).

    ``table`` is :func:`~ssi_analysis.seller_answers`' table; the verdicts are its own.

    Examples
    --------
    >>> t = pd.DataFrame({"person": ["A", "A", "B", "B"], "score": ["ssi"] * 4,
    ...     "outcome": ["deals_won", "revenue_won"] * 2,
    ...     "verdict": ["linked", "inconclusive", "inconclusive", "inconclusive"],
    ...     "n": [50, 50, 48, 48]})
    >>> print(seller_words(t)[0].content)  # doctest: +NORMALIZE_WHITESPACE
    1 of 2 sellers had their SSI linked to an outcome on their own data: A (deals won).
    For the other seller the data cannot tell yet: one seller's 48 to 50 weeks can show
    only a strong link. Their own numbers are under For analysts.
    """
    from ssi_analysis.present.page import text

    own = table[table["score"] == "ssi"] if (table["score"] == "ssi").any() else table
    people = list(dict.fromkeys(own["person"]))
    linked = own[own["verdict"] == "linked"]
    ruled = own[own["verdict"] == "ruled out"]
    n = own["n"].astype(float) if "n" in own else pd.Series(dtype=float)
    span = (
        f"{n.min():.0f} to {n.max():.0f} {unit}s"
        if len(n) and n.min() != n.max()
        else f"{n.min():.0f} {unit}s"
        if len(n)
        else "data"
    )
    who = list(dict.fromkeys(linked["person"]))
    if who:
        named = [
            f"{p} ({join_and([label(o) for o in linked.loc[linked['person'] == p, 'outcome']])})"
            for p in who[:8]
        ]
        said = (
            f"{len(who)} of {len(people)} sellers had their SSI linked to an outcome on their "
            f"own data: {join_and(named)}{' and more' if len(who) > 8 else ''}."
        )
    else:
        said = (
            f"Not one of the {len(people)} sellers had their SSI linked to an outcome on their "
            "own data."
        )
    rest = len(people) - len(who)
    if len(ruled):
        said += (
            f" For {ruled['person'].nunique()} of them a link as large as matters is ruled out "
            "for at least one outcome."
        )
    if rest:
        whom = (
            f"the other seller{'s' if rest != 1 else ''}" if who else f"all {len(people)} of them"
        )
        said += (
            f" For {whom} the data cannot tell yet: one seller's {span} can show only a "
            "strong link."
        )
    return [text(said + " Their own numbers are under For analysts.")]


def planner_words(table: pd.DataFrame, *, people: int, weeks: int, unit: str = "week") -> str:
    """Say the power planner's middle row in a sentence (a within-seller r of 0.2)."""
    row = table.iloc[len(table) // 2]
    r, chance = float(row.iloc[0]), str(row.iloc[1])
    need_people, need_weeks = str(row.iloc[2]), str(row.iloc[3])
    return (
        f"What more data would show: with {people} sellers × {weeks} {unit}s, a small "
        f"within-seller link (a correlation of {r:.1f} between a seller's {_adverb(unit)} score "
        f"and outcome, each against their own usual level) would be found {chance} of the "
        "time; 80 % would take "
        f"{need_people} sellers at {weeks} {unit}s each, or {need_weeks} {unit}s of these "
        f"{people} sellers (the planner is under For analysts)."
    )


def planner(*, people: int, weeks: int, unit: str = "week", tests: int = 1) -> pd.DataFrame:
    """Tabulate the power planner: power now, sellers and periods needed for 80 % power.

    ``tests``: the family the verdict is adjusted over (:func:`~ssi_analysis.team_power`).
    Team sizes beyond the planner's range (3 to 5,000 sellers, 4 to 520 periods) are
    planned at the nearest end of it.

    Examples
    --------
    >>> planner(people=12, weeks=52).iloc[1, 1:].tolist()  # r = 0.2, one test
    ['91 %', '10', '38']
    >>> planner(people=12, weeks=52, tests=25).iloc[1, 1:].tolist()  # the report's family
    ['41 %', '19', '101']
    """
    from ssi_analysis.stats.power import TEAM_MAX_PEOPLE, TEAM_MAX_WEEKS

    people = min(max(int(people), 3), TEAM_MAX_PEOPLE)
    weeks = min(max(int(weeks), 4), TEAM_MAX_WEEKS)
    rows = []
    for r in PLANNER_R:
        kwargs = {"r": r, "phi": PLANNER_PHI, "tests": int(tests)}
        power = team_power(people=people, weeks=weeks, **kwargs)
        need_people = team_needed(weeks=weeks, **kwargs)
        need_weeks = team_needed(people=people, **kwargs)
        rows.append(
            {
                "within-seller r": float(r),
                "chance to find it now": f"{power:.0%}".replace("%", " %"),
                f"sellers needed ({weeks} {unit}s each)": _count(need_people, TEAM_MAX_PEOPLE),
                f"{unit}s needed ({people} sellers)": _count(need_weeks, TEAM_MAX_WEEKS),
            }
        )
    return pd.DataFrame(rows)


def _count(value: int | None, limit: int = 5000) -> str:
    return f"more than {limit:,}" if value is None else f"{value:,}"


def _margin_cell(row: dict) -> str:
    """Say the margin a team row's "ruled out" was tested on, and the bound it stands for."""
    from ssi_analysis.words.answers import team_margin

    bound = row.get("bound", float("nan"))
    if not (bound == bound):
        return ""
    low, high = team_margin(row)
    said = f"±{100 * bound:.0f} %"
    if abs(low + 100 * bound) < 0.05 and abs(high - 100 * bound) < 0.05:
        return said
    if not high > 0:
        return f"nothing ({said} at one lag cannot show)"
    return f"{low:+.1f} % to {high:+.1f} % ({said} at one lag)"


def _lag_span(row) -> str:
    """Say the lag of a row, or the range the data cannot single one out of ("1-3")."""
    lag, low, high = row["lag"], row.get("lag_low", row["lag"]), row.get("lag_high", row["lag"])
    if low == low and high == high and low != high:
        return f"{int(low)}-{int(high)}"
    return f"{int(lag)}"


def methods_appendix(
    *,
    team: bool,
    scores: Sequence[str],
    lags: Sequence[int],
    bound: float,
    alpha: float,
    transforms: dict | None = None,
    unit: str = "week",
    forks: bool = False,
    group_by: str | None = None,
) -> list[str]:
    """Say which methods ran, from the options that ran, each with its citation.

    Examples
    --------
    >>> lines = methods_appendix(team=True, scores=["ssi", "brand"], lags=[0, 1, 2],
    ...                          bound=0.3, alpha=0.05, transforms={"deals_won": "log1p"})
    >>> lines[1][:60]
    'Scores tested: SSI and the professional-brand pillar, at lag'
    >>> any("Bell, R. M." in line for line in lines)
    True
    """
    logged = sorted(o for o, t in (transforms or {}).items() if t == "log1p")
    lag_text = (
        f"lags of {min(lags)} to {max(lags)} {unit}s (SSI leading)"
        if len(lags) > 1
        else f"a lag of {lags[0]} {unit}s"
    )
    lines = [
        "SSI is an activity score, not a revenue metric: whether the activity it measures "
        "brings pipeline is what this report checks, on this data only.",
        f"Scores tested: {', '.join(label(s) for s in scores[:-1])}"
        + (" and " if len(scores) > 1 else "")
        + f"{label(scores[-1])}, at {lag_text}.",
        "Outcomes analysed as log(1 + x) (counts and money are skewed and often zero): "
        + (", ".join(label(o) for o in logged) if logged else "none")
        + ".",
    ]
    if team:
        lines += [
            "Within sellers: each seller's own level and each "
            f"{unit}'s team-wide swing taken out (two-way fixed effects). Counts and money "
            "(never negative): Poisson pseudo-maximum likelihood, whose exp(b) − 1 is the % "
            "change of the outcome's expected value per SSI point, with many zero "
            f"{unit}s and lumpy deal amounts too. [" + CITATIONS["ppml"] + "] Other outcomes: "
            "least squares. Standard errors clustered by seller, CR3 (leave-one-seller-out "
            "jackknife) up to 50 sellers, and a t reference with sellers − 1 degrees of "
            "freedom. [" + CITATIONS["cr3"] + "]",
            f"Team verdicts: {verdict_phrase('linked')} when the Benjamini-Hochberg adjusted p "
            f"(one family per question: reach, replies, pipeline, revenue) is below {alpha:g}; "
            f"{verdict_phrase('ruled out')} when two one-sided tests show that a 10-point SSI "
            "rise (2.5 points of a pillar) goes with less than the smallest effect that matters "
            "at every lag (by default "
            + ", ".join(f"±{100 * v:.0f} % of {k}" for k, v in DEFAULT_BOUND.items())
            + "). ["
            + CITATIONS["schuirmann"]
            + "] A lag is named only when the data "
            "singles it out; otherwise the page gives the range of lags it cannot tell apart.",
            "Between sellers: the correlation of sellers' averages (n = sellers), reported "
            "apart: it compares different people and says nothing about what raising one "
            "seller's SSI does.",
            "Each seller on their own: prewhitened test of their own series (as for one "
            "person), adjusted across every seller and lag. [" + CITATIONS["prewhitening"] + "]",
            f'Power planner: the chance this page says "{verdict_phrase("linked")}" — a t '
            "test at α divided by "
            "the tests of one question's family (its Benjamini-Hochberg adjustment with one "
            f"true link), a noncentral t on the effective number of independent seller-{unit}s; "
            "checked against simulation of the adjusted verdict (within ±0.05). It is stated "
            "for within-seller correlations, not for % per 10 SSI points.",
        ]
    else:
        lines += [
            "Prewhitening: each score's own persistence (an AR filter chosen by AIC, or an "
            "AR(1) fitted over missing periods) is removed from both series before the "
            "correlation is tested, so trends do not make unrelated series look linked. ["
            + CITATIONS["prewhitening"]
            + "] Effective sample sizes for persistence follow the same reasoning. ["
            + CITATIONS["pyper"]
            + "]",
        ]
    if team:  # each seller's own answer (seller_answers), below the team's verdicts
        verdict_lines = [
            "Each seller: one family, every score × outcome × lag × seller tested adjusted "
            f"together (Benjamini-Hochberg); {verdict_phrase('linked')} means adjusted p < "
            f"{alpha:g}. [" + CITATIONS["bh"] + "]",
            "Each seller's own answer: two one-sided tests show the correlation is inside "
            f"±{bound:g} at every lag (intersection-union). [" + CITATIONS["tost"] + "] The "
            "bound ±0.3 is the usual line between a small and a moderate correlation. ["
            + CITATIONS["cohen"]
            + "]",
        ]
    else:  # one person: answers() (issue 22)
        verdict_lines = [
            "One family per question (reach, replies, pipeline, revenue): each score × outcome "
            "folds its lags with Simes' test, and the question's cells are adjusted together "
            f"(Benjamini-Hochberg); {verdict_phrase('linked')} means adjusted p < {alpha:g}. ["
            + CITATIONS["bh"]
            + "]",
            f"{verdict_phrase('ruled out', start=True)}, in the outcome's units: two one-sided "
            "tests show that a sustained "
            "10-point rise in SSI (2.5 in a pillar) goes with less than the question's smallest "
            "effect that matters ("
            + ", ".join(
                f"±{DEFAULT_BOUND[q] * 100:.0f} % of {q} over {DEFAULT_HORIZON[q] + 1} weeks"
                for q in QUESTIONS
            )
            + "), from the effect of the score's mean over the horizon on the outcome. ["
            + CITATIONS["tost"]
            + "]",
        ]
    lines += [
        *verdict_lines,
        *(
            [
                f"By {group_by}: the within-seller answer of each group of sellers (at least "
                "4 sellers), every group × score × outcome × lag adjusted together as one "
                "family (Benjamini-Hochberg), apart from the whole team's family; a group's "
                "verdict is read as the team's is. [" + CITATIONS["bh"] + "] The groups are "
                "said to differ only when a test of the difference (a slope per group, its "
                "Wald test of equal slopes) finds one. [" + CITATIONS["gelman"] + "]"
            ]
            if group_by
            else []
        ),
        "Forking paths: "
        + (
            "the SSI answers were computed again counting by month and on the raw scale; any "
            "answer that changed is flagged."
            if forks
            else "not checked in this run (the report counts by one frequency only"
            + (f", or the team has more than {FORK_PEOPLE} sellers)." if team else ").")
        ),
        "A correlation cannot show cause; gaps are gaps (a missing period is never zero).",
    ]
    return lines


def group_parts(done: Analysis) -> tuple[pd.DataFrame, list]:
    """Lay each group of sellers' answer out (``--group-by``): (table, report blocks).

    The statistics are ``done.team.groups``, computed by the analysis with
    :func:`~ssi_analysis.stats.groups.group_answers` (one family over every group); here one
    plain sentence per group and a table of the SSI answers.
    """
    from ssi_analysis.present.page import bullet_list, table, text
    from ssi_analysis.present.words import UNIT_WORDS
    from ssi_analysis.stats.groups import MIN_GROUP_PEOPLE, TOO_FEW

    panel, currency, result = done.panel, done.currency, done.team.groups.table
    groups, group_by = done.loaded.groups, done.loaded.group_by
    unit = UNIT_WORDS[done.choices.freq]
    blocks: list = []
    left = sorted(set(panel["person"]) - {p for p, g in groups.items() if _has_group(g)})
    blocks.append(
        text(
            f"By {group_by}: the same within-seller question for each group of sellers, "
            f"adjusted as one family over every group, score, outcome and lag (each group's "
            f"answer is one more chance of a lucky link). A group needs at least "
            f"{MIN_GROUP_PEOPLE} sellers for an answer of its own."
            + (
                f" {len(left)} seller{'s' if len(left) != 1 else ''} without a {group_by} "
                "value count in the whole team's answer only."
                if left
                else ""
            )
        )
    )
    sentences = []
    for group, rows in result.groupby("group", sort=True):
        n = int(rows["group_people"].iloc[0])
        if (rows["verdict"] == TOO_FEW).all():
            sentences.append(str(rows["sentence"].iloc[0]))
            continue
        own = rows[rows["score"] == "ssi"] if (rows["score"] == "ssi").any() else rows
        said = []
        for verdict in ("linked", "ruled out", "inconclusive"):
            names = [_money(o, currency) for o in own.loc[own["verdict"] == verdict, "outcome"]]
            if names:
                said.append(f"{VERDICT_WORDS[verdict]}: {', '.join(names)}")
        score = label(str(own["score"].iloc[0]))
        sentences.append(
            f"{group} ({n} sellers), {score} within each seller — " + "; ".join(said) + "."
        )
    blocks.append(bullet_list(sentences))
    blocks[-1].caption = f"Each {group_by}, in one sentence"
    answered = result[result["verdict"] != TOO_FEW]
    if len(answered):
        own = answered[answered["score"] == "ssi"] if "ssi" in set(answered["score"]) else answered
        # Whether the groups differ: said from the test of the difference only.
        pairs = own.drop_duplicates(["outcome", "score"])
        differ = differ_lines(pairs[pairs["differ_sentence"].notna()].to_dict("records"))
        if len(differ):
            blocks.append(bullet_list(differ))
            blocks[-1].caption = f"Do the {group_by} groups differ?"
        shown = own[
            [
                "group",
                "outcome",
                "verdict",
                "lag",
                "effect_pct",
                "effect_low_pct",
                "effect_high_pct",
                "p_adj",
            ]
        ].copy()
        shown["outcome"] = shown["outcome"].map(lambda o: _money(o, currency))
        shown["verdict"] = shown["verdict"].map(VERDICT_WORDS)
        # the lags a row's effect covers (0-4 for a window), as the team's own table says
        shown["lag"] = [_lag_span(row) for row in own.to_dict("records")]
        shown.columns = [
            group_by, "outcome", "answer", f"lag ({unit}s)", "% per 10 SSI points", "from",
            "to", "adjusted p",
        ]  # fmt: skip
        level = own["ci_level"].dropna()
        said = f"{level.iloc[0]:g} % interval" if len(level) else "interval"
        blocks.append(
            table(
                shown,
                caption=f"Within sellers, by {group_by} (SSI; from and to: the {said})",
                digits=1,
            )
        )
    return result, blocks


def _has_group(value: object) -> bool:
    return value is not None and value == value and str(value).strip() != ""


def _money(outcome: str, currency: str | None) -> str:
    from ssi_analysis.names import MONEY_METRICS

    words = label(outcome)
    return f"{words} ({currency})" if currency and outcome in MONEY_METRICS else words
