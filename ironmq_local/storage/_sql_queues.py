"""SQL of the `meta`, `queues` and `subscribers` tables (storage/schema.py)."""

from __future__ import annotations

import sqlite3
from typing import Any

from ..domain.records import QueueRecord
from ..domain.values import QueueSettings, Subscriber
from ._codec import dump_headers, load_headers

_QUEUE_COLUMNS = (
    "pk, project_id, name, queue_id, type, message_timeout, message_expiration, "
    "total_messages, push_retries, push_retries_delay, error_queue, dead_letter_queue, "
    "dead_letter_max"
)
_BY_NAME = f"SELECT {_QUEUE_COLUMNS} FROM queues WHERE project_id = ? AND name = ?"
_CACHED_QUEUES = 10_000
"""Most queue rows the cache holds; past that it starts over (a bound, not an eviction policy)."""


class QueueCache:
    """The rows of the queues that requests named, as this connection sees them.

    Every request looks its queue up by name first; that SELECT was the most expensive
    statement of a post, reserve or delete. The server is the only writer of its file and
    every change of a queue row goes through this module or `counted` (message counters),
    so the cache stays exact: a counted arrival updates `total_messages` in place, any
    other change of a queue row (create, settings, clear, delete, reset) and any rollback
    (SqliteStore) empties it.
    """

    def __init__(self) -> None:
        self.by_name: dict[tuple[str, str], QueueRecord] = {}
        self.names: dict[int, tuple[str, str]] = {}  # pk -> (project_id, name)

    def put(self, record: QueueRecord) -> None:
        """Remember a row as read or written."""
        if len(self.by_name) >= _CACHED_QUEUES:
            self.clear()
        key = (record.project_id, record.name)
        self.by_name[key] = record
        self.names[record.pk] = key

    def counted(self, pk: int, count: int) -> None:
        """`count` messages arrived in queue `pk`: its `total_messages` grew by as many."""
        key = self.names.get(pk)
        if key is not None:
            record = self.by_name[key]
            self.by_name[key] = record._replace(total_messages=record.total_messages + count)

    def clear(self) -> None:
        """Forget every row (a queue row changed otherwise, or a write was rolled back)."""
        self.by_name.clear()
        self.names.clear()


class SqliteMeta:
    """The `meta` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, key: str) -> str | None:
        """Return a stored value."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set(self, key: str, value: str) -> None:
        """Store a value."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def _settings_columns(settings: QueueSettings) -> tuple[Any, ...]:
    """(message_timeout, ..., dead_letter_max) of a queue's settings, in column order."""
    push, dead_letter = settings.push, settings.dead_letter
    return (
        settings.message_timeout,
        settings.message_expiration,
        push.retries if push else None,
        push.retries_delay if push else None,
        push.error_queue if push else None,
        dead_letter.queue_name if dead_letter else None,
        dead_letter.max_reservations if dead_letter else None,
    )


class SqliteQueues:
    """The `queues` and `subscribers` tables."""

    def __init__(self, conn: sqlite3.Connection, cache: QueueCache) -> None:
        self.conn = conn
        self.cache = cache

    def get(self, project_id: str, name: str) -> QueueRecord | None:
        """Return a queue by name."""
        found = self.cache.by_name.get((project_id, name))
        if found is not None:
            return found
        row = self.conn.execute(_BY_NAME, (project_id, name)).fetchone()
        if row is None:
            return None
        record = QueueRecord._make(row)
        self.cache.put(record)
        return record

    def by_pk(self, pk: int) -> QueueRecord | None:
        """Return a queue by primary key."""
        row = self.conn.execute(
            f"SELECT {_QUEUE_COLUMNS} FROM queues WHERE pk = ?", (pk,)
        ).fetchone()
        return None if row is None else QueueRecord._make(row)

    def insert(
        self, project_id: str, name: str, queue_id: str, settings: QueueSettings
    ) -> QueueRecord:
        """Create a queue with its subscribers; the record is built without reading back."""
        columns = _settings_columns(settings)
        pk = self._new_pk()
        self.conn.execute(
            "INSERT INTO queues (pk, project_id, name, queue_id, type, message_timeout, "
            "message_expiration, push_retries, push_retries_delay, error_queue, "
            "dead_letter_queue, dead_letter_max) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (pk, project_id, name, queue_id, settings.type, *columns),
        )
        self._write_subscribers(pk, settings)
        timeout, expiration, *rest = columns
        record = QueueRecord._make(
            (pk, project_id, name, queue_id, settings.type, timeout, expiration, 0, *rest)
        )
        self.cache.put(record)
        return record

    def update(self, pk: int, settings: QueueSettings) -> None:
        """Overwrite a queue's type, settings and subscribers (its counters stay)."""
        self.cache.clear()
        self.conn.execute(
            "UPDATE queues SET type = ?, message_timeout = ?, message_expiration = ?, "
            "push_retries = ?, push_retries_delay = ?, error_queue = ?, dead_letter_queue = ?, "
            "dead_letter_max = ? WHERE pk = ?",
            (settings.type, *_settings_columns(settings), pk),
        )
        self.conn.execute("DELETE FROM subscribers WHERE queue_pk = ?", (pk,))
        self._write_subscribers(pk, settings)

    def _write_subscribers(self, pk: int, settings: QueueSettings) -> None:
        if settings.push is None:
            return
        self.conn.executemany(
            "INSERT INTO subscribers (queue_pk, position, name, url, headers) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (pk, i, s.name, s.url, dump_headers(s.headers))
                for i, s in enumerate(settings.push.subscribers)
            ],
        )

    def subscribers(self, pk: int) -> tuple[Subscriber, ...]:
        """A push queue's subscribers in order."""
        rows = self.conn.execute(
            "SELECT name, url, headers FROM subscribers WHERE queue_pk = ? ORDER BY position",
            (pk,),
        )
        return tuple(Subscriber(name, url, load_headers(headers)) for name, url, headers in rows)

    def _new_pk(self) -> int:
        """A pk no queue has and no dropped queue's rows still use."""
        row = self.conn.execute(
            "SELECT max(coalesce((SELECT max(pk) FROM queues), 0), "
            "coalesce((SELECT max(pk) FROM dropped_queues), 0)) + 1"
        ).fetchone()
        return int(row[0])

    def clear(self, pk: int) -> int:
        """Empty a queue at once: it gets a new pk (its subscribers and alerts follow, its
        counters other than total_messages start at 0) and its rows are left to
        `MessageStore.purge_dropped`. Returns the new pk."""
        self.cache.clear()
        new = self._new_pk()
        self.conn.execute("UPDATE queues SET pk = ?, message_count = 0 WHERE pk = ?", (new, pk))
        for table in ("subscribers", "alerts"):
            self.conn.execute(f"UPDATE {table} SET queue_pk = ? WHERE queue_pk = ?", (new, pk))
        self.conn.execute("INSERT INTO dropped_queues (pk) VALUES (?)", (pk,))
        return new

    def delete(self, pk: int) -> None:
        """Delete a queue with its subscribers and alerts; its messages and push rows are
        left to `MessageStore.purge_dropped`."""
        self.cache.clear()
        for table in ("alerts", "subscribers"):
            self.conn.execute(f"DELETE FROM {table} WHERE queue_pk = ?", (pk,))
        self.conn.execute("DELETE FROM queues WHERE pk = ?", (pk,))
        self.conn.execute("INSERT INTO dropped_queues (pk) VALUES (?)", (pk,))

    def names(
        self, project_id: str, previous: str | None, prefix: str | None, limit: int
    ) -> list[str]:
        """Queue names in byte order after `previous`, starting with `prefix`."""
        sql = "SELECT name FROM queues WHERE project_id = ?"
        args: list[Any] = [project_id]
        if previous is not None:
            sql += " AND name > ?"
            args.append(previous)
        if prefix:
            # A range on the index instead of LIKE: exact byte-wise prefix, no escaping.
            sql += " AND name >= ? AND substr(name, 1, ?) = ?"
            args += [prefix, len(prefix), prefix]
        sql += " ORDER BY name LIMIT ?"
        args.append(limit)
        return [str(r[0]) for r in self.conn.execute(sql, args)]

    def page(self, project_id: str, offset: int, limit: int) -> list[QueueRecord]:
        """Queues in byte order of their names, skipping the first `offset`."""
        rows = self.conn.execute(
            f"SELECT {_QUEUE_COLUMNS} FROM queues WHERE project_id = ? "
            "ORDER BY name LIMIT ? OFFSET ?",
            (project_id, limit, offset),
        )
        return [QueueRecord._make(r) for r in rows]

    def pks(self) -> list[int]:
        """The primary keys of every queue, in increasing order."""
        return [int(r[0]) for r in self.conn.execute("SELECT pk FROM queues ORDER BY pk")]

    def all(self) -> list[QueueRecord]:
        """Every queue of every project, by project id and then name (the UNIQUE index)."""
        rows = self.conn.execute(
            f"SELECT {_QUEUE_COLUMNS} FROM queues ORDER BY project_id, name"
        ).fetchall()
        return [QueueRecord._make(r) for r in rows]

    def delete_all(self) -> None:
        """Delete everything but the meta values."""
        self.cache.clear()
        # (DELETE without WHERE: SQLite drops the tables' pages without visiting rows)
        for table in (
            "messages",
            "finished_messages",
            "push_status",
            "alerts",
            "subscribers",
            "queues",
            "dropped_queues",
        ):
            self.conn.execute(f"DELETE FROM {table}")
