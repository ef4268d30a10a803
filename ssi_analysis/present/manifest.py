"""The run manifest: what a report was made from, so next quarter's numbers can be compared.

:func:`run_manifest` gathers the kit's version, the command line, every input file's name,
size and SHA-256, the rows each loader read and kept, the options, the versions of the
libraries that computed the numbers and the date of the run. The report shows it at its foot
(:func:`manifest_lines`) and writes it as JSON beside the page. Two runs on the same inputs
give the same manifest apart from ``run_date``.
"""

from __future__ import annotations

import hashlib
import json
import platform
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

#: The libraries whose versions can change a number in the report.
LIBRARIES = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "openpyxl", "pyarrow")


def sha256(path: str | Path, *, block: int = 1 << 20) -> str:
    """Return the SHA-256 of a file, read in blocks.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256(p)[:16]
    'ba7816bf8f01cfea'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(block):
            digest.update(chunk)
    return digest.hexdigest()


#: What an anonymised manifest says instead of a rerun line (its command has stand-ins).
ANONYMISED_RERUN = (
    "This run was anonymised: the command above has stand-ins for names and file names "
    "without folders, so it cannot be run as written. Run your own command again (with the "
    "same --anonymize-key to get the same stand-ins)."
)


def run_manifest(
    files: Iterable[str | Path],
    *,
    command: Sequence[str] | None = None,
    loads: Sequence = (),
    options: Mapping | None = None,
    now: datetime | None = None,
    folder: str | Path | None = None,
    anonymised: bool = False,
) -> dict:
    """Gather what a run was made from (a JSON-ready dict).

    Parameters
    ----------
    files : paths
        Every input file read (folders already walked).
    command : sequence of str, optional
        The command line (``sys.argv``) when run from the terminal.
    loads : sequence of LoadReport
        The loaders' reports: rows read, kept, missing, merged, rejected.
    options : mapping, optional
        The analysis options (frequency, lags, bound...).
    now : datetime, optional
        The run date (default: now, UTC).
    folder : path, optional
        The folder the command ran in: ``rerun`` then starts with ``cd`` to it, so that the
        command's relative paths find the same files (left out of anonymised reports: a
        folder often holds a person's name).
    anonymised : bool
        The run was anonymised: its ``command`` has stand-ins for names and no folders, so it
        cannot find the same people or files. ``rerun`` is then empty and ``rerun_note`` says
        how to run it again, instead of a line that would fail or read the wrong people.

    The manifest's ``rerun`` is the shell line that runs the same command again, and
    ``kit_commit`` the git commit of the kit's code when it runs from a checkout (with
    "+ local changes" when files differ from it; ``None`` for an installed kit, whose
    ``kit_version`` says which it is).

    Examples
    --------
    >>> m = run_manifest([], options={"lags": [0, 1]}, now=datetime(2026, 1, 5, tzinfo=UTC))
    >>> m["run_date"], m["options"], sorted(m)[:3]
    ('2026-01-05T00:00:00+00:00', {'lags': [0, 1]}, ['command', 'inputs', 'kit_commit'])
    >>> run_manifest([], command=["ssi-analysis", "report", "--ssi", "my log.csv"],
    ...              folder="/home/me/sales")["rerun"]
    "cd /home/me/sales && ssi-analysis report --ssi 'my log.csv'"
    """
    from ssi_analysis import __version__

    inputs = []
    for path in sorted({Path(f) for f in files}, key=lambda p: (p.name, str(p))):
        inputs.append({"file": path.name, "bytes": path.stat().st_size, "sha256": sha256(path)})
    rows = [
        {
            "data": r.kind,
            "rows_read": int(r.rows_read),
            "kept": int(r.rows_kept),
            "missing": int(r.rows_missing),
            "merged": int(r.rows_merged),
            "rejected": int(r.rows_rejected),
        }
        for r in loads
    ]
    libraries = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            libraries[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            libraries[name] = "not installed"
    return {
        "kit_version": __version__,
        "kit_commit": kit_commit(),
        "command": shlex.join(command) if command else "",
        "rerun": (
            (f"cd {shlex.quote(str(folder))} && " if folder is not None else "")
            + shlex.join(command)
            if command and not anonymised
            else ""
        ),
        **({"rerun_note": ANONYMISED_RERUN} if anonymised and command else {}),
        "inputs": inputs,
        "rows": rows,
        "options": dict(options or {}),
        "libraries": libraries,
        "run_date": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
    }


def kit_commit() -> str | None:
    """Return the git commit of the kit's code when it runs from a checkout, else ``None``.

    Examples
    --------
    >>> commit = kit_commit()
    >>> commit is None or len(commit.split()[0]) == 40
    True
    """
    import subprocess

    root = Path(__file__).resolve().parents[2]
    if not (root / ".git").exists() or not (root / "ssi_analysis").is_dir():
        return None  # an installed kit: its version says which it is
    try:
        head = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
        changed = subprocess.run(
            ["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no", "--",
             "ssi_analysis"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):  # no git, or not a repository after all
        return None
    return head + (" + local changes" if changed else "")


def manifest_lines(manifest: Mapping) -> dict[str, str]:
    """Lay a manifest out as the page's foot: one line of text per entry.

    Examples
    --------
    >>> m = {"kit_version": "0.1.0", "command": "", "inputs": [{"file": "a.csv", "bytes": 3,
    ...      "sha256": "ab" * 32}], "rows": [], "options": {"lags": [0, 1]},
    ...      "libraries": {"numpy": "2.1"}, "run_date": "2026-01-05T00:00:00+00:00"}
    >>> lines = manifest_lines(m)
    >>> lines["input 1"][:40], lines["options"]
    ('a.csv — 3 bytes — SHA-256 ababababababab', 'lags: [0, 1]')
    """
    lines = {"kit version": f"ssi-analysis {manifest['kit_version']}"}
    if manifest.get("kit_commit"):
        lines["kit commit"] = manifest["kit_commit"]
    if manifest.get("command"):
        lines["command"] = manifest["command"]
    if manifest.get("rerun") and manifest["rerun"] != manifest.get("command"):
        lines["to run it again"] = manifest["rerun"]
    elif manifest.get("rerun_note"):
        lines["to run it again"] = manifest["rerun_note"]
    for i, item in enumerate(manifest.get("inputs", []), 1):
        lines[f"input {i}"] = f"{item['file']} — {item['bytes']:,} bytes — SHA-256 {item['sha256']}"
    for item in manifest.get("rows", []):
        lines[f"{item['data']} rows"] = (
            f"{item['rows_read']:,} read: {item['kept']:,} kept, {item['missing']:,} missing, "
            f"{item['merged']:,} merged, {item['rejected']:,} rejected"
        )
    options = manifest.get("options", {})
    if options:
        lines["options"] = "; ".join(f"{k}: {v}" for k, v in options.items())
    lines["libraries"] = ", ".join(f"{k} {v}" for k, v in manifest.get("libraries", {}).items())
    lines["run date"] = manifest["run_date"]
    return lines


def manifest_json(manifest: Mapping) -> str:
    """Return the manifest as indented JSON text (keys in a fixed order)."""
    return json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"


#: Options whose value is a secret: never written.
SECRET_OPTIONS = ("--anonymize-key",)


def anonymous_command(
    command: Sequence[str], stand_in: Callable[[str], str], names: Iterable[str]
) -> list[str]:
    """Return a command line fit for an anonymised run's manifest.

    A name typed (``--person 'Dana W.'``, ``--exclude 'A,B'``) becomes its stand-in, a path
    its file name alone (no folder: folders hold user names, ``/home/jalvarez``), and a
    secret (``--anonymize-key``) is hidden.

    Examples
    --------
    >>> anonymous_command(["report", "--ssi", "/home/jo/log.csv", "--exclude", "Jo B,Al",
    ...                    "--anonymize-key", "s3cret"], lambda n: "P-" + n[:2], ["Jo B", "Al"])
    ['report', '--ssi', 'log.csv', '--exclude', 'P-Jo,P-Al', '--anonymize-key', '(hidden)']
    """
    known = {str(n) for n in names}
    out: list[str] = []
    hide = False
    for arg in command:
        arg = str(arg)
        if hide:
            out.append("(hidden)")
            hide = False
            continue
        option, eq, _ = arg.partition("=")
        if option in SECRET_OPTIONS:
            hide = not eq
            out.append(f"{option}=(hidden)" if eq else option)
            continue
        parts = [p.strip() for p in arg.split(",")]
        if arg in known:
            out.append(stand_in(arg))
        elif len(parts) > 1 and all(p in known for p in parts if p):
            out.append(",".join(stand_in(p) for p in parts if p))
        elif "/" in arg or "\\" in arg or Path(arg).exists():
            out.append(_last_part(arg))
        else:
            out.append(arg)
    return out


def _last_part(arg: str) -> str:
    option, eq, value = arg.partition("=")
    if eq and option.startswith("--"):
        return f"{option}={_last_part(value)}"
    return arg.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or arg
