"""Imports point down the layers only (readers -> schema -> align -> stats -> analysis ->
present/cli), and no module imports itself through others (``load`` importing no statistics:
tests/test_import_cost.py)."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "ssi_analysis"
# Each layer and the layers it may import from (besides itself).
BASE = {"exceptions", "errors", "names"}
ALLOWED = {
    "exceptions": set(),
    "errors": {"exceptions"},
    "names": set(),
    "questions": {"names"},
    # questions is a vocabulary every layer may use (an export declares its metrics' questions)
    "readers": BASE | {"questions"},
    "schema": BASE | {"readers"},
    "align": BASE,
    # the words: every formatter and sentence, from rows of numbers; the statistics call them
    # (#27: no sentence built in stats/), so they sit below stats and import none of it
    "words": BASE | {"questions"},
    "stats": BASE | {"questions", "words"},
    # one analysis: loads, chooses rows, aligns and answers; the page only renders it
    "analysis": BASE | {"questions", "words", "readers", "schema", "align", "stats"},
    "present": BASE | {"questions", "words", "readers", "schema", "align", "stats", "analysis"},
    "plots": {"present", "words"},
    "cli": BASE
    | {"questions", "words", "readers", "schema", "align", "stats", "analysis", "present"}
    | {"simulate"},
    "simulate": BASE | {"questions", "words", "readers", "schema", "align", "stats"},
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


def _imports(path: Path) -> set[str]:
    """The kit's modules that ``path`` imports anywhere in it (not under ``TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for statement in block.body
        for node in ast.walk(statement)
    }
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:  # ``from ssi_analysis.present import report``
                found.add(f"{node.module}.{alias.name}")
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("ssi_analysis.")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """Module -> the kit's modules it imports (function-level imports included)."""
    paths = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path) & set(paths) - {name} for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_cycles_are_found():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_through_others():
    graph = import_graph()
    assert "ssi_analysis.present.report" in graph  # the graph is the kit's
    assert cycles(graph) == []


def test_the_exceptions_keep_their_old_homes_and_bases():
    import ssi_analysis
    from ssi_analysis import errors, exceptions
    from ssi_analysis.present import errors as report_errors
    from ssi_analysis.present import outputs

    assert errors.SSIDataError is exceptions.SSIDataError is ssi_analysis.SSIDataError
    assert issubclass(exceptions.SSIDataError, ValueError)
    assert outputs.OutputError is exceptions.OutputError and issubclass(
        exceptions.OutputError, ValueError
    )
    assert report_errors.ReportError is exceptions.ReportError
    assert issubclass(exceptions.ReportError, RuntimeError)
    assert issubclass(report_errors.GroupByError, exceptions.ReportError)


def test_the_command_maps_each_exception_in_one_table():
    import argparse

    from ssi_analysis import cli, exceptions

    args = argparse.Namespace()
    assert cli.exit_for(exceptions.GroupByError("x"), args) == (cli.EXIT_USAGE, "x")
    assert cli.exit_for(exceptions.ReportError("x"), args) == (cli.EXIT_DATA, "x")
    assert cli.exit_for(exceptions.OutputError("x"), args) == (cli.EXIT_USAGE, "x")
    assert cli.exit_for(FileNotFoundError("x"), args) == (cli.EXIT_USAGE, "x")
    assert cli.exit_for(MemoryError(), args)[0] == cli.EXIT_DATA
    # a subclass is never shadowed by its base listed before it
    kinds = [kind for kind, _, _ in cli.EXIT_CODES]
    for i, kind in enumerate(kinds):
        assert not any(issubclass(kind, earlier) for earlier in kinds[:i]), kind
