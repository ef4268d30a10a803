"""Every exception of the kit, in one module (as scikit-learn's ``sklearn.exceptions``).

This module imports nothing of the kit's own, so any layer (and the command line, before it
loads any statistics) can catch these. The old import paths keep working:
``ssi_analysis.errors.SSIDataError``, ``ssi_analysis.present.errors.ReportError`` and
``GroupByError``, ``ssi_analysis.present.outputs.OutputError``.

- :class:`SSIDataError` (a ``ValueError``): input the kit cannot use as it stands; it lists
  every problem found (:class:`Problems`), not only the first.
- :class:`OutputError` (a ``ValueError``): an output path the kit refuses to write to.
- :class:`ReportError` (a ``RuntimeError``): the report could not be made; the message says why.
- :class:`GroupByError` (a :class:`ReportError`): ``--group-by`` names a column the team file
  does not have.

A reader or validator never raises on the first problem: it appends to a :class:`Problems`
list and carries on, so that the user learns about every bad line of every file at once
(as pandera's ``SchemaErrors.failure_cases`` does).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "GroupByError",
    "OutputError",
    "Problem",
    "Problems",
    "ReportError",
    "SSIDataError",
]

PROBLEM_COLUMNS = ["file", "line", "column", "value", "problem", "fix"]

#: How many problems the message of an :class:`SSIDataError` lists before it summarises.
MESSAGE_LIMIT = 15


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input.

    Attributes
    ----------
    file : str
        The file's name as the user gave it.
    line : int or None
        1-based line (CSV), row (spreadsheet) or record (JSON list) number; ``None`` when the
        problem concerns the whole file.
    column : str or None
        The column (or field) as the file names it.
    value : str or None
        The offending value, shortened.
    problem : str
        What is wrong, in plain words.
    fix : str
        What to do about it.
    whole_file : bool
        Nothing of the file can be read (a line too long, a header the kit does not know):
        leaving bad rows out cannot help, whatever ``line`` says. A problem without a line
        concerns the whole file too.
    """

    file: str
    line: int | None
    column: str | None
    value: str | None
    problem: str
    fix: str = ""
    whole_file: bool = False

    def describe(self) -> str:
        """Return the problem as one line of text."""
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column {self.column!r}")
        text = ", ".join(where) + ": "
        if self.value not in (None, ""):
            text += f"{self.value!r}: "
        text += self.problem
        if self.fix:
            text += f" — {self.fix}"
        return text


class Problems(list):
    """A list of :class:`Problem` with a helper to add one and to tabulate them."""

    def __init__(self, problems=()):
        super().__init__(problems)
        self._seen = set(self)

    def add(
        self,
        file: str,
        line: int | None,
        column: str | None,
        value: object,
        problem: str,
        fix: str = "",
        *,
        whole_file: bool = False,
    ) -> None:
        """Append one problem (once: a value read for several metrics is named once).

        ``whole_file=True`` says that nothing of the file can be read (see :class:`Problem`).
        """
        text = None if value is None else str(value)
        if text is not None and len(text) > 60:
            text = text[:57] + "..."
        line = None if line is None else int(line)
        found = Problem(file, line, column, text, problem, fix, whole_file)
        if found not in self._seen:
            self._seen.add(found)
            self.append(found)

    def forget(self, file: str) -> None:
        """Drop the problems found in ``file`` (it turned out to be another kind of file)."""
        kept = [p for p in self if p.file != file]
        self[:] = kept
        self._seen = set(kept)

    def frame(self) -> pd.DataFrame:
        """Return the problems as a DataFrame (file, line, column, value, problem, fix)."""
        import pandas as pd

        rows = [(p.file, p.line, p.column, p.value, p.problem, p.fix) for p in self]
        out = pd.DataFrame(rows, columns=PROBLEM_COLUMNS)
        out["line"] = out["line"].astype("Int64")
        return out


class SSIDataError(ValueError):
    """Input the kit cannot use as it stands.

    The message names every problem (file, line, column, what is wrong, what to do) up to a
    limit; all of them are in :attr:`problems`.

    Parameters
    ----------
    problems : list of Problem
        Every problem found, not only the first.
    summary : str, optional
        A first line to put above the list.

    Attributes
    ----------
    problems : pandas.DataFrame
        One row per problem with columns ``file, line, column, value, problem, fix``.

    Examples
    --------
    >>> from ssi_analysis.errors import Problems, SSIDataError
    >>> found = Problems()
    >>> found.add("log.csv", 5, "Brand", "51", "a pillar must be between 0 and 25")
    >>> err = SSIDataError(found)
    >>> isinstance(err, ValueError), err.problems.loc[0, "line"]
    (True, np.int64(5))
    """

    def __init__(self, problems: list[Problem], summary: str | None = None):
        found = Problems(sorted(problems, key=lambda p: (p.file, p.line or 0)))
        self.problems = found.frame()
        files = sorted({p.file for p in found})
        head = summary or (
            f"{len(found)} problem{'s' if len(found) != 1 else ''} in "
            + ", ".join(files[:3])
            + (f" and {len(files) - 3} more files" if len(files) > 3 else "")
        )
        lines = [head + ":"]
        # within a file, what refuses all of it first: it must not hide behind its rows' problems
        shown = sorted(found, key=lambda p: (p.file, not p.whole_file))[:MESSAGE_LIMIT]
        lines += ["  - " + p.describe() for p in shown]
        if len(found) > MESSAGE_LIMIT:
            lines.append(
                f"  ... and {len(found) - MESSAGE_LIMIT} more "
                "(all are in the error's .problems table)"
            )
        lines.append(_closing(found))
        super().__init__("\n".join(lines))


#: The last line of a message when no file can be read at all: leaving rows out cannot help.
WHOLE_FILE_ADVICE = (
    "Nothing of {what} can be read as it stands (skipping bad rows would not help): fix "
    "{it} as said above, or give the right {file}, and run again."
)


def _closing(found: Problems) -> str:
    """Say what to do: skip the bad rows only where a file has rows that can be read.

    A file with a problem about the whole of it (no line, or ``whole_file``) is refused
    whatever its other lines hold, so its rows' problems do not count.

    Examples
    --------
    >>> whole = Problems()
    >>> whole.add("a.csv", 2, None, None, "this line is 8 MB long", "export again", whole_file=True)
    >>> _closing(whole)[:46]
    'Nothing of this file can be read as it stands '
    >>> whole.add("b.csv", 5, "SSI", "x", "is not a number")
    >>> "errors='drop'" in _closing(whole)
    True
    """
    refused = {p.file for p in found if p.line is None or p.whole_file}
    if not found or any(p.file not in refused for p in found):
        return (
            "Fix these in the file, or load with errors='drop' to skip the bad rows "
            "(they are then listed in the load report)."
        )
    one = len(refused) == 1
    return WHOLE_FILE_ADVICE.format(
        what="this file" if one else "these files",
        it="it" if one else "them",
        file="file" if one else "files",
    )


class OutputError(ValueError):
    """An output path the kit refuses to write to; the message says where to write instead."""


class ReportError(RuntimeError):
    """The report could not be made; the message says why and what to do."""


class GroupByError(ReportError):
    """``--group-by`` names a column the team file does not have (a usage mistake)."""
