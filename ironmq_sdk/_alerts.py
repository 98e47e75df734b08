"""Queue-size alert value type (a legacy feature: the official clients dropped it in 2022)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

AlertType = Literal["fixed", "progressive"]
"""`fixed` fires when the size crosses the trigger; `progressive` at every multiple of it."""
AlertDirection = Literal["asc", "desc"]
"""`asc` fires while the queue grows, `desc` while it shrinks."""


@dataclass(frozen=True)
class Alert:
    """A queue-size alert: when the queue's size crosses `trigger`, a message goes to `queue`."""

    type: AlertType
    """`fixed` fires at one size; `progressive` at every multiple of `trigger`."""
    trigger: int
    """The queue size (or step, for progressive alerts) that fires the alert."""
    queue: str
    """Queue that receives the alert messages."""
    direction: AlertDirection = "asc"
    """`asc` fires while the queue grows, `desc` while it shrinks."""
    snooze: int = 0
    """Seconds after firing during which the alert stays silent."""
    id: str | None = None
    """The alert's id, set by the server."""
