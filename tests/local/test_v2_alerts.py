"""v2 alerts over HTTP: the answers (`Updated`/`Deleted` by default, the reference's texts
with `--v2-alert-answers docs`), validation, queue creation, and firing into the target."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import make_client
from .test_v2_messages import get2
from .test_v2_queues import info, post2


def alert(type_: str, trigger: int, direction: str = "asc", **extra: Any) -> dict[str, Any]:
    return {"type": type_, "trigger": trigger, "direction": direction, "queue": "target", **extra}


def test_alert_answers_are_updated_and_deleted(api2: httpx.Client) -> None:
    """What the seed's own client (iron_mq_python 0.7's test.py) asserts."""
    r = api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5), alert("fixed", 9)]})
    assert (r.status_code, r.json()) == (200, {"msg": "Updated"})
    alerts = info(api2, "q")["alerts"]  # the queue was created by the post
    assert [(a["type"], a["trigger"], a["direction"], a["snooze"]) for a in alerts] == [
        ("fixed", 5, "asc", 0),
        ("fixed", 9, "asc", 0),
    ]
    r = api2.put("/queues/q/alerts", json={"alerts": [alert("progressive", 3, "desc")]})
    assert r.json() == {"msg": "Updated"}
    (only,) = info(api2, "q")["alerts"]
    r = api2.request("DELETE", "/queues/q/alerts", json={"alerts": [{"id": only["id"]}]})
    assert r.json() == {"msg": "Deleted"}
    assert "alerts" not in info(api2, "q")
    api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5)]})
    (again,) = info(api2, "q")["alerts"]
    # iron_mq_python sends `{}` with a JSON content type here: an empty body is fine
    r = api2.request(
        "DELETE", f"/queues/q/alerts/{again['id']}", headers={"Content-Type": "application/json"}
    )
    assert r.json() == {"msg": "Deleted"}


@pytest.fixture(scope="module")
def docs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A server started with `--v2-alert-answers docs`."""
    db = Path(tmp_path_factory.mktemp("docs")) / "docs.db"
    with LocalServer(str(db), extra_args=["--v2-alert-answers", "docs"]) as server:
        yield server


def test_alert_answers_can_be_the_references_texts(docs_server: LocalServer) -> None:
    with make_client(docs_server, version=1) as api2:
        r = api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5)]})
        assert r.json() == {"msg": "Alerts were added."}
        assert api2.put("/queues/q/alerts", json={"alerts": []}).json() == {
            "msg": "Alerts were replaced."
        }
        api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5)]})
        (a,) = info(api2, "q")["alerts"]
        assert api2.delete(f"/queues/q/alerts/{a['id']}").json() == {"msg": "Alerts were deleted."}


@pytest.mark.parametrize(
    ("alerts", "msg"),
    [
        ([{"trigger": 1, "queue": "t"}], "alerts[0].type is required"),
        ([{"type": "fixed", "trigger": "c", "queue": "t"}], "alerts[0].trigger must be an integer"),
        ([{"type": "fixed", "trigger": 1}], "alerts[0].queue is required"),
        ([alert("fixed", 1, "up")], "alerts[0].direction must be asc or desc"),
        ([alert("fixed", 1, snooze="1234")], "alerts[0].snooze must be an integer"),
        ([alert("fixed", i) for i in range(1, 7)], "at most 5 alerts"),
        ([{**alert("progressive", 1), "queue": "q"}], "cannot post to its own queue"),
    ],
)
def test_invalid_alerts_are_400(api2: httpx.Client, alerts: list[Any], msg: str) -> None:
    r = api2.post("/queues/q/alerts", json={"alerts": alerts})
    assert r.status_code == 400
    assert msg in r.json()["msg"]


def test_duplicates_and_push_queues_are_refused_as_the_alerts_reference_says(
    api2: httpx.Client,
) -> None:
    api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5, snooze=10)]})
    r = api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 5)]})
    assert (r.status_code, r.json()) == (
        400,
        {"msg": "At least one new alert duplicates current queue alerts."},
    )
    # converting a queue with alerts to a push queue
    r = api2.post("/queues/q", json={"subscribers": [{"url": "http://127.0.0.1:9/x"}]})
    assert (r.status_code, r.json()) == (400, {"msg": "Push queues do not support alerts."})
    api2.post("/queues/p", json={"subscribers": [{"url": "http://127.0.0.1:9/x"}]})
    r = api2.post("/queues/p/alerts", json={"alerts": [alert("fixed", 5)]})
    assert (r.status_code, r.json()) == (400, {"msg": "Push queues do not support alerts."})


def test_replacing_or_removing_alerts_of_a_missing_queue_is_404(api2: httpx.Client) -> None:
    assert api2.put("/queues/nope/alerts", json={"alerts": []}).status_code == 404
    r = api2.request("DELETE", "/queues/nope/alerts", json={"alerts": [{"id": "x"}]})
    assert r.status_code == 404
    assert api2.delete("/queues/nope/alerts/abc").status_code == 404


def test_a_fixed_alert_fires_into_its_target_queue(api2: httpx.Client) -> None:
    api2.post("/queues/q/alerts", json={"alerts": [alert("fixed", 3)]})
    post2(api2, "q", "a", "b")
    assert get2(api2, "target") == []
    post2(api2, "q", "c", "d")  # 2 → 4 crosses 3 once
    (message,) = get2(api2, "target", n=10)
    body = json.loads(message["body"])
    assert (body["source_queue"], body["queue_size"], body["alert_type"]) == ("q", 4, "fixed")
    assert (body["alert_direction"], body["alert_trigger"]) == ("asc", 3)
    assert body["alert_id"] == info(api2, "q")["alerts"][0]["id"]
