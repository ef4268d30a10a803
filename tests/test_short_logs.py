"""Too little data is a page that says so; Ctrl-C and SIGTERM end with one line.

The workshop's take-home says "log weekly, then run report": after 4 or 8 weeks that report
must be a page saying how many weeks there are, how many an answer needs and from which week
it could answer (exit 0), never an ``IndexError``.
"""

from __future__ import annotations

import html
import re
import shutil

import pandas as pd
import pytest

from ssi_analysis.cli import EXIT_INTERRUPTED, EXIT_OK, main
from ssi_analysis.present.workshop import TEMPLATE_COLUMNS

DEALS = "hubspot-crm-exports-all-deals-2026-11-23.csv"


def _weekly_log(path, weeks: int, first: str = "2026-08-03") -> None:
    """A take-home log: one capture a week, the template's columns."""
    days = pd.date_range(first, periods=weeks, freq="7D")
    rows = [f"{d:%Y-%m-%d},{50 + i % 3},13.1,12.2,11.3,{13.4 + i % 3:.1f}" for i, d in
            enumerate(days)]  # fmt: skip
    path.write_text(",".join(TEMPLATE_COLUMNS) + "\n" + "\n".join(rows) + "\n")


def _answer_text(page: str) -> str:
    part = page.split('<section id="answer">')[1].split("</section>")[0]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)))


@pytest.mark.slow
@pytest.mark.parametrize("weeks", [4, 8])
def test_take_home_log_of_a_few_weeks_gives_a_page_that_says_when(tmp_path, repo, weeks, capsys):
    log = tmp_path / "my_ssi.csv"
    _weekly_log(log, weeks)
    deals = tmp_path / DEALS
    shutil.copy(repo / "data" / "sample" / DEALS, deals)
    out = tmp_path / "report.html"
    code = main(
        ["report", "--ssi", str(log), "--outcomes", str(deals), "--person", "Dana W.",
         "--out", str(out)]
    )  # fmt: skip
    assert code == EXIT_OK, capsys.readouterr().err
    said = _answer_text(out.read_text(encoding="utf-8"))
    assert f"{weeks} weeks have both your SSI and an outcome" in said
    assert "needs at least 10" in said
    # the last capture's week plus the weeks still missing, every week logged
    last = pd.Timestamp("2026-08-03") + pd.Timedelta(weeks=weeks - 1)
    ready = last + pd.Timedelta(weeks=10 - weeks)
    assert f"from the week of {ready:%Y-%m-%d}" in said
    answers = pd.read_csv(tmp_path / "report_answers.csv")
    assert answers.empty  # nothing answered: the header alone, no made-up verdict


@pytest.mark.slow
def test_ssi_and_outcomes_that_do_not_overlap_name_both_ranges(tmp_path, repo, capsys):
    log = tmp_path / "old_ssi.csv"
    _weekly_log(log, 30, first="2020-03-02")  # an archive that ends in 2020
    deals = tmp_path / DEALS
    shutil.copy(repo / "data" / "sample" / DEALS, deals)
    out = tmp_path / "report.html"
    code = main(
        ["report", "--ssi", str(log), "--outcomes", str(deals), "--person", "Dana W.",
         "--out", str(out)]
    )  # fmt: skip
    assert code == EXIT_OK, capsys.readouterr().err
    said = _answer_text(out.read_text(encoding="utf-8"))
    assert "do not overlap in time" in said
    assert "from 2020-03-02 to 2020-09-21" in said  # the SSI's weeks
    assert re.search(r"your outcomes from 20(24|25)-\d\d-\d\d to 2026-\d\d-\d\d", said)
    assert "collect more" not in said


@pytest.mark.slow
def test_a_short_team_log_gives_a_page(tmp_path, repo, capsys):
    team = pd.read_csv(repo / "data" / "sample" / "team" / "team_ssi_log.csv")
    team[team["Date"].between("2026-08-03", "2026-08-30")].to_csv(tmp_path / "team.csv",
                                                                  index=False)  # fmt: skip
    deals = next((repo / "data" / "sample" / "team").glob("report*.csv"))
    out = tmp_path / "team.html"
    code = main(["report", "--ssi", str(tmp_path / "team.csv"), "--outcomes", str(deals),
                 "--out", str(out)])  # fmt: skip
    assert code == EXIT_OK, capsys.readouterr().err
    assert out.exists()


def test_ctrl_c_during_report_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    import ssi_analysis.present.report as report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report, "build_report", interrupted)
    log = tmp_path / "log.csv"
    _weekly_log(log, 4)
    code = main(["report", "--ssi", str(log), "--out", str(tmp_path / "r.html")])
    err = capsys.readouterr().err
    assert code == EXIT_INTERRUPTED
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("ssi-analysis: stop")
    assert not list(tmp_path.glob("r*"))  # nothing written


def test_ctrl_c_during_load_is_one_line_and_exit_130(tmp_path, monkeypatch, capsys):
    import ssi_analysis.schema.ssi as ssi

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(ssi, "load_ssi", interrupted)
    log = tmp_path / "log.csv"
    _weekly_log(log, 4)
    assert main(["load", str(log)]) == EXIT_INTERRUPTED
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Ctrl-C" in err


def test_drop_advice_is_not_repeated_when_drop_was_given(tmp_path, capsys):
    log = tmp_path / "log.csv"
    log.write_text("Date,SSI\nnot a date,50\nalso bad,51\n")
    assert main(["load", "--drop", str(log)]) == 1
    err = capsys.readouterr().err
    assert "--drop" not in err and ".problems" not in err
