"""The two readings of spec/: liberal (what Iron.io may send) and strict (what ironmq-local sends).

Tests only. The specs' response schemas are liberal so that generated clients never fail on
a real answer; two vendor extensions say what ironmq-local promises beyond that (see the
specs' `info.description`):

- `x-ironmq-local-required` on an object schema: fields added to its `required`;
- `x-ironmq-local-schema` on a property: the narrower schema that replaces it;
- and ironmq-local answers only the statuses an operation lists: `default` answers go.

`strict(spec)` applies them. The conformance validator (tests/conformance.py) holds
ironmq-local to the strict reading and the real service (or a fake of it) to the liberal
one; `MessageSchemas` checks what IronMQ sends besides answers (pushes, alert and
error-queue messages) against the component schemas that describe them.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from openapi_schema_validator import OAS31Validator, oas31_format_checker

SPEC_DIR = Path(__file__).resolve().parents[1] / "spec"
REQUIRED = "x-ironmq-local-required"
NARROWER = "x-ironmq-local-schema"


def spec_file(api: str) -> Path:
    """spec/ironmq-<api>.yaml (`api`: `v3` or `v2`)."""
    return SPEC_DIR / f"ironmq-{api}.yaml"


@functools.cache
def _load(api: str) -> dict[str, Any]:
    with spec_file(api).open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def liberal(api: str = "v3") -> dict[str, Any]:
    """The spec as written (a fresh copy): what clients may receive from Iron.io."""
    return copy.deepcopy(_load(api))


def strict(spec: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of `spec` as ironmq-local keeps it: extensions applied, `default` answers gone."""

    def walk(node: Any) -> Any:
        if isinstance(node, list):
            return [walk(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {key: walk(value) for key, value in node.items()}
        if REQUIRED in out:
            out["required"] = list(out.get("required", [])) + [
                name for name in out[REQUIRED] if name not in out.get("required", [])
            ]
        properties = out.get("properties")
        if isinstance(properties, dict):
            for name, prop in properties.items():
                if isinstance(prop, dict) and NARROWER in prop:
                    narrower = dict(prop[NARROWER])
                    if "description" in prop:
                        narrower.setdefault("description", prop["description"])
                    properties[name] = narrower
        return out

    out: dict[str, Any] = walk(spec)
    for item in out.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.get("responses", {}).pop("default", None)
    return out


def inline(node: Any, spec: Mapping[str, Any]) -> Any:
    """A copy of `node` with every local `$ref` replaced by what it points to."""
    if isinstance(node, dict):
        if "$ref" in node:
            target: Any = spec
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return inline({**target, **rest}, spec)
        return {key: inline(value, spec) for key, value in node.items()}
    if isinstance(node, list):
        return [inline(item, spec) for item in node]
    return node


@dataclass(frozen=True)
class MessageSchemas:
    """Validators of what IronMQ sends besides answers, in one reading of one spec."""

    spec: dict[str, Any]

    @classmethod
    @functools.cache
    def load(cls, api: str = "v3", *, strict_profile: bool = True) -> MessageSchemas:
        """The schemas of spec/ironmq-<api>.yaml, strict (ironmq-local's) unless told."""
        spec = liberal(api)
        return cls(strict(spec) if strict_profile else spec)

    def errors(self, schema: str, instance: Any) -> list[str]:
        """Why `instance` breaks the component schema `schema` (empty when it conforms)."""
        resolved = inline(self.spec["components"]["schemas"][schema], self.spec)
        validator = OAS31Validator(resolved, format_checker=oas31_format_checker)
        return [
            f"{schema}: {e.message} at {list(e.absolute_path)}"
            for e in validator.iter_errors(instance)
        ]

    def check(self, schema: str, instance: Any) -> None:
        """Fail the test unless `instance` conforms to `schema`."""
        problems = self.errors(schema, instance)
        assert not problems, "\n".join(problems)

    def check_json(self, schema: str, text: str | bytes) -> dict[str, Any]:
        """Fail the test unless `text` is a JSON object conforming to `schema`; the object."""
        document = json.loads(text)
        assert isinstance(document, dict), f"{schema}: not a JSON object: {text!r}"
        self.check(schema, document)
        return document

    def push_header_problems(self, headers: Mapping[str, str]) -> list[str]:
        """How a push request's headers break `PushHeaders` (names matched case-insensitively,
        headers the schema does not name ignored)."""
        declared = self.spec["components"]["schemas"]["PushHeaders"]["properties"]
        by_lower = {name.lower(): name for name in declared}
        named = {by_lower[k.lower()]: v for k, v in headers.items() if k.lower() in by_lower}
        return self.errors("PushHeaders", named)
