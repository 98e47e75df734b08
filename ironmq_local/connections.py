"""Connections that cannot wear the server down: a read deadline, a cap, a prompt shutdown.

uvicorn waits for a request's headers and body as long as the client likes, and keeps every
connection it accepts, so a few hundred stalled sockets lock everyone else out. Its
`limit_concurrency` only turns the *newcomers* away with 503s, which is the wrong victim.
Here, on top of uvicorn's httptools protocol:

- a request must arrive whole (headers and body) within `request_timeout` seconds of its
  first byte (or of the connection opening): otherwise it gets a 408 and the connection
  closes;
- at most `max_connections` are open: one more evicts the connection that has been reading
  or idling the longest (a client that is waiting for its answer, such as a long poll, is
  never evicted), and only when every connection is busy is the newcomer turned away;
- at shutdown, long polls answer at once (empty) and requests still being read are dropped,
  so the server exits promptly instead of cancelling handlers after its grace period.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Callable
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from .wire.access import ACCESS_LOGGER, TIMED_OUT

log = logging.getLogger(ACCESS_LOGGER)


def _status_only(status: int, text: str) -> bytes:
    body = f'{{"msg":"{text}"}}'.encode()
    return (
        f"HTTP/1.1 {status} {text}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    ).encode() + body


_TIMEOUT_ANSWER = _status_only(408, "Request Timeout")
_BUSY_ANSWER = _status_only(503, "Service Unavailable")


class GuardedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a read deadline and a connection cap.

    `protocol_class` makes a subclass with the settings as class attributes (uvicorn
    creates protocols itself, with its own arguments).
    """

    request_timeout: float = 30.0
    max_connections: int = 1000

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._since = 0.0  # loop time the current read (or idle spell) began

    # states ------------------------------------------------------------------------------

    def _busy(self) -> bool:
        """Whether a handler is working on a request this connection has sent in full."""
        cycle = self.cycle
        return cycle is not None and not cycle.response_complete and self._deadline is None

    def _arm(self) -> None:
        if self._deadline is None:
            self._since = self.loop.time()
            self._deadline = self.loop.call_later(self.request_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
            self._since = self.loop.time()

    def _drop(self, answer: bytes | None) -> None:
        """Close the connection, first answering `answer` unless a response has begun."""
        self._disarm()
        if self.transport.is_closing():
            return
        cycle = self.cycle
        if answer is not None and (cycle is None or not cycle.response_started):
            if cycle is not None:
                # the handler reading the body sees a disconnect; this tells it why
                self.scope["state"][TIMED_OUT] = True
            self.transport.write(answer)
        self.transport.close()

    # uvicorn and httptools callbacks ---------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()
        if len(self.connections) > self.max_connections:
            self._make_room()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()  # a keep-alive connection's next request: its own deadline

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._disarm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._since = self.loop.time()  # idle from now on (uvicorn's keep-alive timer runs)

    def _timed_out(self) -> None:
        self._deadline = None
        if self.cycle is None or self.cycle.response_complete:
            # no handler saw this request, so the access log has no line for it otherwise
            log.info(
                "- %s 408 (request not received within %g s)", self._peer(), self.request_timeout
            )
        self._drop(_TIMEOUT_ANSWER)

    def _make_room(self) -> None:
        """Evict the connection reading or idling the longest, or refuse this one."""
        others = [c for c in self.connections if c is not self and isinstance(c, GuardedProtocol)]
        idle = [c for c in others if not c._busy() and not c.transport.is_closing()]
        if idle:
            victim = min(idle, key=lambda c: c._since)
            log.info(
                "- %s closed to make room (%d connections)", victim._peer(), self.max_connections
            )
            victim._drop(_TIMEOUT_ANSWER if victim._deadline is not None else None)
        else:
            log.warning("- %s refused: %d connections busy", self._peer(), self.max_connections)
            self._drop(_BUSY_ANSWER)

    def drain(self) -> None:
        """At shutdown: drop this connection if its request has not fully arrived."""
        if self._deadline is not None:
            self._drop(None)

    def _peer(self) -> str:
        return f"{self.client[0]}:{self.client[1]}" if self.client else "-"


def protocol_class(request_timeout: float, max_connections: int) -> type[GuardedProtocol]:
    """A `GuardedProtocol` subclass with these settings, for `uvicorn.Config(http=...)`."""
    return type(
        "IronmqLocalProtocol",
        (GuardedProtocol,),
        {"request_timeout": request_timeout, "max_connections": max_connections},
    )


class Server(uvicorn.Server):
    """uvicorn's server, which first ends long polls and unfinished requests at shutdown."""

    def __init__(self, config: uvicorn.Config, on_shutdown: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_shutdown = on_shutdown

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Answer what is waiting, drop what is still arriving, then shut down as uvicorn does."""
        self.on_shutdown()
        for connection in list(self.server_state.connections):
            if isinstance(connection, GuardedProtocol):
                connection.drain()
        await super().shutdown(sockets)
