"""Typed getters for JSON bodies and query strings, and the size check of message bodies.

Every API version parses through these. Every failure raises `InvalidArgument` (400) or
`TooLarge` (413) with a message that names the field and, for ranges, the limit.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

from ..domain.errors import InvalidArgument, TooLarge

JSONObject = dict[str, Any]


def parse_object(raw: bytes, *, allow_empty: bool) -> JSONObject:
    """Parse a JSON object body; an empty (or whitespace) body is `{}` when allowed."""
    if not raw.strip():
        if allow_empty:
            return {}
        raise InvalidArgument("Request body must be a JSON object")
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidArgument(f"Invalid JSON: {exc}") from None
    except RecursionError:
        # json's decoder recurses once per level: ~1,000 nested arrays exhaust the stack
        raise InvalidArgument("Invalid JSON: nested too deeply") from None
    if data is None and allow_empty:
        return {}
    if not isinstance(data, dict):
        raise InvalidArgument("Request body must be a JSON object")
    return data


def get_object(obj: Mapping[str, Any], key: str, path: str | None = None) -> JSONObject | None:
    """Return an optional nested object (null counts as absent)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise InvalidArgument(f"{path or key} must be an object")
    return value


def get_list(obj: Mapping[str, Any], key: str, path: str | None = None) -> list[Any] | None:
    """Return an optional array (null counts as absent)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise InvalidArgument(f"{path or key} must be an array")
    return value


def as_int(value: Any, name: str, lo: int, hi: int) -> int:
    """Check an integer (integral floats accepted, booleans not) within [lo, hi]."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidArgument(f"{name} must be an integer")
    if isinstance(value, float):
        if not value.is_integer():
            raise InvalidArgument(f"{name} must be an integer")
        value = int(value)
    if not lo <= value <= hi:
        raise InvalidArgument(f"{name} must be between {lo} and {hi}")
    return int(value)


def get_int(
    obj: Mapping[str, Any], key: str, lo: int, hi: int, path: str | None = None
) -> int | None:
    """Return an optional integer field within [lo, hi] (null counts as absent)."""
    value = obj.get(key)
    return None if value is None else as_int(value, path or key, lo, hi)


def get_str(
    obj: Mapping[str, Any], key: str, path: str | None = None, *, empty_is_none: bool = False
) -> str | None:
    """Return an optional string field (null counts as absent)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidArgument(f"{path or key} must be a string")
    if empty_is_none and not value:
        return None
    return value


def get_bool(obj: Mapping[str, Any], key: str) -> bool | None:
    """Return an optional boolean field (null counts as absent)."""
    value = obj.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InvalidArgument(f"{key} must be a boolean")
    return value


def is_decimal(text: str) -> bool:
    """Whether `text` is ASCII digits only (str.isdigit() also takes '³', which int() refuses)."""
    return text.isascii() and text.isdigit()


def query_value(request: Request, key: str) -> str | None:
    """The one value of a query parameter; absent or empty is None, a repeated one is 400."""
    values = request.query_params.getlist(key)
    if len(values) > 1:
        raise InvalidArgument(f"{key} must be given once")
    return values[0] if values and values[0] != "" else None


def query_int(request: Request, key: str, default: int, lo: int, hi: int | None = None) -> int:
    """Return an integer query parameter of at least `lo` (and at most `hi`, when given)."""
    raw = query_value(request, key)
    if raw is None:
        return default
    digits = raw.removeprefix("-")
    if not is_decimal(digits):
        raise InvalidArgument(f"{key} must be an integer")
    # int() refuses more than 4,300 digits; anything past 18 is out of every range anyway
    value = int(raw) if len(digits) <= 18 else (-1 if raw.startswith("-") else 1) * 10**18
    if hi is None:
        if value < lo:
            raise InvalidArgument(f"{key} must be at least {lo}")
        return value
    return as_int(value, key, lo, hi)


def utf8_size(text: str, name: str) -> int:
    """Return the UTF-8 size of a string, refusing lone surrogates with 400."""
    try:
        return len(text.encode())
    except UnicodeEncodeError:
        raise InvalidArgument(f"{name} must be valid Unicode text") from None


def check_size(text: str, name: str, limit: int) -> None:
    """Refuse a message body larger than `limit` bytes with 413."""
    if utf8_size(text, name) > limit:
        raise TooLarge(f"{name} is larger than the maximum message size of {limit} bytes")
