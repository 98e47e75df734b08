"""The SDK reads every answer Iron.io's service may give, and drops nothing (hypothesis).

Answers are drawn from the spec's liberal reading (spec_audit.md: optional fields missing,
open enums with values nobody listed, undeclared fields added at every level) and fed to
the parsers of the v3 wire (the generated models, then the SDK's values), and what IronMQ
sends besides answers to `PushMessage.from_request`, `AlertMessage.parse` and
`ErrorQueueMessage.parse`. No parse may raise, and every declared field the answer carried
must be in the SDK's value with the same value; a declared field it left out reads as the
spec's decision 23 says (or as "not given": None, empty).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import pytest
from dateutil.parser import isoparse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from ironmq_sdk import AlertMessage, ErrorQueueMessage, PushMessage
from ironmq_sdk._core import Operation
from ironmq_sdk._wire import Page
from ironmq_sdk._wire.v3 import V3Wire
from ironmq_sdk._wire.v3.sent import HEADERS

from .. import profiles

SPECS = {api: profiles.liberal(api) for api in ("v3", "v2")}
ABSENT_READS_AS = {"type": "pull", "reserved_count": 0, "direction": "asc", "snooze": 0}
"""The spec's decision 23: what an absent field of an answer means."""
NOT_GIVEN: tuple[Any, ...] = (None, (), {})
EMPTY_IS_ABSENT = {"reservation_id"}
"""Fields whose empty string means "not given" (the spec's decision 16)."""

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)


def schema(name: str, api: str = "v3") -> dict[str, Any]:
    """The liberal component schema `name`, references inlined, extensions left out."""

    def plain(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: plain(v) for k, v in node.items() if not k.startswith("x-")}
        if isinstance(node, list):
            return [plain(v) for v in node]
        return node

    spec = SPECS[api]
    found: dict[str, Any] = plain(profiles.inline(spec["components"]["schemas"][name], spec))
    return found


@st.composite
def with_extras(draw: st.DrawFn, document: Any, shape: Mapping[str, Any]) -> Any:
    """`document` with undeclared fields added to every object the schema declares fields of."""
    if isinstance(document, list) and "items" in shape:
        return [draw(with_extras(item, shape["items"])) for item in document]
    if not isinstance(document, dict) or "properties" not in shape:
        return document
    out = {
        key: draw(with_extras(value, shape["properties"].get(key, {})))
        for key, value in document.items()
    }
    extras = draw(st.dictionaries(st.from_regex(r"\Azz_[a-z]{1,6}\Z"), JSON, max_size=2))
    return {**out, **extras}


def _closed(node: Any) -> Any:
    # hypothesis-jsonschema is several times slower on open objects; `with_extras` adds the
    # undeclared fields instead, at every level
    if isinstance(node, dict):
        out = {k: _closed(v) for k, v in node.items() if k != "description"}
        if "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(node, list):
        return [_closed(v) for v in node]
    return node


def answers(name: str, api: str = "v3") -> st.SearchStrategy[Any]:
    """Answers shaped like the liberal schema `name`, with undeclared fields."""
    shape = schema(name, api)
    return from_schema(_closed(shape)).flatmap(lambda document: with_extras(document, shape))


def assert_kept(
    value: Any,
    document: Any,
    shape: Mapping[str, Any],
    where: str,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Every declared field of `document` is in `value` (a value of the SDK), unchanged
    (but those in `skip`, which the caller checks otherwise)."""
    if "properties" in shape and dataclasses.is_dataclass(value):
        for key, sub in shape["properties"].items():
            if key in skip:
                continue
            assert hasattr(value, key), f"{where}: {type(value).__name__} has no {key!r}"
            got = getattr(value, key)
            if key in EMPTY_IS_ABSENT and document.get(key) == "":
                assert got is None, f"{where}.{key}: {got!r}"
            elif key in document:
                assert_kept(got, document[key], sub, f"{where}.{key}")
            else:
                assert got in (ABSENT_READS_AS.get(key), *NOT_GIVEN), f"{where}.{key}: {got!r}"
    elif shape.get("type") == "array":
        assert len(value) == len(document), where
        for n, (got, item) in enumerate(zip(value, document, strict=True)):
            assert_kept(got, item, shape["items"], f"{where}[{n}]", skip)
    elif shape.get("format") == "date-time":
        assert isinstance(value, datetime), where
        assert value == isoparse(document), where
    elif isinstance(document, dict):
        assert dict(value) == document, where
    else:
        assert value == document, where


WIRE = V3Wire("5c9f1e0a1b2c3d4e5f607182")
OPERATIONS: list[tuple[str, Callable[[], Operation[Any]], str, Callable[[Any], Any]]] = [
    # (what, the operation, the answer's schema, where the value's fields are in the answer)
    ("get_queue", lambda: WIRE.get_queue("q"), "QueueInfoEnvelope", lambda d: d["queue"]),
    ("create_queue", lambda: WIRE.create_queue("q", {}), "QueueInfoEnvelope", lambda d: d["queue"]),
    ("reserve", lambda: WIRE.reserve("q", n=2, timeout=None, wait=None, delete=True),
     "ReservedMessageList", lambda d: d["messages"]),
    ("peek", lambda: WIRE.peek("q", 2), "MessageList", lambda d: d["messages"]),
    ("get_message", lambda: WIRE.get_message("q", "1"), "MessageEnvelope", lambda d: d["message"]),
    ("push_statuses", lambda: WIRE.push_statuses("q", "1"), "PushStatusList",
     lambda d: d["subscribers"]),
]  # fmt: skip
OTHERS: list[tuple[str, Callable[[], Operation[Any]], str, Callable[[Any], Any]]] = [
    ("list_queues", lambda: WIRE.list_queues(None, None, Page()), "QueueList",
     lambda d: [q["name"] for q in d["queues"]]),
    ("post_messages", lambda: WIRE.post_messages("q", [{"body": "b"}]), "PostMessagesResponse",
     lambda d: d["ids"]),
    ("touch", lambda: WIRE.touch("q", "1", "r", None), "TouchResponse",
     lambda d: d["reservation_id"]),
    ("delete_queue", lambda: WIRE.delete_queue("q"), "StatusMessage", lambda d: None),
    ("release", lambda: WIRE.release("q", "1", "r", 0), "StatusMessage", lambda d: None),
]  # fmt: skip

PROPERTY = settings(
    # a third of the profile's examples (60 in `ci`, 2000 in `deep`): the answers' schemas are
    # large, and there are 17 of these tests
    max_examples=max(20, settings().max_examples // 3),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize(
    ("what", "operation", "answer", "fields"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_value_answers_are_read_whole(
    what: str, operation: Callable[[], Operation[Any]], answer: str, fields: Callable[[Any], Any]
) -> None:
    """Queue, message and push-status answers become the SDK's values, every field kept."""
    op = operation()
    body = schema(answer)
    inner = next(iter(body["properties"].values()))

    @PROPERTY
    @given(answers(answer))
    def read(document: dict[str, Any]) -> None:
        assert_kept(op.parse(document), fields(document), inner, what)

    read()


@pytest.mark.parametrize(
    ("what", "operation", "answer", "expected"), OTHERS, ids=[o[0] for o in OTHERS]
)
def test_other_answers_are_read(
    what: str, operation: Callable[[], Operation[Any]], answer: str, expected: Callable[[Any], Any]
) -> None:
    """Listings, ids, reservations and status texts: what the SDK returns, whatever else came."""
    op = operation()

    @PROPERTY
    @given(answers(answer))
    def read(document: dict[str, Any]) -> None:
        assert op.parse(document) == expected(document)

    read()


def test_a_pull_queue_without_type_and_a_message_without_count() -> None:
    """The audit's risk (a) and the Go client's omitted zero, spelled out."""
    info = WIRE.get_queue("q").parse(
        {"queue": {"name": "q", "project_id": "p", "message_timeout": 60,
                   "message_expiration": 604800}}
    )  # fmt: skip
    assert (info.type, info.id, info.size) == ("pull", None, None)
    (message,) = WIRE.peek("q", 1).parse({"messages": [{"id": "1", "body": "b"}]})
    assert (message.reserved_count, message.reservation_id) == (0, None)


def test_a_delete_reservation_without_reservation_ids() -> None:
    """The audit's #2: `delete: true` answers may carry no reservation id."""
    op = WIRE.reserve("q", n=1, timeout=None, wait=None, delete=True)
    (message,) = op.parse({"messages": [{"id": "1", "body": "b", "reserved_count": 1}]})
    assert message.reservation_id is None


def test_an_unknown_or_missing_push_status_is_kept() -> None:
    """The audit's #1: `status` is optional and open."""
    entry = {"name": "a", "url": "http://x", "retries_remaining": 3, "tries": 0}
    op = WIRE.push_statuses("q", "1")
    missing, unknown = op.parse({"subscribers": [entry, {**entry, "status": "pending"}]})
    assert (missing.status, unknown.status) == (None, "pending")


@PROPERTY
@given(answers("PushHeaders"), st.text(), st.randoms())
def test_push_requests_are_read_whatever_the_case_of_their_headers(
    document: dict[str, Any], body: str, random: Any
) -> None:
    """`PushMessage.from_request` reads the `Iron-*` headers case-insensitively, keeps every
    header, and the body verbatim."""
    headers = {
        "".join(c.upper() if random.random() < 0.5 else c.lower() for c in k): str(v)
        for k, v in document.items()
    }
    push = PushMessage.from_request(headers, body.encode())
    assert push.message_id == document["Iron-Message-Id"]
    for field, header in zip(
        ("reservation_id", "subscriber_name", "message_url"), HEADERS[1:], strict=True
    ):
        assert getattr(push, field) == (document.get(header) or None), field
    assert (push.body, dict(push.headers)) == (body, headers)


def test_the_sdk_knows_the_specs_push_headers() -> None:
    """The header names the SDK matches are the spec's `PushHeaders`, Iron-Message-Id first."""
    assert list(HEADERS) == list(schema("PushHeaders")["properties"])
    assert HEADERS[0] == "Iron-Message-Id"


@PROPERTY
@given(answers("AlertMessage"))
def test_alert_messages_are_read_whole(document: dict[str, Any]) -> None:
    """`AlertMessage.parse` reads any alert message, every field kept."""
    assert_kept(AlertMessage.parse(json.dumps(document)), document, schema("AlertMessage"), "alert")


@PROPERTY
@given(answers("ErrorQueueMessage"))
def test_error_queue_messages_are_read_whole(document: dict[str, Any]) -> None:
    """`ErrorQueueMessage.parse` reads any error-queue message, every field kept."""
    parsed = ErrorQueueMessage.parse(json.dumps(document).encode())
    assert_kept(parsed, document, schema("ErrorQueueMessage"), "report")
