"""SQL of the `alerts` table (storage/schema.py)."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from ..domain.records import AlertRecord
from ..domain.values import Alert


class SqliteAlerts:
    """The `alerts` table."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def of_queue(self, queue_pk: int) -> list[AlertRecord]:
        """A queue's alerts in order."""
        rows = self.conn.execute(
            "SELECT id, type, direction, trigger, target, snooze, last_size, snoozed_until "
            "FROM alerts WHERE queue_pk = ? ORDER BY position",
            (queue_pk,),
        ).fetchall()
        return list(map(AlertRecord._make, rows))

    def alerted_queues(self) -> list[int]:
        """The primary keys of the queues that have alerts."""
        return [int(r[0]) for r in self.conn.execute("SELECT DISTINCT queue_pk FROM alerts")]

    def insert(self, queue_pk: int, position: int, alert: Alert, last_size: int) -> None:
        """Add an alert."""
        spec = alert.spec
        self.conn.execute(
            "INSERT INTO alerts (id, queue_pk, position, type, direction, trigger, target, "
            "snooze, last_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                alert.id,
                queue_pk,
                position,
                spec.type,
                spec.direction,
                spec.trigger,
                spec.queue,
                spec.snooze,
                last_size,
            ),
        )

    def delete(self, queue_pk: int, ids: Sequence[str] | None = None) -> None:
        """Delete some (or all) alerts of a queue."""
        if ids is None:
            self.conn.execute("DELETE FROM alerts WHERE queue_pk = ?", (queue_pk,))
        else:
            self.conn.executemany(
                "DELETE FROM alerts WHERE queue_pk = ? AND id = ?", [(queue_pk, i) for i in ids]
            )

    def update_state(self, alert_id: str, last_size: int, snoozed_until: float) -> None:
        """Store what an alert has seen."""
        self.conn.execute(
            "UPDATE alerts SET last_size = ?, snoozed_until = ? WHERE id = ?",
            (last_size, snoozed_until, alert_id),
        )

    def progressive_edges(self, project_id: str) -> list[tuple[str, str]]:
        """(queue name, target) of every progressive alert of a project."""
        return [
            (str(a), str(b))
            for a, b in self.conn.execute(
                "SELECT q.name, a.target FROM alerts a JOIN queues q ON q.pk = a.queue_pk "
                "WHERE q.project_id = ? AND a.type = 'progressive'",
                (project_id,),
            )
        ]
