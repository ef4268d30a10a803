"""Simulated SSI logs of known truth, and the command that writes ``data/sample/``.

For now this makes one person's daily SSI log: four pillars that drift slowly around their own
levels (an AR(1) process per pillar, kept within 0-25 and rounded as the page rounds), the
total shown as an integer, a few days not captured at all and a few failed captures written as
zeros, as real scraper logs have them.

Run ``python -m ssi_analysis.simulate data/sample`` to write the sample files again; the test
suite checks the committed files equal a fresh generation.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES

SAMPLE_SEED = 20260427


def simulate_ssi_log(
    *,
    start: str = "2025-01-06",
    days: int = 365,
    seed: int = 0,
    skip: float = 0.05,
    failed: float = 0.02,
) -> pd.DataFrame:
    """One person's daily SSI log, as a logger writes it (wide, one row per captured day).

    Parameters
    ----------
    start : str
        First day.
    days : int
        Number of calendar days.
    seed : int
        Seed of the random generator: the same seed gives the same log.
    skip : float
        Share of days with no capture at all (no row).
    failed : float
        Share of captured days written as a failed capture (every score 0).

    Returns
    -------
    pandas.DataFrame
        Columns ``Date, SSI, Brand, People, Insights, Relationships, Industry_Rank,
        Network_Rank``; failed captures have zeros.

    Examples
    --------
    >>> log = simulate_ssi_log(days=30, seed=1)
    >>> bool(log["SSI"].between(0, 100).all()), list(log.columns[:3])
    (True, ['Date', 'SSI', 'Brand'])
    """
    rng = np.random.default_rng(seed)
    levels = rng.uniform([12, 6, 6, 12], [20, 14, 14, 20])
    phi = 0.97
    pillars = np.empty((days, 4))
    pillars[0] = levels
    for t in range(1, days):
        pillars[t] = levels + phi * (pillars[t - 1] - levels) + rng.normal(0, 0.35, 4)
    pillars = np.clip(pillars, 0, 25).round(3)
    total = pillars.sum(axis=1).round()
    industry_rank = np.clip(np.round(100 - 1.3 * total + rng.normal(0, 2, days)), 1, 100)
    network_rank = np.clip(np.round(industry_rank + rng.normal(3, 2, days)), 1, 100)
    log = pd.DataFrame(
        {
            "Date": pd.date_range(start, periods=days, freq="D").strftime("%Y-%m-%d"),
            "SSI": total,
            **{name.capitalize(): pillars[:, i] for i, name in enumerate(PILLAR_NAMES)},
            "Industry_Rank": industry_rank.astype(int),
            "Network_Rank": network_rank.astype(int),
        }
    )
    broken = rng.random(days) < failed
    log.loc[broken, log.columns[1:]] = 0
    return log[rng.random(days) >= skip].reset_index(drop=True)


def write_sample(folder: str | Path) -> list[Path]:
    """Write the sample files into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "ssi_log.csv"
    simulate_ssi_log(start="2024-11-25", days=728, seed=SAMPLE_SEED).to_csv(
        path, index=False, lineterminator="\n"
    )
    return [path]


def main(argv: list[str] | None = None) -> int:
    """Write the sample data (``python -m ssi_analysis.simulate FOLDER``)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="data/sample")
    args = parser.parse_args(argv)
    for path in write_sample(args.folder):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
