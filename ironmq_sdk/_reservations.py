"""The reservation memory: which reservation id a queue object last received per message.

IronMQ v3 deletes, touches and releases a reserved message only with the reservation id
that the reservation (or the last touch) handed out; without it the server answers 400
"A reservation_id is required", and with an outdated one 403. The legacy calls
(`delete(id)`, `touch(id)`, `release(id)`) and the seed README pass only the message id,
so every queue object remembers the reservations it received and fills them in.

It is a memory, not a source of truth: another process may reserve the same message, and
a reservation expires on the server without telling us. So the explicit argument always
wins over the memory, the memory wins over a `ReservedMessage`'s own (possibly renewed
since) id, and entries are dropped once used or superseded. It is bounded, because a
program that reserves and never deletes (say, one that lets messages time out) would
otherwise grow it forever; forgetting the oldest only costs a 400 for a message reserved
ten thousand reservations ago.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

MEMORY_LIMIT = 10_000
"""Reservations a queue object remembers; the oldest are forgotten first."""


class ReservationMemory:
    """Message id -> latest reservation id this queue object received (thread-safe).

    Shared by every `Queue`/`AsyncQueue` object of one client and queue name (the
    client keeps one per name), and by consumer threads renewing leases concurrently.
    """

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def remember(self, message_id: str, reservation_id: str) -> None:
        """Record the newest reservation of a message."""
        with self._lock:
            self._ids[message_id] = reservation_id
            self._ids.move_to_end(message_id)  # least recently reserved first out
            while len(self._ids) > self._limit:
                self._ids.popitem(last=False)

    def remember_all(self, reservations: Iterable[tuple[str, str]]) -> None:
        """Record the newest reservations of many messages: (message id, reservation id).

        One lock for a whole batch: a reservation of 100 hands out 100 at once.
        """
        with self._lock:
            ids = self._ids
            for message_id, reservation_id in reservations:
                ids[message_id] = reservation_id
                ids.move_to_end(message_id)
            while len(ids) > self._limit:
                ids.popitem(last=False)

    def get(self, message_id: str) -> str | None:
        """The remembered reservation, if any."""
        with self._lock:
            return self._ids.get(message_id)

    def get_all(self, message_ids: Iterable[str]) -> list[str | None]:
        """The remembered reservations of many messages (None where there is none)."""
        with self._lock:
            return [self._ids.get(message_id) for message_id in message_ids]

    def forget(self, message_id: str, reservation_id: str | None = None) -> None:
        """Drop a message's reservation (only if it is still `reservation_id`, when given).

        The condition matters for release: a consumer thread may have touched the message,
        and remembered a newer reservation, between our reading and our forgetting.
        """
        with self._lock:
            if reservation_id is None or self._ids.get(message_id) == reservation_id:
                self._ids.pop(message_id, None)

    def forget_all(self, message_ids: Iterable[str]) -> None:
        """Drop the reservations of many messages (after a batch delete)."""
        with self._lock:
            for message_id in message_ids:
                self._ids.pop(message_id, None)

    def clear(self) -> None:
        """Forget everything (the queue was cleared or deleted)."""
        with self._lock:
            self._ids.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)
