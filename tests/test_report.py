"""The one-command HTML report: content, self-containment, CSV, errors, anonymization."""

import html
import json
import os
import re
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from ssi_analysis.cli import main

# its module-scoped fixtures are built once: every test of the file on one xdist worker
pytestmark = pytest.mark.xdist_group("test_report")


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, request):
    """`report --sample` run from a folder outside the repository (tests/test_messages.py
    once ran it a second time for that), with a temporary folder of its own."""
    repo = request.config.rootpath
    sample = repo / "data" / "sample"
    before = sorted(p.name for p in sample.rglob("*"))
    folder = tmp_path_factory.mktemp("report")
    out = folder / "report.html"
    spare = folder / "tmp"
    spare.mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "ssi_analysis.cli", "report", "--sample", "--out", out.name],
        cwd=folder,
        env={**os.environ, "TMPDIR": str(spare), "PYTHONPATH": str(repo)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    # the kit never writes into an input's folder unless asked
    assert sorted(p.name for p in sample.rglob("*")) == before
    return out, out.with_name("report_answers.csv"), run, spare


def test_sample_outside_the_repository_leaves_no_temporary_folder(sample_report):
    out, _, _, spare = sample_report
    assert list(spare.iterdir()) == [] and out.exists()


def _before_analysts(page: str) -> str:
    """The page's text up to "For analysts", without tags and images."""
    head = page.split('<section id="analysts">')[0]
    head = re.sub(r"<style\b.*?</style>", "", head, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", head))


def test_report_is_one_self_contained_page(sample_report):
    page = sample_report[0].read_text(encoding="utf-8")
    assert len(re.findall(r'<img[^>]*src="\s*data:image/png;base64,', page)) >= 5
    assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:)?//', page)  # nothing fetched
    assert "<script" not in page and "<link" not in page
    assert "import ssi_analysis" not in page and "jp-InputArea" not in page  # code hidden
    # the answer first, then the pictures, how the data was read, and the analysts' part
    order = ["The answer", "SSI over time", "Pictures", "How your data was read", "For analysts"]
    positions = [page.index(f"<h2>{title}</h2>") for title in order]
    assert positions == sorted(positions)
    assert page.index('class="verdicts"') < positions[1]  # the grid is in the answer
    assert "Methods and caveats" in page[positions[-1] :]
    assert "SSI (LinkedIn's Social Selling Index) is an activity score" in html.unescape(page)
    assert "cannot show cause" in page


def test_load_and_the_report_say_which_ssi_figure_they_show(sample_report, capsys, request):
    """`load` shows the latest score, the report the mean of the last 4 weeks: each says so.

    On the sample they differ (68 and 65); a reader comparing them is told why, in the same
    words (issue 24).
    """
    from ssi_analysis import load_ssi

    log = request.config.rootpath / "data" / "sample" / "ssi_log.csv"
    assert main(["load", str(log)]) == 0
    out = capsys.readouterr().out
    scores = load_ssi(log).dropna(subset=["ssi"])
    last = scores["date"].max()
    latest = scores.loc[scores["date"] == last, "ssi"].iloc[0]
    recent = scores.loc[scores["date"] > last - pd.Timedelta(days=28), "ssi"].mean()
    assert round(latest) != round(recent)  # else this test could not tell them apart
    assert f"latest score, {last.day} {last:%b %Y}: SSI {latest:.0f} —" in out
    page = html.unescape(sample_report[0].read_text(encoding="utf-8"))
    assert f"Your total is {recent:.0f} (average of the last 4 weeks; " in page
    # the next step's pillar figure says the same
    assert re.search(r"holds it back most \(at [0-9.]+ of 25, average of the last 4 weeks\)", page)


def test_first_screen_is_the_answer_in_words(sample_report):
    page = sample_report[0].read_text(encoding="utf-8")
    head = _before_analysts(page)
    # the sample was made with SSI driving reach but not pipeline: the first sentences say so
    first = re.sub(r"\s+", " ", head.split("SSI over time")[0])
    assert "Reach: linked for impressions, engagements" in first
    assert "Replies: linked for messages received" in first
    # sales, in the user's units: two years of one seller cannot rule out ±40 % of pipeline
    # or ±25 % of revenue, and the page says what it could not rule out
    # (not "up to 40 %": the data cannot even rule out more; 40 % is the size that matters)
    # (not "±40 %" or "either way": a "can't tell yet" interval may rule one side out)
    assert (
        "Pipeline: can't tell yet for deals created and pipeline created — no link yet; a change "
        "of 40 % or more is not ruled out (over 5 weeks)." in first
    )
    assert "Revenue: can't tell yet for deals won and revenue won" in first
    assert (
        "about 2 years of data show no clear link, and cannot rule out a change of 20 % or more "
        "with your SSI 10 points higher for 5 weeks" in first
    )
    assert "These answers are about the total SSI" in first
    assert "posts published" not in first  # own activity is not an outcome
    # the numbers are for analysts: no r, p or interval before them
    assert not re.search(r"\br = |\bp [<=] |adjusted p|interval", first), first
    # one next step, from the data: the sample's lowest pillar (pillar_gaps' holds_back)
    answers = pd.read_csv(sample_report[0].with_name("report_pillar_gaps.csv"))
    low = answers.loc[answers["holds_back"], "pillar"].item()
    from ssi_analysis.present.report import _PILLAR_PLAIN

    assert first.count("What to do next:") == 1
    name = _PILLAR_PLAIN[low]
    pillar = f"“{name[0].upper()}{name[1:]}”"
    assert f"What to do next: for a higher SSI itself, work on {pillar}, the pillar" in first
    assert "This page has not shown that a higher SSI brings more results." in first
    # every verdict is a word as well as a colour
    grid = page.split('class="verdicts"')[1].split("</table>")[0]
    for css, word in (("v-linked", "linked"), ("v-ruled-out", "ruled out")):
        assert re.search(f'class="{css}">{word}<', grid)
    # every sentence with its numbers is under For analysts
    analysts = html.unescape(page.split('<section id="analysts">')[1])
    assert "What each outcome shows, in detail" in analysts


def test_no_code_names_scientific_notation_or_nan_before_analysts(sample_report):
    page = sample_report[0].read_text(encoding="utf-8")
    head = _before_analysts(page)
    for code in ("pipeline_created", "revenue_won", "p_adj", "r_detectable", "log1p"):
        assert code not in head, code
    outside_file_names = re.sub(r"\S+\.(?:xlsx|csv|jsonl?|tsv|xls)\b", "", head)
    assert re.findall(r"\b\w+_\w+\b", outside_file_names) == []  # crm_deals, ssi_days...
    assert not re.search(r"\d[eE][-+]?\d", head)  # 7.89e-07
    assert not re.search(r"\bnan\b", page, flags=re.I)
    assert "Warning" not in page and "Traceback" not in page
    # a library warning shows as this section (its messages rarely contain "Warning")
    assert "Notes from the computation" not in page


def test_page_fits_phones_and_names_person_and_dates(sample_report):
    page = sample_report[0].read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    assert "Dana W." in title and "2024-11-25" in title and "2026-11-22" in title
    assert ".scroll { overflow-x: auto" in page and "img { max-width: 100%" in page
    for alt in re.findall(r'<img[^>]*alt="([^"]*)"', page):
        assert len(alt) > 30  # says what the picture shows


def test_answer_csv_matches_the_table(sample_report):
    page = html.unescape(sample_report[0].read_text(encoding="utf-8"))
    answers = pd.read_csv(sample_report[1])
    assert set(answers["score"]) == {"ssi", "brand", "people", "insights", "relationships"}
    assert answers.groupby("outcome").size().eq(5).all()
    assert set(answers["verdict"]) <= {"linked", "ruled out", "inconclusive"}
    for row in answers[answers["score"] == "ssi"].itertuples():
        assert row.sentence in page
    ssi_rows = answers[answers["score"] == "ssi"].set_index("outcome")
    # the simulator's truth for the sample (ssi_not_revenue): SSI moves with reach and
    # replies, pipeline and revenue ignore it
    from ssi_analysis.simulate import simulate
    from ssi_analysis.simulate.sample import DAYS, SAMPLE_SEED, START

    truth = simulate("ssi_not_revenue", seed=SAMPLE_SEED, days=7, start=START).truth
    assert DAYS == 728
    for outcome in ("impressions", "replies_received"):
        planted = truth.link("ssi", outcome if outcome == "impressions" else "replies")
        assert planted.exists and ssi_rows.loc[outcome, "verdict"] == "linked", outcome
    for outcome in ("pipeline_created", "deals_created", "revenue_won", "deals_won"):
        planted = truth.link("ssi", outcome if "created" not in outcome else "pipeline_created")
        assert not planted.exists and ssi_rows.loc[outcome, "verdict"] != "linked", outcome
    assert not set(answers["outcome"]) & {"posts_published", "comments_written"}


def test_the_terminal_shows_the_kits_progress_only(sample_report):
    run = sample_report[2]
    assert "reading the data" in run.stderr
    for noise in ("Executing", "Kernel", "KeyboardInterrupt", "Warning", "%|"):
        assert noise not in run.stderr + run.stdout, noise
    assert "wrote " in run.stdout


def test_replacing_a_report_says_so(write, tmp_path, capsys):
    log = write(
        "log.csv", "Date,SSI\n" + "".join(f"2026-01-{d:02d},{40 + d}\n" for d in range(1, 29))
    )
    out = tmp_path / "out" / "r.html"
    out.parent.mkdir()
    assert main(["report", "--ssi", str(log), "--out", str(out)]) == 0
    assert f"wrote {out}" in capsys.readouterr().out
    assert main(["report", "--ssi", str(log), "--out", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    assert f"replaced {out}" in said
    # every output of the second run replaced one of the first: each line says so
    assert said and all(line.startswith("replaced ") for line in said), said


def test_scores_only_say_there_is_nothing_to_compare(write, tmp_path):
    days = pd.date_range("2026-01-05", periods=120)
    lines = ["Date,SSI"] + [
        f"{d:%Y-%m-%d},{s:.0f}" for d, s in zip(days, _series(days, 3), strict=True)
    ]
    out = tmp_path / "r.html"
    assert (
        main(["report", "--ssi", str(write("log.csv", "\n".join(lines))), "--out", str(out)]) == 0
    )
    page = out.read_text(encoding="utf-8")
    answer = page.split('<section id="answer">')[1].split("</section>")[0]
    assert "nothing to compare yet" in answer and "--outcomes" in answer
    assert "<table" not in answer
    assert "<h2>SSI over time</h2>" in page and "<img" in page


def test_drop_shows_the_rows_left_out(write, tmp_path, capsys):
    days = pd.date_range("2026-01-05", periods=120)
    lines = ["Date,SSI"] + [
        f"{d:%Y-%m-%d},{s:.0f}" for d, s in zip(days, _series(days, 4), strict=True)
    ]
    lines[5] = "2026-01-09,500"  # line 6: out of range
    log = write("log.csv", "\n".join(lines) + "\n")
    out = tmp_path / "r.html"
    assert main(["report", "--ssi", str(log), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "log.csv, line 6, column 'SSI'" in err and "run again with --drop" in err
    assert "errors='drop'" not in err and not out.exists()
    assert main(["report", "--ssi", str(log), "--out", str(out), "--drop"]) == 0
    page = out.read_text(encoding="utf-8")
    left_out = page.split("Rows left out of the SSI data, with the reason</figcaption>")[1].split(
        "</table>"
    )[0]
    assert ">6<" in left_out and ">500<" in left_out


def test_whole_file_problems_do_not_suggest_drop(write, tmp_path, capsys):
    header_only = write("log.csv", "Date,SSI\n")
    assert main(["report", "--ssi", str(header_only), "--out", str(tmp_path / "r.html")]) == 1
    err = capsys.readouterr().err
    assert "--drop" not in err and "errors=" not in err and "run again" in err


def test_crm_of_several_owners_needs_person(repo, tmp_path, capsys):
    sample = repo / "data" / "sample"
    args = [
        "report",
        "--ssi",
        str(sample / "ssi_log.csv"),
        "--outcomes",
        str(sample / "team" / "report1763856000000.csv"),
        "--out",
        str(tmp_path / "r.html"),
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "'Seller A'" in err and "'Seller L'" in err and "--person 'Seller A'" in err
    assert main([*args, "--person", "Nobody"]) == 1
    assert "--person 'Nobody' matches none" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_version_and_help_texts(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.startswith("ssi-analysis 0.")
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "default: report.html" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["simulate", "--help"])
    assert "folder to write the sample files into" in capsys.readouterr().out


def test_data_error_exits_1_with_the_message(write, tmp_path):
    bad = write("bad.csv", "Date,SSI,Brand\n2026-05-12,50,51\n")
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "ssi_analysis.cli",
            "report",
            "--ssi",
            str(bad),
            "--out",
            str(tmp_path / "r.html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "bad.csv, line 2, column 'Brand'" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not (tmp_path / "r.html").exists()


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as info:
        main(["report"])  # neither --ssi nor --sample
    assert info.value.code == 2


def test_anonymize_leaves_no_name(tmp_path, repo):
    sample = repo / "data" / "sample"
    team_dir = sample / "team"
    names = set(pd.read_csv(team_dir / "team_ssi_log.csv")["Name"]) | {"Dana"}
    out = tmp_path / "anon.html"
    code = main(
        [
            "report",
            "--ssi",
            str(team_dir / "team_ssi_log.csv"),
            str(sample / "ssi_log.csv"),
            "--person",
            "Dana W.",
            "--outcomes",
            str(team_dir / "report1763856000000.csv"),
            str(sample / "Content_2025-11-24_2026-11-22_Dana.xlsx"),
            "--out",
            str(out),
            "--anonymize",
        ]
    )
    assert code == 0
    page = out.read_text(encoding="utf-8")
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\s]+", "", page)
    csv_text = (tmp_path / "anon_answers.csv").read_text(encoding="utf-8-sig")
    for name in names:
        for part in name.split():
            if len(part) >= 3:
                assert part not in text, part
                assert part not in csv_text, part
    assert "Person " in text  # pseudonyms stand in
    # a team page holds no nan and no Python warning either
    assert not re.search(r"\bnan\b", text, flags=re.I) and "Warning" not in text


def test_text_from_input_files_is_escaped(write, tmp_path):
    days = pd.date_range("2026-01-05", periods=140)
    lines = ["Name,Date,SSI,<script>alert(1)</script>"]
    lines += [f"<b>Ana</b>,{d:%Y-%m-%d},{50 + (i % 7)},x" for i, d in enumerate(days)]
    path = write("log.csv", "\n".join(lines) + "\n")
    out = tmp_path / "r.html"
    assert main(["report", "--ssi", str(path), "--out", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page and "<b>Ana" not in page
    assert "&lt;b&gt;Ana&lt;/b&gt;" in page
    # a text column with one value per person: listed as kept for --group-by, escaped
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _series(days, seed):
    import numpy as np

    rng = np.random.default_rng(seed)
    return np.clip(50 + np.cumsum(rng.normal(0, 1, len(days))), 5, 95)


def test_anonymize_replaces_whole_names_in_any_form(write, tmp_path):
    days = pd.date_range("2026-01-05", periods=140)
    ssi = _series(days, 1)
    lines = ["Date,SSI,JOSE ALVAREZ notes,jose.alvarez@acme.com"]
    lines += [f"{d:%Y-%m-%d},{s:.0f},x,y" for d, s in zip(days, ssi, strict=True)]
    log = write("log.csv", "\n".join(lines) + "\n")
    table = ["Date,Meetings (José Álvarez)"]
    table += [f"{d:%Y-%m-%d},{i % 5}" for i, d in enumerate(days)]
    meetings = write("meetings.csv", "\n".join(table) + "\n")
    out = tmp_path / "anon.html"
    args = ["report", "--ssi", str(log), "--outcomes", str(meetings), "--out", str(out)]
    assert main([*args, "--person", "José Álvarez", "--anonymize"]) == 0
    page = out.read_text(encoding="utf-8")
    csv_text = out.with_name("anon_answers.csv").read_text(encoding="utf-8-sig")
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=\s]+", "", page)
    for form in ("jose", "josé", "alvarez", "álvarez"):
        assert form not in text.lower(), form
        assert form not in csv_text.lower(), form
    assert "meetings_person_" in csv_text  # the header-derived metric, renamed
    assert "person_" in text and "@acme.com" in text  # the address kept its shape
    assert '<meta charset="utf-8">' in page and csv_text.startswith("person,score,outcome,")


def test_anonymize_never_replaces_the_default_person(write, tmp_path):
    days = pd.date_range("2026-01-05", periods=140)
    lines = ["Date,SSI"] + [
        f"{d:%Y-%m-%d},{s:.0f}" for d, s in zip(days, _series(days, 2), strict=True)
    ]
    log = write("log.csv", "\n".join(lines) + "\n")
    out = tmp_path / "anon.html"
    assert main(["report", "--ssi", str(log), "--out", str(out), "--anonymize"]) == 0
    page = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in page and "Person " not in page
    assert (
        out.with_name("anon_answers.csv")
        .read_text(encoding="utf-8-sig")
        .startswith("person,score,outcome,")
    )


def test_the_report_notebook_only_displays_the_report_object(repo, monkeypatch):
    import nbformat

    from ssi_analysis.present import report

    notebook = nbformat.read(repo / "ssi_analysis" / "present" / "report.ipynb", as_version=4)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert notebook.cells[0].source.startswith("# The SSI report")  # title, then purpose
    assert len(code) == 2 and "make_report(" in code[1]
    monkeypatch.chdir(repo)
    names: dict = {}
    exec(code[0] + "\noutcome_paths = outcome_paths[-1:]", names)  # the CRM export only
    exec(code[1], names)
    assert isinstance(names["report"], report.Report)
    assert "<h2>The answer</h2>" in names["report"]._repr_html_()


# ---------------------------------------------------------------- in a real browser

BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENS = {"small phone": (360, 780), "phone": (390, 844), "laptop": (1280, 800)}
MEASURE = """
<script>
var frames = document.querySelectorAll("iframe.page"), results = {}, left = frames.length;
function measure(frame) {
  var doc = frame.contentDocument, root = doc.documentElement, win = frame.contentWindow;
  function box(selector) {
    var el = doc.querySelector(selector);
    return el ? el.getBoundingClientRect() : {top: -1, bottom: -1, right: -1};
  }
  function shown(el) { return el.getClientRects().length > 0; }
  /* words a reader sees before an element: visible text nodes that precede it */
  function wordsBefore(stop) {
    if (!stop) return -1;
    var walk = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT), node, count = 0;
    while ((node = walk.nextNode())) {
      if (!(node.compareDocumentPosition(stop) & Node.DOCUMENT_POSITION_FOLLOWING)) break;
      var parent = node.parentElement;
      if (!parent || !shown(parent) || parent.closest("style, script")) continue;
      count += node.textContent.split(/\\s+/).filter(Boolean).length;
    }
    return count;
  }
  var wide = [];
  doc.querySelectorAll("body *").forEach(function (el) {
    if (el.closest(".scroll")) return;  /* a table or picture scrolls inside its own box */
    if (el.getBoundingClientRect().right > root.clientWidth + 1) wide.push(el.tagName);
  });
  /* each picture: its smallest text as shown, and whether a wider one says it scrolls */
  var pictures = [];
  doc.querySelectorAll("figure.picture img").forEach(function (img) {
    var rect = img.getBoundingClientRect(), hint = img.closest("figure").querySelector(".hint");
    var box = img.closest(".scroll");
    pictures.push({
      text: parseFloat(img.dataset.fontPx || "0") * rect.width / img.naturalWidth,
      cut: rect.right > root.clientWidth + 1, marked: !!hint && shown(hint),
      scrolls: !!box && box.scrollWidth > box.clientWidth + 1});
  });
  var lines = Array.prototype.map.call(doc.querySelectorAll("#answer .headline"), function (p) {
    return {top: p.getBoundingClientRect().top, text: p.textContent.trim()};
  });
  return {
    scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
    lines: lines, next: box("#answer .next-step").top, nextBottom: box("#answer .next-step").bottom,
    grid: box(".verdicts").top, gridRight: box(".verdicts").right,
    /* the grid's own box: wider content would sit behind a sideways scroll */
    gridScroll: (function (el) { return el ? [el.scrollWidth, el.clientWidth] : [-1, -1]; })(
      doc.querySelector(".verdicts") && doc.querySelector(".verdicts").closest(".scroll")),
    cutCells: Array.prototype.filter.call(doc.querySelectorAll(".verdicts th, .verdicts td"),
      function (c) { return c.scrollWidth > c.clientWidth + 1; }).map(function (c) {
        return c.textContent; }),
    gridFont: parseFloat(win.getComputedStyle(doc.querySelector(".verdicts td")).fontSize),
    wordsToGrid: wordsBefore(doc.querySelector(".verdicts")),
    wordsToAnalysts: wordsBefore(doc.getElementById("analysts")),
    pictures: pictures, wide: wide.slice(0, 5)};
}
frames.forEach(function (frame) {
  frame.addEventListener("load", function () {
    results[frame.dataset.width] = measure(frame);
    if (--left === 0) document.body.setAttribute("data-measure", JSON.stringify(results));
  });
});
</script>
"""


def _in_chromium(page: str, screens, tmp_path) -> dict:
    """Lay the page out at each (width, height) in one headless Chromium; measure each.

    Headless Chromium keeps its window at least 500 px wide, so the page is laid out in an
    iframe of exactly each screen's size (its own viewport, as a phone's would be); one
    browser start serves every screen (it is most of the cost). Returns {width: measured}.
    """
    wrapper = tmp_path / "measure.html"
    frames = "".join(
        f'<iframe class="page" data-width="{w}" style="border:0;width:{w}px;height:{h}px;'
        f'display:block" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        for w, h in screens
    )
    wrapper.write_text(
        f'<!DOCTYPE html><html><body style="margin:0">{frames}{MEASURE}</body></html>',
        encoding="utf-8",
    )
    width = max(max(w for w, _ in screens), 500) + 20
    height = sum(h for _, h in screens) + 20
    run = subprocess.run(
        [
            BROWSER,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={width},{height}",
            "--dump-dom",
            wrapper.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    found = re.search(r'data-measure="([^"]*)"', run.stdout)
    assert found, run.stderr[-2000:]
    return {int(w): m for w, m in json.loads(html.unescape(found.group(1))).items()}


@pytest.fixture(scope="module")
def sample_team_report(tmp_path_factory, request):
    """The sample team's page, as `ssi-analysis report` on data/sample/team writes it."""
    team = request.config.rootpath / "data" / "sample" / "team"
    out = tmp_path_factory.mktemp("team_report") / "team.html"
    code = main(
        ["report", "--ssi", str(team / "team_ssi_log.csv"), "--outcomes",
         str(team / "report1763856000000.csv"), "--out", str(out)]
    )  # fmt: skip
    assert code == 0
    return out


def check_first_screen(measured: dict, width: int) -> None:
    """The first screen's promises (issue 24), on one page laid out at one width."""
    assert measured["clientWidth"] == width
    # no sideways scrolling of the page itself; wide tables and pictures scroll in a box
    assert measured["scrollWidth"] <= width, measured
    assert measured["wide"] == [], measured
    # the order: a sentence per question asked, then the next step, then the grid
    lines = measured["lines"]
    # one sentence per question, then the line that says which score they are about
    assert lines[-1]["text"].startswith("These answers are about the total SSI"), lines
    lines = lines[:-1]
    assert lines and all(
        re.match(
            r"(Reach|Replies|Pipeline|Revenue): (linked|ruled out|can't tell yet) ", line["text"]
        )
        for line in lines
    ), lines
    questions = [line["text"].split(":")[0] for line in lines]
    assert questions == sorted(questions, key=["Reach", "Replies", "Pipeline", "Revenue"].index)
    assert len(set(questions)) == len(questions)
    assert max(line["top"] for line in lines) < measured["next"], measured
    assert measured["nextBottom"] <= measured["grid"], measured
    # short: the answer and the next step in <= 250 words, everything a marketer reads <= 800
    assert 0 < measured["wordsToGrid"] <= 250, measured["wordsToGrid"]
    assert 0 < measured["wordsToAnalysts"] <= 800, measured["wordsToAnalysts"]
    # the whole grid in view, no column behind a sideways scroll, its text legible
    assert measured["gridRight"] <= width, measured
    scroll_width, box_width = measured["gridScroll"]
    assert 0 < scroll_width <= box_width, measured  # no column behind the grid's own scroll
    assert measured["cutCells"] == [], measured  # no heading or verdict cut inside its cell
    assert measured["gridFont"] >= 11, measured
    # every picture's smallest text is 11 px or more as shown, and every picture fits the
    # screen: none is cut or hidden behind a sideways scroll, none says it scrolls
    pictures = measured["pictures"]
    assert pictures and all(p["text"] >= 11 for p in pictures), pictures
    assert not any(p["cut"] or p["scrolls"] or p["marked"] for p in pictures), pictures


@pytest.mark.skipif(
    BROWSER is None,
    reason="no Chromium: install it to run the layout test (Debian/Ubuntu: "
    "apt-get install -y chromium; CI's .ci/run does)",
)
@pytest.mark.parametrize("who", ["one seller", "the sample team"])
def test_first_screen_in_a_browser(sample_report, sample_team_report, who, tmp_path):
    """Every screen of SCREENS (360 and 390 px phones, a 1280 px laptop), one browser start."""
    path = sample_report[0] if who == "one seller" else sample_team_report
    measured = _in_chromium(path.read_text(encoding="utf-8"), SCREENS.values(), tmp_path)
    assert sorted(measured) == sorted(w for w, _ in SCREENS.values())
    for width, height in SCREENS.values():
        check_first_screen(measured[width], width)
        assert 0 < measured[width]["lines"][0]["top"] < height  # the answer on the first screen
        assert measured[width]["next"] < height  # and the next step starts on it
    # on a 390 x 844 phone the whole "what to do next" line is on the first screen
    assert measured[390]["nextBottom"] <= 844, measured[390]


# ---------------------------------------------------------------- golden files (issue 27)
# The answers and first screens of the sample report and the sample team, as tests/golden.py
# wrote them: moving code between modules must not change a number (to 1e-9) or a word.


def test_the_sample_answers_and_first_screen_are_the_golden_ones(sample_report):
    from golden import GOLDEN, answers, assert_same_answers, first_screen

    page, csv, *_ = sample_report
    assert_same_answers(answers(csv), answers(GOLDEN / "sample_answers.csv"))
    want = json.loads((GOLDEN / "sample_first_screen.json").read_text(encoding="utf-8"))
    assert first_screen(page.read_text(encoding="utf-8")) == want


def test_the_team_answers_and_first_screen_are_the_golden_ones(sample_team_report):
    from golden import GOLDEN, answers, assert_same_answers, first_screen

    csv = sample_team_report.with_name("team_answers.csv")
    assert_same_answers(answers(csv), answers(GOLDEN / "team_answers.csv"))
    want = json.loads((GOLDEN / "team_first_screen.json").read_text(encoding="utf-8"))
    assert first_screen(sample_team_report.read_text(encoding="utf-8")) == want


def test_a_question_no_file_answers_is_named_with_the_file_that_would(
    sample_report, sample_team_report
):
    """Issue 24: without a data archive, Replies vanished from the page without a word.

    The sample team's outcomes are deals only: reach and replies are named, each with the
    export that answers it; the one-seller sample has all four questions, and no such line.
    """
    team = html.unescape(sample_team_report.read_text(encoding="utf-8"))
    answer = team.split('<section id="answer">')[1].split("</section>")[0]
    said = re.search(r'<p class="unanswered note">([^<]*)</p>', answer)
    assert said, answer[-1500:]
    assert said.group(1).startswith("Not answered: Reach and Replies — none of your files")
    assert "Content_" in said.group(1) and "Basic_LinkedInDataExport_" in said.group(1)
    assert "Pipeline" not in said.group(1) and "Revenue" not in said.group(1)
    assert 'class="unanswered' not in sample_report[0].read_text(encoding="utf-8")


def test_a_choice_the_data_cannot_serve_is_said_on_the_page(sample_report):
    """The sample's "followers" export has 2 weeks of values: said, not silently dropped."""
    page = html.unescape(sample_report[0].read_text(encoding="utf-8"))
    data = page.split("<h2>How your data was read</h2>")[1].split("</section>")[0]
    assert "'followers' is in the exports but has 2 weeks with a value" in data
