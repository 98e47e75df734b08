"""What the dashboard's pages and actions share: the broker, the access rules, the
renderer, the size history, the control API (with `--control`), and the per-request
checks that come before any data is read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..domain.broker import Broker
from ..domain.errors import QUEUE_NOT_FOUND, NotFound
from ..wire.control import ControlApi
from ._access import Access, Forbidden
from ._history import SizeHistory
from ._render import Renderer

PREFIX = "/dashboard"


class LoginNeeded(Exception):
    """The server listens beyond loopback and this request has no session."""


@dataclass
class Core:
    """The dashboard's shared state.

    Args:
        broker: the domain (read through `broker.queries`, written through its services).
        access: who may see what, CSRF tokens.
        renderer: the templates.
        history: queue sizes of the last minutes.
        control: the control API with `--control` (the clock and faults), else None.
        max_message_size: the largest body the post form accepts (as the API).
    """

    broker: Broker
    access: Access
    renderer: Renderer
    history: SizeHistory
    control: ControlApi | None
    max_message_size: int

    def visible(self, request: Request) -> frozenset[str] | None:
        """The projects the request may see (None: all), after the host and login checks."""
        self.access.check_host(request)
        projects = self.access.projects(request)
        # None: open on loopback, every project; an empty set: a login is needed first
        if projects is not None and not projects:
            raise LoginNeeded
        return projects

    def project(self, request: Request) -> str:
        """The `project_id` of the path, if the request may see it (else NotFound)."""
        visible = self.visible(request)
        project_id: str = request.path_params["project_id"]
        if visible is not None and project_id not in visible:
            raise NotFound(QUEUE_NOT_FOUND)  # the same answer as a queue that is not there
        return project_id

    def project_ids(self, visible: frozenset[str] | None, with_queues: set[str]) -> list[str]:
        """The projects to list: every configured one and every one with queues (or the
        session's)."""
        if visible is not None:
            return sorted(visible)
        return sorted(set(self.access.credentials) | with_queues)

    def context(self, request: Request, **values: Any) -> dict[str, Any]:
        """What every page's template gets, plus `values`."""
        return {
            "prefix": PREFIX,
            "csrf": self.access.csrf_token(request),
            "login": not self.access.open,
            "control": self.control is not None,
            "now": self.broker.clock.now(),
            "section": None,
            "done": None,
            "error": None,
            **values,
        }

    def refused(self, request: Request, exc: Exception) -> Response:
        """The answer to a request stopped by a check: login, 403 or 404, as a page."""
        if isinstance(exc, LoginNeeded):
            path = request.url.path
            fragment = path.startswith(f"{PREFIX}/live/") or path.endswith("/live")
            if request.method == "GET" and not fragment:  # a fragment must not become a page
                return RedirectResponse(f"{PREFIX}/login", status_code=303)
            return self.renderer.html("message.html", self._plain(request, "Log in first."), 401)
        if isinstance(exc, Forbidden):
            return self.renderer.html("message.html", self._plain(request, str(exc)), 403)
        return self.renderer.html("message.html", self._plain(request, "Not found."), 404)

    def _plain(self, request: Request, text: str) -> dict[str, Any]:
        # no CSRF token or project data on these pages: the request was not let in
        return {
            "prefix": PREFIX,
            "text": text,
            "csrf": "",
            "login": False,
            "control": False,
            "section": None,
            "done": None,
            "error": None,
        }
