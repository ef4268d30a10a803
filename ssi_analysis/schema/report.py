"""The load report: how every input row was accounted for."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ssi_analysis.errors import PROBLEM_COLUMNS, SharedReport


def _no_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype=object) for c in PROBLEM_COLUMNS})


@dataclass(frozen=True, eq=False)
class LoadReport(SharedReport):
    """What a loader read, kept, and why it left anything out.

    ``rows_read == rows_kept + rows_missing + rows_merged + rows_rejected`` always holds.
    It is reachable from the loaded frame as ``frame.attrs["load_report"]``; ``print()`` it for
    a short summary. It is read-only, and shared (not copied) by the frames pandas derives from
    the loaded one (:class:`~ssi_analysis.errors.SharedReport`): a filter, a column pick,
    ``pd.concat`` or ``merge`` of frames of the same load carries the same report at no cost.
    ``problems``, ``attributes`` and ``sales_cycle`` are handed out as copies: writing into
    one changes nothing shared.

    Attributes
    ----------
    kind : str
        What was loaded: ``"SSI"`` or ``"outcomes"``.
    format : str
        The shape(s) detected, e.g. ``"wide CSV (comma-delimited, utf-8)"``.
    files : tuple of str
        Every file read, in order.
    rows_read : int
        Records found in the files (rows of a wide file, captures of a long file, JSON objects).
    rows_kept : int
        Records in the result with values.
    rows_missing : int
        Failed captures (all scores zero or empty), kept as a dated row of NaN.
    rows_merged : int
        Records dropped because another record of the same person and day was kept (for
        outcomes: superseded by an overlapping export, or a line of unquoted multi-line text
        joined to the record above it).
    rows_rejected : int
        Invalid records, each listed in ``problems``.
    problems : pandas.DataFrame
        ``file, line, column, value, problem, fix`` for every problem found.
    ignored_columns : tuple of str
        Columns or fields of the inputs that were not used (nothing is dropped unmentioned).
    date_min, date_max : pandas.Timestamp or None
        First and last date in the result.
    missing_days : int
        Calendar days between each person's first and last date without a value, summed
        (for outcomes: over the daily metrics only; events have no "missing" day).
    unit : {"day", "week"}
        The SSI log's own step: "week" when every person's log is kept once a week (then
        ``missing_units`` counts weeks without a score; a weekly log has six days without a
        value every week by design).
    missing_units : int or None
        Periods of ``unit`` without a value, summed over people (None: as ``missing_days``).
    people : tuple of str
        The people in the result.
    notes : tuple of str
        Decisions the loader made (day/month order, decimal mark, file-name dates...).
    currency : str or None
        The currency of the money outcomes (pipeline, revenue) when the exports name one
        (a code such as ``"USD"``, or the symbol ``"$"`` when the amounts give only that).
    sales_cycle : dict or None
        From a CRM export with create and close dates: the won deals' created → closed
        cycle, ``{"median_weeks", "p80_weeks", "deals"}``
        (:func:`ssi_analysis.readers.crm.sales_cycle`); None otherwise.
    attributes : pandas.DataFrame
        For SSI: one row per person with a team file's text columns that hold one value per
        person (``person, Region, Manager``...), kept for grouping; ``person`` alone when none.
    """

    kind: str
    format: str
    files: tuple[str, ...]
    rows_read: int
    rows_kept: int
    rows_missing: int
    rows_merged: int
    rows_rejected: int
    problems: pd.DataFrame = field(default_factory=_no_problems)
    ignored_columns: tuple[str, ...] = ()
    date_min: pd.Timestamp | None = None
    date_max: pd.Timestamp | None = None
    missing_days: int = 0
    unit: str = "day"
    missing_units: int | None = None
    people: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    currency: str | None = None
    sales_cycle: dict | None = None
    attributes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"person": []}))

    MUTABLE = ("problems", "attributes", "sales_cycle")

    def __post_init__(self) -> None:
        total = self.rows_kept + self.rows_missing + self.rows_merged + self.rows_rejected
        if total != self.rows_read:
            raise RuntimeError(  # a bug in the kit, never the user's doing
                f"load report does not add up: read {self.rows_read} != kept {self.rows_kept} "
                f"+ missing {self.rows_missing} + merged {self.rows_merged} "
                f"+ rejected {self.rows_rejected}"
            )

    def __str__(self) -> str:
        files = self.files[0] if len(self.files) == 1 else f"{len(self.files)} files"
        missing, merged = (
            ("failed captures", "same day")
            if self.kind == "SSI"
            else ("no value", "overlapping exports, or lines joined to the one above")
        )
        lines = [
            f"{self.kind} load report — {files}: {self.format}",
            f"  rows read {self.rows_read}: {self.rows_kept} kept, {self.rows_missing} missing "
            f"({missing}), {self.rows_merged} merged ({merged}), "
            f"{self.rows_rejected} rejected",
        ]
        if self.date_min is not None:
            span = (self.date_max - self.date_min).days + 1
            unit, gone = self.unit, self.missing_days
            if unit == "week" and self.missing_units is not None:
                span, gone = -(-span // 7), self.missing_units
            lines.append(
                f"  dates {self.date_min:%Y-%m-%d} to {self.date_max:%Y-%m-%d} "
                f"({span} {unit}s"
                + (f", {len(self.people)} people" if len(self.people) > 1 else "")
                + f"; {gone} {unit}{'s' if gone != 1 else ''} without a value)"
            )
        if self.ignored_columns:
            shown = ", ".join(self.ignored_columns[:8])
            more = len(self.ignored_columns) - 8
            lines.append(f"  ignored: {shown}" + (f" and {more} more" if more > 0 else ""))
        lines.extend(f"  note: {n}" for n in self.notes[:6])
        if len(self.problems):
            lines.append(f"  problems ({len(self.problems)}):")
            for row in self.problems.head(10).itertuples(index=False):
                where = row.file + (f", line {row.line}" if pd.notna(row.line) else "")
                where += f", column {row.column!r}" if row.column else ""
                lines.append(f"    - {where}: {row.problem}")
            if len(self.problems) > 10:
                lines.append(f"    ... and {len(self.problems) - 10} more (see .problems)")
        else:
            lines.append("  problems: none")
        return "\n".join(lines)
