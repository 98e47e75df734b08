"""Every v3 endpoint that Iron.io's reference and the fact sheet name is in the spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ._spec import SHARED_REFERENCE, SOURCES, load_spec

PREFIX = "/3/projects/{project_id}"
API_MD = SOURCES / "v3-api.md"
FACTS_MD = SOURCES / "FACTS.md"

# Alerts have no section in the v3 reference; these are the endpoints v3 clients used (FACTS §2.6).
ALERT_ENDPOINTS = {
    ("PATCH", "/queues/{queue_name}"),
    ("DELETE", "/queues/{queue_name}/alerts"),
    ("DELETE", "/queues/{queue_name}/alerts/{alert_id}"),
}


def _normalise(path: str) -> str:
    path = re.sub(r"<[^>]+>", "", path).strip()
    path = path.replace("{Queue Name}", "{queue_name}").replace("{Message ID}", "{message_id}")
    path = path.replace("{q}", "{queue_name}").replace("{id}", "{message_id}")
    return path


def endpoints_in_reference() -> set[tuple[str, str]]:
    """(method, path) pairs from the grey boxes of the v3 API reference."""
    text = API_MD.read_text(encoding="utf-8")
    found = re.findall(r'class="grey-box">\s*([A-Z]+)\s+(.+?)\s*</div>', text, flags=re.S)
    return {(method, _normalise(path)) for method, path in found}


def endpoints_in_fact_sheet() -> set[tuple[str, str]]:
    """(method, path) pairs from the v3 part of FACTS.md §0.1 (the endpoint index)."""
    text = FACTS_MD.read_text(encoding="utf-8")
    index = text.split("## 0.1 Endpoint index", 1)[1]
    v3_part = index.split("v3 (`/3/projects/{project_id}`):", 1)[1].split("\nv2 (", 1)[0]
    pairs: set[tuple[str, str]] = set()
    previous_base = ""
    for methods, written in re.findall(r"([A-Z]+(?:/[A-Z]+)*) `([^`]+)`", v3_part):
        path = written
        if written.startswith("..."):
            path = previous_base + written[3:]
        elif "/messages" in written:
            previous_base = written.split("/messages", 1)[0] + "/messages"
        for method in methods.split("/"):
            pairs.add((method, _normalise(path)))
    return pairs


def endpoints_in_spec() -> set[tuple[str, str]]:
    """(method, path) pairs of the spec, with the v3 prefix removed."""
    pairs = set()
    for path, item in load_spec()["paths"].items():
        for method in item:
            if method in {"get", "put", "post", "delete", "patch"}:
                pairs.add((method.upper(), path.removeprefix(PREFIX)))
    return pairs


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="no shared reference folder beside")
@pytest.mark.parametrize(
    ("copy", "master"), [(API_MD, "v3/api.md"), (FACTS_MD, "FACTS.md")], ids=["api", "facts"]
)
def test_source_copies_match_the_shared_reference(copy: Path, master: str) -> None:
    """The copies in spec/sources are the shared reference documents, unchanged."""
    assert copy.read_bytes() == (SHARED_REFERENCE / master).read_bytes()


def test_the_sources_were_parsed() -> None:
    """Guard against a parser that silently finds nothing: both sources list many endpoints."""
    assert len(endpoints_in_reference()) >= 18
    assert len(endpoints_in_fact_sheet()) >= 18


@pytest.mark.parametrize(
    "endpoint",
    sorted(endpoints_in_reference() | endpoints_in_fact_sheet() | ALERT_ENDPOINTS),
    ids=lambda e: f"{e[0]} {e[1]}",
)
def test_endpoint_is_in_spec(endpoint: tuple[str, str]) -> None:
    """The endpoint named by the reference or the fact sheet is described by the spec."""
    assert endpoint in endpoints_in_spec()
