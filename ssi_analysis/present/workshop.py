"""The workshop pack: participant copies, pre-rendered notebooks, the handout, the take-home page.

Teacher notebooks (``notebooks/workshop``) tag the cells that reveal an answer ``solution``;
:func:`participant_copy` removes them with nbconvert's ``TagRemovePreprocessor`` and clears
outputs. :func:`write_pack` writes everything a teacher hands out: each notebook run once and
rendered twice — the participant's page without the reveal (``html/``), the teacher's page
with it (``teacher/``) — and the printable quiz sheet; the ``ssi-analysis workshop`` command
adds the simulated data each notebook shows (the simulator sits above this layer). The
lessons' numbers come from :mod:`ssi_analysis.simulate.lessons`.
"""

from __future__ import annotations

import functools
import html
import json
import os
from collections.abc import Iterable, Mapping, Sequence
from contextlib import chdir, contextmanager
from pathlib import Path

import nbformat

__all__ = [
    "PACK_RECORD",
    "QUICK",
    "REVEAL_MARKER",
    "REVEAL_TAG",
    "check_pack_folder",
    "handout_html",
    "notebook_folder",
    "pack_names",
    "participant_copy",
    "participant_view",
    "quiz_sheet_html",
    "ruled_out_weeks",
    "take_home_html",
    "template_csv",
    "weeks_needed",
    "write_pack",
]

#: Small simulation counts (the test suite's, and ``ssi-analysis workshop --quick``): the
#: lessons' checks live in tests/test_lessons.py, so a run here only has to finish.
QUICK: dict[str, dict] = {
    "00_quiz": {},
    "01_two_random_walks": {"n_sims": 40},
    "02_what_ssi_moves_with": {"n_sims": 4},
    "03_gaming_the_score": {"n_sims": 4},
    "04_above_70_vs_below_40": {"n_sims": 3},
    "05_a_real_link": {"n_sims": 4},
    "06_evidence_of_absence": {"n_sims": 2},
    "07_going_quiet_for_a_week": {"n_sims": 2},
    "08_check_the_essays_claims": {"n_sims": 2},
    "09_test_it_dont_correlate_it": {"n_sims": 2},
}
SOLUTION_TAG = "solution"
#: Notebooks the pack runs at once (each in its own kernel), at most the machine's cores.
PACK_WORKERS = 2
#: The tag of the "stop here" cell: everything a participant's page shows before it asks
#: (the data, the question); everything after it answers (tests/test_workshop.py checks).
REVEAL_TAG = "reveal"
#: The words that cell opens with, found on a rendered page (the participant's HTML).
REVEAL_MARKER = "Stop here:"
#: The quiz notebook (its charts go on the printable quiz sheet).
QUIZ = "00_quiz"
#: The columns ``ssi-analysis load`` reads from a hand-kept SSI log (see the take-home page).
TEMPLATE_COLUMNS = ["Date", "SSI", "Brand", "People", "Insights", "Relationships"]
TAKEAWAYS = [
    (
        "Drifting lines always look related.",
        "Two unrelated series that trend “correlate” most of the time, and a textbook test "
        "agrees (about 65 in 100 unrelated pairs). Two y-axes and smoothing make it worse.",
    ),
    (
        "Test the week-to-week surprises, not the levels.",
        "The kit removes each series’ momentum first; on unrelated series it says “{linked}” "
        "about 5 times in 100 — as a 5 % test should. One person in twenty will see a false "
        "link: that is what 5 % means.",
    ),
    (
        "SSI tracks activity: reach and replies, not pipeline or revenue.",
        "The activity that raises the score also raises impressions and replies. Deals "
        "follow the market, the season and the sales cycle.",
    ),
    (
        "Three answers, not two.",
        "{Linked}; {ruled_out} (a sustained 10-point rise in SSI goes with less than the "
        "smallest effect that matters, e.g. ±40 % of pipeline over five weeks — the data can "
        "say so); or {inconclusive} (an effect that size could still hide; collect more weeks).",
    ),
    (
        "A score you chase stops measuring (Goodhart’s law).",
        "Eight weeks of bulk comments and profile views lift SSI by about 36 % (the average "
        "over workshop 3’s twenty simulated sellers); replies and pipeline do not move.",
    ),
    (
        "High-SSI sellers selling more compares different people.",
        "Seniority and territory raise both. Within one person, weeks of higher SSI bring no "
        "more pipeline. People picked for a high score drift back on their own "
        "(regression to the mean).",
    ),
    (
        "A real link is found — in the pillar that carries it.",
        "When relationship-building really brings deals two weeks later, the kit finds it "
        "at that lag in most sellers; the SSI total, diluted by three idle pillars, less "
        "often. Decide which lags you look at before looking.",
    ),
]
""" The workshop's takeaways: a heading and a text each; the verdicts' words are filled in from
``names.VERDICT_WORDS`` when a page is written (:func:`said`), so rewording one is one edit."""


def said(text: str) -> str:
    """Fill the verdicts' words into ``text``: ``{linked}``, ``{Linked}``, ``{ruled_out}``, ….

    Read from :data:`ssi_analysis.names.VERDICT_WORDS` when called (one edit there rewords
    the handout and the take-home page too).

    Examples
    --------
    >>> said("“{linked}”, “{ruled_out}” or “{inconclusive}”")
    "“linked”, “ruled out” or “can't tell yet”"
    """
    from ssi_analysis.words.format import verdict_phrase

    names = {"linked": "linked", "ruled_out": "ruled out", "inconclusive": "inconclusive"}
    words = {key: verdict_phrase(verdict) for key, verdict in names.items()}
    words |= {key.capitalize(): verdict_phrase(v, start=True) for key, v in names.items()}
    return text.format(**words)


def notebook_folder(kind: str = "workshop") -> Path:
    """Find the shipped notebooks: the workshop pack, or the marketer notebooks.

    An installed kit carries them as package data (``ssi_analysis/notebooks/``, copied there
    when the wheel is built: ``setup.py``), found with :mod:`importlib.resources`; a source
    checkout (or an editable install) has them in ``notebooks/`` beside the package.

    Parameters
    ----------
    kind : {"workshop", "marketer"}
        ``"workshop"``: the teacher notebooks of the workshop pack; ``"marketer"``: the
        notebooks that run the kit on one's own files.

    Returns
    -------
    Path

    Examples
    --------
    >>> (notebook_folder() / "00_quiz.ipynb").exists()
    True
    >>> (notebook_folder("marketer") / "01_load_your_data.ipynb").exists()
    True
    """
    from importlib.resources import files

    if kind not in ("workshop", "marketer"):
        raise ValueError(f"notebook_folder: kind must be 'workshop' or 'marketer', not {kind!r}")
    parts = ("notebooks", "workshop") if kind == "workshop" else ("notebooks",)
    packaged = files("ssi_analysis").joinpath(*parts)
    if packaged.is_dir():  # an installed wheel: a folder on disk (wheels install unzipped)
        return Path(str(packaged))
    source = Path(__file__).resolve().parents[2].joinpath(*parts)
    if source.is_dir():  # a checkout: the repository's notebooks/
        return source
    raise FileNotFoundError(  # pragma: no cover - a broken install
        f"the {kind} notebooks were not found in the installed kit ({packaged}) nor in a "
        "checkout; reinstall the kit (python -m pip install --force-reinstall ssi-analysis)"
    )


def participant_copy(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove the cells tagged ``solution`` and every output: the copy participants open.

    :func:`participant_view` without the outputs.

    Examples
    --------
    >>> two = nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=1)
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", outputs=[two]),
    ...     nbformat.v4.new_markdown_cell("the answer", metadata={"tags": ["solution"]})])
    >>> [(c.source, c.outputs) for c in participant_copy(nb).cells]
    [('1 + 1', [])]
    """
    from nbconvert.preprocessors import ClearOutputPreprocessor

    copy, _ = ClearOutputPreprocessor().preprocess(participant_view(notebook), {})
    return copy


def participant_view(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Remove the cells tagged ``solution`` and keep the outputs: the participant's page.

    A run notebook as participants see it: everything before the reveal, nothing of it.

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1"),
    ...     nbformat.v4.new_markdown_cell("the answer", metadata={"tags": ["solution"]})])
    >>> [c.source for c in participant_view(nb).cells]
    ['1 + 1']
    """
    from nbconvert.preprocessors import TagRemovePreprocessor

    copy = nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), as_version=4))
    remove = TagRemovePreprocessor(remove_cell_tags={SOLUTION_TAG}, enabled=True)
    copy, _ = remove.preprocess(copy, {})
    return copy


def run_notebook(
    path: Path, *, parameters: Mapping | None = None, execute: bool = True
) -> nbformat.NotebookNode:
    """Run a teacher notebook (papermill) and return it with its outputs.

    With ``execute`` False the notebook is only read.
    """
    if execute:
        import papermill as pm

        notebook = pm.execute_notebook(
            str(path),
            None,
            parameters=dict(parameters or {}),
            kernel_name="python3",
            language="python",
            cwd=str(path.parent),
            progress_bar=False,
            # ipykernel 7 logs a warning about TCP transport at every start (nine times for a
            # pack): noise to a teacher; the kernel's errors still show.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
            kernel_manager_class=_quiet_shutdown_manager(),
        )
    else:
        notebook = nbformat.read(path, as_version=4)
    return notebook


@functools.cache
def _quiet_shutdown_manager() -> type:
    """Return a kernel manager that shuts a finished kernel down without interrupting it.

    jupyter_client 8 interrupts every kernel (SIGINT) before asking it to shut down. When the
    signal lands while the kernel is still inside a message handler, ipykernel logs
    "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." on standard error — twice in a
    pack of ten notebooks, alarming and harmless. The pack shuts a kernel down only once its
    notebook has finished (a cell that runs too long is interrupted by the client itself, on
    its timeout), so there is nothing to interrupt: the shutdown request alone, and the kill
    after its grace period, end the kernel.
    """
    from jupyter_client.manager import AsyncKernelManager

    class QuietShutdownKernelManager(AsyncKernelManager):
        async def _async_interrupt_kernel(self) -> None:
            if self.shutting_down:  # set by shutdown_kernel before it interrupts
                return
            await super()._async_interrupt_kernel()

        interrupt_kernel = _async_interrupt_kernel

    return QuietShutdownKernelManager


def _run_in_thread(path: Path, **kwargs) -> nbformat.NotebookNode:
    """Run :func:`run_notebook` in a worker thread and close the thread's event loop.

    The kernel client opens an event loop for the thread; left open, its sockets are
    reported unclosed when the process ends.
    """
    import asyncio

    try:
        return run_notebook(path, **kwargs)
    finally:
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:  # no loop was set in this thread
            loop = None
        if loop is not None and not loop.is_running():
            loop.close()
            asyncio.set_event_loop(None)


def render_html(
    path: Path,
    *,
    parameters: Mapping | None = None,
    execute: bool = True,
    notebook: nbformat.NotebookNode | None = None,
    participant: bool = False,
) -> str:
    """Render a teacher notebook as a self-contained HTML page.

    ``notebook``: the notebook already run (:func:`run_notebook`), not run again; otherwise
    ``path`` is run with ``parameters`` (or only read, ``execute=False``). ``participant``:
    the page without the reveal (:func:`participant_view`).
    """
    if notebook is None:
        notebook = run_notebook(path, parameters=parameters, execute=execute)
    if participant:
        notebook = participant_view(notebook)
    notebook = _title_first(notebook)
    heading = next((c.source for c in notebook.cells if c.cell_type == "markdown"), "")
    if heading.startswith("# "):  # the browser tab: the notebook's title, not "Notebook"
        notebook = nbformat.from_dict(dict(notebook))
        notebook.metadata = nbformat.from_dict(
            {**notebook.metadata, "title": heading.splitlines()[0][2:].strip()}
        )
    with _jupyter_data_path():
        body, _ = _exporter().from_notebook_node(notebook)
    return body


@functools.lru_cache(maxsize=1)
def _exporter():
    """One HTML exporter a process: loading its templates costs more than a page."""
    from nbconvert import HTMLExporter

    with _jupyter_data_path():
        return HTMLExporter()


def _title_first(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Put the title cell first on the page (the notebook opens with its parameters cell).

    Examples
    --------
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("seed = 1"),
    ...     nbformat.v4.new_markdown_cell("# Title")])
    >>> [c.source for c in _title_first(nb).cells]
    ['# Title', 'seed = 1']
    """
    cells = list(notebook.cells)
    title = next(
        (i for i, c in enumerate(cells) if c.cell_type == "markdown" and c.source.startswith("# ")),
        None,
    )
    if not title:
        return notebook
    copy = nbformat.from_dict(nbformat.reads(nbformat.writes(notebook), as_version=4))
    copy.cells = [copy.cells[title], *copy.cells[:title], *copy.cells[title + 1 :]]
    return copy


@contextmanager
def _jupyter_data_path():
    """Let nbconvert find its templates where a virtualenv on a shared interpreter keeps them.

    nbconvert looks in the environment's own ``share/jupyter``; when nbconvert itself was
    installed into the base interpreter (a virtualenv with system site-packages), its
    templates sit under the base prefix, which it does not search. JUPYTER_PATH is the
    documented way to add a data folder; it is restored afterwards.
    """
    import os
    import sys

    extra = [
        str(Path(prefix) / "share" / "jupyter")
        for prefix in dict.fromkeys([sys.prefix, sys.base_prefix])
        if (Path(prefix) / "share" / "jupyter" / "nbconvert" / "templates").is_dir()
    ]
    before = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = os.pathsep.join([*([before] if before else []), *extra])
    try:
        yield
    finally:
        if before is None:
            del os.environ["JUPYTER_PATH"]
        else:
            os.environ["JUPYTER_PATH"] = before


#: Lags the report scans (0-4 weeks): the verdict "linked" folds them (see weeks_needed).
LAGS_SCANNED = 5
#: The command the take-home page prints, and the family its verdicts are adjusted over: the
#: template's five scores, and a CRM deals export's outcomes (deals and pipeline created: the
#: pipeline question; deals and revenue won: the revenue question), two per question.
TAKE_HOME_COMMAND = (
    "ssi-analysis report --ssi my_ssi.csv --outcomes my_crm_deals.csv --out report.html"
)
TAKE_HOME_SCORES = 5
TAKE_HOME_OUTCOMES = {"pipeline": 2, "revenue": 2}
#: Cells of each question's family for that command (Benjamini-Hochberg within a question).
TAKE_HOME_CELLS = TAKE_HOME_SCORES * TAKE_HOME_OUTCOMES["pipeline"]


def weeks_needed(
    sizes: Iterable[float] = (0.5, 0.4, 0.3, 0.2),
    *,
    target: float = 0.8,
    filter_weeks: int = 4,
    cells: int = 1,
) -> list[tuple[float, int]]:
    """Weeks of data for a ``target`` chance that the report says "linked" for each size.

    From :func:`ssi_analysis.stats.power.power` for the verdict: the link at one of the
    report's five lags (0-4 weeks, Simes within the cell) in a family of ``cells`` score ×
    outcome cells (Benjamini-Hochberg; the take-home page's command has
    :data:`TAKE_HOME_CELLS` per question), on momentum-free weeks, plus the ``filter_weeks``
    the kit spends removing momentum (an AR filter of order up to 4).

    Examples
    --------
    >>> weeks_needed([0.3])
    [(0.3, 132)]
    >>> weeks_needed([0.3], cells=TAKE_HOME_CELLS)  # the command the take-home page prints
    [(0.3, 189)]
    """
    from ssi_analysis.stats.power import power

    out = []
    for size in sizes:
        n = 10  # the fewest periods power() (and the test) accepts
        while power(n, r=size, lags=LAGS_SCANNED, cells=cells) < target:
            n += 1
        out.append((float(size), n + filter_weeks))
    return out


def ruled_out_weeks(*, target: float = 0.8) -> dict[str, int | None]:
    """Weeks until a seller with no link reads "ruled out", per question of the command.

    From :func:`ssi_analysis.stats.power.effect_needed` with each question's default bound
    and horizon (:data:`~ssi_analysis.questions.DEFAULT_BOUND`,
    :data:`~ssi_analysis.questions.DEFAULT_HORIZON`), :data:`TAKE_HOME_CELLS` cells, for SSI
    beside the first outcome of each question, for a seller whose weeks vary like the
    simulator's typical seller (:meth:`~ssi_analysis.stats.power.Variation.typical`). None:
    not within ten years.

    Examples
    --------
    >>> ruled_out_weeks()
    {'pipeline': 275, 'revenue': None}
    """
    from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON
    from ssi_analysis.stats.power import Variation, effect_needed

    first = {"pipeline": "deals_created", "revenue": "deals_won"}
    return {
        q: effect_needed(
            variation=Variation.typical("ssi", first[q]),
            bound=DEFAULT_BOUND[q],
            horizon=DEFAULT_HORIZON[q],
            cells=TAKE_HOME_SCORES * TAKE_HOME_OUTCOMES[q],
            power=target,
        )
        for q in TAKE_HOME_OUTCOMES
    }


def template_csv() -> str:
    """Return a CSV template for logging one's own SSI weekly, with the columns the kit reads.

    Examples
    --------
    >>> template_csv().splitlines()[0]
    'Date,SSI,Brand,People,Insights,Relationships'
    """
    return ",".join(TEMPLATE_COLUMNS) + "\n"


_PAGE_CSS = """
@page { size: A4; margin: 12mm; }
body { font-family: Georgia, serif; font-size: 10.5pt; line-height: 1.35; max-width: 180mm;
       margin: 0 auto; color: #111; }
h1 { font-size: 15pt; margin: 0 0 4pt; } h2 { font-size: 11.5pt; margin: 9pt 0 2pt; }
p, li { margin: 0 0 3pt; } ol, ul { padding-left: 16pt; margin: 0; }
code, pre { font-family: Menlo, Consolas, monospace; font-size: 9pt; }
table { border-collapse: collapse; } td, th { border: 1px solid #999; padding: 1pt 5pt; }
.small { font-size: 9pt; color: #444; }
.charts img { width: 49.5%; vertical-align: top; }
@media screen and (max-width: 600px) { .charts img { width: 100%; } }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_PAGE_CSS}</style></head>"
        f"<body>\n{body}\n</body></html>\n"
    )


def _first_pngs(notebook: nbformat.NotebookNode) -> list[str]:
    """Return the PNGs (base64) of the first cell of a run notebook that drew any, in order."""
    for cell in notebook.cells:
        outputs = cell.get("outputs", []) if cell.cell_type == "code" else []
        pngs = [o.get("data", {}).get("image/png") for o in outputs]
        pngs = [str(png).replace("\n", "") for png in pngs if png]
        if pngs:
            return pngs
    return []


def quiz_sheet_html(charts_png: str | Sequence[str] | None = None) -> str:
    """Return the printable quiz sheet: the six charts and a yes/no box for each.

    ``charts_png``: the quiz's charts as the run notebook drew them (base64 PNG, one per
    chart: two to a row on paper, one on a phone); without them (a pack written with
    ``--no-run``) the sheet sends participants to the projector. Nothing on it names a
    chart's simulated world or its answer.

    Examples
    --------
    >>> "Really linked?" in quiz_sheet_html()
    True
    """
    rows = "".join(
        f"<tr><td><b>{c}</b></td><td>yes &#9633;&nbsp;&nbsp; no &#9633;</td><td></td></tr>"
        for c in "ABCDEF"
    )
    pngs = [charts_png] if isinstance(charts_png, str) else list(charts_png or [])
    letters = "ABCDEF" if len(pngs) == 6 else ""
    picture = (
        '<div class="charts">'
        + "".join(
            f'<img alt="{f"quiz chart {letters[i]}" if letters else "the quiz charts"}" '
            f'src="data:image/png;base64,{png}">'
            for i, png in enumerate(pngs)
        )
        + "</div>"
        if pngs
        else "<p><i>The six charts are on the projector (html/00_quiz.html).</i></p>"
    )
    body = (
        "<h1>Warm-up quiz — Really linked?</h1>"
        "<p>For each chart: <b>does the first line really move the second</b> — would pushing "
        "it up push the other up? Any number of charts can be a yes. Tick yes or no before "
        "anyone speaks.</p>"
        f"{picture}"
        # the "why" column takes the page's width: a few words need room to be written
        '<table style="width:100%"><tr><th>chart</th><th>your answer</th>'
        '<th style="width:70%">why (a few words)</th></tr>'
        f"{rows}</table>"
    )
    return _page("SSI workshop: quiz sheet", body)


def handout_html() -> str:
    """Return the one-page printable handout of the workshop's takeaways (A4 or Letter).

    Examples
    --------
    >>> "@page" in handout_html() and "Goodhart" in handout_html()
    True
    """
    items = "\n".join(
        f"<li><b>{html.escape(said(head))}</b> {html.escape(said(text))}</li>"
        for head, text in TAKEAWAYS
    )
    body = (
        "<h1>SSI is an activity score, not a revenue metric</h1>"
        '<p class="small">Workshop handout · every example was simulated with a known truth, '
        "so we could check which method told it.</p>"
        f"<h2>Seven things to keep</h2><ol>{items}</ol>"
        "<h2>Before you believe a chart of SSI and sales</h2><ul>"
        "<li>Is it one person over time, or different people compared?</li>"
        "<li>Two y-axes, smoothing, a hand-picked period? Each makes lines look related.</li>"
        "<li>Was the test run on the changes, with the lags chosen before looking?</li>"
        + html.escape(said("Is the answer “{linked}”, “{ruled_out}” or “{inconclusive}” — ")).join(
            ["<li>", "and how many weeks?</li>"]
        )
        + "</ul>"
        "<h2>Try it on your own SSI</h2>"
        "<p>Log your SSI once a week (linkedin.com/sales/ssi) in the CSV template, then run "
        "<code>ssi-analysis load my_ssi.csv</code> and "
        "<code>ssi-analysis report --ssi my_ssi.csv --outcomes my_crm_deals.csv</code>. "
        "See the take-home page for how many weeks you need.</p>"
    )
    return _page("SSI workshop handout", body)


def take_home_html() -> str:
    """Return the take-home page: logging one's SSI, the weeks needed, the two commands.

    Examples
    --------
    >>> "ssi-analysis report" in take_home_html()
    True
    """
    rows = "".join(
        f"<tr><td>±{size:.1f}</td><td>{weeks}</td><td>{weeks / 52:.1f}</td></tr>"
        for size, weeks in weeks_needed(cells=TAKE_HOME_CELLS)
    )
    ruled = ruled_out_weeks()
    from ssi_analysis.questions import DEFAULT_BOUND, DEFAULT_HORIZON

    def ruled_words(q: str, what: str) -> str:
        weeks = ruled[q]
        when = (
            f"about {weeks} weeks ({weeks / 52:.1f} years)"
            if weeks is not None
            else "more than ten years of one seller's data (a team can answer it)"
        )
        return (
            f"an 80 % chance of “{html.escape(said('{ruled_out}'))}” for {what} (a 10-point SSI "
            "rise going with less "
            f"than ±{100 * DEFAULT_BOUND[q]:.0f} % over that week and the next "
            f"{DEFAULT_HORIZON[q]} weeks) needs {when}"
        )

    columns = ", ".join(f"<code>{c}</code>" for c in TEMPLATE_COLUMNS)
    body = (
        "<h1>Take home: test your own SSI</h1>"
        "<h2>1. Log it weekly</h2>"
        "<p>Every Monday, open linkedin.com/sales/ssi and add one row to "
        f"<code>ssi_log_template.csv</code>: {columns}. The date as YYYY-MM-DD; SSI 0-100; each "
        "pillar 0-25. Leave a week out rather than guess it: the kit treats a missing week as "
        "missing, never as zero. Exports of the SSI page saved by a browser extension work "
        "too.</p>"
        "<h2>2. Wait long enough</h2><p>"
        + html.escape(said("Weeks of data for an 80 % chance that the command below says "))
        + html.escape(said("“{linked}” for a "))
        + "link of a given size (the correlation of the weekly surprises) at one of the five "
        f"lags it scans (0-4 weeks), among its {TAKE_HOME_CELLS} score × outcome pairs per "
        "question (SSI and four pillars × two CRM outcomes; from the kit’s power function, "
        "<code>weeks_needed(cells=10)</code>):</p>"
        f"<table><tr><th>link size r</th><th>weeks</th><th>years</th></tr>{rows}</table>"
        f"<p>With no link at all, {ruled_words('pipeline', 'pipeline')}; "
        f"{ruled_words('revenue', 'revenue')} — for a seller whose weeks vary like the "
        "kit’s typical simulated seller (<code>effect_needed</code>). Fewer scores "
        "(<code>--scores ssi</code>) or lags (<code>--lags 0-2</code>) mean fewer pairs "
        "and fewer weeks.</p>"
        + "<p>"
        + html.escape(said("Until then the honest answer is often “{inconclusive}”."))
        + "</p>"
        "<h2>3. Run two commands</h2>"
        f"<pre>ssi-analysis load my_ssi.csv\n{html.escape(TAKE_HOME_COMMAND)}</pre>"
        "<p>The first checks every row of your log and says what it read; the second writes "
        + html.escape(said("one HTML page with the answer for each outcome ({linked}, "))
        + html.escape(said("{ruled_out}, {inconclusive}). "))
        + "Add LinkedIn analytics exports or the LinkedIn data archive to "
        "<code>--outcomes</code> for reach and replies.</p>"
    )
    return _page("SSI workshop: take home", body)


#: The record of a written pack: the SHA-256 of each file, so that a re-run knows its own.
PACK_RECORD = "workshop_manifest.json"


def pack_names(notebooks: Iterable[str] | None = None) -> list[str]:
    """Return the files a pack holds, relative to its folder (the record last).

    Examples
    --------
    >>> pack_names(["00_quiz"])[:3]
    ['teacher/00_quiz.ipynb', 'participant/00_quiz.ipynb', 'html/00_quiz.html']
    """
    names = []
    paths = _notebooks(notebooks)
    for path in paths:
        names += [f"teacher/{path.name}", f"participant/{path.name}", f"html/{path.stem}.html"]
        names.append(f"teacher/{path.stem}.html")
    names += ["handout.html", "take_home.html", "ssi_log_template.csv"]
    if any(p.stem == QUIZ for p in paths):
        names.append("quiz_sheet.html")
    if (notebook_folder() / "README.md").exists():
        names.append("README.md")
    return names


def _notebooks(notebooks: Iterable[str] | None) -> list[Path]:
    paths = sorted(notebook_folder().glob("*.ipynb"))
    if notebooks is not None:
        wanted = set(notebooks)
        paths = [p for p in paths if p.stem in wanted]
    return paths


def check_pack_folder(out: str | Path, names: Iterable[str], *, force: bool = False) -> None:
    """Refuse, before any work, a pack folder that holds files the kit did not write.

    ``workshop --out`` writes only into an empty (or new) folder, or one it wrote: a file of
    the pack already there is replaced only when the pack's record (:data:`PACK_RECORD`)
    holds its SHA-256, so a page a teacher edited since is not overwritten. Other files in
    the folder are left alone. Links are followed. ``force`` replaces anyway.

    Raises
    ------
    OutputError
        Naming the files in the way and ``--force``.
    """
    from ssi_analysis.errors import some
    from ssi_analysis.present.outputs import OutputError, sha256_file

    folder = Path(out).expanduser().resolve()
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"--out {str(out)!r} is a file, not a folder; give a new or empty folder for the "
            "workshop pack"
        )
    if force or not folder.exists():
        return
    known: dict[str, str] = {}
    try:
        record = json.loads((folder / PACK_RECORD).read_text(encoding="utf-8"))
        if isinstance(record, dict) and isinstance(record.get("files"), dict):
            known = {str(k): str(v) for k, v in record["files"].items()}
    except (OSError, ValueError):
        pass
    if not known:  # not a pack folder: only an empty one is used
        present = sorted(p.name for p in folder.iterdir())
        if present:
            shown = some(present, 8)
            raise OutputError(
                f"--out {str(out)!r}: the folder is not empty and the kit did not write it "
                f"(it holds {shown}); nothing was written. Give a new or empty folder for the "
                "workshop pack, or add --force to write into this one (files of the pack's "
                "names are replaced)."
            )
        return
    in_the_way = []
    for name in [*names, PACK_RECORD]:
        path = folder / name
        if not os.path.lexists(path):
            continue
        if name == PACK_RECORD and known:
            continue
        if known.get(name) != sha256_file(path.resolve()):
            in_the_way.append(name)
    if in_the_way:
        shown = some(in_the_way, 8)
        raise OutputError(
            f"--out {str(out)!r}: the folder holds files the workshop pack would replace and "
            f"that the kit did not write (or that were edited since): {shown}; nothing was "
            "written. Give a new or empty folder, or add --force to replace them."
        )


def write_pack(
    out: str | Path,
    *,
    execute: bool = True,
    quick: bool = False,
    notebooks: Iterable[str] | None = None,
    extra: Mapping[str, bytes | str] | None = None,
    force: bool = False,
    progress: bool = False,
) -> list[Path]:
    """Write the workshop pack into ``out``; return the files written.

    ``teacher/`` (the notebooks as shipped, and each run and rendered with its reveal),
    ``participant/`` (solutions removed, no outputs), ``html/`` (each notebook run and
    rendered without its reveal, for those without Python), ``quiz_sheet.html`` (the quiz's
    six charts and answer boxes, to print), ``handout.html``, ``take_home.html`` and
    ``ssi_log_template.csv``. ``notebooks`` limits
    the set (stems); ``quick`` runs them with small simulation counts; ``execute=False``
    renders them without running; ``extra`` adds files (relative name -> content);
    ``progress`` names the notebook being run on standard error when it is a terminal
    (:class:`~ssi_analysis.present.progress.Steps`).

    The folder must be new, empty or one the kit wrote (:func:`check_pack_folder`, before
    any notebook runs); the files are written as one set
    (:func:`~ssi_analysis.present.outputs.write_set`) with a record of their SHA-256
    (:data:`PACK_RECORD`): a failed re-run leaves the previous pack as it was.
    """
    from ssi_analysis import __version__
    from ssi_analysis.present.outputs import sha256_bytes, write_set

    # Resolved before any notebook runs: papermill runs each notebook by changing the whole
    # process's working directory, so a relative ``out`` read later could name another folder.
    out = Path(out).expanduser().resolve()
    extra = dict(extra or {})
    check_pack_folder(out, [*pack_names(notebooks), *extra], force=force)
    folder = notebook_folder()
    from ssi_analysis.present.progress import Steps

    files: dict[str, bytes] = {}
    paths = _notebooks(notebooks)
    from concurrent.futures import ThreadPoolExecutor

    # Each notebook runs in its own kernel (a process): two at a time on a machine with two
    # cores or more halves the wait (the pack once took 8 minutes one by one).
    workers = max(1, min(PACK_WORKERS, os.cpu_count() or 1, len(paths))) if execute else 1
    # papermill's ``cwd`` is a process-wide chdir and restore; two threads doing it at once can
    # leave the process in the notebooks' folder (a relative --out then went into the installed
    # package). Every notebook runs in this one folder: enter it here, and leave it after.
    with (
        chdir(folder),
        ThreadPoolExecutor(workers) as pool,
        Steps(len(paths), enabled=None if progress else False) as step,
    ):
        runs = [
            pool.submit(
                _run_in_thread,
                path,
                parameters=QUICK.get(path.stem, {}) if quick else {},
                execute=execute,
            )
            for path in paths
        ]
        for path, run in zip(paths, runs, strict=True):
            step(f"{'running' if execute else 'rendering'} the workshop notebooks: {path.stem}")
            notebook = nbformat.read(path, as_version=4)
            for sub, copy in (("teacher", notebook), ("participant", participant_copy(notebook))):
                files[f"{sub}/{path.name}"] = nbformat.writes(copy).encode("utf-8")
            ran = run.result()
            # run once, rendered twice: the participant's page ends before the reveal
            page = render_html(path, notebook=ran, participant=True)
            files[f"html/{path.stem}.html"] = page.encode("utf-8")
            page = render_html(path, notebook=ran)
            files[f"teacher/{path.stem}.html"] = page.encode("utf-8")
            if path.stem == QUIZ:
                files["quiz_sheet.html"] = quiz_sheet_html(_first_pngs(ran)).encode("utf-8")
    for name, text in (
        ("handout.html", handout_html()),
        ("take_home.html", take_home_html()),
        ("ssi_log_template.csv", template_csv()),
    ):
        files[name] = text.encode("utf-8")
    if (folder / "README.md").exists():
        files["README.md"] = (folder / "README.md").read_bytes()
    for name, data in extra.items():
        files[name] = data.encode("utf-8") if isinstance(data, str) else data
    record = {
        "kit_version": __version__,
        "files": {name: sha256_bytes(data) for name, data in files.items()},
    }
    files[PACK_RECORD] = (json.dumps(record, indent=2) + "\n").encode("utf-8")
    check_pack_folder(out, list(files), force=force)  # again: the rendering took minutes
    root = out.resolve()
    targets = {}
    for name, data in files.items():
        target = (root / name).resolve()  # links followed
        target.parent.mkdir(parents=True, exist_ok=True)
        targets[target] = data
    write_set(targets)
    return [out / name for name in files]
