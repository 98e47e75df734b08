"""The Celery app of the celery section: one task that notes when it ran.

Broker from BENCH_BROKER; BENCH_BROKER_OPTIONS is JSON for broker_transport_options; each
run of `tick` appends its finish time to the file BENCH_TICKS (one line per task).
"""

from __future__ import annotations

import json
import os
import time

from celery import Celery

app = Celery("bench", broker=os.environ.get("BENCH_BROKER", "ironmq://"))
app.conf.update(
    broker_transport_options=json.loads(os.environ.get("BENCH_BROKER_OPTIONS", "{}")),
    broker_connection_retry_on_startup=True,
    task_ignore_result=True,
    worker_hijack_root_logger=False,
)

_ticks = os.environ.get("BENCH_TICKS")


@app.task
def tick() -> None:
    """Append the time (a short O_APPEND write, atomic between the pool's processes)."""
    if _ticks:
        fd = os.open(_ticks, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, f"{time.time():.6f}\n".encode())
        finally:
            os.close(fd)
