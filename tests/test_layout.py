"""The package's shape: which module may import which (see ARCHITECTURE.md).

Imports are read from the source with ``ast`` (nothing is imported), so these
tests see function-level imports too, and a new module is checked as soon as it
exists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "habit_tracker"

# Layers, lowest first; a module may import from its own layer or below.
# The longest matching prefix decides (a subpackage's modules share its layer).
LAYERS: dict[str, int] = {
    "habit_tracker": 0,
    "habit_tracker.errors": 0,
    "habit_tracker.text": 0,
    "habit_tracker.jsontext": 0,
    "habit_tracker.jsonc": 0,
    "habit_tracker.schema": 0,
    "habit_tracker.models": 0,
    "habit_tracker.dates": 0,
    "habit_tracker.files": 0,
    "habit_tracker.paths": 0,
    "habit_tracker.records": 0,
    "habit_tracker.crypto": 0,
    "habit_tracker.engine": 1,
    "habit_tracker.changelog": 2,
    "habit_tracker.migrations": 2,
    "habit_tracker.store": 2,
    "habit_tracker.preferences": 2,
    "habit_tracker.peek": 2,
    # use cases and features: everything not named here lands on this layer
    "habit_tracker.demo": 4,
    "habit_tracker.cli": 5,
    "habit_tracker.__main__": 5,
    "habit_tracker.console": 5,
}
FEATURES = 3
LAYER_NAMES = {0: "bottom", 1: "engine", 2: "storage", 3: "features", 4: "demo", 5: "cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer(name: str) -> int:
    best = max((k for k in LAYERS if name == k or name.startswith(k + ".")), key=len)
    if best == "habit_tracker" and name != "habit_tracker":
        return FEATURES
    return LAYERS[best]


def _in_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(name: str, *, top_level_only: bool = False) -> set[str]:
    """Every module ``name`` imports: package modules by full name, others by their
    top-level name.  ``from pkg import sub`` counts as importing ``pkg.sub`` only."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if top_level_only and isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            return
        if top_level_only and isinstance(node, ast.If) and _in_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(alias.name if alias.name in MODULES else alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here[: len(here) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            subs = [f"{target}.{a.name}" for a in node.names if f"{target}.{a.name}" in MODULES]
            found.update(subs)
            if len(subs) < len(node.names):
                found.add(target if target in MODULES else target.split(".")[0])
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    found.discard(name)
    return found


def test_the_walk_sees_the_modules_and_their_imports() -> None:
    # Guards the walker itself: a broken walk would make every test below pass.
    assert {"habit_tracker.store", "habit_tracker.cli.kit", "habit_tracker.report.text"} <= set(MODULES)
    assert "click" in imports("habit_tracker.cli.kit")
    assert "habit_tracker.store" in imports("habit_tracker.cli.kit")
    assert "habit_tracker.engine" in imports("habit_tracker.views")
    # function-level imports are seen, and skipped when asked
    assert "habit_tracker.interchange" in imports("habit_tracker.cli.data")
    assert "habit_tracker.interchange" not in imports("habit_tracker.cli.data", top_level_only=True)


@pytest.mark.parametrize("name", sorted(n for n in MODULES if layer(n) < LAYERS["habit_tracker.cli"]))
def test_nothing_below_the_cli_imports_click(name: str) -> None:
    assert "click" not in imports(name), f"{name} imports click; only habit_tracker.cli may"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_go_down_the_layers(name: str) -> None:
    upward = sorted(
        f"{target} ({LAYER_NAMES[layer(target)]})"
        for target in imports(name)
        if target.startswith("habit_tracker") and layer(target) > layer(name)
    )
    assert not upward, f"{name} ({LAYER_NAMES[layer(name)]}) imports upward: {upward}"


def test_the_pure_core_imports_no_io() -> None:
    io = {"sqlite3", "sqlite_utils", "click", "matplotlib", "os", "pathlib", "subprocess"}
    for name in ("habit_tracker.engine", "habit_tracker.models", "habit_tracker.dates"):
        assert not imports(name) & io, f"{name} imports {sorted(imports(name) & io)}"


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def test_find_cycle_finds_one() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_has_no_cycle() -> None:
    """Module-level imports (those that run when a module loads) form no cycle."""
    graph = {
        name: {t for t in imports(name, top_level_only=True) if t in MODULES} for name in MODULES
    }
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"
