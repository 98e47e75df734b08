"""The I/O-free core: flows yield operations without doing I/O; pure helpers."""

from __future__ import annotations

import pytest

from ironmq_sdk import QueueNotFoundError, ReservedMessage
from ironmq_sdk._consumer import renewal_due
from ironmq_sdk._pagination import next_previous
from ironmq_sdk._queue_core import QueueCore, ReservationMemory
from ironmq_sdk._subscribers import subscriber_name_for
from ironmq_sdk._wire import op_delete_messages


def test_post_flow_splits_batches_without_io() -> None:
    """Driving a flow by hand: 150 messages are two operations, their ids combined."""
    flow = QueueCore("p", "q").post([str(i) for i in range(150)])
    first = next(flow)
    assert (first.method, first.path, len(first.json["messages"])) == (
        "post",
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
    flow = QueueCore("p", "q").update(["http://a.example.com/x"], "unicast", {})
    assert next(flow).method == "get"
    missing = QueueNotFoundError("Queue not found", status=404, method="GET", url="u")
    create = flow.throw(missing)
    assert create.method == "put"
    assert create.json == {
        "queue": {
            "type": "unicast",
            "push": {"subscribers": [{"name": "a.example.com-x", "url": "http://a.example.com/x"}]},
        }
    }


def test_reserve_flow_remembers_reservations() -> None:
    """The queue's memory learns reservations from results; delete uses and forgets them."""
    core = QueueCore("p", "q")
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
        op_delete_messages("p", "q", [])


def test_pure_helpers() -> None:
    """Subscriber names, page continuation, lease renewal timing."""
    assert subscriber_name_for("https://h.example.com/hooks/a?x=1") == "h.example.com-hooks-a-x-1"
    assert subscriber_name_for("http://") == "subscriber"
    assert next_previous(["a", "b"], 2) == "b"
    assert next_previous(["a"], 2) is None
    assert next_previous([], 2) is None
    assert not renewal_due(now=10.0, leased_at=0.0, lease=30.0)
    assert renewal_due(now=15.0, leased_at=0.0, lease=30.0)
