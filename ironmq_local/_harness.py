"""`LocalServer`: run ironmq-local in a subprocess and talk to its control API."""

from __future__ import annotations

import os
import queue
import subprocess
import sys
import threading
from collections.abc import Sequence
from types import TracebackType
from typing import IO, Any

import httpx

from ._server import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

BANNER = "ironmq-local listening on "


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
    ) -> None:
        self.db = db
        self.host = host
        self.port = port
        self.project_id = project_id
        self.token = token
        self.extra_args = list(extra_args)
        self.startup_timeout = startup_timeout
        self.base_url = ""
        self.process: subprocess.Popen[str] | None = None
        self.output: list[str] = []
        self._client: httpx.Client | None = None

    @property
    def api_url(self) -> str:
        """`{base_url}/3/projects/{project_id}`."""
        return f"{self.base_url}/3/projects/{self.project_id}"

    @property
    def auth_headers(self) -> dict[str, str]:
        """The `Authorization: OAuth <token>` header."""
        return {"Authorization": f"OAuth {self.token}"}

    def start(self) -> LocalServer:
        """Start the process and wait for its `listening on` banner."""
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
        self._client = httpx.Client(base_url=self.base_url, timeout=60)
        return self

    def _pump(self, stream: IO[str], lines: queue.Queue[str | None]) -> None:
        # Keep draining the pipe after start-up so the server never blocks on a full pipe.
        for line in stream:
            self.output.append(line)
            lines.put(line)
        lines.put(None)

    def stop(self, *, kill: bool = False) -> None:
        """Stop the process (SIGTERM, or SIGKILL with `kill=True`) and wait for it."""
        if self._client is not None:
            self._client.close()
            self._client = None
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

    def _control(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        if self._client is None:
            raise RuntimeError("the server is not running")
        response = self._client.request(method, "/_local" + path, json=body)
        response.raise_for_status()
        return response.json()

    def reset(self) -> None:
        """Delete all queues and messages, return the clock to real time, disarm faults."""
        self._control("POST", "/reset")

    def advance(self, seconds: float) -> float:
        """Move the virtual clock forward; returns the new virtual time."""
        return float(self._control("POST", "/clock/advance", {"seconds": seconds})["now"])

    def freeze(self, frozen: bool = True) -> float:
        """Stop (or restart) the virtual clock; returns the virtual time."""
        return float(self._control("POST", "/clock", {"frozen": frozen})["now"])

    def now(self) -> float:
        """Return the server's virtual time."""
        return float(self._control("GET", "/clock")["now"])

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
        body: dict[str, Any] = {"count": count, "delay": delay, "drop": drop}
        if status is not None:
            body["status"] = status
        if retry_after is not None:
            body["retry_after"] = retry_after
        self._control("POST", "/faults", body)

    def clear_faults(self) -> None:
        """Disarm any injected faults."""
        self._control("DELETE", "/faults")
