"""Queue configuration: create (PUT is an upsert), update, delete, push subscribers.

Settings are merged here (current settings + a partial change → new settings) and the
store writes the result whole. Under v2 rules (ApiRules.queue_type_mutable) an update may
change the type: a pull queue given subscribers becomes a push queue (its waiting messages
stay reservable; later posts are pushed), and a push queue turned to `pull` (or left without
subscribers) becomes a pull queue again, its undelivered messages reservable at once.
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
    QueueType,
    Subscriber,
    SubscriberMode,
)

DEAD_LETTER_ON_PUSH = "dead_letter cannot be set on push queues (use push.error_queue instead)"
KEEP_ONE_SUBSCRIBER = "a push queue must keep at least one subscriber"


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
        """Delete a queue with all its messages and alerts (at once for every client; the
        rows go in the background, `Messages.purge_dropped`)."""
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            self.store.queues.delete(queue.pk)
            self.alerts.forget(queue.pk)
        self.ctx.events.available(project_id, name)  # waiting reservers learn it is gone
        self.ctx.events.scheduled()  # the background worker has its rows to delete

    def _create(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        # `push` without a type makes a multicast queue (FACTS.md §7.4)
        type_ = changes.type or ("multicast" if changes.push is not None else "pull")
        push: PushSettings | None = None
        if type_ in PUSH_TYPES:
            if changes.push is None or not changes.push.subscribers:
                raise InvalidArgument(NO_SUBSCRIBERS)
            push = _apply_push(None, changes.push)
        elif changes.push is not None and not self.ctx.rules.queue_type_mutable:
            raise InvalidArgument(PUSH_ON_PULL)  # (v2: `pull` wins over push settings)
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
        target = self._target_type(queue, changes)
        push: PushSettings | None = None
        if target in PUSH_TYPES:
            # (a conversion from pull starts from no push settings, and needs subscribers)
            if changes.push is not None:
                push = _apply_push(current.push, changes.push)
            elif current.push is None:
                raise InvalidArgument(NO_SUBSCRIBERS)
            else:
                push = current.push
        elif changes.push is not None and not self.ctx.rules.queue_type_mutable:
            raise InvalidArgument(PUSH_ON_PULL)
        dead_letter = self._apply_dead_letter(
            queue.project_id, queue.name, target, current.dead_letter, changes.dead_letter
        )
        if target in PUSH_TYPES and dead_letter is not None:
            raise InvalidArgument(DEAD_LETTER_ON_PUSH)
        if target in PUSH_TYPES and (
            changes.alerts is not None or (not queue.is_push and self.alerts.of(queue.pk))
        ):
            raise InvalidArgument(PUSH_QUEUES_NO_ALERTS)  # also when a pull queue converts
        _check_targets(queue.name, push)
        if changes.alerts is not None:
            self.alerts.set(queue, changes.alerts, replace=True)
        settings = QueueSettings(
            target,
            changes.message_timeout or current.message_timeout,
            changes.message_expiration or current.message_expiration,
            push,
            dead_letter,
        )
        self.store.queues.update(queue.pk, settings)
        if queue.is_push and target == "pull":
            self.store.messages.unpark(queue.pk)
            self.ctx.events.available(queue.project_id, queue.name)
        return self._shown(queue, settings)

    def _target_type(self, queue: QueueRecord, changes: QueueChanges) -> QueueType:
        """The type an update leaves the queue with; 403 if that is a change the rules forbid.

        Push settings for a pull queue ask for a multicast queue, as on creation.
        """
        if changes.type is not None:
            target = changes.type
        elif changes.push is not None and not queue.is_push:
            target = "multicast"
        else:
            target = queue.type
        if target != queue.type and not self.ctx.rules.queue_type_mutable:
            raise Forbidden(TYPE_CHANGE)
        return target

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
            raise InvalidArgument(DEAD_LETTER_ON_PUSH)
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
        """Add or update (`add`), replace (`replace`) or remove (`remove`) subscribers.

        Named subscribers are found by name, nameless (v2) ones by URL. Under v2 rules the
        queue is created if missing, a pull queue given subscribers becomes a multicast
        queue, and a push queue left without any becomes a pull queue.
        """
        mutable = self.ctx.rules.queue_type_mutable
        with self.store.transaction():
            queue = self.ctx.queue_to_update(project_id, name)
            if not queue.is_push and not mutable:
                raise InvalidArgument(SUBSCRIBERS_ON_PULL)
            current = self.store.queues.subscribers(queue.pk) if queue.is_push else ()
            kept = merged_subscribers(current, subscribers, mode)
            if kept:
                self._update(queue, QueueChanges(push=PushChanges(subscribers=kept)))
            elif not mutable:
                raise InvalidArgument(KEEP_ONE_SUBSCRIBER)
            elif queue.is_push:
                self._update(queue, QueueChanges(type="pull"))


def merged_subscribers(
    current: Sequence[Subscriber], given: Sequence[Subscriber], mode: SubscriberMode
) -> tuple[Subscriber, ...]:
    """The subscribers after adding, replacing or removing `given`.

    A named subscriber matches by name, a nameless one by URL (removing a URL removes every
    subscriber with it). A replacing nameless subscriber takes the name of a current one
    with its URL, so that acknowledgements of messages already posted still find it.
    """
    if mode == "replace":
        spare = list(current)
        result: list[Subscriber] = []
        for s in given:
            same = None if s.name else next((c for c in spare if c.url == s.url), None)
            if same is not None:
                spare.remove(same)
            result.append(s if same is None else replace(s, name=same.name))
        return _named(result)
    result = list(current)
    for s in given:
        hits = [i for i, c in enumerate(result) if (c.name == s.name if s.name else c.url == s.url)]
        if mode == "remove":
            result = [c for i, c in enumerate(result) if i not in hits]
        elif hits:
            result[hits[0]] = replace(s, name=result[hits[0]].name)
        else:
            result.append(s)
    return _named(result)


def _named(subscribers: Sequence[Subscriber]) -> tuple[Subscriber, ...]:
    """Name the nameless after their URL (`URL#2`, `URL#3`... when taken); for one name
    given twice, the last one counts, in the place of the first."""
    taken = {s.name for s in subscribers if s.name}
    by_name: dict[str, Subscriber] = {}
    for s in subscribers:
        name = s.name
        if not name:
            name, k = s.url, 2
            while name in taken:
                name, k = f"{s.url}#{k}", k + 1
            taken.add(name)
        by_name[name] = replace(s, name=name)
    return tuple(by_name.values())


def _apply_push(current: PushSettings | None, changes: PushChanges) -> PushSettings:
    subscribers = changes.subscribers
    if subscribers is None:
        if current is None:
            raise InvalidArgument(NO_SUBSCRIBERS)
        subscribers = current.subscribers
    else:
        kept = current.subscribers if current else ()
        subscribers = merged_subscribers(kept, subscribers, "replace")
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
