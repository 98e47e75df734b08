"""Looking is free: the read-only queries never write (no purge, no expiry, no alert)."""

from __future__ import annotations

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import NotFound
from ironmq_local.domain.values import AlertSpec, NewMessage, QueueChanges
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, FrozenClock


def look_at_everything(broker: Broker, message_id: int) -> int:
    """Call every query on queue `q`; return the size it shows."""
    size = broker.queries.queue(PROJECT, "q").size
    broker.queries.queue_names(PROJECT, None, None, 100)
    with pytest.raises(NotFound):  # expired meanwhile
        broker.queries.message(PROJECT, "q", message_id)
    with pytest.raises(NotFound):
        broker.queries.push_statuses(PROJECT, "q", message_id)
    assert size is not None
    return size


def test_queries_never_write_even_when_expiry_would_fire_an_alert(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    alert = AlertSpec("fixed", 1, "target", "desc")
    broker.queues.put(PROJECT, "q", QueueChanges(message_expiration=100, alerts=(alert,)))
    first, _ = broker.messages.post(PROJECT, "q", [NewMessage("a"), NewMessage("b")])
    clock.advance(101)  # both expired: the size fell from 2 to 0, crossing the alert
    changes = store.conn.total_changes
    assert look_at_everything(broker, first) == 0
    assert store.conn.total_changes == changes  # not one row written
    pk = store.queues.get(PROJECT, "q")
    assert pk is not None
    assert store.messages.min_expiry(pk.pk) is not None  # the expired rows are still there
    assert broker.queries.queue_names(PROJECT, None, None, 100) == ["q"]  # no alert target yet
    # the background worker's expiry check is what judges the alert
    broker.messages.expire_alerted()
    assert broker.queries.queue(PROJECT, "target").size == 1


def test_a_queue_shows_its_settings_alerts_and_size(broker: Broker) -> None:
    alert = AlertSpec("progressive", 10, "target")
    broker.queues.put(PROJECT, "q", QueueChanges(message_timeout=5, alerts=(alert,)))
    broker.messages.post(PROJECT, "q", [NewMessage("a", delay=60)])
    broker.messages.post(PROJECT, "q", [NewMessage("b")])
    broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    queue = broker.queries.queue(PROJECT, "q")
    assert queue.size == 2  # reserved and delayed messages count
    assert queue.total_messages == 2
    assert queue.settings.message_timeout == 5
    assert [a.spec for a in queue.alerts] == [alert]
