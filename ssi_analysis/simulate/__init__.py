"""Simulated data of known truth: the model, writers of real export formats, the sample data.

- :func:`~ssi_analysis.simulate.model.simulate` — scenarios with a :class:`Truth` record;
- :mod:`~ssi_analysis.simulate.writers` — the frames written as real exports (SSI log, SSI
  page JSON lines, creator analytics xlsx, HubSpot and Salesforce deals);
- :mod:`~ssi_analysis.simulate.sample` — ``python -m ssi_analysis.simulate`` writes
  ``data/sample/``.
"""

from ssi_analysis.simulate.model import SCENARIOS, Change, Link, Quiet, Simulation, Truth, simulate

__all__ = ["SCENARIOS", "Change", "Link", "Quiet", "Simulation", "Truth", "simulate"]
