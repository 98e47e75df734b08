"""What the endpoints of every API version share: credentials, bodies within the size limits,
the webhook's raw body and long-polled reserves."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping

from starlette.requests import Request

from ..domain.broker import Broker
from ..domain.errors import TooLarge
from ..domain.values import Message
from ..runtime.clock import Clock
from ..runtime.waiting import Waiters, wait_until
from . import fields as p
from .http import Credentials, read_body

MAX_MESSAGES_PER_POST = 100
"""Both versions take at most 100 messages per post: the request size limit follows."""


class Endpoints:
    """The base of each version's handlers: the broker under that version's rules and the
    request plumbing.

    Args:
        broker: the domain, under the rules of the version.
        clock: the server's clock (long polls wait on it).
        waiters: per-queue wake-ups of long polls.
        credentials: project id → token.
        max_message_size: largest message body in bytes.
    """

    def __init__(
        self,
        broker: Broker,
        clock: Clock,
        waiters: Waiters,
        credentials: Mapping[str, str],
        max_message_size: int,
    ) -> None:
        self.broker = broker
        self.clock = clock
        self.waiters = waiters
        self.project = Credentials(credentials).project
        self.max_message_size = max_message_size
        # A full batch of maximum-size messages plus room for JSON framing.
        self.max_request_size = MAX_MESSAGES_PER_POST * max_message_size + 65_536

    async def body(self, request: Request, *, allow_empty: bool = True) -> p.JSONObject:
        """Read and parse a JSON object body within the request size limit."""
        raw = await read_body(request, self.max_request_size)
        return p.parse_object(raw, allow_empty=allow_empty)

    async def raw_message(self, request: Request) -> str:
        """The webhook's raw body as one message body (not UTF-8: replacement characters)."""
        raw = await read_body(request, self.max_request_size)
        if len(raw) > self.max_message_size:
            raise TooLarge(
                f"body is larger than the maximum message size of {self.max_message_size} bytes"
            )
        return raw.decode("utf-8", errors="replace")

    async def reserve_waiting(
        self, request: Request, project_id: str, n: int, timeout: int, *, wait: int, delete: bool
    ) -> list[Message]:
        """Reserve from the request's queue, long-polling up to `wait` seconds."""
        name = request.path_params["queue_name"]
        reservations = self.broker.reservations

        def step() -> tuple[list[Message], bool]:
            return reservations.reserve_step(project_id, name, n, timeout, delete)

        if wait <= 0:  # no long poll: nothing to wake it, no event to take
            return await in_steps(step)
        return await wait_until(
            attempt=lambda: in_steps(step),
            event=lambda: self.waiters.event(project_id, name),
            next_due=lambda: reservations.next_due(project_id, name),
            real_seconds_until=self.clock.real_seconds_until,
            virtual_now=self.clock.now,
            wait=wait,
            client_gone=request.is_disconnected,
        )


async def in_steps(step: Callable[[], tuple[list[Message], bool]]) -> list[Message]:
    """Run a bounded domain step (`reserve_step`, `peek_step`) until it has an answer,
    letting other requests in between steps: a queue whose front holds a million due,
    expired or dead messages never stalls the server for the time they take."""
    while True:
        found, more = step()
        if found or not more:
            return found
        await asyncio.sleep(0)
