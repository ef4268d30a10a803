"""Imports point down the layers only (readers -> schema -> align -> stats -> present/cli)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ssi_analysis"
# Each layer and the layers it may import from (besides itself).
ALLOWED = {
    "errors": set(),
    "names": set(),
    "questions": {"names"},
    "readers": {"errors", "names"},
    "schema": {"errors", "names", "readers"},
    "align": {"errors", "names"},
    "stats": {"errors", "names", "questions"},
    "present": {"errors", "names", "questions", "readers", "schema", "align", "stats"},
    "plots": {"present"},
    "cli": {
        "errors",
        "names",
        "questions",
        "readers",
        "schema",
        "align",
        "stats",
        "present",
        "simulate",
    },
    "simulate": {"errors", "names", "questions", "readers", "schema", "align", "stats"},
}


def layer_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


MODULES = [p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    layer = layer_of(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] != "ssi_analysis" or len(parts) < 2:
                continue
            target = parts[1]
            assert target == layer or target in ALLOWED[layer], (
                f"{path.relative_to(PACKAGE)} ({layer}) imports {name}"
            )


def test_dir_lists_the_public_api_only():
    import ssi_analysis

    names = dir(ssi_analysis)
    assert "importlib" not in names and "TYPE_CHECKING" not in names and "annotations" not in names
    assert not [n for n in names if n.startswith("_") and n != "__version__"]
    for name in names:
        assert getattr(ssi_analysis, name) is not None, name  # every listed name resolves
    # what the notebooks use is public
    assert {"describe_scores", "pillar_grid", "answers", "make_report"} <= set(names)


def test_a_subpackage_never_shadows_the_public_function_of_its_name():
    import importlib

    import ssi_analysis

    importlib.import_module("ssi_analysis.align.panel")  # as the report does
    assert callable(ssi_analysis.align) and ssi_analysis.align.__name__ == "align"
