"""What IronMQ v3 sends besides answers, read through the spec's models.

A push request's `Iron-*` headers (`PushHeaders`), and the JSON bodies of the messages an
alert (`AlertMessage`) and an error queue (`ErrorQueueMessage`) receive. The models are
liberal like the answers: only what a receiver cannot do without is required. Each reader
returns the keyword arguments of the SDK's value (`PushMessage`, `AlertMessage`,
`ErrorQueueMessage`), which the value's own classmethod builds: the value modules stay
leaves that never import a wire.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ironmq_api_v3 import models as g
from ironmq_api_v3.types import Unset

from .convert import opt

HEADERS = (
    "Iron-Message-Id",
    "Iron-Reservation-Id",
    "Iron-Subscriber-Name",
    "Iron-Subscriber-Message-Url",
)
"""`PushHeaders`' names as the spec spells them (tests/sdk check them against the spec)."""
_SPELLING = {name.lower(): name for name in HEADERS}


def push_fields(headers: Mapping[str, str]) -> dict[str, Any]:
    """A push request's `PushMessage` fields but `body` and `headers` (header names matched
    case-insensitively to the spec's)."""
    named = {_SPELLING[k.lower()]: v for k, v in headers.items() if k.lower() in _SPELLING}
    h = g.PushHeaders.from_dict(named)
    return {
        "message_id": h.iron_message_id,
        "reservation_id": opt(h.iron_reservation_id) or None,
        "subscriber_name": opt(h.iron_subscriber_name) or None,
        "message_url": opt(h.iron_subscriber_message_url) or None,
    }


def alert_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """An alert message's `AlertMessage` fields."""
    m = g.AlertMessage.from_dict(document)
    return {
        "source_queue": m.source_queue,
        "queue_size": m.queue_size,
        "alert_id": m.alert_id,
        "alert_type": m.alert_type,
        "alert_direction": m.alert_direction,
        "alert_trigger": m.alert_trigger,
        "created_at": m.created_at,
    }


def error_queue_fields(document: Mapping[str, Any]) -> dict[str, Any]:
    """An error-queue message's `ErrorQueueMessage` fields; `subscribers` as the fields of
    each `FailedSubscriber` (v3 gives each its own `code` and `msg`)."""
    m = g.ErrorQueueMessage.from_dict(document)
    failed = () if isinstance(m.subscribers, Unset) else m.subscribers
    return {
        "source_msg_id": m.source_msg_id,
        "body": opt(m.body),
        "headers": {} if isinstance(m.headers, Unset) else dict(m.headers.additional_properties),
        "subscribers": [
            {"url": s.url, "name": opt(s.name), "code": opt(s.code), "msg": opt(s.msg)}
            for s in failed
        ],
    }
