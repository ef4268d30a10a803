"""The load and align reports ride in ``attrs``, shared by derived frames and never changed.

pandas deep-copies ``attrs`` on nearly every operation; the reports return themselves from
``copy``/``deepcopy`` so that costs nothing (timings: benchmarks/attrs_cost.py). Sharing is
sound only if no frame can change what the others see: these tests try.
"""

import copy
import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from ssi_analysis import align, load_outcomes, load_ssi

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def team():
    repo = REPO
    scores = load_ssi(repo / "data/sample/team/team_ssi_log.csv")
    outcomes = load_outcomes(repo / "data/sample/team/report1763856000000.csv")
    return scores, outcomes, align(scores, outcomes)


def derived(frame: pd.DataFrame, column: str) -> list[pd.DataFrame]:
    """What users do to a loaded frame: filter, pick, sort, copy, concat, merge, group."""
    key = [c for c in ("person", "date", "period") if c in frame.columns]
    return [
        frame[frame[column] > frame[column].median()],
        frame[[*key, column]],
        frame.sort_values(column),
        frame.copy(),
        frame.head(20),
        pd.concat([frame.iloc[:10], frame.iloc[10:20]]),
        frame.merge(frame[key].head(5), on=key),
        frame.groupby("person", as_index=False)[column].mean(),
    ]


def test_a_derived_frame_carries_the_same_report(team):
    scores, outcomes, panel = team
    for frame, column, name in [
        (scores, "ssi", "load_report"),
        (outcomes, "value", "load_report"),
        (panel, "ssi", "align_report"),
    ]:
        report = frame.attrs[name]
        assert copy.deepcopy(report) is report and copy.copy(report) is report
        carried = [d.attrs.get(name) for d in derived(frame, column)]
        assert all(r is report for r in carried), [type(r) for r in carried]


def test_changing_a_derived_frame_or_its_report_leaves_the_original(team):
    scores, _, panel = team
    report = scores.attrs["load_report"]
    before = (str(report), report.problems.copy(), report.attributes.copy())
    child = scores[scores["ssi"] > 50]
    child_report = child.attrs["load_report"]

    # the report is frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        child_report.rows_kept = 0
    # its frames are handed out as copies: writing into them changes nothing shared
    attributes = child_report.attributes
    attributes.loc[:, "Region"] = "changed"
    problems = child_report.problems
    problems.loc[len(problems)] = ["x.csv", 1, "SSI", "?", "planted", "none"]
    assert "changed" not in set(report.attributes["Region"])
    pd.testing.assert_frame_equal(report.attributes, before[2])
    pd.testing.assert_frame_equal(report.problems, before[1])
    assert str(report) == before[0]
    # the derived frame's attrs is its own dict: replacing its report leaves the original's
    child.attrs["load_report"] = None
    child.attrs["mine"] = 1
    assert scores.attrs == {"load_report": report}

    align_report = panel.attrs["align_report"]
    coverage = panel.head().attrs["align_report"].coverage
    coverage.loc[:, "periods"] = -1
    assert (align_report.coverage["periods"] >= 0).all()
    if align_report.sales_cycle is not None:
        align_report.sales_cycle["deals"] = -1
        assert align_report.sales_cycle["deals"] != -1


def test_a_changed_copy_of_the_data_is_still_the_users_own(team):
    """Sharing the report must not make pandas share the data: a derived frame stays apart."""
    scores, _, _ = team
    child = scores.copy()
    child.loc[:, "ssi"] = -1.0
    assert (scores["ssi"].dropna() >= 0).all()
