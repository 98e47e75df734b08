"""pytest fixtures that run ironmq-local (registered as the `ironmq_local` pytest11 plugin).

- `ironmq_server` (session): one `LocalServer` subprocess with the control API on a
  free loopback port and a temporary SQLite file; stopped at the end of the session.
- `ironmq` (function): the same server, reset before the test (no queues, real-time
  clock, no faults).

    def test_roundtrip(ironmq):
        url = f"{ironmq.api_url}/queues/q/messages"
        httpx.post(url, json={"messages": [{"body": "hi"}]}, headers=ironmq.auth_headers)

Attributes: `base_url`, `api_url`, `project_id`, `token`, `auth_headers`; helpers:
`reset()`, `advance(seconds)`, `freeze()`, `now()`, `inject_faults(...)`, `clear_faults()`.

pytest loads this plugin into every test run of anyone who installs the SDK, so it imports
nothing of the server until a test asks for a fixture; without the `local` extra that test
fails with a one-line hint.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
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
def ironmq(ironmq_server: LocalServer) -> LocalServer:
    """The session server, reset to an empty state before this test."""
    ironmq_server.reset()
    return ironmq_server
