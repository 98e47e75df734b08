"""pytest fixtures that run ironmq-local (registered as the `ironmq_local` pytest11 plugin).

- `ironmq_server` (session): one `LocalServer` subprocess with the control API on a
  free loopback port and a temporary SQLite file; stopped at the end of the session.
- `ironmq` (function): the same server, reset before the test (no queues, real-time
  clock, no faults). Attributes: `base_url`, `api_url`, `project_id`, `token`,
  `auth_headers`; helpers: `reset()`, `advance(seconds)`, `freeze()`, `now()`,
  `inject_faults(...)`, `clear_faults()`.
- `ironmq_client` (function): an `IronMQ` pointed at that server, closed after the test.
- `async_ironmq_client` (function): an `AsyncIronMQ` pointed at it, for async tests
  (pytest-asyncio, anyio); it keeps no connection open between requests, so it is bound to
  no event loop.

    def test_roundtrip(ironmq_client, ironmq):
        ironmq_client.queue("jobs").post("hi")
        ironmq.advance(61)                  # the server's virtual clock

While a test uses these fixtures, the SDK is in test mode (`ironmq_sdk.testing`): retries
after injected faults happen at once, and `testing.recorded_waits()` lists the back-off
the SDK would have slept.

pytest loads this plugin into every test run of anyone who installs the SDK, so it imports
nothing of the server until a test asks for a fixture; without the `local` extra that test
fails with a one-line hint.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from ironmq_sdk import AsyncIronMQ, IronMQ

    from .harness import LocalServer


@pytest.fixture(scope="session")
def ironmq_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A session-wide ironmq-local subprocess with the control API enabled."""
    # imported here, not at the top: see the module docstring
    from ._extra import HINT, missing  # noqa: PLC0415
    from .harness import LocalServer  # noqa: PLC0415

    if missing():
        pytest.fail(HINT, pytrace=False)  # the hint alone, no traceback
    db = tmp_path_factory.mktemp("ironmq-local") / "ironmq-local.db"
    server = LocalServer(str(db))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def ironmq(ironmq_server: LocalServer) -> Iterator[LocalServer]:
    """The session server, reset to an empty state before this test; SDK back-off during
    the test is recorded, not slept."""
    from ironmq_sdk import testing  # noqa: PLC0415

    ironmq_server.reset()
    with testing.set_testing(True):
        yield ironmq_server


@pytest.fixture
def ironmq_client(ironmq: LocalServer) -> Iterator[IronMQ]:
    """An `IronMQ` client of the reset server (closed after the test)."""
    from ironmq_sdk import IronMQ  # noqa: PLC0415

    with IronMQ(
        project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
    ) as client:
        yield client


@pytest.fixture
def async_ironmq_client(ironmq: LocalServer) -> Iterator[AsyncIronMQ]:
    """An `AsyncIronMQ` client of the reset server, usable from any event loop."""
    import httpx  # noqa: PLC0415

    from ironmq_sdk import AsyncIronMQ  # noqa: PLC0415

    # A sync fixture works under every async plugin; with no pooled connections, nothing
    # outlives the test's loop, and closing needs none.
    http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
    yield AsyncIronMQ(
        project_id=ironmq.project_id,
        token=ironmq.token,
        base_url=ironmq.base_url,
        http_client=http,
    )
    # a loop of its own: asyncio.run() would unset the current loop an async plugin may keep
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(http.aclose())
    finally:
        loop.close()
