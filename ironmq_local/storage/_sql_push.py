"""SQL of the `push_status` table and the moves into `finished_messages` (storage/schema.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from ..domain.records import PendingPush, PushRow, PushStatus
from ..domain.values import Subscriber
from ._codec import dump_headers, load_headers
from ._sql_messages import left

_ROW = (
    "message_id, position, name, url, headers, status, tries, retries_remaining, "
    "status_code, last_try_at, msg, reservation_id, due_at"
)


def _row(values: tuple[Any, ...]) -> PushRow:
    # headers (the fifth column) are stored as JSON text
    return PushRow._make((*values[:4], load_headers(values[4]), *values[5:]))


class SqlitePush:
    """The `push_status` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def insert(
        self, due: Sequence[tuple[int, float]], subscribers: Sequence[Subscriber], retries: int
    ) -> None:
        """Add a `queued` row per subscriber for each (message id, first due time)."""
        headers = [dump_headers(s.headers) for s in subscribers]
        self.conn.executemany(
            "INSERT INTO push_status (message_id, position, name, url, headers, status, "
            "retries_remaining, due_at) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?)",
            [
                (mid, i, s.name, s.url, headers[i], retries, due_at)
                for mid, due_at in due
                for i, s in enumerate(subscribers)
            ],
        )

    def rows(self, message_id: int, *, claimed_only: bool = False) -> list[PushRow]:
        """A message's rows in subscriber order."""
        sql = f"SELECT {_ROW} FROM push_status WHERE message_id = ?"
        if claimed_only:
            sql += " AND claimed = 1"
        rows = self.conn.execute(sql + " ORDER BY position", (message_id,)).fetchall()
        return [_row(r) for r in rows]

    def row_by_name(self, message_id: int, name: str) -> PushRow | None:
        """A message's row for the subscriber of that name."""
        row = self.conn.execute(
            f"SELECT {_ROW} FROM push_status WHERE message_id = ? AND name = ?",
            (message_id, name),
        ).fetchone()
        return None if row is None else _row(row)

    def due_messages(self, now: float, limit: int) -> list[int]:
        """Ids of messages with a row due by `now`, earliest first, each once."""
        rows = self.conn.execute(
            "SELECT message_id FROM push_status INDEXED BY push_due "
            "WHERE due_at <= ? ORDER BY due_at LIMIT ?",
            (now, limit),
        ).fetchall()
        return list(dict.fromkeys(int(r[0]) for r in rows))

    def claim(self, message_id: int, now: float, *, all_rows: bool) -> None:
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

    def set_reservation(self, message_id: int, position: int, reservation_id: str) -> None:
        """Give a row the reservation id of the try about to be made."""
        self.conn.execute(
            "UPDATE push_status SET reservation_id = ? WHERE message_id = ? AND position = ?",
            (reservation_id, message_id, position),
        )

    def give_up(self, message_id: int, position: int, msg: str | None) -> None:
        """End a row in `error` without another try."""
        self.conn.execute(
            "UPDATE push_status SET status = 'error', claimed = 0, msg = ? "
            "WHERE message_id = ? AND position = ?",
            (msg, message_id, position),
        )

    def record_try(
        self,
        row: PushRow,
        *,
        status: PushStatus,
        retries_remaining: int,
        status_code: int,
        at: float,
        msg: str,
        due_at: float | None,
    ) -> None:
        """Store the outcome of a try on a claimed row and release the claim."""
        self.conn.execute(
            "UPDATE push_status SET status = ?, tries = tries + 1, retries_remaining = ?, "
            "status_code = ?, last_try_at = ?, msg = ?, due_at = ?, claimed = 0 "
            "WHERE message_id = ? AND position = ?",
            (status, retries_remaining, status_code, at, msg, due_at, row.message_id, row.position),
        )

    def settle(
        self, row: PushRow, *, status: PushStatus, retries_remaining: int, due_at: float | None
    ) -> None:
        """Set a row's status, remaining retries and due time and release any claim."""
        self.conn.execute(
            "UPDATE push_status SET status = ?, retries_remaining = ?, due_at = ?, claimed = 0 "
            "WHERE message_id = ? AND position = ?",
            (status, retries_remaining, due_at, row.message_id, row.position),
        )

    def next_due(self) -> float | None:
        """The earliest due time of any row."""
        row = self.conn.execute(
            "SELECT due_at FROM push_status INDEXED BY push_due WHERE due_at IS NOT NULL "
            "ORDER BY due_at LIMIT 1"
        ).fetchone()
        return None if row is None else float(row[0])

    def recover_claimed(self, now: float) -> int:
        """Make rows claimed by a stopped process due now; return how many."""
        cur = self.conn.execute(
            "UPDATE push_status SET claimed = 0, due_at = ? WHERE claimed = 1", (now,)
        )
        return cur.rowcount

    def pending(self, message_id: int) -> PendingPush | None:
        """A push message still in its queue."""
        row = self.conn.execute(
            "SELECT queue_pk, body, push_headers, expires_at, timeout FROM messages WHERE id = ?",
            (message_id,),
        ).fetchone()
        if row is None:
            return None
        queue_pk, body, headers, expires_at, timeout = row
        return PendingPush(queue_pk, body, load_headers(headers), expires_at, timeout)

    def finish(self, message_id: int) -> None:
        """Take a message whose delivery is over out of its queue (still readable by id)."""
        self.conn.execute(
            "INSERT OR REPLACE INTO finished_messages (id, queue_pk, body, expires_at) "
            "SELECT id, queue_pk, body, expires_at FROM messages WHERE id = ?",
            (message_id,),
        )
        for (queue_pk,) in self.conn.execute(
            "DELETE FROM messages WHERE id = ? RETURNING queue_pk", (message_id,)
        ).fetchall():
            left(self.conn, queue_pk, 1)

    def purge_finished(self, queue_pk: int, now: float, limit: int) -> int:
        """Forget up to `limit` expired finished messages of a queue with their rows;
        return how many."""
        ids = self.conn.execute(
            "DELETE FROM finished_messages WHERE id IN (SELECT id FROM finished_messages "
            "WHERE queue_pk = ? AND expires_at <= ? LIMIT ?) RETURNING id",
            (queue_pk, now, limit),
        ).fetchall()
        self.conn.executemany("DELETE FROM push_status WHERE message_id = ?", ids)
        return len(ids)

    def delete_rows(self, message_id: int) -> None:
        """Forget the rows of a message that no longer exists."""
        self.conn.execute("DELETE FROM push_status WHERE message_id = ?", (message_id,))
