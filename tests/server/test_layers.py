"""The server's layers, held to their rules: who may import whom, no import cycle, no class
over 300 lines nor module over 500, and nothing of the server loaded before it is needed."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import ironmq_local

ROOT = Path(ironmq_local.__file__).parent
PACKAGE = "ironmq_local"

# What each layer may import from ironmq_local (itself always). The domain is the core and
# imports no other layer; storage and runtime implement its ports; the wire speaks HTTP to
# the domain (and waits on the runtime); the top-level modules assemble.
ALLOWED = {
    "domain": {"domain"},
    "storage": {"domain", "storage"},
    "runtime": {"domain", "runtime"},
    "wire": {"domain", "runtime", "wire"},
    "cli": {"cli", "settings", "_extra", "serve", "control_client"},
    # the dashboard reads through the domain's queries and writes through the broker and
    # the control API, with the wire's form checks and error statuses
    "dashboard": {"dashboard", "domain", "runtime", "wire"},
}
DOMAIN_MUST_NOT_IMPORT = {"starlette", "uvicorn", "httpx", "sqlite3", "json", "h11"}


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path) -> Iterator[str]:
    """Every module `name` imports (TYPE_CHECKING and function-level imports included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def internal_graph() -> dict[str, set[str]]:
    known = modules()
    return {
        name: {m for m in imports(name, path) if m in known and m != name}
        for name, path in known.items()
    }


def layer(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def test_each_layer_imports_only_the_layers_below_it() -> None:
    wrong = [
        (src, dst)
        for src, targets in internal_graph().items()
        for dst in targets
        if layer(src) in ALLOWED and layer(dst) not in ALLOWED[layer(src)]
    ]
    assert wrong == []


def test_the_domain_knows_no_http_sql_or_json() -> None:
    found = {
        (name, top)
        for name, path in modules().items()
        if layer(name) == "domain"
        for top in {m.split(".")[0] for m in imports(name, path)}
        if top in DOMAIN_MUST_NOT_IMPORT
    }
    assert found == set()


def test_there_is_no_import_cycle() -> None:
    graph = internal_graph()
    # a package's __init__ may import its own modules; a cycle through it is still a cycle
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_no_class_over_300_lines_and_no_module_over_500() -> None:
    too_long = []
    for name, path in modules().items():
        text = path.read_text()
        if len(text.splitlines()) > 500:
            too_long.append(name)
        for node in ast.walk(ast.parse(text)):
            end = getattr(node, "end_lineno", None) or 0
            if isinstance(node, ast.ClassDef) and end - node.lineno + 1 > 300:
                too_long.append(f"{name}.{node.name}")
    assert too_long == []


@pytest.mark.parametrize(
    "code",
    [
        "import ironmq_local",
        "import ironmq_local.pytest_plugin",
        "from ironmq_local import Settings, DEFAULT_PROJECT_ID",
    ],
)
def test_importing_the_package_or_the_plugin_loads_no_server(code: str) -> None:
    """pytest loads the plugin into every run of a user's tests: it must cost nothing."""
    probe = f"{code}; import sys; print(sorted({{m.split('.')[0] for m in sys.modules}}))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    loaded = set(ast.literal_eval(out))
    assert loaded.isdisjoint({"starlette", "uvicorn", "httpx", "sqlite3", "h11"})
