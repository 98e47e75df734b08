"""Receiving pushes: read the `Iron-*` headers of a push request, acknowledge it later.

A subscriber that answers a push with 202 Accepted keeps the message reserved for it
(for the queue's `retries_delay`) and must acknowledge it when done:

    push = PushMessage.from_request(request.headers, request.body)
    ...  # answer 202 now, work later
    mq.queue(push.queue_name or "orders").acknowledge(push)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

ACCEPTED = 202
"""Answer a push with this status to acknowledge it later with `Queue.acknowledge`."""


@dataclass(frozen=True)
class PushMessage:
    """A message as a push request delivered it."""

    message_id: str
    """`Iron-Message-Id`: the message's id."""
    body: str
    """The request body: the message's content."""
    reservation_id: str | None = None
    """`Iron-Reservation-Id`: needed to acknowledge after answering 202."""
    subscriber_name: str | None = None
    """`Iron-Subscriber-Name`: the subscriber this push was for."""
    message_url: str | None = None
    """`Iron-Subscriber-Message-Url`: DELETE it to acknowledge without the SDK."""
    subscriber_message_id: str | None = None
    """`Iron-Subscriber-Message-Id` (IronMQ v2): the push status's `id`, which acknowledging
    on v2 needs."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Every header of the request (subscriber and message push headers included)."""

    @property
    def queue_name(self) -> str | None:
        """The queue's name, read from `message_url` when present."""
        if not self.message_url:
            return None
        parts = urlsplit(self.message_url).path.split("/")
        if "queues" in parts and parts.index("queues") + 1 < len(parts):
            return unquote(parts[parts.index("queues") + 1])
        return None

    @classmethod
    def from_request(cls, headers: Mapping[str, str], body: bytes | str) -> PushMessage:
        """Read a push request (any framework: pass its headers mapping and raw body).

        The headers are read through the model the spec describes them with (`PushHeaders`
        of the `push` webhook), their names matched case-insensitively.

        Raises:
            InvalidArgumentError: the request has no `Iron-Message-Id` header.
        """
        from ._wire import read_push  # noqa: PLC0415  # deferred: it loads a generated client

        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        return cls(**read_push(headers), body=text, headers=dict(headers))
