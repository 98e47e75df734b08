"""Loading the API descriptions in spec/ and walking their operations, for the spec tests."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "spec" / "sources"
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")

# Each described API version: its spec file, its path prefix, and its generated package.
APIS = ("v3", "v2")
PREFIXES = {"v3": "/3/projects/{project_id}", "v2": "/1/projects/{project_id}"}


def spec_path(api: str) -> Path:
    """spec/ironmq-<api>.yaml."""
    return ROOT / "spec" / f"ironmq-{api}.yaml"


def package(api: str) -> str:
    """The generated package of that API, e.g. `ironmq_api_v3`."""
    return f"ironmq_api_{api}"


@functools.cache
def load_spec(api: str = "v3") -> dict[str, Any]:
    """The spec as a plain dict (cached; callers must not mutate it)."""
    with spec_path(api).open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def operations(api: str = "v3") -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, operation) of the spec."""
    for path, item in load_spec(api)["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def resolve(node: Any, api: str = "v3") -> Any:
    """A copy of `node` with every local `$ref` replaced by what it points to."""
    spec = load_spec(api)

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            if "$ref" in value:
                target: Any = spec
                for part in value["$ref"].removeprefix("#/").split("/"):
                    target = target[part]
                return walk(target)
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(copy.deepcopy(node))
