"""Where the kit writes, checked before any work, and written so that nothing is half-done.

Two promises, both kept here:

* **An input is never overwritten.** :func:`plan_outputs` refuses, before anything is read
  or computed, an output that would land on an input file (the same path, a link to it, a hard
  link) or inside an input folder (the next run would read the report as data), an ``--out``
  that names a folder, and a folder that cannot be written.
* **A file is whole or untouched.** :func:`atomic_write` writes to a temporary file beside the
  target and renames it over the target (:func:`os.replace`, atomic on one file system): a
  full disk or a crash leaves the previous file as it was, never a truncated one.
"""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: What a report may be called (anything else is likely a data file named by mistake).
HTML_SUFFIXES = (".html", ".htm")


class OutputError(ValueError):
    """An output path the kit refuses to write to; the message says where to write instead."""


@dataclass(frozen=True)
class Outputs:
    """The two files a report writes, resolved (links followed)."""

    html: Path
    csv: Path


def answers_path(html: Path) -> Path:
    """Return the answers CSV that goes beside a report: ``r.html`` -> ``r_answers.csv``.

    Examples
    --------
    >>> answers_path(Path("out/r.html")).as_posix()
    'out/r_answers.csv'
    """
    return html.with_name(html.stem + "_answers.csv")


def plan_outputs(out: str | os.PathLike, inputs: Iterable[str | os.PathLike]) -> Outputs:
    """Check where a report would be written, before any work; raise :class:`OutputError`.

    Parameters
    ----------
    out : path
        The HTML file asked for; the answers CSV goes beside it (:func:`answers_path`).
    inputs : paths
        Every input file or folder given (SSI and outcomes). Folders are searched for files
        that are links to the outputs, too.

    Returns
    -------
    Outputs
        The resolved HTML and CSV paths.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "log.csv").write_text("Date,SSI")
    8
    >>> plan_outputs(folder / "log.csv", [folder / "log.csv"])
    Traceback (most recent call last):
    ...
    ssi_analysis.present.outputs.OutputError: ...
    >>> plan_outputs(folder / "report.html", [folder / "log.csv"]).csv.name
    'report_answers.csv'
    """
    asked = Path(out).expanduser()
    html = asked.resolve()
    if html.is_dir() or str(out).endswith(("/", os.sep)):
        raise OutputError(
            f"--out {str(out)!r} is a folder; give the report's file name, "
            f"e.g. {str(asked / 'report.html')!r}"
        )
    if asked.suffix.lower() not in HTML_SUFFIXES:
        raise OutputError(
            f"--out {str(out)!r} does not end in .html; the report is a web page, and a "
            f"name like this may be a data file: give e.g. {str(asked.with_suffix('.html'))!r}"
        )
    csv = answers_path(html)
    targets = {"the report": html, "its answers CSV": csv}
    ids = {_file_id(p): role for role, p in targets.items() if _file_id(p) is not None}
    for given in inputs:
        source = Path(given).expanduser()
        if not source.exists():
            continue  # the loader says so, with its own message
        resolved = source.resolve()
        for role, target in targets.items():
            if target == resolved:
                raise OutputError(_clash(role, target, source, "is one of the inputs"))
            if source.is_dir() and resolved in target.parents:
                raise OutputError(
                    _clash(role, target, source, "is inside an input folder")
                    + " (the next run would read it as data)"
                )
        for path in _files(source):
            role = ids.get(_file_id(path))
            if role is not None:
                raise OutputError(_clash(role, targets[role], path, "is the same file as"))
    _check_writable(html.parent, out)
    return Outputs(html, csv)


def _clash(role: str, target: Path, source: Path, what: str) -> str:
    where = Path.home() / "ssi-report.html"
    if what == "is the same file as":
        text = f"{role} would overwrite {str(target)!r}, which {what} the input {str(source)!r}"
    else:
        text = f"{role} would be written to {str(target)!r}, which {what} ({str(source)!r})"
    return (
        f"{text}: nothing was written. Write the report somewhere else, e.g. --out {str(where)!r}"
    )


def _file_id(path: Path) -> tuple[int, int] | None:
    """Device and inode of an existing file (a hard link or symlink shares them)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


def _files(source: Path, limit: int = 100_000) -> Iterable[Path]:
    """Yield the input file itself, or the files of an input folder (links not followed)."""
    if not source.is_dir():
        yield source
        return
    for count, path in enumerate(source.rglob("*")):
        if count >= limit:
            return
        yield path


def _check_writable(folder: Path, out: object) -> None:
    """Make the folder if needed and prove it takes a file; raise OutputError if not."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise OutputError(
            f"--out {str(out)!r}: the folder {str(folder)!r} cannot be written "
            f"({exc.strerror or exc}); nothing was written. Choose a folder you can write to, "
            f"e.g. --out {str(Path.home() / 'ssi-report.html')!r}"
        ) from exc


def atomic_write(path: str | os.PathLike, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` all at once or not at all.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the file is
    renamed over ``path``. If anything fails (a full disk, an interrupted run) the temporary
    file is removed and ``path`` keeps its previous content. The new file gets the previous
    file's permissions, or the usual ones for a new file.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "a.txt"
    >>> atomic_write(target, "one").read_text(), sorted(p.name for p in target.parent.iterdir())
    ('one', ['a.txt'])
    """
    path = Path(path)
    payload = data.encode(encoding) if isinstance(data, str) else data
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return path


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def describe_write_error(path: Path, exc: OSError) -> str:
    """One sentence for a failed write: what happened and what to do.

    Examples
    --------
    >>> describe_write_error(Path("r.html"), OSError(errno.ENOSPC, "No space left"))
    "could not write 'r.html': the disk is full; nothing was changed ..."
    """
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
        fix = "Free some space or choose another --out."
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied"
        fix = "Choose a folder you can write to with --out."
    else:
        why = exc.strerror or str(exc)
        fix = "Choose another --out."
    return (
        f"could not write {str(path)!r}: {why}; nothing was changed (the previous file, if "
        f"any, is intact). {fix}"
    )


def input_snapshot(inputs: Iterable[str | os.PathLike]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every input file (folders walked, links not followed).

    Taken before the data are checked and compared (:func:`changed_inputs`) before the report
    is written, so that a file changed in between (an export still being written, a log edited
    by hand) does not give a report of data that was never checked.
    """
    found: dict[str, tuple[int, int]] = {}
    for given in inputs:
        source = Path(given).expanduser()
        paths = [source] if not source.is_dir() else _files(source)
        for path in paths:
            try:
                stat = path.stat()
            except OSError:
                continue
            if not path.is_dir():
                found[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return found


def changed_inputs(snapshot: dict[str, tuple[int, int]]) -> list[str]:
    """Return the files of ``snapshot`` that changed (or vanished) since it was taken."""
    changed = []
    for name, (size, mtime) in snapshot.items():
        try:
            stat = Path(name).stat()
        except OSError:
            changed.append(name)
            continue
        if (stat.st_size, stat.st_mtime_ns) != (size, mtime):
            changed.append(name)
    return changed
