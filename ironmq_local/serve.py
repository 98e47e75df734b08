"""Running ironmq-local on uvicorn: the listening socket first (so the real port is known),
then the banner, then serving until interrupted."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import replace

import uvicorn

from .app import create_app
from .settings import BANNER, Settings


def bind_socket(host: str, port: int) -> socket.socket:
    """Open the listening socket up front, so the real port is known before serving."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto must be IPPROTO_TCP: asyncio only sets TCP_NODELAY on accepted sockets that
    # say so, and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def url_for(sock: socket.socket) -> str:
    """Return `http://HOST:PORT` of a bound socket."""
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(settings: Settings, announce: Callable[[str], None] = print) -> None:
    """Run the server in the foreground until interrupted.

    Args:
        settings: server settings.
        announce: receives the banner lines; the first is
            `ironmq-local listening on http://HOST:PORT`.
    """
    sock = bind_socket(settings.host, settings.port)
    app = create_app(replace(settings, public_url=url_for(sock)))
    announce(f"{BANNER}{url_for(sock)}")
    for project_id, token in settings.credentials.items():
        announce(f"project_id: {project_id}  token: {token}")
    if settings.control:
        announce(f"control API: {url_for(sock)}/_local/")
    config = uvicorn.Config(
        app,
        log_level=settings.log_level,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=2,
        server_header=False,
    )
    uvicorn.Server(config).run(sockets=[sock])
