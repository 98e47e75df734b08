"""Queue description value types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ._alerts import Alert
from ._subscribers import PushSettings

QueueType = Literal["pull", "multicast", "unicast"]
"""`pull`, or a push queue: `multicast` (every subscriber) or `unicast` (one of them)."""


@dataclass(frozen=True)
class DeadLetter:
    """Where messages reserved too many times go."""

    queue_name: str
    """Queue that receives messages reserved too many times."""
    max_reservations: int
    """Reservations after which the next reserve moves the message."""


@dataclass(frozen=True)
class QueueInfo:
    """A queue's settings and counters."""

    name: str
    """The queue's name."""
    project_id: str
    """The project the queue belongs to."""
    type: QueueType
    """`pull`, `multicast` or `unicast`; fixed when the queue is created."""
    message_timeout: int
    """Default reservation timeout in seconds."""
    message_expiration: int
    """Seconds a message stays in the queue before it expires."""
    id: str | None = None
    """The queue's id (24 hexadecimal characters)."""
    size: int | None = None
    """Messages in the queue now, reserved and delayed ones included (None on create/update)."""
    total_messages: int | None = None
    """Messages ever posted to the queue (None on create/update answers)."""
    push: PushSettings | None = None
    """Delivery settings of a push queue."""
    dead_letter: DeadLetter | None = None
    """Dead-letter settings, when configured."""
    alerts: tuple[Alert, ...] = ()
    """The queue's size alerts."""
