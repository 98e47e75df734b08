"""Both API descriptions are valid OpenAPI 3.1 and every operation is complete."""

from __future__ import annotations

import re
from typing import Any

import pytest
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename

from ._spec import APIS, PREFIXES, load_spec, operations, resolve, spec_path

OPERATIONS = [(api, *operation) for api in APIS for operation in operations(api)]
OPERATION_IDS = [f"{api} {method.upper()} {path}" for api, method, path, _ in OPERATIONS]


@pytest.mark.parametrize("api", APIS)
def test_spec_is_valid_openapi_3_1(api: str) -> None:
    """openapi-spec-validator accepts the document as OpenAPI 3.1."""
    spec_dict, _ = read_from_filename(str(spec_path(api)))
    assert spec_dict["openapi"].startswith("3.1")
    validate(spec_dict)


@pytest.mark.parametrize("api", APIS)
def test_operation_ids_are_unique_snake_case(api: str) -> None:
    """operationIds become Python module names, so they must be unique snake_case."""
    ids = [op["operationId"] for _, _, op in operations(api)]
    assert len(ids) == len(set(ids))
    for operation_id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", operation_id), operation_id


@pytest.mark.parametrize("api", APIS)
def test_every_path_is_absolute(api: str) -> None:
    """Generators ignore base paths in `servers`, so every path carries the full prefix."""
    for path in load_spec(api)["paths"]:
        assert path.startswith(PREFIXES[api] + "/queues"), path


def _has_input(operation: dict[str, Any], api: str) -> bool:
    params = [p for p in operation.get("parameters", []) if resolve(p, api)["in"] != "path"]
    return bool(params) or "requestBody" in operation


def _takes_reservation(operation: dict[str, Any], api: str) -> bool:
    return "reservation_id" in str(resolve(operation.get("requestBody", {}), api))


@pytest.mark.parametrize(("api", "method", "path", "operation"), OPERATIONS, ids=OPERATION_IDS)
def test_operation_is_complete(api: str, method: str, path: str, operation: dict[str, Any]) -> None:
    """Each operation has an id, one known tag, a summary, one 2xx answer and its error answers."""
    known_tags = {tag["name"] for tag in load_spec(api)["tags"]}
    assert operation.get("operationId")
    assert operation.get("summary")
    assert len(operation.get("tags", [])) == 1
    assert operation["tags"][0] in known_tags

    responses = operation["responses"]
    successes = [code for code in responses if code.startswith("2")]
    assert len(successes) == 1, "exactly one documented success status"

    # an operation that creates a missing queue (or answers as if it were empty) has no 404 to
    # give: that could only mean an unknown route
    missing_queue = operation.get("x-ironmq-missing-queue")
    assert missing_queue in (None, "create", "empty")
    assert ("404" in responses) == (missing_queue is None)
    expected_errors = {"401", "default"} | ({"404"} if missing_queue is None else set())
    if _has_input(operation, api):
        expected_errors.add("400")
    if "requestBody" in operation:
        expected_errors.add("413")
    if _takes_reservation(operation, api):
        expected_errors.add("403")
    assert expected_errors <= set(responses), f"missing {expected_errors - set(responses)}"

    assert resolve(responses["default"], api) == resolve(
        {"$ref": "#/components/responses/Unexpected"}, api
    )
    for code in responses:
        schema = resolve(responses[code], api)["content"]["application/json"]["schema"]
        if not code.startswith("2"):
            assert schema["required"] == ["msg"], f"{code} must answer {{'msg': ...}}"


def test_reservation_operations_document_403() -> None:
    """Delete, touch and release can meet an expired reservation, so they document 403."""
    by_id = {op["operationId"]: op for _, _, op in operations("v3")}
    for operation_id in ("delete_message", "delete_messages", "touch_message", "release_message"):
        assert "403" in by_id[operation_id]["responses"], operation_id


def test_v3_request_limits_are_declared() -> None:
    """The documented v3 limits appear in the request schemas, so clients and fuzzers see them."""
    schemas = load_spec("v3")["components"]["schemas"]
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


def test_v2_request_limits_are_declared() -> None:
    """The documented v2 limits appear in the request schemas and query parameters."""
    spec = load_spec("v2")
    message = spec["components"]["schemas"]["NewMessage"]["properties"]
    assert message["timeout"]["maximum"] == 86400
    assert message["delay"]["maximum"] == 604800
    assert message["expires_in"]["maximum"] == 2592000
    get = spec["paths"]["/1/projects/{project_id}/queues/{queue_name}/messages"]["get"]
    params = {p["name"]: p["schema"] for p in get["parameters"]}
    assert (params["n"]["maximum"], params["wait"]["maximum"]) == (100, 30)


@pytest.mark.parametrize("api", APIS)
def test_security_is_oauth_header_or_query(api: str) -> None:
    """Every operation needs the token, as `Authorization: OAuth` or `?oauth=`."""
    spec = load_spec(api)
    schemes = spec["components"]["securitySchemes"]
    header = schemes["OAuthHeader"]
    assert (header["in"], header["name"]) == ("header", "Authorization")
    assert (schemes["OAuthQuery"]["in"], schemes["OAuthQuery"]["name"]) == ("query", "oauth")
    assert spec["security"] == [{"OAuthHeader": []}, {"OAuthQuery": []}]


@pytest.mark.parametrize("api", APIS)
def test_ids_are_strings(api: str) -> None:
    """Message, reservation, queue, subscriber and alert ids are strings everywhere."""
    for name, schema in load_spec(api)["components"]["schemas"].items():
        for field, prop in schema.get("properties", {}).items():
            if field in {"id", "reservation_id"} or field.endswith("_id"):
                assert prop.get("type") == "string", f"{name}.{field}"


@pytest.mark.parametrize(
    ("api", "topics"),
    [
        (
            "v3",
            (
                *("upsert", "static", "201", "413", "Reservation timed out", "clear"),
                "Dead letters",
                # the audit's "not marked anywhere" (spec_audit.md §3), and liberal answers
                *("query parameters", "last subscriber", "404 and removes none", "`queued`"),
                *("2^63-1", "the header decides", "x-ironmq-local-required"),
                "`reserved_until`",
            ),
        ),
        (
            "v2",
            (
                *("200", "Queue not found", "end", "Alerts were added.", "not reserved"),
                *("Oversize bodies are 413", "100 ids per batch delete", "only `deleted`"),
                *("Release always carries a JSON body", "Peek", "trailing slash", "406"),
            ),
        ),
    ],
)
def test_decisions_are_written_down(api: str, topics: tuple[str, ...]) -> None:
    """The spec's description records the decisions taken where the sources are silent."""
    description = load_spec(api)["info"]["description"]
    for topic in topics:
        assert topic in description, topic


@pytest.mark.parametrize(
    ("api", "schema"),
    [
        ("v3", "QueueSettings"),
        ("v3", "PushSettingsSpec"),
        ("v3", "DeadLetterSpec"),
        ("v2", "QueueUpdate"),
    ],
)
def test_update_schemas_carry_no_defaults(api: str, schema: str) -> None:
    """A default in an update schema makes generated clients overwrite settings left out."""
    properties = load_spec(api)["components"]["schemas"][schema]["properties"]
    assert [name for name, prop in properties.items() if "default" in prop] == []


def test_links_name_real_operations_and_parameters() -> None:
    """Every OpenAPI link (followed by the stateful tests) targets an operation that exists and
    only parameters that operation has; the message life cycle is linked end to end."""
    by_id = {op["operationId"]: (path, op) for _, path, op in operations("v3")}
    spec = load_spec("v3")
    linked: set[tuple[str, str]] = set()
    for _, _, operation in operations("v3"):
        for response in operation["responses"].values():
            for link in resolve(response).get("links", {}).values():
                path, target = by_id[link["operationId"]]
                names = {
                    resolve(p)["name"]
                    for p in spec["paths"][path].get("parameters", [])
                    + target.get("parameters", [])
                }
                assert set(link["parameters"]) <= names, link
                linked.add((operation["operationId"], link["operationId"]))
    life_cycle = {
        ("post_messages", "reserve_messages"),
        ("reserve_messages", "touch_message"),
        ("reserve_messages", "release_message"),
        ("reserve_messages", "delete_message"),
        ("touch_message", "delete_message"),
    }
    assert life_cycle <= linked
