"""Fixtures of the SDK tests: clients bound to the local server, sync or async.

`client` is parametrised over (sync, async) x API versions: the same test body runs against
`IronMQ` and against `AsyncIronMQ` through `tests.bridge.Bridge`, which runs every
coroutine on one event loop, so that every end-to-end test covers both surfaces, and will
cover both protocols once the SDK speaks v2 (`API_VERSIONS`).

Every client made by `connect`/`aconnect` (and so by the fixtures) sends through a
validating transport: each request and response is held to spec/ironmq-v3.yaml, and a
violation fails the test that caused it (tests/conformance.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import AsyncIronMQ, IronMQ, _retries

from ..bridge import Bridge
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


API_VERSIONS = [3]
"""The API versions the end-to-end tests run on. Issue 11 adds 1 (v2) once the SDK has its wire
and the validating transport knows spec/ironmq-v2.yaml."""


def _settings(server: LocalServer, kwargs: dict[str, Any]) -> dict[str, Any]:
    return {
        "project_id": server.project_id,
        "token": server.token,
        "base_url": server.base_url,
        **kwargs,
    }


def connect(server: LocalServer, **kwargs: Any) -> IronMQ:
    """A sync client of the local server, validating every exchange unless given a client.

    `http_client=None` gives the SDK's own pool, for tests of the pool itself.
    """
    if "http_client" in kwargs:
        return IronMQ(**_settings(server, kwargs))
    return ValidatedIronMQ(**_settings(server, kwargs), http_client=validating_client(SPEC))


def aconnect(server: LocalServer, **kwargs: Any) -> AsyncIronMQ:
    """An async client of the local server, validating every exchange unless given a client."""
    if "http_client" in kwargs:
        return AsyncIronMQ(**_settings(server, kwargs))
    http = async_validating_client(SPEC)
    return ValidatedAsyncIronMQ(**_settings(server, kwargs), http_client=http)


@pytest.fixture
def mq(ironmq: LocalServer) -> Iterator[IronMQ]:
    """A sync client of the (reset) local server."""
    with connect(ironmq) as client:
        yield client


@pytest.fixture(
    params=[(mode, version) for mode in ("sync", "async") for version in API_VERSIONS],
    ids=lambda param: f"{param[0]}-v{2 if param[1] == 1 else param[1]}",
)
def client(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Any]:
    """`IronMQ`, or `AsyncIronMQ` behind a Bridge, on each API version: the same test runs
    on every combination."""
    mode, api_version = request.param
    if mode == "sync":
        with connect(ironmq, api_version=api_version) as sync_client:
            yield sync_client
        return
    loop = asyncio.new_event_loop()
    async_client = aconnect(ironmq, api_version=api_version)
    try:
        yield Bridge(async_client, loop)
    finally:
        loop.run_until_complete(async_client.close())
        loop.close()
