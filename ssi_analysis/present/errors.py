"""The report's errors, at their old import path; they live in :mod:`ssi_analysis.exceptions`."""

from __future__ import annotations

from ssi_analysis.exceptions import GroupByError, ReportError

__all__ = ["GroupByError", "ReportError"]
