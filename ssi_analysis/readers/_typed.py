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
from ssi_analysis.readers._limits import large_arrays_return_memory
from ssi_analysis.readers.records import Records

#: Smaller files gain nothing worth a second code path: they are read as text.
MIN_BYTES = 1 << 20
#: Bytes read and parsed at a time.
BLOCK = 1 << 23
#: The cells that mean "empty" to the text path (schema.coerce._EMPTY) in the cases seen.
_NULLS = ["", "-", "--", "n/a", "N/A", "na", "NA", "nan", "NaN", "null", "NULL", "None", "none"]


def read_typed_wide(path: Path, file: str, mapping_of, attributes=None) -> Records | None:
    """Read a plain wide CSV log typed; None when the file needs the text path.

    ``mapping_of(header) -> (mapping, ignored)`` names the canonical column of each header
    (the same rule as the text path's wide reader), so both paths read the same columns.
    ``attributes(mapping, ignored, header)`` names the other columns to carry as text (a
    team's Region or Manager), read as categories under ``_attr:<header>`` as the text path
    carries them.
    """
    if path.suffix.lower() not in (".csv", ".tsv", ".txt") or path.stat().st_size < MIN_BYTES:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pv

    large_arrays_return_memory()
    with path.open("rb") as handle:
        data = handle.read(1 << 16)  # the head only: pyarrow reads the file itself
    start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    end = data.find(b"\n", start)
    if end < 0:
        return None
    try:
        header_line = data[start:end].decode("utf-8").rstrip("\r")
        head = data.decode("utf-8", errors="strict")
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
    texts = {f"_attr:{c}": c for c in (attributes(mapping, ignored, header) if attributes else [])}
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
    for column in texts.values():
        types[column] = pa.dictionary(pa.int32(), pa.string())
    # The file is read in blocks cut at line ends, each parsed by pyarrow into the columns
    # read: the peak memory stays near the size of those columns (pyarrow's whole-file read
    # holds several times the file), and each block's rows are checked to be its lines.
    # Final arrays, filled block by block (each block's buffers are freed before the next one
    # is parsed, so the allocator reuses them); their size is estimated from the first block
    # and grown if the estimate falls short.
    size_of_file = path.stat().st_size
    columns: dict[str, np.ndarray] = {}
    dtypes = {
        canonical: np.int64
        if canonical == "person"
        else "datetime64[ns]"
        if canonical in ("date", "capture")
        else float
        for canonical in mapping
    }
    dtypes.update(dict.fromkeys(texts, np.int64))
    coded = {"person": mapping.get("person"), **texts}  # text columns, read as codes
    labels: dict[str, dict] = {name: {} for name in coded}
    n = 0
    read_options = pv.ReadOptions(column_names=header, encoding="utf8")
    parse_options = pv.ParseOptions(delimiter=delimiter, ignore_empty_lines=False)
    convert_options = pv.ConvertOptions(
        column_types=types,
        include_columns=list(types),
        null_values=_NULLS,
        strings_can_be_null=True,
    )
    with path.open("rb") as handle:
        handle.seek(end + 1)
        rest = b""
        while True:
            chunk = handle.read(BLOCK)
            if b'"' in chunk:
                return None  # a quoted value may hold a line break: the text path
            data = rest + chunk
            if b"\n\n" in data or b"\n\r\n" in data or data.startswith((b"\n", b"\r\n")):
                # a blank line, which the text path passes over (else millions of blank
                # lines would become rows here before being refused at the end)
                return None
            cut = data.rfind(b"\n") + 1 if chunk else len(data)
            if chunk and cut == 0:
                rest = data  # a line longer than a block: read on to its end
                continue
            data, rest = data[:cut], data[cut:]
            if not data:
                break
            try:
                batch = pv.read_csv(
                    pa.py_buffer(data),
                    read_options=read_options,
                    parse_options=parse_options,
                    convert_options=convert_options,
                    memory_pool=pa.system_memory_pool(),
                )
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
                return None
            # Without quotes, and with blank lines refused, every line is one row.
            size = batch.num_rows
            if not columns:
                guess = int(size * size_of_file / len(data) * 1.02) + size
                columns = {c: np.empty(guess, dtype=t) for c, t in dtypes.items()}
            if n + size > len(next(iter(columns.values()))):
                grown = 2 * (n + size)
                columns = {c: _grow(a, grown) for c, a in columns.items()}
            for canonical, column in [*mapping.items(), *texts.items()]:
                cells = batch.column(column).combine_chunks()
                target = columns[canonical][n : n + size]
                if canonical in coded:
                    # Each block has its own dictionary: map it onto one list of names.
                    names = labels[canonical]
                    codes = np.array(
                        [names.setdefault(v, len(names)) for v in cells.dictionary.to_pylist()]
                        + [-1],
                        dtype=np.int64,
                    )
                    target[:] = codes[pc.fill_null(cells.indices, -1).to_numpy()]
                else:
                    target[:] = cells.to_numpy(zero_copy_only=False)
            n += size
            del batch, data
    if n == 0:
        return None  # the text path says "a header but no data rows"
    columns = {c: a[:n] for c, a in columns.items()}
    for values in columns.values():
        if values.dtype.kind == "f" and np.isinf(values).any():
            return None  # "inf": let the text path name it
    for name in coded:
        if name in columns:
            columns[name] = pd.Categorical.from_codes(
                columns[name], categories=pd.Index(list(labels[name]), dtype=object), validate=False
            )
    # A row with no value at all in the columns read may be a blank-looking row that the text
    # path drops whole (it looks at every column): leave such files to it.
    empty = np.ones(n, dtype=bool)
    for canonical, values in columns.items():
        if canonical != "person" and canonical not in texts:
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


def _grow(array: np.ndarray, size: int) -> np.ndarray:
    out = np.empty(size, dtype=array.dtype)
    out[: len(array)] = array
    return out
