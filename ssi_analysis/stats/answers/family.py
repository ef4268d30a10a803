"""The family adjustment: each cell's lags folded (Simes, Hommel within the cell)."""

from __future__ import annotations

import numpy as np

from ssi_analysis.stats._core import (
    adjust_p,
)


def _hommel(p: np.ndarray) -> np.ndarray:
    """Hommel-adjusted p within one cell (its smallest is Simes' p of the cell); NaN kept."""
    return adjust_p(p, method="hommel")


def _family_adjust(scanned: list[dict], family: str) -> list[list[tuple[float, np.ndarray, bool]]]:
    """Per person, per pair: (the cell's adjusted p, each lag's adjusted p, by the effect).

    A cell's p is Simes' over its lags (the smallest Hommel p). Where the pair has the
    effect's own two-sided p instead (a horizon longer than the lag scan: revenue and deals
    won arrive over the sales cycle), the cell's p is that one: "linked" and "ruled out"
    then rest on one estimate, the cumulative effect over the horizon (``by the effect``).
    Cells are adjusted by Benjamini-Hochberg within each question — of one person, or of
    everyone (``family="all"``). A lag's adjusted p is the larger of its Hommel p and its
    cell's.
    """
    cells = []  # (person index, pair index, question, cell p, hommel lag ps, by effect)
    for i, one in enumerate(scanned):
        for j, pair in enumerate(one["pairs"]):
            lag_p = _hommel(np.asarray(pair["scan"]["p"], dtype=float))
            simes = float(np.nanmin(lag_p)) if np.isfinite(lag_p).any() else np.nan
            p_eff = float(pair.get("effect_p", np.nan))
            by_effect = bool(np.isfinite(p_eff))
            cells.append((i, j, pair["question"], p_eff if by_effect else simes, lag_p, by_effect))
    out = [[None] * len(one["pairs"]) for one in scanned]
    keys = {(c[0] if family == "person" else 0, c[2]) for c in cells}
    for key in keys:
        members = [c for c in cells if (c[0] if family == "person" else 0, c[2]) == key]
        adj = adjust_p(np.array([c[3] for c in members]))
        for c, a in zip(members, adj, strict=True):
            out[c[0]][c[1]] = (float(a), np.fmax(c[4], a), c[5])
    return out
