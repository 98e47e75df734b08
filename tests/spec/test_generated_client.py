"""The committed generated client matches the spec's operations."""

from __future__ import annotations

import importlib
import inspect

import pytest
from ironmq_api_v3 import AuthenticatedClient

from ._spec import operations

OPERATIONS = [(op["tags"][0], op["operationId"]) for _, _, op in operations()]


@pytest.mark.parametrize(("tag", "operation_id"), OPERATIONS, ids=[o for _, o in OPERATIONS])
def test_operation_has_sync_and_async_functions(tag: str, operation_id: str) -> None:
    """Each operation is a module `api/<tag>/<operationId>.py` with the four entry points."""
    module = importlib.import_module(f"ironmq_api_v3.api.{tag}.{operation_id}")
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, name)), name
    assert inspect.iscoroutinefunction(module.asyncio_detailed)


def test_client_sends_oauth_header() -> None:
    """The generated AuthenticatedClient can send `Authorization: OAuth <token>`."""
    client = AuthenticatedClient(base_url="http://127.0.0.1:1", token="secret", prefix="OAuth")
    headers = client.get_httpx_client().headers
    assert headers["Authorization"] == "OAuth secret"
