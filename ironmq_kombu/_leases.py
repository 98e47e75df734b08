"""The reservations a channel holds, on the pump's event loop: renewed, then settled.

IronMQ v3 deletes, touches and releases a reserved message only with its current
reservation id, and a touch replaces that id; so each delivery (named by its delivery tag)
keeps its own `Lease`, the keeper renews the leases of every message still held (running
`acks_late` tasks, ETA tasks waiting in a worker, prefetched ones) at half the reservation
timeout, and verdicts are settled in rounds: deletes batched per queue (up to 100 per
request), releases one by one.
"""

from __future__ import annotations

import asyncio
import collections
import logging
import random
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from ironmq_sdk import (
    APIStatusError,
    AsyncQueue,
    IronMQError,
    NotFoundError,
    ReservationExpiredError,
    ReservedMessage,
)

from ._settings import MAX_BATCH, Settings

log = logging.getLogger("ironmq_kombu")

BACKOFF_BASE = 0.5
BACKOFF_CAP = 5.0
"""Bounds of the jittered back-off after a failed request, in seconds."""


def backoff(failures: int) -> float:
    """Seconds to wait after `failures` failed requests in a row ("full jitter")."""
    return random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2 ** min(failures, 16)))


@dataclass(eq=False)
class Lease:
    """A message this channel reserved, from reservation to delete or release."""

    queue: str
    """The kombu queue it came from."""
    message_id: str
    reservation_id: str | None
    """The current reservation id: renewals replace it (None on IronMQ v2, which has none)."""
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


class Leases:
    """Every lease of one channel (used on the pump's event loop only).

    Args:
        settings: the transport's settings.
        queue: the SDK queue of a kombu queue name.
        spawn: runs a coroutine as a task of the pump.
    """

    def __init__(
        self,
        settings: Settings,
        queue: Callable[[str], AsyncQueue],
        spawn: Callable[[Coroutine[Any, Any, Any]], object],
    ) -> None:
        self._settings = settings
        self._queue = queue
        self._spawn = spawn
        self._held: dict[str, Lease] = {}
        # message id -> tag of its newest lease: an older lease of a message reserved again
        # is stale, and must not be settled (the SDK would use the newer reservation id).
        self._newest: dict[str, str] = {}
        self._deletes: list[Lease] = []
        self._releases: list[Lease] = []
        self._settling = 0  # rounds in flight
        self.wakeup = asyncio.Event()
        """Set when there is something to settle."""

    def hold(self, lease: Lease) -> None:
        """Keep `lease` (renewed from now on) until it is settled."""
        self._held[lease.tag] = lease
        self._newest[lease.message_id] = lease.tag

    def settle(self, tag: str, *, delete: bool) -> bool:
        """Queue the delete or the release of a delivery; False if it is not held."""
        lease = self._held.pop(tag, None)
        if lease is None:
            log.debug("no reservation for delivery tag %s (already settled or lost)", tag)
            return False
        (self._deletes if delete else self._releases).append(lease)
        self.wakeup.set()
        return True

    @property
    def pending(self) -> bool:
        """Whether verdicts wait to be sent or are being sent."""
        return bool(self._deletes or self._releases or self._settling)

    def lose(self, lease: Lease, reason: object) -> None:
        """The reservation is gone: stop renewing it."""
        lease.lost = True
        self._held.pop(lease.tag, None)
        self._forget(lease)
        log.warning(
            "lost the reservation of message %s of queue %s (%s); it may be delivered again",
            lease.message_id,
            lease.queue,
            reason,
        )

    def _forget(self, lease: Lease) -> None:
        if self._newest.get(lease.message_id) == lease.tag:
            del self._newest[lease.message_id]

    def _stale(self, leases: list[Lease]) -> list[Lease]:
        """The leases still current; the others are lost: their messages were reserved again."""
        current = []
        for lease in leases:
            if self._newest.get(lease.message_id) == lease.tag:
                current.append(lease)
            else:
                self.lose(lease, "reserved again since")
        return current

    # renewal -----------------------------------------------------------------------------

    async def keep(self) -> None:
        """Renew every held lease when half of its reservation has passed (runs forever)."""
        tick = min(1.0, self._settings.visibility_timeout / 10)
        while True:
            await asyncio.sleep(tick)
            now = time.monotonic()
            for lease in list(self._held.values()):
                if not lease.touching and now - lease.renewed_at >= self._settings.renew_after:
                    lease.touching = True
                    self._spawn(self._touch(lease))

    async def _touch(self, lease: Lease) -> None:
        # IronMQ v2 (no reservation ids) extends a reservation by the timeout it was made
        # with and takes no timeout on a touch; v3 is told the visibility timeout again.
        timeout = None if lease.reservation_id is None else self._settings.visibility_timeout
        try:
            lease.reservation_id = await self._queue(lease.queue).touch(
                lease.message_id, reservation_id=lease.reservation_id, timeout=timeout
            )
            lease.renewed_at = time.monotonic()
        except (ReservationExpiredError, NotFoundError) as exc:
            self.lose(lease, exc)
        except IronMQError as exc:
            # Try again at the next tick; the reservation may still last.
            log.warning("could not renew the reservation of message %s: %s", lease.message_id, exc)
        finally:
            lease.touching = False
            self.wakeup.set()  # a verdict may have waited for this renewal

    # settling ----------------------------------------------------------------------------

    async def settle_forever(self) -> None:
        """Send verdicts as they come; under load they gather into bigger batches."""
        while True:
            await self.wakeup.wait()
            self.wakeup.clear()
            await self.settle_round()

    async def flush(self) -> None:
        """Send every pending verdict, retrying failures while their reservations may hold."""
        while self.pending:
            if self._deletes or self._releases:
                await self.settle_round()
                if self._deletes or self._releases:
                    await asyncio.sleep(backoff(1))
            else:
                await asyncio.sleep(0.01)  # a round the settler started is still in flight

    async def settle_round(self) -> None:
        """Send the verdicts pending now (a lease being renewed waits for its new id)."""
        self._settling += 1
        try:
            deletes = self._stale([x for x in self._deletes if not x.touching])
            releases = self._stale([x for x in self._releases if not x.touching])
            self._deletes = [x for x in self._deletes if x.touching]
            self._releases = [x for x in self._releases if x.touching]
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
        finally:
            self._settling -= 1

    async def _delete(self, batch: list[Lease]) -> None:
        queue = self._queue(batch[0].queue)
        refs = [
            ReservedMessage(
                id=x.message_id, body="", reserved_count=0, reservation_id=x.reservation_id
            )
            for x in batch
        ]
        try:
            await queue.delete_multiple(*refs)
        except APIStatusError as exc:
            if len(batch) == 1:
                self.lose(batch[0], exc)
                return
        except IronMQError as exc:
            self._retry_later(batch, self._deletes, exc)
            return
        else:
            for lease in batch:
                self._forget(lease)
            return
        # A batch is all or nothing: one expired reservation fails it, so delete one by one.
        await asyncio.gather(*(self._delete([lease]) for lease in batch))

    async def _release(self, lease: Lease) -> None:
        try:
            await self._queue(lease.queue).release(
                lease.message_id, reservation_id=lease.reservation_id
            )
        except APIStatusError as exc:
            self.lose(lease, exc)
        except IronMQError as exc:
            self._retry_later([lease], self._releases, exc)
        else:
            self._forget(lease)

    def _retry_later(self, leases: list[Lease], into: list[Lease], exc: Exception) -> None:
        # Worth retrying only while the reservation may still hold.
        now = time.monotonic()
        for lease in leases:
            if now - lease.renewed_at < self._settings.visibility_timeout:
                into.append(lease)
            else:
                self.lose(lease, exc)
        if into:
            asyncio.get_running_loop().call_later(backoff(1), self.wakeup.set)
