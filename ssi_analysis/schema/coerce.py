"""Text to numbers and dates, the way people's exports write them.

pandas' ``to_numeric`` and ``to_datetime`` read one convention per call and either fail on the
first odd value or silently coerce it. Exports mix conventions ("53 de 100", "Top 10%",
``1.234,56``, ``8/26/22, 8:56 PM``, ``9-Sep-22``) and the kit must name every value it could
not read, and must decide day/month order from a whole column, never from one value. So the
conventions are decided per column here and each *distinct* value is parsed once (a daily team
log of a million rows has only a few thousand distinct dates), then mapped back with pandas.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

_EMPTY = {"", "-", "--", "n/a", "na", "nan", "none", "null", "#n/a", "—"}
#: The cells read as empty (lower case, stripped), for the row checks.
EMPTY_WORDS = frozenset(_EMPTY | {"nat"})
_OUT_OF = re.compile(r"^\s*(.+?)\s*(?:de|of|/|von|sur|su)\s*100\s*$", re.IGNORECASE)
_RANK = re.compile(
    r"^\s*(?:top|primeiros|primeiras|os primeiros|the top|as primeiras)?\s*"
    r"(\d+(?:[.,]\d+)?)\s*%?\s*$",
    re.IGNORECASE,
)
#: Currency marks stripped from money cells (the CRM reader records which one a column used).
_CURRENCY = re.compile(
    r"(?:R|US|C|CA|A|AU|NZ|S|HK|MX)\$|[\s\u00a0\u202f$€£¥₹]"
    r"|USD|EUR|BRL|GBP|CAD|AUD|CHF|JPY|INR|MXN|SEK|NOK|DKK|PLN|ZAR|NZD|SGD|HKD|CNY",
    re.IGNORECASE,
)
_MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("jan", "january", "janeiro"),
            ("feb", "fev", "february", "fevereiro"),
            ("mar", "march", "marco", "março"),
            ("apr", "abr", "april", "abril"),
            ("may", "mai", "maio"),
            ("jun", "june", "junho"),
            ("jul", "july", "julho"),
            ("aug", "ago", "august", "agosto"),
            ("sep", "sept", "set", "september", "setembro"),
            ("oct", "out", "october", "outubro"),
            ("nov", "november", "novembro"),
            ("dec", "dez", "december", "dezembro"),
        ]
    )
    for name in names
}


def is_empty(value: object) -> bool:
    """Return True for a blank cell (None, NaN, '', '-', 'n/a', ...)."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, str) and value.strip().lower() in _EMPTY


@dataclass(frozen=True)
class Parsed:
    """Values read from one column.

    ``values`` are NaN/NaT where empty or unreadable; ``bad`` is True where a non-empty value
    could not be read.
    """

    values: np.ndarray
    bad: np.ndarray
    note: str = ""  # a column-level finding (decimal mark chosen, day/month order chosen)
    problem: str = ""  # a column-level problem that makes every ``bad`` value unreadable
    outside: np.ndarray | None = None  # dates read, but outside the plausible window (bad)


#: LinkedIn's launch: no SSI, post or LinkedIn-sourced deal is older.
FIRST_PLAUSIBLE = "2003-01-01"
#: The environment variable that sets another window, ``FIRST..LAST`` (ISO dates).
WINDOW_VARIABLE = "SSI_DATE_WINDOW"


def date_window(today: dt.date | None = None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last plausible date: LinkedIn's launch to a year after today.

    A date outside it is a typo or a damaged file (``2925`` for ``2025``), never data: read
    as it stands it would move an answer (one deal dated 2300 turned three sales answers from
    "can't tell yet" into "ruled out") or overflow. ``$SSI_DATE_WINDOW`` (``FIRST..LAST``, e.g.
    ``1990-01-01..2040-12-31``) sets another window, within the years 1678-2261 that pandas'
    dates hold.

    Examples
    --------
    >>> first, last = date_window(today=dt.date(2026, 12, 6))
    >>> f"{first:%Y-%m-%d} {last:%Y-%m-%d}"
    '2003-01-01 2027-12-06'
    """
    today = today or dt.date.today()
    first, last = pd.Timestamp(FIRST_PLAUSIBLE), pd.Timestamp(today) + pd.DateOffset(years=1)
    given = os.environ.get(WINDOW_VARIABLE, "").strip()
    if given:
        try:
            low, high = (pd.Timestamp(part.strip()) for part in given.split(".."))
        except (ValueError, TypeError) as exc:
            raise ValueError(
                f"{WINDOW_VARIABLE} must be two ISO dates as FIRST..LAST "
                f"(e.g. 1990-01-01..2040-12-31); got {given!r}."
            ) from exc
        floor, ceiling = pd.Timestamp("1678-01-01"), pd.Timestamp("2261-12-31")
        first, last = max(low, floor), min(high, ceiling)
    return first, last.normalize() + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)


def window_problem(window: tuple[pd.Timestamp, pd.Timestamp]) -> tuple[str, str]:
    """Return (problem, fix) for a date outside the plausible window.

    Examples
    --------
    >>> window_problem((pd.Timestamp("2003-01-01"), pd.Timestamp("2027-12-06 23:59")))[0][:60]
    'the date is outside 2003-01-01 to 2027-12-06 (LinkedIn began'
    """
    first, last = window
    return (
        f"the date is outside {first:%Y-%m-%d} to {last:%Y-%m-%d} (LinkedIn began in "
        f"{first:%Y}; a date far ahead is a typo)"
        if first == pd.Timestamp(FIRST_PLAUSIBLE)
        else f"the date is outside {first:%Y-%m-%d} to {last:%Y-%m-%d} (${WINDOW_VARIABLE})",
        f"correct the year, or delete the line (another window: set {WINDOW_VARIABLE}, "
        "e.g. 1990-01-01..2040-12-31)",
    )


def _by_unique(series: pd.Series, parse) -> tuple[np.ndarray, np.ndarray]:
    """Apply ``parse`` (value -> float | None, None meaning unreadable) to each distinct value."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    parsed = np.empty(len(uniques) + 1, dtype=float)
    bad = np.zeros(len(uniques) + 1, dtype=bool)
    for i, value in enumerate(uniques):
        if is_empty(value):
            parsed[i] = np.nan
            continue
        out = parse(value)
        if out is None:
            parsed[i], bad[i] = np.nan, True
        else:
            parsed[i] = out
    parsed[-1] = np.nan  # the NA sentinel (-1) indexes the last slot
    return parsed[codes], bad[codes]


def decimal_mark(strings: list[str], *, ambiguous_as_decimal: bool) -> str:
    """Decide the decimal mark of a column of number strings.

    A value with both marks shows the order ("1.234,5" → comma); a comma followed by other
    than three digits can only be a decimal comma; a column of ``1,234``-shaped values is
    ambiguous and read as a decimal mark when ``ambiguous_as_decimal`` (True for scores, which
    are below 100; False for money and counts, where ``1,234`` is a thousand).

    Examples
    --------
    >>> decimal_mark(["20,973", "6,38"], ambiguous_as_decimal=False)
    ','
    >>> decimal_mark(["1,234,567.00"], ambiguous_as_decimal=True)
    '.'
    >>> decimal_mark(["1.234,5"], ambiguous_as_decimal=False)
    ','
    """
    comma_only = [s for s in strings if "," in s and "." not in s]
    dot_only = [s for s in strings if "." in s and "," not in s]
    both = [s for s in strings if "," in s and "." in s]
    if both:
        return "," if both[0].rfind(",") > both[0].rfind(".") else "."
    if comma_only and not dot_only:
        if any(not re.fullmatch(r"-?\d{1,3}(,\d{3})+", s) for s in comma_only):
            return ","
        return "," if ambiguous_as_decimal else "."
    if dot_only and not comma_only:
        if any(not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", s) for s in dot_only):
            return "."
        return (
            "." if ambiguous_as_decimal else ","
        )  # "1.234" alone: thousands for money, not scores
    return "."


def to_number(
    series: pd.Series, *, ambiguous_as_decimal: bool = True, percent: str = "keep"
) -> Parsed:
    """Read a column of numbers written in any common convention.

    Parameters
    ----------
    series : pandas.Series
        Strings, numbers or a mix (spreadsheets give both).
    ambiguous_as_decimal : bool
        How to read ``1,234`` or ``1.234`` when nothing else in the column decides: as 1.234
        (True, for scores) or 1234 (False, for money and counts).
    percent : {"keep", "fraction"}
        ``"10%"`` is read as 10 ("keep") or 0.10 ("fraction").

    Examples
    --------
    >>> s = pd.Series(["20,973", "53 de 100", "", "abc", 7])
    >>> out = to_number(s)
    >>> out.values.tolist(), out.bad.tolist()
    ([20.973, 53.0, nan, nan, 7.0], [False, False, False, True, False])
    >>> to_number(pd.Series(['"$1,234,567"', "(200)"]), ambiguous_as_decimal=False).values.tolist()
    [1234567.0, -200.0]
    """
    if series.dtype == np.float64:  # read typed: the column's own array, not a copy
        values = series.to_numpy()
        return Parsed(values, np.zeros(len(values), dtype=bool))
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return Parsed(values, np.zeros(len(values), dtype=bool))
    plain = _plain_numbers(series)
    if plain is not None:
        return Parsed(plain, np.zeros(len(plain), dtype=bool), note="decimal mark '.'")
    strings = [
        _clean_number(v) for v in pd.unique(series) if isinstance(v, str) and not is_empty(v)
    ]
    mark = decimal_mark(
        [s for s in strings if s is not None], ambiguous_as_decimal=ambiguous_as_decimal
    )
    thousands = "." if mark == "," else ","

    def parse(value):
        if isinstance(value, bool):
            return None
        if isinstance(value, int | float | np.integer | np.floating):
            return float(value)
        text = _clean_number(value)
        if text is None:
            return None
        scale = 1.0
        if text.endswith("%"):
            text = text[:-1]
            scale = 0.01 if percent == "fraction" else 1.0
        negative = text.startswith("(") and text.endswith(")")
        text = text.strip("()").replace(thousands, "").replace(mark, ".")
        if text.startswith("<"):  # "< 1%": below the export's resolution; not a number to invent
            return None
        try:
            number = float(text)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return (-number if negative else number) * scale

    values, bad = _by_unique(series, parse)
    return Parsed(values, bad, note=f"decimal mark {mark!r}")


def _plain_numbers(series: pd.Series) -> np.ndarray | None:
    """Read a text column of plain numbers ("53", "21.048") in one vectorised pass, or None.

    Most logs hold nothing else, and a million rows are then read without a Python loop; any
    other convention (a comma, a currency, "53 de 100", "Top 10%") returns None and takes the
    careful per-value path.
    """
    if isinstance(series.dtype, pd.StringDtype) and series.dtype.storage == "pyarrow":
        return _plain_numbers_arrow(series)
    if pd.api.types.infer_dtype(series, skipna=True) != "string":
        return None  # numbers from a spreadsheet or JSON beside text: the per-value path
    text = series.str.strip()
    blank = (text.isna() | (text == "")).to_numpy(dtype=bool)
    values = np.array(
        pd.to_numeric(text.where(~blank, None), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
    )
    with np.errstate(invalid="ignore"):
        if not np.all(np.isfinite(values) | blank):
            return None
    values[blank] = np.nan
    return values


def _plain_numbers_arrow(series: pd.Series) -> np.ndarray | None:
    """:func:`_plain_numbers` with pyarrow's compute kernels (CSV columns are Arrow-backed)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pc.utf8_trim_whitespace(pa.array(series.array))
    blank = pc.fill_null(pc.equal(text, ""), True)
    try:
        numbers = pc.cast(pc.if_else(blank, None, text), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    values = np.array(numbers.to_numpy(zero_copy_only=False), dtype=float)
    empty = np.asarray(blank.to_numpy(zero_copy_only=False), dtype=bool)
    with np.errstate(invalid="ignore"):
        if not np.all(np.isfinite(values) | empty):
            return None  # "nan", "inf": let the per-value path name or blank them
    return values


def _clean_number(value: object) -> str | None:
    text = str(value).strip().strip('"').strip("'")
    match = _OUT_OF.match(text)
    if match:
        text = match.group(1)
    text = _CURRENCY.sub("", text)
    text = text.replace("\u2212", "-")  # the typographic minus
    return text or None


def to_rank(series: pd.Series) -> Parsed:
    """Read "top N %" ranks: ``8``, ``"Top 10%"``, ``"Primeiros 10%"`` → 8, 10, 10.

    Examples
    --------
    >>> to_rank(pd.Series(["Top 10%", "Primeiros 12%", 8, "first"])).values.tolist()
    [10.0, 12.0, 8.0, nan]
    """
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=float, na_value=np.nan)
        return Parsed(values, np.zeros(len(values), dtype=bool))
    plain = _plain_numbers(series)
    if plain is not None:
        return Parsed(plain, np.zeros(len(plain), dtype=bool))

    def parse(value):
        if isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool
        ):
            return float(value)
        match = _RANK.match(str(value))
        return float(match.group(1).replace(",", ".")) if match else None

    values, bad = _by_unique(series, parse)
    return Parsed(values, bad)


# ----------------------------------------------------------------------------- dates
_ISO = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?\s*(?:Z|UTC|GMT|[+-]\d{2}:?\d{2})?$",
    re.IGNORECASE,
)
_NUMERIC = re.compile(
    r"^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp]\.?[Mm]\.?)?)?\s*(?:UTC|GMT|Z)?$"
)
_TEXT_DMY = re.compile(
    r"^(\d{1,2})[\s-]+([A-Za-zçÇ]{3,})\.?,?[\s-]+(\d{4}|\d{2})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_TEXT_MDY = re.compile(
    r"^([A-Za-z]{3,})\.?\s+(\d{1,2}),?\s+(\d{4})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)
_EPOCH = re.compile(r"^(\d{10}|\d{13})(?:\.\d+)?$")


def is_numeric_date(value: object) -> bool:
    """Tell whether a value is a numeric date like ``03/04/2025`` (day/month order unknown)."""
    return isinstance(value, str) and _NUMERIC.match(value.strip()) is not None


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _hour(hour: str | None, ampm: str | None) -> int:
    h = int(hour or 0)
    if ampm:
        pm = ampm.lower().startswith("p")
        h = (h % 12) + (12 if pm else 0)
    return h


def _stamp(y, m, d, hh=None, mm=None, ss=None, ampm=None) -> float | None:
    try:
        value = dt.datetime(int(y), int(m), int(d), _hour(hh, ampm), int(mm or 0), int(ss or 0))
    except (ValueError, OverflowError):
        return None
    return _seconds(value)


def _day_first(pairs, *, dotted: bool, dayfirst: bool | None):
    """Return (day first?, note, problem) for the (first, second) parts of numeric dates."""
    if dayfirst is not None:
        return dayfirst, "", ""
    day_first_seen = any(a > 12 for a, _ in pairs)
    month_first_seen = any(b > 12 for _, b in pairs)
    if day_first_seen and month_first_seen:
        return (
            None,
            "",
            (
                "this column mixes day-first and month-first dates (some have a "
                "first part above 12, others a second part above 12)"
            ),
        )
    if day_first_seen:
        return True, "dates read day first (a first part above 12 was seen)", ""
    if month_first_seen:
        return False, "dates read month first (a second part above 12 was seen)", ""
    if dotted:
        return True, "dotted dates read day first (DD.MM.YYYY)", ""
    if all(a == b for a, b in pairs):
        return True, "", ""
    return (
        None,
        "",
        (
            "day and month cannot be told apart: every date in this column has both "
            "parts at 12 or below"
        ),
    )


def to_datetime(
    series: pd.Series,
    *,
    dayfirst: bool | None = None,
    window: tuple[pd.Timestamp, pd.Timestamp] | None = None,
) -> Parsed:
    """Read a column of dates or timestamps in any of the conventions the exports use.

    Timestamps keep their wall-clock time (the date the user saw), dropping any time-zone
    suffix; Unix seconds and milliseconds are read as UTC. Day/month order of numeric dates is
    decided from the whole column: a first part above 12 means day first, a second part above
    12 means month first; when every value fits both, ``dayfirst`` decides, and without it the
    values are reported as ambiguous (``DD.MM.YYYY`` with dots is read day first).

    A date outside ``window`` (default :func:`date_window`: 2003 to a year after today) is
    ``bad`` and marked in ``outside``: never wrapped into another century, never an overflow.

    Returns
    -------
    Parsed
        ``values`` are ``datetime64[ns]``.

    Examples
    --------
    >>> s = pd.Series(["2026-05-12", "8/26/22, 8:56 PM", "13.01.2025", "9-Sep-22",
    ...                "1735689600000", "09 Sep 2022"])
    >>> for value in to_datetime(s).values:
    ...     print(str(value)[:16])
    2026-05-12T00:00
    2022-08-26T20:56
    2025-01-13T00:00
    2022-09-09T00:00
    2025-01-01T00:00
    2022-09-09T00:00
    >>> out = to_datetime(pd.Series(["03/04/2025", "05/06/2025"]))
    >>> out.bad.tolist(), out.problem[:28]
    ([True, True], 'day and month cannot be told')
    >>> to_datetime(pd.Series(["03/04/2025"]), dayfirst=True).values[0]
    np.datetime64('2025-04-03T00:00:00.000000000')
    """
    first, last = date_window() if window is None else window
    low, high = _seconds(first.to_pydatetime()), _seconds(last.to_pydatetime())
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        values = series.dt.tz_localize(None) if series.dt.tz is not None else series
        # in the column's own unit (seconds, microseconds...): a year 2300 fits there, and
        # would wrap into another century if cast to nanoseconds first
        raw = values.to_numpy()
        seconds = raw.astype("datetime64[s]").astype("int64").astype(float)
        seconds[np.isnat(raw)] = np.nan
        outside = ~np.isnan(seconds) & ((seconds < low) | (seconds > high))
        kept = np.where(outside, np.datetime64("NaT"), raw)
        return Parsed(kept.astype("datetime64[ns]"), outside, outside=outside)
    uniques = [v for v in pd.unique(series) if not is_empty(v)]
    # Decide day/month order over every numeric date of the column, separately for each
    # separator: "8/26/22" (US) and "13.01.2025" (European) can share an archive's column.
    parts: dict[str, list[tuple[int, int]]] = {}
    for value in uniques:
        if isinstance(value, str):
            match = _NUMERIC.match(value.strip())
            if match:
                parts.setdefault(match.group(2), []).append(
                    (int(match.group(1)), int(match.group(3)))
                )
    orders: dict[str, bool | None] = {}
    notes, problems = [], []
    for sep, pairs in parts.items():
        order, note, problem = _day_first(pairs, dotted=sep == ".", dayfirst=dayfirst)
        orders[sep] = order
        notes += [note] if note else []
        problems += [problem] if problem else []
    note, problem = "; ".join(notes), "; ".join(problems)

    def parse(value):
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime(warn=False)
        if isinstance(value, dt.datetime):
            return _seconds(value.replace(tzinfo=None))
        if isinstance(value, dt.date):
            return _stamp(value.year, value.month, value.day)
        if isinstance(value, int | np.integer) and not isinstance(value, bool):
            value = str(value)
        if isinstance(value, float | np.floating):
            if value.is_integer():
                value = str(int(value))
            else:
                return None
        text = str(value).strip()
        match = _ISO.match(text)
        if match:
            return _stamp(*match.groups()[:6])
        match = _NUMERIC.match(text)
        if match:
            a, sep, b, y, hh, mm, ss, ampm = match.groups()
            order = orders.get(sep)
            if order is None:
                return None
            d, m = (a, b) if order else (b, a)
            return _stamp(_year(y), m, d, hh, mm, ss, ampm)
        match = _TEXT_DMY.match(text)
        if match:
            d, mon, y, hh, mm, ss, ampm = match.groups()
            month = _MONTHS.get(mon.lower())
            return None if month is None else _stamp(_year(y), month, d, hh, mm, ss, ampm)
        match = _TEXT_MDY.match(text)
        if match:
            mon, d, y, hh, mm, ss, ampm = match.groups()
            month = _MONTHS.get(mon.lower())
            return None if month is None else _stamp(_year(y), month, d, hh, mm, ss, ampm)
        match = _EPOCH.match(text)
        if match:
            number = float(text)
            return number / 1000 if len(match.group(1)) == 13 else number
        return None

    seconds_since_epoch, bad = _by_unique(series, parse)
    outside = ~np.isnan(seconds_since_epoch) & (
        (seconds_since_epoch < low) | (seconds_since_epoch > high)
    )
    seconds_since_epoch[outside] = np.nan
    bad = bad | outside
    missing = np.isnan(seconds_since_epoch)
    # Whole seconds and the fraction apart: seconds * 1e9 in floating point is off by up to
    # a few hundred nanoseconds at today's dates, which would move "midnight".
    filled = np.where(missing, 0.0, seconds_since_epoch)
    whole = np.floor(filled)
    nanos = whole.astype("int64") * 1_000_000_000 + np.round((filled - whole) * 1e9).astype("int64")
    values = nanos.astype("datetime64[ns]")
    values[missing] = np.datetime64("NaT")
    return Parsed(values, bad, note, problem, outside)


def _seconds(value: dt.datetime) -> float:
    """Seconds since 1970 of a naive datetime, for any year Python holds (1 to 9999)."""
    return (value - dt.datetime(1970, 1, 1)).total_seconds()
