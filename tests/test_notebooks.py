"""Every notebook runs top to bottom under a real Jupyter kernel (papermill), and is committed
without outputs. Workshop notebooks get small simulation counts here; their last cell raises
if the lesson's claim does not hold.
"""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").rglob("*.ipynb"))
FAST = {
    "01_two_random_walks": {"n_sims": 300},
    "02_ssi_is_not_revenue": {"n_sims": 20},
    "03_gaming_the_score": {"n_sims": 10},
    "04_above_70_vs_below_30": {"n_sims": 6},
    "05_positive_control": {"n_sims": 15},
}


def test_there_are_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    assert {
        "01_load_your_data",
        "02_your_ssi_over_time",
        "03_ssi_and_your_outcomes",
        "04_team",
    } <= names
    assert set(FAST) <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, path.name
    first = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert "parameters" in first["metadata"].get("tags", []), "first code cell: parameters"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.slow  # executes the notebook under a real kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    import papermill as pm

    pm.execute_notebook(
        str(path),
        str(tmp_path / path.name),
        parameters=FAST.get(path.stem, {}),
        kernel_name="python3",
        language="python",
        cwd=str(path.parent),
        progress_bar=False,
    )
