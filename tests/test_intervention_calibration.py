"""intervention()'s promises, checked by simulation: 52 weeks before, 13 after (and shorter).

Each fit is judged by its *exact* chance of each outcome rather than by one drawn after-period:
the data are simulated from known processes, so given the before-period the true average of
the after-period is normal with a known mean and sd, and the kit says "changed" when the
observed average falls outside its 5th smallest or largest drawn average (200 draws: p < 0.05
exactly there). One number per fit, no after-period noise: the rate is the mean over fits and
its Monte Carlo s.e. the s.e. of that mean, a third to a half of a 0/1 count's for the same
fits (which is why 100-150 fits do what 200-300 did). Tolerances come from that s.e.: a rate
promised at most q is checked against q + 3 se, one promised at least q against q - 3 se.

One fit per data set serves every question of its cell ("no change", the 1.5-sd step, the
interval's coverage, a one-week dip): the model is fitted on the before-period only.

Every 52-week cell runs the default path of ``intervention``'s core on weekly data: the
13-week cycle is tried (``seasons_for("week", 52)``) and kept only when the rule finds it helps.
The step is 1.5 standard deviations of the series for AR(0.5) (its marginal sd, 1.155; the
same for the seasonal series, whose cycle is not noise) and 1.5 sds of the weekly changes for
the random walk (a walk has no sd of its own).
"""

import functools
import math
import time

import numpy as np
import pytest
from scipy.signal import lfilter
from scipy.stats import norm

from ssi_analysis.stats.intervention import (
    CREEP_FORM,
    assumes_steady_level,
    forecast_draws,
    seasons_for,
)

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_intervention_calibration")

BEFORE, AFTER, DRAWS, ALPHA, PHI = 52, 13, 200, 0.05, 0.5
SEASONS = seasons_for("week", BEFORE)
#: p < ALPHA when the observed average is beyond the TAIL-th smallest or largest drawn one.
TAIL = math.floor(ALPHA / 2 * (DRAWS + 1) - 1)
AR_SD = 1 / math.sqrt(1 - PHI**2)
STEP = {"AR(0.5)": 1.5 * AR_SD, "random walk": 1.5, "13-week cycle + AR(0.5)": 1.5 * AR_SD}
#: Fits per cell (each judged by its exact chances; see the module's docstring).
#: The walk's exact chances vary little from fit to fit (s.e. 0.3 points at 100 fits): 60 do.
CELL_REPS = {"AR(0.5)": 120, "random walk": 60, "13-week cycle + AR(0.5)": 100}


def ar(rng, phi, n):
    """AR(phi) series of unit innovations, started from its stationary distribution."""
    e = rng.normal(size=n)
    e[0] /= math.sqrt(1 - phi * phi)
    return lfilter([1.0], [1.0, -phi], e)


def ar_average(last, after=AFTER, phi=PHI):
    """Mean (given the last deviation) and sd of the average of the next ``after`` AR values."""
    weight = (1 - phi ** (after - np.arange(after))) / (1 - phi) / after  # of each shock
    return last * np.mean(phi ** np.arange(1, after + 1)), math.sqrt(np.sum(weight**2))


def walk_average(after=AFTER):
    """Sd of the average of a unit-step random walk's next ``after`` values (mean: the last)."""
    return math.sqrt(np.sum((np.arange(1, after + 1) / after) ** 2))


def chances(paths, mean, sd, shift=0.0, weeks=AFTER):
    """Exact chance that p < ALPHA (the truth shifted by ``shift``) and that the interval
    covers the truth, for after-period averages ~ N(mean, sd) judged against ``paths``."""
    drawn = np.sort(paths[:weeks].mean(axis=0))
    low, high = drawn[TAIL], drawn[DRAWS - 1 - TAIL]
    outside = norm.cdf((low - mean - shift) / sd) + norm.sf((high - mean - shift) / sd)
    q_low, q_high = np.quantile(drawn, [ALPHA / 2, 1 - ALPHA / 2])
    return float(outside), float(norm.cdf((q_high - mean) / sd) - norm.cdf((q_low - mean) / sd))


def summary(rows, names):
    """Mean and Monte Carlo s.e. over fits of each column."""
    rows = np.asarray(rows, dtype=float)
    se = rows.std(axis=0, ddof=1) / math.sqrt(len(rows))
    return {k: (float(m), float(s)) for k, m, s in zip(names, rows.mean(0), se, strict=True)}


@pytest.fixture(scope="module", params=list(STEP))
def cell(request):
    return _cell(request.param)


@functools.cache
def _cell(kind):
    """One cell's rates, computed once per process: pytest may set a module-scoped
    parametrised fixture up again for a later test of the same parameter (the CI built the
    AR(0.5) cell twice), and the cells are the file's main cost."""
    rng = np.random.default_rng(sum(map(ord, kind)))
    step, rows, started = STEP[kind], [], time.process_time()
    for i in range(CELL_REPS[kind]):
        n = BEFORE + AFTER
        if kind == "random walk":
            y = 50 + rng.normal(size=BEFORE).cumsum()
            mean, sd, week = y[-1], walk_average(), (y[-1], 1.0)
        else:
            cycle = np.zeros(n)
            if "cycle" in kind:  # a cycle of amplitude 1.5, at a random phase
                cycle = 1.5 * np.sin(2 * np.pi * np.arange(n) / 13 + rng.uniform(0, 2 * np.pi))
            x = ar(rng, PHI, BEFORE)
            y = 50 + x + cycle[:BEFORE]
            mean, sd = ar_average(x[-1])
            mean += 50 + cycle[BEFORE:].mean()
            week = (50 + cycle[BEFORE] + PHI * x[-1], 1.0)
        _, paths, _ = forecast_draws(y, AFTER, seasons=SEASONS, draws=DRAWS, seed=i)
        fpr, coverage = chances(paths, mean, sd)
        power = chances(paths, mean, sd, shift=step)[0]
        # The first week alone (--until its last day): the forecast's first row is exactly
        # the one-week analysis' forecast. A 3-sd dip in it, and the same week undipped.
        dip = chances(paths, *week, shift=-2 * step, weeks=1)[0]
        quiet = chances(paths, *week, weeks=1)[0]
        rows.append((fpr, power, coverage, dip, quiet))
    rates = summary(rows, ("fpr", "power", "coverage", "dip_found", "week_fpr"))
    ms = 1000 * (time.process_time() - started) / len(rows)
    print(f"\n{kind}: " + ", ".join(f"{k} {m:.3f} ± {s:.3f}" for k, (m, s) in rates.items()))
    print(f"{len(rows)} fits, {ms:.0f} ms CPU each")
    return kind, rates


@pytest.mark.slow
def test_no_change_is_rarely_called_a_change(cell):
    kind, rates = cell
    rate, se = rates["fpr"]
    assert rate <= ALPHA + 3 * se, f"{kind}: p < 0.05 in {rate:.3f} (s.e. {se:.3f})"


@pytest.mark.slow
def test_interval_covers_the_true_step(cell):
    # The interval covers the step exactly when the interval without it covers 0.
    kind, rates = cell
    rate, se = rates["coverage"]
    assert rate >= 0.90 - 3 * se, f"{kind}: covered {rate:.3f} (s.e. {se:.3f})"


@pytest.mark.slow
def test_a_step_of_1_5_sd_is_found(cell):
    kind, rates = cell
    rate, se = rates["power"]
    if kind == "random walk":
        # No method can: a step in a walk is one extra weekly change of 1.5 sds among weekly
        # changes of sd 1; a test that knew the date and the model exactly finds it
        # P(|N(1.5, 1)| > 1.96) = 32 % of the time. Measured: docs/methods.md, "Before and
        # after".
        assert rate < 0.40, "more power than the oracle test: check the simulation"
        return
    # The cycle's shape is learned from four cycles: its uncertainty costs some power (issue
    # #25 aimed at 0.6 there; without the cycle in the model it was 0.195).
    aim = 0.60 if "cycle" in kind else 0.70
    assert rate >= aim - 3 * se, f"{kind}: found {rate:.3f} (s.e. {se:.3f})"


@pytest.mark.slow
def test_a_one_week_dip_is_found_in_its_own_week(cell):
    """A 3-sd dip in one week (a holiday, going quiet), analysed as that week (--until).

    Averaged over 13 weeks it was found 9 % of the time (issue #25); as its own window it
    must be found at least 85 % of the time.
    """
    kind, rates = cell
    if kind == "random walk":
        return  # a walk has no sd for a "3-sd" dip
    dip, se = rates["dip_found"]
    assert dip >= 0.85 - 3 * se, f"{kind}: {dip:.3f} (s.e. {se:.3f})"


@pytest.mark.slow
def test_an_undipped_week_is_rarely_called_a_change(cell):
    """The same week without the dip: p < 0.05 at most 5 % (+ 3 s.e.).

    Judged by exact chances, the AR(0.5) forms read one unchanged week "changed" 6.3 % ± 0.3
    (120 fits) and 7.2 % ± 0.6 with the cycle (100) while the variance was drawn normal around
    its maximum-likelihood estimate (issue #25; the 0/1 count of 200 data sets, 7.0 % and
    6.0 %, could not see it). Drawn from the scale's posterior (``_scale_draws``): 5.8 % ±
    0.3 and 6.2 % ± 0.6 on these fits.
    """
    kind, rates = cell
    if kind == "random walk":
        return  # as above: the walk's one-week window is not one of the cells
    quiet, se = rates["week_fpr"]
    assert quiet <= ALPHA + 3 * se, f"{kind}: {quiet:.3f} (s.e. {se:.3f})"


# --- with a control: its coefficient's uncertainty must reach the interval -------------------


def control_cell(rng, reps, before, after, make, sd):
    """Exact chances of p < 0.05 and of coverage, and whether the control was kept.

    ``make(rng)`` returns the control, y and the true after-period average's mean given the
    before-period (its sd is ``sd``).
    """
    rows = []
    for i in range(reps):
        control, y, mean = make(rng)
        _, paths, form = forecast_draws(
            y[:before], after, controls=control[:, None], draws=DRAWS, seed=i
        )
        rows.append((*chances(paths, mean, sd, weeks=after), "controls" in form))
    return summary(rows, ("fpr", "coverage", "kept"))


@pytest.mark.slow
def test_a_control_plus_noise_is_rarely_called_a_change():
    """y = control + AR(0.5) noise, the control a walk (a LinkedIn-wide average), no effect.

    Fitted as a fixed parameter, the coefficient's uncertainty never reached the draws:
    12 % "changed", coverage 0.88 (issue #25). Coverage is asked at 0.93 (issue #25).
    """
    n = BEFORE + AFTER

    def make(rng):
        control = 50 + rng.normal(size=n).cumsum()
        x = ar(rng, PHI, BEFORE)
        return (
            control,
            np.r_[control[:BEFORE] + x, np.zeros(AFTER)],
            (control[BEFORE:].mean() + ar_average(x[-1])[0]),
        )

    rates = control_cell(np.random.default_rng(2502), 120, BEFORE, AFTER, make, ar_average(0)[1])
    print(f"\ncontrol + AR(0.5): {rates}")
    assert rates["kept"][0] > 0.9  # the control helps here: the rule must keep it
    (fpr, fpr_se), (cover, cover_se) = rates["fpr"], rates["coverage"]
    assert fpr <= ALPHA + 3 * fpr_se, f"p < 0.05 in {fpr:.3f} of nulls (s.e. {fpr_se:.3f})"
    assert cover >= 0.93 - 3 * cover_se, f"covered {cover:.3f} (s.e. {cover_se:.3f})"


@pytest.mark.slow
def test_causalimpact_documentation_example():
    """CausalImpact's example: x1 = 100 + AR(0.999), y = 1.2 x1 + N(0, 1), +10 from point 71.

    The kit covered +10 in 81 of 100 data sets before its coefficients became states (issue
    #25). The interval covers +10 exactly when it covers 0 without the effect.
    """

    def make(rng):
        x1 = 100 + ar(rng, 0.999, 100)
        return x1, np.r_[1.2 * x1[:70] + rng.normal(size=70), np.zeros(30)], 1.2 * x1[70:].mean()

    rates = control_cell(np.random.default_rng(71), 60, 70, 30, make, 1 / math.sqrt(30))
    print(f"\nCausalImpact example: {rates}")
    (fpr, fpr_se), (cover, cover_se) = rates["fpr"], rates["coverage"]
    assert cover >= 0.93 - 3 * cover_se, f"+10 covered in {cover:.3f} (s.e. {cover_se:.3f})"
    assert fpr <= ALPHA + 3 * fpr_se, f"p < 0.05 in {fpr:.3f} without the effect"


def test_a_useless_control_is_left_out():
    """A control unrelated to y does not forecast it better, so the rule drops it."""
    rng = np.random.default_rng(9)
    kept = []
    for i in range(20):
        y = 50 + ar(rng, PHI, BEFORE + AFTER)
        noise = 50 + rng.normal(size=BEFORE + AFTER).cumsum()
        *_, form = forecast_draws(y[:BEFORE], AFTER, controls=noise[:, None], draws=50, seed=i)
        kept.append("controls" in form)
    assert np.mean(kept) <= 0.3, f"an unrelated walk kept as a control in {np.mean(kept):.2f}"


# --- a short before-period: the parameters' small-sample bias must not narrow the interval ---


def test_a_short_before_period_is_rarely_called_a_change():
    """20 weeks before (the fewest the kit accepts), AR(0.5), no change: p < 0.05 at most 5 %.

    The maximum-likelihood φ is biased towards 0 by about (1 + 3φ)/n, -0.13 here: the
    forecast's spread was too narrow, and 20-26 weeks before read "changed" in 11.9 % ± 2.0
    of unchanged series (issue #25 audit, 270), 13.7 % of those fitted as AR(1) around a fixed
    level. That form is fitted here (no form choice: cheap).
    """
    rng = np.random.default_rng(2520)
    rows = []
    for i in range(150):
        x = ar(rng, PHI, 20)
        _, paths, _ = forecast_draws(50 + x, AFTER, model="level + AR(1)", draws=DRAWS, seed=i)
        mean, sd = ar_average(x[-1])
        rows.append(chances(paths, 50 + mean, sd))
    (rate, se), _ = summary(rows, ("fpr", "coverage")).values()
    print(f"\n20 weeks before, AR(0.5): p < 0.05 in {rate:.4f} (s.e. {se:.4f})")
    assert rate <= ALPHA + 3 * se, f"p < 0.05 in {rate:.3f} of nulls (s.e. {se:.3f})"


SHORT = {
    "drifting level + AR(0.5)": 0.3,  # random-walk steps of the level, sd 0.3 a week
    "random walk": None,
}


@pytest.mark.parametrize("kind", list(SHORT))
def test_short_before_periods_on_the_default_path(kind):
    """20-26 weeks before, no change, the default path: p < 0.05 at most 5 % (+ 3 s.e.).

    A level that drifts under AR(0.5) noise (the shape of a score that creeps): the rule used
    to keep AR(1) around a *fixed* level for most of them, which read "changed" 16.9 % of the
    time. A random walk: the rule took AR(1) around a drifting level over the walk for a third
    of them on a one-step score over a dozen weeks, mostly with the level's variance estimated
    at 0, and those read "changed" 19 % of the time (10.0 % ± 1.5 over all, 400; issue #25).
    The drifting level must now beat the walk by a nat per parameter it estimates more
    (``WALK_MARGIN``): these 100 walks 11.4 % -> 7.5 % ± 1.1.
    """
    rng = np.random.default_rng(2526 if kind.startswith("drift") else 2527)
    step = SHORT[kind]
    rows = []
    for i in range(100):
        before = int(rng.integers(20, 27))
        if step is None:
            y = 50 + rng.normal(size=before).cumsum()
            mean, sd = y[-1], walk_average()
        else:
            x = ar(rng, PHI, before)
            level = 50 + np.cumsum(rng.normal(0, step, before))
            y = level + x
            mean, sd = ar_average(x[-1])
            mean += level[-1]
            # the level's own steps over the after-period add to the average's variance
            sd = math.sqrt(sd**2 + step**2 * walk_average() ** 2)
        _, paths, _ = forecast_draws(y, AFTER, draws=DRAWS, seed=i)
        rows.append(chances(paths, mean, sd))
    (rate, se), _ = summary(rows, ("fpr", "coverage")).values()
    print(f"\n{kind}, 20-26 weeks: p < 0.05 in {rate:.4f} (s.e. {se:.4f})")
    assert rate <= ALPHA + 3 * se, f"p < 0.05 in {rate:.3f} of nulls (s.e. {se:.3f})"


def unqualified(y, before, seed):
    """The 200 drawn averages' bounds a "changed" must pass without the creep qualifier.

    The kept form's, and where it assumes a steady level (``intervention`` then refits the
    before-period with ``CREEP_FORM``, the form's own cycle tried), the outer of both: a
    "changed" whose p allowing a creep is not below 0.05 says a creep could explain it.
    Returns (kept form's bounds, unqualified bounds, whether the kept form is a fixed level).
    """
    _, paths, form = forecast_draws(
        y, AFTER, seasons=seasons_for("week", before), draws=DRAWS, seed=seed
    )
    kept = np.sort(paths[:AFTER].mean(axis=0))[[TAIL, DRAWS - 1 - TAIL]]
    if not assumes_steady_level(form):
        return kept, kept, False
    cycle = [13] if "cycle" in form else []
    _, creep, _ = forecast_draws(y, AFTER, seasons=cycle, model=CREEP_FORM, draws=DRAWS, seed=seed)
    other = np.sort(creep[:AFTER].mean(axis=0))[[TAIL, DRAWS - 1 - TAIL]]
    return kept, np.array([min(kept[0], other[0]), max(kept[1], other[1])]), True


def outside(bounds, mean, sd):
    """Exact chance that an average ~ N(mean, sd) falls outside ``bounds``."""
    return float(norm.cdf((bounds[0] - mean) / sd) + norm.sf((bounds[1] - mean) / sd))


@pytest.mark.parametrize("shape", ["creeping level", "counts whose rate creeps"])
def test_a_creep_reads_changed_without_its_qualifier_rarely(shape):
    """No change, a level that creeps; 40-52 weeks before: "changed" with no qualifier.

    From 40 periods the rule may keep AR(1) around a *fixed* level, and a year of weeks
    cannot tell a slow creep from a steady level: these series read "changed" 12.8 % ± 1.9
    (the creeping level, the strict expected failure of sessions 11-13) and 25.9 % ± 2.3 (the
    counts). Carrying a creep in every forecast cost a fifth of the power on steady series
    (issue #25; docs/methods.md, "A creeping level"). So a fixed level's "changed" is refitted
    allowing a creep, and when that p is not below 0.05 the sentence says a creep could
    explain it: the plain "changed" must stay at 5 % (+ 3 s.e.).

    The creeping level: steps of sd 0.3 a week under AR(0.5) of unit shocks. The counts:
    Poisson, mean 10 at the start, the log-rate a random walk of sd 0.06 a week (about ±22 %
    a quarter); their after-average's distribution given the before-period is simulated
    (4,000 paths), so its chances are Monte Carlo estimates too (s.e. under 0.4 points).
    """
    rng = np.random.default_rng(2540 if shape == "creeping level" else 2541)
    rows = []
    for i in range(100):
        before = int(rng.integers(40, 53))
        if shape == "creeping level":
            x = ar(rng, PHI, before)
            level = 50 + np.cumsum(rng.normal(0, 0.3, before))
            mean, sd = ar_average(x[-1])
            sd = math.sqrt(sd**2 + 0.3**2 * walk_average() ** 2)
            kept, plain, _ = unqualified(level + x, before, i)
            rows.append((outside(kept, level[-1] + mean, sd), outside(plain, level[-1] + mean, sd)))
            continue
        rate = np.log(10) + np.cumsum(rng.normal(0, 0.06, before))
        y = rng.poisson(np.exp(rate)).astype(float)
        future = rate[-1] + np.cumsum(rng.normal(0, 0.06, (4000, AFTER)), axis=1)
        average = rng.poisson(np.exp(future)).mean(axis=1)
        kept, plain, _ = unqualified(y, before, i)
        rows.append(
            tuple(float(np.mean((average < b[0]) | (average > b[1]))) for b in (kept, plain))
        )
    (changed, se_changed), (rate, se) = summary(rows, ("changed", "plain")).values()
    print(
        f"\n{shape}, 40-52 weeks: changed {changed:.4f} (s.e. {se_changed:.4f}); without the "
        f"creep qualifier {rate:.4f} (s.e. {se:.4f})"
    )
    assert rate <= ALPHA + 3 * se, f"plain 'changed' in {rate:.3f} of nulls (s.e. {se:.3f})"


def test_a_real_step_mostly_reads_changed_without_the_creep_qualifier():
    """A 1.5-sd step on AR(0.5), 52 weeks before: the qualifier must not swallow it.

    Found 0.714 ± 0.022 and without the qualifier 0.560 ± 0.027 (120 fits, seed 1404,
    outside the suite): about 1 real change in 5 carries "a creep could explain it". At least
    half must read plainly (- 3 s.e.).
    """
    rng = np.random.default_rng(2542)
    rows = []
    for i in range(80):
        x = ar(rng, PHI, BEFORE)
        mean, sd = ar_average(x[-1])
        kept, plain, _ = unqualified(50 + x, BEFORE, i)
        shifted = 50 + mean + STEP["AR(0.5)"]
        rows.append((outside(kept, shifted, sd), outside(plain, shifted, sd)))
    (found, _), (rate, se) = summary(rows, ("found", "plain")).values()
    print(
        f"\nAR(0.5), a 1.5-sd step: found {found:.4f}; without the qualifier {rate:.4f} ({se:.4f})"
    )
    assert rate >= 0.5 - 3 * se, f"found plainly in {rate:.3f} (s.e. {se:.3f})"
