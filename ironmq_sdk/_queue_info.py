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
    """Default reservation timeout in seconds (IronMQ v2 queues have none: 60, what a message
    posted without `timeout` gets)."""
    message_expiration: int
    """Seconds a message stays in the queue before it expires (IronMQ v2 queues have none:
    604800, what a message posted without `expires_in` gets)."""
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
    reserved: int | None = None
    """IronMQ v2: messages reserved now (counted in `size` too)."""
