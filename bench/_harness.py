"""Start the server under test as a subprocess; read its RSS and thread count."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import TracebackType

from ironmq_local.settings import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

SERVE = Path(__file__).with_name("_serve.py")
BANNER = "ironmq-local listening on "
PROJECT_ID = DEFAULT_PROJECT_ID
TOKEN = DEFAULT_TOKEN


class Server:
    """`ironmq-local` (plus `/bench/trivial`) on 127.0.0.1, a free port and `db`.

    Runs without `--control` (the system clock, as a user would run it) unless `control`.
    `started_in` is the seconds from spawning the process to its banner.
    """

    def __init__(self, db: str, *, timeout: float = 120.0, control: bool = False) -> None:
        self.db = db
        self.timeout = timeout
        self.control = control
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""
        self.host = "127.0.0.1"
        self.port = 0
        self.started_in = 0.0
        self.output: list[str] = []

    @property
    def api_path(self) -> str:
        """`/3/projects/{project_id}`."""
        return f"/3/projects/{PROJECT_ID}"

    @property
    def api_url(self) -> str:
        """The API's base URL."""
        return self.base_url + self.api_path

    @property
    def pid(self) -> int:
        """The server's process id."""
        assert self.proc is not None
        return self.proc.pid

    def start(self) -> Server:
        """Spawn the process and wait for its banner."""
        cmd = [sys.executable, str(SERVE), "--host", "127.0.0.1", "--port", "0", "--db", self.db]
        cmd.append("--quiet")  # no line per request: the benchmarks measure the server alone
        # room for the idle-pollers section's 1000 long polls plus its probe: at the default
        # limit (1000) the server would rightly evict one of them
        cmd += ["--max-connections", "4096"]
        if self.control:  # the control API, for simulated latency (faults with a delay)
            cmd.append("--control")
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
        )
        ready = threading.Event()

        def pump() -> None:
            assert self.proc is not None
            assert self.proc.stdout is not None
            for line in self.proc.stdout:
                self.output.append(line)
                if line.startswith(BANNER):
                    self.base_url = line[len(BANNER) :].strip()
                    ready.set()
            ready.set()

        threading.Thread(target=pump, daemon=True).start()
        if not ready.wait(self.timeout) or not self.base_url:
            self.stop()
            raise RuntimeError("server did not start:\n" + "".join(self.output))
        self.started_in = time.perf_counter() - t0
        hostport = self.base_url.split("://", 1)[1]
        self.host, port = hostport.rsplit(":", 1)
        self.port = int(port)
        return self

    def stop(self) -> None:
        """SIGTERM the process and wait (SIGKILL after 10 s)."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def status(self) -> dict[str, int]:
        """VmRSS, VmHWM (peak RSS) in KiB and the thread count, from /proc."""
        out: dict[str, int] = {}
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "Threads"):
                out[key] = int(value.split()[0])
        return out

    def rss_mb(self) -> float:
        """Resident set size in MiB."""
        return self.status()["VmRSS"] / 1024

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
