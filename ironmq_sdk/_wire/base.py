"""What every API version's wire offers: the `Wire` protocol and the data that sets versions apart.

A wire turns the SDK's validated, version-free arguments into `Operation`s of one API
version (paths, bodies, query parameters) and that version's answers back into the SDK's
value types. The queue flows (`ironmq_sdk._flows`) never look at a version number: where
versions behave differently they read the wire's `Capabilities`, and a call a version
cannot make raises `UnsupportedArgumentError` / `UnsupportedOperationError` naming it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from .._alerts import Alert
from .._core import Operation
from .._errors import ErrorRule, UnsupportedArgumentError, UnsupportedOperationError
from .._messages import Message, ReservedMessage
from .._queue_info import QueueInfo
from .._subscribers import PushStatus, Subscriber
from .._types import ApiVersion

Settings = Mapping[str, Any]
"""Checked queue settings (`_inputs.queue_settings`): keys of `NewQueueSettings`, values
normalised (ints in range, `tuple[Subscriber, ...]`, `DeadLetter`, `tuple[Alert, ...]`)."""


@dataclass(frozen=True)
class Capabilities:
    """What an API version can do, as data the version-free flows consult."""

    api_version: ApiVersion
    """The version's number in paths and configuration: 3 or 1."""
    label: str
    """How errors name the version, e.g. `IronMQ v3`."""
    reservations: bool
    """Reserving hands out reservation ids, which deleting, touching and releasing a reserved
    message then need (v3). Without them (v2) a message is named by its id alone."""
    fixed_queue_type: bool
    """A queue's type is set when it is created and an update cannot change it (v3)."""
    update_creates: bool
    """Updating a queue that does not exist creates it (v2's POST /queues/{q})."""
    subscriber_key: Literal["name", "url"]
    """What identifies a subscriber when removing it: its name (v3) or its URL (v2)."""
    acknowledge_by: Literal["name", "id"]
    """What names the subscriber when acknowledging a push: its name, with the push's
    reservation (v3), or the `id` of its push status, `Iron-Subscriber-Message-Id` (v2)."""
    settings: frozenset[str]
    """The queue settings (`NewQueueSettings` keys) the version accepts."""
    message_fields: frozenset[str]
    """The fields a posted message may carry besides `body`."""
    hints: Mapping[str, str] = field(default_factory=dict)
    """For arguments and settings the version lacks: what to do instead (shown in errors)."""

    def unsupported(self, argument: str, key: str | None = None) -> UnsupportedArgumentError:
        """The error for an argument or setting this version cannot honour.

        Args:
            argument: the argument as the error names it (e.g. `messages[0].timeout`).
            key: its key in `hints`, when that differs from `argument`.
        """
        name = argument if key is None else key
        hint = self.hints.get(name, f"{self.label} has no {name!r}")
        return UnsupportedArgumentError(argument, hint)

    def unsupported_operation(self, operation: str, hint: str) -> UnsupportedOperationError:
        """The error for an operation this version does not have at all."""
        return UnsupportedOperationError(operation, f"{self.label} cannot do this. {hint}")


@dataclass(frozen=True)
class Page:
    """Where one page of the queue listing starts: after a name (v3) or by number (v2)."""

    previous: str | None = None
    """v3: the last name of the previous page."""
    number: int | None = None
    """v2: the page number, from 0."""


class Wire(Protocol):
    """One API version's requests and answers; see the module doc.

    Every method only builds an `Operation` (or a URL): nothing is sent here. Arguments
    arrive checked and normalised by the flows; a method raises UnsupportedArgumentError or
    UnsupportedOperationError (through `caps`) when its version cannot do what is asked.
    """

    caps: Capabilities
    """What this version can do."""
    errors: tuple[ErrorRule, ...]
    """How this version's error messages map to the SDK's finer exceptions."""

    # the project's queues ------------------------------------------------------------

    def list_queues(
        self, per_page: int | None, prefix: str | None, page: Page
    ) -> Operation[list[str]]:
        """One page of queue names, in the version's order."""
        ...

    def next_page(self, names: list[str], per_page: int, page: Page) -> Page | None:
        """Where the page after `page` (which held `names`) starts, or None after the last."""
        ...

    # one queue ----------------------------------------------------------------------

    def get_queue(self, name: str) -> Operation[QueueInfo]:
        """The queue's settings and counters."""
        ...

    def create_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """Create the queue, or update it if it exists."""
        ...

    def update_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """Change the given settings (may include `type` when `caps.fixed_queue_type` is
        false); a missing queue is created when `caps.update_creates`, else 404."""
        ...

    def remove_dead_letter(self, name: str) -> Operation[QueueInfo]:
        """Stop moving messages to a dead-letter queue."""
        ...

    def delete_queue(self, name: str) -> Operation[None]:
        """Delete the queue and its messages."""
        ...

    def clear(self, name: str) -> Operation[None]:
        """Delete every message, reserved ones included."""
        ...

    def webhook_url(self, base_url: str, name: str, token: str | None) -> str:
        """The URL whose POST body becomes a message (with `?oauth=` when `token` is given)."""
        ...

    # subscribers and alerts ------------------------------------------------------------

    def add_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """Add subscribers (or update those that exist)."""
        ...

    def replace_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """Set the subscribers to exactly these."""
        ...

    def remove_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """Remove subscribers, named by `caps.subscriber_key` (the other field may be empty)."""
        ...

    def add_alerts(self, name: str, alerts: Sequence[Alert]) -> Operation[None]:
        """Add alerts."""
        ...

    def replace_alerts(self, name: str, alerts: Sequence[Alert]) -> Operation[None]:
        """Set the alerts to exactly these."""
        ...

    def remove_alerts(self, name: str, alert_ids: Sequence[str]) -> Operation[None]:
        """Remove alerts by id."""
        ...

    def remove_alert(self, name: str, alert_id: str) -> Operation[None]:
        """Remove one alert by id."""
        ...

    # messages -----------------------------------------------------------------------

    def post_messages(
        self, name: str, messages: Sequence[Mapping[str, Any]]
    ) -> Operation[list[str]]:
        """Post 1 to 100 checked messages (`body` plus `caps.message_fields`); their ids."""
        ...

    def post_webhook(
        self, name: str, payload: bytes, push_headers: Mapping[str, str]
    ) -> Operation[str]:
        """Post one raw body as a message; its id."""
        ...

    def reserve(
        self, name: str, *, n: int, timeout: int | None, wait: int | None, delete: bool
    ) -> Operation[list[ReservedMessage]]:
        """Reserve up to `n` messages (and delete them at once when `delete`)."""
        ...

    def peek(self, name: str, n: int) -> Operation[list[Message]]:
        """Up to `n` available messages, not reserved."""
        ...

    def get_message(self, name: str, message_id: str) -> Operation[Message]:
        """One message by id."""
        ...

    def delete_message(
        self, name: str, message_id: str, reservation_id: str | None
    ) -> Operation[None]:
        """Delete one message (with its reservation, when the version has them)."""
        ...

    def delete_messages(self, name: str, refs: Sequence[tuple[str, str | None]]) -> Operation[None]:
        """Delete 1 to 100 messages given as (id, reservation id or None); never a clear."""
        ...

    def touch(
        self, name: str, message_id: str, reservation_id: str | None, timeout: int | None
    ) -> Operation[str | None]:
        """Extend a reservation; the reservation id to use from now on (None without
        `caps.reservations`)."""
        ...

    def release(
        self, name: str, message_id: str, reservation_id: str | None, delay: int
    ) -> Operation[None]:
        """End a reservation; the message is available again after `delay` seconds."""
        ...

    def push_statuses(self, name: str, message_id: str) -> Operation[list[PushStatus]]:
        """How delivery of a message to each subscriber went."""
        ...

    def acknowledge_push(
        self, name: str, message_id: str, subscriber: str, reservation_id: str | None
    ) -> Operation[None]:
        """Acknowledge a push the subscriber answered with 202 (v3: by subscriber name and
        reservation; v2: by the subscriber id of its push status)."""
        ...
