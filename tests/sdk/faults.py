"""Faults the server's own injection cannot make: answers lost after the server acted.

`inject_faults` fails or drops a request *before* the server handles it. A lost answer is
the other case, the one that makes retries unsafe: the server did the work and the client
never heard. These transports forward every request to the real server and then, for the
requests a `Plan` picks, throw the answer away and raise a read error (or answer 503
without forwarding, for "certainly not done"). Everything else is real.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from typing import Literal

import httpx

from ..conformance import FAULT_HEADER

Action = Literal["lose", "refuse"]


class Plan:
    """Which requests to sabotage: the `nth` ones (from 1) of a method and path suffix."""

    def __init__(self) -> None:
        self._rules: list[tuple[str, str, set[int], Action]] = []
        self._seen: dict[tuple[str, str], int] = {}
        self._lock = threading.Lock()
        self.sabotaged: list[str] = []
        """`METHOD path` of every request sabotaged, in order."""

    def add(self, method: str, suffix: str, nth: set[int], action: Action) -> Plan:
        """Sabotage the `nth` requests (counted from 1) of `method` to a path ending in
        `suffix`."""
        self._rules.append((method, suffix, nth, action))
        return self

    def decide(self, request: httpx.Request) -> Action | None:
        """What to do to this request."""
        with self._lock:
            for method, suffix, nth, action in self._rules:
                if request.method == method and request.url.path.endswith(suffix):
                    key = (method, suffix)
                    self._seen[key] = count = self._seen.get(key, 0) + 1
                    if count in nth:
                        self.sabotaged.append(f"{request.method} {request.url.path}")
                        return action
        return None


def _refused(request: httpx.Request) -> httpx.Response:
    # marked like ironmq-local's own injected faults, which the spec validation lets pass
    headers = {FAULT_HEADER: "injected"}
    body = {"msg": "Service Unavailable (sabotaged)"}
    return httpx.Response(503, json=body, headers=headers, request=request)


def _lost(request: httpx.Request) -> httpx.ReadError:
    return httpx.ReadError("the answer was lost (sabotaged)", request=request)


class SabotagingTransport(httpx.BaseTransport):
    """Sends to the real server, then loses or refuses the answers `plan` picks."""

    def __init__(self, plan: Plan, inner: httpx.BaseTransport | None = None) -> None:
        self.plan = plan
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        action = self.plan.decide(request)
        if action == "refuse":
            return _refused(request)
        response = self.inner.handle_request(request)
        if action == "lose":
            response.read()
            response.close()
            raise _lost(request)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncSabotagingTransport(httpx.AsyncBaseTransport):
    """The async twin of `SabotagingTransport`."""

    def __init__(self, plan: Plan, inner: httpx.AsyncBaseTransport | None = None) -> None:
        self.plan = plan
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        action = self.plan.decide(request)
        if action == "refuse":
            return _refused(request)
        response = await self.inner.handle_async_request(request)
        if action == "lose":
            await response.aread()
            await response.aclose()
            raise _lost(request)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()


def free_port() -> int:
    """A loopback port nobody listens on now (for a server restarted on the same port)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def eventually(
    condition: Callable[[], bool],
    *,
    nudge: Callable[[], object],
    tries: int = 8,
    patience: float = 3.0,
) -> None:
    """Wait for `condition`, calling `nudge` (say, moving the virtual clock past a
    reservation timeout) each time it is not met within `patience` seconds."""
    for _ in range(tries):
        deadline = time.monotonic() + patience
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.02)
        nudge()
    raise AssertionError("condition not met")
