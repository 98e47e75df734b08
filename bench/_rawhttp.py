"""A minimal keep-alive HTTP/1.1 client on asyncio streams, for load generation.

It costs the client far less CPU per request than httpx, so on a 2-core machine the
server (one core) rather than the load generator is what saturates.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from typing import Any

from ._harness import TOKEN


class Conn:
    """One connection; one request at a time."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        self._prefix = f"Host: {host}:{port}\r\nAuthorization: OAuth {TOKEN}\r\n"
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> Conn:
        """Connect (TCP_NODELAY)."""
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        sock = self.writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def send(self, method: str, path: str, body: bytes = b"") -> None:
        """Write a request (read its answer with `answer`)."""
        assert self.writer is not None
        head = (
            f"{method} {path} HTTP/1.1\r\n{self._prefix}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)

    async def answer(self) -> tuple[int, bytes]:
        """Read one response: (status, body)."""
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
                break
        body = await self.reader.readexactly(length) if length else b""
        return status, body

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        """Send a request and read its response."""
        self.send(method, path, body)
        return await self.answer()

    async def json(self, method: str, path: str, data: Any = None) -> Any:
        """Send JSON, expect 2xx, return the decoded answer."""
        status, body = await self.request(
            method, path, b"" if data is None else json.dumps(data).encode()
        )
        if not 200 <= status < 300:
            raise RuntimeError(f"{method} {path} -> {status} {body[:200]!r}")
        return json.loads(body) if body else None

    async def close(self) -> None:
        """Close the connection."""
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
            self.writer = None
