"""Did my change work? A before/after (intervention) analysis of one series around a date.

The method is the one of Google's CausalImpact (Brodersen et al. 2015) without its heavy
dependencies: a structural time-series model is fitted on the periods *before* the change
(statsmodels' :class:`~statsmodels.tsa.statespace.structural.UnobservedComponents`), its
forecast over the change period is the counterfactual ("what the earlier course predicted"),
and the effect is observed minus counterfactual. The uncertainty of the *average* and
*cumulative* effect comes from joint draws of the whole forecast path (the model's own
state-space recursion run forward from the state at the end of the before-period, as
``results.simulate(..., anchor="end")`` does), not from the pointwise bands.
"""

from __future__ import annotations

import collections
import functools
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ssi_analysis.errors import check_argument
from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats._series import regular_frame
from ssi_analysis.stats.timeseries import stationarity

__all__ = [
    "average_effect",
    "change_family",
    "draws_for",
    "forecast_draws",
    "intervention",
    "seasons_for",
]

#: Fewest observed periods before the start that the model is fitted on.
MIN_PRE = 20
#: Model forms the rule chooses between (``model=`` names one to force it).
MODELS = {
    "local level": {"level": "llevel"},
    "random walk": {"level": "random walk"},
    "level + AR(1)": {"level": "fixed intercept", "autoregressive": 1},
    "local level + AR(1)": {"level": "llevel", "autoregressive": 1},
    "drifting level + AR(1)": {"level": "random walk", "autoregressive": 1},
}
#: The form a "changed" under a fixed level is checked against (``p_creep``): a level that
#: may creep (a random-walk level under AR(1) deviations). A year or two of weeks cannot tell
#: a slow creep from a steady level, and a creeping series with no change read "changed" in
#: 13-33 % of the fits that kept a fixed level (more the faster it crept and the longer the
#: window after; weekly counts whose rate creeps and steady climbs alike). Carrying the creep
#: in every forecast cost a fifth of the power on steady series (a 1.5-sd step at 52 weeks
#: found 0.69 -> 0.55); nine partial rules cost 4-10 points and still left 6-10 % (issue
#: #25). So the fixed level keeps its power, and each of its "changed" is refitted allowing
#: a creep: where that p would not call it changed, the sentence says a creep could explain
#: it (docs/methods.md, "A creeping level").
CREEP_FORM = "drifting level + AR(1)"


def assumes_steady_level(model: str) -> bool:
    """Tell whether a kept form (``intervention``'s ``model``) assumes a fixed level.

    Examples
    --------
    >>> assumes_steady_level("level + AR(1) + 13-week cycle"), assumes_steady_level("random walk")
    (True, False)
    """
    return str(model).startswith("level + AR(1)")


#: Fewest periods with a value before the start for AR(1) around a *fixed* level to be a
#: candidate; with fewer, the level may drift (see ``_choose``).
FIXED_LEVEL_FROM = 40
#: A fitted AR(1) coefficient above this counts as a walk (see ``_choose``): with a year or two
#: of weeks, ADF cannot tell φ = 0.8 from 1, and mean reversion must not be assumed lightly.
PHI_WALK = 0.7
#: Periods after the diffuse start-up that the control rule does not score: while a
#: coefficient is learned from a handful of periods its forecasts are wild, and scoring them
#: dropped a control that is half the series in 1 of 6 data sets (none of 30 when skipped).
SCORE_AFTER = 10
#: Parameter sets drawn for the forecast (see ``_parameter_sets``); the draws are shared
#: among them.
PARAM_SETS = 10
#: Fewest whole cycles in the before-period for a cycle to be tried (``seasons_for``).
MIN_CYCLES = 3
#: Harmonics of a cycle (sine-cosine pairs): a smooth shape that a few cycles can pin down.
HARMONICS = 2
#: A placebo check is "bad" when the placebo effects' root mean square is this many times
#: the spread the model expects for an average over the same number of periods. The fake
#: windows overlap (12 starts a week apart, 13 weeks long hold about two independent ones),
#: so under a right model the mean square is near chi2(2)/2: above 1.5**2 in about 10 % of
#: series, above 2**2 in 2 %. Measured with the AR forms the rule now keeps for drifting
#: AR(0.5) before-periods (40 series each, 78 weeks, 12 fake starts): at 1.5 the caution
#: fired on 12.5 % of AR(0.5) and of control + AR(0.5) series; at 2.0 on 0 % and 2.5 %.
BAD_FIT_RATIO = 2.0
#: The placebo check estimates the parameters afresh at every this many periods of fake
#: start and filters the starts between with the latest estimates (see ``_placebo_effects``):
#: a week's more data moves them little, and the fits were most of a ``--change`` page's cost.
PLACEBO_REFIT = 4
#: Correct a fixed level + AR(1) fit's φ for its small-sample bias (see ``_debias``).
DEBIAS = True
#: How much better (in nats of one-step-ahead log score, see ``_better``) a cycle must
#: forecast the before-period to be kept: 1 nat is odds of e to 1, "positive" evidence on
#: Kass and Raftery's (1995) scale. At 0, a 13-week cycle was kept in 6.7 % of 52-week
#: AR(0.5) before-periods that had none (150), and those fits called 21 % of unchanged series
#: "changed" (a cycle fitted to noise is forecast as if real); at 1, in 2.7 %, while a real
#: cycle (amplitude 1.5) was kept in 81 % of 100 instead of 87 %.
CYCLE_MARGIN = 1.0
#: Nats per extra estimated parameter by which AR(1) around a drifting level must forecast
#: the before-period one step ahead better than a walk to be kept over it, below
#: :data:`FIXED_LEVEL_FROM` periods (see ``_choose``). The one-step score is out of sample
#: for the states but its parameters are fitted to the same periods, so a form with more of
#: them scores higher by about one nat each (AIC's allowance). At 0, 20-26-week walks were
#: kept as the drifting level in 42 of 100 (those read "changed" 20 % of the time, 11.4 %
#: over all, issue #25); by 1 nat in all, 14 (9.0 %); by 1 nat for each of its 2 more
#: parameters, 7 of 100 (7.5 %), and 5.8 % ± 0.4 of 200 other walks (8.8 % ± 0.7 at 0).
#: The cost: 20-26-week AR(0.5) series kept as walks in 90 of 200 instead of 13, power on a
#: 1.5-sd step 0.29 -> 0.21 (docs/methods.md, "Short walks: held since session 12").
WALK_MARGIN = 1.0

RESULT_COLUMNS = [
    "y",
    "start",
    "end",
    "n_pre",
    "n_post",
    "effect",
    "ci_low",
    "ci_high",
    "p",
    "relative_effect",
    "cumulative",
    "cumulative_low",
    "cumulative_high",
    "placebo_p",
    "n_placebo",
    "p_creep",
    "creep_explains",
    "model",
    "controls",
    "unit",
    "status",
    "note",
]


@dataclass(frozen=True, eq=False)
class EffectPath:
    """The period-by-period path behind a result (see :func:`intervention`, Returns).

    A wrapper rather than a bare DataFrame in ``attrs``: pandas compares ``attrs`` with ``==``
    when concatenating results, which a DataFrame cannot answer (this compares by identity).
    """

    frame: pd.DataFrame


@functools.cache
def _blas():
    """Return the process's BLAS thread pools (scanned once: a scan per fit costs more)."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _fit(
    y: np.ndarray, exog: np.ndarray | None, model: str, season: int | None = None
) -> tuple[object, bool]:
    """Fit one model form by maximum likelihood; return the results and whether it converged.

    ``season``: the period of a cycle to add (a fixed cycle of :data:`HARMONICS` harmonics).
    """
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    # One BLAS thread: the optimiser's tiny matrix steps gain nothing from more, and on a
    # busy machine idle BLAS threads spinning for a core made each fit 3-4x slower
    # (measured: 450 against 125 ms per analysis with a control, load average 5 on 2 cores).
    with _blas().limit(limits=1, user_api="blas"), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fitted = _model(y, exog, model, season)
        # The estimates, then one filter at them: fit() would also run the smoother, whose
        # output nothing here reads (intervention() smooths the one fit it returns).
        params = fitted.fit(disp=False, return_params=True)
        results = fitted.filter(params, cov_type="none")
    converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
    return results, converged


def _model(y: np.ndarray, exog: np.ndarray | None, model: str, season: int | None = None):
    """Build one model form (not fitted): see :func:`_fit`."""
    from statsmodels.tsa.statespace.structural import UnobservedComponents

    cycle = {}
    if season:
        harmonics = min(HARMONICS, season // 2)
        # A fixed cycle (its shape is states, learned from the data with their uncertainty;
        # no variance of its own to estimate from a few cycles).
        cycle = {
            "freq_seasonal": [{"period": season, "harmonics": harmonics}],
            "stochastic_freq_seasonal": [False],
        }
    # mle_regression=False: the controls' coefficients are states (diffuse at the start,
    # constant over time), so the forecast draws carry their uncertainty; fitted as fixed
    # parameters they did not, and intervals with a control were too narrow (12 % of
    # unchanged series "changed", coverage 0.88; see docs/methods.md).
    return UnobservedComponents(y, exog=exog, mle_regression=exog is None, **MODELS[model], **cycle)


def _choose(
    y: np.ndarray,
    exog: np.ndarray | None,
    model: str,
    unit_root: bool | None = None,
    season: int | None = None,
) -> tuple[object, str, list[str]]:
    """Fit the form the rule picks (or the one asked for); None when it cannot be fitted.

    The rule: the kit's joint ADF/KPSS verdict on the before-period (:func:`stationarity`).
    No unit root and no drift -> AR(1) deviations around a fixed or a slowly moving (local)
    level, the lower AIC (forecast returning to the level), unless the fitted φ exceeds
    :data:`PHI_WALK`: then the series is treated as a walk after all. A unit root or a drift
    -> a random walk (forecast flat at the latest value, uncertainty growing like a walk's),
    unless AR(1) deviations around a *fixed* level, with φ at most :data:`PHI_WALK`,
    forecast the before-period one step ahead better than the walk (:func:`_better`; below
    :data:`FIXED_LEVEL_FROM` periods by :data:`WALK_MARGIN` nats per extra parameter).

    Wrongly assuming mean reversion is the costly error (the forecast returns to a level the
    series never comes back to, and unchanged series are called "changed"); wrongly assuming
    a walk only widens the interval, but by much: with 52 weeks, ADF/KPSS reads 20 % of
    AR(0.5) before-periods as a walk or a drift, and a walk found a 1.5-sd step in 2 % of
    those (power 0.64 over all). The second look gives them back (power 0.78) and leaves
    walks alone: on 300 unchanged walks it picked the AR form twice (p < 0.05 in 7.3 % of
    them, with or without it). Choosing between all forms by AIC called 17 % of unchanged
    walks "changed"; letting the *local* level + AR(1) compete in the second look, 8.7 %; a
    local level for the walks, 9.0 %.

    With fewer than :data:`FIXED_LEVEL_FROM` periods, "AR(1) around a level that may drift"
    (a random-walk level, no irregular) stands in for the fixed level in both looks: a level
    that drifts by steps of sd 0.3 under AR(0.5) noise cannot be told from a fixed one in
    20-26 weeks (the one-step score differences of the two forms were distributed alike on
    both kinds of data), and the fixed level's forecast then read 16.9 % of unchanged series
    "changed" (12.3 % ± 1.8 of 350 over all). The drifting level's variance is one of the
    parameters drawn (``_parameter_sets``): estimated at 0, its draws still reach as far as
    the likelihood allows (their 95 % point is the profile likelihood's upper bound), so the
    forecast carries the drift the data cannot rule out: 4.0 % ± 1.0 of the same 350.
    """
    walk = "random walk"

    def fitted(form: str, exog: np.ndarray | None):
        try:
            results, converged = _fit(y, exog, form, season)
        except (np.linalg.LinAlgError, ValueError):
            return None
        return (results, converged) if np.isfinite(results.llf) else None

    def phi(results) -> float:
        return float(np.asarray(results.params)[results.model.param_names.index("ar.L1")])

    def done(results, form: str, converged: bool) -> tuple[object, str, list[str]]:
        return results, form, [] if converged else ["the model's fit did not fully converge"]

    if model != "auto":
        fit = fitted(model, exog)
        if fit is None:
            return None, "", ["the model could not be fitted to the before-period"]
        return done(fit[0], model, fit[1])
    # Below FIXED_LEVEL_FROM periods the level's drift cannot be told from none: AR(1) around
    # a level that may drift stands in for the fixed level (its variance, even when
    # estimated at 0, is drawn from its likelihood with the other parameters).
    fixed = (
        "level + AR(1)" if np.isfinite(y).sum() >= FIXED_LEVEL_FROM else "drifting level + AR(1)"
    )
    if not (unit_root if unit_root is not None else stationarity(y)["unit_root"]):
        stationary = []
        for form in ("local level + AR(1)", fixed):
            fit = fitted(form, exog)
            if fit is not None and phi(fit[0]) <= PHI_WALK:
                stationary.append((fit[0].aic, form, *fit))
        if stationary:
            _, form, results, converged = min(stationary, key=lambda fit: fit[0])
            return done(results, form, converged)
        fit = fitted(walk, exog)
        if fit is None:
            return None, "", ["the model could not be fitted to the before-period"]
        return done(fit[0], walk, fit[1])
    fit = fitted(walk, exog)
    level_ar = fitted(fixed, exog)
    # The score is out of sample for the states but not for the parameters, estimated on the
    # same periods: below FIXED_LEVEL_FROM the drifting level must beat the walk by one nat
    # per parameter it estimates more (WALK_MARGIN each, AIC's allowance; see the constant).
    margin = 0.0
    if fixed != "level + AR(1)" and fit is not None and level_ar is not None:
        extra = len(level_ar[0].params) - len(fit[0].params)
        margin = WALK_MARGIN * max(extra, 0)
    if (
        level_ar is not None
        and phi(level_ar[0]) <= PHI_WALK
        and (fit is None or _better(level_ar[0], fit[0], margin))
    ):
        return done(level_ar[0], fixed, level_ar[1])
    if fit is None:
        return None, "", ["the model could not be fitted to the before-period"]
    return done(fit[0], walk, fit[1])


def _one_step_score(results, start: int) -> float:
    """Log score of the one-step-ahead forecasts from period ``start`` on (missing: 0).

    Each period's forecast uses only the periods before it, and a control's coefficient (or
    a cycle's shape) is a state learned as the data arrive: the score measures out-of-sample
    fit in the before-period (a prequential score, Dawid 1984), not how well the fitted
    model hugs it.
    """
    return float(np.sum(np.asarray(results.llf_obs, dtype=float)[start:]))


def _better(challenger, incumbent, margin: float = 0.0) -> bool:
    """Say whether ``challenger`` forecast the before-period one step ahead better."""
    start = max(challenger.loglikelihood_burn, incumbent.loglikelihood_burn) + SCORE_AFTER
    return _one_step_score(challenger, start) > _one_step_score(incumbent, start) + margin


def seasons_for(unit: str, n_pre: int) -> list[int]:
    """Cycles the rule tries: those with at least :data:`MIN_CYCLES` cycles in the before-period.

    Weeks: a quarter (13 weeks) and a year (52); days: a week (7); months: a year (12).

    Examples
    --------
    >>> seasons_for("week", 52), seasons_for("week", 160), seasons_for("day", 100)
    ([13], [13, 52], [7])
    """
    cycles = {"week": [13, 52], "day": [7], "month": [12]}.get(unit, [])
    return [c for c in cycles if n_pre >= MIN_CYCLES * c]


#: Before-period fits remembered (see ``_fit_before``): a lesson or a report asks for the
#: same before-period again with empty periods after it (a dip blanked out, a later start).
FITS_KEPT = 16


class _Kept:
    """The last :data:`FITS_KEPT` results of one computation, under exact keys (an LRU).

    ``functools.lru_cache`` needs hashable arguments; a fit's are arrays, keyed here by their
    shapes and bytes (:func:`_exact`) with every setting that changes the answer.
    """

    def __init__(self) -> None:
        self.items: collections.OrderedDict = collections.OrderedDict()

    def get(self, key: tuple, compute: Callable[[], tuple]) -> tuple:
        """Return the result kept under ``key``, or ``compute()``'s, kept from now on."""
        entry = self.items.get(key)
        if entry is None:
            entry = compute()
        self.items[key] = entry
        self.items.move_to_end(key)
        while len(self.items) > FITS_KEPT:
            self.items.popitem(last=False)
        return entry

    def clear(self) -> None:
        self.items.clear()


def _exact(values: np.ndarray | None) -> tuple | None:
    """Return an exact, hashable key of an array of floats (None stays None)."""
    return None if values is None else (np.shape(values), values.tobytes())


_FITS = _Kept()


def _fit_before(
    pre: np.ndarray, exog_pre: np.ndarray | None, model: str, seasons: Sequence[int] = ()
) -> tuple[object, str, list[str], bool, int | None]:
    """Fit on the before-period (see :func:`_fit_before_seen`), remembering the fits.

    Periods without a value *after the last value* add nothing to the likelihood (its terms
    are 0), to the ADF/KPSS verdict (NaN dropped) or to the form rule (it counts values), so
    the fit is made on the before-period up to its last value: the answer does not depend on
    how many empty periods trail it. The kept parameters are then filtered over the whole
    ``pre`` (the forecast starts from its end). A fit is remembered under the exact values
    up to the last one (controls too), the form asked, the cycles tried and the rule's
    settings (the last :data:`FITS_KEPT`): the same before-period asked again with empty
    periods after it (a lesson blanks a dip and asks from a later start) costs one filter.

    The models are fitted to the before-period in sd units, ``(pre - center) / scale``
    (:func:`_standard`; the ADF/KPSS verdict is read on ``pre`` itself); the results carry
    ``center`` and ``scale``, and :func:`_forecast` maps the forecast back.
    """
    pre = np.asarray(pre, dtype=float)
    seen = np.flatnonzero(np.isfinite(pre))
    n = int(seen[-1]) + 1 if len(seen) else len(pre)
    exog_seen = None if exog_pre is None else np.asarray(exog_pre, dtype=float)[:n]
    center, scale = _standard(pre)
    key = (
        _exact(pre[:n]),
        _exact(exog_seen),
        model,
        tuple(int(c) for c in seasons),
        (FIXED_LEVEL_FROM, PHI_WALK, SCORE_AFTER, CYCLE_MARGIN, WALK_MARGIN, DEBIAS, HARMONICS),
        STANDARDIZE,
    )

    def fit() -> tuple:
        unit_root = None if model != "auto" else bool(stationarity(pre[:n])["unit_root"])
        z = (pre[:n] - center) / scale
        results, form, notes, kept, season = _fit_before_seen(
            z, exog_seen, model, seasons, unit_root
        )
        params = None if results is None else np.asarray(results.params, dtype=float).copy()
        top = getattr(results, "mle_params", None)
        return (params, None if top is None else np.array(top), form, notes, kept, season)

    params, top, form, notes, kept, season = _FITS.get(key, fit)
    if params is None:
        return None, form, list(notes), kept, season
    with _blas().limit(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exog = exog_pre if kept else None
        z = (pre - center) / scale
        results = _model(z, exog, form, season).filter(params, cov_type="none")
    if top is not None:
        results.mle_params = top
    results.center, results.scale = center, scale
    return results, form, list(notes), kept, season


#: Fit every model to the before-period standardised, ``(y - mean) / sd`` of its values, and
#: map its forecasts back (see ``_standard``).
STANDARDIZE = True


def _standard(values: np.ndarray) -> tuple[float, float]:
    """Return the centre and scale a series is fitted in: the mean and sd of its values.

    statsmodels starts the states of ``UnobservedComponents`` (a level, a cycle, a control's
    coefficient) from an "approximately diffuse" N(0, 10^6) in the data's own units, and its
    optimiser takes steps of fixed size in the square roots of the variances. Both suit a
    series of size 1-100 and not money: for the sample seller's pipeline (sd 26,722) that
    prior pulled a fixed level to 213 for a series that averages 60,646, it held cycles'
    shapes near 0, where they scored better than the data alone let them (her pipeline kept
    a 13-week cycle at 2 February 2026 that it drops in sd units), and from statsmodels'
    start values the fit stopped up to 12.7 nats short of the best of five starts on her
    money series. In sd units the prior is diffuse for every series, and the default start
    reached the best of five starts within 0.025 nats in 467 of her 468 fits at three dates
    (0.95 in the last). Up to that prior the model in sd units is the same model, and its
    forecast is mapped back exactly (``center + scale * z``).
    """
    seen = np.asarray(values, dtype=float)
    seen = seen[np.isfinite(seen)]
    if not STANDARDIZE or len(seen) < 2:
        return 0.0, 1.0
    scale = float(np.std(seen))
    if not np.isfinite(scale) or scale <= 0:
        return 0.0, 1.0
    return float(np.mean(seen)), scale


def _fit_before_seen(
    pre: np.ndarray,
    exog_pre: np.ndarray | None,
    model: str,
    seasons: Sequence[int] = (),
    unit_root: bool | None = None,
) -> tuple[object, str, list[str], bool, int | None]:
    """Fit on the before-period, with a cycle and controls only where they forecast better.

    Returns the results, the form, notes, whether the controls were kept and the cycle kept
    (None for none). First the form (:func:`_choose`), then each cycle of ``seasons`` and
    then the controls are kept only when the one-step-ahead log score over the
    before-period (after both models' diffuse start-up periods and :data:`SCORE_AFTER`
    more) is higher with them (:func:`_better`; a cycle by :data:`CYCLE_MARGIN` more). AIC
    cannot judge this: with the coefficients as states the two likelihoods differ in their
    diffuse start-up, and a coefficient fitted to the before-period always looks useful
    there. The kept fit's φ is then corrected for its small-sample bias (:func:`_debias`).
    ``unit_root``: the ADF/KPSS verdict on the before-period, when already read (None: read
    here, for ``model="auto"``).
    """
    if unit_root is None and model == "auto":
        unit_root = bool(stationarity(pre)["unit_root"])
    results, form, notes = _choose(pre, None, model, unit_root)
    season = None
    for cycle in seasons:
        fitted, form_s, notes_s = _choose(pre, None, model, unit_root, cycle)
        if fitted is not None and (results is None or _better(fitted, results, CYCLE_MARGIN)):
            results, form, notes, season = fitted, form_s, notes_s, cycle
    kept = False
    if exog_pre is not None:
        with_c, form_c, notes_c = _choose(pre, exog_pre, model, unit_root, season)
        if with_c is not None and (results is None or _better(with_c, results)):
            results, form, notes, kept = with_c, form_c, notes_c, True
    if results is not None and form == "level + AR(1)":
        results = _debias(results, int(np.isfinite(pre).sum()))
    return results, form, notes, kept, season


def _debias(results, n: int):
    """Refit with φ corrected for its small-sample bias; the other parameters re-estimated.

    The maximum-likelihood φ of an AR(1) around an estimated level is biased towards 0 by
    about (1 + 3φ)/n (Kendall 1954; Marriott and Pope 1954): -0.11 for φ = 0.5 and 23 weeks,
    -0.05 for 52. A φ too small makes the forecast return to the level too fast and, above
    all, the spread of an average over weeks too narrow (its variance goes with 1/(1-φ)²):
    with 20-26 weeks, 13.7 % of unchanged AR(0.5) series were called "changed". The
    corrected φ solves φ̂ = φ - (1 + 3φ)/n, capped at 0.95; the variances are re-estimated
    with φ held there. The parameter draws (:func:`_parameter_sets`) are centred on the
    corrected values with the curvature of the likelihood at its maximum (``mle_params``).
    """
    if not DEBIAS:
        return results
    model = results.model
    names = list(model.param_names)
    params = np.asarray(results.params, dtype=float)
    phi = float(params[names.index("ar.L1")])
    corrected = min(0.95, (n * phi + 1) / (n - 3))
    if not np.isfinite(corrected) or corrected <= phi:
        return results
    with _blas().limit(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with model.fix_params({"ar.L1": corrected}):
            free = [v for name, v in zip(names, params, strict=True) if name != "ar.L1"]
            refit = model.fit(start_params=free, disp=False, cov_type="none")
    if not np.isfinite(refit.llf):
        return results
    refit.mle_params = params
    return refit


def _forecast(
    results, h: int, exog: np.ndarray | None, draws: int, seed: int | None, alpha: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the counterfactual: its mean, ``draws`` joint paths (h x draws), pointwise bands.

    In the series' own units: a fit made in sd units (``_fit_before``) is mapped back.
    """
    center, scale = _units(results)
    forecast = results.get_forecast(h, exog=exog)
    rng = np.random.default_rng(seed)
    sets = _parameter_sets(results, rng)
    sizes = np.diff(np.linspace(0, draws, len(sets) + 1).round().astype(int))
    extended = _extended(results.model, h, exog)
    chunks = [
        _draw_paths(extended, results.params if params is None else params, h, size, rng)
        for params, size in zip(sets, sizes, strict=True)
        if size > 0
    ]
    return (
        center + scale * np.asarray(forecast.predicted_mean, dtype=float),
        center + scale * np.concatenate(chunks, axis=1),
        center + scale * np.asarray(forecast.conf_int(alpha=alpha), dtype=float),
    )


def _units(results) -> tuple[float, float]:
    """Return the centre and scale a fit was made in (see ``_standard``; 0 and 1: none)."""
    return getattr(results, "center", 0.0), getattr(results, "scale", 1.0)


def _extended(model, h: int, exog: np.ndarray | None):
    """Extend the fitted model by ``h`` periods with no value yet (the ones to draw).

    Filtered under a parameter set, it gives both the state's distribution at the first
    period after (the predicted state, as ``simulate(anchor="end")`` starts from) and the
    system matrices of the periods to draw (a control's values enter the design there).
    """
    endog = np.r_[np.asarray(model.endog, dtype=float).ravel(), np.full(h, np.nan)]
    if model.exog is None:
        return model.clone(endog)
    return model.clone(endog, exog=np.r_[np.asarray(model.exog, dtype=float), exog])


def _draw_paths(
    extended, params, h: int, size: int, rng: np.random.Generator, *, mean: bool = False
):
    """Draw ``size`` joint paths of the ``h`` periods after the data under ``params``.

    ``mean``: also return the forecast's mean over them (the filter's predictions of the
    periods with no value, the same numbers as ``get_forecast``'s), as ``(paths, mean)``.

    Written by hand rather than with statsmodels' ``simulate(anchor="end", repetitions=k)``:
    that runs one simulation smoother per path (1,000 calls a series, and 200 for each of a
    placebo check's fake starts), which was most of a ``--change`` page's cost. The state
    space is linear and Gaussian, so all paths go forward at once from the same matrices:
    the state at the first period after ~ N(predicted state, its covariance); then
    ``y_t = d_t + Z_t a_t + e_t`` and ``a_{t+1} = c_t + T_t a_t + R_t n_t`` with
    ``e_t ~ N(0, H_t)``, ``n_t ~ N(0, Q_t)`` (statsmodels' own recursion;
    ``tests/test_intervention.py`` checks the two against each other).
    """
    with _blas().limit(limits=1, user_api="blas"), warnings.catch_warnings():
        # The filtered covariance of a nearly known state (a control's coefficient after many
        # periods) can be a rounding error away from positive semidefinite; numpy's SVD-based
        # draw is still right, only its check complains.
        warnings.filterwarnings("ignore", "covariance is not symmetric positive-semidefinite")
        # return_ssm: statsmodels' own filter output, without the results object it would
        # build around it (most of a filter's cost on these short series).
        out = extended.filter(params, return_ssm=True)
        start = extended.nobs - h
        state = rng.multivariate_normal(
            out.predicted_state[:, start], out.predicted_state_cov[:, :, start], size
        ).T

    def at(matrix: np.ndarray, t: int) -> np.ndarray:
        return matrix[..., start + t] if matrix.shape[-1] > 1 else matrix[..., 0]

    # A time-invariant covariance has one square root for every period: taken once.
    roots: dict[tuple[str, int], np.ndarray] = {}

    def root(name: str, t: int) -> np.ndarray:
        matrix = getattr(out, name)
        key = (name, t if matrix.shape[-1] > 1 else 0)
        if key not in roots:
            roots[key] = _root(at(matrix, t))
        return roots[key]

    paths = np.empty((h, size))
    for t in range(h):
        noise = root("obs_cov", t)[0, 0] * rng.standard_normal(size)
        paths[t] = at(out.obs_intercept, t)[0] + at(out.design, t)[0] @ state + noise
        if t + 1 < h:
            shocks = root("state_cov", t) @ rng.standard_normal((out.k_posdef, size))
            state = (
                at(out.state_intercept, t)[:, None]
                + at(out.transition, t) @ state
                + at(out.selection, t) @ shocks
            )
    return (paths, np.array(out.forecasts[0, start:], dtype=float)) if mean else paths


def _root(cov: np.ndarray) -> np.ndarray:
    """Return a square root of a PSD covariance (tiny negative eigenvalues taken as 0)."""
    values, vectors = np.linalg.eigh(np.atleast_2d(cov))
    return vectors * np.sqrt(np.clip(values, 0, None))


def _parameter_sets(results, rng: np.random.Generator) -> list:
    """Draws of the model's parameters from their estimated distribution (PARAM_SETS of them).

    The variances and φ are estimated from one before-period; treating them as known made
    intervals too narrow (unchanged walks 8.3 % "changed"). The draws come from the normal
    approximation of the likelihood in statsmodels' unconstrained parameters (where a
    variance near zero is not cut off), with the inverse of the numerical Hessian
    (``statsmodels.tools.numdiff.approx_hess3``) as covariance (the estimates alone when that
    Hessian is not usable).

    A form with one variance (a random walk; AR(1) around a fixed level, with or without a
    cycle or controls) has one scale, and its variance is drawn instead as the estimate times
    ``n / chi2(n - k)`` (``n`` periods scored by the likelihood, ``k`` other parameters): the
    scale's posterior under the usual 1/σ² prior, which makes the forecast Student-t-like
    rather than normal (:func:`_scale_draws`). The normal draws, centred on a maximum-
    likelihood variance that runs low, left an unchanged week "changed" in 6.3 % of AR(0.5)
    series and 7.2 % with a 13-week cycle (52 weeks before), and 6.4 % of the 13-week
    averages of short walks kept as walks (docs/methods.md). With two variances (a level
    that drifts or moves, under AR(1) deviations) what is uncertain is mostly their split,
    which the normal draws carry; scaling both cost power where the average was already
    conservative (AR(0.5), 20-26 weeks before: 0.34 -> 0.28).
    """
    from statsmodels.tools.numdiff import approx_hess3

    model = results.model
    free = np.asarray(model.untransform_params(np.asarray(results.params)), dtype=float)
    top = getattr(results, "mle_params", None)  # set by _debias: the curvature's point
    top = free if top is None else np.asarray(model.untransform_params(top), dtype=float)
    sets = None
    try:
        hess = approx_hess3(top, lambda u: model.loglike(u, transformed=False))
        cov = np.linalg.inv(-hess)
        cov = (cov + cov.T) / 2
        if np.all(np.isfinite(cov)) and np.linalg.eigvalsh(cov).min() > 0:
            sets = [
                model.transform_params(u) for u in rng.multivariate_normal(free, cov, PARAM_SETS)
            ]
    except (np.linalg.LinAlgError, ValueError):
        pass
    return _scale_draws(results, sets, rng)


def _scale_draws(results, sets: list | None, rng: np.random.Generator) -> list:
    """Draw a one-variance form's variance from its scale's posterior (see ``_parameter_sets``).

    ``sets``: the normal draws (None when there are none: the estimates then stand in for
    the other parameters). For ``n`` periods scored by the likelihood (after the diffuse
    start-up) and ``k`` other estimated parameters the variance is ``σ̂² n / chi2(n - k)``,
    as for the variance of a normal sample (whose predictive is then Student-t). Forms with
    two or more variances keep ``sets`` (``[None]``: the estimates alone, when it is None).
    """
    names = list(results.model.param_names)
    variances = [j for j, name in enumerate(names) if name.startswith("sigma2")]
    if len(variances) != 1:
        return [None] if sets is None else sets
    j = variances[0]
    params = np.asarray(results.params, dtype=float)
    endog = np.asarray(results.model.endog, dtype=float)
    n = int(np.isfinite(endog).sum()) - int(results.loglikelihood_burn)
    dof = n - (len(names) - 1)
    if not np.isfinite(params[j]) or params[j] <= 0 or dof < 3:
        return [None] if sets is None else sets
    out = []
    for drawn in sets if sets is not None else [None] * PARAM_SETS:
        drawn = params.copy() if drawn is None else np.array(drawn, dtype=float)
        drawn[j] = params[j] * n / rng.chisquare(dof)
        out.append(drawn)
    return out


def forecast_draws(
    before: np.ndarray,
    h: int,
    *,
    controls: np.ndarray | None = None,
    seasons: Sequence[int] = (),
    model: str = "auto",
    draws: int = 1000,
    seed: int | None = 0,
) -> tuple[np.ndarray, np.ndarray, str]:
    """Fit the model on ``before`` (NaN = missing) and draw the next ``h`` periods jointly.

    The array-level core of :func:`intervention`: one fit serves any number of "after"
    series, which is how the calibration test checks the null and a step on the same fits.
    ``controls``: shape ``(len(before) + h, k)``, complete; kept only when they improve the
    before-period's one-step-ahead forecasts (then ``model`` ends in ``" + controls"``).
    ``seasons``: cycle periods to try, kept by the same rule (``model`` names the cycle).

    Returns
    -------
    predicted : ndarray
        The forecast mean, length ``h``.
    paths : ndarray
        Shape ``(h, draws)``: joint draws of the counterfactual path.
    model : str
        The model form kept ("" when none could be fitted: then both arrays are NaN).
    """
    before = np.asarray(before, dtype=float)
    n = len(before)
    exog = None if controls is None else np.asarray(controls, dtype=float).reshape(n + h, -1)
    results, form, _, kept, season = _fit_before(
        before, None if exog is None else exog[:n], model, seasons
    )
    if results is None:
        return np.full(h, np.nan), np.full((h, draws), np.nan), ""
    predicted, paths, _ = _forecast(results, h, exog[n:] if kept else None, draws, seed, 0.05)
    return predicted, paths, _form_name(form, season, kept)


def _form_name(form: str, season: int | None, controls: bool, unit: str = "period") -> str:
    """Name the model kept, e.g. ``local level + AR(1) + 13-period cycle + controls``."""
    cycle = f" + {season}-{unit} cycle" if season else ""
    return form + cycle + (" + controls" if controls else "")


def average_effect(
    after: np.ndarray, predicted: np.ndarray, paths: np.ndarray, *, alpha: float = 0.05
) -> tuple[float, float, float, float, np.ndarray]:
    """Average effect of observed ``after`` (NaN = missing) against the counterfactual draws.

    Returns ``effect, ci_low, ci_high, p`` and the draws of the counterfactual's average. The
    interval is the ``alpha/2`` and ``1 - alpha/2`` quantiles of observed minus drawn
    averages; ``p`` is two-sided, ``2 * min(share of drawn averages >= observed, share <=)``
    with the usual +1 so that it is never 0.

    Examples
    --------
    >>> paths = np.random.default_rng(0).normal(size=(4, 999))
    >>> effect, low, high, p, _ = average_effect(np.full(4, 1.5), np.zeros(4), paths)
    >>> round(effect, 1), round(low, 1), round(high, 1), p < 0.01
    (1.5, 0.5, 2.5, True)
    """
    seen = np.isfinite(after)
    observed = float(after[seen].mean())
    draw_means = paths[seen].mean(axis=0)
    k = draw_means.size
    low, high = np.quantile(observed - draw_means, [alpha / 2, 1 - alpha / 2])
    above = (np.sum(draw_means >= observed) + 1) / (k + 1)
    below = (np.sum(draw_means <= observed) + 1) / (k + 1)
    effect = observed - float(predicted[seen].mean())
    return effect, float(low), float(high), float(min(1.0, 2 * min(above, below))), draw_means


def _default_controls(y: str, columns: Sequence[str]) -> list[str]:
    """Industry and network averages of the same score, when the data has them."""
    if y == "ssi":
        wanted = ["industry_ssi", "network_ssi"]
    elif y in PILLAR_NAMES:
        wanted = [f"industry_{y}", f"network_{y}"]
    else:
        wanted = []
    return [c for c in wanted if c in columns]


def _period_of(index: pd.DatetimeIndex, when: object, what: str, who: str) -> int:
    """Position of the period that contains ``when``; ValueError when it is outside the data."""
    try:
        stamp = pd.Timestamp(when)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{who}: {what}={when!r} is not a date (use e.g. '2026-03-02')") from exc
    first, last = index[0], index[-1]
    after_last = last + index.freq if index.freq is not None else last
    if stamp < first or stamp >= after_last:
        raise ValueError(
            f"{who}: {what} {stamp.date()} is outside the data, which runs from "
            f"{first.date()} to {last.date()}; pick a date inside it"
        )
    return int(index.searchsorted(stamp, side="right")) - 1


def intervention(
    data: pd.DataFrame,
    *,
    y: str,
    start: object,
    end: object = None,
    controls: Sequence[str] | None = None,
    alpha: float = 0.05,
    model: str = "auto",
    season: str | int | None = "auto",
    placebo: bool | int = True,
    draws: int = 1000,
    seed: int | None = 0,
) -> pd.DataFrame:
    """Estimate how much a series changed after a date, against what its past predicted.

    Parameters
    ----------
    data : pandas.DataFrame
        One person's periods: :func:`ssi_analysis.align` output for one person, or any frame
        with a ``period`` or ``date`` column (or a DatetimeIndex) on a regular clock.
        Missing periods stay missing: the model skips them, and the effect is averaged over
        the periods with a value.
    y : str
        The series (``"ssi"``, a pillar, an outcome).
    start : date-like
        The first day of the change. The period that contains it is the first period of the
        change (a change on a Wednesday counts from that week's Monday: the partly changed
        week is never used to learn the "before" course).
    end : date-like, optional
        The last day of the change (default: the end of the data). Later periods are not
        used.
    controls : sequence of str, optional
        Series the change could not have moved, used as regressors (they also absorb
        LinkedIn-wide shifts). Default: for ``ssi`` and the pillars, the industry and network
        averages of the same score when the data has them complete; none otherwise. Pass
        ``[]`` for none. They are kept only when they improve the before-period's
        one-step-ahead forecasts (see Notes).
    alpha : float
        1 - the interval's coverage.
    model : str
        The model form: ``"auto"`` chooses by the rule in Notes; or one of ``"local level"``,
        ``"random walk"``, ``"level + AR(1)"``, ``"local level + AR(1)"``,
        ``"drifting level + AR(1)"``.
    season : "auto", int or None
        A repeating cycle to try: ``"auto"`` tries a quarter (13 weeks) and a year (52) on
        weekly data, a week on daily data and a year on monthly data, each when the
        before-period holds at least 3 of its cycles (:func:`seasons_for`); a number tries
        that period; None tries none. A cycle is kept only when it improves the
        before-period's one-step-ahead forecasts (see Notes); ``model`` then names it.
    placebo : bool or int
        Run the placebo check: refit the model at every feasible fake start (slower), or,
        given a number k, at the k latest ones (a report checking many series uses a few).
    draws : int
        Joint draws of the counterfactual path for the interval and p of the average effect.
    seed : int or None
        Seed of those draws (the same data give the same answer).

    Returns
    -------
    pandas.DataFrame
        One row:

        - ``y, start, end``: the series and the first and last period of the change;
        - ``n_pre, n_post``: periods with a value before and during the change;
        - ``effect``: the average per period of observed minus predicted, in ``y``'s units;
        - ``ci_low, ci_high``: its ``1 - alpha`` interval; ``p``: two-sided p-value (how often
          the model's own forecasts miss by this much on average);
        - ``relative_effect``: ``effect`` as a share of the predicted level (NaN when that
          level is not positive);
        - ``cumulative, cumulative_low, cumulative_high``: the total over the change's
          periods with a value, and its interval;
        - ``placebo_p, n_placebo``: the share of fake starts in the before-period whose
          average effect was at least as large (``(1 + k) / (1 + n)``), and how many fake
          starts there were (NaN and 0 when there is no room or ``placebo=False``);
        - ``p_creep, creep_explains``: for p < ``alpha`` under a form that assumes a steady
          level (AR(1) around a fixed level), the p of the same change when the level may
          creep (:data:`CREEP_FORM`), and whether that p would not call it changed (then a
          slow creep before the date, which the before-period cannot rule out, could explain
          it); NaN and False otherwise;
        - ``model``: the model form kept; ``controls``: the controls kept, comma-separated;
          ``unit`` (week, month, day);
        - ``status``: ``ok``, ``too_few`` (no value after the start), ``constant`` (a flat
          before-period) or ``no_valid_test`` (the model could not be fitted); ``note``: why,
          and warnings (a bad placebo check, a dropped control), else "".

        ``df.attrs["path"].frame`` holds the period-by-period frame the plot draws
        (:func:`ssi_analysis.plots.intervention`): ``period, observed, predicted,
        predicted_low, predicted_high, effect, effect_low, effect_high, cumulative,
        cumulative_low, cumulative_high, after_start``; ``df.attrs["result"]`` the statsmodels
        results of the fitted model, which is fitted to the before-period in sd units:
        ``(y - result.center) / result.scale`` (see Notes). (Results of several calls
        concatenate with ``pd.concat``; the combined frame keeps no ``attrs``.)

    Raises
    ------
    ValueError
        ``start`` or ``end`` outside the data, or fewer than 20 periods with a value before
        the start (the message says how many there are).

    Notes
    -----
    **Model.** statsmodels' ``UnobservedComponents`` is fitted on the before-period by maximum
    likelihood, in units of its sd (its mean subtracted; the forecast is mapped back): in the
    data's own units statsmodels' starting prior for a level, N(0, 10^6), pulled money-sized
    series (revenue, pipeline) towards 0, and its optimiser stopped short of the best fit.
    The form is chosen by a documented rule: when the kit's joint ADF/KPSS verdict
    (:func:`~ssi_analysis.stats.timeseries.stationarity`) finds neither a unit root nor a
    drift, *AR(1) deviations* around a fixed or a slowly moving (local) level, the lower AIC
    (the series returns towards its level at a fitted speed) — unless the fitted φ exceeds
    0.7 (:data:`PHI_WALK`), which a year or two of data cannot tell from a walk: then a
    *random walk* (the forecast stays at the latest value and its uncertainty grows with the
    horizon). When it finds one, the random walk, unless AR(1) deviations around a fixed
    level (φ ≤ 0.7) forecast the before-period one step ahead better (the score used for
    controls, below): ADF/KPSS reads a fifth of 52-week AR(0.5) before-periods as walks, and
    as walks a real step in them was nearly never found. (Choosing between all forms by AIC
    called 17 % of unchanged walks
    "changed"; without the φ rule, 10.3 %; a local level for the walks, 9.0 %.) Controls are
    regressors whose coefficients are *states* of the model (``mle_regression=False``), so their
    uncertainty reaches the forecast; they are kept only when the one-step-ahead forecasts of
    the before-period (each from the periods before it) score better with them than without. The
    counterfactual is the model's forecast; its joint draws (``simulate(anchor="end")``, which
    starts from the predicted state's distribution, coefficients included), made under 10
    parameter sets drawn from the parameters' estimated distribution (the variances and φ are
    estimated, not known), give the interval and p of the average and the cumulative effect.
    With fewer than 40 periods before (:data:`FIXED_LEVEL_FROM`), AR(1) around a level that
    may drift (its variance drawn with the rest) stands in for the fixed level: so few periods
    cannot tell a slowly drifting level from a fixed one, and the fixed level's forecast
    called 16.9 % of such unchanged series "changed".
    For AR(1) around a fixed level, φ is first corrected for its small-sample bias (about
    -(1 + 3φ)/n: -0.13 for φ = 0.5 and 20 weeks) and the variances re-estimated with it; the
    maximum-likelihood φ made the forecast's spread too narrow on short before-periods.

    **Cycles.** A cycle (a fixed shape of two sine-cosine pairs, its shape learned as states)
    is added when the before-period holds at least three of its cycles and the one-step-ahead
    forecasts of the before-period score better with it by at least 1 (in log score,
    :data:`CYCLE_MARGIN`): a cycle fitted to noise is forecast as if it were real. The same
    test, without the margin, keeps or drops the controls after it. A cycle left unmodelled
    leaves its swings in the noise, so the interval is wide and a real step is missed (power
    for a 1.5-sd step on a 13-week cycle fell from 0.69 to 0.20).

    **Calibration.** ``docs/methods.md`` ("Before and after") lists the false-positive
    rate, power and coverage measured in the test suite
    (``tests/test_intervention_calibration.py``).

    **Placebo check.** The same model form is fitted at every fake start in the
    before-period that leaves 20 periods to learn from and a fake change period as long as
    the real one, on the periods before that start only (its parameters estimated afresh
    every 4th start, :data:`PLACEBO_REFIT`; the starts between filter the latest estimates,
    which saw fewer periods). Each fake effect is divided by the spread its own fit
    expects; if the root mean square of those ratios exceeds 2,
    the model does not describe the before-period well and ``note`` says so, and how: fake
    effects mostly one way (a steady climb the forecast does not follow) or large both ways
    (too narrow a spread). Then trust ``placebo_p`` more than ``p``.

    A before/after comparison cannot tell the change apart from anything else that changed
    on the same date.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> weeks = pd.date_range("2025-01-06", periods=65, freq="W-MON")
    >>> level = 40 + np.r_[np.zeros(52), np.full(13, 3.0)]  # +3 from week 53
    >>> data = pd.DataFrame({"period": weeks, "brand": level + rng.normal(size=65)})
    >>> row = intervention(data, y="brand", start="2026-01-05", placebo=False).iloc[0]
    >>> int(row.n_pre), int(row.n_post), round(float(row.effect)), bool(row.p < 0.01), row.status
    (52, 13, 3, True, 'ok')
    """
    check_argument("model", ("auto", *MODELS), model)
    if not (season is None or season == "auto" or (isinstance(season, int) and season >= 2)):
        raise ValueError(
            f"intervention: season must be 'auto', None or a whole number of periods of at "
            f"least 2; got {season!r}."
        )
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1; got {alpha!r}.")
    who = f"intervention({y!r})"
    explicit = controls is not None
    candidates = list(controls) if explicit else _default_controls(y, data.columns)
    frame, unit = regular_frame(data, [y, *candidates], who=who)
    index = frame.index
    if len(index) < 2:
        raise ValueError(f"{who}: the data has {len(index)} period(s); at least {MIN_PRE + 1}")
    first = _period_of(index, start, "start", who)
    last = len(index) - 1 if end is None else _period_of(index, end, "end", who)
    if last < first:
        raise ValueError(f"{who}: end {pd.Timestamp(end).date()} is before start")
    values = frame[y].to_numpy()
    pre, post = values[:first], values[first : last + 1]
    n_pre, n_post = int(np.isfinite(pre).sum()), int(np.isfinite(post).sum())
    if n_pre < MIN_PRE:
        raise ValueError(
            f"{who}: too few periods before the start: {n_pre} {unit}s with a value, at least "
            f"{MIN_PRE} needed to learn the earlier course; pick a later start or add "
            "earlier data"
        )
    notes: list[str] = []
    kept_controls = []
    for c in candidates:
        window = frame[c].to_numpy()[: last + 1]
        bad = int((~np.isfinite(window)).sum())
        if bad and explicit:
            raise ValueError(
                f"{who}: control {c!r} is missing in {bad} period(s) up to the end; a "
                "control must be known in every period (or leave it out)"
            )
        if bad:
            notes.append(f"{c} left out as a control: missing in {bad} periods")
        elif np.ptp(window[:first]) > 0:
            kept_controls.append(c)
    row = {
        "y": y,
        "start": index[first],
        "end": index[last],
        "n_pre": n_pre,
        "n_post": n_post,
        **dict.fromkeys(
            ["effect", "ci_low", "ci_high", "p", "relative_effect"],
            np.nan,
        ),
        **dict.fromkeys(["cumulative", "cumulative_low", "cumulative_high"], np.nan),
        "placebo_p": np.nan,
        "n_placebo": 0,
        "p_creep": np.nan,
        "creep_explains": False,
        "model": "",
        "controls": "",
        "unit": unit,
        "status": "ok",
        "note": "",
    }

    def stop(status: str, why: str) -> pd.DataFrame:
        row.update(status=status, note="; ".join([why, *notes]))
        return pd.DataFrame([row], columns=RESULT_COLUMNS)

    if n_post == 0:
        return stop("too_few", "no period with a value after the start")
    if np.nanmax(pre) - np.nanmin(pre) == 0:
        return stop("constant", f"{y} did not change before the start: no course to learn")

    exog_all = frame[kept_controls].to_numpy()[: last + 1] if kept_controls else None
    cycles = seasons_for(unit, n_pre) if season == "auto" else [] if not season else [season]
    results, form, fit_notes, kept, cycle = _fit_before(
        pre, None if exog_all is None else exog_all[:first], model, cycles
    )
    if not kept:
        kept_controls, exog_all = [], None
    notes += fit_notes
    if results is None:
        return stop("no_valid_test", "the model could not be fitted to the before-period")
    exog_pre = None if exog_all is None else exog_all[:first]
    exog_post = None if exog_all is None else exog_all[first:]

    h = len(post)
    predicted, paths, bands = _forecast(results, h, exog_post, draws, seed, alpha)
    seen = np.isfinite(post)
    effect, low, high, p, _ = average_effect(post, predicted, paths, alpha=alpha)
    baseline = float(predicted[seen].mean())
    row.update(
        effect=effect,
        ci_low=low,
        ci_high=high,
        p=p,
        relative_effect=effect / baseline if baseline > 0 else np.nan,
        cumulative=effect * n_post,
        cumulative_low=low * n_post,
        cumulative_high=high * n_post,
        model=_form_name(form, cycle, bool(kept_controls), unit),
        controls=", ".join(kept_controls),
    )
    if model == "auto" and assumes_steady_level(form) and p < alpha:
        # A "changed" that rests on a steady level: would a level that may creep call it so?
        row["p_creep"] = _creep_p(pre, exog_pre, post, exog_post, cycle, draws, seed, alpha)
        row["creep_explains"] = not row["p_creep"] < alpha  # NaN (no fit): cannot tell
    if placebo:
        latest = None if placebo is True else int(placebo)
        fakes, spreads = _placebo_remembered(pre, exog_pre, h, form, latest, cycle)
        row["n_placebo"] = len(fakes)
        if len(fakes):
            row["placebo_p"] = float((1 + np.sum(np.abs(fakes) >= abs(effect))) / (1 + len(fakes)))
            z = fakes / np.where(spreads > 0, spreads, np.nan)
            ratio = float(np.sqrt(np.nanmean(z**2))) if np.isfinite(z).any() else np.nan
            if ratio > BAD_FIT_RATIO:
                # Keyed to what it found: fake effects mostly one way are a course the
                # forecast does not follow (a steady climb); both ways, too narrow a spread.
                lean = float(np.nanmean(z)) / ratio
                how = (
                    f"the series kept {'rising' if lean > 0 else 'falling'} faster than "
                    "the forecast follows"
                    if abs(lean) > 0.7
                    else "it misses by more than it expects, both ways"
                )
                notes.append(
                    f"the model forecast the before-period poorly: {how} (placebo effects "
                    f"{ratio:.1f} times the size it expects), so the interval and p are "
                    "too optimistic; trust placebo_p more"
                )
        else:
            notes.append(
                f"no room for a placebo check: it needs {MIN_PRE + h} {unit}s before the start"
            )
    row["note"] = "; ".join(notes)
    out = pd.DataFrame([row], columns=RESULT_COLUMNS)
    out.attrs["path"] = EffectPath(
        _path_frame(
            index[: last + 1], values[: last + 1], first, results, paths, predicted, bands, alpha
        )
    )
    out.attrs["result"] = _smoothed(results)
    return out


def _creep_p(pre, exog_pre, post, exog_post, cycle, draws, seed, alpha) -> float:
    """Return the p of the same change under :data:`CREEP_FORM`.

    Offered the cycle and the controls the kept form has (its rule may drop them, never add
    one); the same draws and seed as the kept form's. NaN when that form cannot be fitted.
    Not a bound on p: its forecast starts from the last periods before the date.
    """
    results, _, _, kept, _ = _fit_before(pre, exog_pre, CREEP_FORM, [cycle] if cycle else [])
    if results is None:
        return np.nan
    predicted, paths, _ = _forecast(
        results, len(post), exog_post if kept else None, draws, seed, alpha
    )
    return float(average_effect(post, predicted, paths, alpha=alpha)[3])


def _smoothed(results):
    """Return the same fit with the smoother run too (``_fit`` filters only), for the user."""
    with _blas().limit(limits=1, user_api="blas"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        smoothed = results.model.smooth(results.params, cov_type="none")
    if hasattr(results, "mle_params"):
        smoothed.mle_params = results.mle_params
    smoothed.center, smoothed.scale = _units(results)
    return smoothed


#: Placebo checks remembered (see ``_placebo_remembered``).
_PLACEBOS = _Kept()


def _placebo_remembered(pre: np.ndarray, exog: np.ndarray | None, *rest) -> tuple:
    """:func:`_placebo_effects` (the same arguments), remembered under its exact inputs.

    The check depends on nothing else (its draws have their own fixed seed), and a page
    asks it twice of series that are one series under two names (the sample seller's
    messages sent and outreach sent).
    """
    pre = np.asarray(pre, dtype=float)
    x = None if exog is None else np.asarray(exog, dtype=float)
    key = (_exact(pre), _exact(x), *rest, (PLACEBO_REFIT, MIN_PRE, HARMONICS, STANDARDIZE))
    fakes, spreads = _PLACEBOS.get(key, lambda: _placebo_effects(pre, x, *rest))
    return fakes.copy(), spreads.copy()


def _placebo_effects(
    pre: np.ndarray,
    exog: np.ndarray | None,
    h: int,
    form: str,
    latest: int | None = None,
    season: int | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Average effect at every fake start that leaves MIN_PRE values to learn from.

    Returns the effects and, for each, the spread (sd) its own fit expects of that average
    (from 200 joint draws of its forecast): each fake start is judged against the model
    fitted on the periods before *it*, which knows less than the fit on the whole
    before-period. ``latest``: only the that many latest feasible fake starts (all when None).
    The parameters are estimated afresh every :data:`PLACEBO_REFIT` periods of fake start;
    the starts between use the latest estimates (made on fewer periods: nothing after the
    fake start is ever used), filtered up to their start.
    """
    starts = [
        s
        for s in range(1, len(pre) - h + 1)
        if np.isfinite(pre[:s]).sum() >= MIN_PRE and np.isfinite(pre[s : s + h]).any()
    ]
    if latest is not None:
        starts = starts[len(starts) - latest :] if latest > 0 else []
    effects, spreads = [], []
    rng = np.random.default_rng(0)
    params, fitted_at = None, None
    center, scale = 0.0, 1.0
    for s in starts:
        window = pre[s : s + h]
        try:
            if params is None or s - fitted_at >= PLACEBO_REFIT:
                # in sd units of the periods before s, as the real fit (``_standard``)
                center, scale = _standard(pre[:s])
                z = (pre[:s] - center) / scale
                results, _ = _fit(z, None if exog is None else exog[:s], form, season)
                params, fitted_at = np.asarray(results.params, dtype=float), s
            # The latest estimates (from fewer periods when not refitted: none after s),
            # filtered up to s and over the h periods after it, which have no value: one
            # filter gives the forecast's mean (bit for bit get_forecast's) and the draws.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                endog = np.r_[(pre[:s] - center) / scale, np.full(h, np.nan)]
                x = None if exog is None else np.asarray(exog[: s + h], dtype=float)
                extended = _model(endog, x, form, season)
            sims, predicted = _draw_paths(extended, params, h, 200, rng, mean=True)
        except (np.linalg.LinAlgError, ValueError):
            continue
        seen = np.isfinite(window)
        predicted = center + scale * predicted
        effects.append(float(np.mean(window[seen] - predicted[seen])))
        spreads.append(scale * float(np.std(sims[seen].mean(0))))
    return np.asarray(effects), np.asarray(spreads)


def _path_frame(index, values, first, results, paths, predicted, bands, alpha) -> pd.DataFrame:
    """Period-by-period observed, predicted (with band) and effects, for the picture."""
    n = len(index)
    bands = np.asarray(bands, dtype=float)
    fitted = np.full(n, np.nan)
    center, scale = _units(results)
    fitted[1:first] = center + scale * np.asarray(results.fittedvalues, dtype=float)[1:first]
    pred = np.r_[fitted[:first], predicted]
    low = np.r_[np.full(first, np.nan), bands[:, 0]]
    high = np.r_[np.full(first, np.nan), bands[:, 1]]
    post = values[first:]
    seen = np.isfinite(post)
    gaps = np.where(seen[:, None], post[:, None] - paths, 0.0).cumsum(axis=0)
    cum = np.where(seen, np.nancumsum(np.where(seen, post - predicted, 0.0)), np.nan)
    cum_low, cum_high = np.quantile(gaps, [alpha / 2, 1 - alpha / 2], axis=1)
    pad = np.full(first, np.nan)
    return pd.DataFrame(
        {
            "period": index,
            "observed": values,
            "predicted": pred,
            "predicted_low": low,
            "predicted_high": high,
            "effect": values - pred,
            "effect_low": values - high,
            "effect_high": values - low,
            "cumulative": np.r_[pad, cum],
            "cumulative_low": np.r_[pad, np.where(seen, cum_low, np.nan)],
            "cumulative_high": np.r_[pad, np.where(seen, cum_high, np.nan)],
            "after_start": np.arange(n) >= first,
        }
    )


def draws_for(tests: int, *, alpha: float = 0.05, least: int = 1000) -> int:
    """Forecast draws each series needs when ``tests`` series are decided as one family.

    A series' p comes from its draws, so it is never below ``2 / (draws + 1)``; Benjamini and
    Hochberg multiply the smallest p by ``tests``. With 1,000 draws and 26 series that floor
    is 26 x 0.002 = 0.052: one series that truly changed, alone, could never read "changed".
    This returns enough draws for the floor to sit at half of ``alpha`` (at least ``least``).

    Examples
    --------
    >>> draws_for(1), draws_for(26), draws_for(26, alpha=0.01)
    (1000, 2080, 10400)
    >>> 26 * 2 / (draws_for(26) + 1) < 0.05 / 2 + 1e-3
    True
    """
    if tests < 1 or not 0 < alpha < 1:
        raise ValueError(f"draws_for: tests must be >= 1 and 0 < alpha < 1; got {tests}, {alpha}")
    return max(int(least), int(np.ceil(4 * tests / alpha)))


def change_family(results: pd.DataFrame, *, alpha: float = 0.05) -> pd.DataFrame:
    """Decide many series tested at one change date as one family.

    A report checks SSI, every pillar and every outcome at the date of one change: with 26
    series and no change at all, about 1.3 of them show p < 0.05 by chance (on the sample
    seller, 9 of 11 placebo dates had at least one). The p-values of the rows with a result
    are adjusted together by Benjamini and Hochberg's false-discovery-rate procedure
    (:func:`ssi_analysis.stats._core.adjust_p`, the answers' own), which under no change at all
    keeps the chance of *any* "changed" at ``alpha`` (for independent series and for series
    that move together, like SSI and its pillars).

    Parameters
    ----------
    results : pandas.DataFrame
        Rows of :func:`intervention` for one change date (``pd.concat`` of several calls).
    alpha : float
        The family's false-discovery rate.

    Returns
    -------
    pandas.DataFrame
        ``results`` plus ``n_family`` (how many series had a result and were tested
        together), ``p_family`` (the adjusted p; NaN for rows without a result),
        ``chance_flags`` (the number of series expected at p < alpha with no change anywhere:
        ``alpha * n_family``) and ``changed`` (``p_family < alpha``); for a "changed" row with
        a ``p_creep``, ``p_creep_family`` is its adjusted p with ``p_creep`` put in place of
        its ``p`` (NaN elsewhere), and ``creep_explains`` is decided again on it.

    Examples
    --------
    >>> rows = pd.DataFrame({"y": ["a", "b", "c"], "p": [0.001, 0.04, 0.6],
    ...                      "status": ["ok", "ok", "ok"]})
    >>> change_family(rows)[["y", "p_family", "changed"]].round(3)
       y  p_family  changed
    0  a     0.003     True
    1  b     0.060    False
    2  c     0.600    False
    """
    if not 0 < alpha < 1:
        raise ValueError(f"change_family: alpha must be between 0 and 1; got {alpha!r}.")
    p = pd.to_numeric(results["p"], errors="coerce").to_numpy(dtype=float)
    tested = (results["status"] == "ok").to_numpy() & np.isfinite(p)
    p_family = adjust_p(np.where(tested, p, np.nan))  # NaN rows stay NaN, uncounted
    n = int(tested.sum())
    changed = p_family < alpha
    added = {
        "n_family": np.full(len(results), n),
        "p_family": p_family,
        "chance_flags": np.full(len(results), alpha * n),
        "changed": changed,
    }
    if "p_creep" in results:
        # A "changed" that rests on a steady level: would the family still call it changed
        # with the p that allows a slow creep in its place? (NaN: no such fit, cannot tell.)
        p_creep = pd.to_numeric(results["p_creep"], errors="coerce").to_numpy(dtype=float)
        explains = np.zeros(len(results), dtype=bool)
        creep_family = np.full(len(results), np.nan)
        for i in np.flatnonzero(changed):
            if not np.isfinite(p_creep[i]):
                explains[i] = bool(results["creep_explains"].iloc[i])
                continue
            swapped = np.where(tested, p, np.nan)
            swapped[i] = p_creep[i]
            creep_family[i] = adjust_p(swapped)[i]
            explains[i] = not creep_family[i] < alpha
        added["p_creep_family"] = creep_family
        added["creep_explains"] = explains
    if results.columns.isin(list(added)).any():  # decided before: overwrite in place
        return results.assign(**added)
    # one concatenation: four column insertions cost more than the adjustment (a report
    # decides one family per change date; the suite's check of the page, 1,000)
    return pd.concat([results, pd.DataFrame(added, index=results.index)], axis=1)
