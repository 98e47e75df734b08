"""v3 request bodies and path parts → domain values (FACTS.md §2.2, §2.3).

Each function names the offending field in its error, the way the v3 docs' examples do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from ...domain.errors import InvalidArgument, NotFound
from ...domain.values import (
    ALERT_DIRECTIONS,
    ALERT_TYPES,
    QUEUE_TYPES,
    AlertSpec,
    DeadLetterChanges,
    DeleteTarget,
    NewMessage,
    PushChanges,
    QueueChanges,
    Subscriber,
)
from .. import fields as p
from .limits import (
    ALERT_INT_MAX,
    DEAD_LETTER_MAX_RESERVATIONS_RANGE,
    DELAY_RANGE,
    MAX_IDS_PER_DELETE,
    MAX_MESSAGE_ID,
    MAX_MESSAGES_PER_POST,
    MAX_PUSH_HEADERS,
    MESSAGE_EXPIRATION_RANGE,
    MESSAGE_TIMEOUT_RANGE,
    PUSH_RETRIES_DELAY_RANGE,
    PUSH_RETRIES_RANGE,
    PUSH_URL_SCHEMES,
    push_header_problem,
)

T = TypeVar("T", bound=str)


def _choice(value: str | None, choices: tuple[T, ...]) -> T | None:
    """`value` as one of `choices` (None if it is none of them)."""
    return next((c for c in choices if c == value), None)


def message_id(raw: str) -> int:
    """A message id from the path; anything but a 19-ish digit string names no message."""
    if not p.is_decimal(raw) or len(raw) > 19 or int(raw) > MAX_MESSAGE_ID:
        raise NotFound("Message not found")
    return int(raw)


def _id_value(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidArgument(f"{path} must be a string of digits")
    text = str(value)
    if not p.is_decimal(text):
        raise InvalidArgument(f"{path} must be a string of digits")
    if len(text) > 19 or int(text) > MAX_MESSAGE_ID:
        raise NotFound(f"Message not found: {text}")
    return int(text)


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
        url = p.get_str(item, "url", f"{where}.url")
        if need_url:
            if not url:
                raise InvalidArgument(f"{where}.url is required")
            if not url.startswith(PUSH_URL_SCHEMES):
                raise InvalidArgument(
                    f"{where}.url must start with http://, https://, ironmq:// or ironworker://"
                )
        headers = p.get_object(item, "headers", f"{where}.headers")
        if headers is not None and not all(isinstance(v, str) for v in headers.values()):
            raise InvalidArgument(f"{where}.headers values must be strings")
        out.append(Subscriber(name, url or "", headers or None))
    return tuple(out)


def alerts(raw: list[Any], path: str) -> tuple[AlertSpec, ...]:
    """Alert objects (FACTS.md §3.4): type, trigger and queue required."""
    out: list[AlertSpec] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        type_ = _choice(p.get_str(item, "type", f"{where}.type"), ALERT_TYPES)
        if type_ is None:
            raise InvalidArgument(f"{where}.type must be fixed or progressive")
        trigger = p.get_int(item, "trigger", 1, ALERT_INT_MAX, f"{where}.trigger")
        if trigger is None:
            raise InvalidArgument(f"{where}.trigger is required")
        queue = p.get_str(item, "queue", f"{where}.queue")
        if not queue:
            raise InvalidArgument(f"{where}.queue is required")
        direction = _choice(
            p.get_str(item, "direction", f"{where}.direction") or "asc", ALERT_DIRECTIONS
        )
        if direction is None:
            raise InvalidArgument(f"{where}.direction must be asc or desc")
        snooze = p.get_int(item, "snooze", 0, ALERT_INT_MAX, f"{where}.snooze") or 0
        out.append(AlertSpec(type_, trigger, queue, direction, snooze))
    return tuple(out)


def alert_ids(raw: list[Any] | None) -> list[str]:
    """`{"alerts": [{"id": ...}, ...]}` of a removal (bare id strings are fine too)."""
    if not raw:
        raise InvalidArgument("alerts must contain at least one alert id")
    ids: list[str] = []
    for i, item in enumerate(raw):
        value = item.get("id") if isinstance(item, dict) else item
        if not isinstance(value, str) or not value:
            raise InvalidArgument(f"alerts[{i}].id must be a non-empty string")
        ids.append(value)
    return ids


def queue_changes(body: Mapping[str, Any]) -> QueueChanges:
    """`{"queue": {...}}` of PUT/PATCH (unknown fields are ignored)."""
    q = p.get_object(body, "queue") or {}
    raw_type = p.get_str(q, "type", "queue.type")
    type_ = _choice(raw_type, QUEUE_TYPES)
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
    raw = p.get_list(body, "messages")
    if raw is None:
        raise InvalidArgument("messages is required")
    if not 1 <= len(raw) <= MAX_MESSAGES_PER_POST:
        raise InvalidArgument(
            f"messages must contain between 1 and {MAX_MESSAGES_PER_POST} messages"
        )
    messages: list[NewMessage] = []
    for i, item in enumerate(raw):
        where = f"messages[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        text = item.get("body")
        if text is None:
            raise InvalidArgument(f"{where}.body is required")
        if not isinstance(text, str):
            raise InvalidArgument(f"{where}.body must be a string")
        p.check_size(text, f"{where}.body", max_message_size)
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


def delete_targets(raw: Any) -> list[DeleteTarget]:
    """`ids` of a batch delete: objects with a numeric or string `id`, or bare id strings."""
    if not isinstance(raw, list):
        raise InvalidArgument("ids must be an array")
    if not 1 <= len(raw) <= MAX_IDS_PER_DELETE:
        raise InvalidArgument(f"ids must contain between 1 and {MAX_IDS_PER_DELETE} entries")
    targets: list[DeleteTarget] = []
    seen: set[int] = set()
    for i, item in enumerate(raw):
        where = f"ids[{i}]"
        if isinstance(item, dict):
            if item.get("id") is None:
                raise InvalidArgument(f"{where}.id is required")
            mid = _id_value(item["id"], f"{where}.id")
            rid = p.get_str(item, "reservation_id", f"{where}.reservation_id", empty_is_none=True)
        else:  # some clients send bare id strings
            mid, rid = _id_value(item, where), None
        if mid in seen:
            raise InvalidArgument(f"{where}.id repeats message {mid}")
        seen.add(mid)
        targets.append(DeleteTarget(mid, rid))
    return targets
