"""The kit works installed from its wheel, not only from a clone.

The slow test builds the wheel from a copy of the sources, installs it into a fresh virtual
environment outside the checkout and runs the commands a new user runs there. To stay fast it
installs the wheel with ``--no-deps`` and lends the new environment the running one's
libraries through a ``.pth`` file: the kit's own files still come from the wheel alone (the
running environment's editable install is not activated, since a ``.pth`` line adds a folder
without running the ``.pth`` files inside it; the test checks where ``ssi_analysis`` and its
notebooks were found).
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: What a wheel is built from (setup.py copies notebooks/ into the package at build time).
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "ssi_analysis", "notebooks")


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


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv (outside the checkout) with the kit installed from a freshly built wheel."""
    base = tmp_path_factory.mktemp("install")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    source = _copy_sources(base / "src")
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(base / "wheel"),
          str(source)], base, env)  # fmt: skip
    (wheel,) = (base / "wheel").glob("ssi_analysis-*.whl")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], base, env)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
          str(wheel)], base, env)  # fmt: skip
    purelib = _run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], base, env
    ).stdout.strip()
    lent = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib) / "_borrowed_libraries.pth").write_text("\n".join(lent) + "\n")
    # ... and their data files (nbconvert's templates, the kernel spec), where a full install
    # puts them: the environment's share/jupyter.
    shared = Path(sys.prefix) / "share" / "jupyter"
    if shared.is_dir():
        (venv / "share").mkdir(exist_ok=True)
        (venv / "share" / "jupyter").symlink_to(shared, target_is_directory=True)
    run_dir = base / "run"
    run_dir.mkdir()
    return {"wheel": wheel, "python": python, "venv": venv, "env": env, "cwd": run_dir}


@pytest.mark.slow  # builds the wheel
def test_the_wheel_holds_every_notebook(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    shipped = {
        name.removeprefix("ssi_analysis/notebooks/")
        for name in names
        if name.startswith("ssi_analysis/notebooks/")
    }
    expected = {
        p.relative_to(REPO / "notebooks").as_posix()
        for p in [*(REPO / "notebooks").glob("*.ipynb"), *(REPO / "notebooks").glob("workshop/*")]
        if p.suffix in (".ipynb", ".md")
    }
    assert shipped == expected
    assert {"ssi_analysis/present/report.html.j2", "ssi_analysis/py.typed"} <= names
    assert not any(n.startswith(("tests/", "data/", "notebooks/")) for n in names)


@pytest.mark.slow  # builds a wheel, makes a venv and runs the report, the workshop and a kernel
def test_installed_kit_runs_the_report_and_the_workshop(installed):
    python, env, cwd = installed["python"], installed["env"], installed["cwd"]
    where = _run(
        [
            str(python),
            "-c",
            "import ssi_analysis; from ssi_analysis.present.workshop import notebook_folder;"
            "print(ssi_analysis.__file__); print(notebook_folder());"
            "print(notebook_folder('marketer'))",
        ],
        cwd,
        env,
    ).stdout.split()
    venv = installed["venv"].resolve()
    assert all(Path(p).resolve().is_relative_to(venv) for p in where), where
    command = installed["venv"] / ("Scripts" if os.name == "nt" else "bin") / "ssi-analysis"

    report = _run([str(command), "report", "--sample"], cwd, env)
    assert "wrote" in report.stdout
    page = (cwd / "report.html").read_text(encoding="utf-8")
    assert "Dana W." in page or "linked" in page

    _run([str(command), "workshop", "--out", "pack", "--no-run"], cwd, env)
    stems = {p.stem for p in (REPO / "notebooks" / "workshop").glob("*.ipynb")}
    assert {p.stem for p in (cwd / "pack" / "participant").glob("*.ipynb")} == stems
    assert (cwd / "pack" / "README.md").is_file()

    # One workshop notebook run under a kernel of the installed kit (the pack's run path).
    _run(
        [
            str(python),
            "-c",
            "from ssi_analysis.present.workshop import write_pack;"
            "write_pack('ran', quick=True, notebooks=['00_quiz'])",
        ],
        cwd,
        env,
    )
    assert "votes right" in (cwd / "ran" / "html" / "00_quiz.html").read_text(encoding="utf-8")

    # The marketer notebooks with the sample they open, laid out as in the repository.
    _run([str(command), "notebooks", "--out", "mine"], cwd, env)
    assert {p.name for p in (cwd / "mine" / "notebooks").glob("*.ipynb")} == {
        p.name for p in (REPO / "notebooks").glob("*.ipynb")
    }
    assert (cwd / "mine" / "data" / "sample" / "ssi_log.csv").is_file()
