"""The dashboard's writes: each one a POST that passes the access checks, then calls one
explicit action of the broker (or the control API), under the same rules as the API.

Success redirects (303) to the page the form was on, saying what was done; a refused
action shows that page again with the reason (and the post form keeps what was typed).
"""

from __future__ import annotations

import asyncio
import urllib.parse
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..domain.errors import DomainError, InvalidArgument, NotFound
from ..wire.common import message_id
from ..wire.errors import status_of
from ._access import COOKIE, Forbidden
from ._core import PREFIX, Core, LoginNeeded
from ._forms import fault_plan, new_message, number, read_form
from ._pages import Pages

Action = Callable[[Request, dict[str, str]], Awaitable[Response]]


def _queue_url(request: Request, **query: str) -> str:
    pid = urllib.parse.quote(request.path_params["project_id"], safe="")
    name = urllib.parse.quote(request.path_params["queue_name"], safe="")
    url = f"{PREFIX}/projects/{pid}/queues/{name}"
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def _back(url: str) -> Response:
    # 303: the browser GETs the page again, so a reload never repeats the POST
    return RedirectResponse(url, status_code=303)


class Actions:
    """POST handlers: messages (post, delete, clear), dead letters, clock, faults, login."""

    def __init__(self, core: Core, pages: Pages) -> None:
        self.core = core
        self.pages = pages
        self.broker = core.broker

    async def run(self, request: Request, action: Action, page: str | None = "queue") -> Response:
        """Check and read the form, run `action`; show `page` (queue, control, or None for a
        plain message) again if it is refused."""
        form: dict[str, str] = {}
        try:
            self.core.visible(request)
            form = await read_form(request, self.core.max_message_size)
            self.core.access.check_write(request, form.get("csrf", ""))
            return await action(request, form)
        except (LoginNeeded, Forbidden) as exc:
            return self.core.refused(request, exc)
        except NotFound as exc:
            return self.core.refused(request, exc)
        except DomainError as exc:
            if page is None:
                context = {**self.core.context(request), "text": exc.msg}
                return self.core.renderer.html("message.html", context, status_of(exc))
            if page == "control":
                context = self.pages.control_context(request, error=exc.msg)
                return self.core.renderer.html("control.html", context, status_of(exc))
            context = self.pages.queue_context(request, error=exc.msg, form=form)
            return self.core.renderer.html("queue.html", context, status_of(exc))

    # messages ---------------------------------------------------------------------------

    async def post_message(self, request: Request) -> Response:
        """POST .../queues/{q}/messages: body, delay, expires_in."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            project_id = self.core.project(request)
            message = new_message(form, self.core.max_message_size)
            name = request.path_params["queue_name"]
            self.broker.queries.queue(project_id, name)  # the form posts to queues that exist
            [mid] = self.broker.messages.post(project_id, name, [message])
            return _back(_queue_url(request, done="posted", id=str(mid)))

        return await self.run(request, act)

    async def delete_message(self, request: Request) -> Response:
        """POST .../messages/{id}/delete: delete one message (not one someone holds)."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            project_id = self.core.project(request)
            mid = message_id(request.path_params["message_id"])  # as the API reads one
            name = request.path_params["queue_name"]
            self.broker.delete_message(project_id, name, mid, None)
            return _back(_queue_url(request, done="deleted", id=str(mid)))

        return await self.run(request, act)

    async def clear(self, request: Request) -> Response:
        """POST .../queues/{q}/clear: delete every message (after the confirmation page)."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            project_id = self.core.project(request)
            self.broker.reservations.clear(project_id, request.path_params["queue_name"])
            return _back(_queue_url(request, done="cleared"))

        return await self.run(request, act)

    async def return_dead_letters(self, request: Request) -> Response:
        """POST .../queues/{q}/dead-letters: move them back to the chosen source queue."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            project_id = self.core.project(request)
            source = form.get("source", "")
            name = request.path_params["queue_name"]
            moved = 0
            while True:  # in bounded steps, other requests served in between
                step, more = self.broker.dead_letters.return_step(project_id, name, source)
                moved += step
                if not more:
                    break
                await asyncio.sleep(0)
            return _back(_queue_url(request, done="moved", n=str(moved), to=source))

        return await self.run(request, act)

    # control panel ----------------------------------------------------------------------

    async def clock(self, request: Request) -> Response:
        """POST /dashboard/control/clock: advance by `seconds`, freeze, or run."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            control = self.core.control
            if control is None:
                raise NotFound("The control panel needs a server started with --control")
            what = form.get("action")
            if what == "advance":
                seconds = number(form, "seconds")
                if seconds is None:
                    raise InvalidArgument("seconds is required")
                control.advance_clock(seconds)
            elif what in ("freeze", "run"):
                control.set_frozen(what == "freeze")
            else:
                raise InvalidArgument("action must be advance, freeze or run")
            return _back(f"{PREFIX}/control?done=clock")

        return await self.run(request, act, page="control")

    async def faults(self, request: Request) -> Response:
        """POST /dashboard/control/faults: arm a plan (as the control API takes) or disarm."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            control = self.core.control
            if control is None:
                raise NotFound("The control panel needs a server started with --control")
            if form.get("action") == "disarm":
                control.faults.plan = None
            else:
                control.arm_faults(fault_plan(form))
            return _back(f"{PREFIX}/control?done=faults")

        return await self.run(request, act, page="control")

    # login ------------------------------------------------------------------------------

    async def login_form(self, request: Request) -> Response:
        """GET /dashboard/login (only when the server listens beyond loopback)."""
        try:
            self.core.access.check_host(request)
        except Forbidden as exc:
            return self.core.refused(request, exc)
        if self.core.access.open:
            return _back(PREFIX)
        context = self.core.context(request, section="login")
        return self.core.renderer.html("login.html", context)

    async def login(self, request: Request) -> Response:
        """POST /dashboard/login {token}: a session cookie for the token's projects."""
        try:
            form = await read_form(request, self.core.max_message_size)
            self.core.access.check_write(request, form.get("csrf", ""))
        except (Forbidden, DomainError) as exc:
            return self.core.refused(request, Forbidden(getattr(exc, "msg", str(exc))))
        sid = self.core.access.login(form.get("token", ""))
        if sid is None:
            context = self.core.context(
                request, section="login", error="That token opens no project of this server."
            )
            return self.core.renderer.html("login.html", context, 401)
        response = _back(PREFIX)
        response.set_cookie(COOKIE, sid, path=PREFIX, httponly=True, samesite="strict")
        return response

    async def logout(self, request: Request) -> Response:
        """POST /dashboard/logout."""

        async def act(request: Request, form: dict[str, str]) -> Response:
            self.core.access.logout(request)
            response = _back(f"{PREFIX}/login")
            response.delete_cookie(COOKIE, path=PREFIX)
            return response

        return await self.run(request, act, page=None)
