-- A database file written by ironmq-local at commit 378f9e5 (schema version 2), dumped with
-- sqlite3's iterdump. Its Broker ran with a clock at 1750000000: queue 'orders' (timeout 30,
-- expiration 3600, dead letters to 'orders-dlq' after 3, a fixed asc 2 and a progressive
-- desc 5 alert to 'alerts') got 'first' (reserved until 1750000030), 'second' and 'later'
-- (delayed 120 s); the fixed alert fired once into 'alerts'; unicast push queue 'hooks'
-- (subscribers a with X-Token, b = ironmq:///copies; retries 2, delay 10, error queue
-- 'hook-errors') got 'event' with push header X-Kind. Frozen: never regenerate.
BEGIN TRANSACTION;
CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    queue_pk INTEGER NOT NULL,
    position INTEGER NOT NULL,
    type TEXT NOT NULL,
    direction TEXT NOT NULL,
    trigger INTEGER NOT NULL,
    target TEXT NOT NULL,
    snooze INTEGER NOT NULL,
    last_size INTEGER NOT NULL,
    snoozed_until REAL NOT NULL DEFAULT 0
);
INSERT INTO "alerts" VALUES('07beeedbd66a00f47827d8e5',2,0,'fixed','asc',2,'alerts',0,3,1750000000.0);
INSERT INTO "alerts" VALUES('f936cdb3dd14e7b6afde52bf',2,1,'progressive','desc',5,'alerts',60,3,0.0);
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
    push_headers TEXT,
    reserved_count INTEGER NOT NULL DEFAULT 0,
    reservation_id TEXT,
    available_at REAL NOT NULL DEFAULT 0,
    expires_at REAL NOT NULL
);
INSERT INTO "messages" VALUES(1835008000000000000,2,'first',NULL,1,'e3afe4a3ee45b10b0412354adaf3e14a',1750000030.0,1750003600.0);
INSERT INTO "messages" VALUES(1835008000000000001,2,'second',NULL,0,NULL,0.0,1750003600.0);
INSERT INTO "messages" VALUES(1835008000000000002,2,'later',NULL,0,NULL,1750000120.0,1750003600.0);
INSERT INTO "messages" VALUES(1835008000000000003,3,'{"source_queue": "orders", "queue_size": 3, "alert_id": "07beeedbd66a00f47827d8e5", "alert_type": "fixed", "alert_direction": "asc", "alert_trigger": 2, "created_at": "2025-06-15T15:06:40Z"}',NULL,0,NULL,0.0,1750604800.0);
INSERT INTO "messages" VALUES(1835008000000000004,4,'event','{"X-Kind": "k"}',0,NULL,9.0e+18,1750604800.0);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('schema_version','2');
INSERT INTO "meta" VALUES('last_message_id','1835008000000000004');
CREATE TABLE push_status (
    message_id INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    url TEXT NOT NULL,
    headers TEXT,
    status TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    retries_remaining INTEGER NOT NULL,
    status_code INTEGER,
    last_try_at REAL,
    msg TEXT,
    reservation_id TEXT,
    due_at REAL,
    claimed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (message_id, position)
) WITHOUT ROWID;
INSERT INTO "push_status" VALUES(1835008000000000004,0,'a','http://127.0.0.1:9/a','{"X-Token": "t"}','queued',0,2,NULL,NULL,NULL,NULL,1750000000.0,0);
INSERT INTO "push_status" VALUES(1835008000000000004,1,'b','ironmq:///copies',NULL,'queued',0,2,NULL,NULL,NULL,NULL,1750000000.0,0);
CREATE TABLE queues (
    pk INTEGER PRIMARY KEY,
    project_id TEXT NOT NULL,
    name TEXT NOT NULL,
    queue_id TEXT NOT NULL,
    type TEXT NOT NULL,
    message_timeout INTEGER NOT NULL,
    message_expiration INTEGER NOT NULL,
    total_messages INTEGER NOT NULL DEFAULT 0,
    push TEXT,
    dead_letter_queue TEXT,
    dead_letter_max INTEGER,
    UNIQUE (project_id, name)
);
INSERT INTO "queues" VALUES(1,'5c9f1e0a1b2c3d4e5f607182','orders-dlq','64c6a41459af4d6e6a21b59a','pull',60,604800,0,NULL,NULL,NULL);
INSERT INTO "queues" VALUES(2,'5c9f1e0a1b2c3d4e5f607182','orders','fbf81a9efdf27083078ea9fd','pull',30,3600,3,NULL,'orders-dlq',3);
INSERT INTO "queues" VALUES(3,'5c9f1e0a1b2c3d4e5f607182','alerts','a06367cdcd62be9d27cbfce2','pull',60,604800,1,NULL,NULL,NULL);
INSERT INTO "queues" VALUES(4,'5c9f1e0a1b2c3d4e5f607182','hooks','643f8066e8648e902dcb92b7','unicast',60,604800,1,'{"subscribers": [{"name": "a", "url": "http://127.0.0.1:9/a", "headers": {"X-Token": "t"}}, {"name": "b", "url": "ironmq:///copies"}], "retries": 2, "retries_delay": 10, "error_queue": "hook-errors"}',NULL,NULL);
CREATE INDEX messages_ready ON messages (queue_pk) WHERE available_at = 0;
CREATE INDEX messages_expiry ON messages (queue_pk, expires_at);
CREATE INDEX messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
CREATE INDEX finished_expiry ON finished_messages (queue_pk, expires_at);
CREATE INDEX push_due ON push_status (due_at) WHERE due_at IS NOT NULL;
CREATE INDEX alerts_queue ON alerts (queue_pk, position);
COMMIT;
