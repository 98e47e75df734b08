"""Push-queue value types: subscribers, push settings and push statuses."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

PushStatusKind = Literal["queued", "retrying", "reserved", "deleted", "error"]
"""Where delivery to one subscriber stands, as far as the SDK knows the values (the service
may answer others, which `PushStatus.status` keeps as they came)."""


@dataclass(frozen=True)
class Subscriber:
    """A push-queue subscriber: an HTTP endpoint (or `ironmq:///queue`) fed every message."""

    name: str
    """Its name, the key for updates, removal and acknowledgements (on IronMQ v2, which
    names subscribers by URL, the URL)."""
    url: str
    """`http(s)://` endpoint, or `ironmq:///queue` to copy messages into another queue."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Headers sent with every push to this subscriber."""


@dataclass(frozen=True)
class PushSettings:
    """A push queue's delivery settings."""

    subscribers: tuple[Subscriber, ...]
    """Where messages go."""
    retries: int | None = None
    """How many times a failed delivery is retried."""
    retries_delay: int | None = None
    """Seconds between retries, and the window of a 202 answer."""
    error_queue: str | None = None
    """Queue that receives a report of each message whose retries ran out."""
    rate_limit: int | None = None
    """Pushes per second at most (-1: no limit, 0: stopped), if the answer says (an IronMQ v3
    setting Iron.io withdrew in 2015)."""


@dataclass(frozen=True)
class PushStatus:
    """How delivery of one message to one subscriber went."""

    name: str
    """The subscriber's name (on IronMQ v2, which has none, its URL)."""
    url: str
    """The subscriber's URL."""
    status: PushStatusKind | str | None
    """`queued`, `retrying`, `reserved` (answered 202), `deleted` (delivered) or `error`; a
    value the SDK does not know is kept as it came, and None means the answer had none (the
    IronMQ v3 reference never shows this field)."""
    retries_remaining: int
    """Retries left."""
    tries: int | None
    """Delivery attempts so far (None on IronMQ v2, which does not count them)."""
    status_code: int | None = None
    """HTTP status of the last attempt (0 when the connection failed)."""
    last_try_at: datetime | None = None
    """When the last attempt was made (UTC)."""
    id: str | None = None
    """IronMQ v2: the subscriber's id for this message, which acknowledging needs."""
    retries_delay: int | None = None
    """Seconds between retries, if the answer says (IronMQ v2 does)."""


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def subscriber_name_for(url: str) -> str:
    """Derive a stable, readable subscriber name from a URL (for v2-style bare URLs).

    `http://example.com/hooks/a?x=1` becomes `example.com-hooks-a-x-1`.
    """
    rest = url.split("://", 1)[-1]
    name = _UNSAFE.sub("-", rest).strip("-.")
    return (name or "subscriber")[:64]
