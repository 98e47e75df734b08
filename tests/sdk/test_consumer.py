"""Consumers: iteration, delete/release by context manager, lease renewal, concurrency, shutdown."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    AsyncIronMQ,
    IronMQ,
    ReservationExpiredError,
    ReservedMessage,
    _consuming,
)

from .conftest import aconnect


def wait_for(condition: object, timeout: float = 5.0) -> None:
    """Poll `condition()` until true (or fail after `timeout` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


@pytest.fixture
def quick_keeper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lease keeper checks often and renews as soon as a lease is 1% used."""
    monkeypatch.setattr(_consuming, "MAX_TICK", 0.05)
    monkeypatch.setattr(_consuming, "RENEW_AT", 0.01)


def test_iteration_deletes_on_success_and_releases_on_error(mq: IronMQ) -> None:
    """`with job:` deletes when the block succeeds and releases (with delay) when it raises."""
    q = mq.queue("jobs")
    q.post("a", "boom", "c")
    handled = []
    with q.consumer(wait=0, stop_when_empty=True, release_delay=30) as consumer:
        for job in consumer:
            try:
                with job:
                    if job.body == "boom":
                        raise ValueError(job.body)
                    handled.append(job.body)
            except ValueError:
                pass
    assert handled == ["a", "c"]
    assert q.size() == 1  # "boom" is back, hidden for 30 s
    assert q.peek() == []


def test_run_with_bounded_concurrency(mq: IronMQ) -> None:
    """run() processes everything with at most `concurrency` handlers at once."""
    q = mq.queue("par")
    q.post(*[str(i) for i in range(9)])
    active = 0
    peak = 0
    lock = threading.Lock()
    bodies: list[str] = []

    def handler(message: ReservedMessage) -> None:
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
            bodies.append(message.body)
        time.sleep(0.15)
        with lock:
            active -= 1

    consumer = q.consumer(batch_size=5, wait=0, concurrency=3, stop_when_empty=True)
    assert consumer.run(handler) == 9
    assert sorted(bodies) == [str(i) for i in range(9)]
    assert 2 <= peak <= 3
    assert q.size() == 0


def test_run_releases_failures_and_counts_them(mq: IronMQ) -> None:
    """A raising handler: the message is released with release_delay, the run goes on."""
    q = mq.queue("fails")
    q.post("good", "bad", "good")

    def handler(message: ReservedMessage) -> None:
        if message.body == "bad":
            raise RuntimeError("nope")

    consumer = q.consumer(wait=0, stop_when_empty=True, release_delay=60)
    assert consumer.run(handler) == 2
    assert consumer.failed == 1
    assert q.size() == 1
    assert q.peek() == []


def test_run_with_limit(mq: IronMQ) -> None:
    """run(limit=n) handles n messages and leaves the rest."""
    q = mq.queue("lim")
    q.post(*"abcdef")
    assert q.consumer(wait=0, batch_size=4).run(lambda m: None, limit=3) == 3
    assert q.size() == 3


def test_graceful_shutdown_releases_jobs_not_handed_out(mq: IronMQ) -> None:
    """stop() during iteration: the current job finishes, buffered ones are released."""
    q = mq.queue("stop")
    q.post(*"abcde")
    consumer = q.consumer(batch_size=5, wait=0)
    for job in consumer:
        with job:
            consumer.stop()
    assert q.size() == 4
    assert [m.body for m in q.peek(max=10)] == list("bcde")


def test_stop_from_another_thread_ends_a_long_poll_run(mq: IronMQ) -> None:
    """A run() waiting on an empty queue returns after stop() and its current poll."""
    q = mq.queue("idle")
    q.post("x")
    consumer = q.consumer(wait=1)
    done: list[int] = []
    worker = threading.Thread(target=lambda: done.append(consumer.run(lambda m: None)))
    worker.start()
    wait_for(lambda: q.size() == 0)
    consumer.stop()
    worker.join(timeout=5)
    assert done == [1]


def test_lease_is_renewed_on_the_virtual_clock(
    mq: IronMQ, ironmq: LocalServer, quick_keeper: None
) -> None:
    """A handler that outlives its reservation keeps the message: touches swap in new ids."""
    q = mq.queue("lease")
    q.post("slow")
    ironmq.freeze()
    with q.consumer(timeout=30, wait=0) as consumer:
        for job in consumer:
            first = job.reservation_id
            with job:
                for _ in range(3):  # 75 virtual seconds in a 30-second reservation
                    before = job.reservation_id
                    wait_for(lambda before=before, job=job: job.reservation_id != before)
                    ironmq.advance(25)
            assert job.reservation_id != first
            consumer.stop()
    assert q.size() == 0


def test_without_renewal_the_lease_expires_and_the_job_is_reported_lost(
    mq: IronMQ, ironmq: LocalServer
) -> None:
    """renew=False: past the timeout the delete is refused; `with job` reports the job lost
    (the message will come again) instead of raising into the loop."""
    q = mq.queue("expire")
    q.post("slow")
    ironmq.freeze()
    with q.consumer(timeout=30, wait=0, renew=False) as consumer:
        for job in consumer:
            with job:
                ironmq.advance(31)
            assert job.lost
            assert not job.done
            consumer.stop()
    assert (consumer.processed, consumer.lost) == (0, 1)
    assert q.size() == 1
    with pytest.raises(ReservationExpiredError):
        q.delete(job.id, reservation_id=job.reservation_id)  # explicit calls still raise


def test_lease_renewal_in_real_time(mq: IronMQ) -> None:
    """A 2-second reservation survives a 3-second handler."""
    q = mq.queue("real")
    q.post("slow")

    def handler(message: ReservedMessage) -> None:
        time.sleep(3)

    consumer = q.consumer(timeout=2, wait=0, stop_when_empty=True)
    assert consumer.run(handler) == 1
    assert consumer.failed == 0
    assert q.size() == 0


def test_job_touch_and_release_by_hand(mq: IronMQ) -> None:
    """Job.touch() renews now; Job.release(delay) puts it back."""
    q = mq.queue("manual")
    q.post("x")
    with q.consumer(wait=0, renew=False) as consumer:
        job = next(iter(consumer))
        old = job.reservation_id
        assert job.touch() != old
        job.release(0)
        assert job.done
        consumer.stop()
    assert [m.body for m in q.peek()] == ["x"]


# async -----------------------------------------------------------------------------------


def test_async_iteration_and_run(ironmq: LocalServer) -> None:
    """AsyncConsumer: `async for` / `async with job`, and run() with concurrency."""

    async def main() -> tuple[list[str], int, int, int]:
        async with aconnect(ironmq) as amq:
            q = amq.queue("ajobs")
            await q.post("a", "boom", "c")
            handled = []
            async with q.consumer(wait=0, stop_when_empty=True, release_delay=30) as consumer:
                async for job in consumer:
                    try:
                        async with job:
                            if job.body == "boom":
                                raise ValueError(job.body)
                            handled.append(job.body)
                    except ValueError:
                        pass
            left = await q.size()
            await q.clear()
            await q.post(*[str(i) for i in range(8)])
            active = peak = 0

            async def handler(message: ReservedMessage) -> None:
                nonlocal active, peak
                active += 1
                peak = max(peak, active)
                await asyncio.sleep(0.1)
                active -= 1

            runner = q.consumer(wait=0, concurrency=4, stop_when_empty=True)
            processed = await runner.run(handler)
            return handled, left, processed, peak

    handled, left, processed, peak = asyncio.run(main())
    assert handled == ["a", "c"]
    assert left == 1
    assert processed == 8
    assert 2 <= peak <= 4


def test_async_lease_renewal_on_the_virtual_clock(ironmq: LocalServer, quick_keeper: None) -> None:
    """The async keeper renews leases as well."""

    async def main() -> int:
        async with aconnect(ironmq) as amq:
            q = amq.queue("alease")
            await q.post("slow")
            ironmq.freeze()

            async def handler(message: ReservedMessage) -> None:
                for _ in range(3):
                    before = amq.queue("alease")._flows.reservations.get(message.id)
                    for _ in range(100):
                        if amq.queue("alease")._flows.reservations.get(message.id) != before:
                            break
                        await asyncio.sleep(0.02)
                    ironmq.advance(25)

            consumer = q.consumer(timeout=30, wait=0, stop_when_empty=True)
            processed = await consumer.run(handler)
            assert consumer.failed == 0
            await consumer.close()
            return processed + await q.size()

    assert asyncio.run(main()) == 1


def test_async_failures_and_shutdown(ironmq: LocalServer) -> None:
    """Async run(): failures are released; stop() ends the run and releases buffered jobs."""

    async def main() -> tuple[int, int, list[str]]:
        async with AsyncIronMQ(
            project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
        ) as amq:
            q = amq.queue("afail")
            await q.post("good", "bad")

            async def handler(message: ReservedMessage) -> None:
                if message.body == "bad":
                    raise RuntimeError("nope")

            consumer = q.consumer(wait=0, stop_when_empty=True, release_delay=60)
            await consumer.run(handler)
            await q.clear()
            await q.post(*"abcde")
            iterating = q.consumer(batch_size=5, wait=0)
            async for job in iterating:
                async with job:
                    iterating.stop()
            rest = [m.body for m in await q.peek(max=10)]
            return consumer.processed, consumer.failed, rest

    assert asyncio.run(main()) == (1, 1, list("bcde"))
