"""The control API under `/_local/` (reset, virtual clock, fault injection).

It is separate from the IronMQ API, only mounted with `--control`, and meant for
tests: nothing here exists on the real service.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from . import _parse as p
from ._api import grouped_routes, json_response
from ._broker import Broker
from ._clock import VirtualClock
from ._models import InvalidArgument

CONTROL_PREFIX = "/_local"


@dataclass
class FaultPlan:
    """What to do to each of the next `count` IronMQ API requests."""

    count: int = 1
    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    retry_after: float | None = None


class Faults:
    """Armed faults, consumed one request at a time."""

    def __init__(self) -> None:
        self.plan: FaultPlan | None = None

    def take(self) -> FaultPlan | None:
        """Return the plan for this request and count it down."""
        plan = self.plan
        if plan is None:
            return None
        plan.count -= 1
        if plan.count <= 0:
            self.plan = None
        return plan

    def state(self) -> dict[str, Any]:
        """Return the armed plan (or `{"count": 0}`)."""
        return asdict(self.plan) if self.plan else {"count": 0}


class FaultMiddleware:
    """Applies armed faults to IronMQ API requests (never to the control API)."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Delay, fail or drop the request as planned, else pass it on."""
        if scope["type"] != "http" or scope["path"].startswith(CONTROL_PREFIX):
            await self.app(scope, receive, send)
            return
        plan = self.faults.take()
        if plan is None:
            await self.app(scope, receive, send)
            return
        if plan.delay:
            await asyncio.sleep(plan.delay)
        if plan.drop:
            await _drop_connection(send)
            return
        if plan.status is None:
            await self.app(scope, receive, send)
            return
        # the marker header lets tests tell injected failures from real ones
        headers = [(b"content-type", b"application/json"), (b"x-ironmq-local-fault", b"injected")]
        if plan.retry_after is not None:
            value = f"{plan.retry_after:g}".encode()
            headers.append((b"retry-after", value))
        body = json.dumps({"msg": f"Injected fault: HTTP {plan.status}"}).encode()
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": plan.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


async def _drop_connection(send: Send) -> None:
    """Close the TCP connection without answering.

    ASGI has no "abort" message, so this reaches uvicorn's transport through its
    bound `send`; the client sees the connection closed before any response.
    """
    transport = getattr(getattr(send, "__self__", None), "transport", None)
    if transport is None:
        raise RuntimeError("cannot drop the connection under this ASGI server")
    transport.abort()
    # let connection_lost run so the server does not try to write a 500
    for _ in range(3):
        await asyncio.sleep(0)


class ControlApi:
    """Routes of the control API."""

    def __init__(
        self,
        broker: Broker,
        clock: VirtualClock,
        faults: Faults,
        time_moved: Callable[[], None],
    ) -> None:
        """`time_moved` wakes everything that sleeps until a due time (long polls, pusher)."""
        self.broker = broker
        self.clock = clock
        self.faults = faults
        self.time_moved = time_moved

    def routes(self) -> list[Route]:
        """Return the control routes."""
        c = CONTROL_PREFIX
        return grouped_routes(
            [
                (c + "/health", "GET", self.health),
                (c + "/reset", "POST", self.reset),
                (c + "/clock", "GET", self.get_clock),
                (c + "/clock", "POST", self.set_clock),
                (c + "/clock/advance", "POST", self.advance),
                (c + "/faults", "GET", self.get_faults),
                (c + "/faults", "POST", self.set_faults),
                (c + "/faults", "DELETE", self.clear_faults),
            ]
        )

    def _save_clock(self) -> None:
        # Persist the virtual clock so a restart keeps deadlines where they were.
        storage = self.broker.storage
        with storage.transaction():
            storage.set_meta("clock_offset", repr(self.clock.offset))
            frozen = self.clock.frozen_at
            storage.set_meta("clock_frozen_at", "" if frozen is None else repr(frozen))

    def _clock_json(self) -> Response:
        return json_response(
            {"now": self.clock.now(), "offset": self.clock.offset, "frozen": self.clock.frozen}
        )

    async def health(self, request: Request) -> Response:
        """GET /_local/health."""
        return json_response({"msg": "OK"})

    async def reset(self, request: Request) -> Response:
        """POST /_local/reset: drop all queues and messages, real-time clock, no faults."""
        self.broker.reset()
        self.clock.reset()
        self._save_clock()
        self.faults.plan = None
        self.time_moved()
        return json_response({"msg": "Reset"})

    async def get_clock(self, request: Request) -> Response:
        """GET /_local/clock: `now`, `offset` and `frozen`."""
        return self._clock_json()

    async def set_clock(self, request: Request) -> Response:
        """POST /_local/clock {"frozen": bool}: stop or restart the virtual clock."""
        body = p.parse_object(await request.body(), allow_empty=True)
        frozen = p.get_bool(body, "frozen")
        if frozen is None:
            raise InvalidArgument("frozen is required")
        self.clock.set_frozen(frozen)
        self._save_clock()
        self.time_moved()
        return self._clock_json()

    async def advance(self, request: Request) -> Response:
        """POST /_local/clock/advance {"seconds": x}: jump forward, waking due waiters."""
        body = p.parse_object(await request.body(), allow_empty=False)
        seconds = body.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise InvalidArgument("seconds must be a non-negative number")
        self.clock.advance(float(seconds))
        self._save_clock()
        self.time_moved()
        return self._clock_json()

    async def get_faults(self, request: Request) -> Response:
        """GET /_local/faults: the armed plan."""
        return json_response(self.faults.state())

    async def set_faults(self, request: Request) -> Response:
        """POST /_local/faults: arm a plan for the next `count` API requests."""
        body = p.parse_object(await request.body(), allow_empty=False)
        count = p.get_int(body, "count", 1, 1_000_000)
        status = p.get_int(body, "status", 400, 599)
        drop = bool(p.get_bool(body, "drop"))
        delay = body.get("delay", 0) or 0
        retry_after = body.get("retry_after")
        for name, value in (("delay", delay), ("retry_after", retry_after)):
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0
            ):
                raise InvalidArgument(f"{name} must be a non-negative number")
        if status is None and not drop and not delay:
            status = 503
        self.faults.plan = FaultPlan(
            count=count or 1,
            status=status,
            delay=float(delay),
            drop=drop,
            retry_after=None if retry_after is None else float(retry_after),
        )
        return json_response(self.faults.state())

    async def clear_faults(self, request: Request) -> Response:
        """DELETE /_local/faults: disarm."""
        self.faults.plan = None
        return json_response(self.faults.state())
