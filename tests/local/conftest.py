"""Black-box tests of ironmq-local over HTTP.

The server runs as a subprocess (the `ironmq_server`/`ironmq` fixtures of
`ironmq_local.pytest_plugin`); `api` is an httpx client for the v3 API of the
default project, `api2` one for the v2 API. Every response any client here receives
is checked for `Content-Type: application/json` and validated against the spec of
its version (tests/conformance.py; 405 answers and routes the spec lacks are tested
for themselves).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from ironmq_local import LocalServer

from ..conformance import SpecValidator
from .subscribers import Subscriber, subscribers

SPEC = SpecValidator.load(exempt_statuses=frozenset({405}), undocumented_routes_ok=True)


def _check_response(response: httpx.Response) -> None:
    response.read()
    assert response.headers.get("content-type") == "application/json", (
        response.request.url,
        response.headers.get("content-type"),
    )
    SPEC.check_response(response.request, response)


def make_client(
    server: LocalServer,
    *,
    token: str | None = None,
    project_id: str | None = None,
    version: int = 3,
) -> httpx.Client:
    """An httpx client for `/3/projects/{project_id}` (or `/1/...` with `version=1`) with
    OAuth auth and response checks."""
    pid = project_id or server.project_id
    return httpx.Client(
        base_url=f"{server.base_url}/{version}/projects/{pid}",
        headers={"Authorization": f"OAuth {token or server.token}"},
        timeout=60,
        event_hooks={"response": [_check_response]},
    )


def make_async_client(server: LocalServer) -> httpx.AsyncClient:
    """An async client like `make_client` (checks run after each response is read)."""

    async def check(response: httpx.Response) -> None:
        await response.aread()
        _check_response(response)

    return httpx.AsyncClient(
        base_url=server.api_url,
        headers=server.auth_headers,
        timeout=60,
        limits=httpx.Limits(max_connections=1000, max_keepalive_connections=1000),
        event_hooks={"response": [check]},
    )


@pytest.fixture
def api(ironmq: LocalServer) -> Iterator[httpx.Client]:
    """A v3 API client on a freshly reset server."""
    with make_client(ironmq) as client:
        yield client


@pytest.fixture
def api2(ironmq: LocalServer) -> Iterator[httpx.Client]:
    """A v2 API client (`/1/projects/{project_id}`) on the same freshly reset server."""
    with make_client(ironmq, version=1) as client:
        yield client


@pytest.fixture
def frozen(ironmq: LocalServer) -> LocalServer:
    """The reset server with its virtual clock frozen (advance it explicitly)."""
    ironmq.freeze()
    return ironmq


def post(api: httpx.Client, queue: str, *bodies: str, delay: int | None = None) -> list[str]:
    """Post messages and return their ids."""
    messages = [{"body": b} if delay is None else {"body": b, "delay": delay} for b in bodies]
    r = api.post(f"/queues/{queue}/messages", json={"messages": messages})
    assert r.status_code == 201, r.text
    ids: list[str] = r.json()["ids"]
    return ids


def reserve(api: httpx.Client, queue: str, **params: object) -> list[dict[str, object]]:
    """Reserve and return the messages."""
    r = api.post(f"/queues/{queue}/reservations", json=params)
    assert r.status_code == 200, r.text
    messages: list[dict[str, object]] = r.json()["messages"]
    return messages


def size(api: httpx.Client, queue: str) -> int:
    """Return the queue's size."""
    r = api.get(f"/queues/{queue}")
    assert r.status_code == 200, r.text
    return int(r.json()["queue"]["size"])


@pytest.fixture
def subscriber() -> Iterator[Callable[..., Subscriber]]:
    """Factory of loopback push subscribers (see `subscribers.py`), stopped after the test."""
    yield from subscribers()
