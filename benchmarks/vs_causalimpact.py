"""The kit's before/after analysis against pycausalimpact on the same simulated data.

Run ``python benchmarks/vs_causalimpact.py [--reps 100]`` from the repository. pycausalimpact is
*not* a dependency of the kit: install it only for this comparison, e.g. into a folder of its
own (``pip install --target /tmp/pyci --no-deps pycausalimpact`` and
``PYTHONPATH=/tmp/pyci``). Without it the script says so and runs the kit's side alone.

Cells (the same seeds give both sides the same data sets):

- ``CausalImpact example``: CausalImpact's documentation example, x1 = 100 + AR(0.999)
  noise, y = 1.2 x1 + N(0, 1), 70 points before and 30 after; with no effect (false
  positives) and with +10 from point 71 (coverage of +10 by the 95 % interval of the average
  effect).
- ``control + AR(0.5)``: y = control + AR(0.5) noise, the control a random walk; 52 weeks
  before, 13 after (the kit's default path for SSI with its industry average).
- ``random walk``: no control, 52 + 13 weeks.

Printed per cell and side: the false-positive rate (p < 0.05 with no effect), the coverage of
the true effect, and the mean time per data set (the kit fits once for both questions;
pycausalimpact, which takes the whole series, twice). pycausalimpact 0.1.1 (2020) predates pandas
3 and statsmodels 0.14: the three calls of it they no longer accept (``applymap``, a
positional ``Series[0]``, ``get_forecast(alpha=)``) are patched here, for this script only.
"""

from __future__ import annotations

import argparse
import math
import time
import warnings

import numpy as np
import pandas as pd
from scipy.signal import lfilter


def ar(rng, phi, n):
    e = rng.normal(size=n)
    e[0] /= math.sqrt(1 - phi * phi)
    return lfilter([1.0], [1.0, -phi], e)


def doc_example(rng):
    x1 = 100 + ar(rng, 0.999, 100)
    return 1.2 * x1 + rng.normal(size=100), x1, 70, 10.0


def control_ar(rng):
    control = 50 + rng.normal(size=65).cumsum()
    return control + ar(rng, 0.5, 65), control, 52, 1.5 / math.sqrt(0.75)


def walk(rng):
    return 50 + rng.normal(size=65).cumsum(), None, 52, 1.5


CELLS = {"CausalImpact example": doc_example, "control + AR(0.5)": control_ar, "random walk": walk}


def kit(y, x, before, effect):
    """The kit's answer on the null and on the data with ``effect`` added after ``before``."""
    from ssi_analysis.stats.intervention import average_effect, forecast_draws

    controls = None if x is None else x[:, None]
    predicted, paths, _ = forecast_draws(y[:before], len(y) - before, controls=controls, seed=0)
    null = average_effect(y[before:], predicted, paths)
    moved = average_effect(y[before:] + effect, predicted, paths)
    return null[3] < 0.05, moved[1] <= effect <= moved[2]


def pycausalimpact():
    """pycausalimpact's CausalImpact, made to run on today's pandas; None when absent."""
    try:
        from causalimpact import CausalImpact
        from causalimpact.misc import standardize
    except ImportError:
        return None
    if not hasattr(pd.DataFrame, "applymap"):
        pd.DataFrame.applymap = pd.DataFrame.map  # removed in pandas 3

    def _standardize_pre_post_data(self):  # its own code, with positional .iloc
        self.normed_pre_data, (mu, sig) = standardize(self.pre_data)
        self.normed_post_data = (self.post_data - mu) / sig
        self.mu_sig = (mu.iloc[0], sig.iloc[0])

    CausalImpact._standardize_pre_post_data = _standardize_pre_post_data
    from statsmodels.tsa.statespace.mlemodel import MLEResults

    forecast = MLEResults.get_forecast
    if not getattr(forecast, "drops_alpha", False):

        def get_forecast(self, steps=1, alpha=None, **kwargs):  # alpha= no longer accepted
            return forecast(self, steps, **kwargs)

        get_forecast.drops_alpha = True
        MLEResults.get_forecast = get_forecast
    return CausalImpact


def theirs(impact, y, x, before, effect):
    """pycausalimpact's defaults: its p-value, and its interval of the average effect."""
    n = len(y)
    answers = []
    for shift in (0.0, effect):
        data = pd.DataFrame({"y": np.r_[y[:before], y[before:] + shift]})
        if x is not None:
            data["x1"] = x
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ci = impact(data, [0, before - 1], [before, n - 1])
        summary = ci.summary_data
        low, high = (
            summary.loc["abs_effect_lower", "average"],
            summary.loc["abs_effect_upper", "average"],
        )
        answers.append((ci.p_value < 0.05, low <= shift <= high))
    return answers[0][0], answers[1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=100, help="data sets per cell")
    args = parser.parse_args()
    impact = pycausalimpact()
    if impact is None:
        print("pycausalimpact is not installed: the kit's side only (see the docstring).")
    sides = {"kit": kit} | ({"pycausalimpact": lambda *a: theirs(impact, *a)} if impact else {})
    print(f"{args.reps} data sets per cell; false positives at p < 0.05, 95 % intervals")
    print(f"{'cell':22} {'side':15} {'false pos.':>10} {'coverage':>9} {'ms/data set':>12}")
    for cell, make in CELLS.items():
        for side, analyse in sides.items():
            rng = np.random.default_rng(sum(map(ord, cell)))
            rows, started = [], time.perf_counter()
            for _ in range(args.reps):
                rows.append(analyse(*make(rng)))
            ms = 1000 * (time.perf_counter() - started) / args.reps
            fpr, coverage = np.mean(rows, axis=0)
            se = math.sqrt(max(fpr * (1 - fpr), 0.01) / args.reps)
            print(f"{cell:22} {side:15} {fpr:9.1%}  {coverage:8.1%}  {ms:11.0f}   (se {se:.1%})")


if __name__ == "__main__":
    main()
