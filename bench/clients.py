"""Client-side benchmarks: CPU per call and throughput of four clients on one server.

(a) raw httpx with a pooled client (sync, and async for the async ratio),
(b) `IronMQ`, (c) `AsyncIronMQ`, (d) the legacy `iron-mq` 0.9 client (iron_core/requests).
Every client does the same thing on its own queue: the same body, the same answers parsed.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from ironmq_sdk import AsyncIronMQ, IronMQ

from ._harness import PROJECT_ID, TOKEN, Server
from .stats import median

BODY = "benchmark message body of a typical small size"
BATCH = 100
OPS = ("post", "reserve_delete", "peek", "info")
_names = itertools.count()


def _queue_name(tag: str) -> str:
    return f"bench-{tag}-{next(_names)}"


def _prefill(server: Server, queue: str, count: int) -> None:
    """Put `count` messages on `queue` with raw batch posts (not timed)."""
    with httpx.Client(base_url=server.api_url, headers={"Authorization": f"OAuth {TOKEN}"}) as c:
        for start in range(0, count, BATCH):
            k = min(BATCH, count - start)
            r = c.post(f"/queues/{queue}/messages", json={"messages": [{"body": BODY}] * k})
            r.raise_for_status()


# sync drivers -----------------------------------------------------------------------------


class RawHttpx:
    """(a) httpx.Client, pooled, calling the endpoints directly and decoding the JSON."""

    label = "raw httpx"

    def __init__(self, server: Server) -> None:
        self.c = httpx.Client(base_url=server.api_url, headers={"Authorization": f"OAuth {TOKEN}"})
        self.q = ""

    def use(self, queue: str) -> None:
        self.q = f"/queues/{queue}"

    def _ok(self, r: httpx.Response) -> Any:
        r.raise_for_status()
        return r.json()

    def post(self) -> None:
        self._ok(self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}]}))

    def reserve_delete(self) -> None:
        m = self._ok(self.c.post(self.q + "/reservations", json={"n": 1}))["messages"][0]
        self._ok(
            self.c.request(
                "DELETE",
                f"{self.q}/messages/{m['id']}",
                json={"reservation_id": m["reservation_id"]},
            )
        )

    def peek(self) -> None:
        self._ok(self.c.get(self.q + "/messages", params={"n": 1}))

    def info(self) -> None:
        self._ok(self.c.get(self.q))

    def cycle(self) -> None:
        self.post()
        self.reserve_delete()

    def batch(self) -> int:
        self._ok(self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}] * BATCH}))
        ms = self._ok(self.c.post(self.q + "/reservations", json={"n": BATCH}))["messages"]
        ids = [{"id": m["id"], "reservation_id": m["reservation_id"]} for m in ms]
        self._ok(self.c.request("DELETE", self.q + "/messages", json={"ids": ids}))
        return len(ms)

    def close(self) -> None:
        self.c.close()


class Sdk:
    """(b) `IronMQ`."""

    label = "IronMQ (sync SDK)"

    def __init__(self, server: Server) -> None:
        self.mq = IronMQ(project_id=PROJECT_ID, token=TOKEN, base_url=server.base_url)
        self.q = self.mq.queue("unused")

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    def post(self) -> None:
        self.q.post(BODY)

    def reserve_delete(self) -> None:
        self.q.delete(self.q.reserve(1)[0])

    def peek(self) -> None:
        self.q.peek(1)

    def info(self) -> None:
        self.q.info()

    def cycle(self) -> None:
        self.q.post(BODY)
        self.q.delete(self.q.reserve(1)[0])

    def batch(self) -> int:
        self.q.post(*([BODY] * BATCH))
        ms = self.q.reserve(BATCH)
        self.q.delete_multiple(*ms)
        return len(ms)

    def close(self) -> None:
        self.mq.close()


class Legacy:
    """(d) `iron_mq.IronMQ` 0.9 over iron_core (requests, a new connection per call)."""

    label = "iron-mq 0.9 (legacy)"

    def __init__(self, server: Server) -> None:
        import iron_mq  # noqa: PLC0415  # only in the bench venv

        self.mq = iron_mq.IronMQ(
            host=server.host,
            port=server.port,
            protocol="http",
            project_id=PROJECT_ID,
            token=TOKEN,
        )
        self.q = self.mq.queue("unused")

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    def post(self) -> None:
        self.q.post(BODY)

    def reserve_delete(self) -> None:
        m = self.q.reserve(max=1)["messages"][0]
        self.q.delete(m["id"], m["reservation_id"])

    def peek(self) -> None:
        self.q.peek(max=1)

    def info(self) -> None:
        self.q.info()

    def cycle(self) -> None:
        self.post()
        self.reserve_delete()

    def batch(self) -> int:
        self.q.post(*([BODY] * BATCH))
        got = self.q.reserve(max=BATCH)
        self.q.delete_multiple(messages=got)
        return len(got["messages"])

    def close(self) -> None:
        pass


# async drivers ----------------------------------------------------------------------------


class RawHttpxAsync:
    """(a') httpx.AsyncClient, pooled: the fair baseline for the async SDK."""

    label = "raw httpx async"

    def __init__(self, server: Server) -> None:
        self.c = httpx.AsyncClient(
            base_url=server.api_url,
            headers={"Authorization": f"OAuth {TOKEN}"},
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=200),
        )
        self.q = ""

    def use(self, queue: str) -> None:
        self.q = f"/queues/{queue}"

    def _ok(self, r: httpx.Response) -> Any:
        r.raise_for_status()
        return r.json()

    async def post(self) -> None:
        self._ok(await self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}]}))

    async def reserve_delete(self) -> None:
        r = await self.c.post(self.q + "/reservations", json={"n": 1})
        m = self._ok(r)["messages"][0]
        r = await self.c.request(
            "DELETE", f"{self.q}/messages/{m['id']}", json={"reservation_id": m["reservation_id"]}
        )
        self._ok(r)

    async def peek(self) -> None:
        self._ok(await self.c.get(self.q + "/messages", params={"n": 1}))

    async def info(self) -> None:
        self._ok(await self.c.get(self.q))

    async def cycle(self) -> None:
        await self.post()
        await self.reserve_delete()

    async def close(self) -> None:
        await self.c.aclose()


class SdkAsync:
    """(c) `AsyncIronMQ`."""

    label = "AsyncIronMQ (async SDK)"

    def __init__(self, server: Server) -> None:
        self.mq = AsyncIronMQ(project_id=PROJECT_ID, token=TOKEN, base_url=server.base_url)
        self.q = self.mq.queue("unused")

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    async def post(self) -> None:
        await self.q.post(BODY)

    async def reserve_delete(self) -> None:
        await self.q.delete((await self.q.reserve(1))[0])

    async def peek(self) -> None:
        await self.q.peek(1)

    async def info(self) -> None:
        await self.q.info()

    async def cycle(self) -> None:
        await self.q.post(BODY)
        await self.q.delete((await self.q.reserve(1))[0])

    async def batch(self) -> int:
        await self.q.post(*([BODY] * BATCH))
        ms = await self.q.reserve(BATCH)
        await self.q.delete_multiple(*ms)
        return len(ms)

    async def close(self) -> None:
        await self.mq.close()


SYNC_DRIVERS: dict[str, Callable[[Server], Any]] = {
    "httpx": RawHttpx,
    "sdk": Sdk,
    "legacy": Legacy,
}
ASYNC_DRIVERS: dict[str, Callable[[Server], Any]] = {
    "httpx_async": RawHttpxAsync,
    "sdk_async": SdkAsync,
}
LABELS = {
    key: cls.label  # type: ignore[attr-defined]
    for key, cls in {**SYNC_DRIVERS, **ASYNC_DRIVERS}.items()
}


# timing -----------------------------------------------------------------------------------


def _time_sync(fn: Callable[[], Any], n: int) -> tuple[float, float]:
    """(client CPU µs, wall µs) per call of fn, over n calls."""
    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(n):
        fn()
    return (time.process_time() - c0) / n * 1e6, (time.perf_counter() - w0) / n * 1e6


async def _time_async(fn: Callable[[], Awaitable[Any]], n: int) -> tuple[float, float]:
    gc.collect()
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(n):
        await fn()
    return (time.process_time() - c0) / n * 1e6, (time.perf_counter() - w0) / n * 1e6


def _overhead_sync(server: Server, key: str, n: int) -> dict[str, tuple[float, float]]:
    d = SYNC_DRIVERS[key](server)
    out = {}
    try:
        d.use(_queue_name(key))
        d.post()  # warm-up: connection, queue creation
        out["post"] = _time_sync(d.post, n)
        q = _queue_name(key)
        _prefill(server, q, n + 5)
        d.use(q)
        d.reserve_delete()
        out["reserve_delete"] = _time_sync(d.reserve_delete, n)
        out["peek"] = _time_sync(d.peek, n)
        out["info"] = _time_sync(d.info, n)
    finally:
        d.close()
    return out


def _overhead_async(server: Server, key: str, n: int) -> dict[str, tuple[float, float]]:
    async def run() -> dict[str, tuple[float, float]]:
        d = ASYNC_DRIVERS[key](server)
        out = {}
        try:
            d.use(_queue_name(key))
            await d.post()
            out["post"] = await _time_async(d.post, n)
            q = _queue_name(key)
            _prefill(server, q, n + 5)
            d.use(q)
            await d.reserve_delete()
            out["reserve_delete"] = await _time_async(d.reserve_delete, n)
            out["peek"] = await _time_async(d.peek, n)
            out["info"] = await _time_async(d.info, n)
        finally:
            await d.close()
        return out

    return asyncio.run(run())


def sdk_overhead(server: Server, n: int, rounds: int) -> dict[str, Any]:
    """Client CPU and wall time per call, per client and operation; medians over rounds.

    Rounds interleave the clients (in a rotating order), so background load hits all alike.
    """
    keys = ["httpx", "sdk", "httpx_async", "sdk_async", "legacy"]
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        k: {op: [] for op in OPS} for k in keys
    }
    for r in range(rounds):
        order = keys[r % len(keys) :] + keys[: r % len(keys)]
        for key in order:
            fn = _overhead_sync if key in SYNC_DRIVERS else _overhead_async
            for op, value in fn(server, key, n).items():
                samples[key][op].append(value)
    cpu = {k: {op: median([s[0] for s in samples[k][op]]) for op in OPS} for k in keys}
    wall = {k: {op: median([s[1] for s in samples[k][op]]) for op in OPS} for k in keys}

    def ratio(num: str, den: str) -> dict[str, float]:
        per_op = {op: cpu[num][op] / cpu[den][op] for op in OPS}
        per_op["mean_of_ops"] = sum(per_op[op] for op in OPS) / len(OPS)
        return per_op

    return {
        "calls_per_measurement": n,
        "rounds": rounds,
        "cpu_us_per_call": cpu,
        "wall_us_per_call": wall,
        "ratios_cpu": {
            "sdk/httpx (b/a)": ratio("sdk", "httpx"),
            "async_sdk/httpx (c/a)": ratio("sdk_async", "httpx"),
            "async_sdk/httpx_async (c/a')": ratio("sdk_async", "httpx_async"),
            "legacy/sdk (d/b)": ratio("legacy", "sdk"),
        },
    }


# throughput -------------------------------------------------------------------------------


def _sequential(server: Server, key: str, cycles: int, time_limit: float) -> float:
    """Messages/s of single-message post → reserve → delete cycles (bounded in time)."""
    d = SYNC_DRIVERS[key](server)
    try:
        d.use(_queue_name(key))
        d.cycle()
        done = 0
        t0 = time.perf_counter()
        while done < cycles and time.perf_counter() - t0 < time_limit:
            d.cycle()
            done += 1
        return done / (time.perf_counter() - t0)
    finally:
        d.close()


def _batched(server: Server, key: str, batches: int, time_limit: float) -> float:
    """Messages/s of post 100 → reserve 100 → delete those 100."""
    d = SYNC_DRIVERS[key](server)
    try:
        d.use(_queue_name(key))
        d.batch()
        done = 0
        t0 = time.perf_counter()
        for _ in range(batches):
            done += d.batch()
            if time.perf_counter() - t0 > time_limit:
                break
        return done / (time.perf_counter() - t0)
    finally:
        d.close()


def _in_flight(
    server: Server, key: str, k: int, cycles: int, time_limit: float, *, batch: bool
) -> float:
    """Messages/s with k concurrent workers each running cycles (or batches)."""

    async def run() -> float:
        d = ASYNC_DRIVERS[key](server)
        d.use(_queue_name(f"{key}{k}"))
        left = cycles
        done = 0
        deadline = time.perf_counter() + time_limit

        async def worker() -> None:
            nonlocal left, done
            while left > 0 and time.perf_counter() < deadline:
                left -= 1
                if batch:
                    done += await d.batch()
                else:
                    await d.cycle()
                    done += 1

        try:
            await (d.batch() if batch else d.cycle())
            t0 = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(k)))
            return done / (time.perf_counter() - t0)
        finally:
            await d.close()

    return asyncio.run(run())


def throughput(
    server: Server, *, cycles: int, batches: int, rounds: int, time_limit: float
) -> dict[str, Any]:
    """Sequential, batched and async-in-flight throughput; medians over interleaved rounds."""
    seq: dict[str, list[float]] = {k: [] for k in ("httpx", "sdk", "legacy")}
    bat: dict[str, list[float]] = {k: [] for k in ("httpx", "sdk", "legacy")}
    levels = (1, 8, 32, 128)
    inflight: dict[int, list[float]] = {k: [] for k in levels}
    raw_inflight: dict[int, list[float]] = {k: [] for k in (1, 32)}
    abatch: list[float] = []
    for _ in range(rounds):
        for key, got in seq.items():
            got.append(_sequential(server, key, cycles, time_limit))
        for k, got in inflight.items():
            got.append(_in_flight(server, "sdk_async", k, cycles * k, time_limit, batch=False))
        for k, got in raw_inflight.items():
            got.append(_in_flight(server, "httpx_async", k, cycles * k, time_limit, batch=False))
        for key, got in bat.items():
            got.append(_batched(server, key, batches, time_limit))
        abatch.append(_in_flight(server, "sdk_async", 8, batches, time_limit, batch=True))
    seq_m = {k: median(v) for k, v in seq.items()}
    infl_m = {str(k): median(v) for k, v in inflight.items()}
    bat_m = {k: median(v) for k, v in bat.items()}
    bat_m["sdk_async_8_in_flight"] = median(abatch)
    return {
        "unit": "messages/s (one message = post + reserve + delete)",
        "rounds": rounds,
        "sequential": seq_m,
        "batched_100": bat_m,
        "async_sdk_in_flight": infl_m,
        "raw_httpx_async_in_flight": {str(k): median(v) for k, v in raw_inflight.items()},
        "ratios": {
            "sdk/legacy sequential": seq_m["sdk"] / seq_m["legacy"],
            "sdk/httpx sequential": seq_m["sdk"] / seq_m["httpx"],
            "async32/sync sequential": infl_m["32"] / seq_m["sdk"],
            "async128/sync sequential": infl_m["128"] / seq_m["sdk"],
        },
    }


def with_latency(
    server: Server, *, latency: float, cycles: int, time_limit: float
) -> dict[str, Any]:
    """Sync sequential vs AsyncIronMQ with 32 in flight when every request takes `latency` s.

    On loopback the client and the server share the CPU, so concurrency cannot pay off; a
    real IronMQ is tens of milliseconds away. The server (run with `--control`) delays every
    API request by `latency` with its fault injection, which sleeps without using the CPU.
    """
    with httpx.Client(base_url=server.base_url) as control:
        control.post(
            "/_local/faults", json={"count": 1_000_000, "delay": latency}
        ).raise_for_status()
        try:
            sync = _sequential(server, "sdk", cycles, time_limit)
            in_flight = _in_flight(server, "sdk_async", 32, cycles * 32, time_limit, batch=False)
        finally:
            control.delete("/_local/faults").raise_for_status()
    return {
        "latency_ms": latency * 1000,
        "unit": "messages/s (one message = post + reserve + delete)",
        "sync_sequential": sync,
        "async_32_in_flight": in_flight,
        "ratio": in_flight / sync,
    }
