"""The push HTTP adapter against raw subscribers: answer framings, 1xx, stale keep-alives."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from ironmq_local.runtime.delivery import HttpDelivery

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def _read_request(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readuntil(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1])
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"content-length:")
    )
    return await reader.readexactly(length)


def _deliver_to(handler: Handler, pushes: int = 1) -> list[tuple[int, str]]:
    """Start a raw subscriber on loopback, push `pushes` times to it, return the outcomes."""

    async def main() -> list[tuple[int, str]]:
        server = await asyncio.start_server(handler, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        delivery = HttpDelivery()
        try:
            outcomes = []
            for i in range(pushes):
                outcome = await delivery.deliver(
                    f"http://127.0.0.1:{port}/hook", f"m{i}".encode(), {"X-N": str(i)}, 5.0
                )
                outcomes.append((outcome.status_code, outcome.msg))
            return outcomes
        finally:
            await delivery.aclose()
            server.close()
            await server.wait_closed()

    return asyncio.run(main())


def _answering(*answers: bytes, close: bool = False) -> Handler:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for answer in answers:
                await _read_request(reader)
                writer.write(answer)
                await writer.drain()
                if close:
                    break
        finally:
            writer.close()

    return handler


def test_content_length_answers_reuse_the_connection() -> None:
    """Keep-alive answers with Content-Length serve several pushes on one connection."""
    connections = 0

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal connections
        connections += 1
        await _answering(*[b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"] * 3)(reader, writer)

    assert _deliver_to(handler, pushes=3) == [(200, "ok")] * 3
    assert connections == 1


def test_chunked_answer_is_read_whole() -> None:
    """A chunked answer body becomes the status text."""
    head = b"HTTP/1.1 500 Oops\r\nTransfer-Encoding: chunked\r\n\r\n"
    answer = head + b"4\r\nbad \r\n4\r\nnews\r\n0\r\n\r\n"
    assert _deliver_to(_answering(answer)) == [(500, "bad news")]


def test_answer_delimited_by_close() -> None:
    """An HTTP/1.0-style answer without a length ends when the subscriber closes."""
    answer = b"HTTP/1.0 202 Accepted\r\n\r\nlater"
    assert _deliver_to(_answering(answer, close=True)) == [(202, "later")]


def test_informational_answer_is_skipped() -> None:
    """A 100 Continue before the real answer is not taken for it."""
    answer = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"
    assert _deliver_to(_answering(answer)) == [(204, "No Content")]


def test_stale_keep_alive_connection_is_replaced() -> None:
    """A subscriber that closes idle connections still gets the next push, on a new one."""
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
    assert _deliver_to(_answering(answer, close=True), pushes=3) == [(200, "ok")] * 3


@pytest.mark.parametrize(
    "answer",
    [b"garbage\r\n\r\n", b"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort"],
    ids=["not-http", "truncated"],
)
def test_broken_answers_are_failed_tries(answer: bytes) -> None:
    """A malformed or truncated answer is a failed try (status 0), never an exception."""
    [(status, message)] = _deliver_to(_answering(answer, close=True))
    assert status == 0
    assert message


def test_refused_connection_is_a_failed_try() -> None:
    """Nobody listening: status 0 with the reason."""

    async def main() -> tuple[int, str]:
        delivery = HttpDelivery()
        try:
            outcome = await delivery.deliver("http://127.0.0.1:9/x", b"m", {}, 2.0)
            return outcome.status_code, outcome.msg
        finally:
            await delivery.aclose()

    status, message = asyncio.run(main())
    assert status == 0
    assert "Connect" in message or "refused" in message.lower()
