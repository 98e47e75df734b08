"""An async worker: `AsyncIronMQ` and an `AsyncConsumer` running `async def` handlers.

It posts 20 jobs to the queue `async-jobs`, then handles them 5 at a time until the queue is
empty, and deletes the queue. A real worker leaves out `stop_when_empty` (and the posting)
and runs until SIGTERM or Ctrl+C, which stop it cleanly: no new reservations, the handlers
in flight finish, reserved jobs not started go back to the queue at once.

    IRON_PROJECT_ID=... IRON_TOKEN=... python examples/async_worker.py

Each job prints one line with one `print` call: asyncio runs one handler at a time between
two `await`s, so lines never interleave (a thread-based `Consumer` needs a lock, or logging).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

from ironmq_sdk import AsyncIronMQ, ReservedMessage

QUEUE = "async-jobs"


async def handle(message: ReservedMessage) -> None:
    """The work: an HTTP call, a database write... here a short sleep. Raising would put the
    message back for another attempt; returning deletes it."""
    number = int(message.body.split()[-1])
    await asyncio.sleep(0.02 * (number % 3))
    print(f"handled {message.body!r} (attempt {message.reserved_count})")


async def main() -> None:
    async with AsyncIronMQ() as ironmq:  # project_id and token from iron.json or IRON_*
        queue = ironmq.queue(QUEUE)
        await queue.post(*[f"job {i}" for i in range(20)])

        consumer = queue.consumer(batch_size=10, concurrency=5, wait=1, stop_when_empty=True)
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            # not on Windows' event loop; Ctrl+C still ends the program there
            with contextlib.suppress(NotImplementedError):
                loop.add_signal_handler(signum, consumer.stop)
        await consumer.run(handle)

        print(f"{consumer.processed} jobs done, {consumer.failed} failed")
        await queue.delete_queue()


if __name__ == "__main__":
    asyncio.run(main())
