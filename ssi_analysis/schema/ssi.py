"""Load SSI captures from any supported file and hold them to the score's rules.

The rules (``docs/formats.md`` §1.1):

- each pillar is in [0, 25], the total in [0, 100], group averages on the same scales, ranks
  ("top N %") in (0, 100];
- when the total and all four pillars are present, they agree within 1 point (the page
  rounds the total);
- a missing total is the sum of the four pillars;
- a capture whose scores are all zero or all empty is a failed capture: the day stays in the
  result with NaN values (never a score of zero);
- several captures of one person on one day: the last one is kept (by capture time where the
  file gives it — a time in the date, a time column, or a ``CapturedAt``/``timestamp``
  column beside the date — else by file and line order), and a failed capture never
  replaces a real one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems, SSIDataError, one_of, validate_params
from ssi_analysis.names import (
    GROUP_PILLAR_COLUMNS,
    OPTIONAL_COLUMNS,
    PILLAR_NAMES,
    SCORE_COLUMNS,
    SSI_COLUMNS,
    VALUE_COLUMNS,
)
from ssi_analysis.readers.records import JSON_EXTENSIONS, TABLE_EXTENSIONS, Records, expand
from ssi_analysis.readers.ssi import ATTRIBUTE_PREFIX, read_ssi_batches, read_ssi_file
from ssi_analysis.schema.coerce import _plain_numbers, to_number, to_rank
from ssi_analysis.schema.report import LoadReport
from ssi_analysis.schema.rows import people, read_dates

__all__ = ["load_ssi"]

RANK_COLUMNS = ("industry_rank", "network_rank", "team_rank")
#: Allowed range of each value column (inclusive; ranks exclude 0).
RANGES: dict[str, tuple[float, float]] = {
    "ssi": (0, 100),
    **{p: (0, 25) for p in PILLAR_NAMES},
    **{c: (1, 100) for c in RANK_COLUMNS},  # "top 1 %" is the best LinkedIn shows
    **{c: (0, 100) for c in ("industry_ssi", "network_ssi", "team_ssi")},
    **{c: (0, 25) for c in GROUP_PILLAR_COLUMNS},
}
_FIXES = {
    "ssi": "the total SSI is between 0 and 100: check that this column holds the total",
    "pillar": "each pillar is between 0 and 25; a larger number is often the total written "
    "into a pillar's column by a scraper: correct or delete the line",
    "rank": "a rank is 'top N %' with N from 1 to 100: correct or delete the value",
    "group": "group averages are on the same scale as your own score: correct the value",
}
#: Read many small files of one header in batches (False: every file on its own; the tests
#: compare both ways).
BATCH_SMALL_FILES = True
#: A batch whose checks find anything is split in two until its parts are this small; the
#: files of a smaller part are then read on their own, so every message names its file.
_SMALLEST_SPLIT = 2
#: Two readings of the same total: the page rounds it, so allow one point (and float noise).
TOTAL_TOLERANCE = 1.0 + 1e-6


def _fix_for(column: str) -> str:
    if column == "ssi":
        return _FIXES["ssi"]
    if column in PILLAR_NAMES:
        return _FIXES["pillar"]
    if column in RANK_COLUMNS:
        return _FIXES["rank"]
    return _FIXES["group"]


@validate_params({"dayfirst": one_of(None, True, False), "errors": one_of("raise", "drop")})
def load_ssi(
    source: str | Iterable | Mapping,
    *,
    person: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
) -> pd.DataFrame:
    r"""Load SSI scores from the files people keep, into one tidy frame.

    Parameters
    ----------
    source : path, list of paths, or dict
        A file (CSV, TSV, XLSX, JSON, JSONL), a folder (every such file inside, e.g. one file
        per day), a list of those, or ``{person: source}`` for a team.
    person : str, optional
        The name to give a one-person source (default ``"me"``). Team files name people in a
        column (``Name``, ``Seller``, ``Rep``, ``Owner``...); this then fills blank cells only.
    dayfirst : bool, optional
        Read ``03/04/2025`` as 3 April (True) or 4 March (False). By default the order is
        decided from the whole column, and a column where it cannot be is reported.
    errors : {"raise", "drop"}
        ``"raise"``: if any row is invalid, raise one :class:`SSIDataError` listing every
        problem. ``"drop"``: leave invalid rows out and list them in the load report.

    Returns
    -------
    pandas.DataFrame
        One row per person and day, sorted by person and date, with columns ``person``,
        ``date`` (datetime64, midnight, no time zone), ``ssi``, ``brand``, ``people``,
        ``insights``, ``relationships``, ``industry_rank``, ``network_rank`` (top N %, lower
        is better), ``industry_ssi``, ``network_ssi`` (group averages), plus per-pillar group
        averages (``industry_brand``...) when a source has them. NaN where a source lacks a
        field or a capture failed. ``df.attrs["load_report"]`` is the :class:`LoadReport`.

    Raises
    ------
    SSIDataError
        For invalid input (with ``errors="raise"``), or when nothing could be loaded.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "ssi.csv").write_text(
    ...     "Date;SSI;Brand;People;Insights;Relationships\n"
    ...     "12.05.2026;53;21,048;6,5;10,25;15\n"
    ...     "13.05.2026;0;0;0;0;0\n")
    >>> scores = load_ssi(folder / "ssi.csv")
    >>> scores[["date", "ssi", "brand"]]
            date   ssi   brand
    0 2026-05-12  53.0  21.048
    1 2026-05-13   NaN     NaN
    >>> report = scores.attrs["load_report"]
    >>> report.rows_read, report.rows_kept, report.rows_missing
    (2, 1, 1)
    """
    problems = Problems()
    pieces, formats, files, ignored, notes = [], [], [], [], []
    read = rejected = 0
    skipped: list[str] = []  # folder entries not read, each with its reason (load report)
    sources = expand(source, extensions=TABLE_EXTENSIONS + JSON_EXTENSIONS, skipped=skipped)
    notes += skipped
    batched = _read_batched(sources, person=person, dayfirst=dayfirst) if BATCH_SMALL_FILES else {}
    for order, (path, who) in enumerate(sources):
        files.append(str(path))
        if order in batched:  # read with other small files, as if on its own (see _batched)
            piece, rows, records = batched[order]
            if piece is not None:
                pieces.append(piece)
            read += rows
            formats.append(records.format)
            ignored += [f"{path.name}: {c}" if len(sources) > 1 else c for c in records.ignored]
            continue
        for records in read_ssi_file(path, path.name, problems):
            records.order = order
            piece, bad = _validate(
                records, person=who or person, dayfirst=dayfirst, problems=problems, notes=notes
            )
            pieces.append(piece)
            read += len(records.frame) + records.rejected
            rejected += bad + records.rejected
            formats.append(records.format)
            ignored += [f"{records.file}: {c}" if len(sources) > 1 else c for c in records.ignored]
            notes += [f"{records.file}: {n}" for n in records.notes]
            # the raw cells are no longer needed (a copy: a slice would keep them alive)
            records.frame = records.frame.iloc[:0].copy()
    if problems and errors == "raise":
        raise SSIDataError(problems)
    if len(pieces) == 1:
        frame = pieces.pop()  # one file: nothing to concatenate (a million rows not copied)
    else:
        frame = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
    if frame.empty:
        raise (
            SSIDataError(problems, summary="no SSI score could be loaded")
            if problems
            else SSIDataError([], summary="no SSI score could be loaded (the files hold no rows)")
        )
    frame, merged = _merge_same_day(frame)
    days = _span_days(frame)
    attributes, kept_columns, attribute_notes = person_attributes(frame)
    notes += attribute_notes
    if kept_columns:  # used now: no longer "ignored"
        ignored = [c for c in ignored if c.rsplit(": ", 1)[-1] not in kept_columns]
    out = _tidy(frame)
    valid = out[list(SCORE_COLUMNS)].notna().any(axis=1)
    from ssi_analysis.schema.summary import coverage_in_log_unit

    cover = coverage_in_log_unit(out) if len(out) else None
    weekly = cover is not None and bool((cover["unit"] == "week").all())
    report = LoadReport(
        kind="SSI",
        format="; ".join(dict.fromkeys(formats)),
        files=tuple(files),
        rows_read=read,
        rows_kept=int(valid.sum()),
        rows_missing=int((~valid).sum()),
        rows_merged=merged,
        rows_rejected=rejected,
        problems=problems.frame(),
        ignored_columns=tuple(dict.fromkeys(ignored)),
        date_min=out["date"].min(),
        date_max=out["date"].max(),
        missing_days=days - int(valid.sum()),
        unit="week" if weekly else "day",
        missing_units=int(cover["missing"].sum()) if weekly else None,
        people=tuple(out["person"].unique()),
        notes=tuple(dict.fromkeys(notes)),
        attributes=attributes,
    )
    out.attrs["load_report"] = report
    return out


def person_attributes(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """Keep a team file's text columns that hold one value per person (Region, Manager).

    A column is kept when it holds text (not numbers: those are other measures, such as a
    follower count) and every person has at most one value in it (blank cells aside: a
    person without one gets none, never a guess). A column whose value changes within a
    person (a seller who moved region) is not kept — grouping by it would put one person in
    two groups — and the note names it with an example, so nothing is dropped unmentioned.

    Returns ``(attributes, kept, notes)``: one row per person with the kept columns (under
    their headers), the headers kept, and the notes for the load report.

    Examples
    --------
    >>> rows = pd.DataFrame({"person": ["A", "A", "B"], "_attr:Region": ["EU", "EU", "US"],
    ...                      "_attr:Note": ["x", "y", ""], "_attr:Followers": ["10", "12", "9"]})
    >>> table, kept, notes = person_attributes(rows)
    >>> table.to_dict("records"), kept
    ([{'person': 'A', 'Region': 'EU'}, {'person': 'B', 'Region': 'US'}], ['Region'])
    >>> notes[1]
    "not kept as a person attribute: 'Note' changes within a person (A: 'x', 'y')"
    """
    columns = [c for c in frame.columns if str(c).startswith(ATTRIBUTE_PREFIX)]
    if not columns:
        return pd.DataFrame({"person": sorted(_names_present(frame["person"]))}), [], []
    # Work on codes: a million-row team log has a few hundred people and a few values.
    person = frame["person"]
    if not isinstance(person.dtype, pd.CategoricalDtype):
        person = person.astype(str).astype("category")
    names = pd.Index(person.cat.categories.astype(str))
    who = person.cat.codes.to_numpy().astype(np.int64)
    table = pd.DataFrame({"person": sorted(names[np.unique(who[who >= 0])])})  # those present
    kept, varies = [], []
    for column in columns:
        header = column[len(ATTRIBUTE_PREFIX) :]
        cells = frame[column]
        if not isinstance(cells.dtype, pd.CategoricalDtype):
            cells = cells.astype("category")
        # each distinct cell once: white space squeezed, blanks (and "nan") are no value
        words = pd.Series(cells.cat.categories.astype(str)).map(lambda v: " ".join(v.split()))
        words = words.where(~words.str.lower().isin(["", "nan", "none"]))
        codes = cells.cat.codes.to_numpy().astype(np.int64)
        ok = (codes >= 0) & (who >= 0)
        ok[ok] = words.notna().to_numpy()[codes[ok]]
        if not ok.any():
            continue
        # (person, value) pairs seen, on codes; blanks and cells naming nothing left out
        pair = np.unique(who[ok] * (len(words) + 1) + codes[ok])
        pairs = pd.DataFrame(
            {
                "person": names[pair // (len(words) + 1)],
                "value": words.to_numpy(dtype=object)[pair % (len(words) + 1)],
            }
        ).drop_duplicates()  # two spellings of one value (" EU" and "EU") are one
        distinct = pd.Series(pairs["value"].unique())
        if pd.to_numeric(distinct.str.replace(",", "."), errors="coerce").notna().all():
            continue  # numbers: another measure, not a person attribute (stays ignored)
        counts = pairs.groupby("person")["value"]
        several = counts.nunique()
        several = several[several > 1]
        if len(several):
            first = several.index[0]
            shown = ", ".join(repr(v) for v in sorted(counts.get_group(first))[:3])
            varies.append(f"{header!r} changes within a person ({first}: {shown})")
            continue
        table[header] = table["person"].map(counts.first()).astype(object)
        kept.append(header)
    notes = []
    if kept:
        notes.append(
            "kept as person attributes (one value per person; for --group-by): " + ", ".join(kept)
        )
    notes += [f"not kept as a person attribute: {v}" for v in varies]
    return table, kept, notes


def _names_present(person: pd.Series) -> list[str]:
    """List the distinct names in a person column (a Categorical: by codes, no row strings)."""
    if isinstance(person.dtype, pd.CategoricalDtype):
        codes = np.unique(person.cat.codes.to_numpy())
        return [str(v) for v in person.cat.categories.take(codes[codes >= 0])]
    return [str(v) for v in person.astype(str).unique()]


def _read_batched(sources, *, person, dayfirst) -> dict[int, tuple]:
    """Read the small plain files of ``sources`` in batches, checked as if one by one.

    Returns ``{position: (piece or None, rows read, records)}`` for each file so read; the
    piece (the rows of several files) sits at the first of its files. A batch is accepted
    only when checking it raises no problem, no note and rejects no row, and each number
    column is plain (``53``, ``21.048``): then no column-wide decision (decimal mark,
    day/month order) was made, every row is read on its own, and each file's own check would
    have given the same rows, nothing to report and nothing to note. Otherwise the batch is
    split in two and each half tried again; small parts go back to the per-file path, which
    names every problem in its file.
    """
    candidates = [
        (order, path, who)
        for order, (path, who) in enumerate(sources)
        if path.suffix.lower() not in JSON_EXTENSIONS
    ]
    done: dict[int, tuple] = {}
    for batch, records in read_ssi_batches(candidates):
        who = sources[batch.members[0]][1]
        parts = [(0, len(batch.members))]
        while parts:
            lo, hi = parts.pop()
            if hi - lo < _SMALLEST_SPLIT:
                continue  # read on their own
            start, stop = int(batch.bounds[lo]), int(batch.bounds[hi])
            part = Records(
                batch.names[lo],
                records.format,
                records.frame.iloc[start:stop].reset_index(drop=True),
                source_names=records.source_names,
                ignored=records.ignored,
            )
            piece = _clean_piece(part, person=who or person, dayfirst=dayfirst)
            if piece is None:
                middle = (lo + hi) // 2
                parts += [(middle, hi), (lo, middle)]
                continue
            counts = np.diff(batch.bounds[lo : hi + 1])
            piece["_order"] = np.repeat(batch.members[lo:hi], counts)
            for k in range(lo, hi):
                rows = int(counts[k - lo])
                done[batch.members[k]] = (piece if k == lo else None, rows, records)
    return done


def _clean_piece(records: Records, *, person, dayfirst) -> pd.DataFrame | None:
    """Check a batch's rows; return them, or None when the check finds anything to say."""
    for column in VALUE_COLUMNS:
        if column in RANK_COLUMNS or column not in records.frame:
            continue  # a rank is read cell by cell ("Top 10%")
        if _plain_numbers(records.frame[column]) is None:
            return None  # a column-wide decimal decision: each file decides its own
    problems, notes = Problems(), []
    piece, bad = _validate(
        records, person=person, dayfirst=dayfirst, problems=problems, notes=notes
    )
    if problems or notes or bad or len(piece) != len(records.frame):
        return None
    return piece


def _validate(records: Records, *, person, dayfirst, problems: Problems, notes: list):
    """Read and check one file's records; return (rows with values, number rejected)."""
    frame, file = records.frame, records.file
    n = len(frame)
    if n == 0:  # nothing to check (the reader has already said why)
        return pd.DataFrame(), 0
    line = frame["_line"].to_numpy(dtype=int)

    def line_of(column):
        return records.line_maps.get(column, line)

    def name_of(column):
        return records.source_names.get(column, column)

    bad = np.zeros(n, dtype=bool)
    # --- who
    who, nobody = people(
        frame, person, file=file, lines=line, column=name_of("person"), problems=problems
    )
    bad |= nobody

    # --- when
    def dates_of(column, **needed):
        return read_dates(
            frame[column],
            dayfirst=dayfirst,
            file=file,
            lines=line_of(column),
            column=name_of(column),
            problems=problems,
            notes=notes,
            **needed,
        )

    stamps, undated = dates_of("date")
    bad |= undated
    capture = stamps
    if "capture" in frame:
        # A capture-time column beside the date: the latest capture of a day wins.
        captured, unreadable = dates_of("capture", needed=np.zeros(n, dtype=bool))
        bad |= unreadable
        capture = np.where(np.isnat(captured), stamps, captured)
    # --- values
    values = {}
    for column in VALUE_COLUMNS:
        if column not in frame:
            continue
        parsed = to_rank(frame[column]) if column in RANK_COLUMNS else to_number(frame[column])
        if parsed.note == "decimal mark ','":
            notes.append(f"{file}: decimal commas read in column {name_of(column)!r}")
        for i in np.flatnonzero(parsed.bad):
            problems.add(
                file,
                line_of(column)[i],
                name_of(column),
                frame[column].iloc[i],
                "is not a rank like 'Top 10%'" if column in RANK_COLUMNS else "is not a number",
                "correct the value or leave the cell empty",
            )
        bad |= parsed.bad
        values[column] = parsed.values
    failed = ~bad
    for column in SCORE_COLUMNS:
        if column in values:
            with np.errstate(invalid="ignore"):
                failed &= np.isnan(values[column]) | (values[column] == 0)
    # --- ranges
    for column, array in values.items():
        low, high = RANGES[column]
        with np.errstate(invalid="ignore"):
            outside = (array < low) | (array > high)
        for i in np.flatnonzero(outside & ~failed & ~bad):
            problems.add(
                file,
                line_of(column)[i],
                name_of(column),
                f"{array[i]:g}",
                f"is outside the range {low:g}-{high:g} of {column}",
                _fix_for(column),
            )
        bad |= outside & ~failed
    # --- total and pillars agree; a missing total is their sum
    if all(p in values for p in PILLAR_NAMES):
        # added in turn, as np.sum over a stacked (4, n) array would (without the stack)
        total = values[PILLAR_NAMES[0]] + values[PILLAR_NAMES[1]]
        for pillar in PILLAR_NAMES[2:]:
            total += values[pillar]
        if "ssi" in values:
            ssi = values["ssi"]
            with np.errstate(invalid="ignore"):
                disagree = np.abs(ssi - total) > TOTAL_TOLERANCE
            for i in np.flatnonzero(disagree & ~failed & ~bad):
                problems.add(
                    file,
                    line_of("ssi")[i],
                    name_of("ssi"),
                    f"{ssi[i]:g}",
                    f"the total differs from the sum of the four pillars "
                    f"({total[i]:.2f}) by more than 1 point",
                    "check that the columns are not swapped; correct or delete the line",
                )
            bad |= disagree & ~failed
            values["ssi"] = np.where(np.isnan(ssi), total, ssi)
        else:
            values["ssi"] = total
    keep = ~bad
    everything = bool(keep.all())  # the usual case: no copy of a million rows to take them

    def kept(array):
        return array if everything else array[keep]

    stamps = kept(stamps).astype("datetime64[ns]", copy=False)
    day = stamps.astype("datetime64[D]").astype("datetime64[ns]")
    capture = kept(capture).astype("datetime64[ns]", copy=False)
    out = {
        "person": kept(who),
        "date": day,
        "_order": np.full(len(day), records.order, dtype=np.int32),
        "_line": kept(line),
        "_failed": kept(failed),
    }
    if capture is not stamps or not np.array_equal(stamps.view("i8"), day.view("i8")):
        out["_capture"] = capture  # a time of day to order a day's captures (else the date)
    del stamps, capture
    for column in frame.columns:
        if str(column).startswith(ATTRIBUTE_PREFIX):  # a team's Region, Manager...: raw text
            cells = frame[column]
            cells = (
                cells.array if isinstance(cells.dtype, pd.CategoricalDtype) else cells.to_numpy()
            )
            out[column] = kept(cells)
    any_failed = bool(out["_failed"].any())
    for column in list(values):
        array = kept(values.pop(column))
        out[column] = np.where(out["_failed"], np.nan, array) if any_failed else array
    return pd.DataFrame(out, copy=False), int(bad.sum())


def _in_order(frame: pd.DataFrame) -> bool:
    """Tell whether rows are already sorted by person and date, one per person and day.

    Only checked for a person column read typed (a Categorical of sorted names), where it
    costs two vectorised comparisons; a million-row team log usually is in this order, and
    then neither the same-day merge nor the final sort needs to sort anything.
    """
    person = frame["person"]
    if not isinstance(person.dtype, pd.CategoricalDtype):
        return False
    if not person.cat.categories.is_monotonic_increasing:
        return False
    codes = person.cat.codes.to_numpy()
    dates = frame["date"].to_numpy(dtype="datetime64[ns]").view("i8")
    later = (codes[1:] > codes[:-1]) | ((codes[1:] == codes[:-1]) & (dates[1:] > dates[:-1]))
    return bool(later.all())


def _span_days(frame: pd.DataFrame) -> int:
    """Calendar days from each person's first to last date, summed."""
    person = frame["person"]
    key = person.cat.codes if isinstance(person.dtype, pd.CategoricalDtype) else person
    span = frame.groupby(key, sort=False)["date"].agg(["min", "max"])
    return int(((span["max"] - span["min"]).dt.days + 1).sum())


def _merge_same_day(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Keep one capture per person and day: the last real one (see the module docstring).

    The rows are ordered by person, date, real before failed, capture time, file and line
    (one stable sort of integer keys), the last row of each person and day is kept, and the
    kept rows are taken column by column while the columns of ``frame`` are dropped, so a
    million-row log is never held twice (``frame`` is emptied: use the frame returned).
    """
    if _in_order(frame):
        return frame, 0
    n = len(frame)
    person = frame["person"]
    sorted_names = isinstance(person.dtype, pd.CategoricalDtype) and (
        person.cat.categories.is_monotonic_increasing
    )
    if sorted_names:
        who = person.cat.codes.to_numpy()
    else:
        who = pd.factorize(person.to_numpy(dtype=object), sort=True)[0]
    date = frame["date"].to_numpy(dtype="datetime64[ns]").view("i8")
    if "_capture" in frame:  # NaT where a file gave no time: its date
        capture = frame["_capture"].to_numpy(dtype="datetime64[ns]")
        capture = np.where(np.isnat(capture), frame["date"].to_numpy(), capture).view("i8")
    else:
        capture = date
    real = ~frame["_failed"].to_numpy(dtype=bool)
    # np.lexsort sorts by its last key first. No key is NaT: a row without a readable date
    # was refused, and a capture time falls back to the date.
    order = np.lexsort(
        (
            frame["_line"].to_numpy(),
            frame["_order"].to_numpy(),
            capture,
            real,
            date,
            who,
        )
    )
    del capture, real
    who, date = who[order], date[order]
    last = np.ones(n, dtype=bool)
    last[:-1] = (who[1:] != who[:-1]) | (date[1:] != date[:-1])
    del who, date
    take = order[last]
    del order, last
    columns = {}
    for column in list(frame.columns):
        columns[column] = frame[column].array.take(take)
        del frame[column]  # freed before the next column is taken
    kept = pd.DataFrame(columns, index=take, copy=False)
    return kept, n - len(kept)


def _tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Canonical columns in canonical order, float values, the rows as they come.

    ``frame`` comes from :func:`_merge_same_day`, sorted by person and date.
    """
    optional = [c for c in OPTIONAL_COLUMNS if c in frame and frame[c].notna().any()]
    out = frame.reindex(columns=[*SSI_COLUMNS, *optional])
    for column in out.columns[2:]:
        out[column] = out[column].astype(float)
    person = out["person"]
    if isinstance(person.dtype, pd.CategoricalDtype):  # read typed: decode each name once
        out["person"] = pd.Series(_decode(person.array), index=out.index)
    else:
        out["person"] = person.astype(str)
    out = out.reset_index(drop=True)
    out.attrs = {}
    return out


def _decode(person: pd.Categorical):
    """Return a Categorical's names, one per row, as the ``str`` array ``astype(str)`` gives.

    With Arrow strings (pandas' default) the names are taken by Arrow: no Python string
    per row on the way.
    """
    names = person.categories.astype(str)
    codes = np.asarray(person.codes)
    target = pd.Series([""]).astype(str).dtype
    if getattr(target, "storage", None) == "pyarrow" and (codes >= 0).all():
        import pyarrow as pa
        import pyarrow.compute as pc

        table = pa.array(names.to_numpy(dtype=object), type=pa.large_string())
        return pd.array(pc.take(table, pa.array(codes)), dtype=target)
    return names.take(codes).array
