"""A "changed" says what it assumes: a steady level before the date (issue #25).

The fixed-level form cannot tell a slow creep from a steady level in a year of weeks; a
creeping series with no change reads "changed" under it about ``CREEP_CHANCE`` of the time
(checked by simulation in test_intervention_calibration.py). The sentence and the first
screen's line say so, and only where the form assumes it.
"""

import pandas as pd
import pytest

from ssi_analysis.present.report import change_lines
from ssi_analysis.present.words import explain
from ssi_analysis.stats.intervention import CREEP_CHANCE

ROW = {
    "y": "engagements", "start": pd.Timestamp("2026-08-24"), "n_pre": 91, "n_post": 13,
    "effect": 253.0, "ci_low": 179.0, "ci_high": 330.0, "p": 0.001, "p_family": 0.005,
    "n_family": 26, "unit": "week", "status": "ok", "note": "", "model": "level + AR(1)",
    "placebo_p": 0.5, "n_placebo": 12,
}  # fmt: skip


def creep_clause(text: str) -> bool:
    return "This assumes engagements moved around a steady level before the date" in text


def test_a_changed_under_a_fixed_level_says_what_a_creep_would_do():
    text = explain(ROW)
    assert creep_clause(text)
    assert "had it been creeping up slowly instead (91 weeks cannot tell the two apart)" in text
    assert f'reads "changed" about 1 time in {round(1 / CREEP_CHANCE)}.' in text
    down = explain({**ROW, "effect": -253.0, "ci_low": -330.0, "ci_high": -179.0})
    assert "creeping down slowly" in down


@pytest.mark.parametrize(
    "change",
    [
        {"model": "random walk"},  # a walk's forecast carries any drift already
        {"model": "drifting level + AR(1) + 13-week cycle"},
        {"p": 0.3, "p_family": 0.8},  # no change found: nothing to qualify
        {"p": 0.03, "p_family": 0.12},  # p < 0.05 alone, not once the family is allowed for
        {"p": 0.2, "p_family": float("nan"), "n_family": 1},
    ],
)
def test_no_clause_where_the_form_or_the_answer_does_not_call_for_it(change):
    assert not creep_clause(explain({**ROW, **change}))


def test_untested_family_changed_alone_under_a_fixed_level_gets_the_clause():
    row = {**ROW, "p": 0.01, "p_family": float("nan"), "n_family": 1}
    assert creep_clause(explain(row))
    assert creep_clause(explain({**row, "model": "level + AR(1) + 13-week cycle + controls"}))


def test_the_first_screen_line_names_the_creep_only_for_fixed_level_changes():
    found = pd.DataFrame(
        {
            "y": ["ssi", "impressions", "engagements", "deals_won"],
            "status": "ok",
            "start": pd.Timestamp("2026-08-24"),
            "changed": [True, True, False, True],
            "effect": [3.0, 900.0, 10.0, -1.0],
            "note": "",
            "model": ["random walk", "level + AR(1)", "random walk", "random walk"],
        }
    )
    lines = dict((line.split(":")[0], line) for line, _ in change_lines(found))
    assert "unless already creeping before the date" in lines["Reach"]
    # two changed, one of them under a walk: the line names the one that rests on a level
    found.loc[2, "changed"] = True
    lines = dict((line.split(":")[0], line) for line, _ in change_lines(found))
    assert "unless impressions was already creeping before the date" in lines["Reach"]
    assert "creeping" not in lines["Your SSI"]
    assert "creeping" not in lines["Revenue"]
