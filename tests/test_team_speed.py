"""The team report's cheaper paths give what the plain ones gave.

The workbook written in openpyxl's write-only mode against the normal mode, cell by cell;
the team picture's within-seller lines drawn as one collection against one line each, pixel
by pixel.
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

openpyxl = pytest.importorskip("openpyxl")


def _normal_mode(frame: pd.DataFrame) -> openpyxl.Workbook:
    """The table written the plain way (every cell kept, formats set in a second pass)."""
    from ssi_analysis.present.export import _escape, whole_numbers

    book = openpyxl.Workbook()
    sheet = book.active
    frame = whole_numbers(frame)
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        values = []
        for value in row:
            if value is pd.NA or (isinstance(value, float) and value != value):
                values.append(None)
            elif hasattr(value, "item"):
                values.append(value.item())
            else:
                values.append(_escape(value))
        sheet.append(values)
    for j, column in enumerate(frame.columns, 1):
        if pd.api.types.is_float_dtype(frame[column]):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.number_format = "0.000"
    buffer = io.BytesIO()
    book.save(buffer)  # read back, as the kit's is: an empty text cell reads as None
    return openpyxl.load_workbook(buffer)


def test_write_only_workbook_holds_the_normal_modes_cells():
    from ssi_analysis.present.export import xlsx_bytes

    rng = np.random.default_rng(5)
    n = 40
    r = rng.normal(size=n)
    r[::7] = np.nan  # empty float cells keep their number format
    frame = pd.DataFrame(
        {
            "person": [f"seller {i}" for i in range(n)],
            "r": r,
            "lag": rng.integers(0, 5, n).astype(float),  # whole numbers: written as integers
            "n": rng.integers(10, 200, n),
            "note": ["=SUM(A1)" if i % 9 == 0 else "" for i in range(n)],
            "p": rng.uniform(size=n),
        }
    )
    written = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame, sheets={"sellers": frame})))
    expected = _normal_mode(frame).active
    for name in ("answers", "sellers"):
        sheet = written[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:F{n + 1}"
        got = [[(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
        want = [[(c.value, c.number_format) for c in row] for row in expected.iter_rows()]
        assert got == want
    assert written.sheetnames == ["answers", "columns", "sellers", "sellers_columns"]


def _pixels(fig) -> np.ndarray:
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_team_picture_lines_are_the_pixels_of_a_line_per_person():
    """The within-seller lines as one collection draw what ax.plot drew line by line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ssi_analysis.present import plots
    from ssi_analysis.simulate import simulate

    panel = simulate("team", seed=3, days=364, people=30).weekly()
    panel.loc[panel["person"] == panel["person"].iloc[0], "ssi"] = 50.0  # a flat seller: no line
    pictures = []
    for plain in (False, True):
        fig, ax = plt.subplots(figsize=(6, 4.8), dpi=100, layout="constrained")
        plots.team(panel, x="ssi", y="pipeline_created", lag=1, ax=ax)
        if plain:  # each person's line as its own Line2D, in the collection's place
            within = next(c for c in ax.collections if c.get_gid() == "within")
            between = ax.get_lines()[0]
            within.remove()
            between.remove()
            for segment, colour in zip(within.get_segments(), within.get_colors(), strict=True):
                ax.plot(segment[:, 0], segment[:, 1], color=colour[:3], lw=1, alpha=0.9)
            ax.add_line(between)
        pictures.append(_pixels(fig))
        plt.close(fig)
    assert len(within.get_segments()) == 29
    np.testing.assert_array_equal(pictures[0], pictures[1])
