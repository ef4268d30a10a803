"""Progress names each step of a long run, on a terminal only (the statistics know nothing)."""

import io

import pytest

from ssi_analysis.present.progress import Steps


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_steps_are_named_and_counted_on_a_terminal_only():
    screen = Terminal()
    with Steps(3, file=screen) as step:
        step("reading the data")
        step("answering 500 sellers")
    drawn = screen.getvalue()
    assert "answering 500 sellers: step 1 of 3" in drawn and "reading the data" in drawn
    piped = io.StringIO()  # a log file or a pipe: nothing at all
    with Steps(3, file=piped) as step:
        step("reading the data")
    assert piped.getvalue() == ""


@pytest.mark.slow  # a team report, end to end
def test_the_team_report_says_each_step_with_the_number_of_sellers(repo, tmp_path):
    from ssi_analysis.present.report import build_report

    said = []
    team = repo / "data" / "sample" / "team"
    build_report(
        team / "team_ssi_log.csv",
        [team / "report1763856000000.csv"],
        out=tmp_path / "team.html",
        progress=said.append,
        lags=(0,),  # the steps, not the answers: one lag has every step
    )
    assert said == [
        "reading the data",
        "putting the data on one clock",
        "answering 12 sellers",
        "writing the page and the tables",
    ]
