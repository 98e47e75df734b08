"""The consuming side of a channel: an asyncio loop in a thread that talks to IronMQ.

kombu calls a channel from one thread and expects `drain_events` to come back within its
timeout, which is what lets a Celery worker notice SIGTERM. So nothing here blocks that
thread: one long poll per watched queue, the lease keeper and the acknowledgements
(`_leases`) all run as tasks of an `AsyncIronMQ` on a private event loop, and the channel
only takes messages that are already reserved (`take`) and hands back verdicts (`ack`,
`release`).
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import threading
from collections.abc import Callable, Coroutine, Iterable
from typing import Any, TypeVar

from ironmq_sdk import AsyncIronMQ, AsyncQueue, IronMQError, QueueNotFoundError, ReservedMessage

from ._leases import Lease, Leases, backoff
from ._payload import from_body
from ._settings import MAX_BATCH, Settings

log = logging.getLogger("ironmq_kombu")

T = TypeVar("T")

POLL_GRACE = 1.0
"""Seconds a closing pump lets its polls in flight bring back what it just released."""


class Pump:
    """Reserves from the watched queues as far as the channel's prefetch allows.

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
        # Reserved, not taken yet: filled on the pump's thread, taken on the channel's.
        self._ready: collections.deque[Lease] = collections.deque()
        self._ready_lock = threading.Lock()
        # Everything below belongs to the pump's thread.
        self._reservers: dict[str, asyncio.Task[None]] = {}  # the current one per queue
        self._polls: set[asyncio.Task[None]] = set()  # reservers, current or finishing
        self._stopping = False
        self._claimed = 0
        self._loop = asyncio.new_event_loop()
        self._wakeup = asyncio.Event()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._client: AsyncIronMQ | None = None
        self._leases = Leases(settings, self._queue, self._spawn)
        self._settler: asyncio.Task[None] | None = None
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
        with self._ready_lock:
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
        """The channel's capacity grew (a new prefetch count): reserve more."""
        self._post(self._wakeup.set)

    def ack(self, tag: str) -> None:
        """Delete the message delivered as `tag` (batched with other acks)."""
        self._post(self._settle, tag, True)

    def release(self, tag: str) -> None:
        """Give the message delivered as `tag` back to the queue now."""
        self._post(self._settle, tag, False)

    def reserve_now(self, queue: str) -> Lease | None:
        """Reserve one message of `queue` without waiting (kombu's `basic_get`)."""
        return self._call(self._reserve_now(queue))

    def close(self) -> None:
        """Stop polling, release what was not taken, flush acks and releases, stop the thread."""
        if self._closed or self.pid != os.getpid():
            return
        self._closed = True
        try:
            # two flushes, the polls' grace, and a margin
            self._call(self._shutdown(), timeout=2 * self.settings.shutdown_timeout + 10)
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
        self._spawn(self._leases.keep())
        self._settler = self._loop.create_task(self._leases.settle_forever())

    def _queue(self, name: str) -> AsyncQueue:
        assert self._client is not None
        return self._client.queue(self.settings.queue_name(name))

    def _settle(self, tag: str, delete: bool) -> None:
        if self._leases.settle(tag, delete=delete):
            self._wakeup.set()  # room for another message

    def _watch(self, queue: str) -> None:
        if queue not in self._reservers:
            task = self._loop.create_task(self._reserve_forever(queue))
            self._polls.add(task)
            task.add_done_callback(self._polls.discard)
            self._reservers[queue] = task

    def _unwatch(self, queue: str) -> None:
        # The poll in flight is not cancelled but left to finish, and what it brings is
        # released: a cancelled long poll may still reserve, server-side, the very messages
        # released here, which would then come back only when that reservation runs out.
        self._reservers.pop(queue, None)
        with self._ready_lock:
            gone = [x for x in self._ready if x.queue == queue]
            for lease in gone:
                self._ready.remove(lease)
        for lease in gone:
            self._leases.settle(lease.tag, delete=False)

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

    def _current(self, name: str) -> bool:
        return not self._stopping and self._reservers.get(name) is asyncio.current_task()

    async def _reserve_forever(self, name: str) -> None:
        queue = self._queue(name)
        failures = 0
        while self._current(name):
            n = await self._claim()
            if not self._current(name):
                self._claimed -= n
                return
            try:
                messages = await queue.reserve(
                    n, timeout=self.settings.visibility_timeout, wait=self.settings.wait
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
            if not self._current(name):  # unwatched or stopping meanwhile: give them back
                for lease in self._hold(name, messages):
                    self._leases.settle(lease.tag, delete=False)
                return
            if self._accept(name, messages):
                self._on_ready()

    async def _create(self, queue: AsyncQueue) -> None:
        # A worker may start before anything was posted; long-polling needs the queue.
        try:
            await queue.create()
        except IronMQError as exc:
            log.warning("could not create IronMQ queue %s: %s", queue.name, exc)
            await asyncio.sleep(backoff(1))

    def _hold(self, name: str, messages: Iterable[ReservedMessage]) -> list[Lease]:
        leases = []
        for message in messages:
            # IronMQ v2 hands out no reservation ids: its reserved count tells deliveries apart
            tag = message.reservation_id or f"{message.id}:{message.reserved_count}"
            payload = from_body(message.body, tag, message.reserved_count)
            lease = Lease(name, message.id, message.reservation_id, payload)
            self._leases.hold(lease)
            leases.append(lease)
        return leases

    def _accept(self, name: str, messages: Iterable[ReservedMessage]) -> list[Lease]:
        leases = self._hold(name, messages)
        with self._ready_lock:
            self._ready.extend(leases)
        return leases

    async def _reserve_now(self, name: str) -> Lease | None:
        try:
            messages = await self._queue(name).reserve(
                1, timeout=self.settings.visibility_timeout, wait=0
            )
        except QueueNotFoundError:
            return None
        leases = self._hold(name, messages)
        return leases[0] if leases else None

    # shutdown ------------------------------------------------------------------------------

    async def _shutdown(self) -> None:
        # The lease keeper and renewals stop; acks and releases in flight go on.
        self._stopping = True
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        with self._ready_lock:
            left, self._ready = list(self._ready), collections.deque()
        for lease in left:
            if not lease.lost:
                self._leases.settle(lease.tag, delete=False)
        releasing = self._leases.pending
        await self._flush()
        if releasing and self._polls:
            # Polls in flight get the messages just released, if they want them; what they
            # bring is released again. Then they are cancelled: a worker stops promptly.
            await asyncio.wait(set(self._polls), timeout=POLL_GRACE)
        for task in list(self._polls):
            task.cancel()
        await asyncio.gather(*self._polls, return_exceptions=True)
        await self._flush()
        if self._settler is not None:
            self._settler.cancel()
            await asyncio.gather(self._settler, return_exceptions=True)
        if self._client is not None:
            await self._client.close()

    async def _flush(self) -> None:
        try:
            await asyncio.wait_for(self._leases.flush(), self.settings.shutdown_timeout)
        except asyncio.TimeoutError:
            log.warning(
                "gave up on acknowledgements and releases at shutdown; those messages will "
                "be delivered again when their reservations run out"
            )
