"""The per-seller scan run for all sellers at once equals the one-by-one scan.

``stats/answers/batch.py`` scans the sellers of a team on one clock with every value known as
arrays of sellers × periods; every other seller goes through the per-seller path. Both paths
are run here on small simulated teams that mix the two: sellers with gaps, a seller with a
few weeks on a clock of their own, a constant pillar, outcomes mostly zero and one zero
throughout, a holiday, real links and no links. Every number of the answers and of every lag
must agree to 1e-12, every text exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import ssi_analysis.stats.answers.batch as batch
import ssi_analysis.stats.answers.person as person
from ssi_analysis.stats.answers import seller_answers

OUTCOMES = ["deals_created", "pipeline_created", "revenue_won"]


def mixed_team(seed: int, sellers: int = 14, weeks: int = 104) -> pd.DataFrame:
    """A team on one weekly clock, with the cases the batch must leave to the one-by-one path.

    Sellers 0-3 have a real same-week link of SSI to pipeline; 10 has gaps in its scores; 11
    never won revenue; 12 has 8 weeks of its own; 13 has a constant brand pillar. Revenue is
    zero in about 85 % of weeks for everyone.
    """
    rng = np.random.default_rng(seed)
    weeks_of = pd.date_range("2024-01-01", periods=weeks, freq="W-MON")
    rows = []
    for i in range(sellers):
        ssi = 50 + rng.normal(size=weeks).cumsum() * 0.8
        brand = 12 + rng.normal(size=weeks).cumsum() * 0.2
        signal = 0.6 * (ssi - ssi.mean()) if i < 4 else 0.0
        deals = rng.poisson(3.0, weeks).astype(float)
        pipeline = np.maximum(0.0, 20_000 + 3_000 * (rng.normal(size=weeks) + signal))
        revenue = np.where(rng.random(weeks) < 0.15, rng.gamma(2.0, 8_000.0, weeks), 0.0)
        if i == 10:
            ssi[rng.choice(weeks, 9, replace=False)] = np.nan
        if i == 11:
            revenue[:] = 0.0
        if i == 13:
            brand[:] = 12.0
        part = pd.DataFrame(
            {
                "person": f"Seller {chr(65 + i)}",
                "period": weeks_of,
                "ssi": ssi,
                "brand": brand,
                "deals_created": deals,
                "pipeline_created": pipeline,
                "revenue_won": revenue,
            }
        )
        if i == 12:
            part = part.iloc[30:38]
        rows.append(part)
    return pd.concat(rows, ignore_index=True)


def both_paths(panel, monkeypatch, *, function=seller_answers, **options):
    """The answers with the batch and one by one, and the sellers the batch scanned."""
    scanned_together = []

    def spy(*args, **kwargs):
        found = batch.scan_together(*args, **kwargs)
        scanned_together.extend(found)
        return found

    monkeypatch.setattr(person, "scan_together", spy)
    together = function(panel, **options)
    monkeypatch.setattr(batch, "MIN_BATCH", 10**9)  # every seller one by one
    alone = function(panel, **options)
    return together, alone, scanned_together


@pytest.mark.parametrize("seed", [1, 2])
def test_batch_equals_the_per_seller_scan(seed, monkeypatch):
    panel = mixed_team(seed)
    options = dict(
        scores=["ssi", "brand"],
        outcomes=OUTCOMES,
        lags=range(5),
        holidays=[("2024-07-01", "2024-07-14")],
    )
    together, alone, scanned = both_paths(panel, monkeypatch, **options)
    # the batch took complete sellers and left the gaps and the short clock to the other path
    assert len(scanned) >= 10 and not {"Seller K", "Seller M"} & set(scanned)
    for name in ("table", "lags"):
        pd.testing.assert_frame_equal(
            getattr(together, name), getattr(alone, name), check_exact=False, rtol=1e-12, atol=1e-12
        )
    table = together.table
    assert set(table["verdict"]) >= {"linked", "inconclusive"}  # both kinds of answer compared
    assert (table["caveat"] != "").any() or (table["verdict"] == "linked").any()


def test_batch_covers_a_plain_team_whole(monkeypatch):
    """Every seller complete on one clock: all scanned together, the same answers."""
    panel = mixed_team(3, sellers=10)
    together, alone, scanned = both_paths(panel, monkeypatch, outcomes=OUTCOMES, lags=[0, 1, 2])
    assert len(scanned) == 10
    pd.testing.assert_frame_equal(
        together.table, alone.table, check_exact=False, rtol=1e-12, atol=1e-12
    )


def test_batch_leaves_constant_and_zero_series_to_the_per_seller_scan(monkeypatch):
    """Without the team's swing taken out (answers over every seller, as one family), a
    constant pillar and an outcome zero throughout stay so: those sellers go one by one."""
    panel = mixed_team(4)
    together, alone, scanned = both_paths(
        panel,
        monkeypatch,
        function=person.answers,
        scores=["ssi", "brand"],
        outcomes=OUTCOMES,
        lags=range(5),
        family="all",
    )
    assert sorted(scanned) == [f"Seller {chr(65 + i)}" for i in range(10)]
    for name in ("table", "lags"):
        pd.testing.assert_frame_equal(
            getattr(together, name), getattr(alone, name), check_exact=False, rtol=1e-12, atol=1e-12
        )
    notes = together.table.set_index(["person", "score", "outcome"])["note"]
    assert "constant" in notes["Seller N", "brand", "deals_created"]


def test_batch_takes_the_common_clock_when_the_first_seller_has_gaps(monkeypatch):
    """Seller A misses weeks: the others are still scanned together, on their own clock."""
    panel = mixed_team(5, sellers=10)
    gaps = panel.index[panel["person"] == "Seller A"][[3, 4, 20, 50]]
    panel = panel.drop(index=gaps)  # weeks without a row at all
    together, alone, scanned = both_paths(panel, monkeypatch, outcomes=OUTCOMES, lags=[0, 1])
    assert sorted(scanned) == [f"Seller {chr(65 + i)}" for i in range(1, 10)]
    pd.testing.assert_frame_equal(
        together.table, alone.table, check_exact=False, rtol=1e-12, atol=1e-12
    )
