"""Message endpoints: post, webhook, reserve, peek, get, delete, batch delete, clear, touch,
release."""

from __future__ import annotations

import re

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import post, reserve, size

ID = re.compile(r"\d{19}")
RID = re.compile(r"[0-9a-f]{32}")


def test_post_returns_201_ids_in_order_and_autocreates(api: httpx.Client) -> None:
    r = api.post("/queues/q/messages", json={"messages": [{"body": "a"}, {"body": "b"}]})
    assert r.status_code == 201
    body = r.json()
    assert body["msg"] == "Messages put on queue."
    ids = body["ids"]
    assert len(ids) == 2
    assert all(ID.fullmatch(i) for i in ids)
    assert int(ids[0]) < int(ids[1])
    assert api.get("/queues/q").json()["queue"]["type"] == "pull"
    more = post(api, "q", "c")
    assert int(more[0]) > int(ids[1])  # ids keep increasing


def test_post_ignores_obsolete_fields(api: httpx.Client) -> None:
    msg = {"body": "a", "timeout": 300, "expires_in": 10, "reserved_count": 0, "delay": 0}
    r = api.post("/queues/q/messages", json={"messages": [msg]})
    assert r.status_code == 201


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "messages is required"),
        ({"messages": []}, "messages must contain between 1 and 100 messages"),
        ({"messages": [{"body": "x"}] * 101}, "messages must contain between 1 and 100 messages"),
        ({"messages": "x"}, "messages must be an array"),
        ({"messages": ["x"]}, "messages[0] must be an object"),
        ({"messages": [{"delay": 1}]}, "messages[0].body is required"),
        ({"messages": [{"body": 5}]}, "messages[0].body must be a string"),
        (
            {"messages": [{"body": "x"}, {"body": "y", "delay": -1}]},
            "messages[1].delay must be between 0 and 604800",
        ),
        (
            {"messages": [{"body": "x", "delay": 604801}]},
            "messages[0].delay must be between 0 and 604800",
        ),
        ({"messages": [{"body": "x", "delay": "5"}]}, "messages[0].delay must be an integer"),
        (
            {"messages": [{"body": "x", "push_headers": {"": "v"}}]},
            "push header names must not be empty",
        ),
        ({"messages": [{"body": "x", "push_headers": {"H" * 65: "v"}}]}, "at most 64 bytes"),
        ({"messages": [{"body": "x", "push_headers": {"Content-Type": "v"}}]}, "reserved"),
        ({"messages": [{"body": "x", "push_headers": {"iron-message-id": "v"}}]}, "reserved"),
        ({"messages": [{"body": "x", "push_headers": {"X-A": ""}}]}, "must not be empty"),
        ({"messages": [{"body": "x", "push_headers": {"X-A": "v" * 1025}}]}, "at most 1024 bytes"),
        ({"messages": [{"body": "x", "push_headers": {"X-A": 1}}]}, "must be a string"),
        ({"messages": [{"body": "x", "push_headers": {"X A": "v"}}]}, "letters, digits"),
        ({"messages": [{"body": "x", "push_headers": {"Ünï": "v"}}]}, "letters, digits"),
        ({"messages": [{"body": "x", "push_headers": {"X-A": "a\r\nB: c"}}]}, "one line"),
        (
            {"messages": [{"body": "x", "push_headers": {f"X-{i}": "v" for i in range(6)}}]},
            "at most 5 headers",
        ),
    ],
)
def test_invalid_posts_are_400_and_store_nothing(
    api: httpx.Client, body: dict[str, object], fragment: str
) -> None:
    r = api.post("/queues/q/messages", json=body)
    assert r.status_code == 400, r.text
    assert fragment in r.json()["msg"]
    assert api.get("/queues/q").status_code == 404


def test_valid_push_headers_are_accepted(api: httpx.Client) -> None:
    headers = {f"X-{i}": "v" * 1024 for i in range(5)}
    r = api.post("/queues/q/messages", json={"messages": [{"body": "x", "push_headers": headers}]})
    assert r.status_code == 201


def test_oversize_message_is_413_and_whole_batch_rejected(api: httpx.Client) -> None:
    post(api, "q", "first")
    ok = "x" * 65536
    r = api.post("/queues/q/messages", json={"messages": [{"body": ok}, {"body": ok + "y"}]})
    assert r.status_code == 413
    assert "messages[1].body" in r.json()["msg"]
    assert "65536" in r.json()["msg"]
    assert size(api, "q") == 1
    assert api.post("/queues/q/messages", json={"messages": [{"body": ok}]}).status_code == 201
    # the limit is in UTF-8 bytes, not characters
    r = api.post("/queues/q/messages", json={"messages": [{"body": "é" * 32769}]})
    assert r.status_code == 413


def test_oversize_request_is_413(api: httpx.Client) -> None:
    limit = 100 * 65536 + 65536
    r = api.post("/queues/q/messages", content=b" " * (limit + 1))
    assert r.status_code == 413
    assert "Request body" in r.json()["msg"]
    assert api.get("/queues/q").status_code == 404


def test_full_batch_of_maximum_messages_fits(api: httpx.Client) -> None:
    messages = [{"body": "x" * 65536} for _ in range(100)]
    assert api.post("/queues/q/messages", json={"messages": messages}).status_code == 201
    assert size(api, "q") == 100


def test_webhook_posts_raw_body_with_push_headers(api: httpx.Client, ironmq: LocalServer) -> None:
    headers = {
        "Content-Type": "text/plain",
        "X-Subscribers-Foo": "bar",
        "X-Subscribers-Content-Type": "dropped",  # reserved name: silently dropped
    }
    r = api.post("/queues/hook/webhook", content=b"raw <payload> & stuff", headers=headers)
    assert r.status_code == 201
    body = r.json()
    assert body["msg"] == "Messages put on queue."
    assert len(body["ids"]) == 1
    msg = api.get(f"/queues/hook/messages/{body['ids'][0]}").json()["message"]
    assert msg["body"] == "raw <payload> & stuff"


def test_webhook_accepts_oauth_query_and_enforces_size(ironmq: LocalServer) -> None:
    url = f"{ironmq.api_url}/queues/hook/webhook"
    r = httpx.post(url, params={"oauth": ironmq.token}, content=b'{"any": "json"}')
    assert r.status_code == 201
    assert r.headers["content-type"] == "application/json"
    r = httpx.post(url, params={"oauth": ironmq.token}, content=b"x" * 65537)
    assert r.status_code == 413
    assert r.json()["msg"]


def test_reserve_fifo_with_reservation_ids(api: httpx.Client) -> None:
    ids = post(api, "q", "a", "b", "c")
    got = reserve(api, "q", n=2)
    assert [m["id"] for m in got] == ids[:2]
    assert [m["body"] for m in got] == ["a", "b"]
    for m in got:
        assert m["reserved_count"] == 1
        assert RID.fullmatch(str(m["reservation_id"]))
    assert got[0]["reservation_id"] != got[1]["reservation_id"]
    assert [m["id"] for m in reserve(api, "q", n=5)] == ids[2:]
    assert reserve(api, "q") == []
    assert size(api, "q") == 3  # size counts reserved messages


def test_reserve_defaults_to_one(api: httpx.Client) -> None:
    post(api, "q", "a", "b")
    r = api.post("/queues/q/reservations", content=b"")
    assert r.status_code == 200
    assert len(r.json()["messages"]) == 1


@pytest.mark.parametrize(
    ("body", "msg"),
    [
        ({"n": 0}, "n must be between 1 and 100"),
        ({"n": 101}, "n must be between 1 and 100"),
        ({"n": "1"}, "n must be an integer"),
        ({"n": 1.5}, "n must be an integer"),
        ({"timeout": -1}, "timeout must be between 0 and 86400"),
        ({"timeout": 86401}, "timeout must be between 0 and 86400"),
        ({"wait": 31}, "wait must be between 0 and 30"),
        ({"delete": "yes"}, "delete must be a boolean"),
    ],
)
def test_reserve_limits(api: httpx.Client, body: dict[str, object], msg: str) -> None:
    post(api, "q", "a")
    r = api.post("/queues/q/reservations", json=body)
    assert r.status_code == 400
    assert r.json() == {"msg": msg}
    assert len(reserve(api, "q")) == 1  # nothing was reserved by the refused request


def test_reserve_with_delete_removes_messages(api: httpx.Client) -> None:
    post(api, "q", "a", "b")
    got = reserve(api, "q", n=1, delete=True)
    assert got[0]["body"] == "a"
    assert got[0]["reserved_count"] == 1
    assert RID.fullmatch(str(got[0]["reservation_id"]))
    assert size(api, "q") == 1
    assert api.get(f"/queues/q/messages/{got[0]['id']}").status_code == 404


def test_peek_excludes_reserved_and_does_not_reserve(api: httpx.Client) -> None:
    ids = post(api, "q", "a", "b", "c")
    reserve(api, "q")
    r = api.get("/queues/q/messages", params={"n": 3})
    assert r.status_code == 200
    peeked = r.json()["messages"]
    assert [m["id"] for m in peeked] == ids[1:]
    assert all(m["reserved_count"] == 0 and "reservation_id" not in m for m in peeked)
    assert len(api.get("/queues/q/messages").json()["messages"]) == 1  # n defaults to 1
    assert len(reserve(api, "q", n=3)) == 2


@pytest.mark.parametrize("n", ["0", "101", "x"])
def test_peek_limits(api: httpx.Client, n: str) -> None:
    post(api, "q", "a")
    r = api.get("/queues/q/messages", params={"n": n})
    assert r.status_code == 400
    assert r.json()["msg"].startswith("n must be")


def test_get_message_by_id(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "hello")
    r = api.get(f"/queues/q/messages/{mid}")
    assert r.status_code == 200
    assert r.json() == {"message": {"id": mid, "body": "hello", "reserved_count": 0}}
    reserve(api, "q")
    msg = api.get(f"/queues/q/messages/{mid}").json()["message"]
    assert msg["reserved_count"] == 1
    assert "reservation_id" not in msg


@pytest.mark.parametrize("mid", ["1", "99999999999999999999", "abc", "1882973138961039360"])
def test_get_unknown_message_is_404(api: httpx.Client, mid: str) -> None:
    post(api, "q", "a")
    r = api.get(f"/queues/q/messages/{mid}")
    assert r.status_code == 404
    assert r.json() == {"msg": "Message not found"}


def test_message_of_another_queue_is_404(api: httpx.Client) -> None:
    (mid,) = post(api, "q1", "a")
    post(api, "q2", "b")
    assert api.get(f"/queues/q2/messages/{mid}").status_code == 404
    assert api.delete(f"/queues/q2/messages/{mid}").status_code == 404


def test_delete_unreserved_message_without_reservation(api: httpx.Client) -> None:
    a, b = post(api, "q", "a", "b")
    r = api.delete(f"/queues/q/messages/{a}")
    assert r.status_code == 200
    assert r.json() == {"msg": "Deleted"}
    # "" counts as absent (the Go client sends it)
    r = api.request("DELETE", f"/queues/q/messages/{b}", json={"reservation_id": ""})
    assert r.status_code == 200
    assert size(api, "q") == 0
    assert api.delete(f"/queues/q/messages/{a}").status_code == 404


def test_delete_reserved_message_needs_its_reservation(api: httpx.Client) -> None:
    post(api, "q", "a")
    (m,) = reserve(api, "q")
    url = f"/queues/q/messages/{m['id']}"
    r = api.delete(url)
    assert r.status_code == 400
    assert r.json() == {"msg": "A reservation_id is required"}
    r = api.request("DELETE", url, json={"reservation_id": "0" * 32})
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}
    r = api.request("DELETE", url, json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 200
    assert r.json() == {"msg": "Deleted"}
    assert size(api, "q") == 0


def test_delete_reservation_id_in_query_string(api: httpx.Client) -> None:
    post(api, "q", "a")
    (m,) = reserve(api, "q")
    rid = str(m["reservation_id"])
    r = api.delete(f"/queues/q/messages/{m['id']}", params={"reservation_id": rid})
    assert r.status_code == 200


def test_delete_with_reservation_id_on_unreserved_message_is_403(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "a")
    r = api.request("DELETE", f"/queues/q/messages/{mid}", json={"reservation_id": "f" * 32})
    assert r.status_code == 403
    assert size(api, "q") == 1


def test_delete_message_type_errors(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "a")
    r = api.request("DELETE", f"/queues/q/messages/{mid}", json={"reservation_id": 5})
    assert r.status_code == 400
    assert r.json() == {"msg": "reservation_id must be a string"}


def test_batch_delete(api: httpx.Client) -> None:
    a, b, c = post(api, "q", "a", "b", "c")
    (m,) = reserve(api, "q")
    assert m["id"] == a
    r = api.request(
        "DELETE",
        "/queues/q/messages",
        json={"ids": [{"id": a, "reservation_id": m["reservation_id"]}, {"id": b}]},
    )
    assert r.status_code == 200
    assert r.json() == {"msg": "Deleted"}
    assert [x["id"] for x in api.get("/queues/q/messages", params={"n": 5}).json()["messages"]] == [
        c
    ]


def test_batch_delete_accepts_numeric_and_bare_ids(api: httpx.Client) -> None:
    a, b = post(api, "q", "a", "b")
    r = api.request("DELETE", "/queues/q/messages", json={"ids": [{"id": int(a)}, b]})
    assert r.status_code == 200
    assert size(api, "q") == 0


@pytest.mark.parametrize(
    ("entry", "status", "fragment"),
    [
        ("missing", 404, "Message not found: "),
        ("reserved-without", 400, "A reservation_id is required for message "),
        ("reserved-wrong", 403, "Reservation timed out for message "),
    ],
)
def test_batch_delete_is_all_or_nothing(
    api: httpx.Client, entry: str, status: int, fragment: str
) -> None:
    a, b = post(api, "q", "a", "b")
    (m,) = reserve(api, "q")
    ids: list[dict[str, str]] = [{"id": b}]
    if entry == "missing":
        ids.append({"id": "1000000000000000001"})
        named = "1000000000000000001"
    elif entry == "reserved-without":
        ids.append({"id": a})
        named = a
    else:
        ids.append({"id": a, "reservation_id": "0" * 32})
        named = a
    r = api.request("DELETE", "/queues/q/messages", json={"ids": ids})
    assert r.status_code == status
    assert fragment in r.json()["msg"]
    assert named in r.json()["msg"]
    assert size(api, "q") == 2  # b was not deleted either
    assert m["id"] == a


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"ids": []}, "ids must contain between 1 and 100 entries"),
        ({"ids": [{"id": "1"}] * 101}, "ids must contain between 1 and 100 entries"),
        ({"ids": "1"}, "ids must be an array"),
        ({"ids": [{}]}, "ids[0].id is required"),
        ({"ids": [{"id": "12a"}]}, "ids[0].id must be a string of digits"),
        ({"ids": [{"id": True}]}, "ids[0].id must be a string of digits"),
    ],
)
def test_batch_delete_validation_never_clears(
    api: httpx.Client, body: dict[str, object], fragment: str
) -> None:
    post(api, "q", "a")
    r = api.request("DELETE", "/queues/q/messages", json=body)
    assert r.status_code == 400
    assert fragment in r.json()["msg"]
    assert size(api, "q") == 1


def test_batch_delete_repeated_id_is_400(api: httpx.Client) -> None:
    (a,) = post(api, "q", "a")
    r = api.request("DELETE", "/queues/q/messages", json={"ids": [{"id": a}, {"id": a}]})
    assert r.status_code == 400
    assert size(api, "q") == 1


@pytest.mark.parametrize("content", [b"{}", b"", b"null"])
def test_clear_with_empty_object_or_no_body(api: httpx.Client, content: bytes) -> None:
    post(api, "q", "a", "b")
    reserve(api, "q")
    r = api.request("DELETE", "/queues/q/messages", content=content)
    assert r.status_code == 200
    assert r.json() == {"msg": "Cleared"}
    assert size(api, "q") == 0
    assert api.get("/queues/q").json()["queue"]["total_messages"] == 2


def test_touch_returns_new_reservation_and_old_one_dies(api: httpx.Client) -> None:
    post(api, "q", "a")
    (m,) = reserve(api, "q")
    url = f"/queues/q/messages/{m['id']}"
    r = api.post(url + "/touch", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 200
    body = r.json()
    assert body["msg"] == "Touched"
    new = body["reservation_id"]
    assert RID.fullmatch(new)
    assert new != m["reservation_id"]
    # the old reservation id stops working, for touch and for delete
    r = api.post(url + "/touch", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}
    r = api.request("DELETE", url, json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 403
    # touch counts as a reservation
    assert api.get(url).json()["message"]["reserved_count"] == 2
    newer = api.post(url + "/touch", json={"reservation_id": new, "timeout": 120}).json()
    assert newer["reservation_id"] not in (new, m["reservation_id"])
    r = api.request("DELETE", url, json={"reservation_id": newer["reservation_id"]})
    assert r.status_code == 200


def test_touch_errors(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "a")
    url = f"/queues/q/messages/{mid}/touch"
    r = api.post(url, json={})
    assert r.status_code == 400
    assert r.json() == {"msg": "A reservation_id is required"}
    r = api.post(url, content=b"")
    assert r.status_code == 400
    r = api.post(url, json={"reservation_id": "a" * 32})
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}
    (m,) = reserve(api, "q")
    r = api.post(url, json={"reservation_id": m["reservation_id"], "timeout": 86401})
    assert r.status_code == 400
    assert r.json() == {"msg": "timeout must be between 0 and 86400"}
    r = api.post("/queues/q/messages/1000000000000000001/touch", json={"reservation_id": "x"})
    assert r.status_code == 404
    assert r.json() == {"msg": "Message not found"}


def test_release_puts_message_back_at_the_front(api: httpx.Client) -> None:
    a, _b = post(api, "q", "a", "b")
    (m,) = reserve(api, "q")
    r = api.post(f"/queues/q/messages/{a}/release", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 200
    assert r.json() == {"msg": "Released"}
    (again,) = reserve(api, "q")
    assert again["id"] == a
    assert again["reserved_count"] == 2
    assert again["reservation_id"] != m["reservation_id"]
    # the old reservation is gone
    r = api.post(f"/queues/q/messages/{a}/release", json={"reservation_id": m["reservation_id"]})
    assert r.status_code == 403


def test_release_errors(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "a")
    url = f"/queues/q/messages/{mid}/release"
    r = api.post(url, json={"reservation_id": "a" * 32})
    assert r.status_code == 403
    assert r.json() == {"msg": "Reservation timed out"}
    (m,) = reserve(api, "q")
    r = api.post(url, content=b"")
    assert r.status_code == 400
    assert r.json() == {"msg": "A reservation_id is required"}
    r = api.post(url, json={"reservation_id": m["reservation_id"], "delay": 604801})
    assert r.status_code == 400
    assert r.json() == {"msg": "delay must be between 0 and 604800"}
    r = api.post(url, json={"reservation_id": m["reservation_id"], "delay": "1"})
    assert r.status_code == 400
    assert r.json() == {"msg": "delay must be an integer"}


def test_push_statuses_of_pull_message_are_empty(api: httpx.Client) -> None:
    (mid,) = post(api, "q", "a")
    r = api.get(f"/queues/q/messages/{mid}/subscribers")
    assert r.status_code == 200
    assert r.json() == {"subscribers": []}
    assert api.get("/queues/q/messages/1000000000000000001/subscribers").status_code == 404


def test_unicode_bodies_round_trip(api: httpx.Client) -> None:
    text = 'héllo wörld ✓ 日本 \U0001f600 "quoted" \\ \n tab\t'
    (mid,) = post(api, "q", text)
    assert api.get(f"/queues/q/messages/{mid}").json()["message"]["body"] == text
    assert reserve(api, "q")[0]["body"] == text


def test_lone_surrogate_body_is_400(api: httpx.Client) -> None:
    r = api.post("/queues/q/messages", content=b'{"messages":[{"body":"\\ud800"}]}')
    assert r.status_code == 400
    assert "messages[0].body" in r.json()["msg"]


def test_push_header_with_a_lone_surrogate_is_400(api: httpx.Client) -> None:
    """A JSON escape can smuggle in text that is not Unicode: refused, never a 500."""
    raw = b'{"messages": [{"body": "x", "push_headers": {"X-A": "\\ud800"}}]}'
    r = api.post("/queues/q/messages", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert api.get("/queues/q").status_code == 404
