"""What loading the team of 500 costs, step by step, beside plain pandas reading the same files.

The team report for 500 sellers x 3 years is held to 2x a plain-pandas baseline that reads the
files, groups by week and correlates per seller (``run.py --only-ratios``; issue 24). This
prints the loading part alone: CPU and wall seconds of ``load_ssi``, ``load_outcomes`` and
``align`` on the files ``run.py``'s ``team_scale`` writes (the same simulation and seed), and
of the baseline's own reading of them (``pd.read_csv`` of the SSI log with its dates parsed, and
of the Salesforce report without its five footer lines), alternated, medians of ``--repeat``.

For scale (s13, the same shared 2-core machine, CPU medians of 3, two alternated rounds):
before the Salesforce footer was found among the last lines (the csv module read all 141,000
deals line by line), ``load_outcomes`` took 2.0-2.3 s and loading 2.6-2.9 s, 3.6-4.1x pandas'
reading (0.7 s); after, ``load_outcomes`` 1.2-1.3 s and loading 1.8-1.9 s, 1.9-2.4x.

Run ``python benchmarks/load_cost.py`` from the repository (about a minute; ``--folder DIR``
keeps the generated files between runs).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd


def team_files(folder: Path) -> tuple[Path, Path]:
    """The team of 500's SSI log and Salesforce report, as ``run.py``'s ``team_scale`` writes
    them (written once: kept in ``folder``)."""
    ssi_path, deals_path = folder / "team_ssi.csv", folder / "report1700000000000.csv"
    if not (ssi_path.exists() and deals_path.exists()):
        from ssi_analysis.simulate import simulate
        from ssi_analysis.simulate.writers import write_salesforce_csv, write_ssi_log

        sim = simulate("team", seed=1, people=500, days=1092, start="2023-11-27", deal_rate=0.3)
        write_ssi_log(sim.scores, ssi_path, seed=1)
        write_salesforce_csv(sim.deals, deals_path, seed=1)
    return ssi_path, deals_path


def timed(fn) -> tuple[float, float, object]:
    """(CPU seconds, wall seconds, result) of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    out = fn()
    return time.process_time() - cpu, time.perf_counter() - wall, out


def main() -> None:
    """Print each step's CPU and wall seconds (medians) and the ratio to pandas' reading."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="alternated runs (medians)")
    parser.add_argument("--folder", type=Path, help="keep the generated files here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = args.folder or Path(work)
        folder.mkdir(parents=True, exist_ok=True)
        ssi_path, deals_path = team_files(folder)
        from ssi_analysis import align, load_outcomes, load_ssi

        def baseline():
            pd.read_csv(ssi_path, parse_dates=["Date"])
            pd.read_csv(deals_path, skipfooter=5, engine="python")

        runs: dict[str, list[tuple[float, float]]] = {}
        for i in range(args.repeat + 1):  # the first: a warm-up (imports, page cache)
            steps = {}
            steps["load_ssi"] = timed(lambda: load_ssi(ssi_path))
            steps["load_outcomes"] = timed(lambda: load_outcomes(deals_path))
            scores, outcomes = steps["load_ssi"][2], steps["load_outcomes"][2]
            steps["align"] = timed(lambda: align(scores, outcomes))  # noqa: B023
            steps["pandas reads both files"] = timed(baseline)
            if i:
                for name, (cpu, wall, _) in steps.items():
                    runs.setdefault(name, []).append((cpu, wall))
    median = {k: tuple(statistics.median(x[j] for x in v) for j in (0, 1)) for k, v in runs.items()}
    median["load_ssi + load_outcomes"] = tuple(
        median["load_ssi"][j] + median["load_outcomes"][j] for j in (0, 1)
    )
    width = max(map(len, median))
    print(f"team of 500 x 3 years, medians of {args.repeat} alternated runs")
    print(f"{'step':<{width}}  CPU s   wall s")
    for name, (cpu, wall) in median.items():
        print(f"{name:<{width}}  {cpu:5.2f}   {wall:5.2f}")
    kit, plain = median["load_ssi + load_outcomes"][0], median["pandas reads both files"][0]
    print(f"loading / pandas' reading: {kit / plain:.2f}x in CPU")


if __name__ == "__main__":
    main()
