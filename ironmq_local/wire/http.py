"""HTTP plumbing every API of the server shares: JSON replies, routes, bodies, credentials."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from ..domain.errors import TooLarge, Unauthorized
from .fields import is_decimal

INVALID_CREDENTIALS = "Invalid project/token combination"

Endpoint = Callable[[Request], Awaitable[Response]]


def json_response(data: Mapping[str, Any] | Sequence[Any], status: int = 200) -> Response:
    """Answer JSON with `Content-Type: application/json` (legacy clients need it); a bare
    array only for v2's queue listing."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code=status, media_type="application/json")


def grouped_routes(entries: Sequence[tuple[str, str, Endpoint]]) -> list[Route]:
    """One route per path that dispatches on the method, so a 405's `Allow` lists them all."""
    by_path: dict[str, dict[str, Endpoint]] = {}
    for path, method, endpoint in entries:
        by_path.setdefault(path, {})[method] = endpoint
    routes: list[Route] = []
    for path, endpoints in by_path.items():

        async def dispatch(
            request: Request, endpoints: dict[str, Endpoint] = endpoints
        ) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await endpoints[method](request)

        routes.append(Route(path, dispatch, methods=list(endpoints)))
    return routes


async def read_body(request: Request, limit: int) -> bytes:
    """Read the request body, refusing more than `limit` bytes as TooLarge."""
    declared = request.headers.get("content-length")
    if declared is not None and is_decimal(declared) and int(declared) > limit:
        raise TooLarge(f"Request body is larger than the limit of {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"Request body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


class Credentials:
    """Project id → token pairs; every pair may use the API of its project."""

    def __init__(self, pairs: Mapping[str, str]) -> None:
        self.pairs = dict(pairs)

    def project(self, request: Request) -> str:
        """The request's `project_id` once its token is checked, else Unauthorized.

        The token comes from `Authorization: OAuth TOKEN` (or `Bearer`, any case) or
        `?oauth=TOKEN`; the header, when present, decides.
        """
        project_id: str = request.path_params["project_id"]
        expected = self.pairs.get(project_id)
        auth = request.headers.get("authorization")
        if auth is not None:
            scheme, _, value = auth.partition(" ")
            token = value.strip() if scheme.lower() in ("oauth", "bearer") else None
        else:  # (parsed only without the header: most requests have one)
            token = request.query_params.get("oauth")
        if expected is None or token != expected:
            raise Unauthorized(INVALID_CREDENTIALS)
        return project_id


class TrailingSlash:
    """Treat `/path/` like `/path` so clients that append a slash still match."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Strip one trailing slash from the path, then pass the request on."""
        path = scope.get("path", "")
        if scope["type"] == "http" and len(path) > 1 and path.endswith("/"):
            scope = dict(scope)
            scope["path"] = path.rstrip("/") or "/"
        await self.app(scope, receive, send)
