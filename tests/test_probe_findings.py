"""Bugs a hostile-file probe found (the probe itself is kept outside the repository)."""

from __future__ import annotations

import pytest

from ssi_analysis import load_outcomes, load_ssi
from ssi_analysis.errors import SSIDataError


@pytest.mark.parametrize("word", ["None", "NULL", "n/a", "NaT", "-"])
def test_a_date_cell_that_says_none_is_a_missing_date_not_a_row_without_a_day(write, word):
    path = write("log.csv", f"Date,SSI\n2025-01-06,50\n{word},51\n2025-01-09,52\n")
    with pytest.raises(SSIDataError) as caught:
        load_ssi(path)
    [problem] = caught.value.problems.itertuples()
    assert (problem.line, problem.column) == (3, "Date")
    assert "missing" in problem.problem
    kept = load_ssi(path, errors="drop")
    assert kept["date"].notna().all() and kept["ssi"].tolist() == [50.0, 52.0]


def test_an_outcome_row_whose_date_says_none_is_named(write):
    path = write("log.csv", "Date,Replies\n2025-01-06,3\nNone,4\n")
    with pytest.raises(SSIDataError) as caught:
        load_outcomes([path])
    assert caught.value.problems["line"].tolist() == [3]


def test_two_ssi_logs_side_by_side_are_refused_not_half_read(write):
    path = write(
        "two.csv",
        "Date,SSI,Brand,,Date,SSI,Brand\n2025-01-06,50,12,,2025-03-01,60,15\n"
        "2025-01-07,51,12,,2025-03-02,61,15\n",
    )
    with pytest.raises(SSIDataError) as caught:
        load_ssi(path)
    [problem] = caught.value.problems.itertuples()
    assert problem.line == 1 and "side by side" in problem.problem


def test_a_capture_time_beside_the_date_is_not_a_second_log(write):
    path = write("log.csv", "Date,CapturedAt,SSI\n2025-01-06,2025-01-06 10:00,50\n")
    assert load_ssi(path)["ssi"].tolist() == [50.0]


def test_a_file_of_millions_of_lines_that_fit_no_header_stops_at_a_cap(write, monkeypatch):
    from ssi_analysis.readers import _text

    monkeypatch.setattr(_text, "MAX_REJECTED_LINES", 50)
    path = write("junk.csv", "Date,SSI\n" + "x\n" * 400)
    with pytest.raises(SSIDataError) as caught:
        load_ssi(path)
    problems = caught.value.problems
    assert len(problems) == 51  # the first 50 named, then one sentence, not 400 messages
    assert "more than 50 lines" in problems["problem"].iloc[-1]
    assert problems["line"].iloc[-1] == 52  # the 51st line that does not fit


def test_blank_lines_send_a_large_log_to_the_text_path_at_once(tmp_path, monkeypatch):
    from ssi_analysis.readers import _typed

    monkeypatch.setattr(_typed, "MIN_BYTES", 0)
    path = tmp_path / "log.csv"
    path.write_bytes(b"Date,SSI\n2025-01-06,50\n" + b"\n" * 1000 + b"2025-01-07,51\n")

    def mapping(header):
        return {"date": "Date", "ssi": "SSI"}, []

    assert _typed.read_typed_wide(path, "log.csv", mapping) is None
    assert load_ssi(path)["ssi"].tolist() == [50.0, 51.0]


@pytest.mark.parametrize("block", [1, 2, 3, 7, 1024 * 1024])
def test_line_numbers_of_non_blank_lines_match_a_plain_count(block, monkeypatch):
    import numpy as np

    from ssi_analysis.readers import _text

    # counted block by block (a whole-file int64 cast took 168 MB on 20 M blank lines):
    # blocks of 1-7 bytes put every kind of line across a block's edge
    monkeypatch.setattr(_text, "_SCAN", block)
    rng = np.random.default_rng(1)
    for _ in range(2000):
        raw = bytes(rng.choice([10, 97, 32], size=int(rng.integers(0, 30))).astype(np.uint8))
        lines = raw.split(b"\n")
        assert _text._nonblank_lines(raw).tolist() == [i for i, t in enumerate(lines) if t]


def test_a_file_name_with_a_line_break_is_read(tmp_path):
    path = tmp_path / "my\nlog.csv"
    path.write_text("Date,SSI\n2025-01-06,50\n")
    assert load_ssi(path)["ssi"].tolist() == [50.0]
    assert load_ssi(tmp_path)["ssi"].tolist() == [50.0]  # found in its folder too


def test_a_zip_whose_files_declare_more_than_the_archive_budget_is_refused_unopened(
    tmp_path, monkeypatch
):
    import zipfile

    from ssi_analysis.readers import _limits, archive

    monkeypatch.setattr(_limits, "MAX_ARCHIVE_BYTES", 50_000)
    body = "Date,ShareLink,ShareCommentary\n" + "2025-01-06 10:00:00,https://x/y,text\n" * 500
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(4):  # each under the budget, together over it
            z.writestr(f"part{i}/Shares.csv", body)
    opened = []
    monkeypatch.setattr(archive, "read_member", lambda *a, **k: opened.append(a) or None)
    with pytest.raises(SSIDataError) as caught:
        load_outcomes([path])
    [problem] = caught.value.problems.itertuples()
    assert problem.file == "many.zip" and "nothing was unpacked" in problem.problem
    assert not opened  # no member was read before the refusal


def test_a_file_that_is_not_utf8_says_which_reading_was_guessed(tmp_path):
    # Shift-JIS bytes decode as Windows-1252 without an error: the names come out as other
    # letters, so the load report says which reading was used and how to avoid the guess
    path = tmp_path / "log.csv"
    path.write_bytes("Date,Name,SSI\n2025-01-06,山田太郎,50\n".encode("shift_jis"))
    report = load_ssi(path).attrs["load_report"]
    assert any("not UTF-8" in n and "CSV UTF-8" in n for n in report.notes)
    path.write_text("Date,Name,SSI\n2025-01-06,山田太郎,50\n", encoding="utf-8")
    assert not any("not UTF-8" in n for n in load_ssi(path).attrs["load_report"].notes)


#: Files that nothing can be read from, although their problem names a line past the header.
WHOLE_FILE_REFUSALS = {
    "a line longer than the cap": "Date,SSI\n2025-01-06,50\n2025-01-07," + "5" * 300 + "\n",
    "logs side by side under a title": (
        "My logs\nDate,SSI,Brand,Date,SSI,Brand\n2025-01-06,50,12,2025-03-01,60,15\n"
    ),
    "more lines than the cap that fit no header": "Date,SSI\n" + "x\n" * 60,
}


@pytest.mark.parametrize("shape", sorted(WHOLE_FILE_REFUSALS))
@pytest.mark.parametrize("drop", [False, True])
def test_a_file_nothing_can_be_read_from_does_not_send_the_user_to_drop(
    write, monkeypatch, capsys, shape, drop
):
    from ssi_analysis.cli import main
    from ssi_analysis.readers import _text

    monkeypatch.setattr(_text, "MAX_LINE_BYTES", 100)
    monkeypatch.setattr(_text, "MAX_REJECTED_LINES", 50)
    path = write("log.csv", WHOLE_FILE_REFUSALS[shape])
    with pytest.raises(SSIDataError) as caught:
        load_ssi(path, errors="drop" if drop else "raise")
    said = str(caught.value)
    assert "errors='drop'" not in said and "skipping bad rows would not help" in said
    # what refuses the file is said first, not behind its rows' problems
    assert said.splitlines()[1].startswith("  - log.csv, line")
    assert any(word in said.splitlines()[1] for word in ("long", "side by side", "more than"))
    assert main(["load", str(path), *(["--drop"] if drop else [])]) == 1
    err = capsys.readouterr().err
    assert "--drop" not in err and "Traceback" not in err
    assert "fix it as said above, or give the right file, and run again" in err


def test_bad_rows_beside_a_refused_file_still_send_the_user_to_drop(write, monkeypatch, capsys):
    from ssi_analysis.cli import main
    from ssi_analysis.readers import _text

    monkeypatch.setattr(_text, "MAX_LINE_BYTES", 100)
    refused = write("long.csv", WHOLE_FILE_REFUSALS["a line longer than the cap"])
    rows = write("rows.csv", "Date,SSI\n2025-01-06,50\n2025-01-07,abc\n2025-01-08,52\n")
    with pytest.raises(SSIDataError) as caught:
        load_ssi([refused, rows])
    assert "errors='drop'" in str(caught.value)  # it keeps rows.csv's good rows
    assert load_ssi([refused, rows], errors="drop")["ssi"].tolist() == [50.0, 52.0]
    assert main(["load", str(refused), str(rows)]) == 1
    assert "run again with --drop" in capsys.readouterr().err
