"""The code is ruff-clean and ruff-formatted (the same check a developer runs)."""

import importlib.util
import subprocess
import sys

import pytest


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command, repo):
    # ruff from this interpreter's environment: the README's test command runs the venv's
    # python without activating it, so ruff need not be on PATH.
    if importlib.util.find_spec("ruff") is None:
        pytest.fail("ruff is in the test extra: pip install -e .[test]")
    run = subprocess.run(
        [sys.executable, "-m", "ruff", *command],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
