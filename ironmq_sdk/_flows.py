"""What a queue can do, written once as I/O-free flows that `Queue` and `AsyncQueue` run.

The flows check arguments, split batches, keep the reservation memory and chain requests
(create-if-missing, subscriber look-ups); the injected `Wire` builds each request for the
client's API version. Where versions differ, a flow reads `wire.caps`, never a version.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from . import _batches as batches
from . import _inputs as i
from . import _validate as v
from ._alerts import Alert
from ._constants import MAX_MESSAGES_PER_CALL
from ._core import Flow, single
from ._errors import InvalidArgumentError, QueueNotFoundError, UnsupportedArgumentError
from ._messages import Message, ReservedMessage
from ._push import PushMessage
from ._queue_info import QueueInfo
from ._reservations import ReservationMemory
from ._subscribers import PushStatus, Subscriber
from ._types import AlertInput, MessageInput, MessageRef, SubscriberInput
from ._wire import Page, Wire

MAX_PER_PAGE = MAX_MESSAGES_PER_CALL
"""The largest page of queue names the API serves."""


_PUSH_SETTINGS = ("subscribers", "retries", "retries_delay", "error_queue")
"""Settings that only a push queue has."""


class QueuePages:
    """Walks the queue listing page by page, however the API version pages (I/O-free)."""

    def __init__(self, wire: Wire, prefix: str | None, per_page: int) -> None:
        self._wire = wire
        self._prefix = prefix
        self._per_page = v.integer("per_page", per_page, 1, MAX_PER_PAGE)
        self._page: Page | None = Page()

    def next(self) -> Flow[list[str]] | None:
        """The flow of the next page, or None after the last one."""
        return None if self._page is None else self._fetch(self._page)

    def _fetch(self, page: Page) -> Flow[list[str]]:
        names: list[str] = yield self._wire.list_queues(self._per_page, self._prefix, page)
        self._page = self._wire.next_page(names, self._per_page, page)
        return names


def queue_page(
    wire: Wire, per_page: int | None, previous: str | None, prefix: str | None, page: int | None
) -> Flow[list[str]]:
    """One page of queue names: after `previous` (v3) or number `page` (v2)."""
    if per_page is not None:
        v.integer("per_page", per_page, 1)
    if page is not None:
        v.integer("page", page, 0)
    op = wire.list_queues(per_page, prefix, Page(previous=previous, number=page))
    return (yield from single(op))


class _QueueState:
    """What both halves of `QueueFlows` work with."""

    wire: Wire
    """Builds the requests of the client's API version."""
    name: str
    """The queue's name."""
    reservations: ReservationMemory
    """What this queue's objects reserved (see `_reservations`)."""


class MessageFlows(_QueueState):
    """Posting, reserving and settling messages."""

    # helpers --------------------------------------------------------------------------

    @staticmethod
    def _own(message: MessageRef) -> tuple[str, str | None]:
        """(message id, the reservation id the message object carries, if any)."""
        if isinstance(message, Message):
            return message.id, message.reservation_id
        return v.non_empty("message_id", message), None

    def _ref(self, message: MessageRef, reservation_id: str | None) -> tuple[str, str | None]:
        """(message id, best known reservation id): explicit > remembered > the object's."""
        message_id, own = self._own(message)
        if reservation_id is not None:
            return message_id, v.non_empty("reservation_id", reservation_id)
        if not self.wire.caps.reservations:
            return message_id, None
        return message_id, self.reservations.get(message_id) or own

    def _refs(self, messages: Sequence[MessageRef]) -> list[tuple[str, str | None]]:
        """`_ref` of many messages, looking the memory up once (`_own` inlined: a batch
        delete takes 100)."""
        owned = [
            (m.id, m.reservation_id) if isinstance(m, Message) else self._own(m) for m in messages
        ]
        if not self.wire.caps.reservations:
            return [(message_id, None) for message_id, _ in owned]
        remembered = self.reservations.get_all([message_id for message_id, _ in owned])
        return [(mid, rid or own) for (mid, own), rid in zip(owned, remembered, strict=True)]

    def _need_reservation(self, verb: str, message: MessageRef, rid: str | None) -> str | None:
        caps = self.wire.caps
        if rid is None and caps.reservations:
            message_id = message.id if isinstance(message, Message) else message
            raise InvalidArgumentError(
                "reservation_id",
                f"{caps.label} needs the reservation id to {verb} message {message_id}, and "
                "this queue object did not reserve it. Pass reservation_id= or the "
                "ReservedMessage",
            )
        return rid

    # messages -------------------------------------------------------------------------

    def post(
        self, messages: Sequence[MessageInput], at_least_once: bool = False
    ) -> Flow[list[str]]:
        """Post messages, 100 per request; the ids in order (see `_batches` on failures)."""
        if not messages:
            raise InvalidArgumentError("messages", "post at least one message")
        caps = self.wire.caps
        items = [i.message(n, m, caps) for n, m in enumerate(messages)]
        return (yield from batches.post(self.wire, self.name, items, at_least_once))

    def post_webhook(self, body: str | bytes, push_headers: Mapping[str, str] | None) -> Flow[str]:
        """Post one message through the webhook endpoint; its id."""
        if not isinstance(body, (str, bytes)):
            raise InvalidArgumentError("body", f"must be str or bytes, not {type(body).__name__}")
        payload = body.encode() if isinstance(body, str) else body
        headers = v.push_headers(push_headers or {})
        return (yield from single(self.wire.post_webhook(self.name, payload, headers)))

    def reserve(
        self, n: int, timeout: int | None, wait: int | None, delete: bool, *, n_name: str = "n"
    ) -> Flow[list[ReservedMessage]]:
        """Reserve up to n messages and remember their reservations.

        Args:
            n_name: the name the caller gave `n` (`get(max=)`), which an error names.
        """
        wait = v.wait(wait)
        op = self.wire.reserve(
            self.name,
            n=v.count(n_name, n),
            timeout=v.reservation_timeout(timeout),
            wait=wait,
            delete=bool(delete),
        )
        if wait:
            # The server holds a long poll up to `wait` seconds before answering: the read
            # timeout must outlast it, whatever the client's timeout says.
            op = dataclasses.replace(op, long_poll=wait)
        messages: list[ReservedMessage] = yield op
        # Deleted on reservation, they have nothing left to delete, touch or release.
        if not delete and self.wire.caps.reservations:
            self.reservations.remember_all(
                (m.id, m.reservation_id) for m in messages if m.reservation_id
            )
        return messages

    def peek(self, n: int) -> Flow[list[Message]]:
        """The first available messages, not reserved."""
        return (yield from single(self.wire.peek(self.name, v.count("max", n))))

    def get_message(self, message_id: str) -> Flow[Message]:
        """One message by id."""
        mid = v.non_empty("message_id", message_id)
        return (yield from single(self.wire.get_message(self.name, mid)))

    def delete(
        self, message: MessageRef, reservation_id: str | None, subscriber_name: str | None
    ) -> Flow[None]:
        """Delete one message (with its reservation, when known), or a subscriber's push."""
        message_id, rid = self._ref(message, reservation_id)
        if subscriber_name:
            yield self.wire.acknowledge_push(self.name, message_id, subscriber_name, rid)
        else:
            yield from batches.delete_one(self.wire, self.name, message_id, rid, gone_ok=False)
        self.reservations.forget(message_id)

    def delete_multiple(self, messages: Sequence[MessageRef]) -> Flow[None]:
        """Delete many messages, 100 per request; an empty list is an error, never a clear."""
        if isinstance(messages, (str, Message)):
            messages = [messages]
        if not messages:
            raise InvalidArgumentError(
                "messages", "name at least one message (use clear() to empty the queue)"
            )
        refs = self._refs(messages)
        yield from batches.delete(self.wire, self.name, refs, self.reservations.forget_all)

    def clear(self) -> Flow[None]:
        """Delete every message, reserved ones included."""
        yield self.wire.clear(self.name)
        self.reservations.clear()

    def touch(
        self, message: MessageRef, reservation_id: str | None, timeout: int | None
    ) -> Flow[str | None]:
        """Extend a reservation; remembers and returns the new reservation id (None on a
        version without reservation ids)."""
        message_id, rid = self._ref(message, reservation_id)
        rid = self._need_reservation("touch", message, rid)
        timeout = v.reservation_timeout(timeout)
        new_rid: str | None = yield self.wire.touch(self.name, message_id, rid, timeout)
        if self.wire.caps.reservations and new_rid:
            self.reservations.remember(message_id, new_rid)
        return new_rid

    def release(self, message: MessageRef, reservation_id: str | None, delay: int) -> Flow[None]:
        """End a reservation; the message is available again after `delay` seconds."""
        message_id, rid = self._ref(message, reservation_id)
        rid = self._need_reservation("release", message, rid)
        yield self.wire.release(self.name, message_id, rid, v.delay(delay))
        self.reservations.forget(message_id, rid)

    def push_statuses(self, message_id: MessageRef) -> Flow[list[PushStatus]]:
        """How delivery of a message to each subscriber went."""
        mid, _ = self._ref(message_id, None)
        return (yield from single(self.wire.push_statuses(self.name, mid)))

    def acknowledge_push(
        self,
        message_id: MessageRef,
        subscriber: str | Subscriber | PushStatus,
        reservation_id: str | None,
    ) -> Flow[None]:
        """Acknowledge a push that the subscriber answered with 202 (deletes it for them).

        `subscriber` is named as the version acknowledges: by name (v3), or by the `id` of
        its push status (v2; a `PushStatus` carries both).
        """
        caps = self.wire.caps
        if isinstance(subscriber, PushStatus):
            key = subscriber.name if caps.acknowledge_by == "name" else subscriber.id
        elif isinstance(subscriber, Subscriber):
            if caps.acknowledge_by != "name":
                raise UnsupportedArgumentError(
                    "subscriber",
                    f"{caps.label} acknowledges a push by its push status's id: pass the "
                    "PushStatus (get_message_push_statuses) or the push's "
                    "Iron-Subscriber-Message-Id",
                )
            key = subscriber.name
        else:
            key = subscriber
        return (yield from self.delete(message_id, reservation_id, v.non_empty("subscriber", key)))

    def acknowledge(self, push: PushMessage) -> Flow[None]:
        """Acknowledge a push received with `PushMessage.from_request`, by what it carries."""
        caps = self.wire.caps
        if caps.acknowledge_by == "name":
            key, header = push.subscriber_name, "Iron-Subscriber-Name"
        else:
            key, header = push.subscriber_message_id, "Iron-Subscriber-Message-Id"
        if not key:
            raise InvalidArgumentError(
                "push", f"{caps.label} acknowledges by the push's {header} header: it has none"
            )
        return (yield from self.delete(push.message_id, push.reservation_id, key))


class SettingsFlows(_QueueState):
    """The queue itself: settings, subscribers and alerts."""

    # the queue ------------------------------------------------------------------------

    def info(self) -> Flow[QueueInfo]:
        """The queue's settings and counters."""
        return (yield from single(self.wire.get_queue(self.name)))

    def create(self, settings: Mapping[str, Any]) -> Flow[QueueInfo]:
        """Create the queue, or update it if it exists (`create` keywords)."""
        checked = i.queue_settings(settings, i.CREATE, self.wire.caps, "create")
        return (yield from single(self.wire.create_queue(self.name, checked)))

    def update_queue(self, settings: Mapping[str, Any]) -> Flow[QueueInfo]:
        """Update an existing queue (`update_queue` keywords)."""
        checked = i.queue_settings(settings, i.UPDATE, self.wire.caps, "update_queue")
        if not checked:
            raise InvalidArgumentError("settings", "name at least one setting to change")
        return (yield from single(self.wire.update_queue(self.name, checked)))

    def remove_dead_letter(self) -> Flow[QueueInfo]:
        """Stop moving messages to a dead-letter queue."""
        return (yield from single(self.wire.remove_dead_letter(self.name)))

    def update(
        self,
        subscribers: Sequence[SubscriberInput] | None,
        push_type: str | None,
        settings: Mapping[str, Any],
    ) -> Flow[QueueInfo]:
        """The legacy `update(subscribers=..., push_type=...)`: create a push queue or update it."""
        if push_type is not None and push_type not in ("pull", "multicast", "unicast"):
            raise InvalidArgumentError("push_type", "must be 'multicast', 'unicast' or 'pull'")
        caps = self.wire.caps
        body = i.queue_settings(settings, i.PUSH_UPDATE, caps, "update")
        if subscribers is not None:
            if push_type == "pull":
                raise InvalidArgumentError("subscribers", "a pull queue has no subscribers")
            body["subscribers"] = i.SETTINGS["subscribers"](subscribers)
        if not caps.fixed_queue_type and caps.update_creates:
            # One request does it all: the update creates a missing queue and sets its type.
            if push_type is not None:
                body["type"] = push_type
            return (yield from single(self.wire.update_queue(self.name, body)))
        # Otherwise (v3) look first: a missing queue is created with PUT, since PATCH would be
        # a 404, and asking an existing queue for another type is refused before sending.
        try:
            current: QueueInfo | None = yield self.wire.get_queue(self.name)
        except QueueNotFoundError:
            current = None
        if current is None:
            if push_type is not None:
                body["type"] = push_type
            elif any(key in body for key in _PUSH_SETTINGS):
                body["type"] = "multicast"  # push settings without a type: IronMQ's default
            return (yield from single(self.wire.create_queue(self.name, body)))
        if push_type is not None and push_type != current.type:
            if caps.fixed_queue_type:
                raise UnsupportedArgumentError(
                    "push_type",
                    f"queue {self.name!r} is a {current.type} queue and {caps.label} cannot "
                    f"change a queue's type. Delete it (delete_queue()) and create it again "
                    f"with create_queue(type={push_type!r}, subscribers=[...])",
                )
            body["type"] = push_type
        if not body:
            return current
        return (yield from single(self.wire.update_queue(self.name, body)))

    def delete_queue(self) -> Flow[None]:
        """Delete the queue and its messages."""
        yield self.wire.delete_queue(self.name)
        self.reservations.clear()

    # subscribers ----------------------------------------------------------------------

    def add_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Add subscribers (or update those whose name exists)."""
        subs = i.subscriber_list(subscribers)
        return (yield from single(self.wire.add_subscribers(self.name, subs)))

    def replace_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Set the subscribers to exactly these."""
        subs = i.subscriber_list(subscribers)
        return (yield from single(self.wire.replace_subscribers(self.name, subs)))

    def remove_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Remove subscribers by name, Subscriber, or URL (looked up on the queue if needed)."""
        key = self.wire.caps.subscriber_key
        other = "url" if key == "name" else "name"
        refs = i.subscriber_refs(subscribers)
        if any(not getattr(ref, key) for ref in refs):
            # The version removes by `key`, and some were named by the other field.
            info: QueueInfo = yield self.wire.get_queue(self.name)
            current = info.push.subscribers if info.push else ()
            found: list[Subscriber] = []
            for ref in refs:
                if getattr(ref, key):
                    found.append(ref)
                    continue
                given = getattr(ref, other)
                matches = [s for s in current if getattr(s, other) == given]
                if not matches:
                    what = "with URL" if other == "url" else "named"
                    raise InvalidArgumentError(
                        "subscribers", f"queue {self.name!r} has no subscriber {what} {given!r}"
                    )
                found += matches
            refs = found
        unique = list({getattr(ref, key): ref for ref in refs}.values())
        return (yield from single(self.wire.remove_subscribers(self.name, unique)))

    # alerts ---------------------------------------------------------------------------

    def add_alerts(self, alerts: Sequence[AlertInput]) -> Flow[None]:
        """Add size alerts (at most 5 per queue)."""
        if not alerts:
            raise InvalidArgumentError("alerts", "name at least one alert")
        items = [i.alert_of(a, f"alerts[{n}]") for n, a in enumerate(alerts)]
        return (yield from single(self.wire.add_alerts(self.name, items)))

    def replace_alerts(self, alerts: Sequence[AlertInput]) -> Flow[None]:
        """Set the alerts to exactly these (none removes all)."""
        items = [i.alert_of(a, f"alerts[{n}]") for n, a in enumerate(alerts)]
        return (yield from single(self.wire.replace_alerts(self.name, items)))

    def remove_alerts(self, alert_ids: Sequence[str | Alert]) -> Flow[None]:
        """Remove alerts by id."""
        if not alert_ids:
            raise InvalidArgumentError("alert_ids", "name at least one alert")
        ids = [a.id if isinstance(a, Alert) else a for a in alert_ids]
        checked = [v.non_empty("alert_ids", a) for a in ids]
        return (yield from single(self.wire.remove_alerts(self.name, checked)))

    def remove_alert(self, alert_id: str | Alert) -> Flow[None]:
        """Remove one alert by id."""
        aid = v.non_empty("alert_id", alert_id.id if isinstance(alert_id, Alert) else alert_id)
        return (yield from single(self.wire.remove_alert(self.name, aid)))


class QueueFlows(MessageFlows, SettingsFlows):
    """A queue's operations as flows, plus its reservation memory (shared by its views)."""

    def __init__(self, wire: Wire, name: str) -> None:
        self.wire = wire
        self.name: str = v.non_empty("name", name)
        self.reservations: ReservationMemory = ReservationMemory()
