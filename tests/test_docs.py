"""The documents the code cites are in the repository, with the sections it cites."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _citing_files(repo):
    for folder in ("ssi_analysis", "tests", "notebooks"):
        for path in (repo / folder).rglob("*"):
            if path.suffix in (".py", ".ipynb", ".md") and "corpus/files" not in path.as_posix():
                yield path


def test_cited_docs_and_sections_exist(repo):
    cited = 0
    for path in _citing_files(repo):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, section in re.findall(r"docs/(\w+\.md)`{0,2}\)? ?(?:§([\d.]+))?", text):
            doc = repo / "docs" / name
            assert doc.is_file(), f"{path.name} cites docs/{name}, which does not exist"
            cited += 1
            if section:
                heading = re.compile(rf"^#+ {re.escape(section.rstrip('.'))}\b", re.M)
                first = section.split("-")[0].rstrip(".")
                assert heading.search(doc.read_text()) or re.search(
                    rf"^#+ {re.escape(first)}\b", doc.read_text(), re.M
                ), f"{path.name} cites docs/{name} §{section}, which has no such heading"
    assert cited >= 5


@pytest.mark.parametrize("name", ["methods.md", "formats.md"])
def test_docs_cite_nothing_outside_the_repository(repo, name):
    text = (repo / "docs" / name).read_text(encoding="utf-8")
    assert "../shared" not in text and "METHODS.md" not in text and "FORMATS.md" not in text


# ---- README.md and docs/*.md: every code block runs as written --------------------------

FENCE = re.compile(
    r"(?:<!-- not run: (?P<why>[^>]+?) -->\n)?^```(?P<lang>\w*)\n(?P<code>.*?)^```", re.M | re.S
)
DOCUMENTS = ["README.md", *sorted(f"docs/{p.name}" for p in (REPO / "docs").glob("*.md"))]


def blocks(name: str, *languages: str) -> list[tuple[str, str | None]]:
    """(code, reason not run) of each fenced block in ``languages`` of a document."""
    text = (REPO / name).read_text(encoding="utf-8")
    return [(m["code"], m["why"]) for m in FENCE.finditer(text) if m["lang"] in languages]


def quick_start() -> list[tuple[str, str]]:
    """The README's Quick start blocks: (language, code)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return [(m["lang"], m["code"].strip()) for m in FENCE.finditer(section)]


def test_quick_start_is_two_commands_with_windows_lines_beside():
    found = quick_start()
    posix = [code for lang, code in found if lang == "bash"]
    windows = [code for lang, code in found if lang == "bat"]
    assert len(posix) == 2 and len(windows) == 2, found
    for code in posix + windows:
        assert "\n" not in code, f"one command per block (chain with &&): {code!r}"
    install, test = posix
    assert "-m venv" in install and "pip install ." in install and "report --sample" in install
    assert "-m venv" in test and '".[test]"' in test and test.endswith("-m pytest")
    for line, windows_line in zip(posix, windows, strict=True):
        assert windows_line == line.replace("python3 ", "python ", 1).replace(
            ".venv/bin/", ".venv\\Scripts\\"
        ), "the Windows line says the same as the one above it"


def test_ci_runs_the_readme_test_command_verbatim_and_fails_on_any_exit():
    test = [code for lang, code in quick_start() if lang == "bash"][1]
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert test in script.splitlines(), "CI runs exactly the README's test command"
    assert "set -euo pipefail" in script  # pytest's exit 5 (no tests collected) fails CI
    last = [line for line in script.splitlines() if line.strip() and not line.startswith("#")]
    assert last[-1] == test, "nothing after the test command can hide its exit code"


def test_every_linked_document_exists():
    missing = []
    for name in DOCUMENTS:
        text = (REPO / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#:]+)\)", text):
            if not ((REPO / name).parent / target).exists():
                missing.append(f"{name} -> {target}")
    assert not missing


@pytest.mark.slow  # runs the whole Python API tour on the sample data (about 10 s)
@pytest.mark.parametrize("name", [d for d in DOCUMENTS if blocks(d, "python")])
def test_python_blocks_run_as_written(name, monkeypatch):
    """A document's Python blocks run in order in one namespace, from the repository root."""
    code = blocks(name, "python")
    assert all(why is None for _, why in code), "every Python block runs"
    monkeypatch.chdir(REPO)
    namespace: dict = {"__name__": "__docs__"}
    for i, (source, _) in enumerate(code):
        exec(compile(source, f"{name} block {i + 1}", "exec"), namespace)


@pytest.mark.slow  # runs the ssi-analysis commands of the docs on the sample data
@pytest.mark.parametrize("name", [d for d in DOCUMENTS if blocks(d, "bash", "sh")])
def test_shell_blocks_run_as_written(name, tmp_path):
    """Shell blocks run in bash from a folder holding the repository's data/, with this
    environment's ``ssi-analysis`` first on PATH; a block that cannot (placeholders for a
    user's own files) says why in a ``<!-- not run: ... -->`` line above it. The Quick start
    runs elsewhere: tests/test_install.py (the install) and .ci/run (the test command)."""
    quick = {code for _, code in quick_start()}
    code = [(c, why) for c, why in blocks(name, "bash", "sh") if c.strip() not in quick]
    run = [c for c, why in code if why is None]
    (tmp_path / "data").symlink_to(REPO / "data", target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(REPO)  # this checkout's code, whatever is installed
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for source in run:
        done = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", source],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"{source}\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"


def test_the_readme_picture_shows_the_current_first_screen(repo):
    """Issue 24: the README's picture was made from wording the kit no longer gave. It is
    made by ``python docs/make_screenshot.py`` with the first screen's text beside it: that
    text must be the sample report's current first screen (the golden file, which
    tests/test_report.py keeps equal to a fresh report), and the picture the one written
    with it."""
    import hashlib
    import json

    record = json.loads((repo / "docs" / "report_first_screen.json").read_text(encoding="utf-8"))
    golden = repo / "tests" / "data" / "golden" / "sample_first_screen.json"
    hint = "the first screen changed: run python docs/make_screenshot.py and commit both files"
    assert record["first_screen"] == json.loads(golden.read_text(encoding="utf-8")), hint
    picture = (repo / "docs" / "report_first_screen.png").read_bytes()
    assert hashlib.sha256(picture).hexdigest() == record["png_sha256"], hint
    assert picture[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(picture[16:20], "big"), int.from_bytes(picture[20:24], "big")
    assert [width, height] == record["size"]


def test_gitignore_covers_every_output_the_docs_tell_you_to_write(repo):
    """Issue 24: 11 of the README's outputs were not in .gitignore, so following the README
    in a clone left untracked files. Each `--out NAME` of README.md and docs/ (with the
    files a report writes beside NAME.html), and `report --sample`'s defaults, is ignored."""
    import shutil

    from ssi_analysis.present.outputs import REPORT_PARTS

    if shutil.which("git") is None or not (repo / ".git").exists():
        pytest.skip("needs git and a clone")
    texts = [(repo / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((repo / "docs").glob("*.md"))]
    names = {"report.html"}  # report --sample, in the folder it runs in
    for text in texts:
        for block in re.findall(r"```(?:bash|bat|sh|console)\n(.*?)```", text, flags=re.S):
            names |= set(re.findall(r"--out ([\w./-]+)", block))
    paths = []
    for name in sorted(names):
        if name.endswith(".html"):
            stem = name[: -len(".html")]
            paths += [name] + [stem + suffix for suffix in REPORT_PARTS.values() if suffix]
        else:
            paths.append(name + "/some_file")  # a folder the command writes
    assert len(paths) > 20, paths
    run = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", "--non-matching", *paths],
        cwd=repo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    missing = [line.split("\t")[-1] for line in run.stdout.splitlines() if line.startswith("::")]
    assert missing == [], f"add to .gitignore: {missing}"


def test_the_own_data_example_reads_a_file_for_every_question():
    """Issue 24: the own-data example left out the LinkedIn data archive, so Replies vanished.

    Every ``report`` line of README's "Your own data" names, in ``--outcomes``, a file for
    each of the four questions: the file kinds the page itself names when one is missing.
    """
    from ssi_analysis.present.words import QUESTION_FILES

    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Your own data", 1)[1].split("\n## ", 1)[0]
    code = blocks_in(section)
    commands = [c for c in code.replace("\\\n", " ").splitlines() if " report " in f" {c} "]
    assert commands, code
    needs = {"reach": "Content_", "replies": "Basic_LinkedInDataExport_", "pipeline": "deals"}
    needs["revenue"] = needs["pipeline"]
    for question, pattern in needs.items():  # the files the page names, README names
        assert pattern in QUESTION_FILES[question], (question, QUESTION_FILES[question])
    for line in commands:
        if "--ssi" not in line or "--group-by" in line:
            continue  # the sample team's line reads the bundled files
        outcomes = line.split("--outcomes", 1)[1].split(" --", 1)[0]
        assert all(p in outcomes for p in needs.values()), line


def blocks_in(section: str) -> str:
    """The code of every fenced block in a piece of a document, joined."""
    return "\n".join(m["code"] for m in FENCE.finditer(section))
