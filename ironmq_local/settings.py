"""How to run ironmq-local: the `Settings` of a server and their defaults (no server imports,
so the harness, the CLI and users' tests can read them without the `local` extra)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

BANNER: Final = "ironmq-local listening on "
"""The first line the server prints, followed by `http://HOST:PORT` (the harness waits for it)."""
DEFAULT_PROJECT_ID: Final = "5c9f1e0a1b2c3d4e5f607182"
"""Project id of the built-in development credentials (24 hex characters)."""
DEFAULT_TOKEN: Final = "local-dev-token"
"""Token of the built-in development credentials."""
DEFAULT_HOST: Final = "127.0.0.1"
DEFAULT_PORT: Final = 8080
"""The port the README shows; `--port 0` picks a free one (the harness does)."""
DEFAULT_DB: Final = "./ironmq-local.db"
DEFAULT_LOG_LEVEL: Final = "info"
DEFAULT_REQUEST_TIMEOUT: Final = 30.0  # seconds a request may take to arrive whole
DEFAULT_MAX_CONNECTIONS: Final = 1000  # open connections; more evict idle or stalled ones
DEFAULT_MAX_MESSAGE_SIZE: Final = 65_536
DEFAULT_PUSH_TIMEOUT: Final = 10.0  # seconds a subscriber has to answer (v3 docs)
DEFAULT_PUSH_CONCURRENCY: Final = 64  # messages being delivered at once
V2_ALERT_ANSWERS: Final = ("updated", "docs")
"""What v2's alert endpoints answer: `Updated`/`Deleted` (what the seed's own client's test
suite asserts against the live service; the default) or the v2 reference's `Alerts were
added.`/`replaced.`/`deleted.`"""


@dataclass
class Settings:
    """How to run ironmq-local.

    Args:
        host: address to listen on (loopback by default).
        port: TCP port; 0 picks a free one.
        db: SQLite file, or ":memory:".
        credentials: project id → token; every pair may use the API.
        max_message_size: largest message body in bytes (413 above it).
        control: mount the control API under /_local/ and use the virtual clock.
        log_level: the log level (`info` logs one line per request).
        request_timeout: seconds a request may take to arrive whole (headers and body);
            slower ones get a 408 and their connection is closed.
        max_connections: most connections open at once; one more evicts the one reading or
            idling the longest (never one waiting for its answer).
        push_timeout: seconds a push subscriber has to answer (10 in IronMQ's docs).
        push_concurrency: most messages being pushed at the same time.
        public_url: `http://HOST:PORT` of this server, for the `Iron-Subscriber-Message-Url`
            of pushes; `serve` fills it in from the listening socket.
        v2_alert_answers: the `msg` of v2's alert endpoints, one of V2_ALERT_ANSWERS.
    """

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    db: str = DEFAULT_DB
    credentials: dict[str, str] = field(default_factory=lambda: {DEFAULT_PROJECT_ID: DEFAULT_TOKEN})
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE
    control: bool = False
    log_level: str = DEFAULT_LOG_LEVEL
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    push_timeout: float = DEFAULT_PUSH_TIMEOUT
    push_concurrency: int = DEFAULT_PUSH_CONCURRENCY
    public_url: str = "http://127.0.0.1:8080"
    v2_alert_answers: str = "updated"
