"""What the workshop costs a teacher: each teacher notebook run with its own parameters, and
the whole pack (``ssi-analysis workshop --out``).

Run ``python benchmarks/workshop.py`` from the repository (``--pack`` adds the full pack build,
``--only 07_going_quiet_for_a_week`` one notebook). Each notebook runs in a fresh interpreter
under a real kernel (papermill, as the pack does), with the parameters its first cell ships;
the pack build runs ``ssi-analysis workshop --out`` in a fresh interpreter. CPU seconds (user +
system of the finished children: the interpreter and its kernel, from
``getrusage(RUSAGE_CHILDREN)``) and wall seconds are printed side by side; the CPU is the
figure a busy machine disturbs least; the load average is printed before and after. The pack
runs its notebooks two at a time (``workshop.PACK_WORKERS``), so its wall time on two idle
cores is about half its CPU. The aims (issue #26): every teacher notebook within 60 s, the
pack within 3 minutes. A timing, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "notebooks" / "workshop"
RUN = """
import sys, papermill as pm
pm.execute_notebook(sys.argv[1], sys.argv[2], kernel_name="python3", language="python",
                    cwd=sys.argv[3], progress_bar=False,
                    extra_arguments=["--IPKernelApp.log_level=ERROR"])
"""


def child_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run a command to the end; return its CPU and wall seconds and its standard error."""
    cpu, wall = child_cpu(), time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return child_cpu() - cpu, time.perf_counter() - wall, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pack", action="store_true", help="also time the whole pack build")
    parser.add_argument("--only", nargs="*", help="notebook stems to time (default: all)")
    args = parser.parse_args()
    paths = sorted(FOLDER.glob("*.ipynb"))
    if args.only:
        paths = [p for p in paths if p.stem in set(args.only)]
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'teacher notebook':40} {'CPU s':>7} {'wall s':>7}")
    total = [0.0, 0.0]
    with tempfile.TemporaryDirectory() as spare:
        for path in paths:
            out = Path(spare) / path.name
            cpu, wall, _ = timed([sys.executable, "-c", RUN, str(path), str(out), str(FOLDER)])
            total = [total[0] + cpu, total[1] + wall]
            print(f"{path.stem:40} {cpu:7.1f} {wall:7.1f}", flush=True)
        if len(paths) > 1:
            print(f"{'all, one by one':40} {total[0]:7.1f} {total[1]:7.1f}")
        if args.pack:
            code = "from ssi_analysis.cli import main; main()"
            pack = Path(spare) / "pack"
            cpu, wall, err = timed([sys.executable, "-c", code, "workshop", "--out", str(pack)])
            print(f"{'the pack (workshop --out)':40} {cpu:7.1f} {wall:7.1f}", flush=True)
            # what a teacher sees on the terminal besides the progress lines (issue #26: a
            # kernel's "ERROR | KeyboardInterrupt caught in kernel." twice per pack)
            errors = [line for line in err.splitlines() if "ERROR" in line or "Error" in line]
            print(f"the pack's standard error: {len(errors)} error lines", *errors, sep="\n  ")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
