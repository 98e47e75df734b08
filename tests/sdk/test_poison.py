"""Poison messages: a handler that always fails costs a few calls, not a hot loop; the
attempt limit and the dead-letter queue end it; the log says it once."""

from __future__ import annotations

import asyncio
import logging

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import DeadLetter, IronMQ, ReservedMessage

from .conftest import aconnect


def always_fails(message: ReservedMessage) -> None:
    """A handler that cannot process anything."""
    raise ValueError(f"cannot handle {message.body}")


def fails_otherwise(message: ReservedMessage) -> None:
    """A handler failing with another error, raised elsewhere."""
    raise KeyError(message.body)


def test_by_default_a_failing_message_comes_back_after_a_growing_delay(
    mq: IronMQ, ironmq: LocalServer
) -> None:
    """Defaults: released for 1, 2, 4, 8 s after attempts 1-4 (virtual clock), and each
    stop_when_empty run ends after one try instead of spinning."""
    q = mq.queue("poison")
    q.post("bad")
    ironmq.freeze()
    for attempt, delay in enumerate([1, 2, 4, 8], start=1):
        consumer = q.consumer(wait=0, stop_when_empty=True)
        assert consumer.run(always_fails) == 0
        assert consumer.failed == 1
        ironmq.advance(delay - 1)
        assert q.peek() == []  # still hidden a second before its delay ends
        ironmq.advance(1)
        [message] = q.peek()
        assert message.reserved_count == attempt


def test_max_attempts_gives_up_and_hands_the_message_to_on_exhausted(mq: IronMQ) -> None:
    """release_delay=0, max_attempts=3: three calls, then on_exhausted(message, error) and
    the message is deleted; the counters say so."""
    q = mq.queue("limited")
    q.post("bad", "good")
    calls: list[str] = []
    exhausted: list[tuple[str, int, str]] = []

    def handler(message: ReservedMessage) -> None:
        calls.append(message.body)
        if message.body == "bad":
            raise ValueError("nope")

    consumer = q.consumer(
        wait=0,
        release_delay=0,
        max_attempts=3,
        on_exhausted=lambda m, e: exhausted.append((m.body, m.reserved_count, str(e))),
        stop_when_empty=True,
    )
    assert consumer.run(handler) == 1
    assert calls.count("bad") == 3
    assert exhausted == [("bad", 3, "nope")]
    assert (consumer.processed, consumer.failed, consumer.given_up) == (1, 3, 1)
    assert q.size() == 0


def test_when_on_exhausted_fails_the_message_is_kept(
    mq: IronMQ, caplog: pytest.LogCaptureFixture
) -> None:
    """A callback that raises must not lose the message: it is released, not deleted."""
    q = mq.queue("kept")
    q.post("bad")

    def broken(message: ReservedMessage, error: Exception) -> None:
        raise RuntimeError("the failure store is down")

    consumer = q.consumer(
        wait=0, release_delay=0, max_attempts=1, on_exhausted=broken, stop_when_empty=True
    )
    consumer.run(always_fails)
    assert (consumer.failed, consumer.given_up) == (1, 0)
    assert "on_exhausted failed on message" in caplog.text
    assert q.size() == 1


def test_a_dead_letter_queue_takes_the_message_when_no_attempt_limit_is_set(
    mq: IronMQ, ironmq: LocalServer
) -> None:
    """Without max_attempts the queue's dead-letter setting is the limit: after two failed
    attempts the next reservation moves the message, body intact."""
    q = mq.queue("with-dlq")
    q.create(dead_letter=DeadLetter("with-dlq-failed", 2))
    q.post("bad")
    ironmq.freeze()
    calls = 0

    def handler(message: ReservedMessage) -> None:
        nonlocal calls
        calls += 1
        always_fails(message)

    for _ in range(3):
        q.consumer(wait=0, stop_when_empty=True).run(handler)
        ironmq.advance(60)
    assert calls == 2
    assert q.size() == 0
    assert [m.body for m in mq.queue("with-dlq-failed").peek()] == ["bad"]


def test_stop_when_empty_returns_even_when_the_handler_always_fails(mq: IronMQ) -> None:
    """release_delay=0 and no limit, the worst case: each message is tried once per run,
    the run returns, and the messages are back in the queue."""
    q = mq.queue("worst")
    q.post("a", "b", "c")
    calls: list[str] = []

    def handler(message: ReservedMessage) -> None:
        calls.append(message.body)
        always_fails(message)

    consumer = q.consumer(wait=0, batch_size=2, release_delay=0, stop_when_empty=True)
    assert consumer.run(handler) == 0
    assert sorted(calls) == ["a", "b", "c"]
    assert consumer.failed == 3
    assert sorted(m.body for m in q.peek(max=10)) == ["a", "b", "c"]


def test_iterating_stops_when_empty_even_when_every_job_fails(mq: IronMQ) -> None:
    """The same for `for job in consumer`, whose counters follow the jobs."""
    q = mq.queue("iter-worst")
    q.post("a", "b")
    with q.consumer(wait=0, release_delay=0, stop_when_empty=True) as consumer:
        for job in consumer:
            with pytest.raises(ValueError, match="cannot handle"), job:
                always_fails(job.message)
    assert (consumer.processed, consumer.failed) == (0, 2)
    assert q.size() == 2


def test_each_failure_is_one_line_and_each_distinct_error_one_traceback(
    mq: IronMQ, caplog: pytest.LogCaptureFixture
) -> None:
    """Four failures of one error: four ERROR lines, one traceback; a new error, another."""
    q = mq.queue("logged")
    q.post("bad")
    consumer = q.consumer(wait=0, release_delay=0, max_attempts=4, stop_when_empty=True)
    with caplog.at_level(logging.ERROR, logger="ironmq_sdk.consumer"):
        consumer.run(always_fails)
        q.post("worse")
        q.consumer(wait=0, max_attempts=1, stop_when_empty=True).run(fails_otherwise)
    lines = [r for r in caplog.records if "handler failed" in r.getMessage()]
    assert [r.exc_info is not None for r in lines] == [True, False, False, False, True]
    assert "(attempt 4): ValueError: cannot handle bad; giving up on it" in lines[3].getMessage()
    assert sum("Traceback" in r.getMessage() for r in caplog.records) == 0  # no text dumps


def test_iteration_counts_what_the_jobs_did(mq: IronMQ) -> None:
    """`for job in consumer`: processed and failed follow the jobs, also job.delete()."""
    q = mq.queue("counted")
    q.post(*"abcde")
    with q.consumer(wait=0, stop_when_empty=True) as consumer:
        for job in consumer:
            if job.body == "e":
                job.delete()  # settled by hand
                continue
            try:
                with job:
                    if job.body in "bd":
                        raise RuntimeError(job.body)
            except RuntimeError:
                pass
    assert (consumer.processed, consumer.failed, consumer.lost) == (3, 2, 0)


def test_async_on_exhausted_may_be_a_coroutine_and_is_awaited(ironmq: LocalServer) -> None:
    """AsyncConsumer awaits an async on_exhausted; a sync Consumer refuses one."""

    async def main() -> tuple[list[str], int, int]:
        async with aconnect(ironmq) as amq:
            q = amq.queue("async-limit")
            await q.post("bad")
            given: list[str] = []

            async def keep(message: ReservedMessage, error: Exception) -> None:
                await asyncio.sleep(0)
                given.append(message.body)

            async def handler(message: ReservedMessage) -> None:
                always_fails(message)

            consumer = q.consumer(
                wait=0, release_delay=0, max_attempts=2, on_exhausted=keep, stop_when_empty=True
            )
            await consumer.run(handler)
            return given, consumer.given_up, await q.size()

    assert asyncio.run(main()) == (["bad"], 1, 0)
    with IronMQ(project_id="p", token="t", base_url=ironmq.base_url) as mq:

        async def keep(message: ReservedMessage, error: Exception) -> None:
            pass

        with pytest.raises(TypeError, match="on_exhausted"):
            mq.queue("q").consumer(on_exhausted=keep)
