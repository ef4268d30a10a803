"""Which reader reads an outcome export: each reader declares what it recognises.

A reader module registers one :class:`OutcomeReader` per export it reads, when it is
imported: what the export looks like from outside (a path, the sheets of a workbook, or the
header of a table), the family it belongs to, and how to read it.
:func:`ssi_analysis.readers.outcomes.read_outcome_file` asks the registry, in order, and the
first reader that recognises the file reads it.

Adding an export is a new module that calls :func:`register_outcome_reader`, and its name in
:data:`BUILTIN` (or, outside the package, an import of that module before loading).

Examples
--------
A toy export, a table whose header names ``Webinar date`` and ``Registrants``:

>>> from ssi_analysis.readers.records import Records, long_records
>>> def read(table, problems, options):
...     long = long_records(table, "Webinar date", {"registrants": "Registrants"})
...     return Records(table.file, "webinar export", long, source="webinars")
>>> toy = OutcomeReader(
...     kind="webinars", family="webinars", layout="table",
...     recognises=lambda table: {"Webinar date", "Registrants"} <= set(table.frame.columns),
...     read=read)
>>> _ = register_outcome_reader(toy)
>>> "webinars" in outcome_kinds()
True
>>> unregister_outcome_reader("webinars")
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ssi_analysis.questions import declare_questions

__all__ = [
    "BUILTIN",
    "OutcomeReader",
    "ReadOptions",
    "outcome_export",
    "outcome_kinds",
    "outcome_readers",
    "register_outcome_reader",
    "unregister_outcome_reader",
]

#: What a reader recognises: a file's ``path`` (a zip, a folder, a file known by its name or
#: first bytes), a ``workbook``'s sheets (``{name: grid}``), or a text or sheet ``table``.
LAYOUTS = ("path", "workbook", "table")
#: The kit's reader modules (under :mod:`ssi_analysis.readers`), each registering its
#: readers when imported; the order is the order in which they are asked.
BUILTIN = ("archive", "linkedin", "crm", "generic")


@dataclass(frozen=True)
class ReadOptions:
    """What the user asked of every reader (see :func:`ssi_analysis.load_outcomes`).

    ``report`` is False when a reader is tried on a candidate (a sheet's rows, looking for
    the header): it then reports nothing it would only guess at.
    """

    person: str | None = None
    won: tuple[str, ...] | None = None
    date_column: str | None = None
    report: bool = True


@dataclass(frozen=True)
class OutcomeReader:
    """One outcome export the kit reads: what it recognises and how it reads it.

    Parameters
    ----------
    kind : str
        The name under which ``load_outcomes(kind=...)`` insists on this reader (several
        readers may share one, as the data archive and one of its files given alone do).
    family : str
        The source family of its records (``Records.source``): overlapping exports of one
        family are merged.
    layout : {"path", "workbook", "table"}
        What ``recognises`` is given: the file's :class:`~pathlib.Path`, the workbook's
        sheets (``{name: DataFrame}``), or a :class:`~ssi_analysis.readers._text.Table`.
    recognises : callable
        Tells, from that alone, whether the file is this export. Cheap, and never raises on
        a file that is not one.
    read : callable
        Reads it. ``path``: ``read(path, file, problems, options) -> list[Records]``;
        ``workbook``: ``read(sheets, file, problems, options) -> list[Records]``;
        ``table``: ``read(table, problems, options) -> Records | None``. ``None`` or ``[]``
        with a problem added says why it cannot be read.
    footer : callable, optional
        For a ``table`` reader: tells a footer line (totals, copyright) from its fields; such
        a line and all after it are not data. It must be told by the first field alone: the
        readers ask it once per distinct first cell (with blanks for the other fields), not
        once per line.
    every_kind : bool
        Asked whatever ``kind=`` says (a zip or a folder can only be read one way).
    fallback : bool
        Asked after every other reader of its layout (a hand-kept table: anything dated).
    refusal : (str, str), optional
        The problem and its fix when ``kind=`` insists on this reader and it does not
        recognise the file.
    describes : str
        The export in a few words, for messages: ``load`` given this export (an outcome,
        not an SSI log) says "this is an outcome export (<describes>)".
    questions : mapping, optional
        Metric -> the question it answers (``"reach"``, ``"replies"``, ``"pipeline"``,
        ``"revenue"``, or ``"activity"`` for the user's own activity), declared when the
        reader is registered (:func:`~ssi_analysis.questions.declare_questions`). A metric
        not declared is placed by its name (a name without sales words answers reach).
    """

    kind: str
    family: str
    layout: str
    recognises: Callable[[Any], bool]
    read: Callable[..., Any]
    footer: Callable[[list[str]], bool] | None = None
    every_kind: bool = False
    fallback: bool = False
    refusal: tuple[str, str] | None = field(default=None)
    describes: str = ""
    questions: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self):
        if self.layout not in LAYOUTS:
            raise ValueError(
                f"OutcomeReader: layout must be one of {LAYOUTS!r}; got {self.layout!r}."
            )
        if not self.kind or self.kind == "auto":
            raise ValueError(
                f"OutcomeReader: kind must name the export (not empty, not 'auto'); "
                f"got {self.kind!r}."
            )


_READERS: list[OutcomeReader] = []
_LOADED = False
_ORDERED: list[OutcomeReader] | None = None  # _in_order()'s answer until the next change


def register_outcome_reader(reader: OutcomeReader) -> OutcomeReader:
    """Add ``reader`` to the readers asked for every outcome file; return it.

    A reader is asked after those registered before it (and before the fallbacks).
    Registering a reader of the same kind, layout and recognising function again does
    nothing (a module imported twice).
    """
    if not isinstance(reader, OutcomeReader):
        raise TypeError(
            f"register_outcome_reader: reader must be an OutcomeReader; got {type(reader)!r}."
        )
    same = [
        r
        for r in _READERS
        if (r.kind, r.layout, r.recognises) == (reader.kind, reader.layout, reader.recognises)
    ]
    if not same:
        global _ORDERED
        declare_questions(reader.questions)  # checked before the reader is added
        _READERS.append(reader)
        _ORDERED = None
    return reader


def unregister_outcome_reader(kind: str) -> None:
    """Remove every reader registered under ``kind`` (a test's toy export, say)."""
    global _ORDERED
    for reader in _READERS:
        if reader.kind == kind:
            declare_questions(reader.questions, undo=True)
    _READERS[:] = [r for r in _READERS if r.kind != kind]
    _ORDERED = None


def _load_builtin() -> None:
    """Import the kit's reader modules once: each registers its readers."""
    global _LOADED
    if not _LOADED:
        _LOADED = True
        for name in BUILTIN:
            importlib.import_module(f"ssi_analysis.readers.{name}")


def outcome_readers(layout: str | None = None, kind: str = "auto") -> list[OutcomeReader]:
    """List the readers of ``layout`` that ``kind`` allows, in the order they are asked.

    Examples
    --------
    >>> [r.kind for r in outcome_readers("workbook")]
    ['creator', 'company']
    >>> [r.family for r in outcome_readers("table", "crm")]
    ['crm_deals']
    """
    _load_builtin()
    chosen = [
        r
        for r in _in_order()
        if (layout is None or r.layout == layout)
        and (kind == "auto" or r.kind == kind or r.every_kind)
    ]
    return [r for r in chosen if not r.fallback] + [r for r in chosen if r.fallback]


def outcome_export(given: Any, layout: str) -> str | None:
    """Say which outcome export ``given`` is (``describes``), or None when none claims it.

    The fallback readers (anything dated) claim nothing: this tells an SSI log that is
    really an outcome export from one that is only damaged.
    """
    for reader in outcome_readers(layout):
        if not reader.fallback and reader.recognises(given):
            return reader.describes or reader.kind
    return None


def outcome_kinds() -> tuple[str, ...]:
    """Every value ``load_outcomes(kind=...)`` accepts: ``"auto"`` and each reader's kind.

    Examples
    --------
    >>> outcome_kinds()
    ('auto', 'archive', 'creator', 'company', 'crm', 'generic')
    """
    _load_builtin()
    return ("auto", *dict.fromkeys(r.kind for r in _in_order()))


def _in_order() -> list[OutcomeReader]:
    """Order the readers: the kit's in the order of :data:`BUILTIN`, then others as registered.

    (Modules register when imported, and one may import another first.)
    """
    global _ORDERED
    if _ORDERED is not None:
        return _ORDERED
    modules = [f"ssi_analysis.readers.{name}" for name in BUILTIN]

    def place(reader: OutcomeReader) -> int:
        module = getattr(reader.read, "__module__", None)
        return modules.index(module) if module in modules else len(modules)

    _ORDERED = sorted(_READERS, key=place)  # stable: registration order within a module
    return _ORDERED
