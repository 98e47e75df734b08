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
from ._errors import InvalidArgumentError


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
