"""Plots: read the artists (lines, patches, labels), never the pixels."""

import re
import warnings
from itertools import pairwise

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.dates import DateLocator

from ssi_analysis import correlation_table, lag_scan, load_ssi, plots
from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.simulate import simulate


@pytest.fixture
def scores_with_gap(write):
    text = (
        "Date,SSI,Brand,People,Insights,Relationships,Industry_SSI\n"
        "2026-05-01,50,12,12,12,14,31\n2026-05-02,51,12,12,13,14,31\n"
        "2026-05-03,0,0,0,0,0,0\n"  # a failed capture
        "2026-05-06,52,13,12,13,14,32\n"
    )  # 05-04 and 05-05 never captured
    return load_ssi(write("log.csv", text))


def band(ax, gid):
    patch = next(p for p in ax.patches if p.get_gid() == gid)
    return patch.get_y(), patch.get_y() + patch.get_height()  # axhspan: a Rectangle


def test_timeline_draws_gaps_marks_and_benchmarks(scores_with_gap):
    _, ax = plt.subplots()
    assert plots.timeline(scores_with_gap, ax=ax) is ax
    ssi = next(line for line in ax.get_lines() if line.get_label() == "SSI")
    y = np.asarray(ssi.get_ydata(), dtype=float)
    assert len(y) == 6  # every day from 05-01 to 05-06: missing days are in, as gaps
    assert np.isnan(y[2:5]).all() and y[5] == 52
    labels = {line.get_label() for line in ax.get_lines()}
    assert {"brand", "people", "insights", "relationships", "industry average"} <= labels
    assert band(ax, "band_low") == (0, 40)
    assert band(ax, "band_high") == (70, 100)
    assert ax.get_ylim() == (0, 100)


def test_timeline_stacked_and_current_axes(scores_with_gap):
    plt.figure()
    ax = plots.timeline(scores_with_gap, pillars="stacked", benchmarks=False)
    assert ax is plt.gca()
    assert len(ax.collections) == 4  # one area per pillar
    assert "industry average" not in {line.get_label() for line in ax.get_lines()}
    with pytest.raises(ValueError, match="pillars must be one of"):
        plots.timeline(scores_with_gap, pillars="bars")


def test_timeline_needs_a_person_for_a_team():
    team = simulate("team", seed=1, days=30, people=3).scores
    with pytest.raises(ValueError, match="person="):
        plots.timeline(team)
    ax = plots.timeline(team, person="Seller B")
    assert "Seller B" in ax.get_title()


def test_pillars_bars_are_the_latest_values():
    sim = simulate(seed=2, days=30)
    ax = plots.pillars(sim.scores)
    heights = [p.get_height() for p in ax.patches]
    latest = sim.scores.iloc[-1]
    np.testing.assert_allclose(
        heights, [latest[p] for p in ("brand", "people", "insights", "relationships")]
    )


def test_scatter_shows_honest_numbers():
    panel = simulate(seed=3, days=364).weekly()
    ax = plots.scatter(panel, x="ssi", y="replies")
    text = ax.get_legend().get_texts()[0].get_text()
    assert text.startswith("r = ") and "naive p" in text
    assert ax.get_xlabel() == "SSI" and ax.get_ylabel() == "replies"
    assert len(ax.collections[0].get_offsets()) == panel[["ssi", "replies"]].dropna().shape[0]


def test_lag_profile_band_matches_the_scan():
    panel = simulate(seed=4, days=364).weekly()
    ax = plots.lag_profile(panel, x="ssi", y="impressions", lags=range(-3, 4))
    scan = lag_scan(panel, x="ssi", y="impressions", lags=range(-3, 4))
    heights = [p.get_height() for p in ax.patches]
    np.testing.assert_allclose(heights, scan["r"])
    area = next(c for c in ax.collections if c.get_gid() == "band")
    top = area.get_paths()[0].vertices[:, 1].max()
    assert top == pytest.approx(scan["band"].max())
    filled = [p.get_facecolor()[:3] != (1.0, 1.0, 1.0) for p in ax.patches]
    assert filled == (scan["p_adj"] < 0.05).tolist()


def test_heatmap_cells_and_stars():
    panel = simulate(seed=5, days=364).weekly()
    table = correlation_table(panel, x=["ssi", "brand"], y=["impressions", "pipeline_created"])
    ax = plots.heatmap(table)
    texts = {t.get_text() for t in ax.texts}
    for row in table.itertuples():
        assert f"{row.r:.2f}" + ("*" if row.p_adj < 0.05 else "") in texts
    assert [t.get_text() for t in ax.get_xticklabels()] == ["SSI", "brand"]
    assert "pipeline created" in [t.get_text() for t in ax.get_yticklabels()]


def test_team_lines_per_person():
    panel = simulate("team", seed=6, days=84, people=5).weekly()
    ax = plots.team(panel, x="ssi", y="pipeline_created")
    within = next(c for c in ax.collections if c.get_gid() == "within")
    assert len(within.get_segments()) == 5  # one line per person
    assert [line.get_gid() for line in ax.get_lines()] == ["between"]
    means = panel.dropna(subset=["ssi", "pipeline_created"]).groupby("person")["ssi"].mean()
    offsets = ax.collections[-1].get_offsets()
    np.testing.assert_allclose(sorted(offsets[:, 0]), sorted(means))


def test_every_plot_shows_the_answer_it_is_given():
    """One answer everywhere: heatmap cell, lag bar and scatter legend quote the same row."""
    import ssi_analysis as ssi
    from ssi_analysis.present.plots import GRID_MARKS

    panel = simulate(seed=7, days=728).weekly()
    result = ssi.answers(panel, scores=["ssi", "brand"], outcomes=["impressions", "revenue_won"])
    texts = {t.get_text() for t in plots.heatmap(result, ax=plt.figure().gca()).texts}
    for row in result.table.itertuples():
        mark = GRID_MARKS.get(row.verdict, "")
        assert f"{row.r:.2f}{mark}" + (f"\n(lag {row.lag})" if row.lag else "") in texts
        ax = plots.lag_profile(result, x=row.score, y=row.outcome, ax=plt.figure().gca())
        scan = result.scan(row.score, row.outcome)
        np.testing.assert_allclose([p.get_height() for p in ax.patches], scan["r"].fillna(0))
        shown = next(p for p in ax.patches if p.get_gid() == "answer")
        assert shown.get_height() == pytest.approx(row.r)
        assert row.verdict in ax.get_title()
        ax = plots.scatter(panel, x=row.score, y=row.outcome, answers=result, ax=plt.figure().gca())
        legend = ax.get_legend().get_texts()[0].get_text()
        assert legend.startswith(f"tested r = {row.r:.2f} [{row.r_low:.2f}, {row.r_high:.2f}]")
        assert (f"at lag {row.lag}") in ax.get_title()
        plt.close("all")


def test_plots_that_are_not_the_answer_say_so():
    panel = simulate(seed=3, days=364).weekly()
    assert "not the report's answer" in plots.scatter(panel, x="ssi", y="replies").get_title()
    ax = plots.lag_profile(panel, x="ssi", y="replies", ax=plt.figure().gca())
    assert "not the report's answer" in ax.get_title()
    plt.close("all")


def test_names_from_the_data_are_drawn_as_text():
    from ssi_analysis.present.plots import drawn

    days = pd.date_range("2026-01-05", periods=30)
    for name in ("$\\foo$", "x" * 100_000, "Ana\u202egnp.exe"):
        scores = pd.DataFrame({"person": name, "date": days, "ssi": np.linspace(40, 60, 30)})
        fig, ax = plt.subplots()
        plots.timeline(scores, ax=ax)
        fig.canvas.draw()  # math text was parsed here: "$\foo$" raised
        title = ax.get_title()
        assert title.endswith(drawn(name)) and len(title) < 100 and "\u202e" not in title
        plt.close(fig)


def test_the_page_knows_each_pictures_smallest_text():
    """figure() measures the smallest text drawn: the page keeps it 11 px or more on screen."""
    import base64
    import math

    from ssi_analysis.present.page import DPI
    from ssi_analysis.present.report import LEGIBLE_PX, figure

    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot([0, 1], [0, 1])
    ax.set_title("title", fontsize=14)
    ax.tick_params(labelsize=7)
    ax.text(0.5, 0.5, "", fontsize=3)  # empty text is not shown
    hidden = fig.add_axes((0.1, 0.1, 0.2, 0.2))
    hidden.set_title("hidden", fontsize=2)
    hidden.set_visible(False)
    picture = figure(fig, alt="a line").content
    assert picture.font_px == pytest.approx(7 * DPI / 72)
    png = base64.b64decode(picture.png)
    assert picture.width == int.from_bytes(png[16:20], "big") > 0
    assert picture.min_width == math.ceil(picture.width * LEGIBLE_PX / picture.font_px)
    # shown at min_width CSS pixels, its 7-point labels are 11 px or more
    assert picture.font_px * picture.min_width / picture.width >= LEGIBLE_PX


def test_a_laid_out_picture_is_the_one_savefig_draws():
    """figure() lays a constrained figure out once and draws it once: the same picture, pixel
    for pixel, as savefig's own layout (the draw that renders nothing, then the drawing)."""
    import base64
    import io

    from PIL import Image

    from ssi_analysis.present.page import DPI, PICTURE_IN, fit_text
    from ssi_analysis.present.report import figure

    def drawn():
        fig, axes = plt.subplots(2, 1, figsize=(PICTURE_IN, 4.5), layout="constrained")
        for i, ax in enumerate(axes):
            ax.plot(
                pd.date_range("2026-01-05", periods=40, freq="W"),
                np.arange(40.0) ** i,
                label=f"a legend entry long enough to be wrapped onto a second line {i}",
            )
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25))
        axes[0].set_title("a title that is much wider than a phone-narrow picture can show")
        return fig

    shown = base64.b64decode(figure(drawn(), alt="two panels").content.png)
    fig = drawn()
    fit_text(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)  # the layout engine still on: savefig's way
    plt.close(fig)
    pixels = [np.asarray(Image.open(io.BytesIO(png))) for png in (shown, buffer.getvalue())]
    assert pixels[0].shape == pixels[1].shape and pixels[0].size > 100_000
    np.testing.assert_array_equal(*pixels)  # (packed at another zlib level: other bytes)


def _scores(days: int, step: str) -> pd.DataFrame:
    """One person's scores over ``days`` days, one row a day or a week (``step``)."""
    dates = pd.date_range("2026-01-05", periods=days, freq="D")[:: 7 if step == "week" else 1]
    rng = np.random.default_rng(days)
    pillars = {p: 12 + rng.normal(0, 2, len(dates)).clip(-10, 10) for p in PILLAR_NAMES}
    return pd.DataFrame({"person": "me", "date": dates, **pillars}).assign(
        ssi=lambda d: d[list(PILLAR_NAMES)].sum(axis=1)
    )


def _overlapping_dates(fig) -> list[tuple[str, str]]:
    """Pairs of neighbouring x tick labels whose boxes overlap, on every visible axis."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    pairs = []
    for ax in fig.axes:
        if not ax.get_visible() or not isinstance(ax.xaxis.get_major_locator(), DateLocator):
            continue
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        boxes = sorted(((t.get_window_extent(renderer), t.get_text()) for t in labels),
                       key=lambda b: b[0].x0)  # fmt: skip
        for (a, ta), (b, tb) in pairwise(boxes):
            if a.x1 > b.x0 - 2:  # at least 2 px between two dates
                pairs.append((ta, tb))
    return pairs


@pytest.mark.parametrize(
    "days, step", [(56, "week"), (100, "day"), (728, "day"), (3 * 365, "week")]
)
def test_dates_never_overlap(days, step):
    """Issue 24: on a short log (8 weeks) and a 100-day daily series the dates overlapped.
    The report's two date pictures, at the report's sizes: every pair of date labels apart,
    and at least three of them; no warning from the date locator."""
    scores = _scores(days, step)
    warnings.simplefilter("error")  # no "unable to pick an appropriate interval" either
    fig = plt.figure(figsize=(11, 5.2), layout="constrained")  # the report's "SSI over time"
    grid = fig.add_gridspec(2, 2, width_ratios=[3, 1], height_ratios=[2, 1])
    top = fig.add_subplot(grid[0, 0])
    plots.timeline(scores, pillars=None, ax=top)
    plots.pillar_lines(scores, ax=fig.add_subplot(grid[1, 0], sharex=top))
    plots.pillars(scores, ax=fig.add_subplot(grid[:, 1]))
    _, axes = plt.subplots(2, 2, figsize=(10, 5.4), sharex=True, sharey=True,
                           layout="constrained")  # fmt: skip  # the diagnostic's pillars
    plots.pillar_benchmarks(scores, ax=axes)
    for figure in (fig, axes[0, 0].figure):
        assert _overlapping_dates(figure) == []
        shown = [
            [t.get_text() for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
            for ax in figure.axes
            if isinstance(ax.xaxis.get_major_locator(), DateLocator)
        ]
        assert shown and max(map(len, shown)) >= 3, shown
        plt.close(figure)


@pytest.mark.parametrize("layout", ["constrained", None])
def test_pillar_legend_and_its_note_sit_above_the_panels(layout):
    """Issue 24: the "no per-pillar industry or network averages" note and the "— you" legend
    were drawn over the "Professional brand" title: the legend's box meets no panel or title."""
    scores = _scores(100, "day")
    _, axes = plt.subplots(2, 2, figsize=(10, 5.4), sharex=True, sharey=True, layout=layout)
    plots.pillar_benchmarks(scores, ax=axes)
    fig = axes[0, 0].figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (legend,) = fig.legends
    assert "no per-pillar" in legend.get_title().get_text()
    box = legend.get_window_extent(renderer)
    for ax in axes.ravel():
        assert not box.overlaps(ax.get_window_extent(renderer)), ax.get_title()
        assert not box.overlaps(ax.title.get_window_extent(renderer)), ax.get_title()
    plt.close(fig)


def test_lag_profile_bars_are_the_intervals_the_page_prints():
    """Issue 24: 90 % error bars were drawn beside sentences and a scatter that give the 95 %
    interval of r. At the answer's lag the bar is the table's r_low..r_high, labelled with
    that level; no jargon in the labels."""
    from ssi_analysis import answers

    panel = simulate(seed=4, days=364).weekly()
    result = answers(panel, scores=["ssi"], outcomes=["impressions"])
    ax = plots.lag_profile(result, x="ssi", y="impressions")
    row, scan = result.pair("ssi", "impressions"), result.scan("ssi", "impressions")
    (bars,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = bars.lines[2][0].get_segments()
    at = list(scan["lag"]).index(int(row["lag"]))
    low, high = sorted(segments[at][:, 1])
    assert (low, high) == pytest.approx((row["r_low"], row["r_high"]), abs=1e-6)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "95 % interval" in labels, labels
    words = " ".join([*labels, ax.get_ylabel(), ax.get_xlabel(), ax.get_title()])
    assert not re.search(r"prewhiten|analyst|innovation", words), words


def test_money_on_a_log_axis_reads_as_money():
    """Issue 24: a money outcome on the answer's log scale was labelled 9.5 … 12 (logs).
    Its ticks are round amounts with thousands separators and the currency when known."""
    from types import SimpleNamespace

    from ssi_analysis import answers

    panel = simulate(seed=4, days=364).weekly()
    panel.attrs["align_report"] = SimpleNamespace(currency="USD")
    result = answers(panel, scores=["ssi"], outcomes=["pipeline_created"])
    assert result.transforms["pipeline_created"] == "log1p"
    ax = plots.scatter(panel, x="ssi", y="pipeline_created", answers=result)
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert len(ticks) >= 2 and all(re.fullmatch(r"USD \d{1,3}(,\d{3})*", t) for t in ticks)
    values = [float(t[4:].replace(",", "")) for t in ticks]
    np.testing.assert_allclose(np.log1p(values), ax.get_yticks())  # placed where they say
    assert any(v >= 1000 for v in values), ticks
    plt.close(ax.figure)


def test_a_week_logged_between_two_gaps_is_drawn():
    # a line of one point has no length: the lone week gets a marker, the others none
    weeks = pd.date_range("2026-01-05", periods=12, freq="W-MON").delete([3, 5, 6])
    scores = pd.DataFrame({"person": "me", "date": weeks, "ssi": 50.0 + np.arange(len(weeks))})
    line = plots.timeline(scores, pillars=None).lines[0]
    shown = np.asarray(line.get_markevery())
    assert shown.sum() == 1 and line.get_xdata()[shown.argmax()] == pd.Timestamp("2026-02-02")
    plt.close("all")


def test_vlag_is_seaborns_colour_map():
    sns = pytest.importorskip("seaborn")
    from ssi_analysis.present.colormaps import vlag

    np.testing.assert_array_equal(vlag().colors, sns.cm.vlag.colors)
    grid = np.linspace(-0.1, 1.1, 500)
    np.testing.assert_array_equal(vlag()(grid), sns.cm.vlag(grid))


def _grid_parts(ax) -> dict:
    """What a heatmap shows: cells, their colours and notes, labels, turns, frame, bar."""
    fig = ax.get_figure()
    fig.canvas.draw()
    mesh = ax.collections[0]
    return {
        "colours": np.round(mesh.get_facecolors(), 12).tolist(),
        "empty": np.ma.getmaskarray(mesh.get_array()).tolist(),
        "notes": [
            (t.get_text(), t.get_position(), t.get_color(), t.get_fontsize()) for t in ax.texts
        ],
        "x": [(t.get_text(), t.get_rotation()) for t in ax.get_xticklabels()],
        "y": [(t.get_text(), t.get_rotation(), t.get_va()) for t in ax.get_yticklabels()],
        "ticks": (list(ax.get_xticks()), list(ax.get_yticks())),
        "limits": (ax.get_xlim(), ax.get_ylim()),
        "spines": [s.get_visible() for s in ax.spines.values()],
        "bars": [a.get_ylabel() for a in fig.axes if a is not ax],
        "box": tuple(np.round(ax.get_position().bounds, 9)),
    }


@pytest.mark.parametrize(
    ("rows", "columns", "size", "narrow"),
    [(14, 5, (3.9, 7.1), True), (3, 5, (3.9, 2.5), True), (2, 2, (6.4, 4.8), False),
     (20, 16, (9, 9), False), (8, 3, (3.5, 8), False)],
)  # fmt: skip
def test_heatmap_draws_what_seaborns_heatmap_drew(rows, columns, size, narrow):
    """The grid is drawn without seaborn (its import pulls in scipy.stats): the same cells,
    colours, notes, label turns (some overlap, some not), frame and colour bar as
    ``sns.heatmap`` with the arguments the kit passed it."""
    sns = pytest.importorskip("seaborn")
    rng = np.random.default_rng(rows * columns)
    values = rng.uniform(-1, 1, (rows, columns))
    values[rng.random(values.shape) < 0.15] = np.nan
    y = [f"outcome number {i}" for i in range(rows)]
    x = [f"score {j}" for j in range(columns)]
    table = pd.DataFrame(
        {"y": np.repeat(y, columns), "x": np.tile(x, rows), "lag": rng.integers(0, 3, values.size),
         "r": values.ravel(), "p_adj": rng.uniform(0, 0.1, values.size)}
    )  # fmt: skip
    _, ax = plt.subplots(figsize=size, layout="constrained")
    plots.heatmap(table, ax=ax, narrow=narrow)
    title, ours = ax.get_title(), _grid_parts(ax)

    # seaborn's, as plots.heatmap called it
    best = table.sort_values("p_adj", kind="stable").drop_duplicates(["x", "y"])
    from ssi_analysis.present.plots import _short, _wrapped

    name = _wrapped if narrow else _short
    grid = best.pivot(index="y", columns="x", values="r").reindex(index=y, columns=x)
    notes = [
        f"{v:.2f}" + ("*" if p < 0.05 else "") + (f"\n(lag {k})" if k else "")
        if np.isfinite(v) else ""
        for v, p, k in zip(best["r"], best["p_adj"], best["lag"], strict=True)
    ]  # fmt: skip
    annot = best.assign(t=notes).pivot(index="y", columns="x", values="t").reindex_like(grid)
    _, ax = plt.subplots(figsize=size, layout="constrained")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        sns.heatmap(
            grid.rename(index=name, columns=name), annot=annot.to_numpy(), fmt="",
            annot_kws={"fontsize": "small"} if narrow else None, cmap="vlag", vmin=-1, vmax=1,
            center=0, cbar=not narrow, cbar_kws=None if narrow else {"label": "r"}, ax=ax,
            linewidths=0.5,
        )  # fmt: skip
    if narrow:
        ax.tick_params(labelsize="small")
        ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, fontsize="small")
    theirs = _grid_parts(ax)
    assert ours == theirs
    plt.close("all")


def test_date_axis_picks_its_dates_once_per_view(monkeypatch):
    """A date axis' dates are matplotlib's AutoDateLocator's for every view, picked once for
    each view (a figure asked for them about 15 times a picture, each building a rule)."""
    from matplotlib.dates import MONTHLY, AutoDateLocator

    from ssi_analysis.present.plots import date_axis

    picked = []
    real = AutoDateLocator.get_locator
    monkeypatch.setattr(
        AutoDateLocator, "get_locator", lambda self, *a: picked.append(a) or real(self, *a)
    )
    scores = _scores(728, "day")
    _, axes = plt.subplots(3, 1, sharex=True, figsize=(3.9, 6.2), layout="constrained")
    for ax in axes:
        ax.plot(scores["date"], scores["ssi"])
        date_axis(ax)
    for start, end in [(None, None), ("2026-03-01", "2026-05-20"), ("2026-01-05", "2027-12-01")]:
        if start is not None:
            axes[0].set_xlim(pd.Timestamp(start), pd.Timestamp(end))
        picked.clear()
        axes[0].get_figure().canvas.draw()
        assert len(picked) == 1  # the three shared axes, their layout and drawing: once
        plain = AutoDateLocator(minticks=3, maxticks=7)
        plain.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]  # as date_axis sets it
        plain.set_axis(axes[0].xaxis)
        np.testing.assert_array_equal(axes[0].get_xticks(), plain())
        assert len(axes[0].get_xticks()) >= 3
    plt.close("all")


def test_a_title_pushed_off_the_picture_by_wide_tick_labels_is_wrapped_inside():
    """The team's money scatter cut its title at the right edge ("same weel"): wide tick
    labels ("USD 140,000") push the axes, and the title centred on it, to the right."""
    import matplotlib.pyplot as plt

    from ssi_analysis.present.page import PICTURE_IN, _titles_inside

    fig, ax = plt.subplots(figsize=(PICTURE_IN, PICTURE_IN), layout="constrained")
    ax.plot([0, 1], [0, 140_000])
    ax.set_yticks([0, 70_000, 140_000], ["USD 0", "USD 70,000", "USD 140,000"])
    ax.set_ylabel("pipeline created (USD)")
    ax.set_title("SSI and pipeline created (USD), same week\nthin lines: each person over time")
    engine = fig.get_layout_engine()
    engine.execute(fig)
    renderer = fig.canvas.get_renderer()

    def outside() -> bool:
        box = ax.title.get_window_extent(renderer)
        return box.x0 < 0 or box.x1 > fig.bbox.width

    assert outside()  # the case: without the wrap the title runs off the right edge
    assert _titles_inside(fig)
    engine.execute(fig)
    assert not outside() and not _titles_inside(fig)
    plt.close(fig)


@pytest.mark.parametrize("late", [True, False])
def test_a_long_change_label_does_not_shrink_the_picture(late):
    # A label beside a late change date ran past the right edge, and the layout shrank the
    # whole picture to keep it (the graph's share of the width 0.76 -> 0.24).
    from ssi_analysis import intervention

    rng = np.random.default_rng(3)
    weeks = pd.date_range("2025-01-06", periods=80, freq="W-MON")
    data = pd.DataFrame({"period": weeks, "brand": 40 + rng.normal(size=80)})
    start = weeks[70] if late else weeks[30]
    result = intervention(data, y="brand", start=start, placebo=False, draws=200)
    shares = []
    for text in (None, "started posting three times as often, every single week"):
        fig, axes = plt.subplots(3, 1, sharex=True, figsize=(7, 6), layout="constrained")
        plots.intervention(result, axes=axes, label_change=text)
        fig.canvas.draw()
        shares.append(axes[0].get_window_extent().width / fig.get_window_extent().width)
        named = [t.get_text() for t in axes[0].get_legend().get_texts()]
        plt.close(fig)
    assert shares[1] == pytest.approx(shares[0], abs=0.02), shares
    assert text in named  # the change is named by its line, in the legend
