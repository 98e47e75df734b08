"""The IronMQ v3 wire layer: routes, authentication, request parsing, JSON replies."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from . import _parse as p
from ._broker import Broker
from ._models import (
    ALERT_DIRECTIONS,
    ALERT_INT_MAX,
    ALERT_TYPES,
    DEAD_LETTER_MAX_RESERVATIONS_RANGE,
    DELAY_RANGE,
    MAX_IDS_PER_DELETE,
    MAX_MESSAGES_PER_POST,
    MAX_PUSH_HEADERS,
    MESSAGE_EXPIRATION_RANGE,
    MESSAGE_TIMEOUT_RANGE,
    N_RANGE,
    PER_PAGE_DEFAULT,
    PER_PAGE_MAX,
    PUSH_RETRIES_DELAY_RANGE,
    PUSH_RETRIES_RANGE,
    QUEUE_TYPES,
    RESERVE_TIMEOUT_RANGE,
    WAIT_RANGE,
    AlertSpec,
    DeadLetterChanges,
    DeleteTarget,
    DomainError,
    InvalidArgument,
    NewMessage,
    NotFound,
    PushChanges,
    QueueChanges,
    Subscriber,
    TooLarge,
    push_header_problem,
)
from ._waiting import Waiters, wait_until

INVALID_CREDENTIALS = "Invalid project/token combination"
_MAX_MESSAGE_ID = 2**63 - 1
_PUSH_URL_SCHEMES = ("http://", "https://", "ironmq://", "ironworker://")

Endpoint = Callable[[Request], Awaitable[Response]]


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


class AuthError(DomainError):
    """Wrong or missing token for the project (HTTP 401)."""


def json_response(data: Mapping[str, Any], status: int = 200) -> Response:
    """Answer JSON with `Content-Type: application/json` (legacy clients need it)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code=status, media_type="application/json")


def _message_id(raw: str) -> int:
    # Anything but a 19-ish digit string cannot name a message we issued.
    if not p.is_decimal(raw) or len(raw) > 19 or int(raw) > _MAX_MESSAGE_ID:
        raise NotFound("Message not found")
    return int(raw)


def _id_value(value: Any, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise InvalidArgument(f"{path} must be a string of digits")
    text = str(value)
    if not p.is_decimal(text):
        raise InvalidArgument(f"{path} must be a string of digits")
    if len(text) > 19 or int(text) > _MAX_MESSAGE_ID:
        raise NotFound(f"Message not found: {text}")
    return int(text)


def _subscribers(raw: list[Any], path: str, *, need_url: bool) -> tuple[Subscriber, ...]:
    out: list[Subscriber] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        name = p.get_str(item, "name", f"{where}.name")
        if not name:
            raise InvalidArgument(f"{where}.name is required")
        url = p.get_str(item, "url", f"{where}.url")
        if need_url:
            if not url:
                raise InvalidArgument(f"{where}.url is required")
            if not url.startswith(_PUSH_URL_SCHEMES):
                raise InvalidArgument(
                    f"{where}.url must start with http://, https://, ironmq:// or ironworker://"
                )
        headers = p.get_object(item, "headers", f"{where}.headers")
        if headers is not None and not all(isinstance(v, str) for v in headers.values()):
            raise InvalidArgument(f"{where}.headers values must be strings")
        out.append(Subscriber(name, url or "", headers or None))
    return tuple(out)


def parse_alerts(raw: list[Any], path: str) -> tuple[AlertSpec, ...]:
    """Parse alert objects (FACTS.md §3.4): type, trigger and queue required."""
    out: list[AlertSpec] = []
    for i, item in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(item, dict):
            raise InvalidArgument(f"{where} must be an object")
        type_ = p.get_str(item, "type", f"{where}.type")
        if type_ not in ALERT_TYPES:
            raise InvalidArgument(f"{where}.type must be fixed or progressive")
        trigger = p.get_int(item, "trigger", 1, ALERT_INT_MAX, f"{where}.trigger")
        if trigger is None:
            raise InvalidArgument(f"{where}.trigger is required")
        queue = p.get_str(item, "queue", f"{where}.queue")
        if not queue:
            raise InvalidArgument(f"{where}.queue is required")
        direction = p.get_str(item, "direction", f"{where}.direction") or "asc"
        if direction not in ALERT_DIRECTIONS:
            raise InvalidArgument(f"{where}.direction must be asc or desc")
        snooze = p.get_int(item, "snooze", 0, ALERT_INT_MAX, f"{where}.snooze") or 0
        out.append(AlertSpec(type_, trigger, queue, direction, snooze))
    return tuple(out)


def parse_queue_changes(body: Mapping[str, Any]) -> QueueChanges:
    """Parse `{"queue": {...}}` of PUT/PATCH (unknown fields are ignored)."""
    q = p.get_object(body, "queue") or {}
    type_ = p.get_str(q, "type", "queue.type")
    if type_ is not None and type_ not in QUEUE_TYPES:
        raise InvalidArgument("queue.type must be one of pull, multicast, unicast")
    raw_alerts = p.get_list(q, "alerts", "queue.alerts")
    alerts = None if raw_alerts is None else parse_alerts(raw_alerts, "queue.alerts")
    push: PushChanges | None = None
    raw_push = p.get_object(q, "push", "queue.push")
    if raw_push is not None:
        subs = p.get_list(raw_push, "subscribers", "queue.push.subscribers")
        push = PushChanges(
            subscribers=None
            if subs is None
            else _subscribers(subs, "queue.push.subscribers", need_url=True),
            retries=p.get_int(raw_push, "retries", *PUSH_RETRIES_RANGE, "queue.push.retries"),
            retries_delay=p.get_int(
                raw_push, "retries_delay", *PUSH_RETRIES_DELAY_RANGE, "queue.push.retries_delay"
            ),
            error_queue=p.get_str(raw_push, "error_queue", "queue.push.error_queue"),
        )
    dead_letter: DeadLetterChanges | None = None
    raw_dl = p.get_object(q, "dead_letter", "queue.dead_letter")
    if raw_dl is not None:
        dead_letter = DeadLetterChanges(
            queue_name=p.get_str(raw_dl, "queue_name", "queue.dead_letter.queue_name"),
            max_reservations=p.get_int(
                raw_dl,
                "max_reservations",
                *DEAD_LETTER_MAX_RESERVATIONS_RANGE,
                "queue.dead_letter.max_reservations",
            ),
        )
    return QueueChanges(
        message_timeout=p.get_int(
            q, "message_timeout", *MESSAGE_TIMEOUT_RANGE, "queue.message_timeout"
        ),
        message_expiration=p.get_int(
            q, "message_expiration", *MESSAGE_EXPIRATION_RANGE, "queue.message_expiration"
        ),
        type=type_,
        push=push,
        dead_letter=dead_letter,
        alerts=alerts,
    )


class IronMQApi:
    """Endpoints of `/3/projects/{project_id}`; each authenticates, parses, calls the broker."""

    def __init__(
        self,
        broker: Broker,
        waiters: Waiters,
        credentials: Mapping[str, str],
        max_message_size: int,
    ) -> None:
        self.broker = broker
        self.waiters = waiters
        self.credentials = dict(credentials)
        self.max_message_size = max_message_size
        # A full batch of maximum-size messages plus room for JSON framing.
        self.max_request_size = MAX_MESSAGES_PER_POST * max_message_size + 65_536

    # plumbing -------------------------------------------------------------------------

    def project(self, request: Request) -> str:
        """Return the authenticated project id or raise AuthError."""
        project_id: str = request.path_params["project_id"]
        expected = self.credentials.get(project_id)
        token = request.query_params.get("oauth")
        auth = request.headers.get("authorization")
        if auth is not None:  # the header, when present, decides over ?oauth=
            scheme, _, value = auth.partition(" ")
            token = value.strip() if scheme.lower() in ("oauth", "bearer") else None
        if expected is None or token != expected:
            raise AuthError(INVALID_CREDENTIALS)
        return project_id

    async def body(self, request: Request, *, allow_empty: bool = True) -> p.JSONObject:
        """Read and parse a JSON object body within the request size limit."""
        raw = await p.read_body(request, self.max_request_size)
        return p.parse_object(raw, allow_empty=allow_empty)

    def routes(self) -> list[Route]:
        """Return the v3 routes."""
        base = "/3/projects/{project_id}"
        q = base + "/queues/{queue_name}"
        m = q + "/messages/{message_id}"
        return grouped_routes(
            [
                (base + "/queues", "GET", self.list_queues),
                (q, "GET", self.get_queue),
                (q, "PUT", self.put_queue),
                (q, "PATCH", self.patch_queue),
                (q, "DELETE", self.delete_queue),
                (q + "/subscribers", "POST", self.subscribers),
                (q + "/subscribers", "PUT", self.subscribers),
                (q + "/subscribers", "DELETE", self.subscribers),
                (q + "/alerts", "POST", self.add_alerts),
                (q + "/alerts", "PUT", self.replace_alerts),
                (q + "/alerts", "DELETE", self.remove_alerts),
                (q + "/alerts/{alert_id}", "DELETE", self.remove_alert),
                (q + "/messages", "POST", self.post_messages),
                (q + "/messages", "GET", self.peek),
                (q + "/messages", "DELETE", self.delete_messages),
                (q + "/webhook", "POST", self.webhook),
                (q + "/reservations", "POST", self.reserve),
                (m, "GET", self.get_message),
                (m, "DELETE", self.delete_message),
                (m + "/touch", "POST", self.touch),
                (m + "/release", "POST", self.release),
                (m + "/subscribers", "GET", self.push_statuses),
            ]
        )

    # queues ---------------------------------------------------------------------------

    async def list_queues(self, request: Request) -> Response:
        """GET /queues: names in byte order, paged by `previous`, filtered by `prefix`."""
        project_id = self.project(request)
        # larger values are clamped, not refused (the Go client's tests send 101)
        per_page = min(p.query_int(request, "per_page", PER_PAGE_DEFAULT, 1), PER_PAGE_MAX)
        previous = p.query_value(request, "previous")
        prefix = p.query_value(request, "prefix")
        names = self.broker.list_queues(project_id, previous, prefix, per_page)
        return json_response({"queues": [{"name": n} for n in names]})

    async def get_queue(self, request: Request) -> Response:
        """GET /queues/{q}: the queue with size and total_messages."""
        project_id = self.project(request)
        queue = self.broker.get_queue(project_id, request.path_params["queue_name"])
        return json_response({"queue": queue.to_json(with_counts=True)})

    async def put_queue(self, request: Request) -> Response:
        """PUT /queues/{q}: create or update."""
        project_id = self.project(request)
        changes = parse_queue_changes(await self.body(request))
        queue = self.broker.put_queue(project_id, request.path_params["queue_name"], changes)
        return json_response({"queue": queue.to_json(with_counts=False)})

    async def patch_queue(self, request: Request) -> Response:
        """PATCH /queues/{q}: update an existing queue."""
        project_id = self.project(request)
        changes = parse_queue_changes(await self.body(request, allow_empty=False))
        queue = self.broker.patch_queue(project_id, request.path_params["queue_name"], changes)
        return json_response({"queue": queue.to_json(with_counts=False)})

    async def delete_queue(self, request: Request) -> Response:
        """DELETE /queues/{q}."""
        project_id = self.project(request)
        self.broker.delete_queue(project_id, request.path_params["queue_name"])
        return json_response({"msg": "Deleted"})

    async def subscribers(self, request: Request) -> Response:
        """POST adds/updates, PUT replaces, DELETE removes subscribers of a push queue."""
        project_id = self.project(request)
        body = await self.body(request)
        raw = p.get_list(body, "subscribers")
        if not raw:
            raise InvalidArgument("subscribers must contain at least one subscriber")
        removing = request.method == "DELETE"
        subs = _subscribers(raw, "subscribers", need_url=not removing)
        mode = {"POST": "add", "PUT": "replace", "DELETE": "remove"}[request.method]
        self.broker.update_subscribers(project_id, request.path_params["queue_name"], subs, mode)
        return json_response({"msg": "Updated"})

    async def _alert_specs(self, request: Request, *, allow_empty: bool) -> tuple[AlertSpec, ...]:
        body = await self.body(request)
        raw = p.get_list(body, "alerts")
        if raw is None:
            raise InvalidArgument("alerts is required")
        if not raw and not allow_empty:
            raise InvalidArgument("alerts must contain at least one alert")
        return parse_alerts(raw, "alerts")

    async def add_alerts(self, request: Request) -> Response:
        """POST /queues/{q}/alerts: add alerts."""
        project_id = self.project(request)
        specs = await self._alert_specs(request, allow_empty=False)
        self.broker.add_alerts(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": "Alerts were added."})

    async def replace_alerts(self, request: Request) -> Response:
        """PUT /queues/{q}/alerts: replace the queue's alerts (an empty list removes all)."""
        project_id = self.project(request)
        specs = await self._alert_specs(request, allow_empty=True)
        self.broker.replace_alerts(project_id, request.path_params["queue_name"], specs)
        return json_response({"msg": "Alerts were replaced."})

    async def remove_alerts(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts {"alerts": [{"id": ...}]}: remove alerts by id."""
        project_id = self.project(request)
        body = await self.body(request)
        raw = p.get_list(body, "alerts")
        if not raw:
            raise InvalidArgument("alerts must contain at least one alert id")
        ids: list[str] = []
        for i, item in enumerate(raw):
            value = item.get("id") if isinstance(item, dict) else item
            if not isinstance(value, str) or not value:
                raise InvalidArgument(f"alerts[{i}].id must be a non-empty string")
            ids.append(value)
        self.broker.remove_alerts(project_id, request.path_params["queue_name"], ids)
        return json_response({"msg": "Alerts were deleted."})

    async def remove_alert(self, request: Request) -> Response:
        """DELETE /queues/{q}/alerts/{alert_id}: remove one alert."""
        project_id = self.project(request)
        self.broker.remove_alerts(
            project_id, request.path_params["queue_name"], [request.path_params["alert_id"]]
        )
        return json_response({"msg": "Alerts were deleted."})

    # messages -------------------------------------------------------------------------

    async def post_messages(self, request: Request) -> Response:
        """POST /queues/{q}/messages: 1..100 messages, all stored or none."""
        project_id = self.project(request)
        body = await self.body(request, allow_empty=False)
        raw = p.get_list(body, "messages")
        if raw is None:
            raise InvalidArgument("messages is required")
        if not 1 <= len(raw) <= MAX_MESSAGES_PER_POST:
            raise InvalidArgument(
                f"messages must contain between 1 and {MAX_MESSAGES_PER_POST} messages"
            )
        messages: list[NewMessage] = []
        for i, item in enumerate(raw):
            where = f"messages[{i}]"
            if not isinstance(item, dict):
                raise InvalidArgument(f"{where} must be an object")
            text = item.get("body")
            if text is None:
                raise InvalidArgument(f"{where}.body is required")
            if not isinstance(text, str):
                raise InvalidArgument(f"{where}.body must be a string")
            p.check_size(text, f"{where}.body", self.max_message_size)
            delay = p.get_int(item, "delay", *DELAY_RANGE, f"{where}.delay") or 0
            headers = p.get_object(item, "push_headers", f"{where}.push_headers")
            if headers:
                if len(headers) > MAX_PUSH_HEADERS:
                    raise InvalidArgument(
                        f"{where}.push_headers must have at most {MAX_PUSH_HEADERS} headers"
                    )
                for name, value in headers.items():
                    problem = push_header_problem(name, value)
                    if problem:
                        raise InvalidArgument(f"{where}.push_headers: {problem}")
            messages.append(NewMessage(text, delay, headers or None))
        ids = self.broker.post_messages(project_id, request.path_params["queue_name"], messages)
        return json_response({"ids": [str(i) for i in ids], "msg": "Messages put on queue."}, 201)

    async def webhook(self, request: Request) -> Response:
        """POST /queues/{q}/webhook: the raw body becomes one message."""
        project_id = self.project(request)
        raw = await p.read_body(request, self.max_request_size)
        if len(raw) > self.max_message_size:
            raise TooLarge(
                f"body is larger than the maximum message size of {self.max_message_size} bytes"
            )
        headers: dict[str, str] = {}
        for key, value in request.headers.items():
            if key.lower().startswith("x-subscribers-"):
                name = key[len("x-subscribers-") :]
                # invalid push headers are dropped silently here (v3 docs)
                if len(headers) < MAX_PUSH_HEADERS and push_header_problem(name, value) is None:
                    headers[name] = value
        message = NewMessage(raw.decode("utf-8", errors="replace"), 0, headers or None)
        ids = self.broker.post_messages(project_id, request.path_params["queue_name"], [message])
        return json_response({"ids": [str(i) for i in ids], "msg": "Messages put on queue."}, 201)

    async def reserve(self, request: Request) -> Response:
        """POST /queues/{q}/reservations, long-polling up to `wait` seconds."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        body = await self.body(request)
        n = p.get_int(body, "n", *N_RANGE) or 1
        timeout = p.get_int(body, "timeout", *RESERVE_TIMEOUT_RANGE) or 0
        wait = p.get_int(body, "wait", *WAIT_RANGE) or 0
        delete = bool(p.get_bool(body, "delete"))
        broker = self.broker
        messages = await wait_until(
            attempt=lambda: broker.reserve(project_id, name, n, timeout, delete),
            event=lambda: self.waiters.event(project_id, name),
            next_due=lambda: broker.next_due(project_id, name),
            real_seconds_until=broker.clock.real_seconds_until,
            virtual_now=broker.clock.now,
            wait=wait,
            client_gone=request.is_disconnected,
        )
        return json_response({"messages": [m.to_json() for m in messages]})

    async def peek(self, request: Request) -> Response:
        """GET /queues/{q}/messages?n=: the first available messages, not reserved."""
        project_id = self.project(request)
        n = p.query_int(request, "n", 1, *N_RANGE)
        messages = self.broker.peek(project_id, request.path_params["queue_name"], n)
        return json_response({"messages": [m.to_json() for m in messages]})

    async def delete_messages(self, request: Request) -> Response:
        """DELETE /queues/{q}/messages: batch delete with `ids`, otherwise clear."""
        project_id = self.project(request)
        name = request.path_params["queue_name"]
        body = await self.body(request)
        if "ids" not in body:
            self.broker.clear(project_id, name)
            return json_response({"msg": "Cleared"})
        raw = body["ids"]
        if not isinstance(raw, list):
            raise InvalidArgument("ids must be an array")
        if not 1 <= len(raw) <= MAX_IDS_PER_DELETE:
            raise InvalidArgument(f"ids must contain between 1 and {MAX_IDS_PER_DELETE} entries")
        targets: list[DeleteTarget] = []
        seen: set[int] = set()
        for i, item in enumerate(raw):
            where = f"ids[{i}]"
            if isinstance(item, dict):
                if item.get("id") is None:
                    raise InvalidArgument(f"{where}.id is required")
                mid = _id_value(item["id"], f"{where}.id")
                rid = p.get_str(
                    item, "reservation_id", f"{where}.reservation_id", empty_is_none=True
                )
            else:  # some clients send bare id strings
                mid, rid = _id_value(item, where), None
            if mid in seen:
                raise InvalidArgument(f"{where}.id repeats message {mid}")
            seen.add(mid)
            targets.append(DeleteTarget(mid, rid))
        self.broker.delete_messages(project_id, name, targets)
        return json_response({"msg": "Deleted"})

    async def get_message(self, request: Request) -> Response:
        """GET /queues/{q}/messages/{id}."""
        project_id = self.project(request)
        message = self.broker.get_message(
            project_id,
            request.path_params["queue_name"],
            _message_id(request.path_params["message_id"]),
        )
        return json_response({"message": message.to_json()})

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
            _message_id(request.path_params["message_id"]),
            rid,
            subscriber,
        )
        return json_response({"msg": "Deleted"})

    async def touch(self, request: Request) -> Response:
        """POST .../touch: a new reservation id and deadline counted from now."""
        project_id = self.project(request)
        body = await self.body(request)
        rid = p.get_str(body, "reservation_id", empty_is_none=True)
        timeout = p.get_int(body, "timeout", *RESERVE_TIMEOUT_RANGE) or 0
        new_rid = self.broker.touch(
            project_id,
            request.path_params["queue_name"],
            _message_id(request.path_params["message_id"]),
            rid,
            timeout,
        )
        return json_response({"reservation_id": new_rid, "msg": "Touched"})

    async def release(self, request: Request) -> Response:
        """POST .../release: back to the queue now or after `delay`."""
        project_id = self.project(request)
        body = await self.body(request)
        rid = p.get_str(body, "reservation_id", empty_is_none=True)
        delay = p.get_int(body, "delay", *DELAY_RANGE) or 0
        self.broker.release(
            project_id,
            request.path_params["queue_name"],
            _message_id(request.path_params["message_id"]),
            rid,
            delay,
        )
        return json_response({"msg": "Released"})

    async def push_statuses(self, request: Request) -> Response:
        """GET .../subscribers: push statuses (none on pull queues)."""
        project_id = self.project(request)
        statuses = self.broker.push_statuses(
            project_id,
            request.path_params["queue_name"],
            _message_id(request.path_params["message_id"]),
        )
        return json_response({"subscribers": statuses})
