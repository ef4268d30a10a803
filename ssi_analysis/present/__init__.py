"""Presentation: plain words for results (and, later, plots and the report).

Numbers are computed in :mod:`ssi_analysis.stats`; rounding and wording happen only here.
"""
