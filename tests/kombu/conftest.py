"""Fixtures of the kombu/Celery tests: broker URLs for ironmq-local, and real worker processes.

A `Worker` is `celery -A tests.kombu.tasks worker` in its own process group (so killing it
kills its pool too), its output collected; tasks leave files in `events` (see tasks.py),
results go to a SQLite file. Nothing here is mocked: every message crosses HTTP to the
ironmq-local subprocess.
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

import kombu.pools
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

ROOT = Path(__file__).resolve().parents[2]

WAIT = 60.0
"""Generous bound of every wait for a worker or a task (never the behaviour asserted)."""


def broker_url(server: LocalServer) -> str:
    """`ironmq://PROJECT_ID:TOKEN@HOST:PORT` of a local server."""
    host = server.base_url.removeprefix("http://")
    return f"ironmq://{server.project_id}:{server.token}@{host}"


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    """Poll `condition` until it is truthy (its value is returned); fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class Worker:
    """A Celery worker process for tests.kombu.tasks."""

    def __init__(self, env: dict[str, str], args: list[str]) -> None:
        self.output: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tests.kombu.tasks", "worker", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        assert self.process.stdout is not None
        threading.Thread(target=self._pump, args=(self.process.stdout,), daemon=True).start()
        deadline = time.monotonic() + WAIT
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.kill()
                pytest.fail("the Celery worker did not start:\n" + self.log)
            if line is None:
                pytest.fail("the Celery worker exited:\n" + self.log)
            if " ready." in line:
                return

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.output.append(line)
            self._lines.put(line)
        self._lines.put(None)

    @property
    def log(self) -> str:
        """Everything the worker printed so far."""
        return "".join(self.output)

    def terminate(self) -> int:
        """SIGTERM (Celery's warm shutdown) and wait for the exit code."""
        self.process.send_signal(signal.SIGTERM)
        return self.wait()

    def wait(self) -> int:
        """Wait for the worker to exit; its exit code."""
        try:
            return self.process.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail("the worker did not exit:\n" + self.log)

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes, as a crash would."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=WAIT)


@pytest.fixture
def events(tmp_path: Path) -> Path:
    """The folder where tasks record that they ran."""
    folder = tmp_path / "events"
    folder.mkdir()
    return folder


def count_events(folder: Path, kind: str, value: object) -> int:
    """How many times a task recorded `kind` for `value`."""
    return len(list(folder.glob(f"{kind}-{value}-*")))


@pytest.fixture
def celery_env(
    ironmq: LocalServer, tmp_path: Path, events: Path, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The environment of worker processes, applied to this process too (for the producer)."""
    values = {
        "IRONMQ_TEST_BROKER": broker_url(ironmq),
        "IRONMQ_TEST_RESULTS": str(tmp_path / "results.db"),
        "IRONMQ_TEST_EVENTS": str(events),
    }
    for key, value in values.items():
        monkeypatch.setenv(key, value)
    return {**os.environ, **values, "PYTHONUNBUFFERED": "1"}


@pytest.fixture
def celery_app(celery_env: dict[str, str]) -> Iterator[Any]:
    """The tasks' Celery app, pointed at this test's server and result file."""
    from . import tasks  # noqa: PLC0415  # reads the environment set above

    app = tasks.app
    point_at(app, celery_env["IRONMQ_TEST_BROKER"])
    app.conf.result_backend = f"db+sqlite:///{celery_env['IRONMQ_TEST_RESULTS']}"
    with contextlib.suppress(AttributeError):
        del app._local.backend  # cached per thread, with the previous test's file
    yield app
    with contextlib.suppress(AttributeError):
        app.backend.ResultSession().close_all()


def point_at(app: Any, url: str) -> None:
    """Make the Celery app publish to `url` from now on (it caches its connections)."""
    if app.conf.broker_url != url:
        app.conf.broker_url = url
        kombu.pools.reset()  # kombu's global pools, keyed by URL, hold Celery's connections
        app._pool = None
        app.amqp._producer_pool = None


@pytest.fixture
def start_worker(celery_env: dict[str, str]) -> Iterator[Callable[..., Worker]]:
    """Start Celery workers (`-c 2` by default, `env` added to the environment); any still
    running are killed at the end."""
    started: list[Worker] = []

    def start(*args: str, env: dict[str, str] | None = None) -> Worker:
        worker = Worker({**celery_env, **(env or {})}, ["-l", "info", *(args or ("-c", "2"))])
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


@pytest.fixture
def sdk(ironmq: LocalServer) -> Iterator[IronMQ]:
    """An SDK client of the test server, to look at the queues."""
    with IronMQ(
        project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
    ) as client:
        yield client
