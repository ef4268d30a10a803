"""Read an experiment's ``schedule.csv`` back (the file ``ssi-analysis plan`` writes).

The schedule is an input file like any export, so it is read here, below the statistics that
test it (:func:`ssi_analysis.stats.experiment.experiment` checks the blocks themselves: their
order, lengths and arms, and whether the seed stored in each row drew them).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from ssi_analysis.exceptions import Problems, SSIDataError

__all__ = ["SCHEDULE_FILE_COLUMNS", "read_schedule"]

#: The columns ``plan_experiment`` writes, in order.
SCHEDULE_FILE_COLUMNS = (
    "block",
    "start",
    "end",
    "arm",
    "does",
    "seed",
    "arms",
    "block_weeks",
    "blocks",
    "weeks",
    "primary",
)
_NEEDED = ("start", "end", "arm")


def read_schedule(path: str | Path) -> pd.DataFrame:
    r"""Read a ``schedule.csv`` written by ``plan_experiment`` / ``ssi-analysis plan``.

    Parameters
    ----------
    path : str or Path
        The schedule file.

    Returns
    -------
    pandas.DataFrame
        One row per block, as written (text columns kept as text; the analysis parses dates).

    Raises
    ------
    SSIDataError
        When the file cannot be read or lacks a column the analysis needs, naming the file and
        the column.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "schedule.csv").write_text("start,end,arm\n2027-01-04,2027-01-17,usual\n")
    >>> read_schedule(folder / "schedule.csv")["arm"].tolist()
    ['usual']
    """
    path = Path(path)
    found = Problems()
    try:
        frame = pd.read_csv(path, dtype={"arm": str, "arms": str, "does": str})
    except FileNotFoundError:
        found.add(
            path.name,
            None,
            None,
            None,
            "the file does not exist",
            f"give the schedule.csv that 'ssi-analysis plan' wrote (looked in {path.parent})",
            whole_file=True,
        )
        raise SSIDataError(found, summary=f"read_schedule: {path.name} was not found") from None
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        found.add(
            path.name,
            None,
            None,
            None,
            f"it cannot be read as a CSV table ({type(exc).__name__})",
            "give the schedule.csv that 'ssi-analysis plan' wrote, unedited",
            whole_file=True,
        )
        raise SSIDataError(found, summary=f"read_schedule: cannot read {path.name}") from None
    missing = [c for c in _NEEDED if c not in frame.columns]
    if missing:
        found.add(
            path.name,
            1,
            ", ".join(missing),
            None,
            f"missing column(s) {', '.join(missing)}",
            f"a schedule has the columns {', '.join(SCHEDULE_FILE_COLUMNS)}",
            whole_file=True,
        )
        raise SSIDataError(found, summary=f"read_schedule: {path.name} is not a schedule")
    return frame
