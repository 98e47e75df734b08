"""Alerts: configuration endpoints, validation, and firing exactly as FACTS.md §5 says."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer

from ..profiles import MessageSchemas
from .conftest import post, reserve, size
from .subscribers import wait_until

SENT = MessageSchemas.load("v3")
"""What ironmq-local posts on its own, held to the spec (tests/profiles.py)."""

ALERT_ID = re.compile(r"^[0-9a-f]{24}$")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def alert(type_: str, trigger: int, direction: str = "asc", **extra: Any) -> dict[str, Any]:
    return {"type": type_, "trigger": trigger, "direction": direction, "queue": "target", **extra}


def add(api: httpx.Client, queue: str, *alerts: dict[str, Any]) -> httpx.Response:
    return api.post(f"/queues/{queue}/alerts", json={"alerts": list(alerts)})


def alerts_of(api: httpx.Client, queue: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = api.get(f"/queues/{queue}").json()["queue"].get("alerts", [])
    return found


def fired(api: httpx.Client) -> list[dict[str, Any]]:
    """Take every alert message from `target` (in order) and return the parsed bodies."""
    if api.get("/queues/target").status_code == 404:
        return []
    messages = reserve(api, "target", n=100)
    for m in messages:
        api.request(
            "DELETE",
            f"/queues/target/messages/{m['id']}",
            json={"reservation_id": m["reservation_id"]},
        )
    # every alert message is held to the spec's AlertMessage (strict reading)
    return [SENT.check_json("AlertMessage", str(m["body"])) for m in messages]


def sizes_fired(api: httpx.Client) -> list[int]:
    return [a["queue_size"] for a in fired(api)]


def delete_n(api: httpx.Client, queue: str, n: int) -> None:
    for m in reserve(api, queue, n=n):
        r = api.request(
            "DELETE",
            f"/queues/{queue}/messages/{m['id']}",
            json={"reservation_id": m["reservation_id"]},
        )
        assert r.status_code == 200


# configuration --------------------------------------------------------------------------


def test_add_replace_remove_alerts(api: httpx.Client) -> None:
    api.put("/queues/q", json={})
    r = add(api, "q", {"type": "fixed", "trigger": 10, "queue": "target"})
    assert r.status_code == 200
    assert r.json() == {"msg": "Alerts were added."}
    (a,) = alerts_of(api, "q")
    assert ALERT_ID.match(a["id"])
    assert a == {
        "id": a["id"],
        "type": "fixed",
        "trigger": 10,
        "direction": "asc",
        "queue": "target",
        "snooze": 0,
    }
    add(api, "q", alert("progressive", 5, "desc", snooze=30))
    assert [x["type"] for x in alerts_of(api, "q")] == ["fixed", "progressive"]

    r = api.put("/queues/q/alerts", json={"alerts": [alert("fixed", 3), alert("fixed", 4)]})
    assert r.json() == {"msg": "Alerts were replaced."}
    one, two = alerts_of(api, "q")
    assert (one["trigger"], two["trigger"]) == (3, 4)

    r = api.request("DELETE", "/queues/q/alerts", json={"alerts": [{"id": one["id"]}]})
    assert r.json() == {"msg": "Alerts were deleted."}
    assert [x["id"] for x in alerts_of(api, "q")] == [two["id"]]
    r = api.delete(f"/queues/q/alerts/{two['id']}")
    assert r.json() == {"msg": "Alerts were deleted."}
    assert "alerts" not in api.get("/queues/q").json()["queue"]
    r = api.delete(f"/queues/q/alerts/{two['id']}")
    assert r.status_code == 404
    r = api.put("/queues/q/alerts", json={"alerts": []})
    assert r.status_code == 200


def test_queue_put_and_patch_replace_alerts(api: httpx.Client) -> None:
    r = api.put("/queues/q", json={"queue": {"alerts": [alert("fixed", 1), alert("fixed", 2)]}})
    assert r.status_code == 200
    assert [a["trigger"] for a in r.json()["queue"]["alerts"]] == [1, 2]
    r = api.patch("/queues/q", json={"queue": {"alerts": [alert("fixed", 2)]}})
    assert [a["trigger"] for a in r.json()["queue"]["alerts"]] == [2]  # replaced, not added
    r = api.patch("/queues/q", json={"queue": {"message_timeout": 30}})
    assert len(r.json()["queue"]["alerts"]) == 1  # untouched when not sent
    r = api.patch("/queues/q", json={"queue": {"alerts": []}})
    assert "alerts" not in r.json()["queue"]


@pytest.mark.parametrize(
    ("alerts", "msg"),
    [
        ([{"trigger": 1, "queue": "t"}], "alerts[0].type is required"),
        ([{"type": "size", "trigger": 1, "queue": "t"}], "alerts[0].type must be fixed"),
        ([{"type": "fixed", "queue": "t"}], "alerts[0].trigger is required"),
        ([{"type": "fixed", "trigger": "c", "queue": "t"}], "alerts[0].trigger must be an integer"),
        ([{"type": "fixed", "trigger": 0, "queue": "t"}], "alerts[0].trigger must be between 1"),
        ([{"type": "fixed", "trigger": 1}], "alerts[0].queue is required"),
        ([alert("fixed", 1, "up")], "alerts[0].direction must be asc or desc"),
        ([alert("fixed", 1, snooze=-1)], "alerts[0].snooze must be between 0"),
        ([alert("fixed", 1, snooze="1234")], "alerts[0].snooze must be an integer"),
        ([alert("fixed", i) for i in range(1, 7)], "at most 5 alerts"),
        ([{**alert("progressive", 1), "queue": "q"}], "cannot post to its own queue"),
        (["x"], "alerts[0] must be an object"),
        ([], "at least one alert"),
    ],
)
def test_invalid_alerts_are_400(api: httpx.Client, alerts: list[Any], msg: str) -> None:
    api.put("/queues/q", json={})
    r = add(api, "q", *alerts)
    assert r.status_code == 400
    assert msg in r.json()["msg"]
    assert alerts_of(api, "q") == []


def test_limits_duplicates_cycles_and_push_queues(api: httpx.Client) -> None:
    api.put("/queues/q", json={})
    assert add(api, "q", *[alert("fixed", i) for i in range(1, 6)]).status_code == 200
    r = add(api, "q", alert("fixed", 6))
    assert r.status_code == 400
    assert "at most 5 alerts" in r.json()["msg"]
    api.put("/queues/q/alerts", json={"alerts": [alert("fixed", 1, snooze=5)]})
    # same type, direction and trigger as an existing alert (snooze does not count)
    r = add(api, "q", alert("fixed", 1))
    assert r.status_code == 400
    assert r.json() == {"msg": "At least one new alert duplicates current queue alerts."}
    assert add(api, "q", alert("fixed", 1, "desc")).status_code == 200
    # duplicates within one replacing request are accepted
    r = api.put("/queues/q/alerts", json={"alerts": [alert("fixed", 1)] * 2})
    assert r.status_code == 200
    # a fixed alert may post to its own queue, a progressive one may not, nor close a cycle
    assert add(api, "q", {**alert("fixed", 9), "queue": "q"}).status_code == 200
    assert add(api, "q", {**alert("progressive", 2), "queue": "q2"}).status_code == 200
    r = add(api, "q2", {**alert("progressive", 2), "queue": "q"})
    assert r.status_code == 404  # q2 does not exist yet
    api.put("/queues/q2", json={})
    r = add(api, "q2", {**alert("progressive", 2), "queue": "q"})
    assert r.status_code == 400
    assert "cycle" in r.json()["msg"]
    # push queues
    push = {"subscribers": [{"name": "s", "url": "http://127.0.0.1:9/"}]}
    api.put("/queues/p", json={"queue": {"push": push}})
    r = add(api, "p", alert("fixed", 1))
    assert r.status_code == 400
    assert r.json() == {"msg": "Push queues do not support alerts."}
    r = api.put("/queues/p2", json={"queue": {"push": push, "alerts": [alert("fixed", 1)]}})
    assert r.json() == {"msg": "Push queues do not support alerts."}
    assert api.get("/queues/p2").status_code == 404
    # unknown ids remove nothing
    ids = [{"id": a["id"]} for a in alerts_of(api, "q")] + [{"id": "f" * 24}]
    r = api.request("DELETE", "/queues/q/alerts", json={"alerts": ids})
    assert r.status_code == 404
    assert len(alerts_of(api, "q")) == 4


# firing -----------------------------------------------------------------------------------


def test_fixed_asc_fires_on_reaching_the_trigger_and_rearms_below(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("fixed", 3)]}})
    post(api, "q", "1", "2")
    assert fired(api) == []
    post(api, "q", "3")
    (msg,) = fired(api)
    (a,) = alerts_of(api, "q")
    assert msg == {
        "source_queue": "q",
        "queue_size": 3,
        "alert_id": a["id"],
        "alert_type": "fixed",
        "alert_direction": "asc",
        "alert_trigger": 3,
        "created_at": msg["created_at"],
    }
    assert RFC3339.match(msg["created_at"])
    post(api, "q", "4", "5")
    assert fired(api) == []  # staying above does not fire
    delete_n(api, "q", 3)  # 2: below the trigger, re-armed
    assert fired(api) == []
    post(api, "q", "a", "b", "c", "d")  # one jump past the trigger fires once
    assert sizes_fired(api) == [6]


def test_fixed_desc_fires_on_falling_to_the_trigger(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("fixed", 2, "desc")]}})
    post(api, "q", *"abcde")
    assert fired(api) == []  # going up never fires
    delete_n(api, "q", 2)
    assert fired(api) == []  # 3
    delete_n(api, "q", 1)
    assert sizes_fired(api) == [2]
    delete_n(api, "q", 1)
    assert fired(api) == []  # 1: further down does not fire again
    post(api, "q", "x", "y")
    assert fired(api) == []  # 3: re-armed
    api.delete("/queues/q/messages")  # clear: 3 → 0 crosses 2
    assert sizes_fired(api) == [0]


def test_progressive_asc_fires_at_every_multiple(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("progressive", 2)]}})
    for i in range(7):
        post(api, "q", str(i))
    assert sizes_fired(api) == [2, 4, 6]
    post(api, "q", *"abcde")  # 7 → 12 passes 8, 10, 12: once
    assert sizes_fired(api) == [12]
    delete_n(api, "q", 3)  # 9
    assert fired(api) == []
    post(api, "q", "x")  # 10 again
    assert sizes_fired(api) == [10]


def test_progressive_desc_fires_at_every_multiple_but_not_zero(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("progressive", 2, "desc")]}})
    post(api, "q", *"abcdefg")  # 7
    assert fired(api) == []
    for _ in range(7):
        delete_n(api, "q", 1)
    assert sizes_fired(api) == [6, 4, 2]


def test_reserve_with_delete_and_batch_delete_count(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("fixed", 1, "desc")]}})
    ids = post(api, "q", "a", "b", "c")
    reserve(api, "q", delete=True)  # 2
    assert fired(api) == []
    api.request("DELETE", "/queues/q/messages", json={"ids": [{"id": ids[2]}]})
    assert sizes_fired(api) == [1]


def test_snooze_drops_crossings_until_it_passes(api: httpx.Client, frozen: LocalServer) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [alert("fixed", 1, snooze=60)]}})
    post(api, "q", "a")
    assert sizes_fired(api) == [1]
    api.delete("/queues/q/messages")
    post(api, "q", "b")  # a crossing within the snooze: dropped, not queued
    frozen.advance(59)
    assert fired(api) == []
    frozen.advance(2)
    assert fired(api) == []  # nothing was waiting
    api.delete("/queues/q/messages")
    post(api, "q", "c")
    assert sizes_fired(api) == [1]


def test_expiry_fires_alerts_without_any_request(api: httpx.Client, frozen: LocalServer) -> None:
    r = api.put(
        "/queues/q",
        json={"queue": {"message_expiration": 100, "alerts": [alert("fixed", 1, "desc")]}},
    )
    assert r.status_code == 200
    post(api, "q", "a", "b")
    frozen.advance(99)
    assert fired(api) == []
    frozen.advance(2)
    # only the clock moved: the server judges the alert when the messages expire
    found = wait_until(lambda: fired(api) or None, "the expiry alert")
    assert [a["queue_size"] for a in found] == [0]
    assert size(api, "q") == 0


def test_alert_posting_to_its_own_queue_does_not_loop(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"alerts": [{**alert("fixed", 2), "queue": "q"}]}})
    post(api, "q", "a", "b")
    assert size(api, "q") == 3  # two messages and one alert message
    bodies = [m["body"] for m in reserve(api, "q", n=10)]
    assert SENT.check_json("AlertMessage", str(bodies[2]))["queue_size"] == 2


def test_alert_lists_may_come_wrapped_in_queue_as_pypi_iron_mq_09_sends_them(
    api: httpx.Client,
) -> None:
    """`Queue.remove_alerts()` of iron-mq 0.8/0.9 sends `{"queue": {"alerts": [ids]}}`; the
    same wrapper is taken on POST and PUT /alerts."""
    api.put("/queues/q", json={}).raise_for_status()
    r = api.post("/queues/q/alerts", json={"queue": {"alerts": [alert("fixed", 5)]}})
    assert (r.status_code, r.json()) == (200, {"msg": "Alerts were added."})
    r = api.put(
        "/queues/q/alerts", json={"queue": {"alerts": [alert("fixed", 6), alert("fixed", 7)]}}
    )
    assert (r.status_code, r.json()) == (200, {"msg": "Alerts were replaced."})
    ids = [a["id"] for a in alerts_of(api, "q")]
    assert len(ids) == 2
    r = api.request("DELETE", "/queues/q/alerts", json={"queue": {"alerts": ids[:1]}})
    assert (r.status_code, r.json()) == (200, {"msg": "Alerts were deleted."})
    assert [a["id"] for a in alerts_of(api, "q")] == ids[1:]
    bodies: list[dict[str, object]] = [{}, {"queue": {}}]
    for body in bodies:
        r = api.request("DELETE", "/queues/q/alerts", json=body)
        assert (r.status_code, r.json()) == (400, {"msg": "alerts is required"})
    assert len(alerts_of(api, "q")) == 1
