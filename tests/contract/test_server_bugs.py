"""Drifts between the spec and ironmq-local that the contract tests found, now fixed.

Each test pins the fix of one server bug that schemathesis found; they run on ironmq-local
only (a real IronMQ is not ours to fix).
"""

from __future__ import annotations

import httpx
import pytest

from .target import Target


@pytest.mark.parametrize("content", [b"", b"null"], ids=["no-body", "null"])
def test_patch_without_body_is_rejected(fresh: Target, content: bytes) -> None:
    """found by schemathesis (negative data, update_queue)."""
    fresh.require_local()
    with httpx.Client(base_url=fresh.api_url, headers=fresh.auth_headers) as api:
        name = fresh.queue_name("patch-no-body")
        api.put(f"/queues/{name}", json={})
        try:
            headers = {"content-type": "application/json"} if content else {}
            r = api.patch(f"/queues/{name}", content=content, headers=headers)
            assert r.status_code == 400, r.text
        finally:
            api.delete(f"/queues/{name}")


@pytest.mark.parametrize(
    "path", ["/queues?per_page=abc&per_page=5", "/queues/{q}/messages?n=abc&n=2"]
)
def test_a_repeated_query_parameter_is_checked_in_full(fresh: Target, path: str) -> None:
    """found by schemathesis (coverage phase, duplicate query parameters)."""
    fresh.require_local()
    name = fresh.queue_name("repeated")
    with httpx.Client(base_url=fresh.api_url, headers=fresh.auth_headers) as api:
        api.post(f"/queues/{name}/messages", json={"messages": [{"body": "x"}]})
        try:
            r = api.get(path.format(q=name))
            assert r.status_code == 400, r.text
        finally:
            api.delete(f"/queues/{name}")


@pytest.mark.parametrize("operation", ["get", "touch", "batch-delete"])
def test_a_message_id_of_unicode_digits_is_not_a_server_error(
    fresh: Target, operation: str
) -> None:
    """found by schemathesis (fuzzing touch_message with a generated message_id)."""
    fresh.require_local()
    name = fresh.queue_name("unicode-id")
    with httpx.Client(base_url=fresh.api_url, headers=fresh.auth_headers) as api:
        api.post(f"/queues/{name}/messages", json={"messages": [{"body": "x"}]})
        try:
            if operation == "get":
                r = api.get(f"/queues/{name}/messages/%C2%B3")
            elif operation == "touch":
                r = api.post(f"/queues/{name}/messages/%C2%B3/touch", json={"reservation_id": "r"})
            else:
                r = api.request("DELETE", f"/queues/{name}/messages", json={"ids": [{"id": "³"}]})
            assert r.status_code in (400, 404), r.text
        finally:
            api.delete(f"/queues/{name}")
