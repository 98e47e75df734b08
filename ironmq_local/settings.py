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
DEFAULT_DB: Final = "./ironmq-local.db"
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
        log_level: uvicorn's log level.
        push_timeout: seconds a push subscriber has to answer (10 in IronMQ's docs).
        push_concurrency: most messages being pushed at the same time.
        public_url: `http://HOST:PORT` of this server, for the `Iron-Subscriber-Message-Url`
            of pushes; `serve` fills it in from the listening socket.
        v2_alert_answers: the `msg` of v2's alert endpoints, one of V2_ALERT_ANSWERS.
    """

    host: str = "127.0.0.1"
    port: int = 0
    db: str = DEFAULT_DB
    credentials: dict[str, str] = field(default_factory=lambda: {DEFAULT_PROJECT_ID: DEFAULT_TOKEN})
    max_message_size: int = DEFAULT_MAX_MESSAGE_SIZE
    control: bool = False
    log_level: str = "warning"
    push_timeout: float = DEFAULT_PUSH_TIMEOUT
    push_concurrency: int = DEFAULT_PUSH_CONCURRENCY
    public_url: str = "http://127.0.0.1:8080"
    v2_alert_answers: str = "updated"
