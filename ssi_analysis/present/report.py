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

from ssi_analysis.names import PILLAR_NAMES
from ssi_analysis.present.words import explain

NOTEBOOK = Path(__file__).with_name("report.ipynb")
TERMS_FILE = "anonymize_terms.json"  # the notebook lists names and files here for the last pass
SCORES = ("ssi", *PILLAR_NAMES)
ANSWER_COLUMNS = [
    "outcome",
    "score",
    "answer",
    "best_lag",
    "n",
    "r",
    "ci_low",
    "ci_high",
    "p",
    "p_adj",
    "p_naive",
    "r_detectable",
    "transform",
    "verdict",
]


def pseudonym(name: str) -> str:
    """Return a stable stand-in for a person's name (the same name, the same stand-in).

    Examples
    --------
    >>> pseudonym("Dana W.") == pseudonym("Dana W."), pseudonym("Dana W.").startswith("Person ")
    (True, True)
    """
    return "Person " + hashlib.sha256(str(name).encode()).hexdigest()[:6].upper()


def outcome_columns(panel: pd.DataFrame, *, min_values: int = 10) -> list[str]:
    """List the outcome metrics of an aligned panel with enough values to analyse."""
    skip = {"person", "period", "ssi_days", "season", *SCORES}
    skip |= {c for c in panel.columns if c.startswith(("industry_", "network_", "team_"))}
    return [
        c
        for c in panel.columns
        if c not in skip
        and pd.api.types.is_numeric_dtype(panel[c])
        and panel[c].notna().sum() >= min_values
    ]


def transform_outcomes(panel: pd.DataFrame, outcomes: Sequence[str], transform: str | None):
    """Apply log1p to non-negative outcomes (counts and money are skewed and often zero).

    Returns the transformed copy and, per outcome, the transform used ("log1p" or "").
    """
    frame = panel.copy()
    used = {}
    for column in outcomes:
        values = frame[column]
        if transform == "log1p" and values.min(skipna=True) >= 0:
            frame[column] = np.log1p(values)
            used[column] = "log1p"
        else:
            used[column] = ""
    return frame, used


def answer_table(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = SCORES,
    outcomes: Sequence[str] | None = None,
    lags: Iterable[int] = range(0, 5),
    transform: str | None = "log1p",
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Answer, for each outcome and score: did they move together, at which lag, how sure.

    Every score × outcome × lag is one family of tests (Benjamini-Hochberg); for each pair the
    lag with the smallest adjusted p is reported.

    Returns
    -------
    pandas.DataFrame
        ``outcome, score, answer`` (``"moves with it"``, ``"no evidence"``, or
        ``"inconclusive"`` when only large correlations were detectable), ``best_lag, n, r,
        ci_low, ci_high, p, p_adj, p_naive, r_detectable, transform, verdict`` (a sentence).
        ``df.attrs["table"]`` keeps the full :func:`~ssi_analysis.correlation_table` behind it.
    """
    from ssi_analysis.stats.correlation import correlation_table

    scores = [s for s in scores if s in panel and panel[s].notna().sum() >= 10]
    outcomes = list(outcomes) if outcomes is not None else outcome_columns(panel)
    if not scores or not outcomes:
        return pd.DataFrame(columns=ANSWER_COLUMNS)
    frame, used = transform_outcomes(panel, outcomes, transform)
    table = correlation_table(frame, x=scores, y=outcomes, lags=list(lags), alpha=alpha)
    best = (
        table.assign(_p=table["p_adj"].fillna(2), _q=table["p"].fillna(2))
        .sort_values(["_p", "_q"], kind="stable")
        .drop_duplicates(["x", "y"])
    )
    rows = []
    for row in best.itertuples(index=False):
        record = row._asdict()
        if record["p_adj"] < alpha:
            answer = "moves with it"
        elif record["r_detectable"] > 0.5 or not np.isfinite(record["r_detectable"]):
            answer = "inconclusive"
        else:
            answer = "no evidence"
        rows.append(
            {
                "outcome": row.y,
                "score": row.x,
                "answer": answer,
                "best_lag": row.lag,
                "n": row.n,
                "r": row.r,
                "ci_low": row.ci_low,
                "ci_high": row.ci_high,
                "p": row.p,
                "p_adj": row.p_adj,
                "p_naive": row.p_naive,
                "r_detectable": row.r_detectable,
                "transform": used[row.y],
                "verdict": explain(record, alpha=alpha),
            }
        )
    out = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    order = {o: i for i, o in enumerate(outcomes)} | {s: i for i, s in enumerate(scores)}
    out = out.sort_values(["outcome", "score"], key=lambda c: c.map(order)).reset_index(drop=True)
    out.attrs["table"] = table  # every lag, for the heatmap: no need to test it all again
    return out


def pillar_grid(answers: pd.DataFrame) -> pd.DataFrame:
    """Lay the answer of every score for every outcome out as a grid: outcomes × scores.

    Examples
    --------
    >>> answers = pd.DataFrame({"outcome": ["replies", "replies"], "score": ["ssi", "brand"],
    ...                         "answer": ["moves with it", "no evidence"], "best_lag": [1, 0]})
    >>> pillar_grid(answers)
       outcome                ssi        brand
    0  replies  moves with it (1)  no evidence
    """
    text = answers["answer"].where(
        answers["answer"] != "moves with it",
        "moves with it (" + answers["best_lag"].astype(str) + ")",
    )
    grid = answers.assign(text=text).pivot(index="outcome", columns="score", values="text")
    grid = grid.reindex(
        index=list(dict.fromkeys(answers["outcome"])), columns=list(dict.fromkeys(answers["score"]))
    )
    grid.columns.name = None
    return grid.reset_index()


def team_answer_table(
    panel: pd.DataFrame,
    *,
    scores: Sequence[str] = ("ssi",),
    outcomes: Sequence[str] | None = None,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """Within- and between-person effects of each score on each outcome, for a team."""
    from ssi_analysis.stats.correlation import _adjust
    from ssi_analysis.stats.team import team_effect

    outcomes = list(outcomes) if outcomes is not None else outcome_columns(panel)
    rows = []
    for outcome in outcomes:
        for score in scores:
            result = team_effect(panel, x=score, y=outcome).set_index("effect")
            within = result.loc["within"].to_dict() | {"effect": "within"}
            between = result.loc["between"].to_dict() | {"effect": "between"}
            rows.append(
                {
                    "outcome": outcome,
                    "score": score,
                    "within_slope": within["slope"],
                    "within_p": within["p"],
                    "between_r": between["r"],
                    "between_p": between["p"],
                    "pooled_r": result.loc["pooled", "r"],
                    "people": int(within["n_people"]),
                    "verdict": explain(within, alpha=alpha) + " " + explain(between, alpha=alpha),
                }
            )
    out = pd.DataFrame(rows)
    if len(out):
        out.insert(4, "within_p_adj", _adjust(out["within_p"].to_numpy()))
    return out


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
    progress: bool = True,
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
    freq, person, dayfirst
        As in :func:`ssi_analysis.align` and the loaders.
    anonymize : bool
        Replace people's names (and file names, which often hold them) with stable
        pseudonyms everywhere in the HTML and the CSV.
    lags : sequence of int
        Lags (in periods, score leading) tried for every score and outcome.
    progress : bool
        Show papermill's progress bar on the terminal.
    changes : sequence of (date, label)
        For each, a "did it work?" section (:func:`change_table`) for one person's data.

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
        "csv_path": str(csv_path),
        "changes": [[str(when), str(what)] for when, what in changes],
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
