-- A database file written by ironmq-local at commit db19c87 (schema version 1), dumped with
-- sqlite3's iterdump. Its Broker ran with a clock at 1700000000: queue 'jobs' (timeout 45,
-- dead letters to 'jobs-dlq' after 2) got 'one' and 'two'. Frozen: never regenerate.
BEGIN TRANSACTION;
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
INSERT INTO "messages" VALUES(1782579200000000000,2,'one',NULL,0,NULL,0.0,1700604800.0);
INSERT INTO "messages" VALUES(1782579200000000001,2,'two',NULL,0,NULL,0.0,1700604800.0);
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO "meta" VALUES('schema_version','1');
INSERT INTO "meta" VALUES('last_message_id','1782579200000000001');
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
INSERT INTO "queues" VALUES(1,'5c9f1e0a1b2c3d4e5f607182','jobs-dlq','07620b8dbb76b36fa8d439f4','pull',60,604800,0,NULL,NULL,NULL);
INSERT INTO "queues" VALUES(2,'5c9f1e0a1b2c3d4e5f607182','jobs','54ffe59692fd0b0bffa94939','pull',45,604800,2,NULL,'jobs-dlq',2);
CREATE INDEX messages_fifo ON messages (queue_pk);
CREATE INDEX messages_expiry ON messages (queue_pk, expires_at);
CREATE INDEX messages_due ON messages (queue_pk, available_at) WHERE available_at > 0;
COMMIT;
