"""Helpers for naming problems; the exceptions are in :mod:`ssi_analysis.exceptions`.

:class:`~ssi_analysis.exceptions.SSIDataError`, :class:`~ssi_analysis.exceptions.Problem` and
:class:`~ssi_analysis.exceptions.Problems` stay importable from here (their old home). Every
layer of the kit imports from here, so this module imports only :mod:`ssi_analysis.exceptions`.
"""

from __future__ import annotations

from ssi_analysis.exceptions import (  # noqa: F401 - their old home, kept importable
    MESSAGE_LIMIT,
    PROBLEM_COLUMNS,
    Problem,
    Problems,
    SSIDataError,
)

__all__ = ["Problem", "Problems", "SSIDataError", "check_argument", "some"]


def some(items, limit: int) -> str:
    """Name at most ``limit`` items, comma-separated, and say how many more there are.

    Examples
    --------
    >>> some(["a", "b", "c"], 2), some(["a"], 2)
    ('a, b and 1 more', 'a')
    """
    items = [str(i) for i in items]
    more = len(items) - limit
    return ", ".join(items[:limit]) + (f" and {more} more" if more > 0 else "")


def check_argument(name: str, options: tuple, value: object) -> None:
    """Raise a ValueError naming the parameter, the allowed values and what was passed.

    Examples
    --------
    >>> check_argument("errors", ("raise", "drop"), "ignore")
    Traceback (most recent call last):
    ...
    ValueError: errors must be one of ('raise', 'drop'); got 'ignore'.
    """
    if value not in options:
        raise ValueError(f"{name} must be one of {options!r}; got {value!r}.")
