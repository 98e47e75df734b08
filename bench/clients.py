"""Client-side benchmarks: CPU per call and throughput of the clients of `drivers`.

Every figure is a median over rounds that interleave the clients (in a rotating order),
and every ratio is taken within a round, between measurements made seconds apart, then
the median of those: a neighbour's load that comes and goes hits both sides of a ratio.
"""

from __future__ import annotations

import asyncio
import gc
import itertools
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx

from ._harness import TOKEN, Server
from .drivers import (
    ASYNC_DRIVERS,
    BATCH,
    BODY,
    OPS,
    SYNC_DRIVERS,
    V2,
    RawHttpx,
    RawHttpxV2,
    missing,
)
from .stats import median

_names = itertools.count()

OVERHEAD_CLIENTS = ("httpx", "sdk", "httpx_async", "sdk_async", "legacy", *V2)
OVERHEAD_RATIOS = {
    "sdk/httpx": ("sdk", "httpx"),
    "sdk_async/httpx_async": ("sdk_async", "httpx_async"),
    "sdk_v2/httpx_v2": ("sdk_v2", "httpx_v2"),
    "legacy/sdk": ("legacy", "sdk"),
    "legacy_07/sdk_v2": ("legacy_07", "sdk_v2"),
}
"""Name -> (numerator, denominator) of the CPU-per-call ratios."""

SYNC_CLIENTS = ("httpx", "sdk", "legacy", *V2)


def _queue_name(tag: str) -> str:
    return f"bench-{tag}-{next(_names)}"


def _prefill(server: Server, key: str, queue: str, count: int) -> None:
    """Put `count` messages on `queue` with raw batch posts (not timed)."""
    prefix = RawHttpxV2.prefix() if key in V2 else RawHttpx.prefix()
    with httpx.Client(
        base_url=server.base_url + prefix, headers={"Authorization": f"OAuth {TOKEN}"}
    ) as c:
        for start in range(0, count, BATCH):
            k = min(BATCH, count - start)
            r = c.post(f"/queues/{queue}/messages", json={"messages": [{"body": BODY}] * k})
            r.raise_for_status()


def per_round_ratio(num: Sequence[float], den: Sequence[float]) -> float:
    """The median of num[i] / den[i]: a ratio taken within each round."""
    return median([a / b for a, b in zip(num, den, strict=True) if b])


# CPU per call -----------------------------------------------------------------------------


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


def _open(server: Server, key: str, loop: asyncio.AbstractEventLoop, n: int) -> Any:
    """A driver ready to measure: it has posted once, and its reserve queue holds `n`."""
    d = (SYNC_DRIVERS if key in SYNC_DRIVERS else ASYNC_DRIVERS)[key](server)
    d.use(_queue_name(key))
    d.post_queue = d.q
    _call(loop, d.post)  # warm-up: connection, queue creation
    q = _queue_name(key)
    _prefill(server, key, q, n)
    d.use(q)
    d.reserve_queue = d.q
    return d


def _call(loop: asyncio.AbstractEventLoop, fn: Callable[[], Any]) -> Any:
    result = fn()
    return loop.run_until_complete(result) if asyncio.iscoroutine(result) else result


def _measure(loop: asyncio.AbstractEventLoop, d: Any, op: str, n: int) -> tuple[float, float]:
    """(CPU µs, wall µs) per call of `d`'s operation `op`, over n calls."""
    d.q = d.post_queue if op == "post" else d.reserve_queue
    fn = getattr(d, op)
    _call(loop, fn)  # warm-up of this operation
    if asyncio.iscoroutinefunction(fn):
        return loop.run_until_complete(_time_async(fn, n))  # type: ignore[no-any-return]
    return _time_sync(fn, n)


def sdk_overhead(server: Server, n: int, rounds: int) -> dict[str, Any]:
    """Client CPU (and wall) time per call, per client and operation; medians over rounds.

    Every client is opened once; then, operation by operation and round by round, each
    makes `n` calls in turn (in a rotating order), so the measurements a ratio divides
    are a fraction of a second apart.
    """
    gone = missing()
    keys = [k for k in OVERHEAD_CLIENTS if k not in gone]
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        k: {op: [] for op in OPS} for k in keys
    }
    loop = asyncio.new_event_loop()
    drivers = {k: _open(server, k, loop, (n + 1) * rounds + 5) for k in keys}
    try:
        for op in OPS:
            for r in range(rounds):
                for key in keys[r % len(keys) :] + keys[: r % len(keys)]:
                    samples[key][op].append(_measure(loop, drivers[key], op, n))
    finally:
        for d in drivers.values():
            _call(loop, d.close)
        loop.close()
    cpu = {k: {op: median([s[0] for s in samples[k][op]]) for op in OPS} for k in keys}
    wall = {k: {op: median([s[1] for s in samples[k][op]]) for op in OPS} for k in keys}
    ratios: dict[str, dict[str, float]] = {}
    for name, (num, den) in OVERHEAD_RATIOS.items():
        if num in samples and den in samples:
            row = {
                op: per_round_ratio(
                    [s[0] for s in samples[num][op]], [s[0] for s in samples[den][op]]
                )
                for op in OPS
            }
            row["worst"] = max(row[op] for op in OPS)
            row["mean"] = sum(row[op] for op in OPS) / len(OPS)
            ratios[name] = row
    return {
        "calls_per_measurement": n,
        "rounds": rounds,
        "missing": {k: why for k, why in gone.items() if k in OVERHEAD_CLIENTS},
        "cpu_us_per_call": cpu,
        "wall_us_per_call": wall,
        "ratios_cpu": ratios,
    }


# throughput -------------------------------------------------------------------------------


def _sequential(server: Server, key: str, cycles: int, time_limit: float) -> tuple[float, float]:
    """(messages/s, the client's CPU share of the wall time) of single-message post →
    reserve → delete cycles (bounded in time); the rest of the time it waits for the server."""
    d = SYNC_DRIVERS[key](server)
    try:
        d.use(_queue_name(key))
        d.cycle()
        done = 0
        t0, c0 = time.perf_counter(), time.process_time()
        while done < cycles and time.perf_counter() - t0 < time_limit:
            d.cycle()
            done += 1
        wall = time.perf_counter() - t0
        return done / wall, (time.process_time() - c0) / wall
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
                    # not `done += await ...`: that reads `done` before awaiting, and the
                    # other workers' additions made meanwhile were lost (8 in flight
                    # counted about one batch in nine)
                    got = await d.batch()
                    done += got
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


IN_FLIGHT = (1, 8, 32, 128)
RAW_IN_FLIGHT = (1, 32)


def throughput(
    server: Server,
    *,
    cycles: int,
    batches: int,
    rounds: int,
    time_limit: float,
    in_flight_rounds: int | None = None,
) -> dict[str, Any]:
    """Sequential, batched and async-in-flight throughput; medians over interleaved rounds.

    The in-flight levels (informative: on loopback the client and the server share the
    CPUs) run in the first `in_flight_rounds` rounds only (default: all).
    """
    in_flight_rounds = rounds if in_flight_rounds is None else in_flight_rounds
    gone = missing()
    keys = [k for k in SYNC_CLIENTS if k not in gone]
    seq: dict[str, list[float]] = {k: [] for k in keys}
    seq_cpu: dict[str, list[float]] = {k: [] for k in keys}
    bat: dict[str, list[float]] = {k: [] for k in keys}
    inflight: dict[int, list[float]] = {k: [] for k in IN_FLIGHT}
    raw_inflight: dict[int, list[float]] = {k: [] for k in RAW_IN_FLIGHT}
    abatch: list[float] = []
    for r in range(rounds):
        order = keys[r % len(keys) :] + keys[: r % len(keys)]  # no client always goes first
        for key in order:
            rate, cpu = _sequential(server, key, cycles, time_limit)
            seq[key].append(rate)
            seq_cpu[key].append(cpu)
        for k, got in inflight.items() if r < in_flight_rounds else ():
            got.append(_in_flight(server, "sdk_async", k, cycles * k, time_limit, batch=False))
        for k, got in raw_inflight.items() if r < in_flight_rounds else ():
            got.append(_in_flight(server, "httpx_async", k, cycles * k, time_limit, batch=False))
        for key in order:
            bat[key].append(_batched(server, key, batches, time_limit))
        abatch.append(_in_flight(server, "sdk_async", 8, batches, time_limit, batch=True))
    pairs = {
        "sdk/legacy sequential": (seq, "sdk", "legacy"),
        "sdk/httpx sequential": (seq, "sdk", "httpx"),
        "sdk/httpx batched": (bat, "sdk", "httpx"),
        "sdk_v2/legacy_07 sequential": (seq, "sdk_v2", "legacy_07"),
        "sdk_v2/httpx_v2 sequential": (seq, "sdk_v2", "httpx_v2"),
        "sdk_v2/httpx_v2 batched": (bat, "sdk_v2", "httpx_v2"),
    }
    ratios = {
        name: per_round_ratio(table[num], table[den])
        for name, (table, num, den) in pairs.items()
        if num in table and den in table
    }
    first = seq["sdk"][:in_flight_rounds]
    ratios["async32/sync sequential"] = per_round_ratio(inflight[32], first)
    ratios["async128/sync sequential"] = per_round_ratio(inflight[128], first)
    bat_m = {k: median(v) for k, v in bat.items()}
    bat_m["sdk_async_8_in_flight"] = median(abatch)
    return {
        "unit": "messages/s (one message = post + reserve + delete)",
        "rounds": rounds,
        "missing": {k: why for k, why in gone.items() if k in SYNC_CLIENTS},
        "sequential": {k: median(v) for k, v in seq.items()},
        "sequential_client_cpu_share": {k: median(v) for k, v in seq_cpu.items()},
        "batched_100": bat_m,
        "async_sdk_in_flight": {str(k): median(v) for k, v in inflight.items()},
        "raw_httpx_async_in_flight": {str(k): median(v) for k, v in raw_inflight.items()},
        "ratios": ratios,
    }


def with_latency(
    server: Server, *, latency: float, cycles: int, time_limit: float, rounds: int = 1
) -> dict[str, Any]:
    """Sync sequential vs AsyncIronMQ with 32 in flight when every request takes `latency` s.

    On loopback the client and the server share the CPU, so concurrency cannot pay off; a
    real IronMQ is tens of milliseconds away. The server (run with `--control`) delays every
    API request by `latency` with its fault injection, which sleeps without using the CPU.
    """
    sync: list[float] = []
    in_flight: list[float] = []
    with httpx.Client(base_url=server.base_url) as control:
        control.post(
            "/_local/faults", json={"count": 1_000_000, "delay": latency}
        ).raise_for_status()
        try:
            for _ in range(rounds):
                sync.append(_sequential(server, "sdk", cycles, time_limit)[0])
                in_flight.append(
                    _in_flight(server, "sdk_async", 32, cycles * 32, time_limit, batch=False)
                )
        finally:
            control.delete("/_local/faults").raise_for_status()
    return {
        "latency_ms": latency * 1000,
        "rounds": rounds,
        "unit": "messages/s (one message = post + reserve + delete)",
        "sync_sequential": median(sync),
        "async_32_in_flight": median(in_flight),
        "ratio": per_round_ratio(in_flight, sync),
    }
