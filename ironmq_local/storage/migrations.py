"""Bring a database file from an older schema to `SCHEMA_VERSION`, in one transaction.

Each step is frozen as it was written: it turns version N into N+1 and is never edited
afterwards (a fresh database skips them all and runs schema.SCHEMA). Version 1 is the first
release's layout, version 2 added push deliveries and alerts, version 3 stores push settings
as columns and subscriber rows instead of the v3 wire JSON of a queue's `push`, version 4
gives messages their own (v2) timeout and a place in the queue apart from their id, version 5
keeps a message counter per queue, indexes reserved messages and drops queues' rows later.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator

from .schema import SCHEMA, SCHEMA_VERSION


def statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, one at a time (comments may hold semicolons)."""
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            yield buf
            buf = ""


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    """Add push deliveries, finished push messages and alerts; the ready-only FIFO index."""
    script = """
    DROP INDEX IF EXISTS messages_fifo;
    CREATE INDEX IF NOT EXISTS messages_ready ON messages (queue_pk) WHERE available_at = 0;
    CREATE TABLE finished_messages (
        id INTEGER PRIMARY KEY, queue_pk INTEGER NOT NULL, body TEXT NOT NULL,
        expires_at REAL NOT NULL
    );
    CREATE INDEX finished_expiry ON finished_messages (queue_pk, expires_at);
    CREATE TABLE push_status (
        message_id INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
        url TEXT NOT NULL, headers TEXT, status TEXT NOT NULL,
        tries INTEGER NOT NULL DEFAULT 0, retries_remaining INTEGER NOT NULL,
        status_code INTEGER, last_try_at REAL, msg TEXT, reservation_id TEXT, due_at REAL,
        claimed INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (message_id, position)
    ) WITHOUT ROWID;
    CREATE INDEX push_due ON push_status (due_at) WHERE due_at IS NOT NULL;
    CREATE TABLE alerts (
        id TEXT PRIMARY KEY, queue_pk INTEGER NOT NULL, position INTEGER NOT NULL,
        type TEXT NOT NULL, direction TEXT NOT NULL, trigger INTEGER NOT NULL,
        target TEXT NOT NULL, snooze INTEGER NOT NULL, last_size INTEGER NOT NULL,
        snoozed_until REAL NOT NULL DEFAULT 0
    );
    CREATE INDEX alerts_queue ON alerts (queue_pk, position);
    """
    for sql in statements(script):
        conn.execute(sql)


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    """Replace `queues.push` (v3 JSON) by push columns and a subscribers table.

    SQLite cannot drop a column before 3.35, so the queues table is rebuilt; its pk values
    are kept, so every reference to a queue stays valid.
    """
    script = """
    CREATE TABLE subscribers (
        queue_pk INTEGER NOT NULL, position INTEGER NOT NULL, name TEXT NOT NULL,
        url TEXT NOT NULL, headers TEXT,
        PRIMARY KEY (queue_pk, position)
    ) WITHOUT ROWID;
    CREATE TABLE queues_v3 (
        pk INTEGER PRIMARY KEY, project_id TEXT NOT NULL, name TEXT NOT NULL,
        queue_id TEXT NOT NULL, type TEXT NOT NULL, message_timeout INTEGER NOT NULL,
        message_expiration INTEGER NOT NULL, total_messages INTEGER NOT NULL DEFAULT 0,
        push_retries INTEGER, push_retries_delay INTEGER, error_queue TEXT,
        dead_letter_queue TEXT, dead_letter_max INTEGER,
        UNIQUE (project_id, name)
    );
    """
    for sql in statements(script):
        conn.execute(sql)
    rows = conn.execute(
        "SELECT pk, project_id, name, queue_id, type, message_timeout, message_expiration, "
        "total_messages, push, dead_letter_queue, dead_letter_max FROM queues"
    ).fetchall()
    for *head, push, dlq, dlmax in rows:
        settings = json.loads(push) if push else None
        retries = delay = error_queue = None
        if settings is not None:
            retries, delay = settings["retries"], settings["retries_delay"]
            error_queue = settings.get("error_queue") or None
            conn.executemany(
                "INSERT INTO subscribers (queue_pk, position, name, url, headers) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (
                        head[0],
                        i,
                        s["name"],
                        s["url"],
                        json.dumps(s["headers"]) if s.get("headers") else None,
                    )
                    for i, s in enumerate(settings["subscribers"])
                ],
            )
        conn.execute(
            "INSERT INTO queues_v3 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*head, retries, delay, error_queue, dlq, dlmax),
        )
    conn.execute("DROP TABLE queues")
    conn.execute("ALTER TABLE queues_v3 RENAME TO queues")


def _v3_to_v4(conn: sqlite3.Connection) -> None:
    """Add `messages.timeout` and `messages.seq` (its id, which was its place and is close
    to its posting time) and order the ready index by seq."""
    script = """
    ALTER TABLE messages ADD COLUMN timeout INTEGER;
    ALTER TABLE messages ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
    UPDATE messages SET seq = id;
    DROP INDEX messages_ready;
    CREATE INDEX messages_ready ON messages (queue_pk, seq) WHERE available_at = 0;
    """
    for sql in statements(script):
        conn.execute(sql)


def _v4_to_v5(conn: sqlite3.Connection) -> None:
    """Add `queues.message_count` (counted here once; kept by every change afterwards), the
    index of reserved messages and the table of dropped queue pks."""
    script = """
    ALTER TABLE queues ADD COLUMN message_count INTEGER NOT NULL DEFAULT 0;
    UPDATE queues SET message_count = (SELECT COUNT(*) FROM messages WHERE queue_pk = queues.pk);
    CREATE INDEX messages_reserved ON messages (queue_pk, available_at, expires_at)
        WHERE reservation_id IS NOT NULL;
    CREATE TABLE dropped_queues (pk INTEGER PRIMARY KEY);
    """
    for sql in statements(script):
        conn.execute(sql)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
}
"""Version N → the step that makes it N+1."""


def migrate(conn: sqlite3.Connection) -> None:
    """Create the schema in a new database, or migrate an older one; in one transaction.

    Raises:
        RuntimeError: the file was written by a newer ironmq-local.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = _version(conn)
        if version == 0:
            for sql in statements(SCHEMA):
                conn.execute(sql)
        elif version > SCHEMA_VERSION:
            raise RuntimeError(
                f"the database has schema version {version}; this ironmq-local knows up to "
                f"{SCHEMA_VERSION}: use a newer ironmq-local or another --db"
            )
        while 0 < version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (str(SCHEMA_VERSION),),
        )
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _version(conn: sqlite3.Connection) -> int:
    """0 for an empty database; else the stored schema version (1 if none was stored)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "queues" not in tables:
        return 0
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    return int(row[0]) if row else 1
