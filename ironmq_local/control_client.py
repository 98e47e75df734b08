"""A small client of the control API (`/_local/`): what the test harness and the
`ironmq-local` admin verbs (`reset`, `clock`, `faults`) use to reset a server, move its
clock and inject faults.

Only httpx (a client dependency): it works without the `local` extra, against any server
started with `--control`.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import httpx

CONTROL_PREFIX = "/_local"


class ControlClient:
    """Calls the control API of the server at `base_url` (`http://HOST:PORT`)."""

    def __init__(self, base_url: str, *, timeout: float = 60.0) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout, trust_env=False)

    def close(self) -> None:
        """Close the connection pool."""
        self.http.close()

    def __enter__(self) -> ControlClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.request(method, CONTROL_PREFIX + path, json=body)
        response.raise_for_status()
        return response.json()

    def health(self) -> bool:
        """Whether the control API answers."""
        return bool(self._call("GET", "/health")["msg"] == "OK")

    def reset(self) -> None:
        """Delete all queues and messages, return the clock to real time, disarm faults."""
        self._call("POST", "/reset")

    def advance(self, seconds: float) -> float:
        """Move the virtual clock forward; returns the new virtual time."""
        return float(self._call("POST", "/clock/advance", {"seconds": seconds})["now"])

    def freeze(self, frozen: bool = True) -> float:
        """Stop (or restart) the virtual clock; returns the virtual time."""
        return float(self._call("POST", "/clock", {"frozen": frozen})["now"])

    def now(self) -> float:
        """Return the server's virtual time."""
        return float(self.clock()["now"])

    def clock(self) -> dict[str, Any]:
        """The virtual clock: `{"now", "offset", "frozen"}`."""
        state: dict[str, Any] = self._call("GET", "/clock")
        return state

    def inject_faults(
        self,
        count: int = 1,
        *,
        status: int | None = None,
        delay: float = 0.0,
        drop: bool = False,
        retry_after: float | None = None,
    ) -> dict[str, Any]:
        """Make the next `count` IronMQ API requests fail, be delayed, or be dropped.

        With neither `status`, `delay` nor `drop`, the requests answer 503. Returns the
        armed plan.
        """
        body: dict[str, Any] = {"count": count, "delay": delay, "drop": drop}
        if status is not None:
            body["status"] = status
        if retry_after is not None:
            body["retry_after"] = retry_after
        plan: dict[str, Any] = self._call("POST", "/faults", body)
        return plan

    def faults(self) -> dict[str, Any]:
        """The armed fault plan (`{"count": 0}` when none)."""
        plan: dict[str, Any] = self._call("GET", "/faults")
        return plan

    def clear_faults(self) -> None:
        """Disarm any injected faults."""
        self._call("DELETE", "/faults")
