"""What the sync and async consumers share: settings, lease timing, the job's state.

A consumer hands out reserved messages as jobs. While a job is out, a lease keeper touches
its reservation when half of it has passed (`RENEW_AT`), so handlers that run longer than
the reservation timeout keep their message; a touch replaces the reservation id, which
is why a job carries its current one rather than the message's.
"""

from __future__ import annotations

import time
from typing import Protocol

from . import _validate as v
from ._messages import ReservedMessage
from ._queue_info import QueueInfo
from ._types import MessageRef

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


def check_settings(
    batch_size: int, wait: int, timeout: int | None, concurrency: int, release_delay: int
) -> None:
    """Reject consumer settings out of range before anything is reserved."""
    v.count("batch_size", batch_size)
    v.wait(wait)
    v.reservation_timeout(timeout)
    v.integer("concurrency", concurrency, 1, 1000)
    v.delay(release_delay, "release_delay")


def renewal_due(now: float, leased_at: float, lease: float) -> bool:
    """Whether a lease taken at `leased_at` for `lease` seconds should be renewed now."""
    return now - leased_at >= lease * RENEW_AT


def within_limit(free: int, started: int, limit: int | None) -> int:
    """How many of `free` handler slots to fill when `started` jobs of at most `limit` ran."""
    return free if limit is None else min(free, limit - started)


class JobBase:
    """A job's state: its message, current reservation and lease, and whether it is done."""

    done: bool
    """Whether the job was deleted or released."""
    lost: bool
    """Whether renewing the lease failed (the reservation may have expired)."""

    def __init__(self, message: ReservedMessage, lease: float, release_delay: int) -> None:
        self.message = message
        """The message as reserved (its `reservation_id` may since have been renewed)."""
        self._rid = message.reservation_id
        self._lease = lease
        self._leased_at = time.monotonic()
        self._release_delay = release_delay
        self.done = False
        self.lost = False

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

    def _due(self, now: float) -> bool:
        return not self.done and not self.lost and renewal_due(now, self._leased_at, self._lease)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, done={self.done})"


class ConsumerBase:
    """A consumer's settings and counters."""

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
        check_settings(batch_size, wait, timeout, concurrency, release_delay)
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
        # The lease is the reservation timeout; without one, the queue's default, which
        # `_start` reads from the queue before the first reservation.
        self._lease: float | None = float(timeout) if timeout else None

    def _tick(self) -> float:
        # Check often enough to renew a short lease well before it runs out.
        return min(MAX_TICK, (self._lease or 10.0) / 10)
