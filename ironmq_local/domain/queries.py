"""Read-only views of the domain's state: what the API's GETs, a dashboard or a CLI show.

Nothing here writes: looking never purges an expired message, never fires an alert and
never promotes a due one (every read filters by the clock instead). A test holds the
store's write methods to that.
"""

from __future__ import annotations

from .alerts import Alerts
from .context import Context
from .records import PushRow
from .values import Message, Queue


class Queries:
    """Side-effect-free reads."""

    def __init__(self, ctx: Context, alerts: Alerts) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.alerts = alerts

    def queue(self, project_id: str, name: str) -> Queue:
        """A queue with its size (unexpired messages, reserved and delayed ones included)."""
        record = self.ctx.queue(project_id, name)
        subscribers = self.store.queues.subscribers(record.pk) if record.is_push else ()
        return Queue(
            project_id=record.project_id,
            name=record.name,
            queue_id=record.queue_id,
            settings=record.settings(subscribers),
            total_messages=record.total_messages,
            alerts=self.alerts.of(record.pk),
            size=self.store.messages.count(record.pk, self.ctx.clock.now()),
        )

    def queue_names(
        self, project_id: str, previous: str | None, prefix: str | None, limit: int
    ) -> list[str]:
        """Queue names in byte order after `previous`, filtered by `prefix`."""
        return self.store.queues.names(project_id, previous, prefix, limit)

    def message(self, project_id: str, name: str, message_id: int) -> Message:
        """One message by id (reserved or not; on push queues, delivered ones too).

        The reservation id is not shown: only the reserving client should hold it.
        """
        queue = self.ctx.queue(project_id, name)
        found = self.ctx.message(queue, message_id, self.ctx.clock.now())
        return Message(found.id, found.body, found.reserved_count)

    def push_statuses(self, project_id: str, name: str, message_id: int) -> list[PushRow]:
        """One status per subscriber on push queues, in subscriber order; none on pull queues."""
        queue = self.ctx.queue(project_id, name)
        self.ctx.message(queue, message_id, self.ctx.clock.now())
        return self.store.push.rows(message_id) if queue.is_push else []
