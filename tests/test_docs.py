"""The documents the code cites are in the repository, with the sections it cites."""

import re

import pytest


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
