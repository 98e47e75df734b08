-- A database file written by ironmq-local at commit 5373bbe (schema version 3), dumped with
-- sqlite3's iterdump. Its Broker ran with a clock at 1760000000: queue 'work' (timeout 30,
-- expiration 3600) got 'first' (reserved until 1760000030), 'second', 'third' and 'later'
-- (delayed 120 s); multicast queue 'fan' (subscriber a, retries 2, delay 10) got 'event'.
-- Frozen: never regenerate.
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
    expires_at REAL NOT NULL                 -- absolute: posting (or DLQ move) + expiration
);
INSERT INTO "messages" VALUES(1845493760000000000,1,'first',NULL,1,'a0775a0d1e6184470c2e8300d75f44e5',1760000030.0,1760003600.0);
INSERT INTO "messages" VALUES(1845493760000000001,1,'second',NULL,0,NULL,0.0,1760003600.0);
INSERT INTO "messages" VALUES(1845493760000000002,1,'third',NULL,0,NULL,0.0,1760003600.0);
INSERT INTO "messages" VALUES(1845493760000000003,1,'later',NULL,0,NULL,1760000120.0,1760003600.0);
INSERT INTO "messages" VALUES(1845493760000000004,2,'event',NULL,0,NULL,9.0e+18,1760604800.0);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('schema_version','3');
INSERT INTO "meta" VALUES('last_message_id','1845493760000000004');
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
INSERT INTO "push_status" VALUES(1845493760000000004,0,'a','http://127.0.0.1:9/a',NULL,'queued',0,2,NULL,NULL,NULL,NULL,1760000000.0,0);
CREATE TABLE queues (
    pk INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL,                  -- the 24-hex `id` the API shows
    type TEXT NOT NULL,                      -- pull, multicast or unicast (fixed in v3)
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
INSERT INTO "queues" VALUES(1,'5c9f1e0a1b2c3d4e5f607182','work','0d3c6d0d73170d4cc0996ec8','pull',30,3600,4,NULL,NULL,NULL,NULL,NULL);
INSERT INTO "queues" VALUES(2,'5c9f1e0a1b2c3d4e5f607182','fan','5934c3b68f520d2e430492a6','multicast',60,604800,1,2,10,NULL,NULL,NULL);
CREATE TABLE subscribers (
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,                      -- the key of updates, removals and acks
    url TEXT NOT NULL,
    headers TEXT,                            -- a JSON object of extra request headers
    PRIMARY KEY (queue_pk, position)
) WITHOUT ROWID;
INSERT INTO "subscribers" VALUES(2,0,'a','http://127.0.0.1:9/a',NULL);
CREATE INDEX messages_ready ON messages (queue_pk) WHERE available_at = 0;
CREATE INDEX messages_expiry ON messages (queue_pk, expires_at);
CREATE INDEX messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
CREATE INDEX finished_expiry ON finished_messages (queue_pk, expires_at);
CREATE INDEX push_due ON push_status (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX alerts_queue ON alerts (queue_pk, position);
COMMIT;
