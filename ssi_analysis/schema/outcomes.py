"""Load outcome exports (reach, activity, pipeline) into one tidy long frame.

Accounting is per input row (a day of an analytics sheet, a post, a deal, an archive event):
a row is *kept* when at least one of its values is kept, *missing* when all its values are
blank, *merged* when every value it had was superseded by another export of the same source
(LinkedIn revises recent days, so the export reaching furthest wins; a deal or post seen twice
counts once) or repeats a day of its own file with the same values, and *rejected* when any of
its values is invalid. Inside one file of daily figures a day repeated with other values is
either events to add up (a count of posts, deals, messages) or a damaged export, refused line by
line (see ``_repeated_days``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems, SSIDataError, one_of, one_of_now, validate_params
from ssi_analysis.names import MONEY_METRICS, outcome_kind
from ssi_analysis.readers._batch import BatchedRecords
from ssi_analysis.readers.crm import sales_cycle
from ssi_analysis.readers.outcomes import (
    is_archive_folder,
    read_outcome_batches,
    read_outcome_file,
)
from ssi_analysis.readers.records import TABLE_EXTENSIONS, Records, column_values, expand
from ssi_analysis.readers.registry import outcome_kinds
from ssi_analysis.schema.coerce import is_numeric_date, to_number
from ssi_analysis.schema.report import LoadReport
from ssi_analysis.schema.rows import people, read_dates

__all__ = ["OUTCOME_COLUMNS", "load_outcomes"]

OUTCOME_COLUMNS = ["person", "date", "metric", "value", "kind", "source", "currency"]
#: Read many small hand-kept tables of one header in batches (False: every file on its own;
#: the tests compare both ways). An archive's members: ``readers.archive.BATCH_MEMBERS``.
BATCH_SMALL_FILES = True


@validate_params(
    {
        "kind": one_of_now(outcome_kinds),
        "dayfirst": one_of(None, True, False),
        "errors": one_of("raise", "drop"),
    }
)
def load_outcomes(
    source: str | Iterable | Mapping,
    *,
    kind: str = "auto",
    person: str | None = None,
    dayfirst: bool | None = None,
    errors: str = "raise",
    won: Iterable[str] | None = None,
    date_column: str | None = None,
) -> pd.DataFrame:
    r"""Load outcome exports into one tidy long frame.

    Parameters
    ----------
    source : path, list of paths, or dict
        Files (XLSX, CSV, TSV, ZIP), folders (an unpacked LinkedIn archive is one source;
        any other folder gives every file inside), a list of those, or ``{person: source}``.
    kind : {"auto", "generic", "creator", "company", "archive", "crm"}
        Which reader to use; ``"auto"`` detects it from each file. A reader registered with
        :func:`ssi_analysis.readers.registry.register_outcome_reader` adds its own kind.
    person : str, optional
        The name for one person's exports (default ``"me"``). Files that name people (a CRM
        export's deal owner) keep their names; ``person`` fills blank cells only.
    dayfirst : bool, optional
        Day/month order for ambiguous numeric dates (see :func:`ssi_analysis.load_ssi`).
    errors : {"raise", "drop"}
        As in :func:`ssi_analysis.load_ssi`.
    won : iterable of str, optional
        Deal stages that mean "won" (default: ``Closed Won``, ``closedwon``, ``Won`` and
        translations; an ``Is Won`` column that is true also counts).
    date_column : str, optional
        For a hand-kept table with several date-like columns (``Date`` and ``Week``): the one
        that dates its rows. By default a column named like a date (``Date``, ``Report Date``,
        ``Day``, ``Week``, ``Month``, ``Period``, ``Data``, ``Fecha``, ``Datum``, ``Jour``...)
        is used, and a table with several is reported.

    Returns
    -------
    pandas.DataFrame
        Columns ``person, date, metric, value, kind, source, currency``
        (:data:`OUTCOME_COLUMNS`): one row per day and metric for daily figures, one row per
        event (a post, a deal's creation, a won deal, a message) for events. ``kind`` is
        ``daily``, ``event`` or ``level`` (see :data:`ssi_analysis.names.OUTCOMES`); ``source``
        is the export family; ``currency`` is the money rows' currency as the export names it
        (a code such as ``"USD"``, or a symbol such as ``"$"``) and ``""`` for other metrics
        and exports that name none. Exports in two currencies are refused (amounts in
        different currencies cannot be added); the load report's ``currency`` is the one
        they share. Blank cells give no row (never a zero). ``df.attrs["load_report"]``
        accounts for every input row.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "deals.csv"
    >>> _ = path.write_text(
    ...     "Deal owner,Deal Stage,Amount,Create Date,Close Date\n"
    ...     "Dana W.,Closed Won,1000,2026-03-02,2026-03-20\n"
    ...     "Dana W.,Appointment scheduled,500,2026-03-03,\n")
    >>> out = load_outcomes(path)
    >>> list(out.columns)
    ['person', 'date', 'metric', 'value', 'kind', 'source', 'currency']
    >>> out[["date", "metric", "value"]]
            date            metric   value
    0 2026-03-02     deals_created     1.0
    1 2026-03-03     deals_created     1.0
    2 2026-03-20         deals_won     1.0
    3 2026-03-02  pipeline_created  1000.0
    4 2026-03-03  pipeline_created   500.0
    5 2026-03-20       revenue_won  1000.0
    """
    won = tuple(won) if won is not None else None
    problems = Problems()
    skipped: list[str] = []  # folder entries not read, each with its reason (load report)
    sources = expand(
        source, extensions=(*TABLE_EXTENSIONS, ".zip"), whole=is_archive_folder, skipped=skipped
    )
    pieces, formats, files, ignored, notes = [], [], [], [], list(skipped)
    place, batched = 0, []  # each file's place in turn; the batches' rows and places
    together = {}  # small hand-kept tables read in batches: position -> their records
    if BATCH_SMALL_FILES and len(sources) > 1:
        files_of = [(order, path, who) for order, (path, who) in enumerate(sources)]
        for found in read_outcome_batches(files_of, kind=kind, date_column=date_column):
            together.update(
                {int(records.batch.orders[k]): [records] for k, records in enumerate(found)}
            )
    for order, (path, who) in enumerate(sources):
        files.append(str(path))
        for records in together.get(order) or read_outcome_file(
            path,
            path.name,
            problems,
            kind=kind,
            person=who or person,
            won=won,
            date_column=date_column,
        ):
            records.order = order
            order_hint = records.dayfirst if dayfirst is None else dayfirst
            checked = (
                _checked_batch(records, person=who or person, dayfirst=order_hint)
                if isinstance(records, BatchedRecords)
                else {}
            )
            if checked and records.part in checked:
                # Checked with its batch, as if on its own: its rows take its place.
                piece, seq, a, b = checked[records.part]
                seq[a:b] = place
                if piece is not None:
                    pieces.append(piece)
                    batched.append((piece, seq))
            else:
                piece = _validate(
                    records,
                    person=who or person,
                    dayfirst=order_hint,
                    problems=problems,
                    notes=notes,
                )
                piece["_seq"] = place
                pieces.append(piece)
            place += 1
            formats.append(records.format)
            ignored += [f"{records.file}: {c}" for c in records.ignored]
            notes += [f"{records.file}: {n}" for n in records.notes]
    if problems and errors == "raise":
        raise SSIDataError(problems)
    for piece, seq in batched:
        piece["_seq"] = seq
    rows = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
    if batched:  # each batched member's rows at its own place, as if read one by one
        rows = rows.sort_values("_seq", kind="stable", ignore_index=True)
    if rows.empty or not rows["_keep"].any():
        if not problems:  # nothing wrong with a row: the files have none (say which, and why)
            for name in files:
                problems.add(
                    Path(name).name,
                    1,
                    None,
                    None,
                    "the file has its header but no data rows below it (a report's footer, "
                    "if any, is not data)"
                    if rows.empty
                    else "the file's rows hold no value to count (every one blank)",
                    "export it again with its rows (check the report's date range and "
                    "filters), or leave it out",
                    whole_file=True,
                )
        raise SSIDataError(problems, summary="no outcome could be loaded")
    rows, derived_notes = derive_archive_metrics(rows)
    notes += derived_notes
    rows = _merge_overlaps(rows)
    kept = rows[rows["_keep"]]  # filtered once (350,000 rows of a team's deals)
    currency, currency_notes = _one_currency(kept)
    notes += currency_notes
    cycle = sales_cycle(kept)  # won deals' created -> closed, in weeks
    if cycle:
        notes.append(
            f"sales cycle of {cycle['deals']} won deals (created to closed): median "
            f"{cycle['median_weeks']:g} weeks, 80 % within {cycle['p80_weeks']:g} weeks"
        )
    out = _tidy(kept)
    status = _line_status(rows)
    blanks = rows[rows["_blank"] & ~rows["_bad"]].groupby("metric").size()
    notes += [
        f"{n} blank {m} value{'s' if n > 1 else ''} not counted (never read as 0)"
        for m, n in blanks.items()
        if m in ("pipeline_created", "revenue_won")
    ]
    daily = out[out["kind"] == "daily"]
    span = daily.groupby(["person", "metric"])["date"].agg(["min", "max"])
    days = daily.groupby(["person", "metric"]).size()
    report = LoadReport(
        kind="outcomes",
        format="; ".join(dict.fromkeys(formats)),
        files=tuple(files),
        rows_read=int(status.size),
        rows_kept=int((status == "kept").sum()),
        rows_missing=int((status == "missing").sum()),
        rows_merged=int((status == "merged").sum()),
        rows_rejected=int((status == "rejected").sum()),
        problems=problems.frame(),
        ignored_columns=tuple(dict.fromkeys(ignored)),
        date_min=out["date"].min(),
        date_max=out["date"].max(),
        missing_days=int((((span["max"] - span["min"]).dt.days + 1) - days).sum()),
        people=tuple(out["person"].unique()),
        notes=tuple(dict.fromkeys(notes)),
        currency=currency,
        sales_cycle=cycle,
    )
    out.attrs["load_report"] = report
    return out


def _one_currency(rows: pd.DataFrame) -> tuple[str | None, list[str]]:
    """Refuse money of several currencies across files; say when some files name none.

    One file in two currencies keeps the most common (the reader rejects the other rows);
    two files in different currencies are refused whatever ``errors`` says: dropping a whole
    export would change the answer more than any bad row, and adding them would invent money.
    """
    if "currency" not in rows:
        return None, []
    money = rows[rows["metric"].isin(MONEY_METRICS)]
    if money.empty:
        return None, []
    codes = money["currency"].fillna("").astype(str)
    pairs = money.assign(currency=codes)[["currency", "_file"]].drop_duplicates()
    by_file = pairs.groupby("currency")["_file"].agg(lambda f: sorted(set(f)))
    named = by_file.drop("", errors="ignore")
    if len(named) > 1:
        found = Problems()
        said = "; ".join(f"{code} in {', '.join(files)}" for code, files in named.items())
        found.add(
            ", ".join(f for files in named for f in files),
            None,
            None,
            None,
            f"these exports hold money in different currencies ({said}); amounts in "
            "different currencies cannot be added",
            "convert one export to the other's currency (or export the converted amounts), "
            "or analyse the exports separately",
        )
        error = SSIDataError(found, summary="pipeline or revenue in several currencies")
        error.args = ("\n".join(str(error).splitlines()[:-1]),)  # skipping rows cannot help
        raise error
    if len(named) == 1 and "" in by_file:
        return None, [
            f"no currency is shown for pipeline and revenue: {', '.join(named.iloc[0])} "
            f"name {named.index[0]} but {', '.join(by_file[''])} name none"
        ]
    return (named.index[0] if len(named) == 1 else None), []


def _validate(records: Records, *, person, dayfirst, problems: Problems, notes: list):
    """Read dates and values of one file's rows; flag bad and blank ones (nothing dropped)."""
    frame = records.frame.reset_index(drop=True)
    file = records.file
    n = len(frame)
    bad = np.zeros(n, dtype=bool)
    line = frame["_line"].to_numpy(dtype=int)
    who, nobody = people(frame, person, file=file, lines=line, column="owner", problems=problems)
    bad |= nobody
    values = to_number(frame["value"], ambiguous_as_decimal=False)
    blank_value = np.isnan(values.values) & ~values.bad
    # An empty date on a row with no value is just an empty row of the export.
    stamps, undated = read_dates(
        frame["date"],
        dayfirst=dayfirst,
        file=file,
        lines=line,
        column=frame["_date_column"],
        problems=problems,
        notes=notes,
        needed=~blank_value,
    )
    for i in np.flatnonzero(values.bad):
        problems.add(
            file,
            line[i],
            frame["_value_column"].iloc[i],
            frame["value"].iloc[i],
            "is not a number",
            "correct the value or leave the cell empty",
        )
    bad |= undated | values.bad
    duplicate, added = _repeated_days(
        frame, who, stamps, values.values, bad | blank_value, file, line, problems, notes, bad
    )
    out = pd.DataFrame(
        {
            "person": who,
            "date": stamps.astype("datetime64[D]").astype("datetime64[ns]"),
            "metric": column_values(frame["metric"]),
            "value": values.values,
            "source": records.source,
            # money values carry their file's currency ("" when it names none)
            "currency": np.where(
                frame["metric"].isin(MONEY_METRICS).to_numpy(), records.currency or "", ""
            ).astype(object),
            "_file": file,
            "_order": records.order,
            "_line": line,
            "_key": frame["_key"].to_numpy(dtype=object) if "_key" in frame else None,
            "_kind": frame["_kind"].to_numpy(dtype=object) if "_kind" in frame else None,
            "_bad": np.zeros(n, dtype=bool),
            "_blank": blank_value,
            "_stamp": stamps,
        }
    )
    for column in _KEYS:  # what derived metrics are matched on (archive conversations...)
        if column in frame:
            out[column] = frame[column].to_numpy(dtype=object)
    # A row is only as good as its line: one bad value rejects the whole line.
    bad_lines = set(line[bad])
    out["_bad"] = out["_line"].isin(bad_lines).to_numpy()
    out["_keep"] = ~out["_bad"] & ~out["_blank"] & ~duplicate
    out["_dup"] = duplicate & ~out["_bad"].to_numpy()
    out["_sum"] = added  # events of one day in this file: all kept (added up)
    if records.rejected:
        # Lines that could not be split into fields: count them as rejected lines.
        extra = pd.DataFrame(
            {
                "_file": file,
                "_line": -np.arange(1, records.rejected + 1),
                "_bad": True,
                "_blank": False,
                "_keep": False,
                "metric": "",
                "source": records.source,
                "_order": records.order,
            }
        )
        out = pd.concat([out, extra], ignore_index=True)
    if records.continued:
        # Lines joined to the record above (unquoted multi-line text): merged into it.
        extra = pd.DataFrame(
            {
                "_file": file,
                "_line": -np.arange(records.rejected + 1, records.rejected + records.continued + 1),
                "_bad": False,
                "_blank": False,
                "_keep": False,
                "_joined": True,
                "metric": "",
                "source": records.source,
                "_order": records.order,
            }
        )
        out = pd.concat([out, extra], ignore_index=True)
    out["_file_end"] = out.loc[out["_keep"], "date"].max() if out["_keep"].any() else pd.NaT
    return out


def _repeated_days(frame, who, stamps, values, skip, file, line, problems, notes, bad):
    """Apply the rule of a day repeated inside one file of daily figures.

    Returns two masks: the repeats merged into the first row (same values), and the rows of
    an event count added up (all kept, see :func:`_merge_overlaps`).

    A file of daily figures has one row per day and metric (and person). Where a day comes
    again in the same file (rows in ``skip`` aside):

    - with the same value, it is the same row twice: the repeat is counted as merged (the
      returned mask), and a note says how many;
    - with another value, for a metric that counts events (posts, deals, messages: each row
      one event), the rows are kept and added up, and a note says so;
    - with another value for any other figure (impressions, followers gained, a column of
      your own), the export is damaged (or two tables were pasted together): each repeat is a
      problem naming its line, the first line of that day and the column, and both lines are
      marked in ``bad``. Nothing is guessed: with errors="drop" the day stays missing.

    Rows a reader marked as events (a table of posts, ``_kind == "event"``) and levels (a
    running total captured twice a day: the last capture wins, as for SSI) are left alone,
    and so are repeats across files (overlapping exports: see :func:`_merge_overlaps`).
    """
    n = len(frame)
    duplicate, added = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    if n < 2:
        return duplicate, added
    metric = frame["metric"].to_numpy(dtype=object)
    # each distinct metric's kind once; a reader's own _kind where it gave one
    codes, names = pd.factorize(metric, use_na_sentinel=False)
    kind = np.asarray([outcome_kind(name) for name in names], dtype=object)[codes]
    if "_kind" in frame:
        given = frame["_kind"]
        kind = np.where(given.notna().to_numpy(), given.to_numpy(dtype=object), kind)
    daily = (kind == "daily") & ~skip & ~np.isnat(stamps)
    if not daily.any():
        return duplicate, added
    rows = pd.DataFrame(
        {
            "who": np.asarray(who, dtype=object)[daily],
            "metric": metric[daily],
            "day": stamps[daily].astype("datetime64[D]"),
            "value": values[daily],
        },
        index=np.flatnonzero(daily),
    )
    repeated = rows.duplicated(["who", "metric", "day"], keep=False)
    if not repeated.any():
        return duplicate, added
    merged, summed = 0, {}
    for (_, name, day), group in rows[repeated].groupby(["who", "metric", "day"], sort=False):
        first = group.index[0]
        same = group["value"].to_numpy() == group["value"].iloc[0]
        if same.all():
            duplicate[group.index[1:]] = True  # the same row again: counted once
            merged += len(group) - 1
        elif outcome_kind(name) == "event":
            summed[name] = summed.get(name, 0) + len(group)
            added[group.index] = True
        else:
            column = frame["_value_column"].iloc[first] if "_value_column" in frame else name
            for i in group.index[1:]:
                problems.add(
                    file,
                    line[i],
                    column,
                    f"{group['value'].loc[i]:.12g}",
                    f"{pd.Timestamp(day):%Y-%m-%d} is already on line {line[first]} with "
                    f"{group['value'].loc[first]:.12g}: a table of daily figures has one row per "
                    "day, so one of the two lines is wrong (a damaged export, or two tables "
                    "pasted together)",
                    "delete the wrong line, or export the table again",
                )
            bad[group.index] = True
    if merged:
        lines = len(set(line[duplicate]))
        notes.append(
            f"{file}: {merged} value{'s' if merged > 1 else ''} on {lines} "
            f"line{'s' if lines > 1 else ''} repeated a day already in the file with the same "
            "value: counted once (merged)"
        )
    for name, count in summed.items():
        notes.append(
            f"{file}: {count} rows of {name!r} share a day with other values; each counts "
            "events, so the values of a day are added up, none dropped"
        )
    return duplicate, added


_KEYS = ("_conversation", "_sent", "_match_name", "_match_url")
#: A batch whose check finds anything goes on without the members it names (split in two
#: when it names none) until its parts are this small; the members left out are checked on
#: their own, naming their problems.
_SMALLEST_SPLIT = 2


def _checked_batch(records: BatchedRecords, *, person, dayfirst) -> dict:
    """Check the rows of a batch of files at once: ``{member: (rows, seq, a, b)}``.

    The members are the files of a batch: an archive's small members, or small hand-kept
    tables. A member with a cell that needs a column-wide decision (:func:`_needs_a_decision`)
    is checked on its own; a part of the batch is accepted only when its check then reports
    no problem and no note (no row is bad, and each member's own check would have said
    nothing and read every cell the same). Its rows stand at its first member (``rows`` is
    None at the others), each with its own member, position and latest date; member ``k``'s
    rows are ``a:b`` of the part, and the caller writes the member's place among all files
    into ``seq[a:b]``. A part whose check names problems is checked again without the
    members they are in; these, and the members of parts too small to split, are checked on
    their own by the caller, in member order, so that their problems come as they would.
    """
    batch = records.batch
    if batch.checked is not None:
        return batch.checked
    batch.checked = {}
    counts = np.diff(batch.bounds)
    member_of_row = np.repeat(np.arange(len(counts)), counts)
    parts = [np.arange(len(counts))]
    while parts:
        members = parts.pop()
        if len(members) < _SMALLEST_SPLIT:
            continue
        rows = np.flatnonzero(np.isin(member_of_row, members))
        frame = batch.frame.iloc[rows]
        part = Records(
            batch.names[members[0]],
            records.format,
            frame.assign(_line=np.arange(1, len(rows) + 1)),  # a problem names its row
            source=records.source,
            order=records.order,
            dayfirst=records.dayfirst,
        )
        # Column-wide decisions (a decimal mark, a day/month order) made over several files
        # could differ from each file's own: files with a cell that needs one go alone.
        undecided = _needs_a_decision(frame, dayfirst)
        if undecided.any():
            parts.append(np.setdiff1d(members, member_of_row[rows[undecided]]))
            continue
        said, noted = Problems(), []
        piece = _validate(part, person=person, dayfirst=dayfirst, problems=said, notes=noted)
        if said or noted or piece["_bad"].any() or len(piece) != len(rows):
            named = [p.line - 1 for p in said if p.line is not None]
            suspects = np.unique(member_of_row[rows[named]]) if named else []
            if len(suspects):
                parts.append(np.setdiff1d(members, suspects))
            else:
                middle = len(members) // 2
                parts += [members[middle:], members[:middle]]
            continue
        member = member_of_row[rows]
        piece["_line"] = frame["_line"].to_numpy()
        if batch.orders is not None:  # files of their own: each at its own position
            piece["_order"] = batch.orders[member]
        piece["_file"] = np.asarray(batch.names, dtype=object)[member]
        kept = piece["date"].where(piece["_keep"])
        piece["_file_end"] = kept.groupby(member).transform("max").to_numpy()
        seq = np.zeros(len(piece), dtype=int)
        ends = np.cumsum(counts[members])
        for k, a, b in zip(members, ends - counts[members], ends, strict=True):
            batch.checked[int(k)] = (piece if k == members[0] else None, seq, a, b)
        piece["_seq"] = seq  # replaced once every member has its place (see load_outcomes)
    return batch.checked


def _needs_a_decision(frame: pd.DataFrame, dayfirst: bool | None) -> np.ndarray:
    """Rows whose value or date is read by a decision over the whole column.

    A value that is not a plain number (``1,234``, ``€ 5``) is read with the column's decimal
    mark; without ``dayfirst``, a numeric date (``03/04/2025``) with the column's day/month
    order (:func:`~ssi_analysis.schema.coerce.to_number`, ``to_datetime``).
    """
    value = frame["value"]
    if not pd.api.types.is_numeric_dtype(value.dtype):  # text (object or str): as read
        text = value.astype(str).str.strip()
        blank = (value.isna() | (text == "")).to_numpy()
        numbers = pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            odd = ~(np.isfinite(numbers) | blank)
    else:
        odd = np.zeros(len(frame), dtype=bool)
    if dayfirst is None:
        numeric = [v for v in frame["date"].unique() if is_numeric_date(v)]
        odd |= frame["date"].isin(numeric).to_numpy(dtype=bool)
    return odd


def derive_archive_metrics(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Add replies and accepted invitations, derived from the archive's messages and invitations.

    - ``outreach_sent``: a conversation the member opened (their message is its first), on
      the opening date; ``outreach_replied``: the same conversation, when someone else wrote
      in it later, also on the opening date (the numerator of a reply rate);
      ``replies_received``: that first answer, on its own date.
    - ``invitations_accepted``: an outgoing invitation whose person appears in
      Connections.csv on or after the invitation's day (matched on profile URL where both
      files have one, else on the name), counted on the connection date.

    Derived rows carry the line they were read from, so the accounting stays per input line.
    """
    notes: list[str] = []
    added = []
    if "_conversation" in rows:
        messages = rows[rows["_keep"] & rows["_conversation"].notna()]
        if len(messages):
            found, note = _conversation_metrics(messages)
            added.append(found)
            notes += note
    if "_match_name" in rows:
        found, note = _accepted_invitations(rows[rows["_keep"] & rows["_match_name"].notna()])
        added.append(found)
        notes += note
    added = [a for a in added if len(a)]
    if added:
        rows = pd.concat([rows, *added], ignore_index=True)
    return rows, notes


def _conversation_metrics(messages: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    ordered = messages.sort_values(["_stamp", "_line"], kind="stable")
    key = ["person", "_file", "_order", "_conversation"]
    grouped = ordered.groupby(key, sort=False)
    first = grouped.head(1).set_index(key)
    # An opener is identifiable when the first message's direction is known and no message
    # of the other direction carries the same time.
    sent = ordered["_sent"]
    first_stamp = grouped["_stamp"].transform("min")
    at_start = ordered[ordered["_stamp"] == first_stamp]
    directions = at_start.groupby(key, sort=False)["_sent"].agg(
        lambda s: s.iloc[0] if s.notna().all() and s.nunique() == 1 else None
    )
    opened = directions[directions.eq(True)].index
    unknown = int(directions.isna().sum())
    answers = ordered[sent.eq(False)]
    answers = answers[answers.set_index(key).index.isin(opened)]
    first_answer = answers.groupby(key, sort=False).head(1)
    openers = first.loc[opened].reset_index()
    replied = openers[openers.set_index(key).index.isin(first_answer.set_index(key).index)]
    pieces = [
        openers.assign(metric="outreach_sent", value=1.0),
        replied.assign(metric="outreach_replied", value=1.0),
        first_answer.assign(metric="replies_received", value=1.0),
    ]
    out = pd.concat(pieces, ignore_index=True).drop(columns=list(_KEYS), errors="ignore")
    total = len(directions)
    notes = [
        f"messages: {total} conversation{'s' if total != 1 else ''}, {len(openers)} opened by "
        f"you, {len(replied)} of them answered; {unknown} without an identifiable opener "
        "(blank sender, unknown direction, or first messages of both sides at the same "
        "time), not counted as outreach"
    ]
    return out, notes


def _match_key(name: pd.Series, url: pd.Series) -> tuple[pd.Series, pd.Series]:
    names = name.fillna("").astype(str).str.split().str.join(" ").str.casefold()
    urls = (
        url.fillna("")
        .astype(str)
        .str.strip()
        .str.lower()
        .str.replace(r"^(?:https?://)?(?:[a-z]+\.)?linkedin\.com", "", regex=True)
        .str.rstrip("/")
    )
    return names, urls


def _accepted_invitations(rows: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    invitations = rows[rows["metric"] == "invitations_sent"]
    connections = rows[rows["metric"] == "connections_added"]
    if not len(invitations) or not len(connections):
        return rows.iloc[:0], []
    con = connections.reset_index(drop=True)
    con_name, con_url = _match_key(con["_match_name"], con["_match_url"])
    con = con.assign(_i=np.arange(len(con)), _n=con_name.to_numpy(), _u=con_url.to_numpy())
    inv_name, inv_url = _match_key(invitations["_match_name"], invitations["_match_url"])
    inv = pd.DataFrame(
        {
            "person": invitations["person"].to_numpy(),
            "_sent_day": invitations["date"].to_numpy(),
            "_n": inv_name.to_numpy(),
            "_u": inv_url.to_numpy(),
        }
    )
    # On profile URL where both have one, else on the name.
    by_url = con[con["_u"] != ""].merge(inv[inv["_u"] != ""][["person", "_u", "_sent_day"]])
    by_name = con[con["_n"] != ""].merge(
        inv[inv["_n"] != ""][["person", "_n", "_u", "_sent_day"]],
        on=["person", "_n"],
        suffixes=("", "_inv"),
    )
    by_name = by_name[(by_name["_u"] == "") | (by_name["_u_inv"] == "")]
    pairs = pd.concat([by_url[["_i", "_sent_day"]], by_name[["_i", "_sent_day"]]])
    matched = pairs.loc[pairs["_sent_day"].to_numpy() <= con["date"].to_numpy()[pairs["_i"]], "_i"]
    accepted = con[con["_i"].isin(matched)].assign(metric="invitations_accepted", value=1.0)
    accepted = accepted.drop(columns=[*_KEYS, "_i", "_n", "_u"], errors="ignore")
    notes = [
        f"{len(accepted)} of {len(invitations)} invitations you sent were accepted "
        "(the person is in Connections.csv on or after the invitation's day; matched on "
        "profile URL where both files have one, else on the name)"
    ]
    return accepted, notes


def _merge_overlaps(rows: pd.DataFrame) -> pd.DataFrame:
    """Supersede values that another export of the same source also has.

    Daily figures and levels: one value per (source, person, metric, date); the export that
    reaches the latest date wins (LinkedIn revises recent days upward), file order breaks a
    tie. Events with a key (a deal's record ID, a post's URL): one per (source, metric, key),
    the same rule choosing which.
    """
    rows = rows.copy(deep=False)  # copy on write: the columns set below are the new ones
    joined = rows["_joined"].eq(True) if "_joined" in rows else False
    # A reader that knows better (a hand-kept log is daily whatever its metric) sets _kind.
    kinds = _per_value(rows["metric"], lambda m: outcome_kind(m) if m else "")
    rows["kind"] = rows["_kind"].where(rows["_kind"].notna(), kinds) if "_kind" in rows else kinds
    # a day repeated in one file with the same values (see _repeated_days): merged too
    rows["_merged"] = joined | (rows["_dup"].eq(True) if "_dup" in rows else False)
    keep = rows["_keep"]
    order = ["_file_end", "_order", "_line"]
    daily = keep & rows["kind"].isin(["daily", "weekly", "level"])
    ranked = rows[daily].sort_values(order, kind="stable")
    same_day = ["source", "person", "metric", "date"]
    dup = ranked.duplicated(same_day, keep="last")
    if "_sum" in ranked and ranked["_sum"].eq(True).any():
        # events of one day in one file, added up: all of the winning file's rows stay
        last = ranked.groupby(same_day, sort=False)[["_order", "_file"]].transform("last")
        winner = (ranked["_order"] == last["_order"]) & (ranked["_file"] == last["_file"])
        dup &= ~(winner & ranked["_sum"].eq(True))
    rows.loc[dup[dup].index, "_merged"] = True
    keyed = keep & (rows["kind"] == "event") & rows["_key"].notna()
    ranked = rows[keyed].sort_values(order, kind="stable")
    dup = ranked.duplicated(["source", "metric", "_key"], keep="last")
    rows.loc[dup[dup].index, "_merged"] = True
    rows["_keep"] &= ~rows["_merged"]
    return rows


def _per_value(values: pd.Series, fn) -> pd.Series:
    """Return ``values.map(fn)``, calling ``fn`` once per distinct value, not once per row.

    Examples
    --------
    >>> _per_value(pd.Series(["a", "bb", "a"], index=[3, 4, 5]), len).tolist()
    [1, 2, 1]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    out = pd.Series(uniques).map(fn).take(codes)
    out.index = values.index
    return out


def _line_status(rows: pd.DataFrame) -> pd.Series:
    """One status per input line: rejected, kept, merged or missing (see the module doc)."""
    grouped = rows.groupby(["_file", "_order", "_line"], sort=False)
    bad, kept, merged = grouped["_bad"].any(), grouped["_keep"].any(), grouped["_merged"].any()
    status = pd.Series("missing", index=bad.index)
    status[merged] = "merged"
    status[kept] = "kept"
    status[bad] = "rejected"
    return status


def _tidy_order(out: pd.DataFrame) -> np.ndarray:
    """Return the order of ``out.sort_values(["person", "metric", "date"], kind="stable")``.

    By integer codes (names ranked once each) and one stable ``np.lexsort``, instead of
    comparing a string per row; with a date missing, pandas' own sort (NaT last).

    Examples
    --------
    >>> rows = pd.DataFrame({"person": ["b", "a", "a"], "metric": ["x", "y", "x"],
    ...                      "date": pd.to_datetime(["2026-01-01"] * 3)})
    >>> _tidy_order(rows).tolist()
    [2, 1, 0]
    """
    dates = out["date"].to_numpy(dtype="datetime64[ns]")
    if np.isnat(dates).any():
        order = out.sort_values(["person", "metric", "date"], kind="stable").index
        return out.index.get_indexer(order)
    person, _ = pd.factorize(out["person"], sort=True)
    metric, _ = pd.factorize(out["metric"], sort=True)
    return np.lexsort((dates.view(np.int64), metric, person))


def _tidy(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.reindex(columns=OUTCOME_COLUMNS).copy()
    out["currency"] = out["currency"].fillna("").astype(object)
    out["person"] = out["person"].astype(str)
    out["metric"] = out["metric"].astype(str)
    out["value"] = out["value"].astype(float)
    out = out.take(_tidy_order(out)).reset_index(drop=True)
    out.attrs = {}
    return out
