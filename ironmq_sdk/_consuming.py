"""What the sync and async consumers share: settings, counters, lease timing, the job's state.

A consumer hands out reserved messages as jobs. While a job is out, a lease keeper touches
its reservation when half of it has passed (`RENEW_AT`), so handlers that run longer than
the reservation timeout keep their message; a touch replaces the reservation id, which
is why a job carries its current one rather than the message's. How consumers meet
failures (of requests and of handlers) is in `_failures`.
"""

from __future__ import annotations

import functools
import inspect
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from . import _validate as v
from ._errors import IronMQError
from ._failures import FailureLog, FailurePolicy, is_transient, log
from ._messages import ReservedMessage
from ._queue_info import QueueInfo
from ._types import MessageRef

J = TypeVar("J", bound="JobBase")

RENEW_AT = 0.5
"""Fraction of a lease after which the keeper renews it."""

MAX_TICK = 1.0
"""Longest pause between the keeper's checks, in seconds."""


class ConsumableQueue(Protocol):
    """What a `Consumer` and its jobs use of a `Queue`."""

    def info(self) -> QueueInfo: ...

    def reserve(
        self, n: int = 1, timeout: int | None = None, wait: int | None = None, delete: bool = False
    ) -> list[ReservedMessage]: ...

    def delete(
        self,
        message: MessageRef,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> None: ...

    def release(
        self, message: MessageRef, reservation_id: str | None = None, delay: int = 0
    ) -> None: ...

    def touch(
        self, message: MessageRef, reservation_id: str | None = None, timeout: int | None = None
    ) -> str | None: ...


class AsyncConsumableQueue(Protocol):
    """What an `AsyncConsumer` and its jobs use of an `AsyncQueue`."""

    async def info(self) -> QueueInfo: ...

    async def reserve(
        self, n: int = 1, timeout: int | None = None, wait: int | None = None, delete: bool = False
    ) -> list[ReservedMessage]: ...

    async def delete(
        self,
        message: MessageRef,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> None: ...

    async def release(
        self, message: MessageRef, reservation_id: str | None = None, delay: int = 0
    ) -> None: ...

    async def touch(
        self, message: MessageRef, reservation_id: str | None = None, timeout: int | None = None
    ) -> str | None: ...


class JobOwner(Protocol):
    """What a `Job` uses of its `Consumer`: the queue, the failure policy, the counters."""

    @property
    def queue(self) -> ConsumableQueue: ...

    @property
    def policy(self) -> FailurePolicy: ...

    def _tally(self, counter: str) -> None: ...

    def _handler_failed(self, job: JobBase, error: Exception, outcome: str) -> None: ...

    def _settle_failed(self, job: JobBase, verb: str, error: Exception) -> None: ...

    def _give_up(self, message: ReservedMessage, error: Exception) -> bool: ...

    def _sleep(self, seconds: float) -> None: ...


class AsyncJobOwner(Protocol):
    """What an `AsyncJob` uses of its `AsyncConsumer`."""

    @property
    def queue(self) -> AsyncConsumableQueue: ...

    @property
    def policy(self) -> FailurePolicy: ...

    def _tally(self, counter: str) -> None: ...

    def _handler_failed(self, job: JobBase, error: Exception, outcome: str) -> None: ...

    def _settle_failed(self, job: JobBase, verb: str, error: Exception) -> None: ...

    async def _give_up(self, message: ReservedMessage, error: Exception) -> bool: ...

    async def _sleep(self, seconds: float) -> None: ...


ExhaustedHandler = Callable[[ReservedMessage, Exception], Any]
"""Called with a message and its last error when a consumer gives up on it."""


def check_settings(
    *,
    batch_size: int,
    wait: int,
    timeout: int | None,
    concurrency: int,
    release_delay: int | None,
    max_attempts: int | None,
) -> None:
    """Reject consumer settings out of range before anything is reserved."""
    v.count("batch_size", batch_size)
    v.wait(wait)
    v.reservation_timeout(timeout)
    v.integer("concurrency", concurrency, 1, 1000)
    if release_delay is not None:
        v.delay(release_delay, "release_delay")
    v.optional_integer("max_attempts", max_attempts, 1)


def is_async(fn: object) -> bool:
    """Whether calling `fn` gives an awaitable: an `async def` function, a partial of one,
    or an object with an `async def __call__`."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    call = getattr(fn, "__call__", None)  # noqa: B004  # the object's own __call__
    return inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(call)


def renewal_due(now: float, leased_at: float, lease: float) -> bool:
    """Whether a lease taken at `leased_at` for `lease` seconds should be renewed now."""
    return now - leased_at >= lease * RENEW_AT


def within_limit(free: int, started: int, limit: int | None) -> int:
    """How many of `free` handler slots to fill when `started` jobs of at most `limit` ran."""
    return free if limit is None else min(free, limit - started)


class JobBase:
    """A job's state: its message, current reservation and lease, and how it ended."""

    done: bool
    """Whether the job was deleted or released."""
    lost: bool
    """Whether its reservation was lost (renewing or deleting it failed): the message
    will be delivered again."""
    error: BaseException | None
    """What the handler raised, if it did."""

    def __init__(self, message: ReservedMessage, lease: float) -> None:
        self.message = message
        """The message as reserved (its `reservation_id` may since have been renewed)."""
        self._rid = message.reservation_id
        # An IronMQ v2 reservation (it has no id) says how long it lasts: the message's timeout
        own = message.timeout if message.reservation_id is None else None
        self._lease = float(own or lease)
        self._leased_at = time.monotonic()
        self._renewal_failing = False
        self.done = False
        self.lost = False
        self.error = None

    @property
    def id(self) -> str:
        """The message's id."""
        return self.message.id

    @property
    def body(self) -> str:
        """The message's content."""
        return self.message.body

    @property
    def reservation_id(self) -> str | None:
        """The current reservation id (renewals replace it); None on IronMQ v2, which names a
        reserved message by its id alone."""
        return self._rid

    @property
    def attempt(self) -> int:
        """Which attempt at the message this is: its `reserved_count`, from 1.

        IronMQ counts a lease renewal as a reservation too, as its dead-letter setting does.
        """
        return max(self.message.reserved_count, 1)

    def _due(self, now: float) -> bool:
        return not self.done and not self.lost and renewal_due(now, self._leased_at, self._lease)

    def _expired(self, now: float) -> bool:
        return now - self._leased_at >= self._lease

    def _renewed(self, rid: str | None) -> None:
        self._rid = rid
        self._leased_at = time.monotonic()
        self._renewal_failing = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, done={self.done})"


class ConsumerBase:
    """A consumer's settings, counters and failure bookkeeping."""

    # Declared once here: the counters are assigned from several methods and threads, and
    # type checkers (pyright --verifytypes) should not have to infer them.
    policy: FailurePolicy
    on_exhausted: ExhaustedHandler | None
    processed: int
    failed: int
    given_up: int
    lost: int

    def __init__(
        self,
        *,
        queue_name: str,
        batch_size: int,
        wait: int,
        timeout: int | None,
        concurrency: int,
        renew: bool,
        release_delay: int | None,
        max_attempts: int | None,
        on_exhausted: ExhaustedHandler | None,
        stop_when_empty: bool,
    ) -> None:
        check_settings(
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            release_delay=release_delay,
            max_attempts=max_attempts,
        )
        if on_exhausted is not None and not callable(on_exhausted):
            raise TypeError(f"on_exhausted must be callable, not {type(on_exhausted).__name__}")
        self.batch_size = batch_size
        self.wait = wait
        self.timeout = timeout
        self.concurrency = concurrency
        self.renew = renew
        self.policy = FailurePolicy(release_delay, max_attempts)
        """The release delay and attempt limit applied to failed messages."""
        self.on_exhausted = on_exhausted
        self.stop_when_empty = stop_when_empty
        self.processed = 0
        """Jobs whose handler succeeded and whose message was deleted."""
        self.failed = 0
        """Handler failures (each attempt counts; the message was released or given up)."""
        self.given_up = 0
        """Messages given up after `max_attempts` (handed to `on_exhausted`, then deleted)."""
        self.lost = 0
        """Jobs that succeeded but could not be deleted (their reservation was lost or the
        server unreachable until it ran out): their messages will be delivered again."""
        self._queue_name = queue_name
        self._count_lock = threading.Lock()
        self._failures = FailureLog()
        # With stop_when_empty and no attempt limit, a message this consumer already failed
        # is set aside when it comes back, so that a run ends (each message tried once) even
        # when a handler always fails and release_delay is 0.
        self._failed_ids: set[str] = set()
        # The lease is the reservation timeout; without one, the queue's default, which
        # `_start` reads from the queue before the first reservation.
        self._lease: float | None = float(timeout) if timeout else None

    @property
    def release_delay(self) -> int | None:
        """Seconds before a failed message is available again; None: growing per attempt."""
        return self.policy.release_delay

    @property
    def max_attempts(self) -> int | None:
        """Attempts after which a failing message is given up; None: never."""
        return self.policy.max_attempts

    def _tick(self) -> float:
        # Check often enough to renew a short lease well before it runs out.
        return min(MAX_TICK, (self._lease or 10.0) / 10)

    def _tally(self, counter: str) -> None:
        # Handlers on several threads finish at once; `+=` on an attribute is not atomic.
        with self._count_lock:
            setattr(self, counter, getattr(self, counter) + 1)

    def _handler_failed(self, job: JobBase, error: Exception, outcome: str) -> None:
        job.error = error
        self._failures.failed(job.id, job.attempt, error, outcome)
        with self._count_lock:
            self.failed += 1
            if self.stop_when_empty and self.policy.max_attempts is None:
                self._failed_ids.add(job.id)

    def _kept(self, message_id: str) -> None:
        """A message given up went back to the queue (its `on_exhausted` failed)."""
        if self.stop_when_empty:
            with self._count_lock:
                self._failed_ids.add(message_id)

    def _set_aside(self, jobs: list[J], held: list[J]) -> list[J]:
        """The jobs to hand out; messages this run already failed wait in `held` (still
        reserved, so that the next reservation brings others) until the run ends."""
        if not self._failed_ids:
            return jobs
        with self._count_lock:
            fresh = [job for job in jobs if job.id not in self._failed_ids]
        held += [job for job in jobs if job.id in self._failed_ids]
        return fresh

    def _renewal_failed(self, job: JobBase, error: Exception, now: float) -> None:
        """A touch failed: try again next tick while the lease lasts, else the job is lost."""
        if is_transient(error) and not job._expired(now):
            if not job._renewal_failing:
                job._renewal_failing = True
                log.warning("could not renew the lease of message %s: %s; retrying", job.id, error)
            return
        job.lost = True
        log.warning(
            "lost the lease of message %s: %s; it may be delivered again",
            job.id,
            error,
            exc_info=not isinstance(error, IronMQError),  # not the server's: a bug to see
        )

    def _settle_failed(self, job: JobBase, verb: str, error: Exception) -> None:
        """Deleting or releasing a job failed for good; log it (and count a lost delete)."""
        if verb == "release":  # harmless: the message comes back anyway, only later
            log.warning(
                "could not release message %s: %s; it comes back when its reservation ends",
                job.id,
                error,
            )
            return
        job.lost = True
        self._tally("lost")
        log.warning("could not delete message %s: %s; it will be delivered again", job.id, error)
