"""The readers' docstrings cite the format notes that ship with the kit, by existing section."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_every_cited_section_of_docs_formats_exists():
    headings = re.findall(
        r"^#+ (\d+(?:\.\d+)?)\.? ", (REPO / "docs/formats.md").read_text(encoding="utf-8"), re.M
    )
    cited = {}
    for path in sorted((REPO / "ssi_analysis").rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(?<!docs/)(?i:formats)\.md", text), f"{path}: cites FORMATS.md"
        for first, last in re.findall(
            r"docs/formats\.md``\s+§(\d+(?:\.\d+)?)(?:-(\S+?))?[,.) ]", text
        ):
            cited.setdefault(first, []).append(path.relative_to(REPO).as_posix())
            if last:
                cited.setdefault(last, []).append(path.relative_to(REPO).as_posix())
    assert len({p for ps in cited.values() for p in ps}) >= 7  # the readers, schema, writers
    missing = {section: paths for section, paths in cited.items() if section not in headings}
    assert not missing, f"sections cited but not in docs/formats.md: {missing}"
