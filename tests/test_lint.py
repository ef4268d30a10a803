"""The code is ruff-clean and ruff-formatted (the same check a developer runs)."""

import shutil
import subprocess

import pytest


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff(command, repo):
    ruff = shutil.which("ruff") or pytest.fail("ruff is in the test extra: pip install -e .[test]")
    run = subprocess.run([ruff, *command], cwd=repo, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
