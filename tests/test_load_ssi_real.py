"""The real exports in ../shared/real/ssi (expected values from ../shared/real/README.md)."""

import numpy as np
import pandas as pd
import pytest

from ssi_analysis import load_ssi

pytestmark = pytest.mark.real

# ../shared/real/README.md, "Expected values for the Portuguese daily files"
PTBR = pd.DataFrame(
    [
        ("2026-04-27", 53, 20.973, 6.38, 10.25, 15, 10, 12, 35, 36),
        ("2026-05-12", 53, 21.048, 6.5, 10.25, 15, 10, 12, 35, 36),
        ("2026-05-13", 52, 21.048, 6.5, 9.5, 15, 10, 13, 35, 36),
        ("2026-05-19", 53, 20.998, 6.4, 10.25, 15, 9, 11, 34, 36),
    ],
    columns=[
        "date",
        "ssi",
        "brand",
        "people",
        "insights",
        "relationships",
        "industry_rank",
        "network_rank",
        "industry_ssi",
        "network_ssi",
    ],
).assign(date=lambda d: pd.to_datetime(d["date"]))


def test_portuguese_daily_files_as_a_folder(real):
    frame = load_ssi(real / "ssi" / "daily_long_ptbr")
    pd.testing.assert_frame_equal(frame[PTBR.columns], PTBR, check_dtype=False)
    report = frame.attrs["load_report"]
    assert report.rows_read == report.rows_kept == 4
    assert report.problems.empty
    # the hand-typed 04-27 file has text-only rows: reported as ignored, not lost
    assert any("Setor de referência" in c for c in report.ignored_columns)
    # the scraped files carry the industry's and network's average pillars
    assert frame.loc[1, "industry_brand"] == pytest.approx(11.79)
    assert frame.loc[3, "network_relationships"] == pytest.approx(16.31)
    assert np.isnan(frame.loc[0, "industry_brand"])


def test_wide_file_with_failed_scrapes(real):
    frame = load_ssi(real / "ssi" / "wide_daily_with_failed_scrapes.csv")
    assert len(frame) == 13
    assert frame["ssi"].isna().sum() == 5
    assert frame["ssi"].tail(5).isna().all()  # the last five rows are the failed scrapes
    assert frame.loc[0, ["ssi", "brand", "relationships", "industry_rank"]].tolist() == [
        41.0,
        8.75,
        19.363,
        29.0,
    ]
    report = frame.attrs["load_report"]
    assert (
        report.rows_read,
        report.rows_kept,
        report.rows_missing,
        report.rows_merged,
        report.rows_rejected,
    ) == (13, 8, 5, 0, 0)
    assert {"Total_Followers", "SSI_Increase", "Total_Connections"} <= set(report.ignored_columns)
    assert len(report.ignored_columns) == 22 - 8
