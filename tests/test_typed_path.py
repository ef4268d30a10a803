"""The typed fast path for large wide CSV logs gives exactly what the text path gives.

The fast path is only taken for files of at least ``MIN_BYTES``; here it is lowered to 0 so
that every file of the corpus and a few generated team logs go through it, and each result
(frame, load report, or the problems of the error) is compared with the text path's.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from same_load import spy

from ssi_analysis import SSIDataError, load_ssi
from ssi_analysis.readers import _typed

CORPUS = Path(__file__).resolve().parent / "corpus" / "ssi"


def load_both(monkeypatch, path, **kwargs):
    """(result of the text path, result of the fast path, whether the fast path was taken)."""
    read_typed_wide, taken = spy(_typed.read_typed_wide)
    monkeypatch.setattr(_typed, "MIN_BYTES", 1 << 60)
    text = _outcome(path, **kwargs)
    monkeypatch.setattr(_typed, "MIN_BYTES", 0)
    monkeypatch.setattr("ssi_analysis.readers.ssi.read_typed_wide", read_typed_wide)
    fast = _outcome(path, **kwargs)
    return text, fast, any(taken)


def _outcome(path, **kwargs):
    try:
        return load_ssi(path, **kwargs)
    except SSIDataError as error:
        return error


def assert_same(text, fast):
    if isinstance(text, SSIDataError):
        assert isinstance(fast, SSIDataError), "the fast path loaded what the text path refused"
        pd.testing.assert_frame_equal(text.problems, fast.problems)
        return
    assert not isinstance(fast, SSIDataError), str(fast)
    pd.testing.assert_frame_equal(text, fast)
    a, b = text.attrs["load_report"], fast.attrs["load_report"]
    for name in ("rows_read", "rows_kept", "rows_missing", "rows_merged", "rows_rejected"):
        assert getattr(a, name) == getattr(b, name), name
    assert (a.format, a.ignored_columns, a.missing_days) == (
        b.format,
        b.ignored_columns,
        b.missing_days,
    )
    assert a.people == b.people


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.csv")))
def test_every_corpus_file_gives_the_same_result(monkeypatch, name):
    text, fast, _ = load_both(monkeypatch, CORPUS / name)
    assert_same(text, fast)


def team_log(path, *, people=30, days=200, seed=0, shuffle=False, edit=None):
    rng = np.random.default_rng(seed)
    n = people * days
    pillars = np.clip(rng.normal(12, 4, (n, 4)), 0, 25).round(3)
    frame = pd.DataFrame(
        {
            "Name": np.repeat([f"Seller {i:03d}" for i in range(people)], days),
            "Date": np.tile(pd.date_range("2025-01-01", periods=days).strftime("%Y-%m-%d"), people),
            "SSI": pillars.sum(axis=1).round(),
            "Brand": pillars[:, 0],
            "People": pillars[:, 1],
            "Insights": pillars[:, 2],
            "Relationships": pillars[:, 3],
            "Industry_Rank": rng.integers(1, 100, n),
            "Notes": "",
        }
    )
    frame.loc[rng.random(n) < 0.02, ["SSI", "Brand", "People", "Insights", "Relationships"]] = 0.0
    if shuffle:
        frame = frame.sample(frac=1, random_state=seed)
    if edit is not None:
        frame = edit(frame)
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("block", [1 << 23, 997])
def test_a_plain_team_log_takes_the_fast_path(monkeypatch, tmp_path, block):
    # small blocks: lines cut at block ends, a line longer than a block, and the arrays
    # grown past the estimate made from the first block (whose lines are longer)
    monkeypatch.setattr(_typed, "BLOCK", block)

    def long_lines_first(frame):
        frame["Notes"] = frame["Notes"].astype(object)
        frame.loc[frame.index[:100], "Notes"] = "a long note " * 8
        frame.loc[frame.index[500], "Notes"] = "x" * 3000
        return frame

    path = team_log(tmp_path / "team.csv", edit=long_lines_first if block < 1000 else None)
    text, fast, taken = load_both(monkeypatch, path)
    assert taken
    assert_same(text, fast)
    assert fast.attrs["load_report"].rows_missing > 0  # the zero rows: missing, not zero


def test_shuffled_rows_and_same_day_captures(monkeypatch, tmp_path):
    def twice(frame):
        extra = frame.iloc[:50].assign(SSI=np.nan)  # a second, later line for 50 days
        return pd.concat([frame, extra])

    path = team_log(tmp_path / "team.csv", shuffle=True, edit=twice)
    text, fast, taken = load_both(monkeypatch, path)
    assert taken
    assert_same(text, fast)
    assert fast.attrs["load_report"].rows_merged == 50


def test_blank_names_are_named_and_person_fills_them(monkeypatch, tmp_path):
    def blank(frame):
        frame.loc[[5, 4000], "Name"] = ""
        return frame

    path = team_log(tmp_path / "team.csv", edit=blank)
    text, fast, taken = load_both(monkeypatch, path)
    assert taken and isinstance(fast, SSIDataError)
    assert_same(text, fast)
    assert fast.problems["line"].tolist() == [7, 4002]
    text, fast, _ = load_both(monkeypatch, path, person="Zed")
    assert_same(text, fast)
    assert "Zed" in fast["person"].tolist()


@pytest.mark.parametrize(
    ("value", "column", "words"),
    [
        ("six", "People", "not a number"),  # not a float: the file is read again as text
        ("51", "Brand", "range 0-25"),  # a float, checked on the typed values
        ("5/13/2025", "Date", ""),  # not ISO: read again as text, where it is a fine date
    ],
)
def test_a_bad_cell_deep_in_a_large_file_is_named(monkeypatch, tmp_path, value, column, words):
    def spoil(frame):
        frame[column] = frame[column].astype(object)
        frame.loc[4321, column] = value
        return frame

    path = team_log(tmp_path / "team.csv", edit=spoil)
    text, fast, _ = load_both(monkeypatch, path)
    assert_same(text, fast)
    if words:
        first = fast.problems.iloc[0]
        assert (int(first["line"]), first["column"]) == (4323, column)
        assert words in first["problem"]
