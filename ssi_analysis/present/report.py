"""The one-command HTML report: a notebook shipped with the package, run and rendered.

:func:`build_report` executes ``report.ipynb`` (beside this module) with papermill, the
paths and options as parameters, and renders it with nbconvert to one self-contained HTML
file: figures embedded, code hidden, no script or style fetched from the network. The answer
table is also written as CSV beside the HTML (through :func:`write_csv`).

The notebook stays thin: the tables it shows are built here.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

# The answer logic lives in the statistics layer; outcome_columns and transform_outcomes are
# re-exported here for the report notebook and older callers.
from ssi_analysis.stats.answers import (  # noqa: F401
    SCORES,
    Answers,
    answers,
    outcome_columns,
    team_answers,
    transform_outcomes,
)

NOTEBOOK = Path(__file__).with_name("report.ipynb")
TERMS_FILE = "anonymize_terms.json"  # the notebook lists names and files here for the last pass


def pseudonym(name: str) -> str:
    """Return a stable stand-in for a person's name (the same name, the same stand-in).

    Examples
    --------
    >>> pseudonym("Dana W.") == pseudonym("Dana W."), pseudonym("Dana W.").startswith("Person ")
    (True, True)
    """
    return "Person " + hashlib.sha256(str(name).encode()).hexdigest()[:6].upper()


def answer_table(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = SCORES,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    transform: str | None = "log1p",
    alpha: float = 0.05,
    bound: float = 0.3,
    holidays: Iterable | None = None,
) -> Answers:
    """Return the answers the report shows: :func:`ssi_analysis.answers` on its panel.

    Kept so that the report module has one call for its answer; the logic (outcome transform,
    lag choice, verdict, caveats) lives in the statistics layer.
    """
    scores = [s for s in scores if s in panel and panel[s].notna().sum() >= 10]
    return answers(
        panel,
        scores=scores,
        outcomes=outcomes,
        lags=lags,
        bound=bound,
        alpha=alpha,
        holidays=holidays,
        transform=transform,
    )


def pillar_grid(result: Answers | pd.DataFrame) -> pd.DataFrame:
    """Lay the verdict of every score for every outcome out as a grid: outcomes × scores.

    Examples
    --------
    >>> table = pd.DataFrame({"outcome": ["replies", "replies"], "score": ["ssi", "brand"],
    ...                       "verdict": ["linked", "ruled out"], "lag": [1, 0]})
    >>> pillar_grid(table)
       outcome                 ssi      brand
    0  replies  linked (lag 1) ruled out
    """
    table = result.table if isinstance(result, Answers) else result
    text = table["verdict"].where(
        table["verdict"] != "linked", "linked (lag " + table["lag"].astype(str) + ")"
    )
    index = (
        ["person", "outcome"]
        if "person" in table and table["person"].nunique() > 1
        else ["outcome"]
    )
    grid = table.assign(text=text).pivot(index=index, columns="score", values="text")
    grid = grid.reindex(columns=list(dict.fromkeys(table["score"])))
    if index == ["outcome"]:
        grid = grid.reindex(index=list(dict.fromkeys(table["outcome"])))
    grid.columns.name = None
    return grid.reset_index()


def team_answer_table(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = ("ssi",),
    outcomes: Sequence[str] | None = None,
    alpha: float = 0.05,
    bound: float = 0.3,
) -> pd.DataFrame:
    """Return the team's answers: :func:`~ssi_analysis.stats.answers.team_answers`."""
    return team_answers(panel, scores=scores, outcomes=outcomes, alpha=alpha, bound=bound)


def html_table(frame: pd.DataFrame, *, digits: int = 3) -> str:
    """Render a frame as an HTML table; text from input files is escaped."""
    shown = frame.copy()
    for column in shown.columns:
        if pd.api.types.is_float_dtype(shown[column]):
            shown[column] = shown[column].map(
                lambda v: (
                    "" if not np.isfinite(v) else f"{v:.{digits}g}" if abs(v) < 1e4 else f"{v:,.0f}"
                )
            )
    return shown.to_html(index=False, escape=True, border=0, classes="table", na_rep="")


def sources_table(reports: list) -> pd.DataFrame:
    """One row per load report: what was read and how every row was accounted for."""
    rows = []
    for report in reports:
        rows.append(
            {
                "data": report.kind,
                "files": len(report.files),
                "format": report.format,
                "rows read": report.rows_read,
                "kept": report.rows_kept,
                "missing": report.rows_missing,
                "merged": report.rows_merged,
                "rejected": report.rows_rejected,
                "from": f"{report.date_min:%Y-%m-%d}" if report.date_min is not None else "",
                "to": f"{report.date_max:%Y-%m-%d}" if report.date_max is not None else "",
            }
        )
    return pd.DataFrame(rows)


def scrubber(names: Iterable[str], files: Iterable[str]):
    """Make a function that replaces people's names and file names in text (--anonymize).

    Whole names become their pseudonym; file names become ``file 1``, ``file 2``...; and any
    remaining word of three or more letters from a name is replaced too, so that "Dana" in
    ``Content_..._Dana.xlsx`` does not survive.
    """
    names = sorted({str(n) for n in names}, key=len, reverse=True)
    files = sorted({Path(f).name for f in files}, key=len, reverse=True)
    mapping = {f: f"file {i + 1}{Path(f).suffix}" for i, f in enumerate(sorted(files))}
    parts = sorted(
        {w for n in names for w in re.findall(r"[^\W\d_]{3,}", n)}, key=len, reverse=True
    )

    def scrub(text: str) -> str:
        for file in files:
            text = text.replace(file, mapping[file])
        for name in names:
            text = text.replace(name, pseudonym(name))
        for part in parts:
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(part)}(?![a-z])", "(name)", text)
        return text

    return scrub


def build_report(
    ssi: str | Sequence[str],
    outcomes: Sequence[str] = (),
    *,
    out: str | Path = "report.html",
    freq: str = "W",
    anonymize: bool = False,
    person: str | None = None,
    dayfirst: bool | None = None,
    lags: Sequence[int] = (0, 1, 2, 3, 4),
    bound: float = 0.3,
    progress: bool = True,
) -> tuple[Path, Path]:
    """Run the report notebook on the given files and write the HTML and the answers CSV.

    Parameters
    ----------
    ssi : path or list of paths
        SSI files or folders (see :func:`ssi_analysis.load_ssi`).
    outcomes : list of paths
        Outcome exports (see :func:`ssi_analysis.load_outcomes`).
    out : path
        The HTML file to write; the answer table goes beside it as ``<name>_answers.csv``.
    freq, person, dayfirst
        As in :func:`ssi_analysis.align` and the loaders.
    anonymize : bool
        Replace people's names (and file names, which often hold them) with stable
        pseudonyms everywhere in the HTML and the CSV.
    lags : sequence of int
        Lags (in periods, score leading) tried for every score and outcome.
    bound : float
        "Ruled out" means the tested correlation is inside ±bound at every lag (see
        :func:`ssi_analysis.answers`).
    progress : bool
        Show papermill's progress bar on the terminal.

    Returns
    -------
    (Path, Path)
        The HTML report and the answers CSV.
    """
    import papermill as pm

    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    csv_path = out.with_name(out.stem + "_answers.csv")
    ssi_paths = [str(Path(p).resolve()) for p in ([ssi] if isinstance(ssi, str | Path) else ssi)]
    parameters = {
        "ssi_paths": ssi_paths,
        "outcome_paths": [str(Path(p).resolve()) for p in outcomes],
        "freq": freq,
        "anonymize": bool(anonymize),
        "person": person,
        "dayfirst": dayfirst,
        "lags": list(lags),
        "bound": float(bound),
        "csv_path": str(csv_path),
    }
    with tempfile.TemporaryDirectory() as work:
        executed = Path(work) / "report.ipynb"
        pm.execute_notebook(
            str(NOTEBOOK),
            str(executed),
            parameters=parameters,
            kernel_name="python3",
            language="python",
            progress_bar=progress,
            cwd=work,
        )
        page = render_html(executed)
        terms = Path(work) / TERMS_FILE
        if anonymize and terms.exists():
            # Last pass: every name and file name the notebook saw, outside the images.
            known = json.loads(terms.read_text(encoding="utf-8"))
            scrub = scrubber(known["names"], known["files"])
            page = _outside_images(page, scrub)
            if csv_path.exists():
                csv_path.write_text(scrub(csv_path.read_text(encoding="utf-8")), encoding="utf-8")
    out.write_text(page, encoding="utf-8")
    return out, csv_path


def render_html(notebook: Path) -> str:
    """One self-contained HTML page: code hidden, figures inline, nothing fetched."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    body = re.sub(r"<script\b[^>]*\bsrc=[^>]*>\s*</script>", "", body)
    title = "SSI and your outcomes"
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _outside_images(page: str, scrub) -> str:
    """Apply ``scrub`` to the page but not inside base64 images (a name could occur there)."""
    pieces = re.split(r"(data:image/[a-z+]+;base64,[A-Za-z0-9+/=\s]+)", page)
    return "".join(p if i % 2 else scrub(p) for i, p in enumerate(pieces))


_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       line-height: 1.5; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem 2rem; background: #fff; }
h1 { font-size: 1.8rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.85rem; margin: 0.6rem 0; }
th, td { border-bottom: 1px solid #e5e5e5; padding: 0.25rem 0.6rem; text-align: left;
         vertical-align: top; }
th { background: #f2f2f2; }
img { max-width: 100%; height: auto; }
.answer-yes { color: #1b7837; font-weight: 600; } .answer-no { color: #555; }
.note { background: #fff8e1; border-left: 4px solid #f0b400; padding: 0.5rem 0.8rem; }
pre { white-space: pre-wrap; }
a.anchor-link { display: none; }
"""
