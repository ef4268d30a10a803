"""The one-command HTML report: a notebook shipped with the package, run and rendered.

:func:`build_report` executes ``report.ipynb`` (beside this module) with papermill, the
paths and options as parameters, and renders it with nbconvert to one self-contained HTML
file: figures embedded, code hidden, no script or style fetched from the network. The answer
table is also written as CSV beside the HTML (through :func:`write_csv`).

The notebook stays thin: the tables it shows are built here.
"""

from __future__ import annotations

import html
import json
import re
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ssi_analysis.errors import Problems, SSIDataError
from ssi_analysis.present.anonymize import pseudonym, scrubber  # noqa: F401 (the notebook's)
from ssi_analysis.present.outputs import (
    atomic_write,
    changed_inputs,
    input_snapshot,
    plan_outputs,
)
from ssi_analysis.present.words import explain

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
    snapshot: dict | None = None,
    changes: Sequence[tuple[str, str]] = (),
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
        Refused before any work (:class:`~ssi_analysis.present.outputs.OutputError`) when
        either would land on an input or inside an input folder; both are written whole or
        not at all.
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
    snapshot : dict, optional
        The inputs as they were when checked (see
        :func:`~ssi_analysis.present.outputs.input_snapshot`); taken here when not given.
        A file changed since is refused, and nothing is written.
    changes : sequence of (date, label)
        For each, a "did it work?" section (:func:`change_table`) for one person's data.

    Returns
    -------
    (Path, Path)
        The HTML report and the answers CSV.
    """
    import papermill as pm

    ssi_list = [ssi] if isinstance(ssi, str | Path) else list(ssi)
    # Refuse a bad --out before any work: an input is never overwritten.
    outputs = plan_outputs(out, [*ssi_list, *outcomes])
    snapshot = input_snapshot([*ssi_list, *outcomes]) if snapshot is None else snapshot
    parameters = {
        "ssi_paths": [str(Path(p).resolve()) for p in ssi_list],
        "outcome_paths": [str(Path(p).resolve()) for p in outcomes],
        "freq": freq,
        "anonymize": bool(anonymize),
        "person": person,
        "dayfirst": dayfirst,
        "lags": list(lags),
        "bound": float(bound),
        "csv_path": "answers.csv",  # in the work folder; moved into place when all is done
        "changes": [[str(when), str(what)] for when, what in changes],
    }
    with tempfile.TemporaryDirectory() as work:
        executed = Path(work) / "report.ipynb"
        try:
            pm.execute_notebook(
                str(NOTEBOOK),
                str(executed),
                parameters=parameters,
                kernel_name="python3",
                language="python",
                progress_bar=progress,
                cwd=work,
            )
        except Exception as exc:
            _check_unchanged(snapshot)
            raise _notebook_error(exc) from None
        _check_unchanged(snapshot)  # before rendering: nothing to show of unchecked data
        page = render_html(executed)
        answers = Path(work) / "answers.csv"
        csv_text = answers.read_text(encoding="utf-8") if answers.exists() else ""
        terms = Path(work) / TERMS_FILE
        if anonymize and terms.exists():
            # Last pass: every name and file name the notebook saw, outside the images.
            known = json.loads(terms.read_text(encoding="utf-8"))
            scrub = scrubber(known["names"], known["files"])
            page = scrub(page)  # text content only: tags and images stay as they are
            csv_text = scrub.plain(csv_text)
    _check_unchanged(snapshot)
    # Each file is written whole or not at all (temporary file beside it, then renamed).
    atomic_write(outputs.csv, csv_text)
    atomic_write(outputs.html, page)
    return outputs.html, outputs.csv


class ReportError(RuntimeError):
    """The report notebook could not run; the message says why and what to do."""


def _check_unchanged(snapshot: dict) -> None:
    changed = changed_inputs(snapshot)
    if changed:
        found = Problems()
        for name in changed:
            found.add(
                Path(name).name,
                None,
                None,
                None,
                "the file changed (or went away) while the report was being made; "
                "nothing was written",
                "wait until the export or edit is finished, then run the report again",
            )
        raise SSIDataError(found, summary="an input file changed during the analysis")


def _notebook_error(exc: Exception) -> Exception:
    """Turn a failure inside the notebook, or of its kernel, into a message for the user."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        if exc.ename == "SSIDataError":
            error = SSIDataError([], summary="the data changed during the analysis")
            error.args = (str(exc.evalue),)  # the message the notebook's loader wrote
            return error
        return ReportError(
            f"the analysis stopped in the report notebook ({exc.ename}: {exc.evalue}); "
            "nothing was written. This is likely a bug in ssi-analysis: please report it "
            "with this message."
        )
    return ReportError(
        f"the report's Python kernel could not be started or stopped answering "
        f"({type(exc).__name__}: {exc}); nothing was written. The report runs its analysis in "
        "a local Jupyter kernel that talks over the loopback network interface (127.0.0.1): "
        "check that loopback is up (`ip link set lo up`), that no firewall blocks it, and that "
        "ipykernel is installed in this environment."
    )


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
    # Bidi controls in names reorder what is shown ("Ana\u202egnp.exe" reads "Anaexe.png").
    from ssi_analysis.present.plots import BIDI_CONTROLS

    body = body.translate(BIDI_CONTROLS)
    title = "SSI and your outcomes"
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


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


def change_table(
    panel: pd.DataFrame,
    *,
    start: str,
    label: str = "",
    columns: Sequence[str] | None = None,
    placebo: bool | int = 12,
) -> pd.DataFrame:
    """Run :func:`~ssi_analysis.intervention` at one change date for SSI, pillars, outcomes.

    One person's panel. A series the analysis refuses (too few periods before the date, the
    date outside its data) gets a row with status ``too_few`` and the reason, not an error.
    The placebo check uses the 12 latest fake starts by default, to keep a report quick.

    Returns
    -------
    pandas.DataFrame
        The intervention columns, plus ``change`` (the label) and ``sentence`` (explain).
    """
    from ssi_analysis.stats.intervention import RESULT_COLUMNS, intervention

    if columns is None:
        columns = [c for c in SCORES if c in panel] + outcome_columns(panel)
    rows = []
    for column in columns:
        try:
            rows.append(intervention(panel, y=column, start=start, placebo=placebo))
        except ValueError as exc:
            refused = dict.fromkeys(RESULT_COLUMNS, np.nan)
            refused.update(y=column, start=pd.Timestamp(start), status="too_few", note=str(exc))
            rows.append(pd.DataFrame([refused], columns=RESULT_COLUMNS))
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=RESULT_COLUMNS)
    out.insert(0, "change", label)
    out["sentence"] = [explain(row) for _, row in out.iterrows()]
    return out
