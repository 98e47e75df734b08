"""`AsyncJob`: a reserved message being processed, deleted or released when done."""

from __future__ import annotations

import asyncio
import time
from types import TracebackType

from .._consuming import AsyncJobOwner, JobBase
from .._errors import IronMQError, MessageNotFoundError, ReservationExpiredError
from .._failures import is_transient, log, pause
from .._messages import ReservedMessage


class AsyncJob(JobBase):
    """A reserved message being processed; `async with job:` settles it.

    When the block succeeds the message is deleted (`processed`); when it raises, the
    message is released after the consumer's delay for this attempt (`failed`), or given
    up once `max_attempts` are used. Failures of those requests never escape the block:
    transient ones are retried while the reservation lasts, and a job that could not be
    deleted is reported `lost` (its message will be delivered again).
    """

    done: bool  # set here, declared again so type checkers need not infer it (pyright)

    def __init__(self, owner: AsyncJobOwner, message: ReservedMessage, lease: float) -> None:
        super().__init__(message, lease)
        self._owner = owner
        self._queue = owner.queue
        # The handler and the lease keeper both act on the job: one of them at a time.
        self._lock = asyncio.Lock()

    async def delete(self) -> None:
        """Delete the message: it was handled."""
        if await self._delete():
            self._owner._tally("processed")

    async def _delete(self) -> bool:
        async with self._lock:
            if self.done:
                return False
            await self._queue.delete(self.id, reservation_id=self._rid)
            self.done = True
            return True

    async def release(self, delay: int | None = None) -> None:
        """Put the message back, available again after `delay` (default: the consumer's
        delay for this attempt)."""
        async with self._lock:
            if not self.done:
                wait = self._owner.policy.delay(self.attempt) if delay is None else delay
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
            rid = await self._queue.touch(self.id, reservation_id=self._rid, timeout=timeout)
            self._renewed(rid)
            return rid

    async def _settle(self, verb: str, delay: int = 0) -> bool:
        """Delete or release, retrying transient failures while the reservation lasts."""
        streak = 0
        unsure = False  # whether an earlier try may have gone through unanswered
        while True:
            try:
                if verb == "release":
                    await self.release(delay)
                else:
                    await self._delete()
                return True
            except (MessageNotFoundError, ReservationExpiredError) as error:
                if not unsure:
                    self._owner._settle_failed(self, verb, error)
                    return False
                # The reservation is gone because our own lost try used it: done.
                log.info("message %s: an earlier %s went through", self.id, verb)
                self.done = True
                return True
            except IronMQError as error:
                unsure = unsure or error.maybe_applied
                streak += 1
                # Past the lease, the reservation id is stale: every try would be a 403.
                if not is_transient(error) or self._expired(time.monotonic()):
                    self._owner._settle_failed(self, verb, error)
                    return False
                if streak == 1:
                    log.warning("could not %s message %s: %s; retrying", verb, self.id, error)
                await self._owner._sleep(pause(streak))

    async def _failed(self, error: Exception) -> None:
        """The handler raised: release the message, or give it up after its last attempt."""
        policy = self._owner.policy
        # The attempt is the server's count (reserved_count), so it survives worker restarts.
        if not policy.exhausted(self.attempt):
            delay = policy.delay(self.attempt)
            self._owner._handler_failed(self, error, f"released for {delay}s")
            await self._settle("release", delay)
            return
        self._owner._handler_failed(self, error, "giving up on it")
        if await self._owner._give_up(self.message, error):
            if await self._settle("delete"):
                self._owner._tally("given_up")
        else:  # kept, and not sooner than by the growing delay: the callback may be down
            await self._settle("release", policy.kept_delay(self.attempt))

    async def __aenter__(self) -> AsyncJob:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.done:
            return  # settled inside the block (job.delete() or job.release())
        if exc is None:
            if await self._settle("delete"):
                self._owner._tally("processed")
        elif isinstance(exc, Exception):
            await self._failed(exc)
        else:  # cancelled or interrupted: not the message's fault, so back at once
            await self._settle("release", 0)
