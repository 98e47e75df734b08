"""Running ironmq-local on uvicorn: the listening socket and the database first (so the real
port is known and mistakes are found before anything is printed), then the banner, then
serving until interrupted."""

from __future__ import annotations

import errno
import fcntl
import gc
import os
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import replace

import uvicorn

from .app import create_app
from .connections import Server, protocol_class
from .runtime.waiting import Waiters
from .settings import Settings

KEEP_ALIVE = 5.0
"""Seconds an idle keep-alive connection stays open (uvicorn's default)."""
GRACE = 2.0
"""Seconds in-flight requests get at shutdown, after long polls have been answered."""


class StartupError(Exception):
    """The server cannot start; the message is one line for the user."""


def bind_socket(host: str, port: int) -> socket.socket:
    """Open the listening socket up front, so the real port is known before serving.

    Raises:
        StartupError: the address cannot be used (in use, not allowed, unknown host).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets that
    # say so, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError as exc:
        sock.close()
        raise StartupError(_bind_problem(host, port, exc)) from None
    sock.set_inheritable(True)
    return sock


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is already in use: stop what is listening there, "
            "or pick another port with --port (--port 0 picks a free one)"
        )
    if exc.errno == errno.EACCES:
        return f"not allowed to listen on port {port}: pick a port above 1023 with --port"
    reason = exc.strerror or str(exc)
    return f"cannot listen on {host}:{port}: {reason} (check --host and --port)"


def _tune_collector() -> None:
    """Make the cyclic garbage collector cheaper for a long-running server.

    Everything imported and built so far lives as long as the process: `gc.freeze` keeps it
    out of every later pass. A request allocates a few hundred objects, so the default
    threshold (700) ran a pass every few requests, ~10% of a request's CPU under load;
    with 10,000 young objects between passes it runs a tenth as often, holding at most a
    few MB of cyclic garbage meanwhile (reference counting frees the rest at once).
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


_claimed: list[int] = []
"""File descriptors of the database files this process serves, locked until it exits."""


def claim_database(db: str) -> None:
    """Take the database file for this process alone, until it exits.

    The server keeps what it knows of the file in memory (queue rows, counters, the next
    message id, who waits on which queue), so a second ironmq-local on the same file would
    answer from stale state and hand out ids twice. An exclusive `flock` on the file says
    so at start-up instead; the kernel drops it when the process dies, `kill -9` included.
    (SQLite's own locks are POSIX `fcntl` locks, which `flock` does not touch on Linux; the
    descriptor stays open for the process's life, since closing any descriptor of the file
    would drop SQLite's POSIX locks too.)

    Raises:
        StartupError: another process serves this file.
    """
    if db == ":memory:" or db.startswith("file:"):
        return
    try:
        fd = os.open(db, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StartupError(f"cannot open the database {db}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)  # (SQLite has not opened the file yet: no lock of its own to lose)
        raise StartupError(
            f"another ironmq-local is serving the database {db}: stop it, or give this "
            "one a file of its own with --db"
        ) from None
    _claimed.append(fd)


def url_for(sock: socket.socket) -> str:
    """Return `http://HOST:PORT` of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(settings: Settings, ready: Callable[[str, bool], None]) -> None:
    """Run the server in the foreground until interrupted.

    Args:
        settings: server settings.
        ready: called once the socket listens and the database is open, with the URL
            (`http://HOST:PORT`, the real port when it was 0) and whether the database
            file was created; it prints the banner.

    Raises:
        StartupError: the port or the database cannot be used.
    """
    sock = bind_socket(settings.host, settings.port)
    created = settings.db == ":memory:" or not os.path.exists(settings.db)
    try:
        claim_database(settings.db)
    except StartupError:
        sock.close()
        raise
    waiters = Waiters()
    server: Server | None = None

    def in_flight() -> int:
        # uvicorn's tasks: every request received and not yet answered (or about to run)
        return len(server.server_state.tasks) if server is not None else 2

    try:
        app = create_app(
            replace(settings, public_url=url_for(sock)), waiters=waiters, in_flight=in_flight
        )
    except (sqlite3.Error, RuntimeError, OSError) as exc:
        sock.close()
        raise StartupError(f"cannot open the database {settings.db}: {exc}") from None
    ready(url_for(sock), created)
    _tune_collector()
    config = uvicorn.Config(
        app,
        http=protocol_class(settings.request_timeout, settings.max_connections),
        log_config=None,  # the command line configures logging (cli/logs.py)
        access_log=False,  # wire/access.py logs each request, tokens redacted
        lifespan="on",
        timeout_keep_alive=int(KEEP_ALIVE),
        timeout_graceful_shutdown=int(GRACE),
        server_header=False,
    )
    server = Server(config, on_shutdown=waiters.drain)
    server.run(sockets=[sock])
