"""v3 request bodies and path parts → domain values (FACTS.md §2.2, §2.3).

Each function names the offending field in its error, the way the v3 docs' examples do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...domain.errors import InvalidArgument
from ...domain.values import (
    QUEUE_TYPES,
    DeadLetterChanges,
    NewMessage,
    PushChanges,
    QueueChanges,
    Subscriber,
)
from .. import common as c
from .. import fields as p
from ..common import alert_ids, alerts, delete_targets, message_id
from .limits import (
    DEAD_LETTER_MAX_RESERVATIONS_RANGE,
    DELAY_RANGE,
    MAX_MESSAGES_PER_POST,
    MAX_PUSH_HEADERS,
    MESSAGE_EXPIRATION_RANGE,
    MESSAGE_TIMEOUT_RANGE,
    PUSH_RETRIES_DELAY_RANGE,
    PUSH_RETRIES_RANGE,
    push_header_problem,
)

__all__ = [
    "alert_ids",
    "alert_list",
    "alerts",
    "delete_targets",
    "message_id",
    "new_messages",
    "queue_changes",
    "subscribers",
    "webhook_headers",
]


def subscribers(raw: list[Any], path: str, *, need_url: bool) -> tuple[Subscriber, ...]:
    """Subscriber objects: a name, a URL of a known scheme (unless removing), headers."""
    out: list[Subscriber] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        name = p.get_str(item, "name", f"{where}.name")
        if not name:
            raise InvalidArgument(f"{where}.name is required")
        url = c.subscriber_url(item, where, need_url=need_url)
        out.append(Subscriber(name, url, c.subscriber_headers(item, where)))
    return tuple(out)


def alert_list(body: Mapping[str, Any]) -> list[Any] | None:
    """The `alerts` of an /alerts request: at the top, or wrapped in `queue` as PyPI iron-mq
    0.8/0.9 send them (`{"queue": {"alerts": [...]}}`)."""
    raw = p.get_list(body, "alerts")
    if raw is None:
        wrapped = p.get_object(body, "queue")
        if wrapped is not None:
            raw = p.get_list(wrapped, "alerts", "queue.alerts")
    return raw


def queue_changes(body: Mapping[str, Any]) -> QueueChanges:
    """`{"queue": {...}}` of PUT/PATCH (unknown fields are ignored)."""
    q = p.get_object(body, "queue") or {}
    raw_type = p.get_str(q, "type", "queue.type")
    type_ = c.choice(raw_type, QUEUE_TYPES)
    if raw_type is not None and type_ is None:
        raise InvalidArgument("queue.type must be one of pull, multicast, unicast")
    raw_alerts = p.get_list(q, "alerts", "queue.alerts")
    specs = None if raw_alerts is None else alerts(raw_alerts, "queue.alerts")
    push: PushChanges | None = None
    raw_push = p.get_object(q, "push", "queue.push")
    if raw_push is not None:
        subs = p.get_list(raw_push, "subscribers", "queue.push.subscribers")
        push = PushChanges(
            subscribers=None
            if subs is None
            else subscribers(subs, "queue.push.subscribers", need_url=True),
            retries=p.get_int(raw_push, "retries", *PUSH_RETRIES_RANGE, "queue.push.retries"),
            retries_delay=p.get_int(
                raw_push, "retries_delay", *PUSH_RETRIES_DELAY_RANGE, "queue.push.retries_delay"
            ),
            error_queue=p.get_str(raw_push, "error_queue", "queue.push.error_queue"),
        )
    dead_letter: DeadLetterChanges | None = None
    raw_dl = p.get_object(q, "dead_letter", "queue.dead_letter")
    if raw_dl is not None:
        dead_letter = DeadLetterChanges(
            queue_name=p.get_str(raw_dl, "queue_name", "queue.dead_letter.queue_name"),
            max_reservations=p.get_int(
                raw_dl,
                "max_reservations",
                *DEAD_LETTER_MAX_RESERVATIONS_RANGE,
                "queue.dead_letter.max_reservations",
            ),
        )
    return QueueChanges(
        message_timeout=p.get_int(
            q, "message_timeout", *MESSAGE_TIMEOUT_RANGE, "queue.message_timeout"
        ),
        message_expiration=p.get_int(
            q, "message_expiration", *MESSAGE_EXPIRATION_RANGE, "queue.message_expiration"
        ),
        type=type_,
        push=push,
        dead_letter=dead_letter,
        alerts=specs,
    )


def new_messages(body: Mapping[str, Any], max_message_size: int) -> list[NewMessage]:
    """`{"messages": [{"body", "delay"?, "push_headers"?}, ...]}`: 1..100 messages."""
    messages: list[NewMessage] = []
    for where, item, text in c.posted_messages(body, MAX_MESSAGES_PER_POST, max_message_size):
        delay = p.get_int(item, "delay", *DELAY_RANGE, f"{where}.delay") or 0
        headers = p.get_object(item, "push_headers", f"{where}.push_headers")
        if headers:
            if len(headers) > MAX_PUSH_HEADERS:
                raise InvalidArgument(
                    f"{where}.push_headers must have at most {MAX_PUSH_HEADERS} headers"
                )
            for name, value in headers.items():
                problem = push_header_problem(name, value)
                if problem:
                    raise InvalidArgument(f"{where}.push_headers: {problem}")
        messages.append(NewMessage(text, delay, headers or None))
    return messages


def webhook_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """Push headers of a webhook post: its `X-Subscribers-*` headers, invalid ones dropped.

    Dropped silently, not refused: the v3 docs say so, and the sender is often a third
    party that cannot be told.
    """
    out: dict[str, str] = {}
    for key, value in headers.items():
        if key.lower().startswith("x-subscribers-"):
            name = key[len("x-subscribers-") :]
            if len(out) < MAX_PUSH_HEADERS and push_header_problem(name, value) is None:
                out[name] = value
    return out
