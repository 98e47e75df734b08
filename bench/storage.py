"""Memory with many queued messages, and restart time on a big database."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from ._harness import Server
from ._rawhttp import Conn
from .depth import fill
from .stats import median

BODY = "benchmark message body of a typical small size"
QUEUE = "big"


async def _exercise(server: Server) -> dict[str, float]:
    """Typical calls on the big queue: info (counts every message), peek, reserve 100, delete."""
    c = await Conn(server.host, server.port).open()
    q = f"{server.api_path}/queues/{QUEUE}"
    out: dict[str, float] = {}
    try:
        t = time.perf_counter()
        info = await c.json("GET", q)
        out["info_ms"] = (time.perf_counter() - t) * 1000
        out["size"] = info["queue"]["size"]
        t = time.perf_counter()
        await c.json("GET", q + "/messages?n=100")
        out["peek100_ms"] = (time.perf_counter() - t) * 1000
        t = time.perf_counter()
        got = await c.json("POST", q + "/reservations", {"n": 100})
        out["reserve100_ms"] = (time.perf_counter() - t) * 1000
        ids = [{"id": m["id"], "reservation_id": m["reservation_id"]} for m in got["messages"]]
        await c.json("DELETE", q + "/messages", {"ids": ids})
        await c.json("POST", q + "/messages", {"messages": [{"body": BODY}] * 100})
    finally:
        await c.close()
    return out


def _restart(db: str) -> tuple[float, float, Server]:
    """Start on `db`: (seconds to the banner, seconds to the first reserved message)."""
    server = Server(db).start()

    async def first() -> None:
        c = await Conn(server.host, server.port).open()
        try:
            await c.json("POST", f"{server.api_path}/queues/{QUEUE}/reservations", {"n": 1})
        finally:
            await c.close()

    t = time.perf_counter()
    asyncio.run(first())
    return server.started_in, server.started_in + time.perf_counter() - t, server


def memory_and_restart(db: str, *, small: int, big: int, restarts: int) -> dict[str, Any]:
    """RSS with `small` then `big` messages queued, and restart time with `big` queued."""
    out: dict[str, Any] = {"messages_small": small, "messages_big": big}
    with Server(db) as server:
        out["rss_mb_empty"] = server.rss_mb()
        out["api_post_rate_msgs_per_s"] = asyncio.run(fill(server, QUEUE, small))
        out["ops_small"] = asyncio.run(_exercise(server))
        st = server.status()
        out["rss_mb_small"] = st["VmRSS"] / 1024
        out["peak_rss_mb_small"] = st["VmHWM"] / 1024
        # the same process goes on to `big`: what a long-running server holds
        out["api_post_rate_big_msgs_per_s"] = asyncio.run(fill(server, QUEUE, big - small))
        out["ops_big_same_process"] = asyncio.run(_exercise(server))
        st = server.status()
        out["rss_mb_big"] = st["VmRSS"] / 1024
        out["peak_rss_mb_big"] = st["VmHWM"] / 1024
    banners, firsts, rss, peaks = [], [], [], []
    ops: dict[str, float] = {}
    for _ in range(restarts):
        banner, first, server = _restart(db)
        try:
            ops = asyncio.run(_exercise(server))
            st = server.status()
        finally:
            server.stop()
        banners.append(banner)
        firsts.append(first)
        rss.append(st["VmRSS"] / 1024)
        peaks.append(st["VmHWM"] / 1024)
    out["restart_s_to_listening"] = median(banners)
    out["restart_s_to_first_reserve"] = median(firsts)
    out["restarts"] = restarts
    out["ops_big"] = ops
    out["rss_mb_big_after_restart"] = median(rss)
    out["peak_rss_mb_big_after_restart"] = median(peaks)
    return out
