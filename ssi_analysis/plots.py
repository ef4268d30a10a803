"""``ssi_analysis.plots``: the kit's pictures (they live in :mod:`ssi_analysis.present.plots`)."""

# One list of the public pictures: present/plots.py's __all__, re-exported as it stands.
from ssi_analysis.present.plots import *  # noqa: F403
from ssi_analysis.present.plots import __all__  # noqa: F401
