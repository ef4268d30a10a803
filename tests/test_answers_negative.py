"""An outcome with a negative week (a refund, a correction) keeps its own units only where
it has one: never another seller's rows, never another column's (issue 22, audit (a))."""

import numpy as np
import pandas as pd
import pytest

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
    """effect_pct, effect_low_pct, effect_high_pct: % with the interval the TOST used
    (ci_level 90), for one person as for the team (issue 22, item 5)."""
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
    team = ssi.team_answers(panel.assign(revenue_won=panel["revenue_won"].clip(lower=0)))
    assert (team["ci_level"] == 90).all()
    assert np.allclose(team["effect_pct"], team["effect"], equal_nan=True)
    assert np.allclose(team["effect_low_pct"], team["tost_low"], equal_nan=True)
    assert np.allclose(team["effect_high_pct"], team["tost_high"], equal_nan=True)
