"""Typed records the store returns: one NamedTuple per kind of row, read by field name.

NamedTuples because the SQLite store builds them straight from its row tuples (one cheap
`_make` per row, on paths that run for every request); the fields are documented with the
schema in storage/schema.py.
"""

from __future__ import annotations

from typing import Final, Literal, NamedTuple

from .values import (
    PUSH_TYPES,
    Alert,
    AlertDirection,
    AlertSpec,
    AlertType,
    DeadLetter,
    Headers,
    PushSettings,
    QueueSettings,
    QueueType,
    Subscriber,
)

NEVER: Final = 9.0e18
"""`available_at` of a push-queue message: never due for reserve or peek, because the pusher
hands it to the subscribers instead (its push rows say when)."""

PushStatus = Literal["queued", "retrying", "reserved", "deleted", "error"]
PENDING: Final[frozenset[str]] = frozenset({"queued", "retrying", "reserved"})
"""Statuses of a subscriber that still has to get (or acknowledge) the message."""


class QueueRecord(NamedTuple):
    """A queue's row: identity, settings and its `total_messages` counter."""

    pk: int
    project_id: str
    name: str
    queue_id: str
    type: QueueType
    message_timeout: int
    message_expiration: int
    total_messages: int
    push_retries: int | None
    push_retries_delay: int | None
    error_queue: str | None
    dead_letter_queue: str | None
    dead_letter_max: int | None

    @property
    def is_push(self) -> bool:
        """Whether this is a multicast or unicast queue."""
        return self.type in PUSH_TYPES

    @property
    def dead_letter(self) -> DeadLetter | None:
        """The dead-letter setting, if any."""
        if self.dead_letter_queue is None:
            return None
        return DeadLetter(self.dead_letter_queue, self.dead_letter_max or 0)

    def settings(self, subscribers: tuple[Subscriber, ...] = ()) -> QueueSettings:
        """The queue's settings, given its subscribers when it is a push queue."""
        push = None
        if self.is_push:
            push = PushSettings(
                subscribers,
                self.push_retries or 0,
                self.push_retries_delay or 0,
                self.error_queue,
            )
        return QueueSettings(
            self.type, self.message_timeout, self.message_expiration, push, self.dead_letter
        )


class MessageState(NamedTuple):
    """What deciding about one message's reservation needs."""

    id: int
    body: str
    reserved_count: int
    reservation_id: str | None
    available_at: float  # 0: ready; else the delay's end or the reservation's deadline
    timeout: int | None  # its own reservation timeout (v2), None: the queue's

    def reserved(self, now: float) -> bool:
        """Whether a reservation holds the message at `now`."""
        return self.reservation_id is not None and self.available_at > now


class BrowsedMessage(NamedTuple):
    """A message as a browse shows it: its state at a moment, whatever it is."""

    id: int
    body: str
    reserved_count: int
    reservation_id: str | None
    available_at: float  # as in MessageState; NEVER for a push message being delivered
    expires_at: float
    finished: bool  # a push message whose delivery is over (out of the queue's size)


class ReadyMessage(NamedTuple):
    """A message a reserve may hand out (or find expired, or move to the dead letters)."""

    id: int
    body: str
    reserved_count: int
    expires_at: float
    timeout: int | None  # its own reservation timeout (v2), None: the queue's
    seq: int  # its place in the queue: FIFO order is (seq, id)


class PendingPush(NamedTuple):
    """A push-queue message still being delivered."""

    queue_pk: int
    body: str
    push_headers: Headers | None
    expires_at: float
    timeout: int | None  # its own timeout (v2): how long a 202 reserves it


class PushRow(NamedTuple):
    """One subscriber's delivery of one push message, as the push status shows it."""

    message_id: int
    position: int  # the subscriber's place in the queue's list when the message was posted
    name: str
    url: str
    headers: Headers | None
    status: PushStatus
    tries: int
    retries_remaining: int
    status_code: int | None  # None until the first try
    last_try_at: float | None
    msg: str | None
    reservation_id: str | None
    due_at: float | None  # when the pusher must act next (None: nothing scheduled)


class AlertRecord(NamedTuple):
    """An alert with what it last saw of its queue's size."""

    id: str
    type: AlertType
    direction: AlertDirection
    trigger: int
    target: str
    snooze: int
    last_size: int
    snoozed_until: float

    @property
    def alert(self) -> Alert:
        """The alert as configured."""
        spec = AlertSpec(self.type, self.trigger, self.target, self.direction, self.snooze)
        return Alert(self.id, spec)
