"""Presentation: plain words for results, the pictures, and the report (page and CSV).

Numbers are computed in :mod:`ssi_analysis.stats`; rounding and wording happen only here.
"""
