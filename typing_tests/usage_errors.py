"""Misuse that mypy must reject: each line carries the expected error code, never run."""

from __future__ import annotations

from ironmq_sdk import IronMQ, QueueInfo


def misuse(mq: IronMQ) -> None:
    queue = mq.queue("q")
    queue.post(42)  # type: ignore[arg-type]
    queue.reserve(n="ten")  # type: ignore[arg-type]
    info: QueueInfo = queue.size()  # type: ignore[assignment]
    queue.info().size = 3  # type: ignore[misc]
    queue.create(message_timeout="60")  # type: ignore[arg-type]
    queue.update_queue(type="pull")  # type: ignore[call-arg]
    mq.create_queue("q", retries_dealy=3)  # type: ignore[call-arg]
    del info
