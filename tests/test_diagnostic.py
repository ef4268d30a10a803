"""SSI as a diagnostic (issue 15): pillar_gaps on gappy logs, activity_links by simulation.

The calibration tests build many people's panels at once (one frame, one call: each person
is their own Benjamini-Hochberg family in :func:`activity_links`), with counts for the
activities (Poisson around a persistent intensity, zeros included) and persistent pillars
with 30 % of the weeks missing.
"""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.signal import lfilter

from ssi_analysis import explain
from ssi_analysis.stats.diagnostic import GAP_COLUMNS, LINK_COLUMNS, activity_links, pillar_gaps

ALPHA = 0.05


def ceiling(rate: float, reps: int) -> float:
    return rate + 3 * math.sqrt(rate * (1 - rate) / reps)


# ---------------------------------------------------------------- pillar_gaps


def log(days: int = 140, **values) -> pd.DataFrame:
    dates = pd.date_range("2026-01-05", periods=days, freq="D")
    base = {"ssi": 50.0, "brand": 20.0, "people": 8.0, "insights": 12.0, "relationships": 10.0}
    base.update(values)
    return pd.DataFrame({"person": "me", "date": dates, **base})


def test_latest_is_the_mean_of_the_values_present_never_a_filled_day():
    scores = log()
    last = scores["date"].max()
    recent = scores["date"] > last - pd.Timedelta(days=28)
    scores.loc[recent, "people"] = np.nan  # the last 4 weeks: three captures only
    picks = [last, last - pd.Timedelta(days=3), last - pd.Timedelta(days=20)]
    scores.loc[scores["date"].isin(picks), "people"] = [14.0, 12.0, 10.0]
    row = pillar_gaps(scores).set_index("pillar").loc["people"]
    assert row["latest"] == pytest.approx(12.0)  # a zero-filled mean would be 1.3
    assert row["latest_weeks"] == 2 and not row["mostly_missing"]
    scores.loc[scores["date"] == picks[2], "people"] = np.nan
    row = pillar_gaps(scores).set_index("pillar").loc["people"]
    assert row["latest_weeks"] == 1 and row["mostly_missing"]
    assert "for find the right people only 1 of the last 4 weeks" in row["sentence"]


def test_change_bands_and_gaps():
    scores = log()
    back = (scores["date"].max() - scores["date"]).dt.days
    scores["brand"] = np.where(back < 28, 18.0, np.where(back < 84, 19.0, 15.0))
    scores.loc[back >= 112, "insights"] = np.nan  # nothing 12 weeks before: no change known
    scores.loc[(back >= 84) & (back < 112), "insights"] = np.nan
    gaps = pillar_gaps(scores).set_index("pillar")
    assert gaps.loc["brand", "change_12w"] == pytest.approx(3.0)
    assert np.isnan(gaps.loc["insights", "change_12w"])
    assert gaps.loc["brand", "gap_to_max"] == pytest.approx(7.0)
    assert gaps.loc["brand", "share_above_17_5"] == pytest.approx(1.0)
    assert gaps.loc["people", "share_below_10"] == pytest.approx(1.0)
    assert gaps.loc["insights", "weeks_12w"] == 12
    assert list(pillar_gaps(scores).columns) == GAP_COLUMNS


def test_holds_back_uses_the_industry_average_only_when_every_pillar_has_one():
    averages = {
        f"industry_{p}": v
        for p, v in zip(
            ("brand", "people", "insights", "relationships"), (24.0, 9.0, 20.0, 11.0), strict=True
        )
    }
    with_industry = pillar_gaps(log(**averages)).set_index("pillar")
    # gaps to industry: brand 4, people 1, insights 8, relationships 1 -> insights
    assert with_industry["holds_back"].idxmax() == "insights"
    assert set(with_industry["gap_basis"]) == {"industry"}
    said = with_industry["sentence"].iloc[0]
    assert "engage with insights (12 of 25) holds it back most — 8 below your industry's" in said
    # the lowest pillar is named too when the industry comparison points elsewhere
    assert "Your lowest pillar is find the right people (8 of 25), 1 below your industry's" in said
    partial = pillar_gaps(log(industry_brand=24.0)).set_index("pillar")
    assert partial["holds_back"].idxmax() == "people"  # the lowest pillar: gap to 25
    assert set(partial["gap_basis"]) == {"maximum"}
    assert partial["holds_back"].sum() == 1


def test_each_person_on_their_own_and_bad_input():
    two = pd.concat([log(), log(days=60, people=22.0, relationships=3.0).assign(person="B")])
    gaps = pillar_gaps(two)
    assert gaps.groupby("person")["holds_back"].sum().eq(1).all()
    assert gaps.set_index(["person", "pillar"]).loc[("B", "people"), "latest"] == 22.0
    assert gaps.loc[gaps["holds_back"], "pillar"].tolist() == ["relationships", "people"]
    assert "nan" not in " ".join(gaps["sentence"]).lower()
    said = explain(gaps[gaps["holds_back"]].iloc[0])
    assert said.startswith("The build-relationships pillar stands at 3.0 of 25 (mean of the last")
    assert "holds your total back most" in said
    assert pillar_gaps(log().drop(columns=["brand", "people", "insights", "relationships"])).empty
    with pytest.raises(ValueError, match="pillar_gaps: scores must be a frame from load_ssi"):
        pillar_gaps(pd.DataFrame({"ssi": [1.0]}))


# ---------------------------------------------------------------- activity_links


def ar1(shocks: np.ndarray, phi: float) -> np.ndarray:
    start = shocks.copy()
    start[..., 0] /= math.sqrt(1 - phi * phi)
    return lfilter([1.0], [1.0, -phi], start, axis=-1)


def panels(rng, reps: int, n: int, *, r: float = 0.0, lag: int = 1, gaps: float = 0.3):
    """``reps`` people: two activities (counts), two pillars AR(0.9) with ``gaps`` missing.

    The brand pillar's weekly innovation is ``r`` × (standardised log posts ``lag`` weeks
    before) + noise: the link planted; everything else unrelated.
    """
    counts = rng.poisson(np.exp(0.6 * ar1(rng.normal(size=(reps, 2, n)), 0.5))).astype(float)
    posts = np.log1p(counts[:, 0])
    posts = (posts - posts.mean(1, keepdims=True)) / posts.std(1, keepdims=True)
    drive = np.zeros_like(posts)
    drive[:, lag:] = posts[:, :-lag] if lag else posts
    shock = r * drive + math.sqrt(1 - r * r) * rng.normal(size=posts.shape)
    brand = 15 + lfilter([1.0], [1.0, -0.9], shock, axis=-1)
    insights = 15 + 2 * ar1(rng.normal(size=posts.shape), 0.9)
    pillars = np.stack([brand, insights], 1)
    pillars[rng.random(pillars.shape) < gaps] = np.nan
    periods = pd.date_range("2024-01-01", periods=n, freq="W-MON")
    return pd.DataFrame(
        {
            "person": np.repeat([f"p{i:04d}" for i in range(reps)], n),
            "period": np.tile(periods, reps),
            "posts_published": counts[:, 0].ravel(),
            "comments_written": counts[:, 1].ravel(),
            "brand": pillars[:, 0].ravel(),
            "insights": pillars[:, 1].ravel(),
        }
    )


@pytest.mark.slow
def test_unrelated_activity_and_pillars_are_rarely_linked():
    """200 people × (2 activities × 2 pillars × 5 lags): measured 6.5 % any, 1.8 % of rows."""
    reps = 200
    out = activity_links(panels(np.random.default_rng(1501), reps, 104), pillars=None)
    assert len(out) == reps * 4 and set(out["verdict"]) <= {"linked", "ruled out", "inconclusive"}
    linked = out["verdict"] == "linked"
    family = linked.groupby(out["person"]).any().mean()
    assert linked.mean() <= ceiling(ALPHA, reps * 4), f"{linked.mean():.3f} of rows linked"
    assert family <= ceiling(ALPHA, reps), f"{family:.3f} of families hold a link"


@pytest.mark.slow
def test_a_planted_link_is_found_at_its_lag_and_sign():
    """Pillar innovation r = 0.45 with posts one week before, 156 weeks: found ≥ 80 %."""
    reps = 100
    out = activity_links(panels(np.random.default_rng(1502), reps, 156, r=0.45))
    hit = out[(out["activity"] == "posts_published") & (out["pillar"] == "brand")]
    found = (hit["verdict"] == "linked") & (hit["lag"] == 1) & (hit["r"] > 0)
    assert found.mean() >= 0.8, f"found at lag 1 in {found.mean():.2f}"  # measured 0.92
    assert hit["r"].median() == pytest.approx(0.45, abs=0.08)  # the tested r is the planted
    others = out.drop(hit.index)
    assert (others["verdict"] == "linked").mean() <= ceiling(ALPHA, len(others))


def test_columns_sentences_and_explain():
    out = activity_links(panels(np.random.default_rng(3), 1, 104, r=0.6), pillars=["brand"])
    assert list(out.columns) == LINK_COLUMNS
    assert list(out["activity"]) == ["posts_published", "comments_written"]
    row = out.iloc[0]
    assert row["verdict"] == "linked" and row["lag"] == 1 and row["transform"] == "log1p"
    assert row["sentence"].startswith(
        "Linked: weeks with more posts were followed by a higher professional-brand pillar one "
        "week later"
    )
    assert explain(row) == row["sentence"]
    assert "nan" not in " ".join(out["sentence"]).lower()


def test_a_bigger_family_adjusts_more_and_bad_arguments_say_so():
    frame = panels(np.random.default_rng(4), 1, 104, r=0.3)
    one = activity_links(frame, activities=["posts_published"], pillars=["brand"])
    both = activity_links(frame, pillars=["brand", "insights"])
    pair = both[(both["activity"] == "posts_published") & (both["pillar"] == "brand")]
    assert pair["p_adj"].iloc[0] >= one["p_adj"].iloc[0] - 1e-12
    with pytest.raises(ValueError, match="activity_links: no column 'messages_sent'"):
        activity_links(frame, activities=["messages_sent"])
    with pytest.raises(ValueError, match="activity_links: alpha"):
        activity_links(frame, alpha=0.7)
    with pytest.raises(ValueError, match="whole number"):
        activity_links(frame, lags=[0.5])
    with pytest.raises(ValueError, match="lags must be 0 or more"):
        activity_links(frame, lags=[-1, 0])
    assert activity_links(frame.drop(columns=["posts_published", "comments_written"])).empty


def test_each_row_shows_the_interval_its_verdict_is_decided_on():
    """A "ruled out" row shows the 90 % interval its equivalence test uses (inside ±bound),
    not the 95 % one that can reach past it; a "linked" row's 95 % interval excludes 0.

    Workshop 8's posting table showed "ruled out" beside 0.01 to 0.32 (the 95 % interval):
    these 10 people have ruled-out rows whose 95 % interval reaches past ±0.3.
    """
    from scipy import stats

    out = activity_links(panels(np.random.default_rng(8), 10, 156, r=0.5))
    ruled, linked = out[out["verdict"] == "ruled out"], out[out["verdict"] == "linked"]
    assert len(ruled) >= 5 and len(linked) >= 5
    z, half = np.arctanh(out["r"]), np.sqrt(out["df"] - 1)  # the Fisher-z scale of the test
    z, half = z.to_numpy(), half.to_numpy()
    wide = np.tanh(z + stats.norm.ppf(0.975) / half), np.tanh(z - stats.norm.ppf(0.975) / half)
    past = (np.maximum(np.abs(wide[0]), np.abs(wide[1])) > out["bound"].to_numpy())[ruled.index]
    assert past.sum() >= 2  # the case the old table showed: a 95 % interval past the bound
    # ruled out: the 1 - 2α interval, inside ±bound, its level said
    assert (ruled["r_level"] == 90).all()
    assert (ruled["r_low"] > -ruled["bound"]).all() and (ruled["r_high"] < ruled["bound"]).all()
    for side in ("r_low", "r_high"):
        gap = np.abs(np.arctanh(ruled[side].to_numpy()) - z[ruled.index])
        level = 2 * stats.norm.cdf(gap * half[ruled.index]) - 1
        assert np.allclose(level, 0.90)
    assert ruled["sentence"].str.contains("90 % interval").all()
    # linked: the 95 % interval, which excludes 0
    assert (linked["r_level"] == 95).all()
    assert ((linked["r_low"] > 0) | (linked["r_high"] < 0)).all()
    # any other row whose interval excludes 0 says why
    rest = out[(out["verdict"] != "linked") & ((out["r_low"] > 0) | (out["r_high"] < 0))]
    assert rest["sentence"].str.contains("excludes 0 on its own").all()


# ---------------------------------------------------------------- pictures


def test_pillar_benchmarks_draw_you_industry_network_on_0_25():
    import matplotlib.pyplot as plt

    from ssi_analysis import plots

    scores = log(days=30, industry_brand=18.0, network_brand=16.0)
    scores.loc[5:9, "brand"] = np.nan  # a gap stays a gap in the line
    axes = plots.pillar_benchmarks(scores)
    labels = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    assert labels == ["you", "industry", "network"]
    assert [line.get_label() for line in axes[1].get_lines()] == ["you"]  # no people average
    you = axes[0].get_lines()[0].get_ydata()
    assert np.isnan(np.asarray(you, float)).sum() == 5
    assert all(tuple(a.get_ylim()) == (0.0, 25.0) for a in axes)
    alone = plots.pillar_benchmarks(log(days=30))
    assert "no per-pillar" in alone[0].figure.legends[0].get_title().get_text()
    plt.close("all")


def test_link_grid_says_every_verdict_in_words():
    import matplotlib.pyplot as plt

    from ssi_analysis import plots

    links = pd.DataFrame(
        {
            "activity": ["posts_published"] * 3,
            "pillar": ["ssi", "brand", "people"],
            "verdict": ["ruled out", "linked", "linked"],
            "lag": [0, 2, 0],
            "r": [0.0, 0.4, -0.3],
            "unit": "week",
        }
    )
    ax = plots.link_grid(links)
    assert [t.get_text() for t in ax.texts] == [
        "ruled out",
        "linked\n2 weeks later",
        "linked\nsame week\n(opposite)",
    ]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["posts published"]
    plt.close("all")


# ---------------------------------------------------------------- the report section


def _archive_inputs(folder):
    """An SSI log and a data archive (Shares.csv, Comments.csv) of one simulated seller."""
    from ssi_analysis.simulate import simulate

    sim = simulate(seed=1, days=420)
    log_path = folder / "ssi_log.csv"
    sim.scores.drop(columns=["person"]).to_csv(log_path, index=False)
    archive = folder / "archive"
    archive.mkdir()
    for name, column, header in (
        ("Shares.csv", "posts", "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility"),
        ("Comments.csv", "comments", "Date,Link,Message"),
    ):
        days = sim.activity.loc[sim.activity.index.repeat(sim.activity[column]), "date"]
        blank = "," * header.count(",")
        lines = [header] + [f"{d:%Y-%m-%d} 09:30:00{blank}" for d in days]
        (archive / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return log_path, archive


@pytest.mark.slow  # builds and renders two reports (about 10 s)
def test_report_section_pillar_gaps_and_activity_links(tmp_path):
    import html
    import re

    from ssi_analysis.present.report import build_report, make_report, render

    log_path, archive = _archive_inputs(tmp_path)
    alone = make_report(log_path)
    keys = [s.key for s in alone.sections]
    assert keys.index("time") < keys.index("diagnostic") < keys.index("data")
    words = " ".join(str(b.content) for b in alone.section("diagnostic").blocks)
    assert "holds it back most" in words and "Add your LinkedIn data archive" in words
    assert alone.activity_links is None and len(alone.pillar_gaps) == 4

    report = make_report(log_path, [archive])
    assert set(report.activity_links["activity"]) == {"posts_published", "comments_written"}
    section = report.section("diagnostic")
    assert sum(b.kind == "figure" for b in section.blocks) == 2  # benchmarks, verdict grid
    page = render(report)
    head = html.unescape(re.sub(r"<[^>]+>", " ", page.split('<section id="analysts">')[0]))
    head = re.sub(r"(?s)<style.*?</style>", "", head)
    assert "Your SSI as a diagnostic" in head
    assert not re.findall(r"\b[a-z]+_[a-z_]+\b", head.split("Your SSI as a diagnostic")[1])
    assert not re.search(r"\bnan\b", page, flags=re.I)
    analysts = page.split('<section id="analysts">')[1]
    assert (
        "Pillar gaps: the numbers" in analysts and "Your activity leading each pillar" in analysts
    )
    for sentence in report.activity_links.loc[
        report.activity_links["verdict"] == "linked", "sentence"
    ]:
        assert html.escape(sentence, quote=False) in page or sentence in html.unescape(page)

    out = tmp_path / "out" / "r.html"
    out.parent.mkdir()
    build_report(str(log_path), [str(archive)], out=out)
    links = pd.read_csv(out.with_name("r_activity_links.csv"), encoding="utf-8-sig")
    gaps = pd.read_csv(out.with_name("r_pillar_gaps.csv"), encoding="utf-8-sig")
    assert list(links.columns) == LINK_COLUMNS and len(links) == len(report.activity_links)
    assert list(gaps.columns) == GAP_COLUMNS and gaps["holds_back"].sum() == 1
    import openpyxl

    book = openpyxl.load_workbook(out.with_name("r_answers.xlsx"))
    assert {"pillar_gaps", "activity_links", "activity_links_columns"} <= set(book.sheetnames)


@pytest.mark.real
def test_real_log_with_per_pillar_averages(real):
    """The pt-BR page captures have per-pillar industry averages: the gaps are taken to them."""
    from ssi_analysis import load_ssi

    scores = load_ssi(real / "ssi" / "daily_long_ptbr", errors="drop")
    gaps = pillar_gaps(scores).set_index("pillar")
    last = scores.dropna(subset=["brand"])["date"].max()
    recent = scores[scores["date"] > last - pd.Timedelta(days=28)]
    for pillar in ("brand", "people", "insights", "relationships"):
        assert gaps.loc[pillar, "latest"] == pytest.approx(recent[pillar].mean())
        assert gaps.loc[pillar, "gap_to_industry"] == pytest.approx(
            recent[f"industry_{pillar}"].mean() - recent[pillar].mean()
        )
    assert set(gaps["gap_basis"]) == {"industry"}
    assert gaps["holds_back"].idxmax() == gaps["gap_to_industry"].idxmax()
    lowest = gaps["latest"].idxmin()
    if lowest != gaps["holds_back"].idxmax():
        assert "Your lowest pillar is" in gaps["sentence"].iloc[0]
