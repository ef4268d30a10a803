"""Reader for LinkedIn's "Download your data" archive: the member's own activity per day.

``docs/formats.md`` §2.3. The archive is a zip (or the folder it unpacks to) of CSV files; the ones
read here are the member's activity — the inputs they control. Every event is one row on its
date; the schema layer sums them per period.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems
from ssi_analysis.names import squash
from ssi_analysis.readers import _limits
from ssi_analysis.readers._batch import (
    MAX_BATCH_CHARS,
    BatchedRecords,
    Member,
    RecordsBatch,
    parse_members,
    split_member,
)
from ssi_analysis.readers._limits import (
    ArchiveBudget,
    cannot_open,
    read_file,
    read_member,
    size_text,
)
from ssi_analysis.readers._text import Continuation, Table, decode, read_table
from ssi_analysis.readers.records import Records, long_records
from ssi_analysis.readers.registry import OutcomeReader, register_outcome_reader

#: File stem (without the member-id suffix newer archives add) -> what is read from it.
ARCHIVE_FILES = {
    "connections": ("Connected On", "connections_added"),
    "invitations": ("Sent At", None),  # direction decides sent / received
    "messages": ("DATE", None),  # the owner decides sent / received
    "shares": ("Date", "posts_published"),
    "comments": ("Date", "comments_written"),
    "reactions": ("Date", "reactions_given"),
}
_STEM = re.compile(r"^(.*?)(?:_\d+)?\Z", re.DOTALL)  # a name may hold a line break


def archive_stem(name: str) -> str:
    """``Shares_181682616.csv`` -> ``shares``.

    Examples
    --------
    >>> archive_stem("Shares_181682616.csv"), archive_stem("messages.csv")
    ('shares', 'messages')
    """
    return _STEM.match(Path(name).stem).group(1).lower()


def _free_name(name: str, taken: dict) -> str:
    """Return a key for a zip member not yet taken: two members of one name are both read.

    A zip can hold ``Shares.csv`` twice; the second is keyed ``Shares_2.csv`` (the
    archive's own naming for split files), never put in place of the first.

    Examples
    --------
    >>> _free_name("Shares.csv", {"Shares.csv": b""}), _free_name("a/x.csv", {})
    ('Shares_2.csv', 'a/x.csv')
    """
    if name not in taken:
        return name
    path = Path(name)
    n = 2
    while (other := str(path.with_name(f"{path.stem}_{n}{path.suffix}"))) in taken:
        n += 1
    return other


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
            cap = min(_limits.MAX_FILE_BYTES, _limits.MAX_MEMBER_BYTES, budget.left)
            data = read_file(member, f"{file}/{name}", problems, cap=cap)
            if data is not None:
                budget.left -= len(data)
                members[name] = data
            else:
                refused += 1
        return members if members or not refused else None
    try:
        with zipfile.ZipFile(path) as archive:
            wanted = [
                info
                for info in archive.infolist()
                if not info.is_dir() and info.filename.lower().endswith(".csv")
            ]
            declared = sum(info.file_size for info in wanted)
            if declared > budget.total:
                # Refused before a byte is unpacked: reading members up to the budget first
                # (then refusing) cost minutes and gigabytes for nothing.
                problems.add(
                    file,
                    None,
                    None,
                    None,
                    f"this zip's {len(wanted)} CSV files would unpack to "
                    f"{size_text(declared)}, more than the {size_text(budget.total)} the kit "
                    "reads from one archive; nothing was unpacked",
                    _limits._TOO_LARGE_FIX,
                )
                return None
            for info in wanted:
                data = read_member(archive, info, file, problems, budget)
                if data is not None:
                    members[_free_name(info.filename, members)] = data
                else:
                    refused += 1
    except (zipfile.BadZipFile, OSError) as exc:
        cannot_open(
            problems,
            file,
            exc,
            f"this zip file cannot be opened ({exc})",
            "download the archive from LinkedIn again",
        )
        return None
    return members if members or not refused else None  # each refusal is a problem already


#: What a file of the archive starts with, when it is given alone under another name.
ARCHIVE_HEADERS = {
    "shares": {"date", "sharelink", "sharecommentary"},
    "comments": {"date", "link", "message"},
    "reactions": {"date", "type", "link"},
    "connections": {"firstname", "lastname", "connectedon"},
    "invitations": {"from", "to", "sentat", "direction"},
    "messages": {"from", "to", "date", "content"},
}
#: A record of an archive file starts (in its date column) with a date; a line whose date
#: column holds anything else continues the text of the record above.
DATED = (
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}"  # 2022-09-08 04:10:18, 2017/06/08 08:15:44 UTC
    r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}"  # 8/26/22, 8:56 PM
    r"|\d{1,2}[ -][A-Za-z]{3,}[ -]\d{2,4}"  # 09 Sep 2022, 18-Jun-24
    r"|[A-Za-z]{3,}\.? \d{1,2},? \d{4}"  # Sep 9, 2022
)


#: The free-text column of each file: where an unquoted multi-line text's commas belong.
FREE_TEXT = {
    "shares": "ShareCommentary",
    "comments": "Message",
    "messages": "CONTENT",
    "invitations": "Message",
}


def archive_kind(name: str, data: bytes) -> str | None:
    r"""Tell which archive file ``data`` is: by its name, else by its header (given alone).

    Examples
    --------
    >>> archive_kind("Shares_181682616.csv", b"")
    'shares'
    >>> archive_kind("my_comments.csv", b"Date,Link,Message\n2025-07-13,l,hi\n")
    'comments'
    >>> archive_kind("deals.csv", b"Deal Name,Amount\n") is None
    True
    """
    stem = archive_stem(name)
    if stem in ARCHIVE_FILES:
        return stem
    decoded = decode(data[:65536], name, Problems())
    if decoded is None:
        return None
    for line in decoded[0].splitlines()[:20]:
        cells = {squash(cell) for cell in re.split(r"[,;\t]", line)}
        for kind, wanted in ARCHIVE_HEADERS.items():
            if wanted <= cells:
                return kind
    return None


def read_archive(
    path: Path, file: str, problems: Problems, *, person: str | None = None
) -> list[Records]:
    """Every activity file of an archive (a zip or its folder), as event records."""
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
    return read_members(members, file, problems, person=person)


def read_archive_file(
    path: Path, file: str, problems: Problems, *, person: str | None = None
) -> list[Records] | None:
    """Read one file of the archive given alone (``Shares.csv``); None when it is not one."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)  # the header is enough to tell; most files are not one
    kind = archive_kind(path.name, head)
    if kind is None:
        return None
    return read_members({path.name: path.read_bytes()}, file, problems, person=person, alone=kind)


#: Read an archive's small members of one kind and header together (False: each on its own;
#: the tests compare both ways).
BATCH_MEMBERS = True
#: A batch that finds anything to say goes on without the members it names (split in two
#: when it names none) until its parts are this small; the members left out are read on
#: their own, so every message names its member.
_SMALLEST_SPLIT = 2


def read_members(
    members: dict[str, bytes],
    file: str,
    problems: Problems,
    *,
    person: str | None = None,
    alone: str | None = None,
) -> list[Records]:
    """Read the activity files among ``members`` (``{name: bytes}``) as event records.

    Small members of one kind and one header are parsed together (an archive can hold
    thousands of one-post ``Shares_N.csv``): see :func:`_batches`. Everything else — and any
    batch that has a problem or a note to report — is read member by member, and the
    problems are added in member order, so the result is the same either way.
    """
    names = list(members)
    profile = _Profile(members, file)
    found: dict[int, Records] = {}
    said: dict[int, Problems] = {}
    ignored = []
    if alone is None and BATCH_MEMBERS:
        found.update(_batches(names, members, file, profile, person))
    for position, name in enumerate(names):
        if position in found:
            continue
        stem = alone or archive_stem(name)
        if stem not in ARCHIVE_FILES:
            ignored.append(name)
            continue
        said[position] = Problems()
        shown = file if alone else f"{file}/{Path(name).name}"
        records = _read_member(
            members[name], stem, shown, said[position], profile, alone=alone is not None
        )
        if records is not None:
            if person is not None:
                records.frame["person"] = person
            found[position] = records
    for position in sorted(said):  # in member order, as reading them one by one gives
        for p in said[position]:
            problems.add(
                p.file, p.line, p.column, p.value, p.problem, p.fix, whole_file=p.whole_file
            )
    out = [found[p] for p in sorted(found)]
    if out:
        out[0].ignored += [f"archive file {n}" for n in ignored]
    return out


def _read_member(
    data: bytes, stem: str, shown: str, problems: Problems, profile: _Profile, *, alone: bool
) -> Records | None:
    """Read one activity file of the archive on its own."""
    date_name = ARCHIVE_FILES[stem][0]
    table = read_table(
        data,
        shown,
        problems,
        find_header=_header_finder(date_name),
        escapechar="\\" if b'\\"' in data else None,
        continues=Continuation(date_name, DATED, FREE_TEXT.get(stem)),
    )
    if table is None:
        return None
    activity = _activity(table, stem, shown, problems, profile, None)
    if activity is None:
        return None
    frame, rejected, owner_notes, ignored = activity
    records = Records(
        shown,
        "LinkedIn data archive file" if alone else "LinkedIn data archive",
        frame,
        source="linkedin_archive",
        rejected=rejected,
        dayfirst=False,
    )  # "8/26/22, 8:56 PM"
    records.continued = table.continued
    records.ignored = ignored
    records.notes += list(table.notes) + owner_notes
    return records


def _activity(
    table: Table,
    stem: str,
    shown: str,
    problems: Problems,
    profile: _Profile,
    bounds: np.ndarray | None,
) -> tuple[pd.DataFrame, int, list[str], list[str]] | None:
    """Return the event rows of an archive file's table: frame, rejected, notes, ignored.

    ``bounds`` (for a batch) cuts the table's rows into its members: a messages file
    without Profile.csv takes its owner from each member's own senders, as it would alone,
    and the owner notes come one per member. None (and a problem) without a date column.
    """
    date_name, metric = ARCHIVE_FILES[stem]
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
            whole_file=True,
        )
        return None
    frame = long_records(table, date_column, {"_event": date_column})
    frame["value"] = 1
    rejected = table.rejected
    owner_notes: list[str] = []
    if stem == "invitations":
        direction = table.frame[columns.get("direction", date_column)].astype(str)
        frame["metric"] = (
            direction.str.strip()
            .str.upper()
            .map({"OUTGOING": "invitations_sent", "INCOMING": "invitations_received"})
            .to_numpy()
        )
        invitee = _text(table.frame, columns, "to")
        frame["_match_name"] = invitee.to_numpy(dtype=object)
        frame["_match_url"] = _text(table.frame, columns, "inviteeprofileurl").to_numpy(
            dtype=object
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
    elif stem == "connections":
        frame["metric"] = metric
        name_of = (
            _text(table.frame, columns, "firstname") + " " + _text(table.frame, columns, "lastname")
        )
        frame["_match_name"] = name_of.str.strip().to_numpy(dtype=object)
        frame["_match_url"] = _text(table.frame, columns, "url").to_numpy(dtype=object)
    elif stem == "messages":
        sender = _text(table.frame, columns, "from")
        if "direction" in columns:
            # Old archives (Messages.csv) say which way each message went.
            direction = _text(table.frame, columns, "direction").str.upper()
            sent = direction.map({"OUTGOING": True, "INCOMING": False})
            unknown = sent.isna().to_numpy()
            for i in unknown.nonzero()[0]:
                problems.add(
                    shown,
                    table.lines[i],
                    columns["direction"],
                    direction.iloc[i],
                    "is neither INCOMING nor OUTGOING",
                    "give the file as LinkedIn exported it",
                )
        else:
            senders = sender if "from" in columns else None
            if bounds is None:
                owner, note = profile.owner(senders)
                owner_notes += [note] if note else []
            else:  # each member's own owner, as if read alone
                values = None if senders is None else senders.to_numpy(dtype=object)
                owners = [
                    profile.owner(None if values is None else values[a:b])
                    for a, b in pairwise(bounds)
                ]
                owner_notes += [note for _, note in owners]
                owner = np.repeat(np.array([o for o, _ in owners], dtype=object), np.diff(bounds))
            sent = (sender == owner).where(sender != "")
            unknown = np.zeros(len(sent), dtype=bool)
        frame["metric"] = sent.map({True: "messages_sent", False: "messages_received"}).to_numpy()
        frame["_sent"] = sent.to_numpy(dtype=object)
        frame["_conversation"] = _conversations(table.frame, columns, sent)
        # A message whose sender is blank is read as received (as before), but it
        # leaves its conversation without an identifiable opener.
        frame.loc[frame["metric"].isna() & ~unknown, "metric"] = "messages_received"
        frame, rejected = frame[~unknown], rejected + int(unknown.sum())
    else:
        frame["metric"] = metric
    ignored = [c for c in table.frame.columns if c != date_column]
    return frame, rejected, owner_notes, ignored


def _batches(
    names: list[str],
    members: dict[str, bytes],
    file: str,
    profile: _Profile,
    person: str | None,
) -> dict[int, Records]:
    """Read small members of one kind and header in batches: ``{position: records}``.

    A batch is kept only when it has nothing to report (see
    :func:`~ssi_analysis.readers._batch.parse_members`); otherwise it is tried again without
    the members named (split in two when none is), and the members left out are read on
    their own. Each member gets records of its own (its rows cut
    from the batch's when needed), carrying its own notes; the schema layer checks the
    batch's rows in one go (:class:`~ssi_analysis.readers._batch.BatchedRecords`).
    """
    groups: dict[tuple, list[Member]] = {}
    sizes: dict[tuple, int] = {}
    done: dict[int, Records] = {}
    for position, name in enumerate(names):
        stem = archive_stem(name)
        if stem not in ARCHIVE_FILES:
            continue
        data = members[name]
        member = split_member(
            position, f"{file}/{Path(name).name}", data, _header_finder(ARCHIVE_FILES[stem][0])
        )
        if member is None:
            continue
        key = (stem, member.header, member.delimiter, b'\\"' in data)
        groups.setdefault(key, []).append(member)
        sizes[key] = sizes.get(key, 0) + len(data)
        if sizes[key] >= MAX_BATCH_CHARS:  # parse now: never join a whole archive's text
            sizes.pop(key)
            done.update(_read_parts((key, groups.pop(key)), profile, person))
    for item in groups.items():
        done.update(_read_parts(item, profile, person))
    return done


def _read_parts(item: tuple[tuple, list[Member]], profile, person) -> dict[int, Records]:
    """Read one group of members in batches, leaving out those with anything to say."""
    (stem, _header, _delimiter, escaped), group = item
    date_name = ARCHIVE_FILES[stem][0]

    def parse(data: bytes, said: Problems) -> Table | None:
        return read_table(
            data,
            group[0].name,
            said,
            find_header=lambda head: 0,
            escapechar="\\" if escaped else None,
            continues=Continuation(date_name, DATED, FREE_TEXT.get(stem)),
        )

    done: dict[int, Records] = {}
    parts = [group]
    while parts:
        part = parts.pop()
        if len(part) < _SMALLEST_SPLIT:
            continue  # read on their own
        found, suspects = _read_batch(part, stem, parse, profile, person)
        if found is not None:
            done.update(found)
        elif suspects:  # the rest without the members that had something to say
            parts.append([m for k, m in enumerate(part) if k not in suspects])
        else:
            middle = len(part) // 2
            parts += [part[middle:], part[:middle]]
    return done


def _read_batch(group, stem, parse, profile, person) -> tuple[dict[int, Records] | None, set[int]]:
    """One batch's records per member, or None and the members that had anything to say."""
    batch, suspects = parse_members(group, parse)
    if batch is None:
        return None, suspects
    said = Problems()
    lines = batch.table.lines
    batch.table.lines = np.arange(1, len(lines) + 1)  # problems name a row of the batch
    activity = _activity(batch.table, stem, batch.names[0], said, profile, batch.bounds)
    if activity is None:  # no date column: the header is every member's, read them alone
        return None, set(range(len(group)))
    if said:
        rows = [p.line - 1 for p in said if p.line is not None]
        return None, {int(k) for k in np.searchsorted(batch.bounds, rows, side="right") - 1}
    frame, rejected, owner_notes, ignored = activity
    if rejected or len(frame) != batch.bounds[-1]:
        return None, set()
    frame["_line"] = lines
    if person is not None:
        frame["person"] = person
    shared = RecordsBatch(frame.reset_index(drop=True), batch.bounds, batch.names)
    out = {}
    for k, member in enumerate(group):
        records = BatchedRecords(
            member.name,
            "LinkedIn data archive",
            None,
            source="linkedin_archive",
            dayfirst=False,
            batch=shared,
            part=k,
        )
        records.ignored = list(ignored)
        if member.header_at > member.first:
            records.notes.append(
                f"lines {member.first + 1}-{member.header_at} above the header were not read "
                "(a title or note)"
            )
        if owner_notes and owner_notes[k]:
            records.notes.append(owner_notes[k])
        out[member.position] = records
    return out, set()


def _text(frame: pd.DataFrame, columns: dict[str, str], key: str) -> pd.Series:
    """Return a column's text, stripped (blanks where the file has no such column)."""
    if key not in columns:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[columns[key]].fillna("").astype(str).str.strip()


def _conversations(frame: pd.DataFrame, columns: dict[str, str], sent: pd.Series) -> np.ndarray:
    """Each message's conversation: its CONVERSATION ID, else the other person's name.

    Old archives (``Messages.csv`` with a Direction column) have no conversation id; the
    other person (``To`` of a message sent, ``From`` of one received) stands for it.
    """
    if "conversationid" in columns:
        return _text(frame, columns, "conversationid").to_numpy(dtype=object)
    other = _text(frame, columns, "to").where(sent.eq(True), _text(frame, columns, "from"))
    return ("with " + other.str.casefold()).to_numpy(dtype=object)


def _header_finder(date_name: str):
    """Connections.csv has note lines above its header: find the line naming the date column."""

    def find(lines: list[str]) -> int | None:
        wanted = squash(date_name)
        for i, line in enumerate(lines[:20]):
            if wanted in {squash(cell) for cell in re.split(r"[,;\t]", line)}:
                return i
        return next((i for i, line in enumerate(lines) if line.strip()), None)

    return find


class _Profile:
    """The archive's owner: the name in Profile.csv (read once), else a file's top sender."""

    def __init__(self, members: dict[str, bytes], file: str):
        self._members, self._file, self._name = members, file, None

    def _profile_name(self) -> str:
        if self._name is None:
            self._name = ""
            profile = next(
                (d for n, d in self._members.items() if archive_stem(n) == "profile"), None
            )
            if profile is not None:
                table = read_table(profile, f"{self._file}/Profile.csv", Problems())
                if table is not None and len(table.frame):
                    columns = {squash(c): c for c in table.frame.columns}
                    row = table.frame.iloc[0]
                    first = row[columns["firstname"]] if "firstname" in columns else ""
                    last = row[columns["lastname"]] if "lastname" in columns else ""
                    self._name = f"{first} {last}".strip()
        return self._name

    def owner(self, senders) -> tuple[str, str]:
        """Return (owner's name, note): from Profile.csv, else the most frequent of ``senders``."""
        name = self._profile_name()
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


def _is_container(path: Path) -> bool:
    """Tell a zip or a folder (the loaders hand over only a folder that is an archive)."""
    return path.is_dir() or path.suffix.lower() == ".zip"


def _read_container(path: Path, file: str, problems: Problems, options) -> list[Records]:
    return read_archive(path, file, problems, person=options.person)


def _is_member(path: Path) -> bool:
    """One file of the archive given alone, known by its name or its header."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls"):
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(1 << 16)  # the header is enough to tell
    except OSError:
        return False  # read as a table: its reader names the problem
    return archive_kind(path.name, head) is not None


def _read_member_alone(path: Path, file: str, problems: Problems, options) -> list[Records]:
    return read_archive_file(path, file, problems, person=options.person) or []


register_outcome_reader(
    OutcomeReader(
        "archive",
        "linkedin_archive",
        "path",
        _is_container,
        _read_container,
        every_kind=True,  # a zip or a folder is read as an archive whatever kind= says
        describes="a LinkedIn data archive, or another zip",
    )
)
register_outcome_reader(
    OutcomeReader(
        "archive",
        "linkedin_archive",
        "path",
        _is_member,
        _read_member_alone,
        refusal=(
            "this is neither a LinkedIn data archive (a .zip or its folder) nor one of "
            "its files (Shares.csv, Comments.csv, Reactions.csv, Connections.csv, "
            "Invitations.csv, messages.csv)",
            "give the archive LinkedIn sent you, or one of its CSV files unchanged",
        ),
        describes="a file of LinkedIn's data archive",
    )
)
