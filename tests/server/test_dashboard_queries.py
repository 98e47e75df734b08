"""What the dashboard reads and does in the domain: the overview, message browsing with
states and push statuses, when alerts last fired, posting with an expiry, and returning
dead letters to their source queue (the browser tests in tests/dashboard/ go through HTTP)."""

from __future__ import annotations

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import InvalidArgument, NotFound
from ironmq_local.domain.values import (
    AlertSpec,
    DeadLetterChanges,
    NewMessage,
    Outcome,
    PushChanges,
    QueueChanges,
    Subscriber,
)
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, T0, FrozenClock

OTHER = "0123456789abcdef01234567"


def dead_letters(broker: Broker, clock: FrozenClock, *bodies: str) -> list[int]:
    """Queue `src` with dead letters to `dlq` after one reservation; move `bodies` there."""
    dead = DeadLetterChanges("dlq", 1)
    broker.queues.put(PROJECT, "src", QueueChanges(message_timeout=10, dead_letter=dead))
    ids = broker.messages.post(PROJECT, "src", [NewMessage(b) for b in bodies])
    broker.reservations.reserve(PROJECT, "src", len(bodies), 0, False)
    clock.advance(10)  # the reservations end: the next reserve moves them
    assert broker.reservations.reserve(PROJECT, "src", len(bodies), 0, False) == []
    return ids


def test_the_overview_counts_every_queue_of_the_projects_asked_for(
    broker: Broker, clock: FrozenClock
) -> None:
    dead_letters(broker, clock, "dead")
    broker.messages.post(PROJECT, "src", [NewMessage("a"), NewMessage("b", delay=5)])
    broker.reservations.reserve(PROJECT, "src", 1, 0, False)
    broker.messages.post(OTHER, "elsewhere", [NewMessage("c")])
    everything = broker.queries.overview()
    assert [(s.queue.project_id, s.queue.name) for s in everything] == [
        (OTHER, "elsewhere"),
        (PROJECT, "dlq"),
        (PROJECT, "src"),
    ]
    by_name = {s.queue.name: s for s in broker.queries.overview([PROJECT])}
    assert set(by_name) == {"dlq", "src"}
    src, dlq = by_name["src"], by_name["dlq"]
    assert (src.queue.size, src.queue.reserved, src.queue.total_messages) == (2, 1, 3)
    assert (dlq.queue.size, dlq.queue.reserved, dlq.queue.total_messages) == (1, 0, 1)
    assert dlq.dead_letter_sources == ("src",)
    assert src.dead_letter_sources == ()


def test_browsing_shows_each_message_state_in_id_order_and_writes_nothing(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    broker.queues.put(PROJECT, "q", QueueChanges(message_timeout=30))
    ids = broker.messages.post(
        PROJECT, "q", [NewMessage('{"a": 1}'), NewMessage("b", delay=60), NewMessage("c")]
    )
    broker.reservations.reserve(PROJECT, "q", 1, 0, False)  # the first one
    clock.advance(1)
    changes = store.conn.total_changes
    views = broker.queries.browse(PROJECT, "q", 0, 10)
    assert store.conn.total_changes == changes
    assert [(v.id, v.state, v.until, v.reserved_count) for v in views] == [
        (ids[0], "reserved", T0 + 30, 1),
        (ids[1], "delayed", T0 + 60, 0),
        (ids[2], "ready", None, 0),
    ]
    assert views[0].expires_at == T0 + 604_800
    assert [v.id for v in broker.queries.browse(PROJECT, "q", ids[0], 1)] == [ids[1]]
    clock.advance(30)  # the reservation ended: shown as ready without being promoted
    assert broker.queries.browse(PROJECT, "q", 0, 1)[0].state == "ready"
    assert store.conn.total_changes == changes


def test_a_posted_message_may_expire_before_its_queue_says(
    broker: Broker, clock: FrozenClock
) -> None:
    (mid,) = broker.messages.post(PROJECT, "q", [NewMessage("short", expires_in=5)])
    assert broker.queries.browse(PROJECT, "q", 0, 10)[0].expires_at == T0 + 5
    clock.advance(5)
    with pytest.raises(NotFound):
        broker.queries.message(PROJECT, "q", mid)


def test_browsing_a_push_queue_shows_push_statuses_of_delivered_messages_too(
    broker: Broker,
) -> None:
    subscribers = (Subscriber("ok", "http://127.0.0.1:9/a"), Subscriber("bad", "http://x/b"))
    push = PushChanges(subscribers, retries=0, error_queue="errors")
    broker.queues.put(PROJECT, "p", QueueChanges(type="multicast", push=push))
    (mid,) = broker.messages.post(PROJECT, "p", [NewMessage("x")])
    assert broker.queries.browse(PROJECT, "p", 0, 10)[0].state == "delivering"
    (job,) = broker.push.claim(10)
    ok, bad = job.deliveries
    broker.push.record(job, [(ok, Outcome(200, "fine")), (bad, Outcome(500, "boom"))])
    (view,) = broker.queries.browse(PROJECT, "p", 0, 10)
    assert (view.id, view.state) == (mid, "delivered")
    assert [(r.name, r.status, r.status_code, r.msg) for r in view.push] == [
        ("ok", "deleted", 200, "fine"),
        ("bad", "error", 500, "boom"),
    ]
    assert broker.queries.summary(PROJECT, "errors").queue.size == 1  # the report


def test_an_alert_shows_when_it_last_fired(broker: Broker, clock: FrozenClock) -> None:
    alerts = (AlertSpec("fixed", 1, "t"), AlertSpec("fixed", 1, "t", "desc", snooze=60))
    broker.queues.put(PROJECT, "q", QueueChanges(alerts=alerts))
    assert [a.last_fired_at for a in broker.queries.alert_states(PROJECT, "q")] == [None, None]
    mid, _ = broker.messages.post(PROJECT, "q", [NewMessage("a"), NewMessage("b")])  # 0 → 2
    clock.advance(7)
    broker.reservations.delete(PROJECT, "q", mid, None)  # 2 → 1: desc fires
    up, down = broker.queries.alert_states(PROJECT, "q")
    assert (up.last_fired_at, up.last_size) == (T0, 1)
    assert (down.last_fired_at, down.last_size) == (T0 + 7, 1)
    assert broker.queries.alert_states(PROJECT, "t") == []


def test_dead_letters_go_back_to_their_source_ready_and_with_a_fresh_count(
    broker: Broker, clock: FrozenClock
) -> None:
    first, second = dead_letters(broker, clock, "one", "two")
    broker.queues.put(PROJECT, "src", QueueChanges(message_expiration=100))
    held = broker.reservations.reserve(PROJECT, "dlq", 1, 0, False)  # a consumer holds one
    assert [m.id for m in held] == [first]
    assert broker.dead_letters.return_all(PROJECT, "dlq", "src") == 1
    src = broker.queries.summary(PROJECT, "src").queue
    assert (src.size, src.total_messages) == (1, 3)  # two posted, one moved back
    (back,) = broker.queries.browse(PROJECT, "src", 0, 10)
    assert (back.id, back.body, back.state, back.reserved_count) == (second, "two", "ready", 0)
    assert back.expires_at == clock.now() + 100  # the source's expiration, from now
    (again,) = broker.reservations.reserve(PROJECT, "src", 1, 0, False)
    assert (again.id, again.reserved_count) == (second, 1)  # not moved straight back
    assert [m.id for m in broker.queries.browse(PROJECT, "dlq", 0, 10)] == [first]


def test_dead_letters_go_back_only_to_a_queue_that_sends_them(
    broker: Broker, clock: FrozenClock
) -> None:
    dead_letters(broker, clock, "x")
    broker.messages.post(PROJECT, "other", [NewMessage("y")])
    with pytest.raises(InvalidArgument, match="other does not send its dead letters to dlq"):
        broker.dead_letters.return_all(PROJECT, "dlq", "other")
    with pytest.raises(NotFound):
        broker.dead_letters.return_all(PROJECT, "dlq", "missing")
    assert broker.queries.summary(PROJECT, "dlq").queue.size == 1


def test_returning_dead_letters_judges_the_alerts_of_both_queues(
    broker: Broker, clock: FrozenClock
) -> None:
    dead_letters(broker, clock, "x", "y")
    broker.queues.put(PROJECT, "src", QueueChanges(alerts=(AlertSpec("fixed", 1, "up"),)))
    broker.queues.put(PROJECT, "dlq", QueueChanges(alerts=(AlertSpec("fixed", 1, "down", "desc"),)))
    broker.dead_letters.return_all(PROJECT, "dlq", "src")
    assert broker.queries.summary(PROJECT, "up").queue.size == 1
    assert broker.queries.summary(PROJECT, "down").queue.size == 1
