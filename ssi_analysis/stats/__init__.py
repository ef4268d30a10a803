"""Statistics on loaded and aligned data: computed here, worded and drawn elsewhere.

- :mod:`~ssi_analysis.stats.correlation`: ``correlate``, ``lag_scan``, ``correlation_table``,
  ``partial`` (prewhitened tests that hold their false-positive rate on trending series);
- :mod:`~ssi_analysis.stats.timeseries`: ``diagnose``, ``granger``;
- :mod:`~ssi_analysis.stats.team`: ``team_effect`` (within vs between people);
- :mod:`~ssi_analysis.stats.intervention`: ``intervention`` (did a change on a date work?);
- :mod:`~ssi_analysis.stats.power`: ``power``, ``min_detectable_r``;
- :mod:`~ssi_analysis.stats.describe`: ``describe_scores``;
- ``_core`` and ``_series``: the hand-written numerics and the clock handling they share.
"""
