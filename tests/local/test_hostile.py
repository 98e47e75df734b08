"""Hostile input never gets a 5xx nor hangs the server: deeply nested JSON, huge and lying
bodies, odd queue names, slow and stalled sockets, clients that hang up mid-body.

Every answer is checked to be below 500 and, for the API, a JSON `{"msg"}` body.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest

from ironmq_local import LocalServer

from .processes import Running, running

V3_BODY_ROUTES = [
    ("PUT", "/queues/q"),
    ("PATCH", "/queues/q"),
    ("POST", "/queues/q/messages"),
    ("DELETE", "/queues/q/messages"),
    ("POST", "/queues/q/reservations"),
    ("POST", "/queues/q/subscribers"),
    ("PUT", "/queues/q/alerts"),
    ("DELETE", "/queues/q/alerts"),
    ("DELETE", "/queues/q/messages/1"),
    ("POST", "/queues/q/messages/1/touch"),
    ("POST", "/queues/q/messages/1/release"),
]
V2_BODY_ROUTES = [
    ("POST", "/queues/q"),
    ("POST", "/queues/q/messages"),
    ("DELETE", "/queues/q/messages"),
    ("POST", "/queues/q/subscribers"),
    ("DELETE", "/queues/q/subscribers"),
    ("POST", "/queues/q/alerts"),
    ("PUT", "/queues/q/alerts"),
    ("DELETE", "/queues/q/alerts"),
    ("POST", "/queues/q/messages/1/touch"),
    ("POST", "/queues/q/messages/1/release"),
]
CONTROL_BODY_ROUTES = [("POST", "/_local/clock"), ("POST", "/_local/faults")]


def deep(levels: int, opener: str = "[") -> bytes:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return (opener * levels + "1" + closer * levels).encode()


@pytest.fixture
def http(ironmq: LocalServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=ironmq.base_url, headers=ironmq.auth_headers, timeout=60) as c:
        yield c


def assert_clean_4xx(response: httpx.Response) -> None:
    assert 400 <= response.status_code < 500, (response.request.url, response.text[:200])
    assert isinstance(response.json()["msg"], str)


@pytest.mark.parametrize("levels", [1_000, 100_000])
@pytest.mark.parametrize("opener", ["[", '{"a":'])
def test_deeply_nested_json_is_400_on_every_json_endpoint(
    http: httpx.Client, ironmq: LocalServer, levels: int, opener: str
) -> None:
    body = deep(levels, opener)
    api, api2 = f"/3/projects/{ironmq.project_id}", f"/1/projects/{ironmq.project_id}"
    routes = [(m, api + p) for m, p in V3_BODY_ROUTES] + [(m, api2 + p) for m, p in V2_BODY_ROUTES]
    for method, path in routes + CONTROL_BODY_ROUTES:
        answer = http.request(method, path, content=body)
        assert answer.status_code == 400, (method, path, answer.text[:200])
        assert answer.json()["msg"] == "Invalid JSON: nested too deeply"


def test_deep_values_inside_valid_json_are_refused(http: httpx.Client, ironmq: LocalServer) -> None:
    """Nesting the parser accepts, where a string or number belongs, is a 4xx too."""
    inner = json.loads(deep(500))
    api = f"/3/projects/{ironmq.project_id}/queues/q"
    for path, body in [
        ("/messages", {"messages": [{"body": "x", "push_headers": inner}]}),
        ("/messages", {"messages": [{"body": inner}]}),
        ("", {"queue": {"message_timeout": inner}}),
        ("/subscribers", {"subscribers": [{"name": "s", "url": "http://x", "headers": inner}]}),
    ]:
        assert_clean_4xx(http.post(api + path, json=body))


def test_huge_and_lying_bodies(http: httpx.Client, ironmq: LocalServer) -> None:
    api = f"/3/projects/{ironmq.project_id}/queues/q/messages"
    # more than the request limit, announced
    huge = b'{"messages":[' + b'{"body":"' + b"x" * 8_000_000 + b'"}]}'
    assert http.post(api, content=huge).status_code == 413
    # ... and streamed without a length
    chunks = (huge[i : i + 65536] for i in range(0, len(huge), 65536))
    assert http.post(api, content=chunks).status_code == 413
    # a length far beyond what is sent: answered at once, without waiting for the rest
    head = f"POST {api} HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth {ironmq.token}\r\n"
    sock = stalled(ironmq.base_url, head.encode() + b"Content-Length: 999999999999\r\n\r\n{}")
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += sock.recv(65536)
    sock.close()
    assert answer.startswith(b"HTTP/1.1 413 ")
    # not UTF-8, numbers too large for any field, NaN
    for body in [b"\xff\xfe{}", b'{"messages":[{"body":"x","delay":1e999999}]}']:
        assert_clean_4xx(http.post(api, content=body))
    big = b'{"messages":[{"body":"x","delay":' + b"9" * 5000 + b"}]}"
    assert_clean_4xx(http.post(api, content=big))
    assert_clean_4xx(http.post(api, content=b'{"messages":[{"body":"x","delay":NaN}]}'))
    # the server still serves
    assert http.post(api, json={"messages": [{"body": "ok"}]}).status_code == 201


ODD_NAMES = [
    "with space",
    "slash/inside",
    "..",
    ".",
    "%00nul",
    "tab\there",
    "emoji-😀",
    "ümlaut",
    "x" * 10_000,
    "semi;colon?query=1#frag",
    "back\\slash",
    "\u202eright-to-left",
]


@pytest.mark.parametrize("version", [3, 1])
def test_odd_queue_names_never_get_a_5xx(
    http: httpx.Client, ironmq: LocalServer, version: int
) -> None:
    base = f"/{version}/projects/{ironmq.project_id}/queues/"
    create = "PUT" if version == 3 else "POST"  # v2 updates (and creates) with POST
    for name in ODD_NAMES:
        url = base + quote(name, safe="")
        for method, suffix, body in [
            (create, "", {}),
            ("POST", "/messages", {"messages": [{"body": "x"}]}),
            ("GET", "/messages", None),
            ("GET", "", None),
            ("DELETE", "", None),
        ]:
            path = url + suffix
            answer = http.request(method, path, json=body)
            assert answer.status_code < 500, (name[:40], method, answer.text[:200])
            # JSON, as IronMQ answers ("." or ".." may resolve to v2's listing: an array)
            assert isinstance(answer.json(), dict | list)


def test_odd_query_values_never_get_a_5xx(http: httpx.Client, ironmq: LocalServer) -> None:
    base = f"/3/projects/{ironmq.project_id}/queues"
    for query in [
        "per_page=99999999999999999999999",
        "per_page=-1",
        "per_page=%00",
        "previous=" + "z" * 10_000,
        "prefix=%FF%FE",
        "oauth=",
    ]:
        assert http.get(f"{base}?{query}").status_code < 500
    for query in ["n=1e3", "n=-5", "wait=999999", "n=" + "9" * 5000]:
        assert_clean_4xx(http.get(f"{base}/q/messages?{query}"))
    # v2 reads its get's parameters (and the listing's pages) from the query
    base2 = f"/1/projects/{ironmq.project_id}/queues"
    for query in ["page=99999999999999999999999", "per_page=%00", "page=-1"]:
        assert_clean_4xx(http.get(f"{base2}?{query}"))
    for query in ["n=1e3", "timeout=" + "9" * 5000, "wait=-1", "delete=%FF", "timeout=29"]:
        assert_clean_4xx(http.get(f"{base2}/q/messages?{query}"))


# slow and stalled sockets -----------------------------------------------------------------


def stalled(url: str, opening: bytes) -> socket.socket:
    """A connection that sends `opening` and then nothing more."""
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=60)
    if opening:
        sock.sendall(opening)
    return sock


def read_to_end(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except ConnectionResetError:
        pass
    sock.close()
    return data


@pytest.fixture(scope="module")
def guarded() -> Iterator[Running]:
    """A server that gives a request 1 s to arrive and keeps at most 40 connections."""
    args = ("--db", ":memory:", "--request-timeout", "1", "--max-connections", "40")
    with running(*args) as server:
        yield server


def test_stalled_connections_do_not_lock_out_normal_clients(guarded: Running) -> None:
    api = f"{guarded.url}/3/projects/5c9f1e0a1b2c3d4e5f607182/queues/q/messages"
    post = (
        b"POST /3/projects/5c9f1e0a1b2c3d4e5f607182/queues/q/messages HTTP/1.1\r\n"
        b"Host: x\r\nAuthorization: OAuth local-dev-token\r\n"
    )
    openings = [b"", b"GE", post, post + b"Content-Length: 100\r\n\r\n" + b'{"messages"']
    socks = [stalled(guarded.url, openings[i % len(openings)]) for i in range(120)]
    auth = {"Authorization": "OAuth local-dev-token"}
    # three times the cap of stalled sockets are open (or were evicted): clients get through
    for i in range(30):
        with httpx.Client(timeout=60) as client:  # a new connection each time
            answer = client.post(api, json={"messages": [{"body": f"m{i}"}]}, headers=auth)
            assert answer.status_code == 201
    # every stalled socket is answered 408 (timed out or evicted) and closed: none hangs
    answers = [read_to_end(s) for s in socks]
    assert all(a.startswith(b"HTTP/1.1 408 ") for a in answers), {a[:20] for a in answers}
    assert "Traceback" not in "".join(guarded.log)


def test_a_client_hanging_up_mid_body_is_one_log_line(guarded: Running) -> None:
    path = "/3/projects/5c9f1e0a1b2c3d4e5f607182/queues/hangup/messages"
    head = f"POST {path} HTTP/1.1\r\nHost: x\r\nAuthorization: OAuth local-dev-token\r\n"
    sock = stalled(guarded.url, head.encode() + b"Content-Length: 500\r\n\r\n" + b"{" * 50)
    sock.close()
    # the line comes once the server notices; normal requests meanwhile are served
    for _ in range(200):
        if any("/hangup/" in line for line in guarded.log):
            break
        assert httpx.get(f"{guarded.url}/health").status_code == 200
    lines = [line for line in guarded.log if "/hangup/" in line]
    assert len(lines) == 1, guarded.log
    assert " 499 " in lines[0]
    assert "Traceback" not in "".join(guarded.log)
