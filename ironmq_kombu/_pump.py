"""The consuming side of a channel: an asyncio loop in a thread that talks to IronMQ.

kombu calls a channel from one thread and expects `drain_events` to come back within its
timeout, which is what lets a Celery worker notice SIGTERM. So nothing here blocks that
thread: one long poll per watched queue, the lease keeper and the acknowledgements all run
as tasks of an `AsyncIronMQ` on a private event loop, and the channel only takes messages
that are already reserved (`take`) and hands back verdicts (`ack`, `release`), which are
batched. Every reservation id is kept per delivery tag, because IronMQ v3 deletes, touches
and releases a reserved message only with its current reservation id.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import random
import threading
import time
from collections.abc import Callable, Coroutine, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ironmq_sdk import (
    APIStatusError,
    AsyncIronMQ,
    AsyncQueue,
    IronMQError,
    NotFoundError,
    QueueNotFoundError,
    ReservationExpiredError,
    ReservedMessage,
)

from ._payload import from_body
from ._settings import MAX_BATCH, Settings

log = logging.getLogger("ironmq_kombu")

T = TypeVar("T")

BACKOFF_BASE = 0.5
BACKOFF_CAP = 5.0
"""Bounds of the jittered back-off after a failed reservation request, in seconds."""


def backoff(failures: int) -> float:
    """Seconds to wait after `failures` failed requests in a row ("full jitter")."""
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(failures, 16)))


@dataclass(eq=False)
class Lease:
    """A message this channel reserved, from reservation to delete or release."""

    queue: str
    """The kombu queue it came from."""
    message_id: str
    reservation_id: str
    """The current reservation id: renewals replace it."""
    payload: dict[str, Any] = field(repr=False)
    renewed_at: float = field(default_factory=time.monotonic)
    touching: bool = False
    """A renewal is in flight: a delete must wait for its new reservation id."""
    lost: bool = False
    """The reservation ran out (or the message was deleted): someone else may get it now."""

    @property
    def tag(self) -> str:
        """The delivery tag: the first reservation id, unique to this delivery."""
        return str(self.payload["properties"]["delivery_tag"])


class Pump:
    """Reserves from the watched queues, keeps leases alive and settles acks and releases.

    Args:
        settings: the transport's settings.
        capacity: how many more messages the channel may take now (None: no limit); called
            on the pump's thread, so it must only read.
        on_ready: called on the pump's thread when reserved messages are waiting in `take`.
    """

    def __init__(
        self,
        settings: Settings,
        capacity: Callable[[], int | None],
        on_ready: Callable[[], None],
    ) -> None:
        self.settings = settings
        self.pid = os.getpid()
        self._capacity = capacity
        self._on_ready = on_ready
        self._ready: collections.deque[Lease] = collections.deque()  # reserved, not taken
        # Everything below belongs to the pump's thread.
        self._leases: dict[str, Lease] = {}
        self._deletes: list[Lease] = []
        self._releases: list[Lease] = []
        self._reservers: dict[str, asyncio.Task[None]] = {}
        self._claimed = 0
        self._loop = asyncio.new_event_loop()
        self._wakeup = asyncio.Event()
        self._settle_wakeup = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._settler: asyncio.Task[None] | None = None
        self._settling = 0  # settle rounds in flight
        self._client: AsyncIronMQ | None = None
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="ironmq-kombu", daemon=True)
        self._thread.start()
        self._call(self._start())

    # the channel's side (any thread) ------------------------------------------------

    def watch(self, queue: str) -> None:
        """Start long-polling `queue` (a kombu queue name)."""
        self._post(self._watch, queue)

    def unwatch(self, queue: str) -> None:
        """Stop polling `queue`; its messages not taken yet are released."""
        self._post(self._unwatch, queue)

    def take(self) -> Lease | None:
        """The next reserved message, or None."""
        while self._ready:
            lease = self._ready.popleft()
            if not lease.lost:
                return lease
        return None

    @property
    def waiting(self) -> int:
        """How many reserved messages wait in `take`."""
        return len(self._ready)

    def wake(self) -> None:
        """The channel's capacity grew (an ack, a new prefetch count): reserve more."""
        self._post(self._wakeup.set)

    def ack(self, tag: str) -> None:
        """Delete the message delivered as `tag` (batched with other acks)."""
        self._post(self._settle, tag, self._deletes)

    def release(self, tag: str) -> None:
        """Give the message delivered as `tag` back to the queue now."""
        self._post(self._settle, tag, self._releases)

    def reserve_now(self, queue: str) -> Lease | None:
        """Reserve one message of `queue` without waiting (kombu's `basic_get`)."""
        return self._call(self._reserve_now(queue))

    def close(self) -> None:
        """Stop polling, release what was not taken, flush acks and releases, stop the thread."""
        if self._closed or self.pid != os.getpid():
            return
        self._closed = True
        try:
            self._call(self._shutdown(), timeout=self.settings.shutdown_timeout + 5)
        except Exception as exc:
            log.warning("IronMQ consumer did not shut down cleanly: %r", exc)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def _post(self, callback: Callable[..., object], *args: Any) -> None:
        if self._closed:
            log.debug("ignoring %s on a closed IronMQ consumer", getattr(callback, "__name__", ""))
            return
        self._loop.call_soon_threadsafe(callback, *args)

    def _call(self, coro: Coroutine[Any, Any, T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    # the pump's thread ---------------------------------------------------------------

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_forever()
        finally:
            self._loop.close()

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def _start(self) -> None:
        self._client = AsyncIronMQ(**self.settings.client)
        self._spawn(self._keep_leases())
        self._settler = self._loop.create_task(self._settle_forever())

    def _queue(self, name: str) -> AsyncQueue:
        assert self._client is not None
        return self._client.queue(self.settings.queue_name(name))

    def _watch(self, queue: str) -> None:
        if queue not in self._reservers:
            self._reservers[queue] = self._spawn(self._reserve_forever(queue))

    def _unwatch(self, queue: str) -> None:
        task = self._reservers.pop(queue, None)
        if task is not None:
            task.cancel()
        keep = [lease for lease in self._ready if lease.queue != queue]
        for lease in self._ready:
            if lease.queue == queue and not lease.lost:
                self._settle(lease.tag, self._releases)
        self._ready.clear()
        self._ready.extend(keep)

    def _free(self) -> int:
        """How many messages one more reservation request may ask for."""
        capacity = self._capacity()
        limit = MAX_BATCH if capacity is None else capacity
        return limit - len(self._ready) - self._claimed

    async def _claim(self) -> int:
        # Prefetch-aware: reserve no more than the channel may take, shared between queues.
        while True:
            free = self._free()
            if free > 0:
                n = min(MAX_BATCH, max(1, free // max(1, len(self._reservers))))
                self._claimed += n
                return n
            self._wakeup.clear()
            # The capacity also grows without a wake-up (kombu flushes acks lazily).
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), 1.0)

    async def _reserve_forever(self, name: str) -> None:
        queue = self._queue(name)
        failures = 0
        while True:
            n = await self._claim()
            try:
                messages = await queue.reserve(
                    n, self.settings.visibility_timeout, self.settings.wait
                )
            except QueueNotFoundError:
                messages = []
                await self._create(queue)
            except IronMQError as exc:
                failures += 1
                pause = backoff(failures)
                log.warning(
                    "reserving from IronMQ queue %s failed (%s); retrying in %.1f s",
                    queue.name,
                    exc,
                    pause,
                )
                await asyncio.sleep(pause)
                continue
            finally:
                self._claimed -= n
            failures = 0
            self._accept(name, messages)

    async def _create(self, queue: AsyncQueue) -> None:
        # A worker may start before anything was posted; long-polling needs the queue.
        try:
            await queue.create()
        except IronMQError as exc:
            log.warning("could not create IronMQ queue %s: %s", queue.name, exc)
            await asyncio.sleep(backoff(1))

    def _accept(self, name: str, messages: Iterable[ReservedMessage]) -> list[Lease]:
        leases = []
        for message in messages:
            payload = from_body(message.body, message.reservation_id, message.reserved_count)
            lease = Lease(name, message.id, message.reservation_id, payload)
            self._leases[lease.tag] = lease
            leases.append(lease)
        if leases:
            self._ready.extend(leases)
            self._on_ready()
        return leases

    async def _reserve_now(self, name: str) -> Lease | None:
        queue = self._queue(name)
        try:
            messages = await queue.reserve(1, self.settings.visibility_timeout, 0)
        except QueueNotFoundError:
            return None
        for message in messages:
            payload = from_body(message.body, message.reservation_id, message.reserved_count)
            lease = Lease(name, message.id, message.reservation_id, payload)
            self._leases[lease.tag] = lease
            return lease
        return None

    # leases ------------------------------------------------------------------------------

    async def _keep_leases(self) -> None:
        # Held messages (running acks_late tasks, ETA tasks waiting in the worker, prefetched
        # ones) keep their reservations: renewed when half of the timeout has passed.
        tick = min(1.0, self.settings.visibility_timeout / 10)
        while True:
            await asyncio.sleep(tick)
            now = time.monotonic()
            for lease in list(self._leases.values()):
                if not lease.touching and now - lease.renewed_at >= self.settings.renew_after:
                    lease.touching = True
                    self._spawn(self._touch(lease))

    async def _touch(self, lease: Lease) -> None:
        try:
            lease.reservation_id = await self._queue(lease.queue).touch(
                lease.message_id,
                reservation_id=lease.reservation_id,
                timeout=self.settings.visibility_timeout,
            )
            lease.renewed_at = time.monotonic()
        except (ReservationExpiredError, NotFoundError) as exc:
            self._lose(lease, exc)
        except IronMQError as exc:
            # Try again at the next tick; the reservation may still last.
            log.warning("could not renew the reservation of message %s: %s", lease.message_id, exc)
        finally:
            lease.touching = False
            self._settle_wakeup.set()

    def _lose(self, lease: Lease, reason: object) -> None:
        lease.lost = True
        self._leases.pop(lease.tag, None)
        log.warning(
            "lost the reservation of message %s of queue %s (%s); it may be delivered again",
            lease.message_id,
            lease.queue,
            reason,
        )

    # acks and releases -----------------------------------------------------------------------

    def _settle(self, tag: str, into: list[Lease]) -> None:
        lease = self._leases.pop(tag, None)
        if lease is None:
            log.debug("no reservation for delivery tag %s (already settled or lost)", tag)
            return
        into.append(lease)
        self._settle_wakeup.set()
        self._wakeup.set()

    async def _settle_forever(self) -> None:
        while True:
            await self._settle_wakeup.wait()
            self._settle_wakeup.clear()
            await self._settle_pending()

    async def _settle_pending(self) -> None:
        self._settling += 1
        try:
            await self._settle_round()
        finally:
            self._settling -= 1

    async def _settle_round(self) -> None:
        # A lease whose renewal is in flight waits for its new reservation id.
        deletes = [lease for lease in self._deletes if not lease.touching]
        releases = [lease for lease in self._releases if not lease.touching]
        self._deletes = [lease for lease in self._deletes if lease.touching]
        self._releases = [lease for lease in self._releases if lease.touching]
        by_queue: dict[str, list[Lease]] = collections.defaultdict(list)
        for lease in deletes:
            by_queue[lease.queue].append(lease)
        batches = [
            group[i : i + MAX_BATCH]
            for group in by_queue.values()
            for i in range(0, len(group), MAX_BATCH)
        ]
        await asyncio.gather(
            *(self._delete(batch) for batch in batches),
            *(self._release(lease) for lease in releases),
        )

    async def _delete(self, batch: list[Lease]) -> None:
        queue = self._queue(batch[0].queue)
        refs = [ReservedMessage(x.message_id, "", 0, x.reservation_id) for x in batch]
        try:
            await queue.delete_multiple(*refs)
            return
        except APIStatusError as exc:
            if len(batch) == 1:
                self._lose(batch[0], exc)
                return
        except IronMQError as exc:
            self._retry_later(batch, self._deletes, exc)
            return
        # A batch is all or nothing: one expired reservation fails it, so delete one by one.
        await asyncio.gather(*(self._delete([lease]) for lease in batch))

    async def _release(self, lease: Lease) -> None:
        try:
            await self._queue(lease.queue).release(
                lease.message_id, reservation_id=lease.reservation_id
            )
        except APIStatusError as exc:
            self._lose(lease, exc)
        except IronMQError as exc:
            self._retry_later([lease], self._releases, exc)

    def _retry_later(self, leases: list[Lease], into: list[Lease], exc: Exception) -> None:
        # Worth retrying only while the reservation may still hold.
        now = time.monotonic()
        alive = [x for x in leases if now - x.renewed_at < self.settings.visibility_timeout]
        for lease in leases:
            if lease not in alive:
                self._lose(lease, exc)
        if alive and not self._closed:
            into.extend(alive)
            self._loop.call_later(backoff(1), self._settle_wakeup.set)
        elif alive:
            into.extend(alive)

    # shutdown ------------------------------------------------------------------------------

    async def _shutdown(self) -> None:
        # Polls, the lease keeper and renewals stop; acks and releases in flight go on.
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for lease in list(self._ready):
            if not lease.lost:
                self._settle(lease.tag, self._releases)
        self._ready.clear()
        try:
            await asyncio.wait_for(self._flush(), self.settings.shutdown_timeout)
        except asyncio.TimeoutError:
            log.warning(
                "gave up on %d acknowledgements and releases at shutdown; those messages will "
                "be delivered again when their reservations run out",
                len(self._deletes) + len(self._releases),
            )
        if self._settler is not None:
            self._settler.cancel()
            await asyncio.gather(self._settler, return_exceptions=True)
        if self._client is not None:
            await self._client.close()

    async def _flush(self) -> None:
        while self._deletes or self._releases or self._settling:
            if self._deletes or self._releases:
                await self._settle_pending()
                if self._deletes or self._releases:
                    await asyncio.sleep(backoff(1))  # failed: retried while the lease lasts
            else:
                await asyncio.sleep(0.01)  # a round the settler started is still in flight
