"""Arguments made into checked values before a wire renders them: messages, subscribers,
alerts and queue settings.

Which fields and settings an API version takes is its wire's `Capabilities`; the checks
of each value (ranges, shapes) are the same for every version and live here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import _validate as v
from ._alerts import Alert
from ._constants import MAX_EXPIRATION, MAX_RESERVATION_TIMEOUT
from ._errors import InvalidArgumentError
from ._queue_info import DeadLetter
from ._subscribers import Subscriber, subscriber_name_for
from ._types import (
    AlertInput,
    NewQueueSettings,
    PushUpdateSettings,
    QueueSettings,
    SubscriberInput,
)
from ._wire import Capabilities

# messages ---------------------------------------------------------------------------

_MESSAGE_FIELDS: dict[str, Callable[[Any, str], Any]] = {
    "delay": v.delay,
    "push_headers": lambda value, where: v.push_headers(value, where) if value else None,
    "timeout": lambda value, where: v.integer(where, value, 0, MAX_RESERVATION_TIMEOUT),
    "expires_in": lambda value, where: v.integer(where, value, 0, MAX_EXPIRATION),
}
"""Every per-message field some API version knows, with its check (None: leave it out)."""


def message(index: int, item: Any, caps: Capabilities) -> dict[str, Any]:
    """One message to post: a string body, or a dict with `body` and the version's fields."""
    if isinstance(item, str):  # the common case first: no error text to prepare
        return {"body": item}
    where = f"messages[{index}]"
    if not isinstance(item, Mapping):
        raise InvalidArgumentError(
            where, f"must be a string or a dict with a 'body', not {type(item).__name__}"
        )
    for key in item:
        if key == "body" or key in caps.message_fields:
            continue
        if key in _MESSAGE_FIELDS:
            raise caps.unsupported(f"{where}.{key}", key)
        known = ", ".join(["body", *sorted(caps.message_fields)])
        raise InvalidArgumentError(f"{where}.{key}", f"unknown message field (known: {known})")
    body = item.get("body")
    if not isinstance(body, str):
        raise InvalidArgumentError(f"{where}.body", f"must be a string, not {type(body).__name__}")
    out: dict[str, Any] = {"body": body}
    for key, value in item.items():
        if key != "body" and value is not None:
            checked = _MESSAGE_FIELDS[key](value, f"{where}.{key}")
            if checked is not None:
                out[key] = checked
    return out


# subscribers and alerts -------------------------------------------------------------


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


def subscriber_list(subscribers: Sequence[SubscriberInput]) -> tuple[Subscriber, ...]:
    """At least one subscriber, each normalised."""
    if not subscribers:
        raise InvalidArgumentError("subscribers", "name at least one subscriber")
    return tuple(subscriber_of(s, f"subscribers[{i}]") for i, s in enumerate(subscribers))


def subscriber_refs(items: Sequence[SubscriberInput]) -> list[Subscriber]:
    """Subscribers named for removal: by name, Subscriber, dict, or URL.

    What was not given stays empty (`name=""` for a URL, `url=""` for a name), for the
    flow to look up on the queue when the API version needs it.
    """
    if not items:
        raise InvalidArgumentError("subscribers", "name at least one subscriber")
    refs: list[Subscriber] = []
    for item in items:
        if isinstance(item, Subscriber):
            refs.append(item)
        elif isinstance(item, Mapping):
            if item.get("name"):
                refs.append(Subscriber(name=str(item["name"]), url=str(item.get("url") or "")))
            else:
                refs.append(
                    Subscriber(name="", url=v.non_empty("subscribers.url", item.get("url")))
                )
        elif isinstance(item, str) and "://" in item:
            refs.append(Subscriber(name="", url=item))
        else:
            refs.append(Subscriber(name=v.non_empty("subscribers", item), url=""))
    return refs


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


# queue settings ---------------------------------------------------------------------


def _queue_type(value: Any) -> str:
    if value not in ("pull", "multicast", "unicast"):
        raise InvalidArgumentError("type", "must be 'pull', 'multicast' or 'unicast'")
    return str(value)


def _subscribers_setting(value: Any) -> tuple[Subscriber, ...]:
    if isinstance(value, (str, Mapping, Subscriber)):
        value = [value]
    if not value:
        raise InvalidArgumentError("subscribers", "must name at least one subscriber")
    return tuple(subscriber_of(s) for s in value)


def _dead_letter(value: DeadLetter) -> DeadLetter:
    limit = v.integer("dead_letter.max_reservations", value.max_reservations, 1, 1000)
    return DeadLetter(value.queue_name, limit)


SETTINGS: dict[str, Callable[[Any], Any]] = {
    "message_timeout": lambda value: v.integer("message_timeout", value, 1, 86_400),
    "message_expiration": lambda value: v.integer("message_expiration", value, 1, MAX_EXPIRATION),
    "type": _queue_type,
    "subscribers": _subscribers_setting,
    "retries": lambda value: v.integer("retries", value, 0, 100),
    "retries_delay": lambda value: v.integer("retries_delay", value, 3, 86_400),
    "error_queue": lambda value: value,
    "dead_letter": _dead_letter,
    "alerts": lambda value: tuple(alert_of(a) for a in value),
}
"""The check of every queue setting, keyed like `NewQueueSettings` (a test keeps them equal)."""

CREATE = NewQueueSettings.__optional_keys__
"""Settings `create` takes."""
UPDATE = QueueSettings.__optional_keys__
"""Settings `update_queue` takes."""
PUSH_UPDATE = PushUpdateSettings.__optional_keys__
"""Settings the legacy `update` takes besides subscribers and push type."""


def queue_settings(
    settings: Mapping[str, Any], allowed: frozenset[str], caps: Capabilities, method: str
) -> dict[str, Any]:
    """Check keyword settings: known to `method`, taken by the API version, values in range.

    None means "leave as it is" and is dropped.

    Raises:
        TypeError: a keyword `method` does not take (as Python would for a misspelling).
        UnsupportedArgumentError: a setting the client's API version does not have.
        InvalidArgumentError: a value out of range or of the wrong shape.
    """
    out: dict[str, Any] = {}
    for key, value in settings.items():
        if key not in allowed:
            raise TypeError(f"{method}() got an unexpected keyword argument {key!r}")
        if value is None:
            continue
        if key not in caps.settings:
            raise caps.unsupported(key)
        out[key] = SETTINGS[key](value)
    return out
