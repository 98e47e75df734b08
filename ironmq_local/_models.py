"""Domain values, limits and errors of ironmq-local (no HTTP here)."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any, Final

_HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""What an HTTP header name may consist of (RFC 9110 token)."""
_LINE_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Control characters (all but tab) that must not appear in a header value."""

# Limits (FACTS.md §2, v3 docs "limits and attributes"); the wire layer validates against them.
DEFAULT_MESSAGE_TIMEOUT: Final = 60
DEFAULT_MESSAGE_EXPIRATION: Final = 604_800
MESSAGE_TIMEOUT_RANGE: Final = (1, 86_400)
MESSAGE_EXPIRATION_RANGE: Final = (1, 2_592_000)
RESERVE_TIMEOUT_RANGE: Final = (0, 86_400)  # 0 means "the queue's message_timeout"
WAIT_RANGE: Final = (0, 30)
DELAY_RANGE: Final = (0, 604_800)
N_RANGE: Final = (1, 100)
MAX_MESSAGES_PER_POST: Final = 100
MAX_IDS_PER_DELETE: Final = 100
PER_PAGE_DEFAULT: Final = 30
PER_PAGE_MAX: Final = 100
DEAD_LETTER_MAX_RESERVATIONS_RANGE: Final = (1, 1000)
DEAD_LETTER_MAX_RESERVATIONS_DEFAULT: Final = 10
PUSH_RETRIES_RANGE: Final = (0, 100)
PUSH_RETRIES_DEFAULT: Final = 3
PUSH_RETRIES_DELAY_RANGE: Final = (3, 86_400)
PUSH_RETRIES_DELAY_DEFAULT: Final = 60
MAX_PUSH_HEADERS: Final = 5
MAX_PUSH_HEADER_NAME_BYTES: Final = 64
MAX_PUSH_HEADER_VALUE_BYTES: Final = 1024
RESERVED_PUSH_HEADERS: Final = frozenset(
    name.lower()
    for name in (
        "Content-Type",
        "User-Agent",
        "Iron-Message-Id",
        "Iron-Reservation-Id",
        "Iron-Subscriber-Name",
        "Iron-Subscriber-Message-Url",
    )
)
DEFAULT_MAX_MESSAGE_SIZE: Final = 65_536
MAX_ALERTS: Final = 5
ALERT_TYPES: Final = ("fixed", "progressive")
ALERT_DIRECTIONS: Final = ("asc", "desc")
ALERT_INT_MAX: Final = 2**63 - 1  # SQLite INTEGER range
DEFAULT_PUSH_TIMEOUT: Final = 10.0  # seconds a subscriber has to answer (v3 docs)
DEFAULT_PUSH_CONCURRENCY: Final = 64  # messages being delivered at once
PUSH_STATUSES: Final = ("queued", "retrying", "reserved", "deleted", "error")
QUEUE_TYPES: Final = ("pull", "multicast", "unicast")
PUSH_TYPES: Final = frozenset({"multicast", "unicast"})


class DomainError(Exception):
    """Base of the errors the domain raises; `msg` is what the client reads."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


class InvalidArgument(DomainError):
    """A request value is missing, of the wrong type or out of range (HTTP 400)."""


class ReservationRequired(InvalidArgument):
    """A reserved message was addressed without a reservation id (HTTP 400)."""


class Forbidden(DomainError):
    """The operation is refused in the current state (HTTP 403)."""


class ReservationTimedOut(Forbidden):
    """The reservation id is wrong, superseded or expired (HTTP 403)."""


class NotFound(DomainError):
    """Queue or message does not exist (HTTP 404)."""


class TooLarge(DomainError):
    """A message or request exceeds the size limit (HTTP 413)."""


@dataclass(frozen=True)
class Subscriber:
    """A push-queue subscriber."""

    name: str
    url: str
    headers: dict[str, str] | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the wire representation."""
        out: dict[str, Any] = {"name": self.name, "url": self.url}
        if self.headers:
            out["headers"] = dict(self.headers)
        return out


@dataclass(frozen=True)
class PushSettings:
    """Push settings of a multicast/unicast queue (delivery is not part of this module)."""

    subscribers: tuple[Subscriber, ...]
    retries: int = PUSH_RETRIES_DEFAULT
    retries_delay: int = PUSH_RETRIES_DELAY_DEFAULT
    error_queue: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the wire representation."""
        out: dict[str, Any] = {
            "subscribers": [s.to_json() for s in self.subscribers],
            "retries": self.retries,
            "retries_delay": self.retries_delay,
        }
        if self.error_queue:
            out["error_queue"] = self.error_queue
        return out


@dataclass(frozen=True)
class PushChanges:
    """A partial update of push settings; None means "leave as is"."""

    subscribers: tuple[Subscriber, ...] | None = None
    retries: int | None = None
    retries_delay: int | None = None
    error_queue: str | None = None  # "" disables the error queue


@dataclass(frozen=True)
class AlertSpec:
    """A queue-size alert to add (FACTS.md §3.4)."""

    type: str
    trigger: int
    queue: str
    direction: str = "asc"
    snooze: int = 0


@dataclass(frozen=True)
class Alert:
    """A queue-size alert as stored: its spec plus a 24-hex id."""

    id: str
    spec: AlertSpec

    def to_json(self) -> dict[str, Any]:
        """Return the wire representation."""
        return {
            "id": self.id,
            "type": self.spec.type,
            "trigger": self.spec.trigger,
            "direction": self.spec.direction,
            "queue": self.spec.queue,
            "snooze": self.spec.snooze,
        }


@dataclass(frozen=True)
class DeadLetter:
    """Dead-letter configuration of a pull queue."""

    queue_name: str
    max_reservations: int = DEAD_LETTER_MAX_RESERVATIONS_DEFAULT


@dataclass(frozen=True)
class DeadLetterChanges:
    """A partial update of the dead-letter configuration ("" queue_name removes it)."""

    queue_name: str | None = None
    max_reservations: int | None = None


@dataclass(frozen=True)
class QueueChanges:
    """Settings sent with PUT or PATCH on a queue; None fields are left unchanged."""

    message_timeout: int | None = None
    message_expiration: int | None = None
    type: str | None = None
    push: PushChanges | None = None
    dead_letter: DeadLetterChanges | None = None
    alerts: tuple[AlertSpec, ...] | None = None  # replaces the queue's alerts when given


@dataclass(frozen=True)
class Queue:
    """A queue's settings and counters."""

    project_id: str
    name: str
    queue_id: str
    type: str
    message_timeout: int
    message_expiration: int
    total_messages: int
    push: PushSettings | None = None
    dead_letter: DeadLetter | None = None
    size: int | None = field(default=None)
    alerts: tuple[Alert, ...] = ()

    def to_json(self, *, with_counts: bool) -> dict[str, Any]:
        """Return the `queue` object; counts only for GET (PUT/PATCH omit them)."""
        out: dict[str, Any] = {
            "id": self.queue_id,
            "project_id": self.project_id,
            "name": self.name,
        }
        if with_counts:
            out["size"] = self.size if self.size is not None else 0
            out["total_messages"] = self.total_messages
        out["message_timeout"] = self.message_timeout
        out["message_expiration"] = self.message_expiration
        out["type"] = self.type
        if self.push is not None:
            out["push"] = self.push.to_json()
        if self.dead_letter is not None:
            out["dead_letter"] = {
                "queue_name": self.dead_letter.queue_name,
                "max_reservations": self.dead_letter.max_reservations,
            }
        if self.alerts:
            out["alerts"] = [a.to_json() for a in self.alerts]
        return out


@dataclass(frozen=True)
class NewMessage:
    """A message to post."""

    body: str
    delay: int = 0
    push_headers: dict[str, str] | None = None


@dataclass(frozen=True)
class Message:
    """A stored message as peek/get show it, plus the reservation id when reserved."""

    id: int
    body: str
    reserved_count: int
    reservation_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the wire representation (ids are strings of digits)."""
        out: dict[str, Any] = {
            "id": str(self.id),
            "body": self.body,
            "reserved_count": self.reserved_count,
        }
        if self.reservation_id is not None:
            out["reservation_id"] = self.reservation_id
        return out


@dataclass(frozen=True)
class DeleteTarget:
    """One entry of a batch delete."""

    id: int
    reservation_id: str | None = None


def _utf8_size(text: str) -> int:
    """UTF-8 size of `text`; a lone surrogate (possible from JSON escapes) counts as too big."""
    try:
        return len(text.encode())
    except UnicodeEncodeError:
        return sys.maxsize


def push_header_problem(name: str, value: object) -> str | None:
    """Return why a push header is invalid (v3 "Push Headers Restrictions"), or None.

    Beyond Iron.io's list, a name must be an HTTP token and a value one line of text, so
    that every accepted header can really be sent with the push.
    """
    problems = (
        (not name, "push header names must not be empty"),
        (
            _utf8_size(name) > MAX_PUSH_HEADER_NAME_BYTES,
            f"push header names must be at most {MAX_PUSH_HEADER_NAME_BYTES} bytes",
        ),
        (
            not _HTTP_TOKEN.fullmatch(name),
            f"push header name {name!r} must be letters, digits and !#$%&'*+-.^_`|~ only",
        ),
        (name.lower() in RESERVED_PUSH_HEADERS, f"push header {name} is reserved"),
        (not isinstance(value, str), f"push header {name} must be a string"),
        (not value, f"push header {name} must not be empty"),
        (
            isinstance(value, str) and _utf8_size(value) > MAX_PUSH_HEADER_VALUE_BYTES,
            f"push header {name} must be at most {MAX_PUSH_HEADER_VALUE_BYTES} bytes",
        ),
        (
            isinstance(value, str) and bool(_LINE_BREAKS.search(value)),
            f"push header {name} must be one line without control characters",
        ),
    )
    return next((msg for bad, msg in problems if bad), None)
