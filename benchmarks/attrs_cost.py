"""What the reports in ``attrs`` cost a pandas operation (a benchmark, not a test).

pandas deep-copies ``DataFrame.attrs`` into the result of nearly every operation. The load
and align reports return themselves from ``copy.deepcopy`` (``schema.report.SharedReport``),
so a filter on a loaded frame should cost what it costs on the same frame without them. This
prints, for the sample team's loaded scores, its weekly panel and a Granger table (which keeps
statsmodels' result in ``attrs``), the best of 7 × 200 runs of a filter, a column pick and a
sort: with ``attrs`` as made, without ``attrs``, and with contents that deep-copy (what it
cost before they were shared).

Run ``python benchmarks/attrs_cost.py`` from the repository (about 10 s).
"""

from __future__ import annotations

import copy
import timeit
from pathlib import Path

from ssi_analysis import align, granger, load_outcomes, load_ssi

REPO = Path(__file__).resolve().parents[1]


class DeepCopied:
    """The report's contents in an object that pandas deep-copies (the old behaviour)."""

    def __init__(self, report: object) -> None:
        self.__dict__.update(copy.copy(vars(report)))


def deep_copied(value: object) -> object:
    """``value`` as it was before it was shared: copied by ``copy.deepcopy``."""
    return dict(value) if isinstance(value, dict) else DeepCopied(value)


def microseconds(fn, number: int = 200) -> float:
    """Best of 7 repeats of ``number`` calls, per call."""
    return min(timeit.repeat(fn, number=number, repeat=7)) / number * 1e6


def main() -> None:
    team = REPO / "data/sample/team"
    scores = load_ssi(team / "team_ssi_log.csv")
    outcomes = load_outcomes(team / "report1763856000000.csv")
    panel = align(scores, outcomes)
    one = panel[panel["person"] == panel["person"].iloc[0]]
    tests = granger(one, x="ssi", y="pipeline_created", maxlag=4)
    operations = {
        "filter": lambda d, c: d[d[c] > d[c].median()],
        "column pick": lambda d, c: d[[d.columns[0], c]],
        "sort": lambda d, c: d.sort_values(c),
    }
    print(f"{'frame':<22}{'operation':<13}{'shared':>9}{'no attrs':>10}{'deep-copied':>13}")
    for name, frame, key, column in [
        (f"scores ({len(scores)} rows)", scores, "load_report", "ssi"),
        (f"panel ({len(panel)} rows)", panel, "align_report", "ssi"),
        (f"granger ({len(tests)} rows)", tests, "result", "p"),
    ]:
        shared = frame.copy()  # the same memory layout for all three
        bare = frame.copy()
        bare.attrs = {}
        deep = frame.copy()
        deep.attrs = {key: deep_copied(frame.attrs[key])}
        for label, op in operations.items():
            times = [
                microseconds(lambda d=d, op=op, c=column: op(d, c)) for d in (shared, bare, deep)
            ]
            print(
                f"{name:<22}{label:<13}"
                + "".join(f"{t:>{w}.0f} µs" for t, w in zip(times, (6, 7, 10), strict=True))
            )


if __name__ == "__main__":
    main()
