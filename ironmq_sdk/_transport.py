"""The two I/O shells: send an operation with retries, and drive a flow (sync and async)."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any, TypeVar, cast

import httpx

from . import _retries
from ._config import ClientConfig
from ._core import (
    Flow,
    Operation,
    RequestOptions,
    build_request,
    connection_error,
    error_from_response,
    failure_of,
    is_success,
    log,
    parse_success,
    safe_url,
)
from ._errors import APIStatusError, IronMQError

T = TypeVar("T")

POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30)
"""Connection pool of a client the SDK creates itself."""

ASYNC_POOLS = 8
"""Connection pools an `AsyncIronMQ` spreads its requests over when it creates its own.

httpcore's pool does work in proportion to its connections on every request, so with many
requests in flight several small pools cost less CPU than one large one.
"""

ASYNC_POOL_LIMITS = httpx.Limits(
    max_connections=POOL_LIMITS.max_connections // ASYNC_POOLS
    if POOL_LIMITS.max_connections
    else None,
    max_keepalive_connections=10,
    keepalive_expiry=POOL_LIMITS.keepalive_expiry,
)
"""Limits of each of those pools: together, the same connections as one `POOL_LIMITS` pool."""


def _retry_delay(
    error: IronMQError,
    failure: _retries.Failure | None,
    attempt: int,
    options: RequestOptions,
    op: Operation[Any],
) -> float | None:
    """Seconds to wait before retrying after `error`, or None to give up."""
    status = error.status if isinstance(error, APIStatusError) else None
    retry_after = error.retry_after if isinstance(error, APIStatusError) else None
    ok = _retries.should_retry(
        attempt, options.max_retries, idempotent=op.idempotent, status=status, failure=failure
    )
    return _retries.backoff(attempt, retry_after) if ok else None


class SyncTransport:
    """Sends operations over one pooled `httpx.Client`."""

    def __init__(self, config: ClientConfig, http_client: httpx.Client | None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self.http = http_client or httpx.Client(limits=POOL_LIMITS, follow_redirects=False)

    def request(self, op: Operation[T], options: RequestOptions) -> T:
        """Send one operation, retrying as the policy allows; return its parsed result."""
        request = build_request(self.http, self.config, op, options)
        attempt = 0
        while True:
            started = time.monotonic()
            failure: _retries.Failure | None = None
            try:
                response = self.http.send(request)
            except httpx.TransportError as exc:
                error: IronMQError = connection_error(exc, request)
                error.__cause__ = exc
                failure = failure_of(exc)
            else:
                _log(request, response.status_code, started)
                if is_success(response):
                    return parse_success(op, response)
                error = error_from_response(response)
            delay = _retry_delay(error, failure, attempt, options, op)
            if delay is None:
                raise error
            log.debug(
                "retrying %s %s in %.2fs after %s",
                request.method,
                safe_url(request.url),
                delay,
                error,
            )
            time.sleep(delay)
            attempt += 1

    def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result, performing each operation it yields."""
        try:
            op = next(flow)
            while True:
                try:
                    result = self.request(op, options)
                except IronMQError as exc:
                    op = flow.throw(exc)
                else:
                    op = flow.send(result)
        except StopIteration as stop:
            return cast(T, stop.value)

    def close(self) -> None:
        """Close the connection pool if the SDK created it."""
        if self._owns_http:
            self.http.close()


class AsyncTransport:
    """Sends operations over `httpx.AsyncClient` pools: the one given, or `ASYNC_POOLS` own."""

    def __init__(self, config: ClientConfig, http_client: httpx.AsyncClient | None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self._pools = (
            [http_client]
            if http_client is not None
            else [
                httpx.AsyncClient(limits=ASYNC_POOL_LIMITS, follow_redirects=False)
                for _ in range(ASYNC_POOLS)
            ]
        )
        self.http = self._pools[0]
        self._turn = itertools.cycle(self._pools)

    async def request(self, op: Operation[T], options: RequestOptions) -> T:
        """Send one operation, retrying as the policy allows; return its parsed result."""
        request = build_request(self.http, self.config, op, options)
        attempt = 0
        while True:
            started = time.monotonic()
            failure: _retries.Failure | None = None
            try:
                response = await next(self._turn).send(request)
            except httpx.TransportError as exc:
                error: IronMQError = connection_error(exc, request)
                error.__cause__ = exc
                failure = failure_of(exc)
            else:
                _log(request, response.status_code, started)
                if is_success(response):
                    return parse_success(op, response)
                error = error_from_response(response)
            delay = _retry_delay(error, failure, attempt, options, op)
            if delay is None:
                raise error
            log.debug(
                "retrying %s %s in %.2fs after %s",
                request.method,
                safe_url(request.url),
                delay,
                error,
            )
            await asyncio.sleep(delay)
            attempt += 1

    async def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result, performing each operation it yields."""
        try:
            op = next(flow)
            while True:
                try:
                    result = await self.request(op, options)
                except IronMQError as exc:
                    op = flow.throw(exc)
                else:
                    op = flow.send(result)
        except StopIteration as stop:
            return cast(T, stop.value)

    async def aclose(self) -> None:
        """Close the connection pool if the SDK created it."""
        if self._owns_http:
            for pool in self._pools:
                await pool.aclose()


def _log(request: httpx.Request, status: int, started: float) -> None:
    if log.isEnabledFor(10):  # DEBUG; formatting URLs costs on hot paths
        elapsed = (time.monotonic() - started) * 1000
        log.debug("%s %s -> %d (%.0f ms)", request.method, safe_url(request.url), status, elapsed)
