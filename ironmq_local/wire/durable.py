"""No answer before its data is committed: the ASGI layer that holds each answer back until
the group commit (runtime/commits.py) has committed what the request wrote or read.

The handlers run their domain calls inside a batch that commits at the next turn of the event
loop. This layer keeps the answer the handler sends (its start and body), and once the
handler has returned, waits for that commit and sends it on; if the batch was lost meanwhile,
the request is answered 503 (what it wrote, or read, was rolled back) instead. Waiting here,
rather than inside the handler's `send`, suspends the few frames above this layer instead of
the whole stack of Starlette and the handler (a request that waits is resumed through them).
"""

from __future__ import annotations

import json
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..runtime.commits import GroupCommit

_LOST: Final = json.dumps({"msg": "Storage failure, nothing was changed: try again"}).encode()


class Durable:
    """Answers only once the request's writes (and reads) are committed."""

    def __init__(self, app: ASGIApp, commits: GroupCommit) -> None:
        self.app = app
        self.commits = commits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request; hold its answer until the batch it saw is committed."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        lost = self.commits.lost_batches
        held: list[Message] = []
        streaming = False

        async def hold(message: Message) -> None:
            nonlocal streaming
            if streaming:
                await send(message)
                return
            held.append(message)
            if message["type"] == "http.response.body" and message.get("more_body", False):
                streaming = True  # an answer in parts: commit first, then let it flow
                await self._release(held, send, lost)

        await self.app(scope, receive, hold)
        if held and not streaming:
            await self._release(held, send, lost)

    async def _release(self, held: list[Message], send: Send, lost: int) -> None:
        """Wait for the commit, then send the held messages (or a 503 if it was lost)."""
        await self.commits.settled()
        if self.commits.lost_batches != lost:
            await _answer_503(send)
            return
        for message in held:
            await send(message)


async def _answer_503(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_LOST)).encode()),
        (b"retry-after", b"1"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": _LOST})
