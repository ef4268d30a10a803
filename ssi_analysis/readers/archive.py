"""Reader for LinkedIn's "Download your data" archive: the member's own activity per day.

``FORMATS.md`` §2.3. The archive is a zip (or the folder it unpacks to) of CSV files; the ones
read here are the member's activity — the inputs they control. Every event is one row on its
date; the schema layer sums them per period.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path

import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.readers import _limits
from ssi_analysis.readers._limits import (
    ArchiveBudget,
    read_file,
    read_member,
    unreadable,
)
from ssi_analysis.readers._text import read_table
from ssi_analysis.readers.records import Records, long_records

#: File stem (without the member-id suffix newer archives add) -> what is read from it.
ARCHIVE_FILES = {
    "connections": ("Connected On", "connections_added"),
    "invitations": ("Sent At", None),  # direction decides sent / received
    "messages": ("DATE", None),  # the owner decides sent / received
    "shares": ("Date", "posts_published"),
    "comments": ("Date", "comments_written"),
    "reactions": ("Date", "reactions_given"),
}
_STEM = re.compile(r"^(.*?)(?:_\d+)?$")


def archive_stem(name: str) -> str:
    """``Shares_181682616.csv`` -> ``shares``.

    Examples
    --------
    >>> archive_stem("Shares_181682616.csv"), archive_stem("messages.csv")
    ('shares', 'messages')
    """
    return _STEM.match(Path(name).stem).group(1).lower()


def looks_like_archive(names: list[str]) -> bool:
    """Tell whether at least one activity file of the archive is among ``names``."""
    return any(archive_stem(n) in ARCHIVE_FILES for n in names if n.lower().endswith(".csv"))


def archive_members(path: Path, file: str, problems: Problems) -> dict[str, bytes] | None:
    """Read the archive's CSV files (zip or folder) into ``{relative name: bytes}``.

    Every member is read through :mod:`~ssi_analysis.readers._limits`: sizes, compression
    ratio and the archive's total are checked before anything is unpacked, and a member
    refused (too large, encrypted, Deflate64, unreadable) is a problem naming it.
    """
    budget = ArchiveBudget()
    members: dict[str, bytes] = {}
    refused = 0
    if path.is_dir():
        for member in sorted(path.rglob("*.csv")):
            if not member.is_file():
                continue
            name = str(member.relative_to(path))
            cap = min(_limits.MAX_FILE_BYTES, budget.left)
            data = read_file(member, f"{file}/{name}", problems, cap=cap)
            if data is not None:
                budget.left -= len(data)
                members[name] = data
            else:
                refused += 1
        return members if members or not refused else None
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                if info.is_dir() or not info.filename.lower().endswith(".csv"):
                    continue
                data = read_member(archive, info, file, problems, budget)
                if data is not None:
                    members[info.filename] = data
                else:
                    refused += 1
    except (zipfile.BadZipFile, OSError) as exc:
        problem, fix = (
            unreadable(exc)
            if isinstance(exc, PermissionError)
            else (
                f"this zip file cannot be opened ({exc})",
                "download the archive from LinkedIn again",
            )
        )
        problems.add(file, None, None, None, problem, fix)
        return None
    return members if members or not refused else None  # each refusal is a problem already


def read_archive(
    path: Path, file: str, problems: Problems, *, person: str | None = None
) -> list[Records]:
    """Every activity file of an archive, as event records."""
    members = archive_members(path, file, problems)
    if members is None:
        return []
    if not looks_like_archive(list(members)):
        problems.add(
            file,
            None,
            None,
            ", ".join(sorted(members)[:8]) or "no CSV files",
            "this is not a LinkedIn data archive: none of Connections.csv, "
            "Invitations.csv, messages.csv, Shares.csv, Comments.csv, Reactions.csv "
            "is inside",
            "give the archive LinkedIn sent you (the zip or its folder)",
        )
        return []
    owner_note = ""
    out, ignored = [], []
    for name, data in members.items():
        stem = archive_stem(name)
        if stem not in ARCHIVE_FILES:
            ignored.append(name)
            continue
        shown = f"{file}/{Path(name).name}"
        date_name, metric = ARCHIVE_FILES[stem]
        table = read_table(
            data,
            shown,
            problems,
            find_header=_header_finder(date_name),
            escapechar="\\" if b'\\"' in data else None,
        )
        if table is None:
            continue
        columns = {squash(c): c for c in table.frame.columns}
        date_column = columns.get(squash(date_name))
        if date_column is None:
            problems.add(
                shown,
                table.header_line,
                None,
                ", ".join(table.frame.columns),
                f"no {date_name!r} column",
                "give the file as LinkedIn exported it",
            )
            continue
        frame = long_records(table, date_column, {"_event": date_column})
        frame["value"] = 1
        rejected = table.rejected
        if stem == "invitations":
            direction = table.frame[columns.get("direction", date_column)].astype(str)
            frame["metric"] = (
                direction.str.strip()
                .str.upper()
                .map({"OUTGOING": "invitations_sent", "INCOMING": "invitations_received"})
                .to_numpy()
            )
            unknown = frame["metric"].isna().to_numpy()
            for i in unknown.nonzero()[0]:
                problems.add(
                    shown,
                    table.lines[i],
                    "Direction",
                    direction.iloc[i],
                    "is neither INCOMING nor OUTGOING",
                    "give the file as LinkedIn exported it",
                )
            frame, rejected = frame[~unknown], rejected + int(unknown.sum())
        elif stem == "messages":
            sender = table.frame[columns.get("from", date_column)].astype(str).str.strip()
            owner, owner_note = _owner(members, file, sender if "from" in columns else None)
            frame["metric"] = (
                (sender == owner)
                .map({True: "messages_sent", False: "messages_received"})
                .to_numpy()
            )
        else:
            frame["metric"] = metric
        records = Records(
            shown,
            "LinkedIn data archive",
            frame,
            source="linkedin_archive",
            rejected=rejected,
            dayfirst=False,
        )  # "8/26/22, 8:56 PM"
        records.ignored = [c for c in table.frame.columns if c != date_column]
        if stem == "messages" and owner_note:
            records.notes.append(owner_note)
        out.append(records)
    if out:
        out[0].ignored += [f"archive file {n}" for n in ignored]
        for records in out:
            if person is not None:
                records.frame["person"] = person
    return out


def _header_finder(date_name: str):
    """Connections.csv has note lines above its header: find the line naming the date column."""

    def find(lines: list[str]) -> int | None:
        wanted = squash(date_name)
        for i, line in enumerate(lines[:20]):
            if wanted in {squash(cell) for cell in line.split(",")}:
                return i
        return next((i for i, line in enumerate(lines) if line.strip()), None)

    return find


def _owner(members: dict[str, bytes], file: str, senders: pd.Series | None) -> tuple[str, str]:
    """Find the owner's name: from Profile.csv, else the most frequent of ``senders``."""
    profile = next((d for n, d in members.items() if archive_stem(n) == "profile"), None)
    if profile is not None:
        table = read_table(profile, f"{file}/Profile.csv", Problems())
        if table is not None and len(table.frame):
            columns = {squash(c): c for c in table.frame.columns}
            first = table.frame[columns["firstname"]].iloc[0] if "firstname" in columns else ""
            last = table.frame[columns["lastname"]].iloc[0] if "lastname" in columns else ""
            name = f"{first} {last}".strip()
            if name:
                return name, f"messages from {name!r} (the name in Profile.csv) count as sent"
    if senders is None or not len(senders):
        return "", ""
    counts = Counter(senders)
    name, n = counts.most_common(1)[0]
    return name, (
        f"no Profile.csv: the most frequent sender, {name!r} ({n} of "
        f"{sum(counts.values())} messages), is taken as the archive's owner"
    )
