"""Assembly: settings, the ASGI app (wire → domain → storage) and running it on uvicorn."""

from __future__ import annotations

import socket
import urllib.parse
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from ._api import AuthError, IronMQApi, json_response
from ._broker import Broker
from ._clock import Clock, SystemClock, VirtualClock
from ._control import ControlApi, FaultMiddleware, Faults
from ._delivery import HttpDelivery
from ._models import (
    DEFAULT_MAX_MESSAGE_SIZE,
    DEFAULT_PUSH_CONCURRENCY,
    DEFAULT_PUSH_TIMEOUT,
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    TooLarge,
)
from ._push import DeliveryPort, MessageUrl
from ._pusher import Pusher
from ._storage import Storage
from ._waiting import Waiters

DEFAULT_PROJECT_ID = "5c9f1e0a1b2c3d4e5f607182"
"""Project id of the built-in development credentials (24 hex characters)."""
DEFAULT_TOKEN = "local-dev-token"
"""Token of the built-in development credentials."""
DEFAULT_DB = "./ironmq-local.db"

_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (AuthError, 401),
    (InvalidArgument, 400),
    (Forbidden, 403),
    (NotFound, 404),
    (TooLarge, 413),
)


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


class _TrailingSlash:
    """Treat `/path/` like `/path` so clients that append a slash still match."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            scope = dict(scope)
            scope["path"] = path.rstrip("/") or "/"
        await self.app(scope, receive, send)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    for cls, status in _STATUS:
        if isinstance(exc, cls):
            return json_response({"msg": exc.msg}, status)
    return json_response({"msg": exc.msg}, 400)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    msg = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, exc.detail)
    response = json_response({"msg": msg}, exc.status_code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    return json_response({"msg": "Internal server error"}, 500)


def _restore_clock(storage: Storage) -> VirtualClock:
    offset = storage.get_meta("clock_offset")
    frozen = storage.get_meta("clock_frozen_at")
    return VirtualClock(float(offset) if offset else 0.0, float(frozen) if frozen else None)


def _message_url(settings: Settings) -> MessageUrl:
    """The `Iron-Subscriber-Message-Url` of a push: DELETE on it acknowledges the message.

    It is the delete-message URL with `subscriber_name`, `reservation_id` and the project's
    token as query parameters, so a subscriber needs nothing else to acknowledge.
    """
    base = settings.public_url.rstrip("/")

    def url(
        project_id: str, queue_name: str, message_id: int, subscriber: str, reservation_id: str
    ) -> str:
        query = {"subscriber_name": subscriber, "reservation_id": reservation_id}
        token = settings.credentials.get(project_id)
        if token:
            query["oauth"] = token
        queue = urllib.parse.quote(queue_name, safe="")
        return (
            f"{base}/3/projects/{project_id}/queues/{queue}/messages/{message_id}"
            f"?{urllib.parse.urlencode(query)}"
        )

    return url


def create_app(
    settings: Settings, clock: Clock | None = None, delivery: DeliveryPort | None = None
) -> ASGIApp:
    """Build the ASGI application for `settings` (opens or creates the database).

    Args:
        settings: server settings.
        clock: time source; default is the persisted virtual clock with `control`,
            else the system clock.
        delivery: how push requests are sent; default an httpx client.
    """
    storage = Storage(settings.db)
    if clock is None:
        clock = _restore_clock(storage) if settings.control else SystemClock()
    waiters = Waiters()
    pusher: Pusher | None = None

    def wake_pusher() -> None:
        if pusher is not None:
            pusher.wake()

    broker = Broker(
        storage,
        clock,
        on_available=waiters.notify,
        on_schedule=wake_pusher,
        message_url=_message_url(settings),
    )
    port = delivery or HttpDelivery()
    pusher = Pusher(
        broker, port, timeout=settings.push_timeout, concurrency=settings.push_concurrency
    )
    api = IronMQApi(broker, waiters, settings.credentials, settings.max_message_size)
    routes = api.routes()
    faults = Faults()
    if settings.control:
        if not isinstance(clock, VirtualClock):
            raise ValueError("the control API needs a VirtualClock")

        def time_moved() -> None:
            waiters.notify_all()
            wake_pusher()

        routes += ControlApi(broker, clock, faults, time_moved).routes()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        assert pusher is not None
        pusher.start()
        try:
            yield
        finally:
            await pusher.stop()
            if isinstance(port, HttpDelivery):
                await port.aclose()
            storage.close()

    handlers: Mapping[Any, Callable[[Request, Exception], Any]] = {
        DomainError: _domain_error,
        HTTPException: _http_error,
        Exception: _server_error,
    }
    app = Starlette(routes=routes, exception_handlers=dict(handlers), lifespan=lifespan)
    app.router.redirect_slashes = False
    app.state.broker = broker
    return _TrailingSlash(FaultMiddleware(app, faults))


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
    announce(f"ironmq-local listening on {url_for(sock)}")
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
