"""The HTTP adapter of push delivery: `DeliveryPort` for http:// and https:// subscribers.

`http://` goes through a small keep-alive client of asyncio streams and h11 (the HTTP/1.1
state machine under httpx): pushes are all the same simple request, and httpx's connection
pool costs far more CPU per request when many run at once (it scans every pooled connection
for each request). `https://` goes through one shared `httpx.AsyncClient`.
"""

from __future__ import annotations

import asyncio
import contextlib
import urllib.parse

import h11
import httpx

from ..domain.values import Outcome

_MAX_MSG = 500  # characters of a subscriber's answer kept as the status text
_MAX_BODY = 1 << 20  # an answer body larger than this is not read; the connection is dropped
_MAX_IDLE = 64  # idle connections kept per host
_READ_SIZE = 64 * 1024


class AnswerTooLarge(Exception):
    """The subscriber's answer body is larger than `_MAX_BODY`."""


class _Connection:
    """One keep-alive connection to a subscriber: its streams and its h11 state."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer
        self.http = h11.Connection(h11.CLIENT)

    def reusable(self) -> bool:
        """Whether both sides finished the exchange and may start another."""
        done = self.http.our_state is h11.DONE and self.http.their_state is h11.DONE
        return done and not self.writer.is_closing()


class HttpDelivery:
    """POSTs push requests; maps every answer, refusal and timeout to an `Outcome`."""

    def __init__(self, max_connections: int = 256) -> None:
        # trust_env=False: a proxy configured in the environment must not see local pushes.
        self.client = httpx.AsyncClient(
            trust_env=False,
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )
        self._idle: dict[tuple[str, int], list[_Connection]] = {}

    async def deliver(
        self, url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> Outcome:
        """POST `body` to `url`; the whole exchange must finish within `timeout` seconds."""
        try:
            if url.startswith("http://"):
                return await asyncio.wait_for(self._plain(url, body, headers), timeout)
            response = await asyncio.wait_for(
                self.client.post(url, content=body, headers=headers, timeout=timeout), timeout
            )
            return Outcome(response.status_code, _text(response.content, response.reason_phrase))
        except (asyncio.TimeoutError, httpx.TimeoutException):
            return Outcome(0, f"Timed out after {timeout:g} s")
        except Exception as exc:  # refused, reset, bad URL or header, TLS ...: all retried
            return Outcome(0, f"{type(exc).__name__}: {exc}"[:_MAX_MSG])

    async def _plain(self, url: str, body: bytes, headers: dict[str, str]) -> Outcome:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        key = (host, parts.port or 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        fields = [("Host", parts.netloc.rpartition("@")[2])]
        fields += [(k, v) for k, v in headers.items() if k.lower() != "content-length"]
        fields.append(("Content-Length", str(len(body))))
        request = h11.Request(method="POST", target=target, headers=fields)
        idle = self._idle.get(key)
        if idle:
            try:
                return await self._exchange(key, idle.pop(), request, body)
            except (ConnectionError, h11.RemoteProtocolError):
                pass  # the subscriber closed the idle connection: once more on a new one
        reader, writer = await asyncio.open_connection(host, key[1])
        return await self._exchange(key, _Connection(reader, writer), request, body)

    async def _exchange(
        self, key: tuple[str, int], conn: _Connection, request: h11.Request, body: bytes
    ) -> Outcome:
        try:
            data = conn.http.send(request) or b""
            data += conn.http.send(h11.Data(data=body)) or b""
            data += conn.http.send(h11.EndOfMessage()) or b""
            conn.writer.write(data)
            await conn.writer.drain()
            status, reason, answer = await _read_answer(conn)
            return Outcome(status, _text(answer, reason))
        finally:
            idle = self._idle.setdefault(key, [])
            if conn.reusable() and len(idle) < _MAX_IDLE:
                conn.http.start_next_cycle()
                idle.append(conn)
            else:
                conn.writer.close()

    async def aclose(self) -> None:
        """Close every connection."""
        for conns in self._idle.values():
            for conn in conns:
                conn.writer.close()
        self._idle.clear()
        await self.client.aclose()


async def _read_answer(conn: _Connection) -> tuple[int, str, bytes]:
    """Read one answer (skipping 1xx): (status, reason, body)."""
    status, reason, body = 0, "", b""
    while True:
        event = conn.http.next_event()
        if event is h11.NEED_DATA:
            # An empty read is the end of the stream, which h11 must see: it ends an answer
            # delimited by the connection's close, and is an error in the middle of one.
            conn.http.receive_data(await conn.reader.read(_READ_SIZE))
        elif isinstance(event, h11.Response):
            status, reason = event.status_code, event.reason.decode("latin-1")
        elif isinstance(event, h11.Data):
            body += event.data
            if len(body) > _MAX_BODY:
                raise AnswerTooLarge(f"answer larger than {_MAX_BODY} bytes")
        elif isinstance(event, h11.EndOfMessage):
            return status, reason, body
        elif isinstance(event, h11.ConnectionClosed):
            raise ConnectionError("the subscriber closed the connection")
        # h11.InformationalResponse (100 Continue and the like) precedes the real answer


def _text(body: bytes, reason: str) -> str:
    with contextlib.suppress(UnicodeDecodeError):
        text = body.decode("utf-8").strip()[:_MAX_MSG]
        if text:
            return text
    return reason or "no text"
