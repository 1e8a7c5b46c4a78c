"""No import cycles inside the package, counting imports inside functions too.

Imports under `if TYPE_CHECKING:` do not run, so they do not count. A package's
parent is not counted as imported by its submodules (as import graph tools do).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "jrnl_rej"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported(tree: ast.AST, name: str, is_package: bool, modules: set[str]):
    """The package's modules this module imports, wherever the import statement is."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                if not is_package:
                    base.pop()
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    yield sub  # `from pkg import module`
                elif target in modules:
                    yield target
        stack.extend(ast.iter_child_nodes(node))


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    graph = {}
    for path in paths:
        name = module_name(path)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set(imported(tree, name, path.name == "__init__.py", modules)) - {name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checker_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_checker_reads_function_level_and_skips_type_checking_imports():
    tree = ast.parse(
        "from . import b\nif TYPE_CHECKING:\n    from .c import x\n"
        "def f():\n    from ..d import y\n"
    )
    modules = {"p", "p.q", "p.q.a", "p.q.b", "p.q.c", "p.d"}
    assert sorted(imported(tree, "p.q.a", False, modules)) == ["p.d", "p.q.b"]


def test_the_package_has_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 30
    assert cycles(graph) == []


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_rules_know_nothing_of_files_or_caches():
    """The rules run over the applications they are given; checking the journal on disk
    (loading it, the read cache, the memo) is journal/'s, and rules/ never imports it,
    not even through another module."""
    graph = import_graph()
    reached: dict[str, str] = {}  # module -> the rules module it was reached from
    stack = [(name, name) for name in graph if _inside(name, "jrnl_rej.rules")]
    while stack:
        name, start = stack.pop()
        if name in reached:
            continue
        reached[name] = start
        stack.extend((nxt, start) for nxt in graph[name])
    assert "jrnl_rej.rules.engine" in reached
    assert sorted((start, name) for name, start in reached.items() if _inside(name, "jrnl_rej.journal")) == []
