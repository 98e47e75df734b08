"""Every program in examples/ runs as a user runs it: `python examples/NAME.py` in a fresh
directory, configured by IRON_* variables only, against the test session's ironmq-local;
the pytest example as a separate test suite of its own."""

from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def user(ironmq: LocalServer, tmp_path: Path) -> dict[str, str]:
    """A user's environment: IRON_* variables pointing at the local server, and a home and
    working directory without any iron.json."""
    return {
        **os.environ,
        "HOME": str(tmp_path),
        "IRON_PROJECT_ID": ironmq.project_id,
        "IRON_TOKEN": ironmq.token,
        "IRON_BASE_URL": ironmq.base_url,
        "PYTHONUNBUFFERED": "1",
    }


def run(name: str, env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def mq(ironmq: LocalServer) -> Iterator[IronMQ]:
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as c:
        yield c


def test_the_async_worker_handles_every_job_in_whole_lines(
    user: dict[str, str], tmp_path: Path, mq: IronMQ
) -> None:
    """20 jobs posted and handled 5 at a time; each line whole; the queue is gone after."""
    done = run("async_worker.py", user, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    handled = [line for line in done.stdout.splitlines() if line.startswith("handled")]
    assert sorted(handled) == sorted(f"handled 'job {i}' (attempt 1)" for i in range(20))
    assert done.stdout.rstrip().endswith("20 jobs done, 0 failed")
    assert "async-jobs" not in mq.queues()


def test_the_push_receiver_takes_each_push_with_202_and_acknowledges_it(
    user: dict[str, str], tmp_path: Path
) -> None:
    """A real push queue pushes to the example's endpoint; every message ends delivered."""
    done = run("push_receiver.py", user, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("handled 'welcome mail for") == 3
    assert len(re.findall(r"^message \d+: deleted", done.stdout, re.MULTILINE)) == 3


def test_bulk_import_posts_every_line(user: dict[str, str], tmp_path: Path, mq: IronMQ) -> None:
    """1,050 lines (blank ones skipped) end up as 1,050 messages in file order."""
    data = tmp_path / "orders.jsonl"
    data.write_text("".join(f'{{"order": {i}}}\n\n' for i in range(1050)), encoding="utf-8")
    done = run("bulk_import.py", user, "orders", str(data), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "1050 of 1050 lines posted to orders" in done.stdout
    assert mq.queue("orders").size() == 1050


def test_bulk_import_reports_a_post_whose_answer_was_lost(
    user: dict[str, str], tmp_path: Path, mq: IronMQ, ironmq: LocalServer
) -> None:
    """A dropped connection loses one request's answer: its 100 lines go to FILE.unknown
    and are not posted again (at most once); with --at-least-once every line is stored."""
    data = tmp_path / "orders.jsonl"
    data.write_text("".join(f"line {i}\n" for i in range(1000)), encoding="utf-8")
    ironmq.inject_faults(1, drop=True)
    done = run("bulk_import.py", user, "orders", str(data), cwd=tmp_path)
    assert done.returncode == 1
    unknown = (tmp_path / "orders.jsonl.unknown").read_text(encoding="utf-8").splitlines()
    assert len(unknown) == 100
    assert mq.queue("orders").size() == 900  # the dropped request never reached the queue

    ironmq.inject_faults(1, drop=True)
    again = run("bulk_import.py", user, "again", str(data), "--at-least-once", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert mq.queue("again").size() == 1000


def test_the_pytest_example_passes_as_a_users_own_suite(tmp_path: Path) -> None:
    """Copied into an empty project and run with pytest there: the plugin's fixtures are
    found through the installed package alone."""
    shutil.copy(EXAMPLES / "test_with_ironmq_local.py", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly"],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^5 passed", done.stdout, re.MULTILINE), done.stdout


class Lines:
    """A process's stderr, line by line, read on a thread."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.seen: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        assert process.stderr is not None
        threading.Thread(target=self._read, args=(process.stderr,), daemon=True).start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self._lines.put(line)

    def wait_for(self, text: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no {text!r} in:\n" + "".join(self.seen)) from None
            self.seen.append(line)
            if text in line:
                return line


def test_the_worker_ships_parks_the_poison_message_and_stops_on_sigterm(
    user: dict[str, str], tmp_path: Path, mq: IronMQ
) -> None:
    """Good orders shipped; the one that is not JSON tried 3 times, then parked on
    orders-dead with its error; SIGTERM ends the run cleanly (exit 0, counters logged)."""
    worker = subprocess.Popen(
        [sys.executable, str(EXAMPLES / "worker.py")],
        env={**user, "WORKER_WAIT": "1"},  # long polls of 1 s: a prompt stop
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        lines = Lines(worker)
        lines.wait_for("worker started on orders")
        mq.queue("orders").post('{"id": 1}', "not json", '{"id": 2}')
        lines.wait_for("shipped order 2")
        lines.wait_for("gave up on message")
        worker.send_signal(signal.SIGTERM)
        lines.wait_for("SIGTERM: stopping")
        assert worker.wait(timeout=30) == 0
        stopped = lines.wait_for("worker stopped")
    finally:
        worker.kill()
        worker.wait()
    assert stopped.rstrip().endswith("worker stopped: 2 shipped, 3 failed attempts, 1 given up")
    (parked,) = mq.queue("orders-dead").get()
    assert json.loads(parked.body)["body"] == "not json"
    assert "JSONDecodeError" in json.loads(parked.body)["error"]
    assert mq.queue("orders").size() == 0
