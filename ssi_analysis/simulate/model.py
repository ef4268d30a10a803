"""A small generative model of SSI, activity and outcomes, with a known truth.

The model, day by day, per person:

1. **Activity** — the seller's own doings: posts, comments, reactions, searches (profile
   views), connection invitations and messages (conversations opened) — is Poisson with a
   rate that follows the person's *effort*: a slow AR(1) process on the log scale (people
   have busy and quiet stretches), lower at weekends. Invitations become connections when
   accepted (after a few days); some people invite the seller; some conversations get a
   reply a few days later.
2. **Pillars** respond to that activity over a rolling window of four weeks, each to its
   own (:data:`DRIVERS`): brand ← posts; find people ← searches and invitations; insights ←
   comments and reactions; relationships ← connections and replies. What the window earned
   sets a pillar's level (``25 * (1 - exp(-earned / scale))``: more activity, diminishing
   returns). LinkedIn does not recompute the score every day: each pillar is refreshed on
   about one day in five (:data:`REFRESH`), and holds its value in between — so most days the
   total is unchanged or moves by a point, and a pillar now and then steps by a few points,
   as real logs show (``data/sample/README.md`` measures both). The total is the sum of the
   pillars, as the SSI page's JSON has it. Industry and network averages drift slowly
   around 30-36; ranks ("top N %") follow the gap between the score and the average.
3. **Reach and replies** come from activity: impressions from recent posts (and a
   baseline), engagements a share of impressions, new followers from impressions; replies
   are the answers to the conversations the seller opened.
4. **Pipeline and revenue** come from a separate process: deals arrive at a rate set by a
   market AR(1) process and a yearly season; each deal has a log-normal amount and closes
   after a gamma-distributed sales cycle, won with a fixed probability. A scenario may link
   this rate to a pillar (the positive control) or to a season SSI shares (confounding).

Scenarios (``SCENARIOS``): ``ssi_not_revenue``, ``ssi_drives_pipeline``, ``gaming``,
``shared_season``, ``team``. Every call takes a ``seed`` and returns the frames and a
:class:`Truth` saying which links exist, their lags and sizes. Two documented events can be
added to any scenario: a :class:`Change` of posting habit and a :class:`Quiet` spell (a
holiday).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ssi_analysis.names import OUTCOMES, PILLAR_NAMES

SCENARIOS = ("ssi_not_revenue", "ssi_drives_pipeline", "gaming", "shared_season", "team")
#: What an average seller does on a working day (weekends: 0.3 of it).
BASE_RATE = {
    "posts": 0.45,
    "comments": 1.2,
    "reactions": 4.0,
    "searches": 6.0,
    "invitations": 1.5,
    "messages": 2.5,
}
#: Each pillar and the activity that earns it, with the weight of one unit of each.
DRIVERS = {
    "brand": {"posts": 1.0},
    "people": {"searches": 1.0, "invitations": 2.0},
    "insights": {"comments": 1.0, "reactions": 0.25},
    "relationships": {"connections": 1.0, "replies": 6.0},
}
#: What a pillar's window must earn to reach 63 % of its 25 points.
SCALE = {"brand": 10.0, "people": 400.0, "insights": 70.0, "relationships": 100.0}
WINDOW = 28  # a pillar's earnings are counted in units of four weeks of activity
#: Days after which a day's activity counts half towards a pillar (the brand builds slowly).
HALF_LIFE = {"brand": 14, "people": 7, "insights": 7, "relationships": 7}
REFRESH = 0.7  # chance that LinkedIn recomputes a pillar on a given day
ACCEPT, INCOMING, REPLY = 0.45, 0.3, 0.45  # invitations accepted; invitations received a
# day (all accepted); conversations answered
EFFORT_PHI, EFFORT_SD = 0.7, 0.25  # log effort, AR(1) by day: busy and quiet stretches
REPLY_DAYS = 7  # a reply comes 0 to REPLY_DAYS - 1 days after the message
EFFECT = 0.5  # ssi_drives_pipeline: log deal rate per SD of the relationships pillar


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
class Change:
    """A change of habit from a date on: the person posts ``posts`` times as often.

    Extra posts lift the professional-brand pillar (so SSI) and reach (impressions,
    engagements, new followers); pipeline and revenue do not move. The extra posts and the
    reach they earn are drawn from their own random stream, so everything else in a
    simulation with a change is identical to the one without.
    """

    start: str
    label: str = "started posting twice as often"
    posts: float = 2.0


@dataclass(frozen=True)
class Quiet:
    """A quiet spell (a holiday) from ``start`` for ``days`` days: no activity but posts.

    The person schedules their posts ahead, so posting (and with it the brand pillar and
    reach) goes on; they write no comments, give no reactions, search nobody, send no
    invitations and open no conversations. The find-people, insights and relationships
    pillars dip and recover over the following weeks (the pillars count four weeks of
    activity); pipeline and revenue do not move. Everything else in the simulation is
    identical to the one without the quiet spell.
    """

    start: str
    days: int = 14
    label: str = "went quiet (a holiday)"


@dataclass(frozen=True)
class Truth:
    """What the scenario built in, for checking what the statistics recover."""

    scenario: str
    seed: int
    links: tuple[Link, ...]
    description: str
    burst: tuple[pd.Timestamp, pd.Timestamp] | None = None  # gaming: the burst's first/last day
    change: Change | None = None  # a documented change of habit (see :class:`Change`)
    quiet: Quiet | None = None  # a documented quiet spell (see :class:`Quiet`)

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
        Daily ``person, date``, the activity (``posts, comments, reactions, searches,
        invitations, messages``), what it brought (``connections, replies``) and ``season``.
    events : dict
        The activity event by event, for the LinkedIn data archive writer
        (:func:`~ssi_analysis.simulate.writers.write_archive`): ``invitations`` (one row per
        invitation, sent or received, with the day it was accepted or NaT) and
        ``conversations`` (one row per conversation opened, with the day of the reply or NaT).
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
    events: dict = field(default_factory=dict)

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


def _group_values(
    groups: Mapping[str, Sequence[str]] | None, n_people: int
) -> dict[str, np.ndarray]:
    """Each group column's value per person, dealt out in blocks (see :func:`simulate`)."""
    out: dict[str, np.ndarray] = {}
    for column, given in (groups or {}).items():
        values = [str(v) for v in given] if not isinstance(given, str) else []
        taken = {"person", "date", "ssi", *PILLAR_NAMES}
        if not values or not str(column).strip() or str(column).lower() in taken:
            raise ValueError(
                "simulate: groups must map a new column name (not person, date, ssi or a "
                f"pillar) to a non-empty list of values, e.g. {{'Region': ['North', 'South']}}; "
                f"got {column!r}: {given!r}"
            )
        block = -(-n_people // len(values))  # ceil: as even blocks as the team allows
        out[str(column)] = np.asarray([values[i // block] for i in range(n_people)], dtype=object)
    return out


def _ar1(rng, shape, phi, sd) -> np.ndarray:
    """AR(1) paths along the last axis, started from the stationary distribution."""
    from scipy.signal import lfilter

    start = rng.normal(0, sd / np.sqrt(1 - phi * phi), shape[:-1])
    shocks = rng.normal(0, sd, shape)
    shocks[..., 0] = start
    # out[t] = phi * out[t - 1] + shocks[t] as a filter run in C, not a Python loop over
    # days: the same multiply and add per step, so the same numbers to the last bit (checked
    # against the loop on 800 paths, seeds 0-199, in the session that made this change).
    return lfilter([1.0], [1.0, -phi], shocks, axis=-1)


def simulate(
    scenario: str = "ssi_not_revenue",
    *,
    seed: int = 0,
    days: int = 728,
    people: int | None = None,
    start: str = "2024-11-25",
    deal_rate: float = 1.2,
    change: Change | None = None,
    quiet: Quiet | None = None,
    groups: Mapping[str, Sequence[str]] | None = None,
    posting: Sequence[float] | np.ndarray | None = None,
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
    change : Change, optional
        A change of posting habit from a date on (the truth records it as links from
        ``"change"``: to brand, SSI and impressions, and none to pipeline).
    quiet : Quiet, optional
        A quiet spell (the truth records it as links from ``"quiet"``: to the people,
        insights and relationships pillars, SSI and replies; none to brand, reach or
        pipeline).
    groups : mapping of str to list of str, optional
        Text columns with one value per person, as a team file has them (``Region``,
        ``Manager``): column name -> values, dealt out in blocks (with 12 people and 3 values,
        people 1-4 get the first, 5-8 the second, 9-12 the third). The columns follow
        ``person`` in ``scores`` and are written after ``Name`` by
        :func:`~ssi_analysis.simulate.writers.write_ssi_log`; they change nothing else (no
        random draw), so a group is unrelated to the truth.
    posting : array of float, optional
        One factor >= 1 per day: the person posts that many times as often that day (an
        experiment's arm, see :mod:`~ssi_analysis.simulate.experiment`). The extra posts and
        the reach they earn come from their own random stream, as a :class:`Change`'s do, so
        everything else is identical to the simulation without; ``extra`` then holds the
        hidden ``effort`` and ``luck`` (person x day) that set the expected reach.

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

    Most days the total does not move: LinkedIn refreshes each pillar now and then.

    >>> step = simulate(seed=1).scores["ssi"].diff().abs()
    >>> bool(step.median() < 1 and (step >= 5).mean() < 0.1)
    True

    A team with group columns:

    >>> team = simulate("team", days=7, groups={"Region": ["North", "South", "West"]})
    >>> team.scores.groupby("Region")["person"].nunique().to_dict()
    {'North': 4, 'South': 4, 'West': 4}
    """
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS!r}; got {scenario!r}.")
    rng = np.random.default_rng(seed)
    n_people = people or (12 if scenario == "team" else 1)
    group_values = _group_values(groups, n_people)
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
    effort = _ar1(
        rng, (n_people, days), phi=EFFORT_PHI, sd=0.05 if scenario == "gaming" else EFFORT_SD
    )
    if scenario == "shared_season":
        effort = effort + 0.9 * season
    activity = {}
    for kind, rate in BASE_RATE.items():
        lam = rate * np.exp(effort + 0.35 * seniority[:, None]) * weekend
        activity[kind] = rng.poisson(lam)
    burst = None
    if scenario == "gaming":
        first = days // 2
        last = min(days - 1, first + 8 * 7 - 1)
        burst = (dates[first], dates[last])
        # low-quality volume: comment, reaction and profile-view sprees that reach nobody
        for kind in ("comments", "reactions", "searches"):
            activity[kind][:, first : last + 1] += rng.poisson(
                4 * BASE_RATE[kind], (n_people, last - first + 1)
            )
    # ---- what the activity brings: connections and replies, event by event
    invitations = _invitations(rng, activity["invitations"], dates)
    conversations = _conversations(rng, activity["messages"], dates)
    extra_posts = np.zeros_like(activity["posts"])
    extra_rng = np.random.default_rng([seed, 14])  # the change's own stream (see Change)
    if change is not None:
        at = int(dates.searchsorted(pd.Timestamp(change.start)))
        lam = (change.posts - 1) * BASE_RATE["posts"] * np.exp(effort[:, at:]) * weekend[at:]
        extra_posts[:, at:] = extra_rng.poisson(lam)
    posting_posts = np.zeros_like(activity["posts"])
    posting_rng = np.random.default_rng([seed, 28])  # the experiment's own stream
    if posting is not None:
        factor = np.asarray(posting, dtype=float)
        if factor.shape != (days,) or not np.all(np.isfinite(factor)) or (factor < 1).any():
            raise ValueError(
                f"simulate: posting must give one factor >= 1 per day ({days} values); got "
                f"shape {factor.shape}."
            )
        lam = (factor - 1) * BASE_RATE["posts"] * np.exp(effort) * weekend
        posting_posts = posting_rng.poisson(lam)
    posts_before_change = activity["posts"].astype(float)
    activity["posts"] = activity["posts"] + extra_posts + posting_posts
    if quiet is not None:  # everything drawn as without it, then the quiet days emptied
        first_quiet = int(dates.searchsorted(pd.Timestamp(quiet.start)))
        off = np.zeros(days, dtype=bool)
        off[first_quiet : first_quiet + quiet.days] = True
        for kind in activity:
            if kind != "posts":
                activity[kind] = np.where(off, 0, activity[kind])
        invitations = _quiet_events(invitations, off, dates)
        conversations = conversations[~off[conversations["_day"].to_numpy()]]
    connections = _daily(invitations, "accepted", n_people, dates)
    replies = _daily(conversations, "replied", n_people, dates)
    activity["connections"] = connections
    activity["replies"] = replies
    # ---- pillars: four weeks of activity, refreshed by LinkedIn now and then
    earned = {
        pillar: sum(
            weight * _rolling(activity[kind], HALF_LIFE[pillar]) for kind, weight in drivers.items()
        )
        for pillar, drivers in DRIVERS.items()
    }
    refreshed = rng.random((len(PILLAR_NAMES), n_people, days)) < REFRESH
    refreshed[:, :, 0] = True
    pillars = {}
    for i, pillar in enumerate(PILLAR_NAMES):
        target = 25 * (1 - np.exp(-earned[pillar] / SCALE[pillar]))
        last = np.maximum.accumulate(np.where(refreshed[i], np.arange(days), 0), axis=1)
        pillars[pillar] = np.take_along_axis(target, last, axis=1).round(3)
    total = sum(pillars[p] for p in PILLAR_NAMES)
    industry = 31 + _ar1(rng, (1, days), 0.995, 0.05)[0]
    network = 34 + _ar1(rng, (1, days), 0.995, 0.05)[0]
    industry_rank = np.clip(np.round(50 - 2.2 * (total - industry)), 1, 100)
    network_rank = np.clip(np.round(50 - 2.0 * (total - network)), 1, 100)
    # ---- reach (driven by posting, so it does move with SSI)
    recent_posts = _recent(posts_before_change)
    luck = np.exp(rng.normal(0, 0.3, recent_posts.shape))
    impressions = rng.poisson(luck * (120 * weekend + 900 * recent_posts))
    engagements = rng.binomial(impressions, 0.03)
    new_followers = rng.poisson(1 + impressions / 900)
    if change is not None:  # reach earned by the extra posts, on the change's own stream
        extra = extra_rng.poisson(luck * 900 * _recent(extra_posts.astype(float)))
        engagements = engagements + extra_rng.binomial(extra, 0.03)
        new_followers = new_followers + extra_rng.poisson(extra / 900)
        impressions = impressions + extra
    if posting is not None:  # reach earned by the experiment's extra posts, on its stream
        extra = posting_rng.poisson(luck * 900 * _recent(posting_posts.astype(float)))
        engagements = engagements + posting_rng.binomial(extra, 0.03)
        new_followers = new_followers + posting_rng.poisson(extra / 900)
        impressions = impressions + extra
    # ---- pipeline: a separate process
    market = _ar1(rng, (1, days), 0.98, 0.06)[0]
    deal_log_rate = np.log(deal_rate) + market + 0.5 * seniority[:, None] + np.log(weekend)
    links = [
        Link("ssi", "impressions", True, 0, 0.0, "posting drives both"),
        Link("ssi", "replies", True, 0, 0.0, "outreach drives both"),
        Link("ssi", "pipeline_created", False),
        Link("ssi", "revenue_won", False),
    ]
    links += [
        Link(kind, pillar, True, 0, weight, "counted over the last four weeks")
        for pillar, drivers in DRIVERS.items()
        for kind, weight in drivers.items()
    ]
    description = {
        "ssi_not_revenue": "SSI moves with reach and replies (activity drives both); pipeline "
        "and revenue come from a market process that ignores SSI.",
        "ssi_drives_pipeline": "The positive control: deals arrive faster two weeks after the "
        "build-relationships pillar rises.",
        "gaming": "From the middle of the series, eight weeks of low-quality comment, reaction "
        "and profile-view sprees lift the insights and people pillars; replies and "
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
    for position, (column, values) in enumerate(group_values.items(), 1):
        scores.insert(position, column, np.repeat(values, days))
    daily = {
        "impressions": impressions,
        "engagements": engagements,
        "new_followers": new_followers,
        "replies": replies,
        **{metric: activity[kind] for kind, metric in ARCHIVE_METRICS.items()},
    }
    # One frame for all daily metrics (metric after metric), not one frame per metric: each
    # frame turned its text columns into pandas strings again.
    kinds = [
        "daily" if metric in ("replies",) else OUTCOMES.get(metric, ("daily",))[0]
        for metric in daily
    ]
    rows = pd.DataFrame(
        {
            "person": np.tile(person, len(daily)),
            "date": np.tile(day, len(daily)),
            "metric": np.repeat(np.asarray(list(daily), dtype=object), len(person)),
            "value": np.concatenate([v.ravel().astype(float) for v in daily.values()]),
            "kind": np.repeat(np.asarray(kinds, dtype=object), len(person)),
            "source": "simulated",
        }
    )
    outcomes = pd.concat([rows, _deal_events(deals)], ignore_index=True)
    outcomes["date"] = outcomes["date"].astype("datetime64[ns]")
    frame = pd.DataFrame(
        {
            "person": person,
            "date": day.astype("datetime64[ns]"),
            **{k: v.ravel() for k, v in activity.items()},
            "season": np.tile(season, n_people),
        }
    )
    if change is not None:
        description += (
            f" From {change.start} the person {change.label}: the brand pillar, SSI and reach "
            "rise; pipeline and revenue do not."
        )
        links += [
            Link("change", "brand", True, 0, 0.0, change.label),
            Link("change", "ssi", True, 0, 0.0, "through the brand pillar"),
            Link("change", "impressions", True, 0, 0.0, "more posts, more reach"),
            Link("change", "pipeline_created", False),
            Link("change", "revenue_won", False),
        ]
    if quiet is not None:
        description += (
            f" From {quiet.start} the person {quiet.label} for {quiet.days} days (posts "
            "scheduled ahead went out): "
            "the people, insights and relationships pillars dip and recover within about "
            "four weeks of the return; brand, reach, pipeline and revenue do not move."
        )
        links += [
            Link("quiet", pillar, True, 0, 0.0, quiet.label)
            for pillar in ("people", "insights", "relationships", "ssi", "replies")
        ]
        links += [
            Link("quiet", y, False)
            for y in ("brand", "impressions", "pipeline_created", "revenue_won")
        ]
    names_of = np.asarray(names)
    events = {
        "invitations": invitations.assign(person=names_of[invitations["_person"].to_numpy()]),
        "conversations": conversations.assign(person=names_of[conversations["_person"].to_numpy()]),
    }
    truth = Truth(scenario, seed, tuple(links), description, burst, change, quiet)
    hidden = {"seniority": seniority}
    if posting is not None:
        hidden.update(effort=effort, luck=luck, weekend=weekend)
    return Simulation(scores, outcomes, deals, frame, truth, hidden, events)


#: The simulated activity and the metric the LinkedIn data archive gives for it.
ARCHIVE_METRICS = {
    "posts": "posts_published",
    "comments": "comments_written",
    "reactions": "reactions_given",
    "invitations": "invitations_sent",
    "connections": "connections_added",
    "messages": "messages_sent",
}


def _rolling(counts: np.ndarray, half_life: float) -> np.ndarray:
    """Activity counted over the last weeks, recent days weighing most, in 28-day units.

    An exponentially weighted sum with a half-life of ``half_life`` days (a day's
    activity still counts half after that, a quarter after twice that), scaled so that a
    steady rate earns what four weeks of it would. Exponential weights (scipy's ``lfilter``)
    rather than a flat window: a flat 28-day window makes each day's activity drop out all
    at once four weeks later, a step nothing in real logs shows. The first day starts from
    the level the first four weeks' rate would have earned, not from zero.
    """
    from scipy.signal import lfilter

    decay = 0.5 ** (1 / half_life)
    counts = np.asarray(counts, dtype=float)
    start = counts[..., :WINDOW].mean(axis=-1, keepdims=True) / (1 - decay)
    out, _ = lfilter([1.0], [1.0, -decay], counts, axis=-1, zi=decay * start)
    return out * (1 - decay) * WINDOW


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One (person, day) index pair per event of a (person x day) count array."""
    person, day = np.nonzero(counts)
    repeat = counts[person, day]
    return np.repeat(person, repeat), np.repeat(day, repeat)


def _invitations(rng, sent: np.ndarray, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Every invitation, sent or received, with the day it became a connection (or -1)."""
    days = sent.shape[1]
    out_person, out_day = _expand(sent)
    in_person, in_day = _expand(rng.poisson(INCOMING, sent.shape))
    person = np.concatenate([out_person, in_person])
    day = np.concatenate([out_day, in_day])
    outgoing = np.arange(len(person)) < len(out_person)
    accepted = np.where(outgoing, rng.random(len(person)) < ACCEPT, True)
    delay = rng.geometric(0.35, len(person)) - np.where(outgoing, 0, 1)  # received: 0+ days
    when = np.where(accepted & (day + delay < days), day + delay, -1)
    order = np.lexsort((day, person))
    return (
        pd.DataFrame({"_person": person, "_day": day, "outgoing": outgoing, "_accepted": when})
        .iloc[order]
        .reset_index(drop=True)
    )


def _conversations(rng, opened: np.ndarray, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """Every conversation the person opened, with the day of the first reply (or -1)."""
    days = opened.shape[1]
    person, day = _expand(opened)
    replied = rng.random(len(person)) < REPLY
    delay = rng.integers(0, REPLY_DAYS, len(person))
    when = np.where(replied & (day + delay < days), day + delay, -1)
    return pd.DataFrame({"_person": person, "_day": day, "_replied": when})


def _quiet_events(invitations: pd.DataFrame, off: np.ndarray, dates) -> pd.DataFrame:
    """No invitations sent in a quiet spell; those received then are accepted on return."""
    sent_then = invitations["outgoing"].to_numpy() & off[invitations["_day"].to_numpy()]
    invitations = invitations[~sent_then].copy()
    accepted = invitations["_accepted"].to_numpy()
    back = int(np.flatnonzero(off).max()) + 1
    during = (accepted >= 0) & off[np.clip(accepted, 0, None)]
    invitations["_accepted"] = np.where(during, back if back < len(off) else -1, accepted)
    return invitations


def _daily(events: pd.DataFrame, what: str, n_people: int, dates) -> np.ndarray:
    """Count events per (person, day) on the day of ``what`` ("accepted" or "replied")."""
    counts = np.zeros((n_people, len(dates)), dtype=int)
    day = events[f"_{what}"].to_numpy()
    keep = day >= 0
    np.add.at(counts, (events["_person"].to_numpy()[keep], day[keep]), 1)
    return counts


def _recent(posts: np.ndarray) -> np.ndarray:
    """Return the posts of the day and the two before, weighted 1, 0.6, 0.3 (reach lingers)."""
    recent = posts + 0.6 * np.roll(posts, 1, axis=1) + 0.3 * np.roll(posts, 2, axis=1)
    recent[:, :2] = posts[:, :2]
    return recent


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
