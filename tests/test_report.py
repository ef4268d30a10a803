"""The one-command HTML report: content, self-containment, CSV, errors, anonymization."""

import html
import re
import subprocess
import sys

import pandas as pd
import pytest

from ssi_analysis.cli import main


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, request):
    repo = request.config.rootpath
    sample = repo / "data" / "sample"
    before = sorted(p.name for p in sample.rglob("*"))
    out = tmp_path_factory.mktemp("report") / "report.html"
    run = subprocess.run(
        [sys.executable, "-m", "ssi_analysis.cli", "report", "--sample", "--out", str(out)],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # the kit never writes into an input's folder unless asked
    assert sorted(p.name for p in sample.rglob("*")) == before
    return out, out.with_name("report_answers.csv"), run


@pytest.mark.slow  # builds a whole report through a Jupyter kernel
def test_report_is_one_self_contained_page(sample_report):
    page = sample_report[0].read_text(encoding="utf-8")
    assert len(re.findall(r'<img[^>]*src="\s*data:image/png;base64,', page)) >= 5
    assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page)  # nothing fetched
    assert "<script" not in page and "<link" not in page
    assert "import ssi_analysis" not in page and "jp-InputArea" not in page  # code hidden
    for section in (
        "The data",
        "SSI over time",
        "The answer",
        "Pictures",
        "Power",
        "Methods and caveats",
    ):
        assert section in page
    assert "SSI is an activity score, not a revenue metric" in page
    assert "cannot show cause" in page


@pytest.mark.slow  # builds a whole report through a Jupyter kernel
def test_answer_csv_matches_the_table(sample_report):
    page = html.unescape(sample_report[0].read_text(encoding="utf-8"))
    answers = pd.read_csv(sample_report[1])
    assert set(answers["score"]) == {"ssi", "brand", "people", "insights", "relationships"}
    assert answers.groupby("outcome").size().eq(5).all()
    for row in answers[answers["score"] == "ssi"].itertuples():
        assert row.verdict in page
    # the sample was made with SSI driving reach but not pipeline: the report says so
    ssi_rows = answers[answers["score"] == "ssi"].set_index("outcome")
    assert ssi_rows.loc["impressions", "answer"] == "moves with it"
    assert ssi_rows.loc["pipeline_created", "answer"] != "moves with it"
    assert ssi_rows.loc["revenue_won", "answer"] != "moves with it"


@pytest.mark.slow  # builds a whole report through a Jupyter kernel
def test_progress_is_shown_on_the_terminal(sample_report):
    assert "checking the data" in sample_report[2].stderr
    assert "Executing" in sample_report[2].stderr  # papermill's progress bar


def test_data_error_exits_1_with_the_message(write, tmp_path):
    bad = write("bad.csv", "Date,SSI,Brand\n2026-05-12,50,51\n")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ssi_analysis.cli",
            "report",
            "--ssi",
            str(bad),
            "--out",
            str(tmp_path / "r.html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "bad.csv, line 2, column 'Brand'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not (tmp_path / "r.html").exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report"])  # neither --ssi nor --sample
    assert info.value.code == 2


@pytest.mark.slow  # builds a whole report through a Jupyter kernel
def test_anonymize_leaves_no_name(tmp_path, repo):
    sample = repo / "data" / "sample"
    team_dir = sample / "team"
    names = set(pd.read_csv(team_dir / "team_ssi_log.csv")["Name"]) | {"Dana"}
    out = tmp_path / "anon.html"
    code = main(
        [
            "report",
            "--ssi",
            str(team_dir / "team_ssi_log.csv"),
            str(sample / "ssi_log.csv"),
            "--person",
            "Dana W.",
            "--outcomes",
            str(team_dir / "report1763856000000.csv"),
            str(sample / "Content_2025-11-24_2026-11-22_Dana.xlsx"),
            "--out",
            str(out),
            "--anonymize",
        ]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\s]+", "", page)
    csv_text = (tmp_path / "anon_answers.csv").read_text(encoding="utf-8")
    for name in names:
        for part in name.split():
            if len(part) >= 3:
                assert part not in text, part
                assert part not in csv_text, part
    assert "Person " in text  # pseudonyms stand in


@pytest.mark.slow  # builds a whole report through a Jupyter kernel
def test_text_from_input_files_is_escaped(write, tmp_path):
    days = pd.date_range("2026-01-05", periods=140)
    lines = ["Name,Date,SSI,<script>alert(1)</script>"]
    lines += [f"<b>Ana</b>,{d:%Y-%m-%d},{50 + (i % 7)},x" for i, d in enumerate(days)]
    path = write("log.csv", "\n".join(lines) + "\n")
    out = tmp_path / "r.html"
    assert main(["report", "--ssi", str(path), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<b>Ana" not in page
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # listed as a column not used
