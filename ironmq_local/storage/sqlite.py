"""The SQLite store: one connection, WAL, every write in an explicit transaction.

Implements the domain's `Store` (domain/store.py); the SQL of each table group is in the
`_sql_*` modules, the schema and why it is shaped so in schema.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from ._sql_alerts import SqliteAlerts
from ._sql_messages import SqliteMessages
from ._sql_push import SqlitePush
from ._sql_queues import SqliteMeta, SqliteQueues
from .migrations import migrate


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
        migrate(self.conn)
        self._depth = 0
        self.meta = SqliteMeta(self.conn)
        self.queues = SqliteQueues(self.conn)
        self.messages = SqliteMessages(self.conn)
        self.push = SqlitePush(self.conn)
        self.alerts = SqliteAlerts(self.conn)

    def close(self) -> None:
        """Close the connection (checkpointing the WAL)."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block in one write transaction; nested use joins the outer one.

        BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half
        way for want of it.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self.conn.execute("ROLLBACK")
            raise
        self._depth = 0
        self.conn.execute("COMMIT")
