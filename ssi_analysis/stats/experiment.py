"""Your own experiment: a randomised switchback (n-of-1) schedule and its randomisation test.

Correlation on one person's history cannot say *why* two series move together. Varying one's
own activity on a random schedule can: the weeks are cut into blocks, each block gets one arm
("usual", "more") at random, and the weeks of one arm are compared with the weeks of the other
(an n-of-1 trial, Kravitz & Duan 2014; a switchback experiment, Bojinov, Simchi-Levi & Zhao
2023).

The design (:func:`schedules`, :func:`design`)
    ``weeks / block`` blocks, as many of each arm (balanced), drawn uniformly among the
    sequences in which no arm runs more than two blocks in a row (so a slow season cannot
    coincide with one arm). The randomiser shuffles the balanced sequence and redraws until the
    restriction holds (rejection sampling: every allowed sequence is equally likely).
The test (:func:`experiment`)
    The statistic is the difference between the arms' weekly means. Its randomisation
    distribution is the statistic under every schedule the plan could have drawn (all of them
    when there are at most :data:`EXACT_LIMIT`, else :data:`DRAWS` draws from the same
    randomiser, p with the +1 correction), for the outcomes as observed: under "the arm
    changes nothing" the outcomes would have been the same whatever schedule was drawn, so the
    p-value is exact whatever the outcome's autocorrelation or trend (Edgington & Onghena,
    *Randomization Tests*, 4th ed. 2007, ch. 11). The interval inverts the test under a
    constant shift: it holds the shifts ``d`` for which "the arm adds ``d`` a week" is not
    rejected. A design with too few schedules cannot reach ``alpha`` at all: its interval is
    unbounded and the verdict says the plan was too short.
Carry-over
    ``washout`` weeks at the start of each block whose arm differs from the block before
    (the weeks before the first block count as the first arm, "usual") are left out of both
    means, under every schedule alike.

Everything here is written by hand: no well-kept library offers a restricted block
randomisation test (scipy's ``permutation_test`` permutes observations, not a design's blocks).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems, SSIDataError, number, one_of, validate_params, whole
from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.stats._core import LEVEL

__all__ = [
    "DRAWS",
    "EXACT_LIMIT",
    "Design",
    "ExperimentResult",
    "design",
    "detectable_change",
    "draw_blocks",
    "experiment",
    "experiment_power",
    "family_p",
    "schedules",
]

MAX_RUN = 2  # no arm runs more than two blocks in a row
EXACT_LIMIT = 10_000  # enumerate every schedule when they number at most this
DRAWS = 9_999  # otherwise: this many draws from the randomiser (p = (1 + hits) / (1 + draws))
PLAN_DRAWS = 999  # draws the planner uses for such a design
SCHEDULE_COLUMNS = (
    "block",
    "start",
    "end",
    "arm",
    "seed",
    "arms",
    "block_weeks",
    "blocks",
    "weeks",
)
_SEP = "|"


# ---------------------------------------------------------------- the parameters

#: What each parameter of this module's public functions may be, declared once: the planner's
#: two functions (:func:`experiment_power`, :func:`detectable_change`) share their list.
#: Checks that tie parameters together (weeks a multiple of block, washout shorter than a
#: block) stay in :func:`_check_design` and the functions, which name themselves.
RULES = {
    "change": number(-1, closed="neither", hint="(0.3 = 30 % more)"),
    "weeks": whole(1, what="a whole number of weeks"),
    "block": whole(1, what="a whole number of weeks"),
    "cv": number(0, hint="(the weekly values' standard deviation / their mean, e.g. 0.2)"),
    "phi": number(-1, 1, hint="(the week-to-week autocorrelation, e.g. 0.3)"),
    "washout": whole(0, what="a whole number of weeks"),
    "alpha": LEVEL,
    "power": LEVEL,
    "reps": whole(1),
    "seed": whole(0),
    "edited": one_of("refuse", "flag"),
}


def _rules(*names: str) -> dict:
    return {name: RULES[name] for name in names}


PLAN = ("weeks", "block", "cv", "phi", "washout", "alpha")


# ---------------------------------------------------------------- the design


def _check_design(who: str, weeks, block, arms) -> tuple[int, int, tuple[str, ...]]:
    """Validate weeks, block and arms; return (blocks, block, arms)."""
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or weeks < 1:
        raise ValueError(f"{who}: weeks must be a whole number of weeks >= 1; got {weeks!r}.")
    if isinstance(block, bool) or not isinstance(block, (int, np.integer)) or block < 1:
        raise ValueError(f"{who}: block must be a whole number of weeks >= 1; got {block!r}.")
    arms = tuple(str(a).strip() for a in arms) if not isinstance(arms, str) else ()
    if len(arms) != 2 or len(set(arms)) != 2 or any(not a or _SEP in a for a in arms):
        raise ValueError(
            f"{who}: arms must be two different non-empty names without {_SEP!r}, the usual "
            f"one first, e.g. ('usual', 'more'); got {arms!r}."
        )
    if weeks % block:
        raise ValueError(
            f"{who}: weeks ({weeks}) must be a multiple of block ({block}); try weeks="
            f"{weeks - weeks % block} or {weeks + block - weeks % block}."
        )
    blocks = weeks // block
    if blocks < 4 or blocks % 2:
        raise ValueError(
            f"{who}: weeks / block must give an even number of blocks, at least 4 (as many of "
            f"each arm); got {weeks} / {block} = {blocks} blocks."
        )
    return blocks, int(block), arms


def _max_run(assign: np.ndarray) -> np.ndarray:
    """Longest run of one arm in each row of a (schedules x blocks) array."""
    assign = np.atleast_2d(assign)
    best = np.ones(len(assign), dtype=int)
    run = np.ones(len(assign), dtype=int)
    for j in range(1, assign.shape[1]):
        run = np.where(assign[:, j] == assign[:, j - 1], run + 1, 1)
        best = np.maximum(best, run)
    return best


@functools.lru_cache(maxsize=32)
def _completions(blocks: int) -> np.ndarray:
    """Count the allowed ways to finish a schedule from each state.

    ``table[z, o, last, run]``: with ``z`` blocks of the first arm and ``o`` of the second
    placed, the last placed being ``last`` in a run of ``run``, how many allowed endings
    there are (float: the counts outgrow int64 beyond about 130 blocks).
    """
    half = blocks // 2
    table = np.zeros((half + 1, half + 1, 2, MAX_RUN + 1))
    for placed in range(blocks, 0, -1):
        for z in range(max(0, placed - half), min(half, placed) + 1):
            o = placed - z
            for last, run in itertools.product((0, 1), range(1, MAX_RUN + 1)):
                if placed == blocks:
                    table[z, o, last, run] = 1.0
                    continue
                total = 0.0
                for arm in (0, 1):
                    length = run + 1 if arm == last else 1
                    z2, o2 = z + (arm == 0), o + (arm == 1)
                    if length <= MAX_RUN and z2 <= half and o2 <= half:
                        total += table[z2, o2, arm, length]
                table[z, o, last, run] = total
    return table


def draw_blocks(blocks: int, rng: np.random.Generator, size: int | None = None) -> np.ndarray:
    """Draw block assignments (0 = first arm, 1 = second) from the plan's randomiser.

    Every balanced sequence with no arm more than two blocks in a row is equally likely: each
    block takes an arm with probability proportional to the number of allowed ways to finish
    the schedule after it (sequential sampling from exact counts, so no draw is rejected).
    ``size=None`` gives one sequence.
    """
    table = _completions(blocks)
    half = blocks // 2
    n = 1 if size is None else int(size)
    out = np.empty((n, blocks), dtype=np.int8)
    z = np.zeros(n, dtype=int)
    o = np.zeros(n, dtype=int)
    last = np.zeros(n, dtype=int)
    run = np.zeros(n, dtype=int)
    u = rng.random((n, blocks))
    for j in range(blocks):
        ways = []
        for arm in (0, 1):
            length = np.where((last == arm) & (run > 0), run + 1, 1)
            z2, o2 = z + (arm == 0), o + (arm == 1)
            ok = (length <= MAX_RUN) & (z2 <= half) & (o2 <= half)
            ways.append(
                np.where(
                    ok,
                    table[
                        np.minimum(z2, half), np.minimum(o2, half), arm, np.minimum(length, MAX_RUN)
                    ],
                    0.0,
                )
            )
        pick = (u[:, j] * (ways[0] + ways[1]) >= ways[0]).astype(int)
        out[:, j] = pick
        run = np.where((last == pick) & (run > 0), run + 1, 1)
        last = pick
        z, o = z + (pick == 0), o + (pick == 1)
    return out[0] if size is None else out


def _enumerate(blocks: int) -> np.ndarray:
    """Every balanced sequence with no run longer than :data:`MAX_RUN` (0/1 per block)."""
    out: list[tuple[int, ...]] = []
    half = blocks // 2

    def grow(seq: list[int], ones: int, run: int) -> None:
        if len(seq) == blocks:
            out.append(tuple(seq))
            return
        for arm in (0, 1):
            used = ones if arm else len(seq) - ones
            if used >= half:
                continue
            length = run + 1 if seq and seq[-1] == arm else 1
            if length > MAX_RUN:
                continue
            seq.append(arm)
            grow(seq, ones + arm, length)
            seq.pop()

    grow([], 0, 0)
    return np.asarray(out, dtype=np.int8)


@dataclass(frozen=True)
class Design:
    """The schedules a plan could have drawn.

    Attributes
    ----------
    blocks : int
        Number of blocks.
    assignments : numpy.ndarray
        ``(schedules, blocks)`` array of 0 (first arm) and 1 (second arm).
    exact : bool
        True when ``assignments`` is every allowed schedule; False when it is :data:`DRAWS`
        draws from the randomiser.
    count : int
        How many schedules the plan could have drawn (exactly, both cases).
    """

    blocks: int
    assignments: np.ndarray
    exact: bool
    count: int

    @property
    def min_p(self) -> float:
        """The smallest two-sided p this design can give (the schedule and its mirror)."""
        if self.exact:
            return min(1.0, 2 / self.count)
        return 1 / (len(self.assignments) + 1)


def _count(blocks: int) -> int:
    """Count the balanced sequences with runs of at most two (a small dynamic programme)."""
    half = blocks // 2
    # state: (zeros used, ones used, last arm, run length) -> ways
    ways: dict[tuple[int, int, int, int], int] = {(1, 0, 0, 1): 1, (0, 1, 1, 1): 1}
    for _ in range(blocks - 1):
        nxt: dict[tuple[int, int, int, int], int] = {}
        for (z, o, last, run), w in ways.items():
            for arm in (0, 1):
                z2, o2 = z + (arm == 0), o + (arm == 1)
                length = run + 1 if arm == last else 1
                if z2 > half or o2 > half or length > MAX_RUN:
                    continue
                key = (z2, o2, arm, length)
                nxt[key] = nxt.get(key, 0) + w
        ways = nxt
    return sum(ways.values())


@functools.lru_cache(maxsize=16)
def _exact(blocks: int, count: int) -> Design:
    assignments = _enumerate(blocks)
    assignments.flags.writeable = False
    return Design(blocks, assignments, True, count)


def design(blocks: int, *, seed: int = 0, draws: int = DRAWS) -> Design:
    """Return the schedules a plan of ``blocks`` blocks could have drawn.

    Every one when they number at most :data:`EXACT_LIMIT`, else ``draws`` draws from the same
    randomiser (seeded by ``seed``).

    Examples
    --------
    >>> d = design(8)
    >>> d.count, d.exact, round(d.min_p, 3)
    (34, True, 0.059)
    """
    if blocks < 4 or blocks % 2:
        raise ValueError(f"design: blocks must be even and at least 4; got {blocks!r}.")
    count = _count(blocks)
    if count <= EXACT_LIMIT:
        return _exact(blocks, count)
    rng = np.random.default_rng([seed, 28])
    return Design(blocks, draw_blocks(blocks, rng, draws), False, count)


@validate_params(_rules("seed"))
def schedules(
    weeks: int,
    block: int = 2,
    arms: tuple[str, str] = ("usual", "more"),
    seed: int = 0,
    *,
    start: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Draw a balanced block schedule: one row per block.

    Parameters
    ----------
    weeks : int
        Length of the experiment in weeks (a multiple of ``block``).
    block : int
        Weeks per block.
    arms : tuple of str
        The two arms, the usual one first.
    seed : int
        The randomiser's seed; stored in every row so that an edit can be detected.
    start : date-like, optional
        The experiment's first Monday (default: the Monday of week 1 is left as a week number).

    Returns
    -------
    pandas.DataFrame
        ``block`` (1-based), ``start`` and ``end`` (the block's first Monday and last Sunday;
        when ``start`` is None, week numbers from 1), ``arm``, ``seed``, ``arms`` (both arms,
        usual first, joined by ``|``), ``block_weeks``, and the plan's totals ``blocks`` and
        ``weeks`` (in every row, so that a file cut short can be detected).

    Examples
    --------
    >>> s = schedules(16, 2, ("usual", "more"), seed=7, start="2027-01-04")
    >>> len(s), int((s["arm"] == "more").sum()), str(s["start"].iloc[1].date())
    (8, 4, '2027-01-18')
    """
    blocks, block, arms = _check_design("schedules", weeks, block, arms)
    assign = draw_blocks(blocks, np.random.default_rng(int(seed)))
    first = np.arange(blocks) * block
    if start is None:
        begin, end = first + 1, first + block
    else:
        monday = pd.Timestamp(start).normalize()
        if monday.day_of_week != 0:
            raise ValueError(
                f"schedules: start must be a Monday (weeks run Monday to Sunday); got "
                f"{monday:%Y-%m-%d}, a {monday:%A}."
            )
        begin = monday + pd.to_timedelta(first * 7, unit="D")
        end = begin + pd.Timedelta(days=7 * block - 1)
    return pd.DataFrame(
        {
            "block": np.arange(1, blocks + 1),
            "start": begin,
            "end": end,
            "arm": np.asarray(arms, dtype=object)[assign],
            "seed": int(seed),
            "arms": _SEP.join(arms),
            "block_weeks": block,
            "blocks": blocks,
            "weeks": blocks * block,
        }
    )


# ---------------------------------------------------------------- checking a schedule


def _fail(row: int | None, problem: str, fix: str) -> SSIDataError:
    """Return the error for one schedule problem, with its row (1-based, as the CSV's rows)."""
    found = Problems()
    found.add("schedule", row, None, None, problem, fix)
    where = f"schedule row {row}: " if row is not None else "schedule: "
    err = SSIDataError(found, summary="experiment: the schedule cannot be used")
    err.args = (f"experiment: {where}{problem} — {fix}",)  # no "errors='drop'" advice here
    return err


def _planned_blocks(sched: pd.DataFrame) -> int | None:
    """Return the plan's total blocks stored in the rows (None for an older file without it)."""
    if "blocks" not in sched.columns:
        return None
    total = pd.to_numeric(sched["blocks"], errors="coerce")
    if total.isna().all():
        return None
    if total.nunique() != 1 or total.isna().any() or total.iloc[0] < 1:
        return -1  # edited: never equal to the rows' count, so flagged
    return int(total.iloc[0])


def _read_schedule(schedule: pd.DataFrame, edited: str) -> tuple[pd.DataFrame, tuple, str]:
    """Check a schedule frame; return it sorted, the arms and a note on edits ('' if none)."""
    if not isinstance(schedule, pd.DataFrame):
        raise ValueError(
            "experiment: schedule must be a DataFrame with columns "
            f"{', '.join(SCHEDULE_COLUMNS)} (as plan_experiment writes it); got "
            f"{type(schedule).__name__}."
        )
    missing = [c for c in ("start", "end", "arm") if c not in schedule.columns]
    if missing:
        raise _fail(
            None,
            f"missing column(s) {', '.join(missing)}",
            "use the schedule.csv plan_experiment wrote",
        )
    sched = schedule.reset_index(drop=True).copy()
    rows = np.arange(1, len(sched) + 1)
    if len(sched) < 4:
        raise _fail(
            None,
            f"{len(sched)} block(s); a randomisation test needs at least 4",
            "plan at least 4 blocks (10 or more to be able to find anything at 5 %)",
        )
    for column in ("start", "end"):
        parsed = pd.to_datetime(sched[column], errors="coerce")
        bad = parsed.isna().to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise _fail(
                rows[i], f"{column} {sched[column].iloc[i]!r} is not a date", "write YYYY-MM-DD"
            )
        sched[column] = parsed.dt.normalize()
    if "arms" in sched.columns and sched["arms"].notna().any():
        arms = tuple(str(sched["arms"].dropna().iloc[0]).split(_SEP))
    else:
        arms = tuple(dict.fromkeys(sched["arm"].astype(str)))
    if len(arms) != 2:
        raise _fail(None, f"arms {arms!r}: the analysis compares exactly two arms", "re-plan")
    for i, arm in enumerate(sched["arm"].astype(str)):
        if arm not in arms:
            raise _fail(
                rows[i], f"unknown arm {arm!r}", f"the plan's arms are {' and '.join(arms)}"
            )
    for i in range(len(sched)):
        s, e = sched["start"].iloc[i], sched["end"].iloc[i]
        if s.day_of_week != 0 or e < s or (e - s).days % 7 != 6:
            raise _fail(
                rows[i],
                f"block {s:%Y-%m-%d} to {e:%Y-%m-%d} is not whole weeks from a Monday",
                "blocks run Monday to Sunday",
            )
    order = np.argsort(sched["start"].to_numpy(), kind="stable")
    for a, b in itertools.pairwise(order):
        prev_end, this_start = sched["end"].iloc[a], sched["start"].iloc[b]
        if this_start <= prev_end:
            raise _fail(
                rows[b],
                f"block from {this_start:%Y-%m-%d} overlaps row {rows[a]} (to {prev_end:%Y-%m-%d})",
                "each week belongs to one block",
            )
        if this_start != prev_end + pd.Timedelta(days=1):
            raise _fail(
                rows[b],
                f"a gap between row {rows[a]} (to {prev_end:%Y-%m-%d}) and this block "
                f"(from {this_start:%Y-%m-%d})",
                "the blocks must cover every week of the experiment",
            )
    if not (np.diff(order) > 0).all():
        note = "rows were not in date order"
        if edited == "refuse":
            raise _fail(
                None,
                "blocks were moved: the rows are not in date order, as the plan wrote them",
                "use the schedule as drawn; log the weeks you could not follow in 'followed'",
            )
    else:
        note = ""
    sched = sched.iloc[order].reset_index(drop=True)
    sched["_row"] = rows[order]
    if "seed" in sched.columns and sched["seed"].notna().all():
        weeks_each = ((sched["end"] - sched["start"]).dt.days + 1) // 7
        block = int(weeks_each.iloc[0])
        seeds = pd.to_numeric(sched["seed"], errors="coerce")
        total = _planned_blocks(sched)
        if seeds.nunique() != 1 or seeds.isna().any() or (weeks_each != block).any():
            drawn = None
        else:
            try:
                drawn = schedules(
                    max(total or 0, len(sched)) * block, block, arms, int(seeds.iloc[0])
                )["arm"].iloc[: len(sched)]
            except ValueError:
                drawn = None
        if drawn is None or (drawn.to_numpy() != sched["arm"].astype(str).to_numpy()).any():
            moved = (
                [
                    int(r)
                    for r, a, b in zip(sched["_row"], sched["arm"], drawn, strict=True)
                    if a != b
                ]
                if drawn is not None
                else []
            )
            text = (
                "the arms differ from what the stored seed drew"
                + (f" (rows {', '.join(map(str, moved))})" if moved else "")
                + ": the schedule was edited after randomisation"
            )
            if edited == "refuse":
                raise _fail(
                    None,
                    text,
                    "use the schedule as drawn and log the weeks you could not follow in a "
                    "'followed' column; edited='flag' analyses it anyway, flagged",
                )
            note = "; ".join(filter(None, [note, text]))
        if total is not None and total != len(sched):
            text = (
                "the 'blocks' column (the plan's total) differs between rows"
                if total < 0
                else f"the plan has {total} blocks ({total * block} weeks) but this file has "
                f"{len(sched)}: blocks were {'deleted' if total > len(sched) else 'added'} "
                "after randomisation (stopping early when it looks good makes a chance "
                "result look real)"
            )
            if edited == "refuse":
                raise _fail(
                    None,
                    text,
                    f"run the whole plan (all {max(total, 0)} blocks) and analyse it after its "
                    "last "
                    "day; log the weeks you could not follow in the 'followed' column; "
                    "edited='flag' analyses the shorter file anyway, flagged",
                )
            note = "; ".join(filter(None, [note, text]))
    elif edited == "refuse":
        raise _fail(
            None,
            "no seed column: whether the schedule was randomised cannot be checked",
            "use the schedule.csv plan_experiment wrote; edited='flag' analyses it anyway",
        )
    else:
        note = "; ".join(filter(None, [note, "no seed stored: randomisation not checked"]))
    return sched, arms, note


# ---------------------------------------------------------------- the test


def _washout_mask(assign: np.ndarray, block: int, washout: int) -> np.ndarray:
    """(schedules x weeks) True for weeks dropped: the first weeks after a change of arm."""
    assign = np.atleast_2d(assign)
    prev = np.concatenate([np.zeros((len(assign), 1), dtype=assign.dtype), assign[:, :-1]], axis=1)
    changed = assign != prev  # the weeks before the experiment count as the first arm
    within = np.tile(np.arange(block), assign.shape[1])
    return np.repeat(changed, block, axis=1) & (within < washout)[None, :]


@dataclass(frozen=True)
class _Stats:
    t: np.ndarray  # statistic under each schedule at shift 0
    c: np.ndarray  # how the statistic moves per unit of shift under each schedule
    t_obs: float
    c_obs: float


def _statistics(y: np.ndarray, weeks_arm: np.ndarray, keep: np.ndarray, observed: np.ndarray):
    """Difference of arm means for each schedule, and its slope in a constant shift.

    ``weeks_arm`` (S x W) is each schedule's arm by week, ``keep`` (S x W) the weeks it uses,
    ``observed`` (W,) the arm actually assigned.
    """
    ok = ~np.isnan(y)
    y0 = np.where(ok, y, 0.0)
    one = keep & ok[None, :] & (weeks_arm == 1)
    zero = keep & ok[None, :] & (weeks_arm == 0)
    n1, n0 = one.sum(1), zero.sum(1)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = one @ y0 / n1 - zero @ y0 / n0
        d = observed.astype(float)
        c = one @ d / n1 - zero @ d / n0
    return t, c


def _p_at(st: _Stats, shift: float, exact: bool) -> float:
    stat = np.abs(st.t - shift * st.c)
    obs = abs(st.t_obs - shift * st.c_obs)
    tol = 1e-9 * max(1.0, obs)
    hits = int(np.sum(stat >= obs - tol))
    return hits / len(st.t) if exact else (hits + 1) / (len(st.t) + 1)


def _interval(st: _Stats, alpha: float, exact: bool, scale: float) -> tuple[float, float]:
    """Invert the test: the hull of the shifts not rejected at ``alpha`` (grid, then bisection)."""
    est = st.t_obs
    span = max(scale, abs(est), 1e-12)
    grid = est + span * np.linspace(-12, 12, 161)
    accept = np.array([_p_at(st, s, exact) > alpha for s in grid])
    if not accept.any():  # only when alpha >= 1
        return est, est
    if accept[0] or accept[-1]:
        lo = -np.inf if accept[0] else None
        hi = np.inf if accept[-1] else None
        if lo is not None and hi is not None:
            return lo, hi
    idx = np.flatnonzero(accept)

    def edge(inside: float, outside: float) -> float:
        for _ in range(50):
            mid = 0.5 * (inside + outside)
            if _p_at(st, mid, exact) > alpha:
                inside = mid
            else:
                outside = mid
        return inside

    low = -np.inf if accept[0] else edge(grid[idx[0]], grid[idx[0] - 1])
    high = np.inf if accept[-1] else edge(grid[idx[-1]], grid[idx[-1] + 1])
    return float(low), float(high)


def _ratio_interval(ratio: _Stats, alpha: float, exact: bool) -> tuple[float, float]:
    """Invert the test for a relative effect: the ratios ``1 + rho`` not rejected at ``alpha``.

    Under "the arm multiplies the week's value by 1 + rho", dividing the arm's weeks by
    1 + rho gives values the schedule did not touch: ``y - kappa * y * d`` with
    ``kappa = rho / (1 + rho)`` and ``d`` the week's observed arm, so each schedule's statistic
    is again linear in ``kappa`` (:func:`_p_at`, with ``y * d`` in place of ``d``). A count or
    an amount that grows with the arm grows in proportion (a 30 % lift is 30 % of a busy week
    and of a quiet one): a shift of constant size is the wrong model for it, and its interval
    covered the simulator's known lift in 88.5 % of 200 experiments (this one: 94 %).
    ``ratio`` holds the statistics with ``c`` from ``y * d`` (:func:`_statistics`).
    Returns ``(rho_low, rho_high)``; -1 (-100 %) and inf when not bounded.
    """

    def accepted(log_ratio: float) -> bool:
        rho = np.expm1(log_ratio)
        return _p_at(ratio, rho / (1 + rho), exact) > alpha

    # log(1 + rho) from -100 % (log 0.01) to +9,900 % (log 100): a grid, then bisection
    grid = np.linspace(np.log(0.01), np.log(100.0), 121)
    c_obs = ratio.c_obs
    if c_obs and np.isfinite(c_obs) and 0 < 1 - ratio.t_obs / c_obs:  # the estimate: p = 1 there
        estimate = -np.log(1 - ratio.t_obs / c_obs)  # log(1 + rho) at kappa = t_obs / c_obs
        if grid[0] < estimate < grid[-1]:  # a narrow interval may fall between grid points
            grid = np.sort(np.append(grid, estimate))
    accept = np.array([accepted(g) for g in grid])
    if not accept.any():
        return np.nan, np.nan
    idx = np.flatnonzero(accept)

    def edge(inside: float, outside: float) -> float:
        for _ in range(40):
            mid = 0.5 * (inside + outside)
            inside, outside = (mid, outside) if accepted(mid) else (inside, mid)
        return inside

    low = -1.0 if idx[0] == 0 else float(np.expm1(edge(grid[idx[0]], grid[idx[0] - 1])))
    high = (
        np.inf
        if idx[-1] == len(grid) - 1
        else float(np.expm1(edge(grid[idx[-1]], grid[idx[-1] + 1])))
    )
    return low, high


def family_p(nulls: list[np.ndarray], p: np.ndarray, exact: bool) -> np.ndarray:
    """Adjust each measure's p for the number of measures compared, over the same schedules.

    Westfall and Young's max-T: every measure is tested on the same schedules, so under "the
    change did nothing" each schedule gives every measure's statistic at once. Each statistic
    is put on one scale (divided by its spread over the schedules); a measure's family p is
    the share of schedules whose largest scaled statistic, over all measures, is at least
    that measure's own. It allows for the measures' correlation (SSI and its pillars move
    together), which Bonferroni or Holm would treat as independent, and it is less coarse
    than the smallest p (min-p) when the schedules are few: with 24 weeks of 2-week blocks
    (208 schedules) each measure's own p is a multiple of 2/208, and nine measures' smallest p
    named a measure in 0.5 % of no-effect experiments (200) where 5 % is allowed.

    Parameters
    ----------
    nulls : list of numpy.ndarray
        Per measure, the size of its statistic under the drawn schedule, then under each
        schedule of the design (``randomisation_test``'s ``null``), the same schedules for all.
    p : numpy.ndarray
        Per measure, its own p (the family's p is never below it).
    exact : bool
        The schedules are every one the plan could draw (else random draws: p's +1).

    Returns
    -------
    numpy.ndarray
        Per measure, the family's p.

    Examples
    --------
    >>> a = np.array([3.0, 3.0, 1.0, 2.0, 0.5])  # drawn first, then the four schedules
    >>> b = np.array([0.1, 0.1, 0.4, 0.2, 0.3])
    >>> family_p([a, b], np.array([0.25, 1.0]), exact=True).tolist()
    [0.25, 1.0]
    """
    if not nulls:
        return np.array([])
    scaled = []
    for null in nulls:
        finite = null[1:][np.isfinite(null[1:])]
        spread = float(np.sqrt(np.mean(finite**2))) if len(finite) else 1.0
        scaled.append(null / (spread or 1.0))
    scaled = np.vstack(scaled)
    observed, largest = scaled[:, 0], scaled[:, 1:].max(axis=0)
    tol = 1e-9 * np.maximum(1.0, observed)
    hits = np.array([np.sum(largest >= o - t) for o, t in zip(observed, tol, strict=True)])
    out = hits / len(largest) if exact else (hits + 1) / (len(largest) + 1)
    return np.maximum(out, np.asarray(p, dtype=float))


def randomisation_test(
    y: np.ndarray,
    observed: np.ndarray,
    dsg: Design,
    *,
    block: int,
    washout: int = 0,
    alpha: float = 0.05,
    interval: bool = True,
    ratio: bool = False,
) -> dict:
    """Run the randomisation test on one weekly series (array level; see :func:`experiment`).

    Parameters
    ----------
    y : numpy.ndarray
        One value per experiment week (NaN: missing, left out under every schedule).
    observed : numpy.ndarray
        The drawn schedule, 0/1 per block.
    dsg : Design
        The schedules the plan could have drawn.
    block, washout : int
        Weeks per block; weeks dropped after each change of arm.
    alpha : float
        Level of the test and 1 - the interval's confidence.
    ratio : bool
        Also invert the test for a relative effect (``ratio_low``, ``ratio_high``: the arm's
        weeks are 1 + rho times what they would have been; for counts and amounts).

    Returns
    -------
    dict
        ``difference, ci_low, ci_high, p, weeks_arm, weeks_reference, weeks_washout,
        mean_arm, mean_reference`` (and ``ratio_low, ratio_high`` with ``ratio=True``;
        ``null``, the statistic's size under each schedule, when a p was computed).
    """
    y = np.asarray(y, dtype=float)
    observed = np.asarray(observed, dtype=np.int8)
    assign = dsg.assignments
    if not dsg.exact:  # the observed schedule is not among the draws: add it (p's +1)
        assign = np.concatenate([observed[None, :], assign])
    weeks_arm = np.repeat(assign, block, axis=1)
    keep = ~_washout_mask(assign, block, washout)
    obs_weeks = np.repeat(observed, block)
    t, c = _statistics(y, weeks_arm, keep, obs_weeks)
    obs_keep = ~_washout_mask(observed, block, washout)[0]
    t_obs, c_obs = _statistics(y, obs_weeks[None, :], obs_keep[None, :], obs_weeks)
    t_obs, c_obs = float(t_obs[0]), float(c_obs[0])
    if not dsg.exact:
        t, c = t[1:], c[1:]
    ok = ~np.isnan(y) & obs_keep
    n1, n0 = int(np.sum(ok & (obs_weeks == 1))), int(np.sum(ok & (obs_weeks == 0)))
    out = {
        "difference": t_obs,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "p": np.nan,
        "weeks_arm": n1,
        "weeks_reference": n0,
        "weeks_washout": int(np.sum(~obs_keep)),
        "mean_arm": float(np.nanmean(np.where(ok & (obs_weeks == 1), y, np.nan))) if n1 else np.nan,
        "mean_reference": float(np.nanmean(np.where(ok & (obs_weeks == 0), y, np.nan)))
        if n0
        else np.nan,
    }
    if n1 < 2 or n0 < 2 or not np.isfinite(t_obs):
        return out
    # schedules under which an arm has no week left cannot be compared: they count as extreme
    t = np.where(np.isfinite(t), t, np.inf)
    c = np.where(np.isfinite(c), c, 0.0)
    st = _Stats(t, c, t_obs, c_obs)
    out["p"] = _p_at(st, 0.0, dsg.exact)
    # the drawn schedule's |statistic|, then every schedule's: the family's p (family_p)
    out["null"] = np.abs(np.concatenate([[t_obs], t]))
    spread = float(np.nanstd(y[ok])) if ok.sum() > 1 else 1.0
    if not interval:
        return out
    out["ci_low"], out["ci_high"] = _interval(st, alpha, dsg.exact, spread or 1.0)
    if ratio:  # the same statistics with y * d in place of d (see _ratio_interval)
        yd = np.where(np.isnan(y), 0.0, y) * obs_weeks
        _, c_ratio = _statistics(y, weeks_arm, keep, yd)
        _, c_ratio_obs = _statistics(y, obs_weeks[None, :], obs_keep[None, :], yd)
        if not dsg.exact:
            c_ratio = c_ratio[1:]
        c_ratio = np.where(np.isfinite(c_ratio), c_ratio, 0.0)
        ratio_st = _Stats(t, c_ratio, t_obs, float(c_ratio_obs[0]))
        out["ratio_low"], out["ratio_high"] = _ratio_interval(ratio_st, alpha, dsg.exact)
    return out


@dataclass(frozen=True)
class ExperimentResult:
    """What :func:`experiment` found.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per measure (see :func:`experiment`'s Returns).
    arms : tuple of str
        The reference arm (usual) and the arm tested.
    weeks : int
        Weeks in the experiment.
    block : int
        Weeks per block.
    washout : int
        Weeks dropped after each change of arm.
    schedules : int
        How many schedules the plan could have drawn.
    exact : bool
        True when p counts every one of them; False when it uses :data:`DRAWS` draws.
    min_p : float
        The smallest p this design can give.
    alpha : float
    followed : float
        Share of experiment weeks the user logged as followed (NaN without a ``followed``
        column).
    edited : str
        Empty, or why the schedule is not the one the seed drew (``edited='flag'``).
    """

    table: pd.DataFrame
    arms: tuple[str, str]
    weeks: int
    block: int
    washout: int
    schedules: int
    exact: bool
    min_p: float
    alpha: float
    followed: float
    edited: str


SCORE_MEASURES = ("ssi", *PILLAR_NAMES)


def _weekly(data: pd.DataFrame, first: pd.Timestamp, weeks: int) -> pd.DataFrame:
    """Return the experiment's weeks of a one-person weekly panel, one row per week, in order."""
    if not isinstance(data, pd.DataFrame):
        raise ValueError(
            "experiment: data must be a weekly panel (ssi_analysis.align's result); got "
            f"{type(data).__name__}."
        )
    if "period" not in data.columns:
        raise ValueError(
            "experiment: data must have a 'period' column (the week's Monday), as "
            "ssi_analysis.align(scores, outcomes) gives it."
        )
    if "person" in data.columns and data["person"].nunique() > 1:
        raise ValueError(
            "experiment: data holds several people "
            f"({', '.join(map(str, data['person'].unique()[:3]))}...): an experiment is one "
            "person's; pass data[data['person'] == name]."
        )
    frame = data.copy()
    frame["period"] = pd.to_datetime(frame["period"]).dt.normalize()
    if frame["period"].duplicated().any():
        raise ValueError("experiment: data has two rows for one week; align it first.")
    weeks_index = pd.date_range(first, periods=weeks, freq="7D")
    if not frame["period"].dt.day_of_week.eq(0).all():
        raise ValueError(
            "experiment: data's periods must be weeks starting on Monday (align with freq='W')."
        )
    return frame.set_index("period").reindex(weeks_index)


@validate_params(_rules("washout", "alpha", "edited", "seed"))
def experiment(
    data: pd.DataFrame,
    schedule: pd.DataFrame,
    *,
    outcomes: tuple[str, ...] | list[str] = (),
    washout: int = 0,
    alpha: float = 0.05,
    edited: str = "refuse",
    seed: int = 0,
    primary: str | None = None,
) -> ExperimentResult:
    """Estimate the arm's effect on SSI, each pillar and each outcome; test it by randomisation.

    Parameters
    ----------
    data : pandas.DataFrame
        One person's weekly panel (:func:`ssi_analysis.align`, ``freq="W"``): ``period`` and
        the measures' columns; optionally ``followed`` (True/False per week, as the user
        logged it; or a ``followed`` column of the schedule, yes/no per block, as the printable
        plan has it). Weeks outside the schedule are ignored; a missing week stays missing (left
        out under every schedule alike).
    schedule : pandas.DataFrame
        The plan's schedule (``plan_experiment``'s ``schedule.csv``): ``block, start, end,
        arm, seed, arms, block_weeks``.
    outcomes : sequence of str
        Outcome columns to test besides SSI and the pillars (those present are tested).
    washout : int
        Weeks dropped at the start of each block whose arm differs from the block before.
    alpha : float
        Level of the test; the interval is at 1 - alpha.
    edited : {"refuse", "flag"}
        What to do with a schedule that is not the one its stored seed drew (blocks moved or
        arms changed by hand): refuse (the default), or analyse it and say so.
    seed : int
        Seeds the draws when the schedules are too many to enumerate.
    primary : str, optional
        The measure the change was meant to move, chosen when planning (the schedule's
        ``primary`` column when not given): it is tested on its own (``p_family`` = ``p``);
        the other measures form a family whose ``p_family`` allows for their number. Without
        it, every measure is in the family.

    Returns
    -------
    ExperimentResult
        ``table`` has one row per measure: ``measure``, ``kind`` (score, pillar, outcome),
        ``arm``, ``reference`` (the arms compared), ``difference`` (arm minus reference, per
        week), ``ci_low``, ``ci_high``, ``percent``, ``percent_low``, ``percent_high`` (the
        difference in % of the reference arm's weekly mean, its interval from the test of a
        proportional effect; outcomes that are never below 0 only), ``p`` (exact
        randomisation p, two-sided), ``p_family`` (the same allowing for every measure compared:
        :func:`family_p`; the primary measure's own p), ``primary`` (True for the measure
        chosen when planning), ``mean_arm``, ``mean_reference``, ``weeks_arm``,
        ``weeks_reference`` (weeks used), ``weeks_washout``, ``weeks_missing``, ``status``
        (``changed``, ``no_change_found``, ``too_short``, ``no_data``) and ``reason``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> plan = schedules(16, 2, ("usual", "more"), seed=3, start="2027-01-04")
    >>> weeks = pd.date_range("2027-01-04", periods=16, freq="7D")
    >>> more = np.repeat((plan["arm"] == "more").to_numpy(), 2)
    >>> data = pd.DataFrame({"period": weeks, "impressions": 1000 + 400 * more})
    >>> res = experiment(data, plan, outcomes=["impressions"])
    >>> row = res.table.iloc[0]
    >>> float(row["difference"]), row["status"], round(float(row["p"]), 3)
    (400.0, 'too_short', 0.059)
    """
    if isinstance(outcomes, str):
        outcomes = [outcomes]
    sched, arms, note = _read_schedule(schedule, edited)
    block_weeks = ((sched["end"] - sched["start"]).dt.days + 1) // 7
    if block_weeks.nunique() != 1:
        i = int(np.flatnonzero(block_weeks != block_weeks.iloc[0])[0])
        raise _fail(
            int(sched["_row"].iloc[i]),
            f"a block of {block_weeks.iloc[i]} weeks; the others have {block_weeks.iloc[0]}",
            "every block has the same length",
        )
    block = int(block_weeks.iloc[0])
    if washout >= block:
        raise ValueError(
            f"experiment: washout ({washout}) must be shorter than a block ({block} weeks)."
        )
    blocks = len(sched)
    if blocks % 2 or (sched["arm"] == arms[1]).sum() != blocks // 2:
        if edited == "refuse":
            raise _fail(
                None,
                f"{(sched['arm'] == arms[0]).sum()} blocks of {arms[0]!r} and "
                f"{(sched['arm'] == arms[1]).sum()} of {arms[1]!r}; the plan draws as many of each",
                "use the schedule as drawn",
            )
    weeks = blocks * block
    first = sched["start"].iloc[0]
    panel = _weekly(data, first, weeks)
    if "period" in data.columns:
        periods = pd.to_datetime(data["period"]).dt.normalize()
        for i in range(blocks):
            s, e = sched["start"].iloc[i], sched["end"].iloc[i]
            if not ((periods >= s) & (periods <= e)).any():
                raise _fail(
                    int(sched["_row"].iloc[i]),
                    f"the data has no week from {s:%Y-%m-%d} to {e:%Y-%m-%d}",
                    "the data must cover the schedule's weeks: load the exports for those "
                    f"weeks (if the plan is still running, compare after its last week, "
                    f"{sched['end'].iloc[-1]:%Y-%m-%d})",
                )
    observed = (sched["arm"].astype(str) == arms[1]).to_numpy().astype(np.int8)
    dsg = design(blocks, seed=seed)
    if not (dsg.assignments == observed).all(1).any() and dsg.exact:
        dsg = Design(blocks, np.concatenate([dsg.assignments, observed[None, :]]), True, dsg.count)
    measures = [(m, "score" if m == "ssi" else "pillar") for m in SCORE_MEASURES]
    measures += [(m, "outcome") for m in dict.fromkeys(outcomes) if m not in SCORE_MEASURES]
    unknown = [m for m, k in measures if k == "outcome" and m not in panel.columns]
    if unknown:
        raise ValueError(
            f"experiment: outcomes {unknown!r} are not columns of data; its columns are "
            f"{', '.join(map(str, data.columns))}."
        )
    if "followed" not in panel.columns and "followed" in sched.columns:
        # adherence logged on the schedule, a block at a time (the printable plan's column)
        panel["followed"] = np.repeat(sched["followed"].map(_truth_value).to_numpy(), block)
    if primary is None and "primary" in sched.columns and sched["primary"].notna().any():
        primary = str(sched["primary"].dropna().iloc[0])
    rows, nulls = [], []
    for measure, kind in measures:
        if measure not in panel.columns:
            continue
        y = pd.to_numeric(panel[measure], errors="coerce").to_numpy(dtype=float)
        # a count or an amount (never below 0) grows in proportion: its % from a ratio test
        relative = kind == "outcome" and bool(np.nanmin(y, initial=np.inf) >= 0)
        res = randomisation_test(
            y, observed, dsg, block=block, washout=washout, alpha=alpha, ratio=relative
        )
        nulls.append(res.pop("null", None))
        status, reason = _status(res, dsg, alpha)
        pct = {"percent": np.nan, "percent_low": np.nan, "percent_high": np.nan}
        ref = res["mean_reference"]
        if relative and np.isfinite(ref) and ref > 0 and "ratio_low" in res:
            pct = {
                "percent": 100 * res["difference"] / ref,
                "percent_low": 100 * res["ratio_low"],
                "percent_high": 100 * res["ratio_high"],
            }
        rows.append(
            {
                "measure": measure,
                "kind": kind,
                "arm": arms[1],
                "reference": arms[0],
                "difference": res["difference"],
                "ci_low": res["ci_low"],
                "ci_high": res["ci_high"],
                **pct,
                "p": res["p"],
                "mean_arm": res["mean_arm"],
                "mean_reference": res["mean_reference"],
                "weeks_arm": res["weeks_arm"],
                "weeks_reference": res["weeks_reference"],
                "weeks_washout": res["weeks_washout"],
                "weeks_missing": int(np.isnan(y).sum()),
                "status": status,
                "reason": reason,
            }
        )
    followed = np.nan
    if "followed" in panel.columns:
        logged = panel["followed"].map(_truth_value)
        if logged.notna().any():
            followed = float(logged.dropna().mean())
    table = pd.DataFrame(rows)
    if len(table):  # the family: every measure compared (but the primary), same schedules
        table["primary"] = table["measure"] == primary
        tested = np.array([n is not None for n in nulls]) & ~table["primary"].to_numpy()
        table["p_family"] = np.where(table["primary"], table["p"], np.nan)
        table.loc[tested, "p_family"] = family_p(
            [n for n, t in zip(nulls, tested, strict=True) if t],
            table.loc[tested, "p"].to_numpy(),
            dsg.exact,
        )
        cols = list(table.columns)
        cols.insert(cols.index("p") + 1, cols.pop(cols.index("p_family")))
        table = table[cols]
    return ExperimentResult(
        table=table,
        arms=arms,
        weeks=weeks,
        block=block,
        washout=washout,
        schedules=dsg.count,
        exact=dsg.exact,
        min_p=dsg.min_p,
        alpha=alpha,
        followed=followed,
        edited=note,
    )


def _truth_value(value) -> float:
    """Read a logged True/False (or yes/no, 1/0) as 1.0/0.0; NaN when not logged."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return np.nan
    if isinstance(value, (bool, np.bool_)):
        return float(value)
    text = str(value).strip().lower()
    if text in ("true", "yes", "y", "1", "1.0"):
        return 1.0
    if text in ("false", "no", "n", "0", "0.0"):
        return 0.0
    return np.nan


def _status(res: dict, dsg: Design, alpha: float) -> tuple[str, str]:
    if not np.isfinite(res["p"]):
        return "no_data", "fewer than two usable weeks in an arm"
    if res["p"] <= alpha:
        return "changed", "the randomisation test rejects 'no effect'"
    if dsg.min_p > alpha:
        return "too_short", (
            f"{dsg.count} possible schedules: the smallest p is {dsg.min_p:.3f} > {alpha}"
        )
    return "no_change_found", "the randomisation test does not reject 'no effect'"


# ---------------------------------------------------------------- the planner


def _contrasts(blocks: int, block: int, washout: int) -> tuple[np.ndarray, np.ndarray, Design]:
    """Each schedule's weights on the weeks (arm mean minus reference mean) and its arms.

    A design too large to enumerate is represented by :data:`PLAN_DRAWS` of its draws (the
    planner's power moves by less than its Monte Carlo error with more).
    """
    dsg = design(blocks)
    if not dsg.exact:
        dsg = Design(blocks, dsg.assignments[:PLAN_DRAWS], False, dsg.count)
    weeks_arm = np.repeat(dsg.assignments, block, axis=1)
    keep = ~_washout_mask(dsg.assignments, block, washout)
    one, zero = keep & (weeks_arm == 1), keep & (weeks_arm == 0)
    return one / one.sum(1, keepdims=True) - zero / zero.sum(1, keepdims=True), weeks_arm, dsg


@validate_params(_rules("change", *PLAN, "reps", "seed"))
def experiment_power(
    change: float,
    *,
    weeks: int,
    block: int = 2,
    cv: float,
    phi: float = 0.3,
    washout: int = 0,
    alpha: float = 0.05,
    reps: int = 2000,
    seed: int = 0,
) -> float:
    """Power of the randomisation test to find a relative change of ``change`` (simulated).

    The outcome's weekly values vary around their mean with coefficient of variation ``cv``
    and lag-one autocorrelation ``phi`` (Gaussian AR(1)); the arm multiplies the week's
    value by ``1 + change``. ``reps`` experiments are drawn from the plan's randomiser and
    tested as :func:`experiment` tests them (same statistic, same schedules, same washout);
    the draws are seeded, so the answer is repeatable and monotone in ``change``. A design
    whose smallest p is above ``alpha`` has power 0. The Monte Carlo s.e. is at most
    ``0.5 / sqrt(reps)`` (0.011 at the default).

    Parameters
    ----------
    change : float
        The relative change to find (0.3 = 30 % more in the changed arm's weeks; > -1).
    weeks, block : int
        The plan's length and its block length in weeks (as :func:`schedules` draws it):
        ``weeks / block`` blocks, an even number and at least 4.
    cv : float
        The outcome's weekly standard deviation divided by its mean (> 0).
    phi : float
        The week-to-week autocorrelation of the outcome, in (-1, 1).
    washout : int
        Weeks left out at the start of each block whose arm differs from the block before
        (shorter than a block).
    alpha : float
        The test's level, in (0, 1).
    reps, seed : int
        Simulated experiments and the seed of their draws.

    Returns
    -------
    float
        The share of the ``reps`` experiments in which the test finds the change.

    Examples
    --------
    >>> experiment_power(0.3, weeks=16, block=2, cv=0.2)
    0.0
    >>> round(experiment_power(0.3, weeks=24, block=2, cv=0.2), 1)
    0.7
    """
    blocks, block = _check_plan("experiment_power", weeks, block, washout)
    if design(blocks).min_p > alpha:
        return 0.0
    b0, b1, t0, t1, exact = _power_parts(blocks, block, float(cv), float(phi), washout, reps, seed)
    t_obs = np.abs(t0 + change * t1)
    t_all = np.abs(b0 + change * b1)
    hits = (t_all >= t_obs[:, None] - 1e-12 * np.maximum(1, t_obs[:, None])).sum(1)
    p = hits / b0.shape[1] if exact else (hits + 1) / (b0.shape[1] + 1)
    return float(np.mean(p <= alpha))


@functools.lru_cache(maxsize=32)
def _power_parts(blocks, block, cv, phi, washout, reps, seed):
    """Seeded draws for :func:`experiment_power`, split so that any change reuses them.

    Each replicate's weeks are ``base = 1 + cv * noise`` and ``(1 + change * arm) * base``
    under the drawn schedule, so every schedule's statistic is ``b0 + change * b1``.
    """
    weeks = blocks * block
    a, weeks_arm, dsg = _contrasts(blocks, block, washout)
    rng = np.random.default_rng([seed, 2028])
    noise = np.empty((reps, weeks))
    shocks = rng.standard_normal((reps, weeks))
    noise[:, 0] = shocks[:, 0]
    for t in range(1, weeks):
        noise[:, t] = phi * noise[:, t - 1] + np.sqrt(1 - phi * phi) * shocks[:, t]
    if dsg.exact:
        drawn = rng.integers(0, len(a), reps)
        w_obs, a_obs = weeks_arm[drawn], a[drawn]
    else:  # the observed schedule from the randomiser, added to the draws
        observed = draw_blocks(blocks, rng, reps)
        w_obs = np.repeat(observed, block, axis=1)
        keep = ~_washout_mask(observed, block, washout)
        one, zero = keep & (w_obs == 1), keep & (w_obs == 0)
        a_obs = one / one.sum(1, keepdims=True) - zero / zero.sum(1, keepdims=True)
    base = 1 + cv * noise
    moved = w_obs * base
    out = (
        base @ a.T,
        moved @ a.T,
        np.einsum("rw,rw->r", base, a_obs),
        np.einsum("rw,rw->r", moved, a_obs),
        dsg.exact,
    )
    for array in out[:4]:
        array.flags.writeable = False
    return out


def _check_plan(who: str, weeks: int, block: int, washout: int) -> tuple[int, int]:
    """Check what ties the planner's parameters together; return (blocks, block)."""
    blocks, block, _ = _check_design(who, weeks, block, ("a", "b"))
    if washout >= block:
        raise ValueError(
            f"{who}: washout ({washout}) must be shorter than a block ({block} weeks); use "
            f"washout={block - 1} or less, or longer blocks."
        )
    return blocks, block


@validate_params(_rules(*PLAN, "power"))
def detectable_change(
    *,
    weeks: int,
    block: int = 2,
    cv: float,
    phi: float = 0.3,
    washout: int = 0,
    alpha: float = 0.05,
    power: float = 0.8,
) -> float:
    """Return the smallest relative change found with probability ``power`` (inf if none is).

    Bisection on :func:`experiment_power` (seeded draws, so the same answer every time) to
    within 0.01 (one percentage point).

    Parameters
    ----------
    weeks, block, cv, phi, washout, alpha
        As in :func:`experiment_power` (the two share one declaration of what they may be).
    power : float
        The chance of finding the change that is asked for, in (0, 1).

    Returns
    -------
    float
        The relative change (0.35 = 35 %), or ``inf`` when no change up to 10-fold is found
        that often (the design's smallest p is above ``alpha``, or the weeks vary too much).

    Examples
    --------
    >>> detectable_change(weeks=16, block=2, cv=0.2)
    inf
    >>> round(detectable_change(weeks=24, block=2, cv=0.2), 2)
    0.35
    """
    _check_plan("detectable_change", weeks, block, washout)
    kwargs = dict(weeks=weeks, block=block, cv=cv, phi=phi, washout=washout, alpha=alpha)
    if experiment_power(10.0, **kwargs) < power:
        return float("inf")
    lo, hi = 0.0, 10.0
    for _ in range(10):
        mid = 0.5 * (lo + hi)
        if experiment_power(mid, **kwargs) >= power:
            hi = mid
        else:
            lo = mid
    return float(hi)
