"""The revenue horizon from the CRM export's created -> closed dates (issue 22, item 2).

Simulated HubSpot deal exports with a known sales cycle: the loader measures the won deals'
median and 80th-percentile cycle (load report and align report, never new rows); the revenue
answers' horizon covers a cycle longer than the 13-week default, says where it came from,
and refuses "ruled out" when the data is too short for the cycle.
"""

import numpy as np
import pandas as pd

import ssi_analysis as ssi
from ssi_analysis.readers.crm import sales_cycle


def write_exports(tmp_path, *, weeks, cycle_weeks, seed=0):
    """An SSI log and a HubSpot deals export: deals created every week, won ones closing
    after a gamma cycle with mean ``cycle_weeks``."""
    rng = np.random.default_rng(seed)
    days = pd.date_range("2024-01-01", periods=weeks * 7, freq="D")
    ssi_ = np.clip(55 + np.cumsum(rng.normal(0, 0.3, len(days))), 1, 99)
    log = pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "SSI": ssi_.round(1)})
    log.to_csv(tmp_path / "ssi_log.csv", index=False)
    rows = []
    for i in range(weeks * 3):
        created = days[rng.integers(0, len(days))]
        won = rng.random() < 0.4
        closed = created + pd.Timedelta(days=int(rng.gamma(4.0, cycle_weeks * 7 / 4.0)))
        rows.append(
            {
                "Record ID": 1000 + i,
                "Deal Name": f"Deal {i}",
                "Deal Stage": "Closed Won" if won else "Appointment Scheduled",
                "Amount": int(rng.lognormal(8, 1)),
                "Close Date": closed.strftime("%Y-%m-%d 00:00") if won else "",
                "Create Date": created.strftime("%Y-%m-%d 00:00"),
                "Deal owner": "Ana",
            }
        )
    pd.DataFrame(rows).to_csv(tmp_path / "hubspot-deals.csv", index=False)
    return tmp_path / "ssi_log.csv", tmp_path / "hubspot-deals.csv"


def panel_of(log, deals):
    outcomes = ssi.load_outcomes(deals)
    scores = ssi.load_ssi(log)
    scores["person"] = "Ana"
    return outcomes, ssi.align(scores, outcomes)


def test_the_cycle_is_measured_from_the_export_and_kept_in_the_reports(tmp_path):
    log, deals = write_exports(tmp_path, weeks=150, cycle_weeks=18)
    outcomes, panel = panel_of(log, deals)
    cycle = outcomes.attrs["load_report"].sales_cycle
    frame = pd.read_csv(deals)
    won = frame[frame["Deal Stage"] == "Closed Won"]
    truth = (pd.to_datetime(won["Close Date"]) - pd.to_datetime(won["Create Date"])).dt.days / 7
    assert cycle["deals"] == len(won)
    assert cycle["median_weeks"] == round(float(truth.median()), 1)
    assert cycle["p80_weeks"] == round(float(truth.quantile(0.8)), 1)
    assert any("sales cycle of" in n for n in outcomes.attrs["load_report"].notes)
    assert panel.attrs["align_report"].sales_cycle == cycle
    assert "sales_cycle" not in set(outcomes["metric"])  # not a row


def test_a_long_cycle_sets_the_revenue_horizon_and_the_sentence_says_so(tmp_path):
    log, deals = write_exports(tmp_path, weeks=150, cycle_weeks=18)
    _, panel = panel_of(log, deals)
    cycle = panel.attrs["align_report"].sales_cycle
    assert cycle["p80_weeks"] > 13
    result = ssi.answers(panel, scores=["ssi"], outcomes=["revenue_won", "pipeline_created"])
    revenue = result.pair("ssi", "revenue_won")
    assert int(revenue["horizon"]) == int(np.ceil(cycle["p80_weeks"]))
    assert "covers your sales cycle" in revenue["sentence"]
    assert f"{cycle['p80_weeks']:g} weeks" in revenue["sentence"]
    assert int(result.pair("ssi", "pipeline_created")["horizon"]) == 4  # not revenue


def test_data_too_short_for_the_cycle_cannot_rule_revenue_out(tmp_path):
    log, deals = write_exports(tmp_path, weeks=45, cycle_weeks=30, seed=1)
    _, panel = panel_of(log, deals)
    cycle = panel.attrs["align_report"].sales_cycle
    row = ssi.answers(panel, scores=["ssi"], outcomes=["revenue_won"], bound=5.0).table.iloc[0]
    assert np.ceil(cycle["p80_weeks"]) > row["horizon"]  # shortened to what the data carries
    assert row["verdict"] != "ruled out"
    assert "shorter than this question's sales cycle" in row["sentence"]


def test_a_short_cycle_keeps_the_default_and_says_so(tmp_path):
    log, deals = write_exports(tmp_path, weeks=150, cycle_weeks=4, seed=2)
    _, panel = panel_of(log, deals)
    row = ssi.answers(panel, scores=["ssi"], outcomes=["revenue_won"]).table.iloc[0]
    assert int(row["horizon"]) == 13
    assert "kit's default sales cycle; your CRM export's is shorter" in row["sentence"]


def test_sales_cycle_needs_both_dates():
    rows = pd.DataFrame(
        {"metric": ["deals_created"], "_file": "a", "_line": [2], "_stamp": [pd.Timestamp(0)]}
    )
    assert sales_cycle(rows) is None
    assert sales_cycle(pd.DataFrame({"metric": []})) is None
