"""Every endpoint that Iron.io's references and the fact sheet name is in the matching spec."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ._spec import APIS, PREFIXES, SHARED_REFERENCE, SOURCES, load_spec

API_MD = {"v3": SOURCES / "v3-api.md", "v2": SOURCES / "v2-api.md"}
FACTS_MD = SOURCES / "FACTS.md"
MASTERS = {API_MD["v3"]: "v3/api.md", API_MD["v2"]: "v2/api.md", FACTS_MD: "FACTS.md"}

# Alerts have no section in the v3 reference; these are the endpoints v3 clients used (FACTS §2.6).
V3_ALERT_ENDPOINTS = {
    ("PATCH", "/queues/{queue_name}"),
    ("DELETE", "/queues/{queue_name}/alerts"),
    ("DELETE", "/queues/{queue_name}/alerts/{alert_id}"),
}


def _normalise(path: str) -> str:
    path = re.sub(r"<[^>]+>", "", path).strip().split("?", 1)[0]
    path = path.removeprefix("/projects/{Project ID}")
    replacements = {
        "{Queue Name}": "{queue_name}",
        "{Message ID}": "{message_id}",
        "{Alert ID}": "{alert_id}",
        "{Subscriber ID}": "{subscriber_id}",
        "{q}": "{queue_name}",
        "{id}": "{message_id}",
        "{aid}": "{alert_id}",
        "{sid}": "{subscriber_id}",
    }
    for written, name in replacements.items():
        path = path.replace(written, name)
    return path.rstrip("/")


def endpoints_in_reference(api: str) -> set[tuple[str, str]]:
    """(method, path) pairs from the grey boxes of Iron.io's API reference."""
    text = API_MD[api].read_text(encoding="utf-8")
    found = re.findall(r'class="grey-box">\s*([A-Z]+)\s+(/.+?)\s*</div>', text, flags=re.S)
    return {(method, _normalise(path)) for method, path in found if "/projects/4" not in path}


def endpoints_in_fact_sheet(api: str) -> set[tuple[str, str]]:
    """(method, path) pairs from FACTS.md §0.1 (the endpoint index) for that API."""
    index = FACTS_MD.read_text(encoding="utf-8").split("## 0.1 Endpoint index", 1)[1]
    index = index.split("\n---", 1)[0]
    v3_part, v2_part = index.split("\nv2 (", 1)
    part = v3_part if api == "v3" else v2_part
    pairs: set[tuple[str, str]] = set()
    previous_base = ""
    for methods, written in re.findall(r"([A-Z]+(?:/[A-Z]+)*) `([^`]+)`", part):
        path = written
        if written.startswith("..."):
            path = previous_base + written[3:]
        elif "/messages" in written:
            previous_base = written.split("/messages", 1)[0] + "/messages"
        for method in methods.split("/"):
            pairs.add((method, _normalise(path)))
    return pairs


def endpoints_in_spec(api: str) -> set[tuple[str, str]]:
    """(method, path) pairs of the spec, with the version prefix removed."""
    pairs = set()
    for path, item in load_spec(api)["paths"].items():
        for method in item:
            if method in {"get", "put", "post", "delete", "patch"}:
                pairs.add((method.upper(), path.removeprefix(PREFIXES[api])))
    return pairs


def named_endpoints(api: str) -> set[tuple[str, str]]:
    """Everything the sources name for that API."""
    named = endpoints_in_reference(api) | endpoints_in_fact_sheet(api)
    return named | V3_ALERT_ENDPOINTS if api == "v3" else named


@pytest.mark.skipif(not SHARED_REFERENCE.is_dir(), reason="no shared reference folder beside")
@pytest.mark.parametrize(("copy", "master"), MASTERS.items(), ids=MASTERS.values())
def test_source_copies_match_the_shared_reference(copy: Path, master: str) -> None:
    """The copies in spec/sources are the shared reference documents, unchanged."""
    assert copy.read_bytes() == (SHARED_REFERENCE / master).read_bytes()


@pytest.mark.parametrize(("api", "at_least"), [("v3", 18), ("v2", 21)])
def test_the_sources_were_parsed(api: str, at_least: int) -> None:
    """Guard against a parser that silently finds nothing: both sources list many endpoints."""
    assert len(endpoints_in_reference(api)) >= at_least
    assert len(endpoints_in_fact_sheet(api)) >= at_least


@pytest.mark.parametrize(
    ("api", "endpoint"),
    [(api, endpoint) for api in APIS for endpoint in sorted(named_endpoints(api))],
    ids=lambda value: value if isinstance(value, str) else f"{value[0]} {value[1]}",
)
def test_endpoint_is_in_spec(api: str, endpoint: tuple[str, str]) -> None:
    """The endpoint named by the reference or the fact sheet is described by the spec."""
    assert endpoint in endpoints_in_spec(api)
