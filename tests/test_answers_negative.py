"""An outcome with a negative week (a refund, a correction) keeps its own units only where
it has one: never another seller's rows, never another column's (issue 22, audit (a))."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import ssi_analysis as ssi

WEEKS = pd.date_range("2024-01-01", periods=80, freq="W-MON")


def seller(name, rng, *, refund=False):
    revenue = rng.poisson(2, len(WEEKS)) * 1000.0
    if refund:
        revenue[30] = -500.0  # one refund week
    return pd.DataFrame(
        {
            "person": name,
            "period": WEEKS,
            "ssi": 55 + rng.normal(0, 0.5, len(WEEKS)).cumsum(),
            "revenue_won": revenue,
            "impressions": rng.poisson(300, len(WEEKS)).astype(float),
        }
    )


def test_one_sellers_refund_keeps_the_others_in_shares():
    rng = np.random.default_rng(1)
    panel = pd.concat(
        [seller("Ana", rng), seller("Ben", rng, refund=True), seller("Cy", rng)],
        ignore_index=True,
    )
    table = ssi.answers(panel, scores=["ssi"]).table.set_index(["person", "outcome"])
    assert table.loc[("Ben", "revenue_won"), "effect_unit"] == "units"
    for who in ("Ana", "Cy"):
        assert table.loc[(who, "revenue_won"), "effect_unit"] == "share"
    # another column of the same seller stays a share
    assert table.loc[("Ben", "impressions"), "effect_unit"] == "share"
    # a % bound on an outcome that can be negative is a clear error, naming it
    with pytest.raises(ValueError, match="revenue_won has negative values"):
        ssi.answers(panel, scores=["ssi"], bound={"revenue": 0.3})


def test_per_seller_answers_keep_shares_once_the_team_swing_is_out():
    rng = np.random.default_rng(2)
    panel = pd.concat([seller(f"s{i}", rng) for i in range(6)], ignore_index=True)
    panel.loc[panel["person"] == "s3", "revenue_won"] = panel["revenue_won"].where(
        panel["period"] != WEEKS[10], -200.0
    )
    result = ssi.seller_answers(panel, outcomes=["revenue_won", "impressions"])
    table = result.table.set_index(["person", "outcome"])
    units = table["effect_unit"]
    assert units.loc[("s3", "revenue_won")] == "units"
    assert (units.drop(("s3", "revenue_won")) == "share").all(), units


def test_one_unit_for_the_effect_person_and_team():
    """effect_pct, effect_low_pct, effect_high_pct: the effect in %, for one person as for
    the team (issue 22, item 5), with its interval at ci_level: one person's 90 (the one its
    TOST used), the team's 95 (its TOST's 90 % is tost_low, tost_high), #27."""
    rng = np.random.default_rng(3)
    panel = pd.concat(
        [seller("Ana", rng), seller("Ben", rng, refund=True), seller("Cy", rng)],
        ignore_index=True,
    )
    table = ssi.answers(panel, scores=["ssi"]).table
    share = table[table["effect_unit"] == "share"]
    assert len(share) == 5
    assert np.allclose(share["effect_pct"], 100 * share["effect"])
    assert np.allclose(share["effect_low_pct"], 100 * share["effect_low"])
    assert np.allclose(share["effect_high_pct"], 100 * share["effect_high"])
    assert (table["ci_level"] == 90).all()
    units = table[table["effect_unit"] == "units"]
    assert units["effect_pct"].isna().all() and units["effect"].notna().all()
    team = ssi.team_answers(panel.assign(revenue_won=panel["revenue_won"].clip(lower=0))).table
    assert (team["ci_level"] == 95).all()
    # the same estimate b ± t·se on the model's scale (log for ppml, log1p): the 95 % and
    # the 90 % intervals' half-widths are in the ratio t(0.975, df) / t(0.95, df)
    team = team[np.isfinite(team["effect_pct"])]
    assert len(team)
    logged = team["transform"].isin(["ppml", "log1p"]).to_numpy()

    def scale(column):
        values = team[column].to_numpy(float)
        return np.where(logged, np.log1p(values / 100), values)

    mid, df = scale("effect_pct"), team["people"].to_numpy(float) - 1
    ratio = stats.t.ppf(0.975, df) / stats.t.ppf(0.95, df)
    for wide, narrow in (("effect_low_pct", "tost_low"), ("effect_high_pct", "tost_high")):
        assert np.allclose(scale(wide) - mid, ratio * (scale(narrow) - mid))
