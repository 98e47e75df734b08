"""The background worker: push deliveries, expiry-driven alerts and housekeeping.

One runner task on the server's event loop (no thread, no polling) sleeps until the earliest
due time on the server's clock (the next push delivery, retry or end of a 202 window, or the
next expiry in a queue with alerts), or until `wake()` is called (a post to a push queue, an
alert change, a move of the virtual clock). It claims due jobs from the domain's `Push` and
runs each in its own task, at most `concurrency` at a time; HTTP goes through the injected
`DeliveryPort`. Once a minute (real time) it sweeps expired messages away, and it deletes the
rows of cleared and deleted queues: housekeeping goes a bounded batch per round, with the
requests that arrive meanwhile served between rounds.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ..domain.broker import Broker
from ..domain.ports import DeliveryPort
from ..domain.values import Delivery, Job, Outcome
from .clock import Clock

log = logging.getLogger("ironmq_local.push")

_SLACK = 0.002  # seconds: look again a little after a due time, so it has really passed
_ERROR_PAUSE = 1.0  # seconds between rounds after an unexpected error
SWEEP_EVERY = 60.0  # real seconds between housekeeping sweeps


class Pusher:
    """Background delivery of push-queue messages, alert expiry checks and sweeps."""

    def __init__(
        self,
        broker: Broker,
        clock: Clock,
        port: DeliveryPort,
        *,
        timeout: float,
        concurrency: int,
    ) -> None:
        self.broker = broker
        self.push = broker.push
        self.clock = clock
        self.port = port
        self.timeout = timeout
        self.concurrency = concurrency
        self._wake = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._next_sweep = 0.0  # loop time

    def wake(self) -> None:
        """Look for due work now (something was posted or the clock moved)."""
        self._wake.set()

    def start(self) -> None:
        """Recover deliveries left in flight by a previous process and start the runner."""
        self.push.recover()
        loop = asyncio.get_running_loop()
        self._next_sweep = loop.time() + SWEEP_EVERY
        self._runner = loop.create_task(self._run())

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
                log.exception("background worker round failed")
                timeout = _ERROR_PAUSE
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout + _SLACK)

    def _round(self) -> float:
        """Start due jobs; return real seconds until the next due time or sweep (0 while
        housekeeping has more batches to do: one per round, requests in between)."""
        messages = self.broker.messages
        more = messages.expire_alerted()
        more |= messages.purge_dropped()
        loop = asyncio.get_running_loop()
        if loop.time() >= self._next_sweep:
            swept_all = not messages.sweep()
            more |= not swept_all
            self._next_sweep = loop.time() + (SWEEP_EVERY if swept_all else 0.0)
        until_sweep = 0.0 if more else max(0.0, self._next_sweep - loop.time())
        free = self.concurrency - len(self._tasks)
        if free <= 0:
            return until_sweep  # a finishing job wakes us
        jobs = self.push.claim(free)
        for job in jobs:
            task = loop.create_task(self._run_job(job))
            self._tasks.add(task)
            task.add_done_callback(self._done)
        if len(jobs) == free:
            return until_sweep
        due = self.broker.next_due()
        real = None if due is None else self.clock.real_seconds_until(due)
        return until_sweep if real is None else min(real, until_sweep)

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
            self.push.record(job, results)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("push delivery of message %s failed", job.message_id)

    async def _deliver(self, job: Job, delivery: Delivery) -> Outcome:
        if delivery.url.startswith(("http://", "https://")):
            body = job.body.encode("utf-8", errors="replace")
            return await self.port.deliver(delivery.url, body, delivery.headers, self.timeout)
        return self.push.deliver_internal(job, delivery)
