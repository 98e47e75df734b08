"""The SDK reads every answer IronMQ v2 may give, and drops nothing it can carry (hypothesis).

As test_liberal_answers.py for v3: answers from the v2 spec's liberal reading (optional
fields missing, undeclared fields added) go through the v2 wire's parsers into the same
value types as v3's, whose fields v2 names the same way (messages, push statuses, alerts);
a queue's v2 layout (push settings at the top, `push_type`) is checked field by field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given

from ironmq_sdk._core import Operation
from ironmq_sdk._wire import Page
from ironmq_sdk._wire.v2 import V2Wire
from ironmq_sdk._wire.v2.sent import HEADERS

from .test_liberal_answers import PROPERTY, answers, assert_kept, schema

WIRE = V2Wire("5c9f1e0a1b2c3d4e5f607182")
NOT_CARRIED = frozenset({"push_status"})
"""A v2 message's `push_status` summary (`retries_remaining` alone, no subscriber): the SDK
reads push statuses whole, with `get_message_push_statuses`."""

OPERATIONS: list[tuple[str, Callable[[], Operation[Any]], str, Callable[[Any], Any], str]] = [
    ("reserve", lambda: WIRE.reserve("q", n=2, timeout=None, wait=None, delete=False),
     "MessageList", lambda d: d["messages"], "messages"),
    ("peek", lambda: WIRE.peek("q", 2), "MessageList", lambda d: d["messages"], "messages"),
    ("get_message", lambda: WIRE.get_message("q", "1"), "MessageDetail", lambda d: d, ""),
    ("push_statuses", lambda: WIRE.push_statuses("q", "1"), "PushStatusList",
     lambda d: d["subscribers"], "subscribers"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("what", "operation", "answer", "fields", "inner"), OPERATIONS, ids=[o[0] for o in OPERATIONS]
)
def test_value_answers_are_read_whole(
    what: str,
    operation: Callable[[], Operation[Any]],
    answer: str,
    fields: Callable[[Any], Any],
    inner: str,
) -> None:
    """Message and push-status answers become the SDK's values, every field kept."""
    op = operation()
    shape = schema(answer, "v2")
    shape = shape["properties"][inner] if inner else shape

    @PROPERTY
    @given(answers(answer, "v2"))
    def read(document: dict[str, Any]) -> None:
        got = op.parse(document)
        assert_kept(got, fields(document), shape, what, NOT_CARRIED)
        for status in got if what == "push_statuses" else ():
            assert (status.name, status.tries) == (status.url, None)

    read()


@PROPERTY
@given(answers("Queue", "v2"))
def test_queue_answers_are_read_whole(document: dict[str, Any]) -> None:
    """A bare v2 queue object: counters, push settings from the top, alerts, and what v2
    lacks as the SDK decides it (60 s, 7 days, the client's project)."""
    info = WIRE.get_queue("q").parse(document)
    assert (info.name, info.id, info.size, info.total_messages, info.reserved) == tuple(
        document.get(k) for k in ("name", "id", "size", "total_messages", "reserved")
    )
    assert info.project_id == (document.get("project_id") or WIRE.project_id)  # "" is none
    assert (info.message_timeout, info.message_expiration) == (60, 604_800)
    pushed = "push_type" in document or "subscribers" in document
    assert info.type == document.get("push_type", "multicast" if pushed else "pull")
    if info.push is None:
        assert not pushed
    else:
        assert [s.url for s in info.push.subscribers] == [
            s["url"] for s in document.get("subscribers", [])
        ]
        for key in ("retries", "retries_delay", "error_queue"):
            assert getattr(info.push, key) == document.get(key)
    assert_kept(
        info.alerts,
        document.get("alerts", []),
        schema("Queue", "v2")["properties"]["alerts"],
        "alerts",
    )


@PROPERTY
@given(answers("QueueListEntry", "v2").map(lambda entry: [entry]))
def test_listings_are_read(document: list[dict[str, Any]]) -> None:
    """A bare array of queues gives their names."""
    assert WIRE.list_queues(None, None, Page()).parse(document) == [document[0]["name"]]


def test_the_sdk_knows_the_v2_specs_push_headers() -> None:
    """The v2 header names the SDK matches are the v2 spec's `PushHeaders`."""
    assert list(HEADERS) == list(schema("PushHeaders", "v2")["properties"])
