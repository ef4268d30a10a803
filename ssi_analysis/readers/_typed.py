"""The typed fast path for large wide CSV logs: columns read as numbers and dates at once.

:func:`ssi_analysis.readers._text.read_table` reads every cell as text, so that a bad cell can
be named by line and column; on a million-row team log that costs several times pandas' own
read. Most large logs are plain: ISO dates, dot decimals, one record per line. For those,
pyarrow's CSV reader converts the columns the kit uses straight to float64 and timestamps
(the others are not even converted). Anything it cannot convert — a comma decimal, ``Top 10%``,
``M/D/YYYY``, a stray word, a blank line, a quoted line break — makes this path step aside
(return None), and the file is read again as text, where each bad cell is named. Because the
path is only taken when every line is one record, row ``i`` is line ``header + 1 + i``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.names import SCORE_COLUMNS, VALUE_COLUMNS
from ssi_analysis.readers.records import Records

#: Smaller files gain nothing worth a second code path: they are read as text.
MIN_BYTES = 1 << 20
#: The cells that mean "empty" to the text path (schema.coerce._EMPTY) in the cases seen.
_NULLS = ["", "-", "--", "n/a", "N/A", "na", "NA", "nan", "NaN", "null", "NULL", "None", "none"]


def read_typed_wide(path: Path, file: str, mapping_of) -> Records | None:
    """Read a plain wide CSV log typed; None when the file needs the text path.

    ``mapping_of(header) -> (mapping, ignored)`` names the canonical column of each header
    (the same rule as the text path's wide reader), so both paths read the same columns.
    """
    if path.suffix.lower() not in (".csv", ".tsv", ".txt") or path.stat().st_size < MIN_BYTES:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    data = path.read_bytes()
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    if end < 0:
        return None
    try:
        header_line = data[start:end].decode("utf-8").rstrip("\r")
        head = data[: 1 << 16].decode("utf-8", errors="strict")
    except UnicodeDecodeError:
        return None  # not UTF-8 (or a character cut at the sample's end): the text path
    if "\x00" in head:
        return None
    delimiter = max((",", ";", "\t"), key=header_line.count)
    header = next(csv.reader([header_line], delimiter=delimiter))
    if len(set(header)) != len(header):
        return None
    mapping, ignored = mapping_of(header)
    if "date" not in mapping or not any(c in mapping for c in SCORE_COLUMNS) or "time" in mapping:
        return None
    types = {}
    for canonical, column in mapping.items():
        if canonical in VALUE_COLUMNS:
            types[column] = pa.float64()
        elif canonical in ("date", "capture"):
            types[column] = pa.timestamp("ns")
        elif canonical == "person":
            types[column] = pa.dictionary(pa.int32(), pa.string())
        else:
            return None
    quoted = data.find(b'"') >= 0
    try:
        table = pv.read_csv(
            pa.py_buffer(data),
            read_options=pv.ReadOptions(skip_rows=0, encoding="utf8"),
            parse_options=pv.ParseOptions(
                delimiter=delimiter, newlines_in_values=quoted, ignore_empty_lines=False
            ),
            convert_options=pv.ConvertOptions(
                column_types=types,
                include_columns=list(types),
                null_values=_NULLS,
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    n = table.num_rows
    if n == 0:
        return None  # the text path says "a header but no data rows"
    if quoted:
        # A quoted value may hold a line break: then rows are no longer lines.
        lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        if lines != n + 1:
            return None
    del data
    columns = {}
    for canonical, column in mapping.items():
        chunked = table[column]
        if canonical == "person":
            array = chunked.unify_dictionaries().combine_chunks()
            columns[canonical] = pd.Categorical.from_codes(
                pc.fill_null(array.indices, -1).to_numpy(),
                categories=pd.Index(array.dictionary.to_pylist(), dtype=object),
                validate=False,
            )
        elif canonical in ("date", "capture"):
            columns[canonical] = chunked.to_numpy().astype("datetime64[ns]")
        else:
            values = chunked.to_numpy()
            with np.errstate(invalid="ignore"):
                if np.isinf(values).any():
                    return None  # "inf": let the text path name it
            columns[canonical] = values
        table = table.drop_columns([column])
    # A row with no value at all in the columns read may be a blank-looking row that the text
    # path drops whole (it looks at every column): leave such files to it.
    empty = np.ones(n, dtype=bool)
    for canonical, values in columns.items():
        if canonical != "person":
            empty &= np.isnat(values) if values.dtype.kind == "M" else np.isnan(values)
    if empty.any():
        return None
    frame = pd.DataFrame(columns, copy=False)
    frame["_line"] = np.arange(2, n + 2)
    delimiter_name = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    encoding = "utf-8-sig" if start else "utf-8"
    return Records(
        file,
        f"wide CSV ({delimiter_name}-delimited, {encoding})",
        frame,
        source_names={c: str(col) for c, col in mapping.items()},
        ignored=ignored,
    )
