"""Retry policy: the pure functions, and behaviour against the server's fault injection."""

from __future__ import annotations

import asyncio
import socket

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    IronMQ,
    RateLimitError,
    _retries,
    testing,
)
from ironmq_sdk._retries import Failure, backoff, parse_retry_after, should_retry

from .conftest import aconnect


def remaining_faults(server: LocalServer) -> int:
    """How many injected faults the server has not used yet."""
    return int(httpx.get(f"{server.base_url}/_local/faults").json()["count"])


# pure policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("idempotent", "status", "failure", "expected"),
    [
        (True, 503, None, True),
        (False, 503, None, True),  # a 503 answer: certainly not processed
        (True, 504, None, True),
        (False, 504, None, False),  # a gateway timeout: it may have been processed
        (True, 429, None, True),
        (False, 429, None, False),
        (True, 500, None, False),
        (True, 400, None, False),
        (True, 404, None, False),
        (False, None, Failure.CONNECT, True),  # never reached the server
        (True, None, Failure.TIMEOUT, True),
        (False, None, Failure.TIMEOUT, False),  # read timeout: may have been processed
        (True, None, Failure.DROPPED, True),
        (False, None, Failure.DROPPED, False),
    ],
)
def test_should_retry_table(
    idempotent: bool, status: int | None, failure: Failure | None, expected: bool
) -> None:
    """Which failures are retried, for idempotent and non-idempotent requests."""
    assert should_retry(0, 3, idempotent=idempotent, status=status, failure=failure) is expected


def test_should_retry_stops_at_max_retries() -> None:
    """No retry once max_retries attempts were retried."""
    assert should_retry(2, 3, idempotent=True, status=503)
    assert not should_retry(3, 3, idempotent=True, status=503)
    assert not should_retry(0, 0, idempotent=True, status=503)


def test_backoff_grows_is_capped_jittered_and_honours_retry_after() -> None:
    """Exponential with jitter below the cap; a sane Retry-After wins."""
    assert _retries.INITIAL_DELAY * (1 - _retries.JITTER) <= backoff(0) <= _retries.INITIAL_DELAY
    assert backoff(50) <= _retries.MAX_DELAY
    assert backoff(0, retry_after=2.5) == 2.5
    assert backoff(0, retry_after=10_000) <= _retries.MAX_DELAY  # absurd values are ignored


def test_parse_retry_after() -> None:
    """Delta-seconds only; anything else is None."""
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after(" 0.5 ") == 0.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("-1") is None


# against the server -------------------------------------------------------------------


def test_post_is_retried_after_503_and_stored_once(mq: IronMQ, ironmq: LocalServer) -> None:
    """Two 503 answers, then success: one message, no duplicate."""
    ironmq.inject_faults(2, status=503)
    ids = mq.queue("q").post("once")
    assert len(ids) == 1
    assert mq.queue("q").size() == 1
    assert remaining_faults(ironmq) == 0


def test_gives_up_after_max_retries(mq: IronMQ, ironmq: LocalServer) -> None:
    """With max_retries=2, three 503 answers are an InternalServerError; the 4th is unused."""
    ironmq.inject_faults(4, status=503)
    with pytest.raises(InternalServerError) as info:
        mq.with_options(max_retries=2).queue("q").post("x")
    assert info.value.status == 503
    assert remaining_faults(ironmq) == 1


def test_dropped_post_is_not_retried(mq: IronMQ, ironmq: LocalServer) -> None:
    """A dropped connection may have delivered a post: it is not repeated."""
    ironmq.inject_faults(2, drop=True)
    with pytest.raises(APIConnectionError):
        mq.queue("q").post("x")
    assert remaining_faults(ironmq) == 1


def test_dropped_get_is_retried(mq: IronMQ, ironmq: LocalServer) -> None:
    """Reading is idempotent: a dropped connection is retried."""
    mq.queue("q").post("x")
    ironmq.inject_faults(2, drop=True)
    assert mq.queue("q").size() == 1
    assert remaining_faults(ironmq) == 0


def test_read_timeout_on_post_is_not_retried(mq: IronMQ, ironmq: LocalServer) -> None:
    """A post that timed out may have been stored: one attempt, then APITimeoutError."""
    mq.queue("q").post("first")
    ironmq.inject_faults(2, delay=1.0)
    with pytest.raises(APITimeoutError):
        mq.with_options(timeout=0.3).queue("q").post("x")
    assert remaining_faults(ironmq) == 1
    ironmq.clear_faults()


def test_read_timeout_on_get_is_retried(mq: IronMQ, ironmq: LocalServer) -> None:
    """An idempotent read that timed out is tried again."""
    mq.queue("q").post("x")
    ironmq.inject_faults(1, delay=1.0)
    assert mq.with_options(timeout=0.3).queue("q").size() == 1


def test_429_honours_retry_after_for_idempotent_calls(mq: IronMQ, ironmq: LocalServer) -> None:
    """429 with Retry-After: the read waits exactly that long, then succeeds."""
    with testing.set_testing(True):
        mq.queue("q").post("x")
        ironmq.inject_faults(1, status=429, retry_after=0.2)
        assert mq.queue("q").size() == 1
        waits = testing.recorded_waits()
    assert waits == [0.2]


def test_429_on_post_is_not_retried(mq: IronMQ, ironmq: LocalServer) -> None:
    """A rate-limited post surfaces as RateLimitError with retry_after."""
    ironmq.inject_faults(1, status=429, retry_after=3)
    with pytest.raises(RateLimitError) as info:
        mq.queue("q").post("x")
    assert info.value.retry_after == 3.0


def test_504_retried_only_when_idempotent(mq: IronMQ, ironmq: LocalServer) -> None:
    """504: reads are retried, reservations are not."""
    mq.queue("q").post("x")
    ironmq.inject_faults(1, status=504)
    assert mq.queue("q").size() == 1
    ironmq.inject_faults(1, status=504)
    with pytest.raises(InternalServerError):
        mq.queue("q").reserve()
    assert mq.queue("q").reserve()[0].body == "x"


def test_async_client_retries_too(ironmq: LocalServer) -> None:
    """The async shell follows the same policy."""
    ironmq.inject_faults(2, status=503)

    async def main() -> int:
        async with aconnect(ironmq) as amq:
            await amq.queue("q").post("x")
            return await amq.queue("q").size()

    assert asyncio.run(main()) == 1
    assert remaining_faults(ironmq) == 0


def test_connection_refused_is_retried_even_for_post() -> None:
    """Nothing reached a server: every request may be retried."""
    calls: list[httpx.Request] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        raise httpx.ConnectError("refused", request=request)

    http = httpx.Client(transport=httpx.MockTransport(refuse))
    mq = IronMQ(project_id="p", token="t", base_url="http://x", http_client=http, max_retries=2)
    with pytest.raises(APIConnectionError):
        mq.queue("q").post("x")
    assert len(calls) == 3


def test_real_refused_port() -> None:
    """A closed port is an APIConnectionError naming method and URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mq = IronMQ(project_id="p", token="t", base_url=f"http://127.0.0.1:{port}", max_retries=1)
    with pytest.raises(APIConnectionError) as info:
        mq.queue("q").size()
    assert info.value.method == "GET"
    assert str(port) in info.value.url


def test_retry_switch_keeps_tests_fast(mq: IronMQ, ironmq: LocalServer) -> None:
    """The autouse fixture shrinks delays: three retries each wait at most its MAX_DELAY."""
    with testing.set_testing(True):
        ironmq.inject_faults(3, status=503)
        mq.queue("q").post("x")
        waits = testing.recorded_waits()
    assert len(waits) == 3
    assert all(0 < wait <= _retries.MAX_DELAY == 0.05 for wait in waits), waits
