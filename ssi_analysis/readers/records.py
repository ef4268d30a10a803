"""What every reader hands to the schema layer, and how sources expand into files."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

#: File endings the loaders look at inside a folder.
TABLE_EXTENSIONS = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls")
JSON_EXTENSIONS = (".json", ".jsonl", ".ndjson")


def column_values(column: pd.Series):
    """Return a column's values for a new frame: Arrow strings as they are.

    A frame turns an object array of strings back into Arrow strings (a Python string per
    row both ways): ``column.to_numpy(dtype=object)`` only for other columns.

    Examples
    --------
    >>> type(column_values(pd.Series(["a", "b"]))).__name__
    'ArrowStringArray'
    """
    if isinstance(column.dtype, pd.StringDtype):
        return column.array
    return column.to_numpy(dtype=object)


@dataclass
class Records:
    """Raw records of one file (or sheet), under canonical column names, values untouched.

    Attributes
    ----------
    file : str
        The name shown to the user (with the sheet for spreadsheets).
    format : str
        The shape detected, e.g. ``"wide CSV"``.
    frame : pandas.DataFrame
        One row per record; canonical columns hold the raw cell values (strings or numbers);
        ``_line`` holds the line (row, record) each came from.
    source_names : dict
        Canonical column -> the header or label the file uses (for messages).
    line_maps : dict
        Canonical column -> line of each record's value, where it differs from ``_line``
        (long files put each field on its own line).
    ignored : list of str
        Columns or fields of the file that the loader did not use.
    rejected : int
        Records that could not even be split into fields (each is in the problems).
    continued : int
        Physical lines joined to the record above them (unquoted multi-line text).
    order : int
        Position of the file among all files loaded (later wins a same-day tie).
    notes : list of str
        Decisions the reader made that the user should know about.
    source : str
        The source family (outcome readers): overlapping exports of one family are merged.
    dayfirst : bool or None
        The day/month order the format itself fixes (LinkedIn writes ``M/D/YYYY``); None when
        the file must tell.
    currency : str or None
        The currency of the file's money values (a CRM export's currency column, or the
        symbol its amounts carry); None when the file names none.
    """

    file: str
    format: str
    frame: pd.DataFrame
    source_names: dict[str, str] = field(default_factory=dict)
    line_maps: dict[str, np.ndarray] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    rejected: int = 0
    continued: int = 0
    order: int = 0
    notes: list[str] = field(default_factory=list)
    source: str = "ssi"  # the source family, e.g. "linkedin_creator", "crm_deals"
    dayfirst: bool | None = None  # the format's own day/month order, when it has one
    currency: str | None = None  # the money values' currency, when the file names one


Source = str | os.PathLike | Iterable | Mapping


def expand(
    source: Source,
    *,
    extensions: tuple[str, ...],
    whole: Callable[[Path], bool] | None = None,
    skipped: list[str] | None = None,
) -> list[tuple[Path, str | None]]:
    """Turn a source into (file, person) pairs: a file, a folder, a list, or {person: source}.

    Folders give every file with one of ``extensions`` (hidden files skipped), sorted by name
    so that per-day files come in date order; a folder for which ``whole`` is true (an
    unpacked LinkedIn archive) stays one source. Inside a folder, entries that are not read
    although their name fits — links that loop or lead nowhere, links to folders, pipes and
    devices, and the files ``ssi-analysis report`` itself writes — are listed in ``skipped``
    (one sentence each, for the load report), never read.
    """
    if isinstance(source, Mapping):
        out = []
        for person, sub in source.items():
            out += [
                (path, str(person))
                for path, _ in expand(sub, extensions=extensions, whole=whole, skipped=skipped)
            ]
        return out
    if isinstance(source, str | os.PathLike):
        path = Path(source).expanduser()
        if whole is not None and path.is_dir() and whole(path):
            return [(path, None)]
        if path.is_dir():
            if not os.access(path, os.R_OK | os.X_OK):  # else rglob finds nothing, silently
                from ssi_analysis.errors import Problems, SSIDataError

                found = Problems()
                found.add(
                    str(path),
                    None,
                    None,
                    None,
                    "this folder cannot be read: permission denied",
                    "give yourself read access to the folder (or copy the files to a folder "
                    "of yours) and run again",
                )
                raise SSIDataError(found, summary="a folder cannot be read")
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in extensions
                and not any(part.startswith((".", "_")) for part in p.relative_to(path).parts)
                and _readable_entry(p, path, skipped)
            )
            if not files:
                raise FileNotFoundError(
                    f"no {', '.join(extensions)} file in the folder {str(path)!r}"
                )
            return [(p, None) for p in files]
        if not path.exists():
            raise FileNotFoundError(f"no such file or folder: {str(path)!r}")
        return [(path, None)]
    if isinstance(source, Iterable):
        out = []
        for sub in source:
            out += expand(sub, extensions=extensions, whole=whole, skipped=skipped)
        return out
    raise TypeError(
        "source must be a file or folder path, a list of them, or a dict {person: path}; "
        f"got {type(source).__name__}"
    )


#: Names of the files ``ssi-analysis report`` writes beside its HTML (``<name>_answers.csv``, ...).
KIT_OUTPUT_SUFFIXES = ("_answers.csv", "_answers.xlsx", "_manifest.json")


def _kit_output(entry: Path) -> bool:
    """Tell a file ``ssi-analysis report`` wrote (by its name, and a CSV by its header too)."""
    name = entry.name.lower()
    if not name.endswith(KIT_OUTPUT_SUFFIXES):
        return False
    if not name.endswith(".csv"):
        return True
    with entry.open("rb") as handle:
        header = handle.readline(4096).decode("utf-8", "replace").lower()
    return all(word in header for word in ("score", "outcome", "verdict"))


def _readable_entry(entry: Path, folder: Path, skipped: list[str] | None) -> bool:
    """Tell whether a folder entry is a regular file to read; say why when it is not."""
    why = None
    try:
        if entry.is_symlink():
            target = entry.resolve(strict=True)  # RuntimeError on a loop, OSError if broken
            if target.is_dir():
                why = "a link to a folder (not followed: give the folder itself)"
        if why is None and not entry.is_file():
            why = (
                None  # a folder: its files are listed on their own
                if entry.is_dir()
                else "not a regular file (a pipe, socket or device): never read"
            )
    except (RuntimeError, OSError):
        why = "a link that loops or leads nowhere"
    if why is None and entry.is_dir():
        return False
    if why is None and _kit_output(entry):
        why = "written by ssi-analysis report, not an input"
    if why is not None and skipped is not None:
        skipped.append(f"skipped {entry.relative_to(folder)}: {why}")
    return why is None


def long_records(
    table,
    date_column: str,
    metrics: dict[str, str],
    *,
    person: str | None = None,
    key: str | None = None,
) -> pd.DataFrame:
    """Melt a table into one row per (line, metric): ``date, metric, value, _line, ...``.

    ``metrics`` maps a metric name to the table's column holding it. Blank cells stay (as
    blank values) so that the schema can tell a line with no values from a line that is gone.
    """
    frame = table.frame
    pieces = []
    for metric, column in metrics.items():
        piece = pd.DataFrame(
            {
                "date": frame[date_column].to_numpy(dtype=object),
                "metric": metric,
                "value": frame[column].to_numpy(dtype=object),
                "_line": table.lines,
                "_date_column": date_column,
                "_value_column": column,
            }
        )
        if person is not None:
            piece["person"] = frame[person].to_numpy(dtype=object)
        if key is not None:
            piece["_key"] = frame[key].to_numpy(dtype=object)
        pieces.append(piece)
    return pd.concat(pieces, ignore_index=True) if pieces else empty_long()


def empty_long() -> pd.DataFrame:
    """Return a long frame with no rows."""
    return pd.DataFrame(
        {
            c: pd.Series([], dtype=object)
            for c in ("date", "metric", "value", "_line", "_date_column", "_value_column")
        }
    )
