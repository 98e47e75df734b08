"""SQLite storage: one connection, WAL, every write in an explicit transaction.

Messages live only in SQLite (never all in memory), so a million queued
messages cost disk, not RSS, and a restart does not load them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

SCHEMA_VERSION = 2

# available_at of a push-queue message: it is never ready for reserve or peek, because the
# pusher hands it to subscribers (push_status rows say when).
PUSH_PARKED = 9.0e18

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS queues (
    pk INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL,
    type TEXT NOT NULL,
    message_timeout INTEGER NOT NULL,
    message_expiration INTEGER NOT NULL,
    total_messages INTEGER NOT NULL DEFAULT 0,
    push TEXT,
    dead_letter_queue TEXT,
    dead_letter_max INTEGER,
    UNIQUE (project_id, name)
);
-- available_at: 0 = ready (available, in id order); otherwise the delay end or the
-- reservation deadline. Rows whose available_at has passed are "due": reserve and peek
-- first promote them back to 0 (promote_due), so FIFO scans need only the ready index.
-- reservation_id is only meaningful while available_at lies in the future.
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    body TEXT NOT NULL,
    push_headers TEXT,
    reserved_count INTEGER NOT NULL DEFAULT 0,
    reservation_id TEXT,
    available_at REAL NOT NULL DEFAULT 0,
    expires_at REAL NOT NULL
);
-- (queue_pk, rowid) of ready messages: FIFO scan by id, never wading through reserved
-- or delayed ones.
DROP INDEX IF EXISTS messages_fifo;
CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue_pk) WHERE available_at = 0;
-- size counts and expiry purges are range scans on this.
CREATE INDEX IF NOT EXISTS messages_expiry ON messages (queue_pk, expires_at);
-- only delayed/reserved messages: finds the next due time for long-poll timers cheaply.
CREATE INDEX IF NOT EXISTS messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
-- Push-queue messages whose delivery is over (every subscriber deleted or error): out of
-- the queue (size), still readable by id with their push statuses until they expire.
CREATE TABLE IF NOT EXISTS finished_messages (
    id INTEGER PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    body TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS finished_expiry ON finished_messages (queue_pk, expires_at);
-- One row per (push message, subscriber), with the subscriber's name/url/headers as they were
-- when the message was posted. due_at: when the pusher must act next (first try, retry, end of
-- a 202 window); NULL while final, claimed (being delivered) or, on unicast queues, waiting
-- for another subscriber's 202. claimed rows are reset to due at start-up.
CREATE TABLE IF NOT EXISTS push_status (
    message_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    retries_remaining INTEGER NOT NULL,
    status_code INTEGER,
    last_try_at REAL,
    msg TEXT,
    reservation_id TEXT,
    due_at REAL,
    claimed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS push_due ON push_status (due_at) WHERE due_at IS NOT NULL;
-- Alerts; last_size is the queue size the alert last saw (crossings are judged from it).
CREATE TABLE IF NOT EXISTS alerts (
    id TEXT PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    direction TEXT NOT NULL,
    trigger INTEGER NOT NULL,
    target TEXT NOT NULL,
    snooze INTEGER NOT NULL,
    last_size INTEGER NOT NULL,
    snoozed_until REAL NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS alerts_queue ON alerts (queue_pk, position);
"""

PUSH_COLUMNS = (
    "message_id, position, name, url, headers, status, tries, retries_remaining, "
    "status_code, last_try_at, msg, reservation_id"
)
ALERT_COLUMNS = "id, type, direction, trigger, target, snooze, last_size, snoozed_until"

QUEUE_COLUMNS = (
    "pk, project_id, name, queue_id, type, message_timeout, message_expiration, "
    "total_messages, push, dead_letter_queue, dead_letter_max"
)


class Storage:
    """Thin SQL layer; the domain composes these calls inside `transaction()`."""

    def __init__(self, path: str) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a success reply
        # is only ever sent after COMMIT returned.
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: committed data survives a process crash (our "restart" case).
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=OFF")
        self.conn.execute("PRAGMA cache_size=-32768")  # 32 MiB page cache bounds RSS
        self.conn.execute("PRAGMA temp_store=MEMORY")
        self.conn.executescript(_SCHEMA)
        self._depth = 0
        with self.transaction():
            if self.get_meta("schema_version") != str(SCHEMA_VERSION):
                self.set_meta("schema_version", str(SCHEMA_VERSION))

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction; nested use joins the outer one."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")

    # meta -----------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        """Return a stored setting."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Store a setting."""
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # queues ---------------------------------------------------------------------------

    def get_queue(self, project_id: str, name: str) -> tuple[Any, ...] | None:
        """Return the queue row or None."""
        row: tuple[Any, ...] | None = self.conn.execute(
            f"SELECT {QUEUE_COLUMNS} FROM queues WHERE project_id = ? AND name = ?",
            (project_id, name),
        ).fetchone()
        return row

    def insert_queue(
        self,
        *,
        project_id: str,
        name: str,
        queue_id: str,
        type_: str,
        message_timeout: int,
        message_expiration: int,
        push: str | None,
        dead_letter_queue: str | None,
        dead_letter_max: int | None,
    ) -> None:
        """Create a queue row."""
        self.conn.execute(
            "INSERT INTO queues (project_id, name, queue_id, type, message_timeout, "
            "message_expiration, push, dead_letter_queue, dead_letter_max) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                project_id,
                name,
                queue_id,
                type_,
                message_timeout,
                message_expiration,
                push,
                dead_letter_queue,
                dead_letter_max,
            ),
        )

    def update_queue(
        self,
        *,
        pk: int,
        message_timeout: int,
        message_expiration: int,
        push: str | None,
        dead_letter_queue: str | None,
        dead_letter_max: int | None,
    ) -> None:
        """Overwrite a queue's settings."""
        self.conn.execute(
            "UPDATE queues SET message_timeout = ?, message_expiration = ?, push = ?, "
            "dead_letter_queue = ?, dead_letter_max = ? WHERE pk = ?",
            (message_timeout, message_expiration, push, dead_letter_queue, dead_letter_max, pk),
        )

    def add_total(self, pk: int, count: int) -> None:
        """Add to a queue's total_messages counter."""
        self.conn.execute(
            "UPDATE queues SET total_messages = total_messages + ? WHERE pk = ?", (count, pk)
        )

    def get_queue_by_pk(self, pk: int) -> tuple[Any, ...] | None:
        """Return the queue row with this primary key, or None."""
        row: tuple[Any, ...] | None = self.conn.execute(
            f"SELECT {QUEUE_COLUMNS} FROM queues WHERE pk = ?", (pk,)
        ).fetchone()
        return row

    def delete_queue(self, pk: int) -> None:
        """Delete a queue, its messages, push statuses and alerts."""
        self.clear(pk)
        self.conn.execute("DELETE FROM alerts WHERE queue_pk = ?", (pk,))
        self.conn.execute("DELETE FROM queues WHERE pk = ?", (pk,))

    def list_queue_names(
        self, project_id: str, previous: str | None, prefix: str | None, limit: int
    ) -> list[str]:
        """Return names in byte order, after `previous`, starting with `prefix`."""
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

    def delete_all(self) -> None:
        """Remove every queue and message (control API reset)."""
        for table in ("messages", "finished_messages", "push_status", "alerts", "queues"):
            self.conn.execute(f"DELETE FROM {table}")

    # messages -------------------------------------------------------------------------

    def insert_messages(
        self, rows: Sequence[tuple[int, int, str, str | None, float, float]]
    ) -> None:
        """Insert (id, queue_pk, body, push_headers, available_at, expires_at) rows."""
        self.conn.executemany(
            "INSERT INTO messages (id, queue_pk, body, push_headers, available_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )

    def max_message_id(self) -> int:
        """Return the highest message id stored (0 if none)."""
        row = self.conn.execute("SELECT MAX(id) FROM messages").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def count_messages(self, queue_pk: int, now: float) -> int:
        """Count unexpired messages of a queue (reserved and delayed included)."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM messages WHERE queue_pk = ? AND expires_at > ?", (queue_pk, now)
        ).fetchone()
        return int(row[0])

    def purge_expired(self, queue_pk: int, now: float) -> None:
        """Delete a queue's expired messages."""
        self.conn.execute(
            "DELETE FROM messages WHERE queue_pk = ? AND expires_at <= ?", (queue_pk, now)
        )

    def promote_due(self, queue_pk: int, now: float) -> None:
        """Make messages whose delay or reservation has ended ready again (available_at 0)."""
        self.conn.execute(
            "UPDATE messages INDEXED BY messages_due SET available_at = 0, reservation_id = NULL "
            "WHERE queue_pk = ? AND available_at > 0 AND available_at <= ?",
            (queue_pk, now),
        )

    def scan_ready(self, queue_pk: int, after_id: int, limit: int) -> list[tuple[Any, ...]]:
        """Return (id, body, reserved_count, expires_at) of ready messages in id order."""
        return self.conn.execute(
            "SELECT id, body, reserved_count, expires_at FROM messages INDEXED BY messages_ready "
            "WHERE queue_pk = ? AND available_at = 0 AND id > ? ORDER BY id LIMIT ?",
            (queue_pk, after_id, limit),
        ).fetchall()

    def peek(self, queue_pk: int, now: float, limit: int) -> list[tuple[Any, ...]]:
        """Return (id, body, reserved_count) of the first ready, unexpired messages."""
        return self.conn.execute(
            "SELECT id, body, reserved_count FROM messages INDEXED BY messages_ready "
            "WHERE queue_pk = ? AND available_at = 0 AND expires_at > ? ORDER BY id LIMIT ?",
            (queue_pk, now, limit),
        ).fetchall()

    def next_due(self, queue_pk: int, now: float) -> float | None:
        """Return the earliest future available_at in a queue (delay end or reservation expiry)."""
        row = self.conn.execute(
            "SELECT MIN(available_at) FROM messages WHERE queue_pk = ? AND available_at > ?",
            (queue_pk, now),
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def get_message(self, queue_pk: int, message_id: int, now: float) -> tuple[Any, ...] | None:
        """Return (id, body, reserved_count, reservation_id, available_at) if unexpired."""
        row: tuple[Any, ...] | None = self.conn.execute(
            "SELECT id, body, reserved_count, reservation_id, available_at FROM messages "
            "WHERE id = ? AND queue_pk = ? AND expires_at > ?",
            (message_id, queue_pk, now),
        ).fetchone()
        return row

    def get_messages(
        self, queue_pk: int, message_ids: Sequence[int], now: float
    ) -> dict[int, tuple[Any, ...]]:
        """`get_message` for many ids in one query: the unexpired ones found, by id."""
        marks = ",".join("?" * len(message_ids))
        rows = self.conn.execute(
            "SELECT id, body, reserved_count, reservation_id, available_at FROM messages "
            f"WHERE id IN ({marks}) AND queue_pk = ? AND expires_at > ?",  # only "?" marks
            (*message_ids, queue_pk, now),
        ).fetchall()
        return {row[0]: row for row in rows}

    def reserve(self, message_id: int, reservation_id: str, until: float) -> None:
        """Mark a message reserved until `until` and count the reservation."""
        self.conn.execute(
            "UPDATE messages SET reservation_id = ?, available_at = ?, "
            "reserved_count = reserved_count + 1 WHERE id = ?",
            (reservation_id, until, message_id),
        )

    def set_available(self, message_id: int, available_at: float) -> None:
        """Drop a message's reservation and make it available at `available_at` (0 = now)."""
        self.conn.execute(
            "UPDATE messages SET reservation_id = NULL, available_at = ? WHERE id = ?",
            (available_at, message_id),
        )

    def move_message(self, message_id: int, queue_pk: int, expires_at: float) -> None:
        """Move a message to another queue, available at once, keeping id/body/count."""
        self.conn.execute(
            "UPDATE messages SET queue_pk = ?, reservation_id = NULL, available_at = 0, "
            "expires_at = ? WHERE id = ?",
            (queue_pk, expires_at, message_id),
        )

    def delete_messages(self, ids: Sequence[int], *, push: bool = False) -> None:
        """Delete messages by id (with `push`, also finished ones and their push statuses)."""
        args = [(i,) for i in ids]
        self.conn.executemany("DELETE FROM messages WHERE id = ?", args)
        if push:
            self.conn.executemany("DELETE FROM finished_messages WHERE id = ?", args)
            self.conn.executemany("DELETE FROM push_status WHERE message_id = ?", args)

    def clear(self, queue_pk: int) -> None:
        """Delete all messages of a queue (finished push messages and statuses included)."""
        self.conn.execute(
            "DELETE FROM push_status WHERE message_id IN (SELECT id FROM messages WHERE "
            "queue_pk = ? UNION ALL SELECT id FROM finished_messages WHERE queue_pk = ?)",
            (queue_pk, queue_pk),
        )
        self.conn.execute("DELETE FROM messages WHERE queue_pk = ?", (queue_pk,))
        self.conn.execute("DELETE FROM finished_messages WHERE queue_pk = ?", (queue_pk,))

    def min_expiry(self, queue_pk: int) -> float | None:
        """Return the earliest expires_at of a queue's messages."""
        row = self.conn.execute(
            "SELECT MIN(expires_at) FROM messages WHERE queue_pk = ?", (queue_pk,)
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    # push -----------------------------------------------------------------------------

    def insert_push_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Insert (message_id, position, name, url, headers, retries_remaining, due_at) rows."""
        self.conn.executemany(
            "INSERT INTO push_status (message_id, position, name, url, headers, status, "
            "retries_remaining, due_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
            rows,
        )

    def push_rows(self, message_id: int, *, claimed_only: bool = False) -> list[tuple[Any, ...]]:
        """Return a message's push rows (PUSH_COLUMNS) by position."""
        sql = f"SELECT {PUSH_COLUMNS} FROM push_status WHERE message_id = ?"
        if claimed_only:
            sql += " AND claimed = 1"
        return self.conn.execute(sql + " ORDER BY position", (message_id,)).fetchall()

    def push_row_by_name(self, message_id: int, name: str) -> tuple[Any, ...] | None:
        """Return (position, status, reservation_id, due_at) of a subscriber's row."""
        row: tuple[Any, ...] | None = self.conn.execute(
            "SELECT position, status, reservation_id, due_at FROM push_status "
            "WHERE message_id = ? AND name = ?",
            (message_id, name),
        ).fetchone()
        return row

    def due_push_messages(self, now: float, limit: int) -> list[int]:
        """Return ids of messages with a push row due by `now`, earliest first, no repeats."""
        rows = self.conn.execute(
            "SELECT message_id FROM push_status INDEXED BY push_due "
            "WHERE due_at <= ? ORDER BY due_at LIMIT ?",
            (now, limit),
        ).fetchall()
        return list(dict.fromkeys(int(r[0]) for r in rows))

    def claim_push_rows(self, message_id: int, now: float, *, all_rows: bool) -> None:
        """Mark a message's due rows (or all its pending rows) as being delivered."""
        if all_rows:
            self.conn.execute(
                "UPDATE push_status SET due_at = NULL, claimed = 1 WHERE message_id = ? "
                "AND status IN ('queued', 'retrying', 'reserved')",
                (message_id,),
            )
        else:
            self.conn.execute(
                "UPDATE push_status SET due_at = NULL, claimed = 1 "
                "WHERE message_id = ? AND due_at <= ?",
                (message_id, now),
            )

    def update_push_row(self, message_id: int, position: int, **values: Any) -> None:
        """Set columns of one push row."""
        cols = ", ".join(f"{k} = ?" for k in values)
        self.conn.execute(
            f"UPDATE push_status SET {cols} WHERE message_id = ? AND position = ?",
            (*values.values(), message_id, position),
        )

    def next_push_due(self) -> float | None:
        """Return the earliest due_at of any push row."""
        row = self.conn.execute(
            "SELECT due_at FROM push_status INDEXED BY push_due WHERE due_at IS NOT NULL "
            "ORDER BY due_at LIMIT 1"
        ).fetchone()
        return None if row is None else float(row[0])

    def recover_claimed(self, now: float) -> int:
        """Make rows claimed by a previous process due now (their delivery never finished)."""
        cur = self.conn.execute(
            "UPDATE push_status SET claimed = 0, due_at = ? WHERE claimed = 1", (now,)
        )
        return cur.rowcount

    def get_any_message(self, queue_pk: int, message_id: int, now: float) -> tuple[Any, ...] | None:
        """Like get_message, falling back to finished push messages (never reserved)."""
        row = self.get_message(queue_pk, message_id, now)
        if row is not None:
            return row
        found: tuple[Any, ...] | None = self.conn.execute(
            "SELECT id, body, 0, NULL, 0 FROM finished_messages "
            "WHERE id = ? AND queue_pk = ? AND expires_at > ?",
            (message_id, queue_pk, now),
        ).fetchone()
        return found

    def message_for_push(self, message_id: int) -> tuple[Any, ...] | None:
        """Return (queue_pk, body, push_headers, expires_at) of a pending message."""
        row: tuple[Any, ...] | None = self.conn.execute(
            "SELECT queue_pk, body, push_headers, expires_at FROM messages WHERE id = ?",
            (message_id,),
        ).fetchone()
        return row

    def finish_message(self, message_id: int) -> None:
        """Move a push message whose delivery is over out of the queue."""
        self.conn.execute(
            "INSERT OR REPLACE INTO finished_messages (id, queue_pk, body, expires_at) "
            "SELECT id, queue_pk, body, expires_at FROM messages WHERE id = ?",
            (message_id,),
        )
        self.conn.execute("DELETE FROM messages WHERE id = ?", (message_id,))

    def purge_finished(self, queue_pk: int, now: float) -> None:
        """Forget a queue's finished push messages that have expired, with their statuses."""
        self.conn.execute(
            "DELETE FROM push_status WHERE message_id IN (SELECT id FROM finished_messages "
            "WHERE queue_pk = ? AND expires_at <= ?)",
            (queue_pk, now),
        )
        self.conn.execute(
            "DELETE FROM finished_messages WHERE queue_pk = ? AND expires_at <= ?", (queue_pk, now)
        )

    def delete_push_rows(self, message_id: int) -> None:
        """Forget the push rows of a message that no longer exists."""
        self.conn.execute("DELETE FROM push_status WHERE message_id = ?", (message_id,))

    # alerts ---------------------------------------------------------------------------

    def alerts(self, queue_pk: int) -> list[tuple[Any, ...]]:
        """Return a queue's alert rows (ALERT_COLUMNS) in order."""
        return self.conn.execute(
            f"SELECT {ALERT_COLUMNS} FROM alerts WHERE queue_pk = ? ORDER BY position",
            (queue_pk,),
        ).fetchall()

    def alerted_queues(self) -> list[int]:
        """Return the primary keys of queues that have alerts."""
        return [int(r[0]) for r in self.conn.execute("SELECT DISTINCT queue_pk FROM alerts")]

    def insert_alert(self, queue_pk: int, position: int, values: Sequence[Any]) -> None:
        """Insert an alert: values are (id, type, direction, trigger, target, snooze, last_size)."""
        self.conn.execute(
            "INSERT INTO alerts (id, queue_pk, position, type, direction, trigger, target, "
            "snooze, last_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (values[0], queue_pk, position, *values[1:]),
        )

    def delete_alerts(self, queue_pk: int, ids: Sequence[str] | None = None) -> None:
        """Delete some (or all) alerts of a queue."""
        if ids is None:
            self.conn.execute("DELETE FROM alerts WHERE queue_pk = ?", (queue_pk,))
        else:
            self.conn.executemany(
                "DELETE FROM alerts WHERE queue_pk = ? AND id = ?", [(queue_pk, i) for i in ids]
            )

    def update_alert_state(self, alert_id: str, last_size: int, snoozed_until: float) -> None:
        """Store what an alert has seen."""
        self.conn.execute(
            "UPDATE alerts SET last_size = ?, snoozed_until = ? WHERE id = ?",
            (last_size, snoozed_until, alert_id),
        )

    def progressive_edges(self, project_id: str) -> list[tuple[str, str]]:
        """Return (queue name, target) of every progressive alert of a project."""
        return [
            (str(a), str(b))
            for a, b in self.conn.execute(
                "SELECT q.name, a.target FROM alerts a JOIN queues q ON q.pk = a.queue_pk "
                "WHERE q.project_id = ? AND a.type = 'progressive'",
                (project_id,),
            )
        ]
