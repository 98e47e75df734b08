"""Celery tasks per second through IronMQ (ironmq-local) beside the same worker on Redis.

Both brokers get the same app (bench/celery_app.py), the same worker (`-c 2` prefork,
default prefetch, early acks) and the same task, which only appends its finish time to a
file. Per broker: publish N tasks into an idle queue (the publish rate), then start the
worker and time the tasks from the first to the last finish (the consume rate; worker
start-up is outside that window). Redis is Debian's `redis-server` on a free loopback port
(the bench Makefile target installs it when missing).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ._harness import PROJECT_ID, TOKEN, Server

ROOT = Path(__file__).resolve().parents[1]
WORKER_ARGS = (
    "-c",
    "2",
    "-l",
    "warning",
    "--without-heartbeat",
    "--without-gossip",
    "--without-mingle",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def redis_server(folder: str) -> Iterator[str]:
    """A throw-away `redis-server` on loopback (no persistence); its URL."""
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _env(url: str, options: dict[str, Any], ticks: Path) -> dict[str, str]:
    return {
        **os.environ,
        "BENCH_BROKER": url,
        "BENCH_BROKER_OPTIONS": json.dumps(options),
        "BENCH_TICKS": str(ticks),
        "PYTHONUNBUFFERED": "1",
    }


def _publish(env: dict[str, str], n: int) -> float:
    """Publish `n` tick tasks from a fresh process; the publish rate (tasks/s)."""
    code = (
        "import sys, time\n"
        "from bench.celery_app import tick\n"
        "n = int(sys.argv[1])\n"
        "tick.apply_async()\n"  # connect and declare outside the timing
        "t = time.perf_counter()\n"
        "for _ in range(n - 1): tick.apply_async()\n"
        "print((n - 1) / (time.perf_counter() - t))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(n)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return float(out.stdout.strip().splitlines()[-1])


def _consume(env: dict[str, str], ticks: Path, n: int, time_limit: float) -> float:
    """Start a worker on the filled queue; tasks/s from the first finish to the last."""
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "bench.celery_app", "worker", *WORKER_ARGS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + time_limit
        lines: list[str] = []
        while time.monotonic() < deadline:
            lines = ticks.read_text().split() if ticks.exists() else []
            if len(lines) >= n:
                break
            time.sleep(0.05)
        done = sorted(float(x) for x in lines)
        if len(done) < 2:
            raise RuntimeError(f"only {len(done)} of {n} tasks ran in {time_limit} s")
        return (len(done) - 1) / (done[-1] - done[0])
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=10)


def _one(url: str, options: dict[str, Any], folder: Path, n: int, limit: float) -> dict[str, Any]:
    ticks = folder / "ticks"
    ticks.unlink(missing_ok=True)
    env = _env(url, options, ticks)
    published = _publish(env, n)
    consumed = _consume(env, ticks, n, limit)
    return {"publish_per_s": published, "consume_per_s": consumed}


def tasks_per_second(tasks: int, rounds: int, time_limit: float) -> dict[str, Any]:
    """Per broker, the medians over `rounds` of publish and consume rates; IronMQ/Redis."""
    runs: dict[str, list[dict[str, Any]]] = {"ironmq": [], "redis": []}
    with tempfile.TemporaryDirectory(prefix="ironmq-bench-celery-") as tmp:
        folder = Path(tmp)
        with Server(str(folder / "celery.db")) as srv, redis_server(tmp) as redis_url:
            ironmq_url = f"ironmq://{PROJECT_ID}:{TOKEN}@{srv.host}:{srv.port}"
            ironmq_options = {"protocol": "http"}
            for _ in range(rounds):  # interleaved, so both see the same machine
                runs["ironmq"].append(_one(ironmq_url, ironmq_options, folder, tasks, time_limit))
                runs["redis"].append(_one(redis_url, {}, folder, tasks, time_limit))

    def median(broker: str, key: str) -> float:
        values = sorted(run[key] for run in runs[broker])
        return values[len(values) // 2]

    out: dict[str, Any] = {"tasks": tasks, "rounds": rounds, "runs": runs}
    for key in ("publish_per_s", "consume_per_s"):
        out[key] = {broker: median(broker, key) for broker in runs}
    out["ratios"] = {
        "publish ironmq/redis": out["publish_per_s"]["ironmq"] / out["publish_per_s"]["redis"],
        "consume ironmq/redis": out["consume_per_s"]["ironmq"] / out["consume_per_s"]["redis"],
    }
    return out
