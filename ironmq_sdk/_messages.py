"""Message value types."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Message:
    """A message as peek and get-by-id show it (not reserved by this call)."""

    id: str
    """The message's id, a string of decimal digits."""
    body: str
    """The message's content."""
    reserved_count: int
    """How many times the message has been reserved (touches count too)."""


@dataclass(frozen=True)
class ReservedMessage(Message):
    """A message handed out by a reservation; pass it to delete, touch or release."""

    reservation_id: str
    """The reservation; deleting, touching or releasing the message needs it while it lasts."""
