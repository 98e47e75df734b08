"""Retry policy as named constants and pure functions (no I/O, no sleeping here).

A request is retried when the failure is transient (503, 504, 429, no connection) and
retrying cannot duplicate its effect: requests that are not idempotent (posting,
reserving, the webhook, touch, release) are retried only when they certainly did not
reach the server, that is the connection was never made or the answer was 503.
"""

from __future__ import annotations

import enum
import random

DEFAULT_MAX_RETRIES = 3
"""Retries after the first attempt, per request."""

INITIAL_DELAY = 0.5
"""Delay before the first retry, in seconds; it doubles with every attempt."""

MAX_DELAY = 8.0
"""Longest computed delay between attempts, in seconds."""

JITTER = 0.25
"""Fraction of the delay that is randomised, so clients retrying together spread out."""

MAX_RETRY_AFTER = 60.0
"""Longest Retry-After the SDK honours; longer ones fall back to the computed delay."""

RETRY_STATUSES = frozenset({429, 503, 504})
"""Error answers worth another attempt."""

NOT_PROCESSED_STATUSES = frozenset({503})
"""Error answers after which the request certainly was not processed."""


class Failure(enum.Enum):
    """How a request failed without an answer."""

    CONNECT = "connect"
    """The connection was never made (refused, DNS, connect timeout): nothing was sent."""
    TIMEOUT = "timeout"
    """No answer in time after the request was sent: the server may have processed it."""
    DROPPED = "dropped"
    """The connection broke after the request was sent: the server may have processed it."""


def should_retry(
    attempt: int,
    max_retries: int,
    *,
    idempotent: bool,
    status: int | None = None,
    failure: Failure | None = None,
) -> bool:
    """Decide whether to try again after attempt number `attempt` (0 for the first) failed.

    Args:
        attempt: attempts made so far, minus one.
        max_retries: retries allowed after the first attempt.
        idempotent: whether repeating the request cannot duplicate its effect.
        status: the error status, when the server answered.
        failure: how it failed, when there was no answer.
    """
    if attempt >= max_retries:
        return False
    if failure is not None:
        return failure is Failure.CONNECT or idempotent
    if status is None or status not in RETRY_STATUSES:
        return False
    return idempotent or status in NOT_PROCESSED_STATUSES


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number `attempt + 1`.

    Honours the server's Retry-After when it is sane; otherwise exponential from
    `INITIAL_DELAY`, capped at `MAX_DELAY`, with `JITTER` taken off at random.
    """
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
        return retry_after
    delay = min(MAX_DELAY, INITIAL_DELAY * 2.0**attempt)
    return delay * (1.0 - JITTER * random.random())  # jitter, not cryptography


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form only), else None."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
