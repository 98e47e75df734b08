"""Consumers on IronMQ v2 (api_version 1): no reservation ids, leases from the message's own
timeout, renewals by a touch that takes no timeout. (test_consumer.py covers v3.)"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ, ReservedMessage

from .conftest import aconnect, connect
from .test_consumer import quick_keeper, wait_for

__all__ = ["quick_keeper"]  # the fixture, used by name


@pytest.fixture
def mq2(ironmq: LocalServer) -> Iterator[IronMQ]:
    """A sync client of the local server on IronMQ v2."""
    with connect(ironmq, api_version=1) as client:
        yield client


def test_iteration_deletes_on_success_and_releases_on_error(mq2: IronMQ) -> None:
    """`with job:` deletes when the block succeeds and releases (with delay) when it raises,
    by message id alone."""
    q = mq2.queue("jobs")
    q.post("a", "boom", "c")
    handled = []
    with q.consumer(wait=0, stop_when_empty=True, release_delay=30) as consumer:
        for job in consumer:
            assert job.reservation_id is None
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


def test_the_lease_is_the_messages_own_timeout_and_renewed(
    mq2: IronMQ, ironmq: LocalServer, quick_keeper: None
) -> None:
    """A message posted with a 30 s timeout is held 30 s; a handler outliving it keeps it:
    the keeper touches it (each touch counts as a reservation on the server)."""
    q = mq2.queue("lease")
    (mid,) = q.post({"body": "slow", "timeout": 30})
    ironmq.freeze()
    with q.consumer(wait=0) as consumer:
        for job in consumer:
            with job:
                for _ in range(3):  # 75 virtual seconds in a 30-second reservation
                    before = q.get_message_by_id(mid).reserved_count
                    wait_for(lambda before=before: q.get_message_by_id(mid).reserved_count > before)
                    ironmq.advance(25)
                assert q.peek() == []  # still ours
            consumer.stop()
    assert q.size() == 0


def test_async_run_on_v2(ironmq: LocalServer) -> None:
    """AsyncConsumer.run() on v2: every message handled once and deleted."""

    async def main() -> tuple[list[str], int]:
        async with aconnect(ironmq, api_version=1) as amq:
            q = amq.queue("async-v2")
            await q.post(*[f"m{i}" for i in range(6)])
            seen: list[str] = []

            async def handler(message: ReservedMessage) -> None:
                seen.append(message.body)

            consumer = q.consumer(batch_size=3, wait=0, concurrency=2, stop_when_empty=True)
            await consumer.run(handler)
            return sorted(seen), await q.size()

    seen, size = asyncio.run(main())
    assert (seen, size) == ([f"m{i}" for i in range(6)], 0)
