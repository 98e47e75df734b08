"""Domain values: what the wire parses requests into and what the services hand back.

Plain frozen data; rendering them as JSON is the wire's job (wire/v3/present.py), storing
them the store's (storage/).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final, Literal, NamedTuple

from .limits import (
    DEAD_LETTER_MAX_RESERVATIONS_DEFAULT,
    PUSH_RETRIES_DEFAULT,
    PUSH_RETRIES_DELAY_DEFAULT,
)

QueueType = Literal["pull", "multicast", "unicast"]
QUEUE_TYPES: Final[tuple[QueueType, ...]] = ("pull", "multicast", "unicast")
PUSH_TYPES: Final = frozenset({"multicast", "unicast"})
AlertType = Literal["fixed", "progressive"]
ALERT_TYPES: Final[tuple[AlertType, ...]] = ("fixed", "progressive")
AlertDirection = Literal["asc", "desc"]
ALERT_DIRECTIONS: Final[tuple[AlertDirection, ...]] = ("asc", "desc")
SubscriberMode = Literal["add", "replace", "remove"]
MessageStatus = Literal["queued", "delayed", "reserved", "deleted"]

Headers = Mapping[str, str]


@dataclass(frozen=True)
class Subscriber:
    """A push-queue subscriber: its name (the key of updates and acks), URL and headers.

    v2 subscribers come without a name (""): the queues service names them after their URL
    and finds them by URL.
    """

    name: str
    url: str
    headers: Headers | None = None


@dataclass(frozen=True)
class PushSettings:
    """Push settings of a multicast/unicast queue."""

    subscribers: tuple[Subscriber, ...]
    retries: int = PUSH_RETRIES_DEFAULT
    retries_delay: int = PUSH_RETRIES_DELAY_DEFAULT
    error_queue: str | None = None


@dataclass(frozen=True)
class PushChanges:
    """A partial update of push settings; None means "leave as is"."""

    subscribers: tuple[Subscriber, ...] | None = None
    retries: int | None = None
    retries_delay: int | None = None
    error_queue: str | None = None  # "" disables the error queue


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
class AlertSpec:
    """A queue-size alert to add (FACTS.md §3.4)."""

    type: AlertType
    trigger: int
    queue: str
    direction: AlertDirection = "asc"
    snooze: int = 0


@dataclass(frozen=True)
class Alert:
    """A queue-size alert as stored: its spec plus a 24-hex id."""

    id: str
    spec: AlertSpec


@dataclass(frozen=True)
class QueueChanges:
    """Settings sent to create or update a queue; None fields are left unchanged."""

    message_timeout: int | None = None
    message_expiration: int | None = None
    type: QueueType | None = None
    push: PushChanges | None = None
    dead_letter: DeadLetterChanges | None = None
    alerts: tuple[AlertSpec, ...] | None = None  # replaces the queue's alerts when given


@dataclass(frozen=True)
class QueueSettings:
    """Everything a queue is configured with (what the store writes on create and update)."""

    type: QueueType
    message_timeout: int
    message_expiration: int
    push: PushSettings | None = None
    dead_letter: DeadLetter | None = None


@dataclass(frozen=True)
class Queue:
    """A queue as its info shows it: identity, settings, alerts and, when counted, its size."""

    project_id: str
    name: str
    queue_id: str
    settings: QueueSettings
    total_messages: int
    alerts: tuple[Alert, ...] = ()
    size: int | None = None
    reserved: int | None = None  # messages reserved now, when counted


@dataclass(frozen=True)
class NewMessage:
    """A message to post; v2 (and the dashboard's post form) may give it its own expiration,
    v2 its own reservation timeout.

    `timeout` and `expires_in` of None (or 0) stand for the queue's message_timeout and
    message_expiration.
    """

    body: str
    delay: int = 0
    push_headers: Headers | None = None
    timeout: int | None = None
    expires_in: int | None = None


class Message(NamedTuple):
    """A stored message as get/peek/reserve show it, plus the reservation id when reserved.

    `timeout` is the reservation's length on a reserve, else the message's own timeout (the
    queue's when it has none); `status` is filled in by a look-up by id. A NamedTuple, not
    a frozen dataclass: a reserve or peek makes up to 100 of them per request, and a frozen
    dataclass pays one object.__setattr__ per field.
    """

    id: int
    body: str
    reserved_count: int
    reservation_id: str | None = None
    timeout: int | None = None
    status: MessageStatus | None = None


@dataclass(frozen=True)
class DeleteTarget:
    """One entry of a batch delete."""

    id: int
    reservation_id: str | None = None


@dataclass(frozen=True)
class AlertFired:
    """An alert that fired: what its message in the target queue reports."""

    source_queue: str
    queue_size: int
    alert: Alert
    at: float


@dataclass(frozen=True)
class FailedSubscriber:
    """A subscriber whose delivery ended in `error`, with its last answer."""

    name: str
    url: str
    code: int
    msg: str


@dataclass(frozen=True)
class PushFailure:
    """A push message some subscriber never took: what the error queue's report says."""

    message_id: int
    body: str
    headers: Headers
    subscribers: tuple[FailedSubscriber, ...]


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to: the HTTP status (0 = no answer) and a text."""

    status_code: int
    msg: str

    @property
    def delivered(self) -> bool:
        """A 2xx answer other than 202."""
        return 200 <= self.status_code < 300 and self.status_code != 202

    @property
    def reserved(self) -> bool:
        """202: the subscriber will acknowledge later."""
        return self.status_code == 202


@dataclass(frozen=True)
class Delivery:
    """One request to make: a subscriber's row of a message."""

    position: int
    name: str
    url: str
    headers: dict[str, str]
    reservation_id: str
    retries_remaining: int  # after this try (stored when its outcome is recorded)


@dataclass(frozen=True)
class Job:
    """Deliveries of one message that are due now (in order, for unicast)."""

    message_id: int
    project_id: str
    queue_name: str
    unicast: bool
    body: str
    deliveries: tuple[Delivery, ...]
