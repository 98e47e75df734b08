"""The specs' two readings (liberal for clients, strict for ironmq-local) and what IronMQ sends.

tests/profiles.py applies the `x-ironmq-local-*` extensions; these tests pin that the
extensions only name what the schemas declare, that the strict reading is the liberal one
narrowed (never widened), and that the `push` webhook and `PushHeaders` agree.
"""

from __future__ import annotations

from typing import Any

import pytest
from openapi_schema_validator import OAS31Validator

from .. import profiles
from ._spec import APIS, load_spec

AUDITED = {
    # the audit's break risks (spec_audit.md §1 #1, #2, risk (a)): optional for clients,
    # promised by ironmq-local
    ("v3", "PushStatus", "status"),
    ("v3", "ReservedMessage", "reservation_id"),
    ("v3", "QueueInfo", "type"),
}


def _objects(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        name: schema
        for name, schema in spec["components"]["schemas"].items()
        if schema.get("type") == "object"
    }


@pytest.mark.parametrize("api", APIS)
def test_extensions_name_declared_optional_fields(api: str) -> None:
    """`x-ironmq-local-required` names declared properties the liberal schema leaves optional;
    `x-ironmq-local-schema` sits on properties only."""
    for name, schema in _objects(load_spec(api)).items():
        promised = schema.get(profiles.REQUIRED, [])
        assert set(promised) <= set(schema.get("properties", {})), name
        assert not set(promised) & set(schema.get("required", [])), name
        for prop, body in schema.get("properties", {}).items():
            if profiles.NARROWER in body:
                assert "anyOf" in body, f"{name}.{prop}: narrows only an open schema"
                assert body[profiles.NARROWER] in body["anyOf"], f"{name}.{prop}"


def test_the_audited_break_risks_are_optional_for_clients_and_promised_by_ironmq_local() -> None:
    """Push status `status`, a reserved message's `reservation_id` and a queue's `type` may
    be absent from Iron.io's answers, and are always in ironmq-local's."""
    for api, schema_name, field in AUDITED:
        liberal = profiles.liberal(api)["components"]["schemas"][schema_name]
        strict = profiles.strict(profiles.liberal(api))["components"]["schemas"][schema_name]
        assert field not in liberal["required"]
        assert field in strict["required"]


@pytest.mark.parametrize("api", APIS)
def test_strict_reading_only_narrows(api: str) -> None:
    """The strict reading adds required fields, closes open enums and drops `default`
    answers; it never removes a field, a status or a requirement."""
    liberal = profiles.liberal(api)
    strict = profiles.strict(liberal)
    for name, schema in _objects(liberal).items():
        narrowed = strict["components"]["schemas"][name]
        assert set(schema.get("required", [])) <= set(narrowed.get("required", []))
        assert set(schema.get("properties", {})) == set(narrowed.get("properties", {}))
    for path, item in liberal["paths"].items():
        for method, operation in item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            statuses = set(strict["paths"][path][method]["responses"])
            assert statuses == set(operation["responses"]) - {"default"}


def test_open_push_status_closes_to_the_known_values() -> None:
    """Clients accept any push status; ironmq-local sends only PushStatusKind's."""
    strict = profiles.strict(profiles.liberal("v3"))
    status = profiles.inline(strict["components"]["schemas"]["PushStatus"], strict)
    assert status["properties"]["status"]["enum"] == [
        "queued",
        "retrying",
        "reserved",
        "deleted",
        "error",
    ]
    liberal = profiles.MessageSchemas.load("v3", strict_profile=False)
    entry = {"name": "a", "url": "http://x", "retries_remaining": 1, "tries": 0}
    assert liberal.errors("PushStatus", {**entry, "status": "pending"}) == []
    assert profiles.MessageSchemas.load("v3").errors("PushStatus", {**entry, "status": "pending"})


@pytest.mark.parametrize("api", APIS)
def test_push_webhook_and_push_headers_agree(api: str) -> None:
    """The `push` webhook's header parameters are exactly `PushHeaders`' properties, required
    alike; its body takes any content type."""
    spec = load_spec(api)
    push = spec["webhooks"]["push"]["post"]
    headers = {p["name"]: p for p in push["parameters"] if p["in"] == "header"}
    schema = spec["components"]["schemas"]["PushHeaders"]
    assert set(headers) == set(schema.get("properties", {}))
    assert {n for n, p in headers.items() if p.get("required")} == set(schema["required"])
    assert list(push["requestBody"]["content"]) == ["*/*"]


@pytest.mark.parametrize("api", APIS)
def test_webhook_bodies_take_any_content_type(api: str) -> None:
    """The webhook operation takes its body verbatim, whatever its type (audit #7, #32)."""
    path = {"v3": "/3/projects/{project_id}/queues/{queue_name}/webhook"}.get(
        api, "/1/projects/{project_id}/queues/{queue_name}/messages/webhook"
    )
    content = load_spec(api)["paths"][path]["post"]["requestBody"]["content"]
    assert list(content) == ["*/*"]


def test_delete_alerts_takes_both_body_shapes() -> None:
    """`{"alerts": [{"id"}]}` (Ruby, Java) and `{"queue": {"alerts": [ids]}}` (Python v3)."""
    spec = load_spec("v3")
    body = spec["paths"]["/3/projects/{project_id}/queues/{queue_name}/alerts"]["delete"]
    schema = profiles.inline(body["requestBody"]["content"]["application/json"]["schema"], spec)
    validator = OAS31Validator(schema)
    assert validator.is_valid({"alerts": [{"id": "a"}]})
    assert validator.is_valid({"queue": {"alerts": ["a", "b"]}})
    assert not validator.is_valid({"queue": {"alerts": []}})
    assert not validator.is_valid({"alerts": []})


def test_v2_timeouts_are_zero_or_thirty_to_a_day() -> None:
    """v2 `timeout` (post and get) is 0 or 30 to 86400, as its description says (audit #24)."""
    spec = load_spec("v2")
    get = spec["paths"]["/1/projects/{project_id}/queues/{queue_name}/messages"]["get"]
    query = next(p["schema"] for p in get["parameters"] if p["name"] == "timeout")
    posted = spec["components"]["schemas"]["NewMessage"]["properties"]["timeout"]
    for schema in (query, posted):
        validator = OAS31Validator(schema)
        assert [t for t in (0, 1, 29, 30, 86400, 86401) if validator.is_valid(t)] == [0, 30, 86400]


def test_v2_release_always_has_a_body() -> None:
    """The v2 reference requires a JSON body on release even when empty (audit #22)."""
    spec = load_spec("v2")
    path = "/1/projects/{project_id}/queues/{queue_name}/messages/{message_id}/release"
    assert spec["paths"][path]["post"]["requestBody"]["required"] is True
