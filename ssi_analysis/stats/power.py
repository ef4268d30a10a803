"""How large a correlation a given amount of autocorrelated, gappy data can detect.

Both functions describe the statistic the test runs on (the correlation of the prewhitened
series, Fisher z on the test's degrees of freedom: :func:`ssi_analysis.stats.z_se`), so
"inconclusive below the detectable size" is a statement about the test that was run.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np
import pandas as pd

from ssi_analysis.errors import Rule, number, one_of, validate_params, whole
from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, QUESTIONS
from ssi_analysis.stats import _core
from ssi_analysis.stats._series import regular_frame
from ssi_analysis.stats._tdist import t_ppf, t_sf_array

__all__ = [
    "EffectPower",
    "Variation",
    "effect_needed",
    "effect_power",
    "min_detectable_r",
    "power",
    "team_effect_needed",
    "team_effect_power",
    "team_effect_r",
    "team_needed",
    "team_outcome_cv",
    "team_outcome_excess",
    "team_power",
]

_STATIONARY = 0.999  # a random walk is treated as AR(1) φ = 0.999, as the gap filter fits it


def seen_r(r: float, *, phi_x: float = 0.0, missing: float = 0.0) -> float:
    """Return the correlation the prewhitened test sees when the innovations correlate at r.

    Each series goes through its own filter (the score's AR(p), the outcome's own AR(1): see
    :func:`~ssi_analysis.stats._core.filter_outcome`), so without gaps the filtered pair
    correlates at r itself whatever the two persistences. With a fraction ``missing`` of x's
    periods missing at random, x's innovation after a gap of h periods sums h shocks: the pair
    correlates at
    r / √((1 − φx^2h)/(1 − φx²)), averaged over the geometric gap lengths.

    Examples
    --------
    >>> seen_r(0.3, phi_x=0.5), round(seen_r(0.3, phi_x=0.9, missing=0.5), 3)
    (0.3, 0.25)
    """
    px = float(np.clip(phi_x, -_STATIONARY, _STATIONARY))
    scale = 1.0
    if missing > 0:
        h = np.arange(1, 400)
        weight = (1 - missing) * missing ** (h - 1)  # gap length before an observed period
        spread = np.sqrt((1 - px ** (2 * h)) / (1 - px * px)) if px else np.ones(len(h))
        scale *= float(np.sum(weight / spread) / np.sum(weight))
    return float(r * scale)


def power(
    n: int,
    *,
    r: float,
    phi_x: float = 0.0,
    phi_y: float = 0.0,
    missing: float = 0.0,
    alpha: float = 0.05,
    lags: int = 1,
    cells: int = 1,
) -> float:
    """Chance that :func:`~ssi_analysis.correlate`'s test detects a true link of size ``r``.

    With ``lags`` and ``cells`` it is the chance of the *verdict* "linked" of
    :func:`~ssi_analysis.answers`: the link sits at one of ``lags`` lags scanned (Simes
    within the cell) and the cell is one of ``cells`` score × outcome cells of its question
    (Benjamini-Hochberg across them). With the other lags and cells empty, the link is found
    when its p is below α / (lags × cells) — a slight underestimate where neighbouring lags
    also carry the link (checked against the simulated verdict in the test suite).

    Parameters
    ----------
    n : int
        Periods with the outcome known (the score may miss some of them, see ``missing``).
    r : float
        The true correlation of the two series' innovations (their week-to-week surprises)
        at the tested lag: the quantity the prewhitened test estimates.
    phi_x, phi_y : float
        Lag-1 autocorrelations of the score and the outcome (AR(1) coefficients; 1 for a
        random walk).
    missing : float
        Fraction of the score's periods missing *at random*, in [0, 1). Gaps on a fixed
        pattern are not modelled: for a score captured every other week (``missing=0.5``,
        φ 0.9, 156 weeks, r 0.35) the test's simulated power was 0.63 where this returns 0.73
        -- treat the figure as an upper bound for such logs.
    alpha : float
        Significance level of the two-sided test.
    lags, cells : int
        Lags scanned and cells in the question's family (default 1 each: one pre-chosen
        test). The report scans 5 lags; a question holds 5 scores × its outcomes.

    Returns
    -------
    float
        Power of the Fisher-z test on the df the test would have (n(1 − missing) pairs, minus
        3 (the mean, each series' line), minus both filters' orders) at the correlation it
        would see (:func:`seen_r`).
        Checked against the simulated power of ``correlate`` in the test suite (±0.05).
        Optimistic for a very persistent score on short series (52 weeks, φx 0.9: 0.755
        simulated, 0.819 here), where estimating the filter shrinks the tested r.

    Examples
    --------
    >>> round(power(88, r=0.3), 2)  # 88 independent weeks: 80 % power for r = 0.3
    0.8
    >>> round(power(103, r=0.3, phi_x=0.5, phi_y=0.5), 2)  # persistence filtered out
    0.86
    >>> round(power(156, r=0.35, phi_x=0.7, phi_y=0.7, missing=0.35), 2)
    0.91
    >>> round(power(104, r=0.35, lags=5), 2)  # the verdict: five lags scanned
    0.8
    """
    _core.check_fraction("power", "alpha", alpha)
    _core.check_integer("power", "n", n)
    if n < _core.MIN_PAIRS:
        raise ValueError(
            f"power: n must be at least {_core.MIN_PAIRS} periods (the test refuses fewer); "
            f"got {n!r}."
        )
    if not -1 < r < 1:
        raise ValueError(f"power: r must be a correlation strictly between -1 and 1; got {r!r}.")
    for name, phi in (("phi_x", phi_x), ("phi_y", phi_y)):
        if not -1 < phi <= 1:
            raise ValueError(
                f"power: {name} must be an AR(1) coefficient in (-1, 1), or 1 for a random "
                f"walk; got {phi!r}."
            )
    if not 0 <= missing < 1:
        raise ValueError(f"power: missing must be a fraction in [0, 1); got {missing!r}.")
    for name, count in (("lags", lags), ("cells", cells)):
        _core.check_integer("power", name, count)
        if count < 1:
            raise ValueError(f"power: {name} must be 1 or more; got {count!r}.")
    # The test fits both filters by AIC (the score's up to 4 lags, the outcome's up to 1):
    # one lag each is counted even for white series, where AIC still picks some lags (on 52
    # white weeks, r 0.4, counting none overstated the simulated power by 0.05).
    order = 2
    df = n * (1 - missing) - 3 - order
    r_seen = seen_r(r, phi_x=phi_x, missing=missing)
    # power_on_df is a normal approximation on the Fisher-z scale: finite at any size
    return _core.power_on_df(r_seen, df, alpha / (lags * cells))


def min_detectable_r(
    data: pd.DataFrame, *, x: str, y: str, lag: int = 0, power: float = 0.8, alpha: float = 0.05
) -> pd.DataFrame:
    """Find the smallest correlation this data's test could detect.

    Parameters
    ----------
    data : pandas.DataFrame
        One person's periods (see :func:`ssi_analysis.correlate`).
    x, y : str
        The two columns.
    lag : int
        As in :func:`ssi_analysis.correlate`.
    power : float
        The wanted chance of detection, in (0, 1).
    alpha : float
        Significance level, in (0, 1).

    Returns
    -------
    pandas.DataFrame
        One row: ``x, y, lag, n`` (pairs the test uses), ``df`` (its degrees of freedom),
        ``n_eff`` (= df + 2, the equivalent number of independent pairs), ``phi_x, phi_y``
        (lag-1 autocorrelations, descriptive), ``power``, ``alpha``, ``r_detectable`` (the
        smallest tested |r| detected with that power: the ``r_detectable`` of
        :func:`~ssi_analysis.correlate` at that power), ``status`` and ``note`` (why there is
        no answer, e.g. a constant score). A non-significant result on this data means
        "inconclusive below r_detectable", not "no relationship".

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=52, freq="W-MON"),
    ...                      "ssi": rng.normal(size=52), "replies": rng.normal(size=52)})
    >>> round(float(min_detectable_r(data, x="ssi", y="replies")["r_detectable"].iloc[0]), 1)
    0.4
    """
    _core.check_integer("min_detectable_r", "lag", lag)
    _core.check_fraction("min_detectable_r", "power", power)
    _core.check_fraction("min_detectable_r", "alpha", alpha)
    frame, _ = regular_frame(data, [x, y], who="min_detectable_r")
    xs, ys = frame[x].to_numpy(), frame[y].to_numpy()
    res = _core.pair_test(xs, ys, lag=int(lag), alpha=alpha)
    ok = res.status == "ok"
    return pd.DataFrame(
        [
            {
                "x": x,
                "y": y,
                "lag": int(lag),
                "n": res.n,
                "df": res.df,
                "n_eff": res.df + 2 if ok else np.nan,
                "phi_x": float(_core.autocorrelation(xs, 1)[0]),
                "phi_y": float(_core.autocorrelation(ys, 1)[0]),
                "power": power,
                "alpha": alpha,
                "r_detectable": (
                    _core.detectable_on_df(res.df, alpha=alpha, power=power) if ok else np.nan
                ),
                "status": res.status,
                "note": res.note,
            }
        ]
    )


def _team_noncentrality(people: int, weeks: int, r: float, phi: float) -> tuple[float, int]:
    """Noncentrality and df of the within-person t test of :func:`team_effect`.

    Hand-written (no library has the power of a two-way fixed-effects slope with
    autocorrelated residuals and a cluster jackknife): the slope on the demeaned values is
    Σ x̃ ẽ / Σ x̃²; with the score and the outcome's own noise AR(1) at ``phi``, demeaned over
    a person's ``weeks`` by M = I − 11'/T, its variance is tr(A²) / tr(A)² per person,
    A = M Σ M, Σ_st = φ^|s−t| (the autocovariances of the products). That gives an effective
    number of independent person-weeks (people − 1) tr(A)² / tr(A²): the period effects
    take one person's worth. The jackknife (CR3) standard error is conservative with few
    people; the factor (G − 1)/G brings the formula to the simulated power of
    :func:`team_effect` within ±0.05 from 10 people up (tests/test_team_power.py).
    """
    t = np.arange(weeks)
    cov = float(phi) ** np.abs(t[:, None] - t[None, :])
    centred = cov - cov.mean(axis=0, keepdims=True)
    centred = centred - centred.mean(axis=1, keepdims=True)
    n_eff = (people - 1) * np.trace(centred) ** 2 / np.sum(centred * centred)
    n_eff *= (people - 1) / people
    return float(r / np.sqrt(1 - r * r) * np.sqrt(n_eff)), people - 1


#: The largest number of people and of weeks the team planner answers for.
TEAM_MAX_PEOPLE = 5000
TEAM_MAX_WEEKS = 520


def _optional(rule: Rule) -> Rule:
    """Return the same rule, passed by None too (a plan's "not given")."""
    return replace(rule, test=lambda value: value is None or rule.test(value))


def _correlation(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and 0 < abs(value) < 1


#: The planners' parameters, declared once (``errors.validate_params``: a wrong value names
#: the planner called, the parameter, what is allowed and the value given).
PLAN_RULES: dict[str, Rule] = {
    "people": whole(3, TEAM_MAX_PEOPLE),
    "weeks": whole(4, TEAM_MAX_WEEKS),
    "r": Rule(_correlation, "a correlation between -1 and 1, not 0"),
    "phi": number(0, 1, closed="left", what="an AR(1) coefficient in [0, 1)"),
    "outcome_phi": number(0, 1, closed="left", what="a lag-1 autocorrelation in [0, 1)"),
    "alpha": _core.LEVEL,
    "power": replace(_core.LEVEL, allowed="a number between 0 and 1 (e.g. 0.8)"),
    "tests": replace(
        whole(1), allowed="a whole number of at least 1 (the tests the verdict is adjusted over)"
    ),
    "score_sd": number(0, what="a positive number"),
    "outcome_cv": number(0, what="a positive number"),
    "rise": number(0, what="a positive number of score points"),
    "lags": whole(1, 53),
    "horizon": whole(0, 52),
    "cells": whole(1, 10_000),
    "effect": number(
        -1,
        10,
        closed="right",
        what="a share of the outcome per rise, above -1 (-100 %) and at most 10 (+1000 %)",
    ),
    "verdict": one_of("linked", "ruled out"),
    "question": _optional(one_of(*QUESTIONS)),
}


def _rules(*names: str, **more: Rule) -> dict[str, Rule]:
    return {**{name: PLAN_RULES[name] for name in names}, **more}


#: A search's counts: the one not given is the one it finds.
_SEARCH = {name: _optional(PLAN_RULES[name]) for name in ("people", "weeks")}


def _one_count(who: str, people: int | None, weeks: int | None) -> None:
    """Refuse a search given both or neither of the team's two counts."""
    if (people is None) == (weeks is None):
        raise ValueError(
            f"{who}: give exactly one of people= (to find the weeks needed) and weeks= "
            f"(to find the people needed); got people={people!r}, weeks={weeks!r}."
        )


def _fewest(
    reach: Callable[[int], float], power: float, low: int, high: int, *, double: bool = False
) -> int | None:
    """Return the smallest k in [low, high] whose ``reach(k)`` is at least ``power``.

    Every planner's chance rises with its count, so a bisection finds it (hand-written:
    ``scipy.optimize`` has no search over whole numbers). ``double``: try low, 2·low, …
    first, cheaper where the answer is small. None when even ``high`` falls short.
    """
    if double:
        top, high = high, low
        while reach(high) < power:
            if high >= top:
                return None
            low, high = high, min(2 * high, top)
    elif reach(high) < power:
        return None
    while low < high:
        mid = (low + high) // 2
        if reach(mid) >= power:
            high = mid
        else:
            low = mid + 1
    return int(high)


def _t_power(delta: float, df: int, level: float) -> float:
    """Two-sided power of a t test at noncentrality ``delta``, never NaN.

    scipy's noncentral t returns NaN at some large noncentralities (80 people × 52 weeks, r
    0.2: δ ≈ 13; 2 df at δ = 8). There the same power is integrated directly: T = (Z + δ)
    / √(V/df) with V chi-square, so the power is E_V[Φ(δ − c√(V/df)) + Φ(−δ − c√(V/df))],
    one quadrature over V (a normal approximation instead was off by 0.1 at 2 df).
    """
    from scipy import integrate, stats

    crit = stats.t.ppf(1 - level / 2, df)
    with np.errstate(all="ignore"):
        exact = float(stats.nct.sf(crit, df, delta) + stats.nct.cdf(-crit, df, delta))
    if np.isfinite(exact) and 0 <= exact <= 1:
        return exact

    def given(v: float) -> float:
        c = crit * np.sqrt(v / df)
        return stats.chi2.pdf(v, df) * (stats.norm.cdf(delta - c) + stats.norm.cdf(-delta - c))

    low, high = stats.chi2.ppf([1e-12, 1 - 1e-12], df)
    value, _ = integrate.quad(given, low, high, limit=200)
    return float(np.clip(value, 0.0, 1.0))


@validate_params(_rules("people", "weeks", "r", "phi", "alpha", "tests"))
def team_power(
    *,
    people: int,
    weeks: int,
    r: float,
    phi: float = 0.5,
    alpha: float = 0.05,
    tests: int = 1,
) -> float:
    """Chance that a team's within-person answer says "linked" for a link of size r.

    Parameters
    ----------
    people : int
        Sellers, each with ``weeks`` periods (3 to 5,000).
    weeks : int
        Periods per seller (4 to 520).
    r : float
        The true within-person correlation: of a seller's score and outcome once their own
        usual level and the team's week-to-week swings are taken out.
    phi : float
        Lag-1 autocorrelation of each seller's score and of the outcome's own noise around
        those levels (0.5: a typical weekly activity score).
    alpha : float
        Two-sided significance level.
    tests : int
        The tests the verdict is adjusted over: the report's family for the question
        (scores × outcomes × lags; 25 for SSI and four pillars at lags 0-4 on one outcome).
        Its "linked" needs the Benjamini-Hochberg adjusted p below alpha; with one true link
        in the family that is p below alpha/tests unless other tests are found too, so the
        power is that of the test at alpha/tests (a floor when the family holds other true
        links). Default 1: one pre-chosen test.

    Returns
    -------
    float
        Power of the t test on people − 1 df (the CR3 cluster test ``team_effect`` runs) at
        alpha/tests, from a noncentral t with the effective number of independent
        person-weeks (a normal approximation where the noncentral t cannot be computed:
        never NaN). Checked against simulation in the test suite (within ±0.05 in three
        cells of 10 to 30 people for one test, and in three cells for the adjusted verdict
        of a family); with fewer than about 8 people it overstates the power by up to 0.05.

    See Also
    --------
    team_needed : the inverse — how many sellers, or weeks, for a given power.

    Examples
    --------
    >>> round(team_power(people=12, weeks=52, r=0.2), 2)  # a year of a team of 12
    0.91
    >>> round(team_power(people=12, weeks=52, r=0.2, tests=25), 2)  # the report's family
    0.41
    >>> round(team_power(people=80, weeks=52, r=0.2), 2)  # once NaN: scipy's nct overflowed
    1.0
    """
    delta, df = _team_noncentrality(int(people), int(weeks), abs(float(r)), float(phi))
    return _t_power(delta, df, alpha / int(tests))


@validate_params(
    {**_rules("r", "phi", "alpha", "tests", "power"), **_SEARCH, "limit": _optional(whole(1))}
)
def team_needed(
    *,
    r: float,
    power: float = 0.8,
    people: int | None = None,
    weeks: int | None = None,
    phi: float = 0.5,
    alpha: float = 0.05,
    tests: int = 1,
    limit: int | None = None,
) -> int | None:
    """How many sellers (given ``weeks``) or weeks (given ``people``) find ``r`` with ``power``.

    The inverse of :func:`team_power` (same ``tests``): give exactly one of ``people`` and
    ``weeks``.

    Returns
    -------
    int or None
        The smallest number of people (or weeks) whose :func:`team_power` reaches ``power``;
        None when even ``limit`` is not enough (default: the planner's largest team, 5,000
        people, or 520 weeks).

    Examples
    --------
    >>> team_needed(r=0.2, weeks=52)  # sellers for a year of weeks
    10
    >>> team_needed(r=0.2, people=12)  # weeks for a team of 12
    38
    """
    _one_count("team_needed", people, weeks)
    top = TEAM_MAX_PEOPLE if people is None else TEAM_MAX_WEEKS
    limit = top if limit is None else min(int(limit), top)

    def reach(k: int) -> float:
        if people is None:
            return team_power(people=k, weeks=int(weeks), r=r, phi=phi, alpha=alpha, tests=tests)
        return team_power(people=int(people), weeks=k, r=r, phi=phi, alpha=alpha, tests=tests)

    return _fewest(reach, power, 3 if people is None else 4, limit, double=True)


# ---------------------------------------------------------------- planners in the verdict's units


@dataclass(frozen=True)
class Variation:
    """How one seller's score and outcome vary from week to week: what an effect's SE rests on.

    The verdict's effect (:func:`~ssi_analysis.stats._core.effect_test`) is the slope of the
    outcome, run through the score's prewhitening filter, on the mean of the score's
    innovations over the horizon. Its standard error depends on four things only, which this
    holds: how large the score's weekly surprises are (``score_sd``, in score points), the
    score's filter (``score_ar``: its AR coefficients, the same filter the test fits), and how
    much the outcome varies around its average (``outcome_cv``: sd / mean per week) and how
    persistent that variation is (``outcome_ar``, lag-1, AR(1)).

    Build it from data with :meth:`of`, or from the simulator's typical seller with
    :meth:`typical`.
    """

    score_sd: float
    score_ar: tuple[float, ...]
    outcome_cv: float
    outcome_ar: float = 0.0

    def __post_init__(self) -> None:
        for name in ("score_sd", "outcome_cv"):
            value = getattr(self, name)
            if isinstance(value, bool) or not np.isfinite(value) or not value > 0:
                raise ValueError(
                    f"Variation: {name} must be a positive number; got {value!r} (a score "
                    "that never moves, or an outcome that is always the same, gives no test)."
                )
        phi = np.asarray(self.score_ar, dtype=float)
        if phi.ndim != 1 or len(phi) > 8 or not np.all(np.isfinite(phi)):
            raise ValueError(
                f"Variation: score_ar must be up to 8 AR coefficients; got {self.score_ar!r}."
            )
        if not -1 < self.outcome_ar < 1:
            raise ValueError(
                f"Variation: outcome_ar must be a lag-1 autocorrelation in (-1, 1); got "
                f"{self.outcome_ar!r}."
            )

    @classmethod
    def of(cls, data: pd.DataFrame, *, score: str, outcome: str) -> Variation:
        """Measure a seller's variation on their own weekly data (one person's panel).

        ``score_sd`` and ``score_ar`` are those of the filter the test fits
        (:func:`~ssi_analysis.stats._core.fit_filter`); ``outcome_cv`` and ``outcome_ar``
        the outcome's sd / mean and lag-1 autocorrelation around its own line.

        Examples
        --------
        >>> from ssi_analysis.simulate import simulate
        >>> panel = simulate(seed=1, days=728).weekly()
        >>> v = Variation.of(panel, score="ssi", outcome="deals_created")
        >>> round(v.score_sd, 1), round(v.outcome_cv, 2)
        (3.2, 0.45)
        """
        frame, _ = regular_frame(data, [score, outcome], who="Variation.of")
        x = frame[score].to_numpy(dtype=float)
        y = frame[outcome].to_numpy(dtype=float)
        filt = _core.fit_filter(x)
        if filt.status != "ok":
            raise ValueError(f"Variation.of: no filter for {score}: {filt.note}")
        e = _core.apply_filter(filt, x)
        seen = np.isfinite(y)
        if (y[seen] < 0).any():
            raise ValueError(
                f"Variation.of: {outcome} has negative values, so an effect in % of its "
                "average means nothing; plan on the correlation instead (power, team_power)."
            )
        mean = float(np.mean(y[seen])) if seen.any() else np.nan
        if not mean > 0:
            raise ValueError(
                f"Variation.of: {outcome} has no positive average, so an effect in % of it "
                "means nothing; plan on the correlation instead (power, team_power)."
            )
        resid = _core.detrend(y)
        return cls(
            score_sd=float(np.nanstd(e, ddof=1)),
            score_ar=tuple(float(v) for v in np.atleast_1d(filt.phi)),
            outcome_cv=float(np.nanstd(resid, ddof=1) / mean),
            outcome_ar=float(np.clip(_core.autocorrelation(resid, 1)[0], -0.95, 0.95)),
        )

    @classmethod
    def typical(cls, score: str = "ssi", outcome: str = "deals_created") -> Variation:
        """Return the simulator's typical seller (:data:`TYPICAL_SCORE`, :data:`TYPICAL_OUTCOME`).

        Examples
        --------
        >>> Variation.typical("ssi", "revenue_won").outcome_cv
        0.99
        """
        if score not in TYPICAL_SCORE or outcome not in TYPICAL_OUTCOME:
            raise ValueError(
                f"Variation.typical: score must be one of {', '.join(TYPICAL_SCORE)} and "
                f"outcome one of {', '.join(TYPICAL_OUTCOME)}; got {score!r}, {outcome!r}. "
                "For other columns measure your own data with Variation.of."
            )
        sd, ar = TYPICAL_SCORE[score]
        cv, rho = TYPICAL_OUTCOME[outcome]
        return cls(score_sd=sd, score_ar=ar, outcome_cv=cv, outcome_ar=rho)


#: The simulator's typical seller, week by week (``simulate("ssi_not_revenue")``, two years,
#: seeds 1-3, the means rounded): each measure's sd over its mean and its lag-1
#: autocorrelation (at least 0). The one table of these figures: the experiment planner's
#: stand-in noise (``present.experiment.TYPICAL_NOISE``) and :meth:`Variation.typical`'s
#: outcomes both read it; ``tests/test_power_typical.py`` measures them again. Real sellers
#: differ: :meth:`Variation.of` and ``plan_experiment(history=...)`` measure one's own.
TYPICAL_WEEKLY = {
    "ssi": (0.09, 0.7),
    "brand": (0.15, 0.81),
    "people": (0.13, 0.65),
    "insights": (0.13, 0.63),
    "relationships": (0.09, 0.67),
    "impressions": (0.59, 0.06),
    "engagements": (0.59, 0.06),
    "new_followers": (0.39, 0.04),
    "replies": (0.49, 0.15),
    "deals_created": (0.49, 0.29),
    "pipeline_created": (0.53, 0.12),
    "deals_won": (0.84, 0.14),
    "revenue_won": (0.99, 0.09),
}
#: Each score's weekly innovation sd and AR filter (the same seller, seeds 1-3, rounded).
TYPICAL_SCORE = {
    "ssi": (3.1, (0.9, -0.2)),
    "brand": (1.3, (0.9, -0.2)),
    "people": (0.9, (0.8, -0.3)),
    "insights": (1.2, (0.7, -0.2)),
    "relationships": (1.3, (0.8, -0.3)),
}
#: The outcomes :meth:`Variation.typical` knows: :data:`TYPICAL_WEEKLY`'s (``replies_received``,
#: an archive's name, is the simulator's ``replies``).
TYPICAL_OUTCOME = {
    name: TYPICAL_WEEKLY["replies" if name == "replies_received" else name]
    for name in (
        "impressions",
        "replies_received",
        "deals_created",
        "pipeline_created",
        "deals_won",
        "revenue_won",
    )
}


class EffectPower(NamedTuple):
    """Chances of each verdict for an effect of a given size (see :func:`effect_power`)."""

    linked: float
    ruled_out: float
    se: float
    df: float
    n: int


def _ar_covariance(phi: np.ndarray, size: int) -> np.ndarray:
    """Autocovariances 0..size-1 of an AR(p) with unit innovations (Yule-Walker, solved)."""
    p = len(phi)
    lags = max(size, p + 1)
    # ψ weights of the MA(∞) form (the filter's impulse response), long enough to sum
    from scipy.signal import lfilter

    impulse = np.zeros(2000)
    impulse[0] = 1.0
    psi = lfilter([1.0], np.r_[1.0, -np.asarray(phi, dtype=float)], impulse)
    return np.array([float(psi[: len(psi) - k] @ psi[k:]) for k in range(lags)])[:size]


def _lrv(a: np.ndarray, outcome_ar: float, horizon: int) -> np.ndarray:
    """W with aᵀ W a = Σ_{|k| ≤ H} (H + 1 − |k|) γ_u(k), u = Σ_j a_j y_{t-j}, y AR(1) var 1."""
    i = np.arange(len(a))
    k = np.arange(-horizon, horizon + 1)
    w = horizon + 1 - np.abs(k)
    gap = np.abs(k[None, None, :] + i[:, None, None] - i[None, :, None])
    return np.sum(w * float(outcome_ar) ** gap, axis=2)


def _effect_se(weeks: int, variation: Variation, horizon: int, rise: float) -> tuple:
    """Return the SE of the relative effect of :func:`~ssi_analysis.stats._core.effect_test`.

    Hand-written because the estimator is (no library has it): b = Σ ē u / Σ ē² with ē the
    mean of the score's innovations (white, variance σe²) over the horizon's H + 1 weeks and
    u the outcome through the score's filter a = (1, −φ_1, ..., −φ_p). With no link,
    Var(b) = Σ_{|k| ≤ H} c_ē(k) γ_u(k) / (Σ ē²)², c_ē(k) = m σe² (H + 1 − |k|) / (H + 1)²
    and Σ ē² = m σe² / (H + 1), so Var(b) = aᵀ W a σy² / (m σe²) with
    aᵀ W a = Σ_{|k| ≤ H} (H + 1 − |k|) γ_u(k) / σy². Two finite-sample terms matter (they were
    the planner's misses of 0.05-0.15 in simulated "ruled out" rates before):

    - m = n − (H + 1): taking the mean off ē (an average of H + 1 innovations) takes out
      (H + 1) / n of its sum of squares;
    - the filter is *estimated*: aᵀ W a is nearly (H + 1) a(1)² with a(1) = 1 − Σφ small for
      a persistent score, so the error of the fitted φ adds tr(W Cov(φ̂)) with
      Cov(φ̂) = Γ_p⁻¹ / n (Γ_p: the score's autocorrelations scaled to unit innovations).

    The relative effect is b · rise / mean(y). Its df is the test's: (n − 2 − p) / (H + 1),
    at least 3.
    """
    phi = np.asarray(variation.score_ar, dtype=float)
    p = len(phi)
    n = int(weeks) - int(horizon) - p
    # the fitted persistence Σφ̂ is biased down by about (2 + 4Σφ) / n on a series taken
    # off its line (the AR(1) result of Shaman & Stine 1988 for a fitted mean and trend,
    # applied to the sum): a(1) grows by as much
    fitted = phi.copy()
    if p:
        fitted[0] -= (2 + 4 * float(np.clip(np.sum(phi), -1, 1))) / max(n, 1)
    a = np.r_[1.0, -fitted]
    w = _lrv(a, variation.outcome_ar, int(horizon))
    lrv = float(a @ w @ a)
    df = max((n - 2 - p) / (horizon + 1), 3.0)
    spread = 1 / (2 * df)  # squared coefficient of variation of the estimated SE
    if p:
        gamma = _ar_covariance(phi, p)
        big = gamma[np.abs(np.arange(p)[:, None] - np.arange(p)[None, :])]
        cov = np.linalg.pinv(big) / n  # of (φ̂_1..φ̂_p), innovations of variance 1
        lrv += float(np.sum(w[1:, 1:] * cov))
        # the same error of φ̂ makes the test's SE vary from sample to sample (delta method:
        # SE ∝ √(aᵀWa), whose gradient in φ is −(W a)[1:] / √(aᵀWa))
        grad = (w @ a)[1:]
        spread += float(grad @ cov @ grad) / lrv**2
    m = max(n - (int(horizon) + 1), 1)
    se = rise * variation.outcome_cv * np.sqrt(max(lrv, 1e-12) / (m * variation.score_sd**2))
    return float(se), float(df), n, float(1 / (2 * spread))


def _tost_power(
    theta: float, bound: float, se: float, df: float, alpha: float, spread_df: float
) -> float:
    """Chance that the (1 − 2α) interval θ̂ ± t·ŝe lies inside ±bound (t on ``df``).

    θ̂ ~ N(θ, se²) and ŝe = se √(V/d), V chi-square on d = ``spread_df`` (the estimated
    SE's own spread: its HAC's and the fitted filter's):
    the mean over V of Φ((B − θ)/se − t s) − Φ((−B − θ)/se + t s), where positive.
    """
    from scipy import special

    crit = -t_ppf(alpha, df)
    # V at the midpoints of 400 equal-probability slices of its chi-square: a mean over them
    # is the expectation (vectorized; a quadrature with scipy.stats per point took 0.1 s)
    u = (np.arange(400) + 0.5) / 400
    s = np.sqrt(special.chdtri(spread_df, u) / spread_df)
    inside = special.ndtr((bound - theta) / se - crit * s) - special.ndtr(
        (-bound - theta) / se + crit * s
    )
    value = float(np.mean(np.maximum(inside, 0.0)))
    return float(np.clip(value, 0.0, 1.0))


#: A seller's smallest effect that matters, as a share of the outcome's average.
_EFFECT_BOUND = _optional(
    number(0, 5, closed="right", what="a share of the outcome's average in (0, 5] (0.25 = ±25 %)")
)
_EFFECT_PLAN = _rules("effect", "horizon", "rise", "cells", "alpha", bound=_EFFECT_BOUND)


def _check_effect_weeks(who: str, weeks: int, horizon: int) -> None:
    if weeks - horizon < 2 * _core.MIN_PAIRS + 8:
        raise ValueError(
            f"{who}: {weeks} weeks cannot carry a {horizon}-week horizon (the effect test "
            f"needs at least {2 * _core.MIN_PAIRS} weeks with the horizon's history and the "
            "filter's); plan for more weeks or a shorter horizon."
        )


@validate_params({**_EFFECT_PLAN, "weeks": whole(4, TEAM_MAX_WEEKS)})
def effect_power(
    weeks: int,
    *,
    variation: Variation,
    effect: float = 0.0,
    bound: float | None = None,
    horizon: int = 4,
    rise: float = 10.0,
    cells: int = 1,
    alpha: float = 0.05,
) -> EffectPower:
    """Chance of each verdict of :func:`~ssi_analysis.answers` for an effect in the user's units.

    The effect is a sustained ``rise`` of the score (10 SSI points, 2.5 of a pillar: see
    :data:`~ssi_analysis.questions.RISE`) going with ``effect`` × the outcome's average per
    week over the same week and the next ``horizon`` weeks (0.2 = +20 %).

    Parameters
    ----------
    weeks : int
        Weeks of one seller's data (4 to 520).
    variation : Variation
        The seller's week-to-week variation (:meth:`Variation.of` on their data, or
        :meth:`Variation.typical`).
    effect : float
        The true effect, a share of the outcome's average per ``rise`` (0: no link).
    bound : float, optional
        The smallest effect that matters ("ruled out" needs the 1 − 2α interval inside
        ±bound); default: none (``ruled_out`` is then NaN).
    horizon : int
        The question's horizon in weeks (:data:`~ssi_analysis.questions.DEFAULT_HORIZON`).
    rise : float
        The score's rise the effect is stated for.
    cells : int
        Score × outcome cells in the question's family (Benjamini-Hochberg): "linked" is
        planned at α / cells, the level a single true cell among null ones must reach.
    alpha : float
        The verdict's level.

    Returns
    -------
    EffectPower
        ``linked``: power of the effect's own two-sided t test at α / cells (the "linked" of
        a question whose verdict comes from the effect test over its horizon); ``ruled_out``:
        the chance that two one-sided tests put the effect inside ±bound, times 1 − α / cells
        (the cell must not read "linked" first; the score's whiteness check, which the
        verdict also needs, passed in 99.7-100 % of simulated sellers and is not counted);
        ``se``,
        ``df`` (the effect's standard error and its t df), ``n`` (weeks used). Never NaN for
        4-520 weeks (a clear ValueError when the weeks cannot carry the horizon).
        Checked against the simulated verdict of :func:`~ssi_analysis.answers` in
        ``tests/test_effect_power.py``.

    Examples
    --------
    >>> v = Variation.typical("ssi", "deals_created")
    >>> res = effect_power(104, variation=v, bound=0.4)
    >>> round(res.ruled_out, 2), round(res.se, 3)
    (0.09, 0.234)
    >>> round(effect_power(156, variation=v, effect=0.4).linked, 2)
    0.56
    """
    _check_effect_weeks("effect_power", weeks, horizon)
    se, df, n, spread_df = _effect_se(int(weeks), variation, int(horizon), float(rise))
    linked = _t_power(abs(effect) / se, df, alpha / int(cells))
    ruled = np.nan
    if bound is not None:
        # "ruled out" also needs the cell not "linked" (the lag test's α / cells, nearly
        # independent of the effect's interval under no link)
        inside = _tost_power(float(effect), float(bound), se, df, alpha, spread_df)
        ruled = (1 - alpha / int(cells)) * inside
    return EffectPower(float(linked), float(ruled), se, df, n)


@validate_params({**_EFFECT_PLAN, **_rules("verdict", "power")})
def effect_needed(
    *,
    variation: Variation,
    verdict: str = "ruled out",
    effect: float = 0.0,
    bound: float | None = None,
    horizon: int = 4,
    rise: float = 10.0,
    cells: int = 1,
    alpha: float = 0.05,
    power: float = 0.8,
) -> int | None:
    """Weeks of one seller's data for a ``power`` chance of ``verdict`` (see :func:`effect_power`).

    ``verdict="ruled out"`` with ``effect=0`` (default): weeks until no link reads "ruled
    out" at ±``bound``; ``verdict="linked"``: weeks until an effect of ``effect`` is found.

    Returns
    -------
    int or None
        The fewest weeks; None when even 520 weeks (ten years) are not enough — as for
        "ruled out" at a bound the chance can never reach (it is capped at 1 − α).

    Examples
    --------
    >>> v = Variation.typical("ssi", "pipeline_created")
    >>> effect_needed(variation=v, bound=0.4, cells=10)  # no link reads "ruled out"
    309
    """
    if verdict == "ruled out" and bound is None:
        raise ValueError("effect_needed: 'ruled out' needs a bound (0.25 = ±25 %).")
    if verdict == "linked" and effect == 0:
        raise ValueError("effect_needed: 'linked' needs an effect other than 0 to find.")
    low = int(horizon) + 2 * _core.MIN_PAIRS + 8
    if low > TEAM_MAX_WEEKS:
        return None

    def reach(k: int) -> float:
        res = effect_power(
            k,
            variation=variation,
            effect=effect,
            bound=bound,
            horizon=horizon,
            rise=rise,
            cells=cells,
            alpha=alpha,
        )
        return res.ruled_out if verdict == "ruled out" else res.linked

    return _fewest(reach, power, low, TEAM_MAX_WEEKS)


def team_effect_r(
    effect: float, *, score_sd: float, outcome_cv: float, rise: float = 10.0
) -> float:
    """Return the within-person correlation that a team's effect per ``rise`` amounts to.

    The team's test (:func:`~ssi_analysis.stats.team.team_ppml`, Poisson pseudo-ML with seller
    and week effects) estimates b = log(1 + effect) / rise on the log scale; its t statistic
    is b σx √n_eff / cv, with σx the sd of a seller's score around their own average and the
    team's week (``score_sd``) and cv the sd of a seller's weekly outcome around its expected
    value over that value (``outcome_cv``; 1/√mean for Poisson counts). :func:`team_power`'s
    is r / √(1 − r²) · √n_eff, so the two agree at r = s / √(1 + s²), s = b σx / cv.
    Hand-written: it is the bridge between the verdict's units and the planner the suite
    checks against simulated teams.

    Examples
    --------
    >>> round(team_effect_r(0.25, score_sd=4.0, outcome_cv=0.5), 3)
    0.176
    """
    for name, value in (("score_sd", score_sd), ("outcome_cv", outcome_cv), ("rise", rise)):
        if isinstance(value, bool) or not np.isfinite(value) or not value > 0:
            raise ValueError(f"team_effect_r: {name} must be a positive number; got {value!r}.")
    if isinstance(effect, bool) or not np.isfinite(effect) or not -1 < effect <= 10 or not effect:
        raise ValueError(
            "team_effect_r: effect must be a share of the outcome per rise, above -1 (-100 %), "
            f"at most 10 (+1000 %) and not 0; got {effect!r}."
        )
    s = abs(np.log1p(effect)) / rise * score_sd / outcome_cv
    return float(s / np.sqrt(1 + s * s))


def team_outcome_cv(*, mean: float, amount_cv: float = 0.0, overdispersion: float = 1.0) -> float:
    """Return the sd of a seller's weekly outcome around its expected value, over that value.

    The planners' ``outcome_cv`` for counts and money. Deals arrive as counts with
    ``mean`` per seller-week and variance ``overdispersion`` × ``mean`` (1: Poisson); money
    is the sum of the week's deal amounts, each with sd / mean ``amount_cv`` (a lognormal
    amount of cv 1.5 is typical of B2B deals), so its variance is that of the count times
    E[A²] = E[A]²(1 + amount_cv²): cv² = overdispersion (1 + amount_cv²) / mean. Zero-heavy
    weeks are a small ``mean``: at 0.3 deals a week, 74 % of weeks have no deal.

    Examples
    --------
    >>> round(team_outcome_cv(mean=4.0), 2)  # Poisson counts, 4 a week
    0.5
    >>> round(team_outcome_cv(mean=0.3, amount_cv=1.5), 2)  # revenue won, lumpy
    3.29
    """
    for name, value, low in (("mean", mean, 0.0), ("overdispersion", overdispersion, 0.0)):
        if isinstance(value, bool) or not np.isfinite(value) or not value > low:
            raise ValueError(
                f"team_outcome_cv: {name} must be a positive number (events per seller-week "
                f"for mean, variance / mean of the count for overdispersion); got {value!r}."
            )
    if isinstance(amount_cv, bool) or not np.isfinite(amount_cv) or amount_cv < 0:
        raise ValueError(
            f"team_outcome_cv: amount_cv must be 0 (counts) or the sd / mean of one deal's "
            f"amount; got {amount_cv!r}."
        )
    return float(np.sqrt(overdispersion * (1 + amount_cv**2) / mean))


def team_outcome_excess(*, mean: float, amount_cv: float = 0.0) -> float:
    """Return the excess kurtosis of a seller's weekly outcome (counts or summed amounts).

    For ``team_effect_power``'s ``outcome_excess``: a compound Poisson of ``mean`` deals a
    week with lognormal amounts of sd / mean ``amount_cv`` has excess kurtosis
    E[A⁴] / (mean E[A²]²) = (1 + amount_cv²)⁴ / mean (1 / mean for counts). Lumpy money's
    is large, and its clustered SE then varies more from team to team.

    Examples
    --------
    >>> team_outcome_excess(mean=2.0), round(team_outcome_excess(mean=0.5, amount_cv=1.5))
    (0.5, 223)
    """
    team_outcome_cv(mean=mean, amount_cv=amount_cv)  # the same checks
    return float((1 + amount_cv**2) ** 4 / mean)


#: Draws of the planner's Monte Carlo integral over the lags' joint t statistics (fixed
#: seed: the same plan gives the same answer; the draws' own s.e. is at most 0.008).
TEAM_PLAN_DRAWS = 4000


def _team_lag_moments(
    people: int, weeks: int, lags: int, lag: int, phi: float, outcome_phi: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return, per tested lag, the share of the link its fit sees and its SE factor.

    Also the correlation of the lags' estimates (see :func:`team_effect_power`'s Notes).

    Returns ``seen`` [lags] (b_k / b), ``factor`` [lags] (se_k = cv / score_sd × factor_k)
    and ``corr`` [lags, lags].
    """
    seen = float(phi) ** np.abs(np.arange(lags) - lag)
    factor = np.empty(lags)
    for k in range(lags):
        n = weeks - k  # the lag-k fit pairs x_t with y_{t+k}: k weeks fewer per seller
        # Var(b̂) = G E[(x̃'u)²] / H², x̃'u = Σ_t x̃_t u_t, H = Σ μ x̃²; the period effects
        # take one seller's worth from both: cv² tr(A Σu) / (σx² tr(A)² (G − 1)), with
        # A = M Σx M; the traces in closed form (O(T), no T × T matrix): v = Σ1 (row sums),
        # s = 1'Σ1, tr(A) = T − s_x / T, tr(A Σu) = tr(Σx Σu) − 2 v_x·v_u / T + s_x s_u / T²
        vx, sx = _ar1_sums(phi, n)
        vu, su = _ar1_sums(outcome_phi, n)
        d = np.arange(n)
        both = np.sum(np.where(d == 0, n, 2 * (n - d)) * (float(phi) * float(outcome_phi)) ** d)
        tr_a = n - sx / n
        tr_au = both - 2 * float(vx @ vu) / n + sx * su / n**2
        factor[k] = np.sqrt(max(tr_au, 1e-12) / (max(tr_a, 1e-12) ** 2 * (people - 1)))
    d = np.arange(-weeks, weeks + 1)
    rho_x = float(phi) ** np.abs(d)
    rho_u = float(outcome_phi) ** np.abs(d) if outcome_phi else (d == 0).astype(float)
    gap = np.arange(lags)[:, None] - np.arange(lags)[None, :]
    c = np.array([float(np.sum(rho_x * np.roll(rho_u, j))) for j in range(-lags + 1, lags)])
    corr = c[gap + lags - 1] / c[lags - 1]
    return seen, factor, corr


def _team_window_moments(
    people: int, weeks: int, horizon: int, lags: int, lag: int, phi: float, outcome_phi: float
) -> tuple[float, float, float, np.ndarray]:
    """Return the cumulative (window) fit's share of the link, SE factor, weight and corr.

    The window fit of :func:`~ssi_analysis.team_answers` regresses the outcome at t on the
    score's mean m_t over t − H..t (``weeks`` − H rows per seller). With the score AR(1)
    ``phi`` (correlation Σx over the weeks), W the window-mean operator and M = I − 11'/T
    (the seller's own average out), Σm = W Σx W' and C_k = cov(m_t, x_{s−k}):

    - ``seen`` = tr(M C_lag) / tr(M Σm): the window's b per unit of a link at ``lag``;
    - ``factor``: se = cv / σx × factor, factor² = tr(M Σm M Σu) / (tr(M Σm)² (G − 1));
    - ``weight`` = min_k tr(M C_k) / tr(M Σm) (the equivalence margins' shrink factor, as
      :func:`~ssi_analysis.stats.team.window_regressor` estimates it);
    - ``corr`` [lags]: the correlation of the window's estimate with each lag's.
    """
    h = int(horizon)
    t = max(int(weeks) - h, 2)
    n = t + h
    idx = np.arange(n)
    sx = float(phi) ** np.abs(idx[:, None] - idx[None, :])  # the score over the T + H weeks
    # W Σx: row t = mean of Σx rows t..t + H (column t + H is x_t, t + H − k is x_{t−k})
    cums = np.vstack([np.zeros((1, n)), np.cumsum(sx, axis=0)])
    wsx = (cums[h + 1 : h + 1 + t] - cums[:t]) / (h + 1)  # [t, n]
    cumc = np.hstack([np.zeros((t, 1)), np.cumsum(wsx, axis=1)])
    sm = (cumc[:, h + 1 : h + 1 + t] - cumc[:, :t]) / (h + 1)  # Σm [t, t]
    su = float(outcome_phi) ** np.abs(np.arange(t)[:, None] - np.arange(t)[None, :])

    def centred(a):  # M a M
        a = a - a.mean(axis=0, keepdims=True)
        return a - a.mean(axis=1, keepdims=True)

    msm = centred(sm)
    tr_m = float(np.trace(msm))
    tr_mu = float(np.sum(msm * su))
    weights, cov_k = [], []
    for k in range(max(h + 1, lags)):
        ck = wsx[:, h - k : h - k + t] if k <= h else None  # cov(m_t, x_{s-k}) [t, t]
        if ck is None:
            weights.append(np.nan)
            continue
        mck = centred(ck)
        weights.append(float(np.trace(mck)) / tr_m)
        cov_k.append(float(np.sum(mck * su)))
    factor = np.sqrt(max(tr_mu, 1e-12) / (max(tr_m, 1e-12) ** 2 * (people - 1)))
    seen = weights[int(lag)] if int(lag) <= h else 0.0
    weight = float(min(1.0, np.nanmin(weights[: h + 1])))
    # the lag-k estimate's own variance term: tr(M Σx M Σu) over the same rows
    msx = centred(sx[h:, h:])
    tr_xu = float(np.sum(msx * su))
    corr = np.array(
        [cov_k[k] / np.sqrt(tr_mu * tr_xu) if k < len(cov_k) else 0.0 for k in range(lags)]
    )
    return float(seen), float(factor), weight, np.clip(corr, -0.999, 0.999)


def _ar1_sums(phi: float, n: int) -> tuple[np.ndarray, float]:
    """Row sums v_t = Σ_s φ^|s − t| of an AR(1)'s n × n correlation matrix, and their total."""
    t = np.arange(n)
    if not phi:
        v = np.ones(n)
    else:
        v = (1 - phi ** (t + 1) + 1 - phi ** (n - t)) / (1 - phi) - 1
    return v, float(v.sum())


def _team_verdicts(
    b: float,
    se: np.ndarray,
    seen: np.ndarray,
    corr: np.ndarray,
    df: int,
    tests: int,
    low: float | None,
    high: float | None,
    alpha: float,
    excess: float = 0.0,
    weeks: int = 1,
    window: tuple[float, float, np.ndarray] | None = None,
    cycle: bool = False,
) -> tuple[float, float]:
    """Chances of "linked" and "ruled out" by a Monte Carlo over the joint estimates.

    ``window`` = (the window fit's expected b, its SE, its correlation with each lag's
    estimate): "ruled out" is its 1 − 2α interval inside [low, high] (already shrunk by the
    window's weight) and not "linked"; with ``cycle`` (revenue, deals won) "linked" is its
    own two-sided test, else the lags' (Benjamini-Hochberg over ``tests``).
    """
    from scipy import special, stats

    from ssi_analysis.stats.team import CR3_MAX_PEOPLE

    lags = len(se)
    full = np.eye(lags + 1)
    full[:lags, :lags] = corr
    if window is not None:
        full[:lags, lags] = full[lags, :lags] = window[2]
    # nearest correlation matrix (the window's correlations are approximations)
    vals, vecs = np.linalg.eigh(full)
    full = (vecs * np.clip(vals, 1e-9, None)) @ vecs.T
    d = np.sqrt(np.diag(full))
    full = full / d[:, None] / d[None, :]
    rng = np.random.default_rng(20261206)
    z = rng.standard_normal((TEAM_PLAN_DRAWS, lags + 1)) @ np.linalg.cholesky(full).T
    # the clustered SE's own spread (χ² on G − 1 df), correlated across estimates as the
    # squares of their scores are (corr²): a Gaussian copula of their chi-squares
    w = (
        rng.standard_normal((TEAM_PLAN_DRAWS, lags + 1))
        @ np.linalg.cholesky(full**2 + 1e-9 * np.eye(lags + 1)).T
    )
    # heavy-tailed outcomes (lumpy money) spread the SE more: each seller's score sum
    # Σ x̃ u has excess kurtosis ≈ 3 · excess(u) / T, so the χ²'s df shrink by 2 / (2 + that)
    spread = df * 2 / (2 + 3 * float(excess) / max(weeks, 1))
    s = np.sqrt(stats.chi2.ppf(special.ndtr(w), spread) / spread)
    if df + 1 <= CR3_MAX_PEOPLE:
        # the CR3 jackknife errs large by about G / (G − 1) in variance (measured on
        # simulated teams of 12: its mean square 1.03-1.10 × the estimates' variance)
        s = s * np.sqrt((df + 1) / df)
    est = b * seen + se * z[:, :lags]
    t = est / (se * s[:, :lags])
    p = 2 * t_sf_array(np.abs(t), df)
    # Benjamini-Hochberg over the question's `tests`, with this cell's lags the only
    # non-null tests: the cell is linked when its j-th smallest p is below α j / tests for
    # some j (null tests found as well would only loosen it: a floor by at most α)
    ordered = np.sort(p, axis=1)
    linked = np.any(ordered <= alpha * np.arange(1, lags + 1) / tests, axis=1)
    ruled = np.nan
    if window is not None:
        b_w, se_w = window[0], window[1]
        est_w = b_w + se_w * z[:, lags]
        se_hat = se_w * s[:, lags]
        if cycle:
            p_w = 2 * t_sf_array(np.abs(est_w / se_hat), df)
            linked = p_w <= alpha / tests
        if low is not None:
            crit = -t_ppf(alpha, df)
            inside = (est_w - crit * se_hat > low) & (est_w + crit * se_hat < high)
            ruled = float(np.mean(inside & ~linked))
    elif low is not None:
        crit = -t_ppf(alpha, df)
        half = crit * se * s[:, :lags]
        inside = np.all((est - half > low) & (est + half < high), axis=1)
        ruled = float(np.mean(inside & ~linked))
    return float(np.mean(linked)), ruled


#: :func:`team_effect_power`'s rules, which :func:`team_effect_needed` declares too (its
#: ``**plan`` is passed on), so a wrong value names the function called.
_TEAM_EFFECT_RULES = _rules(
    "people",
    "weeks",
    "effect",
    "score_sd",
    "outcome_cv",
    "rise",
    "phi",
    "outcome_phi",
    "lags",
    "question",
    "alpha",
    tests=_optional(PLAN_RULES["tests"]),
    bound=_optional(number(0, 1, what="a share of the outcome in (0, 1) (0.25 = ±25 %)")),
    outcome_excess=_optional(number(-2, closed="left", what="an excess kurtosis (at least -2)")),
)


@validate_params(_TEAM_EFFECT_RULES)
def team_effect_power(
    *,
    people: int,
    weeks: int,
    effect: float,
    score_sd: float,
    outcome_cv: float,
    rise: float = 10.0,
    phi: float = 0.5,
    outcome_phi: float = 0.0,
    lag: int = 0,
    lags: int = 5,
    tests: int | None = None,
    bound: float | None = None,
    question: str | None = None,
    outcome_excess: float | None = None,
    alpha: float = 0.05,
) -> EffectPower:
    """Chances of each verdict of :func:`~ssi_analysis.team_answers` for an effect in %.

    The effect: a seller's score ``rise`` points above their own usual level (10 SSI
    points, 2.5 of a pillar) goes with ``effect`` × the outcome's expected value ``lag``
    weeks later (0.25 = +25 %). The report tests lags 0 to ``lags`` − 1 by Poisson
    pseudo-ML with seller and week effects (:func:`~ssi_analysis.stats.team.team_ppml`) and
    decides from all of them: this plans that decision, not one pre-chosen test.

    Parameters
    ----------
    people, weeks : int
        The team: sellers (3 to 5,000), each with ``weeks`` weeks (4 to 520).
    effect : float
        The true effect per ``rise``, a share of the outcome's expected value (above −1;
        0: no link, to plan "ruled out").
    score_sd : float
        The sd of a seller's weekly score around their own average (the team's weekly
        swings taken out), in score points.
    outcome_cv : float
        The sd of a seller's weekly outcome around its expected value, over that value:
        :func:`team_outcome_cv` from the deals per seller-week and the amounts' spread.
    rise : float
        The score's rise the effect is stated for (:data:`~ssi_analysis.questions.RISE`).
    phi : float
        Lag-1 autocorrelation of a seller's score around their average (AR(1), in [0, 1)).
    outcome_phi : float
        Lag-1 autocorrelation of the outcome's surprises (0: counts and amounts arrive
        independently week to week, as in the simulator).
    lag : int
        The week at which the effect arrives, from 0 to ``lags`` − 1.
    lags : int
        Lags the report scans (``--lags``; default 5: 0-4).
    tests : int, optional
        Tests in the question's family: scores × the question's outcomes × lags (default
        ``lags``: one score and one outcome; the report's SSI and four pillars on pipeline's
        two outcomes at lags 0-4 make 50).
    bound : float, optional
        The smallest effect that matters (0.4 = ±40 % per rise); default: the question's
        :data:`~ssi_analysis.questions.DEFAULT_BOUND` when ``question`` is given, else none
        (``ruled_out`` is then NaN).
    question : str, optional
        ``"reach"``, ``"replies"``, ``"pipeline"`` or ``"revenue"``: its default bound and
        its horizon H (:data:`~ssi_analysis.questions.DEFAULT_HORIZON`: the window of the
        cumulative effect, 0..H; without a question, H = ``lags`` − 1); "ruled out" needs
        H + 4 weeks at least.
    outcome_excess : float, optional
        Excess kurtosis of a seller's weekly outcome (:func:`team_outcome_excess`; default
        ``outcome_cv``², that of Poisson counts). Lumpy money's is in the hundreds: its
        clustered SE varies more between teams, and is small often enough to raise
        "linked" (+0.11 in the money cell below).
    alpha : float
        The verdicts' level.

    Returns
    -------
    EffectPower
        ``linked`` and ``ruled_out`` (chances of the two verdicts), ``se`` (the SE of
        log(1 + effect) per rise at the effect's lag), ``df`` (people − 1), ``n``
        (person-weeks at lag 0). Finite for 3-5,000 people and 4-520 weeks.

    Notes
    -----
    Hand-written: no library plans Poisson pseudo-ML with two sets of fixed effects,
    clustered errors and a verdict taken over several lags. The SE is the PPML sandwich for
    the planned shape: with the expected value μ and the score's within-seller part x̃
    (AR(1) ``phi``, demeaned over each seller's weeks by M = I − 11'/T, A = M Σx M),
    Var(b̂) = Σ_g E[(x̃'u)²] / (Σ μ x̃²)² = cv² tr(A Σu) / (σx² tr(A)² (G − 1)) on the log
    scale (u the outcome's surprise, Σu its autocorrelation; the week effects take one
    seller's worth). The lag-k fit sees b φ^|k − lag| (the score's persistence carries the
    link to neighbouring lags) with estimates correlated across lags as the score is.
    The t statistics are t on G − 1 df (one spread of the clustered SE for all lags). A
    Monte Carlo over these joint estimates (:data:`TEAM_PLAN_DRAWS`) gives:

    - "linked": Benjamini-Hochberg over ``tests``, this cell's lags the only true links (its
      j-th smallest p below α j / tests for some j): a floor when other cells of the family
      are linked too (they loosen BH), as SSI and a pillar that drives it are;
    - "ruled out": the cumulative (window) fit's 1 − 2α interval (t, G − 1 df) inside
      ±w·log(1 ± bound)/rise, and not "linked" (:func:`_team_window_moments`: the window's
      expected b, its SE, its smallest lag weight w and its correlation with the lags'
      estimates, for the planned weeks, horizon and persistence);
    - for a sales-cycle ``question`` (revenue: H = 13), "linked" is the window's own
      two-sided test at α/``tests`` (``tests`` defaults to 1 there), not the lags'.

    The t statistics use the clustered SE's own spread (χ² on G − 1 df, correlated across
    lags as the squares of their estimates are) and, up to 50 people, the CR3 jackknife's
    excess of about G / (G − 1) in variance.

    Measured against the verdict of ``team_answers`` as it is now (the cumulative window for
    "ruled out", and for revenue's "linked"), one score, simulated teams (SSI AR(1) 0.5, sd 4
    around each seller's level; Poisson deals, sellers and weeks differing in level), 150
    teams a cell (``/work/audit22/s6/planner.py``), planned vs found ± Monte Carlo s.e.:
    20 × 52 weeks, +25 % per 10 points at lag 0, bound ±40 %: "linked" 0.52 vs 0.58 ± 0.04,
    "ruled out" 0.13 vs 0.08 ± 0.02; no link, 12 × 52: "linked" 0.04 vs 0.03 ± 0.01, "ruled
    out" 0.23 vs 0.31 ± 0.04 (the planner is cautious here by 0.08); deals won (revenue,
    window 0-13), 30 × 104, +30 % at lag 2: "linked" 0.59 vs 0.54 ± 0.04, "ruled out" 0.002
    vs 0 of 150. The lag scan's "linked" was measured before on more cells: 12 × 52 at +25 %,
    0.25 vs 0.21; 40 × 26, 0.56 vs 0.56; lumpy money (0.5 deals a seller-week, lognormal
    amounts of cv 1.5), 40 × 52, +40 %: 0.54 vs 0.50 (0.43 without ``outcome_excess``); a
    family of 25, 20 × 52, +35 %: 0.58 vs 0.56.
    tests/test_team_power.py repeats two cells with fewer teams.

    Examples
    --------
    >>> cv = team_outcome_cv(mean=2.0)  # two deals per seller-week
    >>> res = team_effect_power(people=40, weeks=52, effect=0.1, score_sd=4.0,
    ...                         outcome_cv=cv, question="pipeline")
    >>> round(res.linked, 2)  # +10 % per 10 SSI points: found by a year of 40 sellers?
    0.41
    >>> round(team_effect_power(people=40, weeks=52, effect=0.0, score_sd=4.0,
    ...                         outcome_cv=cv, question="pipeline").ruled_out, 2)  # no link
    0.95
    """
    who = "team_effect_power"
    bound, covered = _check_team_effect(who, weeks, lag, lags, tests, bound, question)
    horizon, cycle = _plan_horizon(question, lags)
    tests = (1 if cycle else int(lags)) if tests is None else int(tests)
    seen, factor, corr = _team_lag_moments(
        int(people), int(weeks), int(lags), int(lag), float(phi), float(outcome_phi)
    )
    se = float(outcome_cv) / float(score_sd) * factor  # of b, log change per score point
    b = float(np.log1p(effect)) / float(rise)
    w_seen, w_factor, weight, w_corr = _team_window_moments(
        int(people), int(weeks), horizon, int(lags), int(lag), float(phi), float(outcome_phi)
    )
    window = (b * w_seen, float(outcome_cv) / float(score_sd) * w_factor, w_corr)
    low = high = None
    if bound is not None:
        low, high = weight * np.log1p(-bound) / rise, weight * np.log1p(bound) / rise
    excess = float(outcome_cv) ** 2 if outcome_excess is None else float(outcome_excess)
    linked, ruled = _team_verdicts(
        b,
        se,
        seen,
        corr,
        int(people) - 1,
        tests,
        low,
        high,
        alpha,
        excess,
        int(weeks),
        window=window,
        cycle=cycle,
    )
    if bound is not None and not covered:
        ruled = 0.0  # too few weeks for the question's horizon: never "ruled out"
    return EffectPower(
        linked,
        ruled,
        float((window[1] if cycle else se[int(lag)]) * rise),
        float(people - 1),
        int(people) * int(weeks),
    )


def _plan_horizon(question: str | None, lags: int) -> tuple[int, bool]:
    """Return the planned window's H and whether "linked" is on it (a sales cycle)."""
    from ssi_analysis.questions import horizon_of

    if question is None:
        return int(lags) - 1, False
    return horizon_of(question)  # the question is checked (one of QUESTIONS) before


def _check_team_effect(
    who: str,
    weeks: int | None,
    lag: int,
    lags: int,
    tests: int | None,
    bound,
    question: str | None,
) -> tuple[float | None, bool]:
    """Check what no one parameter's rule can; return the bound and whether weeks cover it.

    The lag against the lags, the lags against the weeks, the tests against the lags; the
    bound is the question's default when none is given.
    """
    if not whole(0, lags - 1).test(lag):
        raise ValueError(f"{who}: lag must be a whole number from 0 to {lags - 1}; got {lag!r}.")
    if weeks is not None and weeks - (lags - 1) < 4:
        raise ValueError(
            f"{who}: {weeks} weeks leave fewer than 4 weeks at lag {lags - 1}; plan for more "
            "weeks or fewer lags."
        )
    if tests is not None and not whole(lags).test(tests):
        raise ValueError(
            f"{who}: tests must be a whole number of at least lags ({lags}): the question's "
            f"scores × outcomes × lags; got {tests!r}."
        )
    covered = True
    if question is not None:
        bound = DEFAULT_BOUND[question] if bound is None else bound
        # the window needs H + 1 weeks and a few rows after them
        covered = weeks is None or weeks - DEFAULT_HORIZON[question] >= 4
    return (None if bound is None else float(bound)), covered


@validate_params({**_TEAM_EFFECT_RULES, **_rules("verdict", "power"), **_SEARCH})
def team_effect_needed(
    *,
    effect: float,
    score_sd: float,
    outcome_cv: float,
    verdict: str = "linked",
    power: float = 0.8,
    people: int | None = None,
    weeks: int | None = None,
    **plan,
) -> int | None:
    """Sellers (given ``weeks``) or weeks (given ``people``) for a ``power`` chance of ``verdict``.

    The inverse of :func:`team_effect_power` (``plan``: its other arguments, e.g.
    ``tests``, ``lags``, ``bound``, ``question``): ``verdict="linked"`` finds ``effect``;
    ``"ruled out"`` (with a bound, and usually ``effect=0``) rules out effects beyond it.

    Returns
    -------
    int or None
        The fewest sellers or weeks; None when even 5,000 sellers or 520 weeks are not
        enough (as for "ruled out" of an effect at or beyond the bound).

    Examples
    --------
    >>> cv = team_outcome_cv(mean=2.0)
    >>> team_effect_needed(effect=0.1, score_sd=4.0, outcome_cv=cv, weeks=52, tests=50)
    126
    """
    who = "team_effect_needed"
    _one_count(who, people, weeks)
    unknown = sorted(set(plan) - set(inspect.signature(team_effect_power).parameters))
    if unknown:
        raise TypeError(f"{who}() got an unexpected keyword argument {unknown[0]!r}")
    lags = int(plan.get("lags", 5))
    _check_team_effect(
        who, weeks, plan.get("lag", 0), lags, plan.get("tests"), None, plan.get("question")
    )
    if verdict == "linked" and effect == 0:
        raise ValueError(f"{who}: 'linked' needs an effect other than 0 to find.")
    if verdict == "ruled out" and plan.get("bound") is None and plan.get("question") is None:
        raise ValueError(f"{who}: 'ruled out' needs a bound= (0.25 = ±25 %) or a question=.")
    low = 3 if people is None else max(4, lags + 3)
    high = TEAM_MAX_PEOPLE if people is None else TEAM_MAX_WEEKS

    def reach(k: int) -> float:
        size = {"people": k, "weeks": weeks} if people is None else {"people": people, "weeks": k}
        res = team_effect_power(
            effect=effect, score_sd=score_sd, outcome_cv=outcome_cv, **size, **plan
        )
        return res.linked if verdict == "linked" else res.ruled_out

    reach(low)  # checks the plan before the search (a clear error, not a None)
    return _fewest(reach, power, low, high)


def team_people_to_rule_out(
    *,
    weeks: int,
    score_sd: float,
    outcome_cv: float,
    bound: float,
    horizon: int,
    rise: float = 10.0,
    phi: float = 0.5,
    alpha: float = 0.05,
    power: float = 0.8,
) -> int | None:
    """Sellers like one seller for a ``power`` chance that a team rules out ±``bound``.

    With no effect, the team's cumulative-effect test (:func:`~ssi_analysis.team_answers`:
    Poisson pseudo-ML of the outcome on the score's mean over lags 0..``horizon``) rules out
    ±bound when its 1 − 2α interval is inside the margins ±w·log(1 + bound)/rise (w the
    window's smallest lag weight). Its SE is cv/σx · f/√(G − 1) (:func:`team_effect_power`'s
    sandwich for the window, f from the weeks, the horizon and the score's persistence), so
    the chance is about 2Φ(m/se − t) − 1 and the team needs
    G − 1 ≥ ((t + z) · cv · f / (σx · m))², z = Φ⁻¹((1 + power)/2), t on G − 1 df. A closed
    form (no Monte Carlo), so a per-seller sentence can give it; None beyond 5,000 sellers.

    Examples
    --------
    >>> team_people_to_rule_out(weeks=156, score_sd=1.5, outcome_cv=3.0, bound=0.25,
    ...                         horizon=13, rise=2.5, phi=0.5)
    348
    """
    from scipy import special

    # norm.ppf = special.ndtri: what scipy.stats calls, without its ~40 µs wrapper per call
    # (this runs once per seller and outcome of a team's per-seller table, up to 50 t
    # quantiles each: those through _tdist.t_ppf, the stats layer's one scalar t helper)
    weeks, horizon = int(weeks), int(horizon)
    ok = all(np.isfinite(v) and v > 0 for v in (score_sd, outcome_cv, bound, rise))
    if not ok or weeks - horizon < 4 or not 0 <= phi < 1:
        return None
    f, weight = _window_factor(weeks, horizon, round(float(phi), 2))
    margin = weight * np.log1p(bound) / rise
    if not margin > 0:
        return None
    z = float(special.ndtri((1 + power) / 2))
    scale = (outcome_cv * f / (score_sd * margin)) ** 2
    people = int(np.ceil(1 + (special.ndtri(1 - alpha) + z) ** 2 * scale))
    for _ in range(50):  # t's df depend on the answer: a fixed point (it falls as G grows)
        if people > TEAM_MAX_PEOPLE:
            return None
        t = t_ppf(1 - alpha, max(people - 1, 2))
        need = max(int(np.ceil(1 + (t + z) ** 2 * scale)), 3)
        if need == people:
            break
        people = need
    return people


@functools.lru_cache(maxsize=256)
def _window_factor(weeks: int, horizon: int, phi: float) -> tuple[float, float]:
    """Return the window fit's SE factor for one seller's worth (× 1/√(G − 1)), its weight."""
    _, factor, weight, _ = _team_window_moments(2, weeks, horizon, 1, 0, phi, 0.0)
    return float(factor), float(weight)
