"""Helpers every layer uses: naming problems, and reports that ride in ``DataFrame.attrs``.

The exceptions are in :mod:`ssi_analysis.exceptions`.

:class:`~ssi_analysis.exceptions.SSIDataError`, :class:`~ssi_analysis.exceptions.Problem` and
:class:`~ssi_analysis.exceptions.Problems` stay importable from here (their old home). Every
layer of the kit imports from here, so this module imports only :mod:`ssi_analysis.exceptions`.
"""

from __future__ import annotations

import copy
import functools
from typing import ClassVar

from ssi_analysis.exceptions import (  # noqa: F401 - their old home, kept importable
    MESSAGE_LIMIT,
    PROBLEM_COLUMNS,
    Problem,
    Problems,
    SSIDataError,
)

__all__ = ["Problem", "Problems", "SSIDataError", "SharedReport", "check_argument", "some"]


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


class SharedReport:
    """A read-only report that the frames pandas derives from its frame share, never copy.

    pandas deep-copies ``DataFrame.attrs`` into the result of nearly every operation (a filter,
    a column pick, a sort; ``NDFrame.__finalize__``). A report describes how its frame was
    made, not the frame that carries it, and is never changed after it is made, so every
    derived frame may hold the same object: ``copy.copy`` and ``copy.deepcopy`` return it.
    That is sound only if nobody can change it through any of the frames, so subclasses are
    frozen dataclasses and their mutable fields (``MUTABLE``: DataFrames, dicts) are handed out
    as copies: writing into ``report.problems`` changes that copy, never the report. Under
    pandas' copy-on-write (always on from pandas 3) a frame's copy is shallow and costs
    microseconds.
    Sharing one object also keeps the report through ``pd.concat`` and ``merge`` of frames
    of the same load (pandas keeps ``attrs`` only when they are equal; ``eq=False``: equal
    means identical).
    """

    MUTABLE: ClassVar[tuple[str, ...]] = ()

    def __copy__(self):
        return self

    def __deepcopy__(self, memo: dict):
        return self

    def __getattribute__(self, name: str):
        value = object.__getattribute__(self, name)
        if name in object.__getattribute__(self, "MUTABLE"):
            if isinstance(value, dict):
                return copy.deepcopy(value)
            if value is not None:  # a pandas object
                return value.copy(deep=not _copy_on_write())
        return value


@functools.cache
def _copy_on_write() -> bool:
    import pandas as pd  # here: every layer imports this module, and most never need pandas

    if int(pd.__version__.split(".")[0]) >= 3:
        return True
    return pd.options.mode.copy_on_write is True  # pandas 2.2: off unless the user set it
