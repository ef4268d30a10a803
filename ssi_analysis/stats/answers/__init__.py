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

The package, by role: :mod:`.person` (one person's scan, adjustment and decision),
:mod:`.team` (the team's within- and between-people answers), :mod:`.seller` (each seller
without the team's shared swing), :mod:`.family` (the cell's family adjustment),
:mod:`.forking` (the same question under other choices), :mod:`.robust` (the checks of a link),
:mod:`.holidays` and :mod:`._common` (what they share). The sentences are built from each
row's numbers by :mod:`ssi_analysis.words.answers` (a base layer the statistics call: it may
not import :mod:`ssi_analysis.present`, nor the statistics). Every name is imported from here,
as before the split.
"""

# Names the kit, its tests and notebooks import from here (public ones in __all__).
from ssi_analysis.stats._core import adjust_p
from ssi_analysis.stats._series import MIN_PAIRS  # noqa: F401
from ssi_analysis.stats.answers._common import (  # noqa: F401
    LAG_COLUMNS,
    MONEY_OUTCOMES,
    SCORES,
    TABLE_COLUMNS,
    VERDICTS,
    _check_lag,
    _check_levels,
    outcome_columns,
    panel_currency,
    slope_unit,
    tost_r,
    transform_outcomes,
)
from ssi_analysis.stats.answers.forking import (  # noqa: F401
    CHOICE_WORDS,
    compare_verdicts,
    forking_paths,
)
from ssi_analysis.stats.answers.holidays import (  # noqa: F401
    YEAR_END,
    holiday_mask,
)
from ssi_analysis.stats.answers.person import (  # noqa: F401
    Answers,
    _lag_range,
    answer_pair,
    answers,
    decide,
    scan_pair,
)
from ssi_analysis.stats.answers.robust import (  # noqa: F401
    robustness,
)
from ssi_analysis.stats.answers.seller import (
    seller_answers,
    seller_note,
    without_team_swing,
)
from ssi_analysis.stats.answers.team import (  # noqa: F401
    TEAM_COLUMNS,
    TEAM_LAG_COLUMNS,
    TEAM_TRANSFORMS,
    team_answers,
    team_scan,
)
from ssi_analysis.words.answers import (  # noqa: F401
    RISE_WORDS,
    _fmt_p,
    _label,
    _team_sentence,
    sentence,
)

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
