"""Messages that say what happened and send users the right way."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from ssi_analysis.cli import main
from ssi_analysis.readers import records

SAMPLE = "data/sample"
OUTCOME_EXPORTS = [
    "hubspot-crm-exports-all-deals-2026-11-23.csv",
    "Content_2025-11-24_2026-11-22_Dana.xlsx",
    "Basic_LinkedInDataExport_11-23-2026.zip",
    "team/report1763856000000.csv",  # Salesforce, with its footer lines
]


@pytest.mark.parametrize("name", OUTCOME_EXPORTS)
def test_load_on_an_outcome_export_says_where_it_goes(repo, name, capsys):
    assert main(["load", str(repo / SAMPLE / name)]) == 1
    err = capsys.readouterr().err
    assert "this is an outcome export" in err and "report --outcomes" in err
    for wrong in ("repair", "--drop", ".problems", "Traceback"):
        assert wrong not in err, wrong


def test_team_names_that_match_no_owner_are_named(repo, tmp_path, capsys):
    team = (repo / SAMPLE / "team" / "team_ssi_log.csv").read_text()
    log = tmp_path / "team.csv"
    log.write_text(team.replace("\nSeller ", "\nRep "))
    deals = repo / SAMPLE / "team" / "report1763856000000.csv"
    assert main(["report", "--ssi", str(log), "--outcomes", str(deals),
                 "--out", str(tmp_path / "r.html")]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert "'Rep A'" in err and "'Seller A'" in err and "collect more" not in err
    assert not (tmp_path / "r.html").exists()


def test_an_unreadable_folder_is_not_a_folder_without_files(write, monkeypatch, capsys):
    log = write("logs/log.csv", "Date,SSI\n2026-05-12,50\n")
    monkeypatch.setattr(records.os, "access", lambda *a: False)  # as a user without rights
    assert main(["load", str(log.parent)]) == 1
    err = capsys.readouterr().err
    assert "cannot be read: permission denied" in err and "no .csv" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="a shell pipe")
def test_a_closed_pipe_is_not_a_write_error(repo):
    run = subprocess.run(
        f"{sys.executable} -m ssi_analysis.cli load {SAMPLE}/team/team_ssi_log.csv | head -1",
        shell=True,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.stdout.startswith("SSI load report")
    assert "Traceback" not in run.stderr and "--out" not in run.stderr, run.stderr


@pytest.mark.slow
def test_a_change_label_with_dollars_is_drawn_as_text(repo, tmp_path, capsys):
    deals = tmp_path / OUTCOME_EXPORTS[0]
    shutil.copy(repo / SAMPLE / OUTCOME_EXPORTS[0], deals)
    code = main(["report", "--ssi", str(repo / SAMPLE / "ssi_log.csv"), "--outcomes",
                 str(deals), "--person", "Dana W.", "--lags", "0,1", "--change", "2026-03-02",
                 r"$\foo$ posting", "--out", str(tmp_path / "r.html")])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert r"$\foo$ posting" in page  # the heading says it as typed (escaped HTML)
