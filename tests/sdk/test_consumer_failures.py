"""Consumers in bad weather: 503 storms, dropped and slow requests, a server restarted under
them, leases that cannot be renewed, deletes that fail; and what ends `run()` for good."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Iterator

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    AsyncIronMQ,
    AuthenticationError,
    IronMQ,
    QueueNotFoundError,
    ReservedMessage,
    _consuming,
    testing,
)

from ..conformance import ValidatingTransport
from .conftest import SPEC, aconnect, connect
from .faults import Plan, SabotagingTransport, eventually, free_port
from .test_consumer import wait_for


@pytest.fixture(autouse=True)
def no_back_off() -> Iterator[None]:
    """Pauses after failures are recorded and cut to 10 ms (`ironmq_sdk.testing`)."""
    with testing.set_testing(True):
        yield


@pytest.fixture
def quick_keeper(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lease keeper checks often and renews as soon as a lease is 1% used."""
    monkeypatch.setattr(_consuming, "MAX_TICK", 0.05)
    monkeypatch.setattr(_consuming, "RENEW_AT", 0.01)


@pytest.fixture(scope="module")
def restartable(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalServer]:
    """A server of its own, on a fixed port and a database file, so that a test can kill it
    and start it again where clients expect it."""
    db = tmp_path_factory.mktemp("restart") / "ironmq-local.db"
    server = LocalServer(str(db), port=free_port())
    server.start()
    yield server
    server.stop()


def lease_threads() -> set[threading.Thread]:
    """The consumers' lease keepers alive now."""
    return {t for t in threading.enumerate() if t.name == "ironmq-lease" and t.is_alive()}


def remaining_faults(server: LocalServer) -> int:
    """How many injected faults the server has not used yet."""
    return int(httpx.get(f"{server.base_url}/_local/faults").json()["count"])


# storms ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fault", [{"status": 503}, {"drop": True}], ids=["503", "dropped"])
def test_a_consumer_rides_out_a_storm_without_losing_or_repeating(
    mq: IronMQ, ironmq: LocalServer, fault: dict[str, object]
) -> None:
    """Forty failed requests in a row (before the server acts on them): the run goes on,
    every message is handled exactly once, and the consumer paused between tries."""
    q = mq.queue("storm")
    bodies = [f"m{i}" for i in range(30)]
    q.post(*bodies)
    ironmq.inject_faults(40, **fault)  # type: ignore[arg-type]
    handled: Counter[str] = Counter()
    consumer = q.consumer(batch_size=5, wait=0, concurrency=3, stop_when_empty=True)
    assert consumer.run(lambda m: handled.update([m.body])) == 30
    assert handled == Counter(bodies)
    assert (consumer.failed, consumer.lost) == (0, 0)
    assert remaining_faults(ironmq) == 0
    assert q.size() == 0
    assert testing.recorded_waits()  # it backed off


def test_an_async_consumer_rides_out_a_storm(ironmq: LocalServer) -> None:
    """The same for AsyncConsumer, with 503s and then dropped connections."""

    async def main() -> tuple[Counter[str], int, int]:
        async with aconnect(ironmq) as amq:
            q = amq.queue("astorm")
            await q.post(*[f"m{i}" for i in range(30)])
            handled: Counter[str] = Counter()

            async def handler(message: ReservedMessage) -> None:
                handled[message.body] += 1
                if sum(handled.values()) == 10:
                    ironmq.inject_faults(20, drop=True)

            ironmq.inject_faults(20, status=503)
            consumer = q.consumer(batch_size=5, wait=0, concurrency=3, stop_when_empty=True)
            processed = await consumer.run(handler)
            return handled, processed, await q.size()

    handled, processed, left = asyncio.run(main())
    assert handled == Counter(f"m{i}" for i in range(30))
    assert (processed, left) == (30, 0)
    assert remaining_faults(ironmq) == 0


def test_a_reservation_whose_answer_timed_out_only_delays_its_messages(
    ironmq: LocalServer,
) -> None:
    """Requests slower than the HTTP timeout: the server reserves, the consumer never
    hears and tries again; those messages come back when their reservation times out."""
    with connect(ironmq, timeout=0.5) as mq:
        q = mq.queue("slow")
        bodies = [f"m{i}" for i in range(10)]
        q.post(*bodies)
        handled: Counter[str] = Counter()
        consumer = q.consumer(batch_size=2, wait=0, timeout=30)
        worker = threading.Thread(target=consumer.run, args=(lambda m: handled.update([m.body]),))
        worker.start()
        try:
            wait_for(lambda: handled.total() >= 2)
            ironmq.inject_faults(6, delay=1.0)  # processed after the client gave up
            eventually(lambda: set(handled) == set(bodies), nudge=lambda: ironmq.advance(31))
        finally:
            consumer.stop()
            worker.join(timeout=10)
        assert not worker.is_alive()
        assert q.size() == 0


# restarts -------------------------------------------------------------------------------


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
def test_a_consumer_keeps_working_across_a_server_restart(
    restartable: LocalServer, kill: bool
) -> None:
    """The server stops under a running consumer and starts again on the same database:
    the worker waits it out and handles everything, before and after; nothing is lost."""
    server = restartable
    server.reset()
    with connect(server, http_client=None) as mq:
        q = mq.queue("restart")
        bodies = [f"m{i}" for i in range(60)]
        q.post(*bodies[:30])
        handled: Counter[str] = Counter()
        lock = threading.Lock()

        def handler(message: ReservedMessage) -> None:
            with lock:
                handled[message.body] += 1

        consumer = q.consumer(batch_size=5, wait=1, timeout=30, concurrency=2)
        result: list[int] = []
        worker = threading.Thread(target=lambda: result.append(consumer.run(handler)))
        worker.start()
        try:
            wait_for(lambda: handled.total() >= 10)
            server.stop(kill=kill)
            server.start()
            q.post(*bodies[30:])
            # Reservations cut by the restart come back when they time out.
            eventually(lambda: set(handled) == set(bodies), nudge=lambda: server.advance(31))
        finally:
            consumer.stop()
            worker.join(timeout=15)
        assert not worker.is_alive()
        assert result == [consumer.processed]
        assert consumer.failed == 0
        assert q.size() == 0


def test_an_async_consumer_keeps_working_across_a_server_restart(
    restartable: LocalServer,
) -> None:
    """The same for AsyncConsumer (kill -9 while it long-polls)."""
    server = restartable
    server.reset()
    bodies = [f"m{i}" for i in range(40)]

    async def main() -> tuple[set[str], int]:
        async with AsyncIronMQ(
            project_id=server.project_id, token=server.token, base_url=server.base_url
        ) as amq:
            q = amq.queue("arestart")
            await q.post(*bodies[:20])
            handled: set[str] = set()

            async def handler(message: ReservedMessage) -> None:
                handled.add(message.body)

            consumer = q.consumer(batch_size=5, wait=1, timeout=30, concurrency=2)
            runner = asyncio.create_task(consumer.run(handler))
            while len(handled) < 20:
                await asyncio.sleep(0.02)
            await asyncio.to_thread(server.stop, kill=True)  # while it long-polls
            await asyncio.to_thread(server.start)
            await q.post(*bodies[20:])
            for tick in range(300):
                if handled == set(bodies):
                    break
                if tick % 60 == 59:  # reservations cut by the kill come back when they time out
                    server.advance(31)
                await asyncio.sleep(0.05)
            consumer.stop()
            await asyncio.wait_for(runner, 15)
            return handled, await q.size()

    handled, left = asyncio.run(main())
    assert handled == set(bodies)
    assert left == 0


# leases and acknowledgements --------------------------------------------------------------


def test_lease_renewal_rides_out_failures_while_the_lease_lasts(
    mq: IronMQ,
    ironmq: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two renewals fail (503 through all retries): logged once, the job is not lost,
    and the third renewal goes through."""
    monkeypatch.setattr(_consuming, "MAX_TICK", 0.05)
    monkeypatch.setattr(_consuming, "RENEW_AT", 0.1)  # 3 s in: the faults are armed by then
    q = mq.queue("renew")
    q.post("slow")
    ironmq.freeze()
    with q.consumer(timeout=30, wait=0) as consumer:
        for job in consumer:
            with job:
                first = job.reservation_id
                ironmq.inject_faults(8, status=503)  # two touches with three retries each
                wait_for(lambda job=job, first=first: job.reservation_id != first, timeout=20)
                assert not job.lost
            consumer.stop()
    assert (consumer.processed, consumer.lost) == (1, 0)
    assert caplog.text.count("could not renew the lease") == 1
    assert q.size() == 0


def test_a_lease_taken_over_is_reported_lost_and_the_message_comes_again(
    mq: IronMQ, ironmq: LocalServer, quick_keeper: None, caplog: pytest.LogCaptureFixture
) -> None:
    """The reservation ran out under the handler (403 on renewal): the job says lost, no
    error escapes the block, and the message is there again."""
    q = mq.queue("taken")
    q.post("slow")
    ironmq.freeze()
    with q.consumer(timeout=30, wait=0) as consumer:
        for job in consumer:
            with job:
                ironmq.advance(31)
                wait_for(lambda job=job: job.lost)
            consumer.stop()
    assert (consumer.processed, consumer.lost) == (0, 1)
    assert "lost the lease of message" in caplog.text
    assert [m.body for m in q.peek()] == ["slow"]


def test_a_delete_that_fails_is_retried_while_the_reservation_lasts(
    mq: IronMQ, ironmq: LocalServer
) -> None:
    """Ten 503s in a row outlast the transport's retries; the job keeps trying and the
    message is deleted, counted once as processed."""
    q = mq.queue("ack")
    q.post("x")
    with q.consumer(wait=0, renew=False) as consumer:
        for job in consumer:
            with job:
                ironmq.inject_faults(10, status=503)
            consumer.stop()
    assert (consumer.processed, consumer.lost) == (1, 0)
    assert job.done
    assert remaining_faults(ironmq) == 0
    assert q.size() == 0


def test_a_settle_whose_answer_was_lost_is_done_when_the_retry_finds_it_done(
    ironmq: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Every answer of a job's delete lost (the first try deleted), and a release's answer
    lost (it released): the job's next try meets 404 / 403, which means done, not lost."""
    plan = Plan().add("DELETE", "", {1, 2, 3, 4}, "lose").add("POST", "/release", {1}, "lose")
    http = httpx.Client(transport=ValidatingTransport(SPEC, SabotagingTransport(plan)))
    with connect(ironmq, http_client=http) as mq, http:
        q = mq.queue("lost-answers")
        q.post("ok", "bad")
        handler_calls: list[str] = []

        def handler(message: ReservedMessage) -> None:
            handler_calls.append(message.body)
            if message.body == "bad":
                raise ValueError("bad")

        consumer = q.consumer(wait=0, batch_size=1, release_delay=0, stop_when_empty=True)
        with caplog.at_level(logging.INFO, logger="ironmq_sdk.consumer"):
            consumer.run(handler)
        assert handler_calls == ["ok", "bad"]
        assert (consumer.processed, consumer.failed, consumer.lost) == (1, 1, 0)
        assert len(plan.sabotaged) == 5
        assert "an earlier delete went through" in caplog.text
        assert "an earlier release went through" in caplog.text
        assert [m.body for m in q.peek(max=10)] == ["bad"]


# what ends a run --------------------------------------------------------------------------


def test_a_wrong_token_ends_run_at_once_and_leaves_no_thread(ironmq: LocalServer) -> None:
    """401 is configuration, not weather: raised from run(), no keeper left behind."""
    before = lease_threads()
    with connect(ironmq, token="wrong") as mq, pytest.raises(AuthenticationError):
        mq.queue("q").consumer(wait=0).run(lambda m: None)
    assert lease_threads() - before == set()


def test_a_missing_queue_ends_run(mq: IronMQ) -> None:
    """A consumer of a queue that does not exist stops with QueueNotFoundError."""
    with pytest.raises(QueueNotFoundError):
        mq.queue("nope").consumer(wait=0).run(lambda m: None)


def test_a_queue_deleted_under_a_running_consumer_ends_it_without_leaking_the_keeper(
    mq: IronMQ,
) -> None:
    """The error comes out of run() (in its thread); the keeper thread ends with it."""
    before = lease_threads()
    q = mq.queue("deleted")
    q.post("x")
    consumer = q.consumer(wait=1)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            consumer.run(lambda m: None)
        except QueueNotFoundError as exc:
            errors.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    wait_for(lambda: consumer.processed == 1)
    q.delete_queue()
    worker.join(timeout=10)
    assert not worker.is_alive()
    assert len(errors) == 1
    assert lease_threads() - before == set()


def test_an_async_consumer_refuses_a_plain_function_before_reserving(
    ironmq: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    """run(plain function) is a TypeError up front: nothing reserved, nothing logged."""

    async def main() -> None:
        async with aconnect(ironmq) as amq:
            q = amq.queue("plain")
            await q.post("x")
            calls: list[str] = []
            consumer = q.consumer(wait=0, stop_when_empty=True)
            with pytest.raises(TypeError, match="async handler"):
                await consumer.run(lambda m: calls.append(m.body))  # type: ignore[arg-type,return-value]
            assert calls == []
            [message] = await q.peek()
            assert message.reserved_count == 0

    with caplog.at_level(logging.WARNING):
        asyncio.run(main())
    assert caplog.records == []


def test_a_sync_consumer_refuses_an_async_handler(mq: IronMQ) -> None:
    """Consumer.run(async def) would delete every message unprocessed: a TypeError first."""
    q = mq.queue("async-handler")
    q.post("x")

    async def handler(message: ReservedMessage) -> None:
        await asyncio.sleep(0)

    with pytest.raises(TypeError, match="AsyncConsumer"):
        q.consumer(wait=0, stop_when_empty=True).run(handler)
    [message] = q.peek()
    assert message.reserved_count == 0
