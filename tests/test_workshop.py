"""The workshop pack: the plan adds up, notebooks predict before they reveal, participant copies
hold no answers, the examples shipped as data are the ones the notebooks show, and
``ssi-analysis workshop`` writes the whole pack.
"""

import html
import os
import re
from pathlib import Path

import nbformat
import pytest

from ssi_analysis.cli import main
from ssi_analysis.present import workshop

FOLDER = Path(__file__).resolve().parents[1] / "notebooks" / "workshop"
# Notebooks built to predict-then-reveal (06 is written separately: issue 11; 08 is an
# optional extension outside the 90 minutes).
OURS = sorted(FOLDER.glob("0[0-9]_*.ipynb"))
#: Simulated worlds whose names give a lesson's answer away.
REVEALING = ("ssi_not_revenue", "ssi_drives_pipeline", "shared_season")


#: Titles and names that state a lesson's answer (they were the notebooks' own, once).
ANSWER_TITLES = (
    "not a revenue metric",
    "positive control",
    "the kit finds it",
    'walks "correlate"',
    "is not “no evidence”",
    'is not "no evidence"',
)
#: Names that state an answer, anywhere on a participant's page (the code calls neutral ones).
ANSWER_NAMES = ("not_revenue", "positive_control")
#: Code that prints or draws an answer: never before the reveal marker.
ANSWER_CODE = (
    "lag_profile",
    '["sentence"]',
    ".says",
    "print(lesson)",
    "explain(",
    'numbers["table"]',
    'numbers["dent"]',
    'numbers["textbook"]',
    'numbers["result"]',
    "plots.team(",
    "axvspan",
)
#: Code that is an answer elsewhere but not in these notebooks: 09 shades the weeks its
#: experiment ran (the data the task is about), not a dip or a window that answers it.
NOT_AN_ANSWER = {"09_test_it_dont_correlate_it": {"axvspan"}}


def answer_code(stem: str, code: str) -> list[str]:
    """The answer-revealing snippets found in ``code`` (a notebook's cells or a page)."""
    return [c for c in ANSWER_CODE if c in code and c not in NOT_AN_ANSWER.get(stem, ())]


def split_at_marker(stem: str, page: str) -> tuple[str, str]:
    """A participant's page, before and after its reveal marker (which it must have)."""
    text = html.unescape(page)
    assert workshop.REVEAL_MARKER in text, f"{stem}: no reveal marker on the page"
    before, after = text.split(workshop.REVEAL_MARKER, 1)
    return before, after


def assert_no_answers(stem: str, page: str, *, marker: bool = True) -> None:
    """A participant's page: no simulated world's name, no title that states the answer,
    nothing of the reveal, and before the reveal marker nothing that prints or draws one."""
    from ssi_analysis.simulate.lessons import QUIZ_TRUTH

    text = html.unescape(page)
    # the worlds whose names give an answer away (the quiz: and the burst)
    hidden = [*REVEALING, *(["gaming"] if stem == "00_quiz" else []), "truth.", "QUIZ_TRUTH"]
    hidden += ANSWER_NAMES
    assert not [h for h in hidden if h in text], (stem, [h for h in hidden if h in text])
    # the title, as the page shows it (its heading and the browser's tab)
    titles = re.findall(r"<title>(.*?)</title>|<h1[^>]*>(.*?)</h1>", text, flags=re.S)
    titles = " ".join(re.sub(r"<[^>]+>", "", a + b) for a, b in titles)
    assert not [t for t in ANSWER_TITLES if t in titles], (stem, titles)
    cells = nbformat.read(FOLDER / f"{stem}.ipynb", as_version=4).cells
    for cell in cells:
        if "solution" in cell.metadata.get("tags", []):
            first = next((line for line in cell.source.splitlines() if len(line) > 25), None)
            assert first is None or html.unescape(html.escape(first)) not in text, (stem, first)
    if stem == "00_quiz":
        assert not [why for _, why in QUIZ_TRUTH.values() if why[:40] in text]
        assert "votes right" not in text and "No hands typed" not in text
    if marker and stem in {p.stem for p in OURS}:
        before, _ = split_at_marker(stem, page)
        assert not answer_code(stem, before), (stem, answer_code(stem, before))


def plan_rows():
    text = (FOLDER / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^\|[^|\n]*\|([^|\n]*)\|[^|\n]*\|\s*(\d+) min\s*\|$", text, flags=re.M)


def extension_rows():
    """Rows of optional notebooks: their time reads "+N min, optional", outside the 90."""
    text = (FOLDER / "README.md").read_text(encoding="utf-8")
    return re.findall(
        r"^\|[^|\n]*\|([^|\n]*)\|[^|\n]*\|\s*\+(\d+) min, optional\s*\|$", text, flags=re.M
    )


def test_plan_sums_to_90_with_break_and_buffer():
    rows = plan_rows()
    assert sum(int(m) for _, m in rows) == 90
    labels = " ".join(label for label, _ in rows)
    assert "break" in labels and "buffer" in labels


@pytest.mark.parametrize("path", sorted(FOLDER.glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_is_in_the_plan_with_the_same_minutes(path):
    planned = {
        re.search(r"`(\w+)\.ipynb`", label).group(1): int(m)
        for label, m in plan_rows() + extension_rows()
        if ".ipynb" in label
    }
    assert path.stem in planned, f"{path.name} is not in the README plan"
    title = nbformat.read(path, as_version=4).cells[1].source.splitlines()[0]
    minutes = re.search(r"\((\d+) min\)", title)
    if path not in OURS and not (minutes and int(minutes.group(1)) == planned[path.stem]):
        pytest.xfail(f"{path.name}: its title should end '({planned[path.stem]} min)' as planned")
    assert minutes and int(minutes.group(1)) == planned[path.stem], (path.name, title)


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.stem)
def test_predict_then_reveal(path):
    cells = nbformat.read(path, as_version=4).cells
    tags = [set(c.metadata.get("tags", [])) for c in cells]
    solution = [i for i, t in enumerate(tags) if "solution" in t]
    assert solution, "the answers are tagged 'solution'"
    first_solution = solution[0]
    before = "\n".join(c.source for c in cells[:first_solution])
    assert "Predict" in before, "participants predict before anything is revealed"
    assert "Conclusion" not in before and "Lesson" not in before
    # one "stop here" cell, after the question and before any cell that prints or draws the
    # answer (a participant's HTML page shows every output above it)
    marker = [i for i, t in enumerate(tags) if workshop.REVEAL_TAG in t]
    assert len(marker) == 1, "one reveal marker"
    assert marker[0] < first_solution
    assert workshop.REVEAL_MARKER in cells[marker[0]].source
    asks = "\n".join(c.source for c in cells[: marker[0]])
    assert "Predict" in asks
    assert not answer_code(path.stem, asks), answer_code(path.stem, asks)
    # the lesson in words is last; it never raises (the checks are in tests/test_lessons.py)
    assert "lesson" in tags[-1] and "solution" in tags[-1], "the lesson in words is last"
    assert "raise AssertionError" not in "\n".join(c.source for c in cells)


@pytest.mark.parametrize("path", OURS, ids=lambda p: p.stem)
def test_participant_copy_has_no_answers(path):
    teacher = nbformat.read(path, as_version=4)
    copy = workshop.participant_copy(teacher)
    assert all("solution" not in c.metadata.get("tags", []) for c in copy.cells)
    assert len(copy.cells) == sum(
        "solution" not in c.metadata.get("tags", []) for c in teacher.cells
    )
    assert "parameters" in copy.cells[0].metadata["tags"]
    assert copy.metadata["kernelspec"]["name"] == "python3"
    code = "\n".join(c.source for c in copy.cells if c.cell_type == "code")
    assert "truth.link" not in code and "truth.description" not in code, "the truth is an answer"


def test_extensions_are_outside_the_90_minutes():
    extensions = [re.search(r"`(\w+)\.ipynb`", label).group(1) for label, _ in extension_rows()]
    assert "08_check_the_essays_claims" in extensions
    in_plan = " ".join(label for label, _ in plan_rows())
    assert all(stem not in in_plan for stem in extensions)
    assert all((FOLDER / f"{stem}.ipynb").exists() for stem in extensions)


def test_template_is_read_by_the_loader(tmp_path):
    from ssi_analysis.schema.ssi import load_ssi

    log = tmp_path / "my_ssi.csv"
    log.write_text(
        workshop.template_csv() + "2026-01-05,55,14,13,12,16\n2026-01-19,57,14.5,13,13,16.5\n",
        encoding="utf-8",
    )
    scores = load_ssi(log)
    assert scores["ssi"].dropna().tolist() == [55.0, 57.0]
    assert scores["relationships"].dropna().tolist() == [16.0, 16.5]


def test_weeks_needed_follow_the_power_function():
    from ssi_analysis.stats.power import power

    for size, weeks in workshop.weeks_needed([0.5, 0.3, 0.2]):
        n = weeks - 4
        # the verdict's power: the link at one of the report's five lags
        assert power(n, r=size, lags=5) >= 0.8 > power(n - 1, r=size, lags=5)


def test_handout_is_one_short_page():
    page = workshop.handout_html()
    assert "@page { size: A4" in page
    words = len(re.sub(r"<[^>]+>|\{[^}]*\}", " ", page).split())
    # ~550 words of 10.5 pt text fill one A4/Letter page with these margins (checked by
    # printing from a browser); the test keeps the handout from growing past it.
    assert words < 550, words
    for idea in ("Goodhart", "regression to the mean", "ruled out", "different people"):
        assert idea in page


def test_cli_writes_the_pack_without_running(tmp_path, capsys, monkeypatch):
    from ssi_analysis.simulate import lessons

    stems = {p.stem for p in FOLDER.glob("*.ipynb")}
    # the data's content is tested in tests/test_lessons.py; here, that the pack writes it
    data = {f"{stem}_weekly.csv": f"period,{stem}\n" for stem in stems}
    monkeypatch.setattr(lessons, "example_csvs", lambda: dict(data))
    assert main(["workshop", "--out", str(tmp_path), "--no-run"]) == 0
    assert {p.stem for p in (tmp_path / "participant").glob("*.ipynb")} == stems
    assert {p.stem for p in (tmp_path / "html").glob("*.html")} == stems
    assert {p.stem for p in (tmp_path / "teacher").glob("*.html")} == stems
    for path in (tmp_path / "html").glob("*.html"):
        assert_no_answers(path.stem, path.read_text(encoding="utf-8"))
    for path in [*(tmp_path / "html").glob("*.html"), *(tmp_path / "teacher").glob("*.html")]:
        # each browser tab reads its notebook's title (all ten once read "Notebook")
        cells = nbformat.read(FOLDER / f"{path.stem}.ipynb", as_version=4).cells
        heading = next(c.source for c in cells if c.source.startswith("# ")).splitlines()[0]
        tab = re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), flags=re.S)
        assert html.unescape(tab.group(1)) == heading[2:].strip(), (path, tab.group(1))
    for path in (tmp_path / "participant").glob("*.ipynb"):
        notebook = nbformat.read(path, as_version=4)
        assert all("solution" not in c.metadata.get("tags", []) for c in notebook.cells)
        assert all(c.get("outputs", []) == [] for c in notebook.cells)
    names = (
        "handout.html",
        "take_home.html",
        "ssi_log_template.csv",
        "README.md",
        "quiz_sheet.html",
    )
    for name in names:
        assert (tmp_path / name).stat().st_size > 0
    for name, text in data.items():
        assert (tmp_path / "data" / name).read_text(encoding="utf-8") == text
    assert "wrote" in capsys.readouterr().out


def test_a_relative_pack_folder_survives_notebooks_run_at_once(tmp_path, monkeypatch):
    """``workshop --out pack`` as a teacher types it, with two notebooks running at once.

    papermill runs a notebook by changing the whole process's folder and changing it back; two
    threads doing that overlapped left the process in the notebooks' folder, and the pack
    (a relative ``--out`` read after the runs) went into the installed package. The fake run
    below overlaps the two the way papermill's threads did, without starting kernels.
    """
    import threading
    import time

    started = threading.Barrier(2)

    def papermill_like(path, **kwargs):
        before = os.getcwd()
        os.chdir(path.parent)  # papermill's cwd=: a chdir for the whole process
        started.wait(timeout=30)  # both runs are inside their chdir now
        time.sleep(0.1 if path.stem.startswith("00") else 0.3)
        os.chdir(before)
        return nbformat.read(path, as_version=4)

    monkeypatch.setattr(workshop, "run_notebook", papermill_like)
    monkeypatch.setattr(workshop, "PACK_WORKERS", 2)
    monkeypatch.setattr(workshop.os, "cpu_count", lambda: 2)
    monkeypatch.chdir(tmp_path)
    workshop.write_pack("pack", notebooks=["00_quiz", "05_a_real_link"])
    assert Path.cwd() == tmp_path  # back where the command was run from
    assert (tmp_path / "pack" / "handout.html").is_file()  # in ./pack, where the teacher looks
    assert not list(workshop.notebook_folder().glob("pack"))  # nothing in the package


#: Width (CSS px) of a notebook image on the nbconvert page in a 390 px wide viewport, as
#: measured in headless Chromium (a 1211 px figure was shown 344 px wide; the quiz's page).
PHONE_IMAGE_PX = 344


def test_quiz_charts_are_legible_on_a_phone(monkeypatch):
    """Each quiz chart is its own figure whose smallest text shows at least 11 px high on a
    390 px wide phone (the six in one 12-inch figure showed 10 pt text at about 4 px); the
    printed sheet keeps all six, two to a row, each named for the chart it is."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    from ssi_analysis.simulate import lessons

    weeks = pd.date_range("2024-11-25", periods=104, freq="W-MON")
    line = pd.Series(range(104), dtype=float)

    def charts():  # the real charts' shapes and magnitudes (the drawing is the point here)
        one = {"period": weeks, "ssi": 50 + line / 5, "relationships": 18 + line / 20}
        one |= {"pipeline_created": 40_000 + 1_000 * line}
        team = pd.DataFrame({"person": [f"Seller {i}" for i in range(12)] * 2, **{
            k: [50.0 + i for i in range(24)] for k in ("ssi", "pipeline_created")}})  # fmt: skip
        return {
            c: (team if c == "E" else pd.DataFrame(one), x, y)
            for c, (_, _, x, y) in lessons._QUIZ.items()
        }

    monkeypatch.setattr(lessons, "quiz_charts", charts)
    cells = [c for c in nbformat.read(FOLDER / "00_quiz.ipynb", as_version=4).cells]
    code = [c.source for c in cells if c.cell_type == "code"]
    drawn = []
    monkeypatch.setattr(plt, "show", lambda: drawn.append(plt.gcf()))
    with matplotlib.rc_context():
        space: dict = {}
        exec(code[1].replace("%matplotlib inline", ""), space)
        exec(next(c for c in code if "quiz_charts()" in c), space)
    assert len(drawn) == 6, "one figure per chart"
    for fig in drawn:
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
        smallest = min(t.get_fontsize() for t in texts)  # points
        fig.draw_without_rendering()  # the layout, as the inline backend's tight PNG has it
        width = fig.get_tightbbox().width * fig.dpi  # px
        shown = smallest * fig.dpi / 72 * min(1.0, PHONE_IMAGE_PX / width)
        assert shown >= 11, (fig.axes[0].get_title(), smallest, width, shown)
        plt.close(fig)
    sheet = workshop.quiz_sheet_html([f"png{c}" for c in "ABCDEF"])
    assert [f'alt="quiz chart {c}"' in sheet for c in "ABCDEF"] == [True] * 6
    assert sheet.count('src="data:image/png;base64,') == 6 and "width: 49.5%" in sheet


@pytest.mark.slow
def test_pack_renders_a_run_notebook(tmp_path, capfd, monkeypatch):
    import signal

    from jupyter_client.manager import KernelManager

    # jupyter_client interrupts (SIGINT) every kernel it shuts down; landing inside a message
    # handler, that printed "[IPKernelApp] ERROR | KeyboardInterrupt caught in kernel." while
    # the pack was built. A finished notebook's kernel is shut down without one.
    sent = []
    signal_kernel = KernelManager._async_signal_kernel

    async def spy(self, signum):
        sent.append(signum)
        await signal_kernel(self, signum)

    monkeypatch.setattr(KernelManager, "_async_signal_kernel", spy)
    written = workshop.write_pack(tmp_path, quick=True, notebooks=["00_quiz", "05_a_real_link"])
    said = capfd.readouterr()
    assert "Kernel is running over TCP" not in said.err + said.out  # the kernel's log noise
    assert signal.SIGINT not in sent and "ERROR" not in said.err, (sent, said.err)
    page = (tmp_path / "teacher" / "00_quiz.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in page  # the six charts were drawn
    assert "No hands typed in yet" in page  # the reveal ran, and no votes were typed
    with pytest.raises(AssertionError):  # the check below finds a reveal where there is one
        assert_no_answers("00_quiz", page)
    participant = (tmp_path / "html" / "00_quiz.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in participant
    assert_no_answers("00_quiz", participant)
    sheet = (tmp_path / "quiz_sheet.html").read_text(encoding="utf-8")
    assert "data:image/png;base64" in sheet  # the charts, to print
    assert_no_answers("00_quiz", sheet, marker=False)
    assert tmp_path / "participant" / "00_quiz.ipynb" in written
    # workshop 5 once drew the kit's lag chart under its own question "at which lag?": the
    # participant's page now shows the data, the marker, then the chart and the sentences
    page = (tmp_path / "html" / "05_a_real_link.html").read_text(encoding="utf-8")
    assert_no_answers("05_a_real_link", page)
    before, after = split_at_marker("05_a_real_link", page)
    verdicts = ("Linked:", "Can't tell yet:", "Ruled out:")
    assert before.count('src="data:image/png') == 1 and not [v for v in verdicts if v in before]
    assert after.count('src="data:image/png') >= 1 and [v for v in verdicts if v in after]


@pytest.mark.slow  # executes the notebook under a real kernel (about 15 s)
def test_essay_claims_participant_copy_runs_on_ones_own_files(tmp_path):
    """Workshop 8 with its file parameters set: the same checks on the sample seller's files,
    in the participant copy (so no cell left to participants needs an answer cell)."""
    import papermill as pm

    sample = Path(__file__).resolve().parents[1] / "data" / "sample"
    if not (sample / "ssi_log.csv").exists():
        pytest.skip("data/sample is not in this checkout")
    path = FOLDER / "08_check_the_essays_claims.ipynb"
    copy = tmp_path / path.name
    nbformat.write(workshop.participant_copy(nbformat.read(path, as_version=4)), copy)
    files = [
        "Basic_LinkedInDataExport_11-23-2026.zip",
        "Content_2024-11-25_2025-12-21_Dana.xlsx",
        "Content_2025-11-24_2026-11-22_Dana.xlsx",
        "hubspot-crm-exports-all-deals-2026-11-23.csv",
    ]
    ran = pm.execute_notebook(
        str(copy),
        str(tmp_path / "ran.ipynb"),
        parameters={
            "ssi_path": str(sample / "ssi_log.csv"),
            "outcomes_path": [str(sample / f) for f in files],
            "person": "Dana W.",
            "quiet_start": "2026-07-27",
        },
        kernel_name="python3",
        language="python",
        cwd=str(FOLDER),
        progress_bar=False,
    )
    text = "\n".join(
        output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
        for cell in ran.cells
        if cell.cell_type == "code"
        for output in cell.get("outputs", [])
    )
    assert "Your files: Dana W." in text and "SIMULATED" not in text
    assert "SSI and impressions" in text and "pipeline created" in text  # claims 1 and 2
    assert "needs a team file" in text  # claim 3 says why it is skipped for one person
    assert "From 27 July 2026" in text or "from 27 July 2026" in text  # claim 4 on her dates
    assert "posts a week, last 4 weeks" in text and "Your total is" in text  # claim 5
