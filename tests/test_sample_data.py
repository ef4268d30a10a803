"""data/sample is exactly what the documented command writes, and loads without problems."""

import pandas as pd
import pytest

from ssi_analysis import load_outcomes, load_ssi
from ssi_analysis.simulate.sample import FILES, write_sample


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    write_sample(folder)
    return folder


@pytest.mark.parametrize("name", [*FILES, "README.md"])
def test_committed_sample_equals_a_fresh_generation(fresh, repo, name):
    committed, generated = repo / "data" / "sample" / name, fresh / name
    hint = "run: python -m ssi_analysis.simulate data/sample"
    assert committed.exists(), f"{committed} is missing; {hint}"
    if name.endswith(".xlsx"):
        # openpyxl stamps the save time into the file: compare what the sheets hold
        ours = pd.read_excel(committed, sheet_name=None, header=None)
        theirs = pd.read_excel(generated, sheet_name=None, header=None)
        assert list(ours) == list(theirs)
        for sheet in ours:
            pd.testing.assert_frame_equal(ours[sheet], theirs[sheet], obj=f"{name}:{sheet}")
    else:
        assert committed.read_bytes() == generated.read_bytes(), f"{name} differs; {hint}"


def test_sample_is_small(repo):
    size = sum(p.stat().st_size for p in (repo / "data" / "sample").rglob("*") if p.is_file())
    assert size < 2_000_000


def test_sample_loads_through_the_public_readers_with_zero_problems(repo):
    sample = repo / "data" / "sample"
    for name in FILES:
        path = sample / name
        is_ssi = "ssi" in name
        frame = load_ssi(path) if is_ssi else load_outcomes(path, person="Dana W.")
        report = frame.attrs["load_report"]
        assert report.problems.empty, name
        assert report.rows_rejected == 0, name
        assert report.rows_read == (
            report.rows_kept + report.rows_missing + report.rows_merged + report.rows_rejected
        )
    log = load_ssi(sample / "ssi_log.csv").attrs["load_report"]
    assert log.rows_missing > 0  # failed captures, as real logs have them
    both = load_outcomes(sorted(sample.glob("Content_*.xlsx")))
    assert both.attrs["load_report"].rows_merged > 0  # the two exports overlap
    team = load_ssi(sample / "team" / "team_ssi_log.csv")
    assert team["person"].nunique() == 12
