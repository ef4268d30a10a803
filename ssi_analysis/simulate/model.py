"""A small generative model of SSI, activity and outcomes, with a known truth.

The model, day by day, per person:

1. **Activity** — posts, comments, prospecting (searches and profile views) and connection
   invitations — is Poisson with a rate that follows the person's *effort*: a slow AR(1)
   process on the log scale (people have busy and quiet stretches), lower at weekends.
2. **Pillars** follow activity the way LinkedIn's do: each pillar moves half way each day
   towards a target set by the last 7 days of its activity (brand ← posts, people ←
   prospecting, insights ← comments, relationships ← invitations), so it is slow-moving and
   decays when activity stops. Values are kept within 0-25 and rounded to three decimals; the
   total is their sum, as the SSI page's JSON has it. Industry and network averages drift
   slowly around 30-36; ranks ("top N %") follow the gap between the score and the average.
3. **Reach and replies** come from activity: impressions from recent posts (and a baseline),
   engagements a share of impressions, new followers from impressions, replies from recent
   invitations and comments.
4. **Pipeline and revenue** come from a separate process: deals arrive at a rate set by a
   market AR(1) process and a yearly season; each deal has a log-normal amount and closes
   after a gamma-distributed sales cycle, won with a fixed probability. A scenario may link
   this rate to a pillar (the positive control) or to a season SSI shares (confounding).

Scenarios (``SCENARIOS``): ``ssi_not_revenue``, ``ssi_drives_pipeline``, ``gaming``,
``shared_season``, ``team``. Every call takes a ``seed`` and returns the frames and a
:class:`Truth` saying which links exist, their lags and sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ssi_analysis.names import OUTCOMES, PILLAR_NAMES

SCENARIOS = ("ssi_not_revenue", "ssi_drives_pipeline", "gaming", "shared_season", "team")
_ACTIVITY = {
    "brand": "posts",
    "people": "prospecting",
    "insights": "comments",
    "relationships": "invitations",
}
_BASE_RATE = {"posts": 0.7, "prospecting": 6.0, "comments": 1.5, "invitations": 2.0}
_SCALE = {"posts": 3.5, "prospecting": 30.0, "comments": 10.0, "invitations": 14.0}
EFFECT = 0.5  # ssi_drives_pipeline: log deal rate per SD of the relationships pillar
WINDOW, SPEED = 7, 0.5  # a pillar moves half way each day towards what the last 7 days earned


@dataclass(frozen=True)
class Link:
    """One relationship in the truth: ``x`` moves ``y`` after ``lag_weeks`` (or does not)."""

    x: str
    y: str
    exists: bool
    lag_weeks: int = 0
    size: float = 0.0
    note: str = ""


@dataclass(frozen=True)
class Truth:
    """What the scenario built in, for checking what the statistics recover."""

    scenario: str
    seed: int
    links: tuple[Link, ...]
    description: str
    burst: tuple[pd.Timestamp, pd.Timestamp] | None = None  # gaming: the burst's first/last day

    def link(self, x: str, y: str) -> Link:
        """Return the link from ``x`` to ``y`` (an absent link when the scenario names none)."""
        return next((k for k in self.links if k.x == x and k.y == y), Link(x, y, False))


@dataclass(frozen=True)
class Simulation:
    """Frames shaped like the loaders' output, the deals behind them, and the truth.

    Attributes
    ----------
    scores : pandas.DataFrame
        Daily scores, shaped like :func:`ssi_analysis.load_ssi`'s result.
    outcomes : pandas.DataFrame
        Long outcomes, shaped like :func:`ssi_analysis.load_outcomes`'s result.
    deals : pandas.DataFrame
        One row per deal: ``deal_id, person, created, closed, amount, won``.
    activity : pandas.DataFrame
        Daily ``person, date, posts, comments, prospecting, invitations, season``.
    truth : Truth
    extra : dict
        Hidden variables of the scenario (``team``: each person's seniority).
    """

    scores: pd.DataFrame
    outcomes: pd.DataFrame
    deals: pd.DataFrame
    activity: pd.DataFrame
    truth: Truth
    extra: dict = field(default_factory=dict)

    def weekly(self, **kwargs) -> pd.DataFrame:
        """Monday-Sunday weekly panel (:func:`ssi_analysis.align`) with the season added."""
        from ssi_analysis.align.panel import align

        panel = align(self.scores, self.outcomes, **kwargs)
        season = self.activity.assign(
            period=self.activity["date"]
            - pd.to_timedelta(self.activity["date"].dt.day_of_week, unit="D")
        )
        season = season.groupby(["person", "period"], as_index=False)["season"].mean()
        return panel.merge(season, on=["person", "period"], how="left")


def _ar1(rng, shape, phi, sd) -> np.ndarray:
    """AR(1) paths along the last axis, started from the stationary distribution."""
    out = np.empty(shape)
    out[..., 0] = rng.normal(0, sd / np.sqrt(1 - phi * phi), shape[:-1])
    shocks = rng.normal(0, sd, shape)
    for t in range(1, shape[-1]):
        out[..., t] = phi * out[..., t - 1] + shocks[..., t]
    return out


def simulate(
    scenario: str = "ssi_not_revenue",
    *,
    seed: int = 0,
    days: int = 728,
    people: int | None = None,
    start: str = "2024-11-25",
    deal_rate: float = 1.2,
) -> Simulation:
    """Simulate one scenario of known truth.

    Parameters
    ----------
    scenario : str
        One of :data:`SCENARIOS`.
    seed : int
        The same seed gives the same data.
    days : int
        Number of days (728 = two years of whole weeks).
    people : int, optional
        Team size (default 1; 12 for ``team``).
    start : str
        First day (a Monday keeps weeks whole).
    deal_rate : float
        Deals created per working day for a person of average seniority.

    Returns
    -------
    Simulation

    Examples
    --------
    >>> sim = simulate("ssi_drives_pipeline", seed=1, days=140)
    >>> sim.truth.link("relationships", "pipeline_created").lag_weeks
    2
    >>> list(sim.scores.columns[:4])
    ['person', 'date', 'ssi', 'brand']
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS!r}; got {scenario!r}.")
    rng = np.random.default_rng(seed)
    n_people = people or (12 if scenario == "team" else 1)
    dates = pd.date_range(start, periods=days, freq="D")
    names = (
        ["Dana W."]
        if n_people == 1
        else [
            f"Seller {chr(65 + i // 26) if i >= 26 else ''}{chr(65 + i % 26)}"
            for i in range(n_people)
        ]
    )
    weekend = np.where(dates.day_of_week >= 5, 0.3, 1.0)
    day_of_year = dates.day_of_year.to_numpy()
    season = np.clip(np.sin(2 * np.pi * (day_of_year - 200) / 365.25), 0, None)  # an autumn push
    # ---- people's levels (team: seniority raises both activity and deal flow)
    seniority = rng.normal(0, 1, n_people) if scenario == "team" else np.zeros(n_people)
    # ---- activity
    # busy and quiet stretches; in "gaming" a steady worker, so that the burst stands out
    effort = _ar1(rng, (n_people, days), phi=0.95, sd=0.05 if scenario == "gaming" else 0.12)
    if scenario == "shared_season":
        effort = effort + 0.9 * season
    activity = {}
    for kind, rate in _BASE_RATE.items():
        lam = rate * np.exp(effort + 0.35 * seniority[:, None]) * weekend
        activity[kind] = rng.poisson(lam)
    burst = None
    if scenario == "gaming":
        first = days // 2
        last = min(days - 1, first + 8 * 7 - 1)
        burst = (dates[first], dates[last])
        # low-quality volume: comment and prospecting sprees that reach nobody new
        for kind in ("comments", "prospecting"):
            activity[kind][:, first : last + 1] += rng.poisson(
                4 * _BASE_RATE[kind], (n_people, last - first + 1)
            )
    # ---- pillars
    pillars = {}
    for pillar, kind in _ACTIVITY.items():
        counts = activity[kind].astype(float)
        window = np.cumsum(counts, axis=1)
        rolling = window - np.concatenate(
            [np.zeros((n_people, WINDOW)), window[:, :-WINDOW]], axis=1
        )
        # The first days have a shorter history: scale it up rather than start from zero.
        rolling = rolling * WINDOW / np.minimum(np.arange(1, days + 1), WINDOW)
        target = 25 * (1 - np.exp(-rolling / _SCALE[kind]))
        level = np.empty((n_people, days))
        level[:, 0] = target[:, 0]
        for t in range(1, days):
            level[:, t] = level[:, t - 1] + SPEED * (target[:, t] - level[:, t - 1])
        pillars[pillar] = np.clip(level + rng.normal(0, 0.05, level.shape), 0, 25).round(3)
    total = sum(pillars[p] for p in PILLAR_NAMES)
    industry = 31 + _ar1(rng, (1, days), 0.995, 0.05)[0]
    network = 34 + _ar1(rng, (1, days), 0.995, 0.05)[0]
    industry_rank = np.clip(np.round(50 - 2.2 * (total - industry)), 1, 100)
    network_rank = np.clip(np.round(50 - 2.0 * (total - network)), 1, 100)
    # ---- reach and replies (driven by activity, so they do move with SSI)
    posts = activity["posts"].astype(float)
    recent_posts = posts + 0.6 * np.roll(posts, 1, axis=1) + 0.3 * np.roll(posts, 2, axis=1)
    recent_posts[:, :2] = posts[:, :2]
    impressions = rng.poisson(
        np.exp(rng.normal(0, 0.3, posts.shape)) * (120 * weekend + 900 * recent_posts)
    )
    engagements = rng.binomial(impressions, 0.03)
    new_followers = rng.poisson(1 + impressions / 900)
    recent_quality = np.cumsum(activity["invitations"], axis=1)
    recent_quality = recent_quality - np.concatenate(
        [np.zeros((n_people, 7)), recent_quality[:, :-7]], axis=1
    )
    if scenario == "gaming":
        # replies follow genuine outreach only: the spree's comments add nothing
        base_comments = activity["comments"].copy()
        base_comments[:, days // 2 : days // 2 + 56] = rng.poisson(
            _BASE_RATE["comments"], base_comments[:, days // 2 : days // 2 + 56].shape
        )
    else:
        base_comments = activity["comments"]
    replies = rng.poisson(0.15 * recent_quality + 0.1 * base_comments)
    # ---- pipeline: a separate process
    market = _ar1(rng, (1, days), 0.98, 0.06)[0]
    deal_log_rate = np.log(deal_rate) + market + 0.5 * seniority[:, None] + np.log(weekend)
    links = [
        Link("ssi", "impressions", True, 0, 0.0, "posting drives both"),
        Link("ssi", "replies", True, 0, 0.0, "outreach drives both"),
        Link("ssi", "pipeline_created", False),
        Link("ssi", "revenue_won", False),
    ]
    description = {
        "ssi_not_revenue": "SSI moves with reach and replies (activity drives both); pipeline "
        "and revenue come from a market process that ignores SSI.",
        "ssi_drives_pipeline": "The positive control: deals arrive faster two weeks after the "
        "build-relationships pillar rises.",
        "gaming": "From the middle of the series, eight weeks of low-quality comment and "
        "prospecting sprees lift the insights and people pillars; replies and "
        "pipeline do not move.",
        "shared_season": "An autumn push raises activity (so SSI) and deal flow alike; SSI "
        "has no direct effect on pipeline.",
        "team": "People differ in seniority, which raises both their SSI and their deal "
        "flow; within a person, SSI and pipeline are unrelated.",
    }[scenario]
    if scenario == "ssi_drives_pipeline":
        rel = pillars["relationships"]
        z = (rel - rel.mean(axis=1, keepdims=True)) / (rel.std(axis=1, keepdims=True) + 1e-9)
        shifted = np.concatenate([np.zeros((n_people, 14)), z[:, :-14]], axis=1)
        deal_log_rate = deal_log_rate + EFFECT * shifted
        links = [k for k in links if k.y not in ("pipeline_created",)]
        links.append(
            Link(
                "relationships",
                "pipeline_created",
                True,
                2,
                EFFECT,
                f"log deal rate rises {EFFECT} per SD of the pillar two weeks earlier",
            )
        )
        links.append(
            Link("ssi", "pipeline_created", True, 2, 0.0, "through the relationships pillar")
        )
    if scenario == "shared_season":
        deal_log_rate = deal_log_rate + 0.9 * season
        links = [
            Link(
                "ssi",
                "pipeline_created",
                False,
                0,
                0.0,
                "both follow the season: confounded, no direct link",
            ),
            Link("season", "pipeline_created", True, 0, 0.9),
            Link("season", "ssi", True, 0, 0.0, "through activity"),
        ]
    if scenario == "gaming":
        links = [
            Link("ssi", "replies", False, 0, 0.0, "the burst raises SSI, not replies"),
            Link("ssi", "pipeline_created", False),
        ]
    if scenario == "team":
        links = [
            Link("ssi", "revenue_won", False, 0, 0.0, "within a person: none"),
            Link("seniority", "ssi", True),
            Link("seniority", "revenue_won", True),
        ]
    deals = _deals(rng, np.exp(deal_log_rate), dates, names)
    # ---- frames shaped like the loaders'
    person = np.repeat(names, days)
    day = np.tile(dates.to_numpy(), n_people)
    scores = pd.DataFrame(
        {
            "person": person,
            "date": day.astype("datetime64[ns]"),
            "ssi": total.ravel().round(3),
            **{p: pillars[p].ravel() for p in PILLAR_NAMES},
            "industry_rank": np.tile(industry_rank, 1).ravel(),
            "network_rank": np.tile(network_rank, 1).ravel(),
            "industry_ssi": np.tile(industry.round(2), n_people),
            "network_ssi": np.tile(network.round(2), n_people),
        }
    )
    daily = {
        "impressions": impressions,
        "engagements": engagements,
        "new_followers": new_followers,
        "replies": replies,
        "posts_published": activity["posts"],
        "comments_written": activity["comments"],
        "invitations_sent": activity["invitations"],
    }
    rows = [
        pd.DataFrame(
            {
                "person": person,
                "date": day,
                "metric": metric,
                "value": values.ravel().astype(float),
                "kind": "daily" if metric in ("replies",) else OUTCOMES.get(metric, ("daily",))[0],
                "source": "simulated",
            }
        )
        for metric, values in daily.items()
    ]
    rows.append(_deal_events(deals))
    outcomes = pd.concat(rows, ignore_index=True)
    outcomes["date"] = outcomes["date"].astype("datetime64[ns]")
    frame = pd.DataFrame(
        {
            "person": person,
            "date": day.astype("datetime64[ns]"),
            **{k: v.ravel() for k, v in activity.items()},
            "season": np.tile(season, n_people),
        }
    )
    truth = Truth(scenario, seed, tuple(links), description, burst)
    return Simulation(scores, outcomes, deals, frame, truth, {"seniority": seniority})


def _deals(rng, rate: np.ndarray, dates: pd.DatetimeIndex, names: list[str]) -> pd.DataFrame:
    counts = rng.poisson(rate)
    person_idx, day_idx = np.nonzero(counts)
    repeat = counts[person_idx, day_idx]
    person_idx, day_idx = np.repeat(person_idx, repeat), np.repeat(day_idx, repeat)
    n = len(day_idx)
    amount = np.round(np.exp(rng.normal(np.log(8000), 0.6, n)), -1)
    cycle = np.round(rng.gamma(3.0, 15.0, n)).astype(int)
    won = rng.random(n) < 0.25
    created = dates[day_idx]
    closed = created + pd.to_timedelta(cycle, unit="D")
    return pd.DataFrame(
        {
            "deal_id": np.arange(100001, 100001 + n),
            "person": np.asarray(names)[person_idx],
            "created": created,
            "closed": closed.where(closed <= dates[-1]),
            "amount": amount,
            "won": won & (closed <= dates[-1]),
        }
    ).sort_values(["created", "deal_id"], ignore_index=True)


def _deal_events(deals: pd.DataFrame) -> pd.DataFrame:
    won = deals[deals["won"]]
    parts = [
        ("deals_created", deals["created"], deals["person"], np.ones(len(deals))),
        ("pipeline_created", deals["created"], deals["person"], deals["amount"]),
        ("deals_won", won["closed"], won["person"], np.ones(len(won))),
        ("revenue_won", won["closed"], won["person"], won["amount"]),
    ]
    return pd.concat(
        [
            pd.DataFrame(
                {
                    "person": who.to_numpy(),
                    "date": when.to_numpy(),
                    "metric": metric,
                    "value": np.asarray(value, dtype=float),
                    "kind": "event",
                    "source": "crm_deals",
                }
            )
            for metric, when, who, value in parts
        ],
        ignore_index=True,
    )
