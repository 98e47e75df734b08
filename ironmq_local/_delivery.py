"""The HTTP adapter of push delivery: `DeliveryPort` for http:// and https:// subscribers.

`http://` goes through a small keep-alive HTTP/1.1 client on asyncio streams: pushes are all
the same simple request (POST, a body with Content-Length, a status and a short answer), and
httpx's connection pool costs far more CPU per request when many run at once (it scans every
pooled connection for each request). `https://` goes through one shared `httpx.AsyncClient`.
"""

from __future__ import annotations

import asyncio
import contextlib
import urllib.parse

import httpx

from ._push import Outcome

_MAX_MSG = 500  # characters of a subscriber's answer kept as the status text
_MAX_BODY = 1 << 20  # an answer body larger than this is not read; the connection is dropped
_MAX_IDLE = 64  # idle connections kept per host
_BAD = frozenset("\r\n\0")


class ProtocolError(Exception):
    """The subscriber's answer is not HTTP/1.x as we understand it."""


Conn = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class HttpxDelivery:
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
        self._idle: dict[tuple[str, int], list[Conn]] = {}

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
        lines = [f"POST {target} HTTP/1.1", f"Host: {parts.netloc.rpartition('@')[2]}"]
        for name, value in headers.items():
            if _BAD.intersection(name + value) or ":" in name or not name.strip():
                raise ValueError(f"invalid header {name!r}")
            if name.lower() != "content-length":
                lines.append(f"{name}: {value}")
        lines.append(f"Content-Length: {len(body)}")
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body
        idle = self._idle.get(key)
        if idle:
            conn = idle.pop()
            try:
                return await self._exchange(key, conn, request)
            except (ConnectionError, asyncio.IncompleteReadError, ProtocolError):
                pass  # the subscriber closed the idle connection: once more on a new one
        conn = await asyncio.open_connection(host, key[1])
        return await self._exchange(key, conn, request)

    async def _exchange(self, key: tuple[str, int], conn: Conn, request: bytes) -> Outcome:
        reader, writer = conn
        keep = False
        try:
            writer.write(request)
            await writer.drain()
            status, reason, keep, body = await _read_answer(reader)
            return Outcome(status, _text(body, reason))
        finally:
            idle = self._idle.setdefault(key, [])
            if keep and len(idle) < _MAX_IDLE and not writer.is_closing():
                idle.append(conn)
            else:
                writer.close()

    async def aclose(self) -> None:
        """Close every connection."""
        for conns in self._idle.values():
            for _reader, writer in conns:
                writer.close()
        self._idle.clear()
        await self.client.aclose()


async def _read_answer(reader: asyncio.StreamReader) -> tuple[int, str, bool, bytes]:
    """Read one HTTP/1.x answer: (status, reason, keep-alive, body)."""
    while True:
        line = await reader.readuntil(b"\r\n")
        version, _, rest = line.decode("latin-1").strip().partition(" ")
        code, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/1.") or not code.isdigit():
            raise ProtocolError(f"not an HTTP answer: {line[:80]!r}")
        fields: dict[str, str] = {}
        while (header := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = header.decode("latin-1").partition(":")
            fields[name.strip().lower()] = value.strip()
        status = int(code)
        if status >= 200:
            break  # 1xx answers (100 Continue) come before the real one
    keep = version == "HTTP/1.1" and fields.get("connection", "").lower() != "close"
    if "chunked" in fields.get("transfer-encoding", "").lower():
        body = b""
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            if len(body) + size > _MAX_BODY:
                raise ProtocolError("answer too large")
            body += (await reader.readexactly(size + 2))[:-2]
        while await reader.readuntil(b"\r\n") != b"\r\n":
            pass  # trailers
    elif "content-length" in fields:
        length = int(fields["content-length"])
        if length > _MAX_BODY:
            raise ProtocolError("answer too large")
        body = await reader.readexactly(length)
    elif status in (204, 304):
        body = b""
    else:  # delimited by the end of the connection
        body = await reader.read(_MAX_BODY)
        keep = False
    return status, reason, keep, body


def _text(body: bytes, reason: str) -> str:
    with contextlib.suppress(UnicodeDecodeError):
        text = body.decode("utf-8").strip()[:_MAX_MSG]
        if text:
            return text
    return reason or "no text"
