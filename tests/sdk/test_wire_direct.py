"""The wires' message hot path, rendered and read without the generated client
(`ironmq_sdk/_wire/direct.py`), does exactly what the generated client does: the same
method, path, query and JSON for any arguments, and the same values (or an error) from any
answer. The generated client, made from the spec, is the reference."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, fields
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ironmq_api_v2 import models as g2
from ironmq_api_v2.api.messages import delete_message as delete_message_v2
from ironmq_api_v2.api.messages import delete_messages as delete_messages_v2
from ironmq_api_v2.api.messages import get_messages as get_messages_v2
from ironmq_api_v2.api.messages import peek_messages as peek_messages_v2
from ironmq_api_v2.api.messages import post_messages as post_messages_v2
from ironmq_api_v2.api.messages import release_message as release_message_v2
from ironmq_api_v2.api.messages import touch_message as touch_message_v2
from ironmq_api_v2.api.queues import get_queue as get_queue_v2
from ironmq_api_v2.types import UNSET
from ironmq_api_v3 import models as g3
from ironmq_api_v3.api.messages import (
    delete_message,
    delete_messages,
    get_message,
    peek_messages,
    post_messages,
    release_message,
    reserve_messages,
    touch_message,
)
from ironmq_api_v3.api.queues import get_queue

from ironmq_sdk import Message, ReservedMessage
from ironmq_sdk._core import Operation
from ironmq_sdk._messages import quick_message
from ironmq_sdk._types import NOT_GIVEN
from ironmq_sdk._wire.v2 import convert as c2
from ironmq_sdk._wire.v2.wire import V2Wire
from ironmq_sdk._wire.v3 import convert as c3
from ironmq_sdk._wire.v3.wire import V3Wire

PROJECT = "5c9f1e0a1b2c3d4e5f607182"
V3, V2 = V3Wire(PROJECT), V2Wire(PROJECT)

TRICKY = "a/?#%& +.é~"
"""Characters that a path must quote (or must not)."""
names = st.text(min_size=1, max_size=20) | st.text(TRICKY, min_size=1, max_size=8)
ids = st.text(min_size=1, max_size=12) | st.text(TRICKY, min_size=1, max_size=8)
counts = st.integers(1, 100)
bodies = st.lists(st.fixed_dictionaries({"body": st.text(max_size=20)}), min_size=1, max_size=5)


def sent(op: Operation[Any]) -> tuple[Any, ...]:
    """What an operation sends: method, path, query, JSON body."""
    return op.method, op.path, dict(op.params) if op.params else None, op.json


def generated(kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """What the generated client's `_get_kwargs` would send."""
    params = kwargs.get("params") or None
    return kwargs["method"].upper(), kwargs["url"], params, kwargs.get("json", NOT_GIVEN)


# requests ---------------------------------------------------------------------------------


@given(
    name=names,
    messages=bodies,
    n=counts,
    timeout=st.none() | st.integers(0, 86400),
    wait=st.none() | st.integers(0, 30),
)
def test_v3_message_requests_are_the_generated_clients(
    *, name: str, messages: list[dict[str, Any]], n: int, timeout: int | None, wait: int | None
) -> None:
    """v3: post, reserve, peek and info render as `_get_kwargs` with the models would."""
    body = g3.PostMessagesRequest.from_dict({"messages": messages})
    assert sent(V3.post_messages(name, messages)) == generated(
        post_messages._get_kwargs(PROJECT, name, body=body)
    )
    spec = {"n": n} | ({} if timeout is None else {"timeout": timeout})
    spec |= {} if wait is None else {"wait": wait}
    reserve = reserve_messages._get_kwargs(PROJECT, name, body=g3.ReserveRequest.from_dict(spec))
    assert sent(V3.reserve(name, n=n, timeout=timeout, wait=wait, delete=False)) == generated(
        reserve
    )
    spec["delete"] = True
    reserve = reserve_messages._get_kwargs(PROJECT, name, body=g3.ReserveRequest.from_dict(spec))
    assert sent(V3.reserve(name, n=n, timeout=timeout, wait=wait, delete=True)) == generated(
        reserve
    )
    assert sent(V3.peek(name, n)) == generated(peek_messages._get_kwargs(PROJECT, name, n=n))
    assert sent(V3.get_queue(name)) == generated(get_queue._get_kwargs(PROJECT, name))


@given(
    name=names,
    message_id=ids,
    rid=st.none() | ids,
    timeout=st.none() | st.integers(0, 86400),
    delay=st.integers(0, 604800),
)
def test_v3_settling_requests_are_the_generated_clients(
    *, name: str, message_id: str, rid: str | None, timeout: int | None, delay: int
) -> None:
    """v3: get, delete (one and a batch), touch and release render as the generated client."""
    assert sent(V3.get_message(name, message_id)) == generated(
        get_message._get_kwargs(PROJECT, name, message_id)
    )
    one = g3.DeleteMessageRequest.from_dict({"reservation_id": rid} if rid else {})
    assert sent(V3.delete_message(name, message_id, rid)) == generated(
        delete_message._get_kwargs(PROJECT, name, message_id, body=one)
    )
    refs = [(message_id, rid), (message_id + "2", None)]
    many = g3.DeleteMessagesRequest.from_dict(
        {"ids": [{"id": i, "reservation_id": r} if r else {"id": i} for i, r in refs]}
    )
    assert sent(V3.delete_messages(name, refs)) == generated(
        delete_messages._get_kwargs(PROJECT, name, body=many)
    )
    touch = {"reservation_id": rid} | ({} if timeout is None else {"timeout": timeout})
    assert sent(V3.touch(name, message_id, rid, timeout)) == generated(
        touch_message._get_kwargs(PROJECT, name, message_id, body=g3.TouchRequest.from_dict(touch))
    )
    release = {"reservation_id": rid} | ({"delay": delay} if delay else {})
    assert sent(V3.release(name, message_id, rid, delay)) == generated(
        release_message._get_kwargs(
            PROJECT, name, message_id, body=g3.ReleaseRequest.from_dict(release)
        )
    )


@given(
    name=names,
    message_id=ids,
    messages=bodies,
    n=counts,
    timeout=st.none() | st.just(0) | st.integers(30, 86400),
    wait=st.none() | st.integers(0, 30),
    delete=st.booleans(),
    delay=st.integers(0, 604800),
)
def test_v2_message_requests_are_the_generated_clients(
    *,
    name: str,
    message_id: str,
    messages: list[dict[str, Any]],
    n: int,
    timeout: int | None,
    wait: int | None,
    delete: bool,
    delay: int,
) -> None:
    """v2: post, get (its reservation), peek, info, delete, touch and release likewise."""
    body = g2.PostMessagesRequest.from_dict({"messages": messages})
    assert sent(V2.post_messages(name, messages)) == generated(
        post_messages_v2._get_kwargs(PROJECT, name, body=body)
    )
    reserve = get_messages_v2._get_kwargs(
        PROJECT,
        name,
        n=n,
        timeout=timeout or UNSET,
        wait=UNSET if wait is None else wait,
        delete=True if delete else UNSET,
    )
    assert sent(V2.reserve(name, n=n, timeout=timeout, wait=wait, delete=delete)) == generated(
        reserve
    )
    assert sent(V2.peek(name, n)) == generated(peek_messages_v2._get_kwargs(PROJECT, name, n=n))
    assert sent(V2.get_queue(name)) == generated(get_queue_v2._get_kwargs(PROJECT, name))
    assert sent(V2.delete_message(name, message_id, None)) == generated(
        delete_message_v2._get_kwargs(PROJECT, name, message_id)
    )
    refs: list[tuple[str, str | None]] = [(message_id, None), (message_id + "2", None)]
    many = g2.DeleteMessagesRequest.from_dict({"ids": [i for i, _ in refs]})
    assert sent(V2.delete_messages(name, refs)) == generated(
        delete_messages_v2._get_kwargs(PROJECT, name, body=many)
    )
    assert sent(V2.touch(name, message_id, None, None)) == generated(
        touch_message_v2._get_kwargs(PROJECT, name, message_id, body=g2.TouchRequest.from_dict({}))
    )
    release = g2.ReleaseRequest.from_dict({"delay": delay} if delay else {})
    assert sent(V2.release(name, message_id, None, delay)) == generated(
        release_message_v2._get_kwargs(PROJECT, name, message_id, body=release)
    )


# answers ----------------------------------------------------------------------------------

texts = st.text(max_size=8)
small = st.integers(0, 1000)


def message_dicts(
    required: dict[str, st.SearchStrategy[Any]], optional: dict[str, st.SearchStrategy[Any]]
) -> st.SearchStrategy[dict[str, Any]]:
    """Messages with the required fields, any of the optional ones, now and then an extra."""
    extras = st.dictionaries(
        st.sampled_from(["delay", "expires_in", "unknown_field"]), small, max_size=1
    )
    return st.builds(
        lambda a, b, c: a | b | c,
        st.fixed_dictionaries(required),
        st.fixed_dictionaries({}, optional=optional),
        extras,
    )


V3_MESSAGE = message_dicts(
    {"id": texts, "body": texts}, {"reserved_count": small, "reservation_id": texts}
)
V3_RESERVED = message_dicts(
    {"id": texts, "body": texts, "reserved_count": small}, {"reservation_id": texts}
)
V2_MESSAGE = message_dicts(
    {"id": texts, "body": texts}, {"reserved_count": small, "timeout": small}
)


def same(direct: Callable[[Any], Any], reference: Callable[[Any], Any], answer: Any) -> None:
    """Both read `answer` to equal values of the same types (and reprs), or both fail."""
    try:
        expected = reference(answer)
    except (ValueError, LookupError, TypeError, AttributeError):
        with pytest.raises((ValueError, LookupError, TypeError, AttributeError)):
            direct(answer)
        return
    got = direct(answer)
    assert got == expected
    assert repr(got) == repr(expected)
    assert [type(x) for x in got] == [type(x) for x in expected]


@given(st.lists(V3_MESSAGE, max_size=4), st.lists(V3_RESERVED, max_size=4))
def test_v3_messages_read_as_the_generated_models_do(
    peeked: list[dict[str, Any]], reserved: list[dict[str, Any]]
) -> None:
    """v3 peek, get and reserve answers: plain ones read directly, others via the models."""
    same(
        c3.message_list,
        lambda d: [c3.message(m) for m in g3.MessageList.from_dict(d).messages],
        {"messages": peeked},
    )
    for m in peeked:
        same(
            lambda d: [c3.message_envelope(d)],
            lambda d: [c3.message(g3.MessageEnvelope.from_dict(d).message)],
            {"message": m},
        )
    same(
        c3.reserved_list,
        lambda d: [c3.reserved(m) for m in g3.ReservedMessageList.from_dict(d).messages],
        {"messages": reserved},
    )


@given(st.lists(V2_MESSAGE, max_size=4))
def test_v2_messages_read_as_the_generated_models_do(messages: list[dict[str, Any]]) -> None:
    """v2 peek and get (reservation) answers likewise."""
    answer = {"messages": messages}
    models = g2.MessageList.from_dict
    same(c2.message_list, lambda d: [c2.message(m) for m in models(d).messages], answer)
    same(c2.reserved_list, lambda d: [c2.reserved(m) for m in models(d).messages], answer)


@given(
    st.fixed_dictionaries(
        {"name": texts, "project_id": texts, "message_timeout": small, "message_expiration": small},
        optional={
            "id": texts,
            "size": small,
            "total_messages": small,
            "type": st.sampled_from(["pull", "multicast", "unicast", "bogus"]),
            "dead_letter": st.just({"queue_name": "dl", "max_reservations": 3}),
        },
    )
)
def test_v3_queue_info_reads_as_the_generated_models_do(queue: dict[str, Any]) -> None:
    """A v3 queue's info: the usual fields read directly, any other via the models; an
    unknown type fails on both paths."""
    same(lambda d: [c3.queue_info_fast(d)], lambda d: [c3.queue_info(d)], {"queue": queue})


@given(
    st.fixed_dictionaries(
        {"name": texts},
        optional={
            "id": texts,
            "project_id": texts,
            "size": small,
            "total_messages": small,
            "reserved": small,
            "push_type": st.sampled_from(["multicast", "unicast"]),
        },
    )
)
def test_v2_queue_info_reads_as_the_generated_models_do(queue: dict[str, Any]) -> None:
    """A v2 queue likewise (a queue without its own project id gets the client's)."""
    same(
        lambda d: [c2.queue_info(PROJECT)(d)],
        lambda d: [c2.queue_of(g2.Queue.from_dict(d), PROJECT)],
        queue,
    )


@pytest.mark.parametrize("answer", [{}, {"messages": [{"body": "b"}]}, {"messages": [[1]]}, []])
def test_malformed_message_answers_fail_on_both_paths(answer: Any) -> None:
    """Missing fields and wrong shapes fail as they do through the models (the transport
    turns the error into APIResponseValidationError)."""
    same(
        c3.reserved_list,
        lambda d: [c3.reserved(m) for m in g3.ReservedMessageList.from_dict(d).messages],
        answer,
    )
    same(
        c2.message_list,
        lambda d: [c2.message(m) for m in g2.MessageList.from_dict(d).messages],
        answer,
    )


def test_quick_message_is_the_dataclass_made_faster() -> None:
    """`quick_message` equals the dataclass's own constructor, and no field of a message has
    a default factory (its defaults are shared between messages)."""
    assert all(f.default_factory is MISSING for f in fields(Message))
    assert [f.name for f in fields(ReservedMessage)] == [f.name for f in fields(Message)]
    for cls in (Message, ReservedMessage):
        quick = quick_message(cls, "1", "b", 2, reservation_id="r", timeout=30)
        made = cls(id="1", body="b", reserved_count=2, reservation_id="r", timeout=30)
        assert (quick, repr(quick), hash(quick), type(quick)) == (made, repr(made), hash(made), cls)
        assert list(vars(quick)) == list(vars(made))
        with pytest.raises(AttributeError):
            quick.body = "changed"  # type: ignore[misc]  # still frozen
