"""kombu messages as IronMQ message bodies, and back.

A kombu virtual transport moves a dict (body, headers, properties, ...); IronMQ moves a
string. The dict travels as JSON. A body that is not one (posted by something other than
kombu) still arrives, as a plain-text message, so the consumer can reject it visibly.
"""

from __future__ import annotations

import json
import math
from datetime import datetime
from typing import Any

from ._settings import MAX_DELAY


def to_body(message: dict[str, Any]) -> str:
    """The IronMQ body of a kombu message."""
    return json.dumps(message, separators=(",", ":"))


def from_body(body: str, reservation_id: str, reserved_count: int) -> dict[str, Any]:
    """The kombu message in an IronMQ body, tagged with this delivery's reservation id."""
    try:
        payload = json.loads(body)
    except ValueError:
        payload = None
    if not isinstance(payload, dict) or not isinstance(payload.get("properties"), dict):
        payload = {
            "body": body,
            "content-encoding": "utf-8",
            "content-type": "text/plain",
            "headers": {},
            "properties": {"delivery_info": {}},
        }
    properties = payload["properties"]
    info = properties.setdefault("delivery_info", {})
    # What AMQP says of a message delivered before (Celery reads it from delivery_info).
    info["redelivered"] = payload["redelivered"] = reserved_count > 1
    # The first reservation id names this delivery: a redelivery of the same message gets
    # a new one, so two deliveries of one message never share a tag.
    properties["delivery_tag"] = reservation_id
    return payload


def eta_delay(message: dict[str, Any], now: float) -> int:
    """Seconds until the Celery ETA in the message's headers (0 if none or already due).

    Celery's message protocol 2 puts the ETA of countdown/ETA tasks and of retries in the
    `eta` header as ISO 8601; IronMQ can hold the message back that long (7 days at most:
    a later ETA arrives early and the worker keeps it, renewing its reservation).
    """
    headers = message.get("headers")
    eta = headers.get("eta") if isinstance(headers, dict) else None
    if not isinstance(eta, str):
        return 0
    try:
        when = datetime.fromisoformat(eta)
    except ValueError:
        return 0
    if when.tzinfo is None:
        return 0  # local time of an unknown zone: let the worker hold it instead
    seconds = when.timestamp() - now
    return max(0, min(MAX_DELAY, math.floor(seconds))) if seconds > 0 else 0
