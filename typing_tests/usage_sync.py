"""Typed usage of the sync client: checked by `mypy --strict`, never run."""

from __future__ import annotations

from typing import assert_type

import httpx

from ironmq_sdk import (
    Consumer,
    DeadLetter,
    IronMQ,
    IronMQError,
    Job,
    Message,
    PushMessage,
    PushStatus,
    Queue,
    QueueInfo,
    QueueNotFoundError,
    QueueSettings,
    ReservedMessage,
    Subscriber,
)


def walkthrough() -> None:
    with IronMQ(project_id="p", token="t", timeout=httpx.Timeout(5.0, read=60.0)) as mq:
        assert_type(mq.queues(), list[str])
        for name in mq.iter_queues(prefix="orders"):
            assert_type(name, str)
        queue = mq.queue("orders")
        assert_type(queue, Queue)
        assert_type(queue.post("Hello world", {"body": "x", "delay": 5}), list[str])
        reserved = queue.get(max=10, timeout=None)
        assert_type(reserved, list[ReservedMessage])
        for message in reserved:
            assert_type(message.reservation_id, str | None)
            assert_type(queue.touch(message.id), str | None)
            queue.release(message, delay=30)
        assert_type(queue.peek(max=10), list[Message])
        assert_type(queue.get_message_by_id("1"), Message)
        assert_type(queue.info(), QueueInfo)
        assert_type(queue.size(), int)
        assert_type(queue.id(), str | None)
        assert_type(queue.get_message_push_statuses("1"), list[PushStatus])
        queue.update(subscribers=["http://example.com/a"], push_type="unicast")
        queue.add_subscribers("http://example.com/b", Subscriber("c", "http://example.com/c"))
        queue.with_options(timeout=2, max_retries=0).delete_multiple("1", "2")
        created = mq.create_queue("jobs", type="pull", message_timeout=60, alerts=[])
        assert_type(created, QueueInfo)
        assert_type(queue.create(subscribers=["http://example.com/a"], retries=3), QueueInfo)
        assert_type(queue.update_queue(dead_letter=DeadLetter("dlq", 5)), QueueInfo)
        settings: QueueSettings = {"message_expiration": 3600, "error_queue": None}
        assert_type(mq.update_queue("jobs", **settings), QueueInfo)
        try:
            mq.queue("missing").info()
        except QueueNotFoundError as exc:
            assert_type(exc.status, int)
            assert_type(exc.msg, str)
        except IronMQError:
            pass


def consume(queue: Queue) -> int:
    consumer = queue.consumer(batch_size=10, wait=5, concurrency=2)
    assert_type(consumer, Consumer)
    with consumer:
        for job in consumer:
            assert_type(job, Job)
            with job:
                assert_type(job.body, str)
    return queue.consumer(stop_when_empty=True).run(lambda message: message.body)


def receive(headers: dict[str, str], body: bytes, queue: Queue) -> None:
    push = PushMessage.from_request(headers, body)
    assert_type(push.reservation_id, str | None)
    queue.acknowledge(push)
