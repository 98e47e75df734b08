"""The control API under `/_local/` (reset, virtual clock, fault injection).

It is separate from the IronMQ API, only mounted with `--control`, and meant for tests:
nothing here exists on the real service. It changes state only through the domain's broker
and the runtime's clock, never the store directly.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.broker import Broker
from ..domain.errors import InvalidArgument
from ..runtime.clock import VirtualClock
from . import fields as p
from .faults import CONTROL_PREFIX, FaultPlan, Faults
from .http import grouped_routes, json_response


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
        self.broker.save_clock(self.clock.offset, self.clock.frozen_at)

    def _clock_json(self) -> Response:
        return json_response(
            {"now": self.clock.now(), "offset": self.clock.offset, "frozen": self.clock.frozen}
        )

    async def health(self, request: Request) -> Response:
        """GET /_local/health: `in_flight` counts the requests being handled (this one too),
        so a test can see that its long polls have arrived."""
        requests = getattr(request.app.state, "requests", None)
        return json_response({"msg": "OK", "in_flight": getattr(requests, "in_flight", 0)})

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
        self.set_frozen(frozen)
        return self._clock_json()

    def set_frozen(self, frozen: bool) -> None:
        """Stop the virtual clock or let it run (the dashboard's control panel too)."""
        self.clock.set_frozen(frozen)
        self._save_clock()
        self.time_moved()

    async def advance(self, request: Request) -> Response:
        """POST /_local/clock/advance {"seconds": x}: jump forward, waking due waiters."""
        body = p.parse_object(await request.body(), allow_empty=False)
        seconds = body.get("seconds")
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
            raise InvalidArgument("seconds must be a non-negative number")
        self.advance_clock(float(seconds))
        return self._clock_json()

    def advance_clock(self, seconds: float) -> None:
        """Move the virtual clock forward by `seconds` >= 0, waking due waiters."""
        self.clock.advance(seconds)
        self._save_clock()
        # Messages that expired in the jump change their queues' sizes: judge the alerts now,
        # so the reply comes after their messages are posted (the worker would, a moment later).
        self.broker.messages.expire_alerted()
        self.time_moved()

    async def get_faults(self, request: Request) -> Response:
        """GET /_local/faults: the armed plan."""
        return json_response(self.faults.state())

    async def set_faults(self, request: Request) -> Response:
        """POST /_local/faults: arm a plan for the next `count` API requests."""
        self.arm_faults(p.parse_object(await request.body(), allow_empty=False))
        return json_response(self.faults.state())

    def arm_faults(self, body: p.JSONObject) -> None:
        """Arm a fault plan given as the JSON object of `POST /_local/faults`."""
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

    async def clear_faults(self, request: Request) -> Response:
        """DELETE /_local/faults: disarm."""
        self.faults.plan = None
        return json_response(self.faults.state())
