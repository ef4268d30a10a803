"""The outputs are one set: all new or all as they were, and never a file the kit did not write.

Faults are injected where they happen: a full disk (a patched ``fsync``), a file-size limit
(``RLIMIT_FSIZE`` in a subprocess), Ctrl-C and SIGTERM while the files are staged or while
they are renamed into place, links that point elsewhere, and files of the user's in the way.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap

import pytest

from ssi_analysis.cli import EXIT_TERMINATED, main
from ssi_analysis.present import outputs
from ssi_analysis.present.outputs import KEPT, STAGED, OutputError, plan_outputs, write_set

LOG = "Date,SSI\n" + "".join(f"2026-01-{d:02d},{40 + d}\n" for d in range(1, 29))
PARTS = [f"r{suffix or '.html'}" for suffix in outputs.REPORT_PARTS.values()]
# its module-scoped fixture (the kit's first set, one report) is built once: every test
# of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_output_set")


@pytest.fixture
def log(write):
    return write("in/log.csv", LOG)


@pytest.fixture(scope="module")
def kits_set(tmp_path_factory):
    """The bytes of the kit's outputs of one run on LOG: made once for the file."""
    folder = tmp_path_factory.mktemp("first_set")
    (folder / "in").mkdir()
    (folder / "in" / "log.csv").write_text(LOG, encoding="utf-8")
    out = folder / "out"
    out.mkdir()
    assert (
        main(["report", "--ssi", str(folder / "in" / "log.csv"), "--out", str(out / "r.html")]) == 0
    )
    return _contents(out)


@pytest.fixture
def first_set(kits_set, tmp_path):
    """A folder holding the kit's outputs of a first run, and their bytes.

    The kit knows its own outputs by the SHA-256 its manifest records for each, not by where
    or when they were written: the bytes of one run, written afresh for each test, are the
    set a first run leaves (and each test may break its own copy)."""
    out = tmp_path / "out"
    out.mkdir()
    for name, data in kits_set.items():
        (out / name).write_bytes(data)
    return out, _contents(out)


def _contents(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _no_debris(folder):
    return [p.name for p in folder.iterdir() if p.name.endswith((STAGED, KEPT))] == []


def test_a_rerun_replaces_the_kits_own_set_whole(first_set, log):
    out, before = first_set
    assert sorted(before) == sorted(PARTS)
    assert main(["report", "--ssi", str(log), "--out", str(out / "r.html"), "--lags", "0,1"]) == 0
    after = _contents(out)
    assert sorted(after) == sorted(PARTS) and after != before and _no_debris(out)


def test_a_full_disk_on_the_third_file_keeps_the_old_set_whole(first_set, log, monkeypatch):
    out, before = first_set
    real, calls = os.fsync, []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    assert main(["report", "--ssi", str(log), "--out", str(out / "r.html"), "--lags", "0,1"]) == 1
    assert len(calls) == 3  # the fault hit mid-set
    assert _contents(out) == before and _no_debris(out)


def test_ctrl_c_while_staging_keeps_the_old_set_and_removes_the_new(first_set, monkeypatch):
    out, before = first_set
    calls = []

    def fsync(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt

    monkeypatch.setattr(outputs.os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        write_set({out / name: b"new" for name in PARTS})
    assert _contents(out) == before and _no_debris(out)


@pytest.fixture
def sigint_as_in_a_terminal():
    """Ctrl-C raises KeyboardInterrupt during the test, as in a terminal, whatever started
    pytest. A process started with SIGINT ignored (a background job of a non-interactive
    shell, ``nohup``) starts Python with it ignored; the kit keeps it ignored (see
    test_an_ignored_ctrl_c_stays_ignored_and_the_set_is_in_place), so a test that expects
    Ctrl-C to interrupt failed there with "DID NOT RAISE", in any order of the files."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _interrupting_replace(monkeypatch):
    """Patch ``os.replace`` to send the process SIGINT at the first rename; the calls."""
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 1:
            signal.raise_signal(signal.SIGINT)  # held back until the set is complete
        real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    return calls


def test_ctrl_c_during_the_renames_waits_until_the_set_is_in_place(
    first_set, monkeypatch, sigint_as_in_a_terminal
):
    out, _ = first_set
    calls = _interrupting_replace(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        write_set({out / name: name.encode() for name in PARTS})
    assert _contents(out) == {name: name.encode() for name in PARTS} and _no_debris(out)
    assert len(calls) == 2 * len(PARTS)  # every old file moved aside, every new one put in
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back


def test_an_ignored_ctrl_c_stays_ignored_and_the_set_is_in_place(first_set, monkeypatch):
    """Started with SIGINT ignored (``nohup``, a background job), the kit does not turn a
    held Ctrl-C into an interrupt: the set is written whole and SIGINT stays ignored."""
    out, _ = first_set
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        calls = _interrupting_replace(monkeypatch)
        write_set({out / name: name.encode() for name in PARTS})
        assert signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
    assert _contents(out) == {name: name.encode() for name in PARTS} and _no_debris(out)
    assert len(calls) == 2 * len(PARTS)


def test_a_failed_rename_puts_the_old_files_back(first_set, monkeypatch):
    out, before = first_set
    real, calls = os.replace, []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 6:  # the third new file cannot be put in place
            raise OSError(errno.EIO, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(OSError):
        write_set({out / name: b"new" for name in PARTS})
    assert _contents(out) == before and _no_debris(out)


def test_leftovers_of_a_killed_run_are_removed(first_set):
    out, _ = first_set
    for stale in (f".r.html.x1{STAGED}", f".r_answers.csv.x2{KEPT}"):
        (out / stale).write_text("half")
    write_set({out / name: b"new" for name in PARTS})
    assert _no_debris(out)


def _run_limited(code: str, tmp_path, *, fsize: int | None = None) -> subprocess.CompletedProcess:
    def limit():  # pragma: no cover - runs in the child
        import resource

        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        preexec_fn=limit if fsize else None,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_keeps_the_old_set_whole(first_set, log, tmp_path):
    out, before = first_set
    # the page (figures inline) is far over 20 KB, the CSVs far under: the limit hits mid-set
    run = _run_limited(
        f"""
        import sys
        from ssi_analysis.cli import main
        sys.exit(main(["report", "--ssi", {str(log)!r}, "--out", {str(out / "r.html")!r},
                       "--lags", "0,1"]))
        """,
        tmp_path,
        fsize=20_000,
    )
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "could not write" in run.stderr
    assert _contents(out) == before and _no_debris(out)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_while_staging_keeps_the_old_set(first_set, log, tmp_path):
    out, before = first_set
    run = _run_limited(
        f"""
        import os, signal, sys
        from ssi_analysis.cli import main
        from ssi_analysis.present import outputs
        real, calls = os.fsync, []
        def fsync(fd):
            calls.append(fd)
            if len(calls) == 4:
                os.kill(os.getpid(), signal.SIGTERM)
            real(fd)
        outputs.os.fsync = fsync
        sys.exit(main(["report", "--ssi", {str(log)!r}, "--out", {str(out / "r.html")!r},
                       "--lags", "0,1"]))
        """,
        tmp_path,
    )
    assert run.returncode == EXIT_TERMINATED, run.stderr[-2000:]
    assert run.stderr.strip().splitlines()[-1].startswith("ssi-analysis: stopped (terminated)")
    assert _contents(out) == before and _no_debris(out)


# ---------------------------------------------------------------- links and other people's files


def test_out_through_a_link_to_a_text_file_is_refused(log, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("my notes")
    link = tmp_path / "link.html"
    link.symlink_to(precious)
    assert main(["report", "--ssi", str(log), "--out", str(link)]) == 2
    assert precious.read_text() == "my notes" and link.is_symlink()


def test_a_link_beside_the_page_to_a_users_file_is_refused(log, tmp_path):
    precious = tmp_path / "precious.csv"
    precious.write_text("a,b\n1,2\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "r_answers.csv").symlink_to(precious)
    with pytest.raises(OutputError, match="--force"):
        plan_outputs(out / "r.html", [log])
    assert main(["report", "--ssi", str(log), "--out", str(out / "r.html")]) == 2
    assert precious.read_text() == "a,b\n1,2\n"


@pytest.mark.parametrize("name", ["index.html", "index_answers.xlsx", "index_manifest.json"])
def test_a_users_own_file_is_never_replaced_without_force(log, tmp_path, capsys, name):
    out = tmp_path / "site"
    out.mkdir()
    mine = out / name
    mine.write_text("the user's own")
    assert main(["report", "--ssi", str(log), "--out", str(out / "index.html")]) == 2
    err = capsys.readouterr().err
    assert "--force" in err and name in err
    assert mine.read_text() == "the user's own" and sorted(p.name for p in out.iterdir()) == [name]
    assert main(["report", "--ssi", str(log), "--out", str(out / "index.html"), "--force"]) == 0
    assert mine.read_bytes() != b"the user's own"


def test_a_page_edited_since_the_kit_wrote_it_is_not_replaced(first_set, log, capsys):
    out, _ = first_set
    page = out / "r.html"
    page.write_text(page.read_text() + "<p>my notes</p>")
    edited = page.read_bytes()
    assert main(["report", "--ssi", str(log), "--out", str(page)]) == 2
    assert "--force" in capsys.readouterr().err and page.read_bytes() == edited


# ---------------------------------------------------------------- the workshop pack


def _no_work(*args, **kwargs):
    raise AssertionError("the pack's work began before the folder was checked")


def test_workshop_refuses_a_folder_it_did_not_write(tmp_path, capsys, monkeypatch):
    from ssi_analysis.present import workshop
    from ssi_analysis.simulate import lessons

    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "README.md").write_text("my course notes")
    # refused before any work: no example simulated, no notebook rendered
    monkeypatch.setattr(lessons, "example_csvs", _no_work)
    monkeypatch.setattr(workshop, "render_html", _no_work)
    assert main(["workshop", "--out", str(folder), "--no-run"]) == 2
    assert "--force" in capsys.readouterr().err
    assert [p.name for p in folder.iterdir()] == ["README.md"]
    assert (folder / "README.md").read_text() == "my course notes"


def test_workshop_rerun_keeps_a_teachers_edit_and_a_failed_one_truncates_nothing(
    tmp_path, monkeypatch, capsys
):
    from ssi_analysis.present import workshop
    from ssi_analysis.simulate import lessons

    # The kit knows its pack by the SHA-256 of each file it wrote, whatever they hold: small
    # stand-ins for the rendered pages and the examples' data (their real making is
    # tests/test_workshop.py's and test_install.py's) keep every file of the pack, by name.
    monkeypatch.setattr(workshop, "render_html", lambda path, **k: f"<p>{path.stem} {k}</p>")
    data = {name: f"week,{name}\n" for name in lessons.example_makers()}
    monkeypatch.setattr(lessons, "example_csvs", lambda: dict(data))
    folder = tmp_path / "class"
    assert main(["workshop", "--out", str(folder), "--no-run"]) == 0
    assert main(["workshop", "--out", str(folder), "--no-run"]) == 0  # its own: replaced
    handout = folder / "handout.html"
    handout.write_text(handout.read_text() + "<p>room 4</p>" * 20_000)
    edited = handout.read_bytes()
    assert main(["workshop", "--out", str(folder), "--no-run"]) == 2
    assert "handout.html" in capsys.readouterr().err and handout.read_bytes() == edited

    def fails(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    monkeypatch.setattr(workshop, "render_html", lambda *a, **k: "<p>new</p>")
    monkeypatch.setattr(outputs.os, "fsync", fails)
    assert main(["workshop", "--out", str(folder), "--no-run", "--force"]) == 1
    assert {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()} == before


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is POSIX")
def test_sigterm_during_the_renames_finishes_the_set_and_says_so(first_set, log, tmp_path):
    out, _ = first_set
    run = _run_limited(
        f"""
        import os, signal, sys
        from ssi_analysis.cli import main
        from ssi_analysis.present import outputs
        real, calls = os.replace, []
        def replace(src, dst):
            calls.append(dst)
            if len(calls) == 3:
                os.kill(os.getpid(), signal.SIGTERM)
            real(src, dst)
        outputs.os.replace = replace
        sys.exit(main(["report", "--ssi", {str(log)!r}, "--out", {str(out / "r.html")!r},
                       "--lags", "0,1"]))
        """,
        tmp_path,
    )
    assert run.returncode == EXIT_TERMINATED, run.stderr[-2000:]
    assert f"after the new outputs were complete ({len(PARTS)} files written)" in run.stderr
    after = _contents(out)
    assert sorted(after) == sorted(PARTS) and _no_debris(out)
    assert b'"lags": [\n      0,\n      1\n    ]' in after["r_manifest.json"]  # the new run's
