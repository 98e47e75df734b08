"""The two I/O shells, sync and async: they send and sleep for `_retries.drive`, nothing else."""

from __future__ import annotations

import time
from typing import TypeVar, cast

import httpx

from ._config import ClientConfig
from ._core import Flow, RequestBuilder, RequestOptions, identity_headers
from ._retries import drive

T = TypeVar("T")

POOL_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=30)
"""Connection pool of a client the SDK creates itself."""

ASYNC_POOLS = 32
"""Connection pools an `AsyncIronMQ` spreads its requests over when it creates its own.

httpcore's pool does work in proportion to its connections on every request (checking each
idle one), so with many requests in flight many small pools cost less CPU than a few large
ones: with 32 in flight and 5 ms per request, 32 pools of 3 connections served 325-351
messages/s where 8 pools of 12 served 281-314 (the client's CPU was the limit). A request
goes to the pool with the fewest requests in flight, so one request at a time keeps to one
connection, and pools whose connections long polls hold are passed over.
"""

ASYNC_POOL_LIMITS = httpx.Limits(
    max_connections=POOL_LIMITS.max_connections // ASYNC_POOLS
    if POOL_LIMITS.max_connections
    else None,
    max_keepalive_connections=POOL_LIMITS.max_connections // ASYNC_POOLS
    if POOL_LIMITS.max_connections
    else None,
    keepalive_expiry=POOL_LIMITS.keepalive_expiry,
)
"""Limits of each of those pools: together, the same connections as one `POOL_LIMITS` pool."""


class SyncTransport:
    """Sends operations over one pooled `httpx.Client`."""

    def __init__(self, config: ClientConfig, http_client: httpx.Client | None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self.http: httpx.Client = http_client or httpx.Client(
            limits=POOL_LIMITS, follow_redirects=False, headers=identity_headers(config)
        )
        self._builder = RequestBuilder(self.http, config, pool_has_identity=self._owns_http)

    def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result: send what it asks to send, sleep what it asks to sleep."""
        steps = drive(flow, self._builder, options)
        try:
            step = next(steps)
            while True:
                if isinstance(step, httpx.Request):
                    try:
                        answer = self.http.send(step)
                    except httpx.TransportError as exc:
                        step = steps.send(exc)  # judged, and maybe retried, by `drive`
                    else:
                        step = steps.send(answer)
                else:
                    time.sleep(step)
                    step = next(steps)
        except StopIteration as done:
            return cast(T, done.value)

    def close(self) -> None:
        """Close the connection pool if the SDK created it."""
        if self._owns_http:
            self.http.close()


class AsyncTransport:
    """Sends operations over `httpx.AsyncClient` pools: the one given, or `ASYNC_POOLS` own."""

    def __init__(self, config: ClientConfig, http_client: httpx.AsyncClient | None) -> None:
        self.config = config
        self._owns_http = http_client is None
        if http_client is not None:
            self._pools = [http_client]
        else:
            # One TLS context for all the pools: httpx would load the CA bundle for each,
            # about 20 ms of CPU apiece.
            tls = httpx.create_ssl_context()
            self._pools = [
                httpx.AsyncClient(
                    limits=ASYNC_POOL_LIMITS,
                    follow_redirects=False,
                    headers=identity_headers(config),
                    verify=tls,
                )
                for _ in range(ASYNC_POOLS)
            ]
        self.http: httpx.AsyncClient = self._pools[0]
        self._busy = [0] * len(self._pools)
        """Requests in flight on each pool."""
        # Every pool has the same headers, so the first one builds the requests of all.
        self._builder = RequestBuilder(self.http, config, pool_has_identity=self._owns_http)

    async def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result: send what it asks to send, sleep what it asks to sleep."""
        steps = drive(flow, self._builder, options)
        try:
            step = next(steps)
            while True:
                if isinstance(step, httpx.Request):
                    try:
                        answer = await self._send(step)
                    except httpx.TransportError as exc:
                        step = steps.send(exc)  # judged, and maybe retried, by `drive`
                    else:
                        step = steps.send(answer)
                else:
                    import asyncio  # noqa: PLC0415  # only to back off: keep `import ironmq_sdk` light

                    await asyncio.sleep(step)
                    step = next(steps)
        except StopIteration as done:
            return cast(T, done.value)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        """Send on the pool with the fewest requests in flight (the first of those)."""
        busy = self._busy
        i = busy.index(min(busy))
        busy[i] += 1
        try:
            return await self._pools[i].send(request)
        finally:
            busy[i] -= 1

    async def aclose(self) -> None:
        """Close the connection pool if the SDK created it."""
        if self._owns_http:
            for pool in self._pools:
                await pool.aclose()
