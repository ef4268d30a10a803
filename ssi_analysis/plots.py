"""``ssi_analysis.plots``: the kit's pictures (they live in :mod:`ssi_analysis.present.plots`)."""

from ssi_analysis.present.plots import (
    heatmap,
    lag_profile,
    pillar_lines,
    pillars,
    scatter,
    team,
    timeline,
)

__all__ = ["heatmap", "lag_profile", "pillar_lines", "pillars", "scatter", "team", "timeline"]
