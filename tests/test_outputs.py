"""Never lose: the report refuses to overwrite its inputs and writes each file whole or not."""

import errno
import os

import pytest

from ssi_analysis.cli import main
from ssi_analysis.errors import SSIDataError
from ssi_analysis.present import outputs, report
from ssi_analysis.present.outputs import (
    OutputError,
    atomic_write,
    changed_inputs,
    input_snapshot,
    plan_outputs,
)

LOG = "Date,SSI\n2026-05-12,50\n"


@pytest.fixture
def log(write):
    return write("logs/my.csv", LOG)


def test_out_on_the_input_is_refused_before_any_work(log, capsys):
    code = main(["report", "--ssi", str(log), "--out", str(log)])
    assert code == 2
    err = capsys.readouterr().err
    assert "my.csv" in err and "--out" in err and "Traceback" not in err
    assert "checking the data" not in err  # refused before reading anything
    assert log.read_text() == LOG


def test_answers_csv_landing_on_an_input_is_refused(write, log):
    answers = write("r_answers.csv", "keep me")
    with pytest.raises(OutputError, match="answers CSV"):
        plan_outputs(answers.with_name("r.html"), [log, answers])
    assert answers.read_text() == "keep me"


def test_output_inside_an_input_folder_is_refused(log, monkeypatch):
    monkeypatch.chdir(log.parent)  # cd logs && ssi-analysis report --ssi .
    with pytest.raises(OutputError, match="inside an input folder"):
        plan_outputs("report.html", ["."])
    with pytest.raises(OutputError, match="inside an input folder"):
        plan_outputs("sub/deeper/report.html", ["."])
    assert sorted(p.name for p in log.parent.iterdir()) == ["my.csv"]


def test_links_to_an_input_are_followed(log, tmp_path):
    link = tmp_path / "link.html"
    link.symlink_to(log)
    with pytest.raises(OutputError, match="is one of the inputs"):
        plan_outputs(link, [log])
    hard = tmp_path / "hard.html"
    os.link(log, hard)
    with pytest.raises(OutputError, match="same file"):
        plan_outputs(hard, [log])
    # an input given through a link to its folder is the same folder
    folder_link = tmp_path / "logs_link"
    folder_link.symlink_to(log.parent, target_is_directory=True)
    with pytest.raises(OutputError, match="inside an input folder"):
        plan_outputs(log.parent / "r.html", [folder_link])


def test_out_naming_a_folder_or_a_data_file_is_refused(log, tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        plan_outputs(tmp_path, [log])
    with pytest.raises(OutputError, match=r"does not end in \.html"):
        plan_outputs(tmp_path / "other.csv", [log])


def test_unwritable_folder_is_refused_before_any_work(log, tmp_path, capsys):
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    code = main(["report", "--ssi", str(log), "--out", str(blocker / "r.html")])
    assert code == 2
    err = capsys.readouterr().err
    assert "cannot be written" in err and "checking the data" not in err


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_is_refused(log, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(OutputError, match="cannot be written"):
            plan_outputs(locked / "r.html", [log])
    finally:
        locked.chmod(0o755)


def test_a_failed_write_keeps_the_previous_file_and_leaves_no_debris(tmp_path, monkeypatch):
    target = tmp_path / "report.html"
    target.write_text("previous report")
    target.chmod(0o640)

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(outputs.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        atomic_write(target, "new " * 1000)
    assert target.read_text() == "previous report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]
    monkeypatch.undo()
    atomic_write(target, "new")
    assert target.read_text() == "new" and (target.stat().st_mode & 0o777) == 0o640


def test_disk_full_is_a_sentence_not_a_traceback(log, tmp_path, monkeypatch, capsys):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "r.html"))

    monkeypatch.setattr(report, "build_report", disk_full)
    code = main(["report", "--ssi", str(log), "--out", str(tmp_path / "r.html")])
    assert code == 1
    err = capsys.readouterr().err
    assert "the disk is full" in err and "Traceback" not in err


def _fake_make(change=None, raise_=None):
    """Stand in for the analysis: optionally edit an input or fail, else build the real report."""
    real = report.make_report

    def make(*args, **kwargs):
        if change is not None:
            change()
        if raise_ is not None:
            raise raise_
        return real(*args, **kwargs)

    return make


def test_input_changed_during_the_analysis_writes_nothing(log, tmp_path, monkeypatch):
    snapshot = input_snapshot([log.parent])
    assert changed_inputs(snapshot) == []

    def edit():
        log.write_text(LOG + "2026-05-13,51\n")

    monkeypatch.setattr(report, "make_report", _fake_make(change=edit))
    out = tmp_path / "out" / "r.html"
    with pytest.raises(SSIDataError, match="changed"):
        report.build_report([str(log)], out=out, snapshot=snapshot)
    assert not out.exists() and not out.with_name("r_answers.csv").exists()


def test_input_changed_explains_a_data_error_it_caused(log, tmp_path, monkeypatch):
    # A file cut short mid-write reads as bad data: the message says it changed, not "bad row".
    snapshot = input_snapshot([log.parent])

    def truncate():
        log.write_text("Date,SSI\n2026-05-12,")

    monkeypatch.setattr(report, "make_report", _fake_make(change=truncate))
    with pytest.raises(SSIDataError, match="changed"):
        report.build_report([str(log)], out=tmp_path / "r.html", snapshot=snapshot)
    assert not (tmp_path / "r.html").exists()


def test_data_error_during_the_analysis_writes_nothing(log, tmp_path, monkeypatch):
    failure = SSIDataError([], summary="1 problem in my.csv")
    monkeypatch.setattr(report, "make_report", _fake_make(raise_=failure))
    out = tmp_path / "r.html"
    assert main(["report", "--ssi", str(log), "--out", str(out)]) == 1
    assert not out.exists() and not out.with_name("r_answers.csv").exists()
