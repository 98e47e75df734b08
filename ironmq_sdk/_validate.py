"""Argument checks made before anything is sent; each error names the argument and limit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._constants import (
    MAX_DELAY,
    MAX_MESSAGES_PER_CALL,
    MAX_PUSH_HEADERS,
    MAX_RESERVATION_TIMEOUT,
    MAX_WAIT,
)
from ._errors import InvalidArgumentError, UnsupportedArgumentError

_MESSAGE_KEYS = frozenset({"body", "delay", "push_headers"})
_V2_ONLY = {
    "timeout": (
        "IronMQ v3 has no per-message timeout. Set the queue's message_timeout "
        "(create_queue/update_queue) or pass timeout= to reserve()/get()"
    ),
    "expires_in": (
        "IronMQ v3 has no per-message expiration. Set the queue's message_expiration "
        "(create_queue/update_queue)"
    ),
}


def integer(name: str, value: Any, low: int, high: int | None = None) -> int:
    """An int within [low, high]."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgumentError(name, f"must be an integer, not {type(value).__name__}")
    if value < low or (high is not None and value > high):
        limit = f"at least {low}" if high is None else f"between {low} and {high}"
        raise InvalidArgumentError(name, f"must be {limit}, not {value}")
    return value


def optional_integer(name: str, value: Any, low: int, high: int | None = None) -> int | None:
    """None, or an int within [low, high]."""
    return None if value is None else integer(name, value, low, high)


def count(name: str, value: Any) -> int:
    """How many messages one call may handle: 1 to 100."""
    return integer(name, value, 1, MAX_MESSAGES_PER_CALL)


def wait(value: Any) -> int | None:
    """Long-poll seconds: 0 to 30."""
    return optional_integer("wait", value, 0, MAX_WAIT)


def reservation_timeout(value: Any) -> int | None:
    """Reservation seconds: 0 (the queue's default) to 86400."""
    return optional_integer("timeout", value, 0, MAX_RESERVATION_TIMEOUT)


def delay(value: Any, name: str = "delay") -> int:
    """Delay seconds: 0 to 604800."""
    return integer(name, value, 0, MAX_DELAY)


def non_empty(name: str, value: Any) -> str:
    """A non-empty string (queue names, ids)."""
    if not isinstance(value, str):
        raise InvalidArgumentError(name, f"must be a string, not {type(value).__name__}")
    if not value:
        raise InvalidArgumentError(name, "must not be empty")
    return value


def message(index: int, item: Any) -> dict[str, Any]:
    """One message to post: a string body or a dict with body, delay and push_headers."""
    where = f"messages[{index}]"
    if isinstance(item, str):
        return {"body": item}
    if not isinstance(item, Mapping):
        raise InvalidArgumentError(
            where, f"must be a string or a dict with a 'body', not {type(item).__name__}"
        )
    for key in item:
        if key in _V2_ONLY:
            raise UnsupportedArgumentError(f"{where}.{key}", _V2_ONLY[key])
        if key not in _MESSAGE_KEYS:
            raise InvalidArgumentError(
                f"{where}.{key}", "unknown message field (known: body, delay, push_headers)"
            )
    body = item.get("body")
    if not isinstance(body, str):
        raise InvalidArgumentError(f"{where}.body", f"must be a string, not {type(body).__name__}")
    out: dict[str, Any] = {"body": body}
    if item.get("delay") is not None:
        out["delay"] = delay(item["delay"], f"{where}.delay")
    headers = item.get("push_headers")
    if headers:
        out["push_headers"] = push_headers(headers, f"{where}.push_headers")
    return out


def push_headers(headers: Any, name: str = "push_headers") -> dict[str, str]:
    """At most 5 headers with non-empty string names and values."""
    if not isinstance(headers, Mapping):
        raise InvalidArgumentError(name, "must be a dict of header names to values")
    if len(headers) > MAX_PUSH_HEADERS:
        raise InvalidArgumentError(name, f"must have at most {MAX_PUSH_HEADERS} headers")
    for key, value in headers.items():
        if not isinstance(key, str) or not key or not isinstance(value, str) or not value:
            raise InvalidArgumentError(name, "names and values must be non-empty strings")
    return dict(headers)
