"""One queue, two protocols: what a message or queue made through v2 looks like through v3
and back (spec/ironmq-v2.yaml and spec/ironmq-v3.yaml, decisions X1 to X9). `api` speaks v3,
`api2` v2, to the same server and database."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from ironmq_local import LocalServer

from .conftest import post, reserve, size
from .subscribers import Subscriber
from .test_v2_messages import get2
from .test_v2_push import wait_statuses2
from .test_v2_queues import info, post2

MakeSubscriber = Callable[..., Subscriber]


def test_x1_posted_on_v2_reserved_on_v3_and_the_other_way(
    api: httpx.Client, api2: httpx.Client
) -> None:
    (from_v2,) = post2(api2, "q", "from v2")
    (from_v3,) = post(api, "q", "from v3")
    (m,) = reserve(api, "q")
    assert (m["id"], m["body"], m["reserved_count"]) == (from_v2, "from v2", 1)
    r = api.request(
        "DELETE", f"/queues/q/messages/{from_v2}", json={"reservation_id": m["reservation_id"]}
    )
    assert r.status_code == 200
    (m2,) = get2(api2, "q")
    assert (m2["id"], m2["body"], m2["timeout"]) == (from_v3, "from v3", 60)
    assert api2.delete(f"/queues/q/messages/{from_v3}").status_code == 200
    assert size(api, "q") == 0
    assert info(api2, "q")["total_messages"] == 2


def test_x2_a_v2_reservation_needs_its_hidden_id_on_v3_and_v2_needs_none(
    api: httpx.Client, api2: httpx.Client
) -> None:
    a, b = post(api, "q", "a", "b")
    get2(api2, "q")  # v2 holds `a`
    r = api.delete(f"/queues/q/messages/{a}")
    assert (r.status_code, r.json()) == (400, {"msg": "A reservation_id is required"})
    r = api.post(f"/queues/q/messages/{a}/touch", json={"reservation_id": "0" * 32})
    assert (r.status_code, r.json()) == (403, {"msg": "Reservation timed out"})
    (held,) = reserve(api, "q")  # v3 holds `b`
    assert held["id"] == b
    assert api2.delete(f"/queues/q/messages/{b}").status_code == 200  # v2 needs no id
    r = api.request(
        "DELETE", f"/queues/q/messages/{b}", json={"reservation_id": held["reservation_id"]}
    )
    assert (r.status_code, r.json()) == (404, {"msg": "Message not found"})


def test_x3_each_version_reserves_for_its_own_default_timeout(
    api: httpx.Client, api2: httpx.Client, frozen: LocalServer
) -> None:
    """v2 reserves for the message's own timeout, v3 for the queue's message_timeout."""
    api.put("/queues/q", json={"queue": {"message_timeout": 30}}).raise_for_status()
    (mid,) = post2(api2, "q", {"body": "x", "timeout": 300})
    assert get2(api2, "q")[0]["timeout"] == 300
    frozen.advance(299)
    assert reserve(api, "q") == []
    frozen.advance(1)
    assert reserve(api, "q")[0]["id"] == mid  # v3: for 30 s, the queue's timeout
    frozen.advance(30)
    assert get2(api2, "q")[0]["id"] == mid
    # the v2 view of a message posted on v3 shows the queue's timeout
    post(api, "q", "y")
    assert api2.get("/queues/q/messages/peek").json()["messages"][0]["timeout"] == 30


def test_x4_the_reserving_version_decides_where_a_timed_out_message_goes(
    api: httpx.Client, api2: httpx.Client, frozen: LocalServer
) -> None:
    a, b = post(api, "q", "a", "b")
    get2(api2, "q", timeout=30)  # v2 reserves `a`
    (c,) = post(api, "q", "c")
    frozen.advance(31)
    assert [m["id"] for m in reserve(api, "q", n=3, timeout=30)] == [b, c, a]  # the tail
    frozen.advance(31)
    # v3's reservations kept their places when they timed out
    assert [m["id"] for m in get2(api2, "q", n=3)] == [b, c, a]


def test_x5_a_v2_push_queue_through_v3(
    api: httpx.Client, api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    """Subscribers made on v2 are named after their URL; a push carries both versions'
    headers, and v3's acknowledgement URL works for it."""
    slow = subscriber(default=202)
    api2.post("/queues/p", json={"subscribers": [{"url": slow.url}]}).raise_for_status()
    q = api.get("/queues/p").json()["queue"]
    assert q["type"] == "multicast"
    assert q["push"]["subscribers"] == [{"name": slow.url, "url": slow.url}]
    (mid,) = post(api, "p", "job")
    (push,) = slow.wait_for(1)
    assert push.headers["iron-subscriber-name"] == slow.url
    assert push.headers["iron-reservation-id"]
    (status,) = wait_statuses2(api2, "p", mid, "reserved")
    assert status["id"] == push.headers["iron-subscriber-message-id"]
    (v3_status,) = api.get(f"/queues/p/messages/{mid}/subscribers").json()["subscribers"]
    assert (v3_status["name"], v3_status["status"]) == (slow.url, "reserved")
    assert httpx.delete(push.headers["iron-subscriber-message-url"]).status_code == 200
    wait_statuses2(api2, "p", mid, "deleted")


def test_x5_v2_keeps_v3_subscriber_names_when_it_replaces_by_url(
    api: httpx.Client, api2: httpx.Client
) -> None:
    url = "http://127.0.0.1:9/a"
    push = {"subscribers": [{"name": "a", "url": url}]}
    api.put("/queues/p", json={"queue": {"push": push}}).raise_for_status()
    api2.post("/queues/p", json={"subscribers": [{"url": url}, {"url": url + "b"}]})
    names = [s["name"] for s in api.get("/queues/p").json()["queue"]["push"]["subscribers"]]
    assert names == ["a", url + "b"]


def test_x6_v2_changes_a_queues_type_v3_still_may_not(
    api: httpx.Client, api2: httpx.Client
) -> None:
    sub = {"name": "a", "url": "http://127.0.0.1:9/a"}
    api.put("/queues/p", json={"queue": {"type": "unicast", "push": {"subscribers": [sub]}}})
    r = api.patch("/queues/p", json={"queue": {"type": "pull"}})
    assert (r.status_code, r.json()) == (403, {"msg": "Queue type cannot be changed"})
    assert api2.post("/queues/p", json={"push_type": "pull"}).status_code == 200
    q = api.get("/queues/p").json()["queue"]
    assert (q["type"], "push" in q) == ("pull", False)


def test_x7_v3_settings_apply_to_v2_messages(
    api: httpx.Client, api2: httpx.Client, frozen: LocalServer
) -> None:
    """A dead-letter queue set on v3 takes over-reserved messages of v2 reserves, and the
    queue's message_expiration is a v2 message's default expiry."""
    dlq = {"queue_name": "dead", "max_reservations": 1}
    settings = {"message_expiration": 100, "dead_letter": dlq}
    api.put("/queues/q", json={"queue": settings}).raise_for_status()
    (mid,) = post2(api2, "q", "x")
    get2(api2, "q", timeout=30)
    frozen.advance(30)
    assert get2(api2, "q") == []  # reserved once already: moved
    assert [m["id"] for m in get2(api2, "dead")] == [mid]
    post2(api2, "q", "y")
    frozen.advance(100)
    assert info(api2, "q")["size"] == 0


def test_x8_alerts_are_the_same_alerts_on_both(api: httpx.Client, api2: httpx.Client) -> None:
    alert = {"type": "fixed", "trigger": 2, "queue": "target"}
    api.put("/queues/q", json={}).raise_for_status()
    api.post("/queues/q/alerts", json={"alerts": [alert]}).raise_for_status()
    (seen,) = info(api2, "q")["alerts"]
    assert (seen["type"], seen["trigger"], seen["direction"]) == ("fixed", 2, "asc")
    post2(api2, "q", "a", "b")
    assert len(reserve(api, "target")) == 1
    assert api2.delete(f"/queues/q/alerts/{seen['id']}").json() == {"msg": "Deleted"}
    assert "alerts" not in api.get("/queues/q").json()["queue"]


def test_x9_v2_creates_queues_v3_does_not(api: httpx.Client, api2: httpx.Client) -> None:
    """Operations that create a missing queue on v2 (alerts, subscribers) are 404 on v3."""
    alert = {"type": "fixed", "trigger": 2, "queue": "target"}
    assert api.post("/queues/a/alerts", json={"alerts": [alert]}).status_code == 404
    assert api2.post("/queues/a/alerts", json={"alerts": [alert]}).status_code == 200
    assert api.get("/queues/a").status_code == 200
    assert api.post("/queues/nope/reservations", json={}).status_code == 404
    assert get2(api2, "nope") == []
