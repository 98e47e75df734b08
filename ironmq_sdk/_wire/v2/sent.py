"""What IronMQ v2 sends besides answers, read through the v2 spec's models.

A v2 push names the delivery by `Iron-Subscriber-Message-Id` (the push status's `id`,
which acknowledging needs), and a v2 error-queue message gives one `code` and `msg` for the
whole message. Like `v3/sent.py`, each reader returns fields of the SDK's values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ironmq_api_v2 import models as g

from .convert import opt

HEADERS = ("Iron-Message-Id", "Iron-Subscriber-Message-Id", "Iron-Subscriber-Message-Url")
"""`PushHeaders`' names as the v2 spec spells them (tests/sdk check them against the spec)."""
_SPELLING = {name.lower(): name for name in HEADERS}


def push_fields(headers: Mapping[str, str]) -> dict[str, Any]:
    """The `PushMessage` fields only a v2 push has: `subscriber_message_id`."""
    named = {_SPELLING[k.lower()]: v for k, v in headers.items() if k.lower() in _SPELLING}
    h = g.PushHeaders.from_dict(named)
    return {"subscriber_message_id": opt(h.iron_subscriber_message_id) or None}


def error_queue_outcome(document: Mapping[str, Any]) -> tuple[int | None, str | None]:
    """The top-level `code` and `msg` of a v2 error-queue message."""
    m = g.ErrorQueueMessage.from_dict(document)
    return opt(m.code), opt(m.msg)
