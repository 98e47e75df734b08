"""No answer before its data is committed: the ASGI layer that holds each answer back until
the group commit (runtime/commits.py) has committed what the request wrote or read.

The handlers run their domain calls inside a batch that commits at the next turn of the event
loop; this layer waits for that commit when the answer starts. If the batch was lost
meanwhile, the request is answered 503 (its write, or what it read, was rolled back) instead
of what the handler said.
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
        commits = self.commits
        lost = commits.lost_batches
        replaced = False

        async def send_committed(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return  # the handler's body of an answer replaced by the 503
            if message["type"] == "http.response.start":
                await commits.settled()
                if commits.lost_batches != lost:
                    replaced = True
                    await _answer_503(send)
                    return
            await send(message)

        await self.app(scope, receive, send_committed)


async def _answer_503(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_LOST)).encode()),
        (b"retry-after", b"1"),
    ]
    await send({"type": "http.response.start", "status": 503, "headers": headers})
    await send({"type": "http.response.body", "body": _LOST})
