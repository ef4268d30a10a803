"""Check whether LinkedIn's Social Selling Index moves with the outcomes that matter.

The package is layered; each layer imports only from the layers above it in this list:

1. ``errors``, ``names`` — the exception users see, and the kit's vocabulary (column names).
2. ``readers/`` — one module per source family: file bytes to raw records with line numbers.
3. ``schema/`` — values read and checked against the rules; the public loaders and the
   load report.
4. ``align/`` — scores and outcomes on one clock, with an explicit gap policy.
5. ``stats/`` — statistics (computed there, worded and drawn elsewhere).
6. ``cli`` — the ``ssi-analysis`` command.

The public functions are importable from the top level; heavy modules load on first use, so
``import ssi_analysis`` stays quick.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

_LAZY = {
    "align": "ssi_analysis.align.panel",
    "AlignReport": "ssi_analysis.align.panel",
    "load_outcomes": "ssi_analysis.schema.outcomes",
    "load_ssi": "ssi_analysis.schema.ssi",
    "LoadReport": "ssi_analysis.schema.report",
    "SSIDataError": "ssi_analysis.errors",
}
__all__ = sorted(_LAZY)

if TYPE_CHECKING:
    from ssi_analysis.align.panel import AlignReport as AlignReport
    from ssi_analysis.align.panel import align as align
    from ssi_analysis.errors import SSIDataError as SSIDataError
    from ssi_analysis.schema.outcomes import load_outcomes as load_outcomes
    from ssi_analysis.schema.report import LoadReport as LoadReport
    from ssi_analysis.schema.ssi import load_ssi as load_ssi


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'ssi_analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
