"""Loading spec/ironmq-v3.yaml and walking its operations, for the spec tests."""

from __future__ import annotations

import copy
import functools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "spec" / "ironmq-v3.yaml"
SOURCES = ROOT / "spec" / "sources"
SHARED_REFERENCE = ROOT.parent / "shared" / "reference"
HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@functools.cache
def load_spec() -> dict[str, Any]:
    """The v3 spec as a plain dict (cached; callers must not mutate it)."""
    with SPEC_PATH.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every (method, path, operation) of the spec."""
    for path, item in load_spec()["paths"].items():
        for method in HTTP_METHODS:
            if method in item:
                yield method, path, item[method]


def resolve(node: Any) -> Any:
    """A copy of `node` with every local `$ref` replaced by what it points to."""
    spec = load_spec()

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
