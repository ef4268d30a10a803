"""Every notebook runs top to bottom under a real Jupyter kernel (papermill), and is committed
without outputs. Workshop notebooks get small simulation counts here; their last cell raises
if the lesson's claim does not hold — on the example displayed and over other seeds.

While a notebook runs, a hook looks at every figure before the inline backend closes it and
records any plotted line with no point inside its axes' limits (a blank picture: e.g. pandas
switching a shared date axis to period numbers); a cell appended at the end raises if any.
"""

import json
from pathlib import Path

import nbformat
import pytest

from ssi_analysis.present.workshop import QUICK

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").rglob("*.ipynb"))

# Registered before `%matplotlib inline`, so it runs before the backend closes the figures.
FIGURE_HOOK = '''
import numpy as _np
_blank_lines = []


def _lines_outside_limits(figure):
    """Labels of plotted lines with no finite point inside their axes' x and y limits."""
    problems = []
    for ax in figure.axes:
        (x0, x1), (y0, y1) = sorted(ax.get_xlim()), sorted(ax.get_ylim())
        for line in ax.get_lines():
            xy = _np.asarray(line.get_xydata(), dtype=float)
            xy = xy[_np.isfinite(xy).all(axis=1)] if xy.size else xy
            if len(xy) < 2:
                continue  # reference marks (a single point or an axhline's 2 points) are fine
            inside = (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
            if not inside.any():
                problems.append(f"{ax.get_title() or 'axes'}: line {line.get_label()!r}")
    return problems


def _check_figures():
    import sys

    if "matplotlib.pyplot" in sys.modules:
        plt = sys.modules["matplotlib.pyplot"]
        for number in plt.get_fignums():
            _blank_lines.extend(_lines_outside_limits(plt.figure(number)))


get_ipython().events.register("post_execute", _check_figures)
'''
FIGURE_CHECK = 'assert not _blank_lines, f"lines drawn outside their axes: {_blank_lines}"'


def test_there_are_notebooks():
    names = {p.stem for p in NOTEBOOKS}
    assert {
        "01_load_your_data",
        "02_your_ssi_over_time",
        "03_ssi_and_your_outcomes",
        "04_team",
        "06_ssi_as_a_diagnostic",
    } <= names
    assert set(QUICK) <= names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, path.name
    first = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    assert "parameters" in first["metadata"].get("tags", []), "first code cell: parameters"
    assert notebook["metadata"]["kernelspec"]["name"] == "python3"


def with_figure_check(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(path, as_version=4)
    first = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
    notebook.cells.insert(first + 1, nbformat.v4.new_code_cell(FIGURE_HOOK))
    notebook.cells.append(nbformat.v4.new_code_cell(FIGURE_CHECK))
    for i, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{i}"
    return notebook


@pytest.mark.slow  # executes the notebook under a real kernel
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path, tmp_path):
    import papermill as pm

    pm.execute_notebook(
        with_figure_check(path),
        str(tmp_path / path.name),
        parameters=QUICK.get(path.stem, {}),
        kernel_name="python3",
        language="python",
        cwd=str(path.parent),
        progress_bar=False,
    )


def test_figure_check_catches_a_blank_panel():
    """The old workshop-3 picture: pandas on a shared date axis hides the top panel's line."""
    import matplotlib.pyplot as plt
    import pandas as pd

    namespace = {"get_ipython": lambda: None}
    exec(FIGURE_HOOK.split("get_ipython()")[0], namespace)
    frame = pd.DataFrame(
        {"period": pd.date_range("2025-01-06", periods=30, freq="W-MON"), "y": range(30)}
    )
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    top.plot(frame["period"], frame["y"], label="ssi")
    frame.plot(x="period", y="y", ax=bottom)
    assert any("'ssi'" in p for p in namespace["_lines_outside_limits"](fig))
    fig, (top, bottom) = plt.subplots(2, 1, sharex=True)
    top.plot(frame["period"], frame["y"], label="ssi")
    bottom.plot(frame["period"], frame["y"])
    assert namespace["_lines_outside_limits"](fig) == []


@pytest.mark.parametrize(
    "path", [p for p in NOTEBOOKS if p.parent.name == "notebooks"], ids=lambda p: p.name
)
def test_opens_with_title_and_purpose_then_parameters(path):
    cells = nbformat.read(path, as_version=4).cells
    title = cells[0].source.splitlines()
    assert cells[0].cell_type == "markdown" and title[0].startswith("# ")
    assert title[2].startswith("**") and title[2].endswith(".**")  # one line of purpose
    assert "parameters" in cells[1].metadata.get("tags", [])
