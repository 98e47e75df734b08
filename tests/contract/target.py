"""Which IronMQ the contract suite talks to: ironmq-local (default) or a real service.

Set `IRONMQ_TEST_BASE_URL` (e.g. `https://mq-aws-us-east-1-1.iron.io`), `IRON_PROJECT_ID` and
`IRON_TOKEN` to run the suite against that service instead. Tests that need ironmq-local's
control API (virtual clock, reset, fault injection) skip there; the rest work in queues with
a per-run prefix and delete them afterwards.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from ironmq_local import LocalServer
from ironmq_local.settings import DEFAULT_PROJECT_ID

from .strategies import FUZZ_QUEUE_NAMES

ENV_BASE_URL = "IRONMQ_TEST_BASE_URL"
ENV_PROJECT_ID = "IRON_PROJECT_ID"
ENV_TOKEN = "IRON_TOKEN"


def remote_settings() -> tuple[str, str, str] | None:
    """(base_url, project_id, token) of a real IronMQ from the environment, or None."""
    base_url = os.environ.get(ENV_BASE_URL, "").strip()
    if not base_url:
        return None
    project_id = os.environ.get(ENV_PROJECT_ID, "").strip()
    token = os.environ.get(ENV_TOKEN, "").strip()
    if not project_id or not token:
        raise pytest.UsageError(f"{ENV_BASE_URL} is set: set {ENV_PROJECT_ID} and {ENV_TOKEN} too")
    return base_url.rstrip("/"), project_id, token


def target_project_id() -> str:
    """The project the suite works in (known before any server starts)."""
    remote = remote_settings()
    return remote[1] if remote else DEFAULT_PROJECT_ID


@dataclass
class Target:
    """An IronMQ to test: its URL and credentials, and the local server when it is one."""

    base_url: str
    project_id: str
    token: str
    local: LocalServer | None
    run_id: str

    @property
    def api_url(self) -> str:
        """`{base_url}/3/projects/{project_id}`."""
        return f"{self.base_url}/3/projects/{self.project_id}"

    @property
    def auth_headers(self) -> dict[str, str]:
        """`Authorization: OAuth <token>`."""
        return {"Authorization": f"OAuth {self.token}"}

    @property
    def is_local(self) -> bool:
        """Whether this is ironmq-local with its control API."""
        return self.local is not None

    def require_local(self) -> LocalServer:
        """The local server, or skip: the test needs the control API."""
        if self.local is None:
            pytest.skip("needs ironmq-local's control API (virtual clock, reset, faults)")
        return self.local

    def queue_name(self, stem: str) -> str:
        """A queue name unique to this run (on a shared real service) or just `stem`."""
        return stem if self.is_local else f"contract-{self.run_id}-{stem}"

    @classmethod
    def remote(cls, base_url: str, project_id: str, token: str) -> Target:
        """A real IronMQ."""
        return cls(base_url, project_id, token, None, RUN_ID)

    @classmethod
    def of_local(cls, server: LocalServer) -> Target:
        """ironmq-local."""
        return cls(server.base_url, server.project_id, server.token, server, "local")


RUN_ID = uuid.uuid4().hex[:8]
"""Names the queues of one run on a real IronMQ."""


def fuzz_queue_names() -> list[str]:
    """Queue names schemathesis mostly draws from (prefixed by the run on a real service)."""
    if remote_settings() is None:
        return list(FUZZ_QUEUE_NAMES)
    return [f"contract-{RUN_ID}-{n}" for n in FUZZ_QUEUE_NAMES]
