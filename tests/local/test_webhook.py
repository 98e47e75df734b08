"""Webhook: a raw body becomes one message; X-Subscribers-* headers become push headers."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from ironmq_local import LocalServer

from .conftest import reserve, size
from .subscribers import Subscriber, wait_until


def test_webhook_creates_a_pull_queue_and_takes_empty_bodies(api: httpx.Client) -> None:
    r = api.post("/queues/fresh/webhook")
    assert r.status_code == 201
    assert r.json()["msg"] == "Messages put on queue."
    assert api.get("/queues/fresh").json()["queue"]["type"] == "pull"
    (m,) = reserve(api, "fresh")
    assert m["body"] == ""


def test_webhook_on_push_queue_delivers_with_push_headers(
    api: httpx.Client, frozen: LocalServer, subscriber: Callable[..., Subscriber]
) -> None:
    sub = subscriber()
    api.put(
        "/queues/hook",
        json={
            "queue": {"type": "multicast", "push": {"subscribers": [{"name": "s", "url": sub.url}]}}
        },
    )
    # from a third party: token in the query, its own content type, no JSON
    url = f"{frozen.api_url}/queues/hook/webhook"
    r = httpx.post(
        url,
        params={"oauth": frozen.token},
        content=b"event=push&id=42",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Subscribers-Authorization": "Bearer secret",
            "X-Subscribers-Content-Type": "dropped: reserved name",
            "X-Other": "not forwarded",
        },
    )
    assert r.status_code == 201
    (mid,) = r.json()["ids"]
    (got,) = sub.wait_for(1)
    assert got.body == b"event=push&id=42"
    assert got.headers["iron-message-id"] == mid
    assert got.headers["authorization"] == "Bearer secret"
    assert got.headers["content-type"] == "text/plain; encoding=utf-8"
    assert "x-other" not in got.headers
    wait_until(lambda: size(api, "hook") == 0 or None, "delivery to finish")


def test_webhook_without_push_headers_delivers_plain(
    api: httpx.Client, frozen: LocalServer, subscriber: Callable[..., Subscriber]
) -> None:
    sub = subscriber()
    api.put(
        "/queues/hook",
        json={
            "queue": {"type": "unicast", "push": {"subscribers": [{"name": "s", "url": sub.url}]}}
        },
    )
    assert api.post("/queues/hook/webhook", content=b'{"raw": true}').status_code == 201
    (got,) = sub.wait_for(1)
    assert got.body == b'{"raw": true}'
    assert got.headers["user-agent"] == "IronMQ Pusherd"
    assert not [h for h in got.headers if h.startswith("x-")]
