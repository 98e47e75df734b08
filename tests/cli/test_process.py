"""`ironmq` as a process: exit codes, pipes, stdin, Ctrl+C and a reader that goes away."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import socket
import subprocess
import sys
import termios
import time
from array import array

import pytest

from ironmq_sdk import IronMQ

from .conftest import Spawn

BODY = 20_000
"""Bytes of each message in the interruption tests: several times the shrunken pipe."""
PIPE_SIZE = 4096


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_exit_codes(spawn: Spawn, mq: IronMQ, monkeypatch: pytest.MonkeyPatch) -> None:
    """0 ok, 2 usage, 3 not found, 4 authentication, 5 configuration, 1 anything else;
    each failure is one line on stderr and never a traceback."""
    mq.queue("orders").post("x")
    assert spawn("queues").stdout == '{"name": "orders"}\n'
    failures = [
        (spawn("queues", "--bogus", code=2), "No such option '--bogus'"),
        (spawn("info", "ghost", code=3), "queue 'ghost' not found"),
        (spawn("--token", "wrong", "queues", code=4), "refused the credentials"),
        (spawn("--api-version", "2", "queues", code=5), "api_version 2 is not supported"),
        (
            spawn(
                "--base-url",
                f"http://127.0.0.1:{free_port()}",
                "--max-retries",
                "0",
                "queues",
                code=1,
            ),
            "cannot reach IronMQ",
        ),
    ]
    for done, text in failures:
        assert done.stderr.startswith("ironmq: "), done.stderr
        assert text in done.stderr
        assert done.stderr.count("\n") == 1
        assert "Traceback" not in done.stderr
        assert done.stdout == ""


def test_debug_shows_the_traceback(spawn: Spawn) -> None:
    """--debug adds the traceback before the one line."""
    done = spawn("--debug", "info", "ghost", code=3)
    assert "Traceback (most recent call last)" in done.stderr
    assert "QueueNotFoundError" in done.stderr
    assert done.stderr.splitlines()[-1].startswith("ironmq: queue 'ghost' not found")


def test_pipes_get_json_and_never_colour(spawn: Spawn, mq: IronMQ) -> None:
    """Piped output is JSON lines by default, and --human tables carry no escape codes."""
    mq.queue("orders").post("a", "b")
    assert [
        json.loads(line)["body"] for line in spawn("peek", "orders", "-n", "5").stdout.splitlines()
    ] == ["a", "b"]
    human = spawn("peek", "orders", "-n", "5", "--human").stdout
    assert "┃ id" in human
    assert "\x1b" not in human
    forced = spawn("--human", "info", "orders").stdout  # the global form of the option
    assert "total messages" in forced


def test_stdin_lines_become_messages(spawn: Spawn, mq: IronMQ) -> None:
    """`seq 1 120 | ironmq post q`: one message per line, ids printed as JSON lines."""
    done = spawn("post", "numbers", input="".join(f"{i}\n" for i in range(1, 121)))
    assert len(done.stdout.splitlines()) == 120
    assert mq.queue("numbers").size() == 120
    assert [m.body for m in mq.queue("numbers").peek(3)] == ["1", "2", "3"]


def start_tail(mq: IronMQ) -> tuple[subprocess.Popen[bytes], int]:
    """`ironmq tail big -n 3` on three large messages, its stdout pipe shrunk to 4 KiB, and
    read until it is certainly blocked writing the second message: the first is printed."""
    mq.queue("big").post(*(c * BODY for c in "abc"))
    proc = subprocess.Popen(
        [sys.executable, "-m", "ironmq_cli", "tail", "big", "-n", "3"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, PIPE_SIZE)
    line = b""
    while not line.endswith(b"\n"):
        chunk = os.read(fd, 1)
        assert chunk, proc.stderr.read() if proc.stderr else ""
        line += chunk
    assert json.loads(line)["body"] == "a" * BODY
    # The pipe refilling to the brim means the second message is being written.
    deadline = time.monotonic() + 30
    waiting = array("i", [0])
    while waiting[0] < PIPE_SIZE:
        assert time.monotonic() < deadline, "tail never started writing the second message"
        time.sleep(0.01)
        fcntl.ioctl(fd, termios.FIONREAD, waiting)
    return proc, fd


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipes")
def test_ctrl_c_deletes_what_was_printed_and_releases_the_rest(spawn: Spawn, mq: IronMQ) -> None:
    """Ctrl+C while tail prints: the printed message is deleted, the two reserved but not
    (fully) printed are released at once, and it exits 130 quietly."""
    proc, _ = start_tail(mq)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)  # drains the rest of the half-written line
    assert proc.returncode == 130
    assert err == b""
    left = mq.queue("big").peek(10)
    assert [(m.body[0], m.reserved_count) for m in left] == [("b", 1), ("c", 1)]


@pytest.mark.skipif(not hasattr(fcntl, "F_SETPIPE_SZ"), reason="needs Linux pipes")
def test_reader_going_away_is_a_quiet_exit(spawn: Spawn, mq: IronMQ) -> None:
    """`ironmq tail q | head -1`: when the reader closes the pipe, tail settles as on Ctrl+C
    and exits 141 (as a process killed by SIGPIPE) without a word on stderr."""
    proc, _ = start_tail(mq)
    assert proc.stdout is not None
    proc.stdout.close()
    assert proc.wait(timeout=30) == 141
    assert proc.stderr is not None
    assert proc.stderr.read() == b""
    left = mq.queue("big").peek(10)
    assert [(m.body[0], m.reserved_count) for m in left] == [("b", 1), ("c", 1)]
