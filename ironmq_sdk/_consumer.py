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

`Consumer` runs handlers on threads and `AsyncConsumer` on tasks, so unlike the queue and
client classes they are two implementations, not a generated pair; what they share is in
`_consuming`.
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

from ._async.job import AsyncJob
from ._consuming import AsyncConsumableQueue, ConsumableQueue, ConsumerBase, within_limit
from ._errors import IronMQError
from ._messages import ReservedMessage
from ._sync.job import Job

log = logging.getLogger("ironmq_sdk.consumer")


class Consumer(ConsumerBase):
    """Consumes a queue: `for job in consumer`, or `consumer.run(handler)`. See the module doc."""

    def __init__(
        self,
        queue: ConsumableQueue,
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
        # an IronMQ v2 answer says how long each reservation lasts (its `timeout`)
        jobs = [Job(self.queue, m, m.timeout or self._lease, self.release_delay) for m in messages]
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

        # A slot is a handler that may start. We reserve only as many messages as there are
        # free slots, so no reserved message waits for a handler while its lease runs down
        # (another consumer could take it meanwhile); each handler frees its slot when done.
        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="ironmq-consumer") as pool:
            while not self._stopping.is_set() and (limit is None or started < limit):
                slots.acquire()  # wait until at least one handler is free,
                free = 1
                while free < self.batch_size and slots.acquire(blocking=False):
                    free += 1  # then take every other free one, up to a batch
                keep = within_limit(free, started, limit)
                for _ in range(free - keep):
                    slots.release()
                jobs = self._reserve(keep)
                for _ in range(keep - len(jobs)):  # fewer messages than slots: give back
                    slots.release()
                if not jobs and self.stop_when_empty:
                    break
                for job in jobs:
                    if self._stopping.is_set():  # stopped during the long poll: hand back
                        job.release(0)
                        slots.release()
                        continue
                    started += 1
                    pool.submit(handle, job)
        self.stop()
        return self.processed


class AsyncConsumer(ConsumerBase):
    """Consumes a queue: `async for job in consumer`, or `await consumer.run(handler)`."""

    def __init__(
        self,
        queue: AsyncConsumableQueue,
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
        # an IronMQ v2 answer says how long each reservation lasts (its `timeout`)
        jobs = [
            AsyncJob(self.queue, m, m.timeout or self._lease, self.release_delay) for m in messages
        ]
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

        # Slots as in `Consumer.run`: reserve only what free handlers can start at once.
        try:
            while not self._stopping and (limit is None or started < limit):
                await slots.acquire()  # wait until at least one handler is free,
                free = 1
                while free < self.batch_size and not slots.locked():
                    await slots.acquire()  # then take every other free one (never blocks)
                    free += 1
                keep = within_limit(free, started, limit)
                for _ in range(free - keep):
                    slots.release()
                jobs = await self._reserve(keep)
                for _ in range(keep - len(jobs)):  # fewer messages than slots: give back
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
