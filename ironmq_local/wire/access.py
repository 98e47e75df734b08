"""One log line per request, and the last word on any request that fails server-side.

`RequestLog` is the outermost ASGI layer: it times each request and logs
`METHOD PATH STATUS MS` on the `ironmq_local.access` logger (INFO), with any `oauth=` token
in the query string redacted. An exception that escapes the application is logged once, as
one line (its traceback at DEBUG), and answered with a 500 if nothing was sent yet; it goes
no further, so uvicorn prints no second, bare traceback.
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
from typing import Final

from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER: Final = "ironmq_local.access"
ERROR_LOGGER: Final = "ironmq_local.error"
access_log = logging.getLogger(ACCESS_LOGGER)
error_log = logging.getLogger(ERROR_LOGGER)

_OAUTH = re.compile(r"((?:^|&)oauth=)[^&]*", re.IGNORECASE)
_SERVER_ERROR: Final = json.dumps({"msg": "Internal server error"}).encode()

CLIENT_GONE: Final = 499
"""Status logged for a request whose client hung up before the answer (nginx's custom)."""
TIMED_OUT: Final = "ironmq_local.timed_out"
"""Key in a request's `scope["state"]`, set when the server gave up waiting for its body."""


def redact(query: str) -> str:
    """The query string with the value of every `oauth=` parameter replaced by `***`."""
    return _OAUTH.sub(r"\1***", query) if "oauth" in query.lower() else query


def describe(scope: Scope) -> str:
    """`METHOD /path?query` of a request, safe to log (tokens redacted)."""
    query = scope.get("query_string", b"").decode("latin-1")
    path = scope.get("path", "")
    method = scope.get("method", "?")
    return f"{method} {path}?{redact(query)}" if query else f"{method} {path}"


def one_line(exc: BaseException) -> str:
    """`Type: message (file:line)` of an exception, the innermost frame's place included."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno})" if frames else ""
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {text}{where}" if text else f"{type(exc).__name__}{where}"


class RequestLog:
    """Access log and last-resort error handling around the whole application."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.in_flight = 0
        """Requests being handled now (the control API's health shows it to tests)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the request, then log one line for it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0

        async def send_and_note(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        self.in_flight += 1
        try:
            await self.app(scope, receive, send_and_note)
        except Exception as exc:
            error_log.error("%s failed: %s", describe(scope), one_line(exc))
            error_log.debug("traceback of that failure", exc_info=exc)
            if status == 0:
                status = 500
                await _answer_500(send)
        finally:
            self.in_flight -= 1
        if access_log.isEnabledFor(logging.INFO):
            ms = (time.perf_counter() - started) * 1000
            access_log.info("%s %s %.1f ms", describe(scope), status or CLIENT_GONE, ms)


async def _answer_500(send: Send) -> None:
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(_SERVER_ERROR)).encode()),
    ]
    await send({"type": "http.response.start", "status": 500, "headers": headers})
    await send({"type": "http.response.body", "body": _SERVER_ERROR})
