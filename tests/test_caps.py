"""Budgets that stop hostile files fast: cells, headers and lines, archives, pipes.

Small inputs whose sizes show the property; the caps themselves are module constants.
"""

from __future__ import annotations

import os
import sys
import time
import zipfile

import openpyxl
import pytest

from ssi_analysis import load_outcomes, load_ssi
from ssi_analysis.errors import Problems, SSIDataError
from ssi_analysis.readers import _limits, _text
from ssi_analysis.readers._excel import MAX_CELL_CHARS


def _problems(call):
    with pytest.raises(SSIDataError) as caught:
        call()
    return caught.value.problems


def test_an_xlsx_cell_longer_than_excel_holds_is_refused_fast(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["Date", "Replies " + "y" * 100])
    book.active.append(["2026-01-05", 3])
    book.save(tmp_path / "small.xlsx")
    # openpyxl itself cuts cells at Excel's limit: write the long one into the XML
    with (
        zipfile.ZipFile(tmp_path / "small.xlsx") as source,
        zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as out,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(("sharedStrings.xml", "sheet1.xml")):
                data = data.replace(b"y" * 100, b"y" * (4 * 1024 * 1024), 1)
            out.writestr(info, data)
    assert (tmp_path / "bomb.xlsx").stat().st_size < 30_000
    started = time.perf_counter()
    found = _problems(lambda: load_outcomes([tmp_path / "bomb.xlsx"]))
    assert time.perf_counter() - started < 30  # minutes before the cap
    assert found.loc[0, "column"] == "B" and found.loc[0, "line"] == 1
    assert f"more than the {MAX_CELL_CHARS:,}" in found.loc[0, "problem"]


def test_a_header_or_a_line_longer_than_any_export_is_refused(write, monkeypatch):
    monkeypatch.setattr(_text, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(_text, "_SCAN", 64)  # several blocks, a line across two of them
    head = write("head.csv", "Date,Replies " + "y" * 70_000 + "\n2026-01-05,3\n")
    found = _problems(lambda: load_outcomes([head]))
    assert found.loc[0, "line"] == 1 and "64.0 KB" in found.loc[0, "problem"]
    rows = "".join(f"2026-01-{d:02d},{d}\n" for d in range(1, 20))
    body = write("body.csv", "Date,Replies\n" + rows + "2026-01-20," + "4" * 1500 + "\n")
    found = _problems(lambda: load_outcomes([body]))
    assert found.loc[0, "line"] == 21 and "1.5 KB long" in found.loc[0, "problem"]
    fine = write("fine.csv", "Date,Replies\n" + rows)
    assert len(load_outcomes([fine])) == 19  # lines under the cap, across blocks: read


def test_archive_budgets_are_below_what_memory_can_parse():
    # parsing holds several times the bytes: the caps keep a bomb of valid rows in bounds
    assert _limits.MAX_ARCHIVE_BYTES <= 512 * _limits.MiB
    assert _limits.MAX_MEMBER_BYTES <= 256 * _limits.MiB


def test_a_zip_member_over_the_member_cap_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.setattr(_limits, "MAX_MEMBER_BYTES", 10_000)
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("Shares.csv", "Date,ShareLink\n" + "2026-01-05 10:00:00,x\n" * 2000)
    found = _problems(lambda: load_outcomes([path]))
    assert "too large" in found.loc[0, "problem"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("name", ["log.csv", "log.xlsx"])
def test_a_named_pipe_nobody_writes_to_is_refused_not_waited_on(tmp_path, name, monkeypatch):
    monkeypatch.setattr(_limits, "PIPE_WAIT_SECONDS", 1)
    fifo = tmp_path / name
    os.mkfifo(fifo)
    started = time.perf_counter()
    found = _problems(lambda: load_ssi(fifo))
    assert "nothing was written to it" in found.loc[0, "problem"]
    found = _problems(lambda: load_outcomes([fifo]))
    assert "nothing was written to it" in found.loc[0, "problem"]
    assert time.perf_counter() - started < 30


@pytest.mark.skipif(sys.platform == "win32", reason="pipes from a shell are POSIX")
def test_a_pipe_with_a_writer_is_still_read(tmp_path, repo):
    read_end, write_end = os.pipe()
    data = (repo / "data" / "sample" / "ssi_log.csv").read_bytes()[:5000]
    data = data[: data.rfind(b"\n") + 1]
    os.write(write_end, data)  # under a pipe's buffer: written, then the writer closes
    os.close(write_end)
    try:
        scores = load_ssi(f"/dev/fd/{read_end}", errors="drop")
    finally:
        os.close(read_end)
    assert len(scores) == data.count(b"\n") - 1


def test_a_device_is_refused(tmp_path):
    found = Problems()
    assert _limits.read_file(_limits.Path("/dev/null"), "null", found) is None
    assert "device" in found[0].problem


def test_a_file_that_cannot_be_opened_says_why_a_refused_read_first():
    """readers._limits.cannot_open (the archive's and the workbook's readers): a permission
    error is said as such (root reads every file, so the readers' own test of it skips here);
    anything else gets the reader's own problem and fix."""
    problems = Problems()
    _limits.cannot_open(problems, "a.zip", PermissionError(13, "denied"), "bad zip", "again")
    _limits.cannot_open(problems, "b.zip", zipfile.BadZipFile("no"), "bad zip", "again")
    first, second = problems
    assert (first.problem, first.fix) == _limits.unreadable(PermissionError(13, "denied"))
    assert (second.file, second.problem, second.fix) == ("b.zip", "bad zip", "again")
