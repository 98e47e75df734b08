"""v2 message endpoints over HTTP: post with per-message settings, get (reserve) from the
query string, peek, get by id with status, delete, touch, release, the webhook, and the
tail of the queue for timed-out messages. The virtual clock is frozen (`frozen`)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import make_client
from .test_v2_queues import info, post2


def get2(api2: httpx.Client, queue: str, **params: Any) -> list[dict[str, Any]]:
    """GET /messages (reserve) and return the messages."""
    r = api2.get(f"/queues/{queue}/messages", params=params)
    assert r.status_code == 200, r.text
    messages: list[dict[str, Any]] = r.json()["messages"]
    return messages


def ids_of(messages: list[dict[str, Any]]) -> list[str]:
    return [m["id"] for m in messages]


def test_post_answers_200_with_ids_and_creates_the_queue(api2: httpx.Client) -> None:
    r = api2.post("/queues/q/messages", json={"messages": [{"body": "a"}, {"body": "b"}]})
    assert r.status_code == 200
    body = r.json()
    assert body["msg"] == "Messages put on queue."
    assert len(body["ids"]) == 2
    assert all(i.isdigit() for i in body["ids"])
    assert info(api2, "q")["size"] == 2


def test_get_from_a_missing_queue_is_an_empty_list(api2: httpx.Client) -> None:
    assert get2(api2, "nope") == []
    assert api2.get("/queues/nope").status_code == 404  # and it was not created


def test_get_reserves_with_the_messages_own_timeout(
    api2: httpx.Client, frozen: LocalServer
) -> None:
    own, default = post2(api2, "q", {"body": "own", "timeout": 120}, "default")
    got = get2(api2, "q", n=10)
    assert [(m["id"], m["timeout"], m["reserved_count"]) for m in got] == [
        (own, 120, 1),
        (default, 60, 1),
    ]
    assert set(got[0]) == {"id", "body", "timeout", "reserved_count"}  # no reservation id
    frozen.advance(60)
    assert ids_of(get2(api2, "q", n=10)) == [default]
    frozen.advance(60)
    # a timeout given with the get wins, and shows
    got = get2(api2, "q", n=10, timeout=30)
    assert [(m["id"], m["timeout"]) for m in got] == [(own, 30), (default, 30)]


def test_a_timed_out_message_goes_to_the_tail(api2: httpx.Client, frozen: LocalServer) -> None:
    """The Ruby v2 client's test_touch: "released message must be at the end of the queue"."""
    first, second = post2(api2, "q", {"body": "1", "timeout": 30}, "2")
    assert ids_of(get2(api2, "q")) == [first]
    (third,) = post2(api2, "q", "3")
    frozen.advance(31)
    assert ids_of(get2(api2, "q", n=3)) == [second, third, first]


def test_touch_resets_the_reservation_to_the_messages_timeout(
    api2: httpx.Client, frozen: LocalServer
) -> None:
    """The Ruby v2 client's test_touch: post timeout 30, get, touch at 15 s: still reserved
    at 35 s, back at 50 s."""
    (mid,) = post2(api2, "q", {"body": "x", "timeout": 30})
    get2(api2, "q")
    frozen.advance(15)
    r = api2.post(f"/queues/q/messages/{mid}/touch", json={})
    assert (r.status_code, r.json()) == (200, {"msg": "Touched"})
    frozen.advance(20)
    assert get2(api2, "q") == []
    frozen.advance(15)
    assert ids_of(get2(api2, "q")) == [mid]
    # touch takes no body at all too (the Java v2 client sends an empty one)
    assert api2.post(f"/queues/q/messages/{mid}/touch", content=b"").status_code == 200


def test_release_with_delay_and_release_of_an_unreserved_message(
    api2: httpx.Client, frozen: LocalServer
) -> None:
    first, second = post2(api2, "q", "1", "2")
    get2(api2, "q")
    r = api2.post(f"/queues/q/messages/{first}/release", json={"delay": 10})
    assert (r.status_code, r.json()) == (200, {"msg": "Released"})
    assert ids_of(get2(api2, "q", n=2, timeout=60)) == [second]
    frozen.advance(10)
    assert ids_of(get2(api2, "q", n=2)) == [first]
    # the Java v2 client releases a message it never reserved
    (third,) = post2(api2, "q", "3")
    assert api2.post(f"/queues/q/messages/{third}/release", json={}).status_code == 200
    # the reference: "A JSON document body is required even if all parameters are omitted"
    r = api2.post(f"/queues/q/messages/{third}/release", content=b"")
    assert r.status_code == 400


def test_get_with_delete_removes_the_messages(api2: httpx.Client) -> None:
    post2(api2, "q", "a", "b")
    assert [m["body"] for m in get2(api2, "q", n=5, delete="true")] == ["a", "b"]
    assert info(api2, "q")["size"] == 0


def test_long_poll_returns_when_a_message_arrives(ironmq: LocalServer) -> None:
    """`wait` long-polls like v3's reserve (here: a post from another client ends it)."""

    def later() -> None:
        with make_client(ironmq, version=1) as other:
            post2(other, "lp", "hello")

    with make_client(ironmq, version=1) as api2:
        timer = threading.Timer(0.5, later)
        timer.start()
        try:
            got = get2(api2, "lp", wait=30)
        finally:
            timer.join()
    assert [m["body"] for m in got] == ["hello"]


def test_peek_shows_available_messages_with_their_timeout(api2: httpx.Client) -> None:
    first, second = post2(api2, "q", {"body": "a", "timeout": 90}, "b")
    r = api2.get("/queues/q/messages/peek", params={"n": 5})
    assert r.json() == {
        "messages": [
            {"id": first, "body": "a", "timeout": 90, "reserved_count": 0},
            {"id": second, "body": "b", "timeout": 60, "reserved_count": 0},
        ]
    }
    get2(api2, "q")
    assert ids_of(api2.get("/queues/q/messages/peek").json()["messages"]) == [second]


def test_get_by_id_shows_the_status(api2: httpx.Client, frozen: LocalServer) -> None:
    queued, delayed = post2(api2, "q", "a", {"body": "b", "delay": 60})
    assert api2.get(f"/queues/q/messages/{queued}").json() == {
        "id": queued,
        "body": "a",
        "timeout": 60,
        "reserved_count": 0,
        "status": "queued",
    }
    assert api2.get(f"/queues/q/messages/{delayed}").json()["status"] == "delayed"
    get2(api2, "q")
    assert api2.get(f"/queues/q/messages/{queued}").json()["status"] == "reserved"
    r = api2.get("/queues/q/messages/12345")
    assert (r.status_code, r.json()) == (404, {"msg": "Message not found"})


def test_delete_needs_no_reservation_and_batch_delete_takes_id_strings(
    api2: httpx.Client,
) -> None:
    a, b, c = post2(api2, "q", "a", "b", "c")
    get2(api2, "q")  # `a` is reserved: v2 deletes it all the same
    r = api2.delete(f"/queues/q/messages/{a}")
    assert (r.status_code, r.json()) == (200, {"msg": "Deleted"})
    r = api2.request("DELETE", "/queues/q/messages", json={"ids": [b, c]})
    assert (r.status_code, r.json()) == (200, {"msg": "Deleted"})
    assert info(api2, "q")["size"] == 0
    r = api2.delete(f"/queues/q/messages/{a}")
    assert (r.status_code, r.json()) == (404, {"msg": "Message not found"})


def test_batch_delete_is_all_or_nothing(api2: httpx.Client) -> None:
    (a,) = post2(api2, "q", "a")
    r = api2.request("DELETE", "/queues/q/messages", json={"ids": [a, "123"]})
    assert (r.status_code, r.json()) == (404, {"msg": "Message not found: 123"})
    assert info(api2, "q")["size"] == 1
    bodies: list[dict[str, Any]] = [{}, {"ids": []}, {"ids": "x"}]
    for body in bodies:
        assert api2.request("DELETE", "/queues/q/messages", json=body).status_code == 400


def test_expires_in_counts_from_posting(api2: httpx.Client, frozen: LocalServer) -> None:
    post2(api2, "q", {"body": "short", "expires_in": 100}, "long")
    frozen.advance(100)
    assert [m["body"] for m in get2(api2, "q", n=5)] == ["long"]


def test_zero_settings_mean_the_defaults(api2: httpx.Client, frozen: LocalServer) -> None:
    """The Java v2 client always sends `timeout`, `delay` (and `reserved_count`) as 0."""
    zeros = {"timeout": 0, "delay": 0, "expires_in": 0, "reserved_count": 0}
    post2(api2, "q", {"body": "x", **zeros})
    assert get2(api2, "q")[0]["timeout"] == 60


def test_the_webhook_posts_the_raw_body(api2: httpx.Client) -> None:
    r = api2.post(
        "/queues/hook/messages/webhook", content=b"raw \xff", headers={"Content-Type": "text/plain"}
    )
    assert r.status_code == 200
    (mid,) = r.json()["ids"]
    assert api2.get(f"/queues/hook/messages/{mid}").json()["body"] == "raw \ufffd"


@pytest.mark.parametrize(
    ("body", "msg"),
    [
        ({}, "messages is required"),
        ({"messages": []}, "messages must contain between 1 and 100 messages"),
        ({"messages": [{}]}, "messages[0].body is required"),
        ({"messages": [{"body": 1}]}, "messages[0].body must be a string"),
        ({"messages": [{"body": "x", "timeout": 29}]}, "messages[0].timeout must be 0 or between"),
        ({"messages": [{"body": "x", "timeout": 86401}]}, "messages[0].timeout must be between"),
        ({"messages": [{"body": "x", "delay": -1}]}, "messages[0].delay must be between"),
        ({"messages": [{"body": "x", "expires_in": 2592001}]}, "expires_in must be between"),
    ],
)
def test_invalid_posts_are_400_and_store_nothing(
    api2: httpx.Client, body: dict[str, Any], msg: str
) -> None:
    r = api2.post("/queues/q/messages", json=body)
    assert r.status_code == 400
    assert msg in r.json()["msg"]
    assert api2.get("/queues/q").status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"n": 0}, {"n": 101}, {"timeout": 10}, {"timeout": 86401}, {"wait": 31}, {"delete": "maybe"}],
)
def test_get_parameters_out_of_range_are_400(api2: httpx.Client, params: dict[str, Any]) -> None:
    assert api2.get("/queues/q/messages", params=params).status_code == 400


def test_a_missing_message_is_404_everywhere(api2: httpx.Client) -> None:
    post2(api2, "q", "a")
    calls: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", "/queues/q/messages/1/touch", {}),
        ("POST", "/queues/q/messages/1/release", {}),
        ("GET", "/queues/q/messages/1/subscribers", None),
        ("DELETE", "/queues/q/messages/1/subscribers/10000", None),
        ("GET", "/queues/q/messages/not-an-id", None),
    ]
    for method, path, body in calls:
        r = api2.request(method, path, json=body)
        assert (r.status_code, r.json()) == (404, {"msg": "Message not found"}), path
