"""The one mapping from errors to HTTP answers: a status and an IronMQ `{"msg": ...}` body.

Domain errors map by class (the same for v2 and v3); Starlette's own (unknown path, wrong
method) keep their status with IronMQ-style texts; anything else is a 500 that names no
internals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ..domain.errors import (
    DomainError,
    Forbidden,
    InvalidArgument,
    NotFound,
    TooLarge,
    Unauthorized,
)
from .access import CLIENT_GONE, TIMED_OUT
from .http import json_response

STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (Unauthorized, 401),
    (InvalidArgument, 400),
    (Forbidden, 403),
    (NotFound, 404),
    (TooLarge, 413),
)
"""Domain error class → HTTP status (first match; subclasses come with their base)."""


def status_of(exc: DomainError) -> int:
    """The HTTP status of a domain error (400 for a class not listed)."""
    return next((status for cls, status in STATUS if isinstance(exc, cls)), 400)


async def _domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    return json_response({"msg": exc.msg}, status_of(exc))


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    msg = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, exc.detail)
    response = json_response({"msg": msg}, exc.status_code)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _client_gone(request: Request, exc: Exception) -> Response:
    # The client hung up while sending its body, or the server stopped waiting for it
    # (connections.py). Nobody reads this answer: its status is what the access log shows.
    if request.scope.get("state", {}).get(TIMED_OUT):
        return json_response({"msg": "Request body not received in time"}, 408)
    return json_response({"msg": "Client closed the connection"}, CLIENT_GONE)


async def _server_error(request: Request, exc: Exception) -> Response:
    return json_response({"msg": "Internal server error"}, 500)


def exception_handlers() -> dict[Any, Callable[[Request, Exception], Any]]:
    """Starlette's `exception_handlers` for the whole app."""
    handlers: Mapping[Any, Callable[[Request, Exception], Any]] = {
        DomainError: _domain_error,
        HTTPException: _http_error,
        ClientDisconnect: _client_gone,
        Exception: _server_error,
    }
    return dict(handlers)
