"""The report's own errors, apart from the report module so that catching them is cheap.

``ssi-analysis`` catches them around every command; importing :mod:`ssi_analysis.present.report`
for two classes would load the statistics (scipy, statsmodels) before even ``load`` runs.
"""

from __future__ import annotations

__all__ = ["GroupByError", "ReportError"]


class ReportError(RuntimeError):
    """The report could not be made; the message says why and what to do."""


class GroupByError(ReportError):
    """``--group-by`` names a column the team file does not have (a usage mistake)."""
