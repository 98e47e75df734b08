"""Named constants: defaults, API limits and the SDK's identity."""

from __future__ import annotations

from typing import Final

import httpx

VERSION = "0.1.0"
"""The SDK's version (also in the User-Agent)."""

USER_AGENT = f"ironmq-sdk-python/{VERSION} (httpx/{httpx.__version__})"
"""Sent with every request so Iron.io can tell which client called."""

DEFAULT_HOST = "mq-aws-us-east-1-1.iron.io"
"""IronMQ v3's default cluster, as every official v3 client uses."""

DEFAULT_HOST_V2 = "mq-aws-us-east-1.iron.io"
"""IronMQ v2's default cluster (api_version 1), as its reference and the v2 clients had it."""

DEFAULT_PROTOCOL = "https"
DEFAULT_PORT = 443
API_VERSION: Final = 3
"""The default API version: IronMQ v3 (path `/3/`); the other is v2 (api_version 1, `/1/`)."""

MAX_WAIT = 30
"""Longest long-poll a reservation may ask for, in seconds."""

DEFAULT_TIMEOUT = httpx.Timeout(connect=5.0, read=60.0, write=30.0, pool=30.0)
"""Per-request timeouts; the read timeout outlasts the longest long-poll (`MAX_WAIT`)."""

LONG_POLL_MARGIN = 10.0
"""Seconds a long poll's read timeout exceeds its `wait`: a client whose `timeout` is shorter
gets `wait` plus this for reservations that long-poll, so an empty queue is not a timeout."""

MAX_MESSAGES_PER_CALL = 100
"""Most messages one post, reservation, peek or batch delete may carry."""

MAX_DELAY = 604_800
"""Longest delay of a posted or released message (7 days)."""

MAX_RESERVATION_TIMEOUT = 86_400
"""Longest reservation (1 day)."""

MAX_EXPIRATION = 2_592_000
"""Longest a message may be kept before it expires (30 days)."""

MAX_PUSH_HEADERS = 5
"""Most push headers one message may carry."""
