"""Build step: ship the notebooks in the wheel without moving them in the repository.

Everything else about the package is declared in ``pyproject.toml``. The notebooks live in
``notebooks/`` (marketer) and ``notebooks/workshop/`` (the workshop pack) at the top of the
repository, where people open them from a clone; the installed kit finds them as package data
under ``ssi_analysis/notebooks/`` with ``importlib.resources``
(:func:`ssi_analysis.present.workshop.notebook_folder`). setuptools' package-data options only
take files inside a package folder, and mapping ``notebooks/`` in as a package would mean
listing every subpackage by hand, so this copies them into the build at build time; no copy is
committed. An editable install reads them from the checkout and needs no copy.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: What ships, relative to ``notebooks/``: the marketer notebooks, the workshop pack and its
#: teacher's README.
NOTEBOOK_FILES = ("*.ipynb", "workshop/*.ipynb", "workshop/README.md")


class BuildWithNotebooks(build_py):
    """``build_py`` that also copies ``notebooks/`` into ``ssi_analysis/notebooks/``."""

    def run(self):
        """Build the package as usual, then copy the notebooks into it."""
        super().run()
        if self.editable_mode:  # an editable install finds notebooks/ in the checkout
            return
        source = HERE / "notebooks"
        target = Path(self.build_lib) / "ssi_analysis" / "notebooks"
        for pattern in NOTEBOOK_FILES:
            for path in sorted(source.glob(pattern)):
                destination = target / path.relative_to(source)
                self.mkpath(str(destination.parent))
                self.copy_file(str(path), str(destination))


setup(cmdclass={"build_py": BuildWithNotebooks})
