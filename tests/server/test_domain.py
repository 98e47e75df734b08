"""The domain's services in-process: ids, dead letters, alerts, push deliveries, housekeeping."""

from __future__ import annotations

import json

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import ReservationRequired, ReservationTimedOut
from ironmq_local.domain.values import (
    AlertSpec,
    DeadLetterChanges,
    NewMessage,
    Outcome,
    PushChanges,
    QueueChanges,
    QueueType,
    Subscriber,
)
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, Events, FrozenClock, make_broker

HOOK = Subscriber("hook", "http://127.0.0.1:9/hook", {"X-Sub": "s"})


def push_queue(
    broker: Broker,
    name: str,
    type_: QueueType = "multicast",
    *,
    retries: int | None = None,
    retries_delay: int | None = None,
    error_queue: str | None = None,
) -> None:
    push = PushChanges((HOOK,), retries, retries_delay, error_queue)
    broker.queues.put(PROJECT, name, QueueChanges(type=type_, push=push))


def test_message_ids_keep_increasing_across_a_restart_with_the_clock_back(
    store: SqliteStore, clock: FrozenClock
) -> None:
    first = make_broker(store, clock).messages.post(PROJECT, "q", [NewMessage("a")])
    clock.advance(-3600)
    again = make_broker(store, clock).messages.post(PROJECT, "q", [NewMessage("b")])
    assert again[0] > first[0]


def test_posting_wakes_long_polls_of_pull_queues_and_the_worker_for_push(
    broker: Broker, events: Events
) -> None:
    broker.messages.post(PROJECT, "q", [NewMessage("a", delay=5)])
    assert events.queues == []  # nothing became reservable
    broker.messages.post(PROJECT, "q", [NewMessage("b")])
    assert events.queues == ["q"]
    push_queue(broker, "p")
    before = events.schedules
    broker.messages.post(PROJECT, "p", [NewMessage("c")])
    assert events.schedules == before + 1


def test_an_over_reserved_message_moves_to_the_dead_letters(
    broker: Broker, clock: FrozenClock
) -> None:
    broker.queues.put(PROJECT, "dlq", QueueChanges(message_expiration=1000))
    dead_letter = DeadLetterChanges("dlq", 2)
    broker.queues.put(PROJECT, "q", QueueChanges(dead_letter=dead_letter))
    (mid,) = broker.messages.post(PROJECT, "q", [NewMessage("a")])
    for count in (1, 2):
        (m,) = broker.reservations.reserve(PROJECT, "q", 1, 10, False)
        assert m.reserved_count == count
        clock.advance(11)
    assert broker.reservations.reserve(PROJECT, "q", 1, 10, False) == []
    (moved,) = broker.reservations.reserve(PROJECT, "dlq", 1, 10, False)
    assert (moved.id, moved.body, moved.reserved_count) == (mid, "a", 3)
    assert broker.queries.queue(PROJECT, "dlq").total_messages == 1
    clock.advance(1000)  # the DLQ's expiration counts from the move
    assert broker.queries.queue(PROJECT, "dlq").size == 0


def test_alerts_fire_on_crossings_with_the_v3_message(broker: Broker, clock: FrozenClock) -> None:
    alert = AlertSpec("fixed", 2, "target")
    broker.queues.put(PROJECT, "q", QueueChanges(alerts=(alert,)))
    broker.messages.post(PROJECT, "q", [NewMessage("a")])
    assert broker.queries.queue_names(PROJECT, None, None, 10) == ["q"]  # nothing fired yet
    broker.messages.post(PROJECT, "q", [NewMessage("b"), NewMessage("c")])
    (fired,) = broker.reservations.peek(PROJECT, "target", 10)
    body = json.loads(fired.body)
    (shown,) = broker.queries.queue(PROJECT, "q").alerts
    assert body == {
        "source_queue": "q",
        "queue_size": 3,
        "alert_id": shown.id,
        "alert_type": "fixed",
        "alert_direction": "asc",
        "alert_trigger": 2,
        "created_at": "2027-01-15T08:00:00Z",
    }


def test_a_failing_multicast_push_retries_then_reports_to_the_error_queue(
    broker: Broker, clock: FrozenClock
) -> None:
    push_queue(broker, "p", retries=1, retries_delay=30, error_queue="errors")
    (mid,) = broker.messages.post(PROJECT, "p", [NewMessage("x", push_headers={"X-M": "m"})])
    for _ in range(2):  # the first try and one retry
        (job,) = broker.push.claim(10)
        (delivery,) = job.deliveries
        assert delivery.headers["X-Sub"] == "s"
        assert delivery.headers["X-M"] == "m"
        url = delivery.headers["Iron-Subscriber-Message-Url"]
        assert url == f"ack://{PROJECT}/p/{mid}/hook/{delivery.reservation_id}"
        broker.push.record(job, [(delivery, Outcome(500, "boom"))])
        assert broker.push.claim(10) == []  # not due before retries_delay
        clock.advance(30)
    (status,) = broker.queries.push_statuses(PROJECT, "p", mid)
    assert (status.status, status.tries, status.status_code) == ("error", 2, 500)
    assert broker.queries.queue(PROJECT, "p").size == 0  # finished: out of the queue
    assert broker.queries.message(PROJECT, "p", mid).body == "x"  # still readable by id
    (report,) = broker.reservations.peek(PROJECT, "errors", 10)
    assert json.loads(report.body) == {
        "source_msg_id": str(mid),
        "body": "x",
        "headers": {
            "User-Agent": "IronMQ Pusherd",
            "Content-Type": "text/plain; encoding=utf-8",
            "X-M": "m",
        },
        "code": 500,  # v2's layout: the first failure at the top
        "msg": "boom",
        "subscribers": [{"name": "hook", "url": HOOK.url, "code": 500, "msg": "boom"}],
    }


def test_a_202_holds_the_push_until_acknowledged_with_its_reservation_id(
    broker: Broker,
) -> None:
    push_queue(broker, "p", type_="unicast")
    (mid,) = broker.messages.post(PROJECT, "p", [NewMessage("x")])
    (job,) = broker.push.claim(10)
    (delivery,) = job.deliveries
    broker.push.record(job, [(delivery, Outcome(202, "later"))])
    with pytest.raises(ReservationRequired):
        broker.delete_message(PROJECT, "p", mid, None, "hook")
    with pytest.raises(ReservationTimedOut):
        broker.delete_message(PROJECT, "p", mid, "0" * 32, "hook")
    broker.delete_message(PROJECT, "p", mid, delivery.reservation_id, "hook")
    (status,) = broker.queries.push_statuses(PROJECT, "p", mid)
    assert status.status == "deleted"


def test_an_acknowledgement_quicker_than_the_pushers_record_of_the_202_holds(
    broker: Broker,
) -> None:
    """A subscriber that answers 202 and acknowledges at once can beat the pusher: the try
    is still in flight, and its reservation id is good; the 202 recorded after it changes
    nothing, and the message is delivered."""
    push_queue(broker, "p")
    (mid,) = broker.messages.post(PROJECT, "p", [NewMessage("x")])
    (job,) = broker.push.claim(10)
    (delivery,) = job.deliveries
    with pytest.raises(ReservationTimedOut):  # another id is still wrong
        broker.delete_message(PROJECT, "p", mid, "0" * 32, "hook")
    broker.delete_message(PROJECT, "p", mid, delivery.reservation_id, "hook")
    broker.push.record(job, [(delivery, Outcome(202, "later"))])
    (status,) = broker.queries.push_statuses(PROJECT, "p", mid)
    assert status.status == "deleted"
    assert broker.queries.queue(PROJECT, "p").size == 0


def test_the_sweep_forgets_expired_messages_but_leaves_alerted_queues_to_their_check(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    broker.queues.put(PROJECT, "plain", QueueChanges(message_expiration=10))
    alert = AlertSpec("fixed", 1, "target", "desc")
    broker.queues.put(PROJECT, "alerted", QueueChanges(message_expiration=10, alerts=(alert,)))
    for name in ("plain", "alerted"):
        broker.messages.post(PROJECT, name, [NewMessage("a"), NewMessage("b"), NewMessage("c")])
    clock.advance(10)
    assert broker.messages.sweep(limit=2) is True  # more than 2 expired in `plain`
    assert broker.messages.sweep(limit=2) is False
    plain, alerted = store.queues.get(PROJECT, "plain"), store.queues.get(PROJECT, "alerted")
    assert plain is not None
    assert alerted is not None
    assert store.messages.min_expiry(plain.pk) is None
    assert store.messages.min_expiry(alerted.pk) is not None
    broker.messages.expire_alerted()
    assert store.messages.min_expiry(alerted.pk) is None
    assert broker.queries.queue(PROJECT, "target").size == 1
