"""Build step: ship the notebooks and the sample data in the wheel without moving them.

Everything else about the package is declared in ``pyproject.toml``. The notebooks live in
``notebooks/`` (marketer) and ``notebooks/workshop/`` (the workshop pack), and the sample data
in ``data/sample/``, at the top of the repository, where people open them from a clone; the
installed kit finds them as package data under ``ssi_analysis/notebooks/`` and
``ssi_analysis/sample/`` with ``importlib.resources``
(:func:`ssi_analysis.present.workshop.notebook_folder`, ``ssi-analysis report --sample``).
setuptools' package-data options only take files inside a package folder, and mapping these
folders in as packages would mean listing every subpackage by hand, so this copies them into
the build at build time; no copy is committed. An editable install reads them from the
checkout and needs no copy.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
#: What ships: folder of the repository -> (folder in the package, file patterns in it). The
#: marketer notebooks, the workshop pack with its teacher's README, and the sample data.
SHIPPED = {
    "notebooks": ("notebooks", ("*.ipynb", "workshop/*.ipynb", "workshop/README.md")),
    "data/sample": ("sample", ("*.*", "team/*.*")),
}


class BuildWithNotebooks(build_py):
    """``build_py`` that also copies :data:`SHIPPED` into the package."""

    def run(self):
        """Build the package as usual, then copy the notebooks and the sample into it."""
        super().run()
        if self.editable_mode:  # an editable install finds them in the checkout
            return
        for folder, (name, patterns) in SHIPPED.items():
            source = HERE / folder
            target = Path(self.build_lib) / "ssi_analysis" / name
            for pattern in patterns:
                for path in sorted(source.glob(pattern)):
                    destination = target / path.relative_to(source)
                    self.mkpath(str(destination.parent))
                    self.copy_file(str(path), str(destination))


setup(cmdclass={"build_py": BuildWithNotebooks})
