"""How bytes are obtained and bounded: files, pipes and zip members, read with a cap.

Every reader gets its bytes here, so that a hostile or broken input ends with a problem that
names the file and the sizes instead of a ``MemoryError``, a ``PermissionError`` or an
exception from :mod:`zipfile`:

* a file larger than :data:`MAX_FILE_BYTES` is refused before it is read;
* a pipe (``ssi-analysis load <(cat log.csv)``) is read once, into memory, with the same cap;
* a zip member is checked on its declared size, its compression ratio and the archive's
  total before it is opened, then read with a cap (declared sizes can lie); encrypted members
  and compressions Python cannot read (Deflate64) are named;
* JSON nested deeper than Python can parse is a parse error, not a ``RecursionError``.

The caps are far above what real exports hold (the largest real archive files are tens of
MB), so they only stop decompression bombs and damaged files.
"""

from __future__ import annotations

import json
import lzma
import os
import stat
import zipfile
import zlib
from pathlib import Path

from ssi_analysis.errors import Problems

MiB = 1024 * 1024
#: The largest single input file or zip member read (a team CSV of ~200 MB is plausible).
MAX_FILE_BYTES = 1024 * MiB
#: The most a zip archive may unpack to, all members read together. A LinkedIn archive's
#: largest files are tens of MB; parsing takes several times the bytes in memory (a 5.9 MB
#: zip unpacking to 1 GB of valid rows peaked at 6.1 GB), so the cap is the memory's.
MAX_ARCHIVE_BYTES = 512 * MiB
#: The most one zip member may unpack to (besides :data:`MAX_FILE_BYTES`).
MAX_MEMBER_BYTES = 256 * MiB
#: Uncompressed / compressed size above which a large member is taken for a bomb. Text
#: exports compress 3-20 times; bombs compress hundreds to millions of times.
MAX_RATIO = 200
#: Members smaller than this are never refused for their ratio (a small file of blanks
#: compresses very well and harms nobody).
RATIO_FLOOR = 16 * MiB
_CHUNK = 4 * MiB
#: What unpacking a damaged member raises (bad CRC, truncated or corrupt streams).
_UNPACK_ERRORS = (
    zipfile.BadZipFile,
    RuntimeError,
    NotImplementedError,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
)
#: The compressions :mod:`zipfile` unpacks (not Deflate64, method 9, which Windows writes
#: for large archives, nor PPMd, AES...).
_READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)

_TOO_LARGE_FIX = (
    "this is far larger than any LinkedIn or CRM export: check it is the right file; "
    "if it is, split it into smaller files (e.g. one per year)"
)


def size_text(n: int) -> str:
    """Return a byte count for people: ``1536`` -> ``'1.5 KB'``.

    Examples
    --------
    >>> size_text(512), size_text(1536), size_text(3 * 1024**3)
    ('512 bytes', '1.5 KB', '3.0 GB')
    """
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def is_regular(path: Path) -> bool:
    """Tell whether ``path`` is a regular file (not a pipe, a device or a folder)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False


def read_file(path: Path, file: str, problems: Problems, *, cap: int | None = None) -> bytes | None:
    """Read a whole file (or a pipe, once) with a byte cap; None and a problem if not.

    Examples
    --------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "big.csv"
    >>> _ = path.write_bytes(b"x" * 100)
    >>> found = Problems()
    >>> read_file(path, "big.csv", found, cap=10) is None, found[0].problem
    (True, 'the file is 100 bytes, more than the 10 bytes the kit reads')
    """
    cap = MAX_FILE_BYTES if cap is None else cap
    try:
        # Opened without waiting: a named pipe with no program writing to it would block
        # open() forever. A pipe is then read blocking (its writer's data, or at once the end
        # when there is none); a device or a socket is refused, never read.
        nonblocking = getattr(os, "O_NONBLOCK", 0)
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | nonblocking)) as handle:
            fd = handle.fileno()
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(21, "is a folder", str(path))
            if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
                problems.add(
                    file,
                    None,
                    None,
                    None,
                    "this is a device or a socket, not a file",
                    "give the export file itself",
                )
                return None
            if stat.S_ISFIFO(info.st_mode) and not _wait_for_writer(fd):
                data = b""
            else:
                if hasattr(os, "set_blocking"):
                    os.set_blocking(fd, True)
                data = None
            if stat.S_ISREG(info.st_mode) and info.st_size > cap:
                _too_large(file, problems, f"the file is {size_text(info.st_size)}", cap)
                return None
            if data is None:
                data = handle.read(cap + 1)  # a pipe has no size: read once, up to the cap
            if stat.S_ISFIFO(info.st_mode) and not data:
                problems.add(
                    file,
                    None,
                    None,
                    None,
                    f"this is a pipe and nothing was written to it within {PIPE_WAIT_SECONDS} s "
                    "(no program writes to it)",
                    "give the export file itself, or start the program that writes to the pipe",
                )
                return None
    except OSError as exc:
        problems.add(file, None, None, None, *unreadable(exc))
        return None
    if len(data) > cap:
        _too_large(file, problems, "the input is larger", cap)
        return None
    return data


#: How long a pipe may stay silent before the kit stops waiting for it.
PIPE_WAIT_SECONDS = 30


def _wait_for_writer(fd: int) -> bool:
    """Wait until a pipe has something to read (or its writer closed); False on silence.

    A named pipe with no writer would make a blocking read wait forever: ``poll`` waits at
    most :data:`PIPE_WAIT_SECONDS` for data, or for a writer that came and went.
    """
    import select

    if not hasattr(select, "poll"):  # pragma: no cover - Windows has no named pipes here
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(PIPE_WAIT_SECONDS * 1000))


def _too_large(file: str, problems: Problems, what: str, cap: int) -> None:
    problems.add(
        file,
        None,
        None,
        None,
        f"{what}, more than the {size_text(cap)} the kit reads",
        _TOO_LARGE_FIX,
    )


def cannot_open(problems, file, exc: Exception, problem: str, fix: str) -> None:
    """Record that ``file`` cannot be opened (the archive's and the workbook's readers).

    ``problem`` and ``fix`` say what the reader says of a file it cannot parse; a file the
    system will not let us read gets :func:`unreadable`'s instead.
    """
    if isinstance(exc, PermissionError):
        problem, fix = unreadable(exc)
    problems.add(file, None, None, None, problem, fix)


def unreadable(exc: OSError) -> tuple[str, str]:
    """Return (problem, fix) for a file the system would not let us read.

    Examples
    --------
    >>> unreadable(PermissionError(13, "Permission denied"))[0]
    'the file cannot be read: permission denied'
    """
    if isinstance(exc, PermissionError):
        return (
            "the file cannot be read: permission denied",
            "give yourself read access (or copy the file to a folder of yours) and run again",
        )
    if isinstance(exc, IsADirectoryError):
        return ("this is a folder, not a file", "give the files inside it, or the folder itself")
    return (
        f"the file cannot be read ({exc.strerror or exc})",
        "check that the file is complete and on a disk that is still connected",
    )


def json_loads(text: str) -> object:
    """:func:`json.loads`, with nesting too deep for Python turned into a JSON error.

    Examples
    --------
    >>> json_loads("[" * 100_000)
    Traceback (most recent call last):
    ...
    json.decoder.JSONDecodeError: the data is nested too deeply to be the SSI page's data...
    """
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError(
            "the data is nested too deeply to be the SSI page's data (over a thousand levels)",
            text[:100],
            0,
        ) from None


class ArchiveBudget:
    """Bytes still allowed from one archive (zip or folder), all members together."""

    def __init__(self, total: int | None = None):
        total = MAX_ARCHIVE_BYTES if total is None else total
        self.left = total
        self.total = total


def read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    file: str,
    problems: Problems,
    budget: ArchiveBudget,
    *,
    cap: int | None = None,
) -> bytes | None:
    """Read one zip member after checking what it declares; None and a problem if refused.

    The declared size, the ratio of declared to compressed size and the archive's running
    total are checked before a byte is inflated; the read itself stops at the cap, since a
    crafted archive can declare less than it holds.
    """
    cap = min(MAX_FILE_BYTES, MAX_MEMBER_BYTES) if cap is None else cap
    if not check_member(info, file, problems, budget, cap=cap):
        return None
    shown = f"{file}/{info.filename}"
    sizes = f"{size_text(info.file_size)} unpacked from {size_text(info.compress_size)}"
    limit = min(cap, budget.left)
    try:
        with archive.open(info) as stream:
            pieces, got = [], 0
            while got <= limit:
                piece = stream.read(min(_CHUNK, limit + 1 - got))
                if not piece:
                    break
                pieces.append(piece)
                got += len(piece)
    except _UNPACK_ERRORS as exc:
        problems.add(
            shown,
            None,
            None,
            None,
            f"this file in the zip cannot be unpacked ({exc})",
            "download the archive from LinkedIn again",
        )
        return None
    if got > limit:
        _refuse_member(shown, problems, f"it unpacks to more than it declares ({sizes})", limit)
        return None
    budget.left -= got
    return b"".join(pieces)


def check_member(
    info: zipfile.ZipInfo,
    file: str,
    problems: Problems,
    budget: ArchiveBudget,
    *,
    cap: int | None = None,
) -> bool:
    """Check what a zip member declares, before it is unpacked; False and a problem if refused.

    Refused: an encrypted member, a compression :mod:`zipfile` cannot unpack (Deflate64), a
    declared size over ``cap`` or over what is left of the archive's ``budget``, and a large
    member compressed far more than any real export (:data:`MAX_RATIO`).
    """
    cap = min(MAX_FILE_BYTES, MAX_MEMBER_BYTES) if cap is None else cap
    shown = f"{file}/{info.filename}"
    declared, packed = info.file_size, info.compress_size
    if info.flag_bits & 0x1:
        problems.add(
            shown,
            None,
            None,
            None,
            "this file in the zip is encrypted (password-protected)",
            "unpack the archive with its password and give the folder, or download it again",
        )
        return False
    if info.compress_type not in _READABLE:
        method = zipfile.compressor_names.get(info.compress_type, f"method {info.compress_type}")
        problems.add(
            shown,
            None,
            None,
            None,
            f"this file in the zip is compressed with {method}, which Python cannot unpack",
            "unpack the archive with your system's tool and give the folder, "
            "or zip it again with ordinary (deflate) compression",
        )
        return False
    sizes = f"{size_text(declared)} unpacked from {size_text(packed)}"
    if declared > cap:
        _refuse_member(shown, problems, f"it would unpack to {sizes}", cap)
        return False
    if declared > RATIO_FLOOR and declared > MAX_RATIO * max(packed, 1):
        problems.add(
            shown,
            None,
            None,
            None,
            f"this file in the zip is suspicious: {sizes} (compressed "
            f"{declared / max(packed, 1):,.0f} times; real exports compress under "
            f"{MAX_RATIO} times); it was not unpacked",
            "download the archive from LinkedIn again; do not open files of unknown origin",
        )
        return False
    if declared > budget.left:
        _refuse_member(
            shown,
            problems,
            f"the archive's files together would unpack to more than {size_text(budget.total)} "
            f"(this one: {sizes})",
            None,
        )
        return False
    return True


def _refuse_member(shown: str, problems: Problems, what: str, cap: int | None) -> None:
    limit = f", more than the {size_text(cap)} the kit reads" if cap is not None else ""
    problems.add(
        shown,
        None,
        None,
        None,
        f"this file in the zip is too large: {what}{limit}; it was not unpacked",
        _TOO_LARGE_FIX,
    )


#: Allocations at least this large get pages of their own (glibc ``M_MMAP_THRESHOLD``).
LARGE_ALLOCATION = 1 * MiB
_LARGE_ARRAYS_SET = False


def large_arrays_return_memory() -> None:
    """Make the memory of large freed arrays go back to the system at once (glibc only).

    A million-row log is read, checked and tidied through a few dozen arrays of tens of MB,
    each freed when the next step has its result. glibc raises its ``mmap`` threshold after
    the first such array is freed, so later ones are carved from the heap, where freed
    memory stays with the process: on a 150 MB team log that kept about 150 MB more resident
    than the arrays in use. A fixed threshold of :data:`LARGE_ALLOCATION` keeps every large
    array in pages of its own, unmapped when it is freed. Elsewhere (macOS, Windows, musl)
    nothing is done. Called once, when a large file is read.
    """
    global _LARGE_ARRAYS_SET
    if _LARGE_ARRAYS_SET:
        return
    _LARGE_ARRAYS_SET = True
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (musl has no mallopt)
        return
    m_mmap_threshold = -3  # glibc's malloc.h
    mallopt(m_mmap_threshold, LARGE_ALLOCATION)
