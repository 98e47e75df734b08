"""The SQLite store: one connection, WAL, every write in an explicit transaction.

Implements the domain's `Store` (domain/store.py); the SQL of each table group is in the
`_sql_*` modules, the schema and why it is shaped so in schema.py.

Two ways to commit. By default every outermost `transaction()` is BEGIN IMMEDIATE ... COMMIT.
With `batch_commits(listener)` (the server, runtime/commits.py) transactions of concurrent
requests share one: the first opens it (BEGIN IMMEDIATE) and tells the listener, every other
one runs inside it as a SAVEPOINT, and `commit_batch` commits them all at once. A request's
failure rolls back its own savepoint only; its neighbours' writes stay in the batch.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Protocol

from ._sql_alerts import SqliteAlerts
from ._sql_messages import SqliteMessages
from ._sql_push import SqlitePush
from ._sql_queues import QueueCache, SqliteMeta, SqliteQueues
from .migrations import migrate


class BatchListener(Protocol):
    """Who commits a shared transaction (runtime/commits.py)."""

    def opened(self) -> bool:
        """A batch began: return True to hold it open (and commit it soon), False to have
        it committed as this transaction ends."""
        ...

    def lost(self) -> None:
        """SQLite rolled the whole batch back (disk full, I/O error): nobody in it may be
        told that their write succeeded."""
        ...


class SqliteStore:
    """A store in a SQLite file (or `:memory:`), created or migrated on opening."""

    def __init__(self, path: str) -> None:
        # isolation_level=None: we issue BEGIN/COMMIT ourselves, so a success reply
        # is only ever sent after COMMIT returned.
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode: committed data survives a process crash (our "restart" case).
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=OFF")
        self.conn.execute("PRAGMA cache_size=-32768")  # 32 MiB page cache bounds RSS
        self.conn.execute("PRAGMA temp_store=MEMORY")
        # Some builds zero every deleted row on disk; nothing here needs that, and it costs
        # every delete (and the purges of a cleared million) extra writes.
        self.conn.execute("PRAGMA secure_delete=OFF")
        migrate(self.conn)
        self._depth = 0
        self._first = False  # whether the outermost transaction began the SQL transaction
        self._commit_at_end = False  # whether it commits when it ends (no batch held open)
        self._batches: BatchListener | None = None
        self._transaction = _Transaction(self)
        self.meta = SqliteMeta(self.conn)
        self._queue_rows = QueueCache()
        self.queues = SqliteQueues(self.conn, self._queue_rows)
        self.messages = SqliteMessages(self.conn, self._queue_rows)
        self.push = SqlitePush(self.conn)
        self.alerts = SqliteAlerts(self.conn)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL); an open batch is committed first."""
        if self._batches is not None and self.conn.in_transaction:
            self.commit_batch()
        self.conn.close()

    def batch_commits(self, listener: BatchListener) -> None:
        """From now on, let transactions share one batch that `listener` commits."""
        self._batches = listener

    @property
    def in_batch(self) -> bool:
        """Whether a batch is open (written to, not yet committed)."""
        return self.conn.in_transaction

    def commit_batch(self) -> None:
        """Commit the open batch, if any. On failure it is rolled back and the error raised."""
        if not self.conn.in_transaction:
            return
        if self._depth:
            raise RuntimeError("commit_batch inside a transaction")
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self._queue_rows.clear()  # what the batch wrote is gone
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def transaction(self) -> AbstractContextManager[None]:
        """Run the block in one write transaction; nested use joins the outer one.

        BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half
        way for want of it. Under `batch_commits` the block is a savepoint of the batch
        (or the batch itself, for the block that opened it), committed later.
        """
        return self._transaction

    def _begin(self) -> None:
        if self._depth:
            self._depth += 1
            return
        listener = self._batches
        # The block that opens a batch needs no savepoint: if it fails, the batch holds
        # nothing else and is rolled back whole.
        self._first = listener is None or not self.conn.in_transaction
        if self._first:
            self.conn.execute("BEGIN IMMEDIATE")
            self._commit_at_end = listener is None or not listener.opened()
        else:
            self.conn.execute("SAVEPOINT request")
        self._depth = 1

    def _end(self, failed: bool) -> None:
        self._depth -= 1
        if self._depth:
            return
        listener = self._batches
        if not failed:
            try:
                if not self._first:
                    self.conn.execute("RELEASE request")
                elif self._commit_at_end:
                    self.conn.execute("COMMIT")
            except BaseException:
                self._queue_rows.clear()  # what the cache holds may not have been stored
                raise
            return
        self._queue_rows.clear()  # the block's writes are rolled back (below, or by SQLite)
        if not self.conn.in_transaction:
            if listener is not None:
                listener.lost()  # SQLite ended the transaction itself: the batch is gone
        elif self._first:
            self.conn.execute("ROLLBACK")
        else:
            self.conn.execute("ROLLBACK TO request")
            self.conn.execute("RELEASE request")


class _Transaction:
    """The store's `transaction()` context (one object, reused: no generator per use)."""

    __slots__ = ("store",)

    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        self.store._begin()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.store._end(exc_type is not None)
