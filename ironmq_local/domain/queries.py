"""Read-only views of the domain's state: what the API's GETs, a dashboard or a CLI show.

Nothing here writes: looking never purges an expired message, never fires an alert and
never promotes a due one (every read filters by the clock instead). A test holds the
store's write methods to that.
"""

from __future__ import annotations

from .alerts import Alerts
from .context import Context
from .errors import MESSAGE_NOT_FOUND, NotFound
from .records import NEVER, PushRow, QueueRecord
from .values import Message, MessageStatus, Queue


class Queries:
    """Side-effect-free reads."""

    def __init__(self, ctx: Context, alerts: Alerts) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.alerts = alerts

    def queue(self, project_id: str, name: str, *, count_reserved: bool = False) -> Queue:
        """A queue with its size (unexpired messages, reserved and delayed ones included)
        and, when asked, how many of them are reserved (v2 shows it)."""
        record = self.ctx.queue(project_id, name)
        subscribers = self.store.queues.subscribers(record.pk) if record.is_push else ()
        now = self.ctx.clock.now()
        return Queue(
            project_id=record.project_id,
            name=record.name,
            queue_id=record.queue_id,
            settings=record.settings(subscribers),
            total_messages=record.total_messages,
            alerts=self.alerts.of(record.pk),
            size=self.store.messages.count(record.pk, now),
            reserved=self.store.messages.count_reserved(record.pk, now) if count_reserved else None,
        )

    def queue_names(
        self, project_id: str, previous: str | None, prefix: str | None, limit: int
    ) -> list[str]:
        """Queue names in byte order after `previous`, filtered by `prefix`."""
        return self.store.queues.names(project_id, previous, prefix, limit)

    def queue_page(self, project_id: str, page: int, per_page: int) -> list[QueueRecord]:
        """One page of queues in byte order of their names (v2 pages by number, from 0)."""
        return self.store.queues.page(project_id, page * per_page, per_page)

    def message(self, project_id: str, name: str, message_id: int) -> Message:
        """One message by id (reserved or not; on push queues, delivered ones too), with its
        own timeout (or the queue's) and its status.

        The reservation id is not shown: only the reserving client should hold it.
        """
        queue = self.ctx.queue(project_id, name)
        now = self.ctx.clock.now()
        found = self.store.messages.get(queue.pk, message_id, now)
        status: MessageStatus = "queued"  # (also: a push message still being delivered)
        if found is None:
            found = self.store.messages.get_finished(queue.pk, message_id, now)
            status = "deleted"  # a push message whose delivery is over
            if found is None:
                raise NotFound(MESSAGE_NOT_FOUND)
        elif found.reserved(now):
            status = "reserved"
        elif now < found.available_at < NEVER:
            status = "delayed"
        timeout = found.timeout or queue.message_timeout
        return Message(found.id, found.body, found.reserved_count, None, timeout, status)

    def push_statuses(self, project_id: str, name: str, message_id: int) -> list[PushRow]:
        """One status per subscriber on push queues, in subscriber order; none on pull queues."""
        queue = self.ctx.queue(project_id, name)
        self.ctx.message(queue, message_id, self.ctx.clock.now())
        return self.store.push.rows(message_id) if queue.is_push else []
