"""Pictures of scores and results, seaborn-shaped: ``f(data, *, ..., ax=None) -> Axes``.

Every function draws on ``ax`` (the current Axes when None), returns it, and never calls
``show()``. Missing days are drawn as gaps: series are put on a complete clock first, so a
line never bridges a period without data.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.present.words import label

__all__ = ["heatmap", "intervention", "lag_profile", "pillars", "scatter", "team", "timeline"]

PILLAR_COLORS = dict(zip(PILLAR_NAMES, ("#4C72B0", "#DD8452", "#55A868", "#C44E52"), strict=True))
MARKS = (40, 70)


def _axes(ax):
    return plt.gca() if ax is None else ax


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
    ax.plot(frame.index, frame["ssi"], color="black", lw=2, label="SSI")
    if pillars == "lines":
        for pillar in PILLAR_NAMES:
            if pillar in frame:
                ax.plot(frame.index, frame[pillar], color=PILLAR_COLORS[pillar], lw=1, label=pillar)
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
    ax.set_ylabel("score (0-100; pillars 0-25)")
    ax.set_title(
        "SSI over time" + (f" — {data['person'].iloc[0]}" if "person" in data and len(data) else "")
    )
    ax.legend(loc="upper left", fontsize="small", ncol=3, frameon=False)
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
    ax.set_xticks(x, PILLAR_NAMES)
    ax.set_ylim(0, 25)
    ax.set_ylabel("pillar score (0-25)")
    ax.set_title(f"Pillars on {latest[time]:%Y-%m-%d}")
    ax.legend(frameon=False)
    return ax


def scatter(
    data: pd.DataFrame, *, x: str, y: str, lag: int = 0, ax: plt.Axes | None = None
) -> plt.Axes:
    """Plot one point per period with the least-squares fit; the honest r, CI and p in the legend.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=30, freq="W-MON"),
    ...                      "ssi": rng.normal(50, 5, 30), "replies": rng.poisson(5, 30)})
    >>> ax = scatter(data, x="ssi", y="replies")
    >>> "p =" in ax.get_legend().get_texts()[0].get_text()
    True
    """
    from ssi_analysis.stats.correlation import correlate

    ax = _axes(ax)
    row = correlate(data, x=x, y=y, lag=lag).iloc[0]
    time = "period" if "period" in data else "date"
    frame = data.sort_values(time)
    xs = frame[x].to_numpy(dtype=float)
    ys = frame[y].shift(-lag).to_numpy(dtype=float)
    ok = np.isfinite(xs) & np.isfinite(ys)
    ax.scatter(xs[ok], ys[ok], s=18, alpha=0.7, color="#4C72B0")
    if ok.sum() >= 3 and np.ptp(xs[ok]) > 0:
        slope, intercept = np.polyfit(xs[ok], ys[ok], 1)
        grid = np.linspace(xs[ok].min(), xs[ok].max(), 50)
        text = (
            f"r = {row['r']:.2f} [{row['ci_low']:.2f}, {row['ci_high']:.2f}], "
            f"p = {row['p']:.3f} (naive p = {row['p_naive']:.3f})"
        )
        ax.plot(grid, intercept + slope * grid, color="black", lw=1.5, label=text)
        ax.legend(loc="best", fontsize="small", frameon=False)
    ax.set_xlabel(label(x))
    ax.set_ylabel(label(y) + (f" ({lag} {row['unit']}s later)" if lag else ""))
    return ax


def lag_profile(
    data: pd.DataFrame,
    *,
    x: str,
    y: str,
    lags: Iterable[int] = range(-8, 9),
    ax: plt.Axes | None = None,
) -> plt.Axes:
    """Plot the correlation of the prewhitened series at each lag, with the chance band.

    Bars taller than the band at a lag are unlikely by chance at that lag alone; filled bars
    stay significant after correcting for the whole scan (``p_adj < 0.05``).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> data = pd.DataFrame({"period": pd.date_range("2025-01-06", periods=60, freq="W-MON"),
    ...                      "ssi": rng.normal(size=60), "replies": rng.normal(size=60)})
    >>> len(lag_profile(data, x="ssi", y="replies", lags=range(-3, 4)).patches)
    7
    """
    from ssi_analysis.stats.correlation import lag_scan

    ax = _axes(ax)
    scan = lag_scan(data, x=x, y=y, lags=lags)
    significant = (scan["p_adj"] < 0.05).to_numpy()
    colors = np.where(significant, "#C44E52", "white")
    ax.bar(scan["lag"], scan["r"].fillna(0), color=colors, edgecolor="#333333", width=0.7)
    band = scan["band"].to_numpy()
    ax.fill_between(
        scan["lag"],
        -band,
        band,
        color="grey",
        alpha=0.25,
        step="mid",
        lw=0,
        label="chance band (95 %)",
        gid="band",
    )
    ax.axhline(0, color="black", lw=0.8)
    unit = scan["unit"].iloc[0]
    ax.set_xlabel(f"lag in {unit}s ({label(x)} leads when positive)")
    ax.set_ylabel("correlation of the prewhitened series")
    ax.set_title(f"{label(x)} vs {label(y)} by lag")
    ax.legend(frameon=False, fontsize="small")
    return ax


def heatmap(table: pd.DataFrame, *, value: str = "r", ax: plt.Axes | None = None) -> plt.Axes:
    """Plot the :func:`~ssi_analysis.correlation_table` grid: outcomes × scores.

    With several lags, each cell shows the lag with the smallest adjusted p. Cells are
    annotated with the value, a star where ``p_adj < 0.05``, and the lag when it is not 0.

    Examples
    --------
    >>> table = pd.DataFrame({"x": ["ssi", "ssi", "brand", "brand"],
    ...     "y": ["replies", "pipeline", "replies", "pipeline"], "lag": 0,
    ...     "r": [0.5, 0.1, 0.4, -0.1], "p_adj": [0.01, 0.6, 0.03, 0.7]})
    >>> ax = heatmap(table)
    >>> sorted(t.get_text() for t in ax.texts)
    ['-0.10', '0.10', '0.40*', '0.50*']
    """
    import seaborn as sns

    ax = _axes(ax)
    best = table.assign(_p=table["p_adj"].fillna(2)).sort_values("_p").drop_duplicates(["x", "y"])
    grid = best.pivot(index="y", columns="x", values=value)
    grid = grid.reindex(
        columns=list(dict.fromkeys(table["x"])), index=list(dict.fromkeys(table["y"]))
    )
    notes = best.assign(
        text=[
            f"{v:.2f}" + ("*" if p < 0.05 else "") + (f"\n(lag {int(k)})" if k else "")
            if np.isfinite(v)
            else ""
            for v, p, k in zip(best[value], best["p_adj"].fillna(1), best["lag"], strict=True)
        ]
    )
    annot = notes.pivot(index="y", columns="x", values="text").reindex_like(grid)
    with warnings.catch_warnings():
        # seaborn 0.13 calls Colormap.set_bad, which matplotlib 3.11 marks as going away
        warnings.filterwarnings("ignore", "The set_bad function", PendingDeprecationWarning)
        sns.heatmap(
            grid,
            annot=annot.to_numpy(),
            fmt="",
            cmap="vlag",
            vmin=-1,
            vmax=1,
            center=0,
            cbar_kws={"label": value},
            ax=ax,
            linewidths=0.5,
        )
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title("correlation (* significant after adjusting for every test)")
    return ax


def team(panel: pd.DataFrame, *, x: str, y: str, ax: plt.Axes | None = None) -> plt.Axes:
    """Plot within vs between people: each person's own fit, and the fit through person means.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=84, people=4).weekly()
    >>> ax = team(panel, x="ssi", y="pipeline_created")
    >>> len(ax.get_lines())  # one line per person, and the between-people line
    5
    """
    ax = _axes(ax)
    frame = panel.dropna(subset=[x, y])
    palette = plt.get_cmap("tab20")
    for i, (_, rows) in enumerate(frame.groupby("person", sort=True)):
        color = palette(i % 20)
        ax.scatter(rows[x], rows[y], s=8, alpha=0.35, color=color)
        if len(rows) >= 3 and np.ptp(rows[x]) > 0:
            slope, intercept = np.polyfit(rows[x], rows[y], 1)
            xs = np.array([rows[x].min(), rows[x].max()])
            ax.plot(xs, intercept + slope * xs, color=color, lw=1, alpha=0.9)
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
    ax.set_xlabel(label(x))
    ax.set_ylabel(label(y))
    ax.set_title("Thin lines: each person over time (within); dashed: between people")
    ax.legend(frameon=False, fontsize="small")
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
    top.fill_between(
        t[after],
        path["predicted_low"][after],
        path["predicted_high"][after],
        color="#4C72B0",
        alpha=0.2,
        lw=0,
        gid="band",
    )
    mid.plot(t[after], path["effect"][after], color="#4C72B0", lw=1.5, gid="effect")
    mid.fill_between(
        t[after],
        path["effect_low"][after],
        path["effect_high"][after],
        color="#4C72B0",
        alpha=0.2,
        lw=0,
        gid="effect_band",
    )
    low.plot(t[after], path["cumulative"][after], color="#4C72B0", lw=1.5, gid="cumulative")
    low.fill_between(
        t[after],
        path["cumulative_low"][after],
        path["cumulative_high"][after],
        color="#4C72B0",
        alpha=0.2,
        lw=0,
        gid="cumulative_band",
    )
    for ax in axes:
        ax.axvline(row["start"], color="#C44E52", lw=1, ls="-", gid="start")
    for ax in (mid, low):
        ax.axhline(0, color="black", lw=0.8)
    if label_change:
        top.annotate(
            label_change,
            (row["start"], 1),
            xycoords=("data", "axes fraction"),
            xytext=(4, -4),
            textcoords="offset points",
            va="top",
            fontsize="small",
            color="#C44E52",
        )
    unit = row["unit"]
    top.set_ylabel(label(row["y"]))
    mid.set_ylabel(f"effect per {unit}")
    low.set_ylabel("cumulative effect")
    top.set_title(
        f"{_capital(label(row['y']))} before and after {pd.Timestamp(row['start']).date()}"
    )
    top.legend(loc="upper left", fontsize="small", frameon=False)
    return axes


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
