"""One person's answers: scan every lag of each score and outcome, adjust, decide, check."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd
from scipy import special

from ssi_analysis.questions import RISE, question
from ssi_analysis.stats._core import (
    Filter,
    adjust_p,
    apply_filter,
    effect_p,
    effect_test,
    fit_outcome_filter,
    gap_share,
    pair_scan,
    tost_effect,
    z_interval,
)
from ssi_analysis.stats._series import data_clock, regular_arrays
from ssi_analysis.stats.answers._common import (
    LAG_COLUMNS,
    TABLE_COLUMNS,
    _check_lag,
    _check_levels,
    _columns_and_lags,
    _filter,
    _negatives,
    _pct_columns,
    _resolve_bounds,
    _resolve_horizons,
    _team_people,
    outcome_columns,
    panel_currency,
    tost_r,
    transform_outcomes,
)
from ssi_analysis.stats.answers.batch import scan_together
from ssi_analysis.stats.answers.family import (
    _family_adjust,
)
from ssi_analysis.stats.answers.holidays import (
    _holiday_mask,
    _holiday_windows,
)
from ssi_analysis.stats.answers.robust import (
    _effect_robustness,
    robustness,
)
from ssi_analysis.words.answers import (
    _horizon_words,
    sentence,
)

# ---------------------------------------------------------------- the result object


@dataclass(frozen=True, eq=False)
class Answers:
    """The answers of every question the kit answers: one result type.

    Made by :func:`answers`, :func:`seller_answers`, :func:`team_answers` and
    :func:`~ssi_analysis.stats.groups.group_answers`: for one person, each seller on their
    own, a team's within-person answer and that answer per group of sellers, what every page
    of the kit shows for a pair.
    ``kind`` says which (``"person"``, ``"team"`` or ``"group"``); ``table`` and ``lags``
    hold the columns of that kind (for a team, :data:`TEAM_COLUMNS` and the
    :func:`team_scan` behind them; for groups, ``GROUP_COLUMNS`` and every group's scan).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per person × score × outcome (columns :data:`TABLE_COLUMNS`): ``question``
        (reach, replies, pipeline, revenue), ``verdict`` (``"linked"``, ``"ruled out"``,
        ``"inconclusive"``), the ``lag`` the row describes and ``lag_low, lag_high`` (for a
        link, the lags it cannot be told apart from; 0 to ``horizon`` for a link of the
        cumulative effect; empty otherwise), the effect of a sustained ``rise`` of the
        score over ``horizon`` periods (``effect, effect_low, effect_high``: the 1 − 2α
        interval; ``effect_unit`` ``"share"`` of the outcome's average or ``"units"``), the
        same in % as the team's table (``effect_pct, effect_low_pct, effect_high_pct``,
        NaN for an outcome in its own units; the interval at ``ci_level`` %, 90 here: the
        one the two one-sided tests use), the tested ``r`` with its ``r_low, r_high`` at
        ``r_level`` % (95; on ``scale="r"`` a "ruled out" row's is the 90 % interval its two
        one-sided tests use), ``p``, ``p_adj`` (the cell's: Simes over its lags, Benjamini-Hochberg
        over the question's cells), ``p_tost`` (the equivalence p of the verdict's scale),
        ``bound`` (the smallest effect that matters), ``r_bound`` (the analyst's
        correlation figure), ``white_p`` (Ljung-Box of the score's innovations),
        ``r_detectable`` (80 % power at α), ``n``, ``df``,
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
    kind : {"person", "team", "group"}
        ``"team"`` for :func:`team_answers` (one row per score × outcome, within sellers;
        ``bound`` is NaN there: a team's smallest effects that matter are per outcome, in
        ``bounds``, as a fraction of the outcome per rise of the score); ``"group"`` for
        :func:`~ssi_analysis.stats.groups.group_answers` (a team's rows per group).
    """

    table: pd.DataFrame
    lags: pd.DataFrame
    transforms: Mapping[str, str] = field(default_factory=dict)
    alpha: float = 0.05
    bound: float = 0.3
    unit: str = "week"
    bounds: Mapping[str, float] = field(default_factory=dict)
    horizons: Mapping[str, int] = field(default_factory=dict)
    kind: str = "person"

    def __post_init__(self) -> None:
        if self.kind not in ("person", "team", "group"):
            raise ValueError(
                f"Answers: kind must be 'person', 'team' or 'group'; got {self.kind!r}."
            )
        object.__setattr__(self, "transforms", MappingProxyType(dict(self.transforms)))
        object.__setattr__(self, "bounds", MappingProxyType(dict(self.bounds)))
        object.__setattr__(self, "horizons", MappingProxyType(dict(self.horizons)))

    def pair(
        self, score: str, outcome: str, person: str | None = None, *, group: str | None = None
    ) -> pd.Series:
        """Return the answer row of one score and outcome (of ``person`` or ``group``)."""
        rows = self._of(
            self.table[(self.table["score"] == score) & (self.table["outcome"] == outcome)],
            person,
            group,
        )
        if len(rows) != 1:
            known = ", ".join(
                f"{s}/{o}" for s, o in zip(self.table["score"], self.table["outcome"], strict=True)
            )
            raise KeyError(
                f"Answers.pair: no single answer for score={score!r}, outcome={outcome!r}"
                + (f", person={person!r}" if person is not None else "")
                + (f", group={group!r}" if group is not None else "")
                + (
                    " (answers per group: give group=)"
                    if self.kind == "group" and group is None
                    else ""
                )
                + f" ({len(rows)} rows); answered: {known or 'nothing'}"
            )
        return rows.iloc[0]

    def scan(
        self, score: str, outcome: str, person: str | None = None, *, group: str | None = None
    ) -> pd.DataFrame:
        """Every lag of one score and outcome, as tested for the answer (of a ``group``)."""
        rows = self.lags[(self.lags["score"] == score) & (self.lags["outcome"] == outcome)]
        if self.kind == "group" and group is None and rows["group"].nunique() > 1:
            raise KeyError(
                "Answers.scan: answers per group hold each group's lags; give group= (one of "
                + ", ".join(map(repr, sorted(rows["group"].unique())))
                + ")"
            )
        return self._of(rows, person, group).reset_index(drop=True)

    def _of(self, rows: pd.DataFrame, person: str | None, group: str | None) -> pd.DataFrame:
        if person is not None:
            rows = rows[rows["person"] == person]
        if group is not None:
            rows = rows[rows["group"] == group] if "group" in rows else rows.iloc[:0]
        return rows

    def __len__(self) -> int:
        return len(self.table)

    def _repr_html_(self) -> str:
        return self.table.drop(
            columns=["sentence", "between_sentence"], errors="ignore"
        )._repr_html_()


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
      its cell's adjusted p. The row shows the lag with the smallest p;
      ``lag_low``-``lag_high`` the lags whose own ``p_adj`` is below α (one lag is named in
      the sentence only when it is the only such lag; otherwise a range, or "within the
      lags scanned").
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
    >>> from ssi_analysis.stats.answers import VERDICTS
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
    # Every column as one array, read once (not a DataFrame per seller: a team of 500 spent
    # more on pandas than on the tests); each person is a set of rows of it.
    columns = list(dict.fromkeys([*scores, *outcomes]))
    values = np.column_stack(
        [pd.to_numeric(frame[c], errors="coerce").to_numpy(dtype=float) for c in columns]
    )
    clock = data_clock(frame, "answers")
    # the outcomes untransformed, on the same clock (regular_arrays checks it)
    raw_clock = data_clock(raw, "answers")
    raw_values = np.column_stack(
        [pd.to_numeric(raw[c], errors="coerce").to_numpy(dtype=float) for c in outcomes]
    )
    if "person" in frame.columns and frame["person"].nunique() > 1:
        by = frame.groupby("person", sort=True)
        rows_of = by.indices  # positions of each person's rows, in groupby's sorted order
        groups = [(str(p), rows_of[p]) for p in by.size().index]
        raws = raw.groupby(raw["person"].astype(str), sort=True).indices
    else:
        who = str(frame["person"].iloc[0]) if "person" in frame and len(frame) else ""
        groups, raws = [(who, np.arange(len(frame)))], {who: np.arange(len(raw))}
    masks: dict = {}  # the holiday mask of each clock: a team's sellers share one or a few
    together = {}
    if scale == "effect" and len(groups) > 1:
        # a team's sellers on one clock with every value known: scanned at once (batch.py)
        together = scan_together(
            clock,
            values,
            raw_clock=raw_clock,
            raw_values=raw_values,
            groups=groups,
            raws=raws,
            columns=columns,
            scores=scores,
            outcomes=outcomes,
            lags=lags,
            r_bound=r_bound,
            bounds=bounds,
            horizon=horizon,
            alpha=alpha,
            windows=windows,
            cycle=cycle,
            masks=masks,
        )
    scanned = [
        together[person]
        if person in together
        else _scan_person(
            clock[rows],
            values[rows],
            raw_clock=raw_clock[raws[person]],
            raw_values=raw_values[raws[person]],
            columns=columns,
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
            masks=masks,
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


def _scan_person(
    clock,
    values,
    *,
    raw_clock,
    raw_values,
    columns,
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
    masks=None,
) -> dict:
    """Every lag of every score and outcome of one person, and each pair's effect.

    ``values`` holds one column per name of ``columns`` (the scores, then the outcomes not
    among them), one row per date of ``clock``; ``raw_values`` the outcomes untransformed,
    one row per date of ``raw_clock``. ``masks`` (a dict shared by the people of one call)
    keeps the holiday mask of each clock seen: the sellers of a team mostly share one, and
    the mask walks the calendar in pandas.
    """
    periods, on_clock, unit = regular_arrays(clock, values, who="answers")
    series = dict(zip(columns, np.ascontiguousarray(on_clock.T), strict=True))
    key = (periods[0], periods[-1], len(periods), periods.freqstr) if len(periods) else None
    masks = {} if masks is None else masks
    if key not in masks:
        masks[key] = _holiday_mask(periods, windows)
    if raw_clock.has_duplicates:  # pandas' reindex refuses it, with its own message
        raw_on = pd.DataFrame(raw_values, index=raw_clock).reindex(periods).to_numpy()
    else:  # the raw rows on the person's clock (a date off it is left out, as reindex does)
        raw_on = np.full((len(periods), len(outcomes)), np.nan)
        at = periods.get_indexer(raw_clock)
        raw_on[at[at >= 0]] = raw_values[at >= 0]
    raws = dict(zip(outcomes, np.ascontiguousarray(raw_on.T), strict=True))
    # the periods a horizon can use: from the first to the last period with a score (an
    # outcome export reaching past the SSI log adds periods no effect can be read on)
    seen = np.flatnonzero(np.any([~np.isnan(series[s]) for s in scores], axis=0))
    span = int(seen[-1] - seen[0] + 1) if len(seen) else 0
    horizons = _resolve_horizons(horizon, outcomes, unit, span, cycle)
    pairs = []
    owns: dict[str, Filter] = {}  # each outcome's own filter, the same beside every score
    for score in scores:
        x = series[score]
        filt = _filter(x)
        fx = apply_filter(filt, x) if filt.status == "ok" else None
        shared = {"e": fx}  # the score's own pieces of its effect tests, one per score
        for outcome in outcomes:
            y = series[outcome]
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
                    raws[outcome],
                    horizon=h,
                    rise=RISE.get(score, 1.0),
                    alpha=alpha,
                    relative=relative,
                    filt=filt,
                    shared=shared,
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
                    "y_raw": raws[outcome],
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
        "holiday": masks[key].copy(),
        "pairs": pairs,
        "horizons": {o: h for o, (h, _, _) in horizons.items()},
        "cycle": cycle,
    }


def _lag_range(
    lags: Sequence[int],
    lag_adj: np.ndarray,
    alpha: float,
    scan: Mapping | None = None,
    best: int | None = None,
) -> tuple[float, float]:
    """Return the lags a link cannot be told apart from: lowest, highest (NaN, NaN if none).

    The lags whose own adjusted p is below α, widened (given the ``scan`` and the ``best``
    lag's index) by every lag whose correlation is not detectably different from the best
    one's: Fisher's z of the two within t(1 − α/2)·√(1/(n_best − 3) + 1/(n_k − 3)), as the
    team's answer does with its slopes. A persistent score with a same-week link and an
    AR(2) outcome once had "3 weeks later" said as a fact in about a quarter of its "linked"
    answers (the lag named right in 72.7 %).
    """
    hit = [k for k, p in zip(lags, lag_adj, strict=True) if np.isfinite(p) and p < alpha]
    if not hit:
        return (np.nan, np.nan)
    if scan is not None and best is not None:
        r = np.clip(np.asarray(scan["r"], dtype=float), -0.999, 0.999)
        n = np.asarray(scan["n"], dtype=float)
        z, var = np.arctanh(r), 1.0 / np.maximum(n - 3, 1.0)
        crit = special.ndtri(1 - alpha / 2)  # norm.ppf, without the wrapper
        with np.errstate(invalid="ignore"):
            near = np.abs(z[best] - z) <= crit * np.sqrt(var[best] + var)
        hit = sorted({*hit, *(lags[k] for k in np.flatnonzero(near))})
    return (int(min(hit)), int(max(hit)))


def _r_interval(scan: Mapping, index: int, alpha: float, *, tost: bool = False) -> dict:
    """``r, r_low, r_high, r_level`` of the row at ``index`` of a lag scan.

    The test's 100 (1 − α) interval; a "ruled out" decided on the correlation scale
    (``tost``) shows the 100 (1 − 2α) interval its two one-sided tests use instead: at the
    row's lag (the binding one) it lies inside ±bound, where the 95 % one can reach past it.
    The same Fisher-z interval as the test's (:func:`~ssi_analysis.stats._core.z_interval`)
    on the row's own ``r`` and ``df``.
    """
    r = scan["r"][index]
    if tost:
        low, high = z_interval(float(r), float(scan["df"][index]), 2 * alpha)
        return {"r": r, "r_low": low, "r_high": high, "r_level": round(100 * (1 - 2 * alpha), 6)}
    return {
        "r": r,
        "r_low": scan["ci_low"][index],
        "r_high": scan["ci_high"][index],
        "r_level": round(100 * (1 - alpha), 6),
    }


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
        lag_low, lag_high = (
            (0, pair["horizon"])
            if by_effect
            else _lag_range(lags, lag_adj, alpha, scan, index)
            if verdict == "linked"
            else (np.nan, np.nan)
        )
        record = {
            "person": person,
            "score": score,
            "outcome": outcome,
            "question": pair["question"],
            "verdict": verdict,
            "lag": lags[index],
            "lag_low": lag_low,
            "lag_high": lag_high,
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
            **_r_interval(scan, index, alpha, tost=scale == "r" and verdict == "ruled out"),
            **{k: scan[k][index] for k in ("p", "r_detectable")},
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
                x,
                pair["y_raw"],
                pair["bound"],
                pair["horizon"],
                RISE.get(score, 1.0),
                alpha,
                moments=pair.get("team_moments"),  # the sellers scanned together have theirs
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
                    "r": scan["r"][i],
                    "r_low": scan["ci_low"][i],
                    "r_high": scan["ci_high"][i],
                    **{c: scan[c][i] for c in ("p", "r_detectable")},
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
