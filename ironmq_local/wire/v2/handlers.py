"""The v2 endpoints: each authenticates, parses the request into domain values, calls one
operation of the broker (under V2_RULES) and presents its result (parse.py → domain →
present.py). Every success is 200."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.requests import Request
from starlette.responses import Response

from ...domain.broker import Broker
from ...domain.limits import PUSH_RETRIES_DELAY_DEFAULT
from ...domain.values import NewMessage, SubscriberMode
from ...runtime.clock import Clock
from ...runtime.waiting import Waiters
from .. import fields as p
from ..endpoints import Endpoints, in_steps
from ..http import json_response
from . import parse
from . import present as show
from .limits import DELAY_RANGE, N_RANGE, PAGE_RANGE, PER_PAGE_DEFAULT, PER_PAGE_RANGE


class V2Handlers(Endpoints):
    """Endpoints of `/1/projects/{project_id}` (routes.py maps the paths to them).

    Args:
        broker: the domain under V2_RULES.
        clock: the server's clock.
        waiters: per-queue wake-ups of long polls.
        credentials: project id → token.
        max_message_size: largest message body in bytes.
        alert_texts: what the alert endpoints answer (present.ALERT_TEXTS).
    """

    def __init__(
        self,
        broker: Broker,
        clock: Clock,
        waiters: Waiters,
        credentials: Mapping[str, str],
        max_message_size: int,
        *,
        alert_texts: show.AlertTexts = show.ALERT_TEXTS["updated"],
    ) -> None:
        super().__init__(broker, clock, waiters, credentials, max_message_size)
        self.alert_texts = alert_texts

    def _queue(self, request: Request, project_id: str) -> Response:
        """The queue of the request, as v2 shows it."""
        queue = self.broker.queries.queue(
            project_id, request.path_params["queue_name"], count_reserved=True
        )
        return json_response(show.queue(queue))

    # queues ---------------------------------------------------------------------------

    async def list_queues(self, request: Request) -> Response:
        """GET /queues: a page of queues by name (`page` from 0, `per_page`)."""
        project_id = self.project(request)
        page = p.query_int(request, "page", 0, *PAGE_RANGE)
        per_page = p.query_int(request, "per_page", PER_PAGE_DEFAULT, *PER_PAGE_RANGE)
        records = self.broker.queries.queue_page(project_id, page, per_page)
        return json_response([show.listed(r) for r in records])

    async def get_queue(self, request: Request) -> Response:
        """GET /queues/{q}: the queue object."""
        return self._queue(request, self.project(request))

    async def update_queue(self, request: Request) -> Response:
        """POST /queues/{q}: push settings and type; creates the queue if missing. The body
        is required (`{}` at least), as the spec says."""
        project_id = self.project(request)
        changes = parse.queue_update(await self.body(request, allow_empty=False))
        self.broker.queues.put(project_id, request.path_params["queue_name"], changes)
        return self._queue(request, project_id)

    async def delete_queue(self, request: Request) -> Response:
        """DELETE /queues/{q}."""
        project_id = self.project(request)
        self.broker.queues.delete(project_id, request.path_params["queue_name"])
        return json_response({"msg": show.DELETED_QUEUE})

    async def clear(self, request: Request) -> Response:
        """POST /queues/{q}/clear (any body, or none)."""
        project_id = self.project(request)
        self.broker.reservations.clear(project_id, request.path_params["queue_name"])
        return json_response({"msg": show.CLEARED})

    async def subscribers(self, request: Request) -> Response:
        """POST adds, DELETE removes (by URL) subscribers; answers the queue."""
        project_id = self.project(request)
        adding = request.method == "POST"
        subs = parse.subscribers(await self.body(request), adding=adding)
        mode: SubscriberMode = "add" if adding else "remove"
        name = request.path_params["queue_name"]
        self.broker.queues.update_subscribers(project_id, name, subs, mode)
        return self._queue(request, project_id)

    async def add_alerts(self, request: Request) -> Response:
        """POST /queues/{q}/alerts: add alerts (creates the queue if missing)."""
        project_id = self.project(request)
        specs = parse.alert_specs(await self.body(request), allow_empty=False)
        self.broker.alerts.add(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": self.alert_texts.added})

    async def replace_alerts(self, request: Request) -> Response:
        """PUT /queues/{q}/alerts: replace the queue's alerts (an empty list removes all)."""
        project_id = self.project(request)
        specs = parse.alert_specs(await self.body(request), allow_empty=True)
        self.broker.alerts.replace(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": self.alert_texts.replaced})

    async def remove_alerts(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts {"alerts": [{"id": ...}]}: remove alerts by id."""
        project_id = self.project(request)
        ids = parse.alert_ids(p.get_list(await self.body(request), "alerts"))
        self.broker.alerts.remove(project_id, request.path_params["queue_name"], ids)
        return json_response({"msg": self.alert_texts.deleted})

    async def remove_alert(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts/{alert_id} (any body, or none)."""
        project_id = self.project(request)
        ids = [request.path_params["alert_id"]]
        self.broker.alerts.remove(project_id, request.path_params["queue_name"], ids)
        return json_response({"msg": self.alert_texts.deleted})

    # messages -------------------------------------------------------------------------

    async def post_messages(self, request: Request) -> Response:
        """POST /queues/{q}/messages: 1..100 messages, all stored or none."""
        project_id = self.project(request)
        body = await self.body(request, allow_empty=False)
        messages = parse.new_messages(body, self.max_message_size)
        ids = self.broker.messages.post(project_id, request.path_params["queue_name"], messages)
        return json_response({"ids": [str(i) for i in ids], "msg": show.PUT_ON_QUEUE})

    async def webhook(self, request: Request) -> Response:
        """POST /queues/{q}/messages/webhook: the raw body becomes one message."""
        project_id = self.project(request)
        message = NewMessage(await self.raw_message(request))
        ids = self.broker.messages.post(project_id, request.path_params["queue_name"], [message])
        return json_response({"ids": [str(i) for i in ids], "msg": show.PUT_ON_QUEUE})

    async def get_messages(self, request: Request) -> Response:
        """GET /queues/{q}/messages?n&timeout&wait&delete: reserve, long-polling `wait`."""
        project_id = self.project(request)
        n, timeout, wait, delete = parse.get_params(request)
        messages = await self.reserve_waiting(
            request, project_id, n, timeout, wait=wait, delete=delete
        )
        return json_response({"messages": [show.message(m) for m in messages]})

    async def peek(self, request: Request) -> Response:
        """GET /queues/{q}/messages/peek?n=: the first available messages, not reserved."""
        project_id = self.project(request)
        n = p.query_int(request, "n", 1, *N_RANGE)
        name = request.path_params["queue_name"]
        messages = await in_steps(lambda: self.broker.reservations.peek_step(project_id, name, n))
        return json_response({"messages": [show.message(m) for m in messages]})

    async def delete_messages(self, request: Request) -> Response:
        """DELETE /queues/{q}/messages {"ids": [...]}: all or nothing."""
        project_id = self.project(request)
        body = await self.body(request)
        targets = parse.delete_targets(body.get("ids"))
        self.broker.reservations.delete_many(project_id, request.path_params["queue_name"], targets)
        return json_response({"msg": show.DELETED})

    def _message_id(self, request: Request) -> int:
        return parse.message_id(request.path_params["message_id"])

    async def get_message(self, request: Request) -> Response:
        """GET /queues/{q}/messages/{id}: the message with its status."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        message = self.broker.queries.message(project_id, name, self._message_id(request))
        return json_response(show.message_detail(message))

    async def delete_message(self, request: Request) -> Response:
        """DELETE /queues/{q}/messages/{id}, reserved or not (any body, or none)."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        self.broker.delete_message(project_id, name, self._message_id(request), None)
        return json_response({"msg": show.DELETED})

    async def touch(self, request: Request) -> Response:
        """POST .../touch: reserved (again) for the message's timeout, counted from now."""
        project_id = self.project(request)
        await self.body(request)  # `{}`, or nothing (the Java v2 client)
        name = request.path_params["queue_name"]
        self.broker.reservations.touch(project_id, name, self._message_id(request), None, 0)
        return json_response({"msg": show.TOUCHED})

    async def release(self, request: Request) -> Response:
        """POST .../release {"delay"?}: back on the queue (its tail) now or after `delay`.

        The body is required, `{}` when there is no delay (the v2 reference says so).
        """
        project_id = self.project(request)
        body = await self.body(request, allow_empty=False)
        delay = p.get_int(body, "delay", *DELAY_RANGE) or 0
        name = request.path_params["queue_name"]
        self.broker.reservations.release(project_id, name, self._message_id(request), None, delay)
        return json_response({"msg": show.RELEASED})

    async def push_statuses(self, request: Request) -> Response:
        """GET .../subscribers: the push status of each subscriber (one for unicast)."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        rows = self.broker.queries.push_statuses(project_id, name, self._message_id(request))
        settings = self.broker.queries.queue(project_id, name).settings
        delay = settings.push.retries_delay if settings.push else PUSH_RETRIES_DELAY_DEFAULT
        statuses = show.push_statuses(rows, delay, unicast=settings.type == "unicast")
        return json_response({"subscribers": statuses})

    async def delete_push_status(self, request: Request) -> Response:
        """DELETE .../subscribers/{subscriber_id}: the subscriber is done (after a 202)."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        sid = request.path_params["subscriber_id"]
        self.broker.acknowledge(project_id, name, self._message_id(request), sid)
        return json_response({"msg": show.DELETED})
