"""What a queue can do, written once as I/O-free flows that `Queue` and `AsyncQueue` run.

Also the queue's reservation memory: v3 needs a reservation id to delete, touch or release
a reserved message, which the legacy calls (`delete(id)`, `touch(id)`, `release(id)`) do
not pass; the queue object remembers the reservations it received instead.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias
from urllib.parse import quote

from . import _validate as v
from ._alerts import Alert
from ._constants import MAX_MESSAGES_PER_CALL
from ._core import Flow, single
from ._errors import InvalidArgumentError, QueueNotFoundError, UnsupportedArgumentError
from ._lazy import LazyModule
from ._messages import Message, ReservedMessage
from ._queue_info import DeadLetter, QueueInfo, QueueType
from ._subscribers import PushStatus, Subscriber, subscriber_name_for

if TYPE_CHECKING:
    from . import _wire as w
else:
    w = LazyModule("ironmq_sdk._wire")

MessageInput: TypeAlias = "str | Mapping[str, Any]"
"""A message to post: its body, or a dict with `body`, `delay` and `push_headers`."""
MessageRef: TypeAlias = "str | Message"
"""A message named by its id, or a message object (a ReservedMessage carries its reservation)."""
SubscriberInput: TypeAlias = "str | Subscriber | Mapping[str, Any]"
"""A subscriber: a bare URL (named for you), a Subscriber, or a dict with `url` (and `name`)."""
AlertInput: TypeAlias = "Alert | Mapping[str, Any]"
"""An alert: an Alert, or a dict with `type`, `trigger`, `queue`, `direction`, `snooze`."""

MEMORY_LIMIT = 10_000
"""Reservations a queue object remembers; the oldest are forgotten first."""


class ReservationMemory:
    """Message id -> latest reservation id this queue object received (thread-safe)."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def remember(self, message_id: str, reservation_id: str) -> None:
        """Record the newest reservation of a message."""
        with self._lock:
            self._ids[message_id] = reservation_id
            self._ids.move_to_end(message_id)
            while len(self._ids) > self._limit:
                self._ids.popitem(last=False)

    def get(self, message_id: str) -> str | None:
        """The remembered reservation, if any."""
        with self._lock:
            return self._ids.get(message_id)

    def forget(self, message_id: str, reservation_id: str | None = None) -> None:
        """Drop a message's reservation (only if it is still `reservation_id`, when given)."""
        with self._lock:
            if reservation_id is None or self._ids.get(message_id) == reservation_id:
                self._ids.pop(message_id, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._ids.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)


def _chunks(items: Sequence[Any], size: int = MAX_MESSAGES_PER_CALL) -> Iterable[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def subscriber_of(item: SubscriberInput, where: str = "subscribers") -> Subscriber:
    """Normalise a subscriber argument; bare URLs get a name derived from the URL."""
    if isinstance(item, Subscriber):
        return item
    if isinstance(item, str):
        v.non_empty(where, item)
        return Subscriber(name=subscriber_name_for(item), url=item)
    if isinstance(item, Mapping):
        url = item.get("url")
        if not isinstance(url, str) or not url:
            raise InvalidArgumentError(f"{where}.url", "is required (a non-empty string)")
        name = item.get("name") or subscriber_name_for(url)
        headers = item.get("headers") or {}
        return Subscriber(name=v.non_empty(f"{where}.name", name), url=url, headers=headers)
    raise InvalidArgumentError(where, f"must be a URL, a Subscriber or a dict, not {item!r}")


def alert_of(item: AlertInput, where: str = "alerts") -> Alert:
    """Normalise an alert argument."""
    if isinstance(item, Alert):
        return item
    if not isinstance(item, Mapping):
        raise InvalidArgumentError(where, f"must be an Alert or a dict, not {item!r}")
    kind = item.get("type")
    if kind not in ("fixed", "progressive"):
        raise InvalidArgumentError(f"{where}.type", "must be 'fixed' or 'progressive'")
    direction = item.get("direction", "asc")
    if direction not in ("asc", "desc"):
        raise InvalidArgumentError(f"{where}.direction", "must be 'asc' or 'desc'")
    return Alert(
        type=kind,
        trigger=v.integer(f"{where}.trigger", item.get("trigger"), 1),
        queue=v.non_empty(f"{where}.queue", item.get("queue")),
        direction=direction,
        snooze=v.integer(f"{where}.snooze", item.get("snooze", 0), 0),
        id=item.get("id"),
    )


def queue_settings(  # noqa: PLR0912  # one branch per optional setting
    *,
    message_timeout: int | None = None,
    message_expiration: int | None = None,
    type: QueueType | None = None,
    subscribers: Sequence[SubscriberInput] | None = None,
    retries: int | None = None,
    retries_delay: int | None = None,
    error_queue: str | None = None,
    dead_letter: DeadLetter | None = None,
    alerts: Sequence[AlertInput] | None = None,
) -> dict[str, Any]:
    """The `queue` object of create/update from keyword arguments (None = leave as is)."""
    out: dict[str, Any] = {}
    if message_timeout is not None:
        out["message_timeout"] = v.integer("message_timeout", message_timeout, 1, 86_400)
    if message_expiration is not None:
        out["message_expiration"] = v.integer(
            "message_expiration", message_expiration, 1, 2_592_000
        )
    if type is not None:
        if type not in ("pull", "multicast", "unicast"):
            raise InvalidArgumentError("type", "must be 'pull', 'multicast' or 'unicast'")
        out["type"] = type
    push: dict[str, Any] = {}
    if subscribers is not None:
        if isinstance(subscribers, (str, Mapping, Subscriber)):
            subscribers = [subscribers]
        if not subscribers:
            raise InvalidArgumentError("subscribers", "must name at least one subscriber")
        push["subscribers"] = [subscriber_of(s).to_wire() for s in subscribers]
    if retries is not None:
        push["retries"] = v.integer("retries", retries, 0, 100)
    if retries_delay is not None:
        push["retries_delay"] = v.integer("retries_delay", retries_delay, 3, 86_400)
    if error_queue is not None:
        push["error_queue"] = error_queue
    if push:
        out["push"] = push
    if dead_letter is not None:
        out["dead_letter"] = {
            "queue_name": dead_letter.queue_name,
            "max_reservations": v.integer(
                "dead_letter.max_reservations", dead_letter.max_reservations, 1, 1000
            ),
        }
    if alerts is not None:
        out["alerts"] = [alert_of(a).to_wire() for a in alerts]
    return out


class QueueCore:
    """A queue's operations as flows, plus its reservation memory (shared by its views)."""

    def __init__(self, project_id: str, name: str) -> None:
        self.project_id = project_id
        self.name = v.non_empty("name", name)
        self.reservations = ReservationMemory()

    # helpers --------------------------------------------------------------------------

    def _ref(self, message: MessageRef, reservation_id: str | None) -> tuple[str, str | None]:
        """(message id, best known reservation id): explicit > remembered > the object's."""
        if isinstance(message, Message):
            message_id = message.id
            own = message.reservation_id if isinstance(message, ReservedMessage) else None
        else:
            message_id = v.non_empty("message_id", message)
            own = None
        if reservation_id is not None:
            return message_id, v.non_empty("reservation_id", reservation_id)
        return message_id, self.reservations.get(message_id) or own

    def _need_reservation(self, verb: str, message: MessageRef, rid: str | None) -> str:
        if rid is None:
            message_id = message.id if isinstance(message, Message) else message
            raise InvalidArgumentError(
                "reservation_id",
                f"IronMQ v3 needs the reservation id to {verb} message {message_id}, and this "
                "queue object did not reserve it. Pass reservation_id= or the ReservedMessage",
            )
        return rid

    # messages -------------------------------------------------------------------------

    def post(self, messages: Sequence[MessageInput]) -> Flow[list[str]]:
        """Post messages, 100 per request; the ids in order."""
        if not messages:
            raise InvalidArgumentError("messages", "post at least one message")
        items = [v.message(i, m) for i, m in enumerate(messages)]
        ids: list[str] = []
        for chunk in _chunks(items):
            ids += yield from single(w.op_post_messages(self.project_id, self.name, chunk))
        return ids

    def post_webhook(self, body: str | bytes, push_headers: Mapping[str, str] | None) -> Flow[str]:
        """Post one message through the webhook endpoint; its id."""
        if not isinstance(body, (str, bytes)):
            raise InvalidArgumentError("body", f"must be str or bytes, not {type(body).__name__}")
        payload = body.encode() if isinstance(body, str) else body
        headers = v.push_headers(push_headers or {})
        return (yield from single(w.op_webhook(self.project_id, self.name, payload, headers)))

    def reserve(
        self, n: int, timeout: int | None, wait: int | None, delete: bool
    ) -> Flow[list[ReservedMessage]]:
        """Reserve up to n messages and remember their reservations."""
        op = w.op_reserve(
            self.project_id,
            self.name,
            n=v.count("n", n),
            timeout=v.reservation_timeout(timeout),
            wait=v.wait(wait),
            delete=bool(delete),
        )
        messages: list[ReservedMessage] = yield op
        if not delete:
            for m in messages:
                self.reservations.remember(m.id, m.reservation_id)
        return messages

    def peek(self, n: int) -> Flow[list[Message]]:
        """The first available messages, not reserved."""
        return (yield from single(w.op_peek(self.project_id, self.name, v.count("max", n))))

    def get_message(self, message_id: str) -> Flow[Message]:
        """One message by id."""
        mid = v.non_empty("message_id", message_id)
        return (yield from single(w.op_get_message(self.project_id, self.name, mid)))

    def delete(
        self, message: MessageRef, reservation_id: str | None, subscriber_name: str | None
    ) -> Flow[None]:
        """Delete one message (with its reservation, when known)."""
        message_id, rid = self._ref(message, reservation_id)
        yield w.op_delete_message(
            self.project_id,
            self.name,
            message_id,
            reservation_id=rid,
            subscriber_name=subscriber_name,
        )
        self.reservations.forget(message_id)

    def delete_multiple(self, messages: Sequence[MessageRef]) -> Flow[None]:
        """Delete many messages, 100 per request; an empty list is an error, never a clear."""
        if isinstance(messages, (str, Message)):
            messages = [messages]
        if not messages:
            raise InvalidArgumentError(
                "messages", "name at least one message (use clear() to empty the queue)"
            )
        refs = [self._ref(m, None) for m in messages]
        for chunk in _chunks(refs):
            yield w.op_delete_messages(self.project_id, self.name, chunk)
            for message_id, _ in chunk:
                self.reservations.forget(message_id)

    def clear(self) -> Flow[None]:
        """Delete every message, reserved ones included."""
        yield w.op_clear(self.project_id, self.name)
        self.reservations.clear()

    def touch(
        self, message: MessageRef, reservation_id: str | None, timeout: int | None
    ) -> Flow[str]:
        """Extend a reservation; remembers and returns the new reservation id."""
        message_id, rid = self._ref(message, reservation_id)
        rid = self._need_reservation("touch", message, rid)
        op = w.op_touch(self.project_id, self.name, message_id, rid, v.reservation_timeout(timeout))
        new_rid: str = yield op
        self.reservations.remember(message_id, new_rid)
        return new_rid

    def release(self, message: MessageRef, reservation_id: str | None, delay: int) -> Flow[None]:
        """End a reservation; the message is available again after `delay` seconds."""
        message_id, rid = self._ref(message, reservation_id)
        rid = self._need_reservation("release", message, rid)
        yield w.op_release(self.project_id, self.name, message_id, rid, v.delay(delay))
        self.reservations.forget(message_id, rid)

    def push_statuses(self, message_id: MessageRef) -> Flow[list[PushStatus]]:
        """How delivery of a message to each subscriber went."""
        mid, _ = self._ref(message_id, None)
        return (yield from single(w.op_push_statuses(self.project_id, self.name, mid)))

    def acknowledge_push(
        self, message_id: MessageRef, subscriber_name: str | Subscriber, reservation_id: str | None
    ) -> Flow[None]:
        """Acknowledge a push that the subscriber answered with 202 (deletes it for them)."""
        name = subscriber_name.name if isinstance(subscriber_name, Subscriber) else subscriber_name
        return (yield from self.delete(message_id, reservation_id, v.non_empty("subscriber", name)))

    # the queue ------------------------------------------------------------------------

    def info(self) -> Flow[QueueInfo]:
        """The queue's settings and counters."""
        return (yield from single(w.op_get_queue(self.project_id, self.name)))

    def create(self, settings: Mapping[str, Any]) -> Flow[QueueInfo]:
        """Create the queue, or update it if it exists (PUT)."""
        return (yield from single(w.op_create_queue(self.project_id, self.name, settings)))

    def update_queue(self, settings: Mapping[str, Any]) -> Flow[QueueInfo]:
        """Update an existing queue (PATCH)."""
        if not settings:
            raise InvalidArgumentError("settings", "name at least one setting to change")
        return (yield from single(w.op_update_queue(self.project_id, self.name, settings)))

    def update(
        self,
        subscribers: Sequence[SubscriberInput] | None,
        push_type: str | None,
        settings: Mapping[str, Any],
    ) -> Flow[QueueInfo]:
        """The legacy `update(subscribers=..., push_type=...)`: create a push queue or update it."""
        if push_type is not None and push_type not in ("pull", "multicast", "unicast"):
            raise InvalidArgumentError("push_type", "must be 'multicast', 'unicast' or 'pull'")
        body = dict(settings)
        if subscribers is not None:
            if push_type == "pull":
                raise InvalidArgumentError("subscribers", "a pull queue has no subscribers")
            subs = queue_settings(subscribers=subscribers)["push"]["subscribers"]
            body.setdefault("push", {})["subscribers"] = subs
        try:
            current: QueueInfo | None = yield w.op_get_queue(self.project_id, self.name)
        except QueueNotFoundError:
            current = None
        if current is None:
            if push_type is not None:
                body["type"] = push_type
            elif "push" in body:
                body["type"] = "multicast"
            return (yield from single(w.op_create_queue(self.project_id, self.name, body)))
        if push_type is not None and push_type != current.type:
            raise UnsupportedArgumentError(
                "push_type",
                f"queue {self.name!r} is a {current.type} queue and IronMQ v3 cannot change a "
                f"queue's type. Delete it (delete_queue()) and create it again with "
                f"create_queue(type={push_type!r}, subscribers=[...])",
            )
        if not body:
            return current
        return (yield from single(w.op_update_queue(self.project_id, self.name, body)))

    def delete_queue(self) -> Flow[None]:
        """Delete the queue and its messages."""
        yield w.op_delete_queue(self.project_id, self.name)
        self.reservations.clear()

    # subscribers ----------------------------------------------------------------------

    def add_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Add subscribers (or update those whose name exists)."""
        subs = self._subscribers(subscribers)
        return (yield from single(w.op_subscribers(self.project_id, self.name, "add", subs)))

    def replace_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Set the subscribers to exactly these."""
        subs = self._subscribers(subscribers)
        return (yield from single(w.op_subscribers(self.project_id, self.name, "replace", subs)))

    def remove_subscribers(self, subscribers: Sequence[SubscriberInput]) -> Flow[None]:
        """Remove subscribers by name, Subscriber, or URL (looked up on the queue)."""
        if not subscribers:
            raise InvalidArgumentError("subscribers", "name at least one subscriber")
        names: list[str] = []
        urls: list[str] = []
        for item in subscribers:
            if isinstance(item, Subscriber):
                names.append(item.name)
            elif isinstance(item, Mapping):
                if item.get("name"):
                    names.append(str(item["name"]))
                else:
                    urls.append(v.non_empty("subscribers.url", item.get("url")))
            elif isinstance(item, str) and "://" in item:
                urls.append(item)
            else:
                names.append(v.non_empty("subscribers", item))
        if urls:
            info: QueueInfo = yield w.op_get_queue(self.project_id, self.name)
            current = info.push.subscribers if info.push else ()
            for url in urls:
                found = [s.name for s in current if s.url == url]
                if not found:
                    raise InvalidArgumentError(
                        "subscribers", f"queue {self.name!r} has no subscriber with URL {url!r}"
                    )
                names += found
        subs = [Subscriber(name=n, url="") for n in dict.fromkeys(names)]
        return (yield from single(w.op_subscribers(self.project_id, self.name, "remove", subs)))

    def _subscribers(self, subscribers: Sequence[SubscriberInput]) -> list[Subscriber]:
        if not subscribers:
            raise InvalidArgumentError("subscribers", "name at least one subscriber")
        return [subscriber_of(s, f"subscribers[{i}]") for i, s in enumerate(subscribers)]

    # alerts ---------------------------------------------------------------------------

    def add_alerts(self, alerts: Sequence[AlertInput]) -> Flow[None]:
        """Add size alerts (at most 5 per queue)."""
        if not alerts:
            raise InvalidArgumentError("alerts", "name at least one alert")
        items = [alert_of(a, f"alerts[{i}]") for i, a in enumerate(alerts)]
        return (yield from single(w.op_add_alerts(self.project_id, self.name, items)))

    def replace_alerts(self, alerts: Sequence[AlertInput]) -> Flow[None]:
        """Set the alerts to exactly these (none removes all)."""
        items = [alert_of(a, f"alerts[{i}]") for i, a in enumerate(alerts)]
        return (yield from single(w.op_replace_alerts(self.project_id, self.name, items)))

    def remove_alerts(self, alert_ids: Sequence[str | Alert]) -> Flow[None]:
        """Remove alerts by id."""
        if not alert_ids:
            raise InvalidArgumentError("alert_ids", "name at least one alert")
        ids = [a.id if isinstance(a, Alert) else a for a in alert_ids]
        checked = [v.non_empty("alert_ids", i) for i in ids]
        return (yield from single(w.op_remove_alerts(self.project_id, self.name, checked)))

    def remove_alert(self, alert_id: str | Alert) -> Flow[None]:
        """Remove one alert by id."""
        aid = alert_id.id if isinstance(alert_id, Alert) else alert_id
        return (
            yield from single(
                w.op_remove_alert(self.project_id, self.name, v.non_empty("alert_id", aid))
            )
        )

    # pure helpers ---------------------------------------------------------------------

    def webhook_url(self, base_url: str, token: str | None) -> str:
        """The URL that turns any POST body into a message of this queue."""
        url = f"{base_url}/3/projects/{quote(self.project_id, safe='')}/queues/"
        url += f"{quote(self.name, safe='')}/webhook"
        return f"{url}?oauth={quote(token, safe='')}" if token else url
