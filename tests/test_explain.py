"""Plain sentences for results: what they say depends on the numbers."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import correlate, explain, team_effect


def base(**changes):  # a correlate row: r is the tested correlation, r_levels the levels' one
    row = {
        "x": "ssi",
        "y": "pipeline_created",
        "lag": 0,
        "n": 52,
        "r": 0.41,
        "r_levels": 0.41,
        "p": 0.48,
        "p_naive": 0.002,
        "r_detectable": 0.45,
        "unit": "week",
        "status": "ok",
        "note": "",
    }
    row.update(changes)
    return row


def test_spurious_trend_is_called_out():
    text = explain(base())
    assert "both drift over time" in text and "no evidence of a link" in text
    assert "p = 0.48" in text and "52 weeks" in text and "above 0.45" in text


def test_a_real_link_is_stated_with_the_causation_caveat():
    text = explain(base(p=0.003))
    assert "the link holds" in text and "p = 0.003" in text and "causes" in text


def test_null_without_drift():
    text = explain(base(r=0.05, p=0.7, p_naive=0.7))
    assert text.startswith("No evidence that weekly SSI and pipeline created move together")


def test_lag_and_adjusted_p_and_pillar_names():
    text = explain(base(x="relationships", lag=2, p=0.01, p_adj=0.2))
    assert "build-relationships pillar and pipeline created 2 weeks later" in text
    assert "does not survive the adjustment for the number of tests" in text
    assert "p = 0.01 on its own" in text and "p = 0.20 adjusted" in text
    assert "drift" not in text  # the adjustment, not a trend, removed significance


def test_a_status_other_than_ok_becomes_the_note():
    text = explain(base(status="too_few", note="too few periods: 4 with both values known"))
    assert "no result" in text and "too few periods" in text
    # a note alone no longer means "no result": granger rows always carry a caveat


def test_direction_is_the_tested_one():
    # review: trends opposite (levels r = -0.94), weekly moves together (tested r = +0.83)
    text = explain(base(r=0.83, r_levels=-0.94, p=4e-26, p_naive=1e-40))
    assert "moved together" in text and "opposite" not in text and "r = 0.83" in text


def test_between_people_without_evidence_states_no_direction():
    row = {"effect": "between", "x": "ssi", "y": "revenue_won", "r": 0.2, "p": 0.55}
    text = explain(row | {"n_people": 12})
    assert text.startswith("No evidence") and "higher average revenue" not in text


def test_granger_rows_are_explained_not_called_errors(rng):
    from ssi_analysis import granger

    n = 150
    x = rng.normal(size=n)
    data = pd.DataFrame(
        {
            "period": pd.date_range("2023-01-02", periods=n, freq="W-MON"),
            "x": x,
            "y": np.r_[0, 0.9 * x[:-1]] + rng.normal(size=n),
        }
    )
    row = granger(data, x="x", y="y", maxlag=1).iloc[0]
    text = explain(row)
    assert "helped predict" in text and "no result" not in text and "not cause" in text


def test_power_and_diagnose_rows_and_unknown_frames(rng):
    from ssi_analysis import diagnose, min_detectable_r

    data = pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=52, freq="W-MON"),
            "ssi": rng.normal(size=52).cumsum(),
            "flat": 3.0,
            "replies": rng.normal(size=52),
        }
    )
    assert "or stronger 80% of the time" in explain(
        min_detectable_r(data, x="ssi", y="replies").iloc[0]
    )
    flat = min_detectable_r(data, x="flat", y="replies").iloc[0]
    assert flat["status"] == "constant" and "no detectable size" in explain(flat)
    flags = diagnose(data).set_index("column")
    assert "never changes" in explain(flags.loc["flat"].to_dict() | {"column": "flat"})
    with pytest.raises(TypeError, match="explain understands rows of correlate"):
        explain({"person": "me", "ssi": 50})


def test_explains_real_result_rows(rng):
    n = 52
    data = pd.DataFrame(
        {
            "period": pd.date_range("2025-01-06", periods=n, freq="W-MON"),
            "ssi": rng.normal(size=n).cumsum(),
            "replies": rng.normal(size=n),
        }
    )
    assert "replies" in explain(correlate(data, x="ssi", y="replies").iloc[0])


def test_team_rows(rng):
    people, weeks = 10, 20
    level = np.repeat(rng.normal(0, 3, people), weeks)
    panel = pd.DataFrame(
        {
            "person": np.repeat([f"p{i}" for i in range(people)], weeks),
            "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
            "ssi": level + rng.normal(size=people * weeks),
            "revenue_won": level + rng.normal(size=people * weeks),
        }
    )
    rows = team_effect(panel, x="ssi", y="revenue_won").set_index("effect")
    within = explain(rows.loc["within"].to_dict() | {"effect": "within"})
    between = explain(rows.loc["between"].to_dict() | {"effect": "between"})
    assert "raising my SSI" in within or "above their own usual level" in within
    assert "says nothing about what raising one person's SSI does" in between
