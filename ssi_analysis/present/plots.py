"""Pictures of scores and results, seaborn-shaped: ``f(data, *, ..., ax=None) -> Axes``.

Every function draws on ``ax`` (the current Axes when None), returns it, and never calls
``show()``. Missing days are drawn as gaps: series are put on a complete clock first, so a
line never bridges a period without data.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ssi_analysis.names import MONEY_METRICS, PILLAR_NAMES, VERDICT_WORDS, which_figure
from ssi_analysis.present.words import label

__all__ = [
    "heatmap",
    "intervention",
    "lag_profile",
    "link_grid",
    "pillar_benchmarks",
    "pillar_lines",
    "pillars",
    "scatter",
    "team",
    "timeline",
]

PILLAR_COLORS = dict(zip(PILLAR_NAMES, ("#4C72B0", "#DD8452", "#55A868", "#C44E52"), strict=True))
MARKS = (40, 70)


#: Characters that reorder text on screen ("Ana\u202egnp.exe" shows as "Anaexe.png").
BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)


def drawn(text: object, *, limit: int = 60) -> str:
    r"""Make text from the data safe to draw: literal dollars, no bidi controls, not too long.

    Matplotlib reads ``$...$`` as math (a person called ``$\foo$`` crashed the report), and
    a 100,000-character name made a picture 900,000 pixels wide.

    Examples
    --------
    >>> print(drawn(r"$\foo$"), drawn("Ana\N{RIGHT-TO-LEFT OVERRIDE}gnp"), len(drawn("x" * 99)))
    \$\foo\$ Anagnp 60
    """
    text = str(text).translate(BIDI_CONTROLS)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("$", r"\$")


def money_label(data: pd.DataFrame, column: str) -> str:
    """Name a column for an axis, with the currency of a money outcome when known.

    "pipeline created (USD)" when the aligned panel carries a currency
    (``data.attrs["align_report"].currency``).

    Examples
    --------
    >>> money_label(pd.DataFrame(), "pipeline_created")
    'pipeline created'
    """
    currency = getattr(data.attrs.get("align_report"), "currency", None)
    words = label(column)
    return f"{words} ({currency})" if currency and column in MONEY_METRICS else words


def _short(name: object) -> str:
    """Name a column readably on an axis: ``pipeline_created`` -> pipeline created."""
    return "SSI" if name == "ssi" else str(name).replace("_", " ")


def _wrapped(name: object, width: int = 12) -> str:
    """Wrap a short name onto lines of about ``width`` characters (``invitations received``)."""
    import textwrap

    said = _short(name)
    return "\n".join(textwrap.wrap(said, width, break_long_words=False)) or said


def _p_words(p: float, name: str = "p") -> str:
    """Say p as the sentences do (one rule: :func:`ssi_analysis.words.format.fmt_p`).

    The titles once printed p = 0.031 where the sentence beside them said p = 0.03.
    """
    from ssi_analysis.words.format import fmt_p

    return fmt_p(p, name)


def _legend_outside(ax, *, below: bool = False) -> None:
    """Put the legend beside (or below) the axes, never on the data."""
    labels = ax.get_legend_handles_labels()[1]
    if not labels:
        return
    if below:
        ax.legend(
            loc="upper center",
            bbox_to_anchor=(0.5, -0.16),
            fontsize="small",
            frameon=False,
            # two columns of short entries; long ones (a sentence) one a line
            ncol=2 if max(map(len, labels)) <= 22 and len(labels) > 2 else 1,
        )
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small", frameon=False)


def _lone(values: pd.Series) -> dict:
    """Marker keywords that show a value with no value on either side (a line cannot).

    A week logged between two gaps is a line of length zero: without a marker it is not drawn.

    Examples
    --------
    >>> _lone(pd.Series([1.0, np.nan, 2.0, np.nan, 3.0, 4.0]))["markevery"].tolist()
    [True, False, True, False, False, False]
    """
    known = values.notna().to_numpy()
    before = np.concatenate([[False], known[:-1]])
    after = np.concatenate([known[1:], [False]])
    lone = known & ~before & ~after
    return {"marker": "o", "ms": 3.5, "markevery": lone} if lone.any() else {}


def _pillar_lines_on(ax: plt.Axes, frame: pd.DataFrame, columns: Sequence[str]) -> None:
    """Draw each pillar's line, in its colour (:func:`pillar_lines` and :func:`pillars`)."""
    for pillar in columns:
        ax.plot(
            frame.index,
            frame[pillar],
            color=PILLAR_COLORS[pillar],
            lw=1,
            label=pillar,
            **_lone(frame[pillar]),
        )


def pillar_lines(
    data: pd.DataFrame,
    *,
    person: str | None = None,
    ax: plt.Axes | None = None,
    legend: str = "beside",
) -> plt.Axes:
    """Plot the four pillars over time on their own 0-25 axis (not inside the SSI bands).

    ``legend="below"`` puts the legend under the axes (a phone-narrow picture).

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> ax = pillar_lines(simulate(seed=1, days=60).scores)
    >>> tuple(map(float, ax.get_ylim())), [t.get_text() for t in ax.get_legend().get_texts()]
    ((0.0, 25.0), ['brand', 'people', 'insights', 'relationships'])
    """
    ax = _axes(ax)
    data = _one_person(data, person)
    columns = [p for p in PILLAR_NAMES if p in data]
    frame = _on_full_clock(data, columns)
    _pillar_lines_on(ax, frame, columns)
    ax.set_ylim(0, 25)
    date_axis(ax)
    ax.set_ylabel("pillar (0-25)")
    ax.set_title("The four pillars", fontsize="small")
    _legend_outside(ax, below=legend == "below")
    return ax


def _axes(ax):
    return plt.gca() if ax is None else ax


def date_axis(ax: plt.Axes, *, most: int = 7) -> None:
    """Few, short date labels that never overlap (matplotlib's concise dates).

    The default locator put a label on every week of an 8-week log and on every other week
    of a 100-day series, in full ISO dates, overlapping; at most ``most`` ticks, labelled
    "Feb", "2026", "15" with the rest of the date once at the axis' end.
    """
    locator = _DatesOnce(minticks=3, maxticks=most)
    # a yearly step in months too: without it, 2-3 years at 5-6 ticks found no interval and
    # matplotlib warned (on the page) "unable to pick an appropriate interval"
    locator.intervald[mdates.MONTHLY] = [1, 2, 3, 4, 6, 12]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


class _DatesOnce(mdates.AutoDateLocator):
    """An ``AutoDateLocator`` that picks its dates once for each view of the axis.

    Its dates depend on the axis' view limits only, yet a figure asks for them at every
    layout pass, spine, label and draw (about 15 times for a picture; 3 times as many with
    shared axes), each time building a new rule: a tenth of drawing a page's pictures.
    """

    _seen: tuple | None = None
    _dates: np.ndarray | None = None

    def __call__(self):
        view = tuple(self.axis.get_view_interval()), self.tz
        if self._seen != view:
            self._dates, self._seen = np.asarray(super().__call__()), view
        return self._dates.copy()


#: The grid's marks beside a cell's r: linked, and ruled out (the effect that matters
#: excluded; not "r is about 0": a ruled-out cell's r at its lag can be 0.27).
GRID_MARKS = {"linked": "*", "ruled out": " ○"}


def _person_answers(answers, who: str) -> None:
    """Refuse a team's answers where a picture draws one person's (by name, with the fix)."""
    if answers.kind != "person":
        made = "group_answers" if answers.kind == "group" else "team_answers"
        raise ValueError(
            f"{who}: these are a team's answers ({made}); {who} draws one person's "
            "answers (answers or seller_answers). For a team, draw plots.team(panel, x=..., "
            "y=..., lag=...) at the lag of its answer, or plots.heatmap(team_answers(panel)) "
            "for the grid."
        )


def _one_person(data: pd.DataFrame, person: str | None) -> pd.DataFrame:
    if "person" not in data or data["person"].nunique() <= 1:
        return data
    if person is None:
        raise ValueError("the data holds several people; pass person=")
    return data[data["person"] == person]


def _on_full_clock(data: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Rows for every day (or period) between the first and the last, NaN where none."""
    time = "period" if "period" in data else "date"
    frame = data.set_index(time)[columns].sort_index()
    frame = frame[~frame.index.duplicated(keep="last")]
    if len(frame) < 2:
        return frame
    steps = frame.index.to_series().diff().dropna()
    step = steps.mode().iloc[0]
    full = pd.date_range(frame.index[0], frame.index[-1], freq=step)
    return frame.reindex(full.union(frame.index))


def timeline(
    data: pd.DataFrame,
    *,
    person: str | None = None,
    pillars: str | None = "lines",
    benchmarks: bool = True,
    ax: plt.Axes | None = None,
    legend: str = "beside",
) -> plt.Axes:
    """Plot SSI over time, with its pillars, the 40 and 70 marks, and group averages.

    Parameters
    ----------
    data : pandas.DataFrame
        Daily scores (:func:`ssi_analysis.load_ssi`) or a panel (:func:`ssi_analysis.align`).
    person : str, optional
        Whose scores, when the data holds several people.
    pillars : {"lines", "stacked", None}
        Draw the four pillars as lines, as stacked areas, or not at all.
    benchmarks : bool
        Draw the industry and network averages when the data has them.
    ax : matplotlib.axes.Axes, optional
    legend : {"beside", "below"}
        Where the legend goes ("below" for a phone-narrow picture).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> ax = timeline(simulate(seed=1, days=60).scores)
    >>> ax.get_ylabel()
    'score (0-100; pillars 0-25)'
    """
    ax = _axes(ax)
    data = _one_person(data, person)
    extra = [
        c
        for c in ("industry_ssi", "network_ssi")
        if benchmarks and c in data and data[c].notna().any()
    ]
    frame = _on_full_clock(data, ["ssi", *[p for p in PILLAR_NAMES if p in data], *extra])
    ax.axhspan(0, MARKS[0], color="#d9d9d9", alpha=0.35, lw=0, label="below 40", gid="band_low")
    ax.axhspan(
        MARKS[1], 100, color="#a1d99b", alpha=0.35, lw=0, label="70 and above", gid="band_high"
    )
    ax.plot(frame.index, frame["ssi"], color="black", lw=2, label="SSI", **_lone(frame["ssi"]))
    if pillars == "lines":
        _pillar_lines_on(ax, frame, [p for p in PILLAR_NAMES if p in frame])
    elif pillars == "stacked":
        bottom = np.zeros(len(frame))
        for pillar in PILLAR_NAMES:
            if pillar in frame:
                values = frame[pillar].to_numpy()
                ax.fill_between(
                    frame.index,
                    bottom,
                    bottom + values,
                    color=PILLAR_COLORS[pillar],
                    alpha=0.5,
                    lw=0,
                    label=pillar,
                )
                bottom = bottom + values  # NaN days stay NaN: no area is drawn over them
    elif pillars is not None:
        raise ValueError(f"pillars must be one of ('lines', 'stacked', None); got {pillars!r}.")
    for column, style in zip(extra, ("--", ":"), strict=False):
        ax.plot(
            frame.index,
            frame[column],
            color="grey",
            ls=style,
            lw=1.2,
            label=column.replace("_ssi", " average"),
        )
    ax.set_ylim(0, 100)
    date_axis(ax)
    ax.set_ylabel("score (0-100; pillars 0-25)" if pillars is not None else "SSI (0-100)")
    ax.set_title(
        "SSI over time"
        + (f" — {drawn(data['person'].iloc[0])}" if "person" in data and len(data) else "")
    )
    _legend_outside(ax, below=legend == "below")
    return ax


def pillars(
    data: pd.DataFrame, *, person: str | None = None, ax: plt.Axes | None = None
) -> plt.Axes:
    """Plot the latest pillars beside the industry's and network's averages (when known).

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> ax = pillars(simulate(seed=1, days=30).scores)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['brand', 'people', 'insights', 'relationships']
    """
    ax = _axes(ax)
    data = _one_person(data, person)
    time = "period" if "period" in data else "date"
    scored = data[data["ssi"].notna()].sort_values(time)
    if scored.empty:
        raise ValueError("no capture with a score to show")
    latest = scored.iloc[-1]
    groups = {"you": [latest.get(p, np.nan) for p in PILLAR_NAMES]}
    for group in ("industry", "network"):
        values = [latest.get(f"{group}_{p}", np.nan) for p in PILLAR_NAMES]
        if np.isfinite(values).any():
            groups[f"{group} average"] = values
    width = 0.8 / len(groups)
    x = np.arange(len(PILLAR_NAMES))
    for i, (name, values) in enumerate(groups.items()):
        ax.bar(
            x + (i - (len(groups) - 1) / 2) * width,
            values,
            width,
            label=name,
            color=None if name != "you" else "#4C72B0",
        )
    ax.set_xticks(x, PILLAR_NAMES, rotation=30, ha="right")
    ax.set_ylim(0, 25)
    ax.set_ylabel("pillar score (0-25)")
    compared = " vs " + " and ".join(g.replace(" average", "") for g in groups if g != "you")
    ax.set_title(
        f"Your pillars{compared if len(groups) > 1 else ''} "
        f"({which_figure('latest', latest[time])})",
        fontsize="small",
    )
    if len(groups) > 1:
        _legend_outside(ax, below=True)
    return ax


def scatter(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    lag: int = 0,
    answers=None,
    person: str | None = None,
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Plot one point per period with the least-squares fit; the tested r, CI and p in the legend.

    Parameters
    ----------
    data : pandas.DataFrame
        The panel the points come from.
    x, y : str
        Score and outcome columns.
    lag : int
        Periods by which ``x`` leads (ignored when ``answers`` is given: the answer's lag is
        used).
    answers : Answers, optional
        The result of :func:`ssi_analysis.answers` on ``data``: the plot then shows the
        answer's lag, the outcome on the answer's scale (``log1p``) and the answer's own
        numbers and verdict. Without it, one test at ``lag`` is run here, not adjusted for
        any scan, and the title says so.
    person : str, optional
        Whose answer, when ``answers`` holds several people.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=30, freq="W-MON"),
    ...                      "ssi": rng.normal(50, 5, 30), "replies": rng.poisson(5, 30)})
    >>> ax = scatter(data, x="ssi", y="replies")
    >>> "p =" in ax.get_legend().get_texts()[0].get_text()
    True
    """
    if answers is not None:
        _person_answers(answers, "scatter")
    ax = _axes(ax)
    time = "period" if "period" in data else "date"
    frame = _one_person(data, person).sort_values(time)
    if answers is not None:
        row = answers.pair(x, y, person=person)
        lag = int(row["lag"])
        shown_y = frame[y].astype(float)
        if answers.transforms.get(y) == "log1p":
            shown_y = np.log1p(shown_y)
        text = (
            f"tested r = {row['r']:.2f} [{row['r_low']:.2f}, {row['r_high']:.2f}] "
            f"(95 % interval), adjusted {_p_words(row['p_adj'])}"
        )
        when = "same " + row["unit"] if lag == 0 else f"{lag} {row['unit']}{'s' * (lag > 1)} later"
        verdict = VERDICT_WORDS.get(row["verdict"], row["verdict"])
        title = (
            f"{label(x)} and {label(y)}, {when}: {verdict}\n(the answer, at lag {lag}; "
            f"r = {row['r']:.2f}, interval {row['r_low']:.2f} to {row['r_high']:.2f})"
        )
        unit = row["unit"]
    else:
        from ssi_analysis.stats.correlation import correlate

        row = correlate(frame, x=x, y=y, lag=lag).iloc[0]
        shown_y = frame[y].astype(float)
        text = (
            f"r = {row['r']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}], "
            f"{_p_words(row['p'])} ({_p_words(row['p_naive'], 'naive p')})"
        )
        title = f"one test at lag {lag}, not adjusted for a scan (not the report's answer)"
        unit = row["unit"]
    xs = frame[x].to_numpy(dtype=float)
    ys = shown_y.shift(-lag).to_numpy(dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    ax.scatter(xs[ok], ys[ok], s=18, alpha=0.7, color="#4C72B0")
    if ok.sum() >= 3 and np.ptp(xs[ok]) > 0:
        slope, intercept = np.polyfit(xs[ok], ys[ok], 1)
        grid = np.linspace(xs[ok].min(), xs[ok].max(), 50)
        ax.plot(grid, intercept + slope * grid, color="black", lw=1.5, label=text)
        _legend_outside(ax, below=True)
    scale = " (log scale)" if answers is not None and answers.transforms.get(y) == "log1p" else ""
    if scale:
        log1p_ticks(ax, data, y)
    else:
        money_ticks(ax, data, y)
    ax.set_xlabel(drawn(label(x)))
    later = f" ({lag} {unit}{'s' * (lag > 1)} later)" if lag else ""
    ax.set_ylabel(drawn(money_label(data, y)) + scale + later)
    ax.set_title(drawn(title, limit=200), fontsize="small")
    return ax


def lag_profile(
    data,
    *,
    x: str,
    y: str,
    lags: Iterable[int] = range(-8, 9),
    person: str | None = None,
    ax: plt.Axes | None = None,
    legend: str = "beside",
) -> plt.Axes:
    """Plot the tested correlation at each lag (trends taken out), with the chance band.

    Bars taller than the band at a lag are unlikely by chance at that lag alone; filled bars
    stay significant after the adjustment (``p_adj < 0.05``).

    Parameters
    ----------
    data : Answers or pandas.DataFrame
        The result of :func:`ssi_analysis.answers`: the answer's own lags are drawn, with
        the family adjustment of the answer, the lag it shows outlined and ±``bound``
        dashed. A panel instead: :func:`~ssi_analysis.lag_scan` over ``lags`` is run here
        (adjusted over this scan only) and the title says so.
    x, y : str
        Score and outcome.
    lags : iterable of int
        Lags to scan when ``data`` is a panel.
    person : str, optional
        Whose answer, when the answers hold several people.
    legend : {"beside", "below"}
        Where the legend goes ("below" for a phone-narrow picture).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=60, freq="W-MON"),
    ...                      "ssi": rng.normal(size=60), "replies": rng.normal(size=60)})
    >>> len(lag_profile(data, x="ssi", y="replies", lags=range(-3, 4)).patches)
    7
    """
    # norm.ppf is scipy.special's ndtri (scipy.stats' import: half a second of a report)
    from scipy.special import ndtri

    from ssi_analysis.stats.answers import Answers

    ax = _axes(ax)
    if isinstance(data, Answers):
        _person_answers(data, "lag_profile")
        scan = data.scan(x, y, person=person)
        answer = data.pair(x, y, person=person)
        alpha, unit = data.alpha, answer["unit"]
        crit = ndtri(1 - alpha / 2)
        df = scan["df"].to_numpy(dtype=float)
        band = np.where(df > 1, np.tanh(crit / np.sqrt(np.where(df > 1, df - 1, 1))), np.nan)
        title = f"{label(x)} vs {label(y)}: {answer['verdict']} (the answer's lags)"
    else:
        from ssi_analysis.stats.correlation import lag_scan

        scan = lag_scan(_one_person(data, person), x=x, y=y, lags=lags)
        answer, alpha, unit = None, 0.05, scan["unit"].iloc[0]
        band = scan["band"].to_numpy()
        title = f"{label(x)} vs {label(y)} by lag (this scan alone, not the report's answer)"
    significant = (scan["p_adj"] < alpha).to_numpy()
    colors = np.where(significant, "#C44E52", "white")
    bars = ax.bar(scan["lag"], scan["r"].fillna(0), color=colors, edgecolor="#333333", width=0.7)
    ax.fill_between(
        scan["lag"],
        -band,
        band,
        color="grey",
        alpha=0.25,
        step="mid",
        lw=0,
        label=f"chance band ({1 - alpha:.0%})".replace("%", " %"),
        gid="band",
    )
    if answer is not None:
        # Each lag's interval of r. With effects in the user's units (the report), at the
        # level the page's sentences and the scatter's legend give (95 %): the ±bound line
        # is then a yardstick, not the verdict's test. With the correlation scale, the
        # 1 - 2α interval "ruled out" reads: every one of them inside ±bound.
        effects = "effect" in data.table and data.table["effect"].notna().any()
        level = 1 - alpha if effects else 1 - 2 * alpha  # r's r_low, r_high: 1 - α
        z = np.arctanh(scan["r"].clip(-0.999999, 0.999999).to_numpy(dtype=float))
        half = ndtri(0.5 + level / 2) / np.sqrt(np.where(df > 1, df - 1, np.nan))
        low, high = np.tanh(z - half), np.tanh(z + half)
        r = scan["r"].to_numpy(dtype=float)
        ax.errorbar(
            scan["lag"],
            r,
            yerr=[r - low, high - r],
            fmt="none",
            ecolor="#333333",
            capsize=3,
            lw=1,
            gid="interval",
            label=f"{level:.0%} interval".replace("%", " %"),
        )
        shown = list(scan["lag"]).index(int(answer["lag"]))
        bars[shown].set_linewidth(2.5)
        bars[shown].set_gid("answer")
        for sign in (-1, 1):
            ax.axhline(
                sign * data.bound,
                color="#1b7837",
                ls="--",
                lw=1,
                gid="bound",
                label=(
                    f"±{data.bound:g}: a moderate correlation, for scale"
                    if sign > 0 and effects
                    else f"±{data.bound:g}: every interval inside = {VERDICT_WORDS['ruled out']}"
                    if sign > 0
                    else None
                ),
            )
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xlabel(f"lag in {unit}s ({drawn(label(x))} leads when positive)")
    ax.set_ylabel("correlation, trends taken out")
    ax.set_title(drawn(title, limit=200), fontsize="small")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole periods
    _legend_outside(ax, below=legend == "below")
    return ax


def heatmap(
    data,
    *,
    value: str = "r",
    person: str | None = None,
    ax: plt.Axes | None = None,
    narrow: bool = False,
) -> plt.Axes:
    """Plot the answers (or a correlation table) as a grid: outcomes × scores.

    Parameters
    ----------
    data : Answers or pandas.DataFrame
        The result of :func:`ssi_analysis.answers`: each cell is the answer's own row
        (its lag, its tested r), marked ``*`` when linked and ``○`` when ruled out. A
        :func:`~ssi_analysis.correlation_table` frame instead: each cell is the lag with the
        smallest adjusted p (ties: smaller p, then the first lag), ``*`` where
        ``p_adj < 0.05``.
    value : str
        The column coloured (``"r"`` by default).
    person : str, optional
        Whose answers, when they hold several people.
    narrow : bool
        Drawn for a phone-narrow picture: small cell text, names wrapped, no colour bar
        (each cell says its value).

    Examples
    --------
    >>> table = pd.DataFrame({"x": ["ssi", "ssi", "brand", "brand"],
    ...     "y": ["replies", "pipeline", "replies", "pipeline"], "lag": 0,
    ...     "r": [0.5, 0.1, 0.4, -0.1], "p_adj": [0.01, 0.6, 0.03, 0.7]})
    >>> ax = heatmap(table)
    >>> sorted(t.get_text() for t in ax.texts)
    ['-0.10', '0.10', '0.40*', '0.50*']
    """
    from ssi_analysis.stats.answers import Answers

    ax = _axes(ax)
    if isinstance(data, Answers):
        if data.kind == "group":
            raise ValueError(
                "heatmap: these are answers per group (group_answers), several rows per cell; "
                "draw one group's: plots.heatmap(team_answers(panel[in_group])), or "
                "pivot answers.table by group yourself."
            )
        best = data.table
        if person is not None:
            best = best[best["person"] == person]
        elif data.kind == "person" and best["person"].nunique() > 1:
            raise ValueError("heatmap: the answers hold several people; pass person=")
        best = best.rename(columns={"score": "x", "outcome": "y"})
        marks = best["verdict"].map(GRID_MARKS).fillna("")
        # a team's answers are on the effect scale (its bounds are per outcome)
        effect_scale = data.kind == "team" or ("effect" in best and best["effect"].notna().any())
        title = (
            f"tested r at each answer's lag (* {VERDICT_WORDS['linked']}; ○ "
            f"{VERDICT_WORDS['ruled out']}: "
            + ("an effect that matters excluded)" if effect_scale else f"inside ±{data.bound:g})")
        )
    else:
        best = (
            data.assign(_p=data["p_adj"].fillna(2), _q=data.get("p", data["p_adj"]).fillna(2))
            .sort_values(["_p", "_q"], kind="stable")
            .drop_duplicates(["x", "y"])
        )
        marks = np.where(best["p_adj"].fillna(1) < 0.05, "*", "")
        title = "correlation (* significant after adjusting for every test)"
    grid = best.pivot(index="y", columns="x", values=value)
    source = best if isinstance(data, Answers) else data
    grid = grid.reindex(
        columns=list(dict.fromkeys(source["x"])), index=list(dict.fromkeys(source["y"]))
    )
    notes = best.assign(
        text=[
            f"{v:.2f}" + m + (f"\n(lag {int(k)})" if k else "") if np.isfinite(v) else ""
            for v, m, k in zip(best[value], marks, best["lag"], strict=True)
        ]
    )
    annot = notes.pivot(index="y", columns="x", values="text").reindex_like(grid)
    name = _wrapped if narrow else _short
    _grid(
        # readable names (pipeline created, SSI), drawn as text
        grid.astype(float).rename(index=lambda v: drawn(name(v)), columns=lambda v: drawn(name(v))),
        annot.to_numpy(),
        ax=ax,
        annot_kws={"fontsize": "small"} if narrow else {},
        colorbar=None if narrow else value,
    )
    if narrow:
        ax.tick_params(labelsize="small")
        ax.tick_params(axis="x", labelrotation=30)
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(title, fontsize="small")
    return ax


def _grid(
    frame: pd.DataFrame,
    annot: np.ndarray,
    *,
    ax: plt.Axes,
    annot_kws: dict,
    colorbar: str | None,
) -> None:
    """Draw ``frame`` as seaborn's ``heatmap`` draws it, without importing seaborn.

    The same picture as ``sns.heatmap(frame, annot=annot, fmt="", cmap="vlag", vmin=-1,
    vmax=1, center=0, linewidths=0.5, cbar=colorbar is not None, cbar_kws={"label":
    colorbar}, annot_kws=annot_kws, ax=ax)`` (seaborn 0.13's steps, in its order;
    tests/test_plots.py compares the two): seaborn's import pulls in scipy.stats, half a
    second of the sample report's run, for this one grid. Its check whether tick labels
    overlap lays the figure out and places the ticks instead of drawing the whole figure.
    """
    from matplotlib.colors import to_rgba_array

    from ssi_analysis.present.colormaps import vlag

    values = frame.to_numpy(dtype=float)
    shown = np.ma.masked_where(np.isnan(values), values)  # a missing cell is left empty
    for spine in ax.spines.values():
        spine.set_visible(False)
    # centred on 0 from -1 to 1, seaborn's re-centred map is vlag itself
    mesh = ax.pcolormesh(shown, cmap=vlag(), vmin=-1, vmax=1, linewidths=0.5, edgecolor="white")
    rows, columns = values.shape
    ax.set(xlim=(0, columns), ylim=(0, rows))
    ax.invert_yaxis()
    if colorbar is not None:
        bar = ax.get_figure().colorbar(mesh, None, ax, label=colorbar)
        bar.outline.set_linewidth(0)

    def every(labels: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
        # as many labels as fit at one font size each (seaborn's "auto" tick labels)
        box = ax.get_window_extent().transformed(ax.get_figure().dpi_scale_trans.inverted())
        (tick,) = (ax.xaxis, ax.yaxis)[axis].set_ticks([0])
        fit = int((box.width, box.height)[axis] // (tick.label1.get_size() / 72))
        if fit < 1:
            return np.array([]), labels[:0]
        step = len(labels) // fit + 1
        return np.arange(0, len(labels), step) + 0.5, labels[::step]

    xticks, xlabels = every(frame.columns.to_numpy(), 0)
    yticks, ylabels = every(frame.index.to_numpy(), 1)
    ax.set(xticks=xticks, yticks=yticks)
    xtl = ax.set_xticklabels(xlabels)
    ytl = ax.set_yticklabels(ylabels, rotation="vertical")
    for text in ytl:
        text.set_verticalalignment("center")
    # labels that overlap turn: laid out and placed as a draw would place them
    fig = ax.get_figure(root=True)
    if fig.get_layout_engine() is not None:
        fig.get_layout_engine().execute(fig)
    ax.xaxis.get_tightbbox()
    ax.yaxis.get_tightbbox()
    if _overlap(xtl):
        for text in xtl:
            text.set_rotation("vertical")
    if _overlap(ytl):
        for text in ytl:
            text.set_rotation("horizontal")
    mesh.update_scalarmappable()
    rgb = to_rgba_array(mesh.get_facecolors())[:, :3]
    rgb = np.where(rgb <= 0.03928, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    light = rgb.dot([0.2126, 0.7152, 0.0722]) > 0.408  # relative luminance: dark text on it
    for i, (cell, note) in enumerate(zip(mesh.get_array().flat, annot.flat, strict=True)):
        if cell is not np.ma.masked:
            y, x = divmod(i, columns)
            ax.text(
                x + 0.5,
                y + 0.5,
                f"{note}",
                **{"color": ".15" if light[i] else "w", "ha": "center", "va": "center"} | annot_kws,
            )


def _overlap(labels) -> bool:
    """Whether any two of these texts overlap on the figure (seaborn's test)."""
    if not labels:
        return False
    boxes = [text.get_window_extent() for text in labels]
    return max(box.count_overlaps(boxes) for box in boxes) > 1


def _later(panel: pd.DataFrame, y: str, lag: int) -> pd.Series:
    """Each row's ``y`` ``lag`` periods later, for the same person (missing when unknown)."""
    if not lag:
        return panel[y]
    periods = pd.to_datetime(panel["period"])
    steps = pd.Series(np.sort(periods.unique())).diff().dropna()
    step = steps.mode().iloc[0] if len(steps) else pd.Timedelta(days=7)
    shift = pd.DateOffset(months=lag) if step >= pd.Timedelta(days=28) else step * lag
    later = pd.DataFrame({"person": panel["person"], "period": periods - shift, "y": panel[y]})
    later = later.drop_duplicates(["person", "period"])
    keys = pd.DataFrame({"person": panel["person"], "period": periods})
    return pd.Series(keys.merge(later, how="left", on=["person", "period"])["y"].to_numpy(),
                     index=panel.index)  # fmt: skip


def money_ticks(ax: plt.Axes, data: pd.DataFrame, column: str, *, axis: str = "y") -> None:
    """Write a money axis's ticks with the currency and thousands separators ("USD 400,000").

    Columns that are not money are left as they are.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 400000])
    >>> money_ticks(ax, pd.DataFrame(), "revenue_won")
    >>> ax.yaxis.get_major_formatter()(400000, 0)
    '400,000'
    """
    from matplotlib.ticker import FuncFormatter

    if column not in MONEY_METRICS:
        return
    currency = getattr(data.attrs.get("align_report"), "currency", None)
    unit = f"{currency} " if currency else ""
    formatter = FuncFormatter(lambda v, _: f"{unit}{v:,.0f}" if abs(v) >= 1000 else f"{v:g}")
    getattr(ax, f"{axis}axis").set_major_formatter(formatter)


def log1p_ticks(ax: plt.Axes, data: pd.DataFrame, column: str) -> None:
    """Label a ``log1p`` y axis in the outcome's own units: 1, 2, 5, 10 … (money: "USD 50,000").

    The axis holds log(1 + value); its ticks are placed at round values of the outcome
    itself, so a reader sees amounts and counts, never logarithms.

    Examples
    --------
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], np.log1p([900, 120000]))
    >>> log1p_ticks(ax, pd.DataFrame(), "revenue_won")
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['1,000', '2,000', '5,000', '10,000', '20,000', '50,000', '100,000']
    """
    from matplotlib.ticker import FixedLocator, NullFormatter, NullLocator

    low, high = ax.get_ylim()
    rounds = np.array([0.0, *[m * 10.0**k for k in range(13) for m in (1, 2, 5)]])
    shown = rounds[(np.log1p(rounds) >= low) & (np.log1p(rounds) <= high)]
    while len(shown) > 7:  # 1, 2, 5, 10 … -> 1, 10, 100 …: never crowded
        decades = shown[np.isin(shown / 10 ** np.floor(np.log10(np.maximum(shown, 1))), (0, 1))]
        shown = decades if len(decades) < len(shown) else shown[::2]
    if len(shown) < 2:
        return  # too narrow a range for round values: leave matplotlib's ticks
    currency = getattr(data.attrs.get("align_report"), "currency", None)
    unit = f"{currency} " if currency and column in MONEY_METRICS else ""
    ax.yaxis.set_major_locator(FixedLocator(np.log1p(shown)))
    ax.set_yticklabels([f"{unit}{v:,.0f}" for v in shown])
    ax.yaxis.set_minor_locator(NullLocator())
    ax.yaxis.set_minor_formatter(NullFormatter())


def team(
    panel: pd.DataFrame, *, x: str, y: str, lag: int = 0, unit: str = "week",
    ax: plt.Axes | None = None,
) -> plt.Axes:  # fmt: skip
    """Plot within vs between people: each person's own fit, and the fit through person means.

    ``lag``: the outcome that many periods later (the lag of the team's answer), for each
    person on their own clock. Money is written with thousands separators.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=84, people=4).weekly()
    >>> ax = team(panel, x="ssi", y="pipeline_created")
    >>> len(ax.collections[-2].get_segments())  # one line per person (one collection)
    4
    >>> [line.get_gid() for line in ax.get_lines()]  # and the between-people line
    ['between']
    >>> team(panel, x="ssi", y="pipeline_created", lag=2).get_ylabel()
    'pipeline created, 2 weeks later'
    """
    ax = _axes(ax)
    data = panel
    if lag:
        data = panel.assign(**{y: _later(panel, y, lag)})
    frame = data.dropna(subset=[x, y])
    palette = plt.get_cmap("tab20")
    # One scatter per colour of the palette, not per person (500 scatters took 9 s for a team
    # of 500; a one-colour scatter is drawn as markers, fast); lines are drawn above points.
    codes = frame.groupby("person", sort=True).ngroup().to_numpy()
    order = np.argsort(codes, kind="stable")
    px, py, pc = frame[x].to_numpy()[order], frame[y].to_numpy()[order], codes[order]
    for shade in range(min(20, int(pc.max()) + 1 if len(pc) else 0)):
        mine = pc % 20 == shade
        ax.scatter(px[mine], py[mine], s=8, alpha=0.35, color=palette(shade))
    cuts = np.flatnonzero(pc[1:] != pc[:-1]) + 1
    segments, colours = [], []
    for i, (own_x, own_y) in enumerate(zip(np.split(px, cuts), np.split(py, cuts), strict=True)):
        if len(own_x) >= 3 and np.ptp(own_x) > 0:
            slope, intercept = np.polyfit(own_x, own_y, 1)
            xs = np.array([own_x.min(), own_x.max()])
            segments.append(np.column_stack([xs, intercept + slope * xs]))
            colours.append(palette(i % 20))
    if segments:
        # One collection of every person's line, drawn as ax.plot draws each (same caps,
        # joins, width and alpha: the same pixels): a line artist per person cost a team of
        # 500 about half of its picture.
        from matplotlib.collections import LineCollection

        lines = LineCollection(
            segments,
            colors=colours,
            linewidths=1,
            alpha=0.9,
            capstyle=plt.rcParams["lines.solid_capstyle"],
            joinstyle=plt.rcParams["lines.solid_joinstyle"],
            antialiaseds=plt.rcParams["lines.antialiased"],
            gid="within",
        )
        ax.add_collection(lines)
    means = frame.groupby("person")[[x, y]].mean()
    ax.scatter(means[x], means[y], s=60, color="black", zorder=3, label="person averages")
    if len(means) >= 2 and np.ptp(means[x]) > 0:
        slope, intercept = np.polyfit(means[x], means[y], 1)
        xs = np.array([means[x].min(), means[x].max()])
        ax.plot(
            xs,
            intercept + slope * xs,
            color="black",
            lw=2.5,
            ls="--",
            label="between people",
            gid="between",
        )
    ax.set_xlabel(drawn(label(x)))
    later = f", {lag} {unit}{'s' if lag != 1 else ''} later" if lag else ", same " + unit
    ax.set_ylabel(drawn(money_label(panel, y)) + (later if lag else ""))
    money_ticks(ax, panel, y)
    ax.set_title(
        f"{drawn(label(x))} and {drawn(money_label(panel, y))}{later}\n"
        "thin lines: each person over time (within); dashed: between people",
        fontsize="small",
    )
    _legend_outside(ax, below=True)  # never on the data (and no "best" search over every point)
    return ax


def intervention(
    result_or_data: pd.DataFrame,
    *,
    y: str | None = None,
    start: object = None,
    label_change: str | None = None,
    axes: Sequence[plt.Axes] | None = None,
    **kwargs,
) -> np.ndarray:
    """Plot a before/after analysis: observed vs predicted, and the effect period by period.

    Three panels, as in CausalImpact: the series with the counterfactual and its band after
    the change; the pointwise effect (observed minus predicted) with its band; the cumulative
    effect with its band (from the joint draws). The change date is a vertical line on each.

    Parameters
    ----------
    result_or_data : pandas.DataFrame
        A result of :func:`ssi_analysis.intervention` (it carries the path in ``attrs``), or
        the data to run it on (then pass ``y`` and ``start``; other keyword arguments go to
        it, with ``placebo=False`` unless given).
    y, start : optional
        The series and the change date, when data is given.
    label_change : str, optional
        What changed, written beside the date line (e.g. "started posting 3x a week").
    axes : sequence of three matplotlib Axes, optional
        Where to draw (default: a new figure with three rows sharing the time axis).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        The three panels.

    Examples
    --------
    >>> rng = np.random.default_rng(3)
    >>> weeks = pd.date_range("2025-01-06", periods=65, freq="W-MON")
    >>> data = pd.DataFrame({"period": weeks,
    ...     "brand": 40 + np.r_[np.zeros(52), np.full(13, 3.0)] + rng.normal(size=65)})
    >>> axes = intervention(data, y="brand", start="2026-01-05")
    >>> [ax.get_ylabel() for ax in axes]
    ['the professional-brand pillar', 'effect per week', 'cumulative effect']
    """
    from ssi_analysis.stats.intervention import intervention as analyse

    result = result_or_data
    if "path" not in result.attrs:
        if y is None or start is None:
            raise ValueError("pass a result of intervention(), or data with y= and start=")
        kwargs.setdefault("placebo", False)
        result = analyse(result_or_data, y=y, start=start, **kwargs)
    row, path = result.iloc[0], result.attrs["path"].frame
    if axes is None:
        _, axes = plt.subplots(3, 1, sharex=True, figsize=(8, 7), height_ratios=(2, 1, 1))
    axes = np.asarray(axes)
    top, mid, low = axes
    after = path["after_start"].to_numpy()
    t = path["period"]
    top.plot(t, path["observed"], color="black", lw=1.5, label="observed", gid="observed")
    top.plot(t, path["predicted"].where(~after), color="grey", lw=1, ls=":", label="model (before)")
    top.plot(
        t[after],
        path["predicted"][after],
        color="#4C72B0",
        ls="--",
        lw=1.5,
        label="predicted without the change",
        gid="counterfactual",
    )
    mid.plot(t[after], path["effect"][after], color="#4C72B0", lw=1.5, gid="effect")
    low.plot(t[after], path["cumulative"][after], color="#4C72B0", lw=1.5, gid="cumulative")
    for ax, key, gid in (
        (top, "predicted", "band"),
        (mid, "effect", "effect_band"),
        (low, "cumulative", "cumulative_band"),
    ):
        ax.fill_between(
            t[after],
            path[f"{key}_low"][after],
            path[f"{key}_high"][after],
            color="#4C72B0",
            alpha=0.2,
            lw=0,
            gid=gid,
        )
    for ax in axes:
        # The change is named in the legend, by its line: a label beside the line ran over
        # the legend in a narrow picture, or past the right edge (the layout then shrank the
        # whole picture to keep it).
        named = ax is top and label_change
        ax.axvline(
            row["start"], color="#C44E52", lw=1, ls="-", gid="start",
            label=label_change if named else None,
        )  # fmt: skip
        date_axis(ax)
    for ax in (mid, low):
        ax.axhline(0, color="black", lw=0.8)
    unit = row["unit"]
    top.set_ylabel(label(row["y"]))
    mid.set_ylabel(f"effect per {unit}")
    low.set_ylabel("cumulative effect")
    top.set_title(
        f"{_capital(label(row['y']))} before and after {pd.Timestamp(row['start']).date()}"
    )
    top.legend(loc="best", fontsize="small", frameon=False)
    return axes


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- SSI as a diagnostic

#: Cell colours of a verdict grid; the word is always written in the cell as well.
VERDICT_COLORS = {"linked": "#d9f0d3", "ruled out": "#e3e8f4", "inconclusive": "#f5f5f5"}
_GROUP_STYLE = {"industry": ("#777777", "--"), "network": ("#999999", ":")}


def pillar_benchmarks(data: pd.DataFrame, *, person: str | None = None, ax=None) -> np.ndarray:
    """Plot each pillar against its industry and network averages: four small panels, 0-25.

    Parameters
    ----------
    data : pandas.DataFrame
        From :func:`ssi_analysis.load_ssi` (``industry_<pillar>``, ``network_<pillar>`` are
        drawn when the export has them; their absence is said in the first panel).
    person : str, optional
        Whose pillars, when the data holds several people.
    ax : sequence of 4 Axes, optional
        Where to draw (a new 2 × 2 figure otherwise).

    Returns
    -------
    numpy.ndarray of Axes

    Examples
    --------
    >>> days = pd.date_range("2026-01-05", periods=30, freq="D")
    >>> scores = pd.DataFrame({"person": "me", "date": days, "brand": 20.0, "people": 8.0,
    ...     "insights": 12.0, "relationships": 10.0, "industry_people": 11.0})
    >>> axes = pillar_benchmarks(scores)
    >>> legend = [t.get_text() for t in axes[0].figure.legends[0].get_texts()]
    >>> legend, tuple(map(float, axes[0].get_ylim()))
    (['you', 'industry'], (0.0, 25.0))
    """
    data = _one_person(data, person)
    if ax is None:
        _, ax = plt.subplots(
            2, 2, figsize=(10, 5.5), sharex=True, sharey=True, layout="constrained"
        )
    axes = np.asarray(ax).ravel()
    pillars = [p for p in PILLAR_NAMES if p in data]
    if len(axes) < len(pillars):
        raise ValueError(f"pillar_benchmarks: ax needs {len(pillars)} Axes; got {len(axes)}")
    handles: dict[str, object] = {}
    for axis, pillar in zip(axes, pillars, strict=False):
        groups = [f"{g}_{pillar}" for g in _GROUP_STYLE if f"{g}_{pillar}" in data]
        frame = _on_full_clock(data, [pillar, *groups])
        (line,) = axis.plot(
            frame.index, frame[pillar], color="black", lw=1.1, label="you", **_lone(frame[pillar])
        )
        handles.setdefault("you", line)
        for column in groups:
            group = column.split("_")[0]
            if frame[column].notna().any():
                color, style = _GROUP_STYLE[group]
                (line,) = axis.plot(
                    frame.index, frame[column], color=color, ls=style, lw=1.4, label=group
                )
                handles.setdefault(group, line)
        axis.axhspan(0, 10, color="#d9d9d9", alpha=0.3, lw=0)
        axis.axhspan(17.5, 25, color="#a1d99b", alpha=0.3, lw=0)
        axis.set_ylim(0, 25)
        date_axis(axis)
        axis.set_title(_capital(_PILLAR_TITLES.get(pillar, pillar)), fontsize="small")
        axis.tick_params(labelsize="small")
    for axis in axes[len(pillars) :]:
        axis.set_visible(False)
    if pillars:
        # one legend for the four panels, above them (never on the data)
        fig = axes[0].figure
        title = None
        if set(handles) == {"you"}:
            title = "no per-pillar industry or network averages in this export"
        # "outside" needs the constrained layout (the report's), which then makes room for the
        # legend and its title above the panels; the old test of the engine (a `get_info`
        # method it does not have) always failed, so the note and "— you" were drawn over
        # the first panel's title
        from matplotlib.layout_engine import ConstrainedLayoutEngine

        outside = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
        if not outside:
            fig.subplots_adjust(top=0.8)  # room above the panels for the legend
        fig.legend(
            list(handles.values()),
            list(handles),
            loc="outside upper center" if outside else "upper center",
            ncol=3,
            fontsize="small",
            title=title,
            title_fontsize="small",
            frameon=False,
        )
    return axes


_PILLAR_TITLES = {
    "brand": "professional brand",
    "people": "find the right people",
    "insights": "engage with insights",
    "relationships": "build relationships",
}


def link_grid(data: pd.DataFrame, *, ax: plt.Axes | None = None, narrow: bool = False) -> plt.Axes:
    r"""Plot the verdicts of :func:`ssi_analysis.activity_links`: activities × pillars.

    Each cell is coloured by its verdict **and** says it in words ("linked, 1 week later",
    "ruled out", "can't tell yet"), so the grid reads without colour.

    Examples
    --------
    >>> links = pd.DataFrame({"activity": ["comments_written"] * 2, "pillar": ["ssi", "insights"],
    ...     "verdict": ["inconclusive", "linked"], "lag": [0, 1], "unit": "week"})
    >>> ax = link_grid(links)
    >>> [t.get_text() for t in ax.texts]
    ["can't tell yet", 'linked\n1 week later']
    """
    from matplotlib.colors import ListedColormap

    ax = _axes(ax)
    if "person" in data and data["person"].nunique() > 1:
        raise ValueError("link_grid: the links hold several people; pass one person's rows")
    activities = list(dict.fromkeys(data["activity"]))
    pillars = list(dict.fromkeys(data["pillar"]))
    codes = {v: i for i, v in enumerate(VERDICT_COLORS)}
    grid = np.full((len(activities), len(pillars)), np.nan)
    for row in data.itertuples():
        i, j = activities.index(row.activity), pillars.index(row.pillar)
        grid[i, j] = codes[row.verdict]
        unit = getattr(row, "unit", "week") or "week"
        word = VERDICT_WORDS[row.verdict]
        if row.verdict == "linked":
            lag = int(row.lag)
            word += (
                "\nsame " + unit if lag == 0 else f"\n{lag} {unit}{'s' if lag > 1 else ''} later"
            )
            if getattr(row, "r", 1.0) < 0:
                word += "\n(opposite)"
        if narrow:
            word = "\n".join(_wrapped(line, 8) for line in word.split("\n"))
        ax.text(j, i, word, ha="center", va="center", fontsize="small")
    ax.imshow(
        np.ma.masked_invalid(grid),
        cmap=ListedColormap(list(VERDICT_COLORS.values())),
        vmin=-0.5,
        vmax=len(VERDICT_COLORS) - 0.5,
        aspect="auto",
    )
    if narrow:
        ax.set_xticks(range(len(pillars)), [drawn(_short(p)) for p in pillars])
        ax.set_yticks(range(len(activities)), [drawn(_wrapped(a, 11)) for a in activities])
    else:
        ax.set_xticks(
            range(len(pillars)), [drawn(_PILLAR_TITLES.get(p, _short(p))) for p in pillars]
        )
        ax.set_yticks(range(len(activities)), [drawn(_short(a)) for a in activities])
    ax.tick_params(axis="x", labelrotation=30 if narrow else 20, labelsize="small")
    ax.tick_params(axis="y", labelsize="small")
    ax.set_xticks(np.arange(-0.5, len(pillars)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(activities)), minor=True)
    ax.grid(which="minor", color="white", lw=2)
    ax.tick_params(which="minor", length=0)
    ax.set_title("Your activity (rows) leading each pillar (columns)", fontsize="small")
    return ax
