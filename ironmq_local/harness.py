"""`LocalServer`: run ironmq-local in a subprocess and talk to its control API.

Importable without the `local` extra (it needs only httpx); `start()` gives the one-line
hint if the server itself cannot run here.
"""

from __future__ import annotations

import collections
import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import IO, TYPE_CHECKING

from ._extra import require_local
from .control_client import ControlClient
from .settings import BANNER, DEFAULT_PROJECT_ID, DEFAULT_TOKEN


class LocalServer:
    """A running `ironmq-local --control` subprocess.

    Use as a context manager (or call `start()`/`stop()`). Attributes `base_url`,
    `project_id` and `token` are what a client needs; `api_url` adds the v3 path.
    """

    def __init__(
        self,
        db: str = ":memory:",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        project_id: str = DEFAULT_PROJECT_ID,
        token: str = DEFAULT_TOKEN,
        extra_args: Sequence[str] = (),
        startup_timeout: float = 30.0,
        log_requests: bool = False,
    ) -> None:
        """Describe the server; `start()` runs it.

        Args:
            db: SQLite file, or ":memory:".
            host: address to listen on.
            port: TCP port; 0 picks a free one.
            project_id: the project's id.
            token: its token.
            extra_args: more `ironmq-local` options.
            startup_timeout: seconds to wait for the banner.
            log_requests: keep the per-request log lines (off: tests make many requests).
        """
        self.db = db
        self.host = host
        self.port = port
        self.project_id = project_id
        self.token = token
        self.extra_args = list(extra_args)
        self.startup_timeout = startup_timeout
        self.log_requests = log_requests
        self.base_url = ""
        self.process: subprocess.Popen[str] | None = None
        # the process's last lines (stdout and stderr), for a failing test to show
        self.output: collections.deque[str] = collections.deque(maxlen=2000)
        self._control: ControlClient | None = None

    @property
    def api_url(self) -> str:
        """`{base_url}/3/projects/{project_id}`."""
        return f"{self.base_url}/3/projects/{self.project_id}"

    @property
    def auth_headers(self) -> dict[str, str]:
        """The `Authorization: OAuth <token>` header."""
        return {"Authorization": f"OAuth {self.token}"}

    def start(self) -> LocalServer:
        """Start the process and wait for its `listening on` banner.

        Raises:
            MissingExtraError: the `local` extra is not installed.
        """
        require_local()
        cmd = [
            sys.executable,
            "-m",
            "ironmq_local",
            "--host",
            self.host,
            "--port",
            str(self.port),
            "--db",
            self.db,
            "--project-id",
            self.project_id,
            "--token",
            self.token,
            "--control",
            *([] if self.log_requests else ["--quiet"]),
            *self.extra_args,
        ]
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        self.process = subprocess.Popen(
            cmd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        lines: queue.Queue[str | None] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._pump, args=(self.process.stdout, lines), daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=self.startup_timeout)
            except queue.Empty:
                self.stop()
                raise RuntimeError("ironmq-local did not start in time") from None
            if line is None:
                self.stop()
                raise RuntimeError("ironmq-local exited:\n" + "".join(self.output))
            if line.startswith(BANNER):
                self.base_url = line[len(BANNER) :].strip()
                break
        self._control = ControlClient(self.base_url)
        return self

    if not TYPE_CHECKING:  # type checkers keep flagging unknown attributes as errors

        def __getattr__(self, name: str) -> object:
            # Only reached for names a LocalServer lacks: tests that take the `ironmq`
            # fixture for a client (ironmq.queue(...)) learn which fixture they meant.
            if name.startswith("_"):
                raise AttributeError(name)
            raise AttributeError(
                f"'LocalServer' object has no attribute {name!r}: it is the ironmq-local "
                "server (base_url, project_id, token, reset(), advance(), inject_faults()); "
                "for an IronMQ client pointed at it, use the `ironmq_client` (or "
                "`async_ironmq_client`) fixture"
            )

    def _pump(self, stream: IO[str], lines: queue.Queue[str | None]) -> None:
        # Keep draining the pipe after start-up so the server never blocks on a full pipe.
        for line in stream:
            self.output.append(line)
            lines.put(line)
        lines.put(None)

    def stop(self, *, kill: bool = False) -> None:
        """Stop the process (SIGTERM, or SIGKILL with `kill=True`) and wait for it."""
        if self._control is not None:
            self._control.close()
            self._control = None
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        if kill:
            proc.kill()
        else:
            proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def control(self) -> ControlClient:
        """The client of this server's control API."""
        if self._control is None:
            raise RuntimeError("the server is not running")
        return self._control

    def reset(self) -> None:
        """Delete all queues and messages, return the clock to real time, disarm faults."""
        self.control.reset()

    def advance(self, seconds: float) -> float:
        """Move the virtual clock forward; returns the new virtual time."""
        return self.control.advance(seconds)

    def freeze(self, frozen: bool = True) -> float:
        """Stop (or restart) the virtual clock; returns the virtual time."""
        return self.control.freeze(frozen)

    def now(self) -> float:
        """Return the server's virtual time."""
        return self.control.now()

    def inject_faults(
        self,
        count: int = 1,
        *,
        status: int | None = None,
        delay: float = 0.0,
        drop: bool = False,
        retry_after: float | None = None,
    ) -> None:
        """Make the next `count` IronMQ API requests fail, be delayed, or be dropped.

        With neither `status`, `delay` nor `drop`, the requests answer 503.
        """
        self.control.inject_faults(
            count, status=status, delay=delay, drop=drop, retry_after=retry_after
        )

    def clear_faults(self) -> None:
        """Disarm any injected faults."""
        self.control.clear_faults()
