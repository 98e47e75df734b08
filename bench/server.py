"""Server-side benchmarks: load under concurrent clients, long-poll wake-up, idle pollers.

The load comes from `_rawhttp` (cheap per request), one keep-alive connection per client.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from ._harness import Server
from ._rawhttp import Conn
from .stats import median, percentile

BODY = "benchmark message body of a typical small size"
POST_ONE = json.dumps({"messages": [{"body": BODY}]}).encode()
RESERVE_ONE = b'{"n":1}'
TRIVIAL = "/bench/trivial"
OPS = ("post", "reserve", "delete", "trivial")


async def _open(server: Server, n: int) -> list[Conn]:
    return list(await asyncio.gather(*(Conn(server.host, server.port).open() for _ in range(n))))


async def _close(conns: list[Conn]) -> None:
    await asyncio.gather(*(c.close() for c in conns))


async def _drive(
    conns: list[Conn],
    count: int,
    time_limit: float,
    make: Any,
) -> tuple[float, list[float], list[bytes]]:
    """Run up to `count` requests over `conns` in parallel; (req/s, latencies ms, bodies).

    `make(i)` gives (method, path, body) of the i-th request.
    """
    latencies: list[float] = []
    bodies: list[bytes] = []
    next_i = 0
    deadline = time.perf_counter() + time_limit

    async def client(c: Conn) -> None:
        nonlocal next_i
        while next_i < count and time.perf_counter() < deadline:
            i = next_i
            next_i += 1
            method, path, body = make(i)
            t = time.perf_counter()
            status, answer = await c.request(method, path, body)
            latencies.append((time.perf_counter() - t) * 1000)
            if not 200 <= status < 300:
                raise RuntimeError(f"{method} {path} -> {status} {answer[:200]!r}")
            bodies.append(answer)

    t0 = time.perf_counter()
    await asyncio.gather(*(client(c) for c in conns))
    return len(latencies) / (time.perf_counter() - t0), latencies, bodies


async def _load_round(
    server: Server, clients: int, count: int, time_limit: float, queue: str
) -> dict[str, tuple[float, list[float]]]:
    """post, reserve, delete (the same messages) and the trivial endpoint at one concurrency."""
    conns = await _open(server, clients)
    q = f"{server.api_path}/queues/{queue}"
    out: dict[str, tuple[float, list[float]]] = {}
    try:
        # warm-up: the queue exists, every connection has served one request
        await asyncio.gather(*(c.request("POST", TRIVIAL, POST_ONE) for c in conns))
        await conns[0].json("PUT", q, {})
        rate, lat, _ = await _drive(
            conns, count, time_limit, lambda i: ("POST", q + "/messages", POST_ONE)
        )
        out["post"] = (rate, lat)
        posted = len(lat)
        rate, lat, bodies = await _drive(
            conns, posted, time_limit, lambda i: ("POST", q + "/reservations", RESERVE_ONE)
        )
        out["reserve"] = (rate, lat)
        msgs = [m for b in bodies for m in json.loads(b)["messages"]]

        def delete(i: int) -> tuple[str, str, bytes]:
            m = msgs[i]
            body = json.dumps({"reservation_id": m["reservation_id"]}).encode()
            return "DELETE", f"{q}/messages/{m['id']}", body

        rate, lat, _ = await _drive(conns, len(msgs), time_limit, delete)
        out["delete"] = (rate, lat)
        rate, lat, _ = await _drive(conns, count, time_limit, lambda i: ("POST", TRIVIAL, POST_ONE))
        out["trivial"] = (rate, lat)
    finally:
        await _close(conns)
    return out


def load(
    server: Server, *, levels: tuple[int, ...], count: int, time_limit: float, rounds: int
) -> dict[str, Any]:
    """Requests/s and p50/p99 latency per operation and concurrency; medians over rounds."""
    rates: dict[int, dict[str, list[float]]] = {c: {op: [] for op in OPS} for c in levels}
    lats: dict[int, dict[str, list[float]]] = {c: {op: [] for op in OPS} for c in levels}
    for r in range(rounds):
        for c in levels:
            got = asyncio.run(_load_round(server, c, count, time_limit, f"load-{r}-{c}"))
            for op, (rate, lat) in got.items():
                rates[c][op].append(rate)
                lats[c][op].extend(lat)
    table: dict[str, Any] = {}
    for c in levels:
        row: dict[str, Any] = {}
        for op in OPS:
            row[op] = {
                "req_per_s": median(rates[c][op]),
                "p50_ms": percentile(lats[c][op], 50),
                "p99_ms": percentile(lats[c][op], 99),
            }
        trivial = row["trivial"]["req_per_s"]
        for op in ("post", "reserve", "delete"):
            # cost per request relative to the trivial endpoint (its req/s over ours)
            row[op]["cost_vs_trivial"] = trivial / row[op]["req_per_s"]
        table[str(c)] = row
    return {"requests_per_measurement": count, "rounds": rounds, "by_clients": table}


async def _wakeups(server: Server, trials: int) -> list[float]:
    waiter, poster = await _open(server, 2)
    q = f"{server.api_path}/queues/longpoll"
    out: list[float] = []
    try:
        await poster.json("PUT", q, {})
        for _ in range(trials):
            waiter.send("POST", q + "/reservations", b'{"n":1,"wait":5}')
            await asyncio.sleep(0.02)  # the long poll is parked on the server
            t0 = time.perf_counter()
            await poster.request("POST", q + "/messages", POST_ONE)
            _, body = await waiter.answer()
            out.append((time.perf_counter() - t0) * 1000)
            m = json.loads(body)["messages"][0]
            await poster.json(
                "DELETE", f"{q}/messages/{m['id']}", {"reservation_id": m["reservation_id"]}
            )
    finally:
        await _close([waiter, poster])
    return out


def wakeup(server: Server, trials: int) -> dict[str, Any]:
    """Time from sending a post to the answer of a long poll that was waiting for it."""
    lat = asyncio.run(_wakeups(server, trials))
    return {
        "trials": len(lat),
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "note": "from sending the post to the long poll's answer (includes the post itself)",
    }


async def _idle(server: Server, pollers: int, wait: int) -> dict[str, Any]:
    q = f"{server.api_path}/queues/idle"
    probe = (await _open(server, 1))[0]
    await probe.json("PUT", q, {})
    before = server.status()
    conns: list[Conn] = []
    try:
        for start in range(0, pollers, 100):  # connect in steps: the listen backlog is finite
            conns += await _open(server, min(100, pollers - start))
        body = json.dumps({"n": 1, "wait": wait}).encode()
        for c in conns:
            c.send("POST", q + "/reservations", body)
        await asyncio.sleep(1.0)
        held = server.status()
        lat = []
        for _ in range(20):
            t = time.perf_counter()
            await probe.request("POST", TRIVIAL, POST_ONE)
            lat.append((time.perf_counter() - t) * 1000)
        # wake them all: 1000 messages in batches of 100, then every poller has one
        t0 = time.perf_counter()
        batch = json.dumps({"messages": [{"body": BODY}] * 100}).encode()
        for _ in range(0, pollers, 100):
            await probe.request("POST", q + "/messages", batch)
        answers = await asyncio.wait_for(
            asyncio.gather(*(c.answer() for c in conns)), timeout=wait + 10
        )
        handed_out = time.perf_counter() - t0
        got = sum(len(json.loads(b)["messages"]) for _, b in answers)
    finally:
        await _close([*conns, probe])
    return {
        "pollers": pollers,
        "threads_before": before["Threads"],
        "threads_while_held": held["Threads"],
        "rss_mb_before": before["VmRSS"] / 1024,
        "rss_mb_while_held": held["VmRSS"] / 1024,
        "trivial_p50_ms_while_held": percentile(lat, 50),
        "messages_handed_out": got,
        "seconds_to_feed_all": handed_out,
    }


def idle_pollers(server: Server, pollers: int) -> dict[str, Any]:
    """Hold `pollers` long polls open; count server threads and memory, then feed them all."""
    return asyncio.run(_idle(server, pollers, 20))


__all__ = ["idle_pollers", "load", "median", "wakeup"]
