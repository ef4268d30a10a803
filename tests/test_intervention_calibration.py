"""intervention()'s promises, checked by simulation: 52 weeks before, 13 after.

One fit per replication serves both the "no change" and the "1.5-sd step" cell (the model is
fitted on the before-period only, which the two share). Tolerances come from the Monte Carlo
error: a rate promised at most q is checked against q + 3 se, one promised at least q against
q - 3 se, with se = sqrt(q (1 - q) / reps).

Every cell runs the default path of ``intervention`` on weekly data: the 13-week cycle is
tried (``seasons_for("week", 52)``) and kept only when the rule finds it helps.

The step is 1.5 standard deviations of the series for AR(0.5) (its marginal sd, 1.155; the
same for the seasonal series, whose cycle is not noise) and 1.5 sds of the weekly changes for
the random walk (a walk has no sd of its own).
"""

import functools
import math
import time

import numpy as np
import pytest

from ssi_analysis.stats.intervention import average_effect, forecast_draws, seasons_for

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_intervention_calibration")

REPS, BEFORE, AFTER, DRAWS, ALPHA = 300, 52, 13, 200, 0.05
SEASONS = seasons_for("week", BEFORE)
STEP = {
    "AR(0.5)": 1.5 / math.sqrt(1 - 0.25),
    "random walk": 1.5,
    "13-week cycle + AR(0.5)": 1.5 / math.sqrt(1 - 0.25),
}
#: Fits in the short before-period test (one model each, no form choice: they are cheap).
SHORT_REPS = 200
#: Replications per cell: the seasonal cell fits twice the models; 200 keep its bounds useful.
CELL_REPS = {"AR(0.5)": 200, "random walk": 200, "13-week cycle + AR(0.5)": 200}


def at_most(q, reps=REPS):
    return q + 3 * math.sqrt(q * (1 - q) / reps)


def at_least(q, reps=REPS):
    return q - 3 * math.sqrt(q * (1 - q) / reps)


def series(rng, kind):
    e = rng.normal(size=BEFORE + AFTER)
    if kind == "random walk":
        return 50 + e.cumsum()
    x = np.empty_like(e)
    x[0] = e[0] / math.sqrt(0.75)
    for t in range(1, len(e)):
        x[t] = 0.5 * x[t - 1] + e[t]
    if kind == "13-week cycle + AR(0.5)":  # a cycle of amplitude 1.5, at a random phase
        x += 1.5 * np.sin(2 * np.pi * np.arange(len(e)) / 13 + rng.uniform(0, 2 * np.pi))
    return 50 + x


@pytest.fixture(scope="module", params=list(STEP))
def cell(request):
    return _cell(request.param)


@functools.cache
def _cell(kind):
    """One cell's rates, computed once per process: pytest may set a module-scoped
    parametrised fixture up again for a later test of the same parameter (the CI built the
    AR(0.5) cell twice), and the cell is the file's whole cost."""
    rng = np.random.default_rng(sum(map(ord, kind)))
    step = STEP[kind]
    rows, started, reps = [], time.perf_counter(), CELL_REPS[kind]
    for i in range(reps):
        y = series(rng, kind)
        predicted, paths, _ = forecast_draws(
            y[:BEFORE], AFTER, seasons=SEASONS, draws=DRAWS, seed=i
        )
        null = average_effect(y[BEFORE:], predicted, paths, alpha=ALPHA)
        moved = average_effect(y[BEFORE:] + step, predicted, paths, alpha=ALPHA)
        # The first week alone (--until its last day): the forecast's first row is exactly
        # the one-week analysis' forecast. A 3-sd dip in it, and the same week undipped.
        week, first, lead = y[BEFORE : BEFORE + 1], predicted[:1], paths[:1]
        dip = average_effect(week - 2 * step, first, lead, alpha=ALPHA)[3] < ALPHA
        quiet = average_effect(week, first, lead, alpha=ALPHA)[3] < ALPHA
        rows.append((null[3] < ALPHA, moved[3] < ALPHA, moved[1] <= step <= moved[2], dip, quiet))
    names = ("fpr", "power", "coverage", "dip_found", "week_fpr")
    rates = dict(zip(names, np.mean(rows, axis=0), strict=True))
    ms = 1000 * (time.perf_counter() - started) / reps
    print(f"\n{kind}: " + ", ".join(f"{k} {v:.3f}" for k, v in rates.items()) + f"; {ms:.0f} ms")
    return kind, rates, reps


@pytest.mark.slow
def test_no_change_is_rarely_called_a_change(cell):
    kind, rates, reps = cell
    assert rates["fpr"] <= at_most(ALPHA, reps), f"{kind}: p < 0.05 in {rates['fpr']:.3f}"


@pytest.mark.slow
def test_interval_covers_the_true_step(cell):
    kind, rates, reps = cell
    assert rates["coverage"] >= at_least(0.90, reps), f"{kind}: covered {rates['coverage']:.3f}"


@pytest.mark.slow
def test_a_step_of_1_5_sd_is_found(cell):
    kind, rates, reps = cell
    if kind == "random walk":
        # No method can: a step in a walk is one extra weekly change of 1.5 sds among weekly
        # changes of sd 1; a test that knew the date and the model exactly finds it
        # P(|N(1.5, 1)| > 1.96) = 32 % of the time. Measured: docs/methods.md, "Before and
        # after".
        assert rates["power"] < 0.40, "more power than the oracle test: check the simulation"
        return
    # The cycle's shape is learned from four cycles: its uncertainty costs some power (issue
    # #25 aimed at 0.6 there; without the cycle in the model it was 0.195).
    aim = 0.60 if "cycle" in kind else 0.70
    assert rates["power"] >= at_least(aim, reps), f"{kind}: found {rates['power']:.3f}"


# --- with a control: its coefficient's uncertainty must reach the interval -------------------


def ar(rng, phi, n, size=()):
    """AR(phi) series of unit innovations, started from its stationary distribution."""
    from scipy.signal import lfilter

    e = rng.normal(size=(*size, n))
    e[..., 0] /= math.sqrt(1 - phi * phi)
    return lfilter([1.0], [1.0, -phi], e, axis=-1)


def control_cells(rng, reps, before, after, make, step):
    """p < 0.05 without the step, and whether the interval covers ``step`` with it."""
    rows = []
    for i in range(reps):
        control, y = make(rng)
        predicted, paths, form = forecast_draws(
            y[:before], after, controls=control[:, None], draws=DRAWS, seed=i
        )
        null = average_effect(y[before:], predicted, paths, alpha=ALPHA)
        moved = average_effect(y[before:] + step, predicted, paths, alpha=ALPHA)
        rows.append((null[3] < ALPHA, moved[1] <= step <= moved[2], "controls" in form))
    return dict(zip(("fpr", "coverage", "kept"), np.mean(rows, axis=0), strict=True))


@pytest.mark.slow
def test_a_control_plus_noise_is_rarely_called_a_change():
    """y = control + AR(0.5) noise, the control a walk (a LinkedIn-wide average), no effect.

    Fitted as a fixed parameter, the coefficient's uncertainty never reached the draws:
    12 % "changed", coverage 0.88 (issue #25).
    """

    def make(rng):
        control = 50 + rng.normal(size=BEFORE + AFTER).cumsum()
        return control, control + ar(rng, 0.5, BEFORE + AFTER)

    rates = control_cells(np.random.default_rng(2502), REPS, BEFORE, AFTER, make, 1.5)
    print(f"\ncontrol + AR(0.5): {rates}")
    assert rates["kept"] > 0.9  # the control helps here: the rule must keep it
    assert rates["fpr"] <= at_most(ALPHA), f"p < 0.05 in {rates['fpr']:.3f} of nulls"
    assert rates["coverage"] >= 0.93, f"covered {rates['coverage']:.3f}"


@pytest.mark.slow
def test_causalimpact_documentation_example():
    """CausalImpact's example: x1 = 100 + AR(0.999), y = 1.2 x1 + N(0, 1), +10 from point 71.

    100 data sets (as issue #25 measured: the kit covered +10 in 81 of them before).
    """
    reps = 100

    def make(rng):
        x1 = 100 + ar(rng, 0.999, 100)
        return x1, 1.2 * x1 + rng.normal(size=100)

    rates = control_cells(np.random.default_rng(71), reps, 70, 30, make, 10.0)
    print(f"\nCausalImpact example: {rates}")
    assert rates["coverage"] >= 0.93, f"+10 covered in {rates['coverage']:.3f}"
    bound = ALPHA + 3 * math.sqrt(ALPHA * (1 - ALPHA) / reps)
    assert rates["fpr"] <= bound, f"p < 0.05 in {rates['fpr']:.3f} without the effect"


def test_a_useless_control_is_left_out():
    """A control unrelated to y does not forecast it better, so the rule drops it."""
    rng = np.random.default_rng(9)
    kept = []
    for i in range(20):
        y = 50 + ar(rng, 0.5, BEFORE + AFTER)
        noise = 50 + rng.normal(size=BEFORE + AFTER).cumsum()
        *_, form = forecast_draws(y[:BEFORE], AFTER, controls=noise[:, None], draws=50, seed=i)
        kept.append("controls" in form)
    assert np.mean(kept) <= 0.3, f"an unrelated walk kept as a control in {np.mean(kept):.2f}"


@pytest.mark.slow
def test_a_one_week_dip_is_found_in_its_own_week(cell):
    """A 3-sd dip in one week (a holiday, going quiet), analysed as that week (--until).

    Averaged over 13 weeks it was found 9 % of the time (issue #25); as its own window it
    must be found at least 85 % of the time, and an undipped week called changed at most 5 %.
    """
    kind, rates, reps = cell
    if kind == "random walk":
        return  # a walk has no sd for a "3-sd" dip
    assert rates["dip_found"] >= at_least(0.85, reps), f"{kind}: {rates['dip_found']:.3f}"
    assert rates["week_fpr"] <= at_most(ALPHA, reps), f"{kind}: {rates['week_fpr']:.3f}"


# --- a short before-period: the parameters' small-sample bias must not narrow the interval ---


def test_a_short_before_period_is_rarely_called_a_change():
    """20 weeks before (the fewest the kit accepts), AR(0.5), no change: p < 0.05 at most 5 %.

    The maximum-likelihood φ is biased towards 0 by about (1 + 3φ)/n, -0.13 here: the
    forecast's spread was too narrow, and 20-26 weeks before read "changed" in 11.9 % ± 2.0
    of unchanged series (issue #25 audit, 270), 13.7 % of those fitted as AR(1) around a fixed
    level (the form the rule keeps for 85 % of them; the random-walk fits called none
    "changed"). That form is fitted here, and each fit is judged by its exact chance of
    p < 0.05 when the after-period follows the true process from the last week before: the
    kit says "changed" when the observed average falls outside its 5th smallest or largest of
    200 drawn averages, and the true average is normal with known mean and variance. One
    number per fit, no after-period noise; the s.e. is over fits.
    """
    from scipy.signal import lfilter
    from scipy.stats import norm

    reps, before, phi = SHORT_REPS, 20, 0.5
    weight = (1 - phi ** (AFTER - np.arange(AFTER))) / (1 - phi) / AFTER  # of each shock
    sd, decay = math.sqrt(np.sum(weight**2)), np.mean(phi ** np.arange(1, AFTER + 1))
    tail = math.floor(ALPHA / 2 * (DRAWS + 1) - 1)  # p < alpha outside these order statistics
    rng = np.random.default_rng(2520)
    rates = []
    for i in range(reps):
        shocks = rng.normal(size=before)
        shocks[0] /= math.sqrt(1 - phi**2)
        x = lfilter([1.0], [1.0, -phi], shocks)
        _, paths, _ = forecast_draws(50 + x, AFTER, model="level + AR(1)", draws=DRAWS, seed=i)
        means = np.sort(paths.mean(axis=0))
        truth = 50 + x[-1] * decay
        low, high = means[tail], means[DRAWS - 1 - tail]
        rates.append(norm.cdf((low - truth) / sd) + norm.sf((high - truth) / sd))
    rate, se = np.mean(rates), np.std(rates, ddof=1) / math.sqrt(reps)
    print(f"\n{before} weeks before, AR(0.5): p < 0.05 in {rate:.4f} (s.e. {se:.4f})")
    assert rate <= ALPHA + 3 * se, f"p < 0.05 in {rate:.3f} of nulls (s.e. {se:.3f})"


def test_a_drifting_level_with_a_short_before_period_is_rarely_called_a_change():
    """20-26 weeks before, a level that drifts (random-walk steps of sd 0.3) under AR(0.5)
    noise, no change: p < 0.05 at most 5 % (+ 3 s.e.) — the shape of a score that creeps.

    The rule used to keep AR(1) around a *fixed* level for most of them (255 of 350 in the
    issue #25 audit), and those read "changed" 16.9 % of the time (12.3 % ± 1.8 over all):
    20-26 weeks cannot tell a drift this size from none, so the forecast must carry it.
    Judged as the short before-period test above: each fit by its exact chance of p < 0.05
    when the after-period follows the true process from the last week's level and noise
    (the average's variance: the AR part plus the level's steps over the 13 weeks).
    """
    from scipy.signal import lfilter
    from scipy.stats import norm

    reps, phi, step = 150, 0.5, 0.3
    weight = (1 - phi ** (AFTER - np.arange(AFTER))) / (1 - phi) / AFTER  # of each shock
    drift = step**2 * np.sum(((AFTER - np.arange(AFTER)) / AFTER) ** 2)  # of the level's steps
    sd, decay = math.sqrt(np.sum(weight**2) + drift), np.mean(phi ** np.arange(1, AFTER + 1))
    tail = math.floor(ALPHA / 2 * (DRAWS + 1) - 1)
    rng = np.random.default_rng(2526)
    rates, forms = [], []
    for i in range(reps):
        before = int(rng.integers(20, 27))
        shocks = rng.normal(size=before)
        shocks[0] /= math.sqrt(1 - phi**2)
        x = lfilter([1.0], [1.0, -phi], shocks)
        level = 50 + np.cumsum(rng.normal(0, step, before))
        _, paths, form = forecast_draws(level + x, AFTER, draws=DRAWS, seed=i)
        means = np.sort(paths.mean(axis=0))
        truth = level[-1] + x[-1] * decay
        low, high = means[tail], means[DRAWS - 1 - tail]
        rates.append(norm.cdf((low - truth) / sd) + norm.sf((high - truth) / sd))
        forms.append(form)
    rate, se = np.mean(rates), np.std(rates, ddof=1) / math.sqrt(reps)
    print(f"\ndrifting level, 20-26 weeks: p < 0.05 in {rate:.4f} (s.e. {se:.4f}); {set(forms)}")
    assert rate <= ALPHA + 3 * se, f"p < 0.05 in {rate:.3f} of nulls (s.e. {se:.3f})"
