"""The kit works installed, not only from a clone: the README's first command, as written.

The slow test copies what a clone holds (the sources, the notebooks, the sample data) to a
folder outside the checkout and runs the README's install-and-report command there verbatim:
it makes a fresh virtual environment, installs the kit from the copy (pip builds the wheel,
with the notebooks that ``setup.py`` copies into it) and writes the sample report. Then it runs
the other commands a new user runs in that environment, from a folder without the sources, and
checks that the kit and its notebooks came from the installed package.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
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


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The README's first command run verbatim in a copy of the clone, outside the checkout."""
    base = tmp_path_factory.mktemp("install")
    clone = _copy_sources(base / "clone")
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # pip would byte-compile every installed module (jupyterlab's thousands included): most of
    # the install's CPU. Python compiles what the report imports on first use instead.
    env["PIP_NO_COMPILE"] = "1"
    # python3 is this interpreter (its folder first on PATH), as in an activated environment.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    command = next(code for lang, code in quick_start() if lang == "bash")
    before = set(os.listdir(clone))
    done = _run(["bash", "-euo", "pipefail", "-c", command], clone, env, timeout=900)
    run_dir = base / "run"
    run_dir.mkdir()
    venv = clone / ".venv"
    return {
        "report": done,
        # pip's in-tree build leaves build/ and *.egg-info beside the sources: not the report's
        "written": {
            n
            for n in set(os.listdir(clone)) - before - {".venv", "build"}
            if not n.endswith(".egg-info")
        },
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


@pytest.mark.slow  # builds a wheel, makes a venv and runs the report, the workshop and a kernel
def test_installed_kit_runs_the_report_and_the_workshop(installed):
    python, env, cwd = installed["python"], installed["env"], installed["cwd"]
    shipped = _run(
        [
            str(python),
            "-c",
            "from importlib.resources import files; "
            "print(files('ssi_analysis').joinpath('notebooks'))",
        ],
        cwd,
        env,
    ).stdout.strip()
    assert {p.relative_to(shipped).as_posix() for p in Path(shipped).rglob("*") if p.is_file()} == {
        p.relative_to(REPO / "notebooks").as_posix()
        for p in (REPO / "notebooks").rglob("*")
        if p.suffix in (".ipynb", ".md") and ".ipynb_checkpoints" not in p.parts
    }
    where = _run(
        [
            str(python),
            "-c",
            "import ssi_analysis; from ssi_analysis.present.workshop import notebook_folder;"
            "from pathlib import Path; from ssi_analysis.cli import sample_folder;"
            "print(ssi_analysis.__file__); print(notebook_folder());"
            "print(notebook_folder('marketer')); print(sample_folder(Path('no-spare-needed')))",
        ],
        cwd,
        env,
    ).stdout.split()
    venv = installed["venv"].resolve()
    assert all(Path(p).resolve().is_relative_to(venv) for p in where), where
    sample = Path(where[-1])  # the bundled sample ships whole
    assert {p.relative_to(sample).as_posix() for p in sample.rglob("*") if p.is_file()} == {
        p.relative_to(REPO / "data" / "sample").as_posix()
        for p in (REPO / "data" / "sample").rglob("*")
        if p.is_file()
    }
    command = installed["command"]

    report = _run([str(command), "report", "--sample"], cwd, env)
    assert "wrote" in report.stdout
    manifest = json.loads((cwd / "report_manifest.json").read_text(encoding="utf-8"))
    assert manifest["kit_commit"] is None  # an installed kit: its version says which it is
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
    # run with no votes typed in, the quiz's reveal asks the teacher to type them (never a score)
    quiz = (cwd / "ran" / "teacher" / "00_quiz.html").read_text(encoding="utf-8")
    assert "No hands typed in yet" in quiz and "votes right" not in quiz

    # The marketer notebooks with the sample they open, laid out as in the repository.
    _run([str(command), "notebooks", "--out", "mine"], cwd, env)
    assert {p.name for p in (cwd / "mine" / "notebooks").glob("*.ipynb")} == {
        p.name for p in (REPO / "notebooks").glob("*.ipynb")
    }
    assert (cwd / "mine" / "data" / "sample" / "ssi_log.csv").is_file()
