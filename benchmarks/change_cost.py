"""What ``--change`` costs: the sample report with and without one before/after section.

Run ``python benchmarks/change_cost.py`` from the repository (about 15 s a pair on 2 cores;
``--repeat 5`` for steadier medians). Each report runs in a fresh interpreter
(``ssi-analysis report --sample``, as a user types it), the two in turn after one round not
counted; the CPU seconds (user + system, from ``getrusage(RUSAGE_CHILDREN)``) and wall seconds
of each are printed side by side, with the median of the pairs' CPU ratios (issue #24:
<= 2x), the CPU being the figure that a busy machine disturbs least. The change is the
sample seller's own (24 August 2026: she started posting three times as often), so the
section tests every series she has (SSI, the pillars, every outcome: one family per date,
``draws_for(n)`` draws per series and a 12-start placebo check each) and draws one picture
per family. A timing, not a pass/fail test. ``python benchmarks/run.py --only-ratios`` prints
the same row beside the others.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from run import change_vs_plain  # benchmarks/run.py (this folder is on the path when run)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="alternated pairs (medians)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        change_vs_plain(Path(folder), repeat=args.repeat)


if __name__ == "__main__":
    main()
