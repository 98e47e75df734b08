"""IronMQ v3's JSON and the SDK's values: answers read into value types, settings rendered.

The answers' models are liberal (the spec's "liberal answers"): where a field may be absent,
its absence reads as the spec's decision 23 says (a queue's `type` is `pull`, a message's
`reserved_count` 0, an alert's `direction` `asc` and `snooze` 0), and an unknown push status
is kept as it came.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ironmq_api_v3 import models as g
from ironmq_api_v3.types import Unset

from ..._alerts import Alert
from ..._messages import Message, ReservedMessage
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
