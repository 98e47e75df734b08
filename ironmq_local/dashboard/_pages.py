"""The dashboard's pages and their live fragments: everything here only reads, through
`broker.queries` (and the control API's clock and faults)."""

from __future__ import annotations

import re
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..domain.errors import DomainError, NotFound
from ..wire.common import MAX_MESSAGE_ID
from ..wire.errors import status_of
from ..wire.fields import is_decimal
from ..wire.http import Endpoint
from ._access import Forbidden
from ._core import Core, LoginNeeded

PER_PAGE = 20  # messages per page of the queue view
_SAFE = re.compile(r"[\w.-]{0,200}")
DONE = {
    "posted": "Message {id} posted.",
    "deleted": "Message {id} deleted.",
    "cleared": "The queue was cleared.",
    "moved": "{n} message(s) moved back to {to}.",
    "clock": "The clock was set.",
    "faults": "Faults updated.",
}
"""What a finished action says on the page it returns to (`?done=` names one of these)."""


def done_text(request: Request) -> str | None:
    """The confirmation of the action that redirected here, if any.

    Its values come from the URL, so only digits and queue-name characters are shown: a
    crafted link cannot make the page say anything else.
    """
    template = DONE.get(request.query_params.get("done", ""))
    if template is None:
        return None
    q = request.query_params
    values = {k: q.get(k, "") for k in ("id", "n", "to")}
    if not all(_SAFE.fullmatch(v) for v in values.values()):
        return None
    return template.format(**values)


def _after(request: Request) -> int:
    text = request.query_params.get("after", "")
    ok = is_decimal(text) and len(text) < 20
    return min(int(text), MAX_MESSAGE_ID) if ok else 0


class Pages:
    """GET handlers: overview, queue, clear confirmation, control panel and their
    fragments."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.queries = core.broker.queries

    async def guarded(self, request: Request, page: Endpoint) -> Response:
        """Run `page(request)`, answering refused and missing things with a page."""
        try:
            response: Response = await page(request)
        except NotFound as exc:
            return self.core.refused(request, exc)
        except DomainError as exc:  # nothing else is expected from a read
            return self.core.renderer.html(
                "message.html", {**self.core.context(request), "text": exc.msg}, status_of(exc)
            )
        except (LoginNeeded, Forbidden) as exc:
            return self.core.refused(request, exc)
        return response

    # overview ---------------------------------------------------------------------------

    def _overview(self, request: Request) -> dict[str, Any]:
        visible = self.core.visible(request)
        summaries = self.queries.overview(visible)
        shown = {s.queue.project_id for s in summaries}
        history = self.core.history
        rows = []
        for s in summaries:
            # the chart records the size this page shows anyway: no extra query, no timer
            key = (s.queue.project_id, s.queue.name)
            history.record(key, s.queue.size or 0)
            rows.append((s, *history.chart(key)))
        history.keep_only({(s.queue.project_id, s.queue.name) for s in summaries})
        projects = [
            (pid, [r for r in rows if r[0].queue.project_id == pid])
            for pid in self.core.project_ids(visible, shown)
        ]
        return self.core.context(request, section="overview", projects=projects)

    async def overview(self, request: Request) -> Response:
        """GET /dashboard: every project's queues, kept up to date by the live fragment."""
        context = self._overview(request)
        context["done"] = done_text(request)
        return self.core.renderer.html("overview.html", context)

    async def overview_live(self, request: Request) -> Response:
        """GET /dashboard/live/overview: the overview's tables."""
        return self.core.renderer.html("_overview.html", self._overview(request))

    # one queue --------------------------------------------------------------------------

    def queue_context(self, request: Request, **values: Any) -> dict[str, Any]:
        """Everything the queue page shows (one page of messages, from `?after=`)."""
        project_id = self.core.project(request)
        name = request.path_params["queue_name"]
        summary = self.queries.summary(project_id, name)
        self.core.history.record((project_id, name), summary.queue.size or 0)
        after = _after(request)
        messages = self.queries.browse(project_id, name, after, PER_PAGE + 1)
        return self.core.context(
            request,
            project_id=project_id,
            summary=summary,
            q=summary.queue,
            messages=messages[:PER_PAGE],
            after=after,
            next_after=messages[PER_PAGE - 1].id if len(messages) > PER_PAGE else None,
            alerts=self.queries.alert_states(project_id, name),
            **{"form": {}, **values},  # the post form's fields, kept when it was refused
        )

    async def queue(self, request: Request) -> Response:
        """GET /dashboard/projects/{p}/queues/{q}: settings, messages, push, alerts, actions."""
        context = self.queue_context(request)
        context["done"] = done_text(request)
        return self.core.renderer.html("queue.html", context)

    async def queue_live(self, request: Request) -> Response:
        """GET .../queues/{q}/live: the queue page's changing part."""
        return self.core.renderer.html("_queue.html", self.queue_context(request))

    async def confirm_clear(self, request: Request) -> Response:
        """GET .../queues/{q}/clear: ask before deleting every message."""
        project_id = self.core.project(request)
        summary = self.queries.summary(project_id, request.path_params["queue_name"])
        context = self.core.context(request, project_id=project_id, q=summary.queue)
        return self.core.renderer.html("clear.html", context)

    # control panel ----------------------------------------------------------------------

    def control_context(self, request: Request, **values: Any) -> dict[str, Any]:
        """The virtual clock and the armed faults (NotFound without `--control`)."""
        self.core.visible(request)
        control = self.core.control
        if control is None:
            raise NotFound("The control panel needs a server started with --control")
        clock = control.clock
        return self.core.context(
            request,
            section="control",
            ahead=clock.now() - time.time(),  # how far the virtual clock is from real time
            frozen=clock.frozen,
            faults=control.faults.state(),
            **values,
        )

    async def control(self, request: Request) -> Response:
        """GET /dashboard/control: the clock (now, advance, freeze) and fault injection."""
        context = self.control_context(request)
        context["done"] = done_text(request)
        return self.core.renderer.html("control.html", context)

    async def control_live(self, request: Request) -> Response:
        """GET /dashboard/live/control: the clock and faults as they are now."""
        return self.core.renderer.html("_control.html", self.control_context(request))
