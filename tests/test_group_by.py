"""Team files' Region/Manager columns kept per person, and ``--group-by`` on the team report."""

import re

import numpy as np
import pandas as pd
import pytest

import ssi_analysis as ssi
from ssi_analysis.cli import main
from ssi_analysis.readers import _typed
from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats.groups import TOO_FEW, group_answers

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_group_by")


def team_log(path, people=6, days=20):
    rows = []
    for i in range(people):
        for k in range(days):
            rows.append(
                {
                    "Name": f"Seller {i}",
                    "Date": f"{pd.Timestamp('2026-01-01') + pd.Timedelta(days=k):%Y-%m-%d}",
                    "SSI": 50 + (k % 7),
                    "Region": "EU" if i < 3 else "US",
                    "Manager": "Kim" if k < 10 else "Lee",  # changes within a person
                    "Followers": 100 + k,  # a number: another measure, not an attribute
                    "Team": "" if i == 0 else f"T{i % 2}",  # Seller 0 has none
                }
            )
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


@pytest.mark.parametrize("typed", [False, True])
def test_constant_text_columns_are_kept_per_person(tmp_path, monkeypatch, typed):
    monkeypatch.setattr(_typed, "MIN_BYTES", 0 if typed else 1 << 60)
    scores = ssi.load_ssi(team_log(tmp_path / "team.csv"))
    report = scores.attrs["load_report"]
    table = report.attributes.set_index("person")
    assert list(table.columns) == ["Region", "Team"]
    assert table["Region"].tolist() == ["EU"] * 3 + ["US"] * 3
    assert pd.isna(table.loc["Seller 0", "Team"]) and table.loc["Seller 1", "Team"] == "T1"
    notes = " ".join(report.notes)
    assert "kept as person attributes (one value per person; for --group-by): Region, Team" in notes
    assert "'Manager' changes within a person (Seller 0: 'Kim', 'Lee')" in notes
    # kept columns are no longer "ignored"; the others still are (nothing dropped unmentioned)
    assert set(report.ignored_columns) == {"Manager", "Followers"}
    assert "Region" not in scores.columns  # the scores frame keeps its own columns


def test_a_one_person_log_keeps_no_attributes(tmp_path):
    path = tmp_path / "me.csv"
    path.write_text("Date,SSI,Region\n2026-01-01,50,EU\n2026-01-02,51,EU\n", encoding="utf-8")
    report = ssi.load_ssi(path).attrs["load_report"]
    assert list(report.attributes.columns) == ["person"] and report.ignored_columns == ("Region",)


@pytest.fixture(scope="module")
def panel():
    from ssi_analysis.simulate import simulate

    return simulate("team", seed=4, days=140, people=10).weekly()


def test_groups_are_one_family_and_small_groups_get_no_verdict(panel):
    names = sorted(panel["person"].unique())
    groups = {p: "A" if i < 4 else "B" if i < 8 else "C" for i, p in enumerate(names)}
    groups[names[0]] = np.nan  # no group: in no group's answer
    kwargs = {"scores": ["ssi"], "outcomes": ["replies", "pipeline_created"], "lags": [0, 1]}
    found = group_answers(panel, groups=groups, **kwargs)
    assert found.kind == "group" and set(found.lags["group"]) == {"B"}
    out = found.table
    # one row for a group too small to test; one per outcome for a tested group
    assert out["group"].tolist() == ["A", "B", "B", "C"]
    assert out["group_people"].tolist() == [3, 4, 4, 2]
    small = out[out["group"].isin(["A", "C"])]
    assert (small["verdict"] == TOO_FEW).all() and small["sentence"].str.contains("too few").all()
    # group B's p_adj: Benjamini-Hochberg over every group's lags (here B alone is tested)
    rows = panel[panel["person"].isin([p for p, g in groups.items() if g == "B"])]
    scan = ssi.team_scan(rows, **kwargs)
    b = out[out["group"] == "B"].set_index("outcome")
    # (the row shows the smallest adjusted p of its lags; the cumulative row is not tested
    # for a link for these questions)
    for outcome in b.index:
        got = scan[(scan["outcome"] == outcome) & scan["window"].isna()]
        assert b.loc[outcome, "p_adj"] == pytest.approx(got["p_adj"].min())
    # two tested groups: the family spans both
    groups = {p: "A" if i < 5 else "B" for i, p in enumerate(names)}
    both = group_answers(panel, groups=groups, **kwargs).table
    scans = [
        ssi.team_scan(
            panel[panel["person"].isin([p for p, g in groups.items() if g == k])], **kwargs
        )
        for k in ("A", "B")
    ]
    # one family per question (replies; pipeline), each over both groups
    every = pd.concat(scans, keys=["A", "B"]).reset_index(level=0, names="group")
    every["family_p_adj"] = every.groupby("question")["p"].transform(
        lambda p: adjust_p(p.to_numpy())
    )
    chosen = []
    for row in both.itertuples():
        match = every[
            (every["group"] == row.group)
            & (every["outcome"] == row.outcome)
            & every["window"].isna()
        ]
        chosen.append((row.p_adj, match["family_p_adj"].min()))
    assert np.allclose(*zip(*chosen, strict=True))
    assert (both["verdict"] != TOO_FEW).all()


@pytest.fixture(scope="module")
def region_team(tmp_path_factory):
    from ssi_analysis.simulate import simulate
    from ssi_analysis.simulate.writers import write_salesforce_csv, write_ssi_log

    folder = tmp_path_factory.mktemp("regions")
    sim = simulate("team", seed=6, people=10, days=196, start="2025-06-02", deal_rate=0.8)
    path = write_ssi_log(sim.scores, folder / "team_ssi.csv", seed=6)
    frame = pd.read_csv(path)
    names = sorted(frame["Name"].unique())
    region = {p: "North" if i < 4 else "South" if i < 8 else "West" for i, p in enumerate(names)}
    frame["Region"] = frame["Name"].map(region)
    frame["Manager"] = frame["Name"].map({p: f"Manager {p[-1]}" for p in names})
    frame.to_csv(path, index=False)
    deals = write_salesforce_csv(sim.deals, folder / "report1700000000000.csv", seed=6)
    return path, deals


def run(files, out, *extra, lags="0-1"):
    ssi_file, deals = files
    args = ["report", "--ssi", str(ssi_file), "--outcomes", str(deals), "--out", str(out)]
    return main([*args, "--lags", lags, "--scores", "ssi", *extra])


def test_own_activity_is_not_a_group_outcome(panel):
    """#22 (item 4): posts, comments and invitations are inputs of the pillars; by default
    each group answers the outcomes ``team_answers`` answers, never its own activity."""
    from ssi_analysis.questions import is_activity
    from ssi_analysis.stats.answers import team_answers

    names = sorted(panel["person"].unique())
    groups = {p: "A" if i < 5 else "B" for i, p in enumerate(names)}
    out = group_answers(panel, groups=groups, scores=["ssi"], lags=[0]).table
    assert any(is_activity(c) for c in panel.columns)  # the panel has own activity to leave out
    assert not any(is_activity(o) for o in out["outcome"].unique())
    team = team_answers(panel, scores=["ssi"], lags=[0]).table
    assert set(out["outcome"]) == set(team["outcome"])


@pytest.mark.slow
def test_group_by_answers_each_region(region_team, tmp_path, capsys):
    out = tmp_path / "r.html"
    assert run(region_team, out, "--group-by", "region") == 0  # matched without case
    table = pd.read_csv(out.with_name("r_answers.csv"), encoding="utf-8-sig")
    assert table.columns[:2].tolist() == ["group", "group_people"]
    assert table["group"].unique().tolist() == ["all sellers", "North", "South", "West"]
    assert set(table.loc[table["group"] == "West", "verdict"]) == {TOO_FEW}
    tested = table[table["group"].isin(["North", "South"])]
    assert tested["verdict"].isin(["linked", "ruled out", "inconclusive"]).all()
    assert tested["slope_unit"].str.contains("(USD)", regex=False).any()
    page = out.read_text(encoding="utf-8")
    for words in (
        "By Region: the same within-seller question for each group of sellers",
        "North (4 sellers), SSI within each seller",
        "South (4 sellers), SSI within each seller",
        "West: 2 people — too few for a within-person answer of their own",
        "every group × score × outcome × lag adjusted together as one family",
        "Kept from the SSI files as seller attributes (one value per seller, usable with "
        "--group-by): Region, Manager.",
    ):
        assert words in page.replace("&#39;", "'"), words
    assert ">nan<" not in page and "None" not in page
    # the groups' table: the lags each effect covers (pipeline's window "0-4", not its lag
    # 0), the interval's level in its caption, and p by the kit's one rule
    caption = re.search(r"by Region \(SSI; from and to: the (\d+) % interval\)", page)
    assert caption and caption.group(1) == "95", "the groups' table says its interval's level"
    part = page[caption.end() : page.index("</table>", caption.end())]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", part)
    assert "0-4" in cells and "1.0" not in cells, cells[:16]
    # the pairs the groups do not differ on share one sentence, not one each
    assert page.count("do not differ detectably") <= 1


@pytest.mark.slow
def test_anonymized_groups_are_numbered(region_team, tmp_path):
    out = tmp_path / "anon.html"
    assert run(region_team, out, "--group-by", "Manager", "--anonymize", lags="0") == 0
    page = out.read_text(encoding="utf-8")
    # a group can be a person's name (a manager): groups are numbered, never shown
    assert not re.search(r"Manager [A-J]\b", page) and "group 1" in page
    table = pd.read_csv(out.with_name("anon_answers.csv"), encoding="utf-8-sig")
    assert set(table["group"]) == {"all sellers"} | {f"group {i}" for i in range(1, 11)}


def test_unknown_group_column_is_a_usage_error(region_team, tmp_path, capsys):
    assert run(region_team, tmp_path / "r.html", "--group-by", "Territory") == 2
    err = capsys.readouterr().err
    assert "--group-by 'Territory': no such column kept" in err
    assert "'Region', 'Manager'" in err
    assert not (tmp_path / "r.html").exists()


def test_group_by_on_one_person_is_a_usage_error(tmp_path, capsys):
    path = tmp_path / "me.csv"
    days = pd.date_range("2026-01-01", periods=30)
    pd.DataFrame({"Date": days.strftime("%Y-%m-%d"), "SSI": 50}).to_csv(path, index=False)
    code = main(
        ["report", "--ssi", str(path), "--out", str(tmp_path / "r.html"), "--group-by", "X"]
    )
    assert code == 2 and "grouping needs a team file" in capsys.readouterr().err


@pytest.mark.slow
def test_null_groups_are_rarely_linked():
    """No within-person link in any group: a "linked" group row stays at the family's α.

    Teams of 12 (two regions of 6) × 52 weeks whose people differ in level (seniority raises
    both series) and share a platform drift; SSI and pipeline are otherwise unrelated AR(0.7).
    """
    from scipy.signal import lfilter

    rng = np.random.default_rng(23)
    teams, people, weeks, hits, differ = 150, 12, 52, 0, 0
    names = [f"p{i:02d}" for i in range(people)]
    groups = {name: "North" if i < 6 else "South" for i, name in enumerate(names)}
    for _ in range(teams):
        level = rng.normal(0, 3, people)[:, None]
        drift = rng.normal(size=weeks).cumsum() * 0.5
        x, y = lfilter([1], [1, -0.7], rng.normal(size=(2, people, weeks)), axis=2)
        panel = pd.DataFrame(
            {
                "person": np.repeat(names, weeks),
                "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
                "ssi": (level + x + drift).ravel(),
                "pipeline_created": (level + y + drift).ravel(),
            }
        )
        out = group_answers(
            panel,
            groups=groups,
            scores=["ssi"],
            outcomes=["pipeline_created"],
            lags=[0, 1, 2],
            transform=None,
        ).table
        assert set(out["group"]) == {"North", "South"} and out["p_adj"].notna().all()
        hits += bool((out["verdict"] == "linked").any())
        differ += bool(out["groups_differ"].astype(bool).any())  # identical groups
    assert hits / teams <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / teams), hits / teams
    assert differ / teams <= 0.05 + 3 * np.sqrt(0.05 * 0.95 / teams), differ / teams


def test_groups_differ_only_by_a_test_of_the_difference():
    """A real difference is found; the same link in both groups is not called a difference."""
    rng = np.random.default_rng(31)
    people, weeks = 16, 52
    names = [f"p{i:02d}" for i in range(people)]
    groups = {name: "North" if i < 8 else "South" for i, name in enumerate(names)}
    x = rng.normal(size=(people, weeks))
    noise = rng.normal(size=(people, weeks))
    frame = {
        "person": np.repeat(names, weeks),
        "period": np.tile(pd.date_range("2025-01-06", periods=weeks, freq="W-MON"), people),
        "ssi": (50 + x).ravel(),
    }
    slopes = np.where(np.arange(people) < 8, 0.8, 0.0)[:, None]
    frame["pipeline_created"] = (10 + slopes * x + noise).ravel()  # only North's moves
    frame["deals_created"] = (10 + 0.5 * x + noise).ravel()  # the same link in both
    kwargs = {"scores": ["ssi"], "lags": [0], "transform": None}
    out = group_answers(pd.DataFrame(frame), groups=groups, **kwargs).table.set_index("outcome")
    assert out.loc["pipeline_created", "groups_differ"].all()
    assert "The groups differ" in out.loc["pipeline_created", "differ_sentence"].iloc[0]
    assert not out.loc["deals_created", "groups_differ"].any()
    said = out.loc["deals_created", "differ_sentence"].iloc[0]
    assert said.startswith("The groups do not differ detectably")


def test_answers_per_group_are_read_one_group_at_a_time(panel):
    """group_answers' Answers: pair and scan take group=; pictures of one answer refuse them
    by name (a grid of several groups' rows once raised pandas' duplicate-entries error)."""
    from ssi_analysis import plots
    from ssi_analysis.present.report import pillar_grid

    names = sorted(panel["person"].unique())
    groups = {p: "A" if i < 5 else "B" for i, p in enumerate(names)}
    out = group_answers(panel, groups=groups, scores=["ssi"], outcomes=["replies"], lags=[0, 1])
    row = out.pair("ssi", "replies", group="B")
    assert row["group"] == "B" and row["verdict"] == out.table.loc[1, "verdict"]
    assert set(out.scan("ssi", "replies", group="A")["group"]) == {"A"}
    with pytest.raises(KeyError, match="give group="):
        out.pair("ssi", "replies")
    with pytest.raises(KeyError, match="give group="):
        out.scan("ssi", "replies")
    with pytest.raises(ValueError, match=r"^pillar_grid: these are answers per group"):
        pillar_grid(out)
    with pytest.raises(ValueError, match=r"^lag_profile: these are a team's answers \(group_"):
        plots.lag_profile(out, x="ssi", y="replies")
    with pytest.raises(ValueError, match=r"^heatmap: these are answers per group"):
        plots.heatmap(out)
