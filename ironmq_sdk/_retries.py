"""Retries: the policy as named constants and pure functions, and the attempts flow.

A request is retried when the failure is transient (503, 504, 429, no connection) and
retrying cannot duplicate its effect: requests that are not idempotent (posting,
reserving, the webhook, touch, release) are retried only when they certainly did not
reach the server, that is the connection was never made or the answer was 503.

`drive` runs a queue flow without doing any I/O itself (tenacity's DoAttempt/DoSleep idea):
it yields an `httpx.Request` when something must be sent and a float when the transport
must sleep, and receives the answer (or the transport error) back. The sync and async
transports are loops around it that differ only in how they send and sleep.
"""

from __future__ import annotations

import enum
import random
import time
from collections.abc import Generator
from typing import Any, TypeVar, cast

import httpx

from ._core import (
    Flow,
    Operation,
    RequestBuilder,
    RequestOptions,
    connection_error,
    error_from_response,
    log,
    parse_retry_after,
    parse_success,
    safe_url,
)
from ._errors import APIStatusError, IronMQError

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "Failure",
    "TestMode",
    "backoff",
    "drive",
    "failure_of",
    "maybe_processed",
    "parse_retry_after",
    "should_retry",
]

T = TypeVar("T")

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


def failure_of(exc: httpx.TransportError) -> Failure:
    """Classify a transport error: could the request have reached the server?"""
    if isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)):
        return Failure.CONNECT
    if isinstance(exc, httpx.TimeoutException):
        return Failure.TIMEOUT
    return Failure.DROPPED


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


def maybe_processed(status: int | None, failure: Failure | None) -> bool:
    """Whether a failed attempt may have been carried out by the server all the same."""
    if failure is not None:
        return failure is not Failure.CONNECT
    return status is not None and status >= 500 and status not in NOT_PROCESSED_STATUSES


def backoff(attempt: int, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number `attempt + 1`.

    Honours the server's Retry-After when it is sane; otherwise exponential from
    `INITIAL_DELAY`, capped at `MAX_DELAY`, with `JITTER` taken off at random.
    """
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
        return retry_after
    delay = min(MAX_DELAY, INITIAL_DELAY * 2.0**attempt)
    return delay * (1.0 - JITTER * random.random())  # jitter, not cryptography


class TestMode:
    """The switch behind `ironmq_sdk.testing`: record back-off waits instead of sleeping."""

    __test__ = False  # not a pytest test class, despite the name

    on = False
    """Whether back-off is recorded rather than slept."""
    waits: list[float] = []  # noqa: RUF012  # one process-wide record, replaced on switching on
    """The waits back-off asked for since test mode was switched on, oldest first."""


def _wait(delay: float) -> Generator[float, Any, None]:
    """Sleep `delay` seconds through the transport, or record it in test mode."""
    if TestMode.on:
        TestMode.waits.append(delay)
    else:
        yield delay


def _attempts(
    op: Operation[T], request: httpx.Request, options: RequestOptions
) -> Generator[httpx.Request | float, httpx.Response | httpx.TransportError, T]:
    """Every attempt at one operation: send, judge the answer, wait, send again or give up."""
    attempt = 0
    unsure = False  # whether an earlier attempt may have been carried out unanswered
    while True:
        started = time.monotonic()  # for the DEBUG line's duration
        answer = yield request
        if isinstance(answer, httpx.Response):
            if log.isEnabledFor(10):  # DEBUG; formatting URLs costs on hot paths
                elapsed = (time.monotonic() - started) * 1000
                log.debug(
                    "%s %s -> %d (%.0f ms)",
                    request.method,
                    safe_url(request.url),
                    answer.status_code,
                    elapsed,
                )
            if 200 <= answer.status_code < 300:
                return parse_success(op, answer)
            # The wire's table picks the finer class from the version's wording of `msg`.
            error: IronMQError = error_from_response(answer, op.errors)
            failure = None
        else:
            error = connection_error(answer, request)
            failure = failure_of(answer)
        status = error.status if isinstance(error, APIStatusError) else None
        unsure = unsure or maybe_processed(status, failure)
        ok = should_retry(
            attempt, options.max_retries, idempotent=op.idempotent, status=status, failure=failure
        )
        if not ok:
            # Callers judge what an error means by it: a retried delete that finds the
            # message gone, or a batch whose failed request may have been stored.
            error.maybe_applied = unsure
            raise error
        delay = backoff(attempt, error.retry_after if isinstance(error, APIStatusError) else None)
        if log.isEnabledFor(10):
            url = safe_url(request.url)
            log.debug("retrying %s %s in %.2fs after %s", request.method, url, delay, error)
        yield from _wait(delay)
        attempt += 1


def drive(
    flow: Flow[T], builder: RequestBuilder, options: RequestOptions
) -> Generator[httpx.Request | float, httpx.Response | httpx.TransportError, T]:
    """Run a flow as requests to send and seconds to sleep (no I/O here).

    Each operation the flow yields is built into a request (`builder` only builds it) and
    attempted as the retry policy allows; its result is sent into the flow, its final
    error thrown into it. The transport sends each yielded request and sends back the
    `httpx.Response` or the `httpx.TransportError`; it sleeps for each yielded float.
    """
    try:
        op = next(flow)
        while True:
            request = builder.build(op, options)
            try:
                result = yield from _attempts(op, request, options)
            except IronMQError as exc:
                # The flow may handle it: create-if-missing catches QueueNotFoundError.
                op = flow.throw(exc)
            else:
                op = flow.send(result)
    except StopIteration as stop:  # the flow returned: its value is the call's result
        return cast(T, stop.value)
