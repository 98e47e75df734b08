"""Consumers: long-poll a queue, hand out messages as jobs, keep their leases alive.

    with mq.queue("jobs").consumer(batch_size=10) as consumer:
        for job in consumer:
            with job:              # deleted when the block succeeds,
                handle(job.body)   # released (after release_delay) when it raises

or `consumer.run(handler, ...)` with up to `concurrency` handlers at once. While a job is
out, a lease keeper touches its reservation when half of it has passed and swaps in the
new reservation id, so long handlers do not lose their messages. `stop()` (from a signal
handler, say) stops reserving after the current long poll; in-flight jobs finish, and
reserved jobs not handed out yet are released.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TYPE_CHECKING

from . import _validate as v
from ._errors import IronMQError
from ._messages import ReservedMessage

if TYPE_CHECKING:
    from ._queue import AsyncQueue, Queue

log = logging.getLogger("ironmq_sdk.consumer")

RENEW_AT = 0.5
"""Fraction of a lease after which the keeper renews it."""

MAX_TICK = 1.0
"""Longest pause between the keeper's checks, in seconds."""


def _check(
    batch_size: int, wait: int, timeout: int | None, concurrency: int, release_delay: int
) -> None:
    v.count("batch_size", batch_size)
    v.wait(wait)
    v.reservation_timeout(timeout)
    v.integer("concurrency", concurrency, 1, 1000)
    v.delay(release_delay, "release_delay")


def renewal_due(now: float, leased_at: float, lease: float) -> bool:
    """Whether a lease taken at `leased_at` for `lease` seconds should be renewed now."""
    return now - leased_at >= lease * RENEW_AT


class _JobBase:
    def __init__(self, message: ReservedMessage, lease: float, release_delay: int) -> None:
        self.message = message
        """The message as reserved (its `reservation_id` may since have been renewed)."""
        self._rid = message.reservation_id
        self._lease = lease
        self._leased_at = time.monotonic()
        self._release_delay = release_delay
        self.done = False
        """Whether the job was deleted or released."""
        self.lost = False
        """Whether renewing the lease failed (the reservation may have expired)."""

    @property
    def id(self) -> str:
        """The message's id."""
        return self.message.id

    @property
    def body(self) -> str:
        """The message's content."""
        return self.message.body

    @property
    def reservation_id(self) -> str:
        """The current reservation id (renewals replace it)."""
        return self._rid

    def _due(self, now: float) -> bool:
        return not self.done and not self.lost and renewal_due(now, self._leased_at, self._lease)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, done={self.done})"


class Job(_JobBase):
    """A reserved message being processed; `with job:` deletes or releases it."""

    def __init__(
        self, queue: Queue, message: ReservedMessage, lease: float, release_delay: int
    ) -> None:
        super().__init__(message, lease, release_delay)
        self._queue = queue
        self._lock = threading.Lock()

    def delete(self) -> None:
        """Delete the message: it was handled."""
        with self._lock:
            if not self.done:
                self._queue.delete(self.id, reservation_id=self._rid)
                self.done = True

    def release(self, delay: int | None = None) -> None:
        """Put the message back, available again after `delay` (default `release_delay`)."""
        with self._lock:
            if not self.done:
                wait = self._release_delay if delay is None else delay
                self._queue.release(self.id, reservation_id=self._rid, delay=wait)
                self.done = True

    def touch(self) -> str:
        """Renew the lease now; the new reservation id."""
        with self._lock:
            if self.done:
                return self._rid
            self._rid = self._queue.touch(
                self.id, reservation_id=self._rid, timeout=round(self._lease)
            )
            self._leased_at = time.monotonic()
            return self._rid

    def __enter__(self) -> Job:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            self.delete()
        else:
            self.release()


class AsyncJob(_JobBase):
    """A reserved message being processed; `async with job:` deletes or releases it."""

    def __init__(
        self, queue: AsyncQueue, message: ReservedMessage, lease: float, release_delay: int
    ) -> None:
        super().__init__(message, lease, release_delay)
        self._queue = queue
        self._lock = asyncio.Lock()

    async def delete(self) -> None:
        """Delete the message: it was handled."""
        async with self._lock:
            if not self.done:
                await self._queue.delete(self.id, reservation_id=self._rid)
                self.done = True

    async def release(self, delay: int | None = None) -> None:
        """Put the message back, available again after `delay` (default `release_delay`)."""
        async with self._lock:
            if not self.done:
                wait = self._release_delay if delay is None else delay
                await self._queue.release(self.id, reservation_id=self._rid, delay=wait)
                self.done = True

    async def touch(self) -> str:
        """Renew the lease now; the new reservation id."""
        async with self._lock:
            if self.done:
                return self._rid
            self._rid = await self._queue.touch(
                self.id, reservation_id=self._rid, timeout=round(self._lease)
            )
            self._leased_at = time.monotonic()
            return self._rid

    async def __aenter__(self) -> AsyncJob:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is None:
            await self.delete()
        else:
            await self.release()


class _ConsumerBase:
    def __init__(
        self,
        *,
        batch_size: int,
        wait: int,
        timeout: int | None,
        concurrency: int,
        renew: bool,
        release_delay: int,
        stop_when_empty: bool,
    ) -> None:
        _check(batch_size, wait, timeout, concurrency, release_delay)
        self.batch_size = batch_size
        self.wait = wait
        self.timeout = timeout
        self.concurrency = concurrency
        self.renew = renew
        self.release_delay = release_delay
        self.stop_when_empty = stop_when_empty
        self.processed = 0
        """Jobs whose handler succeeded (in `run`)."""
        self.failed = 0
        """Jobs whose handler raised (in `run`); they were released."""
        self._lease: float | None = float(timeout) if timeout else None

    def _tick(self) -> float:
        return min(MAX_TICK, (self._lease or 10.0) / 10)


class Consumer(_ConsumerBase):
    """Consumes a queue: `for job in consumer`, or `consumer.run(handler)`. See the module doc."""

    def __init__(
        self,
        queue: Queue,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int = 0,
        stop_when_empty: bool = False,
    ) -> None:
        super().__init__(
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            stop_when_empty=stop_when_empty,
        )
        self.queue = queue
        self._stopping = threading.Event()
        self._jobs: set[Job] = set()
        self._jobs_lock = threading.Lock()
        self._keeper: threading.Thread | None = None
        self._buffer: collections.deque[Job] = collections.deque()

    # lifecycle ------------------------------------------------------------------------

    def _start(self) -> None:
        if self._lease is None:
            self._lease = float(self.queue.info().message_timeout)
        if self.renew and self._keeper is None:
            self._keeper = threading.Thread(target=self._keep, name="ironmq-lease", daemon=True)
            self._keeper.start()

    def stop(self) -> None:
        """Stop reserving; in-flight jobs finish, jobs not handed out are released."""
        self._stopping.set()

    @property
    def stopping(self) -> bool:
        """Whether `stop()` was called."""
        return self._stopping.is_set()

    def close(self) -> None:
        """Stop, release jobs not handed out, and stop renewing leases."""
        self.stop()
        self._release_buffered()
        if self._keeper is not None:
            self._keeper.join(timeout=5)
            self._keeper = None

    def __enter__(self) -> Consumer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # leases ---------------------------------------------------------------------------

    def _keep(self) -> None:
        while not self._stopping.wait(self._tick()):
            self._renew_due()
        # After stop(), in-flight jobs still need their leases until they finish.
        while True:
            with self._jobs_lock:
                if not any(not j.done for j in self._jobs):
                    return
            self._renew_due()
            time.sleep(self._tick())

    def _renew_due(self) -> None:
        now = time.monotonic()
        with self._jobs_lock:
            self._jobs = {j for j in self._jobs if not j.done and not j.lost}
            due = [j for j in self._jobs if j._due(now)]
        for job in due:
            try:
                job.touch()
            except IronMQError as exc:
                job.lost = True
                log.warning("could not renew the lease of message %s: %s", job.id, exc)

    # reserving ------------------------------------------------------------------------

    def _reserve(self, n: int) -> list[Job]:
        assert self._lease is not None
        messages = self.queue.reserve(n, self.timeout, self.wait)
        jobs = [Job(self.queue, m, self._lease, self.release_delay) for m in messages]
        with self._jobs_lock:
            self._jobs.update(jobs)
        return jobs

    def _release_buffered(self) -> None:
        while self._buffer:
            job = self._buffer.popleft()
            try:
                job.release(0)
            except IronMQError as exc:
                log.warning("could not release message %s: %s", job.id, exc)

    def __iter__(self) -> Iterator[Job]:
        """Jobs, one at a time, long-polling for more; ends on `stop()` (or when empty)."""
        self._start()
        try:
            while not self._stopping.is_set():
                jobs = self._reserve(self.batch_size)
                if not jobs and self.stop_when_empty:
                    return
                self._buffer.extend(jobs)
                while self._buffer and not self._stopping.is_set():
                    yield self._buffer.popleft()
        finally:
            self.stop()  # a consumer is single-use: its iteration ended
            self._release_buffered()

    def run(self, handler: Callable[[ReservedMessage], object], *, limit: int | None = None) -> int:
        """Handle messages with up to `concurrency` threads until `stop()` (or empty, or `limit`).

        A job is deleted when `handler` returns and released when it raises (the error is
        logged). Returns how many jobs succeeded.
        """
        self._start()
        slots = threading.Semaphore(self.concurrency)
        started = 0

        counting = threading.Lock()

        def handle(job: Job) -> None:
            try:
                with job:
                    handler(job.message)
            except Exception:
                with counting:
                    self.failed += 1
                log.exception("handler failed on message %s; released it", job.id)
            else:
                with counting:
                    self.processed += 1
            finally:
                slots.release()

        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="ironmq-consumer") as pool:
            while not self._stopping.is_set() and (limit is None or started < limit):
                slots.acquire()
                free = 1
                while free < self.batch_size and slots.acquire(blocking=False):
                    free += 1
                if limit is not None:
                    keep = min(free, limit - started)
                    for _ in range(free - keep):
                        slots.release()
                    free = keep
                jobs = self._reserve(free)
                for _ in range(free - len(jobs)):
                    slots.release()
                if not jobs and self.stop_when_empty:
                    break
                for job in jobs:
                    if self._stopping.is_set():
                        job.release(0)
                        slots.release()
                        continue
                    started += 1
                    pool.submit(handle, job)
        self.stop()
        return self.processed


class AsyncConsumer(_ConsumerBase):
    """Consumes a queue: `async for job in consumer`, or `await consumer.run(handler)`."""

    def __init__(
        self,
        queue: AsyncQueue,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int = 0,
        stop_when_empty: bool = False,
    ) -> None:
        super().__init__(
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            stop_when_empty=stop_when_empty,
        )
        self.queue = queue
        self._stopping = False
        self._jobs: set[AsyncJob] = set()
        self._keeper: asyncio.Task[None] | None = None
        self._buffer: collections.deque[AsyncJob] = collections.deque()

    async def _start(self) -> None:
        if self._lease is None:
            self._lease = float((await self.queue.info()).message_timeout)
        if self.renew and self._keeper is None:
            self._keeper = asyncio.create_task(self._keep(), name="ironmq-lease")

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
        await self._release_buffered()
        if self._keeper is not None:
            self._keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._keeper
            self._keeper = None

    async def __aenter__(self) -> AsyncConsumer:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

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
                except IronMQError as exc:
                    job.lost = True
                    log.warning("could not renew the lease of message %s: %s", job.id, exc)

    async def _reserve(self, n: int) -> list[AsyncJob]:
        assert self._lease is not None
        messages = await self.queue.reserve(n, self.timeout, self.wait)
        jobs = [AsyncJob(self.queue, m, self._lease, self.release_delay) for m in messages]
        self._jobs.update(jobs)
        return jobs

    async def _release_buffered(self) -> None:
        while self._buffer:
            job = self._buffer.popleft()
            try:
                await job.release(0)
            except IronMQError as exc:
                log.warning("could not release message %s: %s", job.id, exc)

    async def __aiter__(self) -> AsyncIterator[AsyncJob]:
        """Jobs, one at a time, long-polling for more; ends on `stop()` (or when empty)."""
        await self._start()
        try:
            while not self._stopping:
                jobs = await self._reserve(self.batch_size)
                if not jobs and self.stop_when_empty:
                    return
                self._buffer.extend(jobs)
                while self._buffer and not self._stopping:
                    yield self._buffer.popleft()
        finally:
            self.stop()  # a consumer is single-use: its iteration ended
            await self._release_buffered()

    async def run(
        self, handler: Callable[[ReservedMessage], Awaitable[object]], *, limit: int | None = None
    ) -> int:
        """Handle messages with up to `concurrency` tasks until `stop()` (or empty, or `limit`).

        A job is deleted when `handler` returns and released when it raises (the error is
        logged). Returns how many jobs succeeded.
        """
        await self._start()
        slots = asyncio.Semaphore(self.concurrency)
        tasks: set[asyncio.Task[None]] = set()
        started = 0

        async def handle(job: AsyncJob) -> None:
            try:
                async with job:
                    await handler(job.message)
                self.processed += 1
            except Exception:
                self.failed += 1
                log.exception("handler failed on message %s; released it", job.id)
            finally:
                slots.release()

        try:
            while not self._stopping and (limit is None or started < limit):
                await slots.acquire()
                free = 1
                while free < self.batch_size and not slots.locked():
                    await slots.acquire()
                    free += 1
                if limit is not None:
                    keep = min(free, limit - started)
                    for _ in range(free - keep):
                        slots.release()
                    free = keep
                jobs = await self._reserve(free)
                for _ in range(free - len(jobs)):
                    slots.release()
                if not jobs and self.stop_when_empty:
                    break
                for job in jobs:
                    if self._stopping:
                        await job.release(0)
                        slots.release()
                        continue
                    started += 1
                    task = asyncio.create_task(handle(job))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
        finally:
            if tasks:
                await asyncio.gather(*tasks, return_exceptions=True)
            self.stop()
        return self.processed
