"""Many small files read in batches give exactly what reading each file on its own gives.

``load_ssi`` joins small plain files of one header into one parse and one check
(``ssi_analysis.readers._batch``); ``BATCH_SMALL_FILES = False`` reads every file on its own.
Random folders of one-day files — good, failed captures, same day in several files, bad cells,
ambiguous dates, decimal commas, other headers, odd files — are loaded both ways, and the
frames, the load reports and the problems must be the same, line for line.
"""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from same_load import assert_same

from ssi_analysis import SSIDataError, load_ssi
from ssi_analysis.readers import _batch
from ssi_analysis.readers.ssi import ssi_header
from ssi_analysis.schema import ssi as schema_ssi

CORPUS = Path(__file__).resolve().parent / "corpus" / "ssi"

HEADERS = [
    "Date,SSI,Brand,People,Insights,Relationships",
    "Date;SSI;Brand;People;Insights;Relationships",
    "Date,Brand,People,Insights,Relationships,Industry Rank",
    "Name,Date,SSI,Brand,People,Insights,Relationships",
    "Date,CapturedAt,SSI,Brand,People,Insights,Relationships,Notes",
]


def _row(rng, header: str, day: pd.Timestamp) -> str:
    """One data line for ``header``: usually good, sometimes spoiled in one of many ways."""
    sep = ";" if ";" in header else ","
    pillars = np.round(rng.uniform(2, 24, 4), 2)
    date = f"{day:%Y-%m-%d}"
    kind = rng.choice(
        ["good"] * 60
        + ["zeros", "blanks", "range", "disagree", "text", "nodate", "slash", "dotted"]
        + ["comma", "top", "short", "quoted", "blankcells", "space"]
    )
    total = f"{pillars.sum():.2f}"
    values = [f"{p:g}" for p in pillars]
    if kind == "zeros":
        total, values = "0", ["0"] * 4
    elif kind == "blanks":
        total, values = "", [""] * 4
    elif kind == "range":
        values[int(rng.integers(4))] = "31"
    elif kind == "disagree":
        total = f"{pillars.sum() + 7:.2f}"
    elif kind == "text":
        values[1] = "n/a"
    elif kind == "nodate":
        date = ""
    elif kind == "slash":
        date = f"{day:%m/%d/%Y}"
    elif kind == "dotted":
        date = f"{day:%d.%m.%Y}"
    elif kind == "comma":
        values = [v.replace(".", ",") for v in values]
        if sep == ",":
            values = [f'"{v}"' for v in values]
    fields = {"Date": date, "SSI": total}
    fields.update(zip(["Brand", "People", "Insights", "Relationships"], values, strict=True))
    fields["Name"] = rng.choice(["Ana", "Bo", ""] if kind == "blanks" else ["Ana", "Bo"])
    fields["CapturedAt"] = f"{day:%Y-%m-%d} {int(rng.integers(24)):02d}:{int(rng.integers(60)):02d}"
    fields["Notes"] = rng.choice(["", "ok", "after the post"])
    fields["Industry Rank"] = (
        f"Top {int(rng.integers(1, 40))}%" if kind == "top" else str(rng.integers(1, 40))
    )
    cells = [fields[c] for c in header.split(sep)]
    if kind == "short":
        cells = cells[:-1]
    elif kind == "quoted":
        cells[0] = f'"{cells[0]}"'
    elif kind == "blankcells":
        cells = [""] * len(cells)
    line = sep.join(cells)
    return " " + line if kind == "space" else line


def random_folder(folder: Path, seed: int, files: int = 32) -> Path:
    """One-day files (a few with two or three lines), mostly of one header, some odd files."""
    rng = np.random.default_rng(seed)
    folder.mkdir()
    main = HEADERS[seed % len(HEADERS)]
    days = pd.date_range("2024-01-01", periods=files)
    for i in range(files):
        day = days[min(i, int(rng.integers(files)))]  # some days in several files
        header = main if rng.random() < 0.8 else HEADERS[int(rng.integers(len(HEADERS)))]
        lines = [header] + [_row(rng, header, day) for _ in range(1 + int(rng.random() < 0.2))]
        shape = rng.random()
        if shape < 0.05:
            lines.insert(0, "My SSI log")  # a title above the header (noted)
        elif shape < 0.08:
            lines = lines[:1]  # a header but no data rows
        elif shape < 0.11:
            lines.append("")  # a blank line at the end
        text = "\n".join(lines) + ("\n" if rng.random() < 0.7 else "")
        data = text.encode()
        if rng.random() < 0.04:
            data = b"\xef\xbb\xbf" + data
        if rng.random() < 0.04:
            data = data.replace(b"\n", b"\r\n")
        (folder / f"ssi_{i:03d}.csv").write_bytes(data)
    if rng.random() < 0.3:
        payload = {"date": f"{days[0]:%Y-%m-%d}", "memberScore": {"overall": 40}}
        (folder / "capture.json").write_text(json.dumps(payload))
    if rng.random() < 0.2:
        (folder / "empty.csv").write_bytes(b"")
    return folder


def outcome(source, **kwargs):
    try:
        return load_ssi(source, **kwargs)
    except SSIDataError as error:
        return error


def both_ways(monkeypatch, source, **kwargs):
    """(per-file result, batched result, how many files the batches took)."""
    monkeypatch.setattr(schema_ssi, "BATCH_SMALL_FILES", False)
    alone = outcome(source, **kwargs)
    monkeypatch.setattr(schema_ssi, "BATCH_SMALL_FILES", True)
    taken = []
    original = schema_ssi._read_batched

    def spy(*args, **kw):
        found = original(*args, **kw)
        taken.append(len(found))
        return found

    monkeypatch.setattr(schema_ssi, "_read_batched", spy)
    batched = outcome(source, **kwargs)
    return alone, batched, sum(taken)


@pytest.mark.parametrize("seed", range(10))
def test_random_folders_give_the_same_frame_report_and_problems(monkeypatch, tmp_path, seed):
    folder = random_folder(tmp_path / "logs", seed)
    ways = [{"errors": "drop"}, {"errors": "raise"}]
    ways += [{"errors": "drop", "dayfirst": bool(seed % 2)}] if seed % 3 == 0 else []
    batched_files = 0
    for kwargs in ways:
        alone, batched, taken = both_ways(monkeypatch, folder, **kwargs)
        assert_same(alone, batched)
        batched_files += taken
    assert batched_files > 0  # the batches were used, not only the per-file path


def test_a_team_of_folders_keeps_each_persons_files_apart(monkeypatch, tmp_path):
    team = {name: random_folder(tmp_path / name, seed) for seed, name in enumerate(["a", "b"])}
    alone, batched, taken = both_ways(monkeypatch, team, errors="drop")
    assert_same(alone, batched)
    assert taken > 0
    assert set(batched["person"]) <= {"a", "b", "Ana", "Bo"}


def test_a_plain_folder_is_read_in_one_batch_and_names_each_file(monkeypatch, tmp_path):
    folder = tmp_path / "days"
    folder.mkdir()
    header = "Date,SSI,Brand,People,Insights,Relationships,Extra"
    for i, day in enumerate(pd.date_range("2023-01-01", periods=40)):
        ssi = "0,0,0,0,0" if i == 7 else "50,12.5,12.5,12.5,12.5"  # a failed capture
        (folder / f"ssi_{day:%Y-%m-%d}.csv").write_text(f"{header}\n\n{day:%Y-%m-%d},{ssi},x\n")
    (folder / "ssi_2023-01-05b.csv").write_text(f"{header}\n2023-01-05,60,15,15,15,15,y\n")
    calls = []
    original = schema_ssi.read_ssi_file
    monkeypatch.setattr(schema_ssi, "read_ssi_file", lambda *a: calls.append(a[1]) or original(*a))
    alone, batched, taken = both_ways(monkeypatch, folder)
    assert_same(alone, batched)
    assert taken == 41 and len(calls) == 41  # the per-file run only: no file read on its own
    report = batched.attrs["load_report"]
    assert (report.rows_read, report.rows_kept, report.rows_missing, report.rows_merged) == (
        41,
        39,
        1,
        1,
    )
    assert report.ignored_columns[0] == "ssi_2023-01-01.csv: Extra"
    assert batched.loc[4, "ssi"] == 60  # the later file of 5 January wins its day


def test_a_bad_line_among_many_good_files_is_named_in_its_own_file(monkeypatch, tmp_path):
    folder = tmp_path / "days"
    folder.mkdir()
    for day in pd.date_range("2023-01-01", periods=64):
        brand = "31" if day.day == 20 and day.month == 2 else "12.5"
        (folder / f"ssi_{day:%Y-%m-%d}.csv").write_text(
            f"Date,Brand,People,Insights,Relationships\n{day:%Y-%m-%d},{brand},12,12,12\n"
        )
    alone, batched, _ = both_ways(monkeypatch, folder)
    assert_same(alone, batched)
    [problem] = batched.problems.itertuples()
    assert (problem.file, problem.line, problem.column) == ("ssi_2023-02-20.csv", 2, "Brand")


@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.csv")))
def test_corpus_files_split_into_one_line_files(monkeypatch, tmp_path, name):
    """Each corpus file's lines, one file per line under its header: both ways agree."""
    lines = (CORPUS / name).read_bytes().replace(b"\r\n", b"\n").split(b"\n")
    folder = tmp_path / "split"
    folder.mkdir()
    header = next((i for i, line in enumerate(lines) if line.strip()), 0)
    for i, line in enumerate(lines[header + 1 :][:40]):
        (folder / f"part_{i:03d}.csv").write_bytes(b"\n".join([*lines[: header + 1], line]))
    if not any(folder.iterdir()):
        pytest.skip("no data line")
    alone, batched, _ = both_ways(monkeypatch, folder, errors="drop")
    assert_same(alone, batched)


def test_files_that_do_not_fit_a_batch_are_left_out(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return path

    header = b"Date,SSI\n"
    good = [write(f"g{i}.csv", header + b"2024-01-0%d,50\n" % i) for i in (1, 2)]
    odd = [
        write("bom.csv", b"\xef\xbb\xbf" + header + b"2024-01-03,50\n"),
        write("quote.csv", header + b'"2024-01-04",50\n'),
        write("short.csv", header + b"2024-01-05\n"),
        write("empty_rows.csv", header + b",\n"),
        write("header_only.csv", header),
        write("title.csv", b"My log\n" + header + b"2024-01-06,50\n"),
        write("json.txt", b'{"date": "2024-01-07"}'),
        write("big.csv", header + b"2024-01-08,50\n" * (_batch.MAX_BATCH_FILE_BYTES // 10)),
    ]
    files = [(i, p, None) for i, p in enumerate(good + odd)]
    [batch] = _batch.small_file_batches(files, ssi_header)
    assert batch.names == ["g1.csv", "g2.csv"]


def test_a_decimal_comma_in_one_file_is_decided_by_that_file_alone(monkeypatch, tmp_path):
    """Beside "40.5" elsewhere, a batch would read "1,5" as 15 (a thousands comma) silently."""
    folder = tmp_path / "days"
    folder.mkdir()
    for day in range(1, 9):
        (folder / f"d{day}.csv").write_text(f"Date;SSI\n2024-01-0{day};40.5\n")
    (folder / "d9.csv").write_text("Date;SSI\n2024-01-09;1,5\n")
    alone, batched, taken = both_ways(monkeypatch, folder)
    assert_same(alone, batched)
    assert batched["ssi"].iloc[-1] == 1.5
    assert 0 < taken < 9  # the plain files around it are still read in batches


def test_a_large_folder_is_parsed_in_several_bounded_batches(monkeypatch, tmp_path):
    folder = tmp_path / "days"
    folder.mkdir()
    for day in pd.date_range("2023-01-01", periods=30):
        (folder / f"{day:%Y-%m-%d}.csv").write_text(f"Date,SSI\n{day:%Y-%m-%d},50\n")
    monkeypatch.setattr(_batch, "MAX_BATCH_CHARS", 100)  # about seven lines of 14 characters
    files = [(i, p, None) for i, p in enumerate(sorted(folder.iterdir()))]
    sizes = [len(b.names) for b in _batch.small_file_batches(files, ssi_header)]
    assert sizes == [8, 8, 8, 6]
    alone, batched, taken = both_ways(monkeypatch, folder)
    assert_same(alone, batched)
    assert taken == 30
