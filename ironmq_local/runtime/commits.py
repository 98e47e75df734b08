"""Group commit: the writes of concurrent requests share one SQLite transaction.

A commit in WAL mode writes every page the transaction touched to the log; most of that is the
same few pages (the queue's row, the newest leaf and index pages) for every request. So the
first transaction of a turn of the event loop opens a batch (storage/sqlite.py) and the ones
that run before the next turn join it as savepoints; at the next turn `GroupCommit` commits
the batch once. Durability is unchanged: no answer leaves before the batch holding what it
wrote (or read) is committed (`settled`, awaited by wire/durable.py as the answer starts).
If SQLite loses a whole batch (disk full, I/O error), `lost` counts it and every request
that was in flight meanwhile answers an error instead of a success.

A request that is the server's only one commits at once instead: nobody could join its
batch, and waiting for the next turn would only cost it the wait.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Protocol

log = logging.getLogger("ironmq_local.storage")


class Batches(Protocol):
    """A store that can batch transactions (storage/sqlite.py's SqliteStore)."""

    @property
    def in_batch(self) -> bool:
        """Whether a batch is open."""
        ...

    def commit_batch(self) -> None:
        """Commit the open batch (rolled back and raised on failure)."""
        ...


class GroupCommit:
    """Commits the store's open batch once per turn of the event loop.

    Args:
        store: the store whose batches to commit.
        on_lost: called after a batch was lost, to drop what memory holds of it.
        in_flight: how many requests the server holds (received, not yet answered, the
            one running now included); None: assume others, always batch.
    """

    def __init__(
        self,
        store: Batches,
        on_lost: Callable[[], None] | None = None,
        in_flight: Callable[[], int] | None = None,
    ) -> None:
        self.store = store
        self.in_flight = in_flight
        self.lost_batches = 0
        """Batches lost so far: a request that sees this change answers an error."""
        self._open = False  # a flush is scheduled for the open batch
        self._flushes = 0  # how many flushes ran: a waiter's batch is done once this moves
        self._on_lost = on_lost

    def opened(self) -> bool:
        """A batch began: hold it open until the next turn of the loop, after the requests
        that are ready now had their turn (and joined it); or, when no other request is
        in flight, return False: the store commits it as the transaction ends."""
        if self.in_flight is not None and self.in_flight() <= 1:
            return False
        if not self._open:
            self._open = True
            asyncio.get_running_loop().call_soon(self.flush)
        return True

    def lost(self) -> None:
        """SQLite rolled the batch back by itself."""
        self.lost_batches += 1
        if self._on_lost is not None:
            self._on_lost()

    def flush(self) -> None:
        """Commit the open batch now; its waiters see `_flushes` move when they next run."""
        self._open = False
        self._flushes += 1
        try:
            self.store.commit_batch()
        except Exception:
            log.exception("a group commit failed; its requests answer 503")
            self.lost()

    async def settled(self) -> None:
        """Return once nothing this request may have written or read is uncommitted: at
        once if no batch is open, else after the batch's commit."""
        if self._open and self.store.in_batch:
            # No future to wake: the flush was scheduled (call_soon) before this request
            # yields, so it runs first at the next turn, and the request resumes in that
            # same turn. A future would resume it a turn later, holding every answer of
            # the batch one more turn of the loop. Cancelling one request touches no other.
            seen = self._flushes
            while self._flushes == seen:
                await asyncio.sleep(0)
