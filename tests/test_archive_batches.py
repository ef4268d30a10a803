"""An archive's many small members read in batches give exactly what reading each gives.

``read_members`` joins small members of one kind and one header into one parse, and
``load_outcomes`` checks the batch's rows once (``ssi_analysis.readers._batch``);
``archive.BATCH_MEMBERS = False`` reads and checks every member on its own. Random archives of
small members — every activity file, old and new headers, quoted and multi-line text,
continuation lines, unclosed quotes, bad dates and directions, empty members, note lines,
messages with and without Profile.csv — are loaded both ways, and the frames, the load reports
and the problems must be the same, line for line.
"""

import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from same_load import assert_same

from ssi_analysis import SSIDataError, load_outcomes
from ssi_analysis.readers import _batch, _limits, archive

CORPUS = Path(__file__).resolve().parent / "corpus" / "outcomes"

SHARES_NEW = "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"
SHARES_OLD = "Date,ShareLink,ShareCommentary,SharedURL,MediaURL,Visibility"
MESSAGES = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE,SUBJECT,CONTENT"
CONNECTIONS_NOTES = (
    "Notes:\n"
    '"When exporting your connection data, you may notice that some of the email addresses '
    'are missing."\n\n'
)
CONNECTIONS = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
PEOPLE = ["Ana Lima", "Bo Chen", "Dana Wu"]


def _stamp(rng, day: pd.Timestamp) -> str:
    return f"{day:%Y-%m-%d} {int(rng.integers(24)):02d}:{int(rng.integers(60)):02d}:07"


def _text(rng) -> str:
    """Free text as people write it: plain, with commas, quotes or several lines (quoted)."""
    kind = rng.choice(["plain", "comma", "quote", "lines"])
    if kind == "plain":
        return "a post"
    if kind == "comma":
        return '"first, then second"'
    if kind == "quote":
        return '"she said ""yes"""'
    return '"line one\nline two, and more"'


def _member(rng, kind: str, day: pd.Timestamp, i: int) -> str:
    """One small member of ``kind``: usually good, sometimes spoiled in one of many ways."""
    spoil = rng.choice(["good"] * 40 + ["date", "blank", "unclosed", "continued", "short"])
    date = _stamp(rng, day)
    if spoil == "date":
        date = "yesterday"
    elif spoil == "blank":
        date = ""
    rows = []
    for _ in range(1 + int(rng.random() < 0.3)):
        if kind == "Shares":
            rows.append(f"{date},https://lnkd.in/s{i},{_text(rng)},,,MEMBER_NETWORK")
        elif kind == "Comments":
            message = '"he said \\"no\\" twice"' if rng.random() < 0.2 else _text(rng)
            rows.append(f"{date},https://lnkd.in/c{i},{message}")
        elif kind == "Reactions":
            rows.append(f"{date},LIKE,https://lnkd.in/r{i}")
        elif kind == "Invitations":
            direction = rng.choice(["OUTGOING", "INCOMING", "OUTGOING", "SIDEWAYS"])
            sent = f'"{day.month}/{day.day}/{day:%y}, 8:56 PM"' if date[:1].isdigit() else date
            rows.append(f"Me Myself,{rng.choice(PEOPLE)},{sent},,{direction}")
        elif kind == "Connections":
            first, last = rng.choice(PEOPLE).split()
            rows.append(
                f"{first},{last},https://www.linkedin.com/in/{first.lower()},,Acme,CEO,"
                f"{day:%d %b %Y}"
                if date[:1].isdigit()
                else f"{first},{last},,,,,{date}"
            )
        else:  # messages
            sender = rng.choice(["Me Myself", "Me Myself", *PEOPLE, ""])
            rows.append(f"c{i % 7},,{sender},,{rng.choice(PEOPLE)},{date} UTC,,{_text(rng)}")
    if spoil == "unclosed":
        rows[-1] = rows[-1] + ',"never closed'
    elif spoil == "continued":
        rows.append("and a line without a date, written unquoted")
    elif spoil == "short":
        rows.append(rows[0].split(",")[0])
    return "\r\n".join(rows) + "\r\n"


HEADERS = {
    "Shares": [SHARES_NEW, SHARES_OLD],
    "Comments": ["Date,Link,Message"],
    "Reactions": ["Date,Type,Link"],
    "Invitations": ["From,To,Sent At,Message,Direction"],
    "Connections": [CONNECTIONS],
    "messages": [MESSAGES],
}


def random_archive(path: Path, seed: int, members: int = 48) -> Path:
    """A zip of small members of every kind (mostly one), with odd members among them."""
    rng = np.random.default_rng(seed)
    kinds = list(HEADERS)
    main = kinds[seed % len(kinds)]
    days = pd.date_range("2024-01-01", periods=members)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        if rng.random() < 0.5:
            zipped.writestr("Profile.csv", "First Name,Last Name,Headline\nMe,Myself,CEO\n")
        for i in range(members):
            kind = main if rng.random() < 0.7 else kinds[int(rng.integers(len(kinds)))]
            header = HEADERS[kind][int(rng.integers(len(HEADERS[kind])))]
            day = days[min(i, int(rng.integers(members)))]  # some days in several members
            text = header + "\r\n" + _member(rng, kind, day, i)
            shape = rng.random()
            if kind == "Connections" and rng.random() < 0.7:
                text = CONNECTIONS_NOTES + text
            if shape < 0.03:
                text = ""  # an empty member
            elif shape < 0.06:
                text = header + "\r\n"  # a header but no data
            elif shape < 0.08:
                text = header + "\r\n\r\n" + text.split("\r\n", 1)[1]  # a blank line first
            zipped.writestr(f"{kind}_{i}.csv", text)
    return path


def outcome(source, **kwargs):
    try:
        return load_outcomes(source, **kwargs)
    except SSIDataError as error:
        return error


def both_ways(monkeypatch, source, **kwargs):
    """(each member on its own, in batches, how many members the accepted batches took)."""
    monkeypatch.setattr(archive, "BATCH_MEMBERS", False)
    alone = outcome(source, **kwargs)
    monkeypatch.setattr(archive, "BATCH_MEMBERS", True)
    taken = []
    original = archive._read_batch

    def spy(*args, **kw):
        found, suspects = original(*args, **kw)
        taken.append(len(found) if found is not None else 0)
        return found, suspects

    monkeypatch.setattr(archive, "_read_batch", spy)
    batched = outcome(source, **kwargs)
    return alone, batched, sum(taken)


@pytest.mark.parametrize("seed", range(4))
def test_random_archives_give_the_same_frame_report_and_problems(monkeypatch, tmp_path, seed):
    path = random_archive(tmp_path / "archive.zip", seed)
    taken = 0
    for kwargs in ({"errors": "drop"}, {"errors": "raise"}):
        alone, batched, found = both_ways(monkeypatch, path, **kwargs)
        assert_same(alone, batched)
        taken += found
    assert taken > 0  # the batches were used, not only the member-by-member path


def test_an_unpacked_archive_folder_gives_the_same(monkeypatch, tmp_path):
    zipped = random_archive(tmp_path / "archive.zip", 3)
    folder = tmp_path / "Basic_LinkedInDataExport"
    with zipfile.ZipFile(zipped) as opened:
        opened.extractall(folder)
    alone, batched, taken = both_ways(monkeypatch, folder, errors="drop")
    assert_same(alone, batched)
    assert taken > 0


def _shares_zip(path: Path, texts: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for name, text in texts.items():
            zipped.writestr(name, text)
    return path


def _share(i: int, day: str | None = None, header: str = SHARES_NEW) -> str:
    day = day or f"{pd.Timestamp('2023-01-01') + pd.Timedelta(days=i):%Y-%m-%d} 10:00:00"
    return f'{header}\r\n{day},https://lnkd.in/{i},"post {i}, with a comma",,,PUBLIC\r\n'


def test_a_bad_date_in_the_middle_of_a_batch_is_named_in_its_own_member(monkeypatch, tmp_path):
    texts = {f"Shares_{i}.csv": _share(i) for i in range(80)}
    texts["Shares_57.csv"] = texts["Shares_57.csv"] + "31/02/2023 10:00,https://lnkd.in/x,,,,\r\n"
    path = _shares_zip(tmp_path / "a.zip", texts)
    alone, batched, taken = both_ways(monkeypatch, path, errors="drop")
    assert_same(alone, batched)
    [problem] = batched.attrs["load_report"].problems.itertuples()
    assert (problem.file, problem.line, problem.column) == ("a.zip/Shares_57.csv", 3, "Date")
    assert taken == 80  # parsed in one batch; checked in one without the member named
    assert batched.attrs["load_report"].rows_rejected == 1
    assert len(batched) == 80


def test_old_and_new_headers_are_batched_apart(monkeypatch, tmp_path):
    texts = {
        f"Shares_{i}.csv": _share(i, header=SHARES_OLD if i % 3 else SHARES_NEW) for i in range(60)
    }
    path = _shares_zip(tmp_path / "a.zip", texts)
    parsed = []
    original = _batch.parse_members

    def spy(members, parse):
        parsed.append({m.header for m in members})
        return original(members, parse)

    monkeypatch.setattr(archive, "parse_members", spy)
    alone, batched, taken = both_ways(monkeypatch, path)
    assert_same(alone, batched)
    assert all(len(headers) == 1 for headers in parsed)
    assert set().union(*parsed) == {SHARES_NEW, SHARES_OLD}
    assert taken == 60
    ignored = batched.attrs["load_report"].ignored_columns
    assert "a.zip/Shares_1.csv: SharedURL" in ignored
    assert "a.zip/Shares_3.csv: SharedUrl" in ignored


def test_empty_and_header_only_members_are_read_on_their_own(monkeypatch, tmp_path):
    texts = {f"Shares_{i}.csv": _share(i) for i in range(20)}
    texts["Shares_5.csv"] = ""
    texts["Shares_6.csv"] = SHARES_NEW + "\r\n"
    path = _shares_zip(tmp_path / "a.zip", texts)
    for errors in ("raise", "drop"):
        alone, batched, taken = both_ways(monkeypatch, path, errors=errors)
        assert_same(alone, batched)
        assert taken == 18
    problems = batched.attrs["load_report"].problems
    assert problems["file"].tolist() == ["a.zip/Shares_5.csv"]
    assert len(batched) == 18


def test_an_unclosed_quote_does_not_carry_into_the_next_member(monkeypatch, tmp_path):
    texts = {f"Shares_{i}.csv": _share(i) for i in range(40)}
    texts["Shares_20.csv"] = texts["Shares_20.csv"].replace('comma"', "comma")
    path = _shares_zip(tmp_path / "a.zip", texts)
    alone, batched, taken = both_ways(monkeypatch, path, errors="drop")
    assert_same(alone, batched)
    assert 30 <= taken < 40
    # member 20 alone: its open quote runs to its end and leaves a line too short;
    # member 21 is not swallowed by it
    [problem] = batched.attrs["load_report"].problems.itertuples()
    assert (problem.file, problem.line) == ("a.zip/Shares_20.csv", 2)
    assert len(batched) == 39 and batched["date"].dt.day.iloc[20] == 22


def test_each_member_without_profile_has_its_own_most_frequent_sender(monkeypatch, tmp_path):
    texts = {}
    for i in range(30):
        me, other = PEOPLE[i % 2], PEOPLE[2]
        texts[f"messages_{i}.csv"] = (
            f"{MESSAGES}\r\n"
            f"c{i},,{me},,{other},2024-01-{i % 28 + 1:02d} 10:00:00 UTC,,hello\r\n"
            f"c{i},,{me},,{other},2024-01-{i % 28 + 1:02d} 11:00:00 UTC,,again\r\n"
            f"c{i},,{other},,{me},2024-01-{i % 28 + 1:02d} 12:00:00 UTC,,answer\r\n"
        )
    path = _shares_zip(tmp_path / "a.zip", texts)
    alone, batched, taken = both_ways(monkeypatch, path)
    assert_same(alone, batched)
    assert taken == 30
    notes = batched.attrs["load_report"].notes
    assert any(
        n.startswith("a.zip/messages_1.csv: no Profile.csv") and "'Bo Chen'" in n for n in notes
    )
    sent = batched[batched["metric"] == "messages_sent"]
    assert len(sent) == 60


def test_a_bomb_among_many_good_members_is_refused_by_name(monkeypatch, tmp_path):
    monkeypatch.setattr(_limits, "RATIO_FLOOR", 1024)
    texts = {f"Shares_{i}.csv": _share(i) for i in range(80)}
    texts["Shares_70.csv"] = _share(70) + "0" * 2_000_000  # deflate: a few KB
    path = _shares_zip(tmp_path / "a.zip", texts)
    assert path.stat().st_size < 100_000
    alone, batched, taken = both_ways(monkeypatch, path, errors="drop")
    assert_same(alone, batched)
    [problem] = batched.attrs["load_report"].problems.itertuples()
    assert problem.file == "a.zip/Shares_70.csv" and "suspicious" in problem.problem
    assert len(batched) == 79 and taken == 79


def test_a_large_archive_is_parsed_in_several_bounded_batches(monkeypatch, tmp_path):
    texts = {f"Shares_{i}.csv": _share(i) for i in range(50)}
    path = _shares_zip(tmp_path / "a.zip", texts)
    size = len(texts["Shares_0.csv"].encode())
    monkeypatch.setattr(archive, "MAX_BATCH_CHARS", 10 * size)
    sizes = []
    original = _batch.parse_members
    monkeypatch.setattr(
        archive, "parse_members", lambda m, p: sizes.append(len(m)) or original(m, p)
    )
    alone, batched, taken = both_ways(monkeypatch, path)
    assert_same(alone, batched)
    assert sizes == [10] * 5 and taken == 50


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name
        for p in CORPUS.glob("*.csv")
        if archive.archive_kind(p.name, p.read_bytes()[:65536]) is not None
    ),
)
def test_corpus_archive_files_split_into_one_line_members(monkeypatch, tmp_path, name):
    """Each archive file of the corpus, one member per line under its header: both agree."""
    data = (CORPUS / name).read_bytes()
    kind = archive.archive_kind(name, data)
    decoded = archive.decode(data, name, archive.Problems())
    lines = decoded[0].replace("\r\n", "\n").split("\n")
    at = archive._header_finder(archive.ARCHIVE_FILES[kind][0])(lines[:60])
    stem = {"messages": "messages"}.get(kind, kind.capitalize())
    texts = {
        f"{stem}_{i}.csv": "\n".join([*lines[: at + 1], line])
        for i, line in enumerate(lines[at + 1 :][:60])
    }
    path = _shares_zip(tmp_path / "split.zip", texts)
    alone, batched, _ = both_ways(monkeypatch, path, errors="drop")
    assert_same(alone, batched)


def test_members_whose_header_lacks_the_date_column_are_each_named(monkeypatch, tmp_path):
    texts = {
        f"Reactions_{i}.csv": f"When,Type,Link\r\n2024-01-0{i % 9 + 1},LIKE,l{i}\r\n"
        for i in range(12)
    }
    texts.update({f"Shares_{i}.csv": _share(i) for i in range(12)})
    path = _shares_zip(tmp_path / "a.zip", texts)
    batches = []
    original = archive._read_batch
    monkeypatch.setattr(
        archive, "_read_batch", lambda *a: batches.append(len(a[0])) or original(*a)
    )
    alone, batched, taken = both_ways(monkeypatch, path, errors="drop")
    assert_same(alone, batched)
    problems = batched.attrs["load_report"].problems
    assert problems["file"].tolist() == [f"a.zip/Reactions_{i}.csv" for i in range(12)]
    assert taken == 12 and batches == [12, 12]  # one try for the Reactions, then each alone
