-- A database file written by ironmq-local at commit 398f9d1 (schema version 4), dumped with
-- sqlite3's iterdump. Its Broker ran with a clock at 1770000000: queue 'work' (timeout 30,
-- expiration 3600, dead letters to 'dead' after 2) got 'first' (reserved until 1770000030),
-- 'second', 'third', 'later' (delayed 120 s), 'short' (expires after 60 s) and, from v2,
-- 'v2own' (its own timeout 45), and a fixed asc alert at 5 to 'alarms'; multicast queue
-- 'fan' (subscriber a, retries 2, delay 10) got 'event'. Frozen: never regenerate.
BEGIN TRANSACTION;
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
INSERT INTO "alerts" VALUES('c53f4ef6863963ae4f8a45cf',2,0,'fixed','asc',5,'alarms',0,6,0.0);
CREATE TABLE finished_messages (
    id INTEGER PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    body TEXT NOT NULL,
    expires_at REAL NOT NULL
);
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
INSERT INTO "messages" VALUES(1855979520000000000,2,'first',NULL,1,'a0f6df30365aa917d18a45891a08e667',1770000030.0,1770003600.0,NULL,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000001,2,'second',NULL,0,NULL,0.0,1770003600.0,NULL,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000002,2,'third',NULL,0,NULL,0.0,1770003600.0,NULL,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000003,2,'later',NULL,0,NULL,1770000120.0,1770003600.0,NULL,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000004,2,'short',NULL,0,NULL,0.0,1770000060.0,NULL,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000005,2,'v2own',NULL,0,NULL,0.0,1770003600.0,45,1855979520000000000);
INSERT INTO "messages" VALUES(1855979520000000006,3,'event',NULL,0,NULL,9.0e+18,1770604800.0,NULL,1855979520000000000);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('schema_version','4');
INSERT INTO "meta" VALUES('last_message_id','1855979520000000006');
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
INSERT INTO "push_status" VALUES(1855979520000000006,0,'a','http://127.0.0.1:9/a',NULL,'queued',0,2,NULL,NULL,NULL,NULL,1770000000.0,0);
CREATE TABLE queues (
    pk INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL,                  -- the 24-hex `id` the API shows
    type TEXT NOT NULL,                      -- pull, multicast or unicast (v2 changes it)
    message_timeout INTEGER NOT NULL,        -- seconds a reservation lasts by default
    message_expiration INTEGER NOT NULL,     -- seconds from posting until a message expires
    total_messages INTEGER NOT NULL DEFAULT 0,  -- messages ever posted or moved into it
    push_retries INTEGER,                    -- push queues: retries after the first try
    push_retries_delay INTEGER,              -- push queues: seconds between tries, 202 window
    error_queue TEXT,                        -- push queues: where failures are reported
    dead_letter_queue TEXT,                  -- pull queues: where over-reserved messages go
    dead_letter_max INTEGER,                 -- reservations allowed before a message moves
    UNIQUE (project_id, name)
);
INSERT INTO "queues" VALUES(1,'5c9f1e0a1b2c3d4e5f607182','dead','1288b363718505879bd7bdb6','pull',60,604800,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "queues" VALUES(2,'5c9f1e0a1b2c3d4e5f607182','work','9e87014f586630185db498ce','pull',30,3600,6,NULL,NULL,NULL,'dead',2);
INSERT INTO "queues" VALUES(3,'5c9f1e0a1b2c3d4e5f607182','fan','c3d75a805c73487bf3edc792','multicast',60,604800,1,2,10,NULL,NULL,NULL);
CREATE TABLE subscribers (
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,                      -- the key of updates, removals and acks
    url TEXT NOT NULL,
    headers TEXT,                            -- a JSON object of extra request headers
    PRIMARY KEY (queue_pk, position)
) WITHOUT ROWID;
INSERT INTO "subscribers" VALUES(3,0,'a','http://127.0.0.1:9/a',NULL);
CREATE INDEX messages_ready ON messages (queue_pk, seq) WHERE available_at = 0;
CREATE INDEX messages_expiry ON messages (queue_pk, expires_at);
CREATE INDEX messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
CREATE INDEX finished_expiry ON finished_messages (queue_pk, expires_at);
CREATE INDEX push_due ON push_status (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX alerts_queue ON alerts (queue_pk, position);
COMMIT;
