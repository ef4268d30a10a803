"""What the person, team and seller answers share.

The score and column lists, the test behind every row, outcome columns and transforms,
argument checks, bounds and horizons, currency.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import special

from ssi_analysis.names import MONEY_METRICS, PILLAR_NAMES, VERDICTS  # noqa: F401
from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, QUESTIONS, question
from ssi_analysis.questions import question_horizon as _question_horizon  # noqa: F401
from ssi_analysis.stats._core import (
    Filter,
    fit_filter,
    pair_test,
)
from ssi_analysis.stats._series import MIN_PAIRS

SCORES = ("ssi", *PILLAR_NAMES)


#: The one-person table's columns of the effect in the user's units (the activity links,
#: answered on the correlation scale, have none of them).
EFFECT_COLUMNS = [
    "effect",
    "effect_low",
    "effect_high",
    "effect_unit",
    "effect_pct",
    "effect_low_pct",
    "effect_high_pct",
    "ci_level",
    "rise",
    "horizon",
]

#: The columns of :attr:`Answers.table`, in order. One name, one meaning, in the one-person
#: table (here), the team's (:data:`~ssi_analysis.stats.answers.team.TEAM_COLUMNS`) and the
#: activity links (:data:`~ssi_analysis.stats.diagnostic.LINK_COLUMNS`):
#:
#: - ``lag``: the lag (periods by which the score leads the outcome) the row's numbers are at.
#: - ``lag_low``, ``lag_high``: the lags the answer speaks for, as whole numbers: for a link,
#:   the named lag and every lag the data cannot tell from it (equal when it singles one out);
#:   ``0`` to the horizon for an answer on the cumulative effect (a sales-cycle link; every team
#:   row shown on its window). Empty in a one-person row that is not a link.
#: - ``r``, ``r_low``, ``r_high``, ``r_level``: the tested correlation (one person: of the
#:   prewhitened series at ``lag``; team: within sellers) and its interval at ``r_level`` %:
#:   100 (1 − α), except a "ruled out" decided on the correlation scale (``scale="r"``, the
#:   activity links), whose interval is the 100 (1 − 2α) one its two one-sided tests use.
#: - ``effect_pct``, ``effect_low_pct``, ``effect_high_pct``, ``ci_level``: the effect of a
#:   rise of the score in % of the outcome, and its interval at ``ci_level`` %: one person,
#:   100 (1 − 2α), the interval the two one-sided tests use; team, 100 (1 − α), as its
#:   ``r_low..r_high`` (its 100 (1 − 2α) one is ``tost_low``, ``tost_high``).
#: - ``effect``, ``effect_low``, ``effect_high`` (one person only): the effect as a share of
#:   the average or in the outcome's units (``effect_unit``), with the 100 (1 − 2α) interval.
#: - ``slope``, ``slope_low``, ``slope_high`` (team only): the within slope in ``slope_unit``
#:   and its 100 (1 − α) interval.
#: - ``p``, ``p_adj``, ``p_tost``, ``bound``, ``question``, ``unit``, ``transform``, ``note``,
#:   ``sentence``: the same in every table.
TABLE_COLUMNS = [
    "person",
    "score",
    "outcome",
    "question",
    "verdict",
    "lag",
    "lag_low",
    "lag_high",
    *EFFECT_COLUMNS,
    "r",
    "r_low",
    "r_high",
    "r_level",
    "p",
    "p_adj",
    "p_tost",
    "bound",
    "r_bound",
    "white_p",
    "r_detectable",
    "n",
    "df",
    "transform",
    "unit",
    "caveat",
    "sentence",
    "test",
    "note",
]


#: The columns of :attr:`Answers.lags` (one row per lag), in order: ``r_low``, ``r_high`` are
#: r's 100 (1 − α) interval at each lag (as in :data:`TABLE_COLUMNS`).
LAG_COLUMNS = [
    "person",
    "score",
    "outcome",
    "lag",
    "r",
    "r_low",
    "r_high",
    "p",
    "p_adj",
    "p_tost",
    "r_detectable",
    "n",
    "df",
    "transform",
    "unit",
    "test",
    "note",
]


# ---------------------------------------------------------------- the test behind every row


def _filter(x: np.ndarray) -> Filter:
    """Fit the score's prewhitening filter once, for every outcome and lag."""
    return fit_filter(np.asarray(x, dtype=float))


def _pair_test(x: np.ndarray, y: np.ndarray, lag: int, alpha: float, filt: Filter) -> dict:
    """Run the gap-safe test of one pair at one lag (:func:`pair_test`) as a dict."""
    return pair_test(x, y, lag=int(lag), alpha=alpha, filt=filt)._asdict()


def tost_r(
    r: float | np.ndarray, df: float | np.ndarray, *, bound: float = 0.3
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Two one-sided tests that a correlation lies inside ±``bound`` (equivalence).

    Goertzen & Cribbie (2010), as R TOSTER's ``TOSTr``: on the Fisher-z scale with standard
    error 1/sqrt(df - 1), ``z1 = (atanh(r) + atanh(bound)) sqrt(df - 1)`` tests
    ρ > -bound and ``z2 = (atanh(r) - atanh(bound)) sqrt(df - 1)`` tests ρ < bound. With
    ``df = n - 2`` this is ``TOSTr`` on n observations. Here ``df`` is the gap-safe test's, so
    the autocorrelation the test removed is not counted as information.

    Returns
    -------
    z1, p1, z2, p2 : arrays
        The equivalence p-value is ``max(p1, p2)``.

    Examples
    --------
    R: ``TOSTr(n = 100, r = 0.02, low_eqbound_r = -0.3, high_eqbound_r = 0.3, alpha = 0.05)``

    >>> z1, p1, z2, p2 = tost_r(0.02, 98, bound=0.3)
    >>> round(float(z1), 4), round(float(p1), 6), round(float(z2), 4), round(float(p2), 6)
    (3.2454, 0.000586, -2.8514, 0.002176)
    """
    r = np.clip(np.asarray(r, dtype=float), -0.999999, 0.999999)
    df = np.asarray(df, dtype=float)
    scale = np.sqrt(np.where(df > 1, df - 1, np.nan))
    z1 = (np.arctanh(r) - np.arctanh(-bound)) * scale
    z2 = (np.arctanh(r) - np.arctanh(bound)) * scale
    # norm.sf(z) = ndtr(-z) and norm.cdf(z) = ndtr(z): the functions scipy.stats' normal
    # calls, without its ~40 µs wrapper per call (a team of 500 runs this 2,000 times)
    return z1, special.ndtr(-z1), z2, special.ndtr(z2)


# ---------------------------------------------------------------- outcomes and transforms


def outcome_columns(panel: pd.DataFrame, *, min_values: int = 10) -> list[str]:
    """List the outcome metrics of an aligned panel with enough values to analyse.

    Examples
    --------
    >>> panel = pd.DataFrame({"person": "a", "period": pd.date_range("2025-01-06",
    ...     periods=12, freq="W-MON"), "ssi": 50.0, "replies": range(12), "deals": np.nan})
    >>> outcome_columns(panel)
    ['replies']
    """
    skip = {"person", "period", "date", "ssi_days", "season", *SCORES}
    skip |= {c for c in panel.columns if str(c).startswith(("industry_", "network_", "team_"))}
    return [
        c
        for c in panel.columns
        if c not in skip
        and pd.api.types.is_numeric_dtype(panel[c])
        and panel[c].notna().sum() >= min_values
    ]


def transform_outcomes(
    panel: pd.DataFrame, outcomes: Sequence[str], transform: str | None = "log1p"
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Apply log1p to non-negative outcomes (counts and money are skewed and often zero).

    Returns the transformed copy and, per outcome, the transform used (``"log1p"`` or ``""``).

    Examples
    --------
    >>> frame, used = transform_outcomes(pd.DataFrame({"deals": [0.0, 9.0], "delta": [-1.0, 1.0]}),
    ...                                  ["deals", "delta"])
    >>> frame["deals"].round(3).tolist(), used
    ([0.0, 2.303], {'deals': 'log1p', 'delta': ''})
    """
    frame = panel.copy()
    used = {}
    for column in outcomes:
        values = frame[column]
        if transform == "log1p" and values.min(skipna=True) >= 0:
            frame[column] = np.log1p(values)
            used[column] = "log1p"
        else:
            used[column] = ""
    return frame, used


# ---------------------------------------------------------------- the public function


def _check_levels(who: str, alpha: float, bound: float, *, name: str = "bound") -> None:
    """Refuse an alpha outside (0, 0.5) or a correlation bound outside (0, 1), naming both."""
    if not 0 < alpha < 0.5:
        raise ValueError(f"{who}: alpha must be between 0 and 0.5; got {alpha!r}.")
    if not 0 < bound < 1:
        raise ValueError(f"{who}: {name} must be between 0 and 1 (a correlation); got {bound!r}.")


def _columns_and_lags(who: str, panel, scores, outcomes, lags) -> tuple[list, list, list]:
    """Check the lags and resolve the score and outcome columns (defaults: all with data)."""
    lags = [_check_lag(k, who) for k in lags]
    if not lags:
        raise ValueError(f"{who}: lags must hold at least one lag; got none.")
    if scores is None:
        scores = [s for s in SCORES if s in panel and panel[s].notna().sum() >= MIN_PAIRS]
    scores = list(scores)
    outcomes = list(outcomes) if outcomes is not None else outcome_columns(panel)
    missing = [c for c in [*scores, *outcomes] if c not in panel.columns]
    if missing:
        raise ValueError(
            f"{who}: no column {', '.join(map(repr, missing))} in the panel; it has "
            f"{', '.join(map(str, panel.columns))}"
        )
    return lags, scores, outcomes


def _check_lag(k, who: str = "answers") -> int:
    if isinstance(k, bool) or not float(k).is_integer():
        raise ValueError(f"{who}: every lag must be a whole number of periods; got {k!r}.")
    return int(k)


def _per_outcome(who: str, name: str, value, outcomes: Sequence[str]) -> dict[str, tuple]:
    """Spread a number or a {question or outcome: value} mapping over the outcomes.

    Returns outcome -> (value, "outcome" | "question" | "all"): where each value came from.
    """
    if value is None:
        return {}
    if isinstance(value, Mapping):
        unknown = [k for k in value if k not in QUESTIONS and k not in outcomes]
        if unknown:
            raise ValueError(
                f"{who}: {name} keys must be questions ({', '.join(QUESTIONS)}) or outcomes "
                f"answered ({', '.join(outcomes)}); got {', '.join(map(repr, unknown))}."
            )
        out = {}
        for o in outcomes:
            if o in value:
                out[o] = (value[o], "outcome")
            elif question(o) in value:
                out[o] = (value[question(o)], "question")
        return out
    return {o: (value, "all") for o in outcomes}


def _pct_columns(eff, alpha: float) -> dict:
    """``effect_pct, effect_low_pct, effect_high_pct`` (% of the average) and ``ci_level``."""
    level = round(100 * (1 - 2 * alpha), 6)
    if eff is None:
        return {
            "effect_pct": np.nan,
            "effect_low_pct": np.nan,
            "effect_high_pct": np.nan,
            "ci_level": level,
        }
    return {
        "effect_pct": 100 * eff.effect,
        "effect_low_pct": 100 * eff.low,
        "effect_high_pct": 100 * eff.high,
        "ci_level": level,
    }


def _person_key(panel: pd.DataFrame) -> pd.Series | str:
    """Each row's person as :func:`answers` groups them (one name when one person)."""
    if "person" in panel.columns and panel["person"].nunique() > 1:
        return panel["person"].astype(str)
    return str(panel["person"].iloc[0]) if "person" in panel and len(panel) else ""


def _negatives(panel: pd.DataFrame, outcomes: Sequence[str]) -> dict[str, dict[str, bool]]:
    """Person -> outcome -> whether that person's outcome has a negative value."""
    key = _person_key(panel)
    values = panel[list(outcomes)].apply(pd.to_numeric, errors="coerce") < 0
    if isinstance(key, str):
        return {key: {o: bool(values[o].any()) for o in outcomes}}
    anyneg = values.groupby(key.to_numpy(), sort=True).any()
    flags = anyneg[list(outcomes)].to_numpy(dtype=bool)  # one read, not a .loc per cell
    return {
        str(p): dict(zip(outcomes, map(bool, row), strict=True))
        for p, row in zip(anyneg.index, flags, strict=True)
    }


def _resolve_bounds(bound, outcomes, negative) -> dict[str, tuple[float, bool]]:
    """Outcome -> (bound, relative): a share of the average, or the outcome's own units."""
    given = _per_outcome("answers", "bound", bound, outcomes)
    out = {}
    for o in outcomes:
        if o in given:
            value, where = given[o]
            if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
                raise ValueError(
                    f"answers: bound must be a positive number (a share of the outcome's "
                    f"average, 0.25 = ±25 %); got {value!r} for {o}."
                )
            if negative[o] and where != "outcome":
                raise ValueError(
                    f"answers: {o} has negative values, so a bound as a share (%) of its "
                    f"average means nothing; give its bound in its own units under its own "
                    f"name (bound={{{o!r}: ...}}) or leave it out; got bound={bound!r}."
                )
            if not negative[o] and not value <= 5:
                raise ValueError(
                    "answers: bound is a share of the outcome's average and must be between "
                    f"0 and 5 (0.25 = ±25 %); got {value!r} for {o}."
                )
            out[o] = (float(value), not negative[o])
        elif negative[o]:
            out[o] = (np.nan, False)
        else:
            q = question(o)
            out[o] = (DEFAULT_BOUND.get(q, np.nan), True)
    return out


def _periods_of_weeks(weeks: int, unit: str) -> int:
    """Turn a horizon in weeks into periods of the panel (months: those the weeks span)."""
    if unit == "month":
        return int(np.ceil(weeks * 7 / 30.44))
    if unit == "day":
        return int(weeks) * 7
    return int(weeks)


def _resolve_horizons(
    horizon, outcomes, unit, n_periods, cycle=None
) -> dict[str, tuple[int, bool, str]]:
    """Outcome -> (horizon in periods, full, where from): ``full`` is False when shortened.

    ``cycle`` is the CRM export's measured sales cycle (``{"p80_weeks", ...}``): the revenue
    question's default horizon covers its 80th percentile when that is longer than the
    default. Where from: ``"given"``, ``"cycle"`` or ``"default"``.
    """
    given = _per_outcome("answers", "horizon", horizon, outcomes)
    longest = max(n_periods - 2 * 10 - 1, 0)  # effect_test needs 20 periods with a history
    out = {}
    for o in outcomes:
        if o in given:
            value = given[o][0]
            if isinstance(value, bool) or not float(value).is_integer() or value < 0:
                raise ValueError(
                    f"answers: horizon must be a whole number of weeks, 0 or more; got "
                    f"{value!r} for {o}."
                )
            periods = _periods_of_weeks(int(value), unit)
            if periods > longest:
                raise ValueError(
                    f"answers: a horizon of {int(value)} weeks ({periods} {unit}s) is longer "
                    f"than the data can see for {o}: {n_periods} {unit}s, at most {longest} "
                    f"{unit}s of horizon; give a shorter horizon or collect more periods."
                )
            out[o] = (periods, True, "given")
        else:
            weeks, source = DEFAULT_HORIZON.get(question(o), 4), "default"
            p80 = (cycle or {}).get("p80_weeks", np.nan)
            if question(o) == "revenue" and np.isfinite(p80) and int(np.ceil(p80)) > weeks:
                weeks, source = int(np.ceil(p80)), "cycle"
            periods = _periods_of_weeks(weeks, unit)
            out[o] = (min(periods, longest), periods <= longest, source)
    return out


#: Outcomes counted in money: their slope carries the export's currency.
MONEY_OUTCOMES = MONEY_METRICS


def panel_currency(panel: pd.DataFrame) -> str | None:
    """Return the money outcomes' currency an aligned panel carries (None when unknown).

    Examples
    --------
    >>> panel_currency(pd.DataFrame({"ssi": [50.0]})) is None
    True
    """
    return getattr(panel.attrs.get("align_report"), "currency", None)


def slope_unit(
    score: str,
    outcome: str,
    *,
    transform: str = "",
    currency: str | None = None,
    unit: str = "week",
) -> str:
    """Say what a team slope counts: the outcome's unit per score point per seller-period.

    Examples
    --------
    >>> slope_unit("ssi", "pipeline_created", currency="USD")
    'pipeline created (USD) per SSI point per seller-week'
    >>> slope_unit("ssi", "pipeline_created", transform="ppml", currency="USD")
    '% change of the expected pipeline created (USD) per SSI point per seller-week'
    >>> slope_unit("brand", "replies", transform="log1p", unit="month")
    'log(1 + replies) per brand point per seller-month (x100: about % change)'
    """
    what = str(outcome).replace("_", " ")
    if currency and outcome in MONEY_OUTCOMES:
        what += f" ({currency})"
    point = "SSI" if score == "ssi" else str(score).replace("_", " ")
    if transform == "ppml":
        return f"% change of the expected {what} per {point} point per seller-{unit}"
    if transform == "log1p":
        return f"log(1 + {what}) per {point} point per seller-{unit} (x100: about % change)"
    return f"{what} per {point} point per seller-{unit}"


def _team_people(x, y, bound, horizon, rise, alpha, moments=None) -> float | None:
    """Sellers like this one a team needs to rule ±bound out (80 % chance, no effect).

    ``moments``: :func:`_team_moments` of ``x`` and ``y`` when already computed (the
    sellers scanned together have theirs from arrays).
    """
    from ssi_analysis.stats.power import team_people_to_rule_out

    moments = _team_moments(x, y) if moments is None else moments
    if moments is None:
        return np.nan  # not planned: the sentence keeps the 1/√n guide
    weeks, score_sd, outcome_cv, phi = moments
    return team_people_to_rule_out(
        weeks=weeks,
        score_sd=score_sd,
        outcome_cv=outcome_cv,
        bound=float(bound),
        horizon=int(horizon),
        rise=float(rise),
        phi=min(max(phi, 0.0), 0.95),
        alpha=alpha,
    )


def _team_moments(x, y) -> tuple[int, float, float, float] | None:
    """Weeks, the score's SD, the outcome's CV and the score's lag-1 autocorrelation.

    What :func:`_team_people` plans from; None when it cannot (fewer than 4 scores, no
    outcome or an outcome whose mean is not above 0).
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    seen = np.isfinite(x)
    if seen.sum() < 4 or not np.isfinite(y).any() or not np.nanmean(y) > 0:
        return None
    both = seen[1:] & seen[:-1]
    # the moments over the values seen (np.nanmean / np.nanstd's numbers, to rounding,
    # without their NaN-replacing copies: this runs once per seller and outcome)
    xs, ys = x[seen], y[~np.isnan(y)]
    dev = x - xs.mean()
    phi = 0.0
    if both.any():  # lag-1 autocorrelation over the pairs of weeks both seen
        phi = float(np.mean(dev[1:][both] * dev[:-1][both]) / np.mean(dev[seen] ** 2))
    return len(x), float(xs.std()), float(ys.std() / ys.mean()), phi
