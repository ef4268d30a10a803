"""The golden files: the sample report's answers and first screen, kept to catch any change.

``python tests/golden.py`` (from the repository's root) writes them anew into
``tests/data/golden/``: the one seller of ``--sample`` (``sample_*``) and the sample team of
``data/sample/team`` (``team_*``, apart, so that a change of the team's verdicts regenerates
that pair alone: ``python tests/golden.py team``). ``tests/test_report.py`` compares the pages
it builds with them: numbers to 1e-9, sentences exactly. Regenerate only when a change of the
answers is meant, and say so in the commit.
"""

from __future__ import annotations

import html
import json
import re
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

GOLDEN = Path(__file__).resolve().parent / "data" / "golden"
REPO = Path(__file__).resolve().parents[1]


def sample_args(out: Path) -> list[str]:
    """The command line of the one-seller report (as the test's fixture runs it)."""
    return ["report", "--sample", "--out", str(out)]


def team_args(out: Path) -> list[str]:
    """The command line of the sample team's report (as the test's fixture runs it)."""
    team = REPO / "data" / "sample" / "team"
    return [
        "report",
        "--ssi",
        str(team / "team_ssi_log.csv"),
        "--outcomes",
        str(team / "report1763856000000.csv"),
        "--out",
        str(out),
    ]


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def first_screen(page: str) -> dict:
    """The first screen of a page: its headings, sentences, next step and verdict grid."""
    head = page.split('<section id="analysts">')[0]
    lines = [_plain(m) for m in re.findall(r'<p class="headline">(.*?)</p>', head, flags=re.S)]
    step = [_plain(m) for m in re.findall(r'<p class="next-step">(.*?)</p>', head, flags=re.S)]
    grid = re.search(r'<table class="verdicts".*?</table>', head, flags=re.S)
    rows = []
    if grid:
        for row in re.findall(r"<tr>(.*?)</tr>", grid.group(0), flags=re.S):
            rows.append([_plain(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)])
    title = re.search(r"<h1>(.*?)</h1>", page, flags=re.S)
    return {
        "heading": _plain(title.group(1)) if title else "",
        "headline": lines,
        "next_step": step,
        "grid": rows,
    }


def answers(csv: Path) -> pd.DataFrame:
    """The answers CSV written beside a page."""
    return pd.read_csv(csv, keep_default_na=False, na_values=[""])


def assert_same_answers(got: pd.DataFrame, want: pd.DataFrame) -> None:
    """Equal tables: the same columns and rows, numbers to 1e-9, every text exactly."""
    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    for column in want.columns:
        a, b = got[column], want[column]
        if pd.api.types.is_numeric_dtype(b) and pd.api.types.is_numeric_dtype(a):
            x, y = a.to_numpy(float), b.to_numpy(float)
            assert np.array_equal(np.isnan(x), np.isnan(y)), column
            ok = ~np.isnan(y)
            assert np.allclose(x[ok], y[ok], rtol=1e-9, atol=1e-9), column
        else:
            assert a.astype(str).tolist() == b.astype(str).tolist(), column


def write(which: str, out: Path) -> None:
    """Run one report (``sample`` or ``team``) into ``out`` and keep its golden files."""
    from ssi_analysis.cli import main

    page = out / f"{which}.html"
    args = sample_args(page) if which == "sample" else team_args(page)
    if main(args) != 0:
        raise SystemExit(f"the {which} report failed")
    GOLDEN.mkdir(parents=True, exist_ok=True)
    table = answers(page.with_name(f"{which}_answers.csv"))
    table.to_csv(GOLDEN / f"{which}_answers.csv", index=False)
    screen = first_screen(page.read_text(encoding="utf-8"))
    (GOLDEN / f"{which}_first_screen.json").write_text(
        json.dumps(screen, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    chosen = sys.argv[1:] or ["sample", "team"]
    with tempfile.TemporaryDirectory() as folder:
        for name in chosen:
            write(name, Path(folder))
