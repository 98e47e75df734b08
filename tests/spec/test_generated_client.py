"""The committed generated clients match their specs' operations."""

from __future__ import annotations

import importlib
import inspect

import pytest

from ._spec import APIS, operations, package

OPERATIONS = [
    (api, operation["tags"][0], operation["operationId"])
    for api in APIS
    for _, _, operation in operations(api)
]


@pytest.mark.parametrize(
    ("api", "tag", "operation_id"), OPERATIONS, ids=[f"{a}-{o}" for a, _, o in OPERATIONS]
)
def test_operation_has_sync_and_async_functions(api: str, tag: str, operation_id: str) -> None:
    """Each operation is a module `api/<tag>/<operationId>.py` with the four entry points."""
    module = importlib.import_module(f"{package(api)}.api.{tag}.{operation_id}")
    for name in ("sync", "sync_detailed", "asyncio", "asyncio_detailed"):
        assert callable(getattr(module, name)), name
    assert inspect.iscoroutinefunction(module.asyncio_detailed)


@pytest.mark.parametrize("api", APIS)
def test_client_sends_oauth_header(api: str) -> None:
    """The generated AuthenticatedClient can send `Authorization: OAuth <token>`."""
    client_class = importlib.import_module(package(api)).AuthenticatedClient
    client = client_class(base_url="http://127.0.0.1:1", token="secret", prefix="OAuth")
    assert client.get_httpx_client().headers["Authorization"] == "OAuth secret"
