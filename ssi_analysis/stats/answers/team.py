"""The team's answers: within-person links over the whole team, and the between-people line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ssi_analysis.errors import number, one_of, validate_params
from ssi_analysis.questions import DEFAULT_BOUND, RISE, question
from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats._tdist import t_cdf, t_ppf, t_sf
from ssi_analysis.stats.answers._common import (
    _columns_and_lags,
    _periods_of_weeks,
    _question_horizon,
    outcome_columns,
    panel_currency,
    slope_unit,
    transform_outcomes,
)
from ssi_analysis.stats.answers.person import Answers
from ssi_analysis.words.answers import (
    _between_sentence,
    _team_sentence,
)

# ---------------------------------------------------------------- teams

# The two tables' shared runs of columns, in order.
_SLOPE = ["slope", "slope_low", "slope_high"]
_EFFECT = [
    "rise",
    "effect_pct",
    "effect_low_pct",
    "effect_high_pct",
    "ci_level",
    "tost_low",
    "tost_high",
]
_TEST = ["r", "r_low", "r_high", "p", "p_adj", "p_tost", "bound", "question", "people", "n_obs"]
_BETWEEN = ["between_r", "between_p", "between_p_adj", "pooled_r", "transform"]

#: The columns of :func:`team_answers` (one row per score × outcome), in order. The names
#: the one-person table shares mean the same there (the dictionary:
#: :data:`~ssi_analysis.stats.answers._common.TABLE_COLUMNS`); ``slope, slope_low,
#: slope_high`` are the team's own (the within slope and its 100 (1 − α) interval), as are
#: ``tost_low, tost_high`` (the 100 (1 − 2α) interval of ``effect_pct`` its equivalence test
#: uses; the one-person table's ``effect_low_pct..effect_high_pct`` is that interval). A row
#: that is not "linked" shows the window's effect (lags 0..``window`` at once) with ``p``, the
#: lag scan's smallest raw p, found at lag ``best_lag`` (empty on a "linked" row, whose
#: ``lag`` is that lag, and where there is no lag scan).
TEAM_COLUMNS = [
    "outcome",
    "score",
    "verdict",
    "lag",
    "lag_low",
    "lag_high",
    "best_lag",
    "window",
    "window_weight",
    *_SLOPE,
    "slope_unit",
    *_EFFECT,
    *_TEST,
    "r_level",
    "unit",
    *_BETWEEN,
    "sentence",
    "between_sentence",
    "note",
]

#: The columns of :func:`team_scan`, the per-lag family behind :func:`team_answers`.
TEAM_LAG_COLUMNS = [
    "outcome",
    "score",
    "lag",
    "window",
    "window_weight",
    *_SLOPE,
    "b",
    "se",
    *_EFFECT,
    *_TEST,
    *_BETWEEN,
    "note",
]


#: The team transforms: ``ppml`` (counts and money: Poisson pseudo-ML, the % change of the
#: expected value), ``log1p`` (least squares on log(1 + y), kept for comparison) and None.
TEAM_TRANSFORMS = ("ppml", "log1p", None)


def _team_bound(who: str, bound, outcome: str) -> float:
    """Return the smallest effect that matters for ``outcome`` (a fraction per RISE)."""
    if bound is None:
        value = DEFAULT_BOUND.get(question(outcome), DEFAULT_BOUND["reach"])
    elif isinstance(bound, Mapping):
        value = bound.get(outcome, bound.get(question(outcome)))
        if value is None:
            value = DEFAULT_BOUND.get(question(outcome), DEFAULT_BOUND["reach"])
    else:
        value = bound
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise ValueError(
            f"{who}: bound must be a fraction between 0 and 1 (0.25: an effect of ±25 % of "
            "the outcome per rise of the score), or a mapping of question or outcome to such "
            f"a fraction, or None for the defaults; got {value!r} for {outcome!r}."
        )
    return float(value)


#: The declared rules of the parameters :func:`team_answers`, :func:`team_scan` and
#: :func:`~ssi_analysis.stats.groups.group_answers` share (``errors.validate_params``: a
#: wrong value names the function called). ``lags``, ``scores``, ``outcomes`` and ``bound``
#: are checked against the panel's columns and questions inside, with the caller's name.
TEAM_RULES = {
    "alpha": number(0, 0.5),
    "transform": one_of(*TEAM_TRANSFORMS),
}


@validate_params(TEAM_RULES)
def team_answers(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float | Mapping[str, float] | None = None,
    alpha: float = 0.05,
    transform: str | None = "ppml",
    currency: str | None = None,
    scan: pd.DataFrame | None = None,
) -> Answers:
    """Answer for a team whether a person's own rise in a score is linked to an outcome.

    Every score (SSI and the four pillars) × outcome × lag is tested within people (person
    and period fixed effects, standard errors clustered by person, t with people − 1 df),
    and each score × outcome gets one of three verdicts:

    - **linked** when the smallest ``p_adj`` over the lags is below α (Benjamini-Hochberg
      within the outcome's question: reach, replies, pipeline, revenue — true links in one
      question do not loosen another). The lag is named when the data singles it out;
      otherwise ``lag_low``-``lag_high`` give the lags it cannot be told from;
    - **ruled out** when two one-sided t-tests (Schuirmann) put the cumulative effect of a
      *sustained* :data:`~ssi_analysis.questions.RISE` of the score (10 SSI points, 2.5
      pillar points) over the question's horizon (lags 0..H: the outcome against the score's
      mean over the same period and the H before it, ``window`` = H) inside ±``bound`` times
      the window's smallest lag weight (``window_weight``, see
      :func:`~ssi_analysis.stats.team.window_regressor`): for counts and money a change of the
      *expected* outcome by less than ±25 % (the revenue default). Revenue and deals won
      (H = 13, a sales cycle) are tested on that cumulative effect alone, for "linked" too;
    - else **inconclusive**.

    Counts and money (outcomes that are never negative) are fitted by Poisson
    pseudo-maximum likelihood (:func:`~ssi_analysis.stats.team.team_ppml`), whose exp(b) − 1
    is the % change of the outcome's expected value per score point — lumpy money with many
    zero weeks included. Other outcomes get the least-squares within slope, with the bound
    taken relative to the outcome's average (an outcome that can be negative has no %
    bound: it is never "ruled out").

    The between-people correlation (of person means) is kept beside it, adjusted across the
    same family, as the "different people" comparison it is.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`, several people.
    scores : sequence of str, optional
        Default: SSI and the four pillars, those with at least 10 values.
    outcomes : sequence of str, optional
        Default: every outcome column with enough values.
    lags : iterable of int
        Periods by which the score leads (default 0 to 4).
    bound : float, mapping or None
        The smallest effect that matters, as a fraction of the outcome per RISE of the score
        (0.25: ±25 %); a mapping of question (``"pipeline"``) or outcome name to such a
        fraction; None (default): :data:`~ssi_analysis.questions.DEFAULT_BOUND` per question.
    alpha : float
        Significance level, in (0, 0.5).
    transform : {"ppml", "log1p", None}
        ``"ppml"`` (default) as above; ``"log1p"``: least squares on log(1 + y) for
        non-negative outcomes (its exp(b) − 1 is *not* a % change of the expected value when
        many periods are 0: kept for comparison); None: least squares on raw values.
    currency : str, optional
        The money outcomes' currency, named in ``slope_unit`` and the sentences. Default:
        the panel's, from the CRM export (``panel.attrs["align_report"].currency``).
    scan : pandas.DataFrame, optional
        A :func:`team_scan` of this panel, to answer from without testing again.

    Returns
    -------
    Answers
        The one result type of the kit's answers, ``kind="team"``: ``lags`` is the
        :func:`team_scan` answered from, ``bounds`` each outcome's bound, ``horizons`` the
        cumulative window of the outcomes that have one. Its ``table`` has the columns
        :data:`TEAM_COLUMNS`, one row per score × outcome: ``verdict``, ``lag``,
        ``lag_low, lag_high`` (the lags the named one cannot be told from; equal when the
        data singles it out), the within ``slope`` with its (1 − α) interval ``slope_low,
        slope_high`` in ``slope_unit``; ``rise`` and ``effect_pct`` (% change of the outcome per
        rise) with ``effect_low_pct, effect_high_pct`` (its interval at ``ci_level`` %:
        100 (1 − α)) and ``tost_low, tost_high`` (the (1 − 2α) interval the equivalence
        test uses), ``r`` with ``r_low,
        r_high`` (at ``r_level`` %: 100 (1 − α)), ``p``, ``p_adj`` (on a row not "linked":
        the lag scan's smallest, at lag ``best_lag``), ``p_tost`` (the window's, against
        ±``bound`` shrunk by ``window_weight``), ``bound`` (fraction per rise), ``question``,
        ``people``, ``n_obs``, ``unit``; ``between_r, between_p, between_p_adj``;
        ``pooled_r``; ``transform``; ``sentence``, ``between_sentence``, ``note``.

    Examples
    --------
    >>> from ssi_analysis.stats.answers import VERDICTS
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=140, people=8).weekly()
    >>> scan = team_scan(panel, scores=["ssi"], outcomes=["replies"], lags=[0, 1])
    >>> out = team_answers(panel, scan=scan)
    >>> out.kind, out.table.loc[0, "verdict"] in VERDICTS, len(out.lags)  # 2 lags + window
    ('team', True, 3)
    >>> list(out.table.columns[:4])
    ['outcome', 'score', 'verdict', 'lag']
    """
    if scan is None:
        scan = _team_scan(
            panel,
            "team_answers",
            scores=scores,
            outcomes=outcomes,
            lags=lags,
            bound=bound,
            alpha=alpha,
            transform=transform,
        )
    unit = _panel_unit(panel)
    if scan.empty:
        return Answers(
            pd.DataFrame(columns=TEAM_COLUMNS),
            scan,
            alpha=alpha,
            bound=np.nan,
            unit=unit,
            kind="team",
        )
    currency = panel_currency(panel) if currency is None else currency
    picked = []
    between = ["between_r", "between_p", "between_p_adj"]
    for _, group in scan.groupby(["outcome", "score"], sort=False):
        row = _team_decide(group, alpha)
        if not np.isfinite(row.get("between_p_adj", np.nan)) and set(between) <= set(group):
            # the window row carries no between-people test: it is the lag rows' (one test
            # of people's averages per score and outcome; a revenue pair has only the window)
            tested = group[np.isfinite(group["between_p_adj"].to_numpy(float))]
            if len(tested):
                row |= tested.iloc[0][between].to_dict()
        picked.append(row)
    out = pd.DataFrame(picked)
    out["unit"] = unit
    # the levels of effect_low_pct..effect_high_pct and of r_low..r_high (the slope's 1 − α)
    out["ci_level"] = out["r_level"] = round(100 * (1 - alpha), 6)
    out["slope_unit"] = [
        slope_unit(s, o, transform=t, currency=currency, unit=unit)
        for s, o, t in zip(out["score"], out["outcome"], out["transform"], strict=True)
    ]
    records = out.to_dict("records")
    out["sentence"] = [_team_sentence(row, alpha, currency) for row in records]
    out["between_sentence"] = [_between_sentence(row, alpha, currency) for row in records]
    out = out.reindex(columns=TEAM_COLUMNS)
    windows = out.dropna(subset=["window"])
    return Answers(
        out,
        scan,
        transforms={o: t or "" for o, t in zip(out["outcome"], out["transform"], strict=True)},
        alpha=alpha,
        bound=np.nan,  # per outcome, as a fraction per rise: ``bounds``
        unit=unit,
        bounds={o: float(b) for o, b in zip(out["outcome"], out["bound"], strict=True)},
        horizons={o: int(w) for o, w in zip(windows["outcome"], windows["window"], strict=True)},
        kind="team",
    )


def _lag_span(group: pd.DataFrame) -> str:
    low, high = int(group["lag"].min()), int(group["lag"].max())
    return f"{low}" if low == high else f"{low}-{high}"


def _team_decide(group: pd.DataFrame, alpha: float) -> dict:
    """Decide one score × outcome from its rows of :func:`team_scan`.

    The cumulative row (``window`` = H: the outcome against the score's mean over lags
    0..H) carries the equivalence test: "ruled out" when its TOST p is below α. "Linked":
    for a sales-cycle outcome (no lag rows) that row's adjusted p below α; otherwise the
    smallest adjusted p over the lags, at the lag of that p. A linked lag is named only when
    the data singles it out: the other lags whose effect is not detectably different from
    the named lag's widen ``lag_low`` to ``lag_high``. Else "inconclusive", shown on the
    cumulative row (the interval "ruled out" would need to narrow).
    """
    is_window = group["window"].notna().to_numpy() if "window" in group else None
    if is_window is None or not is_window.any():  # a scan of an older shape: lags only
        is_window = np.zeros(len(group), dtype=bool)
    lagged, window = group[~is_window], group[is_window]
    cum = window.iloc[0].to_dict() if len(window) else None
    p_iu = float(cum["p_tost"]) if cum is not None else np.nan
    h = int(cum["window"]) if cum is not None else int(group["lag"].max())
    best = None
    if len(lagged):
        p = lagged["p"].to_numpy(float)
        p_adj = lagged["p_adj"].to_numpy(float)
        order = np.lexsort(
            (np.arange(len(p)), np.nan_to_num(p, nan=2.0), np.nan_to_num(p_adj, nan=2.0))
        )
        best = int(order[0])
        p_link = float(p_adj[best])
    else:
        p_link = float(cum["p_adj"]) if cum is not None else np.nan
    if np.isfinite(p_link) and p_link < alpha:
        verdict = "linked"
    elif np.isfinite(p_iu) and p_iu < alpha:
        verdict = "ruled out"
    else:
        verdict = "inconclusive"
    if verdict == "linked" and best is not None:
        row = lagged.iloc[best].to_dict()
        lag = int(row["lag"])
        # a lag whose effect is not detectably smaller than the named one's: the difference
        # of the two slopes within sqrt(se_named² + se_k²) × t(1 − α/2) (the SE of a
        # difference of independent estimates; with a persistent score neighbouring lags'
        # estimates correlate positively, so this errs towards a wider range)
        b, se = lagged["b"].to_numpy(float), lagged["se"].to_numpy(float)
        crit = t_ppf(1 - alpha / 2, max(int(row["people"]) - 1, 1))
        with np.errstate(invalid="ignore"):
            cannot_tell = np.abs(b[best] - b) <= crit * np.sqrt(se[best] ** 2 + se**2)
        near = [*lagged["lag"].to_numpy()[cannot_tell].tolist(), lag]
        row.update(lag_low=int(min(near)), lag_high=int(max(near)), window=np.nan)
    elif cum is not None:
        row = dict(cum)
        row.update(lag=0, lag_low=0, lag_high=h, p_adj=p_link)
        if best is not None:  # the lag scan's smallest p, beside the cumulative effect
            row.update(p=float(lagged["p"].iloc[best]), best_lag=int(lagged["lag"].iloc[best]))
    else:
        row = lagged.iloc[best].to_dict()
        row.update(lag_low=int(row["lag"]), lag_high=int(row["lag"]))
    row["horizon"] = h
    if cum is not None:
        # the cumulative effect's equivalence test, whatever row is shown
        row["p_tost"] = p_iu
        row["window_weight"] = cum.get("window_weight", np.nan)
        row["small"] = bool(verdict == "linked" and np.isfinite(p_iu) and p_iu < alpha)
        row["cum_effect"], row["cum_low"], row["cum_high"] = (
            cum["effect_pct"],
            cum["tost_low"],
            cum["tost_high"],
        )
        if not np.isfinite(p_iu) and cum.get("note"):
            row["note"] = "; ".join(dict.fromkeys(filter(None, [row.get("note"), cum["note"]])))
    row["lags_tested"] = _lag_span(lagged) if len(lagged) else f"0-{h}"
    row["verdict"] = verdict
    return row


@validate_params(TEAM_RULES)
def team_scan(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float | Mapping[str, float] | None = None,
    alpha: float = 0.05,
    transform: str | None = "ppml",
) -> pd.DataFrame:
    """Test every score × outcome × lag of a team within people: the family of the answer.

    Parameters are those of :func:`team_answers`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TEAM_LAG_COLUMNS`, one row per score × outcome × lag: the within
        ``slope`` (``slope_low, slope_high``), ``b`` and ``se`` (the slope on the model's own
        scale, log for ``ppml`` and ``log1p``, and its clustered standard error), ``rise``,
        ``effect_pct`` (``effect_low_pct, effect_high_pct`` at ``ci_level``,
        ``tost_low, tost_high``), ``r`` (``r_low, r_high``), ``p``, ``p_adj``
        (Benjamini-Hochberg within each question's rows), ``p_tost`` (of this lag),
        ``bound``, ``question``, ``people``, ``n_obs``, ``between_r, between_p,
        between_p_adj``, ``pooled_r``, ``transform``, ``note``.
    """
    return _team_scan(
        panel,
        "team_scan",
        scores=scores,
        outcomes=outcomes,
        lags=lags,
        bound=bound,
        alpha=alpha,
        transform=transform,
    )


def _team_scan(
    panel: pd.DataFrame,
    who: str,
    *,
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float | Mapping[str, float] | None = None,
    alpha: float = 0.05,
    transform: str | None = "ppml",
) -> pd.DataFrame:
    """Run :func:`team_scan` (arguments checked by the caller's :data:`TEAM_RULES`).

    Errors about the panel's columns, lags and bounds name ``who``, the public function the
    user called.
    """
    from ssi_analysis.questions import is_activity
    from ssi_analysis.stats.team import (
        _lag_rows,
        _within_between,
        ppml_fit,
        window_regressor,
    )

    if outcomes is None:  # own activity is an input of the pillars, not an outcome
        outcomes = [c for c in outcome_columns(panel) if not is_activity(c)]
    lags, scores, outcomes = _columns_and_lags(who, panel, scores, outcomes, lags)
    bounds = {o: _team_bound(who, bound, o) for o in outcomes}
    logged, used = transform_outcomes(
        panel, outcomes, "log1p" if transform in ("ppml", "log1p") else None
    )
    frame = logged
    frame.attrs = {}  # pandas deep-copies attrs (the align report) on every operation
    frame["period"] = pd.DatetimeIndex(frame["period"])
    # Sellers as integer codes in the order of their names: team_effect groups and sorts by
    # person a dozen times per call, and grouping arrow strings cost more than its algebra.
    frame["person"] = pd.factorize(frame["person"], sort=True)[0]
    order = np.lexsort((frame["period"].to_numpy(), frame["person"].to_numpy()))
    frame = frame.iloc[order].reset_index(drop=True)
    raw = pd.DataFrame({o: panel[o].to_numpy(dtype=float, na_value=np.nan) for o in outcomes})
    raw = raw.iloc[order]
    raw = raw.reset_index(drop=True)
    tcodes = pd.factorize(frame["period"])[0]
    people = frame["person"].to_numpy()
    stamps = pd.DatetimeIndex(frame["period"])
    periods = stamps.to_numpy()
    # Each lag's rows, found once for every outcome (what _by_period looks up per column)
    shifted = _lag_rows(people, stamps, [lag for lag in lags if lag])
    values = {c: frame[c].to_numpy(dtype=float, na_value=np.nan) for c in [*scores, *outcomes]}
    windows: dict[tuple[str, int], tuple[np.ndarray, float]] = {}  # (score, H) -> m, weight
    unit = _panel_unit(panel)
    rows = []
    for o, outcome in enumerate(outcomes):
        ppml = transform == "ppml" and used.get(outcome) == "log1p"
        kind = "ppml" if ppml else used.get(outcome, "")
        # the question's horizon is in weeks (DEFAULT_HORIZON): in the panel's periods, a
        # monthly team's revenue window is the 4 months that 13 weeks span, not 13 months
        weeks, cycle = _question_horizon(outcome)
        horizon = _periods_of_weeks(weeks, unit)
        # A sales-cycle outcome (revenue, deals won) is tested on its cumulative effect
        # only; the others lag by lag for "linked", and on the cumulative effect over their
        # horizon for "ruled out".
        own_lags = [] if cycle else list(lags)
        for lag in own_lags:  # scores innermost: they share rows, so team_effect reuses solves
            y = values[outcome]
            if lag:
                y = _lagged(frame, outcome, values[outcome], int(lag), shifted)
            y_raw = warm = None
            if ppml:
                y_raw = raw[outcome].to_numpy()
                if lag:
                    y_raw = _lagged(frame, "_raw", y_raw, int(lag), shifted)
                warm = np.full(len(frame), np.nan)  # each score's fit starts from the last's
            for k, score in enumerate(scores):
                x = values[score]
                if ppml:
                    ok = np.isfinite(x) & np.isfinite(y_raw)
                    fit = ppml_fit(people[ok], tcodes[ok], x[ok], y_raw[ok], start=warm[ok])
                    warm[ok] = np.where(np.isfinite(fit["eta"]), fit["eta"], warm[ok])
                    row = _ppml_lag_row(fit, score, outcome, lag, alpha=alpha)
                    row |= _between_pooled_arrays(people, x, y)
                else:
                    fit = _within_between(people, periods, x, y, alpha)
                    row = _team_lag_row(fit, score, outcome, lag, alpha=alpha)
                rise = RISE.get(score, 1.0)
                row |= _effect_columns(
                    row, kind, rise, bounds[outcome], alpha, y if kind == "" else None
                )
                row |= {
                    "window": np.nan,
                    "transform": kind,
                    "question": question(outcome),
                    "bound": bounds[outcome],
                    "_order": (o, k, own_lags.index(lag)),
                }
                rows.append(row)
        # The cumulative effect over lags 0..H: the outcome in period t against the score's
        # mean over t - H..t (window_regressor), one fit per score.
        y = values[outcome]
        y_raw = raw[outcome].to_numpy() if ppml else y
        warm = np.full(len(frame), np.nan)
        for k, score in enumerate(scores):
            if (score, horizon) not in windows:
                windows[score, horizon] = window_regressor(people, stamps, values[score], horizon)
            m, weight = windows[score, horizon]
            if ppml:
                ok = np.isfinite(m) & np.isfinite(y_raw)
                fit = ppml_fit(people[ok], tcodes[ok], m[ok], y_raw[ok], start=warm[ok])
                warm[ok] = np.where(np.isfinite(fit["eta"]), fit["eta"], warm[ok])
                row = _ppml_lag_row(fit, score, outcome, 0, alpha=alpha)
                row |= _between_pooled_arrays(people, m, y)
            else:
                fit = _within_between(people, periods, m, y, alpha)
                row = _team_lag_row(fit, score, outcome, 0, alpha=alpha)
            # Too few periods with the window's mean for a fit (fewer than 3, or none): the
            # reason is the horizon, not the team's size (the fit's own note said "at least 3
            # people with several periods", beside 12 people).
            if len(np.unique(tcodes[np.isfinite(m)])) < 3:
                row["note"] = (
                    f"the data are shorter than the {question(outcome)} horizon "
                    f"({horizon + 1} {unit}s with the score seen in at least half are needed, "
                    "and a few more after them)"
                )
            row |= _effect_columns(
                row,
                kind,
                RISE.get(score, 1.0),
                bounds[outcome],
                alpha,
                y if kind == "" else None,
                weight=weight,
            )
            if not cycle:
                # "linked" is the lag scan's: this row is the equivalence test's only
                row |= {"p": np.nan, "between_p": np.nan}
            row |= {
                "window": horizon,
                "window_weight": weight,
                "transform": kind,
                "question": question(outcome),
                "bound": bounds[outcome],
                "_order": (o, k, len(own_lags)),
            }
            rows.append(row)
    rows.sort(key=lambda row: row.pop("_order"))
    scan = pd.DataFrame(rows)
    if scan.empty:
        return pd.DataFrame(columns=TEAM_LAG_COLUMNS)
    # One family per question (reach, replies, pipeline, revenue): every lag of every score
    # and outcome of that question.
    scan["p_adj"] = np.nan
    scan["between_p_adj"] = np.nan
    _adjust_by_question(scan)
    scan["ci_level"] = round(100 * (1 - alpha), 6)  # of effect_low_pct..effect_high_pct
    return scan.reindex(columns=TEAM_LAG_COLUMNS)


def _adjust_by_question(scan: pd.DataFrame) -> None:
    """Fill ``p_adj`` and ``between_p_adj`` in place: Benjamini-Hochberg per question.

    One family per question (reach, replies, pipeline, revenue) over all the rows given: a
    team's scan, or every group's scans at once (:func:`~ssi_analysis.stats.groups.group_answers`).
    """
    for _, index in scan.groupby("question", sort=False).groups.items():
        scan.loc[index, "p_adj"] = adjust_p(scan.loc[index, "p"].to_numpy(float))
        scan.loc[index, "between_p_adj"] = adjust_p(scan.loc[index, "between_p"].to_numpy(float))


def _effect_columns(row, kind, rise, bound, alpha, y=None, weight=1.0) -> dict:
    """Return the effect of a RISE of the score in % of the outcome, its intervals, TOST p.

    ``ppml``/``log1p``: the slope b is on the log scale, the effect is exp(rise·b) − 1 and
    "ruled out" needs rise·b inside [log(1 − bound), log(1 + bound)]. Raw values: the
    effect is rise·b over the outcome's average (an outcome that can be negative has no %).
    ``weight`` (≤ 1, from :func:`~ssi_analysis.stats.team.window_regressor`) shrinks the
    equivalence margins on the model's scale: the window's b reads an effect at one lag as
    at least ``weight`` times its size, so the margins are the bound's times ``weight``.
    """
    b, se, people = row.pop("_b", np.nan), row.pop("_se", np.nan), row["people"]
    row.update(b=b, se=se)  # the slope on the model's own scale and its clustered SE
    nan = {
        "rise": rise,
        "effect_pct": np.nan,
        "effect_low_pct": np.nan,
        "effect_high_pct": np.nan,
        "tost_low": np.nan,
        "tost_high": np.nan,
        "p_tost": np.nan,
    }
    if not (np.isfinite(b) and np.isfinite(se) and se > 0 and people > 2):
        return nan
    df = people - 1
    half, half90 = t_ppf(1 - alpha / 2, df) * se, t_ppf(1 - alpha, df) * se
    if kind in ("ppml", "log1p"):
        low, high = np.log1p(-bound) / rise, np.log1p(bound) / rise

        def pct(v):
            return 100 * np.expm1(rise * v)
    else:
        values = np.asarray(y, dtype=float) if y is not None else np.array([np.nan])
        values = values[np.isfinite(values)]
        mean = float(values.mean()) if len(values) else np.nan
        if not len(values) or values.min() < 0 or not mean > 0:
            return nan  # a % of an outcome that can be negative (or is all 0) means nothing
        low, high = -bound * mean / rise, bound * mean / rise

        def pct(v):
            return 100 * rise * v / mean

    shrink = float(weight) if np.isfinite(weight) else 0.0
    shrink = min(max(shrink, 0.0), 1.0)  # an unknown or non-positive weight: never ruled out
    low, high = low * shrink, high * shrink
    p1 = t_sf((b - low) / se, df)
    p2 = t_cdf((b - high) / se, df)
    return {
        "rise": rise,
        "effect_pct": float(pct(b)),
        "effect_low_pct": float(pct(b - half)),
        "effect_high_pct": float(pct(b + half)),
        "tost_low": float(pct(b - half90)),
        "tost_high": float(pct(b + half90)),
        "p_tost": float(max(p1, p2)),
    }


def _panel_unit(panel: pd.DataFrame) -> str:
    """``week``, ``month`` or ``day``: the clock of an aligned panel."""
    if "period" not in panel or panel["period"].nunique() < 2:
        return "week"
    from ssi_analysis.stats._series import _frequency

    freq = str(_frequency(pd.DatetimeIndex(panel["period"].unique()).sort_values()))
    return "month" if freq.startswith("MS") else "day" if freq.startswith("D") else "week"


def _lagged(frame: pd.DataFrame, name: str, values: np.ndarray, lag: int, shifted) -> np.ndarray:
    """``values`` (of the frame's rows) at period + lag of each row's person.

    As ``stats.team._by_period``, from the rows :func:`~ssi_analysis.stats.team._lag_rows`
    found once per lag (``shifted``).
    """
    from ssi_analysis.stats.team import _at_rows, _by_period

    if shifted is None:  # a person with a period twice: _by_period says what is wrong
        return _by_period(frame.assign(**{name: values}), name, lag)
    return _at_rows(values, shifted[lag])


def _between_pooled_arrays(person: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict:
    """Return the between and pooled rows of :func:`team_effect`, from arrays.

    The same rows as team_effect uses (both values present, people with two or more), with
    no frame to copy and sort: a tenth of a 500-seller report went to team_effect's.
    """
    from ssi_analysis.stats.team import _linregress

    ok = np.isfinite(x) & np.isfinite(y)
    person, x, y = person[ok], x[ok], y[ok]
    if len(person):
        many = np.bincount(person)[person] >= 2
        person, x, y = person[many], x[many], y[many]
    if len(person) < 3:
        return {"between_r": np.nan, "between_p": np.nan, "pooled_r": np.nan}
    person = np.unique(person, return_inverse=True)[1]
    size = np.bincount(person).astype(float)
    mx, my = np.bincount(person, x) / size, np.bincount(person, y) / size

    def pearson(a, b):
        if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
            return np.nan, np.nan
        fit = _linregress(a, b)
        return float(fit.rvalue), float(fit.pvalue)

    between_r, between_p = pearson(mx, my)
    return {"between_r": between_r, "between_p": between_p, "pooled_r": pearson(x, y)[0]}


def _ppml_lag_row(fit, score, outcome, lag, *, alpha) -> dict:
    """One lag of one pair from the Poisson fit: % per score point, its interval, r."""
    people = int(fit["people"])
    b, se = fit["b"], fit["se"]
    ok = people > 2 and np.isfinite(se) and se > 0
    df = max(people - 1, 1)
    half = t_ppf(1 - alpha / 2, df) * se if ok else np.nan
    p = float(2 * t_sf(abs(b / se), df)) if ok else np.nan
    scale = fit["r_scale"]
    return {
        "outcome": outcome,
        "score": score,
        "lag": int(lag),
        "slope": 100 * np.expm1(b),
        "slope_low": 100 * np.expm1(b - half),
        "slope_high": 100 * np.expm1(b + half),
        "r": fit["r"],
        "r_low": (b - half) * scale,
        "r_high": (b + half) * scale,
        "p": p,
        "people": people,
        "n_obs": int(fit["n_obs"]),
        "note": fit["note"]
        or ("" if ok else "at least 3 people with several periods and some outcome are needed"),
        "_b": b if ok else np.nan,
        "_se": se if ok else np.nan,
    }


def _team_lag_row(fit, score, outcome, lag, *, alpha) -> dict:
    """One lag of one pair from the least-squares within effect: slope, intervals, r.

    ``fit`` is :func:`~ssi_analysis.stats.team._within_between`'s (team_effect's numbers);
    the between and pooled correlations go in the row too.
    """
    within = fit["within"]
    people = int(within["n_people"])
    r_low = r_high = se = np.nan
    if fit["rx"] is not None and np.isfinite(within["p"]) and people > 2:
        sx, sy = np.std(fit["rx"]), np.std(fit["ry"])
        scale = sx / sy if sy > 0 else np.nan
        # r = slope · sd(x̃)/sd(ỹ) exactly (least squares through the origin on the demeaned
        # values), so the slope's interval scales to the correlation's.
        r_low, r_high = within["ci_low"] * scale, within["ci_high"] * scale
        t_crit = t_ppf(1 - alpha / 2, people - 1)
        se = (within["ci_high"] - within["ci_low"]) / (2 * t_crit)
    return {
        "outcome": outcome,
        "score": score,
        "lag": int(lag),
        "slope": within["slope"],
        "slope_low": within["ci_low"],
        "slope_high": within["ci_high"],
        "r": within["r"],
        "r_low": r_low,
        "r_high": r_high,
        "p": within["p"],
        "people": people,
        "n_obs": int(within["n_obs"]),
        "note": within["note"] if isinstance(within["note"], str) else "",
        "_b": within["slope"],
        "_se": se,
        "between_r": fit["between"]["r"],
        "between_p": fit["between"]["p"],
        "pooled_r": fit["pooled"]["r"],
    }
