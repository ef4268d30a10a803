"""Statistics on loaded and aligned data: computed here, worded and drawn elsewhere.

- :mod:`~ssi_analysis.stats.correlation`: ``correlate``, ``lag_scan``, ``correlation_table``,
  ``partial`` (prewhitened tests that hold their false-positive rate on trending series);
- :mod:`~ssi_analysis.stats.answers`: ``answers`` (linked / ruled out / can't tell yet, with
  robustness caveats: the one answer every page shows), ``adjust_p`` (Benjamini-Hochberg);
- :mod:`~ssi_analysis.stats.timeseries`: ``diagnose``, ``granger``;
- :mod:`~ssi_analysis.stats.team`: ``team_effect`` (within vs between people);
- :mod:`~ssi_analysis.stats.intervention`: ``intervention`` (did a change on a date work?);
- :mod:`~ssi_analysis.stats.power`: ``power``, ``min_detectable_r``;
- :mod:`~ssi_analysis.stats.diagnostic`: ``pillar_gaps`` (which pillar holds the total back),
  ``activity_links`` (which of your own activities lead which pillar; the answers' machinery);
- ``_core`` and ``_series``: the hand-written numerics and the clock handling they share.

The array-level pieces other statistics build on are public here: :func:`pair_test` (the one
test every correlation runs, returning a :class:`PairTest`), :func:`fit_filter` (a score's
prewhitening filter, fitted once and reused across outcomes and lags), :func:`z_se` (the
Fisher-z scale every interval, p and power is built on) and :func:`adjust_p` (multiple-testing
adjustment, Benjamini-Hochberg by default).
"""

from ssi_analysis.stats._core import (
    STATUSES,
    Filter,
    PairTest,
    adjust_p,
    fit_filter,
    pair_test,
    z_se,
)

__all__ = ["STATUSES", "Filter", "PairTest", "adjust_p", "fit_filter", "pair_test", "z_se"]

#: Public statistics loaded on first use (they pull in statsmodels through ``answers``).
_LAZY = {
    "activity_links": "ssi_analysis.stats.diagnostic",
    "pillar_gaps": "ssi_analysis.stats.diagnostic",
}
__all__ += list(_LAZY)


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ssi_analysis.stats' has no attribute {name!r}")
