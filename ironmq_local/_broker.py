"""The domain: queues, messages, reservations and dead letters over `Storage`.

No HTTP here. Time comes from the injected clock; `on_available(project_id, queue)`
is called after a commit that may have made messages reservable, so the async
layer can wake long-polling requests, and `on_schedule()` after one that may have
brought a push delivery or an alert's expiry check forward, to wake the pusher.
Alerts are judged here on every change of a queue's size (`_size_changed`).
"""

from __future__ import annotations

import json
import os
import secrets
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from . import _alerts
from ._clock import Clock
from ._models import (
    DEAD_LETTER_MAX_RESERVATIONS_DEFAULT,
    DEFAULT_MESSAGE_EXPIRATION,
    DEFAULT_MESSAGE_TIMEOUT,
    PUSH_TYPES,
    Alert,
    AlertSpec,
    DeadLetter,
    DeadLetterChanges,
    DeleteTarget,
    Forbidden,
    InvalidArgument,
    Message,
    NewMessage,
    NotFound,
    PushChanges,
    PushSettings,
    Queue,
    QueueChanges,
    ReservationRequired,
    ReservationTimedOut,
    Subscriber,
)
from ._push import MessageUrl, PushBook
from ._storage import PUSH_PARKED, Storage

QUEUE_NOT_FOUND = "Queue not found"
MESSAGE_NOT_FOUND = "Message not found"
RESERVATION_REQUIRED = "A reservation_id is required"
RESERVATION_TIMED_OUT = "Reservation timed out"
TYPE_CHANGE = "Queue type cannot be changed"
SUBSCRIBERS_ON_PULL = "Subscribers can only be set on push queues"
SUBSCRIBER_NOT_FOUND = "Subscriber not found"
# alert messages that fire further alerts stop after this many steps (fixed alerts may
# post to their own queue)
_MAX_ALERT_DEPTH = 8

# Message ids: milliseconds since the epoch shifted left by 20 bits gives 19 decimal
# digits from 2001 until the 23rd century, increasing, like IronMQ's ids.
_ID_SHIFT = 20

Notify = Callable[[str, str], None]


def _no_notify(project_id: str, queue_name: str) -> None:
    pass


def _nothing() -> None:
    pass


def _relative_message_url(
    project_id: str, queue_name: str, message_id: int, subscriber: str, reservation_id: str
) -> str:
    query = urllib.parse.urlencode(
        {"subscriber_name": subscriber, "reservation_id": reservation_id}
    )
    queue = urllib.parse.quote(queue_name, safe="")
    return f"/3/projects/{project_id}/queues/{queue}/messages/{message_id}?{query}"


def _new_reservation_id() -> str:
    return os.urandom(16).hex()


class Broker:
    """All IronMQ v3 pull-queue operations, each one committed before it returns."""

    def __init__(
        self,
        storage: Storage,
        clock: Clock,
        on_available: Notify = _no_notify,
        on_schedule: Callable[[], None] = _nothing,
        message_url: MessageUrl | None = None,
    ) -> None:
        self.storage = storage
        self.clock = clock
        self.on_available = on_available
        self.on_schedule = on_schedule
        self.push = PushBook(self, message_url or _relative_message_url)
        self._alerted = set(storage.alerted_queues())
        last = self.storage.get_meta("last_message_id")
        self._last_id = max(int(last) if last else 0, self.storage.max_message_id())

    # helpers --------------------------------------------------------------------------

    def _queue_row(self, project_id: str, name: str) -> tuple[Any, ...]:
        row = self.storage.get_queue(project_id, name)
        if row is None:
            raise NotFound(QUEUE_NOT_FOUND)
        return row

    def _to_queue(self, row: tuple[Any, ...], size: int | None = None) -> Queue:
        (_pk, project_id, name, queue_id, type_, timeout, expiration, total, push, dlq, dlmax) = row
        push_settings = None
        if push:
            raw = json.loads(push)
            push_settings = PushSettings(
                subscribers=tuple(
                    Subscriber(s["name"], s["url"], s.get("headers")) for s in raw["subscribers"]
                ),
                retries=raw["retries"],
                retries_delay=raw["retries_delay"],
                error_queue=raw.get("error_queue"),
            )
        return Queue(
            project_id=project_id,
            name=name,
            queue_id=queue_id,
            type=type_,
            message_timeout=timeout,
            message_expiration=expiration,
            total_messages=total,
            push=push_settings,
            dead_letter=DeadLetter(dlq, dlmax) if dlq else None,
            size=size,
            alerts=self._alerts_of(row[0]),
        )

    def _alerts_of(self, queue_pk: int) -> tuple[Alert, ...]:
        if queue_pk not in self._alerted:
            return ()
        return tuple(
            Alert(a[0], AlertSpec(type=a[1], direction=a[2], trigger=a[3], queue=a[4], snooze=a[5]))
            for a in self.storage.alerts(queue_pk)
        )

    def _ensure_queue(self, project_id: str, name: str) -> tuple[Any, ...]:
        """Return the queue row, creating a default pull queue if it is missing."""
        row = self.storage.get_queue(project_id, name)
        if row is None:
            self.storage.insert_queue(
                project_id=project_id,
                name=name,
                queue_id=secrets.token_hex(12),
                type_="pull",
                message_timeout=DEFAULT_MESSAGE_TIMEOUT,
                message_expiration=DEFAULT_MESSAGE_EXPIRATION,
                push=None,
                dead_letter_queue=None,
                dead_letter_max=None,
            )
            row = self.storage.get_queue(project_id, name)
            assert row is not None
        return row

    def _new_ids(self, count: int) -> list[int]:
        start = max(self._last_id + 1, int(self.clock.now() * 1000) << _ID_SHIFT)
        self._last_id = start + count - 1
        self.storage.set_meta("last_message_id", str(self._last_id))
        return list(range(start, start + count))

    # queues ---------------------------------------------------------------------------

    def put_queue(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        """Create the queue or update it (PUT is an upsert)."""
        with self.storage.transaction():
            row = self.storage.get_queue(project_id, name)
            if row is None:
                return self._create_queue(project_id, name, changes)
            return self._update_queue(row, changes)

    def patch_queue(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        """Update an existing queue."""
        with self.storage.transaction():
            return self._update_queue(self._queue_row(project_id, name), changes)

    def _create_queue(self, project_id: str, name: str, changes: QueueChanges) -> Queue:
        type_ = changes.type or ("multicast" if changes.push is not None else "pull")
        push: PushSettings | None = None
        if type_ in PUSH_TYPES:
            if changes.push is None or not changes.push.subscribers:
                raise InvalidArgument("push.subscribers must contain at least one subscriber")
            push = self._apply_push(None, changes.push)
        elif changes.push is not None:
            raise InvalidArgument("push can only be set on push queues")
        dead_letter = self._apply_dead_letter(project_id, name, type_, None, changes.dead_letter)
        if changes.alerts and type_ in PUSH_TYPES:
            raise InvalidArgument(_alerts.PUSH_QUEUES_NO_ALERTS)
        self._check_error_queue(name, push)
        queue = Queue(
            project_id=project_id,
            name=name,
            queue_id=secrets.token_hex(12),
            type=type_,
            message_timeout=changes.message_timeout or DEFAULT_MESSAGE_TIMEOUT,
            message_expiration=changes.message_expiration or DEFAULT_MESSAGE_EXPIRATION,
            total_messages=0,
            push=push,
            dead_letter=dead_letter,
        )
        self.storage.insert_queue(
            project_id=project_id,
            name=name,
            queue_id=queue.queue_id,
            type_=type_,
            message_timeout=queue.message_timeout,
            message_expiration=queue.message_expiration,
            push=json.dumps(push.to_json()) if push else None,
            dead_letter_queue=dead_letter.queue_name if dead_letter else None,
            dead_letter_max=dead_letter.max_reservations if dead_letter else None,
        )
        if changes.alerts:
            row = self.storage.get_queue(project_id, name)
            assert row is not None
            self._set_alerts(row, changes.alerts, replace=True)
            queue = self._to_queue(row)
        return queue

    @staticmethod
    def _check_error_queue(name: str, push: PushSettings | None) -> None:
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

    def _update_queue(self, row: tuple[Any, ...], changes: QueueChanges) -> Queue:
        queue = self._to_queue(row)
        if changes.type is not None and changes.type != queue.type:
            raise Forbidden(TYPE_CHANGE)
        push = queue.push
        if changes.push is not None:
            if queue.type not in PUSH_TYPES:
                if changes.type == "pull":
                    raise InvalidArgument("push can only be set on push queues")
                # push without type means a multicast queue: that would change the type
                raise Forbidden(TYPE_CHANGE)
            push = self._apply_push(queue.push, changes.push)
        dead_letter = self._apply_dead_letter(
            queue.project_id, queue.name, queue.type, queue.dead_letter, changes.dead_letter
        )
        if changes.alerts is not None and queue.type in PUSH_TYPES:
            raise InvalidArgument(_alerts.PUSH_QUEUES_NO_ALERTS)
        self._check_error_queue(queue.name, push)
        if changes.alerts is not None:
            self._set_alerts(row, changes.alerts, replace=True)
        queue = replace(
            queue,
            message_timeout=changes.message_timeout or queue.message_timeout,
            message_expiration=changes.message_expiration or queue.message_expiration,
            push=push,
            dead_letter=dead_letter,
            alerts=self._alerts_of(row[0]),
        )
        self.storage.update_queue(
            pk=row[0],
            message_timeout=queue.message_timeout,
            message_expiration=queue.message_expiration,
            push=json.dumps(push.to_json()) if push else None,
            dead_letter_queue=dead_letter.queue_name if dead_letter else None,
            dead_letter_max=dead_letter.max_reservations if dead_letter else None,
        )
        return queue

    @staticmethod
    def _apply_push(current: PushSettings | None, changes: PushChanges) -> PushSettings:
        subscribers = changes.subscribers
        if subscribers is None:
            if current is None:
                raise InvalidArgument("push.subscribers must contain at least one subscriber")
            subscribers = current.subscribers
        if not subscribers:
            raise InvalidArgument("push.subscribers must contain at least one subscriber")
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
        self._ensure_queue(project_id, changes.queue_name)
        return DeadLetter(changes.queue_name, max_reservations)

    def get_queue(self, project_id: str, name: str) -> Queue:
        """Return a queue with its size (unexpired messages, reserved and delayed included)."""
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            now = self.clock.now()
            self.storage.purge_expired(row[0], now)
            if row[4] in PUSH_TYPES:
                self.storage.purge_finished(row[0], now)
            self._size_changed(row)
            return self._to_queue(row, size=self.storage.count_messages(row[0], now))

    def delete_queue(self, project_id: str, name: str) -> None:
        """Delete a queue and all its messages."""
        with self.storage.transaction():
            pk = self._queue_row(project_id, name)[0]
            self.storage.delete_queue(pk)
            self._alerted.discard(pk)
        self.on_available(project_id, name)  # waiting reservers learn it is gone

    def list_queues(
        self, project_id: str, previous: str | None, prefix: str | None, per_page: int
    ) -> list[str]:
        """Return queue names in byte order after `previous`, filtered by `prefix`."""
        return self.storage.list_queue_names(project_id, previous, prefix, per_page)

    def update_subscribers(
        self, project_id: str, name: str, subscribers: Sequence[Subscriber], mode: str
    ) -> None:
        """Add/update (`add`), replace (`replace`) or remove by name (`remove`) subscribers."""
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            queue = self._to_queue(row)
            if queue.push is None:
                raise InvalidArgument(SUBSCRIBERS_ON_PULL)
            current = {s.name: s for s in queue.push.subscribers}
            if mode == "replace":
                current = {s.name: s for s in subscribers}
            elif mode == "add":
                current.update({s.name: s for s in subscribers})
            else:
                for s in subscribers:
                    current.pop(s.name, None)
            if not current:
                raise InvalidArgument("a push queue must keep at least one subscriber")
            push = replace(queue.push, subscribers=tuple(current.values()))
            self._check_error_queue(name, push)
            self.storage.update_queue(
                pk=row[0],
                message_timeout=queue.message_timeout,
                message_expiration=queue.message_expiration,
                push=json.dumps(push.to_json()),
                dead_letter_queue=None,
                dead_letter_max=None,
            )

    # messages -------------------------------------------------------------------------

    def post_messages(
        self, project_id: str, name: str, messages: Sequence[NewMessage]
    ) -> list[int]:
        """Put messages on a queue (auto-creating a pull queue) and return their ids."""
        with self.storage.transaction():
            row = self._ensure_queue(project_id, name)
            ids = self._post(row, messages, self.clock.now())
        if row[4] in PUSH_TYPES:
            self.on_schedule()
        elif any(not m.delay for m in messages):
            self.on_available(project_id, name)
        return ids

    def _post(
        self, row: tuple[Any, ...], messages: Sequence[NewMessage], now: float, depth: int = 0
    ) -> list[int]:
        """Insert messages into a queue (push rows too, on push queues); judge its alerts."""
        pk, expiration, push = row[0], row[6], row[8]
        ids = self._new_ids(len(messages))
        parked = row[4] in PUSH_TYPES
        self.storage.insert_messages(
            [
                (
                    mid,
                    pk,
                    m.body,
                    json.dumps(m.push_headers) if m.push_headers else None,
                    PUSH_PARKED if parked else (now + m.delay if m.delay else 0.0),
                    now + expiration,
                )
                for mid, m in zip(ids, messages, strict=True)
            ]
        )
        self.storage.add_total(pk, len(messages))
        if parked and push:
            settings = json.loads(push)
            self.storage.insert_push_rows(
                [
                    (
                        mid,
                        i,
                        sub["name"],
                        sub["url"],
                        json.dumps(sub["headers"]) if sub.get("headers") else None,
                        settings["retries"],
                        now + m.delay,
                    )
                    for mid, m in zip(ids, messages, strict=True)
                    for i, sub in enumerate(settings["subscribers"])
                ]
            )
        self._size_changed(row, depth)
        return ids

    # alerts ---------------------------------------------------------------------------

    def _size_changed(self, row: tuple[Any, ...], depth: int = 0) -> None:
        """Judge the queue's alerts against its size now; post the messages of those that fire."""
        pk = row[0]
        if pk not in self._alerted or depth > _MAX_ALERT_DEPTH:
            return
        now = self.clock.now()
        size = self.storage.count_messages(pk, now)
        fired: list[Alert] = []
        for aid, type_, direction, trigger, target, snooze, last, until in self.storage.alerts(pk):
            if last == size:
                continue
            alert = Alert(aid, AlertSpec(type_, trigger, target, direction, snooze))
            fires = _alerts.crossed(alert.spec, last, size) and now >= until
            if fires:
                fired.append(alert)
            self.storage.update_alert_state(aid, size, now + snooze if fires else until)
        for alert in fired:
            body = _alerts.message_body(row[2], size, alert, now)
            target = self._ensure_queue(row[1], alert.spec.queue)
            self._post(target, [NewMessage(body)], now, depth + 1)
            self.on_available(row[1], alert.spec.queue)
        if fired:
            self.on_schedule()

    def _set_alerts(
        self, row: tuple[Any, ...], specs: Sequence[AlertSpec], *, replace: bool
    ) -> None:
        if row[4] in PUSH_TYPES:
            raise InvalidArgument(_alerts.PUSH_QUEUES_NO_ALERTS)
        pk = row[0]
        existing = self._alerts_of(pk)
        _alerts.check_new(
            row[2],
            existing,
            specs,
            replace=replace,
            progressive_edges=self.storage.progressive_edges(row[1]),
        )
        if replace:
            self.storage.delete_alerts(pk)
            existing = ()
        size = self.storage.count_messages(pk, self.clock.now())
        for i, spec in enumerate(specs, start=len(existing)):
            self.storage.insert_alert(
                pk,
                i,
                (
                    secrets.token_hex(12),
                    spec.type,
                    spec.direction,
                    spec.trigger,
                    spec.queue,
                    spec.snooze,
                    size,
                ),
            )
        if specs:
            self._alerted.add(pk)
        elif replace:
            self._alerted.discard(pk)
        self.on_schedule()

    def add_alerts(self, project_id: str, name: str, specs: Sequence[AlertSpec]) -> None:
        """Add alerts to a pull queue (at most 5 in all, none duplicating an existing one)."""
        with self.storage.transaction():
            self._set_alerts(self._queue_row(project_id, name), specs, replace=False)

    def replace_alerts(self, project_id: str, name: str, specs: Sequence[AlertSpec]) -> None:
        """Set a pull queue's alerts to exactly these."""
        with self.storage.transaction():
            self._set_alerts(self._queue_row(project_id, name), specs, replace=True)

    def remove_alerts(self, project_id: str, name: str, alert_ids: Sequence[str]) -> None:
        """Remove alerts by id; an unknown id is 404 and removes nothing."""
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            known = {a.id for a in self._alerts_of(row[0])}
            for aid in alert_ids:
                if aid not in known:
                    raise NotFound(f"{_alerts.ALERT_NOT_FOUND}: {aid}")
            self.storage.delete_alerts(row[0], alert_ids)
            if not self.storage.alerts(row[0]):
                self._alerted.discard(row[0])

    def expire_alerted(self) -> None:
        """Judge the alerts of queues whose messages may have expired since the last look."""
        if not self._alerted:
            return
        now = self.clock.now()
        with self.storage.transaction():
            for pk in list(self._alerted):
                row = self.storage.get_queue_by_pk(pk)
                first = self.storage.min_expiry(pk)
                if row is not None and first is not None and first <= now:
                    self.storage.purge_expired(pk, now)
                    self._size_changed(row)

    def next_alert_due(self) -> float | None:
        """The next time a message of a queue with alerts expires."""
        times = [t for pk in self._alerted if (t := self.storage.min_expiry(pk)) is not None]
        return min(times, default=None)

    def reserve(
        self, project_id: str, name: str, n: int, timeout: int, delete: bool
    ) -> list[Message]:
        """Reserve up to `n` available messages in id order; move dead letters on the way."""
        now = self.clock.now()
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            queue = self._to_queue(row)
            until = now + (timeout or queue.message_timeout)
            limit = queue.dead_letter.max_reservations if queue.dead_letter else None
            self.storage.promote_due(row[0], now)
            out, drop, dead = self._pick(row[0], now, n, limit)
            for i, m in enumerate(out):
                rid = _new_reservation_id()
                if delete:
                    drop.append(m.id)
                else:
                    self.storage.reserve(m.id, rid, until)
                out[i] = replace(m, reserved_count=m.reserved_count + 1, reservation_id=rid)
            if drop:
                self.storage.delete_messages(drop)
            if dead and queue.dead_letter:
                target = self._ensure_queue(project_id, queue.dead_letter.queue_name)
                for mid in dead:
                    self.storage.move_message(mid, target[0], now + target[6])
                self.storage.add_total(target[0], len(dead))
                self._size_changed(target)
            if drop or dead:
                self._size_changed(row)
        if dead and queue.dead_letter:
            self.on_available(project_id, queue.dead_letter.queue_name)
        return out

    def _pick(
        self, queue_pk: int, now: float, n: int, max_reservations: int | None
    ) -> tuple[list[Message], list[int], list[int]]:
        """Return (up to n reservable messages, expired ids, dead-letter ids) in id order."""
        out: list[Message] = []
        expired: list[int] = []
        dead: list[int] = []
        after = 0
        while len(out) < n:
            # Fetch in batches and update afterwards: never modify rows under a live cursor.
            rows = self.storage.scan_ready(queue_pk, after, n - len(out) + 16)
            if not rows:
                break
            for mid, body, count, expires_at in rows:
                if len(out) == n:
                    break
                after = mid
                if expires_at <= now:
                    expired.append(mid)
                elif max_reservations is not None and count >= max_reservations:
                    dead.append(mid)
                else:
                    out.append(Message(mid, body, count))
        return out, expired, dead

    def next_due(self, project_id: str, name: str) -> float | None:
        """Return when the next delayed or reserved message of a queue becomes available."""
        row = self.storage.get_queue(project_id, name)
        return None if row is None else self.storage.next_due(row[0], self.clock.now())

    def peek(self, project_id: str, name: str, n: int) -> list[Message]:
        """Return the first `n` available messages without reserving them."""
        now = self.clock.now()
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            self.storage.promote_due(row[0], now)
            return [Message(*r) for r in self.storage.peek(row[0], now, n)]

    def get_message(self, project_id: str, name: str, message_id: int) -> Message:
        """Return one message by id (reserved or not; on push queues, delivered ones too)."""
        row = self._queue_row(project_id, name)
        msg = self._find(row, message_id, self.clock.now())
        if msg is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        return Message(msg[0], msg[1], msg[2])

    def _check(
        self,
        msg: tuple[Any, ...],
        reservation_id: str | None,
        now: float,
        *,
        must_be_reserved: bool,
        suffix: str = "",
    ) -> None:
        """Check a reservation id against a message row (id, body, count, rid, available_at)."""
        reserved = msg[3] is not None and msg[4] > now
        if reservation_id is None:
            if reserved or must_be_reserved:
                raise ReservationRequired(RESERVATION_REQUIRED + suffix)
            return
        if not reserved or msg[3] != reservation_id:
            raise ReservationTimedOut(RESERVATION_TIMED_OUT + suffix)

    def _find(self, row: tuple[Any, ...], message_id: int, now: float) -> tuple[Any, ...] | None:
        if row[4] in PUSH_TYPES:
            return self.storage.get_any_message(row[0], message_id, now)
        return self.storage.get_message(row[0], message_id, now)

    def delete_message(
        self,
        project_id: str,
        name: str,
        message_id: int,
        reservation_id: str | None,
        subscriber_name: str | None = None,
    ) -> None:
        """Delete one message; a reserved one needs its current reservation id.

        On a push queue, `subscriber_name` acknowledges that subscriber's delivery instead
        (with the reservation id of its 202 answer while that lasts).
        """
        now = self.clock.now()
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            msg = self._find(row, message_id, now)
            if msg is None:
                raise NotFound(MESSAGE_NOT_FOUND)
            if subscriber_name and row[4] in PUSH_TYPES:
                self._acknowledge(row, message_id, subscriber_name, reservation_id, now)
                return
            self._check(msg, reservation_id, now, must_be_reserved=False)
            self.storage.delete_messages([message_id], push=row[4] in PUSH_TYPES)
            self._size_changed(row)

    def _acknowledge(
        self,
        row: tuple[Any, ...],
        message_id: int,
        subscriber: str,
        reservation_id: str | None,
        now: float,
    ) -> None:
        found = self.storage.push_row_by_name(message_id, subscriber)
        if found is None:
            raise NotFound(SUBSCRIBER_NOT_FOUND)
        position, status, rid, due_at = found
        if status == "reserved" and due_at is not None and due_at > now:
            if reservation_id is None:
                raise ReservationRequired(RESERVATION_REQUIRED)
            if reservation_id != rid:
                raise ReservationTimedOut(RESERVATION_TIMED_OUT)
        elif reservation_id is not None:
            raise ReservationTimedOut(RESERVATION_TIMED_OUT)
        elif status not in ("queued", "retrying", "reserved"):
            return  # nothing left to stop
        self.push.acknowledge(row, message_id, position, now)

    def delete_messages(self, project_id: str, name: str, targets: Sequence[DeleteTarget]) -> None:
        """Delete a batch, all or nothing; errors name the offending id."""
        now = self.clock.now()
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            found = self.storage.get_messages(row[0], [t.id for t in targets], now)
            for t in targets:
                msg = found.get(t.id)
                if msg is None:
                    raise NotFound(f"{MESSAGE_NOT_FOUND}: {t.id}")
                self._check(
                    msg,
                    t.reservation_id,
                    now,
                    must_be_reserved=False,
                    suffix=f" for message {t.id}",
                )
            self.storage.delete_messages([t.id for t in targets], push=row[4] in PUSH_TYPES)
            self._size_changed(row)

    def clear(self, project_id: str, name: str) -> None:
        """Delete every message of a queue, reserved ones included."""
        with self.storage.transaction():
            row = self._queue_row(project_id, name)
            self.storage.clear(row[0])
            self._size_changed(row)

    def _reserved_message(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None, now: float
    ) -> tuple[Any, ...]:
        """The queue row, once `reservation_id` is checked to hold the message (touch, release)."""
        row = self._queue_row(project_id, name)
        msg = self.storage.get_message(row[0], message_id, now)
        if msg is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        self._check(msg, reservation_id, now, must_be_reserved=True)
        return row

    def touch(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None, timeout: int
    ) -> str:
        """Extend a reservation from now; returns the new reservation id (the old one dies)."""
        now = self.clock.now()
        with self.storage.transaction():
            row = self._reserved_message(project_id, name, message_id, reservation_id, now)
            rid = _new_reservation_id()
            self.storage.reserve(message_id, rid, now + (timeout or row[5]))
            return rid

    def release(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None, delay: int
    ) -> None:
        """End a reservation; the message is available again now or after `delay`."""
        now = self.clock.now()
        with self.storage.transaction():
            self._reserved_message(project_id, name, message_id, reservation_id, now)
            self.storage.set_available(message_id, now + delay if delay else 0.0)
        if not delay:
            self.on_available(project_id, name)

    def push_statuses(self, project_id: str, name: str, message_id: int) -> list[dict[str, Any]]:
        """Return push statuses: one per subscriber on push queues, none on pull queues."""
        row = self._queue_row(project_id, name)
        if self._find(row, message_id, self.clock.now()) is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        return self.push.statuses(message_id) if row[4] in PUSH_TYPES else []

    def reset(self) -> None:
        """Delete every queue and message of every project."""
        with self.storage.transaction():
            self.storage.delete_all()
            self._alerted.clear()
