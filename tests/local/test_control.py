"""The /_local/ control API: reset, clock, fault injection (503, delay, dropped connections)."""

from __future__ import annotations

import time

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import post, size


def test_reset_clears_all_state(api: httpx.Client, ironmq: LocalServer) -> None:
    post(api, "q", "a")
    ironmq.freeze()
    ironmq.advance(1000)
    ironmq.inject_faults(5)
    ironmq.reset()
    assert api.get("/queues").json()["queues"] == []
    clock = httpx.get(f"{ironmq.base_url}/_local/clock").json()
    assert clock["frozen"] is False
    assert clock["offset"] == 0
    assert abs(clock["now"] - time.time()) < 5
    assert httpx.get(f"{ironmq.base_url}/_local/faults").json() == {"count": 0}


def test_freeze_and_advance(ironmq: LocalServer) -> None:
    t0 = ironmq.freeze()
    time.sleep(0.05)
    assert ironmq.now() == t0
    assert ironmq.advance(10.5) == t0 + 10.5
    running = ironmq.freeze(False)
    assert running >= t0 + 10.5
    time.sleep(0.05)
    assert ironmq.now() > running


@pytest.mark.parametrize("body", [{}, {"seconds": -1}, {"seconds": "1"}, {"seconds": True}])
def test_advance_validation(ironmq: LocalServer, body: dict[str, object]) -> None:
    r = httpx.post(f"{ironmq.base_url}/_local/clock/advance", json=body)
    assert r.status_code == 400
    assert "seconds" in r.json()["msg"]


def test_injected_503_with_retry_after_then_recovery(
    api: httpx.Client, ironmq: LocalServer
) -> None:
    ironmq.inject_faults(2, retry_after=1.5)
    for _ in range(2):
        r = api.get("/queues")
        assert r.status_code == 503
        assert r.headers["retry-after"] == "1.5"
        assert r.headers["content-type"] == "application/json"
        assert r.headers["x-ironmq-local-fault"] == "injected"
        assert "msg" in r.json()
    assert api.get("/queues").status_code == 200


def test_injected_status_does_not_reach_the_api(api: httpx.Client, ironmq: LocalServer) -> None:
    ironmq.inject_faults(1, status=500)
    r = api.post("/queues/q/messages", json={"messages": [{"body": "x"}]})
    assert r.status_code == 500
    assert "retry-after" not in r.headers
    assert api.get("/queues/q").status_code == 404  # the post was never processed


def test_control_requests_do_not_consume_faults(ironmq: LocalServer, api: httpx.Client) -> None:
    ironmq.inject_faults(1)
    ironmq.now()
    httpx.get(f"{ironmq.base_url}/_local/faults")
    assert api.get("/queues").status_code == 503
    assert api.get("/queues").status_code == 200


def test_injected_delay_then_normal_answer(api: httpx.Client, ironmq: LocalServer) -> None:
    ironmq.inject_faults(1, delay=0.5)
    started = time.monotonic()
    r = api.post("/queues/q/messages", json={"messages": [{"body": "x"}]})
    assert time.monotonic() - started >= 0.45
    assert r.status_code == 201
    assert size(api, "q") == 1


def test_injected_drop_closes_connection_without_processing(
    api: httpx.Client, ironmq: LocalServer
) -> None:
    ironmq.inject_faults(1, drop=True)
    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        httpx.post(
            f"{ironmq.api_url}/queues/q/messages",
            json={"messages": [{"body": "x"}]},
            headers=ironmq.auth_headers,
        )
    assert api.get("/queues/q").status_code == 404
    assert api.get("/queues").status_code == 200  # the server is fine afterwards


@pytest.mark.parametrize(
    "body",
    [{"count": 0}, {"status": 200}, {"status": "503"}, {"delay": -1}, {"retry_after": "x"}],
)
def test_fault_validation(ironmq: LocalServer, body: dict[str, object]) -> None:
    r = httpx.post(f"{ironmq.base_url}/_local/faults", json=body)
    assert r.status_code == 400


def test_clear_faults(ironmq: LocalServer, api: httpx.Client) -> None:
    ironmq.inject_faults(3)
    ironmq.clear_faults()
    assert api.get("/queues").status_code == 200
