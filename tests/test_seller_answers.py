"""Per-seller answers of a team: one family across sellers and lags, calibrated.

Issue 17: an analyst looping the one-person test over 12 sellers found "seller H: the link
holds (p = 0.02)" against a simulated truth of no link; 7 of 12 sellers had some lag with raw
p < 0.05. ``seller_answers`` adjusts every seller's lags in one Benjamini-Hochberg family.
"""

import numpy as np
import pandas as pd
import pytest

import ssi_analysis as ssi
from ssi_analysis.stats import adjust_p
from ssi_analysis.stats.answers import decide, scan_pair, seller_answers, seller_note

LAGS = range(5)


def null_team(rng, sellers=8, weeks=52):
    """Unrelated random walks per seller: trending SSI, trending pipeline, no link."""
    x = rng.normal(size=(sellers, weeks)).cumsum(axis=1) + 50
    y = rng.normal(size=(sellers, weeks)).cumsum(axis=1)
    return x, y


def frame(x, y):
    sellers, weeks = x.shape
    return pd.DataFrame(
        {
            "person": np.repeat([f"Seller {chr(65 + i)}" for i in range(sellers)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), sellers),
            "ssi": x.ravel(),
            "pipeline_created": y.ravel(),
        }
    )


def test_one_family_across_sellers_and_lags():
    rng = np.random.default_rng(3)
    panel = frame(*null_team(rng, sellers=4, weeks=40))
    kwargs = {"outcomes": ["pipeline_created"], "transform": None}
    result = seller_answers(panel, **kwargs)
    assert len(result.table) == 4 and len(result.lags) == 4 * 5
    assert np.allclose(result.lags["p_adj"], adjust_p(result.lags["p"].to_numpy()))
    alone = ssi.answers(panel, scores=["ssi"], **kwargs)  # each seller's own family
    assert np.allclose(alone.lags["p"], result.lags["p"])
    note = seller_note(result)
    assert "4 sellers" in note and "20 tests" in note and "links above about 0." in note


@pytest.mark.slow
def test_null_team_per_seller_holds_alpha_where_the_loop_does_not():
    # 150 teams of 8 sellers x 52 weeks of unrelated random walks, through the pieces
    # seller_answers composes (scan_pair per seller, one adjust_p, decide per seller).
    rng = np.random.default_rng(17)
    teams, naive, adjusted = 150, 0, 0
    for _ in range(teams):
        x, y = null_team(rng)
        scans = [scan_pair(x[i], y[i], lags=LAGS) for i in range(len(x))]
        p = np.concatenate([s["p"] for s in scans])
        p_adj = adjust_p(p)
        naive += bool(np.nanmin(p) < 0.05)
        verdicts = [decide(s, p_adj[5 * i : 5 * i + 5])["verdict"] for i, s in enumerate(scans)]
        adjusted += "linked" in verdicts
    # the family-wise rate under the global null (BH controls it at alpha there)
    assert adjusted / teams <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / teams), adjusted / teams
    assert naive / teams > 0.5  # the loop finds "a seller with a link" in most null teams
