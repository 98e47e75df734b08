"""Push subscribers for the tests: real HTTP servers on loopback that record what they get.

Each `Subscriber` runs a `ThreadingHTTPServer` on 127.0.0.1 (a free port) in a thread.
Its answers are scripted: `answers` is consumed one per request (status, delay seconds),
then `default` applies. Tests wait for requests with `wait_for(n)`, which polls in real time
but never asserts how long anything took. Every push received is held to the `push` webhook
of the spec (its `Iron-*` headers to `PushHeaders`, strict reading: tests/profiles.py); the
fixture fails the test at teardown if one did not conform.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TypeVar

from ..profiles import MessageSchemas

T = TypeVar("T")

WAIT = 15.0  # real seconds to wait for something that should happen promptly


@dataclass(frozen=True)
class Received:
    """One push request as the subscriber saw it."""

    path: str
    headers: dict[str, str]  # lower-case names
    body: bytes

    @property
    def message_id(self) -> str:
        """The Iron-Message-Id header."""
        return self.headers["iron-message-id"]

    def problems(self) -> list[str]:
        """How the push breaks the spec's `push` webhook: v3's always (ironmq-local sends its
        headers on every push, decision X6), and v2's too when it carries v2's."""
        apis = ["v3", "v2"] if "iron-subscriber-message-id" in self.headers else ["v3"]
        return [
            f"{api} push {self.path}: {problem}"
            for api in apis
            for problem in MessageSchemas.load(api).push_header_problems(self.headers)
        ]


class Subscriber:
    """A loopback HTTP endpoint recording POSTs and answering as scripted."""

    def __init__(self, default: int = 200) -> None:
        self.default = default
        self.answers: deque[tuple[int, float]] = deque()
        self.received: list[Received] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length)
                with owner._lock:
                    owner.received.append(
                        Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                    )
                    status, delay = (
                        owner.answers.popleft() if owner.answers else (owner.default, 0.0)
                    )
                if delay:
                    time.sleep(delay)
                text = f"answer {status}".encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(text)))
                    self.end_headers()
                    self.wfile.write(text)
                except OSError:
                    pass  # the pusher gave up waiting

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/push"

    def answer(self, *statuses: int, delay: float = 0.0) -> None:
        """Script the next answers."""
        with self._lock:
            self.answers.extend((s, delay) for s in statuses)

    def count(self) -> int:
        """Requests received so far."""
        with self._lock:
            return len(self.received)

    def wait_for(self, n: int) -> list[Received]:
        """Wait until at least `n` requests arrived and return all of them."""
        wait_until(lambda: self.count() >= n or None, f"{n} requests at {self.url}")
        with self._lock:
            return list(self.received)

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    def assert_conforming(self) -> None:
        """Fail unless every push received conformed to the spec."""
        with self._lock:
            problems = [p for r in self.received for p in r.problems()]
        assert not problems, "\n".join(problems)


def wait_until(probe: Callable[[], T | None], what: str, timeout: float = WAIT) -> T:
    """Poll `probe` until it returns something other than None/False; fail after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value is not None and value is not False:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def subscribers() -> Iterator[Callable[..., Subscriber]]:
    """Body of the `subscriber` fixture: a factory whose servers stop after the test."""
    made: list[Subscriber] = []

    def make(default: int = 200) -> Subscriber:
        sub = Subscriber(default)
        made.append(sub)
        return sub

    try:
        yield make
    finally:
        for sub in made:
            sub.close()
    for sub in made:
        sub.assert_conforming()
