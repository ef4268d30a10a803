"""What makes ``ssi-analysis load`` and work on a loaded frame quick (timings: benchmarks/).

``load`` imports no statistics, no report and no scipy/statsmodels/matplotlib; the load report
in ``attrs`` is shared, not deep-copied, by every frame pandas derives from the loaded one; the
sample report imports neither seaborn nor scipy.stats.
"""

import copy
import subprocess
import sys

import pandas as pd
import pytest

HEAVY = (
    "ssi_analysis.stats",
    "ssi_analysis.analysis",
    "ssi_analysis.present.report",
    "scipy",
    "statsmodels",
    "matplotlib",
)


def test_load_command_imports_no_statistics(repo):
    code = (
        "import sys\n"
        "from ssi_analysis.cli import main\n"
        f"assert main(['load', {str(repo / 'data/sample/ssi_log.csv')!r}]) == 0\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert "SSI load report" in run.stdout and "latest" in run.stdout  # it did the work
    assert run.stdout.strip().splitlines()[-1] == "[]"


def test_the_load_report_is_shared_by_derived_frames_not_copied(repo):
    from ssi_analysis import load_ssi

    scores = load_ssi(repo / "data/sample/team/team_ssi_log.csv")
    report = scores.attrs["load_report"]
    assert copy.deepcopy(report) is report and copy.copy(report) is report
    derived = [
        scores[scores["ssi"] > 50],
        scores[["person", "ssi"]],
        scores.sort_values("ssi"),
        pd.concat([scores.iloc[:10], scores.iloc[10:20]]),
        scores.merge(scores[["person", "date"]].head(5), on=["person", "date"]),
    ]
    assert all(frame.attrs["load_report"] is report for frame in derived)
    assert "Region" in report.attributes.columns  # and it is the whole report


@pytest.mark.slow
def test_sample_report_imports_neither_seaborn_nor_scipy_stats(repo, tmp_path):
    """The report's grid is drawn without seaborn and its bands use scipy.special: neither
    seaborn nor scipy.stats (half a second together, a tenth of the run) is imported."""
    code = (
        "import sys\n"
        "from ssi_analysis.cli import main\n"
        f"assert main(['report', '--sample', '--out', {str(tmp_path / 'r.html')!r}]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'seaborn' "
        "or m.startswith('scipy.stats')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo
    )
    assert (tmp_path / "r.html").stat().st_size > 100_000  # the page, with its pictures
    assert run.stdout.strip().splitlines()[-1] == "[]"
