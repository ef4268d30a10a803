"""Helpers every layer uses: naming problems, and reports that ride in ``DataFrame.attrs``.

The exceptions are in :mod:`ssi_analysis.exceptions`.

:class:`~ssi_analysis.exceptions.SSIDataError`, :class:`~ssi_analysis.exceptions.Problem` and
:class:`~ssi_analysis.exceptions.Problems` stay importable from here (their old home). Every
layer of the kit imports from here, so this module imports only :mod:`ssi_analysis.exceptions`.
"""

from __future__ import annotations

import copy
import functools
import inspect
import math
import numbers
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

from ssi_analysis.exceptions import (  # noqa: F401 - their old home, kept importable
    MESSAGE_LIMIT,
    PROBLEM_COLUMNS,
    Problem,
    Problems,
    SSIDataError,
)

__all__ = [
    "Problem",
    "Problems",
    "Rule",
    "SSIDataError",
    "SharedReport",
    "check_argument",
    "each",
    "number",
    "one_of",
    "one_of_now",
    "some",
    "validate_params",
    "whole",
]

F = TypeVar("F", bound=Callable[..., Any])


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


# ---------------------------------------------------------------- declared parameter checks
#
# Hand-written, stdlib only: scikit-learn's ``validate_params`` is the model, but it lives in
# a private module of a library this kit does not depend on, and the part needed here (name
# the public function from the function itself, the parameter, what is allowed, what was
# given) is a few dozen lines. Declaring the rules once also lets functions that share a
# parameter list share one declaration (``experiment_power`` and ``detectable_change``).


@dataclass(frozen=True)
class Rule:
    """What one parameter may be: a test and the words that say what passes it.

    Make rules with :func:`whole`, :func:`number`, :func:`one_of` and :func:`each`.
    ``allowed`` may be a function, for options that grow at run time (registered readers).
    ``convert``, when given, is applied to the value before the test, and the function gets
    the converted value (:func:`each` reads an iterator into a list once, so that testing it
    does not use it up).
    """

    test: Callable[[object], bool]
    allowed: str | Callable[[], str]
    hint: str = ""
    convert: Callable[[object], object] | None = None

    def words(self) -> str:
        """Say what is allowed (worked out now when the options can grow)."""
        return self.allowed() if callable(self.allowed) else self.allowed


def _real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def whole(
    low: int | None = None, high: int | None = None, *, what: str = "", hint: str = ""
) -> Rule:
    """Return the rule "a whole number in ``[low, high]``" (None: that end is open).

    Examples
    --------
    >>> whole(1).allowed, whole(0, 10).test(11)
    ('a whole number >= 1', False)
    """
    words = (what or "a whole number") + (
        f" from {low:,} to {high:,}"
        if low is not None and high is not None
        else f" >= {low:,}"
        if low is not None
        else f" <= {high:,}"
        if high is not None
        else ""
    )

    def test(value: object) -> bool:
        return (
            isinstance(value, numbers.Integral)
            and not isinstance(value, bool)
            and (low is None or value >= low)
            and (high is None or value <= high)
        )

    return Rule(test, words, hint)


def each(rule: Rule, *, what: str, hint: str = "") -> Rule:
    """Return the rule "a collection whose every item passes ``rule``" (read into a list).

    Examples
    --------
    >>> lags = each(whole(0), what="whole numbers >= 0")
    >>> lags.test(lags.convert(iter([0, 1]))), lags.test([0, -1]), lags.test(3)
    (True, False, False)
    """

    def test(value: object) -> bool:
        return isinstance(value, list) and all(rule.test(v) for v in value)

    def convert(value: object) -> object:
        if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
            return value
        return list(value)

    return Rule(test, what, hint, convert)


def number(
    low: float | None = None,
    high: float | None = None,
    *,
    closed: str = "neither",
    what: str = "",
    hint: str = "",
) -> Rule:
    """Return the rule "a finite number between ``low`` and ``high``".

    ``closed`` says which ends are allowed: ``"neither"``, ``"both"``, ``"left"`` or
    ``"right"``; None leaves an end open. ``what``, when given, says it in the caller's
    words instead (``"a positive number of score points"``).

    Examples
    --------
    >>> number(0, 1).allowed, number(0, 1).test(1.0), number(0, closed="left").test(0)
    ('a number between 0 and 1 (both excluded)', False, True)
    >>> number(-1, 1, closed="right").allowed
    'a number > -1 and <= 1'
    """
    left, right = closed in ("both", "left"), closed in ("both", "right")
    ends = [f"{'>=' if left else '>'} {low}"] if low is not None else []
    ends += [f"{'<=' if right else '<'} {high}"] if high is not None else []
    words = "a number " + " and ".join(ends) if ends else "a finite number"
    if low is not None and high is not None and left == right:
        words = (
            f"a number from {low} to {high}"
            if left
            else f"a number between {low} and {high} (both excluded)"
        )

    def test(value: object) -> bool:
        if not _real(value) or not math.isfinite(value):
            return False
        if low is not None and (value < low if left else value <= low):
            return False
        return not (high is not None and (value > high if right else value >= high))

    return Rule(test, what or words, hint)


def one_of(*options: object, hint: str = "") -> Rule:
    """Return the rule "one of ``options``" (compared with ``==``; True is not taken for 1).

    Examples
    --------
    >>> one_of("auto", True, False).test(1), one_of("a", "b").allowed
    (False, "one of 'a', 'b'")
    """

    def test(value: object) -> bool:
        return any(value == o and type(value) is type(o) for o in options) or any(
            value == o and _real(value) and _real(o) for o in options
        )

    return Rule(test, "one of " + ", ".join(repr(o) for o in options), hint)


def one_of_now(options: Callable[[], Iterable], *, hint: str = "") -> Rule:
    """Return the rule "one of ``options()``", asked at each call (options that can grow).

    Examples
    --------
    >>> kinds = ["auto"]
    >>> rule = one_of_now(lambda: kinds)
    >>> rule.test("crm"), kinds.append("crm"), rule.test("crm"), rule.words()
    (False, None, True, "one of 'auto', 'crm'")
    """
    return Rule(
        lambda value: one_of(*options()).test(value),
        lambda: one_of(*options()).words(),
        hint,
    )


def _passes(rule: Rule, value: object) -> bool:
    try:
        return bool(rule.test(value))
    except (TypeError, ValueError):  # an array where one value is meant, say
        return False


def validate_params(rules: dict[str, Rule]) -> Callable[[F], F]:
    """Check a function's arguments against declared rules before it runs.

    A wrong value raises a ValueError that names the public function called (taken from the
    function itself, so it cannot name another), the parameter, what is allowed and the value
    given, then what to do when the rule has a hint::

        experiment_power: alpha must be a number between 0 and 1 (both excluded); got 1.5.

    Parameters
    ----------
    rules : dict of str to Rule
        Parameter name to its :class:`Rule`; one dict may serve several functions that share
        a parameter list. Every name must be a parameter of the function (checked when the
        function is decorated), or one it takes through ``**options`` and passes on.
        Defaults are not checked: they are the kit's own.

    Examples
    --------
    >>> @validate_params({"alpha": number(0, 1)})
    ... def test_it(x, *, alpha=0.05):
    ...     return alpha
    >>> test_it(1, alpha=0.1)
    0.1
    >>> test_it(1, alpha=0.7 * 2)
    Traceback (most recent call last):
    ...
    ValueError: test_it: alpha must be a number between 0 and 1 (both excluded); got 1.4.
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        # a function that passes **options on (a planner's search) may declare rules for them
        extra = next(
            (p.name for p in signature.parameters.values() if p.kind is p.VAR_KEYWORD), None
        )
        unknown = set(rules) - set(signature.parameters)
        if unknown and extra is None:  # a bug in the kit, found when the module is imported
            raise TypeError(f"validate_params({func.__name__}): no parameter {sorted(unknown)}")

        @functools.wraps(func)
        def checked(*args, **kwargs):
            try:
                bound = signature.bind_partial(*args, **kwargs)
            except TypeError as error:  # a misspelt keyword: say whose, as Python does
                raise TypeError(f"{func.__name__}() {error}") from None
            given = bound.arguments
            options = given.get(extra, {}) if extra is not None else {}
            converted = False
            for name, rule in rules.items():
                held = given if name in given else options if name in options else None
                if held is None:
                    continue
                value = rule.convert(held[name]) if rule.convert else held[name]
                if not _passes(rule, value):
                    shown = value if isinstance(held[name], Iterator) else held[name]
                    raise ValueError(
                        f"{func.__name__}: {name} must be {rule.words()}; got {shown!r}."
                        + (f" {rule.hint}" if rule.hint else "")
                    )
                if value is not held[name]:
                    held[name], converted = value, True
            if converted:
                return func(*bound.args, **bound.kwargs)
            return func(*args, **kwargs)

        return checked  # type: ignore[return-value]

    return decorate
