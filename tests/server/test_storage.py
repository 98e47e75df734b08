"""The SQLite schema: fresh and migrated databases agree, and old files open with their data."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from ironmq_local.domain.rules import V2_RULES
from ironmq_local.domain.values import NewMessage
from ironmq_local.storage.migrations import statements
from ironmq_local.storage.schema import SCHEMA_VERSION
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, FrozenClock, make_broker

DATA = Path(__file__).with_name("data")


def database_from(dump: str, path: Path) -> str:
    """Write the database an old ironmq-local left behind (tests/server/data/*.sql)."""
    conn = sqlite3.connect(path)
    conn.executescript((DATA / dump).read_text())
    conn.close()
    return str(path)


def layout(conn: sqlite3.Connection) -> dict[str, object]:
    """Tables with their columns, and indexes with their definitions, by name."""
    out: dict[str, object] = {}
    for kind, name, sql in conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name"
    ):
        if kind == "table":
            out[name] = [tuple(r[1:]) for r in conn.execute(f"PRAGMA table_info({name})")]
        else:
            out[name] = " ".join(sql.split())
    return out


@pytest.mark.parametrize(
    "dump", ["schema-v1.sql", "schema-v2.sql", "schema-v3.sql", "schema-v4.sql"]
)
def test_a_migrated_database_has_exactly_the_fresh_schema(dump: str, tmp_path: Path) -> None:
    fresh = SqliteStore(":memory:")
    migrated = SqliteStore(database_from(dump, tmp_path / "old.db"))
    assert layout(migrated.conn) == layout(fresh.conn)
    assert migrated.meta.get("schema_version") == str(SCHEMA_VERSION)


def test_a_schema_v2_file_keeps_its_queues_messages_pushes_and_alerts(tmp_path: Path) -> None:
    store = SqliteStore(database_from("schema-v2.sql", tmp_path / "v2.db"))
    clock = FrozenClock(1_750_000_000.0)  # when the file was written
    broker = make_broker(store, clock)
    orders = broker.queries.queue(PROJECT, "orders")
    assert (orders.settings.message_timeout, orders.settings.message_expiration) == (30, 3600)
    assert orders.settings.dead_letter is not None
    assert orders.settings.dead_letter.max_reservations == 3
    assert [(a.spec.type, a.spec.trigger) for a in orders.alerts] == [
        ("fixed", 2),
        ("progressive", 5),
    ]
    assert (orders.size, orders.total_messages) == (3, 3)
    hooks = broker.queries.queue(PROJECT, "hooks")
    push = hooks.settings.push
    assert push is not None
    assert (hooks.settings.type, push.retries, push.retries_delay) == ("unicast", 2, 10)
    assert push.error_queue == "hook-errors"
    assert [(s.name, s.url, s.headers) for s in push.subscribers] == [
        ("a", "http://127.0.0.1:9/a", {"X-Token": "t"}),
        ("b", "ironmq:///copies", None),
    ]
    # the reserved message still needs its reservation id; the ready one is handed out
    reserved_id = 1835008000000000000
    (second,) = broker.reservations.reserve(PROJECT, "orders", 5, 0, False)
    assert second.body == "second"
    broker.delete_message(PROJECT, "orders", reserved_id, "e3afe4a3ee45b10b0412354adaf3e14a")
    # the pending push is due, with the headers it was posted with
    (job,) = broker.push.claim(10)
    assert job.body == "event"
    assert job.deliveries[0].headers["X-Kind"] == "k"
    assert job.deliveries[0].headers["X-Token"] == "t"
    # the alert goes on from the size it saw (3): falling to 2 does not cross "asc 2"
    (alert_message,) = broker.reservations.peek(PROJECT, "alerts", 10)
    assert '"queue_size": 3' in alert_message.body
    new = broker.messages.post(PROJECT, "orders", [NewMessage("after")])
    assert new[0] > 1835008000000000004  # ids go on after the stored counter


def test_a_schema_v3_file_keeps_its_order_reservations_and_pushes(tmp_path: Path) -> None:
    """Version 4 gives every stored message its id as its place and no timeout of its own."""
    store = SqliteStore(database_from("schema-v3.sql", tmp_path / "v3.db"))
    clock = FrozenClock(1_760_000_000.0)
    broker = make_broker(store, clock)
    first, second, third, later = (1845493760000000000 + i for i in range(4))
    assert [m.id for m in broker.reservations.peek(PROJECT, "work", 10)] == [second, third]
    clock.advance(120)  # `first` timed out, `later` is due: both in their old places
    got = broker.reservations.reserve(PROJECT, "work", 10, 0, False)
    assert [(m.id, m.timeout) for m in got] == [(first, 30), (second, 30), (third, 30), (later, 30)]
    (job,) = broker.push.claim(10)
    assert (job.queue_name, job.body) == ("fan", "event")


def test_a_schema_v4_file_gets_counters_that_match_its_rows(tmp_path: Path) -> None:
    """Version 5 counts each queue's messages once, then keeps the counter."""
    store = SqliteStore(database_from("schema-v4.sql", tmp_path / "v4.db"))
    clock = FrozenClock(1_770_000_000.0)
    broker = make_broker(store, clock, V2_RULES)
    work = broker.queries.queue(PROJECT, "work", count_reserved=True)
    assert (work.size, work.reserved, work.total_messages) == (6, 1, 6)
    assert broker.queries.queue(PROJECT, "fan").size == 1
    clock.advance(60)  # `short` expires
    assert broker.queries.queue(PROJECT, "work").size == 5
    broker.reservations.clear(PROJECT, "work")
    broker.messages.post(PROJECT, "work", [NewMessage("new")])
    work = broker.queries.queue(PROJECT, "work", count_reserved=True)
    assert (work.size, work.reserved, work.total_messages) == (1, 0, 7)
    (job,) = broker.push.claim(10)
    assert (job.queue_name, job.body) == ("fan", "event")


def test_a_schema_v1_file_opens_with_its_messages(tmp_path: Path) -> None:
    store = SqliteStore(database_from("schema-v1.sql", tmp_path / "v1.db"))
    broker = make_broker(store, FrozenClock(1_700_000_000.0))
    jobs = broker.queries.queue(PROJECT, "jobs")
    assert (jobs.size, jobs.settings.message_timeout) == (2, 45)
    assert [m.body for m in broker.reservations.reserve(PROJECT, "jobs", 5, 0, False)] == [
        "one",
        "two",
    ]


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    SqliteStore(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    with pytest.raises(RuntimeError, match="newer ironmq-local"):
        SqliteStore(str(path))


def test_schema_statements_split_where_sqlite_ends_them() -> None:
    script = "-- a comment; with a semicolon\nCREATE TABLE a (x);\nCREATE TABLE b (y); -- z\n"
    parts = list(statements(script))
    assert len(parts) == 2
    conn = sqlite3.connect(":memory:")
    for sql in parts:
        conn.execute(sql)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"a", "b"}
