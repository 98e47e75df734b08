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

The answers of the message hot path are read directly when they have the usual fields only
(`_PLAIN_*`, what ironmq-local and IronMQ answer), and through the generated models when
they carry any other (see `_wire/direct.py`).
"""

from __future__ import annotations

from typing import Any, TypeVar

from ironmq_api_v2 import models as g
from ironmq_api_v2.types import Unset

from ..._alerts import Alert
from ..._messages import Message, ReservedMessage, quick_message
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


M = TypeVar("M", bound=Message)

_PLAIN_MESSAGE = frozenset({"id", "body", "timeout", "reserved_count"})
_PLAIN_QUEUE = frozenset({"id", "project_id", "name", "size", "total_messages", "reserved"})


def queue_info(project_id: str) -> Any:
    """The parser of a bare queue object, for the project `project_id`."""

    def parse(data: Any) -> QueueInfo:
        if not data.keys() <= _PLAIN_QUEUE:
            return queue_of(g.Queue.from_dict(data), project_id)
        # a pull queue's usual answer, read directly
        return QueueInfo(
            name=data["name"],
            project_id=data.get("project_id") or project_id,
            type="pull",
            message_timeout=MESSAGE_TIMEOUT,
            message_expiration=MESSAGE_EXPIRATION,
            id=data.get("id"),
            size=data.get("size"),
            total_messages=data.get("total_messages"),
            reserved=data.get("reserved"),
        )

    return parse


def queue_of(q: g.Queue, project_id: str) -> QueueInfo:
    """Our QueueInfo from the generated model of a queue of the project `project_id`."""
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


def _plain(cls: type[M], m: Any) -> M:
    return quick_message(
        cls, m["id"], m["body"], m.get("reserved_count") or 0, timeout=m.get("timeout")
    )


def message_list(data: Any) -> list[Message]:
    """The messages of a `{"messages": [...]}` answer to a peek."""
    return [
        _plain(Message, m) if m.keys() <= _PLAIN_MESSAGE else message(g.Message.from_dict(m))
        for m in data["messages"]
    ]


def reserved_list(data: Any) -> list[ReservedMessage]:
    """The messages of a `{"messages": [...]}` answer to a get (v2's reservation)."""
    return [
        _plain(ReservedMessage, m)
        if m.keys() <= _PLAIN_MESSAGE
        else reserved(g.Message.from_dict(m))
        for m in data["messages"]
    ]


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
