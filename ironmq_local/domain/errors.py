"""The errors the domain raises and the texts clients read in their `msg`.

Each class stands for one kind of failure; `wire/errors.py` maps the classes to HTTP
statuses, so a service never names a status code.
"""

from __future__ import annotations

QUEUE_NOT_FOUND = "Queue not found"
MESSAGE_NOT_FOUND = "Message not found"
SUBSCRIBER_NOT_FOUND = "Subscriber not found"
ALERT_NOT_FOUND = "Alert not found"
RESERVATION_REQUIRED = "A reservation_id is required"
RESERVATION_TIMED_OUT = "Reservation timed out"
TYPE_CHANGE = "Queue type cannot be changed"
SUBSCRIBERS_ON_PULL = "Subscribers can only be set on push queues"
NO_SUBSCRIBERS = "A push queue needs at least one subscriber"
PUSH_ON_PULL = "push can only be set on push queues"
PUSH_QUEUES_NO_ALERTS = "Push queues do not support alerts."
DUPLICATE_ALERT = "At least one new alert duplicates current queue alerts."
PROGRESSIVE_SELF = "A progressive alert cannot post to its own queue"
PROGRESSIVE_CYCLE = "Progressive alerts must not form a cycle of queues"


class DomainError(Exception):
    """Base of the errors the domain raises; `msg` is what the client reads."""

    def __init__(self, msg: str) -> None:
        super().__init__(msg)
        self.msg = msg


class InvalidArgument(DomainError):
    """A request value is missing, of the wrong type or out of range."""


class ReservationRequired(InvalidArgument):
    """A reserved message was addressed without a reservation id."""


class Unauthorized(DomainError):
    """The credentials do not open this project."""


class Forbidden(DomainError):
    """The operation is refused in the current state."""


class ReservationTimedOut(Forbidden):
    """The reservation id is wrong, superseded or expired."""


class NotFound(DomainError):
    """The queue, message, subscriber or alert does not exist."""


class TooLarge(DomainError):
    """A message or request exceeds the size limit."""
