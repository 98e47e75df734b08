"""What the server answers besides the IronMQ APIs: a landing page at `/`, the OpenAPI
descriptions as JSON at `/openapi/{api}.json`, and `/health`.

The descriptions are the YAML files of `spec/`, shipped in the wheel as
`ironmq_local/_spec/` (pyproject.toml) and read from `spec/` in a source checkout.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from ..domain.errors import NotFound
from .http import grouped_routes, json_response

_HERE = Path(__file__).resolve().parent
SPEC_DIRS = (_HERE.parent / "_spec", _HERE.parents[1] / "spec")
"""Where the YAML descriptions are: in the installed package, else in the source checkout."""

APIS = (
    ("v3", "/3/projects/{project_id}", "IronMQ v3"),
    ("v2", "/1/projects/{project_id}", "IronMQ v2 (legacy)"),
)
"""API name, base path, title; the page lists those whose routes are mounted."""

DASHBOARD = "/dashboard"


def spec_file(api: str) -> Path | None:
    """The YAML description of `api` (`v3`, `v2`), or None if it is not here."""
    for folder in SPEC_DIRS:
        path = folder / f"ironmq-{api}.yaml"
        if path.is_file():
            return path
    return None


@cache
def spec_json(api: str) -> bytes | None:
    """The description of `api` as JSON bytes (read once), or None."""
    path = spec_file(api)
    if path is None:
        return None
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # default=str: YAML reads unquoted dates as dates, which JSON has not
    return json.dumps(data, ensure_ascii=False, default=str).encode()


class Site:
    """The landing page, the descriptions and the health check."""

    def __init__(
        self, credentials: Mapping[str, str], default_token: str, mounted: Sequence[BaseRoute]
    ) -> None:
        """Args: the project → token pairs, the built-in token (the only one the page shows),
        and the routes mounted so far (which APIs and whether a dashboard exist)."""
        paths = [getattr(route, "path", "") for route in mounted]
        self.apis = [
            (name, base, title)
            for name, base, title in APIS
            if any(p.startswith(base) for p in paths)
        ]
        self.dashboard = any(p.startswith(DASHBOARD) for p in paths)
        self.credentials = dict(credentials)
        self.default_token = default_token

    def routes(self) -> list[Route]:
        """Return the routes of `/`, `/health` and `/openapi/{api}.json`."""
        return grouped_routes(
            [
                ("/", "GET", self.landing),
                ("/health", "GET", self.health),
                ("/openapi/{api}.json", "GET", self.openapi),
            ]
        )

    async def health(self, request: Request) -> Response:
        """GET /health: the server is up (no credentials, no control API needed)."""
        return json_response({"msg": "OK"})

    async def openapi(self, request: Request) -> Response:
        """GET /openapi/{api}.json: the OpenAPI description of one API, as JSON."""
        body = (
            spec_json(request.path_params["api"])
            if request.path_params["api"] in ("v3", "v2")
            else None
        )
        if body is None:
            raise NotFound("No such OpenAPI description")
        return Response(body, media_type="application/json")

    async def landing(self, request: Request) -> Response:
        """GET /: what this server is and how to talk to it."""
        return HTMLResponse(self.page(str(request.base_url).rstrip("/")))

    def page(self, origin: str) -> str:
        """The landing page's HTML for a server reached at `origin`."""
        e = html.escape
        rows = []
        for project_id, token in self.credentials.items():
            shown = (
                f"<code>{e(token)}</code>"
                if token == self.default_token
                else "the token it was started with"
            )
            for _name, base, title in self.apis:
                url = origin + base.replace("{project_id}", project_id)
                rows.append(
                    f"<tr><td>{e(title)}</td><td><code>{e(url)}</code></td><td>{shown}</td></tr>"
                )
        specs = " · ".join(
            f'<a href="/openapi/{name}.json">{name}</a>' for name, _, _ in APIS if spec_file(name)
        )
        dashboard = (
            f'<p><a href="{DASHBOARD}">Dashboard</a>: queues and messages in the browser.</p>'
            if self.dashboard
            else ""
        )
        split = urlsplit(origin)
        project_id, token = next(iter(self.credentials.items()))
        export = (
            f"export IRON_PROJECT_ID={project_id} "
            f"IRON_TOKEN={token if token == self.default_token else '<its token>'} "
            f"IRON_PROTOCOL={split.scheme} IRON_HOST={split.hostname} "
            f"IRON_PORT={split.port or 80}"
        )
        return _PAGE.format(
            rows="\n".join(rows),
            export=e(export),
            specs=specs or "none packaged",
            dashboard=dashboard,
        )


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ironmq-local</title>
<style>body{{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
line-height:1.5}}code{{background:#f3f3f3;padding:0 .25rem}}table{{border-collapse:collapse}}
td,th{{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}}</style></head>
<body><h1>ironmq-local</h1>
<p>An IronMQ-compatible message queue server on SQLite, for development and tests. Point any
IronMQ client at the base URLs below; authenticate with <code>Authorization: OAuth TOKEN</code>
(or <code>?oauth=TOKEN</code>).</p>
<table><tr><th>API</th><th>base URL</th><th>token</th></tr>
{rows}
</table>
<p>For the Python SDK (<code>IronMQ()</code>), the <code>ironmq</code> CLI and the
<code>iron_mq</code> clients: <code>{export}</code></p>
{dashboard}<p>OpenAPI descriptions (JSON): {specs}. Health check: <a href="/health">/health</a>.</p>
</body></html>
"""
