"""Peak memory of ``ssi-analysis load`` on large valid team logs, as a multiple of the file.

Run ``python benchmarks/memory.py`` from the repository (a few minutes on 2 cores; the logs
are written to a temporary folder and removed). ``--people 1300 --days 2000`` gives a 154 MB
log. Each size is written twice: with names that sort as written (``Seller 0999`` before
``Seller 1000``: nothing to reorder) and with names that do not (``Seller 999`` after
``Seller 1000``: the rows are sorted). Each load runs in a fresh process; its peak
resident memory (``ru_maxrss`` of the child) is printed beside the file's size, with and
without the interpreter's own footprint (a 200-line log's load). Figures, not a pass/fail
test: ``docs/outputs.md`` states the budget (5x the file).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd


def team_log(path: Path, people: int, days: int, *, sorted_names: bool) -> Path:
    """A wide team SSI log of ``people`` x ``days`` rows, one person after another."""
    rng = np.random.default_rng(0)
    n = people * days
    pillars = np.clip(rng.normal(12, 4, (n, 4)), 0, 25).round(3)
    dates = pd.date_range("2021-01-01", periods=days).strftime("%Y-%m-%d")
    width = len(str(people - 1)) if sorted_names else 3  # "Seller 1000" sorts before "Seller 101"
    names = [f"Seller {i:0{width}d}" for i in range(people)]
    pd.DataFrame(
        {
            "Name": np.repeat(names, days),
            "Date": np.tile(dates, people),
            "SSI": pillars.sum(axis=1).round(),
            "Brand": pillars[:, 0],
            "People": pillars[:, 1],
            "Insights": pillars[:, 2],
            "Relationships": pillars[:, 3],
            "Industry_Rank": rng.integers(1, 100, n),
            "Network_Rank": rng.integers(1, 100, n),
        }
    ).to_csv(path, index=False)
    return path


def peak_of_load(path: Path) -> float:
    """Peak resident memory (bytes) of ``ssi-analysis load path`` in a fresh process."""
    code = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run([sys.executable, '-m', 'ssi_analysis.cli', 'load', sys.argv[1]],"
        " stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
        "assert done.returncode == 0, done.stderr[-2000:]\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return int(out.stdout.split()[-1]) * 1024  # kilobytes on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[1300, 1000])
    parser.add_argument("--days", type=int, default=2000)
    args = parser.parse_args()
    if sys.platform != "linux":
        sys.exit("ru_maxrss is read in kilobytes on Linux only")
    with tempfile.TemporaryDirectory(prefix="ssi-memory-") as folder:
        tiny = Path(folder) / "tiny.csv"
        team_log(tiny, 2, 100, sorted_names=True)
        base = peak_of_load(tiny)
        print(f"interpreter and a 200-line load: {base / 1e6:.0f} MB")
        head = f"{'log':<34} {'file MB':>8} {'peak MB':>8} {'peak/file':>9}"
        print(f"{head} {'(peak-base)/file':>17}")
        for people in args.people:
            for sorted_names in (True, False):
                path = Path(folder) / f"team_{people}_{sorted_names}.csv"
                team_log(path, people, args.days, sorted_names=sorted_names)
                size = os.path.getsize(path)
                peak = peak_of_load(path)
                what = f"{people} x {args.days} ({'sorted' if sorted_names else 'unsorted'} names)"
                print(
                    f"{what:<34} {size / 1e6:>8.0f} {peak / 1e6:>8.0f} {peak / size:>9.2f} "
                    f"{(peak - base) / size:>17.2f}"
                )
                path.unlink()


if __name__ == "__main__":
    main()
