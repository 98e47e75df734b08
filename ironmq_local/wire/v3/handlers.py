"""The v3 endpoints: each authenticates, parses the request into domain values, calls one
domain operation and presents its result (parse.py → domain → present.py)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...domain.errors import InvalidArgument
from ...domain.values import AlertSpec, NewMessage, SubscriberMode
from .. import fields as p
from ..endpoints import Endpoints, in_steps
from ..http import json_response
from . import parse
from . import present as show
from .limits import (
    DELAY_RANGE,
    N_RANGE,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    RESERVE_TIMEOUT_RANGE,
    WAIT_RANGE,
)


class V3Handlers(Endpoints):
    """Endpoints of `/3/projects/{project_id}` (routes.py maps the paths to them)."""

    # queues ---------------------------------------------------------------------------

    async def list_queues(self, request: Request) -> Response:
        """GET /queues: names in byte order, paged by `previous`, filtered by `prefix`."""
        project_id = self.project(request)
        # larger values are clamped, not refused (the Go client's tests send 101)
        per_page = min(p.query_int(request, "per_page", PER_PAGE_DEFAULT, 1), PER_PAGE_MAX)
        previous = p.query_value(request, "previous")
        prefix = p.query_value(request, "prefix")
        names = self.broker.queries.queue_names(project_id, previous, prefix, per_page)
        return json_response({"queues": [{"name": n} for n in names]})

    async def get_queue(self, request: Request) -> Response:
        """GET /queues/{q}: the queue with size and total_messages."""
        project_id = self.project(request)
        queue = self.broker.queries.queue(project_id, request.path_params["queue_name"])
        return json_response({"queue": show.queue(queue, with_counts=True)})

    async def put_queue(self, request: Request) -> Response:
        """PUT /queues/{q}: create or update."""
        project_id = self.project(request)
        changes = parse.queue_changes(await self.body(request))
        queue = self.broker.queues.put(project_id, request.path_params["queue_name"], changes)
        return json_response({"queue": show.queue(queue, with_counts=False)})

    async def patch_queue(self, request: Request) -> Response:
        """PATCH /queues/{q}: update an existing queue."""
        project_id = self.project(request)
        changes = parse.queue_changes(await self.body(request, allow_empty=False))
        queue = self.broker.queues.patch(project_id, request.path_params["queue_name"], changes)
        return json_response({"queue": show.queue(queue, with_counts=False)})

    async def delete_queue(self, request: Request) -> Response:
        """DELETE /queues/{q}."""
        project_id = self.project(request)
        self.broker.queues.delete(project_id, request.path_params["queue_name"])
        return json_response({"msg": show.DELETED})

    async def subscribers(self, request: Request) -> Response:
        """POST adds/updates, PUT replaces, DELETE removes subscribers of a push queue."""
        project_id = self.project(request)
        body = await self.body(request)
        raw = p.get_list(body, "subscribers")
        if not raw:
            raise InvalidArgument("subscribers must contain at least one subscriber")
        removing = request.method == "DELETE"
        subs = parse.subscribers(raw, "subscribers", need_url=not removing)
        mode: SubscriberMode = (
            "remove" if removing else "replace" if request.method == "PUT" else "add"
        )
        name = request.path_params["queue_name"]
        self.broker.queues.update_subscribers(project_id, name, subs, mode)
        return json_response({"msg": show.UPDATED})

    async def _alert_specs(self, request: Request, *, allow_empty: bool) -> tuple[AlertSpec, ...]:
        raw = parse.alert_list(await self.body(request))
        if raw is None:
            raise InvalidArgument("alerts is required")
        if not raw and not allow_empty:
            raise InvalidArgument("alerts must contain at least one alert")
        return parse.alerts(raw, "alerts")

    async def add_alerts(self, request: Request) -> Response:
        """POST /queues/{q}/alerts: add alerts."""
        project_id = self.project(request)
        specs = await self._alert_specs(request, allow_empty=False)
        self.broker.alerts.add(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": show.ALERTS_ADDED})

    async def replace_alerts(self, request: Request) -> Response:
        """PUT /queues/{q}/alerts: replace the queue's alerts (an empty list removes all)."""
        project_id = self.project(request)
        specs = await self._alert_specs(request, allow_empty=True)
        self.broker.alerts.replace(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": show.ALERTS_REPLACED})

    async def remove_alerts(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts {"alerts": [{"id": ...}]} (or `{"queue": {"alerts":
        ["<id>", ...]}}`, as PyPI iron-mq 0.8/0.9 send it): remove alerts by id."""
        project_id = self.project(request)
        ids = parse.alert_ids(parse.alert_list(await self.body(request)))
        self.broker.alerts.remove(project_id, request.path_params["queue_name"], ids)
        return json_response({"msg": show.ALERTS_DELETED})

    async def remove_alert(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts/{alert_id}: remove one alert."""
        project_id = self.project(request)
        ids = [request.path_params["alert_id"]]
        self.broker.alerts.remove(project_id, request.path_params["queue_name"], ids)
        return json_response({"msg": show.ALERTS_DELETED})

    # messages -------------------------------------------------------------------------

    async def post_messages(self, request: Request) -> Response:
        """POST /queues/{q}/messages: 1..100 messages, all stored or none."""
        project_id = self.project(request)
        body = await self.body(request, allow_empty=False)
        messages = parse.new_messages(body, self.max_message_size)
        ids = self.broker.messages.post(project_id, request.path_params["queue_name"], messages)
        return json_response({"ids": [str(i) for i in ids], "msg": show.PUT_ON_QUEUE}, show.POSTED)

    async def webhook(self, request: Request) -> Response:
        """POST /queues/{q}/webhook: the raw body becomes one message."""
        project_id = self.project(request)
        body = await self.raw_message(request)
        headers = parse.webhook_headers(request.headers)
        message = NewMessage(body, 0, headers or None)
        ids = self.broker.messages.post(project_id, request.path_params["queue_name"], [message])
        return json_response({"ids": [str(i) for i in ids], "msg": show.PUT_ON_QUEUE}, show.POSTED)

    async def reserve(self, request: Request) -> Response:
        """POST /queues/{q}/reservations, long-polling up to `wait` seconds."""
        project_id = self.project(request)
        body = await self.body(request)
        n = p.get_int(body, "n", *N_RANGE) or 1
        timeout = p.get_int(body, "timeout", *RESERVE_TIMEOUT_RANGE) or 0
        wait = p.get_int(body, "wait", *WAIT_RANGE) or 0
        delete = bool(p.get_bool(body, "delete"))
        messages = await self.reserve_waiting(
            request, project_id, n, timeout, wait=wait, delete=delete
        )
        return json_response({"messages": [show.message(m) for m in messages]})

    async def peek(self, request: Request) -> Response:
        """GET /queues/{q}/messages?n=: the first available messages, not reserved."""
        project_id = self.project(request)
        n = p.query_int(request, "n", 1, *N_RANGE)
        name = request.path_params["queue_name"]
        messages = await in_steps(lambda: self.broker.reservations.peek_step(project_id, name, n))
        return json_response({"messages": [show.message(m) for m in messages]})

    async def delete_messages(self, request: Request) -> Response:
        """DELETE /queues/{q}/messages: batch delete with `ids`, otherwise clear."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        body = await self.body(request)
        if "ids" not in body:
            self.broker.reservations.clear(project_id, name)
            return json_response({"msg": show.CLEARED})
        if body["ids"] is None:
            raise InvalidArgument("ids must be an array")  # (not a clear: 400, like [])
        targets = parse.delete_targets(body["ids"])
        self.broker.reservations.delete_many(project_id, name, targets)
        return json_response({"msg": show.DELETED})

    async def get_message(self, request: Request) -> Response:
        """GET /queues/{q}/messages/{id}."""
        project_id = self.project(request)
        message = self.broker.queries.message(
            project_id,
            request.path_params["queue_name"],
            parse.message_id(request.path_params["message_id"]),
        )
        return json_response({"message": show.message(message)})

    async def delete_message(self, request: Request) -> Response:
        """DELETE /queues/{q}/messages/{id}, with the reservation id if reserved."""
        project_id = self.project(request)
        body = await self.body(request)
        rid = p.get_str(body, "reservation_id", empty_is_none=True)
        subscriber = p.get_str(body, "subscriber_name", empty_is_none=True)
        # some clients send DELETE parameters as a query string; so does the
        # Iron-Subscriber-Message-Url of a push
        if rid is None:
            rid = p.query_value(request, "reservation_id")
        if subscriber is None:
            subscriber = p.query_value(request, "subscriber_name")
        self.broker.delete_message(
            project_id,
            request.path_params["queue_name"],
            parse.message_id(request.path_params["message_id"]),
            rid,
            subscriber,
        )
        return json_response({"msg": show.DELETED})

    async def touch(self, request: Request) -> Response:
        """POST .../touch: a new reservation id and deadline counted from now."""
        project_id = self.project(request)
        body = await self.body(request)
        rid = p.get_str(body, "reservation_id", empty_is_none=True)
        timeout = p.get_int(body, "timeout", *RESERVE_TIMEOUT_RANGE) or 0
        new_rid = self.broker.reservations.touch(
            project_id,
            request.path_params["queue_name"],
            parse.message_id(request.path_params["message_id"]),
            rid,
            timeout,
        )
        return json_response({"reservation_id": new_rid, "msg": show.TOUCHED})

    async def release(self, request: Request) -> Response:
        """POST .../release: back to the queue now or after `delay`."""
        project_id = self.project(request)
        body = await self.body(request)
        rid = p.get_str(body, "reservation_id", empty_is_none=True)
        delay = p.get_int(body, "delay", *DELAY_RANGE) or 0
        self.broker.reservations.release(
            project_id,
            request.path_params["queue_name"],
            parse.message_id(request.path_params["message_id"]),
            rid,
            delay,
        )
        return json_response({"msg": show.RELEASED})

    async def push_statuses(self, request: Request) -> Response:
        """GET .../subscribers: push statuses (none on pull queues)."""
        project_id = self.project(request)
        rows = self.broker.queries.push_statuses(
            project_id,
            request.path_params["queue_name"],
            parse.message_id(request.path_params["message_id"]),
        )
        return json_response({"subscribers": [show.push_status(r) for r in rows]})
