"""`AsyncJob`: a reserved message being processed, deleted or released when done."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

from .._consuming import AsyncConsumableQueue, JobBase
from .._messages import ReservedMessage


class AsyncJob(JobBase):
    """A reserved message being processed; `async with job:` deletes or releases it."""

    done: bool  # set here, declared again so type checkers need not infer it (pyright)

    def __init__(
        self,
        queue: AsyncConsumableQueue,
        message: ReservedMessage,
        lease: float,
        release_delay: int,
    ) -> None:
        super().__init__(message, lease, release_delay)
        self._queue = queue
        # The handler and the lease keeper both act on the job: one of them at a time.
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

    async def touch(self) -> str | None:
        """Renew the lease now; the new reservation id (None on IronMQ v2)."""
        async with self._lock:
            if self.done:
                return self._rid
            # Without a reservation id the version is IronMQ v2, whose touch takes no timeout:
            # it renews the reservation for the message's own timeout, which is the lease.
            timeout = round(self._lease) if self._rid else None
            self._rid = await self._queue.touch(self.id, reservation_id=self._rid, timeout=timeout)
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
