"""The push worker: runs due deliveries on the server's event loop, no thread and no polling.

One runner task sleeps until the earliest due time on the server's clock (the next push
delivery, retry or end of a 202 window, or the next expiry in a queue with alerts), or until
`wake()` is called (a post to a push queue, an alert change, a move of the virtual clock).
It claims due jobs from `PushBook` and runs each in its own task, at most `concurrency` at a
time; HTTP goes through the injected `DeliveryPort`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ._broker import Broker
from ._push import Delivery, DeliveryPort, Job, Outcome

log = logging.getLogger("ironmq_local.push")

_SLACK = 0.002  # seconds: look again a little after a due time, so it has really passed
_ERROR_PAUSE = 1.0  # seconds between rounds after an unexpected error


class Pusher:
    """Background delivery of push-queue messages (and expiry-driven alert checks)."""

    def __init__(
        self, broker: Broker, port: DeliveryPort, *, timeout: float, concurrency: int
    ) -> None:
        self.broker = broker
        self.book = broker.push
        self.clock = broker.clock
        self.port = port
        self.timeout = timeout
        self.concurrency = concurrency
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None

    def wake(self) -> None:
        """Look for due work now (something was posted or the clock moved)."""
        self._wake.set()

    def start(self) -> None:
        """Recover deliveries left in flight by a previous process and start the runner."""
        self.book.recover()
        self._runner = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        """Cancel the runner and every delivery in flight (they are redone after a restart)."""
        tasks = [*self._tasks, *([self._runner] if self._runner else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._runner = None

    async def _run(self) -> None:
        while True:
            self._wake.clear()
            try:
                timeout = self._round()
            except Exception:
                log.exception("push worker round failed")
                timeout = _ERROR_PAUSE
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(
                    self._wake.wait(), None if timeout is None else timeout + _SLACK
                )

    def _round(self) -> float | None:
        """Start due jobs; return real seconds until the next due time (None: only a wake)."""
        self.broker.expire_alerted()
        free = self.concurrency - len(self._tasks)
        if free <= 0:
            return None  # a finishing job wakes us
        jobs = self.book.claim(free)
        for job in jobs:
            task = asyncio.get_running_loop().create_task(self._run_job(job))
            self._tasks.add(task)
            task.add_done_callback(self._done)
        if len(jobs) == free:
            return None
        due = [t for t in (self.book.next_due(), self.broker.next_alert_due()) if t is not None]
        if not due:
            return None
        return self.clock.real_seconds_until(min(due))

    def _done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        self._wake.set()

    async def _run_job(self, job: Job) -> None:
        try:
            results: list[tuple[Delivery, Outcome]] = []
            if job.unicast:
                for delivery in job.deliveries:
                    outcome = await self._deliver(job, delivery)
                    results.append((delivery, outcome))
                    if outcome.delivered or outcome.reserved:
                        break
            else:
                outcomes = await asyncio.gather(*(self._deliver(job, d) for d in job.deliveries))
                results = list(zip(job.deliveries, outcomes, strict=True))
            self.book.record(job, results)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("push delivery of message %s failed", job.message_id)

    async def _deliver(self, job: Job, delivery: Delivery) -> Outcome:
        if delivery.url.startswith(("http://", "https://")):
            body = job.body.encode("utf-8", errors="replace")
            return await self.port.deliver(delivery.url, body, delivery.headers, self.timeout)
        return self.book.deliver_internal(job, delivery)
