"""Typed usage of the async client: checked by `mypy --strict`, never run."""

from __future__ import annotations

from typing import assert_type

from ironmq_sdk import AsyncConsumer, AsyncIronMQ, AsyncJob, AsyncQueue, QueueInfo, ReservedMessage


async def walkthrough() -> None:
    async with AsyncIronMQ(project_id="p", token="t") as mq:
        assert_type(await mq.queues(), list[str])
        async for name in mq.iter_queues():
            assert_type(name, str)
        queue = mq.queue("orders")
        assert_type(queue, AsyncQueue)
        assert_type(await queue.post("x"), list[str])
        assert_type(await queue.reserve(n=5, wait=10), list[ReservedMessage])
        assert_type(await queue.info(), QueueInfo)


async def handle(message: ReservedMessage) -> None:
    print(message.body)


async def consume(queue: AsyncQueue) -> int:
    consumer = queue.consumer(concurrency=4)
    assert_type(consumer, AsyncConsumer)
    async with consumer:
        async for job in consumer:
            assert_type(job, AsyncJob)
            async with job:
                pass
    return await queue.consumer(stop_when_empty=True).run(handle)
