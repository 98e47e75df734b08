"""The SDK's shape: no import circle, small modules and classes, versions as data."""

from __future__ import annotations

import ast
from pathlib import Path

import ironmq_sdk
from ironmq_sdk import NewQueueSettings, _inputs
from ironmq_sdk._wire import wire_for

PACKAGE = Path(ironmq_sdk.__file__).parent
MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 300


def _module_name(path: Path) -> str:
    parts = ["ironmq_sdk", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The SDK modules `path` imports anywhere in it (functions and TYPE_CHECKING too)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            submodules = {f"{target}.{alias.name}" for alias in node.names} & modules
            found |= submodules  # `from . import _validate` imports the module, not `.`
            if len(submodules) < len(node.names):
                found.add(target)
    return {module for module in found if module in modules and module != name}


def _graph() -> dict[str, set[str]]:
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: _imports(path, set(paths)) for name, path in paths.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import circle, found by depth-first search (each reported once per start)."""
    cycles: list[list[str]] = []
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycles.append([*path[path.index(node) :], node])
            return
        if node in done:
            return
        for target in sorted(graph[node]):
            visit(target, [*path, node])
        done.add(node)

    for start in sorted(graph):
        visit(start, [])
    return cycles


def test_no_import_circle() -> None:
    """No module of the SDK imports, however indirectly, one that imports it back."""
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    graph = _graph()
    assert "ironmq_sdk._wire.v3.wire" in graph["ironmq_sdk._wire.v3"]  # the walk sees imports
    assert _cycles(graph) == []


def test_modules_and_classes_stay_small() -> None:
    """No module over 500 lines, no class over 300 (generated ones included)."""
    too_long = []
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > MAX_MODULE_LINES:
            too_long.append(f"{path.name}: {text.count(chr(10))} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_CLASS_LINES:
                    too_long.append(f"{path.name}: class {node.name}, {lines} lines")
    assert too_long == []


def test_queue_settings_are_declared_once() -> None:
    """Each keyword of `NewQueueSettings` has exactly one check, and the v3 wire takes all."""
    assert set(_inputs.SETTINGS) == set(NewQueueSettings.__optional_keys__)
    assert wire_for(3, "p").caps.settings == NewQueueSettings.__optional_keys__
