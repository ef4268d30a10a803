"""What ``--change`` costs: the sample report with and without one before/after section.

Run ``python benchmarks/change_cost.py`` from the repository (about a minute per run on 2
cores; ``--repeat 3`` for medians). Each report runs in a fresh interpreter
(``ssi-analysis report --sample``, as a user types it); its CPU seconds (user + system, from
``getrusage(RUSAGE_CHILDREN)``) and wall seconds are printed side by side, the CPU being the
figure that a busy machine disturbs least. The change is the sample seller's own (24 August
2026: she started posting three times as often), so the section tests every series she has
(SSI, the pillars, every outcome: one family per date, ``draws_for(n)`` draws per series and a
12-start placebo check each). A timing, not a pass/fail test (issue #24).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHANGE = ("2026-08-24", "started posting three times as often")


def child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_report(out: Path, extra: list[str]) -> tuple[float, float]:
    """Run the sample report in a fresh interpreter; return its CPU and wall seconds."""
    code = "from ssi_analysis.cli import main; main()"
    command = [sys.executable, "-c", code, "report", "--sample", "--out", str(out), *extra]
    cpu, wall = child_cpu(), time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, text=True)
    return child_cpu() - cpu, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1, help="runs of each (medians)")
    args = parser.parse_args(argv)
    rows: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.repeat):
            rows["without"].append(run_report(Path(folder) / f"plain{i}.html", []))
            rows["with"].append(run_report(Path(folder) / f"change{i}.html", ["--change", *CHANGE]))

    def median(values: list[float]) -> float:
        return sorted(values)[len(values) // 2]

    cpu = {k: median([c for c, _ in v]) for k, v in rows.items()}
    wall = {k: median([w for _, w in v]) for k, v in rows.items()}
    print(
        f"report --sample: {cpu['without']:.1f} s CPU ({wall['without']:.1f} s wall); "
        f'with --change {CHANGE[0]} "{CHANGE[1]}": {cpu["with"]:.1f} s CPU '
        f"({wall['with']:.1f} s wall); the change section costs "
        f"{cpu['with'] - cpu['without']:.1f} s CPU ({cpu['with'] / cpu['without']:.2f}x); "
        f"medians of {args.repeat}"
    )


if __name__ == "__main__":
    main()
