"""Never leak memory: hostile and broken inputs stop cleanly with a sentence, within bounds.

Every bomb here is a few KB; the caps are lowered with monkeypatch where a real bomb would
need megabytes to build. Peak memory and timings are measured in benchmarks/, not here.
"""

import io
import os
import stat
import threading
import zipfile

import numpy as np
import openpyxl
import pytest

from ssi_analysis.errors import Problems, SSIDataError
from ssi_analysis.readers import _limits
from ssi_analysis.readers._excel import read_sheets
from ssi_analysis.readers.archive import archive_members
from ssi_analysis.schema.outcomes import load_outcomes
from ssi_analysis.schema.ssi import load_ssi

SHARES = "Date,ShareLink,ShareCommentary\n2026-01-05 10:00:00,https://x,hello\n"


def _zip(path, members, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _problems_of(call):
    with pytest.raises(SSIDataError) as info:
        call()
    return info.value.problems


def test_member_declaring_more_than_the_cap_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(_limits, "MAX_FILE_BYTES", 64 * 1024)
    path = _zip(tmp_path / "bomb.zip", {"Shares.csv": SHARES + "x" * 200_000})
    found = Problems()
    assert archive_members(path, "bomb.zip", found) is None
    (problem,) = found
    assert problem.file == "bomb.zip/Shares.csv"
    assert "too large" in problem.problem and "195.4 KB unpacked from" in problem.problem


def test_bzip2_bomb_is_refused_by_its_ratio(tmp_path, monkeypatch):
    monkeypatch.setattr(_limits, "RATIO_FLOOR", 1024)
    data = SHARES + "0" * 2_000_000  # bzip2 makes this a few hundred bytes
    path = _zip(tmp_path / "a.zip", {"Shares.csv": data}, compression=zipfile.ZIP_BZIP2)
    assert path.stat().st_size < 2_000
    problems = _problems_of(lambda: load_outcomes(path))
    assert problems["file"].tolist() == ["a.zip/Shares.csv"]
    assert "suspicious" in problems.loc[0, "problem"]


def test_archive_total_is_capped(tmp_path, monkeypatch):
    monkeypatch.setattr(_limits, "MAX_ARCHIVE_BYTES", 3 * len(SHARES))
    members = {f"Shares_{i}.csv": SHARES for i in range(5)}
    found = Problems()
    read = archive_members(_zip(tmp_path / "many.zip", members), "many.zip", found)
    # refused on the declared total before any member is unpacked (reading members up to
    # the cap first cost a 40-member zip 192 s and 4.3 GB before the same refusal)
    assert read is None and len(found) == 1
    assert found[0].file == "many.zip" and "nothing was unpacked" in found[0].problem


def test_member_unpacking_to_more_than_it_declares_stops_at_the_cap(tmp_path):
    data = (SHARES + "y" * 5000).encode()
    path = _zip(tmp_path / "liar.zip", {"Shares.csv": data}, compression=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    # declare 100 bytes (local header offset 22, central directory offset 24)
    raw[22:26] = (100).to_bytes(4, "little")
    central = raw.rfind(b"PK\x01\x02")
    raw[central + 24 : central + 28] = (100).to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    found = Problems()
    assert archive_members(path, "liar.zip", found) is None
    assert "cannot be unpacked" in found[0].problem or "more than it declares" in found[0].problem


def _patch_member(path, *, flag=None, method=None):
    raw = bytearray(path.read_bytes())
    central = raw.rfind(b"PK\x01\x02")
    if flag is not None:
        raw[6:8] = flag.to_bytes(2, "little")
        raw[central + 8 : central + 10] = flag.to_bytes(2, "little")
    if method is not None:
        raw[8:10] = method.to_bytes(2, "little")
        raw[central + 10 : central + 12] = method.to_bytes(2, "little")
    path.write_bytes(bytes(raw))
    return path


def test_encrypted_member_is_named(tmp_path):
    path = _patch_member(_zip(tmp_path / "locked.zip", {"Shares.csv": SHARES}), flag=1)
    problems = _problems_of(lambda: load_outcomes(path))
    assert problems.loc[0, "file"] == "locked.zip/Shares.csv"
    assert "encrypted" in problems.loc[0, "problem"]
    assert "password" in problems.loc[0, "fix"]


def test_deflate64_member_is_named(tmp_path):
    path = _zip(tmp_path / "win.zip", {"Shares.csv": SHARES}, compression=zipfile.ZIP_STORED)
    _patch_member(path, method=9)
    problems = _problems_of(lambda: load_outcomes(path))
    assert problems.loc[0, "file"] == "win.zip/Shares.csv"
    assert "deflate64" in problems.loc[0, "problem"]


def test_stray_cell_at_xfd1048576_costs_one_cell(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["Date", "SSI"])
    sheet.append(["2026-05-12", 50])
    sheet["XFD1048576"] = 1
    book.save(tmp_path / "stray.xlsx")
    assert (tmp_path / "stray.xlsx").stat().st_size < 10_000
    grid = read_sheets(tmp_path / "stray.xlsx", "stray.xlsx", Problems())["Data"]
    assert grid.index.tolist() == [0, 1, 1048575]  # spreadsheet row - 1
    assert grid.shape[1] == 16384 and grid.size < 100_000
    scores = load_ssi(tmp_path / "stray.xlsx", errors="drop")
    assert scores["ssi"].tolist() == [50.0]


def test_sheet_with_too_many_cells_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr("ssi_analysis.readers._excel.MAX_CELLS", 100)
    book = openpyxl.Workbook()
    for i in range(60):
        book.active.append([f"2026-01-{i % 28 + 1:02d}", i])
    book.save(tmp_path / "big.xlsx")
    found = Problems()
    assert read_sheets(tmp_path / "big.xlsx", "big.xlsx", found) is None
    assert "more than 100 cells" in found[0].problem


def test_workbook_part_too_large_is_refused_before_openpyxl(tmp_path, monkeypatch):
    book = openpyxl.Workbook()
    book.active.append(["Date", "SSI"])
    buffer = io.BytesIO()
    book.save(buffer)
    # a sharedStrings part far larger than the rest (a bomb of text that compresses well)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>a</t></si>" * 100_000)
    monkeypatch.setattr(_limits, "MAX_FILE_BYTES", 512 * 1024)
    found = Problems()
    assert read_sheets(buffer.getvalue(), "s.xlsx", found) is None
    assert found[0].file == "s.xlsx/xl/sharedStrings.xml" and "too large" in found[0].problem


def test_deep_json_is_a_sentence(write):
    path = write("deep.json", "[" * 100_000 + "]" * 100_000)
    problems = _problems_of(lambda: load_ssi(path))
    assert "nested too deeply" in problems.loc[0, "problem"]
    lines = write("deep.jsonl", '{"a": 1}\n' + "[" * 5000 + "\n")
    problems = _problems_of(lambda: load_ssi(lines))
    assert "nested too deeply" in " ".join(problems["problem"])


def test_a_line_of_delimiters_is_refused_before_it_is_split(write):
    path = write("wide.csv", "Date,SSI\n2026-05-12,50\n" + "," * 20_000 + "\n")
    problems = _problems_of(lambda: load_ssi(path))
    assert problems.loc[0, "line"] == 3
    assert "20,001 fields" in problems.loc[0, "problem"]


def test_memory_error_is_not_taken_for_a_parse_failure(write, monkeypatch):
    import pandas as pd

    calls = []

    def out_of_memory(*args, **kwargs):
        calls.append(kwargs.get("engine"))
        raise MemoryError

    monkeypatch.setattr(pd, "read_csv", out_of_memory)
    with pytest.raises(MemoryError):
        load_ssi(write("log.csv", "Date,SSI\n2026-05-12,50\n"))
    assert calls == ["pyarrow"]  # no second, heavier attempt


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_unreadable_file_is_a_sentence(write):
    path = write("log.csv", "Date,SSI\n2026-05-12,50\n")
    path.chmod(0)
    problems = _problems_of(lambda: load_ssi(path))
    assert "permission denied" in problems.loc[0, "problem"]


def test_permission_error_is_a_sentence_wherever_it_happens(write, monkeypatch):
    path = write("logs/log.csv", "Date,SSI\n2026-05-12,50\n")
    real_open = open

    def locked(file, *args, **kwargs):
        if str(file).endswith("log.csv"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", locked)
    for source in (path, path.parent):
        problems = _problems_of(lambda source=source: load_ssi(source))
        assert problems.loc[0, "file"] == "log.csv"
        assert "permission denied" in problems.loc[0, "problem"]
    problems = _problems_of(lambda: load_outcomes(path))
    assert "permission denied" in problems.loc[0, "problem"]


def test_a_pipe_is_read_once_with_its_header_intact(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    text = "Date,SSI\n2026-05-12,50\n2026-05-13,51\n"

    def feed():
        with open(fifo, "w") as handle:
            handle.write(text)

    writer = threading.Thread(target=feed)
    writer.start()
    scores = load_ssi(fifo)
    writer.join(timeout=5)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    np.testing.assert_array_equal(scores["ssi"], [50.0, 51.0])
