"""Quick throughput of ironmq-local for single-message post, reserve and delete on loopback.

Starts `ironmq-local` on a temporary SQLite file, then times N sequential requests of
each kind over one keep-alive connection, and the same with C concurrent clients.

    .venv/bin/python bench/server_quick.py [-n 3000] [-c 16]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

import httpx

from ironmq_local import LocalServer


def sequential(server: LocalServer, n: int) -> dict[str, float]:
    """Requests per second for n posts, n reserves and n deletes, one at a time."""
    rates: dict[str, float] = {}
    with httpx.Client(base_url=server.api_url, headers=server.auth_headers) as c:
        c.put("/queues/seq", json={})
        body = {"messages": [{"body": "benchmark message body of a typical small size"}]}
        t = time.perf_counter()
        for _ in range(n):
            assert c.post("/queues/seq/messages", json=body).status_code == 201
        rates["post"] = n / (time.perf_counter() - t)
        reserved = []
        t = time.perf_counter()
        for _ in range(n):
            r = c.post("/queues/seq/reservations", json={"n": 1})
            reserved.append(r.json()["messages"][0])
        rates["reserve"] = n / (time.perf_counter() - t)
        t = time.perf_counter()
        for m in reserved:
            r = c.request(
                "DELETE",
                f"/queues/seq/messages/{m['id']}",
                json={"reservation_id": m["reservation_id"]},
            )
            assert r.status_code == 200
        rates["delete"] = n / (time.perf_counter() - t)
    return rates


async def concurrent(server: LocalServer, n: int, clients: int) -> dict[str, float]:
    """Requests per second for the same three operations from `clients` concurrent clients."""
    rates: dict[str, float] = {}
    per = n // clients
    async with httpx.AsyncClient(
        base_url=server.api_url,
        headers=server.auth_headers,
        limits=httpx.Limits(max_connections=clients),
    ) as c:
        await c.put("/queues/conc", json={})
        body = {"messages": [{"body": "benchmark message body of a typical small size"}]}

        async def posts() -> None:
            for _ in range(per):
                await c.post("/queues/conc/messages", json=body)

        async def reserves() -> list[dict[str, str]]:
            out = []
            for _ in range(per):
                r = await c.post("/queues/conc/reservations", json={"n": 1})
                out += r.json()["messages"]
            return out

        async def deletes(ms: list[dict[str, str]]) -> None:
            for m in ms:
                await c.request(
                    "DELETE",
                    f"/queues/conc/messages/{m['id']}",
                    json={"reservation_id": m["reservation_id"]},
                )

        t = time.perf_counter()
        await asyncio.gather(*(posts() for _ in range(clients)))
        rates["post"] = per * clients / (time.perf_counter() - t)
        t = time.perf_counter()
        got = await asyncio.gather(*(reserves() for _ in range(clients)))
        rates["reserve"] = per * clients / (time.perf_counter() - t)
        t = time.perf_counter()
        await asyncio.gather(*(deletes(ms) for ms in got))
        rates["delete"] = sum(len(ms) for ms in got) / (time.perf_counter() - t)
    return rates


def main() -> None:
    """Run both measurements and print requests per second."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=3000, help="requests of each kind")
    parser.add_argument("-c", type=int, default=16, help="concurrent clients")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, LocalServer(str(Path(tmp) / "bench.db")) as server:
        seq = sequential(server, args.n)
        conc = asyncio.run(concurrent(server, args.n, args.c))
    print(f"ironmq-local quick benchmark, n={args.n} per operation")
    for op in ("post", "reserve", "delete"):
        print(f"  {op:8s} sequential {seq[op]:8.0f} req/s   {args.c} clients {conc[op]:8.0f} req/s")


if __name__ == "__main__":
    main()
