"""IronMQ v3's JSON and the SDK's values: answers read into value types, settings rendered.

The answers' models are liberal (the spec's "liberal answers"): where a field may be absent,
its absence reads as the spec's decision 23 says (a queue's `type` is `pull`, a message's
`reserved_count` 0, an alert's `direction` `asc` and `snooze` 0), and an unknown push status
is kept as it came.

The answers of the message hot path are read directly when they have the usual fields only
(`_PLAIN_*`, what ironmq-local and IronMQ answer), and through the generated models when
they carry any other (see `_wire/direct.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ironmq_api_v3 import models as g
from ironmq_api_v3.models.queue_type import check_queue_type
from ironmq_api_v3.types import Unset

from ..._alerts import Alert
from ..._messages import Message, ReservedMessage, quick_message
from ..._queue_info import DeadLetter, QueueInfo
from ..._subscribers import PushSettings, PushStatus, Subscriber
from ..base import Settings


def none(data: Any) -> None:
    """Check a `{"msg": ...}` answer; the result is None."""
    g.StatusMessage.from_dict(data)


def opt(value: Any) -> Any:
    """A generated model's optional field: None when unset."""
    return None if isinstance(value, Unset) else value


# conversions ----------------------------------------------------------------------------


def subscriber(s: g.Subscriber) -> Subscriber:
    headers = {} if isinstance(s.headers, Unset) else dict(s.headers.additional_properties)
    return Subscriber(name=s.name, url=s.url, headers=headers)


def alert(a: g.Alert) -> Alert:
    return Alert(
        type=a.type_,
        trigger=a.trigger,
        queue=a.queue,
        direction=opt(a.direction) or "asc",
        snooze=opt(a.snooze) or 0,
        id=opt(a.id),
    )


def queue_info(data: Any) -> QueueInfo:
    """Our QueueInfo from a `{"queue": {...}}` answer."""
    q = g.QueueInfoEnvelope.from_dict(data).queue
    push = None
    if not isinstance(q.push, Unset):
        push = PushSettings(
            subscribers=tuple(subscriber(s) for s in q.push.subscribers),
            retries=opt(q.push.retries),
            retries_delay=opt(q.push.retries_delay),
            error_queue=opt(q.push.error_queue),
            rate_limit=opt(q.push.rate_limit),
        )
    dead_letter = None
    if not isinstance(q.dead_letter, Unset):
        dead_letter = DeadLetter(q.dead_letter.queue_name, q.dead_letter.max_reservations)
    return QueueInfo(
        name=q.name,
        project_id=q.project_id,
        type=opt(q.type_) or "pull",
        message_timeout=q.message_timeout,
        message_expiration=q.message_expiration,
        id=opt(q.id),
        size=opt(q.size),
        total_messages=opt(q.total_messages),
        push=push,
        dead_letter=dead_letter,
        alerts=() if isinstance(q.alerts, Unset) else tuple(alert(a) for a in q.alerts),
    )


def message(m: g.Message) -> Message:
    statuses = () if isinstance(m.push_statuses, Unset) else m.push_statuses
    return Message(
        id=m.id,
        body=m.body,
        reserved_count=opt(m.reserved_count) or 0,
        reservation_id=opt(m.reservation_id) or None,
        reserved_until=opt(m.reserved_until),
        timeout=opt(m.timeout),
        expires_in=opt(m.expires_in),
        delay=opt(m.delay),
        push_statuses=tuple(push_status(s) for s in statuses),
    )


def reserved(m: g.ReservedMessage) -> ReservedMessage:
    return ReservedMessage(
        id=m.id,
        body=m.body,
        reserved_count=m.reserved_count,
        reservation_id=opt(m.reservation_id) or None,
        reserved_until=opt(m.reserved_until),
        timeout=opt(m.timeout),
        expires_in=opt(m.expires_in),
        delay=opt(m.delay),
    )


def push_status(s: g.PushStatus) -> PushStatus:
    return PushStatus(
        name=s.name,
        url=s.url,
        status=opt(s.status),
        retries_remaining=s.retries_remaining,
        tries=s.tries,
        status_code=opt(s.status_code),
        last_try_at=opt(s.last_try_at),
        id=opt(s.id),
        retries_delay=opt(s.retries_delay),
    )


# the hot path's answers, read directly when plain ---------------------------------------

_PLAIN_MESSAGE = frozenset({"id", "body", "reserved_count", "reservation_id"})
_PLAIN_QUEUE = frozenset(
    {
        "id",
        "project_id",
        "name",
        "size",
        "total_messages",
        "message_timeout",
        "message_expiration",
        "type",
    }
)


def queue_info_fast(data: Any) -> QueueInfo:
    """`queue_info`, reading a pull queue's usual answer directly."""
    q = data["queue"]
    if not q.keys() <= _PLAIN_QUEUE:
        return queue_info(data)
    kind = q.get("type")
    return QueueInfo(
        name=q["name"],
        project_id=q["project_id"],
        type="pull" if kind is None else check_queue_type(kind),
        message_timeout=q["message_timeout"],
        message_expiration=q["message_expiration"],
        id=q.get("id"),
        size=q.get("size"),
        total_messages=q.get("total_messages"),
    )


def _message(m: Any) -> Message:
    if not m.keys() <= _PLAIN_MESSAGE:
        return message(g.Message.from_dict(m))
    return quick_message(
        Message,
        m["id"],
        m["body"],
        m.get("reserved_count") or 0,
        reservation_id=m.get("reservation_id") or None,
    )


def message_list(data: Any) -> list[Message]:
    """The messages of a `{"messages": [...]}` answer to a peek."""
    return [_message(m) for m in data["messages"]]


def message_envelope(data: Any) -> Message:
    """The message of a `{"message": {...}}` answer to a get."""
    return _message(data["message"])


def reserved_list(data: Any) -> list[ReservedMessage]:
    """The messages of a `{"messages": [...]}` answer to a reservation."""
    out = []
    for m in data["messages"]:
        if m.keys() <= _PLAIN_MESSAGE:
            out.append(
                quick_message(
                    ReservedMessage,
                    m["id"],
                    m["body"],
                    m["reserved_count"],
                    reservation_id=m.get("reservation_id") or None,
                )
            )
        else:
            out.append(reserved(g.ReservedMessage.from_dict(m)))
    return out


def touched(data: Any) -> str:
    """The new reservation id of a `{"reservation_id": ..., "msg": ...}` answer to a touch."""
    if "msg" not in data:
        raise KeyError("msg")
    reservation_id: str = data["reservation_id"]
    return reservation_id


# renderings -----------------------------------------------------------------------------


def subscriber_json(s: Subscriber) -> dict[str, Any]:
    out: dict[str, Any] = {"name": s.name, "url": s.url}
    if s.headers:
        out["headers"] = dict(s.headers)
    return out


def alert_json(a: Alert) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": a.type,
        "trigger": a.trigger,
        "queue": a.queue,
        "direction": a.direction,
    }
    if a.snooze:
        out["snooze"] = a.snooze
    return out


def dead_letter_json(d: DeadLetter) -> dict[str, Any]:
    return {"queue_name": d.queue_name, "max_reservations": d.max_reservations}


_TOP_LEVEL = ("message_timeout", "message_expiration", "type")
_PUSH = ("retries", "retries_delay", "error_queue")


def queue_json(settings: Settings) -> dict[str, Any]:
    """The `queue` object of a create or update: push settings nest under `push`."""
    out: dict[str, Any] = {key: settings[key] for key in _TOP_LEVEL if key in settings}
    push: dict[str, Any] = {key: settings[key] for key in _PUSH if key in settings}
    if "subscribers" in settings:
        push["subscribers"] = [subscriber_json(s) for s in settings["subscribers"]]
    if push:
        out["push"] = push
    if "dead_letter" in settings:
        out["dead_letter"] = dead_letter_json(settings["dead_letter"])
    if "alerts" in settings:
        out["alerts"] = [alert_json(a) for a in settings["alerts"]]
    return out


def queue_body(queue: Mapping[str, Any]) -> g.QueueSettingsEnvelope:
    return g.QueueSettingsEnvelope.from_dict({"queue": dict(queue)})
