"""Experiments of known truth: a switchback schedule run through the simulator.

- :func:`simulate_experiment` — one seller follows a schedule: in the weeks of the second arm
  they post ``more`` times as often, so the brand pillar (slowly, four weeks of posts) and
  reach (within days) respond with the model's own lags
  (:func:`~ssi_analysis.simulate.model.simulate`, ``posting``). The truth is the expected
  weekly gain in impressions from posting more, over the experiment's weeks.
- :func:`switchback_series` — a weekly series with a set effect, an optional carry-over and a
  noise of the shapes users have (AR(1), a random walk with a trend), for tests of the
  randomisation test itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.simulate.model import BASE_RATE, Simulation, _recent, simulate

__all__ = ["ExperimentRun", "simulate_experiment", "switchback_series"]


@dataclass(frozen=True)
class ExperimentRun:
    """A simulated experiment.

    Attributes
    ----------
    weekly : pandas.DataFrame
        The seller's weekly panel (:func:`ssi_analysis.align`, weeks from Monday) with a
        ``followed`` column (True: the week was run as assigned).
    schedule : pandas.DataFrame
        The schedule followed.
    truth : dict
        ``impressions``: the expected gain in weekly impressions from the second arm, averaged
        over the experiment's weeks (what the switchback estimates); ``impressions_percent``:
        the same in % of the expected weekly impressions under the first arm.
    simulation : Simulation
    """

    weekly: pd.DataFrame
    schedule: pd.DataFrame
    truth: dict
    simulation: Simulation


def _daily_factor(schedule: pd.DataFrame, first_day: pd.Timestamp, days: int, more: float, carry):
    """Return the posting factor per day: ``more`` in the second arm's weeks, ``carry`` late."""
    arms = str(schedule["arms"].iloc[0]).split("|")
    factor = np.ones(days)
    for _, row in schedule.iterrows():
        if row["arm"] != arms[1]:
            continue
        a = (pd.Timestamp(row["start"]) - first_day).days + 7 * carry
        b = (pd.Timestamp(row["end"]) - first_day).days + 1 + 7 * carry
        factor[max(a, 0) : max(min(b, days), 0)] = more
    return factor


def _weekly(sim: Simulation) -> pd.DataFrame:
    """Return Monday weeks: scores averaged, outcomes summed.

    What ``align`` gives for a simulated seller, whose data has no gaps (a shortcut:
    ``align`` takes a second a run).
    """
    scores = sim.scores.assign(period=sim.scores["date"].dt.to_period("W-SUN").dt.start_time)
    cols = ["ssi", *PILLAR_NAMES]
    weekly = scores.groupby("period", as_index=False)[cols].mean()
    out = sim.outcomes.assign(period=sim.outcomes["date"].dt.to_period("W-SUN").dt.start_time)
    sums = out.pivot_table(index="period", columns="metric", values="value", aggfunc="sum")
    weekly = weekly.merge(sums.reset_index(), on="period", how="left")
    events = [m for m in sums.columns if (out.loc[out["metric"] == m, "kind"] == "event").all()]
    weekly[events] = weekly[events].fillna(0.0)
    weekly.insert(0, "person", sim.scores["person"].iloc[0])
    return weekly


def simulate_experiment(
    schedule: pd.DataFrame,
    *,
    more: float = 1.35,
    seed: int = 0,
    lead_weeks: int = 8,
    carry_weeks: int = 0,
) -> ExperimentRun:
    """Run a schedule through the simulator: the second arm posts ``more`` times as often.

    Parameters
    ----------
    schedule : pandas.DataFrame
        A schedule as :func:`ssi_analysis.stats.experiment.schedules` draws it (with dates).
    more : float
        Posting factor in the second arm's weeks.
    seed : int
        The simulation's seed.
    lead_weeks : int
        Weeks simulated before the experiment (the pillars' four-week memory fills up).
    carry_weeks : int
        The habit lags the schedule by this many weeks (a carry-over: the first
        ``carry_weeks`` of each block are run as the block before); ``followed`` is False in
        those weeks when the arm changed.

    Returns
    -------
    ExperimentRun

    Examples
    --------
    >>> from ssi_analysis.stats.experiment import schedules
    >>> plan = schedules(16, 2, seed=1, start="2025-03-03")
    >>> run = simulate_experiment(plan, seed=2)
    >>> 20 < run.truth["impressions_percent"] < 40
    True
    """
    first = pd.Timestamp(schedule["start"].iloc[0]) - pd.Timedelta(weeks=lead_weeks)
    last = pd.Timestamp(schedule["end"].iloc[-1])
    days = (last - first).days + 1
    factor = _daily_factor(schedule, first, days, more, carry_weeks)
    sim = simulate(seed=seed, days=days, start=f"{first:%Y-%m-%d}", posting=factor)
    weekly = _weekly(sim)
    weekly = weekly[weekly["period"] >= schedule["start"].iloc[0]].reset_index(drop=True)
    assigned = _daily_factor(schedule, first, days, more, 0)
    week_of = (np.arange(days) // 7)[lead_weeks * 7 :]
    followed = (
        pd.Series(factor[lead_weeks * 7 :] == assigned[lead_weeks * 7 :]).groupby(week_of).all()
    )
    weekly["followed"] = followed.to_numpy()[: len(weekly)]
    # the expected extra reach of the second arm, had every day been in it
    effort, luck, weekend = sim.extra["effort"][0], sim.extra["luck"][0], sim.extra["weekend"]
    rate = BASE_RATE["posts"] * np.exp(effort) * weekend
    gain = luck * 900 * _recent((more - 1) * rate[None, :])[0]
    base = luck * (120 * weekend + 900 * _recent(rate[None, :])[0])
    at = lead_weeks * 7
    gain_week = gain[at:].reshape(-1, 7).sum(1)
    base_week = base[at:].reshape(-1, 7).sum(1)
    truth = {
        "impressions": float(gain_week.mean()),
        "impressions_percent": float(100 * gain_week.mean() / base_week.mean()),
    }
    return ExperimentRun(weekly, schedule, truth, sim)


def switchback_series(
    assign_weeks: np.ndarray,
    *,
    effect: float = 0.0,
    carry_weeks: int = 0,
    noise: str = "ar",
    phi: float = 0.9,
    trend: float = 0.0,
    sd: float = 1.0,
    rng: np.random.Generator,
) -> np.ndarray:
    """Draw a weekly series whose level rises by ``effect`` in the second arm's weeks.

    Parameters
    ----------
    assign_weeks : numpy.ndarray
        0/1 per week: the arm assigned.
    effect : float
        What the second arm adds to a week.
    carry_weeks : int
        The effect follows the arm with this delay (the first weeks after a switch carry the
        previous arm's effect).
    noise : {"ar", "walk"}
        AR(1) with coefficient ``phi`` (stationary sd ``sd``), or a random walk with steps of
        sd ``sd``.
    trend : float
        Added per week (a drift).
    sd : float
    rng : numpy.random.Generator
    """
    d = np.asarray(assign_weeks, dtype=float)
    n = len(d)
    shocks = rng.normal(0, sd, n)
    if noise == "ar":
        e = np.empty(n)
        e[0] = shocks[0]
        for t in range(1, n):
            e[t] = phi * e[t - 1] + np.sqrt(1 - phi * phi) * shocks[t]
    elif noise == "walk":
        e = np.cumsum(shocks)
    else:
        raise ValueError(f"switchback_series: noise must be 'ar' or 'walk'; got {noise!r}.")
    lagged = np.concatenate([np.zeros(carry_weeks), d[: n - carry_weeks]]) if carry_weeks else d
    return e + trend * np.arange(n) + effect * lagged
