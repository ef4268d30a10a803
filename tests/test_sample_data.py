"""data/sample is exactly what the documented command writes, and loads without problems."""

from ssi_analysis import load_ssi
from ssi_analysis.simulate import write_sample


def test_committed_sample_equals_a_fresh_generation(tmp_path, repo):
    for path in write_sample(tmp_path):
        committed = repo / "data" / "sample" / path.name
        assert committed.exists(), f"{committed} is missing: run python -m ssi_analysis.simulate"
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed.name} differs from a fresh generation: run python -m ssi_analysis.simulate"
        )


def test_sample_loads_with_zero_problems(repo):
    scores = load_ssi(repo / "data" / "sample" / "ssi_log.csv")
    report = scores.attrs["load_report"]
    assert report.problems.empty
    assert report.rows_missing > 0  # the sample has failed captures, as real logs do
    assert scores["ssi"].dropna().between(0, 100).all()
