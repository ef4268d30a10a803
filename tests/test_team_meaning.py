"""A team's answer says the margin it tested, and what its interval shows (review 12, 1a/1c).

"Ruled out" for a team is decided on the window's effect (lags 0..H at once) against the
bound shrunk by the window's smallest lag weight w: ±bound at any single lag reads as at least
w times its size in the window (stats/answers/team.py, ``_effect_columns``). The sentence once
said ±bound beside an interval inside ±bound: "an effect of ±40 % ... cannot be ruled out
(90 % interval -8.9 % to +38.8 %)". These tests recompute the tested margin here, from
``bound``, ``window_weight`` and ``transform``, and read the margin and the interval back from
each sentence: on the sample team, its regions and a simulated team.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ssi_analysis as ssi
from ssi_analysis.stats.groups import group_answers

GOLDEN = Path(__file__).parent / "data" / "golden"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "team"

INTERVAL = re.compile(r"90 % interval:? ([-+][\d,]+(?:\.\d+)?) % to ([-+][\d,]+(?:\.\d+)?) %")
INSIDE = re.compile(r"inside (?:±(\d+) %|-(\d+) % to \+(\d+) %)")
PLUS_MINUS = re.compile(r"±(\d+) %")


def margin_tested(row) -> tuple[float, float]:
    """The margin "ruled out" was decided on, in % of the outcome (recomputed, not imported)."""
    w = row["window_weight"] if np.isfinite(row["window"]) else 1.0
    w = min(max(w, 0.0), 1.0) if np.isfinite(w) else 0.0  # as the test: ≤ 0, never ruled out
    b = row["bound"]
    if row["transform"] in ("ppml", "log1p"):
        return 100 * ((1 - b) ** w - 1), 100 * ((1 + b) ** w - 1)
    return -100 * b * w, 100 * b * w


def stated_margin(text: str) -> tuple[float, float]:
    """The margin a sentence compares its interval with: "inside <margin>", else its ±bound."""
    found = INSIDE.search(text)
    if found:
        sym, low, high = found.groups()
        return (-float(sym), float(sym)) if sym else (-float(low), float(high))
    sym = float(PLUS_MINUS.search(text).group(1))
    return -sym, sym


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    """Non-linked team rows with a % effect: the sample team, its regions, a simulated team
    (Poisson and raw-scale fits)."""
    from ssi_analysis.simulate import simulate

    scores = ssi.load_ssi(str(SAMPLE / "team_ssi_log.csv"))
    outcomes = ssi.load_outcomes([str(SAMPLE / "report1763856000000.csv")])
    panel = ssi.align(scores, outcomes, freq="W")
    regions = scores.attrs["load_report"].attributes.set_index("person")["Region"].to_dict()
    sim = simulate("team", seed=4, days=140, people=10).weekly()
    frames = [
        pd.read_csv(GOLDEN / "team_answers.csv"),  # held equal to the kit's by test_report
        group_answers(panel, groups=regions).table,
        ssi.team_answers(sim).table,
        ssi.team_answers(sim, transform=None, outcomes=["replies", "pipeline_created"]).table,
    ]
    out = pd.concat(frames, ignore_index=True)
    out["transform"] = out["transform"].fillna("")
    keep = out["verdict"].isin(["ruled out", "inconclusive"]) & np.isfinite(out["tost_low"])
    return out[keep & np.isfinite(out["bound"])].reset_index(drop=True)


def test_the_team_sentence_states_the_margin_tested_and_never_contradicts_its_interval(rows):
    # the check has power: rows whose interval sits inside ±bound but not inside the margin
    # tested (the old sentence's contradiction), of both verdicts
    assert len(rows) >= 30 and set(rows["verdict"]) == {"ruled out", "inconclusive"}
    records = rows.to_dict("records")
    # a window whose weights reach 0 (deals won over 14 weeks, simulated): nothing to rule out
    void = [row for row in records if max(margin_tested(row)) <= 0]
    assert void
    for row in void:
        assert row["verdict"] == "inconclusive", row["sentence"]
        assert "no interval of it rules that out" in row["sentence"], row["sentence"]
    records = [row for row in records if max(margin_tested(row)) > 0]
    # what a reader sees: the interval shown against the margin said beside it
    for row in records:
        text = row["sentence"]
        said_low, said_high = stated_margin(text)
        shown = INTERVAL.search(text)
        assert shown, text
        i_low, i_high = (float(g.replace(",", "")) for g in shown.groups())
        inside_said = said_low < i_low and i_high < said_high
        assert inside_said == (row["verdict"] == "ruled out"), text
    # what was tested: the verdict is the 90 % interval inside the margin tested (TOST at α),
    # and the margin said is that margin in whole %
    old = 0
    for row in records:
        low, high = margin_tested(row)
        inside = low < row["tost_low"] and row["tost_high"] < high
        assert inside == (row["verdict"] == "ruled out"), row["sentence"]
        said_low, said_high = stated_margin(row["sentence"])
        assert abs(said_low - low) < 1 and abs(said_high - high) < 1, (row["sentence"], low, high)
        bound = 100 * row["bound"]
        old += (
            row["verdict"] == "inconclusive" and -bound < row["tost_low"] < row["tost_high"] < bound
        )
    assert old >= 3


def test_a_ruled_out_interval_that_excludes_0_says_so(rows):
    """1c: "ruled out" beside +5 % to +24 % is a small effect, not nothing: the sentence says it."""
    ruled = rows[rows["verdict"] == "ruled out"]
    off_zero = (ruled["tost_low"] > 0) | (ruled["tost_high"] < 0)
    assert off_zero.sum()  # South's relationships × deals created on the sample
    for row in ruled[off_zero].to_dict("records"):
        text = row["sentence"]
        assert "excludes 0 read alone" in text and "at most a small effect" in text, text
    for text in ruled.loc[~off_zero, "sentence"]:
        assert "excludes 0" not in text


def test_a_person_ruled_out_beside_an_r_interval_that_excludes_0_says_why():
    """1c, one person: brand × messages received is ruled out (the effect's interval inside
    ±20 %) beside r = 0.27 (95 % interval 0.08 to 0.45); the sentence says what each is. The
    sample seller's rows (the golden file, held equal to the kit's by test_report) are said
    again here, so that the words are checked, not the file."""
    from ssi_analysis.words.answers import sentence

    person = pd.read_csv(GOLDEN / "sample_answers.csv", keep_default_na=False, na_values=[""])
    ruled = person[person["verdict"] == "ruled out"]
    off_zero = ((ruled["r_low"] > 0) | (ruled["r_high"] < 0)).to_numpy()
    assert off_zero.sum() >= 2
    said = [sentence(row, lags=range(5)) for row in ruled.to_dict("records")]
    assert said == ruled["sentence"].tolist()  # the words the report wrote
    for text, off in zip(said, off_zero, strict=True):
        assert ("excludes 0 read alone" in text and "95 % interval" in text) == off, text


def test_the_first_screen_never_leaves_open_a_change_the_interval_rules_out(rows):
    """The team's question sentences (the first screen) said "cannot rule out a change of 40 %
    or more ... for 5 weeks" beside a 5-week interval of -8.9 % to +38.8 %: inside ±40 %. The
    change they leave open over the window is the smaller side of the margin tested, rounded
    towards 0, so a "can't tell yet" interval always reaches past it."""
    from ssi_analysis.present.words import question_lines

    open_ = rows[(rows["verdict"] == "inconclusive") & (rows["score"] == "ssi")]
    open_ = open_[[min(-lo, hi) >= 1 for lo, hi in map(margin_tested, open_.to_dict("records"))]]
    assert len(open_) >= 3
    old = 0
    for row in open_.to_dict("records"):
        line = " ".join(question_lines(pd.DataFrame([row]), unit="week", team=True, people=12))
        said = re.search(r"(?:a change of |±)(\d+) % or more", line)
        assert said, line
        x = float(said.group(1))
        assert row["tost_low"] <= -x or row["tost_high"] >= x, (
            line,
            row["tost_low"],
            row["tost_high"],
        )
        bound = 100 * row["bound"]
        old += -bound < row["tost_low"] and row["tost_high"] < bound  # the old words' "±bound"
    assert old >= 1  # the check has power: the old first screen contradicted these rows


@pytest.mark.parametrize("weeks", [16, 26])
def test_a_window_too_long_for_the_data_leaves_every_size_open_not_0_percent(weeks):
    """Revenue's 14-week window on a team of 16 or 26 weeks has a smallest lag weight at or
    below 0: no margin is left to test "ruled out" against. The first screen said "cannot
    rule out a change of 0 % or more", which reads as if the data had pinned the change to
    about nothing. It now says that the weeks are too few to rule out a change of any size,
    and says a size only where the margin tested is at least 1 %."""
    from ssi_analysis.present.words import question_lines
    from ssi_analysis.simulate import simulate

    panel = simulate("team", seed=1, days=7 * weeks, people=12).weekly()
    table = ssi.team_answers(panel).table
    open_ = table[(table["verdict"] == "inconclusive") & (table["score"] == "ssi")]
    tiny = [min(-lo, hi) < 1 for lo, hi in map(margin_tested, open_.to_dict("records"))]
    assert any(tiny)  # the rows this is about (the sized ones: the test above)
    for row, none_left in zip(open_.to_dict("records"), tiny, strict=True):
        line = " ".join(question_lines(pd.DataFrame([row]), unit="week", team=True))
        assert not re.search(r"\b0 % or more", line), line
        if none_left:
            assert "too few weeks to rule out a change of any size" in line, line
            assert not re.search(r"\d+ % or more", line), line
        else:
            said = re.search(r"a change of (\d+) % or more", line)
            assert said and float(said.group(1)) >= 1, line


def test_a_monthly_team_holds_each_question_over_its_weeks_and_says_months():
    """A question's horizon is in weeks (revenue: 13); a monthly team once tested revenue over
    13 *months* (on a year of data) and its sentence said "over 14 weeks". The window is now
    the months those weeks span, as for one person, and the sentence counts months."""
    from ssi_analysis.present.words import question_lines
    from ssi_analysis.questions import question_horizon

    scores = ssi.load_ssi(str(SAMPLE / "team_ssi_log.csv"))
    outcomes = ssi.load_outcomes([str(SAMPLE / "report1763856000000.csv")])
    table = ssi.team_answers(ssi.align(scores, outcomes, freq="MS")).table
    assert (table["unit"] == "month").all()
    for row in table.to_dict("records"):
        weeks, _ = question_horizon(row["outcome"])
        assert row["window"] == int(np.ceil(weeks * 7 / 30.44)), row
    lines = " ".join(question_lines(table, unit="month", team=True))
    assert "weeks" not in lines and re.search(r"\b(?:for|over) \d+ months\b", lines), lines


@pytest.mark.parametrize(("freq", "start", "span"), [("W", "2026-09-01", "14 weeks"),
                                                     ("MS", "2026-08-01", "4 months")])  # fmt: skip
def test_an_untested_question_says_why_not_that_no_link_was_found(freq, start, span):
    """Revenue's window on a short team cannot be fitted at all: the first screen said "no
    link yet, and too few months to rule out a change of any size", and the row's note blamed
    the team's size ("at least 3 people ...") beside 12 people. Both now name the horizon."""
    from ssi_analysis.present.words import question_lines

    scores = ssi.load_ssi(str(SAMPLE / "team_ssi_log.csv"))
    outcomes = ssi.load_outcomes([str(SAMPLE / "report1763856000000.csv")])
    panel = ssi.align(scores, outcomes, freq=freq)
    table = ssi.team_answers(panel[panel["period"] >= start]).table
    revenue = table[table["question"] == "revenue"]
    assert revenue["p"].isna().all() and (revenue["n_obs"] == 0).all()
    why = f"the data are shorter than the revenue horizon ({span}"
    assert revenue["note"].str.startswith(why).all(), revenue["note"].tolist()
    unit = "month" if freq == "MS" else "week"
    line = next(x for x in question_lines(table, unit=unit, team=True) if x.startswith("Revenue"))
    assert "not tested yet: the data are shorter than the revenue horizon" in line, line
    assert "no link" not in line and "rule out" not in line, line


def test_a_monthly_team_page_counts_months_not_weeks(tmp_path):
    """The monthly page said "the swing the whole team shared that week", "seller-weeks",
    and a planner in months whose correlation did not say it was between monthly figures."""
    import html

    from ssi_analysis.cli import main

    page = tmp_path / "monthly.html"
    args = ["report", "--ssi", str(SAMPLE / "team_ssi_log.csv"), "--outcomes"]
    args += [str(SAMPLE / "report1763856000000.csv"), "--freq", "MS", "--out", str(page)]
    assert main(args) == 0
    shown = html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8")))
    for week_words in ("that week", "seller-weeks", "for 5 weeks", "over 14 weeks"):
        assert week_words not in shown, week_words
    assert "a seller's monthly score and outcome" in shown
