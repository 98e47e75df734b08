"""Long polling without a thread per waiter: one asyncio.Event per waited-on queue.

Any commit that may make messages available calls `notify`; a waiter also sleeps
no longer than the queue's next due time (delay end or reservation expiry), so
those wake-ups need no polling loop.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


class Draining(Exception):
    """The server is shutting down: long polls answer with what is there, now."""


class Waiters:
    """Per-queue wake-up events; an event is replaced each time it fires."""

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], asyncio.Event] = {}
        self.draining = False

    def event(self, project_id: str, queue_name: str) -> asyncio.Event:
        """Return the event the next notify for this queue will set.

        Take it *before* looking for messages, so a post that lands between the
        look and the wait is not missed. Raises Draining once the server shuts down.
        """
        if self.draining:
            raise Draining
        key = (project_id, queue_name)
        ev = self._events.get(key)
        if ev is None:
            ev = self._events[key] = asyncio.Event()
        return ev

    def notify(self, project_id: str, queue_name: str) -> None:
        """Wake everyone waiting on a queue."""
        ev = self._events.pop((project_id, queue_name), None)
        if ev is not None:
            ev.set()

    def notify_all(self) -> None:
        """Wake every waiter (the clock moved or all state was reset)."""
        events, self._events = self._events, {}
        for ev in events.values():
            ev.set()

    def drain(self) -> None:
        """End every long poll (the server is shutting down): each answers at once."""
        self.draining = True
        self.notify_all()


async def wait_until(
    *,
    attempt: Callable[[], Awaitable[list[T]]],
    event: Callable[[], asyncio.Event],
    next_due: Callable[[], float | None],
    real_seconds_until: Callable[[float], float | None],
    virtual_now: Callable[[], float],
    wait: float,
    client_gone: Callable[[], Awaitable[bool]] | None = None,
) -> list[T]:
    """Call `attempt` until it returns something or `wait` seconds pass.

    `wait` is measured on the server's clock (virtual under the control API) and is
    also capped in real seconds, so a frozen clock never hangs a request. Once the waiters
    drain (shutdown), it takes one last look and returns.
    """
    loop = asyncio.get_running_loop()
    real_deadline = loop.time() + wait
    virtual_deadline = virtual_now() + wait
    while True:
        try:
            ev = event()
        except Draining:
            return await attempt()
        found = await attempt()
        if found or wait <= 0:
            return found
        remaining = real_deadline - loop.time()
        if remaining <= 0 or virtual_now() >= virtual_deadline:
            return found
        for due in (virtual_deadline, next_due()):
            if due is not None:
                real = real_seconds_until(due)
                if real is not None:
                    remaining = min(remaining, real)
        # a little slack so the due time has really passed when we look again
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(ev.wait(), remaining + 0.002)
        # Do not reserve messages for a client that hung up: nobody would process them.
        if client_gone is not None and await client_gone():
            return []
