"""The kit works installed, not only from a clone: the README's first command, as written.

The slow test copies what a clone holds (the sources, the notebooks, the sample data) to a
folder outside the checkout and runs the README's install-and-report command there verbatim:
``python3 -m venv .venv``, ``pip install .`` (pip builds the wheel, with the notebooks and the
sample that ``setup.py`` copies into it) and ``ssi-analysis report --sample``. Then it runs
the other commands a new user runs in that environment, from a folder without the sources, and
checks that the kit, its notebooks and its sample came from the installed package.

The environment is seeded, not empty: before the README's command, ``.venv`` is made (without
pip) with one ``.pth`` line naming a folder of links to this test environment's installed
distributions, all but the kit itself, pip and setuptools. ``python3 -m venv .venv`` keeps an
existing folder's contents, so pip finds every dependency already satisfied and installs the
kit alone. What this proves: the README's command, run verbatim, builds the kit's wheel with
its package data, installs it and its ``ssi-analysis`` command, and the installed kit runs the
report, the workshop, a notebook under a kernel, and copies the marketer notebooks, from
outside the checkout. What it does not prove: that pip resolves and downloads the dependencies
into an empty environment. CI's own install (``.ci/run``: the same ``dependencies`` plus the
test extra, into a fresh ``.venv``) does that on every run, and repeating it here cost about
three minutes of the suite's time; what only this file could catch there, a module the kit
imports that ``pyproject.toml`` does not declare (the test extra would hide it), is checked by
:func:`test_every_module_the_kit_imports_is_a_declared_dependency`.
"""

from __future__ import annotations

import ast
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest
from test_docs import quick_start

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_install")

REPO = Path(__file__).resolve().parents[1]
#: What a clone holds that the install and the sample report use.
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "ssi_analysis",
    "notebooks",
    "data",
)


def _copy_sources(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")
    target.mkdir(parents=True)
    for name in SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    return target


def _run(command: list[str], cwd: Path, env: dict, timeout: int = 300):
    run = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert run.returncode == 0, f"{command}: exit {run.returncode}\n{run.stdout}\n{run.stderr}"
    return run


def readme_report_files() -> set[str]:
    """The files the README says the sample report writes (the paragraph after the command)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    claim = re.search(r"It writes (\d+) files into the current folder:(.*?)\n\n", text, re.S)
    assert claim, "the README says how many files the report writes"
    names = set(re.findall(r"`(report[\w.]*)`", claim[2]))
    assert len(names) == int(claim[1]), claim[0]
    return names


#: Distributions of this environment the seeded venv does not see: the kit (an editable
#: install here, its finder and .pth included) and the installers the new venv has its own of.
NOT_SEEDED = ("ssi-analysis", "pip", "setuptools")


def _name(requirement: str) -> str:
    """A distribution's normalised name (PEP 503) from a requirement or a name."""
    return re.sub(r"[-_.]+", "-", re.match(r"\s*[A-Za-z0-9._-]+", requirement)[0]).lower()


def _seed_venv(venv: Path, deps: Path) -> Path:
    """Make ``venv`` (no pip: the README's command adds it) seeing this environment's
    dependencies, through a ``.pth`` line naming ``deps``: a folder of links to every entry of
    this environment's site-packages except those of :data:`NOT_SEEDED`. A folder named by a
    ``.pth`` line is not scanned for ``.pth`` files itself, and ``deps`` holds none. Returns
    the venv's site-packages."""
    here = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    hidden = set()  # what those distributions' RECORDs list at the top of site-packages
    for dist in importlib.metadata.distributions(path=sorted(here)):
        if _name(dist.metadata["Name"]) in NOT_SEEDED:
            hidden |= {f.parts[0] for f in dist.files or () if f.parts[0] != ".."}
    hidden.discard("__pycache__")  # shared by every top-level module

    def seeded(entry: Path) -> bool:
        if entry.suffix in (".dist-info", ".egg-info"):  # also any without a RECORD
            return _name(entry.name.split("-")[0]) not in NOT_SEEDED
        return entry.name not in hidden and entry.suffix != ".pth"

    deps.mkdir()
    for folder in sorted(here):
        for entry in Path(folder).iterdir():
            if not seeded(entry) or (deps / entry.name).exists():
                continue
            (deps / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run(
        [str(venv / "bin" / "python"), "-c", purelib], capture_output=True, text=True, check=True
    ).stdout.strip()
    (Path(site) / "_seeded_from_the_test_environment.pth").write_text(f"{deps}\n")
    # and the data files the dependencies install beside site-packages (nbconvert's templates,
    # the kernel's spec, Jupyter's configuration), in folders of the venv's own
    for data in ("share/jupyter", "etc/jupyter"):
        if (Path(sys.prefix) / data).is_dir():
            (venv / data).mkdir(parents=True)
            for entry in (Path(sys.prefix) / data).iterdir():
                (venv / data / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return Path(site)


def _kit_here(env: dict, cwd: Path) -> str:
    """Where this environment's Python imports the kit from (its editable install, or none)."""
    return _run(
        [
            sys.executable,
            "-c",
            "import importlib.util as u; s = u.find_spec('ssi_analysis'); print(s and s.origin)",
        ],
        cwd,
        env,
    ).stdout


def _this_environment() -> dict[str, float]:
    """This environment's site-packages entries and their times: the seeded run changes none."""
    here = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    return {str(p): p.lstat().st_mtime for folder in here for p in Path(folder).iterdir()}


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The README's first command run verbatim in a copy of the clone, outside the checkout."""
    base = tmp_path_factory.mktemp("install")
    clone = _copy_sources(base / "clone")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # (no PIP_NO_COMPILE: "1" never turned pip's byte-compiling off, see .ci/run; the venv's
    # own pip, setuptools and kit are all it installs)
    # python3 is this interpreter (its folder first on PATH), as in an activated environment.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = next(code for lang, code in quick_start() if lang == "bash")
    venv = clone / ".venv"
    site = _seed_venv(venv, base / "deps")
    before, environment = set(os.listdir(clone)), _this_environment()
    kit_here = _kit_here(env, base)
    done = _run(["bash", "-euo", "pipefail", "-c", command], clone, env, timeout=900)
    run_dir = base / "run"
    run_dir.mkdir()
    return {
        "site": site,
        "environment": environment,
        "kit_here": kit_here,
        "report": done,
        # pip's in-tree build leaves build/ and *.egg-info beside the sources: not the report's
        "written": {
            n
            for n in set(os.listdir(clone)) - before - {".venv", "build"}
            if not n.endswith(".egg-info")
        },
        "clone": clone,
        "python": venv / "bin" / "python",
        "command": venv / "bin" / "ssi-analysis",
        "venv": venv,
        "env": env,
        "cwd": run_dir,
    }


@pytest.mark.slow  # the README's install command: a fresh venv and a full install
def test_readme_command_installs_and_writes_the_files_it_names(installed):
    assert installed["written"] == readme_report_files()
    assert "wrote" in installed["report"].stdout
    # the seed held: the venv kept its .pth, pip installed the kit alone, from the wheel it
    # built, into the new venv, and left this environment (its editable kit too) as it was
    site = installed["site"]
    assert (site / "_seeded_from_the_test_environment.pth").is_file()
    assert "Successfully installed ssi-analysis-" in installed["report"].stdout
    added = {p.name.split("-")[0].lower() for p in site.glob("*.dist-info")}
    assert added == {"pip", "setuptools", "ssi_analysis"}, added
    assert installed["environment"] == _this_environment()
    assert _kit_here(installed["env"], installed["cwd"]) == installed["kit_here"]


@pytest.mark.slow  # builds a wheel, makes a venv and runs the report, the workshop and a kernel
def test_installed_kit_runs_the_report_and_the_workshop(installed):
    import nbformat

    python, env, cwd = installed["python"], installed["env"], installed["cwd"]
    # Where the installed kit finds itself, its notebooks and its sample; then a notebook run
    # the way the pack runs each one (papermill, the pack's kernel and kernel manager): its
    # kernel is the venv's Python and imports the installed kit. (What the shipped notebooks
    # compute under a kernel is tests/test_workshop.py's and tests/test_notebooks.py's.)
    cell = "import sys, ssi_analysis; print(sys.executable); print(ssi_analysis.__file__)"
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(cell)])
    probe.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    nbformat.write(probe, cwd / "probe.ipynb")
    said = _run(
        [
            str(python),
            "-c",
            "from importlib.resources import files; from pathlib import Path;"
            "print(files('ssi_analysis').joinpath('notebooks'));"
            "import ssi_analysis; from ssi_analysis.present.workshop import notebook_folder;"
            "from ssi_analysis.cli import sample_folder;"
            "from importlib.metadata import distribution as d;"
            "print(ssi_analysis.__file__); print(d('ssi-analysis').locate_file('ssi_analysis'));"
            "print(notebook_folder()); print(notebook_folder('marketer'));"
            "print(sample_folder(Path('no-spare-needed')));"
            "from ssi_analysis.present.workshop import run_notebook;"
            "nb = run_notebook(Path('probe.ipynb').resolve());"
            "print(nb.cells[0].outputs[0].text, end='')",
        ],
        cwd,
        env,
    ).stdout.splitlines()
    assert len(said) == 8, said
    shipped, where, kernel = said[0], said[1:6], said[6:]
    assert {p.relative_to(shipped).as_posix() for p in Path(shipped).rglob("*") if p.is_file()} == {
        p.relative_to(REPO / "notebooks").as_posix()
        for p in (REPO / "notebooks").rglob("*")
        if p.suffix in (".ipynb", ".md") and ".ipynb_checkpoints" not in p.parts
    }
    venv = installed["venv"].resolve()
    assert all(Path(p).resolve().is_relative_to(venv) for p in where), where
    # the kernel's Python is the venv's (a link to the base interpreter: not resolved)
    assert all(Path(p).is_relative_to(installed["venv"]) for p in kernel), kernel
    assert Path(kernel[1]).resolve() == Path(where[0]).resolve()
    sample = Path(where[-1])  # the bundled sample ships whole
    assert {p.relative_to(sample).as_posix() for p in sample.rglob("*") if p.is_file()} == {
        p.relative_to(REPO / "data" / "sample").as_posix()
        for p in (REPO / "data" / "sample").rglob("*")
        if p.is_file()
    }
    command = installed["command"]

    # The README's command ran the installed `ssi-analysis report --sample` (its console
    # script imports from the venv, whatever the folder: see `where`; the sample is the
    # shipped one): the report of an installed kit, read from what it wrote.
    clone = installed["clone"]
    manifest = json.loads((clone / "report_manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit_commit"] is None  # an installed kit: its version says which it is
    assert manifest["command"] == "ssi-analysis report --sample", manifest["command"]
    sample = REPO / "data" / "sample"
    read = ("ssi_log.csv", "Content_*.xlsx", "hubspot-*.csv", "Basic_LinkedInDataExport_*.zip")
    assert {i["file"] for i in manifest["inputs"]} == {
        p.name for pattern in read for p in sample.glob(pattern)
    }
    page = (clone / "report.html").read_text(encoding="utf-8")
    assert "Dana W." in page and "<h2>The answer</h2>" in page

    _run([str(command), "workshop", "--out", "pack", "--no-run"], cwd, env)
    stems = {p.stem for p in (REPO / "notebooks" / "workshop").glob("*.ipynb")}
    assert {p.stem for p in (cwd / "pack" / "participant").glob("*.ipynb")} == stems
    assert (cwd / "pack" / "README.md").is_file()

    # The marketer notebooks with the sample they open, laid out as in the repository.
    _run([str(command), "notebooks", "--out", "mine"], cwd, env)
    assert {p.name for p in (cwd / "mine" / "notebooks").glob("*.ipynb")} == {
        p.name for p in (REPO / "notebooks").glob("*.ipynb")
    }
    assert (cwd / "mine" / "data" / "sample" / "ssi_log.csv").is_file()


def _imported_modules(source: str) -> set[str]:
    """The top-level names of every absolute import in a piece of Python (lazy ones too)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def kit_imports(root: Path = REPO) -> dict[str, set[str]]:
    """Third-party modules the installed kit imports -> the files importing them.

    Every ``import`` of the package's modules, at the top or inside a function, and of the
    code cells of the notebooks that ship with it (the kit runs them under a kernel).
    """
    sources = [(p, p.read_text(encoding="utf-8")) for p in (root / "ssi_analysis").rglob("*.py")]
    for notebook in [
        *(root / "notebooks").rglob("*.ipynb"),
        *(root / "ssi_analysis").rglob("*.ipynb"),
    ]:
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
        # IPython's %magics and !shell lines are not Python
        code = [re.sub(r"(?m)^\s*[%!].*$", "", c) for c in code]
        sources.append((notebook, "\n".join(code)))
    found: dict[str, set[str]] = {}
    for path, source in sources:
        for module in _imported_modules(source):
            if module not in sys.stdlib_module_names and module not in (
                "ssi_analysis",
                "__future__",
            ):
                found.setdefault(module, set()).add(path.relative_to(root).as_posix())
    return found


def test_every_module_the_kit_imports_is_a_declared_dependency():
    """pyproject's ``dependencies`` (not the test extra) cover every module the kit imports.

    The install test's venv is seeded with this environment's packages, which include the
    test extra and whatever else is installed here: a module imported by the kit but declared
    only in the test extra, or not at all, would pass there and fail for a user. Modules map
    to the distributions that provide them with ``importlib.metadata.packages_distributions``.
    Imports made by the libraries themselves (pandas reading a workbook with openpyxl) are the
    libraries' to declare, or are declared here by hand; this test cannot see them.
    """
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {_name(r) for r in project["dependencies"]}
    providers = importlib.metadata.packages_distributions()
    imports = kit_imports()
    assert {"pandas", "scipy", "matplotlib", "statsmodels"} <= set(imports)  # the scan works
    undeclared = {
        module: (sorted(providers.get(module, ["(not installed)"])), sorted(files)[:3])
        for module, files in sorted(imports.items())
        if not {_name(d) for d in providers.get(module, [])} & declared
    }
    assert undeclared == {}, f"add to pyproject's dependencies: {undeclared}"
