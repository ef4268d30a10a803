"""The typical seller's weekly figures are the simulator's, measured again (one table).

``stats.power.TYPICAL_WEEKLY`` is the stand-in noise of the experiment planner and of
``Variation.typical``; two copies of it once disagreed (deals created's lag-1
autocorrelation 0.1 in one, the simulator's 0.29). Each figure must lie within the Monte
Carlo error of its three-seed mean (3 s.e. of the seeds' spread, floored at 0.02 for the
rounding and the spread of three seeds) of what the simulator gives now.
"""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.present.experiment import TYPICAL_NOISE
from ssi_analysis.simulate import simulate
from ssi_analysis.stats.power import TYPICAL_OUTCOME, TYPICAL_WEEKLY, Variation


@pytest.fixture(scope="module")
def measured() -> pd.DataFrame:
    rows = []
    for seed in (1, 2, 3):
        weekly = simulate("ssi_not_revenue", seed=seed, days=730).weekly()
        for name in TYPICAL_WEEKLY:
            x = pd.to_numeric(weekly[name], errors="coerce").dropna()
            ac = float(np.clip(x.autocorr(), 0, 0.9))
            rows.append({"name": name, "cv": x.std() / x.mean(), "ac": ac})
    return pd.DataFrame(rows).groupby("name").agg(["mean", "std"])


@pytest.mark.parametrize("name", list(TYPICAL_WEEKLY))
def test_each_typical_figure_is_the_simulators(name, measured):
    cv, ac = TYPICAL_WEEKLY[name]
    for value, figure in ((cv, "cv"), (ac, "ac")):
        mean, sd = measured.loc[name, (figure, "mean")], measured.loc[name, (figure, "std")]
        tolerance = max(3 * sd / np.sqrt(3), 0.02)
        assert abs(value - mean) <= tolerance, (name, figure, value, round(mean, 3))


def test_the_planners_read_one_table():
    assert TYPICAL_NOISE is TYPICAL_WEEKLY
    for name, (cv, ac) in TYPICAL_OUTCOME.items():
        v = Variation.typical("ssi", name)
        assert (v.outcome_cv, v.outcome_ar) == (cv, ac)
        assert (cv, ac) == TYPICAL_WEEKLY["replies" if name == "replies_received" else name]
