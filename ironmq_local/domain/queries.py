"""Read-only views of the domain's state: what the API's GETs, a dashboard or a CLI show.

Nothing here writes: looking never purges an expired message, never fires an alert and
never promotes a due one (every read filters by the clock instead). A test holds the
store's write methods to that.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Literal

from .alerts import Alerts
from .context import Context
from .errors import MESSAGE_NOT_FOUND, NotFound
from .records import NEVER, PushRow, QueueRecord
from .values import Alert, Message, MessageStatus, Queue


class Queries:
    """Side-effect-free reads."""

    def __init__(self, ctx: Context, alerts: Alerts) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.alerts = alerts

    def queue(self, project_id: str, name: str, *, count_reserved: bool = False) -> Queue:
        """A queue with its size (unexpired messages, reserved and delayed ones included)
        and, when asked, how many of them are reserved (v2 shows it)."""
        return self._counted(self.ctx.queue(project_id, name), count_reserved=count_reserved)

    def _counted(self, record: QueueRecord, *, count_reserved: bool) -> Queue:
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

    # what the dashboard shows beyond the API's GETs ------------------------------------

    def overview(self, project_ids: Collection[str] | None = None) -> list[QueueSummary]:
        """Every queue (of `project_ids`, or of every project) with its counts, by project
        and name."""
        records = self.store.queues.all()
        if project_ids is not None:
            records = [r for r in records if r.project_id in project_ids]
        return [self._summary(r, records) for r in records]

    def summary(self, project_id: str, name: str) -> QueueSummary:
        """One queue with its counts and the queues that send it their dead letters."""
        record = self.ctx.queue(project_id, name)
        siblings = [r for r in self.store.queues.all() if r.project_id == project_id]
        return self._summary(record, siblings)

    def _summary(self, record: QueueRecord, siblings: Sequence[QueueRecord]) -> QueueSummary:
        sources = tuple(
            r.name
            for r in siblings
            if r.project_id == record.project_id and r.dead_letter_queue == record.name
        )
        return QueueSummary(self._counted(record, count_reserved=True), sources)

    def browse(self, project_id: str, name: str, after_id: int, limit: int) -> list[MessageView]:
        """Up to `limit` messages after `after_id` in id order, whatever their state, each
        with its push statuses on push queues (delivered ones too, until they expire)."""
        queue = self.ctx.queue(project_id, name)
        now = self.ctx.clock.now()
        out = []
        for m in self.store.messages.browse(queue.pk, now, after_id, limit):
            state: BrowseState
            until: float | None = None
            if m.finished:
                state = "delivered"
            elif m.available_at >= NEVER:
                state = "delivering"
            elif m.reservation_id is not None and m.available_at > now:
                state, until = "reserved", m.available_at
            elif m.available_at > now:
                state, until = "delayed", m.available_at
            else:
                state = "ready"  # (a delay or reservation that ended counts as ready)
            push = tuple(self.store.push.rows(m.id)) if queue.is_push else ()
            out.append(
                MessageView(m.id, m.body, m.reserved_count, state, until, m.expires_at, push)
            )
        return out

    def alert_states(self, project_id: str, name: str) -> list[AlertState]:
        """A queue's alerts with the size each last saw and when each last fired.

        An alert that fires is snoozed until `now + snooze` and nothing else moves that
        mark, so the last firing is `snoozed_until - snooze` (never, while it is 0).
        """
        queue = self.ctx.queue(project_id, name)
        if queue.pk not in self.alerts.alerted:
            return []
        return [
            AlertState(
                r.alert,
                r.last_size,
                r.snoozed_until - r.snooze if r.snoozed_until > 0 else None,
            )
            for r in self.store.alerts.of_queue(queue.pk)
        ]


BrowseState = Literal["ready", "reserved", "delayed", "delivering", "delivered"]
"""A browsed message's state: `delivering`/`delivered` are push messages before and after
every subscriber is done."""


@dataclass(frozen=True)
class QueueSummary:
    """A queue with its size and reserved count, and the queues whose dead-letter setting
    names it."""

    queue: Queue
    dead_letter_sources: tuple[str, ...]


@dataclass(frozen=True)
class MessageView:
    """A message as the dashboard lists it (never its reservation id).

    Args:
        id: the message id.
        body: the body as posted.
        reserved_count: how often it was reserved (touches included).
        state: see `BrowseState`.
        until: when a reservation or delay ends (None in the other states).
        expires_at: when it expires.
        push: on push queues, one row per subscriber.
    """

    id: int
    body: str
    reserved_count: int
    state: BrowseState
    until: float | None
    expires_at: float
    push: tuple[PushRow, ...]


@dataclass(frozen=True)
class AlertState:
    """An alert, the queue size it last saw, and when it last fired (None: never)."""

    alert: Alert
    last_size: int
    last_fired_at: float | None
