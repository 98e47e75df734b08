"""Push queues: real HTTP delivery to loopback subscribers, retries, 202 windows, statuses.

The server's virtual clock is frozen, so a retry or the end of a 202 window happens exactly
when the test advances the clock past it.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer

from ..profiles import MessageSchemas
from .conftest import make_client, post, reserve, size
from .subscribers import Subscriber, wait_until

SENT = MessageSchemas.load("v3")
"""What ironmq-local posts on its own, held to the spec (tests/profiles.py)."""

RID = re.compile(r"^[0-9a-f]{32}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
MakeSubscriber = Callable[..., Subscriber]


def push_queue(
    api: httpx.Client, name: str, *subs: Subscriber | dict[str, Any], **push: Any
) -> None:
    """Create a push queue (type in push["type"], default multicast)."""
    type_ = push.pop("type", "multicast")
    entries = [
        s if isinstance(s, dict) else {"name": f"s{i}", "url": s.url} for i, s in enumerate(subs)
    ]
    r = api.put(
        f"/queues/{name}", json={"queue": {"type": type_, "push": {"subscribers": entries, **push}}}
    )
    assert r.status_code == 200, r.text


def statuses(api: httpx.Client, queue: str, mid: str) -> list[dict[str, Any]]:
    r = api.get(f"/queues/{queue}/messages/{mid}/subscribers")
    assert r.status_code == 200, r.text
    out: list[dict[str, Any]] = r.json()["subscribers"]
    return out


def wait_statuses(api: httpx.Client, queue: str, mid: str, *expected: str) -> list[dict[str, Any]]:
    """Wait until the statuses (in subscriber order) read `expected` and return them."""

    def probe() -> list[dict[str, Any]] | None:
        got = statuses(api, queue, mid)
        return got if [s["status"] for s in got] == list(expected) else None

    return wait_until(probe, f"statuses {expected} of {mid}")


def test_multicast_delivers_to_every_subscriber_with_headers(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    a, b = subscriber(), subscriber()
    push_queue(
        api,
        "mc",
        {"name": "a", "url": a.url},
        {"name": "b", "url": b.url, "headers": {"Content-Type": "application/json", "X-S": "1"}},
    )
    body = '{"hello": "wörld"}'
    r = api.post(
        "/queues/mc/messages",
        json={"messages": [{"body": body, "push_headers": {"X-Trace": "t-1"}}]},
    )
    (mid,) = r.json()["ids"]
    (got_a,) = a.wait_for(1)
    (got_b,) = b.wait_for(1)
    for got, name in ((got_a, "a"), (got_b, "b")):
        assert got.path == "/push"
        assert got.body == body.encode()
        assert got.headers["user-agent"] == "IronMQ Pusherd"
        assert got.headers["iron-message-id"] == mid
        assert RID.match(got.headers["iron-reservation-id"])
        assert got.headers["iron-subscriber-name"] == name
        assert got.headers["x-trace"] == "t-1"
        url = httpx.URL(got.headers["iron-subscriber-message-url"])
        assert str(url).startswith(f"{frozen.api_url}/queues/mc/messages/{mid}?")
        assert url.params["subscriber_name"] == name
        assert url.params["reservation_id"] == got.headers["iron-reservation-id"]
    assert got_a.headers["content-type"] == "text/plain; encoding=utf-8"
    assert got_b.headers["content-type"] == "application/json"
    assert got_b.headers["x-s"] == "1"
    assert "x-s" not in got_a.headers

    done = wait_statuses(api, "mc", mid, "deleted", "deleted")
    for s, sub in zip(done, (a, b), strict=True):
        assert s["url"] == sub.url
        assert s["tries"] == 1
        assert s["retries_remaining"] == 3
        assert s["status_code"] == 200
        assert RFC3339.match(s["last_try_at"])
    # delivered: out of the queue, still readable by id with its statuses
    assert size(api, "mc") == 0
    assert api.get(f"/queues/mc/messages/{mid}").json()["message"]["body"] == body
    assert api.get("/queues/mc").json()["queue"]["total_messages"] == 1


def test_push_messages_are_not_reserved_or_peeked_and_count_while_pending(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber()
    push_queue(api, "p", sub)
    (mid,) = post(api, "p", "later", delay=30)
    # not tried yet
    (s,) = statuses(api, "p", mid)
    assert s == {
        "name": "s0",
        "url": sub.url,
        "retries_remaining": 3,
        "tries": 0,
        "status": "queued",
    }
    assert size(api, "p") == 1
    assert reserve(api, "p") == []
    assert api.get("/queues/p/messages").json()["messages"] == []
    frozen.advance(29)
    assert statuses(api, "p", mid)[0]["status"] == "queued"
    frozen.advance(1)
    (got,) = sub.wait_for(1)
    assert got.body == b"later"
    wait_statuses(api, "p", mid, "deleted")
    assert size(api, "p") == 0


def test_unicast_delivers_each_message_once(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    a, b = subscriber(), subscriber()
    push_queue(api, "uc", a, b, type="unicast")
    ids = post(api, "uc", "1", "2", "3", "4")
    wait_until(lambda: a.count() + b.count() >= 4 or None, "4 deliveries")
    for mid in ids:
        got = wait_statuses(api, "uc", mid, "deleted", "deleted")
        assert sorted(s["tries"] for s in got) == [0, 1]
    delivered = [r.message_id for r in a.received + b.received]
    assert sorted(delivered) == sorted(ids)
    # the starting subscriber rotates
    assert a.count()
    assert b.count()
    assert size(api, "uc") == 0


def test_unicast_tries_the_next_subscriber_at_once(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    bad, good = subscriber(default=500), subscriber()
    push_queue(api, "uc", bad, good, type="unicast")
    ids = post(api, "uc", "1", "2")
    good.wait_for(2)  # with the clock frozen: no retry delay was needed
    for mid in ids:
        got = wait_statuses(api, "uc", mid, "deleted", "deleted")
        assert got[1]["tries"] == 1
        assert got[1]["status_code"] == 200
    # the message that started with the failing subscriber went there once first
    assert bad.count() == 1
    (failed,) = [s for mid in ids for s in statuses(api, "uc", mid) if s.get("status_code") == 500]
    assert failed["tries"] == 1


def test_unicast_round_fails_then_retries_after_delay(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    a, b = subscriber(default=500), subscriber(default=503)
    push_queue(api, "uc", a, b, type="unicast", retries=1, retries_delay=10)
    (mid,) = post(api, "uc", "x")
    got = wait_statuses(api, "uc", mid, "retrying", "retrying")
    assert [s["tries"] for s in got] == [1, 1]
    assert [s["retries_remaining"] for s in got] == [1, 1]
    a.answer(200)
    b.answer(200)
    frozen.advance(10)
    got = wait_statuses(api, "uc", mid, "deleted", "deleted")
    assert sum(s["tries"] for s in got) == 3  # both in round 1, the first of round 2 took it
    assert [s["retries_remaining"] for s in got] == [0, 0]


def test_202_then_ack_on_the_subscriber_message_url(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=202)
    push_queue(api, "p", sub, retries_delay=30)
    (mid,) = post(api, "p", "slow job")
    (got,) = sub.wait_for(1)
    (s,) = wait_statuses(api, "p", mid, "reserved")
    assert s["status_code"] == 202
    assert s["tries"] == 1
    assert size(api, "p") == 1
    # the URL alone acknowledges: no other header or body needed
    r = httpx.delete(got.headers["iron-subscriber-message-url"])
    assert r.status_code == 200
    assert r.json() == {"msg": "Deleted"}
    wait_statuses(api, "p", mid, "deleted")
    assert size(api, "p") == 0
    frozen.advance(31)
    assert statuses(api, "p", mid)[0]["tries"] == 1
    assert sub.count() == 1


def test_202_then_ack_with_reservation_and_subscriber_name(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=202)
    push_queue(api, "p", {"name": "worker", "url": sub.url})
    (mid,) = post(api, "p", "x")
    (got,) = sub.wait_for(1)
    wait_statuses(api, "p", mid, "reserved")
    url = f"/queues/p/messages/{mid}"
    r = api.request("DELETE", url, json={"subscriber_name": "worker"})
    assert r.status_code == 400
    assert r.json() == {"msg": "A reservation_id is required"}
    r = api.request("DELETE", url, json={"subscriber_name": "worker", "reservation_id": "0" * 32})
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}
    r = api.request("DELETE", url, json={"subscriber_name": "nobody", "reservation_id": "x"})
    assert r.status_code == 404
    assert r.json() == {"msg": "Subscriber not found"}
    rid = got.headers["iron-reservation-id"]
    r = api.request("DELETE", url, json={"subscriber_name": "worker", "reservation_id": rid})
    assert r.status_code == 200
    wait_statuses(api, "p", mid, "deleted")


def test_202_window_passes_then_redelivery(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=202)
    push_queue(api, "p", {"name": "w", "url": sub.url}, retries=1, retries_delay=10)
    (mid,) = post(api, "p", "x")
    (first,) = sub.wait_for(1)
    wait_statuses(api, "p", mid, "reserved")
    frozen.advance(9.5)
    assert statuses(api, "p", mid)[0]["status"] == "reserved"
    frozen.advance(1)
    second = sub.wait_for(2)[1]
    assert second.message_id == mid
    assert second.headers["iron-reservation-id"] != first.headers["iron-reservation-id"]
    (s,) = wait_until(
        lambda: (got := statuses(api, "p", mid)) and got[0]["tries"] == 2 and got,
        "the second try",
    )
    assert s["status"] == "reserved"
    assert s["retries_remaining"] == 0
    # the first reservation is dead
    r = httpx.delete(first.headers["iron-subscriber-message-url"])
    assert r.status_code == 403
    # the last window passes without an acknowledgement: error, no third try
    frozen.advance(10.5)
    (s,) = wait_statuses(api, "p", mid, "error")
    assert s["tries"] == 2
    assert sub.count() == 2
    assert size(api, "p") == 0


def test_failing_subscriber_retries_then_error_and_error_queue(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=503)
    push_queue(
        api,
        "p",
        {"name": "flaky", "url": sub.url},
        retries=2,
        retries_delay=5,
        error_queue="errs",
    )
    r = api.post(
        "/queues/p/messages", json={"messages": [{"body": "b", "push_headers": {"X-K": "v"}}]}
    )
    (mid,) = r.json()["ids"]
    expected = [(1, 2, "retrying"), (2, 1, "retrying"), (3, 0, "error")]
    for i, (tries, remaining, status) in enumerate(expected):
        if i:
            frozen.advance(4.9)
            assert statuses(api, "p", mid)[0]["tries"] == tries - 1
            frozen.advance(0.2)

        def at_try(t: int = tries) -> dict[str, Any] | None:
            got = statuses(api, "p", mid)[0]
            return got if got["tries"] == t else None

        s = wait_until(at_try, f"try {tries}")
        assert s["status"] == status
        assert (s["tries"], s["retries_remaining"], s["status_code"]) == (tries, remaining, 503)
    assert sub.count() == 3
    assert size(api, "p") == 0
    assert api.get(f"/queues/p/messages/{mid}").status_code == 200  # still readable by id
    (report,) = reserve(api, "errs")
    assert SENT.check_json("ErrorQueueMessage", str(report["body"])) == {
        "source_msg_id": mid,
        "body": "b",
        "headers": {
            "User-Agent": "IronMQ Pusherd",
            "Content-Type": "text/plain; encoding=utf-8",
            "X-K": "v",
        },
        "code": 503,  # v2's layout too: the first failure at the top
        "msg": "answer 503",
        "subscribers": [{"name": "flaky", "url": sub.url, "code": 503, "msg": "answer 503"}],
    }


def test_multicast_retries_only_the_failed_subscriber(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    ok, flaky = subscriber(), subscriber()
    flaky.answer(500)
    push_queue(api, "mc", ok, flaky, retries_delay=20, error_queue="errs")
    (mid,) = post(api, "mc", "x")
    got = wait_statuses(api, "mc", mid, "deleted", "retrying")
    assert got[1]["status_code"] == 500
    assert size(api, "mc") == 1  # not done until every subscriber is
    frozen.advance(20)
    flaky.wait_for(2)
    got = wait_statuses(api, "mc", mid, "deleted", "deleted")
    assert [s["tries"] for s in got] == [1, 2]
    assert ok.count() == 1
    assert size(api, "mc") == 0
    assert size(api, "errs") == 0 if api.get("/queues/errs").status_code == 200 else True


def test_refused_connection_is_status_code_0_and_retried(
    api: httpx.Client, frozen: LocalServer
) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/gone"
    push_queue(api, "p", {"name": "gone", "url": url}, retries=0, error_queue="errs")
    (mid,) = post(api, "p", "x")
    (s,) = wait_statuses(api, "p", mid, "error")
    assert s["status_code"] == 0
    assert s["tries"] == 1
    (report,) = reserve(api, "errs")
    (entry,) = SENT.check_json("ErrorQueueMessage", str(report["body"]))["subscribers"]
    assert entry["code"] == 0
    assert entry["msg"]


def test_subscriber_timeout_is_a_failure(tmp_path: Any, subscriber: MakeSubscriber) -> None:
    slow = subscriber()
    slow.answer(200, delay=3)
    with (
        LocalServer(str(tmp_path / "t.db"), extra_args=["--push-timeout", "0.3"]) as server,
        make_client(server) as api,
    ):
        server.freeze()
        push_queue(api, "p", slow, retries=1, retries_delay=5, error_queue="errs")
        (mid,) = post(api, "p", "x")
        (s,) = wait_statuses(api, "p", mid, "retrying")
        assert s["status_code"] == 0
        server.advance(5)
        (s,) = wait_statuses(api, "p", mid, "deleted")
        assert s["tries"] == 2


def test_ironmq_subscriber_copies_into_another_queue(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    http = subscriber()
    push_queue(
        api,
        "fan",
        {"name": "copy", "url": "ironmq:///copies"},
        {"name": "web", "url": http.url},
    )
    (mid,) = post(api, "fan", "fan-out")
    wait_statuses(api, "fan", mid, "deleted", "deleted")
    (copy,) = reserve(api, "copies")
    assert copy["body"] == "fan-out"


@pytest.mark.parametrize(
    ("push", "msg"),
    [
        ({"subscribers": [{"name": "s", "url": "ironmq:///p"}]}, "must not push to its own queue"),
        (
            {"subscribers": [{"name": "s", "url": "http://127.0.0.1:9/"}], "error_queue": "p"},
            "push.error_queue must differ",
        ),
    ],
)
def test_push_settings_that_would_loop_are_400(
    api: httpx.Client, push: dict[str, Any], msg: str
) -> None:
    r = api.put("/queues/p", json={"queue": {"push": push}})
    assert r.status_code == 400
    assert msg in r.json()["msg"]


def test_deleting_a_pending_push_message_stops_delivery(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=500)
    push_queue(api, "p", sub, retries_delay=10)
    (mid,) = post(api, "p", "x")
    wait_statuses(api, "p", mid, "retrying")
    assert api.delete(f"/queues/p/messages/{mid}").status_code == 200
    assert api.get(f"/queues/p/messages/{mid}/subscribers").status_code == 404
    frozen.advance(11)
    (other,) = post(api, "p", "y")  # a later delivery proves the pusher has looked again
    sub.wait_for(2)
    assert [r.message_id for r in sub.received] == [mid, other]


def test_unacknowledged_subscriber_can_be_stopped_by_name(
    api: httpx.Client, frozen: LocalServer, subscriber: MakeSubscriber
) -> None:
    sub = subscriber(default=500)
    push_queue(api, "p", {"name": "w", "url": sub.url}, retries_delay=10)
    (mid,) = post(api, "p", "x")
    wait_statuses(api, "p", mid, "retrying")
    r = api.request("DELETE", f"/queues/p/messages/{mid}", json={"subscriber_name": "w"})
    assert r.status_code == 200
    wait_statuses(api, "p", mid, "deleted")
    assert size(api, "p") == 0


def test_due_deliveries_survive_a_restart(tmp_path: Any, subscriber: MakeSubscriber) -> None:
    db = str(tmp_path / "push.db")
    sub = subscriber(default=500)
    with LocalServer(db) as server, make_client(server) as api:
        server.freeze()
        push_queue(api, "p", sub, retries_delay=30)
        (failed,) = post(api, "p", "retry me")
        (delayed,) = post(api, "p", "later", delay=60)
        wait_statuses(api, "p", failed, "retrying")
    sub.default = 200
    with LocalServer(db) as server, make_client(server) as api:
        assert statuses(api, "p", delayed)[0]["status"] == "queued"
        server.advance(30)
        wait_statuses(api, "p", failed, "deleted")
        assert statuses(api, "p", delayed)[0]["status"] == "queued"
        server.advance(30)
        wait_statuses(api, "p", delayed, "deleted")
        assert [r.body for r in sub.received] == [b"retry me", b"retry me", b"later"]
        assert size(api, "p") == 0
