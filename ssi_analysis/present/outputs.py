"""Where the kit writes, checked before any work, and written so that nothing is half-done.

Two promises, both kept here:

* **An input is never overwritten.** :func:`plan_outputs` refuses, before anything is read
  or computed, an output that would land on an input file (the same path, a link to it, a hard
  link) or inside an input folder (the next run would read the report as data), an ``--out``
  that names a folder, and a folder that cannot be written.
* **A file is whole or untouched.** :func:`atomic_write` writes to a temporary file beside the
  target and renames it over the target (:func:`os.replace`, atomic on one file system): a
  full disk or a crash leaves the previous file as it was, never a truncated one.
* **The outputs are one set.** :func:`write_set` writes every output of a run to a hidden
  temporary file beside its target, and only when all of them are complete renames them into
  place, with Ctrl-C and SIGTERM held back for those few renames; on any failure before (a
  full disk, a file-size limit, an exception, Ctrl-C, SIGTERM) the temporary files are
  removed and the previous set is left whole. ``kill -9`` cannot be caught: before the
  renames it leaves hidden ``.<name>.*.ssi-tmp`` files (the previous set whole), during
  them (milliseconds) a mix of old and new files and hidden ``.ssi-old`` copies of the old
  ones; the next run removes both kinds.
* **A file the kit did not write is never replaced.** The kit recognises its own outputs by
  the SHA-256 its last manifest recorded for each; any other file in the way (the user's own
  ``index.html``, a page edited since) is refused, naming ``--force``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import signal
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ssi_analysis.exceptions import OutputError

#: What a report may be called (anything else is likely a data file named by mistake).
HTML_SUFFIXES = (".html", ".htm")


#: The files of one report, by role: the suffix added to the page's name (``r.html`` ->
#: ``r_answers.csv``...). The manifest records the SHA-256 of the others by role.
REPORT_PARTS = {
    "page": "",
    "answers_csv": "_answers.csv",
    "answers_xlsx": "_answers.xlsx",
    "manifest": "_manifest.json",
    "pillar_gaps": "_pillar_gaps.csv",
    "activity_links": "_activity_links.csv",
    "sellers": "_sellers.csv",
}
#: Suffixes of the hidden files a set is staged in (and of the old files kept during commit).
STAGED, KEPT = ".ssi-tmp", ".ssi-old"
#: The files put in place by the last :func:`write_set` of this process (for the message
#: of a Ctrl-C that arrives just after them).
COMMITTED: list[Path] = []


@dataclass(frozen=True)
class Outputs:
    """The files a report writes, resolved (links followed).

    ``html`` and ``csv`` are the page and the answers CSV; ``files`` maps every role of
    :data:`REPORT_PARTS` to its path.
    """

    html: Path
    csv: Path
    files: dict[str, Path] = field(default_factory=dict)
    force: bool = False

    def path(self, role: str) -> Path:
        """Return the resolved path of one output (``"manifest"``, ``"answers_xlsx"``...)."""
        return self.files[role]


def answers_path(html: Path) -> Path:
    """Return the answers CSV that goes beside a report: ``r.html`` -> ``r_answers.csv``.

    Examples
    --------
    >>> answers_path(Path("out/r.html")).as_posix()
    'out/r_answers.csv'
    """
    return html.with_name(html.stem + "_answers.csv")


def plan_outputs(
    out: str | os.PathLike, inputs: Iterable[str | os.PathLike], *, force: bool = False
) -> Outputs:
    """Check where a report would be written, before any work; raise :class:`OutputError`.

    Parameters
    ----------
    out : path
        The HTML file asked for; the answers CSV goes beside it (:func:`answers_path`).
    inputs : paths
        Every input file or folder given (SSI and outcomes). Folders are searched for files
        that are links to the outputs, too.
    force : bool
        Replace files in the way that the kit did not write (``--force``); by default an
        existing file is replaced only when the last run's manifest recorded it.

    Returns
    -------
    Outputs
        The resolved paths of every output (links followed before every check).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "log.csv").write_text("Date,SSI")
    8
    >>> plan_outputs(folder / "log.csv", [folder / "log.csv"])
    Traceback (most recent call last):
    ...
    ssi_analysis.exceptions.OutputError: ...
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
    files = {"page": html}
    for role, suffix in REPORT_PARTS.items():
        if suffix:  # each one's own links followed too (r_answers.csv -> elsewhere)
            files[role] = html.with_name(html.stem + suffix).resolve()
    if len(set(files.values())) < len(files):
        raise OutputError(
            f"--out {str(out)!r}: two of the report's files would land on the same file "
            "(links beside the page point to each other); nothing was written. Remove the "
            "links or choose another --out."
        )
    csv = files["answers_csv"]
    targets = {"the report": html, "its answers CSV": csv}
    targets.update({f"its {role.replace('_', ' ')}": p for role, p in files.items()})
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
    if html.suffix.lower() not in HTML_SUFFIXES:  # a link named .html to another file
        raise OutputError(
            f"--out {str(out)!r} is a link to {str(html)!r}, which is not a web page; nothing "
            f"was written. Give the report a name of its own, e.g. "
            f"--out {str(asked.with_name(asked.stem + '-report.html'))!r}"
        )
    _check_writable(html.parent, out)
    outputs = Outputs(html, csv, files, force)
    check_owned(outputs, out=out)
    return outputs


def sha256_bytes(data: bytes) -> str:
    """Return the SHA-256 of bytes, as hex."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str | None:
    """Return the SHA-256 of a file as hex, or None when it cannot be read."""
    try:
        digest = hashlib.sha256()
        with open(path, "rb") as stream:
            while chunk := stream.read(1 << 20):
                digest.update(chunk)
        return digest.hexdigest()
    except OSError:
        return None


def recorded_outputs(manifest: Path) -> dict[str, str]:
    """Return the SHA-256 by role that a report's manifest recorded ({} if none).

    A manifest the kit did not write (no ``kit_version`` and ``outputs``) records nothing.
    """
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or "kit_version" not in data:
        return {}
    found = data.get("outputs")
    if not isinstance(found, dict):
        return {}
    return {str(k): str(v) for k, v in found.items()}


def check_owned(outputs: Outputs, *, out: object = None) -> None:
    """Refuse (:class:`OutputError`, naming ``--force``) to replace a file the kit did not write.

    A file is the kit's when the manifest beside it (written by the kit's last run on this
    name) recorded its SHA-256; the manifest is the kit's when it has the kit's fields and
    records the outputs. Anything else in the way is the user's and is left alone, unless
    ``outputs.force``. Links are followed (the paths in ``outputs`` are resolved).
    """
    if outputs.force:
        return
    known = recorded_outputs(outputs.files["manifest"]) if outputs.files else {}
    foreign = []
    for role, path in outputs.files.items():
        if not os.path.lexists(path):
            continue
        if role == "manifest":
            if known:
                continue
        elif role in known and sha256_file(path) == known[role]:
            continue
        foreign.append(path)
    if foreign:
        shown = ", ".join(repr(str(p)) for p in foreign)
        raise OutputError(
            f"--out {str(out or outputs.html)!r} would replace {shown}, which the kit did not "
            "write (or which changed since it did); nothing was written. Choose another --out, "
            "or add --force to replace " + ("it." if len(foreign) == 1 else "them.")
        )


def _leftovers(target: Path) -> list[Path]:
    """Hidden files a killed run left beside ``target`` (staged or kept copies)."""
    try:
        names = os.listdir(target.parent)
    except OSError:
        return []
    start = f".{target.name}."
    return [target.parent / n for n in names if n.startswith(start) and n.endswith((STAGED, KEPT))]


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back until the block ends, then pass them on.

    Python runs signal handlers in the main thread, whichever thread the system delivers a
    signal to, so handlers that only note the signal hold it back reliably (a thread's signal
    mask would not: another thread can take a process's signal). Outside the main thread
    (where handlers cannot be set) nothing is held.
    """
    caught: list[int] = []
    previous: dict[int, object] = {}
    try:
        for number in (signal.SIGINT, signal.SIGTERM):
            previous[number] = signal.signal(number, lambda n, _frame: caught.append(n))
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)  # type: ignore[arg-type]
        for number in dict.fromkeys(caught):
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(number)


def write_set(files: Mapping[Path, bytes | str], *, encoding: str = "utf-8") -> list[Path]:
    """Write several files as one set: all new, or (on any failure) all as they were.

    Each file's bytes go to a hidden temporary file beside it (``.<name>.<random>.ssi-tmp``,
    flushed to disk); only when every one is complete are they renamed into place, with the
    previous files moved aside first and Ctrl-C/SIGTERM held back until the renames are done.
    Any failure before (a full disk, a file-size limit, an exception, Ctrl-C, SIGTERM) removes
    the temporary files and leaves the previous set untouched; a failed rename puts the
    previous files back. Leftovers of a killed run (``kill -9``) beside the targets are
    removed first. Each new file gets its predecessor's permissions, or the usual ones.

    Returns the paths written. ``str`` data is encoded with ``encoding``.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write_set({folder / "a.html": "<p>1</p>", folder / "a.csv": b"x,1"})
    >>> sorted(p.name for p in folder.iterdir())
    ['a.csv', 'a.html']
    """
    COMMITTED.clear()
    targets = [Path(p) for p in files]
    for target in targets:
        for stale in _leftovers(target):
            with contextlib.suppress(OSError):
                os.unlink(stale)
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in zip(targets, files.values(), strict=True):
            payload = data.encode(encoding) if isinstance(data, str) else data
            handle, name = tempfile.mkstemp(
                dir=target.parent, prefix=f".{target.name}.", suffix=STAGED
            )
            staged.append((Path(name), target))
            with os.fdopen(handle, "wb") as stream:
                stream.write(payload)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(name, _mode_for(target))
        with _signals_held():
            _commit(staged)
    except BaseException:
        for temporary, _ in staged:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise
    return targets


def _commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename every staged file into place; on a failure put the previous files back."""
    moved: list[tuple[Path, Path | None]] = []  # (target, its previous file moved aside)
    try:
        for temporary, target in staged:
            kept = None
            if os.path.lexists(target):
                kept = temporary.with_name(temporary.name[: -len(STAGED)] + KEPT)
                os.replace(target, kept)
            moved.append((target, kept))
            os.replace(temporary, target)
    except BaseException:
        for target, kept in reversed(moved):
            with contextlib.suppress(OSError):
                if kept is not None:
                    os.replace(kept, target)
                elif target.exists():
                    os.unlink(target)
        raise
    COMMITTED.extend(target for target, _ in moved)  # before a held signal is passed on
    for _, kept in moved:
        if kept is not None:
            with contextlib.suppress(OSError):
                os.unlink(kept)


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
