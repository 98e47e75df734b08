"""Time-based behaviour on the frozen virtual clock: timeouts, delays, expiration, DLQ."""

from __future__ import annotations

import httpx

from ironmq_local import LocalServer

from .conftest import post, reserve, size


def peek_ids(api: httpx.Client, queue: str) -> list[str]:
    return [
        m["id"] for m in api.get(f"/queues/{queue}/messages", params={"n": 100}).json()["messages"]
    ]


def test_reservation_times_out_after_queue_default(api: httpx.Client, frozen: LocalServer) -> None:
    post(api, "q", "a")
    (m,) = reserve(api, "q")
    frozen.advance(59.9)
    assert reserve(api, "q") == []
    frozen.advance(0.2)
    (again,) = reserve(api, "q")
    assert again["id"] == m["id"]
    assert again["reserved_count"] == 2
    r = api.request(
        "DELETE", f"/queues/q/messages/{m['id']}", json={"reservation_id": m["reservation_id"]}
    )
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}


def test_reserve_timeout_override_and_queue_setting(api: httpx.Client, frozen: LocalServer) -> None:
    api.put("/queues/q", json={"queue": {"message_timeout": 10}})
    post(api, "q", "a", "b")
    reserve(api, "q")  # queue default 10 s
    reserve(api, "q", timeout=3)  # short timeouts are allowed
    frozen.advance(3.5)
    assert [m["body"] for m in reserve(api, "q", n=2)] == ["b"]
    frozen.advance(7)
    assert [m["body"] for m in reserve(api, "q", n=2)] == ["a"]


def test_expired_reservation_delete_without_id_is_allowed(
    api: httpx.Client, frozen: LocalServer
) -> None:
    post(api, "q", "a")
    (m,) = reserve(api, "q", timeout=5)
    frozen.advance(6)
    # no longer reserved, so no reservation id is needed
    assert api.delete(f"/queues/q/messages/{m['id']}").status_code == 200


def test_timed_out_message_goes_back_to_the_front(api: httpx.Client, frozen: LocalServer) -> None:
    a, b, c = post(api, "q", "a", "b", "c")
    reserve(api, "q", timeout=5)  # a
    frozen.advance(6)
    assert peek_ids(api, "q") == [a, b, c]
    assert reserve(api, "q")[0]["id"] == a


def test_delay_hides_message_until_due(api: httpx.Client, frozen: LocalServer) -> None:
    (d,) = post(api, "q", "later", delay=30)
    (n,) = post(api, "q", "now")
    assert peek_ids(api, "q") == [n]
    assert size(api, "q") == 2  # delayed messages count in size
    assert reserve(api, "q", n=5)[0]["id"] == n
    frozen.advance(29)
    assert reserve(api, "q") == []
    frozen.advance(1.5)
    assert peek_ids(api, "q") == [d]
    assert reserve(api, "q")[0]["body"] == "later"


def test_release_with_delay(api: httpx.Client, frozen: LocalServer) -> None:
    (a,) = post(api, "q", "a")
    (m,) = reserve(api, "q")
    r = api.post(
        f"/queues/q/messages/{a}/release", json={"reservation_id": m["reservation_id"], "delay": 10}
    )
    assert r.status_code == 200
    assert reserve(api, "q") == []
    assert peek_ids(api, "q") == []
    frozen.advance(10.5)
    assert reserve(api, "q")[0]["id"] == a


def test_touch_extends_from_touch_time(api: httpx.Client, frozen: LocalServer) -> None:
    (a,) = post(api, "q", "a")
    (m,) = reserve(api, "q", timeout=30)
    frozen.advance(20)
    r = api.post(
        f"/queues/q/messages/{a}/touch", json={"reservation_id": m["reservation_id"], "timeout": 40}
    )
    new = r.json()["reservation_id"]
    frozen.advance(35)  # 55 s after reserve, 35 s after touch: still reserved
    assert reserve(api, "q") == []
    frozen.advance(6)  # 41 s after touch: expired
    r = api.request("DELETE", f"/queues/q/messages/{a}", json={"reservation_id": new})
    assert r.status_code == 403
    assert reserve(api, "q")[0]["reserved_count"] == 3  # reserve, touch, reserve


def test_touch_default_timeout_is_queue_timeout(api: httpx.Client, frozen: LocalServer) -> None:
    api.put("/queues/q", json={"queue": {"message_timeout": 100}})
    (a,) = post(api, "q", "a")
    (m,) = reserve(api, "q", timeout=5)
    r = api.post(f"/queues/q/messages/{a}/touch", json={"reservation_id": m["reservation_id"]})
    new = r.json()["reservation_id"]
    frozen.advance(99)
    assert (
        api.request("DELETE", f"/queues/q/messages/{a}", json={"reservation_id": new}).status_code
        == 200
    )


def test_touch_after_expiry_is_403(api: httpx.Client, frozen: LocalServer) -> None:
    (a,) = post(api, "q", "a")
    (m,) = reserve(api, "q", timeout=5)
    frozen.advance(5.1)
    r = api.post(f"/queues/q/messages/{a}/touch", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 403
    r = api.post(f"/queues/q/messages/{a}/release", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 403


def test_message_expiration(api: httpx.Client, frozen: LocalServer) -> None:
    api.put("/queues/q", json={"queue": {"message_expiration": 100}})
    (a,) = post(api, "q", "old")
    frozen.advance(50)
    (b,) = post(api, "q", "new")
    frozen.advance(50.5)
    assert size(api, "q") == 1
    assert peek_ids(api, "q") == [b]
    assert api.get(f"/queues/q/messages/{a}").status_code == 404
    assert [m["id"] for m in reserve(api, "q", n=5)] == [b]
    assert api.get("/queues/q").json()["queue"]["total_messages"] == 2


def test_default_expiration_is_seven_days(api: httpx.Client, frozen: LocalServer) -> None:
    post(api, "q", "a")
    frozen.advance(604_799)
    assert size(api, "q") == 1
    frozen.advance(2)
    assert size(api, "q") == 0
    assert reserve(api, "q") == []


def test_dead_letter_moves_on_reserve_after_max_reservations(
    api: httpx.Client, frozen: LocalServer
) -> None:
    api.put(
        "/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq", "max_reservations": 2}}}
    )
    a, b = post(api, "q", "poison", "fine")
    for expected in (1, 2):
        (m,) = reserve(api, "q", timeout=5)
        assert m["id"] == a
        assert m["reserved_count"] == expected
        frozen.advance(6)
    # the third reserve meets a message already reserved twice: it moves to the DLQ
    (m,) = reserve(api, "q")
    assert m["id"] == b
    assert size(api, "q") == 1
    dlq = api.get("/queues/dlq").json()["queue"]
    assert dlq["size"] == 1
    assert dlq["total_messages"] == 1
    moved = api.get(f"/queues/dlq/messages/{a}").json()["message"]
    assert moved == {"id": a, "body": "poison", "reserved_count": 2}
    (d,) = reserve(api, "dlq")
    assert d["id"] == a
    assert d["reserved_count"] == 3


def test_dead_letter_max_one_is_deliver_once(api: httpx.Client, frozen: LocalServer) -> None:
    api.put(
        "/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq", "max_reservations": 1}}}
    )
    (a,) = post(api, "q", "x")
    (_m,) = reserve(api, "q", timeout=5)
    frozen.advance(6)
    assert reserve(api, "q") == []
    assert api.get(f"/queues/dlq/messages/{a}").status_code == 200


def test_dead_letter_expiration_is_reset_to_dlq_setting(
    api: httpx.Client, frozen: LocalServer
) -> None:
    api.put("/queues/dlq", json={"queue": {"message_expiration": 1000}})
    api.put(
        "/queues/q",
        json={
            "queue": {
                "message_expiration": 100,
                "dead_letter": {"queue_name": "dlq", "max_reservations": 1},
            }
        },
    )
    (a,) = post(api, "q", "x")
    reserve(api, "q", timeout=5)
    frozen.advance(90)
    assert reserve(api, "q") == []  # moved at t=90, expires at t=1090 in the DLQ
    frozen.advance(900)
    assert api.get(f"/queues/dlq/messages/{a}").status_code == 200
    frozen.advance(101)
    assert api.get(f"/queues/dlq/messages/{a}").status_code == 404


def test_dead_letter_queue_is_recreated_if_deleted(api: httpx.Client, frozen: LocalServer) -> None:
    api.put(
        "/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq", "max_reservations": 1}}}
    )
    api.delete("/queues/dlq")
    (a,) = post(api, "q", "x")
    reserve(api, "q", timeout=5)
    frozen.advance(6)
    assert reserve(api, "q") == []
    assert api.get(f"/queues/dlq/messages/{a}").status_code == 200


def test_touch_past_max_does_not_move_until_reserve(api: httpx.Client, frozen: LocalServer) -> None:
    api.put(
        "/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq", "max_reservations": 2}}}
    )
    (a,) = post(api, "q", "x")
    (m,) = reserve(api, "q", timeout=5)
    rid = api.post(
        f"/queues/q/messages/{a}/touch", json={"reservation_id": m["reservation_id"]}
    ).json()["reservation_id"]
    assert api.get(f"/queues/q/messages/{a}").json()["message"]["reserved_count"] == 2
    # still in the source queue and still deletable with the touched reservation
    assert size(api, "dlq") == 0
    assert (
        api.request("DELETE", f"/queues/q/messages/{a}", json={"reservation_id": rid}).status_code
        == 200
    )


def test_clock_is_shared_by_advance_and_real_time(ironmq: LocalServer) -> None:
    """Running (unfrozen), the virtual clock ticks with real time plus the advanced offset."""
    before = ironmq.now()
    after = ironmq.advance(3600)
    assert after >= before + 3600
    assert ironmq.now() >= after
