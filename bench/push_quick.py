"""Push delivery throughput of ironmq-local: messages per second POSTed to a local subscriber.

Starts a subscriber that answers every POST with 200 (a minimal keep-alive HTTP/1.1 server
on asyncio, in its own process, so it is never the bottleneck) and `ironmq-local` on a
temporary SQLite file. With the virtual clock frozen it posts N messages with a delay to a
multicast push queue of one subscriber, then moves the clock past the delay so that all N
are due at once, and times how long the server takes to deliver them all (the queue's size
reaches 0 once every message is delivered and recorded).

    .venv/bin/python bench/push_quick.py [-n 5000] [--concurrency 64]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import tempfile
import time
from pathlib import Path

import httpx

from ironmq_local import LocalServer

_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: text/plain\r\n\r\nok"


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            writer.write(_ANSWER)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


def _subscriber(port_out: multiprocessing.SimpleQueue[int]) -> None:
    async def main() -> None:
        server = await asyncio.start_server(_handle, "127.0.0.1", 0, backlog=1024)
        port_out.put(server.sockets[0].getsockname()[1])
        await server.serve_forever()

    asyncio.run(main())


def measure(n: int, concurrency: int) -> float:
    """Deliver n messages and return messages per second."""
    ctx = multiprocessing.get_context("spawn")
    ports: multiprocessing.SimpleQueue[int] = ctx.SimpleQueue()
    sub = ctx.Process(target=_subscriber, args=(ports,), daemon=True)
    sub.start()
    port = ports.get()
    try:
        with (
            tempfile.TemporaryDirectory() as tmp,
            LocalServer(
                str(Path(tmp) / "push.db"), extra_args=["--push-concurrency", str(concurrency)]
            ) as server,
            httpx.Client(base_url=server.api_url, headers=server.auth_headers, timeout=60) as c,
        ):
            server.freeze()
            subscribers = [{"name": "bench", "url": f"http://127.0.0.1:{port}/push"}]
            c.put("/queues/push", json={"queue": {"push": {"subscribers": subscribers}}})
            batch = [{"body": "benchmark message body of a typical small size", "delay": 10}]
            for i in range(0, n, 100):
                r = c.post("/queues/push/messages", json={"messages": batch * min(100, n - i)})
                assert r.status_code == 201, r.text
            assert c.get("/queues/push").json()["queue"]["size"] == n
            start = time.perf_counter()
            server.advance(10)
            while c.get("/queues/push").json()["queue"]["size"]:
                time.sleep(0.005)
            elapsed = time.perf_counter() - start
            ids = c.post("/queues/push/messages", json={"messages": [{"body": "x"}]}).json()
            (status,) = c.get(f"/queues/push/messages/{ids['ids'][0]}/subscribers").json()[
                "subscribers"
            ]
            assert status["status"] in ("queued", "deleted"), status
    finally:
        sub.terminate()
    return n / elapsed


def main() -> None:
    """Parse arguments, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000, help="messages to deliver")
    parser.add_argument("--concurrency", type=int, default=64, help="--push-concurrency")
    args = parser.parse_args()
    rate = measure(args.n, args.concurrency)
    print(
        f"push delivery: {args.n} messages to one local subscriber answering 200, "
        f"concurrency {args.concurrency}: {rate:,.0f} messages/s"
    )


if __name__ == "__main__":
    main()
