"""`AsyncConsumer`: `Consumer` (see `_consumer`) on asyncio tasks instead of threads."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import inspect
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from types import TracebackType
from typing import TypeVar

from ._async.job import AsyncJob
from ._consuming import (
    AsyncConsumableQueue,
    ConsumerBase,
    ExhaustedHandler,
    is_async,
    within_limit,
)
from ._errors import IronMQError
from ._failures import Outage, log
from ._messages import ReservedMessage
from ._queue_info import QueueInfo

T = TypeVar("T")

PAUSE_SLICE = 0.25
"""Longest an async consumer's pause sleeps before it looks whether it was stopped."""


class AsyncConsumer(ConsumerBase):
    """Consumes a queue: `async for job in consumer`, or `await consumer.run(handler)`.

    The arguments are `Consumer`'s; `on_exhausted` may be a plain or an async function.
    """

    def __init__(
        self,
        queue: AsyncConsumableQueue,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int | None = None,
        max_attempts: int | None = None,
        on_exhausted: ExhaustedHandler | None = None,
        stop_when_empty: bool = False,
    ) -> None:
        super().__init__(
            queue_name=getattr(queue, "name", "?"),
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            max_attempts=max_attempts,
            on_exhausted=on_exhausted,
            stop_when_empty=stop_when_empty,
        )
        self.queue = queue
        self._stopping = False
        self._jobs: set[AsyncJob] = set()
        self._keeper: asyncio.Task[None] | None = None
        self._buffer: collections.deque[AsyncJob] = collections.deque()
        self._held: list[AsyncJob] = []
        self._outage = Outage("reserving", self._queue_name)

    async def _start(self) -> bool:
        info: QueueInfo | None = await self._retrying(self.queue.info)
        if info is None:
            return False
        if self._lease is None:
            self._lease = float(info.message_timeout)
        if self.renew and self._keeper is None:
            self._keeper = asyncio.create_task(self._keep(), name="ironmq-lease")
        return True

    def stop(self) -> None:
        """Stop reserving; in-flight jobs finish, jobs not handed out are released."""
        self._stopping = True

    @property
    def stopping(self) -> bool:
        """Whether `stop()` was called."""
        return self._stopping

    async def close(self) -> None:
        """Stop, release jobs not handed out, and stop renewing leases."""
        self.stop()
        await self._hand_back()
        await self._stop_keeper()

    async def _stop_keeper(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper

    async def __aenter__(self) -> AsyncConsumer:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def _retrying(self, call: Callable[[], Awaitable[T]]) -> T | None:
        """`await call()`, tried again after transient failures; None if stopped meanwhile."""
        while True:
            try:
                result = await call()
            except IronMQError as error:
                # Sleep in slices rather than on an Event: stop() may come from another
                # thread (a signal handler), where an asyncio.Event must not be set.
                deadline = time.monotonic() + self._outage.failed(error)
                while not self._stopping and (left := deadline - time.monotonic()) > 0:
                    await asyncio.sleep(min(left, PAUSE_SLICE))
                if self._stopping:
                    return None
            else:
                self._outage.recovered()
                return result

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)

    async def _give_up(self, message: ReservedMessage, error: Exception) -> bool:
        """Run `on_exhausted` (awaited if async); whether the message may be deleted."""
        if self.on_exhausted is not None:
            try:
                outcome = self.on_exhausted(message, error)
                if inspect.isawaitable(outcome):
                    await outcome
            except Exception:
                log.exception("on_exhausted failed on message %s; released it", message.id)
                self._kept(message.id)
                return False
        return True

    async def _keep(self) -> None:
        # After stop(), in-flight jobs still need their leases until they finish.
        while True:
            await asyncio.sleep(self._tick())
            now = time.monotonic()
            self._jobs = {j for j in self._jobs if not j.done and not j.lost}
            if self._stopping and not self._jobs:
                return
            for job in [j for j in self._jobs if j._due(now)]:
                try:
                    await job.touch()
                except Exception as error:  # the keeper must outlive any failure
                    self._renewal_failed(job, error, now)

    async def _reserve(self, n: int) -> list[AsyncJob]:
        assert self._lease is not None
        lease = self._lease
        messages = await self._retrying(lambda: self.queue.reserve(n, self.timeout, self.wait))
        jobs = [AsyncJob(self, m, lease) for m in messages or ()]
        self._jobs.update(jobs)
        return jobs

    async def _hand_back(self, jobs: Iterable[AsyncJob] = ()) -> None:
        """Release at once `jobs` and every job reserved but not handed out."""
        pending = [*jobs, *self._buffer, *self._held]
        self._buffer.clear()
        self._held.clear()
        for job in pending:
            try:
                await job.release(0)
            except IronMQError as exc:
                log.warning("could not release message %s: %s", job.id, exc)

    async def __aiter__(self) -> AsyncIterator[AsyncJob]:
        """Jobs, one at a time, long-polling for more; ends on `stop()` (or when empty)."""
        try:
            if not await self._start():
                return
            while not self._stopping:
                jobs = await self._reserve(self.batch_size)
                if not jobs and self.stop_when_empty:
                    return
                self._buffer.extend(self._set_aside(jobs, self._held))
                while self._buffer and not self._stopping:
                    yield self._buffer.popleft()
        finally:
            self.stop()  # a consumer is single-use: its iteration ended
            await self._hand_back()

    async def _next_jobs(
        self, slots: asyncio.Semaphore, started: int, limit: int | None
    ) -> list[AsyncJob] | None:
        """Jobs for the free handler slots (as in `Consumer`); None when the run ends."""
        await slots.acquire()  # wait until at least one handler is free,
        free = 1
        while free < self.batch_size and not slots.locked():
            await slots.acquire()  # then take every other free one (never blocks)
            free += 1
        jobs = await self._reserve(within_limit(free, started, limit))
        if self._stopping:  # stopped during the long poll: hand back
            await self._hand_back(jobs)
            jobs = []
        fresh = self._set_aside(jobs, self._held)
        for _ in range(free - len(fresh)):  # slots nobody will use
            slots.release()
        if self._stopping or (not jobs and self.stop_when_empty):
            return None
        return fresh

    async def run(
        self, handler: Callable[[ReservedMessage], Awaitable[object]], *, limit: int | None = None
    ) -> int:
        """Handle messages with up to `concurrency` tasks until `stop()` (or empty, or `limit`).

        `handler` must be an `async def` function (run blocking code through
        `asyncio.to_thread`, or use `Consumer`); anything else is a TypeError before
        anything is reserved. Otherwise as `Consumer.run`.
        """
        if not is_async(handler):
            raise TypeError(
                f"AsyncConsumer.run() needs an async handler (async def), not {handler!r}; "
                "call blocking code with asyncio.to_thread, or use the sync Consumer"
            )
        slots = asyncio.Semaphore(self.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        started = 0

        async def handle(job: AsyncJob) -> None:
            try:
                async with job:
                    await handler(job.message)
            except Exception as exc:
                if exc is not job.error:
                    log.exception("consumer error on message %s", job.id)
            finally:
                slots.release()

        # Slots as in `Consumer.run`: reserve only what free handlers can start at once.
        try:
            if not await self._start():
                return self.processed
            while not self._stopping and (limit is None or started < limit):
                jobs = await self._next_jobs(slots, started, limit)
                if jobs is None:
                    break
                started += len(jobs)
                for job in jobs:
                    task = asyncio.create_task(handle(job))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
        finally:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            self.stop()
            await self._hand_back()
            await self._stop_keeper()
        return self.processed
