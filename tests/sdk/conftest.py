"""Fixtures of the SDK tests: clients bound to the local server, sync or async.

`client` is parametrised over (sync, async) x API versions (v3, and v2 as api_version 1): the
same test body runs against `IronMQ` and against `AsyncIronMQ` through `tests.bridge.Bridge`,
which runs every coroutine on one event loop, so that every end-to-end test covers both
surfaces and both protocols. `client_v3` and `client_v2` are the same on one version, for
what only that version does.

Every client made by `connect`/`aconnect` (and so by the fixtures) sends through a
validating transport: each request and response is held to the spec of its version
(spec/ironmq-v3.yaml, spec/ironmq-v2.yaml), and a violation fails the test that caused it
(tests/conformance.py).
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


API_VERSIONS = [3, 1]
"""The API versions the end-to-end tests run on: IronMQ v3, and v2 (api_version 1). A test of
what only one version has takes `client_v3` or `client_v2` instead of `client`."""


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


def _clients(mode: str, api_version: int, server: LocalServer) -> Iterator[Any]:
    """`IronMQ`, or `AsyncIronMQ` behind a Bridge, speaking `api_version`."""
    if mode == "sync":
        with connect(server, api_version=api_version) as sync_client:
            yield sync_client
        return
    loop = asyncio.new_event_loop()
    async_client = aconnect(server, api_version=api_version)
    try:
        yield Bridge(async_client, loop)
    finally:
        loop.run_until_complete(async_client.close())
        loop.close()


def _label(param: tuple[str, int]) -> str:
    return f"{param[0]}-v{2 if param[1] == 1 else param[1]}"


@pytest.fixture(
    params=[(mode, version) for mode in ("sync", "async") for version in API_VERSIONS],
    ids=_label,
)
def client(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Any]:
    """`IronMQ`, or `AsyncIronMQ` behind a Bridge, on each API version: the same test runs
    on every combination."""
    mode, version = request.param
    yield from _clients(mode, version, ironmq)


@pytest.fixture(params=[("sync", 3), ("async", 3)], ids=_label)
def client_v3(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Any]:
    """`client` on IronMQ v3 only, for what v2 does not have."""
    mode, version = request.param
    yield from _clients(mode, version, ironmq)


@pytest.fixture(params=[("sync", 1), ("async", 1)], ids=_label)
def client_v2(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Any]:
    """`client` on IronMQ v2 only (api_version 1), for what only v2 does."""
    mode, version = request.param
    yield from _clients(mode, version, ironmq)
