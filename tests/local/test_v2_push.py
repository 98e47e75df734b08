"""v2 push queues over HTTP: deliveries to loopback subscribers with v2's headers, push
statuses by subscriber id (one for unicast), acknowledging a 202 by subscriber id, and the
error-queue report with v2's top-level `code`/`msg`. The virtual clock is frozen."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from ironmq_local import LocalServer

from .subscribers import Subscriber, wait_until
from .test_v2_messages import get2
from .test_v2_queues import info, post2

MakeSubscriber = Callable[..., Subscriber]
DIGITS = re.compile(r"^[0-9]+$")


def push_queue2(api2: httpx.Client, name: str, *subs: Subscriber, **settings: Any) -> None:
    r = api2.post(
        f"/queues/{name}", json={"subscribers": [{"url": s.url} for s in subs], **settings}
    )
    assert r.status_code == 200, r.text


def statuses2(api2: httpx.Client, queue: str, mid: str) -> list[dict[str, Any]]:
    r = api2.get(f"/queues/{queue}/messages/{mid}/subscribers")
    assert r.status_code == 200, r.text
    out: list[dict[str, Any]] = r.json()["subscribers"]
    return out


def wait_statuses2(api2: httpx.Client, queue: str, mid: str, *expected: str) -> list[Any]:
    def probe() -> list[dict[str, Any]] | None:
        got = statuses2(api2, queue, mid)
        return got if [s["status"] for s in got] == list(expected) else None

    return wait_until(probe, f"statuses {expected} of {mid}")


def test_multicast_push_carries_v2_headers_and_statuses_have_ids(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    a, b = subscriber(), subscriber()
    push_queue2(api2, "p", a, b, retries_delay=30)
    (mid,) = post2(api2, "p", "hello")
    (got_a,) = a.wait_for(1)
    (got_b,) = b.wait_for(1)
    got = wait_statuses2(api2, "p", mid, "deleted", "deleted")
    assert [s["url"] for s in got] == [a.url, b.url]
    assert all(DIGITS.match(s["id"]) for s in got)
    assert got[0]["id"] != got[1]["id"]
    assert [(s["status_code"], s["retries_delay"], s["retries_remaining"]) for s in got] == [
        (200, 30, 3),
        (200, 30, 3),
    ]
    for push, status in ((got_a, got[0]), (got_b, got[1])):
        assert push.body == b"hello"
        assert push.headers["user-agent"] == "IronMQ Pusherd"
        assert push.headers["iron-message-id"] == mid
        assert push.headers["iron-subscriber-message-id"] == status["id"]
        assert push.headers["iron-subscriber-message-url"].startswith("http://")
    assert info(api2, "p")["size"] == 0
    # a pushed message is still readable by id once delivered, with status deleted
    assert api2.get(f"/queues/p/messages/{mid}").json()["status"] == "deleted"


def test_unicast_statuses_show_the_one_subscriber_that_took_it(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    down, up = subscriber(default=500), subscriber()
    push_queue2(api2, "u", down, up, push_type="unicast")
    mids = post2(api2, "u", "1", "2")
    for mid in mids:

        def taken(mid: str = mid) -> list[dict[str, Any]] | None:
            got = statuses2(api2, "u", mid)
            return got if got and got[0].get("status_code") == 200 else None

        (status,) = wait_until(taken, f"delivery of {mid}")
        assert (status["url"], status["status"]) == (up.url, "deleted")


def test_a_202_is_acknowledged_by_subscriber_id(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    """The seed README: respond 202, then `delete_message_push_status(message_id,
    subscriber_id)` with the ids from the push's headers."""
    slow = subscriber(default=202)
    push_queue2(api2, "p", slow)
    (mid,) = post2(api2, "p", {"body": "job", "timeout": 120})
    (push,) = slow.wait_for(1)
    (status,) = wait_statuses2(api2, "p", mid, "reserved")
    assert status["status_code"] == 202
    sid = push.headers["iron-subscriber-message-id"]
    r = api2.request("DELETE", f"/queues/p/messages/{mid}/subscribers/{sid}")
    assert (r.status_code, r.json()) == (200, {"msg": "Deleted"})
    wait_statuses2(api2, "p", mid, "deleted")
    frozen.advance(121)  # the window (the message's own timeout) would have ended here
    assert slow.count() == 1
    r = api2.request("DELETE", f"/queues/p/messages/{mid}/subscribers/{mid}9999")
    assert (r.status_code, r.json()) == (404, {"msg": "Subscriber not found"})


def test_a_202_window_lasts_the_messages_own_timeout(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    slow = subscriber(default=202)
    push_queue2(api2, "p", slow, retries=1, retries_delay=600)
    (mid,) = post2(api2, "p", {"body": "job", "timeout": 45})
    slow.wait_for(1)
    wait_statuses2(api2, "p", mid, "reserved")
    frozen.advance(46)  # not retries_delay (600): the message's timeout
    assert slow.wait_for(2)[1].message_id == mid


def test_error_queue_report_has_code_and_msg_at_the_top(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    """The Ruby v2 client's test_error_queues reads `code`, `msg`, `source_msg_id` and
    `subscribers[0].url` of the report."""
    down = subscriber(default=503)
    push_queue2(api2, "p", down, retries=1, retries_delay=3, error_queue="p-errors")
    (mid,) = post2(api2, "p", "lost")
    down.wait_for(1)
    wait_statuses2(api2, "p", mid, "retrying")
    frozen.advance(3)
    wait_statuses2(api2, "p", mid, "error")
    (report,) = wait_until(lambda: get2(api2, "p-errors"), "the error report")
    body = json.loads(report["body"])
    assert (body["source_msg_id"], body["code"], body["body"]) == (mid, 503, "lost")
    assert body["msg"]
    assert body["subscribers"][0]["url"] == down.url


def test_converting_back_to_pull_hands_undelivered_messages_to_consumers(
    api2: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    down = subscriber(default=500)
    push_queue2(api2, "p", down, retries_delay=600)
    (mid,) = post2(api2, "p", "waiting")
    down.wait_for(1)
    wait_statuses2(api2, "p", mid, "retrying")
    assert get2(api2, "p") == []  # push messages are never reserved
    api2.post("/queues/p", json={"push_type": "pull"}).raise_for_status()
    assert [m["id"] for m in get2(api2, "p")] == [mid]
    frozen.advance(601)
    assert down.count() == 1  # no retry of a message that is no longer pushed
