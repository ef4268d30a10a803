"""What makes ``ssi-analysis load`` and work on a loaded frame quick (timings: benchmarks/).

``load`` imports no statistics, no report and no scipy/statsmodels/matplotlib; the load report
in ``attrs`` is shared, not deep-copied, by every frame pandas derives from the loaded one.
"""

import copy
import subprocess
import sys

import pandas as pd

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
