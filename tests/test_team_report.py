"""The analyst's team report: filters, the run manifest, the spreadsheet export, the CLI."""

import codecs
import hashlib
import json
import os
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from ssi_analysis.cli import main

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_team_report")


@pytest.fixture(scope="module")
def team_files(tmp_path_factory):
    from ssi_analysis.simulate import simulate
    from ssi_analysis.simulate.writers import write_salesforce_csv, write_ssi_log

    folder = tmp_path_factory.mktemp("team")
    sim = simulate("team", seed=3, people=5, days=210, start="2025-06-02", deal_rate=0.8)
    ssi = write_ssi_log(sim.scores, folder / "team_ssi.csv", seed=3)
    deals = write_salesforce_csv(sim.deals, folder / "report1700000000000.csv", seed=3)
    return ssi, deals, sorted(sim.scores["person"].unique())


def run(files, out, *extra):
    ssi, deals, _ = files
    args = ["report", "--ssi", str(ssi), "--outcomes", str(deals), "--out", str(out)]
    return main([*args, "--lags", "0-1", "--scores", "ssi", *extra])


def without_run_date(page: str) -> str:
    return re.sub(r"<dt>run date</dt><dd>[^<]*</dd>", "", page)


@pytest.mark.slow
def test_team_report_files_manifest_and_reproducibility(team_files, tmp_path, capsys):
    first = tmp_path / "r.html"
    assert run(team_files, first) == 0
    page, csv_a = first.read_text(encoding="utf-8"), first.with_name("r_answers.csv").read_bytes()
    assert run(team_files, first) == 0  # the same command again
    out = capsys.readouterr().out
    assert "r_answers.xlsx" in out and "r_manifest.json" in out and "replaced" in out
    # two runs on the same inputs: the same page apart from the run date, the same tables
    assert without_run_date(page) == without_run_date(first.read_text(encoding="utf-8"))
    assert "<dt>run date</dt>" in page and "How this report was made" in page
    # no library warnings on the page (issue 24): the section that would list them is absent
    assert "Notes from the computation" not in page
    csv_b = first.with_name("r_answers.csv").read_bytes()
    assert csv_a == csv_b and csv_a.startswith(codecs.BOM_UTF8)
    # the manifest: inputs with size and SHA-256, rows, options, libraries
    manifest = json.loads(first.with_name("r_manifest.json").read_text(encoding="utf-8"))
    ssi, deals, _ = team_files
    by_name = {item["file"]: item for item in manifest["inputs"]}
    assert by_name[ssi.name]["sha256"] == hashlib.sha256(ssi.read_bytes()).hexdigest()
    assert by_name[deals.name]["bytes"] == deals.stat().st_size
    assert manifest["options"]["lags"] == [0, 1] and "statsmodels" in manifest["libraries"]
    assert [r["data"] for r in manifest["rows"]] == ["SSI", "outcomes"]
    assert manifest["command"].startswith("ssi-analysis report --ssi")
    assert by_name[ssi.name]["sha256"] in page
    # the spreadsheet: the answers with full precision, and a sheet documenting each column
    book = openpyxl.load_workbook(first.with_name("r_answers.xlsx"))
    table = pd.read_csv(first.with_name("r_answers.csv"), encoding="utf-8-sig")
    header = [c.value for c in book["answers"][1]]
    assert header == list(table.columns)
    documented = [row[0].value for row in book["columns"].iter_rows(min_row=2)]
    assert documented == header
    # lags and windows are whole numbers in the CSV and on the page (issue 24: "4.0", "4.00")
    raw = pd.read_csv(first.with_name("r_answers.csv"), encoding="utf-8-sig", dtype=str)
    counted = raw[["lag", "lag_low", "lag_high", "window"]].stack()
    assert len(counted) and not counted.str.contains(".", regex=False).any(), counted
    assert re.search(r"<td>ruled out</td>|<td>inconclusive</td>|<td>linked</td>", page)
    assert not re.search(r"<td>(ruled out|inconclusive|linked)</td>(<td>\d+</td>){3}"
                         r"<td>\d+\.\d+</td>", page)  # fmt: skip
    # the team section: units, each seller, the planner, the methods with their sources
    for words in (
        "per SSI point per seller-week",
        "Each seller on their own",
        "Power planner for the team",
        "Benjamini, Y. &amp; Hochberg, Y. (1995)",
        "Goertzen, J. R. &amp; Cribbie, R. A. (2010)",
        "Box, G. E. P. &amp; Jenkins",
        "Bell, R. M. &amp; McCaffrey",
    ):
        assert words in page, words


@pytest.mark.slow
def test_filters_are_applied_and_said(team_files, tmp_path):
    _, _, people = team_files
    out = tmp_path / "f.html"
    code = run(team_files, out, "--from", "2025-08-01", "--exclude", people[0])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "Analysed as asked: from 2025-08-01; without " in page
    sellers = page[page.index("Each seller on their own") :]
    assert f"<td>{people[0]}</td>" not in sellers and f"<td>{people[1]}</td>" in sellers


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--lags", "a-b"], "is not a lag range"),
        (["--lags", "-1"], "is not a lag range"),
        (["--scores", "ssi,karma"], "'karma': the scores are"),
        (["--from", "yesterday-ish"], "is not a date"),
    ],
)
def test_bad_analysis_options_are_usage_errors(extra, message, tmp_path, capsys):
    with pytest.raises(SystemExit) as info:
        main(["report", "--ssi", "x.csv", "--out", str(tmp_path / "r.html"), *extra])
    assert info.value.code == 2
    assert message in capsys.readouterr().err


def test_to_before_from_and_unknown_people_are_refused(team_files, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert run(team_files, out, "--from", "2025-09-01", "--to", "2025-08-01") == 2
    assert "is before --from" in capsys.readouterr().err
    assert run(team_files, out, "--people", "Nobody") == 1
    err = capsys.readouterr().err
    assert "no seller called 'Nobody'" in err and team_files[2][0] in err
    assert not out.exists()


def test_change_for_a_team_stops_with_a_sentence(team_files, tmp_path, capsys):
    """--change answers one seller; for a team it is never silently ignored."""
    out = tmp_path / "r.html"
    assert run(team_files, out, "--change", "2025-09-01", "new cadence") == 1
    err = capsys.readouterr().err
    assert "--change is checked on one seller's data" in err and "--people" in err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_manager_wording_of_team_diagnoses():
    """A sales leader reads the team's diagnoses: which sellers each pillar holds back."""
    import numpy as np

    from ssi_analysis.present.report import manager_lines, next_step

    gaps = pd.DataFrame(
        {
            "person": np.repeat(["Ann", "Bo", "Cy"], 2),
            "pillar": ["people", "brand"] * 3,
            "latest": [8.7, 19.0, 12.2, 9.1, 7.4, 15.0],
            "holds_back": [True, False, False, True, True, False],
            "change_12w": [-1.9, 0.0, 0.0, 0.1, 0.3, 0.0],
        }
    )
    lines = manager_lines(gaps)
    assert lines == ["Find the right people: Cy (7), Ann (9 ▼)", "Professional brand: Bo (9)"]
    said = next_step(gaps, team=True)
    assert said.startswith("What to do next: for 2 of 3 sellers “Find the right people”")
    assert "holds their SSI back most" in said
    assert "“Find the right people”" in said
    for text in [*lines, said]:
        assert "your" not in text.lower().split() and " p " not in text


def test_a_large_team_shows_who_moved_most_and_says_so(monkeypatch):
    """Above the grid's limit: the sellers whose SSI rose and fell most, named in the page."""
    import numpy as np

    from ssi_analysis.present import report

    drawn = []
    real_figure = report.figure

    def keep_titles(fig, **kwargs):
        drawn.append([ax.get_title() for ax in fig.axes if ax.get_visible()])
        return real_figure(fig, **kwargs)

    monkeypatch.setattr(report, "figure", keep_titles)
    days = pd.date_range("2025-01-06", periods=120)
    moves = {f"Seller {i:02d}": float(i - 15) for i in range(30)}  # -15 ... +14 points
    scores = pd.DataFrame(
        {
            "person": np.repeat(list(moves), len(days)),
            "date": np.tile(days, len(moves)),
            "ssi": np.concatenate([50 + m * np.linspace(0, 1, len(days)) for m in moves.values()]),
        }
    )
    note, picture = report._small_multiples(scores, list(moves), limit=6)
    said = "the 3 whose SSI rose most and the 3 whose SSI fell most of 30 people"
    assert note.content.startswith(f"Showing {said}") and said in picture.content.alt
    titles = drawn[0]
    assert [t.split(" (")[0] for t in titles] == [
        "Seller 29", "Seller 28", "Seller 27", "Seller 02", "Seller 01", "Seller 00",
    ]  # fmt: skip
    assert titles[0].endswith("(+11)") and titles[-1].endswith("(-12)")  # 92/119 of the move
    # within the limit: everyone, in order, and no note
    assert len(report._small_multiples(scores, list(moves)[:6], limit=6)) == 1
    assert [t.split(" (")[0] for t in drawn[1]] == list(moves)[:6]


@pytest.mark.slow  # two team reports, end to end
def test_per_seller_answers_with_groups_and_a_manifest_that_reruns_the_run(
    repo, tmp_path, monkeypatch, capsys
):
    import shutil
    import subprocess
    import sys

    team = tmp_path / "team"
    shutil.copytree(repo / "data" / "sample" / "team", team)
    monkeypatch.chdir(tmp_path)
    command = "report --ssi team/team_ssi_log.csv --outcomes team/report1763856000000.csv"
    # SSI alone (the pillars add rows, not claims): the run and its rerun cost half as much
    assert main([*command.split(), "--group-by", "Region", "--lags", "0-2", "--scores", "ssi",
                 "--out", "out/team.html"]) == 0  # fmt: skip
    assert "out/team_sellers.csv" in capsys.readouterr().out
    sellers = pd.read_csv("out/team_sellers.csv", encoding="utf-8-sig")
    assert list(sellers.columns[:3]) == ["person", "Region", "score"]
    assert sellers.groupby("person")["Region"].nunique().eq(1).all()
    assert sellers["person"].nunique() == 12
    assert set(sellers["Region"]) == {"North", "South", "West"}
    assert pd.api.types.is_integer_dtype(sellers["lag"]) and sellers["n"].dtype == "int64"
    book = openpyxl.load_workbook("out/team_answers.xlsx")
    assert {"answers", "sellers", "sellers_columns"} <= set(book.sheetnames)
    assert book["sellers"].auto_filter.ref and book["sellers"].freeze_panes == "A2"
    manifest = json.loads(Path("out/team_manifest.json").read_text(encoding="utf-8"))
    head = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    if head:  # run from a checkout: the kit's commit is named
        assert manifest["kit_commit"].split()[0] == head
    # the rerun line, run from elsewhere, writes the same answers
    first = Path("out/team_answers.csv").read_bytes()
    Path("out/team_answers.csv").unlink()
    env = {**os.environ, "PYTHONPATH": str(repo)}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]])
    subprocess.run(["bash", "-c", manifest["rerun"]], cwd="/", env=env, check=True,
                   capture_output=True)  # fmt: skip
    assert Path("out/team_answers.csv").read_bytes() == first


def test_keep_logging_never_names_a_past_date_and_says_how_long_a_firm_answer_takes():
    """A log too short for a first test: the date said is never in the past, and the
    sentence says, from the planner, that a firm answer takes years for one person."""
    import pandas as pd

    from ssi_analysis.present.words import next_step

    past = next_step(None, ready=pd.Timestamp("2020-01-06"), today=pd.Timestamp("2026-12-07"))
    assert "from about 7 December 2026" in past and "2020" not in past, past
    assert "first test" in past and "years" in past and "planner" in past
    later = next_step(None, ready=pd.Timestamp("2027-02-01"), today=pd.Timestamp("2026-12-07"))
    assert "from about 1 February 2027" in later


def test_team_pictures_show_every_outcome_at_the_lag_of_its_answer(monkeypatch):
    """Issue 24: team pictures showed lag 0 while the answer was at lag 2, and revenue had
    no picture. One picture per outcome asked, each drawn at the lag of SSI's team answer
    (the same week when no SSI row answers it), and its alt text says which."""
    import matplotlib

    matplotlib.use("Agg")
    from ssi_analysis.present import plots, report
    from ssi_analysis.simulate import simulate

    panel = simulate("team", seed=1, days=84, people=4).weekly()
    outcomes = ["deals_created", "pipeline_created", "deals_won", "revenue_won"]
    lags = {"deals_created": 0, "pipeline_created": 2, "revenue_won": 1}  # deals won: no row
    result = pd.DataFrame(
        [{"score": "ssi", "outcome": o, "lag": float(lag)} for o, lag in lags.items()]
        + [{"score": "brand", "outcome": "deals_won", "lag": 3.0}]  # not SSI's: not used
    )
    drawn, alts = [], []

    def record(data, *, x, y, lag=0, unit="week", ax=None):  # what is drawn, not the drawing
        drawn.append((x, y, lag))
        return ax

    def keep(fig, *, alt, **_):
        import matplotlib.pyplot as plt

        plt.close(fig)
        alts.append(alt)
        return report.note(alt)

    monkeypatch.setattr(plots, "team", record)
    monkeypatch.setattr(report, "figure", keep)
    from ssi_analysis import Answers

    result = Answers(result, pd.DataFrame(), kind="team")  # team_answers' one result type
    section = report._pictures_section(panel, result, outcomes, "week")
    assert drawn == [("ssi", "deals_created", 0), ("ssi", "pipeline_created", 2),
                     ("ssi", "deals_won", 0), ("ssi", "revenue_won", 1)]  # fmt: skip
    assert [block.content for block in section.blocks] == alts
    assert len(alts) == 4 and "revenue won" in alts[3]
    assert "2 weeks later" in alts[1] and "1 week later" in alts[3] and "same week" in alts[2]
