"""Alignment: scores and outcomes on one clock (see :mod:`ssi_analysis.align.panel`)."""
