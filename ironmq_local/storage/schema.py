"""The SQLite schema, version `SCHEMA_VERSION`: what each table and column is for, and why
each index exists. A fresh database gets this script; an older one is brought here by
storage/migrations.py (and a test checks both end in the same tables and indexes).

The shape follows the hot paths: post (insert), reserve (a FIFO scan of ready messages),
delete (by id), long polls (the next due time) and the push worker (the next due delivery).
Messages live only in SQLite, never all in memory: a million queued messages cost disk,
not RSS, and a restart loads nothing. No request pays for the messages already queued:
sizes come from counters kept in the same transaction as every change (queues.message_count)
minus an index range of the few expired rows not yet removed, and a clear or a queue delete
hands the old rows to the background worker (dropped_queues) instead of deleting them at once.
"""

from __future__ import annotations

from typing import Final

SCHEMA_VERSION: Final = 5

SCHEMA: Final = """
-- Small values that must outlive a restart: schema_version; last_message_id (at or above
-- every id handed out: ids keep increasing even if the wall clock goes back; rewritten
-- only when ids pass it, then a margin ahead); clock_offset and clock_frozen_at (the
-- virtual clock of the control API, so deadlines stay put across a restart).
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per queue. `pk` is the key every other table uses (short, and a queue deleted
-- and created again is a new queue; a cleared queue gets a new pk too, see dropped_queues).
-- The API addresses (project_id, name): UNIQUE, and its index serves both the look-up by
-- name on every request and the byte-ordered listing. The counters are kept by the store
-- in the transaction that changes the messages (storage/_sql_messages.py), never recounted.
CREATE TABLE queues (
    pk INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL,                  -- the 24-hex `id` the API shows
    type TEXT NOT NULL,                      -- pull, multicast or unicast (v2 changes it)
    message_timeout INTEGER NOT NULL,        -- seconds a reservation lasts by default
    message_expiration INTEGER NOT NULL,     -- seconds from posting until a message expires
    total_messages INTEGER NOT NULL DEFAULT 0,  -- messages ever stored in or moved into it
    push_retries INTEGER,                    -- push queues: retries after the first try
    push_retries_delay INTEGER,              -- push queues: seconds between tries, 202 window
    error_queue TEXT,                        -- push queues: where failures are reported
    dead_letter_queue TEXT,                  -- pull queues: where over-reserved messages go
    dead_letter_max INTEGER,                 -- reservations allowed before a message moves
    -- its rows in `messages`, expired ones not yet removed included: the size is this minus
    -- the expired rows (a range of messages_expiry, which the sweeps keep short)
    message_count INTEGER NOT NULL DEFAULT 0,
    UNIQUE (project_id, name)
);

-- The subscribers of push queues in their order (`position`), as the queue is configured
-- now. A message copies them into its push_status rows when it is posted.
CREATE TABLE subscribers (
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,                      -- the key of updates, removals and acks
    url TEXT NOT NULL,
    headers TEXT,                            -- a JSON object of extra request headers
    PRIMARY KEY (queue_pk, position)
) WITHOUT ROWID;

-- Messages waiting in a queue. `id` is the message id the API shows (it increases with
-- time). FIFO order is (seq, id): seq is the millisecond of posting (scaled like ids), and
-- a v2 reservation moves the message to the tail by giving it the seq of a message posted
-- when the reservation ends (v3 leaves seq alone: the message keeps its place).
-- available_at: 0 = ready. Otherwise the end of a delay or of a reservation, and
-- reservation_id is meaningful only while available_at lies in the future. Rows whose
-- available_at has passed are "due": reserve and peek first promote them back to 0
-- (one UPDATE on messages_due), so the FIFO scan walks ready messages only. Push-queue
-- messages sit at available_at = 9e18 (never due): the pusher hands them out instead.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    body TEXT NOT NULL,
    push_headers TEXT,                       -- a JSON object, added to each push request
    reserved_count INTEGER NOT NULL DEFAULT 0,
    reservation_id TEXT,
    available_at REAL NOT NULL DEFAULT 0,
    expires_at REAL NOT NULL,                -- absolute: posting (or DLQ move) + expiration
    timeout INTEGER,                         -- v2: its own reservation timeout; NULL: queue's
    seq INTEGER NOT NULL DEFAULT 0           -- its place in FIFO order (see above)
);
-- Ready messages of a queue in (seq, rowid) order: the FIFO scan of reserve and peek.
-- Partial, so reserved and delayed messages neither bloat it nor get waded through.
CREATE INDEX messages_ready ON messages (queue_pk, seq) WHERE available_at = 0;
-- Expired rows of a queue (subtracted from message_count for its size, and purged), the
-- earliest expiry (alerts), and all rows of a dropped queue pk are range scans on this.
CREATE INDEX messages_expiry ON messages (queue_pk, expires_at);
-- Delayed and reserved messages only: promoting the due ones, and the next due time
-- that bounds a long poll's sleep, are short range scans.
CREATE INDEX messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
-- Reserved messages only (a reservation id is set while one holds it, or until a due
-- reservation is promoted): v2's `reserved` count reads the range of unexpired deadlines
-- in the future, touching the reserved rows and nothing else. Covering, so the count never
-- reads the table.
CREATE INDEX messages_reserved ON messages (queue_pk, available_at, expires_at)
    WHERE reservation_id IS NOT NULL;

-- Push-queue messages whose delivery is over (every subscriber deleted or error): out of
-- the queue and its size, still readable by id with their push statuses until they expire.
CREATE TABLE finished_messages (
    id INTEGER PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    body TEXT NOT NULL,
    expires_at REAL NOT NULL
);
-- The housekeeping sweep forgets a queue's expired ones by range.
CREATE INDEX finished_expiry ON finished_messages (queue_pk, expires_at);

-- One row per (push message, subscriber): the subscriber's name, url and headers as they
-- were when the message was posted, and the delivery's state as the push status shows it.
-- due_at: when the pusher must act next (first try, retry, end of a 202 window). NULL
-- while final, claimed (being delivered now) or, on unicast queues, waiting for another
-- subscriber's 202. claimed rows are made due again at start-up (their try never ended).
CREATE TABLE push_status (
    message_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT,                            -- a JSON object
    status TEXT NOT NULL,                    -- queued, retrying, reserved, deleted, error
    tries INTEGER NOT NULL DEFAULT 0,
    retries_remaining INTEGER NOT NULL,
    status_code INTEGER,                     -- last answer (0: no answer), NULL before a try
    last_try_at REAL,
    msg TEXT,                                -- the last answer's text or the network error
    reservation_id TEXT,                     -- of the last try: the ack of a 202 needs it
    due_at REAL,
    claimed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
-- Due rows only, by time: the pusher's "what is due now" and "when to wake up next".
CREATE INDEX push_due ON push_status (due_at) WHERE due_at IS NOT NULL;

-- Alerts of pull queues in their order. last_size is the queue size the alert last saw:
-- a crossing is judged from it to the size now. snoozed_until: crossings before it are
-- dropped.
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,                     -- the 24-hex id the API shows
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,                      -- fixed or progressive
    direction TEXT NOT NULL,                 -- asc or desc
    trigger INTEGER NOT NULL,
    target TEXT NOT NULL,                    -- the queue the alert posts to
    snooze INTEGER NOT NULL,
    last_size INTEGER NOT NULL,
    snoozed_until REAL NOT NULL DEFAULT 0
);
-- A queue's alerts in order, read on every change of its size.
CREATE INDEX alerts_queue ON alerts (queue_pk, position);

-- Queue pks whose rows are still to be deleted. A clear gives its queue a new pk, a queue
-- delete removes the queue row, both in one short transaction: API clients see the queue
-- empty (or gone) at once, atomically. The background worker then deletes the old pk's
-- messages, finished messages and push rows in bounded chunks (MessageStore.purge_dropped),
-- so a million-message clear never holds the database. Nothing reads those rows meanwhile
-- (every query goes through a live queue's pk), and no new queue takes a pk listed here.
CREATE TABLE dropped_queues (
    pk INTEGER PRIMARY KEY
);
"""
