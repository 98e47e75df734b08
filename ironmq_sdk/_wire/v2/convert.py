"""IronMQ v2's JSON and the SDK's values: answers read into the same types as v3's.

What a v2 answer lacks, and what the SDK's values say instead (README, "IronMQ v2"):

- `ReservedMessage.reservation_id` is None: v2 names a reserved message by its id alone, and
  `touch` returns None for the same reason;
- `QueueInfo.message_timeout` is 60 and `message_expiration` 604800: v2 queues have neither
  setting, and these are what a v2 message gets when posted without `timeout`/`expires_in`
  (a consumer takes its lease from `message_timeout`, or from the message's own `timeout`);
- `QueueInfo.type` is the queue's `push_type`, else `pull`; `project_id` the client's when the
  answer has none;
- a subscriber's, and a push status's, `name` is its URL (v2 subscribers have no names;
  ironmq-local shows a subscriber made on v2 under that name through v3);
- `PushStatus.tries` is None (v2 does not count them); `PushStatus.id` is the subscriber id
  that acknowledging a 202 needs.
"""

from __future__ import annotations

from typing import Any

from ironmq_api_v2 import models as g
from ironmq_api_v2.types import Unset

from ..._alerts import Alert
from ..._messages import Message, ReservedMessage
from ..._queue_info import QueueInfo
from ..._subscribers import PushSettings, PushStatus, Subscriber
from ..base import Settings

MESSAGE_TIMEOUT = 60
"""A v2 message's reservation timeout when posted without one."""
MESSAGE_EXPIRATION = 604_800
"""A v2 message's life when posted without `expires_in`."""


def none(data: Any) -> None:
    """Check a `{"msg": ...}` answer; the result is None."""
    g.StatusMessage.from_dict(data)


def opt(value: Any) -> Any:
    """A generated model's optional field: None when unset."""
    return None if isinstance(value, Unset) else value


# conversions ----------------------------------------------------------------------------


def subscriber(s: g.Subscriber) -> Subscriber:
    headers = {} if isinstance(s.headers, Unset) else dict(s.headers.additional_properties)
    return Subscriber(name=s.url, url=s.url, headers=headers)


def alert(a: g.Alert) -> Alert:
    return Alert(
        type=a.type_,
        trigger=a.trigger,
        queue=a.queue,
        direction=opt(a.direction) or "asc",
        snooze=opt(a.snooze) or 0,
        id=a.id,
    )


def queue_info(project_id: str) -> Any:
    """The parser of a bare queue object, for the project `project_id`."""

    def parse(data: Any) -> QueueInfo:
        q = g.Queue.from_dict(data)
        push = None
        if not isinstance(q.push_type, Unset) or not isinstance(q.subscribers, Unset):
            subscribers = () if isinstance(q.subscribers, Unset) else q.subscribers
            push = PushSettings(
                subscribers=tuple(subscriber(s) for s in subscribers),
                retries=opt(q.retries),
                retries_delay=opt(q.retries_delay),
                error_queue=opt(q.error_queue),
            )
        return QueueInfo(
            name=q.name,
            project_id=opt(q.project_id) or project_id,
            type=opt(q.push_type) or ("multicast" if push else "pull"),
            message_timeout=MESSAGE_TIMEOUT,
            message_expiration=MESSAGE_EXPIRATION,
            id=opt(q.id),
            size=opt(q.size),
            total_messages=opt(q.total_messages),
            push=push,
            alerts=() if isinstance(q.alerts, Unset) else tuple(alert(a) for a in q.alerts),
            reserved=opt(q.reserved),
        )

    return parse


def message(m: g.Message | g.MessageDetail) -> Message:
    return Message(
        id=m.id,
        body=m.body,
        reserved_count=opt(m.reserved_count) or 0,
        timeout=opt(m.timeout),
        expires_in=opt(m.expires_in),
        delay=opt(m.delay),
        status=opt(m.status) if isinstance(m, g.MessageDetail) else None,
    )


def reserved(m: g.Message) -> ReservedMessage:
    return ReservedMessage(
        id=m.id,
        body=m.body,
        reserved_count=opt(m.reserved_count) or 0,
        timeout=opt(m.timeout),
        expires_in=opt(m.expires_in),
        delay=opt(m.delay),
    )


def push_status(s: g.PushStatus) -> PushStatus:
    return PushStatus(
        name=s.url,
        url=s.url,
        status=s.status,
        retries_remaining=s.retries_remaining,
        tries=None,
        status_code=opt(s.status_code),
        id=s.id,
        retries_delay=opt(s.retries_delay),
    )


# renderings -----------------------------------------------------------------------------


def subscriber_json(s: Subscriber) -> dict[str, Any]:
    out: dict[str, Any] = {"url": s.url}
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


def queue_update(settings: Settings) -> g.QueueUpdate:
    """POST /queues/{q}'s body: `type` is v2's `push_type`, subscribers by URL."""
    out: dict[str, Any] = {
        key: settings[key] for key in ("retries", "retries_delay", "error_queue") if key in settings
    }
    if "type" in settings:
        out["push_type"] = settings["type"]
    if "subscribers" in settings:
        out["subscribers"] = [subscriber_json(s) for s in settings["subscribers"]]
    return g.QueueUpdate.from_dict(out)
