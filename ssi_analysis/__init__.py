"""Check whether LinkedIn's Social Selling Index moves with the outcomes that matter.

The package is layered; each layer imports only from the layers above it in this list:

1. ``exceptions``, ``errors``, ``names`` — every exception of the kit (one module), helpers
   that name problems, and the kit's vocabulary (column names).
2. ``readers/`` — one module per source family: file bytes to raw records with line numbers.
3. ``schema/`` — values read and checked against the rules; the public loaders and the
   load report.
4. ``align/`` — scores and outcomes on one clock, with an explicit gap policy.
5. ``stats/`` — statistics (computed there, worded and drawn elsewhere).
6. ``analysis`` — one :class:`Analysis` of the user's :class:`Choices`, computed once by
   :func:`analyse` (load, choose rows, align, answer, diagnose, before/after, notes).
7. ``present/`` and ``cli`` — plain words and the page (they render an ``Analysis``), and
   the ``ssi-analysis`` command.

The public functions are importable from the top level; heavy modules load on first use, so
``import ssi_analysis`` stays quick.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_LAZY = {
    "answers": "ssi_analysis.stats.answers",
    "Answers": "ssi_analysis.stats.answers",
    "team_answers": "ssi_analysis.stats.answers",
    "correlate": "ssi_analysis.stats.correlation",
    "correlation_table": "ssi_analysis.stats.correlation",
    "describe_scores": "ssi_analysis.schema.summary",
    "pillar_gaps": "ssi_analysis.stats.diagnostic",
    "activity_links": "ssi_analysis.stats.diagnostic",
    "diagnose": "ssi_analysis.stats.timeseries",
    "experiment": "ssi_analysis.stats.experiment",
    "explain": "ssi_analysis.present.words",
    "granger": "ssi_analysis.stats.timeseries",
    "intervention": "ssi_analysis.stats.intervention",
    "lag_scan": "ssi_analysis.stats.correlation",
    "min_detectable_r": "ssi_analysis.stats.power",
    "partial": "ssi_analysis.stats.correlation",
    "power": "ssi_analysis.stats.power",
    "team_effect": "ssi_analysis.stats.team",
    "team_scan": "ssi_analysis.stats.answers",
    "seller_answers": "ssi_analysis.stats.answers",
    "forking_paths": "ssi_analysis.stats.answers",
    "team_needed": "ssi_analysis.stats.power",
    "team_power": "ssi_analysis.stats.power",
    "write_csv": "ssi_analysis.present.export",
    "pillar_grid": "ssi_analysis.present.report",
    "plan_experiment": "ssi_analysis.present.experiment",
    "make_report": "ssi_analysis.present.report",
    "build_report": "ssi_analysis.present.report",
    "Report": "ssi_analysis.present.report",
    "align": "ssi_analysis.align.panel",
    "AlignReport": "ssi_analysis.align.panel",
    "load_outcomes": "ssi_analysis.schema.outcomes",
    "load_ssi": "ssi_analysis.schema.ssi",
    "LoadReport": "ssi_analysis.schema.report",
    "SSIDataError": "ssi_analysis.exceptions",
    "Analysis": "ssi_analysis.analysis",
    "Choices": "ssi_analysis.analysis",
    "analyse": "ssi_analysis.analysis",
    "OutputError": "ssi_analysis.exceptions",
    "ReportError": "ssi_analysis.exceptions",
    "GroupByError": "ssi_analysis.exceptions",
}
#: Subpackages reachable as attributes (``ssi_analysis.simulate.simulate(...)``).
_MODULES = {"plots": "ssi_analysis.plots", "simulate": "ssi_analysis.simulate"}
__all__ = sorted([*_LAZY, *_MODULES])

if TYPE_CHECKING:
    from ssi_analysis.align.panel import AlignReport as AlignReport
    from ssi_analysis.align.panel import align as align
    from ssi_analysis.analysis import Analysis as Analysis
    from ssi_analysis.analysis import Choices as Choices
    from ssi_analysis.analysis import analyse as analyse
    from ssi_analysis.exceptions import GroupByError as GroupByError
    from ssi_analysis.exceptions import OutputError as OutputError
    from ssi_analysis.exceptions import ReportError as ReportError
    from ssi_analysis.exceptions import SSIDataError as SSIDataError
    from ssi_analysis.present.experiment import plan_experiment as plan_experiment
    from ssi_analysis.present.export import write_csv as write_csv
    from ssi_analysis.present.report import Report as Report
    from ssi_analysis.present.report import build_report as build_report
    from ssi_analysis.present.report import make_report as make_report
    from ssi_analysis.present.report import pillar_grid as pillar_grid
    from ssi_analysis.present.words import explain as explain
    from ssi_analysis.schema.outcomes import load_outcomes as load_outcomes
    from ssi_analysis.schema.report import LoadReport as LoadReport
    from ssi_analysis.schema.ssi import load_ssi as load_ssi
    from ssi_analysis.schema.summary import describe_scores as describe_scores
    from ssi_analysis.stats.answers import Answers as Answers
    from ssi_analysis.stats.answers import answers as answers
    from ssi_analysis.stats.answers import forking_paths as forking_paths
    from ssi_analysis.stats.answers import seller_answers as seller_answers
    from ssi_analysis.stats.answers import team_answers as team_answers
    from ssi_analysis.stats.answers import team_scan as team_scan
    from ssi_analysis.stats.correlation import correlate as correlate
    from ssi_analysis.stats.correlation import correlation_table as correlation_table
    from ssi_analysis.stats.correlation import lag_scan as lag_scan
    from ssi_analysis.stats.correlation import partial as partial
    from ssi_analysis.stats.diagnostic import activity_links as activity_links
    from ssi_analysis.stats.diagnostic import pillar_gaps as pillar_gaps
    from ssi_analysis.stats.experiment import experiment as experiment
    from ssi_analysis.stats.intervention import intervention as intervention
    from ssi_analysis.stats.power import min_detectable_r as min_detectable_r
    from ssi_analysis.stats.power import power as power
    from ssi_analysis.stats.power import team_needed as team_needed
    from ssi_analysis.stats.power import team_power as team_power
    from ssi_analysis.stats.team import team_effect as team_effect
    from ssi_analysis.stats.timeseries import diagnose as diagnose
    from ssi_analysis.stats.timeseries import granger as granger


class _Package(types.ModuleType):
    """The package module: a public function is never shadowed by a subpackage of its name.

    Importing ``ssi_analysis.align.panel`` (as the report does) makes the import system set
    ``ssi_analysis.align`` to the *subpackage*, after which ``ssi.align(...)`` failed with
    "'module' object is not callable". The function keeps the name; the subpackage stays
    reachable through ``sys.modules`` and ``import ssi_analysis.align.panel``.
    """

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    raise AttributeError(f"module 'ssi_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the public API only (not the helpers this module imports)."""
    return sorted([*__all__, "__version__"])
