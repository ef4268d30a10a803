"""``ssi_analysis.plots``: the kit's pictures (they live in :mod:`ssi_analysis.present.plots`)."""

from ssi_analysis.present.plots import (
    heatmap,
    intervention,
    lag_profile,
    link_grid,
    pillar_benchmarks,
    pillar_lines,
    pillars,
    scatter,
    team,
    timeline,
)

__all__ = [
    "heatmap",
    "intervention",
    "lag_profile",
    "link_grid",
    "pillar_benchmarks",
    "pillar_lines",
    "pillars",
    "scatter",
    "team",
    "timeline",
]
