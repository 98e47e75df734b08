"""Run ironmq-local exactly as its CLI does, plus one trivial endpoint for comparison.

    python bench/_serve.py [ironmq-local options]

`POST|GET /bench/trivial` reads the request body and answers a fixed JSON object through
the same Starlette app, middleware, uvicorn settings and `json_response` as the IronMQ
routes, so "IronMQ endpoint / trivial endpoint" isolates what parsing, logic and SQLite
cost. Nothing in `ironmq_local` is changed: its v3 route list is extended at start-up.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ironmq_local import app, cli
from ironmq_local.wire.http import json_response

TRIVIAL_PATH = "/bench/trivial"


async def trivial(request: Request) -> Response:
    """Read the body (as every IronMQ endpoint does) and answer a fixed small object."""
    await request.body()
    return json_response({"msg": "ok"})


def _with_trivial(original):  # type: ignore[no-untyped-def]
    def routes(handlers):  # type: ignore[no-untyped-def]
        return [*original(handlers), Route(TRIVIAL_PATH, trivial, methods=["GET", "POST"])]

    return routes


if __name__ == "__main__":
    app.v3_routes = _with_trivial(app.v3_routes)  # type: ignore[attr-defined]
    cli.main()
