"""What one simulation and its weekly panel cost (a benchmark, not a test).

Many calibration tests simulate a seller (or a team) and put it on a weekly clock hundreds of
times, and every report aligns its data once. This prints the CPU seconds (median of 7 runs)
of ``simulate``, ``align`` and ``Simulation.weekly`` for one seller over two years, a team of
12 over two years, and of ``align`` on the sample data (weeks, months and days).

For scale (s11, the same 2-core machine): before ``align`` aggregated all metrics at once,
``weekly()`` of one seller took about 0.44 s and a team's 0.8 s; after, 0.11 s and 0.23 s.

Run ``python benchmarks/align_cost.py`` from the repository (about 20 s).
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from ssi_analysis import align, load_outcomes, load_ssi
from ssi_analysis.simulate import simulate

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "data" / "sample"


def cpu_seconds(fn, repeat: int = 7) -> float:
    """Median CPU seconds of ``repeat`` calls (process time: other jobs on the machine
    inflate it less than wall time)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    """Print one row per case: what it is and its CPU seconds."""
    rows = []
    for scenario in ("ssi_not_revenue", "team"):
        sim = simulate(scenario, seed=1)
        rows.append((f"simulate({scenario!r})", cpu_seconds(lambda s=scenario: simulate(s))))
        rows.append((f"align, {scenario}", cpu_seconds(lambda s=sim: align(s.scores, s.outcomes))))
        rows.append((f"weekly(), {scenario}", cpu_seconds(sim.weekly)))
    scores = load_ssi(SAMPLE / "ssi_log.csv")
    outcomes = load_outcomes(
        [
            SAMPLE / "hubspot-crm-exports-all-deals-2026-11-23.csv",
            SAMPLE / "Content_2024-11-25_2025-12-21_Dana.xlsx",
            SAMPLE / "Content_2025-11-24_2026-11-22_Dana.xlsx",
            SAMPLE / "Basic_LinkedInDataExport_11-23-2026.zip",
        ],
        errors="drop",
    )
    for freq in ("W", "MS", "D"):
        rows.append(
            (
                f"align, sample data, freq={freq}",
                cpu_seconds(lambda f=freq: align(scores, outcomes, freq=f)),
            )
        )
    width = max(len(name) for name, _ in rows)
    print(f"{'case':<{width}}  CPU s (median of 7)")
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:.3f}")


if __name__ == "__main__":
    main()
