"""`ironmq-local` as a subprocess, the way a user runs it (not the harness's --control server)."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

BANNER = re.compile(r"ironmq-local listening on (http://127\.0\.0\.1:(\d+))")
COMMAND = [sys.executable, "-m", "ironmq_local"]


@dataclass
class Running:
    """A server process: its URL, banner lines, and everything it logged on stderr."""

    url: str
    banner: list[str]
    proc: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)

    def stop(self) -> None:
        """SIGTERM, then wait (the log pump ends with the process)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(timeout=30)


@contextmanager
def running(*args: str) -> Iterator[Running]:
    """Start `ironmq-local --port 0 ARGS` and read its banner (up to `Stop with Ctrl+C.`)."""
    proc = subprocess.Popen(
        [*COMMAND, "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    lines: list[str] = []
    for line in proc.stdout:
        lines.append(line.rstrip("\n"))
        if line.startswith("Stop with"):
            break
    match = BANNER.fullmatch(lines[0]) if lines else None
    assert match, (lines, proc.stderr.read() if proc.poll() is not None else "")
    server = Running(match.group(1), lines, proc)
    stderr = proc.stderr
    pump = threading.Thread(target=lambda: server.log.extend(stderr), daemon=True)
    pump.start()
    try:
        yield server
    finally:
        server.stop()
        pump.join(timeout=10)
