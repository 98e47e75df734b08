"""v2 request bodies and query strings → domain values (FACTS.md §3.2, §3.3, §4.1).

v2 bodies are not wrapped (`{"messages": [...]}`, `{"subscribers": [...]}`, the queue update
itself), subscribers have no names, and getting messages takes its parameters from the
query string. Unknown fields are ignored, as v2 clients send some (`reserved_count` ...).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from ...domain.errors import InvalidArgument
from ...domain.values import (
    AlertSpec,
    NewMessage,
    PushChanges,
    QueueChanges,
    QueueType,
    Subscriber,
)
from .. import common as c
from .. import fields as p
from ..common import alert_ids, alerts, delete_targets, message_id
from .limits import (
    DELAY_RANGE,
    EXPIRES_IN_RANGE,
    MAX_MESSAGES_PER_POST,
    MAX_SUBSCRIBERS_JSON,
    N_RANGE,
    PUSH_RETRIES_DELAY_RANGE,
    PUSH_RETRIES_RANGE,
    TIMEOUT_MIN,
    TIMEOUT_RANGE,
    WAIT_RANGE,
)

__all__ = [
    "alert_ids",
    "alert_specs",
    "alerts",
    "delete_targets",
    "get_params",
    "message_id",
    "new_messages",
    "queue_update",
    "subscribers",
]

PUSH_TYPE_CHOICES: tuple[QueueType, ...] = ("multicast", "unicast", "pull")


def _timeout(value: int | None, name: str) -> int:
    """A reservation timeout: 0 (the default) or TIMEOUT_MIN to the maximum."""
    if value and value < TIMEOUT_MIN:
        raise InvalidArgument(f"{name} must be 0 or between {TIMEOUT_MIN} and {TIMEOUT_RANGE[1]}")
    return value or 0


def new_messages(body: Mapping[str, Any], max_message_size: int) -> list[NewMessage]:
    """`{"messages": [{"body", "timeout"?, "delay"?, "expires_in"?}, ...]}`: 1..100 messages.

    A `timeout` or `expires_in` of 0 means the default, since the Java v2 client always
    sends zeros.
    """
    out: list[NewMessage] = []
    for where, item, text in c.posted_messages(body, MAX_MESSAGES_PER_POST, max_message_size):
        out.append(
            NewMessage(
                text,
                delay=p.get_int(item, "delay", *DELAY_RANGE, f"{where}.delay") or 0,
                timeout=_timeout(
                    p.get_int(item, "timeout", *TIMEOUT_RANGE, f"{where}.timeout"),
                    f"{where}.timeout",
                )
                or None,
                expires_in=p.get_int(item, "expires_in", *EXPIRES_IN_RANGE, f"{where}.expires_in")
                or None,
            )
        )
    return out


def get_params(request: Request) -> tuple[int, int, int, bool]:
    """`n`, `timeout`, `wait` and `delete` of GET /messages, from the query string."""
    n = p.query_int(request, "n", 1, *N_RANGE)
    timeout = _timeout(p.query_int(request, "timeout", 0, *TIMEOUT_RANGE), "timeout")
    wait = p.query_int(request, "wait", 0, *WAIT_RANGE)
    delete = p.query_value(request, "delete")
    if delete is not None and delete.lower() not in ("true", "false", "1", "0"):
        raise InvalidArgument("delete must be true or false")
    return n, timeout, wait, delete is not None and delete.lower() in ("true", "1")


def subscribers(body: Mapping[str, Any], *, adding: bool) -> tuple[Subscriber, ...]:
    """`{"subscribers": [{"url", "headers"?}, ...]}`: at least one (v2 subscribers have no
    name: the domain names them after their URL). A removal names them by URL only."""
    raw = p.get_list(body, "subscribers")
    if raw is None:
        raise InvalidArgument("subscribers is required")
    if not raw:
        raise InvalidArgument("subscribers must contain at least one subscriber")
    return _subscriber_list(raw, adding=adding)


def _subscriber_list(raw: list[Any], *, adding: bool) -> tuple[Subscriber, ...]:
    if adding and len(json.dumps(raw)) > MAX_SUBSCRIBERS_JSON:
        raise InvalidArgument(f"subscribers must be at most {MAX_SUBSCRIBERS_JSON} bytes of JSON")
    out: list[Subscriber] = []
    for i, item in enumerate(raw):
        where = f"subscribers[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        if not adding:
            url = p.get_str(item, "url", f"{where}.url")
            if not url:
                raise InvalidArgument(f"{where}.url is required")
            out.append(Subscriber("", url))
            continue
        url = c.subscriber_url(item, where, need_url=True)
        out.append(Subscriber("", url, c.subscriber_headers(item, where)))
    return tuple(out)


def queue_update(body: Mapping[str, Any]) -> QueueChanges:
    """POST /queues/{q}: `subscribers` (replacing them), `push_type` (`pull` reverts to a
    pull queue), `retries`, `retries_delay`, `error_queue` (`""` disables it)."""
    raw_type = p.get_str(body, "push_type")
    type_ = c.choice(raw_type, PUSH_TYPE_CHOICES)
    if raw_type is not None and type_ is None:
        raise InvalidArgument("push_type must be one of multicast, unicast, pull")
    raw_subs = p.get_list(body, "subscribers")
    push = PushChanges(
        subscribers=None if raw_subs is None else _subscriber_list(raw_subs, adding=True),
        retries=p.get_int(body, "retries", *PUSH_RETRIES_RANGE),
        retries_delay=p.get_int(body, "retries_delay", *PUSH_RETRIES_DELAY_RANGE),
        error_queue=p.get_str(body, "error_queue"),
    )
    if raw_subs == [] and type_ is None:
        type_ = "pull"  # no subscribers left: a pull queue, as when the last one is removed
    if type_ == "pull" or (type_ is None and push == PushChanges()):
        return QueueChanges(type=type_)  # (`pull` wins over push settings sent with it)
    return QueueChanges(type=type_, push=push)


def alert_specs(body: Mapping[str, Any], *, allow_empty: bool) -> tuple[AlertSpec, ...]:
    """`{"alerts": [...]}` of POST (at least one) and PUT (an empty list removes all)."""
    raw = p.get_list(body, "alerts")
    if raw is None:
        raise InvalidArgument("alerts is required")
    if not raw and not allow_empty:
        raise InvalidArgument("alerts must contain at least one alert")
    return alerts(raw, "alerts")
