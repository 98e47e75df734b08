"""SQL of the `messages` table and the by-id reads of `finished_messages` (storage/schema.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence

from ..domain.records import NEVER, BrowsedMessage, MessageState, ReadyMessage
from ..domain.store import MessageInsert
from ..domain.values import Message
from ._codec import dump_headers

_READY = "id, body, reserved_count, expires_at, timeout, seq"
_STATE = "id, body, reserved_count, reservation_id, available_at, timeout"


class SqliteMessages:
    """The `messages` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

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

    def max_id(self) -> int:
        """The highest message id stored (0 if none)."""
        row = self.conn.execute("SELECT MAX(id) FROM messages").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def max_seq(self) -> int:
        """The highest FIFO place stored (0 if none)."""
        row = self.conn.execute("SELECT MAX(seq) FROM messages").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def count(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue, reserved and delayed ones included."""
        row = self.conn.execute(
            "SELECT COUNT(*) FROM messages WHERE queue_pk = ? AND expires_at > ?", (queue_pk, now)
        ).fetchone()
        return int(row[0])

    def count_reserved(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue that a reservation holds at `now`."""
        row = self.conn.execute(
            # `available_at > 0` lets the planner use the partial index messages_due
            "SELECT COUNT(*) FROM messages WHERE queue_pk = ? AND available_at > 0 "
            "AND available_at > ? AND reservation_id IS NOT NULL AND expires_at > ?",
            (queue_pk, now, now),
        ).fetchone()
        return int(row[0])

    def purge_expired(self, queue_pk: int, now: float, limit: int | None = None) -> int:
        """Delete (up to `limit`) expired messages of a queue; return how many."""
        if limit is None:
            cur = self.conn.execute(
                "DELETE FROM messages WHERE queue_pk = ? AND expires_at <= ?", (queue_pk, now)
            )
        else:
            cur = self.conn.execute(
                "DELETE FROM messages WHERE id IN (SELECT id FROM messages "
                "WHERE queue_pk = ? AND expires_at <= ? LIMIT ?)",
                (queue_pk, now, limit),
            )
        return cur.rowcount

    def promote_due(self, queue_pk: int, now: float) -> None:
        """Make messages whose delay or reservation has ended ready again (available_at 0)."""
        self.conn.execute(
            "UPDATE messages INDEXED BY messages_due SET available_at = 0, reservation_id = NULL "
            "WHERE queue_pk = ? AND available_at > 0 AND available_at <= ?",
            (queue_pk, now),
        )

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

    def move(self, message_id: int, queue_pk: int, expires_at: float) -> None:
        """Move a message to another queue, ready at once, keeping id, body and count."""
        self.conn.execute(
            "UPDATE messages SET queue_pk = ?, reservation_id = NULL, available_at = 0, "
            "expires_at = ? WHERE id = ?",
            (queue_pk, expires_at, message_id),
        )

    def delete(self, ids: Sequence[int], *, push: bool = False) -> None:
        """Delete messages (with `push`: also finished ones and their push rows)."""
        args = [(i,) for i in ids]
        self.conn.executemany("DELETE FROM messages WHERE id = ?", args)
        if push:
            self.conn.executemany("DELETE FROM finished_messages WHERE id = ?", args)
            self.conn.executemany("DELETE FROM push_status WHERE message_id = ?", args)

    def clear(self, queue_pk: int) -> None:
        """Delete every message of a queue, finished push messages and push rows included."""
        self.conn.execute(
            "DELETE FROM push_status WHERE message_id IN (SELECT id FROM messages WHERE "
            "queue_pk = ? UNION ALL SELECT id FROM finished_messages WHERE queue_pk = ?)",
            (queue_pk, queue_pk),
        )
        self.conn.execute("DELETE FROM messages WHERE queue_pk = ?", (queue_pk,))
        self.conn.execute("DELETE FROM finished_messages WHERE queue_pk = ?", (queue_pk,))

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

    def requeue(self, from_pk: int, to_pk: int, now: float, expires_at: float) -> int:
        """Move the unexpired messages no reservation holds to another queue, ready at once,
        their reservation counts back to 0; return how many moved."""
        cur = self.conn.execute(
            "UPDATE messages SET queue_pk = ?, reserved_count = 0, reservation_id = NULL, "
            "available_at = 0, expires_at = ? WHERE queue_pk = ? AND expires_at > ? "
            "AND NOT (reservation_id IS NOT NULL AND available_at > ?)",
            (to_pk, expires_at, from_pk, now, now),
        )
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
