"""What both API versions share on the wire: message ids, batch-delete ids, alert objects
(parsed and shown) and the URLs and headers of subscribers (FACTS.md §2.3, §3.2, §3.4).

Each parser names the offending field in its error (400 in both versions, a missing required
field too: spec/ironmq-v2.yaml decision 8).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, TypeVar

from ..domain.errors import InvalidArgument, NotFound
from ..domain.values import (
    ALERT_DIRECTIONS,
    ALERT_TYPES,
    Alert,
    AlertSpec,
    DeleteTarget,
    Headers,
)
from . import fields as p

T = TypeVar("T", bound=str)

MAX_MESSAGE_ID: Final = 2**63 - 1
MAX_IDS_PER_DELETE: Final = 100
ALERT_INT_MAX: Final = 2**63 - 1  # SQLite INTEGER range
PUSH_URL_SCHEMES: Final = ("http://", "https://", "ironmq://", "ironworker://")


def choice(value: str | None, choices: tuple[T, ...]) -> T | None:
    """`value` as one of `choices` (None if it is none of them)."""
    return next((c for c in choices if c == value), None)


def posted_messages(
    body: Mapping[str, Any], most: int, max_message_size: int
) -> list[tuple[str, p.JSONObject, str]]:
    """The `messages` of a post, as both versions check them: 1 to `most` objects, each with
    a string `body` of at most `max_message_size` bytes. Each as (where, item, body), `where`
    naming it in errors (`messages[3]`); the version reads the item's other fields."""
    raw = p.get_list(body, "messages")
    if raw is None:
        raise InvalidArgument("messages is required")
    if not 1 <= len(raw) <= most:
        raise InvalidArgument(f"messages must contain between 1 and {most} messages")
    out: list[tuple[str, p.JSONObject, str]] = []
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
        out.append((where, item, text))
    return out


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


def delete_targets(raw: Any) -> list[DeleteTarget]:
    """`ids` of a batch delete: objects with a numeric or string `id`, or bare id strings."""
    if raw is None:
        raise InvalidArgument("ids is required")
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
        else:  # v2 clients send bare id strings
            mid, rid = _id_value(item, where), None
        if mid in seen:
            raise InvalidArgument(f"{where}.id repeats message {mid}")
        seen.add(mid)
        targets.append(DeleteTarget(mid, rid))
    return targets


def alerts(raw: list[Any], path: str) -> tuple[AlertSpec, ...]:
    """Alert objects (FACTS.md §3.4): type, trigger and queue required."""
    out: list[AlertSpec] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        if item.get("type") is None:
            raise InvalidArgument(f"{where}.type is required")
        type_ = choice(p.get_str(item, "type", f"{where}.type"), ALERT_TYPES)
        if type_ is None:
            raise InvalidArgument(f"{where}.type must be fixed or progressive")
        trigger = p.get_int(item, "trigger", 1, ALERT_INT_MAX, f"{where}.trigger")
        if trigger is None:
            raise InvalidArgument(f"{where}.trigger is required")
        queue = p.get_str(item, "queue", f"{where}.queue")
        if queue is None:
            raise InvalidArgument(f"{where}.queue is required")
        if not queue:
            raise InvalidArgument(f"{where}.queue must not be empty")
        direction = choice(
            p.get_str(item, "direction", f"{where}.direction") or "asc", ALERT_DIRECTIONS
        )
        if direction is None:
            raise InvalidArgument(f"{where}.direction must be asc or desc")
        snooze = p.get_int(item, "snooze", 0, ALERT_INT_MAX, f"{where}.snooze") or 0
        out.append(AlertSpec(type_, trigger, queue, direction, snooze))
    return tuple(out)


def alert_ids(raw: list[Any] | None) -> list[str]:
    """The alerts of a removal: `[{"id": ...}, ...]` or bare id strings (PyPI iron-mq 0.8
    and 0.9 send those)."""
    if raw is None:
        raise InvalidArgument("alerts is required")
    if not raw:
        raise InvalidArgument("alerts must contain at least one alert id")
    ids: list[str] = []
    for i, item in enumerate(raw):
        value = item.get("id") if isinstance(item, dict) else item
        if not isinstance(value, str) or not value:
            raise InvalidArgument(f"alerts[{i}].id must be a non-empty string")
        ids.append(value)
    return ids


def subscriber_url(item: Mapping[str, Any], where: str, *, need_url: bool) -> str:
    """A subscriber's `url`: required, of a known scheme, unless it only names a removal."""
    url = p.get_str(item, "url", f"{where}.url")
    if not need_url:
        return url or ""
    if url is None:
        raise InvalidArgument(f"{where}.url is required")
    if not url.startswith(PUSH_URL_SCHEMES):
        raise InvalidArgument(
            f"{where}.url must start with http://, https://, ironmq:// or ironworker://"
        )
    return url


def subscriber_headers(item: Mapping[str, Any], where: str) -> Headers | None:
    """A subscriber's extra push `headers` (string values), None when none."""
    headers = p.get_object(item, "headers", f"{where}.headers")
    if headers is not None and not all(isinstance(v, str) for v in headers.values()):
        raise InvalidArgument(f"{where}.headers values must be strings")
    return headers or None


def alert(a: Alert) -> dict[str, Any]:
    """An alert as a queue shows it (the same in v2 and v3)."""
    s = a.spec
    return {
        "id": a.id,
        "type": s.type,
        "trigger": s.trigger,
        "direction": s.direction,
        "queue": s.queue,
        "snooze": s.snooze,
    }
