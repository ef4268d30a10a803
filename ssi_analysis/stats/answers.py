"""One answer per score and outcome: linked, ruled out, or can't tell yet — with its checks.

:func:`answers` is the single place where the kit decides what a pair of series says. The
report, the notebooks, the plots and the CSV all read its result (:class:`Answers`) instead of
re-deriving a lag, a transform or a verdict, so every figure quoted for a pair is the same.

The three answers, for one score (SSI or a pillar) and one outcome, over a scan of lags:

- **linked** — the gap-safe test (:mod:`ssi_analysis.stats.correlation`) finds a link: the
  cell's lags folded by Simes' test, the cells of one question (reach, replies, pipeline,
  revenue: :func:`ssi_analysis.questions.question`) adjusted together by Benjamini-Hochberg.
  Every "linked" is re-tested without the holiday weeks, without its single most
  influential week, and checked for a level step both series share; each check that fails
  adds a ``caveat``.
- **ruled out** — in the outcome's units: two one-sided tests (Schuirmann 1987) show that a
  sustained rise of the score (10 SSI points, 2.5 pillar points) goes with less than the
  question's smallest effect that matters over its horizon
  (:func:`~ssi_analysis.stats._core.effect_test`; defaults in :mod:`ssi_analysis.questions`).
  The diagnostic's activity → pillar answers keep the correlation scale (``scale="r"``:
  the correlation of the two series' innovations inside ±``r_bound`` at every lag, Goertzen
  & Cribbie 2010, as R TOSTER's ``TOSTr``).
- **inconclusive** — neither. The sentence gives the effect's interval: the sizes the data
  cannot exclude.

The sentences are built here as plain strings (the statistics layer may not import
:mod:`ssi_analysis.present`); they use nothing but the numbers of the row they describe.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import stats

from ssi_analysis.names import MONEY_METRICS, PILLAR_NAMES
from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON, QUESTIONS, RISE, question
from ssi_analysis.stats._core import (
    Filter,
    adjust_p,
    apply_filter,
    effect_p,
    effect_test,
    fit_filter,
    fit_outcome_filter,
    gap_share,
    pair_scan,
    pair_test,
    tost_effect,
)
from ssi_analysis.stats._series import MIN_PAIRS, lagged, regular_frame

__all__ = [
    "Answers",
    "adjust_p",
    "answers",
    "compare_verdicts",
    "forking_paths",
    "outcome_columns",
    "panel_currency",
    "seller_answers",
    "seller_note",
    "slope_unit",
    "team_answers",
    "team_scan",
    "tost_r",
    "transform_outcomes",
    "without_team_swing",
]

SCORES = ("ssi", *PILLAR_NAMES)
VERDICTS = ("linked", "ruled out", "inconclusive")
#: The columns of :attr:`Answers.table`, in order.
TABLE_COLUMNS = [
    "person",
    "score",
    "outcome",
    "question",
    "verdict",
    "lag",
    "lag_range",
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
    "r",
    "ci_low",
    "ci_high",
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
#: The columns of :attr:`Answers.lags` (one row per lag), in order.
LAG_COLUMNS = [
    "person",
    "score",
    "outcome",
    "lag",
    "r",
    "ci_low",
    "ci_high",
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
#: Year-end weeks left out by the calendar check (month, day), inclusive.
YEAR_END = ((12, 18), (1, 8))
#: A shift of this many robust standard deviations (of the shift statistic) in both series is a
#: candidate shared step; the link is then re-scanned with that step taken out of both. (A flag
#: at 5 robust SDs alone never fired on a shared step of 3 innovation SDs, which made unrelated
#: AR(0.5) series "linked" 15 % of the time.)
STEP_Z = 1.0
#: Periods averaged on each side of a candidate level shift.
STEP_WINDOW = 4
#: How many candidate weeks the influence check re-tests without (the largest ones).
INFLUENCE_CANDIDATES = 8


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
    return z1, stats.norm.sf(z1), z2, stats.norm.cdf(z2)


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


# ---------------------------------------------------------------- the result object


@dataclass(frozen=True, eq=False)
class Answers:
    """The answers of :func:`answers`: what every page of the kit shows for a pair.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per person × score × outcome (columns :data:`TABLE_COLUMNS`): ``question``
        (reach, replies, pipeline, revenue), ``verdict`` (``"linked"``, ``"ruled out"``,
        ``"inconclusive"``), the ``lag`` the row describes and ``lag_range`` (the lags whose
        own adjusted p is below α, for a link), the effect of a sustained ``rise`` of the
        score over ``horizon`` periods (``effect, effect_low, effect_high``: the 1 − 2α
        interval; ``effect_unit`` ``"share"`` of the outcome's average or ``"units"``), the
        same in % as the team's table (``effect_pct, effect_low_pct, effect_high_pct``,
        NaN for an outcome in its own units; ``ci_level`` 90: the interval the two
        one-sided tests use), the
        tested ``r`` with its 95 % ``ci_low, ci_high``, ``p``, ``p_adj`` (the cell's: Simes
        over its lags, Benjamini-Hochberg over the question's cells), ``p_tost`` (the
        equivalence p of the verdict's scale), ``bound`` (the smallest effect that matters),
        ``r_bound`` (the analyst's correlation figure), ``white_p`` (Ljung-Box of the
        score's innovations), ``r_detectable`` (80 % power at α), ``n``, ``df``,
        ``transform`` (of the outcome, for the correlation), ``unit``, ``caveat`` ("" for a
        plain answer), ``sentence``, ``test``, ``note``.
    lags : pandas.DataFrame
        Every lag behind the table (columns :data:`LAG_COLUMNS`), for lag plots and heatmaps;
        each lag's ``p_adj`` is the larger of its Hommel p within the cell and the cell's.
    transforms : mapping
        Outcome -> transform used (``"log1p"`` or ``""``).
    alpha : float
    bound : float
        The correlation figure ``r_bound`` (plots draw it on the r scale).
    bounds, horizons : mapping
        Outcome -> the smallest effect that matters and the horizon (periods) used.
    unit : str
        ``week``, ``month`` or ``day``.
    """

    table: pd.DataFrame
    lags: pd.DataFrame
    transforms: Mapping[str, str] = field(default_factory=dict)
    alpha: float = 0.05
    bound: float = 0.3
    unit: str = "week"
    bounds: Mapping[str, float] = field(default_factory=dict)
    horizons: Mapping[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "transforms", MappingProxyType(dict(self.transforms)))
        object.__setattr__(self, "bounds", MappingProxyType(dict(self.bounds)))
        object.__setattr__(self, "horizons", MappingProxyType(dict(self.horizons)))

    def pair(self, score: str, outcome: str, person: str | None = None) -> pd.Series:
        """Return the answer row of one score and outcome (of ``person`` when several)."""
        rows = self.table[(self.table["score"] == score) & (self.table["outcome"] == outcome)]
        if person is not None:
            rows = rows[rows["person"] == person]
        if len(rows) != 1:
            known = ", ".join(
                f"{s}/{o}" for s, o in zip(self.table["score"], self.table["outcome"], strict=True)
            )
            raise KeyError(
                f"Answers.pair: no single answer for score={score!r}, outcome={outcome!r}"
                + (f", person={person!r}" if person is not None else "")
                + f" ({len(rows)} rows); answered: {known or 'nothing'}"
            )
        return rows.iloc[0]

    def scan(self, score: str, outcome: str, person: str | None = None) -> pd.DataFrame:
        """Every lag of one score and outcome, as tested for the answer."""
        rows = self.lags[(self.lags["score"] == score) & (self.lags["outcome"] == outcome)]
        if person is not None:
            rows = rows[rows["person"] == person]
        return rows.reset_index(drop=True)

    def __len__(self) -> int:
        return len(self.table)

    def _repr_html_(self) -> str:
        return self.table.drop(columns=["sentence"])._repr_html_()


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


def answers(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] | None = None,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float | Mapping[str, float] | None = None,
    horizon: int | Mapping[str, int] | None = None,
    r_bound: float = 0.3,
    alpha: float = 0.05,
    holidays: Iterable | None = None,
    transform: str | None = "log1p",
    family: str = "person",
    currency: str | None = None,
    scale: str = "effect",
    _effect_panel: pd.DataFrame | None = None,
    _negative: Mapping[str, Mapping[str, bool]] | None = None,
) -> Answers:
    """Answer, for each score and outcome: linked, ruled out, or can't tell yet.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align` (one or several people), or any frame with a
        ``period`` or ``date`` column on a regular clock.
    scores : sequence of str, optional
        Default: SSI and the four pillars, those with at least 10 values.
    outcomes : sequence of str, optional
        Default: every outcome column with at least 10 values (:func:`outcome_columns`)
        except the member's own activity (:data:`ssi_analysis.questions.ACTIVITY`: posts,
        comments, invitations sent...), which are inputs of the pillars, answered by
        :func:`~ssi_analysis.stats.diagnostic.activity_links`.
    lags : iterable of int
        Lags scanned by the "linked" test (``lag=k``: the score at period t beside the
        outcome at t + k).
    bound : float or mapping, optional
        The smallest effect that matters, for "ruled out": a share of the outcome's average
        over the horizon (0.25 = ±25 %) for a :data:`~ssi_analysis.questions.RISE` of the
        score (10 SSI points, 2.5 points of a pillar). Default
        :data:`~ssi_analysis.questions.DEFAULT_BOUND` per question (reach 0.20, replies 0.20,
        pipeline 0.40, revenue 0.25; calibrated in ``docs/methods.md``). One number sets
        every question; a mapping sets questions (``{"revenue": 0.5}``) or single outcomes
        (``{"revenue_won": 0.5}``), the rest keep the default. An outcome that can be negative
        has its effect in its own units: only a bound given under its own name applies (in
        its units); without one it cannot be "ruled out".
    horizon : int or mapping, optional
        Weeks after a rise over which its effect is looked for (lags 0..horizon of a
        sustained rise). Default :data:`~ssi_analysis.questions.DEFAULT_HORIZON` per
        question (reach, replies, pipeline 4; revenue 13, a sales cycle), in the panel's
        periods (a monthly panel: the months those weeks span). One number or a mapping as
        for ``bound``. A default horizon longer than a short panel can see is shortened, and
        such an answer cannot be "ruled out" (its sentence names the horizon it covers).
    r_bound : float
        The analyst's correlation figure: with ``scale="r"`` the bound of "ruled out" on the
        correlation of the two series' innovations (the kit's verdict before effects in the
        user's units; the diagnostic still uses it). Default 0.3.
    alpha : float
        For every test: the adjusted p of "linked", each one-sided test of "ruled out", the
        intervals and the detectable size.
    holidays : iterable, optional
        Dates (the period holding each is left out) or ``(start, end)`` pairs (every period
        overlapping is left out) for the calendar check, besides the year-end weeks
        (18 December to 8 January).
    transform : {"log1p", None}
        ``"log1p"`` analyses non-negative outcomes (counts, money) on a log scale for the
        "linked" test. The effect is always on the outcome's own scale.
    family : {"person", "all"}
        The multiple-testing families: one per question (reach, replies, pipeline, revenue)
        of one person (``"person"``, default), or of every person together (``"all"``, the
        per-seller table of a team).
    currency : str, optional
        The money outcomes' currency, named in the sentences ("pipeline created (USD)").
        Default: the panel's, from the CRM export (``panel.attrs["align_report"].currency``).
    scale : {"effect", "r"}
        What "ruled out" is about: the effect in the outcome's units (default) or the
        correlation of innovations inside ±``r_bound`` at every lag (the diagnostic's
        activity → pillar answers, which have no user units).

    Returns
    -------
    Answers
        ``.table`` (one row per person × score × outcome, columns :data:`TABLE_COLUMNS`),
        ``.lags`` (every lag behind it), ``.transforms``, ``.alpha``, ``.bound`` (the
        correlation figure ``r_bound``), ``.bounds`` and ``.horizons`` (per outcome).
        ``effect, effect_low, effect_high``: a sustained ``rise`` of the score going with
        this share of the outcome's average per period over the ``horizon`` (``effect_unit``
        ``"share"``) or this many of the outcome's units (``"units"``), with the 1 − 2α
        interval that two one-sided tests use; ``r`` and its 95 % interval are the tested
        (prewhitened) correlation at ``lag``, the number ``p`` tests.

    Notes
    -----
    - **Linked**: a *cell* (score × outcome, every lag scanned) is tested by Simes' test over
      its lags (the smallest Hommel-adjusted lag p), and the cells of one question are
      adjusted together by Benjamini-Hochberg: ``p_adj < alpha``. One family per question,
      so true links in reach do not loosen revenue; folding lags into one cell is paid for
      inside the cell. Each lag's ``p_adj`` (in ``.lags``) is the larger of its Hommel p and
      its cell's adjusted p. The row shows the lag with the smallest p; ``lag_range`` the lags
      whose own ``p_adj`` is below α (one lag is named in the sentence only when it is the
      only such lag; otherwise a range, or "within the lags scanned").
    - **Ruled out** (``scale="effect"``): the 1 − 2α interval of the effect of a sustained
      ``rise`` over the horizon (:func:`~ssi_analysis.stats._core.effect_test`) lies inside
      ±``bound`` (two one-sided tests, Schuirmann 1987; the smallest effect of interest as
      in Lakens 2017), the horizon is the question's full one, and the score's innovations
      pass a Ljung-Box check of whiteness at α (the effect's standard error rests on them).
    - **Inconclusive**: otherwise. The sentence gives the effect's interval; when the
      unadjusted 95 % interval of ``r`` excludes 0, it says why that is not a link.
    - **Checks on every "linked"** (each failure adds to ``caveat``; the verdict stays):

      1. *calendar*: re-tested at the same lag without the year-end weeks and the
         ``holidays``; the caveat is added when the re-test has p ≥ α or the other sign.
      2. *influence*: re-tested without each of the weeks with the largest values or
         products (one huge deal, one spike); the caveat names the week whose removal
         leaves p ≥ α (the largest p).
      3. *levels*: where both series shift level most in the same paired week, a level step
         is taken out of both and the lags are re-scanned; the caveat is added when the pair
         is no longer linked.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate(seed=1, days=420).weekly()
    >>> result = answers(panel, scores=["ssi"], outcomes=["impressions"])
    >>> row = result.pair("ssi", "impressions")
    >>> row["verdict"] in VERDICTS, row["question"], float(row["bound"]), int(row["horizon"])
    (True, 'reach', 0.2, 4)
    """
    _check_levels("answers", alpha, r_bound, name="r_bound")
    if family not in ("person", "all"):
        raise ValueError(f"answers: family must be 'person' or 'all'; got {family!r}.")
    if scale not in ("effect", "r"):
        raise ValueError(f"answers: scale must be 'effect' or 'r'; got {scale!r}.")
    if outcomes is None:
        outcomes = [o for o in outcome_columns(panel) if question(o) != "activity"]
    lags, scores, outcomes = _columns_and_lags("answers", panel, scores, outcomes, lags)
    # Whether an outcome can be negative is judged per person: one seller's refund week
    # must not switch every other seller's effect to the outcome's own units.
    negative = _negatives(panel, outcomes) if _negative is None else _negative
    bounds = {who: _resolve_bounds(bound, outcomes, neg) for who, neg in negative.items()}
    currency = panel_currency(panel) if currency is None else currency
    cycle = getattr(panel.attrs.get("align_report"), "sales_cycle", None)
    windows = _holiday_windows(holidays)
    frame, used = transform_outcomes(panel, outcomes, transform)
    frame.attrs = {}  # pandas deep-copies attrs (the align report) at every column read
    source = panel if _effect_panel is None else _effect_panel
    raw = source[[c for c in source.columns if c in {"person", "period", "date", *outcomes}]]
    raw = raw.copy()
    raw.attrs = {}
    if "person" in frame.columns and frame["person"].nunique() > 1:
        groups = [(str(p), rows) for p, rows in frame.groupby("person", sort=True)]
        raws = dict(iter(raw.groupby(raw["person"].astype(str), sort=True)))
    else:
        who = str(frame["person"].iloc[0]) if "person" in frame and len(frame) else ""
        groups, raws = [(who, frame)], {who: raw}
    scanned = [
        _scan_person(
            rows.drop(columns=["person"], errors="ignore"),
            raw=raws[person],
            person=person,
            alpha=alpha,
            windows=windows,
            scores=scores,
            outcomes=outcomes,
            lags=lags,
            r_bound=r_bound,
            bounds=bounds[person],
            horizon=horizon,
            scale=scale,
            cycle=cycle,
        )
        for person, rows in groups
    ]
    adjusted = _family_adjust(scanned, family)
    tables, scans, unit, horizons = [], [], "period", {}
    for one, adj in zip(scanned, adjusted, strict=True):
        rows, lag_rows = _decide_person(
            one, adj, lags=lags, alpha=alpha, used=used, currency=currency, scale=scale
        )
        tables += rows
        scans += lag_rows
        unit = one["unit"]
        horizons.update(one["horizons"])
    table, scan = pd.DataFrame(tables), pd.DataFrame(scans)
    return Answers(
        table=table.reindex(columns=TABLE_COLUMNS),
        lags=scan.reindex(columns=LAG_COLUMNS),
        transforms=used,
        alpha=alpha,
        bound=r_bound,
        unit=unit,
        bounds={o: b for o, (b, _) in next(iter(bounds.values())).items()},
        horizons=horizons,
    )


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
    return {str(p): {o: bool(anyneg.loc[p, o]) for o in outcomes} for p in anyneg.index}


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


def _horizon_words(record: Mapping, cycle: Mapping | None, unit: str) -> str:
    """Say which horizon a revenue answer covers and where it came from."""
    h = int(record.get("horizon", 0))
    source = record.get("horizon_from", "")
    if source == "given":
        return f" The horizon, {h + 1} {unit}s, was set by you."
    if source == "cycle" and cycle:
        return (
            f" The horizon, {h + 1} {unit}s, covers your sales cycle: 80 % of the "
            f"{cycle['deals']} won deals in your CRM export closed within "
            f"{cycle['p80_weeks']:g} weeks of being created (median {cycle['median_weeks']:g})."
        )
    if source == "default" and record.get("question") == "revenue":
        text = f" The horizon, {h + 1} {unit}s, is the kit's default sales cycle"
        if cycle:
            return text + (
                f"; your CRM export's is shorter (80 % of {cycle['deals']} won deals closed "
                f"within {cycle['p80_weeks']:g} weeks)."
            )
        return text + " (a CRM export with create and close dates would measure yours)."
    return ""


def _scan_person(
    rows,
    *,
    raw,
    person,
    scores,
    outcomes,
    lags,
    r_bound,
    bounds,
    horizon,
    scale,
    alpha,
    windows,
    cycle=None,
) -> dict:
    """Every lag of every score and outcome of one person, and each pair's effect."""
    frame, unit = regular_frame(rows, list(dict.fromkeys([*scores, *outcomes])), who="answers")
    periods = frame.index
    # the outcomes untransformed, on the same clock (regular_frame already checked it)
    clock = pd.DatetimeIndex(
        raw["period"] if "period" in raw else raw["date"] if "date" in raw else raw.index
    )
    raw_frame = pd.DataFrame(
        {c: pd.to_numeric(raw[c], errors="coerce").to_numpy(dtype=float) for c in outcomes},
        index=clock,
    ).reindex(periods)
    # the periods a horizon can use: from the first to the last period with a score (an
    # outcome export reaching past the SSI log adds periods no effect can be read on)
    seen = np.flatnonzero(frame[list(scores)].notna().any(axis=1).to_numpy())
    span = int(seen[-1] - seen[0] + 1) if len(seen) else 0
    horizons = _resolve_horizons(horizon, outcomes, unit, span, cycle)
    pairs = []
    owns: dict[str, Filter] = {}  # each outcome's own filter, the same beside every score
    for score in scores:
        x = frame[score].to_numpy()
        filt = _filter(x)
        fx = apply_filter(filt, x) if filt.status == "ok" else None
        for outcome in outcomes:
            y = frame[outcome].to_numpy()
            if outcome not in owns:
                owns[outcome] = fit_outcome_filter(np.asarray(y, dtype=float))
            scan = scan_pair(
                x,
                y,
                lags=lags,
                bound=r_bound,
                alpha=alpha,
                filt=filt,
                x_filtered=fx,
                own=owns[outcome],
            )
            h, full, horizon_from = horizons[outcome]
            b, relative = bounds[outcome]
            effect = None
            if scale == "effect":
                effect = effect_test(
                    x,
                    raw_frame[outcome].to_numpy(dtype=float),
                    horizon=h,
                    rise=RISE.get(score, 1.0),
                    alpha=alpha,
                    relative=relative,
                    filt=filt,
                )
            # A question whose horizon is longer than the lag scan (revenue, deals won: the
            # sales cycle) is also tested for a link on the effect's own estimate: the
            # cumulative effect over the whole horizon, however it is spread over the cycle
            # (a short lag scan saw revenue 0-2.5 % of the time in the positive control).
            over = (
                effect is not None
                and effect.status == "ok"
                and h > max(lags)
                and full
                and np.isfinite(effect.white_p)
                and effect.white_p >= alpha
            )
            pairs.append(
                {
                    "score": score,
                    "outcome": outcome,
                    "x": x,
                    "y": y,
                    "y_raw": raw_frame[outcome].to_numpy(dtype=float),
                    "filt": filt,
                    "scan": scan,
                    "effect": effect,
                    "effect_p": effect_p(effect) if over else np.nan,
                    "bound": b,
                    "relative": relative,
                    "horizon": h,
                    "horizon_from": horizon_from,
                    "full": full,
                    "question": question(outcome),
                    "r_bound": r_bound,
                }
            )
    return {
        "person": person,
        "unit": unit,
        "periods": periods,
        "holiday": _holiday_mask(periods, windows),
        "pairs": pairs,
        "horizons": {o: h for o, (h, _, _) in horizons.items()},
        "cycle": cycle,
    }


def _hommel(p: np.ndarray) -> np.ndarray:
    """Hommel-adjusted p within one cell (its smallest is Simes' p of the cell); NaN kept."""
    return adjust_p(p, method="hommel")


def _family_adjust(scanned: list[dict], family: str) -> list[list[tuple[float, np.ndarray, bool]]]:
    """Per person, per pair: (the cell's adjusted p, each lag's adjusted p, by the effect).

    A cell's p is Simes' over its lags (the smallest Hommel p). Where the pair has the
    effect's own two-sided p instead (a horizon longer than the lag scan: revenue and deals
    won arrive over the sales cycle), the cell's p is that one: "linked" and "ruled out"
    then rest on one estimate, the cumulative effect over the horizon (``by the effect``).
    Cells are adjusted by Benjamini-Hochberg within each question — of one person, or of
    everyone (``family="all"``). A lag's adjusted p is the larger of its Hommel p and its
    cell's.
    """
    cells = []  # (person index, pair index, question, cell p, hommel lag ps, by effect)
    for i, one in enumerate(scanned):
        for j, pair in enumerate(one["pairs"]):
            lag_p = _hommel(np.asarray(pair["scan"]["p"], dtype=float))
            simes = float(np.nanmin(lag_p)) if np.isfinite(lag_p).any() else np.nan
            p_eff = float(pair.get("effect_p", np.nan))
            by_effect = bool(np.isfinite(p_eff))
            cells.append((i, j, pair["question"], p_eff if by_effect else simes, lag_p, by_effect))
    out = [[None] * len(one["pairs"]) for one in scanned]
    keys = {(c[0] if family == "person" else 0, c[2]) for c in cells}
    for key in keys:
        members = [c for c in cells if (c[0] if family == "person" else 0, c[2]) == key]
        adj = adjust_p(np.array([c[3] for c in members]))
        for c, a in zip(members, adj, strict=True):
            out[c[0]][c[1]] = (float(a), np.fmax(c[4], a), c[5])
    return out


def _lag_range(
    lags: Sequence[int],
    lag_adj: np.ndarray,
    alpha: float,
    scan: Mapping | None = None,
    best: int | None = None,
) -> str:
    """Name the lags a link cannot be told apart from: "2" or "1 to 3" ("" when none).

    The lags whose own adjusted p is below α, widened (given the ``scan`` and the ``best``
    lag's index) by every lag whose correlation is not detectably different from the best
    one's: Fisher's z of the two within t(1 − α/2)·√(1/(n_best − 3) + 1/(n_k − 3)), as the
    team's answer does with its slopes. A persistent score with a same-week link and an
    AR(2) outcome once had "3 weeks later" said as a fact in about a quarter of its "linked"
    answers (the lag named right in 72.7 %).
    """
    hit = [k for k, p in zip(lags, lag_adj, strict=True) if np.isfinite(p) and p < alpha]
    if not hit:
        return ""
    if scan is not None and best is not None:
        r = np.clip(np.asarray(scan["r"], dtype=float), -0.999, 0.999)
        n = np.asarray(scan["n"], dtype=float)
        z, var = np.arctanh(r), 1.0 / np.maximum(n - 3, 1.0)
        crit = stats.norm.ppf(1 - alpha / 2)
        with np.errstate(invalid="ignore"):
            near = np.abs(z[best] - z) <= crit * np.sqrt(var[best] + var)
        hit = sorted({*hit, *(lags[k] for k in np.flatnonzero(near))})
    return str(hit[0]) if len(hit) == 1 else f"{min(hit)} to {max(hit)}"


def _decide_person(scanned, adjusted, *, lags, alpha, used, currency=None, scale="effect"):
    """Verdicts of one person's pairs, given their family-adjusted p-values.

    Returns the records of the answers and of every lag behind them.
    """
    person, unit, periods = scanned["person"], scanned["unit"], scanned["periods"]
    out_rows, lag_rows = [], []
    for pair, (cell_adj, lag_adj, by_effect) in zip(scanned["pairs"], adjusted, strict=True):
        score, outcome, x, y = pair["score"], pair["outcome"], pair["x"], pair["y"]
        filt, scan, eff = pair["filt"], pair["scan"], pair["effect"]
        p = np.asarray(scan["p"], dtype=float)
        strongest = int(np.lexsort((np.arange(len(p)), np.nan_to_num(p, nan=2.0)))[0])
        p_r = np.asarray(scan["p_tost"], dtype=float)
        p_r_iu = float(np.max(p_r)) if np.all(np.isfinite(p_r)) else np.nan
        white_p = eff.white_p if eff is not None else np.nan
        if scale == "effect":
            p_tost = tost_effect(eff, pair["bound"]) if eff.status == "ok" else np.nan
            can_rule = pair["full"] and np.isfinite(white_p) and white_p >= alpha
        else:
            p_tost, can_rule = p_r_iu, True
        index = strongest
        if np.isfinite(cell_adj) and cell_adj < alpha:
            verdict = "linked"
        elif can_rule and np.isfinite(p_tost) and p_tost < alpha:
            verdict = "ruled out"
            if scale == "r":
                index = int(np.argmax(p_r))
        else:
            verdict = "inconclusive"
        caveats = []
        effect_tested, by_effect = by_effect, by_effect and verdict == "linked"
        if by_effect:
            caveats = _effect_robustness(
                x,
                pair["y_raw"],
                eff=eff,
                horizon=pair["horizon"],
                rise=RISE.get(score, 1.0),
                relative=pair["relative"],
                alpha=alpha,
                filt=filt,
                periods=periods,
                holiday=scanned["holiday"],
                unit=unit,
            )
        elif verdict == "linked":
            caveats = robustness(
                x,
                y,
                lag=lags[index],
                alpha=alpha,
                filt=filt,
                periods=periods,
                holiday=scanned["holiday"],
                unit=unit,
                score=score,
                outcome=outcome,
                lags=lags,
            )
        has_effect = eff is not None and eff.status == "ok"
        record = {
            "person": person,
            "score": score,
            "outcome": outcome,
            "question": pair["question"],
            "verdict": verdict,
            "lag": lags[index],
            "lag_range": (
                f"0 to {pair['horizon']}"
                if by_effect
                else _lag_range(lags, lag_adj, alpha, scan, index)
                if verdict == "linked"
                else ""
            ),
            "effect": eff.effect if has_effect else np.nan,
            "effect_low": eff.low if has_effect else np.nan,
            "effect_high": eff.high if has_effect else np.nan,
            "effect_unit": ("share" if pair["relative"] else "units") if eff is not None else "",
            # one unit for the page and the export, the same as the team's: % of the
            # outcome's average, with the (1 − 2α) interval the two one-sided tests use
            **_pct_columns(eff if has_effect and pair["relative"] else None, alpha),
            "rise": RISE.get(score, 1.0),
            "horizon": pair["horizon"],
            "horizon_from": pair["horizon_from"],
            **{k: scan[k][index] for k in ("r", "ci_low", "ci_high", "p", "r_detectable")},
            "p_adj": cell_adj,
            "p_tost": p_tost,
            "bound": pair["bound"] if scale == "effect" else pair["r_bound"],
            "r_bound": pair["r_bound"],
            "white_p": white_p,
            "n": int(scan["n"][index]),
            "df": float(scan["df"][index]),
            "transform": used.get(outcome, ""),
            "unit": unit,
            "caveat": "; ".join(caveats),
            "test": scan["test"][index],
            "note": scan["note"][index] or (eff.note if eff is not None else ""),
        }
        if scale == "effect" and has_effect and pair["relative"]:
            record["team_people"] = _team_people(
                x, pair["y_raw"], pair["bound"], pair["horizon"], RISE.get(score, 1.0), alpha
            )
        record["sentence"] = sentence(
            record,
            alpha=alpha,
            lags=lags,
            inside=bool(np.isfinite(p_r_iu) and p_r_iu < alpha),
            currency=currency,
            full=pair["full"],
            tests=len(lags) * sum(p["question"] == pair["question"] for p in scanned["pairs"]),
            by_effect=effect_tested,
        )
        if scale == "effect" and np.isfinite(record["effect"]):
            record["sentence"] += _horizon_words(record, scanned.get("cycle"), unit)
        out_rows.append(record)
        for i, k in enumerate(lags):
            lag_rows.append(
                {
                    "person": person,
                    "score": score,
                    "outcome": outcome,
                    "lag": k,
                    **{c: scan[c][i] for c in ("r", "ci_low", "ci_high", "p", "r_detectable")},
                    "p_adj": lag_adj[i],
                    "p_tost": scan["p_tost"][i],
                    "n": int(scan["n"][i]),
                    "df": float(scan["df"][i]),
                    "transform": used.get(outcome, ""),
                    "unit": unit,
                    "test": scan["test"][i],
                    "note": scan["note"][i],
                }
            )
    return out_rows, lag_rows


# ---------------------------------------------------------------- array-level pieces


def scan_pair(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lags: Sequence[int],
    bound: float = 0.3,
    alpha: float = 0.05,
    filt=None,
    x_filtered: np.ndarray | None = None,
    own: Filter | None = None,
) -> dict[str, np.ndarray]:
    """Test one pair of aligned arrays at every lag: the gap-safe test and the TOST per lag.

    Returns a dict of arrays (one entry per lag): ``r, ci_low, ci_high, p, df, n,
    r_detectable, p_tost`` and lists ``status, note, test``. ``x_filtered`` (x through its
    filter) and ``own`` (y's own filter) may be passed when already computed.
    """
    filt = _filter(x) if filt is None else filt
    # pair_test at every lag, with the work that does not depend on the lag done once (x and
    # y filtered here unless given)
    scan = pair_scan(x, y, lags, alpha=alpha, filt=filt, x_filtered=x_filtered, own=own)
    out = {
        c: np.asarray(scan[c], dtype=float)
        for c in ("r", "ci_low", "ci_high", "p", "df", "n", "r_detectable")
    }
    for c in ("status", "note", "test"):
        out[c] = scan[c]
    # "Inside ±bound" is tested on the same r: the correlation of the two series' *own*
    # innovations (each prewhitened with its own filter, see _core.filter_outcome). x's gaps
    # leave a share of the link visible (gap_share): the bound is scaled by it.
    share = gap_share(filt, np.asarray(x, dtype=float)) if filt.status == "ok" else np.nan
    _, p1, _, p2 = tost_r(out["r"], out["df"], bound=bound * share if share > 0 else np.nan)
    valid = np.isfinite(out["r"]) & (out["df"] > 2)
    out["p_tost"] = np.where(valid, np.maximum(p1, p2), np.nan)
    return out


def answer_pair(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lags: Sequence[int] = range(0, 5),
    bound: float = 0.3,
    alpha: float = 0.05,
    periods: pd.DatetimeIndex | None = None,
    holidays: Iterable | None = None,
) -> dict:
    """Answer for one pair of aligned arrays, its lag scan being the whole family.

    The array-level core of :func:`answers` for one cell on the correlation scale
    (``scale="r"``: "ruled out" when every lag's correlation of innovations is inside
    ±``bound``); its "linked" is that of :func:`answers` for a one-cell family (BH across the
    lags rejects exactly when Simes does). The simulations of the test suite call it.
    ``periods`` (the clock of ``x`` and ``y``) is needed for the calendar check.

    Returns
    -------
    dict
        ``verdict``, ``lag``, ``r``, ``p``, ``p_adj``, ``p_tost``, ``caveats`` (list of str).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=150)
    >>> answer_pair(x, 0.6 * x + rng.normal(size=150))["verdict"]
    'linked'
    """
    lags = [_check_lag(k, "answer_pair") for k in lags]
    filt = _filter(x)
    scan = scan_pair(x, y, lags=lags, bound=bound, alpha=alpha, filt=filt)
    p_adj = adjust_p(scan["p"])
    decision = decide(scan, p_adj, bound=bound, alpha=alpha)
    i = decision["index"]
    caveats = []
    if decision["verdict"] == "linked":
        holiday = None
        if periods is not None:
            holiday = _holiday_mask(periods, _holiday_windows(holidays, "answer_pair"))
        caveats = robustness(
            x, y, lag=lags[i], alpha=alpha, filt=filt, periods=periods, holiday=holiday, lags=lags
        )
    return {
        "verdict": decision["verdict"],
        "lag": lags[i],
        "r": float(scan["r"][i]),
        "p": float(scan["p"][i]),
        "p_adj": float(p_adj[i]),
        "p_tost": decision["p_tost"],
        "caveats": caveats,
    }


def decide(scan: Mapping, p_adj: np.ndarray, *, bound: float = 0.3, alpha: float = 0.05) -> dict:
    """Decide the verdict of one scanned pair, given its family-adjusted p-values.

    Returns ``verdict``, ``index`` (the position of the lag the answer shows), ``p_tost``
    (intersection-union: the largest per-lag TOST p, NaN if a lag has no valid test) and
    ``inside`` (whether every lag is inside ±bound at α).

    Examples
    --------
    >>> scan = {"p": np.array([0.5, 0.001]), "p_tost": np.array([0.01, 0.2])}
    >>> decide(scan, np.array([0.5, 0.002]))["verdict"], decide(scan, np.array([0.5, 0.9]))
    ('linked', {'verdict': 'inconclusive', 'index': 0, 'p_tost': 0.2, 'inside': False})
    """
    p, p_tost = np.asarray(scan["p"], float), np.asarray(scan["p_tost"], float)
    p_iu = float(np.max(p_tost)) if np.all(np.isfinite(p_tost)) else np.nan
    inside = bool(p_iu < alpha)
    order = np.lexsort(
        (np.arange(len(p)), np.nan_to_num(p, nan=2.0), np.nan_to_num(p_adj, nan=2.0))
    )
    strongest = int(order[0])
    if np.isfinite(p_adj[strongest]) and p_adj[strongest] < alpha:
        verdict, index = "linked", strongest
    elif inside:
        verdict, index = "ruled out", int(np.argmax(p_tost))
    else:
        verdict, index = "inconclusive", strongest
    return {"verdict": verdict, "index": index, "p_tost": p_iu, "inside": inside}


def robustness(
    x: np.ndarray,
    y: np.ndarray,
    *,
    lag: int,
    alpha: float = 0.05,
    filt=None,
    periods: pd.DatetimeIndex | None = None,
    holiday: np.ndarray | None = None,
    unit: str = "week",
    score: str = "ssi",
    outcome: str = "the outcome",
    lags: Sequence[int] | None = None,
) -> list[str]:
    """Check a "linked" pair at its lag: calendar, influence, shared level step.

    ``holiday`` marks the periods the calendar check leaves out (from
    :func:`holiday_mask`); ``periods`` names weeks in the caveats; ``lags``, the lags the
    verdict scanned, are re-scanned (BH-adjusted) without a shared step. Returns a list of
    caveat texts, empty when every check passes.
    """
    filt = _filter(x) if filt is None else filt
    base = _pair_test(x, y, lag, alpha, filt)
    caveats = []
    if holiday is not None and holiday.any():
        xh, yh = np.where(holiday, np.nan, x), np.where(holiday, np.nan, y)
        if np.isfinite(xh).sum() and np.isfinite(yh).sum():
            again = _pair_test(xh, yh, lag, alpha, filt)
            if not again["p"] < alpha or np.sign(again["r"]) != np.sign(base["r"]):
                caveats.append(
                    "the link rests on holiday weeks (year-end, and any you listed), when "
                    "everyone is away and both series dip: without them " + _fmt_p(again["p"])
                )
    worst = _most_influential(x, y, lag=lag, alpha=alpha, filt=filt)
    if worst is not None and not worst[1] < alpha:
        caveats.append(
            f"the link rests on one {unit}: without {_period_name(periods, worst[0], unit)} "
            f"{_fmt_p(worst[1])}"
        )
    step = _shared_step(x, y, lag)
    if step is not None:
        step = _best_shared_step(x, lagged(y, lag), step)
        # re-scan with the step taken out of both series (x at t, y at t + lag): is the pair
        # still linked, by the rule that made it linked (BH across the lags scanned)?
        xs, ys = _without_step(x, step), _without_step(y, step + lag)
        scanned = [lag] if lags is None else list(lags)
        tests = pair_scan(xs, ys, scanned, alpha=alpha)  # pair_test at each lag, one fit
        p_adj = adjust_p(tests["p"])
        again = {k: tests[k][scanned.index(lag) if lag in scanned else 0] for k in ("p", "r")}
        still = np.isfinite(p_adj).any() and np.nanmin(p_adj) < alpha
        if not still or np.sign(again["r"]) != np.sign(base["r"]):
            when = _period_name(periods, step, unit)
            caveats.append(
                f"{_label(score)} and {_label(outcome)} both jumped to a new level "
                + (f"in {when}" if lag == 0 else f"{abs(lag)} {unit}s apart, from {when}")
                + " (a team change? a new territory?): the link may be that one shared step; "
                "without it " + _fmt_p(again["p"])
            )
    return caveats


def _effect_robustness(
    x, y, *, eff, horizon, rise, relative, alpha, filt, periods, holiday, unit
) -> list[str]:
    """Check a link found on the effect over the horizon: calendar and one huge week.

    The effect is estimated again without the holiday weeks (year-end and ``holidays``) and
    without the outcome's largest week (one huge deal); a re-estimate whose two-sided p is
    α or more, or whose sign flips, adds a caveat.
    """
    out = []
    y = np.asarray(y, dtype=float)
    checks = []
    if holiday is not None and np.any(holiday & np.isfinite(y)):
        checks.append(("calendar", np.where(holiday, np.nan, y)))
    if np.isfinite(y).any():
        top = int(np.nanargmax(y))
        checks.append(("influence", top))
    for kind, value in checks:
        if kind == "influence":
            y2 = y.copy()
            y2[value] = np.nan
        else:
            y2 = value
        res = effect_test(
            x, y2, horizon=horizon, rise=rise, alpha=alpha, relative=relative, filt=filt
        )
        p = effect_p(res)
        if np.isfinite(p) and p < alpha and np.sign(res.effect) == np.sign(eff.effect):
            continue
        if kind == "calendar":
            out.append(
                "the link is not clear without the year-end and holiday weeks "
                f"({_fmt_p(p)} without them)"
            )
        else:
            out.append(
                f"the link rests on {_period_name(periods, value, unit)}, the largest "
                f"{unit} of the outcome ({_fmt_p(p)} without it)"
            )
    return out


def _step_ssr(v: np.ndarray, t: int) -> float:
    """Share of v's variance about its line left after a level step at t (1 = no help)."""
    seen = np.isfinite(v)
    index = np.arange(len(v), dtype=float)
    line = np.column_stack([np.ones(len(v)), index])[seen]
    design = np.column_stack([line, (index >= t)[seen]])
    ssr = [np.linalg.lstsq(d, v[seen], rcond=None)[1] for d in (design, line)]
    if not all(len(a) for a in ssr) or not ssr[1][0] > 0:
        return 1.0
    return float(ssr[0][0] / ssr[1][0])


def _best_shared_step(x: np.ndarray, yl: np.ndarray, near: int) -> int:
    """Period within STEP_WINDOW of ``near`` where one level step in both series fits best."""
    lo, hi = max(near - STEP_WINDOW, 1), min(near + STEP_WINDOW, len(x) - 1)
    fits = {t: _step_ssr(x, t) + _step_ssr(yl, t) for t in range(lo, hi + 1)}
    return min(fits, key=fits.get)


def _without_step(v: np.ndarray, t: int) -> np.ndarray:
    """``v`` with a level step at period ``t`` removed (least squares beside a line; NaN kept)."""
    seen = np.isfinite(v)
    index = np.arange(len(v), dtype=float)
    after = (index >= t).astype(float)
    if not 0 < after[seen].sum() < seen.sum():
        return v
    design = np.column_stack([np.ones(len(v)), index, after])
    coef, *_ = np.linalg.lstsq(design[seen], v[seen], rcond=None)
    return v - coef[2] * after


def _most_influential(x, y, *, lag, alpha, filt) -> tuple[int, float] | None:
    """Re-test without each candidate week; return (period of x, p) of the largest p.

    Candidates: the pairs with the largest |product| of standardized changes, and the largest
    |outcome| values (one huge deal). Leave-one-out over every week would need a test per
    week; the candidates are where one week can carry a correlation.
    """
    yl = lagged(y, lag)
    both = np.isfinite(x) & np.isfinite(yl)
    if both.sum() <= MIN_PAIRS:
        return None

    def z(v):
        v = np.where(both, v, np.nan)
        if np.isfinite(v).sum() < 2:
            return np.zeros_like(v)
        sd = np.nanstd(v)
        return (v - np.nanmean(v)) / sd if sd > 0 else np.zeros_like(v)

    dx, dy = np.diff(x, prepend=np.nan), np.diff(yl, prepend=np.nan)
    scores_ = [np.abs(z(x) * z(yl)), np.abs(z(dx) * z(dy)), np.abs(z(yl)), np.abs(z(dy))]
    candidates = []
    for s in scores_:
        s = np.nan_to_num(s, nan=-1.0)
        candidates += list(np.argsort(-s, kind="stable")[: INFLUENCE_CANDIDATES // 4 + 1])
    worst = None
    for t in dict.fromkeys(int(c) for c in candidates):
        xs, ys = x.copy(), y.copy()
        xs[t] = np.nan
        if 0 <= t + lag < len(ys):
            ys[t + lag] = np.nan
        p = _pair_test(xs, ys, lag, alpha, filt)["p"]
        p = 1.0 if not np.isfinite(p) else p
        if worst is None or p > worst[1]:
            worst = (t, float(p))
    return worst


def _shared_step(x, y, lag) -> int | None:
    """Period t where x and y (at t + lag) both shift level most, each beyond STEP_Z robust SDs.

    The shift at t is the mean of the ``STEP_WINDOW`` periods from t on minus the mean of the
    ``STEP_WINDOW`` periods before, standardized by its own median and MAD over the series
    (hand-written: no library in the stack has a joint change-point check this simple). A
    one-week spike moves it by a quarter of its size only; a random walk's drift moves it
    everywhere, so its MAD absorbs it.
    """
    zx, zy = _step_z(x), _step_z(lagged(y, lag))
    both = np.fmin(np.abs(zx), np.abs(zy))
    both = np.where(np.isfinite(both), both, 0.0)
    t = int(np.argmax(both))
    return t if both[t] > STEP_Z else None


def _step_z(v: np.ndarray) -> np.ndarray:
    from numpy.lib.stride_tricks import sliding_window_view

    w, n = STEP_WINDOW, len(v)
    out = np.full(n, np.nan)
    if n < 2 * w + MIN_PAIRS:
        return out
    windows = sliding_window_view(v, w)  # windows[i] = v[i : i + w]
    counts = np.isfinite(windows).sum(axis=1)
    with np.errstate(invalid="ignore"):
        means = np.where(
            counts >= w // 2, np.nansum(windows, axis=1) / np.maximum(counts, 1), np.nan
        )
    out[w : n - w + 1] = means[w:] - means[: n - 2 * w + 1]  # after t minus before t
    ok = np.isfinite(out)
    if ok.sum() < MIN_PAIRS:
        return np.full(n, np.nan)
    center = np.median(out[ok])
    scale = 1.4826 * np.median(np.abs(out[ok] - center))
    scale = scale if scale > 0 else np.std(out[ok])
    return (out - center) / scale if scale > 0 else np.full(n, np.nan)


# ---------------------------------------------------------------- teams

TEAM_COLUMNS = [
    "outcome",
    "score",
    "verdict",
    "lag",
    "lag_low",
    "lag_high",
    "window",
    "window_weight",
    "slope",
    "ci_low",
    "ci_high",
    "slope_unit",
    "rise",
    "effect",
    "effect_low",
    "effect_high",
    "tost_low",
    "tost_high",
    "effect_pct",
    "effect_low_pct",
    "effect_high_pct",
    "ci_level",
    "r",
    "r_low",
    "r_high",
    "p",
    "p_adj",
    "p_tost",
    "bound",
    "question",
    "people",
    "n_obs",
    "unit",
    "between_r",
    "between_p",
    "between_p_adj",
    "pooled_r",
    "transform",
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
    "slope",
    "ci_low",
    "ci_high",
    "b",
    "se",
    "rise",
    "effect",
    "effect_low",
    "effect_high",
    "tost_low",
    "tost_high",
    "r",
    "r_low",
    "r_high",
    "p",
    "p_adj",
    "p_tost",
    "bound",
    "question",
    "people",
    "n_obs",
    "between_r",
    "between_p",
    "between_p_adj",
    "pooled_r",
    "transform",
    "note",
]
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


def _outcome_label(outcome: str, currency: str | None) -> str:
    """Name an outcome, with the currency of a money outcome: "pipeline created (USD)"."""
    what = _label(outcome)
    return f"{what} ({currency})" if currency and outcome in MONEY_OUTCOMES else what


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


#: The team transforms: ``ppml`` (counts and money: Poisson pseudo-ML, the % change of the
#: expected value), ``log1p`` (least squares on log(1 + y), kept for comparison) and None.
TEAM_TRANSFORMS = ("ppml", "log1p", None)


def _team_bound(who: str, bound, outcome: str) -> float:
    """Return the smallest effect that matters for ``outcome`` (a fraction per RISE)."""
    from ssi_analysis.questions import DEFAULT_BOUND, question

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


def _check_team_args(who: str, alpha: float, transform) -> None:
    if not 0 < alpha < 0.5:
        raise ValueError(f"{who}: alpha must be between 0 and 0.5; got {alpha!r}.")
    if transform not in TEAM_TRANSFORMS:
        raise ValueError(f"{who}: transform must be 'ppml', 'log1p' or None; got {transform!r}.")


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
) -> pd.DataFrame:
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
    pandas.DataFrame
        Columns :data:`TEAM_COLUMNS`, one row per score × outcome: ``verdict``, ``lag``,
        ``lag_low, lag_high`` (the lags the named one cannot be told from; equal when the
        data singles it out), the within ``slope`` with its (1 − α) interval ``ci_low,
        ci_high`` in ``slope_unit``; ``rise`` and ``effect`` (% change of the outcome per
        rise) with ``effect_low, effect_high`` ((1 − α) interval) and ``tost_low,
        tost_high`` (the (1 − 2α) interval the equivalence test uses), ``effect_pct,
        effect_low_pct, effect_high_pct`` and ``ci_level`` (the effect and that (1 − 2α)
        interval, in % as in the one-person table), ``r`` with ``r_low,
        r_high``, ``p``, ``p_adj``, ``p_tost``, ``bound`` (fraction per rise), ``question``,
        ``people``, ``n_obs``, ``unit``; ``between_r, between_p, between_p_adj``;
        ``pooled_r``; ``transform``; ``sentence``, ``between_sentence``, ``note``.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=140, people=8).weekly()
    >>> scan = team_scan(panel, scores=["ssi"], outcomes=["replies"], lags=[0, 1])
    >>> out = team_answers(panel, scan=scan)
    >>> out.loc[0, "verdict"] in VERDICTS, list(out.columns[:4]), len(scan)  # 2 lags + window
    (True, ['outcome', 'score', 'verdict', 'lag'], 3)
    """
    _check_team_args("team_answers", alpha, transform)
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
    if scan.empty:
        return pd.DataFrame(columns=TEAM_COLUMNS)
    currency = panel_currency(panel) if currency is None else currency
    unit = _panel_unit(panel)
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
    # one unit with the one-person table: % with the (1 − 2α) interval the TOST uses
    out["effect_pct"] = out["effect"]
    out["effect_low_pct"], out["effect_high_pct"] = out["tost_low"], out["tost_high"]
    out["ci_level"] = round(100 * (1 - 2 * alpha), 6)
    out["slope_unit"] = [
        slope_unit(s, o, transform=t, currency=currency, unit=unit)
        for s, o, t in zip(out["score"], out["outcome"], out["transform"], strict=True)
    ]
    records = out.to_dict("records")
    out["sentence"] = [_team_sentence(row, alpha, currency) for row in records]
    out["between_sentence"] = [_between_sentence(row, alpha, currency) for row in records]
    return out.reindex(columns=TEAM_COLUMNS)


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
        crit = stats.t.ppf(1 - alpha / 2, max(int(row["people"]) - 1, 1))
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
            cum["effect"],
            cum["tost_low"],
            cum["tost_high"],
        )
        if not np.isfinite(p_iu) and cum.get("note"):
            row["note"] = "; ".join(dict.fromkeys(filter(None, [row.get("note"), cum["note"]])))
    row["lags_tested"] = _lag_span(lagged) if len(lagged) else f"0-{h}"
    row["verdict"] = verdict
    return row


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
        ``slope`` (``ci_low, ci_high``), ``b`` and ``se`` (the slope on the model's own
        scale, log for ``ppml`` and ``log1p``, and its clustered standard error), ``rise``,
        ``effect`` (``effect_low, effect_high``,
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
    """Run :func:`team_scan`; errors name ``who``, the public function the user called."""
    from ssi_analysis.questions import RISE, is_activity, question
    from ssi_analysis.stats.team import _by_period, ppml_fit, team_effect, window_regressor

    _check_team_args(who, alpha, transform)
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
    windows: dict[tuple[str, int], tuple[np.ndarray, float]] = {}  # (score, H) -> m, weight
    rows = []
    for o, outcome in enumerate(outcomes):
        ppml = transform == "ppml" and used.get(outcome) == "log1p"
        kind = "ppml" if ppml else used.get(outcome, "")
        horizon, cycle = _question_horizon(outcome)
        # A sales-cycle outcome (revenue, deals won) is tested on its cumulative effect
        # only; the others lag by lag for "linked", and on the cumulative effect over their
        # horizon for "ruled out".
        own_lags = [] if cycle else list(lags)
        for lag in own_lags:  # scores innermost: they share rows, so team_effect reuses solves
            column = outcome
            if lag:
                column = f"{outcome} at lag {lag}"  # not an identifier: no panel column has it
                frame[column] = _by_period(frame, outcome, int(lag))
            y_raw = warm = None
            if ppml:
                frame["_raw"] = raw[outcome].to_numpy()
                y_raw = _by_period(frame, "_raw", int(lag)) if lag else frame["_raw"].to_numpy()
                warm = np.full(len(frame), np.nan)  # each score's fit starts from the last's
            for k, score in enumerate(scores):
                if ppml:
                    x = frame[score].to_numpy(float)
                    ok = np.isfinite(x) & np.isfinite(y_raw)
                    fit = ppml_fit(people[ok], tcodes[ok], x[ok], y_raw[ok], start=warm[ok])
                    warm[ok] = np.where(np.isfinite(fit["eta"]), fit["eta"], warm[ok])
                    row = _ppml_lag_row(fit, score, outcome, lag, alpha=alpha)
                    row |= _between_pooled_arrays(people, x, frame[column].to_numpy(float))
                else:
                    result = team_effect(frame, x=score, y=column, lag=0, alpha=alpha)
                    row = _team_lag_row(result, score, outcome, lag, alpha=alpha)
                    row |= _between_pooled(result)
                rise = RISE.get(score, 1.0)
                row |= _effect_columns(
                    row, kind, rise, bounds[outcome], alpha, frame[column] if kind == "" else None
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
        y_raw = raw[outcome].to_numpy() if ppml else frame[outcome].to_numpy(float)
        warm = np.full(len(frame), np.nan)
        for k, score in enumerate(scores):
            if (score, horizon) not in windows:
                windows[score, horizon] = window_regressor(
                    people, stamps, frame[score].to_numpy(float), horizon
                )
            m, weight = windows[score, horizon]
            if ppml:
                ok = np.isfinite(m) & np.isfinite(y_raw)
                fit = ppml_fit(people[ok], tcodes[ok], m[ok], y_raw[ok], start=warm[ok])
                warm[ok] = np.where(np.isfinite(fit["eta"]), fit["eta"], warm[ok])
                row = _ppml_lag_row(fit, score, outcome, 0, alpha=alpha)
                row |= _between_pooled_arrays(people, m, frame[outcome].to_numpy(float))
            else:
                frame["_window"] = m
                result = team_effect(frame, x="_window", y=outcome, lag=0, alpha=alpha)
                row = _team_lag_row(result, score, outcome, 0, alpha=alpha)
                row |= _between_pooled(result)
            if not np.isfinite(m).any():
                row["note"] = "; ".join(
                    filter(
                        None,
                        [
                            row.get("note") or "",
                            f"the data are shorter than the {question(outcome)} horizon "
                            f"({horizon + 1} periods with the score seen in at least half "
                            "are needed)",
                        ],
                    )
                )
            row |= _effect_columns(
                row,
                kind,
                RISE.get(score, 1.0),
                bounds[outcome],
                alpha,
                frame[outcome] if kind == "" else None,
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
    for _, index in scan.groupby("question", sort=False).groups.items():
        scan.loc[index, "p_adj"] = adjust_p(scan.loc[index, "p"].to_numpy(float))
        scan.loc[index, "between_p_adj"] = adjust_p(scan.loc[index, "between_p"].to_numpy(float))
    return scan.reindex(columns=TEAM_LAG_COLUMNS)


def _question_horizon(outcome: str) -> tuple[int, bool]:
    """Return an outcome's horizon H (lags 0..H) and whether it is a sales-cycle outcome.

    Revenue and deals won arrive over the sales cycle
    (:data:`~ssi_analysis.questions.DEFAULT_HORIZON`: 13 weeks): a team tests them on the
    cumulative effect over lags 0..H alone ("linked" and "ruled out"); the other questions
    are scanned lag by lag for "linked" and tested on their cumulative effect over their
    own horizon (4 weeks) for "ruled out".

    Examples
    --------
    >>> _question_horizon("revenue_won"), _question_horizon("replies")
    ((13, True), (4, False))
    """
    from ssi_analysis.questions import DEFAULT_HORIZON, question

    horizon = DEFAULT_HORIZON.get(question(outcome), 0)
    short = max(DEFAULT_HORIZON.get(q, 0) for q in ("reach", "replies", "pipeline"))
    return int(horizon), horizon > short


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
        "effect": np.nan,
        "effect_low": np.nan,
        "effect_high": np.nan,
        "tost_low": np.nan,
        "tost_high": np.nan,
        "p_tost": np.nan,
    }
    if not (np.isfinite(b) and np.isfinite(se) and se > 0 and people > 2):
        return nan
    df = people - 1
    half, half90 = stats.t.ppf(1 - alpha / 2, df) * se, stats.t.ppf(1 - alpha, df) * se
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
    p1 = stats.t.sf((b - low) / se, df)
    p2 = stats.t.cdf((b - high) / se, df)
    return {
        "rise": rise,
        "effect": float(pct(b)),
        "effect_low": float(pct(b - half)),
        "effect_high": float(pct(b + half)),
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


def _between_pooled(result) -> dict:
    effects = result.set_index("effect")
    between = effects.loc["between"]
    return {
        "between_r": between["r"],
        "between_p": between["p"],
        "pooled_r": effects.loc["pooled", "r"],
    }


def _between_pooled_arrays(person: np.ndarray, x: np.ndarray, y: np.ndarray) -> dict:
    """Return the between and pooled rows of :func:`team_effect`, from arrays.

    The same rows as team_effect uses (both values present, people with two or more), with
    no frame to copy and sort: a tenth of a 500-seller report went to team_effect's.
    """
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
        fit = stats.linregress(a, b)
        return float(fit.rvalue), float(fit.pvalue)

    between_r, between_p = pearson(mx, my)
    return {"between_r": between_r, "between_p": between_p, "pooled_r": pearson(x, y)[0]}


def _ppml_lag_row(fit, score, outcome, lag, *, alpha) -> dict:
    """One lag of one pair from the Poisson fit: % per score point, its interval, r."""
    people = int(fit["people"])
    b, se = fit["b"], fit["se"]
    ok = people > 2 and np.isfinite(se) and se > 0
    df = max(people - 1, 1)
    half = stats.t.ppf(1 - alpha / 2, df) * se if ok else np.nan
    p = float(2 * stats.t.sf(abs(b / se), df)) if ok else np.nan
    scale = fit["r_scale"]
    return {
        "outcome": outcome,
        "score": score,
        "lag": int(lag),
        "slope": 100 * np.expm1(b),
        "ci_low": 100 * np.expm1(b - half),
        "ci_high": 100 * np.expm1(b + half),
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


def _team_lag_row(result, score, outcome, lag, *, alpha) -> dict:
    """One lag of one pair from the least-squares within effect: slope, intervals, r."""
    # taken out of attrs (consumed here): pandas deep-copies attrs, the fitted model and its
    # data included, at every operation on the frame
    fit = result.attrs.pop("within_result", None)
    within = result.set_index("effect").loc["within"]
    people = int(within["n_people"])
    r_low = r_high = se = np.nan
    if fit is not None and np.isfinite(within["p"]) and people > 2:
        sx, sy = np.std(fit.model.exog[:, 0]), np.std(fit.model.endog)
        scale = sx / sy if sy > 0 else np.nan
        # r = slope · sd(x̃)/sd(ỹ) exactly (least squares through the origin on the demeaned
        # values), so the slope's interval scales to the correlation's.
        r_low, r_high = within["ci_low"] * scale, within["ci_high"] * scale
        t_crit = stats.t.ppf(1 - alpha / 2, people - 1)
        se = (within["ci_high"] - within["ci_low"]) / (2 * t_crit)
    return {
        "outcome": outcome,
        "score": score,
        "lag": int(lag),
        "slope": within["slope"],
        "ci_low": within["ci_low"],
        "ci_high": within["ci_high"],
        "r": within["r"],
        "r_low": r_low,
        "r_high": r_high,
        "p": within["p"],
        "people": people,
        "n_obs": int(within["n_obs"]),
        "note": within["note"] if isinstance(within["note"], str) else "",
        "_b": within["slope"],
        "_se": se,
    }


def _team_sentence(row: Mapping, alpha: float, currency: str | None = None) -> str:
    x, y, people = _label(row["score"]), _outcome_label(row["outcome"], currency), row["people"]
    own = x.removeprefix("the ")  # "a person's build-relationships pillar"
    unit = row.get("unit") or "week"
    rise = _rise_words(row)
    sustained = rise.replace("a ", "a sustained ", 1)
    bound = float(row.get("bound", np.nan))
    h = row.get("horizon", np.nan)
    over = _window_words(int(h), unit) if np.isfinite(h) else ""
    cumulative = np.isfinite(row.get("window", np.nan))  # the row shown is the window's
    level = 100 * (1 - 2 * alpha)
    if row["verdict"] == "linked":
        way = "higher too" if row["slope"] > 0 else "lower (a negative link)"
        when = over if cumulative else _lags_words(row, unit)
        head = (
            f"Linked: when a person's {own} was above their own usual level, their {y} {when} "
            f"was {way} ({_fmt_p(row['p_adj'], 'adjusted p')}, {people} people)."
        )
        small = ""
        if row.get("small") is True:
            small = (
                f" Small, though: {sustained} went with less than ±{100 * bound:.0f} % change "
                f"in {_expected(row)}{y} {over} ({level:.0f} % interval "
                f"{_pct(row['cum_low'])} to {_pct(row['cum_high'])}): linked, but by less "
                f"than ±{100 * bound:.0f} %."
            )
        return (
            f"{head}{_size_words(row, y, alpha)}{small} "
            "A correlation does not show that one causes the other."
        )
    if row["verdict"] == "ruled out":
        return (
            f"Ruled out: within each person, {sustained} went with less than "
            f"±{100 * bound:.0f} % change in {_expected(row)}{y} per {unit} {over} "
            f"({level:.0f} % interval: {_pct(row['tost_low'])} to {_pct(row['tost_high'])}, "
            f"{_fmt_p(row['p_tost'], 'equivalence p')}, {people} people)."
        )
    if (
        row.get("note")
        and not np.isfinite(row.get("p_adj", np.nan))
        and not np.isfinite(row.get("effect", np.nan))
    ):
        return f"Can't tell yet: {x} and {y} within people could not be tested — {row['note']}."
    size = ""
    if np.isfinite(row.get("effect", np.nan)):
        low, high = row["tost_low"], row["tost_high"]
        size = (
            f" {_cap(over)}, {sustained} went with {_pct(row['effect'])} in "
            f"{_expected(row)}{y} per {unit} ({level:.0f} % interval {_pct(low)} to "
            f"{_pct(high)})"
        )
        excludes = low > 0 or high < 0
        size += (
            f": the interval excludes 0, but it is a {level:.0f} % interval read alone; the "
            "link test, adjusted for every "
            + ("lag, " if row.get("lags_tested") and not _is_cycle_row(row) else "")
            + "score and outcome of the question read together, did not pass."
            if excludes
            else "."
        )
    limit = (
        f"an effect of ±{100 * bound:.0f} % per {RISE_WORDS.get(row['score'], 'point')} {over}"
        if np.isfinite(bound)
        else "a link"
    )
    cannot = (
        "cannot be ruled out either"
        if np.isfinite(row.get("effect", np.nan))
        else "cannot be ruled out: a % bound does not fit an outcome that can be negative"
    )
    if not np.isfinite(row.get("effect", np.nan)) and row.get("note"):
        cannot = f"cannot be ruled out: {row['note']}"
    where = ""
    if np.isfinite(row.get("best_lag", np.nan)):
        where = f", smallest at lag {int(row['best_lag'])} of {row.get('lags_tested', '')}"
    head = f"no evidence that a person's {y} moves with their own {own}"
    if np.isfinite(row.get("effect", np.nan)) and (row["tost_low"] > 0 or row["tost_high"] < 0):
        # a hint, not nothing (said below): not "no evidence"
        head = f"a link between a person's {y} and their own {own} is not shown"
    return (
        f"Can't tell yet: {head} "
        f"({_fmt_p(row['p_adj'], 'adjusted p')}{where}, {people} people), but {limit} "
        f"{cannot}.{size}"
    )


def _is_cycle_row(row: Mapping) -> bool:
    return _question_horizon(str(row["outcome"]))[1]


#: How a RISE of each score is said.
RISE_WORDS = {"ssi": "10 SSI points", **{p: f"2.5 {p} points" for p in PILLAR_NAMES}}


def _rise_words(row: Mapping) -> str:
    score = row["score"]
    if score == "ssi":
        return "a 10-point rise in SSI"
    return f"a {row.get('rise', 2.5):g}-point rise in {_label(score)}"


def _expected(row: Mapping) -> str:
    return "the expected " if row.get("transform") == "ppml" else ""


def _pct(value: float) -> str:
    """Write a value already in % (a team's effect) signed: ``+3.3 %``."""
    return f"{value:+.1f} %" if np.isfinite(value) else "n/a"


def _lags_words(row: Mapping, unit: str) -> str:
    """Say the named lag, or the lags the data cannot tell it from ("around 1-3 weeks")."""
    lag = int(row.get("lag", 0) or 0)
    low, high = row.get("lag_low", lag), row.get("lag_high", lag)
    if not (np.isfinite(low) and np.isfinite(high)) or low == high:
        return _lag_words(lag, unit)
    low, high = int(low), int(high)
    if low >= 0:
        span = f"{low}-{high} {unit}s later" if low > 0 else f"0-{high} {unit}s later"
        return f"around {span} (the data cannot single out one lag)"
    return f"between {low} and {high} {unit}s (the data cannot single out one lag)"


def _size_words(row: Mapping, y: str, alpha: float = 0.05) -> str:
    """How much the outcome moved per rise of the score, within people, in the outcome's units."""
    slope, low, high = (float(row.get(k, np.nan)) for k in ("slope", "ci_low", "ci_high"))
    if not np.isfinite(slope):
        return ""
    unit = row.get("unit") or "week"
    window = row.get("window", np.nan)
    cumulative = window is not None and np.isfinite(window)
    when = _window_words(int(window), unit) if cumulative else _lags_words(row, unit)
    rise = _rise_words(row)
    if cumulative:
        rise = rise.replace("a ", "a sustained ", 1)
    kind = row.get("transform")
    if kind in ("ppml", "log1p") or np.isfinite(row.get("effect", np.nan)):
        effect = float(row.get("effect", np.nan))
        if not np.isfinite(effect):
            return ""
        what = {
            "ppml": f"the expected {y}",
            "log1p": f"1 + {y} (log scale: not the change of the average when many "
            f"{row.get('unit') or 'week'}s are 0)",
        }.get(kind, f"{y}, relative to its average")
        level = 100 * (1 - 2 * alpha)  # the page's one level: the equivalence test's
        low, high = row.get("tost_low", np.nan), row.get("tost_high", np.nan)
        if not (np.isfinite(low) and np.isfinite(high)):
            low, high = row.get("effect_low", np.nan), row.get("effect_high", np.nan)
            level = 100 * (1 - alpha)
        return (
            f" In size (the same test): {rise} above their usual level went with "
            f"{_pct(effect)} in {what} {when} ({level:.0f} % interval {_pct(low)} to "
            f"{_pct(high)})."
        )
    point = "SSI point" if row["score"] == "ssi" else f"{row['score']} point"
    interval = (
        f" ({100 * (1 - alpha):.0f} % interval {low:+,.3g} to {high:+,.3g})"
        if np.isfinite(low) and np.isfinite(high)
        else ""
    )
    return f" Each {point} above their usual level went with {slope:+,.3g} of {y} {when}{interval}."


def _between_sentence(row: Mapping, alpha: float, currency: str | None = None) -> str:
    x, y = _label(row["score"]), _outcome_label(row["outcome"], currency)
    if not np.isfinite(row["between_r"]):
        return f"Between people: no result for {x} and {y} (at least 3 people are needed)."
    if not np.isfinite(row.get("between_p_adj", np.nan)):
        return (
            f"Different people: their average {x} and average {y} correlate at "
            f"r = {_fmt(row['between_r'])}, not tested for this question (no p). Seniority, "
            f"role and territory differ too: this says nothing about what raising one "
            f"person's {x} does."
        )
    if row["between_p_adj"] < alpha:
        way = "higher" if row["between_r"] > 0 else "lower"
        head = (
            f"Different people: those with higher average {x} had {way} average {y} "
            f"(r = {_fmt(row['between_r'])}, {_fmt_p(row['between_p_adj'], 'adjusted p')})."
        )
    else:
        head = (
            f"Different people: no evidence that people with higher average {x} have "
            f"different average {y} ({_fmt_p(row['between_p_adj'], 'adjusted p')})."
        )
    return head + (
        " Seniority, role and territory differ too: this says nothing about what raising one "
        f"person's {x} does."
    )


# ---------------------------------------------------------------- holidays


def _holiday_windows(holidays, who: str = "answers") -> list[tuple[pd.Timestamp, pd.Timestamp]]:
    windows = []
    for item in holidays or ():
        try:
            if isinstance(item, tuple | list) and len(item) == 2:
                start, end = pd.Timestamp(item[0]), pd.Timestamp(item[1])
            else:
                start = end = pd.Timestamp(item)
        except (TypeError, ValueError) as error:
            raise ValueError(
                f"{who}: holidays must be dates or (start, end) pairs of dates, e.g. "
                f"['2025-08-04', ('2025-12-22', '2026-01-02')]; got {item!r} ({error})."
            ) from None
        if end < start:
            raise ValueError(f"answers: the holiday window {item!r} ends before it starts.")
        windows.append((start.normalize(), end.normalize()))
    return windows


def holiday_mask(
    periods: pd.DatetimeIndex, windows: Sequence[tuple] = (), *, year_end: bool = True
) -> np.ndarray:
    """Mark the periods that overlap the year-end weeks (18 Dec - 8 Jan) or a given window.

    Examples
    --------
    >>> weeks = pd.date_range("2025-12-08", periods=6, freq="W-MON")
    >>> holiday_mask(weeks).tolist()  # the weeks of 15, 22, 29 Dec and 5 Jan
    [False, True, True, True, True, False]
    """
    return _holiday_mask(periods, _holiday_windows(windows, "holiday_mask"), year_end=year_end)


def _holiday_mask(periods, windows, *, year_end: bool = True) -> np.ndarray:
    periods = pd.DatetimeIndex(periods)
    if len(periods) == 0:
        return np.zeros(0, bool)
    if len(periods) > 1:
        step = periods[1] - periods[0]
        ends = periods.append(pd.DatetimeIndex([periods[-1] + step]))[1:] - pd.Timedelta(days=1)
        if periods.freqstr and periods.freqstr.startswith("MS"):
            ends = periods + pd.offsets.MonthEnd(0)
    else:
        ends = periods
    mask = np.zeros(len(periods), bool)
    if year_end:
        for year in range(periods.min().year - 1, periods.max().year + 1):
            windows = [
                *windows,
                (pd.Timestamp(year, *YEAR_END[0]), pd.Timestamp(year + 1, *YEAR_END[1])),
            ]
    for start, end in windows:
        mask |= (periods <= end) & (ends >= start)
    return mask


# ---------------------------------------------------------------- sentences (plain strings)

_LABELS = {
    "ssi": "SSI",
    "brand": "the professional-brand pillar",
    "people": "the find-the-right-people pillar",
    "insights": "the engage-with-insights pillar",
    "relationships": "the build-relationships pillar",
}


def _label(column: str) -> str:
    return _LABELS.get(column, str(column).replace("_", " "))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _fmt(value: float, digits: int = 2) -> str:
    return "n/a" if not np.isfinite(value) else f"{value:.{digits}f}"


def _fmt_p(value: float, name: str = "p") -> str:
    """``p = 0.04``, ``p < 0.001``, ``p n/a``; never a threshold a value is not at.

    Two digits would print 0.0496 as "0.05", a value below the 5 % level shown as on it:
    near 0.05 (and 0.01) the p gets a third digit, and if that still rounds onto the
    threshold it is said as "< 0.05" or "> 0.05".

    Examples
    --------
    >>> _fmt_p(0.0496), _fmt_p(0.04996, "equivalence p"), _fmt_p(0.23), _fmt_p(0.0504)
    ('p = 0.0496', 'equivalence p < 0.05', 'p = 0.23', 'p = 0.0504')
    """
    if not np.isfinite(value):
        return f"{name} n/a"
    if value < 0.001:
        return f"{name} < 0.001"
    text = f"{value:.3f}" if value < 0.01 else f"{value:.2f}"
    for threshold in (0.01, 0.05):
        if float(text) == threshold and value != threshold:
            text = f"{value:.4f}"
            if float(text) == threshold:
                return f"{name} {'<' if value < threshold else '>'} {threshold:g}"
            text = text.rstrip("0")
    return f"{name} = {text}"


def _period_name(periods, t: int, unit: str) -> str:
    if periods is None or not 0 <= t < len(periods):
        return f"{unit} {t + 1}"
    return f"the {unit} of {periods[t]:%Y-%m-%d}"


def _lag_words(lag: int, unit: str) -> str:
    if lag == 0:
        return "in the same " + unit
    return f"{abs(lag)} {unit}{'s' if abs(lag) > 1 else ''} " + ("later" if lag > 0 else "earlier")


def _share_pct(value: float) -> str:
    """Write a share as a signed percentage: ``+12 %``, ``-3 %``.

    (A team's effects are already in %, written by ``_pct``; one name each, so that neither
    shadows the other: a second ``_pct`` once printed the team's +3.3 % as "+327 %".)
    """
    return "n/a" if not np.isfinite(value) else f"{value * 100:+.0f} %"


#: Periods in a year, per clock.
PER_YEAR = {"week": 52.18, "month": 12.0, "day": 365.25}


def _team_people(x, y, bound, horizon, rise, alpha) -> float | None:
    """Sellers like this one a team needs to rule ±bound out (80 % chance, no effect)."""
    from ssi_analysis.stats.power import team_people_to_rule_out

    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    seen = np.isfinite(x)
    if seen.sum() < 4 or not np.isfinite(y).any() or not np.nanmean(y) > 0:
        return np.nan  # not planned: the sentence keeps the 1/√n guide
    both = seen[1:] & seen[:-1]
    dev = x - np.nanmean(x)
    phi = 0.0
    if both.any():  # lag-1 autocorrelation over the pairs of weeks both seen
        phi = float(np.mean(dev[1:][both] * dev[:-1][both]) / np.mean(dev[seen] ** 2))
    return team_people_to_rule_out(
        weeks=len(x),
        score_sd=float(np.nanstd(x)),
        outcome_cv=float(np.nanstd(y) / np.nanmean(y)),
        bound=float(bound),
        horizon=int(horizon),
        rise=float(rise),
        phi=min(max(phi, 0.0), 0.95),
        alpha=alpha,
    )


def _needed_words(record: Mapping, bound_words: str, unit: str) -> str:
    """Say how much more data would rule the bound out if there were no effect.

    The effect's interval narrows as 1/√n: with no effect, ±bound is ruled out once the
    half-width of the 90 % interval is below the bound, i.e. after about
    n·(half-width / bound)² periods — of this person, or as many people as that factor
    over the same periods (a team's sellers each add their own weeks). A rough guide (the
    interval's width itself is estimated), given when the interval is wider than the bound.
    """
    low, high = record.get("effect_low", np.nan), record.get("effect_high", np.nan)
    bound, n = float(record.get("bound", np.nan)), record.get("n", np.nan)
    if not (bound_words and np.isfinite(low) and np.isfinite(high) and np.isfinite(bound)):
        return ""
    factor = ((high - low) / 2 / bound) ** 2
    if not (factor > 1 and np.isfinite(n) and n > 0):
        return ""
    years = factor * float(n) / PER_YEAR.get(unit, 52.18)
    span = f"about {years:,.0f} years" if years >= 1.5 else f"about {years * 12:,.0f} months"
    team = f", or a team of about {int(np.ceil(factor))} people like this one over the same {unit}s"
    why = "the interval narrows with the square root of the data"
    if "team_people" in record and not (
        isinstance(record["team_people"], float) and np.isnan(record["team_people"])
    ):
        # the team planner's answer for the team's own test (the cumulative effect, PPML)
        people = record["team_people"]
        team = (
            f", or a team of about {people:,} people like this one over the same {unit}s"
            if people is not None and np.isfinite(people)
            else "; a team of people like this one would need more than 5,000 of them"
        )
        why += "; the team's size is the team planner's, for at least an 80 % chance"
    return (
        f" If there is no effect, ruling out {bound_words} would take {span} of data like "
        f"this{team} ({why})."
    )


def _window_words(h: int, unit: str) -> str:
    """Say a horizon of lags 0..h: the same period and the h after it."""
    if not h:
        return f"in the same {unit}"
    return f"over the same {unit} and the following {h} {unit}{'s' if h > 1 else ''}"


def _effect_words(record: Mapping, y: str, unit: str) -> tuple[str, str, str]:
    """Say the rise, the effect with its interval and the bound in the outcome's units."""
    x = _label(record["score"])
    rise = float(record.get("rise", 1.0))
    h = int(record.get("horizon", 0))
    what = "SSI" if record["score"] == "ssi" else x
    rise_words = f"a sustained {rise:g}-point rise in {what}"
    over = _window_words(h, unit)
    share = record.get("effect_unit") == "share"
    show = _share_pct if share else (lambda v: "n/a" if not np.isfinite(v) else f"{v:+,.2f}")
    effect = (
        f"{show(record['effect'])} {'of ' if share else ''}{y} per {unit} {over} "
        f"(90 % interval {show(record['effect_low'])} to {show(record['effect_high'])})"
        if np.isfinite(record.get("effect", np.nan))
        else ""
    )
    b = record.get("bound", np.nan)
    if not np.isfinite(b):
        bound = ""
    else:
        bound = f"±{b * 100:.0f} %" if share else f"±{b:,.2f} {y}"
    return rise_words, effect, bound


def _sentence_sign(low: float, high: float) -> int:
    """+1 or -1 when an interval excludes 0 on that side, 0 when it holds 0 (or is n/a)."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return 0
    return 1 if low > 0 else -1 if high < 0 else 0


def _sustained_beside_link(record: Mapping, rise_words: str, effect: str, unit: str) -> str:
    """Say the sustained rise's effect beside a week-to-week link, as the other measure it is.

    "Linked" is the lag scan's correlation of week-to-week surprises; the effect is that of
    a rise held over the whole horizon (the equivalence test's estimand). They can disagree:
    the sentence never prints a size whose interval holds 0, or points the other way, as the
    link's size without saying so.
    """
    sign = _sentence_sign(record.get("effect_low", np.nan), record.get("effect_high", np.nan))
    way = 1 if record.get("r", 0) > 0 else -1
    if sign == way:
        return f" A different measure, the same direction: {rise_words} went with {effect}."
    if sign == -way:
        return (
            f" But the other measure points the other way: {rise_words} went with {effect}."
            f" The {unit}-to-{unit} ups and downs and the lasting level disagree here, so this "
            "link says nothing about what a lasting rise goes with."
        )
    return (
        f" How large a lasting effect is, this data cannot say: {rise_words} went with "
        f"{effect}, an interval that holds 0. The link is in the {unit}-to-{unit} ups and "
        "downs, not in a lasting rise."
    )


def sentence(
    record: Mapping,
    *,
    alpha: float = 0.05,
    lags: Sequence[int] = (0,),
    inside: bool = False,
    currency: str | None = None,
    full: bool = True,
    tests: int = 0,
    by_effect: bool = False,
) -> str:
    """Say the answer of one row of :attr:`Answers.table` in plain words.

    ``full`` is False when the effect's horizon was shortened to fit the data; ``tests`` is
    the number of lag tests in the row's families (said when an unadjusted interval
    excludes 0 beside "can't tell yet"); ``by_effect`` says the link was tested on the effect
    over the whole horizon (a sales cycle), not at one lag at a time.

    Examples
    --------
    >>> row = {"score": "ssi", "outcome": "revenue_won", "verdict": "inconclusive", "lag": 0,
    ...        "r": 0.08, "ci_low": -0.2, "ci_high": 0.35, "p": 0.6, "p_adj": 0.9,
    ...        "r_detectable": 0.38, "bound": 0.25, "n": 156, "unit": "week", "caveat": "",
    ...        "note": "", "p_tost": 0.3, "effect": 0.1, "effect_low": -0.4,
    ...        "effect_high": 0.6, "effect_unit": "share", "rise": 10.0, "horizon": 13}
    >>> import textwrap
    >>> print(textwrap.fill(sentence(row, lags=range(5)), 88))
    Can't tell yet: no evidence that SSI and revenue won move together (adjusted p = 0.90,
    156 weeks), and an effect as large as ±25 % cannot be ruled out: a sustained 10-point
    rise in SSI went with +10 % of revenue won per week over the same week and the following
    13 weeks (90 % interval -40 % to +60 %). If there is no effect, ruling out ±25 % would
    take about 12 years of data like this, or a team of about 4 people like this one over
    the same weeks (the interval narrows with the square root of the data).
    """
    x, y = _label(record["score"]), _outcome_label(record["outcome"], currency)
    unit, lag, bound = record.get("unit", "week") or "period", int(record["lag"]), record["bound"]
    span = f"{int(record['n'])} {unit}s"
    lag_span = f"{min(lags)} to {max(lags)} {unit}s" if len(lags) > 1 else _lag_words(lags[0], unit)
    verdict = record["verdict"]
    effect_scale = "effect_unit" in record and record.get("effect_unit") in ("share", "units")
    rise_words, effect, bound_words = _effect_words(record, y, unit) if effect_scale else ("",) * 3
    if verdict == "linked" and by_effect and effect:
        way = "higher" if record["effect"] > 0 else "lower"
        text = (
            f"Linked: {rise_words} went with {effect}, {way} than before "
            f"({_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            f"autocorrelation. The link is in the total over those {int(record['horizon']) + 1}"
            f" {unit}s (a sales cycle); the data does not single out one {unit}. A "
            "correlation does not show that one causes the other."
        )
        if record.get("caveat"):
            text += f" But check: {record['caveat']}."
        return text
    if verdict == "linked":
        direction = "rose and fell together" if record["r"] > 0 else "moved in opposite directions"
        lag_range = str(record.get("lag_range", "") or "")
        if not effect_scale or lag_range == str(lag):
            when = f"{y} {_lag_words(lag, unit)}" if lag else f"{y} in the same {unit}"
        elif lag_range:
            a, b = (int(v) for v in lag_range.split(" to "))
            if a > 0:
                when = f"{y} around {a}-{b} {unit}s later"
            elif a == 0:
                when = (
                    f"{y} in the same {unit} or the {unit} after"
                    if b == 1
                    else f"{y} in the same {unit} to {b} {unit}s later"
                )
            elif b < 0:
                when = f"{y} around {-b}-{-a} {unit}s earlier"
            else:
                when = f"{y} from {-a} {unit}s earlier to {b} {unit}s later"
        elif min(lags) == 0:  # the window includes the same week: say so
            when = f"{y} in the same {unit} or within the following {max(lags)} {unit}s"
        elif min(lags) > 0:
            when = f"{y} {min(lags)}-{max(lags)} {unit}s later"
        else:
            when = f"{y} at some lag scanned ({min(lags)} to {max(lags)} {unit}s)"
        text = (
            f"Linked: {x} and {when} {direction} from {unit} to {unit} (r = {_fmt(record['r'])}"
            + (f", {_lag_words(lag, unit)}" if effect_scale and lag_range != str(lag) else "")
            + f", {_fmt_p(record['p_adj'], 'adjusted p')}, {span}), after removing trends and "
            "autocorrelation."
        )
        if effect_scale and effect:
            text += _sustained_beside_link(record, rise_words, effect, unit)
        elif inside:
            text += f" It is a weak link: at every lag scanned it is smaller than ±{bound:.2f}."
        text += " A correlation does not show that one causes the other."
        if record.get("caveat"):
            text += f" But check: {record['caveat']}."
        return text
    if verdict == "ruled out":
        if effect_scale:
            over = _window_words(int(record["horizon"]), unit)
            return (
                f"Ruled out: {rise_words} does not go with more than {bound_words} of {y} "
                f"per {unit} {over} — the data is strong enough to say so (estimate "
                f"{effect}, {_fmt_p(record['p_tost'], 'equivalence p')}, {span}). "
                f"{_cap(x)} is not a useful guide to {y} here, at effects of that size."
            )
        return (
            f"Ruled out: any link between {x} and {y} (at lags of {lag_span}) is weaker than "
            f"±{bound:.2f} — the data is strong enough to say so ("
            f"{_fmt_p(record['p_tost'], 'equivalence p')}, {span}; the largest tested r was "
            f"{_fmt(record['r'])}"
            + (f", {_lag_words(lag, unit)}" if len(lags) > 1 else "")
            + f"). {_cap(x)} is not a useful guide to {y} here."
        )
    if record.get("note") and not np.isfinite(record.get("p", np.nan)):
        return f"Can't tell yet: {x} and {y} could not be tested — {record['note']}."
    if effect_scale:
        e_low, e_high = record.get("effect_low", np.nan), record.get("effect_high", np.nan)
        low, high = record.get("ci_low", np.nan), record.get("ci_high", np.nan)
        hint = any(
            np.isfinite(a) and np.isfinite(b) and (a > 0 or b < 0)
            for a, b in ((e_low, e_high), (low, high))
        )
        head = (
            f"a link between {x} and {y} is not shown"
            if hint
            else f"no evidence that {x} and {y} move together"
        )
        text = f"Can't tell yet: {head} ({_fmt_p(record['p_adj'], 'adjusted p')}, {span})"
        if bound_words:
            text += f", and an effect as large as {bound_words} cannot be ruled out"
        text += f": {rise_words} went with {effect}." if effect else "."
        if not bound_words:
            text += (
                f" {_cap(y)} can be negative, so its effect is in its own units: give a bound "
                f"in those units (bound={{{record['outcome']!r}: ...}}) to test it."
            )
        text += _needed_words(record, bound_words, unit) if full else ""
        if not full:
            text += (
                f" The data only covers a horizon of {int(record['horizon']) + 1} {unit}"
                f"{'s' if int(record['horizon']) + 1 != 1 else ''}, "
                "shorter than this question's "
                + ("sales cycle" if record.get("horizon_from") == "cycle" else "usual one")
                + ": it cannot rule an effect out."
            )
        if np.isfinite(record.get("white_p", np.nan)) and record["white_p"] < alpha:
            text += (
                f" The score's ups and downs were not fully whitened (Ljung-Box "
                f"{_fmt_p(record['white_p'])}), so the effect's interval is not trusted "
                "enough to rule anything out."
            )
        if by_effect and np.isfinite(e_low) and (e_low > 0 or e_high < 0):
            text += (
                " The effect's 90 % interval excludes 0 on its own, but a link needs its "
                "two-sided test at 5 % after the adjustment over this question's pairs ("
                f"{_fmt_p(record['p_adj'], 'adjusted p')}): not a finding."
            )
        elif np.isfinite(e_low) and np.isfinite(e_high) and (e_low > 0 or e_high < 0):
            text += (
                " The effect's 90 % interval excludes 0 on its own (one unrelated pair in ten "
                "does that by chance), but the link is decided by the test across every lag "
                f"and pair of this question ({_fmt_p(record['p_adj'], 'adjusted p')}): not a "
                "finding."
            )
        if record.get("effect_unit") == "share" and (
            (np.isfinite(e_low) and e_low < -1) or (np.isfinite(e_high) and e_high > 2)
        ):
            text += (
                " Shares beyond -100 % or +200 % are a straight-line extrapolation: the score "
                "rarely moved that much here."
            )
        if by_effect and np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0):
            text += (
                f" The interval of r {_lag_words(lag, unit)} excludes 0 on its own (r = "
                f"{_fmt(record['r'])}, {_fmt_p(record.get('p', np.nan), 'unadjusted p')}), but "
                "this question is decided on the effect over the whole horizon, not one week "
                "at a time."
            )
        elif np.isfinite(low) and np.isfinite(high) and (low > 0 or high < 0):
            text += (
                f" The interval of r {_lag_words(lag, unit)} excludes 0 on its own (r = "
                f"{_fmt(record['r'])}, {_fmt_p(record.get('p', np.nan), 'unadjusted p')}), but "
                + (f"{tests} lag tests were run" if tests else "several lags were tested")
                + " for this question: after that adjustment ("
                + _fmt_p(record["p_adj"], "adjusted p")
                + ") it is within what chance gives."
            )
        return text
    detectable = record.get("r_detectable", np.nan)
    text = (
        f"Can't tell yet: no evidence that {x} and {y} move together ("
        f"{_fmt_p(record['p_adj'], 'adjusted p')}, {span}), but a link as strong as "
        f"±{bound:.2f} cannot be ruled out either."
    )
    if np.isfinite(detectable):
        text += f" With this much data only links above {_fmt(detectable)} would have shown."
    return text


# ---------------------------------------------------------------- per seller


def seller_answers(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = ("ssi",),
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    bound: float = 0.3,
    alpha: float = 0.05,
    transform: str | None = "log1p",
    holidays: Iterable | None = None,
    currency: str | None = None,
) -> Answers:
    """Answer for each seller of a team on their own, adjusted across sellers and lags.

    Each seller's series are first taken against the rest of the team: from the score and
    the outcome (after the ``transform``) of seller i at period t, the other sellers' mean
    at t (leave-one-out) minus its own average over the periods is subtracted, so a market
    swing the whole team shares (a good quarter, a holiday week) is not read as the seller's
    own link — as the period effects of the team test take it out. Without this, 43 % of
    null 12-seller teams sharing a swing showed a "linked" seller. Levels stay where they
    were. A period no other seller has stays as it is; a missing value stays missing.

    Each seller then gets the one-person answer of :func:`answers` (gap-safe test, three
    verdicts, checks on every link), with one Benjamini-Hochberg family over every seller ×
    score × outcome × lag (``family="all"``): reading twelve sellers' lag scans is sixty
    chances to find "seller H: the link holds" by luck. :func:`seller_note` says what one
    seller's data can show.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`ssi_analysis.align`, several people.
    scores : sequence of str
        Default SSI only (a per-seller pillar table is 5 times the tests for the same data).
    outcomes, lags, bound, alpha, transform, holidays, currency
        As in :func:`answers`.

    Returns
    -------
    Answers
        One row per seller × score × outcome in ``.table`` (``p_adj`` over the whole table's
        lags), every lag in ``.lags``; ``transform`` says which outcomes were logged.

    Examples
    --------
    >>> from ssi_analysis.simulate import simulate
    >>> panel = simulate("team", seed=1, days=364, people=4).weekly()
    >>> result = seller_answers(panel, outcomes=["replies"], lags=[0, 1])
    >>> len(result.table), sorted(set(result.table["verdict"]) - set(VERDICTS))
    (4, [])
    """
    if outcomes is None:
        outcomes = outcome_columns(panel)
    outcomes = [o for o in outcomes if o in panel]
    frame, used = transform_outcomes(panel, outcomes, transform)
    frame = without_team_swing(frame, [*[s for s in scores if s in frame], *outcomes])
    # The effect is read on each seller's own outcome (not its log), net of the team's swing;
    # whether it is a share is judged on the outcome as exported (taking out the swing makes
    # a count go below 0 in some weeks, which must not switch it to its own units).
    effect_panel = without_team_swing(panel, outcomes)
    effect_panel.attrs = {}
    result = answers(
        frame,
        scores=list(scores),
        outcomes=outcomes,
        lags=lags,
        r_bound=bound,  # this function's bound is the correlation figure
        alpha=alpha,
        holidays=holidays,
        transform=None,
        family="all",
        currency=currency,
        _effect_panel=effect_panel,
        _negative=_negatives(panel, outcomes),
    )
    for table in (result.table, result.lags):
        if "transform" in table and len(table):
            table["transform"] = table["outcome"].map(used).fillna("")
    return result


def without_team_swing(panel: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Take the rest of the team's period movement out of each person's columns.

    For person i at period t: v_it − (m_(−i)t − mean over t of m_(−i)t), with m_(−i)t the
    mean of the *other* people's values at t (leave-one-out: a seller's own link must not
    leak into their reference). Levels stay; a period no one else has keeps its value; a
    missing value stays missing.

    Examples
    --------
    >>> panel = pd.DataFrame({"person": list("aabbcc"), "period": [1, 2] * 3,
    ...                       "y": [1.0, 3.0, 2.0, 4.0, 3.0, 5.0]})
    >>> without_team_swing(panel, ["y"])["y"].tolist()  # the team rose by 2 together
    [2.0, 2.0, 3.0, 3.0, 4.0, 4.0]
    """
    out = panel.copy()
    for column in columns:
        values = out[column].astype(float)
        seen = values.notna()
        total = values.fillna(0.0).groupby(out["period"]).transform("sum")
        count = seen.groupby(out["period"]).transform("sum")
        others = count - seen.astype(int)
        with np.errstate(invalid="ignore", divide="ignore"):
            loo = (total - values.fillna(0.0)) / others.where(others > 0)
        swing = loo - loo.groupby(out["person"]).transform("mean")
        out[column] = values - swing.fillna(0.0)
    return out


def seller_note(result: Answers) -> str:
    """Say in plain words what one seller's data can show, and how the table was adjusted.

    Examples
    --------
    >>> table = pd.DataFrame({"person": ["A", "B"], "n": [52, 50],
    ...                       "r_detectable": [0.39, 0.41], "verdict": ["inconclusive"] * 2})
    >>> lags = pd.DataFrame({"p": np.zeros(10)})
    >>> import textwrap
    >>> print(textwrap.fill(seller_note(Answers(table=table, lags=lags)), 88))
    One seller's 50 to 52 weeks can only show links above about 0.39 to 0.41 (80 % power): a
    seller's own answer is "can't tell yet" unless the link is strong. Each seller is read
    against the rest of the team (the swing the whole team shared that week taken out), and
    each answer is adjusted across all 2 sellers and every lag (10 tests), so a single raw p
    below 0.05 is not a finding.
    """
    table, unit = result.table, result.unit
    if table.empty:
        return "No seller could be answered on their own."
    n = table["n"].astype(float)
    detect = table["r_detectable"].astype(float)
    span = f"{n.min():.0f}" if n.min() == n.max() else f"{n.min():.0f} to {n.max():.0f}"
    size = (
        f"{detect.min():.2f}"
        if round(detect.min(), 2) == round(detect.max(), 2)
        else f"{detect.min():.2f} to {detect.max():.2f}"
    )
    people = table["person"].nunique()
    return (
        f"One seller's {span} {unit}s can only show links above about {size} (80 % power): "
        "a seller's own answer is \"can't tell yet\" unless the link is strong. Each seller is "
        "read against the rest of the team (the swing the whole team shared that week taken "
        f"out), and each answer is adjusted across all {people} sellers and every lag "
        f"({len(result.lags)} tests), so a single raw p below {result.alpha:g} is not a "
        "finding."
    )


# ---------------------------------------------------------------- forking paths

#: How a choice is said in a sentence ("this result depends on counting by month").
CHOICE_WORDS = {
    "weekly": "counting by week",
    "monthly": "counting by month",
    "daily": "counting by day",
    "log1p": "the log scale",
    "raw": "the raw scale (no log)",
}


def compare_verdicts(tables: Mapping[str, pd.DataFrame], *, primary: str) -> pd.DataFrame:
    """Flag the answers that change when an analysis choice changes (forking paths).

    Parameters
    ----------
    tables : mapping
        Choice name -> answer table (:func:`team_answers` or :attr:`Answers.table`) of the
        same data analysed another way. A name is ``"<frequency>_<transform>"`` such as
        ``"weekly_log1p"`` or ``"monthly_raw"`` (each part said by :data:`CHOICE_WORDS`).
    primary : str
        The choice the report shows.

    Returns
    -------
    pandas.DataFrame
        The primary table's keys (``person`` when there, ``score``, ``outcome``) and
        ``verdict``; a ``verdict_<choice>`` column per other choice; ``depends_on`` (the
        choices that change the verdict, in words, "" when none) and ``fork_note`` (the
        sentence the report shows, "" when the answer holds under every choice).

    Examples
    --------
    >>> weekly = pd.DataFrame({"score": ["ssi"] * 2, "outcome": ["replies", "revenue_won"],
    ...                        "verdict": ["linked", "inconclusive"]})
    >>> monthly = weekly.assign(verdict=["linked", "linked"])
    >>> out = compare_verdicts({"weekly_log1p": weekly, "monthly_log1p": monthly},
    ...                        primary="weekly_log1p")
    >>> out["fork_note"].tolist()
    ['', 'This result depends on counting by month: that way it is "linked".']
    """
    if primary not in tables:
        raise ValueError(
            f"compare_verdicts: primary {primary!r} is not one of the choices "
            f"{', '.join(map(repr, tables))}."
        )
    base = tables[primary]
    keys = [c for c in ("person", "score", "outcome") if c in base.columns]
    out = base[[*keys, "verdict"]].reset_index(drop=True)
    changed: list[list[tuple[frozenset, str]]] = [[] for _ in range(len(out))]
    # fewest changed parts first: "by month" explains "by month on the raw scale" too
    others = sorted((n for n in tables if n != primary), key=lambda n: len(_differ(n, primary)))
    for name in others:
        table = tables[name]
        other = out[keys].merge(
            table[[*keys, "verdict"]].drop_duplicates(keys), on=keys, how="left"
        )["verdict"]
        out[f"verdict_{name}"] = other.to_numpy()
        parts = frozenset(_differ(name, primary))
        for i, (mine, theirs) in enumerate(zip(out["verdict"], other, strict=True)):
            if not isinstance(theirs, str) or theirs == mine:
                continue
            if any(seen <= parts for seen, _ in changed[i]):
                continue  # already said by a smaller change
            changed[i].append((parts, theirs))
    out = out[[*keys, "verdict", *(f"verdict_{n}" for n in tables if n != primary)]]
    words = [[(_words(parts), theirs) for parts, theirs in c] for c in changed]
    out["depends_on"] = ["; ".join(w for w, _ in c) for c in words]
    out["fork_note"] = [
        "This result depends on "
        + "; and on ".join(f'{w}: that way it is "{_PLAIN.get(t, t)}"' for w, t in c)
        + "."
        if c
        else ""
        for c in words
    ]
    return out


_PLAIN = {"inconclusive": "can't tell yet"}


def _differ(name: str, primary: str) -> list[str]:
    """List the parts of a choice (``monthly``, ``raw``) that differ from the primary."""
    parts, base = name.split("_"), primary.split("_")
    return [p for i, p in enumerate(parts) if i >= len(base) or p != base[i]] or parts


def _words(parts) -> str:
    order = list(CHOICE_WORDS)
    ranked = sorted(parts, key=lambda p: order.index(p) if p in order else len(order))
    return " and ".join(CHOICE_WORDS.get(p, p) for p in ranked)


def forking_paths(
    panels: Mapping[str, pd.DataFrame],
    *,
    primary: str | None = None,
    transforms: Sequence[str | None] = ("log1p", None),
    team: bool = True,
    done: Mapping[str, pd.DataFrame] | None = None,
    **kwargs,
) -> pd.DataFrame:
    """Answer again with the other frequency and transform; flag verdicts that change.

    Parameters
    ----------
    panels : mapping
        Frequency name (``"weekly"``, ``"monthly"``, ``"daily"``) -> the same data aligned at
        that frequency (:func:`ssi_analysis.align` with ``freq="W"``, ``"MS"``, ``"D"``).
    primary : str, optional
        The frequency the report shows (default: the first); its first transform is primary.
    transforms : sequence
        Transforms tried (``"log1p"``, ``None`` for raw values).
    team : bool
        :func:`team_answers` (within-person verdicts) when True, else :func:`answers`.
    done : mapping, optional
        Tables already computed with the same ``kwargs``, keyed ``"<frequency>_<transform>"``
        (``"weekly_ppml"``): the answer a report shows is not computed a second time.
    **kwargs
        Passed on (scores, outcomes, lags, bound, alpha).

    Returns
    -------
    pandas.DataFrame
        :func:`compare_verdicts` of every frequency × transform against the primary one.
    """
    primary = primary or next(iter(panels))
    tables = dict(done or {})
    for name, panel in panels.items():
        for transform in transforms:
            key = f"{name}_{transform or 'raw'}"
            if key in tables:
                continue
            if team:
                tables[key] = team_answers(panel, transform=transform, **kwargs)
            else:
                tables[key] = answers(panel, transform=transform, **kwargs).table
    return compare_verdicts(tables, primary=f"{primary}_{transforms[0] or 'raw'}")
