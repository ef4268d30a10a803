"""Many small outcome tables read in batches give exactly what reading each file gives.

``load_outcomes`` joins small plain hand-kept tables of one header into one parse and one
check (``readers.outcomes.read_outcome_batches``); ``BATCH_SMALL_FILES = False`` reads every
file on its own. Random folders of small tables — wide and tidy, with people, text cells,
decimal commas, ambiguous and US dates, footers, deals exports and archive files among them —
are loaded both ways, and the frames, the load reports and the problems must be the same.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from same_load import assert_same

from ssi_analysis import SSIDataError, load_outcomes
from ssi_analysis.readers import outcomes as read_outcomes
from ssi_analysis.schema import outcomes as schema_outcomes

HEADERS = [
    "Date,Impressions,Reactions,Meetings",
    "Date;Impressions;Replies",
    "Name,Date,Replies,Meetings",
    "date,metric,value",
    "Date,Week,Replies",
]


def _row(rng, header: str, day: pd.Timestamp) -> str:
    """One data line for ``header``: usually good, sometimes spoiled in one of many ways."""
    sep = ";" if ";" in header else ","
    kind = rng.choice(
        ["good"] * 30 + ["text", "comma", "us", "ambiguous", "nodate", "blank", "footer", "euro"]
    )
    date = f"{day:%Y-%m-%d}"
    if kind == "us":
        date = f"{day.month}/{day.day}/{day:%Y}"
    elif kind == "ambiguous":
        date = f"{day:%d/%m/%Y}"
    elif kind == "nodate":
        date = ""
    cells = []
    for column in header.split(sep):
        if column.lower() in ("date", "week"):
            cells.append(date)
        elif column == "Name":
            cells.append("" if kind == "blank" else str(rng.choice(["Ana", "Bo"])))
        elif column == "metric":
            cells.append(str(rng.choice(["replies", "meetings", "impressions"])))
        else:
            cells.append(str(int(rng.integers(0, 900))))
    if kind == "text":
        cells[-1] = "n/a" if rng.random() < 0.5 else "abc"
    elif kind == "comma":
        cells[-1] = "1,5" if sep == ";" else "1,234"
    elif kind == "euro":
        cells[-1] = "€ 12"
    elif kind == "blank":
        cells[-1] = ""
    line = sep.join(cells)
    if kind == "footer":
        line = line + "\n" + sep.join(["Grand Totals (3 records)"] + [""] * (len(cells) - 1))
    return line


def random_folder(folder: Path, seed: int, files: int = 40) -> Path:
    """Small tables, mostly of one header, with odd files among them."""
    rng = np.random.default_rng(seed)
    folder.mkdir()
    main = HEADERS[seed % len(HEADERS)]
    days = pd.date_range("2024-01-01", periods=files)
    for i in range(files):
        day = days[min(i, int(rng.integers(files)))]  # some days in several files
        header = main if rng.random() < 0.8 else HEADERS[int(rng.integers(len(HEADERS)))]
        lines = [header] + [_row(rng, header, day) for _ in range(1 + int(rng.random() < 0.2))]
        shape = rng.random()
        if shape < 0.04:
            lines = lines[:1]  # a header but no data rows
        elif shape < 0.07:
            lines[0] = lines[0].replace("Date", " Date")  # a padded header name
        elif shape < 0.10:
            lines.insert(0, "Exported from my sheet")
        text = "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")
        (folder / f"t_{i:03d}.csv").write_text(text)
    if rng.random() < 0.5:
        (folder / "deals.csv").write_text(
            "Deal owner,Deal Stage,Amount,Create Date,Close Date\n"
            "Dana W.,Closed Won,1000,2024-01-02,2024-01-20\n"
        )
    if rng.random() < 0.5:  # archive files known by their header (a Shares.csv would make
        # the folder an archive)
        for i in range(3):
            (folder / f"my_comments_{i}.csv").write_text(
                f"Date,Link,Message\n2024-01-0{i + 1} 10:00:00,l,hi\n"
            )
    if rng.random() < 0.3:
        (folder / "empty.csv").write_bytes(b"")
    return folder


def outcome(source, **kwargs):
    try:
        return load_outcomes(source, **kwargs)
    except SSIDataError as error:
        return error


def both_ways(monkeypatch, source, **kwargs):
    """(each file on its own, in batches, how many files the batches took)."""
    monkeypatch.setattr(schema_outcomes, "BATCH_SMALL_FILES", False)
    alone = outcome(source, **kwargs)
    monkeypatch.setattr(schema_outcomes, "BATCH_SMALL_FILES", True)
    taken = []
    original = schema_outcomes.read_outcome_batches

    def spy(*args, **kw):
        for found in original(*args, **kw):
            taken.append(len(found))
            yield found

    monkeypatch.setattr(schema_outcomes, "read_outcome_batches", spy)
    batched = outcome(source, **kwargs)
    return alone, batched, sum(taken)


@pytest.mark.parametrize("seed", range(6))
def test_random_folders_give_the_same_frame_report_and_problems(monkeypatch, tmp_path, seed):
    folder = random_folder(tmp_path / "tables", seed)
    ways = [{"errors": "drop"}, {"errors": "raise"}]
    ways += [{"errors": "drop", "dayfirst": bool(seed % 2)}] if seed % 3 == 0 else []
    ways += [{"errors": "drop", "date_column": "Date"}] if seed in (4, 5) else []
    taken = 0
    for kwargs in ways:
        alone, batched, found = both_ways(monkeypatch, folder, **kwargs)
        assert_same(alone, batched)
        taken += found
    assert taken > 0  # the batches were used, not only the per-file path


def test_a_team_of_folders_keeps_each_persons_files_apart(monkeypatch, tmp_path):
    team = {name: random_folder(tmp_path / name, seed) for seed, name in enumerate(["a", "b"])}
    alone, batched, taken = both_ways(monkeypatch, team, errors="drop")
    assert_same(alone, batched)
    assert taken > 0
    assert set(batched["person"]) <= {"a", "b", "Ana", "Bo"}  # files naming people keep them


def test_a_plain_folder_is_one_batch_and_a_bad_cell_is_named_in_its_own_file(monkeypatch, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    for i, day in enumerate(pd.date_range("2023-01-01", periods=50)):
        meetings = "x" if i == 31 else str(i % 3)
        (folder / f"a_{day:%Y-%m-%d}.csv").write_text(
            f"Date,Impressions,Meetings\n{day:%Y-%m-%d},{100 + i},{meetings}\n"
            f"{day + pd.Timedelta(days=1):%Y-%m-%d},{100 + i},2\n"
        )
    calls = []
    original = schema_outcomes.read_outcome_file
    monkeypatch.setattr(
        schema_outcomes,
        "read_outcome_file",
        lambda *a, **k: calls.append(a[1]) or original(*a, **k),
    )
    alone, batched, taken = both_ways(monkeypatch, folder, errors="drop")
    assert_same(alone, batched)
    assert taken == 49 and len(calls) == 51  # the file with the x is read on its own
    [problem] = batched.attrs["load_report"].problems.itertuples()
    assert (problem.file, problem.line, problem.column) == ("a_2023-02-01.csv", 2, "Meetings")
    assert batched.attrs["load_report"].rows_rejected == 1


def test_files_that_need_their_own_decisions_are_read_on_their_own(monkeypatch, tmp_path):
    """A decimal comma, a text column, a US date: each file decides for itself."""
    folder = tmp_path / "tables"
    folder.mkdir()
    for day in range(1, 9):
        (folder / f"d{day}.csv").write_text(f"Date;Replies;Notes\n2024-01-0{day};40.5;7\n")
    (folder / "d9.csv").write_text("Date;Replies;Notes\n2024-01-09;1,5;7\n")
    (folder / "e1.csv").write_text("Date;Replies;Notes\n2024-01-10;3;after the post\n")
    (folder / "e2.csv").write_text("Date;Replies;Notes\n03/04/2024;3;8\n")
    alone, batched, taken = both_ways(monkeypatch, folder, errors="drop")
    assert_same(alone, batched)
    assert sorted(batched.loc[batched["date"] == "2024-01-09", "value"]) == [1.5, 7.0]
    assert "e1.csv: Notes (text)" in batched.attrs["load_report"].ignored_columns
    assert taken == 10  # all but the file with text among numbers; the check left two alone


def test_outcome_batches_leave_deals_and_archive_files_to_their_readers(tmp_path):
    deals = "Deal owner,Deal Stage,Amount,Create Date,Close Date\nDana,Closed Won,1,2024-01-02,\n"
    archive_header = "Date,Link,Message\n2024-01-04 10:00:00,l,hi\n"
    paths = []
    for i in range(3):
        for name, text in ((f"deals_{i}.csv", deals), (f"c_{i}.csv", archive_header)):
            path = tmp_path / name
            path.write_text(text)
            paths.append(path)
    files = [(k, p, None) for k, p in enumerate(paths)]
    assert list(read_outcomes.read_outcome_batches(files)) == []
