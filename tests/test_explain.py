"""Plain sentences for results: what they say depends on the numbers."""

import numpy as np
import pandas as pd

from ssi_analysis import correlate, explain, team_effect


def base(**changes):
    row = {
        "x": "ssi",
        "y": "pipeline_created",
        "lag": 0,
        "n": 52,
        "r": 0.41,
        "p": 0.48,
        "p_naive": 0.002,
        "r_detectable": 0.45,
        "unit": "week",
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
    assert "adjusted for the number of tests" in text and "no evidence" in text


def test_a_note_becomes_the_sentence():
    text = explain(base(note="too few periods: 4 with both values known"))
    assert "no result" in text and "too few periods" in text


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
