"""The two I/O shells, sync and async: they send and sleep for `_retries.drive`, nothing else."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import TypeVar, cast

import httpx

from ._config import ClientConfig
from ._core import Flow, RequestOptions
from ._retries import drive

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


class SyncTransport:
    """Sends operations over one pooled `httpx.Client`."""

    def __init__(self, config: ClientConfig, http_client: httpx.Client | None) -> None:
        self.config = config
        self._owns_http = http_client is None
        self.http: httpx.Client = http_client or httpx.Client(
            limits=POOL_LIMITS, follow_redirects=False
        )

    def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result: send what it asks to send, sleep what it asks to sleep."""
        steps = drive(flow, self.http, self.config, options)
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
        self._pools = (
            [http_client]
            if http_client is not None
            else [
                httpx.AsyncClient(limits=ASYNC_POOL_LIMITS, follow_redirects=False)
                for _ in range(ASYNC_POOLS)
            ]
        )
        self.http: httpx.AsyncClient = self._pools[0]
        self._turn = itertools.cycle(self._pools)

    async def run(self, flow: Flow[T], options: RequestOptions) -> T:
        """Drive a flow to its result: send what it asks to send, sleep what it asks to sleep."""
        steps = drive(flow, self.http, self.config, options)
        try:
            step = next(steps)
            while True:
                if isinstance(step, httpx.Request):
                    try:
                        answer = await next(self._turn).send(step)
                    except httpx.TransportError as exc:
                        step = steps.send(exc)  # judged, and maybe retried, by `drive`
                    else:
                        step = steps.send(answer)
                else:
                    await asyncio.sleep(step)
                    step = next(steps)
        except StopIteration as done:
            return cast(T, done.value)

    async def aclose(self) -> None:
        """Close the connection pool if the SDK created it."""
        if self._owns_http:
            for pool in self._pools:
                await pool.aclose()
