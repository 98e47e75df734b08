"""Queue configuration: create (PUT is an upsert), update, delete, push subscribers.

Settings are merged here (current settings + a partial change → new settings) and the
store writes the result whole.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import replace

from .alerts import Alerts
from .context import Context, new_queue_id
from .errors import (
    NO_SUBSCRIBERS,
    PUSH_ON_PULL,
    PUSH_QUEUES_NO_ALERTS,
    SUBSCRIBERS_ON_PULL,
    TYPE_CHANGE,
    Forbidden,
    InvalidArgument,
)
from .limits import (
    DEAD_LETTER_MAX_RESERVATIONS_DEFAULT,
    DEFAULT_MESSAGE_EXPIRATION,
    DEFAULT_MESSAGE_TIMEOUT,
)
from .records import QueueRecord
from .values import (
    PUSH_TYPES,
    DeadLetter,
    DeadLetterChanges,
    PushChanges,
    PushSettings,
    Queue,
    QueueChanges,
    QueueSettings,
    Subscriber,
    SubscriberMode,
)


class Queues:
    """Queue settings, each change committed before it returns."""

    def __init__(self, ctx: Context, alerts: Alerts) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.alerts = alerts

    def put(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        """Create the queue or update it."""
        with self.store.transaction():
            queue = self.store.queues.get(project_id, name)
            if queue is None:
                return self._create(project_id, name, changes)
            return self._update(queue, changes)

    def patch(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        """Update an existing queue."""
        with self.store.transaction():
            return self._update(self.ctx.queue(project_id, name), changes)

    def delete(self, project_id: str, name: str) -> None:
        """Delete a queue with all its messages and alerts."""
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            self.store.queues.delete(queue.pk)
            self.alerts.forget(queue.pk)
        self.ctx.events.available(project_id, name)  # waiting reservers learn it is gone

    def _create(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        # `push` without a type makes a multicast queue (FACTS.md §7.4)
        type_ = changes.type or ("multicast" if changes.push is not None else "pull")
        push: PushSettings | None = None
        if type_ in PUSH_TYPES:
            if changes.push is None or not changes.push.subscribers:
                raise InvalidArgument(NO_SUBSCRIBERS)
            push = _apply_push(None, changes.push)
        elif changes.push is not None:
            raise InvalidArgument(PUSH_ON_PULL)
        dead_letter = self._apply_dead_letter(project_id, name, type_, None, changes.dead_letter)
        if changes.alerts and type_ in PUSH_TYPES:
            raise InvalidArgument(PUSH_QUEUES_NO_ALERTS)
        _check_targets(name, push)
        settings = QueueSettings(
            type_,
            changes.message_timeout or DEFAULT_MESSAGE_TIMEOUT,
            changes.message_expiration or DEFAULT_MESSAGE_EXPIRATION,
            push,
            dead_letter,
        )
        queue = self.store.queues.insert(project_id, name, new_queue_id(), settings)
        if changes.alerts:
            self.alerts.set(queue, changes.alerts, replace=True)
        return self._shown(queue, settings)

    def _update(self, queue: QueueRecord, changes: QueueChanges) -> Queue:
        current = queue.settings(self.store.queues.subscribers(queue.pk) if queue.is_push else ())
        if changes.type is not None and changes.type != queue.type:
            raise Forbidden(TYPE_CHANGE)
        push = current.push
        if changes.push is not None:
            if not queue.is_push:
                if changes.type == "pull":
                    raise InvalidArgument(PUSH_ON_PULL)
                # push without type means a multicast queue: that would change the type
                raise Forbidden(TYPE_CHANGE)
            push = _apply_push(current.push, changes.push)
        dead_letter = self._apply_dead_letter(
            queue.project_id, queue.name, queue.type, current.dead_letter, changes.dead_letter
        )
        if changes.alerts is not None and queue.is_push:
            raise InvalidArgument(PUSH_QUEUES_NO_ALERTS)
        _check_targets(queue.name, push)
        if changes.alerts is not None:
            self.alerts.set(queue, changes.alerts, replace=True)
        settings = replace(
            current,
            message_timeout=changes.message_timeout or current.message_timeout,
            message_expiration=changes.message_expiration or current.message_expiration,
            push=push,
            dead_letter=dead_letter,
        )
        self.store.queues.update(queue.pk, settings)
        return self._shown(queue, settings)

    def _shown(self, queue: QueueRecord, settings: QueueSettings) -> Queue:
        """The queue as PUT and PATCH answer it (no counts)."""
        return Queue(
            queue.project_id,
            queue.name,
            queue.queue_id,
            settings,
            queue.total_messages,
            self.alerts.of(queue.pk),
        )

    def _apply_dead_letter(
        self,
        project_id: str,
        name: str,
        type_: str,
        current: DeadLetter | None,
        changes: DeadLetterChanges | None,
    ) -> DeadLetter | None:
        if changes is None:
            return current
        if type_ in PUSH_TYPES:
            raise InvalidArgument(
                "dead_letter cannot be set on push queues (use push.error_queue instead)"
            )
        if not changes.queue_name:
            if current is None:
                raise InvalidArgument("dead_letter.queue_name must not be empty")
            if changes.queue_name == "":
                return None  # "" removes the dead-letter setting
            if changes.max_reservations is None:
                return current
            return replace(current, max_reservations=changes.max_reservations)
        if changes.queue_name == name:
            raise InvalidArgument("dead_letter.queue_name must differ from the queue's own name")
        max_reservations = changes.max_reservations
        if max_reservations is None:
            max_reservations = (
                current.max_reservations if current else DEAD_LETTER_MAX_RESERVATIONS_DEFAULT
            )
        # The docs: a missing dead-letter queue is created with default pull settings.
        self.ctx.ensure_queue(project_id, changes.queue_name)
        return DeadLetter(changes.queue_name, max_reservations)

    def update_subscribers(
        self, project_id: str, name: str, subscribers: Sequence[Subscriber], mode: SubscriberMode
    ) -> None:
        """Add or update by name (`add`), replace (`replace`) or remove by name (`remove`)."""
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            if not queue.is_push:
                raise InvalidArgument(SUBSCRIBERS_ON_PULL)
            settings = queue.settings(self.store.queues.subscribers(queue.pk))
            assert settings.push is not None  # a push queue always has push settings
            current = {s.name: s for s in settings.push.subscribers}
            if mode == "replace":
                current = {s.name: s for s in subscribers}
            elif mode == "add":
                current.update({s.name: s for s in subscribers})
            else:
                for s in subscribers:
                    current.pop(s.name, None)
            if not current:
                raise InvalidArgument("a push queue must keep at least one subscriber")
            push = replace(settings.push, subscribers=tuple(current.values()))
            _check_targets(name, push)
            self.store.queues.update(queue.pk, replace(settings, push=push))


def _apply_push(current: PushSettings | None, changes: PushChanges) -> PushSettings:
    subscribers = changes.subscribers
    if subscribers is None:
        if current is None:
            raise InvalidArgument(NO_SUBSCRIBERS)
        subscribers = current.subscribers
    if not subscribers:
        raise InvalidArgument(NO_SUBSCRIBERS)
    base = current or PushSettings(subscribers=subscribers)
    error_queue = base.error_queue
    if changes.error_queue is not None:
        error_queue = changes.error_queue or None  # "" disables it
    return PushSettings(
        subscribers=subscribers,
        retries=base.retries if changes.retries is None else changes.retries,
        retries_delay=base.retries_delay
        if changes.retries_delay is None
        else changes.retries_delay,
        error_queue=error_queue,
    )


def _check_targets(name: str, push: PushSettings | None) -> None:
    """Refuse an error queue or an `ironmq:///` subscriber that is the queue itself."""
    if push is None:
        return
    if push.error_queue == name:
        raise InvalidArgument("push.error_queue must differ from the queue's own name")
    for s in push.subscribers:
        try:
            parts = urllib.parse.urlsplit(s.url)
        except ValueError:
            raise InvalidArgument(f"subscriber {s.name} has an invalid url") from None
        if (
            parts.scheme == "ironmq"
            and not parts.hostname
            and urllib.parse.unquote(parts.path.lstrip("/")) == name
        ):
            raise InvalidArgument(f"subscriber {s.name} must not push to its own queue")
