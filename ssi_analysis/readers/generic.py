"""Reader for outcomes people log by hand: a tidy table or a wide one.

- tidy: ``date, metric, value`` (and optionally ``person``), one row per day and metric;
- wide: ``date`` plus one numeric column per metric (``replies``, ``meetings``...). In a wide
  SSI log only the outcome columns the kit knows (followers, connections...) are read: the
  rest of such a file is scores or a bot's settings, not outcomes.
"""

from __future__ import annotations

import re

import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import (
    CAPTURE_TIME_ALIASES,
    OUTCOME_ALIASES,
    SSI_ALIASES,
    canonical_ssi_column,
    metric_name,
    outcome_kind,
    squash,
)
from ssi_analysis.readers._text import Table, refuse_table
from ssi_analysis.readers.records import Records, long_records
from ssi_analysis.readers.registry import OutcomeReader, register_outcome_reader

#: Headers of a dated table's date column, besides the SSI logs' ones (compared squashed);
#: any header starting or ending with "date" (``report_date``, ``Date of report``) counts too.
_DATE = {k for k, v in SSI_ALIASES.items() if v == "date"} | {
    squash(n)
    for n in (
        "period",
        "periodo",
        "periode",
        "week",
        "week_start",
        "week_of",
        "week_starting",
        "semana",
        "semaine",
        "woche",
        "month",
        "mes",
        "mois",
        "monat",
        "jour",
        "giorno",
        "dag",
    )
}


def date_columns(columns) -> list[str]:
    """Return the columns whose header names a date (or a period), in the table's order.

    Examples
    --------
    >>> date_columns(["Report Date", "Replies", "Week", "Notes"])
    ['Report Date', 'Week']
    >>> date_columns(["Jour", "Réponses"]), date_columns(["Dated?", "Updated"])
    (['Jour'], [])
    """
    out = []
    for column in columns:
        key = squash(_undup(column))
        if key in _DATE or (len(key) > 4 and (key.startswith("date") or key.endswith("date"))):
            out.append(column)
    return [c for c in out if squash(c) not in ("dated", "updated", "outdated")]


def _undup(column: object) -> str:
    """Return a header without the ``.1`` a reader adds to a repeat (``Date.1`` -> ``Date``)."""
    return re.sub(r"\.\d+$", "", str(column))


#: Words of a date column's header that say each row is one post or event (several can
#: share a date): "Post publish date", "Created date", "Sent at".
_PER_EVENT = ("post", "publish", "created", "creation", "sent", "event")
#: Columns that name one post each (its link or title).
_POST_ID = ("posturl", "postlink", "posttitle", "url", "link")


def _per_event(date: str, columns) -> bool:
    """Tell a table of one row per post or event by its headers (``Post publish date``)."""
    return any(word in squash(date) for word in _PER_EVENT) or any(
        squash(c) in _POST_ID for c in columns
    )


def _repeated_dates(table: Table, date: str, person: str | None, metric=None) -> bool:
    """Tell whether rows share a date in a table of posts or events (their values add up).

    In a table of one row per post (``Post publish date``), two posts on one day are two
    posts: their values are added up, never one kept as if the other came from an
    overlapping export. A table of daily figures with a repeated day is judged when it is
    checked (:func:`ssi_analysis.schema.outcomes._repeated_days`): the same values are one
    row, a count of events is added up, other figures are refused with both lines.
    """
    if not _per_event(date, table.frame.columns):
        return False
    frame = table.frame
    keys = [frame[date].astype(str).str.strip()]
    if person is not None:
        keys.append(frame[person].astype(str).str.strip())
    if metric is not None:
        keys.append(frame[metric].astype(str).str.strip())
    key = keys[0].str.cat(keys[1:], sep="\x1f") if len(keys) > 1 else keys[0]
    return bool((key.duplicated(keep="first") & (keys[0] != "")).any())


_PERSON = {k for k, v in SSI_ALIASES.items() if v == "person"}
_NUMBERISH = re.compile(r"^[\s(+\-−$€£R]*[\d.,\s]*\d[\d.,\s]*%?\)?\s*[$€£]?\s*$")


def read_generic(
    table: Table, problems: Problems | None = None, *, date_column: str | None = None
) -> Records | None:
    """Read the outcome records of a hand-kept table; None when it has no date column.

    With several date-like columns (``Date`` and ``Week``), ``date_column`` says which one
    dates the rows; without it, a problem asks for it (when ``problems`` is given) — except
    that a plain date beside a capture timestamp (``CapturedAt``) is taken as the date.
    """
    columns = {squash(c): c for c in table.frame.columns}
    if date_column is not None:
        date = next((c for c in table.frame.columns if squash(c) == squash(date_column)), None)
        if date is None:
            if problems is not None:
                refuse_table(
                    problems,
                    table,
                    f"there is no column {date_column!r}",
                    "pass date_column= one of the columns of the header",
                    column=date_column,
                )
            return None
    else:
        dates = date_columns(table.frame.columns)
        plain = [c for c in dates if squash(c) not in CAPTURE_TIME_ALIASES]
        bases = [squash(_undup(c)) for c in dates]
        if len(set(bases)) < len(bases):  # "Post publish date" twice: lists side by side
            if problems is not None:
                repeated = sorted({_undup(c) for c in dates if bases.count(squash(_undup(c))) > 1})
                refuse_table(
                    problems,
                    table,
                    "this table holds lists side by side, each with its own "
                    f"{' / '.join(map(repr, repeated))} column: the kit cannot tell which "
                    "date goes with which value, and will not put one list's values on the "
                    "other's dates",
                    "save each list as a file (or sheet) of its own, with its date column, and "
                    "give them all",
                )
            return None
        if len(dates) > 1 and len(plain) != 1:
            if problems is not None:
                problems.add(
                    table.file,
                    table.header_line,
                    None,
                    ", ".join(map(str, dates)),
                    "this table has several date columns and the kit cannot tell which one "
                    "dates the rows",
                    f"pass date_column= one of {', '.join(map(repr, dates))}",
                    whole_file=True,
                )
            return None
        date = plain[0] if len(dates) > 1 else (dates[0] if dates else None)
    if date is None:
        return None
    person = next((columns[k] for k in columns if k in _PERSON), None)
    if {"metric", "value"} <= set(columns):
        repeats = _repeated_dates(table, date, person, metric=columns["metric"])
        frame = table.frame.assign(_metric=table.frame[columns["metric"]].map(metric_name))
        long = long_records(table, date, {"_": columns["value"]}, person=person)
        long["metric"] = frame["_metric"].to_numpy(dtype=object)
        long["_kind"] = long["metric"].map(_hand_kept_kind)
        long = _weekly(long, date)
        if repeats:
            long["_kind"] = "event"
        ignored = [
            c
            for c in table.frame.columns
            if c not in (date, person, columns["metric"], columns["value"])
        ]
        found = Records(
            table.file,
            "tidy outcome table",
            long,
            ignored=ignored,
            source="generic",
            rejected=table.rejected,
        )
        if repeats:
            found.notes.append(_EVENTS_NOTE)
        return found
    is_ssi_log = any(
        canonical_ssi_column(c) in ("ssi", "brand", "people", "insights", "relationships")
        for c in table.frame.columns
    )
    metrics, ignored = {}, []
    for column in table.frame.columns:
        if column in (date, person):
            continue
        if is_ssi_log and squash(column) not in OUTCOME_ALIASES:
            ignored.append(str(column))
            continue
        if not _numeric(table.frame[column]):
            ignored.append(f"{column} (text)")
            continue
        name = metric_name(column)
        if name in metrics:
            ignored.append(f"{column} (a second {name!r} column)")
            continue
        metrics[name] = column
    if not metrics:
        return None
    repeats = not is_ssi_log and _repeated_dates(table, date, person)
    long = long_records(table, date, metrics, person=person)
    long["_kind"] = long["metric"].map(_hand_kept_kind)
    long = _weekly(long, date)
    if repeats:
        long["_kind"] = "event"
    shape = "outcome columns of a wide SSI log" if is_ssi_log else "wide outcome table"
    found = Records(
        table.file, shape, long, ignored=ignored, source="generic", rejected=table.rejected
    )
    if repeats:
        found.notes.append(_EVENTS_NOTE)
    return found


#: What the load report says of a table of posts or events with several on one date.
_EVENTS_NOTE = (
    "each row is a post or an event (several share a date): the values of one date are "
    "added up, none dropped"
)


def _numeric(column: pd.Series) -> bool:
    """Most filled cells look like numbers (a notes column does not)."""
    values = [v for v in column if not (isinstance(v, str) and not v.strip())]
    if not values:
        return True
    numberish = sum(
        1 for v in values if isinstance(v, int | float) or _NUMBERISH.match(str(v)) is not None
    )
    return numberish >= 0.5 * len(values)


def _hand_kept_kind(metric: str) -> str:
    """Return a hand-kept metric's kind: daily (a day without a row is not covered) or level."""
    return "level" if outcome_kind(metric) == "level" else "daily"


def _weekly(long: pd.DataFrame, date: str) -> pd.DataFrame:
    """Mark a table dated by week (a ``Week`` column) as weekly totals.

    Each row covers the seven days of its week (``kind == "weekly"``), not one day.
    """
    if "week" in squash(date):
        long["_kind"] = long["_kind"].replace({"daily": "weekly"})
    return long


def _read(table: Table, problems: Problems, options) -> Records | None:
    found = read_generic(
        table, problems if options.report else None, date_column=options.date_column
    )
    if found is not None:
        found.notes += table.notes
    return found


def _any_table(table: Table) -> bool:
    return True  # asked last: any table with a date column and values


register_outcome_reader(
    OutcomeReader(
        "generic",
        "generic",
        "table",
        _any_table,
        _read,
        fallback=True,
        describes="a hand-kept outcome table",
    )
)
