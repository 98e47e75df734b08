"""v2 queue endpoints over HTTP (`/1/projects/{project_id}`): info, update with push type and
subscribers, listing by page, clear, delete, and v2's errors."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import make_client

HOOK = "http://127.0.0.1:9/hook"
OTHER = "http://127.0.0.1:9/other"


def post2(api2: httpx.Client, queue: str, *messages: str | dict[str, Any]) -> list[str]:
    """Post messages over v2 (200) and return their ids."""
    entries = [{"body": m} if isinstance(m, str) else m for m in messages]
    r = api2.post(f"/queues/{queue}/messages", json={"messages": entries})
    assert r.status_code == 200, r.text
    ids: list[str] = r.json()["ids"]
    return ids


def info(api2: httpx.Client, queue: str) -> dict[str, Any]:
    r = api2.get(f"/queues/{queue}")
    assert r.status_code == 200, r.text
    out: dict[str, Any] = r.json()
    return out


def test_queue_info_is_the_bare_queue_object_with_counts(api2: httpx.Client) -> None:
    post2(api2, "q", "a", "b")
    api2.get("/queues/q/messages")  # reserves one
    q = info(api2, "q")
    assert re.fullmatch(r"[0-9a-f]{24}", q["id"])
    assert {k: q[k] for k in ("name", "size", "total_messages", "reserved")} == {
        "name": "q",
        "size": 2,
        "total_messages": 2,
        "reserved": 1,
    }
    assert "push_type" not in q
    assert "subscribers" not in q
    assert "alerts" not in q


def test_missing_queue_info_clear_peek_and_delete_are_404(api2: httpx.Client) -> None:
    for method, path in [
        ("GET", "/queues/nope"),
        ("POST", "/queues/nope/clear"),
        ("GET", "/queues/nope/messages/peek"),
        ("DELETE", "/queues/nope"),
    ]:
        r = api2.request(method, path)
        assert (r.status_code, r.json()) == (404, {"msg": "Queue not found"}), path


def test_update_creates_the_queue_and_makes_it_a_push_queue(api2: httpx.Client) -> None:
    r = api2.post(
        "/queues/p",
        json={
            "subscribers": [{"url": HOOK}, {"url": OTHER, "headers": {"X-A": "1"}}],
            "push_type": "unicast",
            "retries": 100,
            "retries_delay": 100,
            "error_queue": "p-errors",
        },
    )
    assert r.status_code == 200, r.text
    q = r.json()
    assert (q["push_type"], q["retries"], q["retries_delay"], q["error_queue"]) == (
        "unicast",
        100,
        100,
        "p-errors",
    )
    assert q["subscribers"] == [{"url": HOOK}, {"url": OTHER, "headers": {"X-A": "1"}}]
    assert (q["size"], q["total_messages"]) == (0, 0)
    # updating one setting keeps the others (FACTS.md §7.18)
    q = api2.post("/queues/p", json={"retries": 5}).json()
    assert (q["push_type"], q["retries"], len(q["subscribers"])) == ("unicast", 5, 2)
    # "" disables the error queue
    assert "error_queue" not in api2.post("/queues/p", json={"error_queue": ""}).json()


def test_push_type_pull_reverts_to_a_pull_queue(api2: httpx.Client) -> None:
    api2.post("/queues/p", json={"subscribers": [{"url": HOOK}]}).raise_for_status()
    assert info(api2, "p")["push_type"] == "multicast"  # the default
    q = api2.post("/queues/p", json={"push_type": "pull"}).json()
    assert "push_type" not in q
    assert "subscribers" not in q


def test_update_with_an_empty_object_creates_a_pull_queue(api2: httpx.Client) -> None:
    r = api2.post("/queues/empty", json={})
    assert r.status_code == 200, r.text
    assert "push_type" not in r.json()
    r = api2.post("/queues/e2")  # no body at all: the spec requires one
    assert (r.status_code, r.json()) == (400, {"msg": "Request body must be a JSON object"})


@pytest.mark.parametrize(
    ("body", "msg"),
    [
        ({"push_type": "broadcast"}, "push_type must be one of multicast, unicast, pull"),
        ({"push_type": "unicast"}, "A push queue needs at least one subscriber"),
        ({"retries": 3}, "A push queue needs at least one subscriber"),
        ({"subscribers": [{"url": HOOK}], "retries": 101}, "retries must be between 0 and 100"),
        ({"subscribers": [{"url": HOOK}], "retries_delay": 2}, "retries_delay must be between 3"),
        ({"subscribers": [{"url": "ftp://x"}]}, "subscribers[0].url must start with http://"),
        ({"subscribers": [{}]}, "subscribers[0].url is required"),
        ({"subscribers": "x"}, "subscribers must be an array"),
        ({"subscribers": [{"url": "ironmq:///q"}]}, "must not push to its own queue"),
        ({"subscribers": [{"url": HOOK}], "error_queue": "q"}, "error_queue must differ"),
    ],
)
def test_invalid_updates_are_400_and_change_nothing(
    api2: httpx.Client, body: dict[str, Any], msg: str
) -> None:
    post2(api2, "q", "a")
    r = api2.post("/queues/q", json=body)
    assert r.status_code == 400
    assert msg in r.json()["msg"]
    q = info(api2, "q")
    assert "push_type" not in q
    assert q["size"] == 1


def test_subscribers_are_added_and_removed_by_url(api2: httpx.Client) -> None:
    # adding to a missing queue creates it as a push queue
    q = api2.post("/queues/s/subscribers", json={"subscribers": [{"url": HOOK}]}).json()
    assert (q["push_type"], q["subscribers"]) == ("multicast", [{"url": HOOK}])
    q = api2.post(
        "/queues/s/subscribers",
        json={"subscribers": [{"url": OTHER}, {"url": HOOK, "headers": {"X-B": "2"}}]},
    ).json()
    # an URL already there is updated, not doubled
    assert q["subscribers"] == [{"url": HOOK, "headers": {"X-B": "2"}}, {"url": OTHER}]
    q = api2.request("DELETE", "/queues/s/subscribers", json={"subscribers": [{"url": HOOK}]})
    assert q.json()["subscribers"] == [{"url": OTHER}]
    # removing the last one leaves a pull queue (the Ruby v2 client's test counts 0 left)
    q = api2.request("DELETE", "/queues/s/subscribers", json={"subscribers": [{"url": OTHER}]})
    assert q.status_code == 200
    assert "push_type" not in q.json()
    assert "subscribers" not in q.json()


def test_the_same_url_twice_makes_two_subscribers(api2: httpx.Client) -> None:
    """The Ruby v2 client's test_post_and_instantiate sets two subscribers of one URL."""
    q = api2.post("/queues/d", json={"subscribers": [{"url": HOOK}, {"url": HOOK}]}).json()
    assert q["subscribers"] == [{"url": HOOK}, {"url": HOOK}]


def test_subscriber_requests_need_subscribers(api2: httpx.Client) -> None:
    for method in ("POST", "DELETE"):
        r = api2.request(method, "/queues/s/subscribers", json={})
        assert (r.status_code, r.json()) == (400, {"msg": "subscribers is required"})
        r = api2.request(method, "/queues/s/subscribers", json={"subscribers": []})
        assert r.status_code == 400


def test_list_pages_by_number_with_ids(api2: httpx.Client) -> None:
    for name in ("c", "a", "b", "d"):
        post2(api2, name, "x")
    r = api2.get("/queues")
    assert r.status_code == 200
    listed = r.json()
    assert [q["name"] for q in listed] == ["a", "b", "c", "d"]
    assert all(set(q) == {"id", "project_id", "name"} for q in listed)
    assert [q["name"] for q in api2.get("/queues", params={"per_page": 3, "page": 1}).json()] == [
        "d"
    ]
    assert api2.get("/queues", params={"page": 50}).json() == []  # past the end


@pytest.mark.parametrize(
    "params", [{"page": -1}, {"page": 101}, {"per_page": 0}, {"per_page": 101}, {"page": "x"}]
)
def test_list_parameters_out_of_range_are_400(
    api2: httpx.Client, params: dict[str, int | str]
) -> None:
    assert api2.get("/queues", params=params).status_code == 400


def test_clear_takes_any_body_and_delete_says_deleted_with_a_dot(api2: httpx.Client) -> None:
    post2(api2, "q", "a", "b")
    api2.get("/queues/q/messages")
    r = api2.post("/queues/q/clear", content=b"", headers={"Content-Type": ""})
    assert (r.status_code, r.json()) == (200, {"msg": "Cleared"})
    assert info(api2, "q")["size"] == 0
    old_id = info(api2, "q")["id"]
    assert api2.delete("/queues/q").json() == {"msg": "Deleted."}
    post2(api2, "q", "again")
    assert info(api2, "q")["id"] != old_id  # a queue made again is a new queue


def test_bad_credentials_are_401(ironmq: LocalServer) -> None:
    with make_client(ironmq, token="wrong", version=1) as bad:
        r = bad.get("/queues")
    assert (r.status_code, r.json()) == (401, {"msg": "Invalid project/token combination"})
    r = httpx.get(f"{ironmq.base_url}/1/projects/{ironmq.project_id}/queues?oauth={ironmq.token}")
    assert r.status_code == 200


def test_malformed_json_is_400(api2: httpx.Client) -> None:
    r = api2.post(
        "/queues/q/messages", content=b"{nope", headers={"Content-Type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["msg"].startswith("Invalid JSON")
