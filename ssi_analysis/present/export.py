"""Writing tables for people to open in a spreadsheet, safely."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from ssi_analysis.present.outputs import atomic_write

#: Text starting with one of these is run as a formula by Excel, LibreOffice and Sheets.
#: The full-width forms (＝＋－＠) are included: Excel in East Asian locales reads them as
#: the ASCII operators.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _escape(value: object) -> object:
    # Leading white space (a no-break space, a line feed) is looked through: spreadsheets
    # trim some of it on import, and a leading apostrophe on such an odd value costs nothing.
    if isinstance(value, str) and (
        value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START)
    ):
        return "'" + value  # OWASP's advice: a leading apostrophe makes it plain text
    return value


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as CSV that a spreadsheet opens without running anything in it.

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return, their full-width forms, or any of these after leading
    white space such as a no-break space or a line feed) get a leading apostrophe. Numbers
    are left alone (``-0.41`` stays a number); so is the index, which is not written.

    Parameters
    ----------
    frame : pandas.DataFrame
    path : str or Path

    Returns
    -------
    Path

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> _ = write_csv(pd.DataFrame({"name": ["=HYPERLINK(1)", "Ana"], "r": [-0.41, 0.2]}),
    ...               path)
    >>> path.read_bytes().decode().splitlines()
    ['name,r', "'=HYPERLINK(1),-0.41", 'Ana,0.2']
    """
    # Whole or not at all: a full disk never leaves half a table (or destroys the last one).
    return atomic_write(path, csv_text(frame))


def csv_text(frame: pd.DataFrame) -> str:
    """Return the CSV text :func:`write_csv` writes (formula-like text cells made plain)."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_escape)
    safe.columns = [_escape(str(c)) for c in safe.columns]
    # CRLF, as RFC 4180 and Excel have it; it also makes csv quote a lone carriage return.
    return safe.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
