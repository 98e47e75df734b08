"""Costs that stay flat as a queue grows (issue 20): the same operations on queues of
different depths, and clearing a deep queue.

One server per depth (each its own SQLite file, filled through the API in batches of 100
from 4 clients), measured by one client that sends each request to every server in turn,
so a noisy moment of the machine falls on all depths alike. Operations: post one message,
reserve one and delete it, peek one, queue info, and post one to a queue with an alert
armed (a fixed alert that never fires: every post judges it). The figure is deep/shallow
of p50 and p95; the target is every ratio <= 1.3. p99 is reported but not judged: about
one request in a hundred, at every depth alike, meets a WAL checkpoint (~4 ms, SQLite
copying 1,000 pages back), so the p99 of a few hundred samples lands on either side of
that step by chance (rounds of 300 reserve + delete: p99 1.0 or 4.3 ms at 1k queued,
1.6 or 4.1 ms at 100k), and its deep/shallow ratio swung from 0.7 to 1.6 between runs.

The clear: a server with the deepest queue clears it; measured are the clear's own answer
time, how long the background worker takes to delete the rows, the server's RSS meanwhile,
and what a client asking for the queue's info every 20 ms waits meanwhile.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from ._harness import Server
from ._rawhttp import Conn
from .stats import percentile

QUEUE = "deep"
ALARM = "deep-alarm"
BODY = "benchmark message body of a typical small size"
POST_ONE = json.dumps({"messages": [{"body": BODY}]}).encode()
OPS = ("post", "reserve_delete", "peek", "info", "post_alert")
TARGET = 1.3


async def fill(server: Server, queue: str, count: int, clients: int = 4) -> float:
    """Post `count` messages to `queue` in batches of 100 from `clients` connections;
    return messages/s."""
    conns = [await Conn(server.host, server.port).open() for _ in range(clients)]
    path = f"{server.api_path}/queues/{queue}/messages"
    batch = json.dumps({"messages": [{"body": BODY}] * 100}).encode()
    left = -(-count // 100)
    started = time.perf_counter()

    async def worker(c: Conn) -> None:
        nonlocal left
        while left > 0:
            left -= 1
            status, answer = await c.request("POST", path, batch)
            if status != 201:
                raise RuntimeError(f"fill: post -> {status} {answer[:200]!r}")

    try:
        await asyncio.gather(*(worker(c) for c in conns))
    finally:
        for c in conns:
            await c.close()
    return count / (time.perf_counter() - started)


class _Probe:
    """One connection to one server, with the requests of each operation."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.q = f"{server.api_path}/queues/{QUEUE}"
        self.conn = Conn(server.host, server.port)

    async def request(self, method: str, path: str, body: bytes = b"") -> bytes:
        status, answer = await self.conn.request(method, path, body)
        if not 200 <= status < 300:
            raise RuntimeError(f"{method} {path} -> {status} {answer[:200]!r}")
        return answer

    async def op(self, name: str) -> float:
        """Run one operation; its latency in ms."""
        q = self.q
        started = time.perf_counter()
        if name in ("post", "post_alert"):
            await self.request("POST", q + "/messages", POST_ONE)
        elif name == "reserve_delete":
            (m,) = json.loads(await self.request("POST", q + "/reservations", b'{"n":1}'))[
                "messages"
            ]
            body = json.dumps({"reservation_id": m["reservation_id"]}).encode()
            await self.request("DELETE", f"{q}/messages/{m['id']}", body)
        elif name == "peek":
            await self.request("GET", q + "/messages?n=1")
        else:
            await self.request("GET", q)
        return (time.perf_counter() - started) * 1000

    async def arm(self, depth: int) -> None:
        """Add an alert that never fires (its trigger is far above the queue's size)."""
        alert = {"type": "fixed", "trigger": depth * 10 + 1000, "queue": ALARM}
        await self.request("POST", self.q + "/alerts", json.dumps({"alerts": [alert]}).encode())

    async def disarm(self) -> None:
        """Remove every alert of the queue."""
        info = json.loads(await self.request("GET", self.q))["queue"]
        ids = [{"id": a["id"]} for a in info.get("alerts", [])]
        await self.request("DELETE", self.q + "/alerts", json.dumps({"alerts": ids}).encode())


async def _measure(
    servers: dict[int, Server], requests: int, rounds: int
) -> dict[int, dict[str, list[float]]]:
    probes = {d: _Probe(s) for d, s in servers.items()}
    for p in probes.values():
        await p.conn.open()
    lat: dict[int, dict[str, list[float]]] = {d: {op: [] for op in OPS} for d in servers}
    try:
        for p in probes.values():  # warm-up: every path once
            for op in OPS:
                await p.op(op)
        for _ in range(rounds):
            for op in OPS:
                await _interleaved(probes, op, requests, lat)
    finally:
        for p in probes.values():
            await p.conn.close()
    return lat


async def _interleaved(
    probes: dict[int, _Probe], op: str, requests: int, lat: dict[int, dict[str, list[float]]]
) -> None:
    """`requests` of `op` on every server in turn: a noisy moment hits every depth alike."""
    if op == "post_alert":
        for d, p in probes.items():
            await p.arm(d)
    for _ in range(requests):
        for d, p in probes.items():
            lat[d][op].append(await p.op(op))
    if op == "post_alert":
        for p in probes.values():
            await p.disarm()


def _pending_rows(db: str) -> int:
    """Rows of cleared queues the server's worker has yet to delete (read from the file)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        (pending,) = conn.execute("SELECT COUNT(*) FROM dropped_queues").fetchone()
        return int(pending)
    except sqlite3.OperationalError:  # an older schema: the clear deleted everything at once
        return 0
    finally:
        conn.close()


async def _clear(server: Server, depth: int) -> dict[str, Any]:
    """Clear the deep queue; follow the background deletion with RSS and info latency."""
    conn = await Conn(server.host, server.port).open()
    probe = await Conn(server.host, server.port).open()
    q = f"{server.api_path}/queues/{QUEUE}"
    rss_before = server.rss_mb()
    try:
        started = time.perf_counter()
        await conn.json("DELETE", q + "/messages", {})
        clear_ms = (time.perf_counter() - started) * 1000
        size = (await conn.json("GET", q))["queue"]["size"]
        rss, info = [rss_before], []
        while _pending_rows(server.db) and time.perf_counter() - started < 600:
            t = time.perf_counter()
            await probe.request("GET", q)
            info.append((time.perf_counter() - t) * 1000)
            rss.append(server.rss_mb())
            await asyncio.sleep(0.02)
        drained = time.perf_counter() - started
    finally:
        await conn.close()
        await probe.close()
    return {
        "messages": depth,
        "clear_ms": clear_ms,
        "size_after": size,
        "rows_deleted_s": drained,
        "rss_mb_before": rss_before,
        "rss_mb_max": max(rss),
        "info_while_deleting_p50_ms": percentile(info, 50),
        "info_while_deleting_max_ms": max(info, default=0.0),
        "info_samples": len(info),
    }


def depth(
    workdir: str, *, depths: tuple[int, ...], requests: int, rounds: int, clear: int
) -> dict[str, Any]:
    """Latency of each operation at each depth, deep/shallow ratios, and a clear of `clear`.

    Args:
        workdir: where the SQLite files go.
        depths: queue depths, the shallowest first (the ratios' denominator).
        requests: requests per operation, depth and round.
        rounds: rounds over every operation.
        clear: messages in the queue to clear (0: no clear).
    """
    servers: dict[int, Server] = {}
    out: dict[str, Any] = {"depths": list(depths), "requests": requests, "rounds": rounds}
    try:
        fill_rates = {}
        for d in depths:
            servers[d] = Server(str(Path(workdir) / f"depth-{d}.db")).start()
            fill_rates[str(d)] = asyncio.run(fill(servers[d], QUEUE, d))
        out["fill_msgs_per_s"] = fill_rates
        lat = asyncio.run(_measure(servers, requests, rounds))
    finally:
        for s in servers.values():
            s.stop()
    shallow = depths[0]
    table: dict[str, Any] = {}
    for d in depths:
        row = {}
        for op in OPS:
            p50, p95 = percentile(lat[d][op], 50), percentile(lat[d][op], 95)
            base = lat[shallow][op]
            row[op] = {
                "p50_ms": p50,
                "p95_ms": p95,
                "p99_ms": percentile(lat[d][op], 99),
                "p50_ratio": p50 / percentile(base, 50),
                "p95_ratio": p95 / percentile(base, 95),
                "p99_ratio": percentile(lat[d][op], 99) / percentile(base, 99),
            }
        table[str(d)] = row
    out["by_depth"] = table
    out["worst_ratio"] = max(
        max(row[op]["p50_ratio"], row[op]["p95_ratio"])
        for d, row in table.items()
        if d != str(shallow)
        for op in OPS
    )
    if clear:
        with Server(str(Path(workdir) / "clear.db")) as server:
            out["fill_clear_msgs_per_s"] = asyncio.run(fill(server, QUEUE, clear))
            out["clear"] = asyncio.run(_clear(server, clear))
    return out


def markdown(r: dict[str, Any]) -> list[str]:
    """The section's lines of the report."""
    depths = [str(d) for d in r["depths"]]
    lines = [
        "## Queue depth (p50/p95/p99 ms; ratios deep ÷ shallowest of p50/p95/p99, the target"
        f" ≤ {TARGET:g} for every p50 and p95 one)",
        "",
        "| operation | " + " | ".join(f"{int(d):,} queued" for d in depths) + " | ratios |",
        "|---|" + "---:|" * (len(depths) + 1),
    ]
    for op in OPS:
        cells = [
            "/".join(f"{r['by_depth'][d][op][f'p{p}_ms']:.2f}" for p in (50, 95, 99))
            for d in depths
        ]
        ratios = ", ".join(
            "/".join(f"{r['by_depth'][d][op][f'p{p}_ratio']:.2f}" for p in (50, 95, 99))
            for d in depths[1:]
        )
        lines.append(f"| {op} | " + " | ".join(cells) + f" | {ratios} |")
    lines.append("")
    lines.append(
        f"Worst p50/p95 ratio {r['worst_ratio']:.2f}; {r['requests']} requests x "
        f"{r['rounds']} rounds per operation and depth, interleaved across one server per depth."
    )
    c = r.get("clear")
    if c:
        lines += [
            "",
            f"Clear of {c['messages']:,} messages: answered in {c['clear_ms']:.1f} ms (size "
            f"{c['size_after']} at once); rows deleted in the background in "
            f"{c['rows_deleted_s']:.1f} s, RSS {c['rss_mb_before']:.0f} → max "
            f"{c['rss_mb_max']:.0f} MB; queue info meanwhile p50 "
            f"{c['info_while_deleting_p50_ms']:.1f} ms, max "
            f"{c['info_while_deleting_max_ms']:.1f} ms ({c['info_samples']} samples).",
        ]
    return [*lines, ""]
