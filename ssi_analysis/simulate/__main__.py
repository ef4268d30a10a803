"""``python -m ssi_analysis.simulate [FOLDER]``: write the sample data."""

from ssi_analysis.simulate.sample import main

raise SystemExit(main())
