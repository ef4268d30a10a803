"""The same-day merge taken by integer keys equals the sort-and-drop rule it replaced.

``_merge_same_day`` keeps, for each person and day, the last real capture (by capture time,
then file, then line). It now sorts integer keys and takes the kept rows column by column
(a million-row team log is not held twice); these checks compare it with the rule written
the plain pandas way, on random frames with repeated days, failed captures, capture times,
several files and unsorted names.
"""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.schema.ssi import _merge_same_day


def reference(frame):
    ordered = frame.assign(_real=~frame["_failed"]).sort_values(
        ["person", "date", "_real", "_capture", "_order", "_line"], kind="stable"
    )
    kept = ordered.drop_duplicates(["person", "date"], keep="last")
    return kept.drop(columns="_real"), len(frame) - len(kept)


def random_frame(rng, n, categorical):
    names = np.array(["Zoë", "adam", "Bea", "Seller 10", "Seller 9"], dtype=object)
    day = pd.Timestamp("2025-01-01") + pd.to_timedelta(rng.integers(0, 6, n), unit="D")
    hours = pd.to_timedelta(rng.integers(0, 3, n), unit="h")
    person = names[rng.integers(0, len(names), n)]
    frame = pd.DataFrame(
        {
            "person": pd.Categorical(person, categories=sorted(set(names)))
            if categorical
            else person,
            "date": day,
            "_capture": (day + hours).where(rng.random(n) < 0.5),
            "_order": rng.integers(0, 3, n).astype(np.int32),
            "_line": rng.permutation(n) + 2,
            "_failed": rng.random(n) < 0.2,
            "ssi": rng.uniform(0, 100, n),
        }
    )
    return frame


@pytest.mark.parametrize("seed", range(30))
@pytest.mark.parametrize("categorical", [False, True])
def test_the_merge_keeps_the_rows_the_sort_and_drop_rule_keeps(seed, categorical):
    rng = np.random.default_rng(seed)
    frame = random_frame(rng, int(rng.integers(1, 60)), categorical)
    # a capture without a time of day is ordered by its date (as _validate fills it)
    filled = frame.assign(_capture=frame["_capture"].fillna(frame["date"]))
    expected, dropped = reference(filled)
    got, merged = _merge_same_day(frame.copy())
    assert merged == dropped
    assert list(got.index) == list(expected.index)
    pd.testing.assert_frame_equal(got.drop(columns="_capture"), expected.drop(columns="_capture"))


def test_a_frame_without_capture_times_is_ordered_by_file_and_line():
    frame = pd.DataFrame(
        {
            "person": ["b", "a", "a", "a"],
            "date": pd.to_datetime(["2025-01-02", "2025-01-01", "2025-01-01", "2025-01-01"]),
            "_order": np.array([0, 1, 0, 0], dtype=np.int32),
            "_line": [2, 2, 4, 3],
            "_failed": [False, False, False, True],
            "ssi": [50.0, 60.0, 61.0, np.nan],
        }
    )
    got, merged = _merge_same_day(frame)
    # the second file's line wins over the first file's; a failed capture never wins
    assert merged == 2
    assert got["ssi"].tolist() == [60.0, 50.0]
    assert got["person"].tolist() == ["a", "b"]
