"""The ssi-analysis command: output, exit codes, no tracebacks."""

import subprocess
import sys

from ssi_analysis.cli import main


def test_load_sample_prints_report_and_summary(capsys, repo):
    assert main(["load", str(repo / "data" / "sample" / "ssi_log.csv")]) == 0
    out = capsys.readouterr().out
    assert "rows read" in out and "problems: none" in out
    assert "latest score, " in out and "marks at 40 and 70" in out and "over 4 weeks" in out


def test_a_weekly_log_is_counted_in_weeks(write, capsys):
    """Issue 24: a weekly log's summary counted days ("118 missing in 15 gaps"): six empty
    days a week are how a weekly log is kept, not gaps. 20 Mondays, 3 not logged and one
    failed capture: 16 of 20 weeks, 4 missing in 3 gaps (longest 2 weeks)."""
    import pandas as pd

    mondays = pd.date_range("2026-01-05", periods=20, freq="W-MON")
    rows = [
        f"{day:%Y-%m-%d}," + ("0,0,0,0,0" if i == 3 else "46,12,10,11,13")
        for i, day in enumerate(mondays)
        if i not in (5, 9, 10)
    ]
    path = write("weekly.csv", "Date,SSI,Brand,People,Insights,Relationships\n" + "\n".join(rows))
    assert main(["load", str(path)]) == 0
    out = capsys.readouterr().out
    assert "16 of 20 weeks have a score; 4 missing in 3 gaps (longest 2 weeks)" in out, out


def test_data_error_exits_1_with_message_and_no_traceback(write):
    path = write("bad.csv", "Date,SSI,Brand\n2026-05-12,50,51\n")
    run = subprocess.run(
        [sys.executable, "-m", "ssi_analysis.cli", "load", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "bad.csv, line 2, column 'Brand'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_drop_flag_loads_the_rest(write, capsys):
    path = write("bad.csv", "Date,SSI,Brand\n2026-05-12,50,51\n2026-05-13,50,20\n")
    assert main(["load", str(path), "--drop"]) == 0
    assert "1 rejected" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys):
    assert main(["load", "no-such-file.csv"]) == 2
    assert "no such file" in capsys.readouterr().err
    try:
        main(["frobnicate"])
    except SystemExit as exc:
        assert exc.code == 2
    else:
        raise AssertionError("argparse should have exited")


def test_report_help_says_where_the_sample_comes_from(capsys):
    """Issue 24: --sample's help said it uses "data/sample", a checkout's folder; the sample
    ships inside the kit."""
    import pytest

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "ships with the kit" in text and "(data/sample)" not in text
