"""Queue endpoints: create/upsert, info, update, delete, list, subscribers, dead-letter settings."""

from __future__ import annotations

import re

import httpx
import pytest

from .conftest import post, size


def test_put_creates_pull_queue_with_defaults_and_no_counts(api: httpx.Client) -> None:
    r = api.put("/queues/orders", json={})
    assert r.status_code == 200
    q = r.json()["queue"]
    assert q["name"] == "orders"
    assert q["type"] == "pull"
    assert q["message_timeout"] == 60
    assert q["message_expiration"] == 604800
    assert re.fullmatch(r"[0-9a-f]{24}", q["id"])
    assert "size" not in q
    assert "total_messages" not in q
    assert "push" not in q
    assert "dead_letter" not in q
    assert "alerts" not in q


def test_put_accepts_empty_body_and_empty_queue_object(api: httpx.Client) -> None:
    assert api.put("/queues/a", content=b"").status_code == 200
    assert api.put("/queues/b", json={"queue": {}}).status_code == 200


def test_get_queue_reports_size_and_total(api: httpx.Client, ironmq: object) -> None:
    post(api, "q", "a", "b", "c")
    r = api.get("/queues/q")
    assert r.status_code == 200
    q = r.json()["queue"]
    assert q["size"] == 3
    assert q["total_messages"] == 3
    assert q["project_id"] == api.base_url.path.split("/")[3]


def test_put_on_existing_queue_updates_it(api: httpx.Client) -> None:
    api.put("/queues/q", json={"queue": {"message_timeout": 30}})
    post(api, "q", "x")
    r = api.put("/queues/q", json={"queue": {"message_expiration": 3000}})
    assert r.status_code == 200
    q = api.get("/queues/q").json()["queue"]
    assert q["message_timeout"] == 30
    assert q["message_expiration"] == 3000
    assert q["size"] == 1  # upsert keeps the messages


def test_patch_updates_existing_queue(api: httpx.Client) -> None:
    api.put("/queues/q", json={})
    r = api.patch("/queues/q", json={"queue": {"message_timeout": 120}})
    assert r.status_code == 200
    assert r.json()["queue"]["message_timeout"] == 120
    assert "size" not in r.json()["queue"]


def test_patch_missing_queue_is_404(api: httpx.Client) -> None:
    r = api.patch("/queues/nope", json={"queue": {"message_timeout": 120}})
    assert r.status_code == 404
    assert r.json() == {"msg": "Queue not found"}


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/queues/nope", "GET"),
        ("/queues/nope", "DELETE"),
        ("/queues/nope/messages", "GET"),
        ("/queues/nope/messages", "DELETE"),
        ("/queues/nope/reservations", "POST"),
        ("/queues/nope/messages/1882973138961039360", "GET"),
        ("/queues/nope/messages/1882973138961039360", "DELETE"),
        ("/queues/nope/subscribers", "POST"),
    ],
)
def test_operations_on_missing_queue_are_404(api: httpx.Client, path: str, method: str) -> None:
    body = {"subscribers": [{"name": "a", "url": "http://x"}]} if "subscribers" in path else None
    r = api.request(method, path, json=body)
    assert r.status_code == 404
    assert r.json()["msg"] in ("Queue not found", "Message not found")
    assert api.get("/queues").json()["queues"] == []  # nothing was auto-created


def test_delete_queue_removes_it_and_its_messages(api: httpx.Client) -> None:
    post(api, "q", "a")
    first_id = api.get("/queues/q").json()["queue"]["id"]
    r = api.delete("/queues/q")
    assert r.status_code == 200
    assert r.json() == {"msg": "Deleted"}
    assert api.get("/queues/q").status_code == 404
    post(api, "q", "b")  # posting recreates it, empty, with a new id
    q = api.get("/queues/q").json()["queue"]
    assert q["size"] == 1
    assert q["total_messages"] == 1
    assert q["id"] != first_id


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"queue": {"message_timeout": 0}}, "queue.message_timeout must be between 1 and 86400"),
        (
            {"queue": {"message_timeout": 86401}},
            "queue.message_timeout must be between 1 and 86400",
        ),
        ({"queue": {"message_timeout": "60"}}, "queue.message_timeout must be an integer"),
        (
            {"queue": {"message_expiration": 2592001}},
            "queue.message_expiration must be between 1 and 2592000",
        ),
        ({"queue": {"type": "fifo"}}, "queue.type must be one of"),
        ({"queue": []}, "queue must be an object"),
        ({"queue": {"dead_letter": {"queue_name": ""}}}, "dead_letter.queue_name"),
        ({"queue": {"dead_letter": {}}}, "dead_letter.queue_name"),
        (
            {"queue": {"dead_letter": {"queue_name": "d", "max_reservations": 0}}},
            "queue.dead_letter.max_reservations must be between 1 and 1000",
        ),
        (
            {"queue": {"dead_letter": {"queue_name": "d", "max_reservations": 1001}}},
            "queue.dead_letter.max_reservations must be between 1 and 1000",
        ),
        ({"queue": {"type": "multicast"}}, "needs at least one subscriber"),
        ({"queue": {"push": {"subscribers": []}}}, "needs at least one subscriber"),
        (
            {"queue": {"push": {"subscribers": [{"name": "s"}]}}},
            "queue.push.subscribers[0].url is required",
        ),
        (
            {"queue": {"push": {"subscribers": [{"url": "http://x"}]}}},
            "queue.push.subscribers[0].name is required",
        ),
        (
            {"queue": {"push": {"subscribers": [{"name": "s", "url": "ftp://x"}]}}},
            "queue.push.subscribers[0].url must start with",
        ),
        (
            {
                "queue": {
                    "push": {"subscribers": [{"name": "s", "url": "http://x"}], "retries": 101}
                }
            },
            "queue.push.retries must be between 0 and 100",
        ),
        (
            {
                "queue": {
                    "push": {"subscribers": [{"name": "s", "url": "http://x"}], "retries_delay": 2}
                }
            },
            "queue.push.retries_delay must be between 3 and 86400",
        ),
        (
            {
                "queue": {
                    "type": "pull",
                    "push": {"subscribers": [{"name": "s", "url": "http://x"}]},
                }
            },
            "push can only be set on push queues",
        ),
        (
            {
                "queue": {
                    "push": {"subscribers": [{"name": "s", "url": "http://x"}]},
                    "dead_letter": {"queue_name": "d"},
                }
            },
            "dead_letter cannot be set on push queues",
        ),
    ],
)
def test_invalid_queue_settings_are_400_and_create_nothing(
    api: httpx.Client, body: dict[str, object], fragment: str
) -> None:
    r = api.put("/queues/q", json=body)
    assert r.status_code == 400, r.text
    assert fragment in r.json()["msg"]
    assert api.get("/queues/q").status_code == 404


def test_queue_type_cannot_change(api: httpx.Client) -> None:
    api.put("/queues/q", json={})
    r = api.put("/queues/q", json={"queue": {"type": "multicast"}})
    assert r.status_code == 403
    assert r.json() == {"msg": "Queue type cannot be changed"}
    r = api.patch("/queues/q", json={"queue": {"type": "unicast"}})
    assert r.status_code == 403
    # push without type means multicast: also a type change for a pull queue
    r = api.patch(
        "/queues/q", json={"queue": {"push": {"subscribers": [{"name": "s", "url": "http://x"}]}}}
    )
    assert r.status_code == 403
    # sending the current type is fine
    assert api.patch("/queues/q", json={"queue": {"type": "pull"}}).status_code == 200


def test_push_without_type_creates_multicast_queue(api: httpx.Client) -> None:
    subs = [{"name": "s1", "url": "http://example.com/a", "headers": {"X-A": "1"}}]
    r = api.put("/queues/p", json={"queue": {"push": {"subscribers": subs, "error_queue": "errs"}}})
    assert r.status_code == 200
    q = r.json()["queue"]
    assert q["type"] == "multicast"
    assert q["push"]["subscribers"] == subs
    assert q["push"]["retries"] == 3
    assert q["push"]["retries_delay"] == 60
    assert q["push"]["error_queue"] == "errs"
    # updating retries alone keeps subscribers; "" disables the error queue
    r = api.patch("/queues/p", json={"queue": {"push": {"retries": 5, "error_queue": ""}}})
    q = r.json()["queue"]
    assert q["push"]["retries"] == 5
    assert q["push"]["subscribers"] == subs
    assert "error_queue" not in q["push"]
    assert api.patch("/queues/p", json={"queue": {"type": "multicast"}}).status_code == 200
    assert api.patch("/queues/p", json={"queue": {"type": "unicast"}}).status_code == 403


def test_subscribers_add_replace_remove_on_push_queue(api: httpx.Client) -> None:
    subs = [{"name": "a", "url": "http://a"}, {"name": "b", "url": "http://b"}]
    api.put("/queues/p", json={"queue": {"type": "unicast", "push": {"subscribers": subs}}})

    def names() -> dict[str, str]:
        q = api.get("/queues/p").json()["queue"]
        return {s["name"]: s["url"] for s in q["push"]["subscribers"]}

    r = api.post(
        "/queues/p/subscribers",
        json={"subscribers": [{"name": "b", "url": "http://b2"}, {"name": "c", "url": "http://c"}]},
    )
    assert r.status_code == 200
    assert r.json() == {"msg": "Updated"}
    assert names() == {"a": "http://a", "b": "http://b2", "c": "http://c"}
    r = api.request("DELETE", "/queues/p/subscribers", json={"subscribers": [{"name": "a"}]})
    assert r.status_code == 200
    assert r.json() == {"msg": "Updated"}
    assert names() == {"b": "http://b2", "c": "http://c"}
    r = api.put(
        "/queues/p/subscribers", json={"subscribers": [{"name": "only", "url": "http://o"}]}
    )
    assert r.status_code == 200
    assert names() == {"only": "http://o"}
    # a push queue keeps at least one subscriber
    r = api.request("DELETE", "/queues/p/subscribers", json={"subscribers": [{"name": "only"}]})
    assert r.status_code == 400
    assert names() == {"only": "http://o"}


def test_subscribers_on_pull_queue_are_400(api: httpx.Client) -> None:
    api.put("/queues/q", json={})
    r = api.post("/queues/q/subscribers", json={"subscribers": [{"name": "a", "url": "http://a"}]})
    assert r.status_code == 400
    assert "push queues" in r.json()["msg"]
    r = api.post("/queues/q/subscribers", json={"subscribers": []})
    assert r.status_code == 400
    assert "subscribers" in r.json()["msg"]


def test_dead_letter_configure_update_and_remove(api: httpx.Client) -> None:
    r = api.put("/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq"}}})
    assert r.status_code == 200
    assert r.json()["queue"]["dead_letter"] == {"queue_name": "dlq", "max_reservations": 10}
    # the dead-letter queue is created as a default pull queue
    dlq = api.get("/queues/dlq").json()["queue"]
    assert dlq["type"] == "pull"
    assert dlq["size"] == 0
    r = api.patch("/queues/q", json={"queue": {"dead_letter": {"max_reservations": 3}}})
    assert r.json()["queue"]["dead_letter"] == {"queue_name": "dlq", "max_reservations": 3}
    r = api.patch("/queues/q", json={"queue": {"dead_letter": {"queue_name": ""}}})
    assert r.status_code == 200
    assert "dead_letter" not in r.json()["queue"]
    assert "dead_letter" not in api.get("/queues/q").json()["queue"]
    assert api.get("/queues/dlq").status_code == 200  # the DLQ itself stays


def test_dead_letter_cannot_point_to_itself(api: httpx.Client) -> None:
    r = api.put("/queues/q", json={"queue": {"dead_letter": {"queue_name": "q"}}})
    assert r.status_code == 400
    assert "dead_letter.queue_name" in r.json()["msg"]


def test_dead_letter_on_existing_push_queue_is_400(api: httpx.Client) -> None:
    api.put(
        "/queues/p", json={"queue": {"push": {"subscribers": [{"name": "a", "url": "http://a"}]}}}
    )
    r = api.patch("/queues/p", json={"queue": {"dead_letter": {"queue_name": "d"}}})
    assert r.status_code == 400
    assert "dead_letter" in r.json()["msg"]


def test_list_queues_alphabetical_with_paging_and_prefix(api: httpx.Client) -> None:
    for name in ["b", "a", "aaa", "aa", "abbc1", "abbc2", "abbd", "B", "aaaaaa", "aaaa", "aaaaa"]:
        api.put(f"/queues/{name}", json={})
    names = [q["name"] for q in api.get("/queues").json()["queues"]]
    assert names == sorted(names)
    assert names[0] == "B"  # byte order: upper case first
    r = api.get("/queues", params={"previous": "aa", "per_page": 4})
    assert [q["name"] for q in r.json()["queues"]] == ["aaa", "aaaa", "aaaaa", "aaaaaa"]
    # previous need not exist
    r = api.get("/queues", params={"previous": "ab", "per_page": 2})
    assert [q["name"] for q in r.json()["queues"]] == ["abbc1", "abbc2"]
    r = api.get("/queues", params={"prefix": "abbc"})
    assert [q["name"] for q in r.json()["queues"]] == ["abbc1", "abbc2"]
    r = api.get("/queues", params={"prefix": "a", "previous": "aaaaa", "per_page": 2})
    assert [q["name"] for q in r.json()["queues"]] == ["aaaaaa", "abbc1"]
    for entry in api.get("/queues").json()["queues"]:
        assert set(entry) == {"name"}


def test_list_queues_per_page_default_clamp_and_errors(api: httpx.Client) -> None:
    for i in range(105):
        post(api, f"q{i:03d}", "x")
    assert len(api.get("/queues").json()["queues"]) == 30
    r = api.get("/queues", params={"per_page": 101})
    assert r.status_code == 200
    assert len(r.json()["queues"]) == 100
    for bad in ("0", "-1"):
        r = api.get("/queues", params={"per_page": bad})
        assert r.status_code == 400
        assert "per_page" in r.json()["msg"]
    r = api.get("/queues", params={"per_page": "ten"})
    assert r.status_code == 400
    assert r.json()["msg"] == "per_page must be an integer"
    assert size(api, "q000") == 1


def test_queue_names_with_spaces_and_unicode(api: httpx.Client) -> None:
    post(api, "my queue", "x")
    post(api, "очередь", "y")
    assert size(api, "my queue") == 1
    assert api.get("/queues/my%20queue").json()["queue"]["name"] == "my queue"
    assert api.get("/queues/очередь").json()["queue"]["name"] == "очередь"
