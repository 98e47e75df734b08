"""Fault injection for tests: the next requests of the IronMQ APIs fail, stall or drop.

Armed through the control API (`POST /_local/faults`) or the dashboard's control panel;
neither is ever affected, so a test can always disarm.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import asdict, dataclass
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

CONTROL_PREFIX = "/_local"
NOT_API = (CONTROL_PREFIX, "/openapi/", "/health", "/dashboard")
"""Paths faults never touch (with `/` itself): only the IronMQ APIs fail on purpose (so a
test, or a person on the dashboard, can always disarm)."""


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
    """Applies armed faults to IronMQ API requests (never to the control API, the landing
    page, the OpenAPI descriptions, the health check or the dashboard)."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Delay, fail or drop the request as planned, else pass it on."""
        path = scope.get("path", "")
        if scope["type"] != "http" or path == "/" or path.startswith(NOT_API):
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
