"""The request log, in process: one line per request with tokens redacted, and a request
that fails inside the server is a 500 `{"msg"}` and one concise ERROR line (the traceback
only at DEBUG), never an exception escaping to the ASGI server."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ironmq_local.wire.access import ACCESS_LOGGER, ERROR_LOGGER, RequestLog, redact
from ironmq_local.wire.errors import exception_handlers


async def broken(request: Request) -> Response:
    raise ZeroDivisionError("a bug in a handler")


async def fine(request: Request) -> Response:
    return Response("ok")


def call(path: str) -> httpx.Response:
    app = Starlette(
        routes=[Route("/broken", broken), Route("/fine", fine)],
        exception_handlers=exception_handlers(),
    )

    async def go() -> httpx.Response:
        # raise_app_exceptions: an exception that escaped the log layer would raise here
        transport = httpx.ASGITransport(app=RequestLog(app), raise_app_exceptions=True)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    return asyncio.run(go())


def test_a_failing_request_is_a_500_and_one_error_line(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    answer = call("/broken?oauth=s3cret")
    assert answer.status_code == 500
    assert answer.json() == {"msg": "Internal server error"}
    errors = [r for r in caplog.records if r.name == ERROR_LOGGER and r.levelno == logging.ERROR]
    assert len(errors) == 1
    line = errors[0].getMessage()
    assert line.startswith("GET /broken?oauth=*** failed: ZeroDivisionError: a bug in a handler (")
    assert errors[0].exc_info is None  # the traceback is a separate DEBUG record
    access = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    assert len(access) == 1
    assert access[0].startswith("GET /broken?oauth=*** 500 ")
    server_lines = [r.getMessage() for r in caplog.records if r.name.startswith("ironmq_local")]
    assert not [line for line in server_lines if "s3cret" in line]


def test_the_traceback_is_logged_at_debug_only(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=ERROR_LOGGER)
    call("/broken")
    (debug,) = [r for r in caplog.records if r.levelno == logging.DEBUG]
    assert debug.exc_info is not None
    assert debug.exc_info[0] is ZeroDivisionError


def test_one_access_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger=ACCESS_LOGGER)
    call("/fine")
    call("/missing")
    lines = [r.getMessage() for r in caplog.records if r.name == ACCESS_LOGGER]
    assert [line.rsplit(" ", 2)[0] for line in lines] == ["GET /fine 200", "GET /missing 404"]


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("oauth=abc", "oauth=***"),
        ("n=1&oauth=abc&wait=2", "n=1&oauth=***&wait=2"),
        ("OAUTH=abc&oauth=def", "OAUTH=***&oauth=***"),
        ("xoauth=keep", "xoauth=keep"),
        ("", ""),
    ],
)
def test_redact_hides_every_oauth_value(query: str, shown: str) -> None:
    assert redact(query) == shown
