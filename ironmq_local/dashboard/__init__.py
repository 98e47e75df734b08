"""The web dashboard ironmq-local serves at `/dashboard`: every queue at a glance, live; one
queue's settings, messages, push statuses and alerts; posting, deleting, clearing and
returning dead letters; with `--control`, the virtual clock and fault injection.

It reads only through `broker.queries` (side-effect free: looking never expires a message
or fires an alert) and writes only through the broker's explicit actions. Templates are
Jinja2 (templates/), the small script and style sheet are served from static/: nothing
from a CDN, no build step. Access rules: _access.py.
"""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain.broker import Broker
from ..wire.control import ControlApi
from ..wire.http import Endpoint
from ._access import Access
from ._actions import Actions
from ._core import PREFIX, Core
from ._history import SizeHistory
from ._pages import Pages
from ._render import Renderer

__all__ = ["PREFIX", "dashboard_routes"]


def dashboard_routes(
    broker: Broker,
    *,
    credentials: dict[str, str],
    host: str,
    max_message_size: int,
    control: ControlApi | None,
) -> list[Route]:
    """The dashboard's routes, to mount beside the APIs.

    Args:
        broker: the domain.
        credentials: project id → token (the login form accepts these tokens).
        host: the address the server listens on (beyond loopback, a login is needed).
        max_message_size: the largest message body, as the API takes.
        control: the control API when the server runs with `--control`.
    """
    core = Core(
        broker, Access(credentials, host), Renderer(), SizeHistory(), control, max_message_size
    )
    pages = Pages(core)
    actions = Actions(core, pages)

    # GET pages answer a refused or missing thing with a page; the POST actions check the
    # same and the CSRF token themselves (Actions.run)
    def page(handler: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            return await pages.guarded(request, handler)

        return endpoint

    q = PREFIX + "/projects/{project_id}/queues/{queue_name}"
    get = [
        (PREFIX, pages.overview),
        (PREFIX + "/live/overview", pages.overview_live),
        (q, pages.queue),
        (q + "/live", pages.queue_live),
        (q + "/clear", pages.confirm_clear),
        (PREFIX + "/control", pages.control),
        (PREFIX + "/live/control", pages.control_live),
    ]
    post = [
        (q + "/messages", actions.post_message),
        (q + "/messages/{message_id}/delete", actions.delete_message),
        (q + "/clear", actions.clear),
        (q + "/dead-letters", actions.return_dead_letters),
        (PREFIX + "/control/clock", actions.clock),
        (PREFIX + "/control/faults", actions.faults),
        (PREFIX + "/login", actions.login),
        (PREFIX + "/logout", actions.logout),
    ]
    routes = [Route(path, page(handler), methods=["GET"]) for path, handler in get]
    routes += [Route(path, handler, methods=["POST"]) for path, handler in post]
    routes.append(Route(PREFIX + "/login", actions.login_form, methods=["GET"]))
    routes.append(Route(PREFIX + "/static/{name}", _static_files(), methods=["GET"]))
    return routes


def _static_files() -> Endpoint:
    """The script and style sheet, read once (two small files: no static-files app)."""
    folder = Path(__file__).parent / "static"
    types = {".js": "text/javascript", ".css": "text/css"}
    files = {
        p.name: (p.read_bytes(), types[p.suffix]) for p in folder.iterdir() if p.suffix in types
    }

    async def endpoint(request: Request) -> Response:
        found = files.get(request.path_params["name"])
        if found is None:
            return Response("Not found", status_code=404, media_type="text/plain")
        content, media_type = found
        return Response(content, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return endpoint
