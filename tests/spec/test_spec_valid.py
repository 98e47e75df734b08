"""The spec is valid OpenAPI 3.1 and every operation is complete: id, tag, errors."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from ._spec import SPEC_PATH, load_spec, operations, resolve

OPERATIONS = list(operations())
OPERATION_IDS = [f"{method.upper()} {path}" for method, path, _ in OPERATIONS]


def test_spec_is_valid_openapi_3_1() -> None:
    """openapi-spec-validator accepts the document as OpenAPI 3.1."""
    spec_dict, _ = read_from_filename(str(SPEC_PATH))
    assert spec_dict["openapi"].startswith("3.1")
    validate(spec_dict)


def test_operation_ids_are_unique_snake_case() -> None:
    """operationIds become Python module names, so they must be unique snake_case."""
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", operation_id), operation_id


def test_every_path_is_absolute_v3() -> None:
    """Generators ignore base paths in `servers`, so every path carries the full v3 prefix."""
    for path in load_spec()["paths"]:
        assert path.startswith("/3/projects/{project_id}/queues"), path


def _has_input(operation: dict[str, Any], path_item_params: int) -> bool:
    params = [p for p in operation.get("parameters", []) if resolve(p)["in"] != "path"]
    return bool(params) or "requestBody" in operation


def _takes_reservation(operation: dict[str, Any]) -> bool:
    body = resolve(operation.get("requestBody", {}))
    return "reservation_id" in str(body)


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_operation_is_complete(method: str, path: str, operation: dict[str, Any]) -> None:
    """Each operation has an id, one known tag, a summary, a 2xx answer and its error answers."""
    spec = load_spec()
    known_tags = {tag["name"] for tag in spec["tags"]}
    assert operation.get("operationId")
    assert operation.get("summary")
    assert len(operation.get("tags", [])) == 1
    assert operation["tags"][0] in known_tags

    responses = operation["responses"]
    successes = [code for code in responses if code.startswith("2")]
    assert len(successes) == 1, "exactly one documented success status"

    expected_errors = {"401", "404"}
    if _has_input(operation, 0):
        expected_errors.add("400")
    if "requestBody" in operation:
        expected_errors.add("413")
    if _takes_reservation(operation):
        expected_errors.add("403")
    assert expected_errors <= set(responses), f"missing {expected_errors - set(responses)}"

    for code in responses:
        answer = resolve(responses[code])
        schema = answer["content"]["application/json"]["schema"]
        if not code.startswith("2"):
            assert schema["required"] == ["msg"], f"{code} must answer {{'msg': ...}}"


def test_reservation_operations_document_403() -> None:
    """Delete, touch and release can meet an expired reservation, so they document 403."""
    by_id = {op["operationId"]: op for _, _, op in OPERATIONS}
    for operation_id in ("delete_message", "delete_messages", "touch_message", "release_message"):
        assert "403" in by_id[operation_id]["responses"], operation_id


def test_request_limits_are_declared() -> None:
    """The documented limits appear in the request schemas, so clients and fuzzers see them."""
    schemas = load_spec()["components"]["schemas"]
    reserve = schemas["ReserveRequest"]["properties"]
    assert (reserve["n"]["minimum"], reserve["n"]["maximum"]) == (1, 100)
    assert reserve["wait"]["maximum"] == 30
    assert reserve["timeout"]["maximum"] == 86400
    assert schemas["NewMessage"]["properties"]["delay"]["maximum"] == 604800
    assert schemas["ReleaseRequest"]["properties"]["delay"]["maximum"] == 604800
    assert schemas["PostMessagesRequest"]["properties"]["messages"]["maxItems"] == 100
    assert schemas["DeleteMessagesRequest"]["properties"]["ids"]["maxItems"] == 100
    dead_letter = schemas["DeadLetterSpec"]["properties"]["max_reservations"]
    assert (dead_letter["minimum"], dead_letter["maximum"]) == (1, 1000)
    push = schemas["PushSettingsSpec"]["properties"]
    assert push["retries"]["maximum"] == 100
    assert push["retries_delay"]["minimum"] == 3


def test_security_is_oauth_header_or_query() -> None:
    """Every operation needs the token, as `Authorization: OAuth` or `?oauth=`."""
    spec = load_spec()
    schemes = spec["components"]["securitySchemes"]
    assert (schemes["OAuthHeader"]["in"], schemes["OAuthHeader"]["name"]) == (
        "header",
        "Authorization",
    )
    assert schemes["OAuthQuery"]["in"] == "query"
    assert schemes["OAuthQuery"]["name"] == "oauth"
    assert spec["security"] == [{"OAuthHeader": []}, {"OAuthQuery": []}]


def test_ids_are_strings() -> None:
    """Message, reservation, queue and alert ids are strings everywhere."""
    schemas = load_spec()["components"]["schemas"]
    for name, schema in schemas.items():
        for field, prop in schema.get("properties", {}).items():
            if field in {"id", "reservation_id"} or field.endswith("_id"):
                assert prop.get("type") == "string", f"{name}.{field}"


def test_decisions_are_written_down() -> None:
    """The spec's description records the decisions taken where the sources are silent."""
    description = load_spec()["info"]["description"]
    topics = ("upsert", "static", "201", "413", "Reservation timed out", "clear", "Dead letters")
    for topic in topics:
        assert topic in description, topic
