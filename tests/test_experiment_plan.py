"""The experiment plan's files (CSV, iCalendar, printable page) and the result's sentences."""

import re

import numpy as np
import pandas as pd
import pytest

from ssi_analysis.errors import SSIDataError
from ssi_analysis.present.experiment import (
    calendar,
    default_start,
    experiment_sentences,
    experiment_summary,
    plan_experiment,
    read_schedule,
)
from ssi_analysis.stats.experiment import experiment, schedules


@pytest.fixture
def written(tmp_path):
    return plan_experiment(
        start="2027-01-04",
        weeks=24,
        block=2,
        arms=("usual", "more"),
        describe={"more": "post 3 times a week; comment on 5 posts, daily <b>"},
        seed=42,
        out=tmp_path / "plan",
        person="Zoë Ångström",
    )


def unfold(text: str) -> list[str]:
    return text.replace("\r\n ", "").split("\r\n")


def test_calendar_follows_rfc_5545(written):
    raw = written.files["ics"].read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in physical) <= 75  # octets, folded
    for line in physical:
        line.decode("utf-8")  # folding never splits a character
    lines = unfold(raw.decode("utf-8"))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-2] == "END:VCALENDAR"
    events = raw.decode("utf-8").count("BEGIN:VEVENT")
    assert events == len(written.schedule) + 1 == 13  # the blocks and "look at the results"
    uids = [line for line in lines if line.startswith("UID:")]
    assert len(set(uids)) == 13
    assert all(re.fullmatch(r"DTSTAMP:\d{8}T\d{6}Z", x) for x in lines if x.startswith("DTSTAMP"))
    starts = [x.split(":")[1] for x in lines if x.startswith("DTSTART;VALUE=DATE:")][:-1]
    ends = [x.split(":")[1] for x in lines if x.startswith("DTEND;VALUE=DATE:")][:-1]
    sched = written.schedule
    assert starts == list(sched["start"].dt.strftime("%Y%m%d"))
    assert ends == list((sched["end"] + pd.Timedelta(days=1)).dt.strftime("%Y%m%d"))  # exclusive
    summary = next(x for x in lines if x.startswith("SUMMARY:") and "more" in x)
    assert "post 3 times a week\\; comment on 5 posts\\, daily <b>" in summary


def test_calendar_folds_long_non_ascii_text():
    s = schedules(8, 2, seed=1, start="2027-01-04").assign(does="publicar é 🙂 " * 20)
    text = calendar(s, person="Zoë")
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "publicar é 🙂 publicar" in "".join(unfold(text))


def test_schedule_csv_round_trips_and_is_accepted(written):
    sched = read_schedule(written.files["csv"])
    assert list(sched["seed"].unique()) == [42]
    weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    data = pd.DataFrame({"period": weeks, "impressions": np.arange(24.0)})
    res = experiment(data, sched, outcomes=["impressions"])
    assert res.edited == "" and res.weeks == 24


def test_schedule_csv_edited_by_hand_is_refused(written, tmp_path):
    csv = written.files["csv"]
    lines = csv.read_text(encoding="utf-8").splitlines()
    arms = [line.split(",")[3] for line in lines[1:]]
    i, j = arms.index("usual") + 1, arms.index("more") + 1
    lines[i], lines[j] = (
        lines[i].replace(",usual,", ",more,"),
        lines[j].replace(",more,", ",usual,"),
    )
    edited = tmp_path / "edited.csv"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")
    weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    data = pd.DataFrame({"period": weeks, "impressions": np.arange(24.0)})
    with pytest.raises(SSIDataError, match="stored seed"):
        experiment(data, read_schedule(edited), outcomes=["impressions"])


def test_not_a_schedule_is_named(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(SSIDataError, match="missing column"):
        read_schedule(path)


def test_printable_page_lists_every_week_and_escapes_text(written):
    page = written.files["html"].read_text(encoding="utf-8")
    assert page.count("<tr class=") == 24
    assert "daily &lt;b&gt;" in page and "daily <b>" not in page
    assert "Zoë Ångström" in page and "seed 42" in page


def test_page_says_what_the_report_reads_as_adherence(written):
    """The report reads a per-block yes/no 'followed' column of schedule.csv: the page says so."""
    page = re.sub(r"\s+", " ", written.files["html"].read_text(encoding="utf-8"))
    assert "<code>schedule.csv</code>: <code>followed</code>, one value per row" in page
    assert "<code>yes</code>" in page and "<code>no</code>" in page
    ics = "".join(unfold(written.files["ics"].read_bytes().decode("utf-8")))
    assert "column 'followed'" in ics and "each week" not in ics
    # what the page tells the user to write is what the analysis reads
    sched = read_schedule(written.files["csv"]).assign(followed=["yes"] * 11 + ["no"])
    weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    data = pd.DataFrame({"period": weeks, "impressions": np.arange(24.0)})
    assert experiment(data, sched, outcomes=["impressions"]).followed == pytest.approx(22 / 24)


def test_page_fits_a_phone_and_wraps_the_command_between_words(written):
    page = written.files["html"].read_text(encoding="utf-8")
    assert 'name="viewport"' in page and "break-all" not in page
    assert '<div class="wrap">' in page  # the table scrolls rather than being cut off
    code = re.search(r'<p class="command"><code>(.*?)</code></p>', page, re.S).group(1)
    words = re.findall(r'<span class="word">(.*?)</span>', code)
    assert [w.replace("<wbr>", "") for w in words] == written.when["command"].split(" ")
    assert '<span class="word">--outcomes</span>' in code  # never split at its hyphens


@pytest.mark.parametrize(
    ("today", "expected", "moved"),
    [
        ("2027-03-03", "2027-03-08", False),  # an ordinary Wednesday: the next Monday
        ("2027-03-08", "2027-03-15", False),  # a Monday: the next one, never today
        ("2026-12-01", "2027-01-11", True),  # its first block (7-20 Dec) reaches 18 Dec
        ("2026-12-23", "2027-01-11", True),
        ("2027-01-01", "2027-01-11", True),  # 4 Jan is still in the holidays
        ("2027-01-05", "2027-01-11", False),  # 11 Jan is after them
    ],
)
def test_default_start_skips_the_holidays_and_says_so(today, expected, moved):
    start, why = default_start(pd.Timestamp(today).date(), 2)
    assert str(start.date()) == expected and start.day_name() == "Monday"
    assert bool(why) == moved
    if moved:
        assert f"starts on {start:%A %d %B %Y}" in why and "--start" in why
        plan = plan_experiment(start=start, weeks=24, seed=1, outcomes=[])
        assert plan.holidays == []


def test_plan_says_when_it_is_too_short():
    plan = plan_experiment(start="2027-01-04", weeks=16, block=2, seed=1)
    assert any("too short to find anything" in s and "20 weeks" in s for s in plan.sentences)
    longer = plan_experiment(start="2027-01-04", weeks=24, block=2, seed=1)
    assert any("8 times in 10" in s for s in longer.sentences)


def test_plan_warns_that_revenue_is_slower_than_a_block():
    plan = plan_experiment(start="2027-01-04", weeks=24, seed=1, outcomes=["revenue_won"])
    assert any("sales cycle" in s for s in plan.sentences)


def test_plan_uses_the_users_own_history(rng):
    history = pd.DataFrame({"impressions": rng.normal(1000, 100, 52)})  # cv about 0.1
    plan = plan_experiment(start="2027-01-04", weeks=24, seed=1, history=history)
    row = plan.detect.set_index("measure")
    assert row.loc["impressions", "source"] == "history"
    assert row.loc["impressions", "cv"] == pytest.approx(0.1, abs=0.03)
    assert row.loc["pipeline_created", "source"] == "typical"
    assert row.loc["impressions", "detectable"] < row.loc["pipeline_created", "detectable"]


def test_plan_rejects_bad_arguments():
    with pytest.raises(ValueError, match="describe names arms"):
        plan_experiment(start="2027-01-04", weeks=24, seed=1, describe={"most": "x"})
    with pytest.raises(ValueError, match="must be a Monday"):
        plan_experiment(start="2027-01-05", weeks=24, seed=1)
    with pytest.raises(ValueError, match="multiple of block"):
        plan_experiment(start="2027-01-04", weeks=25, seed=1)


def test_sentences_lead_with_the_answer_and_say_what_it_does_not_generalise_to(written):
    weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    more = np.repeat((written.schedule["arm"] == "more").to_numpy(), 2)
    data = pd.DataFrame(
        {
            "period": weeks,
            "impressions": 1000.0 + 500 * more + 20 * np.sin(np.arange(24)),
            "followed": [True] * 18 + [False] * 6,
        }
    )
    res = experiment(data, written.schedule, outcomes=["impressions"])
    words = experiment_sentences(res)
    assert words[0].startswith("Weekly impressions: changed. In 'more' weeks 5")
    assert "between +48 % and +5" in words[0]  # the % interval of a proportional lift
    assert any("75 % of the weeks" in s for s in words)
    assert "someone else" in words[-1]


def test_plan_command_writes_the_plan_and_never_draws_over_one(tmp_path, capsys):
    from ssi_analysis.cli import main

    out = tmp_path / "plan"
    args = ["plan", "--weeks", "24", "--arms", "usual", "3 posts a week", "--out", str(out)]
    assert main([*args, "--start", "2027-01-04", "--seed", "7"]) == 0
    said = capsys.readouterr().out
    assert "seed 7" in said and "12 blocks" in said and "impressions" in said
    schedule = pd.read_csv(out / "schedule.csv")
    assert sorted(schedule["arm"].value_counts().tolist()) == [6, 6]
    assert set(schedule["arm"]) == {"usual", "3 posts a week"} and set(schedule["seed"]) == {7}
    assert (out / "schedule.ics").read_bytes().count(b"BEGIN:VEVENT") == 12 + 1  # results day
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    # a second draw into the same folder would change which weeks are which: refused
    assert main([*args, "--seed", "8"]) == 2
    assert "already holds a plan" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert main([*args, "--seed", "8", "--force"]) == 0
    assert pd.read_csv(out / "schedule.csv")["seed"].iloc[0] == 8
    # a length the design cannot take: said in words, exit 2, nothing written
    assert main(["plan", "--weeks", "7", "--out", str(tmp_path / "odd")]) == 2
    assert "weeks (7) must be a multiple of block (2)" in capsys.readouterr().err
    assert not (tmp_path / "odd" / "schedule.csv").exists()


def test_the_measure_chosen_when_planning_is_tested_on_its_own(tmp_path):
    # the plan stores the measure the change is meant to move; at the end it is tested alone
    # (its family p is its own p) and leads the summary; the others form a family
    plan = plan_experiment(
        start="2027-01-04", weeks=24, seed=11, outcomes=("replies", "impressions"), out=tmp_path
    )
    schedule = read_schedule(tmp_path / "schedule.csv")
    assert set(schedule["primary"]) == {"replies"}
    weeks = pd.date_range("2027-01-04", periods=24, freq="7D")
    more = np.repeat((plan.schedule["arm"] == "more").to_numpy(), 2)
    wiggle = np.sin(np.arange(24))
    data = pd.DataFrame(
        {
            "period": weeks,
            "replies": 10.0 + 5 * more + wiggle,
            "impressions": 1000.0 + 50 * wiggle,
            "engagements": 30.0 + 3 * np.cos(np.arange(24)),
        }
    )
    res = experiment(data, schedule, outcomes=["replies", "impressions", "engagements"])
    table = res.table.set_index("measure")
    assert table.loc["replies", "primary"] and table["primary"].sum() == 1
    assert table.loc["replies", "p_family"] == table.loc["replies", "p"]
    others = table[~table["primary"]]
    assert (others["p_family"] >= others["p"]).all()
    summary = experiment_summary(res)
    assert summary.index("replies a week, the measure you chose when planning, differed") < (
        summary.index("Of the other measures")
    )


def test_plan_says_when_and_how_to_look_at_the_results(written):
    """The page, the sentences and the calendar give the last day, the day after and the
    command, with the plan's own schedule file."""
    last = written.schedule["end"].iloc[-1]
    assert last == pd.Timestamp("2027-06-20") and last.day_name() == "Sunday"  # 24 weeks on
    when = written.when
    assert when["analyse_from"] == pd.Timestamp("2027-06-21")
    path = (written.files["csv"]).as_posix()
    assert when["command"].startswith("ssi-analysis report --ssi ")
    assert when["command"].endswith(f"--experiment {path}")
    assert written.sentences[-1] == when["sentence"]
    assert "Sunday 20 June 2027" in when["sentence"] and "Monday 21 June 2027" in when["sentence"]
    page = written.files["html"].read_text(encoding="utf-8")
    assert "When and how to look at the results" in page
    assert "Sunday 20 June 2027" in page and "Monday 21 June 2027" in page
    code = re.search(r'<p class="command"><code>(.*?)</code></p>', page, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", code) == when["command"]  # copied text is the command
    lines = unfold(written.files["ics"].read_bytes().decode("utf-8"))
    last_event = lines[lines.index("BEGIN:VEVENT", len(lines) - 12) :]
    assert "DTSTART;VALUE=DATE:20270621" in last_event
    assert "DTEND;VALUE=DATE:20270622" in last_event
    summary = next(x for x in last_event if x.startswith("SUMMARY:"))
    assert summary.startswith("SUMMARY:Look at the results: run ssi-analysis report")
    assert path in summary
    # without a folder the command names the CLI's usual one
    plain = plan_experiment(start="2027-01-04", weeks=24, seed=42)
    assert plain.when["command"].endswith("--experiment plan/schedule.csv")
    # the command the page gives is one the CLI accepts
    from ssi_analysis.cli import _parser

    args = when["command"].split()[1:]
    parsed = _parser().parse_args(args)
    assert parsed.experiment == path


def test_plan_flags_blocks_over_the_holidays(tmp_path):
    plan = plan_experiment(start="2026-11-30", weeks=24, seed=1, out=tmp_path / "p")
    assert plan.holidays == [2, 3]  # 14-27 Dec 2026 and 28 Dec 2026 - 10 Jan 2027
    sentence = next(s for s in plan.sentences if "over the holidays" in s)
    assert "block 2 (14 Dec to 27 Dec 2026)" in sentence and "block 3" in sentence
    assert "18 December to 8 January" in sentence
    page = plan.files["html"].read_text(encoding="utf-8")
    assert "over the holidays" in page
    # the weeks of 14 Dec - 10 Jan are flagged, the others not: 14, 21, 28 Dec, 4 Jan
    flagged = re.findall(r"<td class=\"week\">(\w{3} \d\d \w{3} \d{4}) <em>\(holidays\)</em>", page)
    assert flagged == ["Mon 14 Dec 2026", "Mon 21 Dec 2026", "Mon 28 Dec 2026", "Mon 04 Jan 2027"]
    # a block that ends on 17 December or starts on 9 January is not flagged
    clear = plan_experiment(start="2027-01-11", weeks=48, block=4, seed=1, outcomes=[])
    assert clear.holidays == [] and not [s for s in clear.sentences if "holidays" in s]
    edge = plan_experiment(start="2026-01-12", weeks=48, block=4, seed=1, outcomes=[])
    assert edge.schedule["end"].iloc[-1] == pd.Timestamp("2026-12-13") and edge.holidays == []
    late = plan_experiment(start="2026-01-19", weeks=48, block=4, seed=1, outcomes=[])
    assert late.schedule["end"].iloc[-1] == pd.Timestamp("2026-12-20") and late.holidays == [12]


def test_plan_advises_when_a_change_needs_more_than_two_years():
    from ssi_analysis.stats.experiment import detectable_change

    plan = plan_experiment(start="2027-01-11", weeks=24, seed=1)
    assert plan.detect["weeks_needed"].isna().all()  # 20 %: beyond two years for both
    advice = next(s for s in plan.sentences if s.startswith("More than two years"))
    assert "bigger change" in advice and "impressions" in advice
    assert "Longer blocks are not the fix" in advice
    # the claim about longer blocks holds in the planner's own figures
    for weeks in (24, 48):
        two, four = (detectable_change(weeks=weeks, block=b, cv=0.5, phi=0.0) for b in (2, 4))
        assert four > two
    # a measure the plan can find at 20 % gets no advice
    quiet = pd.DataFrame({"impressions": np.random.default_rng(1).normal(1000, 50, 52)})
    calm = plan_experiment(
        start="2027-01-11", weeks=24, seed=1, outcomes=["impressions"], history=quiet
    )
    assert not [s for s in calm.sentences if s.startswith("More than two years")]


def test_schedule_csv_cut_short_is_refused_or_flagged(written, tmp_path):
    """Deleting the last blocks (stopping early) is caught from the plan's stored total."""
    lines = written.files["csv"].read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert {"blocks", "weeks"} <= set(header)
    short = tmp_path / "short.csv"
    short.write_text("\n".join(lines[:-2]) + "\n", encoding="utf-8")  # last 2 blocks gone
    weeks = pd.date_range("2027-01-04", periods=20, freq="7D")
    data = pd.DataFrame({"period": weeks, "impressions": np.arange(20.0)})
    with pytest.raises(SSIDataError, match=r"the plan has 12 blocks \(24 weeks\).* has 10"):
        experiment(data, read_schedule(short), outcomes=["impressions"])
    res = experiment(data, read_schedule(short), outcomes=["impressions"], edited="flag")
    assert "blocks were deleted" in res.edited
    # a schedule written before the totals were stored still loads and is accepted
    keep = [k for k, name in enumerate(header) if name not in ("blocks", "weeks")]
    old = tmp_path / "old.csv"
    old.write_text(
        "\n".join(",".join(line.split(",")[k] for k in keep) for line in lines) + "\n",
        encoding="utf-8",
    )
    data = pd.DataFrame(
        {"period": pd.date_range("2027-01-04", periods=24, freq="7D"), "impressions": 1.0}
    )
    assert experiment(data, read_schedule(old), outcomes=["impressions"]).edited == ""
