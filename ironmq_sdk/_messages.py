"""Message value types."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from ._subscribers import PushStatus


@dataclass(frozen=True, repr=False)
class Message:
    """A message as peek and get-by-id show it (not reserved by this call).

    Only `id` and `body` are always there; the rest is what the answer carried (see the
    spec's decisions on absent fields): IronMQ v2 answers `timeout` (and, on a get-by-id,
    `delay` and `expires_in`), v3 `reserved_count` only.
    """

    id: str
    """The message's id, a string of decimal digits."""
    body: str
    """The message's content."""
    reserved_count: int = 0
    """How many times the message has been reserved (touches count too); 0 when the answer
    left it out, as an answer does for a message never reserved."""
    reservation_id: str | None = None
    """The reservation that deleting, touching or releasing the message needs while it lasts:
    set on reserved messages (IronMQ v3); None on IronMQ v2, which has no reservation ids,
    and on messages a reservation deleted (`delete=True`)."""
    reserved_until: datetime | None = None
    """When the reservation ends, if the answer says (older IronMQ v3 services did)."""
    timeout: int | None = None
    """IronMQ v2: the message's own reservation timeout in seconds."""
    expires_in: int | None = None
    """IronMQ v2: seconds the message is kept before it expires, if the answer says."""
    delay: int | None = None
    """IronMQ v2: the message's posting delay in seconds, if the answer says."""
    status: str | None = None
    """IronMQ v2: where a message fetched by id stands (e.g. `reserved`, `deleted`)."""
    push_statuses: tuple[PushStatus, ...] = ()
    """A push queue's message fetched by id, if the answer carries them (prefer
    `Queue.push_statuses`, which always does)."""

    def __repr__(self) -> str:
        # Only what the answer carried: the fields one API version lacks stay out of sight.
        shown = (
            f"{f.name}={getattr(self, f.name)!r}"
            for f in fields(self)
            if f.default is MISSING or getattr(self, f.name) != f.default
        )
        return f"{type(self).__name__}({', '.join(shown)})"


@dataclass(frozen=True, repr=False)
class ReservedMessage(Message):
    """A message handed out by a reservation; pass it to delete, touch or release (its
    `reservation_id` goes with it)."""


M = TypeVar("M", bound=Message)

_BLANK: dict[str, Any] = {
    f.name: None if f.default is MISSING else f.default for f in fields(Message)
}
"""Every field of a message, in order, with its default (id and body: placeholders)."""
assert all(f.default_factory is MISSING for f in fields(Message)), "quick_message shares defaults"
assert [f.name for f in fields(ReservedMessage)] == list(_BLANK)

_new = object.__new__
_set = object.__setattr__


def quick_message(
    cls: type[M],
    id: str,
    body: str,
    reserved_count: int,
    *,
    reservation_id: str | None = None,
    timeout: int | None = None,
) -> M:
    """`cls(id=..., body=..., ...)` (the other fields at their defaults), made faster.

    A frozen dataclass's `__init__` sets each of its ten fields through
    `object.__setattr__`: 3 µs a message, and a reservation of 100 makes 100. This fills
    the instance's `__dict__` at once instead; the result is equal to the one `__init__`
    makes (tests/sdk/test_wire_direct.py).
    """
    state = _BLANK.copy()
    state["id"] = id
    state["body"] = body
    state["reserved_count"] = reserved_count
    state["reservation_id"] = reservation_id
    state["timeout"] = timeout
    message = _new(cls)
    _set(message, "__dict__", state)
    return message
