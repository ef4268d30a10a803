"""The one place numbers are written in words: p, numbers, % and shares.

Every sentence of the kit (:mod:`ssi_analysis.words`, :mod:`ssi_analysis.present`) writes a
p-value with :func:`fmt_p`, a number with :func:`fmt`, a value already in % with :func:`pct`
and a share (0.25) with :func:`share_pct`: changing how p prints is one edit here (#27).
A verdict is said with :func:`verdict_phrase`, from ``names.VERDICT_WORDS``: rewording a
verdict is one edit there. Nothing is computed here but the text.
"""

from __future__ import annotations

import numpy as np

from ssi_analysis import names

__all__ = [
    "fmt",
    "fmt_p",
    "join_and",
    "p_cell",
    "pct",
    "share_pct",
    "verdict_meaning",
    "verdict_phrase",
]


def verdict_phrase(verdict: str, *, start: bool = False) -> str:
    """Say a verdict in the kit's words (``names.VERDICT_WORDS``), at a sentence's start or not.

    The map is read at each call, so a reworded verdict reaches every sentence, cell and
    legend. Each phrase must read as a label ("Can't tell yet: ..."), at the end of a count
    ("3 can't tell yet") and, for "inconclusive", after "we" ("for revenue we can't tell
    yet"). A verdict not in the map is said as it is.

    >>> verdict_phrase("inconclusive"), verdict_phrase("inconclusive", start=True)
    ("can't tell yet", "Can't tell yet")
    >>> verdict_phrase("ruled out", start=True), verdict_phrase("other")
    ('Ruled out', 'other')
    """
    said = names.VERDICT_WORDS.get(verdict, verdict)
    return said[:1].upper() + said[1:] if start else said


#: The verdict column's values, in the order they are explained.
VERDICT_CODES = ("linked", "ruled out", "inconclusive")


def verdict_meaning() -> str:
    """Say what the ``verdict`` column holds, in the kit's words (glossaries, column notes).

    >>> verdict_meaning()
    "linked, ruled out, or inconclusive (can't tell yet)"
    """
    said = [v if verdict_phrase(v) == v else f"{v} ({verdict_phrase(v)})" for v in VERDICT_CODES]
    return f"{said[0]}, {said[1]}, or {said[2]}"


def join_and(items) -> str:
    """List items in a sentence: "a", "a and b", "a, b and c" ("" for none).

    >>> join_and(["deals won"]), join_and(["a", "b", "c"]), join_and([])
    ('deals won', 'a, b and c', '')
    """
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def fmt(value: float, digits: int = 2) -> str:
    """Write a number with ``digits`` decimals (``0.31``), ``n/a`` when missing.

    >>> fmt(0.3149), fmt(float("nan")), fmt(None), fmt(1.5, 0)
    ('0.31', 'n/a', 'n/a', '2')
    """
    return "n/a" if value is None or not np.isfinite(value) else f"{value:.{digits}f}"


def fmt_p(value: float, name: str = "p") -> str:
    """``p = 0.04``, ``p < 0.001``, ``p n/a``; never a threshold a value is not at.

    Two digits would print 0.0496 as "0.05", a value below the 5 % level shown as on it:
    near 0.05 (and 0.01) the p gets a third digit, and if that still rounds onto the
    threshold it is said as "< 0.05" or "> 0.05". The number itself is :func:`p_cell`.

    Examples
    --------
    >>> fmt_p(0.0496), fmt_p(0.04996, "equivalence p"), fmt_p(0.23), fmt_p(0.0504)
    ('p = 0.0496', 'equivalence p < 0.05', 'p = 0.23', 'p = 0.0504')
    """
    text = p_cell(value)
    if not text:
        return f"{name} n/a"
    return f"{name} {text}" if text[0] in "<>" else f"{name} = {text}"


def p_cell(value: float) -> str:
    """Write a p-value as a table cell: ``0.04``, ``< 0.001``, ``""``; the rule of :func:`fmt_p`.

    Examples
    --------
    >>> p_cell(0.0496), p_cell(0.234), p_cell(7.89e-07), p_cell(float("nan"))
    ('0.0496', '0.23', '< 0.001', '')
    >>> p_cell(0.0106), p_cell(0.0098), p_cell(0.0502), p_cell(0.04999)
    ('0.011', '0.0098', '0.0502', '< 0.05')
    """
    if value is None or not np.isfinite(value):
        return ""
    if value < 0.001:
        return "< 0.001"
    text = f"{value:.3f}" if value < 0.01 else f"{value:.2f}"
    for threshold in (0.01, 0.05):
        if float(text) == threshold and value != threshold:
            # one more digit at a time, only as many as keep it off the threshold
            for digits in (3, 4):
                text = f"{value:.{digits}f}"
                if float(text) != threshold:
                    return text.rstrip("0")
            return f"{'<' if value < threshold else '>'} {threshold:g}"
    return text


#: Above this many % an effect is written as a bound, not as its digits.
_HUGE_PCT = 10_000


def pct(value: float) -> str:
    """Write a value already in % (a team's effect) signed: ``+3.3 %``.

    Beyond ±10,000 % a number says nothing a reader can use (a group of three sellers printed
    a 56-digit percentage): it is written "more than +10,000 %".

    >>> pct(3.27), pct(1234.5), pct(4e73)
    ('+3.3 %', '+1,234 %', 'more than +10,000 %')
    """
    if not np.isfinite(value):
        return "n/a"
    if abs(value) > _HUGE_PCT:
        return f"{'more' if value > 0 else 'less'} than {_HUGE_PCT * np.sign(value):+,.0f} %"
    return f"{value:+,.0f} %" if abs(value) >= 1000 else f"{value:+.1f} %"


def share_pct(value: float) -> str:
    """Write a share as a signed percentage: ``+12 %``, ``-3 %``.

    (A team's effects are already in %, written by :func:`pct`; one name each, so that neither
    shadows the other: a second ``_pct`` once printed the team's +3.3 % as "+327 %".)
    """
    if np.isfinite(value) and abs(value) * 100 > _HUGE_PCT:
        return pct(value * 100)
    return "n/a" if not np.isfinite(value) else f"{value * 100:+,.0f} %"
