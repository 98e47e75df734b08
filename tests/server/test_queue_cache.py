"""The store's cache of queue rows never differs from the table: after posts (counters),
settings changes, clears (a new pk), deletes, a reset, a failed request and a lost batch."""

from __future__ import annotations

import sqlite3

import pytest

from ironmq_local.domain.context import DEFAULT_SETTINGS
from ironmq_local.domain.errors import NotFound
from ironmq_local.domain.records import QueueRecord
from ironmq_local.domain.values import NewMessage, QueueChanges
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, FrozenClock, make_broker


def in_table(store: SqliteStore, name: str) -> QueueRecord | None:
    """The queue's row read from SQLite, past the cache."""
    store.queues.cache.clear()
    return store.queues.get(PROJECT, name)


def test_cached_queue_rows_follow_every_change_of_the_table(store: SqliteStore) -> None:
    broker = make_broker(store, FrozenClock())
    checks: list[tuple[QueueRecord | None, QueueRecord | None]] = []

    def check(name: str = "q") -> None:
        cached = store.queues.get(PROJECT, name)  # (from the cache, once read)
        checks.append((cached, in_table(store, name)))
        store.queues.get(PROJECT, name)  # cached again for the next step

    broker.messages.post(PROJECT, "q", [NewMessage("a"), NewMessage("b")])
    check()
    broker.messages.post(PROJECT, "q", [NewMessage("c")])  # total_messages counted in place
    check()
    broker.queues.patch(PROJECT, "q", QueueChanges(message_timeout=120))
    check()
    broker.reservations.clear(PROJECT, "q")  # the queue gets a new pk
    check()
    broker.messages.post(PROJECT, "q", [NewMessage("d")])
    check()
    broker.queues.delete(PROJECT, "q")
    check()
    broker.messages.post(PROJECT, "q", [NewMessage("e")])  # created anew
    check()
    store.queues.delete_all()
    check()
    assert all(cached == table for cached, table in checks)
    assert [c is None for c, _ in checks] == [False] * 5 + [True, False, True]


def test_a_failed_request_leaves_no_queue_it_created_in_the_cache(store: SqliteStore) -> None:
    def request() -> None:
        with store.transaction():
            store.queues.insert(PROJECT, "ghost", "0" * 24, DEFAULT_SETTINGS)
            assert store.queues.get(PROJECT, "ghost") is not None
            raise NotFound("the request failed after creating the queue")

    with pytest.raises(NotFound):
        request()
    assert store.queues.get(PROJECT, "ghost") is None


class FailingCommit:
    """A connection whose COMMIT fails (disk full), everything else passed through."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    @property
    def in_transaction(self) -> bool:
        return self.conn.in_transaction

    def execute(self, sql: str) -> sqlite3.Cursor:
        if sql == "COMMIT":
            raise sqlite3.OperationalError("database or disk is full")
        return self.conn.execute(sql)


class HoldsBatches:
    """Keeps every batch open for a later `commit_batch`, as the server's group commit does."""

    def opened(self) -> bool:
        return True

    def lost(self) -> None:
        pass


def test_a_lost_batch_leaves_no_queue_it_created_in_the_cache(store: SqliteStore) -> None:
    store.batch_commits(HoldsBatches())
    with store.transaction():
        store.queues.insert(PROJECT, "ghost", "0" * 24, DEFAULT_SETTINGS)
    real = store.conn
    store.conn = FailingCommit(real)  # type: ignore[assignment]
    with pytest.raises(sqlite3.OperationalError):
        store.commit_batch()
    store.conn = real
    assert not real.in_transaction  # the batch was rolled back...
    assert store.queues.get(PROJECT, "ghost") is None  # ...and the cache forgot its queue
