"""Writing tables for people to open in a spreadsheet, safely."""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from ssi_analysis.present.outputs import atomic_write
from ssi_analysis.words.format import verdict_meaning

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


#: The CSV encoding: UTF-8 with a byte-order mark (what Excel needs to read UTF-8).
CSV_ENCODING = "utf-8-sig"

#: Columns that count whole things (periods, people, weeks). A missing value makes pandas
#: hold them as floats, which a CSV writes "2.0", a spreadsheet shows "2.000" and the page
#: "2.00": they are written as integers (an empty cell where missing). ``window``,
#: ``lag_low``, ``lag_high``, ``best_lag`` and ``horizon`` are lags too (a team row's window
#: is missing on its single-lag rows).
INTEGER_COLUMNS = frozenset(
    {
        "lag", "lag_low", "lag_high", "best_lag", "window", "horizon", "n", "n_obs", "people",
        "group_people", "latest_weeks", "weeks_12w", "df",
        # levels in %: 95 and 90 as written (a 97.5 keeps its decimal: a column is converted
        # only when every value is whole)
        "ci_level", "r_level",
    }
)  # fmt: skip


def whole_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with its counting columns (:data:`INTEGER_COLUMNS`) as integers.

    A column is converted only when every value present is a whole number, to pandas'
    nullable ``Int64`` (missing stays missing, never 0).

    Examples
    --------
    >>> table = whole_numbers(pd.DataFrame({"lag": [2.0, None], "r": [0.5, 1.0]}))
    >>> table.dtypes.astype(str).tolist()
    ['Int64', 'float64']
    """
    out = frame
    for column in INTEGER_COLUMNS.intersection(map(str, frame.columns)):
        values = frame[column]
        if pd.api.types.is_float_dtype(values):
            present = values.dropna()
            if (present == present.round()).all():
                out = out.assign(**{column: values.astype("Int64")})
    return out


def write_csv(frame, path: str | Path) -> Path:
    """Write a table as CSV that a spreadsheet opens without running anything in it.

    ``frame`` is a DataFrame, or the kit's :class:`~ssi_analysis.Answers` (its ``table``).

    Text cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return, their full-width forms, or any of these after leading
    white space such as a no-break space or a line feed) get a leading apostrophe. Numbers
    are left alone (``-0.41`` stays a number); so is the index, which is not written. The
    file is UTF-8 with a byte-order mark, so Excel reads the em dashes and accents of the
    sentences as such (without it, Excel on Windows reads UTF-8 as the local code page).

    Parameters
    ----------
    frame : pandas.DataFrame or Answers
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
    >>> import codecs
    >>> path.read_bytes().startswith(codecs.BOM_UTF8)
    True
    >>> path.read_text(encoding="utf-8-sig").splitlines()
    ['name,r', "'=HYPERLINK(1),-0.41", 'Ana,0.2']
    """
    if not isinstance(frame, pd.DataFrame):  # a frame needs no statistics imported
        from ssi_analysis.stats.answers import Answers

        if isinstance(frame, Answers):
            frame = frame.table
    # Whole or not at all: a full disk never leaves half a table (or destroys the last one).
    return atomic_write(path, csv_text(frame), encoding=CSV_ENCODING)


def csv_text(frame: pd.DataFrame) -> str:
    """Return the CSV text :func:`write_csv` writes (formula-like text cells made plain)."""
    safe = whole_numbers(frame).copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_escape)
    safe.columns = [_escape(str(c)) for c in safe.columns]
    # CRLF, as RFC 4180 and Excel have it; it also makes csv quote a lone carriage return.
    return safe.to_csv(index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")


#: What each column of an answers table means, and its unit (the spreadsheet's "columns" sheet).
COLUMN_DOCS = {
    "group": ("the group of sellers (--group-by) the row answers for, or all sellers", ""),
    "group_people": ("sellers in the group", "people"),
    "person": ("the person (seller) the row answers for", ""),
    "score": ("SSI or one of its four pillars", "0-100 (SSI), 0-25 (pillar)"),
    "outcome": ("the outcome compared with the score", ""),
    "verdict": (verdict_meaning(), ""),
    "question": ("the question the outcome answers: reach, replies, pipeline or revenue", ""),
    "effect": (
        "one person (and each seller): what a sustained rise of the score (see rise) went "
        "with over the horizon, a share of the outcome's average per period (0.25 = +25 %) or "
        "the outcome's units (see effect_unit); not in a team table (see effect_pct)",
        "see effect_unit",
    ),
    "effect_low": (
        "one person: lower end of the effect's 90 % interval (the one 'ruled out' uses)",
        "see effect_unit",
    ),
    "effect_high": (
        "one person: upper end of the effect's 90 % interval (the one 'ruled out' uses)",
        "see effect_unit",
    ),
    "effect_unit": ("share (0.25 = +25 % of the outcome's average) or units", ""),
    "effect_pct": (
        "the effect in % (one person, each seller and the team): what a rise of the score "
        "(see rise) went with, as a % of the outcome's average (one person) or of its "
        "expected value (team); empty for an outcome in its own units",
        "%",
    ),
    "effect_low_pct": ("lower end of effect_pct's interval, at ci_level", "%"),
    "effect_high_pct": ("upper end of effect_pct's interval, at ci_level", "%"),
    "ci_level": (
        "the confidence level of effect_low_pct to effect_high_pct: 90 for one person (the "
        "interval the two one-sided tests of 'ruled out' use), 95 for the team (its 90 % is "
        "tost_low to tost_high)",
        "%",
    ),
    "rise": ("the rise of the score the effect is stated for", "score points"),
    "horizon": ("periods after a rise over which its effect is measured (lags 0..horizon)", ""),
    "r_bound": ("the analyst's correlation figure (not the verdict's bound)", "-1 to 1"),
    "white_p": ("Ljung-Box p of the score's innovations (small: not whitened)", "0-1"),
    "lag": ("periods by which the score leads the outcome, at the row's answer", "periods"),
    "r": ("the tested correlation (prewhitened; within sellers for a team)", "-1 to 1"),
    "r_low": ("lower end of r's interval, at r_level", "-1 to 1"),
    "r_high": ("upper end of r's interval, at r_level", "-1 to 1"),
    "r_level": (
        "the confidence level of r_low to r_high: 95; 90 for a 'ruled out' decided on r "
        "(activity_links: the interval its two one-sided tests use)",
        "%",
    ),
    "slope": ("change in the outcome per score point, within sellers", "see slope_unit"),
    "slope_low": ("lower end of the slope's 95 % interval (team)", "see slope_unit"),
    "slope_high": ("upper end of the slope's 95 % interval (team)", "see slope_unit"),
    "slope_unit": ("the unit of slope, slope_low and slope_high in a team table", ""),
    "lag_low": (
        "first lag the answer speaks for: for a link, the named lag or one the data cannot "
        "tell from it (= lag when singled out); 0 for the cumulative effect over the horizon; "
        "empty for one person's answer that is not a link",
        "periods",
    ),
    "lag_high": (
        "last lag the answer speaks for (as lag_low; the horizon for the cumulative effect)",
        "periods",
    ),
    "window": (
        "team: weeks before the outcome's week over which the score is averaged for the "
        "cumulative effect (lags 0..window)",
        "",
    ),
    "window_weight": (
        "team: the window's smallest lag weight w; the equivalence test uses ±bound times w on "
        "the model's scale (a Poisson fit: (1 - bound)^w - 1 to (1 + bound)^w - 1 of the "
        "expected value), the margin within which an effect of ±bound at any one lag is ruled "
        "out; 0 or less: nothing can be",
        "",
    ),
    "tost_low": (
        "team: lower end of effect_pct's 90 % interval, the one the equivalence test uses "
        "(ruled out: inside the margin of window_weight)",
        "%",
    ),
    "tost_high": ("team: upper end of effect_pct's 90 % interval (as tost_low)", "%"),
    "p": (
        "the test's p-value at the row's lag, before adjustment; a team row not 'linked' shows "
        "the window's effect with the lag scan's smallest p, at lag best_lag",
        "0 to 1",
    ),
    "best_lag": (
        "team, a row not 'linked': the lag of p (the lag scan's smallest); empty where lag is "
        "that lag or there is no lag scan",
        "periods",
    ),
    "p_adj": ("Benjamini-Hochberg adjusted p over the whole family of tests", "0 to 1"),
    "p_tost": (
        "equivalence p, two one-sided tests: one person, of the effect against ±bound (the "
        "largest over the lags for a 'ruled out' decided on r); team, of the window's effect "
        "against ±bound times window_weight",
        "0 to 1",
    ),
    "bound": (
        'the smallest effect that matters, for "ruled out": a share of the outcome per rise '
        "(0.4 = ±40 %) in the answers and team tables; a correlation in activity_links",
        "share (correlation in activity_links)",
    ),
    "r_detectable": ("the correlation this much data detects with 80 % power", "correlation"),
    "n": ("periods with both values", "periods"),
    "df": ("the test's degrees of freedom", ""),
    "transform": (
        "log1p: the outcome analysed as log(1 + x); ppml: Poisson pseudo-ML, % of the "
        "expected value (team); empty: as it is",
        "",
    ),
    "unit": ("the period: week, month or day", ""),
    "caveat": ("a robustness check the link failed", ""),
    "sentence": ("the answer in plain words", ""),
    "test": ("the test that was run", ""),
    "note": ("why a test could not run, or who was left out", ""),
    "people": ("sellers with two or more periods", "people"),
    "n_obs": ("seller-periods used", "seller-periods"),
    "between_r": ("correlation of sellers' averages (different people)", "-1 to 1"),
    "between_p": ("p of between_r", "0 to 1"),
    "between_p_adj": ("between_p adjusted over the same family", "0 to 1"),
    "pooled_r": ("naive correlation over all rows (for contrast only)", "-1 to 1"),
    "between_sentence": ("the between-people comparison in plain words", ""),
    # the diagnostic (pillar_gaps, activity_links)
    "pillar": ("the pillar (or SSI) of the row", ""),
    "activity": ("your own activity from the LinkedIn data archive, counted per period", ""),
    "latest": ("mean of the pillar over the last 4 weeks of data", "0-25"),
    "latest_weeks": ("weeks of those 4 with at least one value", "weeks"),
    "mostly_missing": ("fewer than 2 of the last 4 weeks hold a value", ""),
    "last_date": ("the person's last capture with a pillar value", "date"),
    "change_12w": ("latest minus the same 4-week mean 12 weeks earlier", "pillar points"),
    "gap_to_max": ("25 minus latest", "pillar points"),
    "industry": ("the export's industry average for the pillar (4-week mean)", "0-25"),
    "gap_to_industry": ("industry average minus latest (positive: below it)", "pillar points"),
    "network": ("the export's network average for the pillar (4-week mean)", "0-25"),
    "gap_to_network": ("network average minus latest (positive: below it)", "pillar points"),
    "share_below_10": ("share of the last 12 weeks (with data) below 10", "0 to 1"),
    "share_above_17_5": ("share of the last 12 weeks (with data) above 17.5", "0 to 1"),
    "weeks_12w": ("weeks of the last 12 with a value", "weeks"),
    "holds_back": ("the pillar that holds the total back most", ""),
    "gap_basis": ("holds_back ranks gaps to: industry (all four known) or maximum", ""),
    "ssi": ("the total, as a 4-week mean", "0-100"),
    "industry_ssi": ("the export's industry average SSI (4-week mean)", "0-100"),
    "network_ssi": ("the export's network average SSI (4-week mean)", "0-100"),
}


def xlsx_bytes(
    frame: pd.DataFrame, *, digits: int = 3, sheets: Mapping[str, pd.DataFrame] | None = None
) -> bytes:
    """Return an Excel workbook of an answers table and a sheet documenting every column.

    ``sheets`` (name -> table) are added after the ``columns`` sheet, with a
    ``<name>_columns`` sheet documenting each (the report's diagnostic tables).

    Numbers keep full precision in the cells and show ``digits`` decimals (a number format,
    not rounding); text cells that a spreadsheet would run as a formula are made plain as in
    :func:`write_csv`.

    Examples
    --------
    >>> import io, openpyxl
    >>> data = xlsx_bytes(pd.DataFrame({"outcome": ["=1+1"], "r": [0.123456]}))
    >>> book = openpyxl.load_workbook(io.BytesIO(data))
    >>> book.sheetnames, book["answers"]["A2"].value, book["answers"]["B2"].value
    (['answers', 'columns'], "'=1+1", 0.123456)
    >>> book["answers"]["B2"].number_format, book["columns"]["A2"].value
    ('0.000', 'outcome')
    >>> book["answers"].auto_filter.ref, book["answers"].freeze_panes
    ('A1:B2', 'A2')
    """
    import io

    from openpyxl import Workbook

    # Write-only mode: each row goes to the file as it is appended, with no cell objects kept
    # for a second pass (the normal mode took 1.8 s of CPU for a team of 500's sheets, about
    # 100,000 cells). Its sheets take a frozen header and a filter (set before the first row
    # and before saving); the cells written are the same.
    book = Workbook(write_only=True)
    columns = _fill_sheet(book.create_sheet("answers"), frame, digits)
    _column_docs(book.create_sheet("columns"), columns)
    for name, table in (sheets or {}).items():
        names = _fill_sheet(book.create_sheet(name), table, digits)
        _column_docs(book.create_sheet(f"{name}_columns"), names)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column_docs(sheet, columns: list[str]) -> None:
    """Write the sheet documenting each column of a table: name, meaning, unit."""
    sheet.append(["column", "meaning", "unit"])
    for column in columns:
        meaning, unit = COLUMN_DOCS.get(column, ("", ""))
        sheet.append([column, meaning, unit])


def _fill_sheet(sheet, frame: pd.DataFrame, digits: int) -> list[str]:
    """Write a table on a write-only sheet; return its column names.

    The header, the values, number formats, a filter on every column, the header frozen.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.utils import get_column_letter

    frame = whole_numbers(frame)
    columns = [str(c) for c in frame.columns]
    sheet.freeze_panes = "A2"  # a write-only sheet writes its view before the first row
    sheet.append([_escape(c) for c in columns])
    numeric = [pd.api.types.is_float_dtype(frame[c]) for c in frame.columns]
    number_format = "0." + "0" * digits
    # One styled cell per float column, given its value row by row: a write-only sheet writes
    # a row when it is appended, so the cell can carry the next row's value after (an empty
    # float cell keeps its number format, as the normal mode wrote it).
    formatted = {}
    for j, is_float in enumerate(numeric):
        if is_float:
            formatted[j] = WriteOnlyCell(sheet)
            formatted[j].number_format = number_format
    for row in frame.itertuples(index=False):
        values = []
        for j, value in enumerate(row):
            if value is pd.NA or (isinstance(value, float) and value != value):  # empty cell
                value = None
            elif hasattr(value, "item"):
                value = value.item()
            else:
                value = _escape(value)
            if j in formatted:
                formatted[j].value = value
                value = formatted[j]
            values.append(value)
        sheet.append(values)
    if columns:  # a drop-down filter on each column of the header, over every row written
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(frame) + 1}"
    return columns


def write_xlsx(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write :func:`xlsx_bytes` to ``path``, whole or not at all."""
    return atomic_write(path, xlsx_bytes(frame))
