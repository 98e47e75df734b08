"""The I/O-free core: flows yield operations without doing I/O; pure helpers."""

from __future__ import annotations

from dataclasses import replace

import pytest

from ironmq_sdk import (
    DeadLetter,
    IronMQ,
    QueueNotFoundError,
    ReservedMessage,
    UnsupportedArgumentError,
    UnsupportedOperationError,
)
from ironmq_sdk._consuming import renewal_due
from ironmq_sdk._flows import QueueFlows
from ironmq_sdk._reservations import ReservationMemory
from ironmq_sdk._subscribers import subscriber_name_for
from ironmq_sdk._wire import Page, wire_for
from ironmq_sdk._wire.v3 import V3Wire

V3 = wire_for(3, "p")
"""The v3 wire of project `p`."""


def next_previous(page: list[str], per_page: int) -> str | None:
    """The `previous` of the page after `page` on v3, or None when `page` was the last."""
    after = V3.next_page(page, per_page, Page())
    return None if after is None else after.previous


def test_post_flow_splits_batches_without_io() -> None:
    """Driving a flow by hand: 150 messages are two operations, their ids combined."""
    flow = QueueFlows(V3, "q").post([str(i) for i in range(150)])
    first = next(flow)
    assert (first.method, first.path, len(first.json["messages"])) == (
        "POST",
        "/3/projects/p/queues/q/messages",
        100,
    )
    assert not first.idempotent
    second = flow.send([str(i) for i in range(100)])
    assert len(second.json["messages"]) == 50
    with pytest.raises(StopIteration) as done:
        flow.send([str(i) for i in range(100, 150)])
    assert done.value.value == [str(i) for i in range(150)]


def test_update_flow_creates_a_missing_push_queue() -> None:
    """update(): GET first; a 404 thrown into the flow turns into a PUT with the type."""
    flow = QueueFlows(V3, "q").update(["http://a.example.com/x"], "unicast", {})
    assert next(flow).method == "GET"
    missing = QueueNotFoundError("Queue not found", status=404, method="GET", url="u")
    create = flow.throw(missing)
    assert create.method == "PUT"
    assert create.json == {
        "queue": {
            "type": "unicast",
            "push": {"subscribers": [{"name": "a.example.com-x", "url": "http://a.example.com/x"}]},
        }
    }


def test_reserve_flow_remembers_reservations() -> None:
    """The queue's memory learns reservations from results; delete uses and forgets them."""
    core = QueueFlows(V3, "q")
    flow = core.reserve(2, None, None, False)
    next(flow)
    message = ReservedMessage(id="1", body="b", reserved_count=1, reservation_id="r1")
    with pytest.raises(StopIteration):
        flow.send([message])
    assert core.reservations.get("1") == "r1"
    delete = core.delete("1", None, None)
    assert next(delete).json == {"reservation_id": "r1"}
    with pytest.raises(StopIteration):
        delete.send(None)
    assert core.reservations.get("1") is None


def test_reservation_memory_is_bounded() -> None:
    """The oldest reservations are forgotten beyond the limit."""
    memory = ReservationMemory(limit=2)
    for i in range(3):
        memory.remember(str(i), f"r{i}")
    assert (memory.get("0"), memory.get("2"), len(memory)) == (None, "r2", 2)
    memory.forget("2", "other")  # only forgets the reservation it names
    assert memory.get("2") == "r2"


def test_clear_is_never_sent_for_an_empty_batch() -> None:
    """An empty id list would be a clear on the wire: the adapter refuses to build it."""
    with pytest.raises(ValueError, match="at least one id"):
        V3.delete_messages("q", [])


def test_pure_helpers() -> None:
    """Subscriber names, page continuation, lease renewal timing."""
    assert subscriber_name_for("https://h.example.com/hooks/a?x=1") == "h.example.com-hooks-a-x-1"
    assert subscriber_name_for("http://") == "subscriber"
    assert next_previous(["a", "b"], 2) == "b"
    assert next_previous(["a"], 2) is None
    assert next_previous([], 2) is None
    assert not renewal_due(now=10.0, leased_at=0.0, lease=30.0)
    assert renewal_due(now=15.0, leased_at=0.0, lease=30.0)


def test_with_options_shares_every_attribute_but_the_options() -> None:
    """A clone is a shallow copy: it shares all state, even attributes added later."""
    mq = IronMQ(project_id="p", token="t", base_url="http://x")
    vars(mq)["added_later"] = object()
    clone = mq.with_options(timeout=5, max_retries=0)
    assert type(clone) is IronMQ
    assert set(vars(clone)) == set(vars(mq))
    assert all(vars(clone)[k] is value for k, value in vars(mq).items() if k != "_options")
    assert (clone.max_retries, clone.timeout.read, mq.max_retries) == (0, 5, 3)
    queue = mq.queue("q")
    fast = queue.with_options(max_retries=1)
    assert fast._flows is queue._flows  # same reservations
    assert (fast._options.max_retries, queue._options.max_retries) == (1, 3)
    mq.close()


def test_unsupported_arguments_and_operations_name_the_version() -> None:
    """A setting, field or call the version lacks is a typed error naming the version."""
    caps = V3.caps
    error = caps.unsupported("messages[0].timeout", "timeout")
    assert isinstance(error, UnsupportedArgumentError)
    assert error.argument == "messages[0].timeout"
    assert "IronMQ v3 has no per-message timeout" in str(error)
    missing = caps.unsupported_operation("remove_dead_letter", "It has no dead-letter queues")
    assert isinstance(missing, UnsupportedOperationError)
    assert missing.operation == "remove_dead_letter"
    assert "IronMQ v3 cannot do this" in str(missing)
    # a version without dead-letter queues (as v2) refuses the setting before sending
    wire = V3Wire("p")
    wire.caps = replace(caps, settings=caps.settings - {"dead_letter"})
    with pytest.raises(UnsupportedArgumentError, match="IronMQ v3 has no 'dead_letter'"):
        next(QueueFlows(wire, "q").update_queue({"dead_letter": DeadLetter("dlq", 3)}))
    with pytest.raises(TypeError, match="unexpected keyword argument 'type'"):
        next(QueueFlows(V3, "q").update_queue({"type": "pull"}))


def test_flows_read_capabilities_not_versions() -> None:
    """With v2's capabilities the flows skip reservations, update in one request and remove
    subscribers by URL (pinned here before the v2 wire exists)."""
    wire = V3Wire("p")
    wire.caps = replace(
        V3.caps,
        reservations=False,
        fixed_queue_type=False,
        update_creates=True,
        subscriber_key="url",
    )
    flows = QueueFlows(wire, "q")
    reserve = flows.reserve(1, None, None, False)
    next(reserve)
    with pytest.raises(StopIteration):
        reserve.send([ReservedMessage(id="1", body="b", reserved_count=1, reservation_id="r")])
    assert len(flows.reservations) == 0  # nothing to remember without reservation ids
    assert next(flows.touch("1", None, None)).name == "touch_message"  # no id needed first
    update = next(flows.update(["http://a.example.com/x"], "unicast", {}))
    assert update.method == "PATCH"  # one request: no look-up first
    assert update.json["queue"]["type"] == "unicast"
    remove = next(flows.remove_subscribers(["http://a.example.com/x"]))
    assert remove.method == "DELETE"  # by URL: no look-up either
