"""What IronMQ posts to queues on its own: alert messages and error-queue messages.

An alert posts a JSON text to its target queue when the queue's size crosses the trigger; a
push queue with an `error_queue` posts one there for each message whose delivery ran out of
retries. `parse` reads such a body (or the `Message` carrying it) into a typed value, through
the models the specs describe them with (spec/ironmq-v3.yaml `AlertMessage`,
`ErrorQueueMessage`; IronMQ v2's layout is read too).

    for message in mq.queue("orders-alerts").reserve(n=10):
        alert = AlertMessage.parse(message)
        print(alert.source_queue, alert.queue_size)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ._alerts import AlertDirection, AlertType
from ._errors import InvalidArgumentError
from ._messages import Message


def _document(kind: str, body: str | bytes | Message) -> dict[str, Any]:
    text = body.body if isinstance(body, Message) else body
    try:
        document = json.loads(text)
    except (TypeError, ValueError) as exc:
        raise InvalidArgumentError("body", f"not an IronMQ {kind}: not JSON") from exc
    if not isinstance(document, dict):
        raise InvalidArgumentError("body", f"not an IronMQ {kind}: not a JSON object")
    return document


@dataclass(frozen=True)
class AlertMessage:
    """The message an alert posted: which queue crossed which trigger, and when."""

    source_queue: str
    """The queue whose size crossed the trigger."""
    queue_size: int
    """Its size when the alert fired."""
    alert_id: str
    """The alert's id."""
    alert_type: AlertType
    """`fixed` or `progressive`."""
    alert_direction: AlertDirection
    """`asc` or `desc`."""
    alert_trigger: int
    """The alert's trigger."""
    created_at: datetime
    """When the alert fired."""

    @classmethod
    def parse(cls, body: str | bytes | Message) -> AlertMessage:
        """Read an alert message's body (or the message itself).

        Raises:
            InvalidArgumentError: the body is not an alert message.
        """
        from ._wire import read_alert_message  # noqa: PLC0415  # loads a generated client

        return cls(**read_alert_message(_document("alert message", body)))


@dataclass(frozen=True)
class FailedSubscriber:
    """A subscriber whose deliveries of a message all failed."""

    url: str
    """The subscriber's URL."""
    name: str | None = None
    """Its name (IronMQ v3)."""
    code: int | None = None
    """The HTTP status of its last try (0 when the connection failed)."""
    msg: str | None = None
    """Its last answer's text, or the connection error."""


@dataclass(frozen=True)
class ErrorQueueMessage:
    """The message a push queue posted to its error queue: a message it could not deliver."""

    source_msg_id: str
    """The undelivered message's id (it stays readable by id until it expires)."""
    body: str | None = None
    """The undelivered message's body."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """The headers its pushes carried (IronMQ v3)."""
    subscribers: tuple[FailedSubscriber, ...] = ()
    """The subscribers that failed. On IronMQ v2, whose report gives one `code` and `msg`
    for the message, each subscriber carries those."""

    @classmethod
    def parse(cls, body: str | bytes | Message) -> ErrorQueueMessage:
        """Read an error-queue message's body (or the message itself).

        Raises:
            InvalidArgumentError: the body is not an error-queue message.
        """
        from ._wire import read_error_queue_message  # noqa: PLC0415  # loads a generated client

        fields = read_error_queue_message(_document("error-queue message", body))
        failed = tuple(FailedSubscriber(**s) for s in fields.pop("subscribers"))
        return cls(**fields, subscribers=failed)
