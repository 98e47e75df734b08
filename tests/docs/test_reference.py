"""The documentation's API reference covers every public name, and the pages it includes
exist: what `make docs` cannot see by itself (a name missing from the reference is no
broken link)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ironmq_sdk
from ironmq_local import pytest_plugin
from ironmq_sdk import compat, testing

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
DIRECTIVE = re.compile(r"^::: ([\w.]+)", re.MULTILINE)
SNIPPET = re.compile(r'^--8<-- "([^"]+)"', re.MULTILINE)


def documented() -> set[str]:
    """Every object a reference page renders with `::: name`, with the members it lists."""
    names: set[str] = set()
    for page in (DOCS / "reference").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        for match in DIRECTIVE.finditer(text):
            names.add(match.group(1))
            # `members: [a, b]` under a module directive documents those members
            rest = text[match.end() :].split("\n:::", 1)[0]
            listed = re.search(r"members: \[([^\]]*)\]", rest)
            if listed:
                names.update(f"{match.group(1)}.{m.strip()}" for m in listed.group(1).split(","))
    return names


@pytest.mark.parametrize("name", sorted(set(ironmq_sdk.__all__) - {"__version__"}))
def test_every_public_name_of_the_sdk_is_in_the_reference(name: str) -> None:
    """`ironmq_sdk.__all__` and the reference pages agree, name by name."""
    assert f"ironmq_sdk.{name}" in documented()


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (testing, testing.__all__),
        (compat, compat.__all__),
        (pytest_plugin, ["ironmq_server", "ironmq", "ironmq_client", "async_ironmq_client"]),
    ],
    ids=["testing", "compat", "pytest fixtures"],
)
def test_the_testing_helpers_compat_and_fixtures_are_in_the_reference(
    module: object, names: list[str]
) -> None:
    """Each public function of `ironmq_sdk.testing`, each class of `compat` and each pytest
    fixture has its entry."""
    prefix = getattr(module, "__name__", "")
    missing = [n for n in names if f"{prefix}.{n}" not in documented()]
    assert missing == []


def test_every_page_in_the_navigation_exists_and_every_page_is_in_it() -> None:
    """mkdocs.yml lists each page of docs/ once (the generated spec-decisions page too)."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r":\s+([\w/-]+\.md)$", config, re.MULTILINE))
    pages = {str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md")}
    assert listed == pages | {"reference/spec-decisions.md"}


def test_included_files_exist_so_examples_are_shown_from_the_files_the_tests_run() -> None:
    """Every `--8<--` include names a file of the repository; the examples are included, so
    the code shown is the code tested."""
    included = {
        match.group(1)
        for page in DOCS.rglob("*.md")
        for match in SNIPPET.finditer(page.read_text(encoding="utf-8"))
    }
    assert all((ROOT / path).is_file() for path in included), included
    examples = {f"examples/{p.name}" for p in (ROOT / "examples").glob("*.py")}
    assert examples - {"examples/_run_demo.py"} <= included


def test_the_readmes_links_into_the_docs_resolve() -> None:
    """The README is the front door: each of its relative links (docs pages, examples,
    project files) names a file of the repository."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    targets = {t.split("#")[0] for t in re.findall(r"\]\(([^)]+)\)", text) if "://" not in t}
    assert targets
    assert [t for t in sorted(targets) if not (ROOT / t).is_file()] == []
