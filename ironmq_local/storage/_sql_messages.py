"""SQL of the `messages` table and the by-id reads of `finished_messages` (storage/schema.py).

Every statement that adds, removes or moves rows of a queue also updates that queue's
`message_count` (and, when messages arrive, `total_messages`) in the same transaction, by
the row count SQLite reports: the counters cannot drift from the rows they count.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from ..domain.records import NEVER, BrowsedMessage, MessageState, ReadyMessage
from ..domain.store import MessageInsert
from ..domain.values import Message
from ._codec import dump_headers
from ._sql_queues import QueueCache

_READY = "id, body, reserved_count, expires_at, timeout, seq"
_STATE = "id, body, reserved_count, reservation_id, available_at, timeout"
_ARRIVED = (
    "UPDATE queues SET message_count = message_count + ?1, total_messages = total_messages + ?1 "
    "WHERE pk = ?2"
)
_LEFT = "UPDATE queues SET message_count = message_count - ? WHERE pk = ?"


def arrived(conn: sqlite3.Connection, queue_pk: int, count: int) -> None:
    """Count `count` rows stored in (or moved into) a queue."""
    if count:
        conn.execute(_ARRIVED, (count, queue_pk))


def left(conn: sqlite3.Connection, queue_pk: int, count: int) -> None:
    """Count `count` rows of a queue deleted (or moved out)."""
    if count:
        conn.execute(_LEFT, (count, queue_pk))


class SqliteMessages:
    """The `messages` table."""

    def __init__(self, conn: sqlite3.Connection, queues: QueueCache) -> None:
        self.conn = conn
        self.queues = queues  # told of arrivals: the queue rows it holds count them too

    def _arrived(self, queue_pk: int, count: int) -> None:
        arrived(self.conn, queue_pk, count)
        self.queues.counted(queue_pk, count)

    def insert(self, queue_pk: int, rows: Sequence[MessageInsert]) -> None:
        """Store new messages."""
        self.conn.executemany(
            "INSERT INTO messages (id, queue_pk, body, push_headers, available_at, expires_at, "
            "timeout, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    r.id,
                    queue_pk,
                    r.body,
                    dump_headers(r.push_headers) if r.push_headers else None,
                    r.available_at,
                    r.expires_at,
                    r.timeout,
                    r.seq,
                )
                for r in rows
            ],
        )
        self._arrived(queue_pk, len(rows))

    def max_id(self) -> int:
        """The highest message id stored (0 if none)."""
        row = self.conn.execute("SELECT MAX(id) FROM messages").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def max_seq(self) -> int:
        """The highest FIFO place stored (0 if none)."""
        row = self.conn.execute("SELECT MAX(seq) FROM messages").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def count(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue, reserved and delayed ones included: the counter
        minus the expired rows not yet purged (an index range over those alone)."""
        row = self.conn.execute(
            "SELECT (SELECT message_count FROM queues WHERE pk = ?1) - (SELECT COUNT(*) "
            "FROM messages WHERE queue_pk = ?1 AND expires_at <= ?2)",
            (queue_pk, now),
        ).fetchone()
        return int(row[0] or 0)

    def count_reserved(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue that a reservation holds at `now`."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM messages INDEXED BY messages_reserved WHERE queue_pk = ? "
            "AND reservation_id IS NOT NULL AND available_at > ? AND expires_at > ?",
            (queue_pk, now, now),
        ).fetchone()
        return int(row[0])

    def purge_expired(self, queue_pk: int, now: float, limit: int) -> int:
        """Delete up to `limit` expired messages of a queue; return how many."""
        cur = self.conn.execute(
            "DELETE FROM messages WHERE id IN (SELECT id FROM messages "
            "WHERE queue_pk = ? AND expires_at <= ? LIMIT ?)",
            (queue_pk, now, limit),
        )
        left(self.conn, queue_pk, cur.rowcount)
        return cur.rowcount

    def promote_due(self, queue_pk: int, now: float, limit: int) -> int:
        """Make up to `limit` messages whose delay or reservation has ended ready again
        (available_at 0), the earliest due first; return how many."""
        # Count first (usually none, and a probe of the index is cheaper than an UPDATE);
        # all of them in one statement when they are fewer than `limit`.
        (due,) = self.conn.execute(
            "SELECT COUNT(*) FROM (SELECT 1 FROM messages INDEXED BY messages_due "
            "WHERE queue_pk = ? AND available_at > 0 AND available_at <= ? LIMIT ?)",
            (queue_pk, now, limit),
        ).fetchone()
        if not due:
            return 0
        if due < limit:
            return self.conn.execute(
                "UPDATE messages INDEXED BY messages_due SET available_at = 0, "
                "reservation_id = NULL WHERE queue_pk = ? AND available_at > 0 "
                "AND available_at <= ?",
                (queue_pk, now),
            ).rowcount
        return self.conn.execute(
            "UPDATE messages SET available_at = 0, reservation_id = NULL WHERE id IN "
            "(SELECT id FROM messages INDEXED BY messages_due WHERE queue_pk = ? "
            "AND available_at > 0 AND available_at <= ? ORDER BY available_at LIMIT ?)",
            (queue_pk, now, limit),
        ).rowcount

    def scan_ready(
        self, queue_pk: int, after: tuple[int, int] | None, limit: int
    ) -> Iterator[ReadyMessage]:
        """Ready messages after `after` (seq, id) in queue order (expired ones included)."""
        if after is None:
            rows = self.conn.execute(
                f"SELECT {_READY} FROM messages INDEXED BY messages_ready "
                "WHERE queue_pk = ? AND available_at = 0 ORDER BY seq, id LIMIT ?",
                (queue_pk, limit),
            ).fetchall()
        else:
            # a row-value comparison walks the index from the cursor on
            rows = self.conn.execute(
                f"SELECT {_READY} FROM messages INDEXED BY messages_ready "
                "WHERE queue_pk = ? AND available_at = 0 AND (seq, id) > (?, ?) "
                "ORDER BY seq, id LIMIT ?",
                (queue_pk, *after, limit),
            ).fetchall()
        # fetched whole (the caller updates rows next), typed one by one as the caller reads
        return map(ReadyMessage._make, rows)

    def peek(self, queue_pk: int, now: float, limit: int) -> list[Message]:
        """The first ready, unexpired messages (`timeout`: their own, if any)."""
        rows = self.conn.execute(
            "SELECT id, body, reserved_count, timeout FROM messages INDEXED BY messages_ready "
            "WHERE queue_pk = ? AND available_at = 0 AND expires_at > ? ORDER BY seq, id "
            "LIMIT ?",
            (queue_pk, now, limit),
        ).fetchall()
        return [Message(mid, body, count, None, timeout) for mid, body, count, timeout in rows]

    def next_due(self, queue_pk: int, now: float) -> float | None:
        """The earliest future end of a delay or reservation."""
        row = self.conn.execute(
            "SELECT MIN(available_at) FROM messages WHERE queue_pk = ? AND available_at > ?",
            (queue_pk, now),
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def get(self, queue_pk: int, message_id: int, now: float) -> MessageState | None:
        """An unexpired message of the queue."""
        row = self.conn.execute(
            f"SELECT {_STATE} FROM messages WHERE id = ? AND queue_pk = ? AND expires_at > ?",
            (message_id, queue_pk, now),
        ).fetchone()
        return None if row is None else MessageState._make(row)

    def get_many(
        self, queue_pk: int, message_ids: Sequence[int], now: float
    ) -> dict[int, MessageState]:
        """`get` for many ids in one query: the ones found, by id."""
        marks = ",".join("?" * len(message_ids))
        rows = self.conn.execute(
            f"SELECT {_STATE} FROM messages "
            f"WHERE id IN ({marks}) AND queue_pk = ? AND expires_at > ?",  # only "?" marks
            (*message_ids, queue_pk, now),
        ).fetchall()
        return {m.id: m for m in map(MessageState._make, rows)}

    def get_finished(self, queue_pk: int, message_id: int, now: float) -> MessageState | None:
        """An unexpired push message whose delivery is over (never reserved)."""
        row = self.conn.execute(
            "SELECT id, body, 0, NULL, 0, NULL FROM finished_messages "
            "WHERE id = ? AND queue_pk = ? AND expires_at > ?",
            (message_id, queue_pk, now),
        ).fetchone()
        return None if row is None else MessageState._make(row)

    def reserve(
        self, message_id: int, reservation_id: str | None, until: float, seq: int | None = None
    ) -> None:
        """Reserve a message until `until` and count the reservation (`seq`: its next place)."""
        self.conn.execute(
            "UPDATE messages SET reservation_id = ?, available_at = ?, "
            "reserved_count = reserved_count + 1, seq = coalesce(?, seq) WHERE id = ?",
            (reservation_id, until, seq, message_id),
        )

    def set_available(self, message_id: int, available_at: float, seq: int | None = None) -> None:
        """End a reservation; available at `available_at` (0: now), at `seq` if given."""
        self.conn.execute(
            "UPDATE messages SET reservation_id = NULL, available_at = ?, seq = coalesce(?, seq) "
            "WHERE id = ?",
            (available_at, seq, message_id),
        )

    def move(self, ids: Sequence[int], source_pk: int, target_pk: int, expires_at: float) -> None:
        """Move messages to another queue, ready at once, keeping id, body and count."""
        cur = self.conn.executemany(
            "UPDATE messages SET queue_pk = ?, reservation_id = NULL, available_at = 0, "
            "expires_at = ? WHERE id = ? AND queue_pk = ?",
            [(target_pk, expires_at, i, source_pk) for i in ids],
        )
        left(self.conn, source_pk, cur.rowcount)
        self._arrived(target_pk, cur.rowcount)

    def delete(self, queue_pk: int, ids: Sequence[int], *, push: bool = False) -> None:
        """Delete messages of a queue (with `push`: also finished ones and their push rows)."""
        if len(ids) == 1:  # the common case, one statement cheaper
            cur = self.conn.execute(
                "DELETE FROM messages WHERE id = ? AND queue_pk = ?", (ids[0], queue_pk)
            )
        else:
            cur = self.conn.executemany(
                "DELETE FROM messages WHERE id = ? AND queue_pk = ?", [(i, queue_pk) for i in ids]
            )
        left(self.conn, queue_pk, cur.rowcount)
        if push:
            args = [(i,) for i in ids]
            self.conn.executemany("DELETE FROM finished_messages WHERE id = ?", args)
            self.conn.executemany("DELETE FROM push_status WHERE message_id = ?", args)

    def purge_dropped(self, limit: int) -> int:
        """Delete up to `limit` rows (messages, finished messages, with their push rows) of
        a dropped queue pk, forgetting the pk once none is left; return how many."""
        row = self.conn.execute("SELECT pk FROM dropped_queues LIMIT 1").fetchone()
        if row is None:
            return 0
        pk = row[0]
        removed = 0
        for table in ("messages", "finished_messages"):
            ids = self.conn.execute(
                f"DELETE FROM {table} WHERE id IN "  # a table name of ours, not input
                f"(SELECT id FROM {table} WHERE queue_pk = ? LIMIT ?) RETURNING id",
                (pk, limit - removed),
            ).fetchall()
            self.conn.executemany("DELETE FROM push_status WHERE message_id = ?", ids)
            removed += len(ids)
            if removed >= limit:
                return removed
        self.conn.execute("DELETE FROM dropped_queues WHERE pk = ?", (pk,))
        return removed

    def min_expiry(self, queue_pk: int) -> float | None:
        """The earliest expiry among a queue's messages."""
        row = self.conn.execute(
            "SELECT MIN(expires_at) FROM messages WHERE queue_pk = ?", (queue_pk,)
        ).fetchone()
        return None if row is None or row[0] is None else float(row[0])

    def browse(self, queue_pk: int, now: float, after_id: int, limit: int) -> list[BrowsedMessage]:
        """Unexpired messages after `after_id` in id order, finished push messages included.

        A plain read: due messages are shown as they are, not promoted (peek would write).
        """
        rows = self.conn.execute(
            "SELECT * FROM ("
            "SELECT id, body, reserved_count, reservation_id, available_at, expires_at, 0 "
            "FROM messages WHERE queue_pk = ? AND expires_at > ? AND id > ? "
            "UNION ALL SELECT id, body, 0, NULL, 0, expires_at, 1 FROM finished_messages "
            "WHERE queue_pk = ? AND expires_at > ? AND id > ?"
            ") ORDER BY id LIMIT ?",
            (queue_pk, now, after_id, queue_pk, now, after_id, limit),
        ).fetchall()
        return [BrowsedMessage._make((*r[:6], bool(r[6]))) for r in rows]

    def requeue(self, from_pk: int, to_pk: int, now: float, expires_at: float, limit: int) -> int:
        """Move up to `limit` unexpired messages no reservation holds to another queue,
        ready at once, their reservation counts back to 0; return how many moved."""
        cur = self.conn.execute(
            "UPDATE messages SET queue_pk = ?, reserved_count = 0, reservation_id = NULL, "
            "available_at = 0, expires_at = ? WHERE id IN (SELECT id FROM messages "
            "WHERE queue_pk = ? AND expires_at > ? "
            "AND NOT (reservation_id IS NOT NULL AND available_at > ?) LIMIT ?)",
            (to_pk, expires_at, from_pk, now, now, limit),
        )
        left(self.conn, from_pk, cur.rowcount)
        self._arrived(to_pk, cur.rowcount)
        return cur.rowcount

    def unpark(self, queue_pk: int) -> None:
        """Make a queue's undelivered push messages ready pull messages, without push rows."""
        self.conn.execute(
            "DELETE FROM push_status WHERE message_id IN "
            "(SELECT id FROM messages WHERE queue_pk = ? AND available_at = ?)",
            (queue_pk, NEVER),
        )
        self.conn.execute(
            "UPDATE messages SET available_at = 0, reservation_id = NULL "
            "WHERE queue_pk = ? AND available_at = ?",
            (queue_pk, NEVER),
        )
