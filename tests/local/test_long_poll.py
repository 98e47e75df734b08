"""Long polling (`wait`): woken by post, release, reservation expiry, delay end, clock moves.

Tests of what wakes a waiter run on the frozen virtual clock, where a wait can never end by
itself: an answer with the message proves the waiter was woken, with no wall-clock margin.
Only the tests of real-time timers (a reservation or a delay ending by itself) run on the
system clock, and they tell a timer's wake-up from the end of a 30 s wait by a 10 s margin.
"""

from __future__ import annotations

import asyncio
import os
import time
from concurrent.futures import Future, ThreadPoolExecutor

import httpx
import pytest

from ironmq_local import LocalServer

from .conftest import make_async_client, make_client, post, reserve


@pytest.fixture
def pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=4)


def start_wait(
    pool: ThreadPoolExecutor, server: LocalServer, queue: str, **params: object
) -> Future[tuple[float, list[dict[str, object]]]]:
    """Start a long-polling reserve in a thread; the future gives (seconds taken, messages)."""

    def run() -> tuple[float, list[dict[str, object]]]:
        with make_client(server) as client:
            started = time.monotonic()
            got = reserve(client, queue, **params)
            return time.monotonic() - started, got

    future = pool.submit(run)
    time.sleep(0.3)  # let the request reach the server and start waiting
    return future


def test_wait_returns_at_once_when_messages_exist(api: httpx.Client, frozen: LocalServer) -> None:
    """On a frozen clock a 30 s wait never ends by itself: the answer is immediate."""
    post(api, "q", "a")
    assert len(reserve(api, "q", wait=30)) == 1


def test_wait_times_out_empty(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    """An empty queue's wait ends, empty, when its seconds have passed (and not before)."""
    api.put("/queues/q", json={})
    waiting = start_wait(pool, frozen, "q", wait=5)
    frozen.advance(4)
    time.sleep(0.3)  # (a wrongly ended wait would have answered by now)
    assert not waiting.done()
    frozen.advance(1)
    assert waiting.result(timeout=30)[1] == []


def test_post_wakes_waiter(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    api.put("/queues/q", json={})
    waiting = start_wait(pool, frozen, "q", wait=30)
    post(api, "q", "hello")
    _took, got = waiting.result(timeout=30)
    assert [m["body"] for m in got] == ["hello"]


def test_post_to_other_queue_does_not_satisfy_waiter(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    api.put("/queues/q", json={})
    waiting = start_wait(pool, frozen, "q", wait=2)
    post(api, "other", "x")
    time.sleep(0.3)  # (a waiter woken by the wrong queue would have answered by now)
    assert not waiting.done()
    frozen.advance(2)
    _took, got = waiting.result(timeout=30)
    assert got == []


def test_release_wakes_waiter(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    (a,) = post(api, "q", "a")
    (m,) = reserve(api, "q")
    waiting = start_wait(pool, frozen, "q", wait=30)
    api.post(f"/queues/q/messages/{a}/release", json={"reservation_id": m["reservation_id"]})
    _took, got = waiting.result(timeout=30)
    assert [x["id"] for x in got] == [a]


def test_reservation_expiry_wakes_waiter_in_real_time(
    api: httpx.Client, ironmq: LocalServer, pool: ThreadPoolExecutor
) -> None:
    (a,) = post(api, "q", "a")
    reserve(api, "q", timeout=1)
    waiting = start_wait(pool, ironmq, "q", wait=30)
    took, got = waiting.result(timeout=30)
    assert [x["id"] for x in got] == [a]
    assert took < 10  # woken by the 1 s expiry timer, not by the end of the 30 s wait


def test_delay_end_wakes_waiter_in_real_time(
    api: httpx.Client, ironmq: LocalServer, pool: ThreadPoolExecutor
) -> None:
    post(api, "q", "later", delay=1)
    waiting = start_wait(pool, ironmq, "q", wait=30)
    took, got = waiting.result(timeout=30)
    assert [x["body"] for x in got] == ["later"]
    assert took < 10  # woken by the 1 s delay's timer, not by the end of the 30 s wait


def test_clock_advance_wakes_waiter_for_expiry_and_delay(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    post(api, "q", "later", delay=600)
    waiting = start_wait(pool, frozen, "q", wait=30)
    assert not waiting.done()
    frozen.advance(600)
    _took, got = waiting.result(timeout=30)
    assert [x["body"] for x in got] == ["later"]
    waiting = start_wait(pool, frozen, "q", wait=30)
    frozen.advance(60)  # the reservation above times out
    _took, got = waiting.result(timeout=30)
    assert [x["body"] for x in got] == ["later"]
    assert got[0]["reserved_count"] == 2


def test_wait_follows_virtual_clock(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    api.put("/queues/q", json={})
    waiting = start_wait(pool, frozen, "q", wait=30)
    frozen.advance(31)
    _took, got = waiting.result(timeout=20)
    assert got == []  # (had it waited 30 real seconds, result() would have timed out first)


def test_wait_on_deleted_queue_ends_with_404(
    api: httpx.Client, ironmq: LocalServer, pool: ThreadPoolExecutor
) -> None:
    api.put("/queues/q", json={})

    def run() -> int:
        with make_client(ironmq) as client:
            return client.post("/queues/q/reservations", json={"wait": 30}).status_code

    future = pool.submit(run)
    time.sleep(0.3)
    api.delete("/queues/q")
    assert future.result(timeout=30) == 404


def test_dead_letter_move_wakes_dlq_waiter(
    api: httpx.Client, frozen: LocalServer, pool: ThreadPoolExecutor
) -> None:
    api.put(
        "/queues/q", json={"queue": {"dead_letter": {"queue_name": "dlq", "max_reservations": 1}}}
    )
    (a,) = post(api, "q", "x")
    reserve(api, "q", timeout=5)
    frozen.advance(6)
    waiting = start_wait(pool, frozen, "dlq", wait=30)
    assert reserve(api, "q") == []
    _took, got = waiting.result(timeout=30)
    assert [x["id"] for x in got] == [a]


def _thread_count(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/task"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="needs /proc")
def test_hundreds_of_concurrent_waiters(frozen: LocalServer) -> None:
    """300 waiting reserves hold no thread each, and 300 posted messages reach 300 waiters
    (on the frozen clock no wait ends by itself: each answer is a wake-up)."""
    ironmq = frozen
    waiters = 300
    assert ironmq.process is not None
    pid = ironmq.process.pid

    async def scenario() -> tuple[list[list[dict[str, object]]], int]:
        async with make_async_client(ironmq) as client:
            await client.put("/queues/q", json={})

            async def one() -> list[dict[str, object]]:
                r = await client.post("/queues/q/reservations", json={"wait": 25})
                assert r.status_code == 200
                messages: list[dict[str, object]] = r.json()["messages"]
                return messages

            tasks = [asyncio.create_task(one()) for _ in range(waiters)]
            await asyncio.sleep(1.5)
            threads = _thread_count(pid)
            for batch in range(3):
                bodies = [{"body": f"m{batch}-{i}"} for i in range(100)]
                r = await client.post("/queues/q/messages", json={"messages": bodies})
                assert r.status_code == 201
            results = await asyncio.gather(*tasks)
            return results, threads

    results, threads = asyncio.run(scenario())
    assert threads < 20, f"{threads} server threads while {waiters} requests wait"
    assert all(len(r) == 1 for r in results)
    ids = {str(r[0]["id"]) for r in results}
    assert len(ids) == waiters


def test_waiter_that_hung_up_reserves_nothing(api: httpx.Client, ironmq: LocalServer) -> None:
    """A long poll whose client went away must not swallow the message that wakes it."""
    api.put("/queues/q", json={})
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(
            f"{ironmq.api_url}/queues/q/reservations",
            json={"wait": 30},
            headers=ironmq.auth_headers,
            timeout=0.5,
        )
    time.sleep(0.2)
    (mid,) = post(api, "q", "for a live consumer")
    time.sleep(0.2)
    got = reserve(api, "q")
    assert [m["id"] for m in got] == [mid]
    assert got[0]["reserved_count"] == 1
