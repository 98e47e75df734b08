"""The Celery app the tests' worker processes run (configured by environment variables).

IRONMQ_TEST_BROKER is the broker URL, IRONMQ_TEST_RESULTS a SQLite file for results,
IRONMQ_TEST_EVENTS a directory where tasks leave one file per run (so a test can see that
a task started, or ran twice), and IRONMQ_TEST_VISIBILITY the reservation timeout (60 s).
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path
from typing import Any

from celery import Celery, Task

app = Celery(
    "ironmq_tests",
    broker=os.environ.get("IRONMQ_TEST_BROKER", "ironmq://"),
    backend=f"db+sqlite:///{os.environ.get('IRONMQ_TEST_RESULTS', 'results.db')}",
)
app.conf.update(
    broker_transport_options={
        "protocol": "http",
        "visibility_timeout": int(os.environ.get("IRONMQ_TEST_VISIBILITY", "60")),
        "wait_time_seconds": 5,
    },
    broker_connection_retry_on_startup=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=4,
    worker_hijack_root_logger=False,
    result_extended=True,
)


def _event(kind: str, value: Any) -> None:
    folder = os.environ.get("IRONMQ_TEST_EVENTS")
    if folder:
        name = f"{kind}-{value}-{uuid.uuid4().hex}"
        Path(folder, name).write_text(f"{time.time()}", encoding="utf-8")


@app.task
def add(x: int, y: int) -> int:
    """Add two numbers (the round trip)."""
    _event("add", x)
    return x + y


@app.task
def stamp(tag: str) -> float:
    """Record when it ran (ETA tasks)."""
    _event("stamp", tag)
    return time.time()


@app.task
def slow(tag: str, seconds: float) -> str:
    """Record that it started, sleep, record that it finished."""
    _event("started", tag)
    time.sleep(seconds)
    _event("finished", tag)
    return tag


@app.task
def hold(tag: str) -> str:
    """Record that it started, then wait until the test creates `release-<tag>`."""
    _event("started", tag)
    folder = Path(os.environ["IRONMQ_TEST_EVENTS"])
    deadline = time.monotonic() + 120
    while not (folder / f"release-{tag}").exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"nobody released {tag}")
        time.sleep(0.02)
    _event("finished", tag)
    return tag


@app.task(bind=True, max_retries=5)
def flaky(self: Task, tag: str, failures: int) -> int:  # type: ignore[type-arg]
    """Fail `failures` times, retrying each time after a one-second countdown."""
    _event("try", tag)
    if self.request.retries < failures:
        raise self.retry(countdown=1)
    return int(self.request.retries)
