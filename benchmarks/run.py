"""Benchmarks: timings and ratios measured side by side in one run (not pass/fail tests).

Run ``python benchmarks/run.py`` (add ``--calibration`` for the Monte Carlo table).
"""

from __future__ import annotations

import argparse
import math
import time

import numpy as np
import pandas as pd


def _best_of(fn, repeat=3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def correlation_table_one_person() -> None:
    from ssi_analysis import correlation_table

    rng = np.random.default_rng(0)
    n = 104
    data = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=n, freq="W-MON")})
    scores = ["ssi", "brand", "people", "insights", "relationships"]
    outcomes = [f"outcome_{i}" for i in range(8)]
    for column in scores + outcomes:
        data[column] = rng.normal(size=n).cumsum()
    seconds = _best_of(lambda: correlation_table(data, x=scores, y=outcomes, lags=range(-6, 7)))
    print(
        f"correlation_table, 5 scores x 8 outcomes x 13 lags, {n} weeks: {seconds:.2f} s "
        f"(goal <= 2 s)"
    )


def calibration(reps: int) -> None:
    from ssi_analysis import correlate

    rng = np.random.default_rng(1)
    print(
        f"false-positive rate at alpha 0.05, {reps} replications per cell "
        f"(MC s.e. {math.sqrt(0.05 * 0.95 / reps):.3f})"
    )
    print("series        n   p (kit)  p_naive")
    for phi in (0.0, 0.5, 0.9, 1.0):
        for n in (26, 52, 104):
            honest = naive = 0
            for _ in range(reps):
                pair = []
                for _ in range(2):
                    shocks = rng.normal(size=n)
                    out = np.empty(n)
                    out[0] = shocks[0]
                    for t in range(1, n):
                        out[t] = phi * out[t - 1] + shocks[t]
                    pair.append(out)
                data = pd.DataFrame(
                    {
                        "period": pd.date_range("2024-01-01", periods=n, freq="W-MON"),
                        "x": pair[0],
                        "y": pair[1],
                    }
                )
                row = correlate(data, x="x", y="y").iloc[0]
                honest += row["p"] < 0.05
                naive += row["p_naive"] < 0.05
            name = "random walk" if phi == 1 else f"AR(1) {phi}"
            print(f"{name:12s} {n:4d}   {honest / reps:.3f}    {naive / reps:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--calibration",
        type=int,
        default=0,
        metavar="REPS",
        help="also print the false-positive table with REPS replications",
    )
    args = parser.parse_args()
    correlation_table_one_person()
    if args.calibration:
        calibration(args.calibration)


if __name__ == "__main__":
    main()
