"""Consumers: long-poll a queue, hand out messages as jobs, keep their leases alive.

    with mq.queue("jobs").consumer(batch_size=10) as consumer:
        for job in consumer:
            with job:              # deleted when the block succeeds,
                handle(job.body)   # released (after a growing delay) when it raises

or `consumer.run(handler, ...)` with up to `concurrency` handlers at once. While a job is
out, a lease keeper touches its reservation when half of it has passed and swaps in the
new reservation id, so long handlers do not lose their messages. `stop()` (from a signal
handler, say) stops reserving after the current long poll; in-flight jobs finish, and
reserved jobs not handed out yet are released.

A consumer rides out what a worker meets in production (see `_failures`): when reserving,
renewing or acknowledging fails for a transient reason (a dropped connection, a 5xx storm,
a restarting server), it logs one line, pauses (bounded, jittered) and goes on; only
configuration errors (401, a missing queue) end `run()`. A failed message comes back after
a delay growing with its attempts, and with `max_attempts` it is given up (handed to
`on_exhausted`, then deleted); without, the queue's dead-letter setting is the limit.

`Consumer` runs handlers on threads and `AsyncConsumer` (`_async_consumer`) on tasks, so
unlike the queue and client classes they are two implementations, not a generated pair;
what they share is in `_consuming`.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from types import TracebackType
from typing import TypeVar

from ._consuming import ConsumableQueue, ConsumerBase, ExhaustedHandler, is_async, within_limit
from ._errors import IronMQError
from ._failures import Outage, log
from ._messages import ReservedMessage
from ._queue_info import QueueInfo
from ._sync.job import Job

T = TypeVar("T")


class Consumer(ConsumerBase):
    """Consumes a queue: `for job in consumer`, or `consumer.run(handler)`. See the module doc.

    Args:
        queue: the queue to consume.
        batch_size: messages reserved per request (1-100).
        wait: long-poll seconds per reservation (0-30).
        timeout: reservation seconds; None: the queue's `message_timeout`.
        concurrency: handlers at once in `run()`.
        renew: keep renewing the leases of jobs that are out.
        release_delay: seconds before a failed message is available again; None (default):
            1 s after its first attempt, doubling per attempt up to 10 minutes.
        max_attempts: give up on a message whose handler failed this many times (its
            `reserved_count`); None: never (the queue's dead-letter setting, if any, moves it).
        on_exhausted: called with the message and the last error when giving up; the message
            is then deleted. If it raises, the message is released instead. Without it a
            given-up message is deleted, logged at ERROR.
        stop_when_empty: end when a reservation finds nothing new (messages this consumer
            already failed do not count).
    """

    def __init__(
        self,
        queue: ConsumableQueue,
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
        if is_async(on_exhausted):
            raise TypeError("on_exhausted of a Consumer must be a plain function, not async")
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
        self._stopping = threading.Event()
        self._jobs: set[Job] = set()
        self._jobs_lock = threading.Lock()
        self._keeper: threading.Thread | None = None
        self._buffer: collections.deque[Job] = collections.deque()
        self._held: list[Job] = []
        self._outage = Outage("reserving", self._queue_name)

    # lifecycle ------------------------------------------------------------------------

    def _start(self) -> bool:
        """Read the queue (a missing one is fatal) and start the keeper; False if stopped."""
        info: QueueInfo | None = self._retrying(self.queue.info)
        if info is None:
            return False
        if self._lease is None:
            self._lease = float(info.message_timeout)
        if self.renew and self._keeper is None:
            self._keeper = threading.Thread(target=self._keep, name="ironmq-lease", daemon=True)
            self._keeper.start()
        return True

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
        self._hand_back()
        self._join_keeper()

    def _join_keeper(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.join(timeout=5)  # it ends once in-flight jobs are done

    def __enter__(self) -> Consumer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # failures -------------------------------------------------------------------------

    def _retrying(self, call: Callable[[], T]) -> T | None:
        """`call()`, tried again after transient failures; None if stopped meanwhile."""
        while True:
            try:
                result = call()
            except IronMQError as error:
                if self._stopping.wait(self._outage.failed(error)):
                    return None
            else:
                self._outage.recovered()
                return result

    def _sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def _give_up(self, message: ReservedMessage, error: Exception) -> bool:
        """Run `on_exhausted`; whether the message may be deleted."""
        if self.on_exhausted is not None:
            try:
                self.on_exhausted(message, error)
            except Exception:
                log.exception("on_exhausted failed on message %s; released it", message.id)
                self._kept(message.id)
                return False
        return True

    # leases ---------------------------------------------------------------------------

    def _keep(self) -> None:
        while not self._stopping.wait(self._tick()):
            self._renew_due()
        # After stop(), in-flight jobs still need their leases until they finish.
        while True:
            with self._jobs_lock:
                if all(j.done for j in self._jobs):
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
            except Exception as error:  # the keeper must outlive any failure
                self._renewal_failed(job, error, now)

    # reserving ------------------------------------------------------------------------

    def _reserve(self, n: int) -> list[Job]:
        assert self._lease is not None
        lease = self._lease
        messages = self._retrying(lambda: self.queue.reserve(n, self.timeout, self.wait))
        jobs = [Job(self, m, lease) for m in messages or ()]
        with self._jobs_lock:
            self._jobs.update(jobs)
        return jobs

    def _hand_back(self, jobs: Iterable[Job] = ()) -> None:
        """Release at once `jobs` and every job reserved but not handed out."""
        pending = [*jobs, *self._buffer, *self._held]
        self._buffer.clear()
        self._held.clear()
        for job in pending:
            try:
                job.release(0)
            except IronMQError as exc:
                log.warning("could not release message %s: %s", job.id, exc)

    def __iter__(self) -> Iterator[Job]:
        """Jobs, one at a time, long-polling for more; ends on `stop()` (or when empty)."""
        try:
            if not self._start():
                return
            while not self._stopping.is_set():
                jobs = self._reserve(self.batch_size)
                if not jobs and self.stop_when_empty:
                    return
                self._buffer.extend(self._set_aside(jobs, self._held))
                while self._buffer and not self._stopping.is_set():
                    yield self._buffer.popleft()
        finally:
            self.stop()  # a consumer is single-use: its iteration ended
            self._hand_back()

    def _next_jobs(
        self, slots: threading.Semaphore, started: int, limit: int | None
    ) -> list[Job] | None:
        """Jobs for the free handler slots; None when the run ends.

        A slot is a handler that may start. We reserve only as many messages as there are
        free slots, so no reserved message waits for a handler while its lease runs down
        (another consumer could take it meanwhile); each handler frees its slot when done.
        """
        slots.acquire()  # wait until at least one handler is free,
        free = 1
        while free < self.batch_size and slots.acquire(blocking=False):
            free += 1  # then take every other free one, up to a batch
        jobs = self._reserve(within_limit(free, started, limit))
        if self._stopping.is_set():  # stopped during the long poll: hand back
            self._hand_back(jobs)
            jobs = []
        fresh = self._set_aside(jobs, self._held)
        for _ in range(free - len(fresh)):  # slots nobody will use
            slots.release()
        if self._stopping.is_set() or (not jobs and self.stop_when_empty):
            return None
        return fresh

    def run(self, handler: Callable[[ReservedMessage], object], *, limit: int | None = None) -> int:
        """Handle messages with up to `concurrency` threads until `stop()` (or empty, or `limit`).

        A job is deleted when `handler` returns and released when it raises (logged once,
        see `release_delay` and `max_attempts`). Transient failures of the server are
        ridden out; only configuration errors (401, a missing queue) are raised.
        Returns how many jobs succeeded (`processed`).
        """
        if is_async(handler):  # its coroutines would never run, and every message be deleted
            raise TypeError(
                f"Consumer.run() needs a plain function, not the async {handler!r}; "
                "use AsyncConsumer (AsyncIronMQ) for async handlers"
            )
        slots = threading.Semaphore(self.concurrency)
        started = 0

        def handle(job: Job) -> None:
            try:
                with job:
                    handler(job.message)
            except Exception as exc:
                if exc is not job.error:  # the job logged its handler's error; not this one
                    log.exception("consumer error on message %s", job.id)
            finally:
                slots.release()

        try:
            if not self._start():
                return self.processed
            with ThreadPoolExecutor(self.concurrency, thread_name_prefix="ironmq-consumer") as pool:
                while not self._stopping.is_set() and (limit is None or started < limit):
                    jobs = self._next_jobs(slots, started, limit)
                    if jobs is None:
                        break
                    started += len(jobs)
                    for job in jobs:
                        pool.submit(handle, job)
        finally:
            self.stop()
            self._hand_back()
            self._join_keeper()  # never leave a keeper thread behind, even on an error
        return self.processed
