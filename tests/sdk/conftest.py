"""Fixtures of the SDK tests: clients bound to the local server, sync or async.

`client` is parametrised: the same test body runs against `IronMQ` and against
`AsyncIronMQ` through `Bridge`, which runs every coroutine on one event loop, so that
every end-to-end test covers both surfaces.

Every client made by `connect`/`aconnect` (and so by the fixtures) sends through a
validating transport: each request and response is held to spec/ironmq-v3.yaml, and a
violation fails the test that caused it (tests/conformance.py).
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import AsyncConsumer, AsyncIronMQ, AsyncJob, AsyncQueue, IronMQ, _retries

from ..conformance import SpecValidator, async_validating_client, validating_client

SPEC = SpecValidator.load()
"""The spec every SDK exchange in these tests is validated against."""


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    """Retries keep their logic but barely wait."""
    monkeypatch.setattr(_retries, "INITIAL_DELAY", 0.01)
    monkeypatch.setattr(_retries, "MAX_DELAY", 0.05)


@pytest.fixture(autouse=True)
def conformance() -> Iterator[None]:
    """Fail the test if any exchange broke the spec, even one raised inside a thread."""
    SPEC.violations.clear()
    yield
    SPEC.assert_clean()


class ValidatedIronMQ(IronMQ):
    """`IronMQ` over a validating HTTP client, which it closes with itself."""

    def close(self) -> None:
        super().close()
        self._transport.http.close()


class ValidatedAsyncIronMQ(AsyncIronMQ):
    """`AsyncIronMQ` over a validating HTTP client, which it closes with itself."""

    async def close(self) -> None:
        await super().close()
        await self._transport.http.aclose()


class Bridge:
    """Calls an async SDK object synchronously: awaitables are run on one event loop."""

    _wrapped = (AsyncIronMQ, AsyncQueue, AsyncConsumer, AsyncJob)

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def _wrap(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            value = self._loop.run_until_complete(value)
        if isinstance(value, AsyncIterator):
            value = self._loop.run_until_complete(_collect(value))
        if isinstance(value, self._wrapped):
            return Bridge(value, self._loop)
        return value

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._wrap(attr(*args, **kwargs))

        return call


async def _collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]


def connect(server: LocalServer, **kwargs: Any) -> IronMQ:
    """A sync client of the local server, validating every exchange unless given a client.

    `http_client=None` gives the SDK's own pool, for tests of the pool itself.
    """
    credentials = {"project_id": server.project_id, "token": server.token}
    if "http_client" in kwargs:
        return IronMQ(**credentials, base_url=server.base_url, **kwargs)
    return ValidatedIronMQ(
        **credentials, base_url=server.base_url, http_client=validating_client(SPEC), **kwargs
    )


def aconnect(server: LocalServer, **kwargs: Any) -> AsyncIronMQ:
    """An async client of the local server, validating every exchange unless given a client."""
    credentials = {"project_id": server.project_id, "token": server.token}
    if "http_client" in kwargs:
        return AsyncIronMQ(**credentials, base_url=server.base_url, **kwargs)
    http = async_validating_client(SPEC)
    return ValidatedAsyncIronMQ(**credentials, base_url=server.base_url, http_client=http, **kwargs)


@pytest.fixture
def mq(ironmq: LocalServer) -> Iterator[IronMQ]:
    """A sync client of the (reset) local server."""
    with connect(ironmq) as client:
        yield client


@pytest.fixture(params=["sync", "async"])
def client(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Any]:
    """`IronMQ`, or `AsyncIronMQ` behind a Bridge: the same test runs on both."""
    if request.param == "sync":
        with connect(ironmq) as sync_client:
            yield sync_client
        return
    loop = asyncio.new_event_loop()
    async_client = aconnect(ironmq)
    try:
        yield Bridge(async_client, loop)
    finally:
        loop.run_until_complete(async_client.close())
        loop.close()
