"""The SDK's own cost per call, without a server: IronMQ and AsyncIronMQ against raw httpx
doing the same requests, all answered by canned responses (httpx.MockTransport).

With no server and no network in the way, what is left is the CPU the client spends:
the difference between the SDK and raw httpx is what the SDK adds. Prints, per operation,
the best of `--runs` runs in CPU time of this process (the machine may be shared: wall
time would measure the neighbours), or, with `--callgrind`, the instructions per call that
valgrind counts, which do not depend on the machine's load at all. Run it on two
checkouts to compare them.

    .venv/bin/python -m bench.sdk_quick [--runs 7] [--calls 1000]
    .venv/bin/python -m bench.sdk_quick --callgrind   # ~15 minutes: 2 valgrind runs a figure
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from ironmq_sdk import AsyncIronMQ, IronMQ

PROJECT = "5c9f1e0a1b2c3d4e5f607182"
BODY = "benchmark message body of a typical small size"
BASE = "http://127.0.0.1:1"
Q = "/queues/q"
JSON = {"content-type": "application/json"}


def _reserved(n: int) -> bytes:
    messages = [
        {"id": str(i), "body": BODY, "reserved_count": 1, "reservation_id": f"r{i}"}
        for i in range(n)
    ]
    return json.dumps({"messages": messages}).encode()


ANSWERS = {
    "posted 1": b'{"ids": ["1"], "msg": "Messages put on queue."}',
    "posted 100": json.dumps(
        {"ids": [str(i) for i in range(100)], "msg": "Messages put on queue."}
    ).encode(),
    "reserved 1": _reserved(1),
    "reserved 100": _reserved(100),
    "deleted": b'{"msg": "Deleted"}',
    "peeked": json.dumps({"messages": [{"id": "1", "body": BODY, "reserved_count": 0}]}).encode(),
    "info": json.dumps(
        {
            "queue": {
                "name": "q",
                "project_id": PROJECT,
                "type": "pull",
                "message_timeout": 60,
                "message_expiration": 604800,
                "size": 3,
                "total_messages": 5,
            }
        }
    ).encode(),
}


def _answer(request: httpx.Request) -> httpx.Response:
    """IronMQ v3's answer to `request`, canned (for one message or 100, as asked)."""
    path, method = request.url.path, request.method
    if method == "POST" and path.endswith("/messages"):
        many = len(json.loads(request.content)["messages"]) > 1
        key, status = ("posted 100" if many else "posted 1"), 201
    elif path.endswith("/reservations"):
        many = json.loads(request.content)["n"] > 1
        key, status = ("reserved 100" if many else "reserved 1"), 200
    elif method == "DELETE":
        key, status = "deleted", 200
    elif path.endswith("/messages"):
        key, status = "peeked", 200
    else:
        key, status = "info", 200
    return httpx.Response(status, content=ANSWERS[key], headers=JSON)


async def _answer_async(request: httpx.Request) -> httpx.Response:
    await request.aread()
    return _answer(request)


def _ok(r: httpx.Response) -> Any:
    r.raise_for_status()
    return r.json()


def sync_ops() -> dict[str, dict[str, Callable[[], Any]]]:
    """client -> operation -> one call, for raw httpx and IronMQ."""
    transport = httpx.MockTransport(_answer)
    raw = httpx.Client(
        base_url=f"{BASE}/3/projects/{PROJECT}",
        headers={"Authorization": "OAuth t"},
        transport=transport,
    )
    mq = IronMQ(project_id=PROJECT, token="t", base_url=BASE)
    mq._transport.http._transport = transport  # the SDK's own pool, answered in-process
    q = mq.queue("q")

    def raw_reserve_delete() -> None:
        m = _ok(raw.post(Q + "/reservations", json={"n": 1}))["messages"][0]
        body = {"reservation_id": m["reservation_id"]}
        _ok(raw.request("DELETE", f"{Q}/messages/{m['id']}", json=body))

    def raw_batch() -> None:
        _ok(raw.post(Q + "/messages", json={"messages": [{"body": BODY}] * 100}))
        ms = _ok(raw.post(Q + "/reservations", json={"n": 100}))["messages"]
        ids = [{"id": m["id"], "reservation_id": m["reservation_id"]} for m in ms]
        _ok(raw.request("DELETE", Q + "/messages", json={"ids": ids}))

    def sdk_batch() -> None:
        q.post(*([BODY] * 100))
        q.delete_multiple(*q.reserve(100))

    return {
        "raw httpx": {
            "post": lambda: _ok(raw.post(Q + "/messages", json={"messages": [{"body": BODY}]})),
            "reserve_delete": raw_reserve_delete,
            "peek": lambda: _ok(raw.get(Q + "/messages", params={"n": 1})),
            "info": lambda: _ok(raw.get(Q)),
            "batch_100": raw_batch,
        },
        "IronMQ": {
            "post": lambda: q.post(BODY),
            "reserve_delete": lambda: q.delete(q.reserve(1)[0]),
            "peek": lambda: q.peek(1),
            "info": q.info,
            "batch_100": sdk_batch,
        },
    }


def async_ops() -> dict[str, dict[str, Callable[[], Awaitable[Any]]]]:
    """client -> operation -> one call, for raw httpx async and AsyncIronMQ."""
    transport = httpx.MockTransport(_answer_async)
    raw = httpx.AsyncClient(
        base_url=f"{BASE}/3/projects/{PROJECT}",
        headers={"Authorization": "OAuth t"},
        transport=transport,
    )
    mq = AsyncIronMQ(project_id=PROJECT, token="t", base_url=BASE)
    for pool in mq._transport._pools:
        pool._transport = transport
    q = mq.queue("q")

    async def raw_post() -> None:
        _ok(await raw.post(Q + "/messages", json={"messages": [{"body": BODY}]}))

    async def raw_reserve_delete() -> None:
        m = _ok(await raw.post(Q + "/reservations", json={"n": 1}))["messages"][0]
        body = {"reservation_id": m["reservation_id"]}
        _ok(await raw.request("DELETE", f"{Q}/messages/{m['id']}", json=body))

    async def raw_peek() -> None:
        _ok(await raw.get(Q + "/messages", params={"n": 1}))

    async def raw_info() -> None:
        _ok(await raw.get(Q))

    async def sdk_post() -> None:
        await q.post(BODY)

    async def sdk_reserve_delete() -> None:
        await q.delete((await q.reserve(1))[0])

    async def sdk_peek() -> None:
        await q.peek(1)

    return {
        "raw httpx async": {
            "post": raw_post,
            "reserve_delete": raw_reserve_delete,
            "peek": raw_peek,
            "info": raw_info,
        },
        "AsyncIronMQ": {
            "post": sdk_post,
            "reserve_delete": sdk_reserve_delete,
            "peek": sdk_peek,
            "info": q.info,
        },
    }


PAIRS = (("IronMQ", "raw httpx"), ("AsyncIronMQ", "raw httpx async"))


def _cpu_sync(fn: Callable[[], Any], calls: int) -> float:
    gc.collect()
    started = time.process_time()
    for _ in range(calls):
        fn()
    return (time.process_time() - started) / calls * 1e6


async def _cpu_async(fn: Callable[[], Awaitable[Any]], calls: int) -> float:
    gc.collect()
    started = time.process_time()
    for _ in range(calls):
        await fn()
    return (time.process_time() - started) / calls * 1e6


def cpu_per_call(runs: int, calls: int) -> dict[str, dict[str, float]]:
    """client -> operation -> µs of CPU per call, the best of `runs` interleaved runs."""
    sync, best = sync_ops(), {}
    for _ in range(runs):
        for client, ops in sync.items():
            for op, fn in ops.items():
                n = max(1, calls // 20) if op == "batch_100" else calls
                value = _cpu_sync(fn, n)
                best.setdefault(client, {})[op] = min(best.get(client, {}).get(op, 1e12), value)

    async def run_async() -> None:
        for _ in range(runs):
            for client, ops in async_ops().items():
                for op, fn in ops.items():
                    value = await _cpu_async(fn, calls)
                    row = best.setdefault(client, {})
                    row[op] = min(row.get(op, 1e12), value)

    asyncio.run(run_async())
    return best


# callgrind --------------------------------------------------------------------------------


def _one(client: str, op: str, calls: int) -> None:
    """Make `calls` calls of one client's operation (run under valgrind by `instructions`)."""
    if client in dict(sync_ops()):
        fn = sync_ops()[client][op]
        fn()  # warm: first-use imports and caches stay out of the difference
        for _ in range(calls):
            fn()
        return

    async def run() -> None:
        afn = async_ops()[client][op]
        await afn()
        for _ in range(calls):
            await afn()

    asyncio.run(run())


def _instructions(client: str, op: str, calls: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                "-m",
                "bench.sdk_quick",
                "--one",
                client,
                op,
                str(calls),
            ],
            capture_output=True,
            check=True,
        )
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
        assert found is not None, "no totals in callgrind's output"
        return int(found.group(1))


def instructions_per_call(calls: int) -> dict[str, dict[str, float]]:
    """client -> operation -> instructions per call: (I(2n) - I(n)) / n, start-up cancelled."""
    out: dict[str, dict[str, float]] = {}
    for pair in PAIRS:
        for client in pair:
            ops = ["post", "reserve_delete", "peek", "info"]
            ops += ["batch_100"] if client in ("IronMQ", "raw httpx") else []
            for op in ops:
                n = max(2, calls // 20) if op == "batch_100" else calls
                once, twice = _instructions(client, op, n), _instructions(client, op, 2 * n)
                out.setdefault(client, {})[op] = (twice - once) / n
                print(f"[sdk_quick] {client} {op}: {out[client][op]:,.0f}", file=sys.stderr)
    return out


def _print(table: dict[str, dict[str, float]], unit: str) -> None:
    for sdk, raw in PAIRS:
        print(f"\n{sdk} vs {raw} ({unit} per call)")
        for op, value in table[sdk].items():
            base = table[raw][op]
            print(
                f"  {op:15s} {sdk} {value:12,.1f}   {raw} {base:12,.1f}   "
                f"extra {value - base:+12,.1f}   ratio {value / base:5.3f}"
            )


def main(argv: list[str] | None = None) -> int:
    """Print the SDK's cost per call against raw httpx."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="CPU time: the best of this many")
    parser.add_argument("--calls", type=int, default=1000, help="calls per measurement")
    parser.add_argument("--callgrind", action="store_true", help="count instructions instead")
    parser.add_argument("--one", nargs=3, metavar=("CLIENT", "OP", "CALLS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _one(args.one[0], args.one[1], int(args.one[2]))
    elif args.callgrind:
        if shutil.which("valgrind") is None:
            parser.error("valgrind is not installed (apt-get install valgrind)")
        _print(instructions_per_call(min(args.calls, 200)), "instructions")
    else:
        _print(cpu_per_call(args.runs, args.calls), "µs of CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
