"""Cross-cutting wire behaviour: auth, project isolation, unknown routes, bad JSON, content type."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import make_client, post

OTHER_PROJECT = "0123456789abcdef01234567"
OTHER_TOKEN = "other-token"


@pytest.fixture(scope="module")
def two_projects() -> Iterator[LocalServer]:
    """A server with a second project/token pair."""
    with LocalServer(extra_args=["--credentials", f"{OTHER_PROJECT}:{OTHER_TOKEN}"]) as server:
        yield server


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "OAuth wrong"},
        {"Authorization": "Basic bG9jYWw6ZGV2"},
        {"Authorization": "OAuth"},
    ],
)
def test_missing_or_wrong_token_is_401(ironmq: LocalServer, headers: dict[str, str]) -> None:
    r = httpx.get(f"{ironmq.api_url}/queues", headers=headers)
    assert r.status_code == 401
    assert r.json() == {"msg": "Invalid project/token combination"}
    assert r.headers["content-type"] == "application/json"


def test_unknown_project_is_401(ironmq: LocalServer) -> None:
    r = httpx.get(
        f"{ironmq.base_url}/3/projects/{OTHER_PROJECT}/queues", headers=ironmq.auth_headers
    )
    assert r.status_code == 401
    assert r.json() == {"msg": "Invalid project/token combination"}


def test_401_comes_before_validation_and_stores_nothing(
    ironmq: LocalServer, api: httpx.Client
) -> None:
    r = httpx.post(
        f"{ironmq.api_url}/queues/q/messages",
        json={"messages": [{"body": "x"}]},
        headers={"Authorization": "OAuth nope"},
    )
    assert r.status_code == 401
    assert api.get("/queues/q").status_code == 404


def test_oauth_query_parameter(ironmq: LocalServer) -> None:
    r = httpx.get(f"{ironmq.api_url}/queues", params={"oauth": ironmq.token})
    assert r.status_code == 200
    r = httpx.get(f"{ironmq.api_url}/queues", params={"oauth": "bad"})
    assert r.status_code == 401


def test_authorization_header_decides_over_query(ironmq: LocalServer) -> None:
    url = f"{ironmq.api_url}/queues"
    r = httpx.get(url, params={"oauth": "bad"}, headers=ironmq.auth_headers)
    assert r.status_code == 200
    r = httpx.get(url, params={"oauth": ironmq.token}, headers={"Authorization": "OAuth bad"})
    assert r.status_code == 401
    r = httpx.get(url, params={"oauth": ironmq.token}, headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 401


def test_projects_are_isolated(two_projects: LocalServer) -> None:
    with (
        make_client(two_projects) as one,
        make_client(two_projects, project_id=OTHER_PROJECT, token=OTHER_TOKEN) as two,
    ):
        (mid,) = post(one, "shared-name", "from one")
        assert two.get("/queues").json()["queues"] == []
        assert two.get("/queues/shared-name").status_code == 404
        assert two.get(f"/queues/shared-name/messages/{mid}").status_code == 404
        post(two, "shared-name", "from two")
        assert one.get("/queues/shared-name").json()["queue"]["size"] == 1
        assert two.get("/queues/shared-name").json()["queue"]["project_id"] == OTHER_PROJECT
        got = two.post("/queues/shared-name/reservations", json={"n": 10}).json()["messages"]
        assert [m["body"] for m in got] == ["from two"]
        # a token is only valid for its own project
        with make_client(two_projects, project_id=OTHER_PROJECT) as mixed:
            assert mixed.get("/queues").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/foo"),
        ("GET", "/2/projects/5c9f1e0a1b2c3d4e5f607182/queues"),
        ("GET", "/1/projects/5c9f1e0a1b2c3d4e5f607182/nothing"),
        ("GET", "/3/projects"),
        ("GET", "/3/projects/5c9f1e0a1b2c3d4e5f607182/nothing"),
        ("POST", "/3/projects/5c9f1e0a1b2c3d4e5f607182/queues/q/messages/1/unknown"),
    ],
)
def test_unknown_routes_are_json_404(ironmq: LocalServer, method: str, path: str) -> None:
    r = httpx.request(method, ironmq.base_url + path, headers=ironmq.auth_headers)
    assert r.status_code == 404
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"msg": "Not found"}


def test_wrong_method_is_json_405(ironmq: LocalServer) -> None:
    r = httpx.request("PATCH", f"{ironmq.api_url}/queues", headers=ironmq.auth_headers)
    assert r.status_code == 405
    assert r.headers["content-type"] == "application/json"
    assert r.json() == {"msg": "Method not allowed"}
    assert "GET" in r.headers["allow"]


def test_control_api_absent_without_flag() -> None:
    # start without --control by hand: the control routes must not exist
    proc = subprocess.Popen(
        [sys.executable, "-m", "ironmq_local", "--db", ":memory:", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        url = proc.stdout.readline().split(" on ")[1].strip()
        r = httpx.post(url + "/_local/reset")
        assert r.status_code == 404
        assert r.json() == {"msg": "Not found"}
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("PUT", "/queues/q"),
        ("PATCH", "/queues/q"),
        ("POST", "/queues/q/messages"),
        ("POST", "/queues/q/reservations"),
        ("DELETE", "/queues/q/messages"),
        ("DELETE", "/queues/q/messages/{id}"),
        ("POST", "/queues/q/messages/{id}/touch"),
        ("POST", "/queues/q/messages/{id}/release"),
    ],
)
@pytest.mark.parametrize("content", [b"{bad json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_malformed_json_is_400(api: httpx.Client, method: str, path: str, content: bytes) -> None:
    (mid,) = post(api, "q", "keep")
    r = api.request(method, path.format(id=mid), content=content)
    assert r.status_code == 400
    msg = r.json()["msg"]
    assert msg.startswith("Invalid JSON") or msg == "Request body must be a JSON object"
    assert api.get("/queues/q").json()["queue"]["size"] == 1


def test_trailing_slash_is_tolerated(api: httpx.Client) -> None:
    post(api, "q", "a")
    assert api.get("/queues/q/").status_code == 200
    assert api.get("/queues/").status_code == 200


def test_request_content_type_is_not_required(ironmq: LocalServer) -> None:
    r = httpx.post(
        f"{ironmq.api_url}/queues/q/messages",
        content=b'{"messages":[{"body":"x"}]}',
        headers={**ironmq.auth_headers, "Content-Type": "text/plain"},
    )
    assert r.status_code == 201


def test_every_status_carries_json_content_type(api: httpx.Client, ironmq: LocalServer) -> None:
    """One request per status the server produces; the `api` hook also checks each one."""
    (mid,) = post(api, "q", "a")
    (m,) = api.post("/queues/q/reservations", json={}).json()["messages"]
    responses = [
        api.get("/queues/q"),  # 200
        api.post("/queues/q/messages", json={"messages": [{"body": "b"}]}),  # 201
        api.post("/queues/q/reservations", json={"n": 0}),  # 400
        httpx.get(f"{ironmq.api_url}/queues"),  # 401
        api.request(
            "DELETE", f"/queues/q/messages/{mid}", json={"reservation_id": "0" * 32}
        ),  # 403
        api.get("/queues/none"),  # 404
        api.request("PATCH", "/queues"),  # 405
        api.post("/queues/q/webhook", content=b"x" * 70000),  # 413
    ]
    assert [r.status_code for r in responses] == [200, 201, 400, 401, 403, 404, 405, 413]
    for r in responses:
        assert r.headers["content-type"] == "application/json"
        assert isinstance(r.json(), dict)
    assert m["id"] == mid


@pytest.mark.parametrize(
    ("path", "method", "allowed"),
    [
        ("/queues/q", "POST", {"GET", "HEAD", "PUT", "PATCH", "DELETE"}),
        ("/queues", "DELETE", {"GET", "HEAD"}),
        ("/queues/q/messages", "PUT", {"GET", "HEAD", "POST", "DELETE"}),
        ("/queues/q/subscribers", "GET", {"POST", "PUT", "DELETE"}),
        ("/queues/q/alerts", "GET", {"POST", "PUT", "DELETE"}),
        ("/queues/q/alerts/a", "GET", {"DELETE"}),
        ("/queues/q/messages/1", "POST", {"GET", "HEAD", "DELETE"}),
        ("/queues/q/webhook", "GET", {"POST"}),
    ],
)
def test_405_allow_lists_every_method_of_the_path(
    api: httpx.Client, path: str, method: str, allowed: set[str]
) -> None:
    r = api.request(method, path)
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} == allowed
    assert r.json() == {"msg": "Method not allowed"}
