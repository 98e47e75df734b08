"""IronMQ v2's operations (`/1/projects/{project_id}`), its capabilities and error table.

Requests are built with the generated `_get_kwargs` from generated models (made with
`from_dict`, so that model defaults never creep into a request), and answers are parsed
with the generated models' `from_dict` and turned into the SDK's own value types; but for
the message hot path, which renders and reads its JSON directly (`_wire/direct.py`). The
HTTP itself is done by `_transport`, so retries, timeouts and errors stay the SDK's.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

from ironmq_api_v2 import models as g
from ironmq_api_v2.api.alerts import add_alerts, remove_alert, remove_alerts, replace_alerts
from ironmq_api_v2.api.messages import get_message, post_webhook
from ironmq_api_v2.api.queues import clear_queue, delete_queue, list_queues, update_queue
from ironmq_api_v2.api.subscribers import (
    add_subscribers,
    delete_push_status,
    get_push_statuses,
    remove_subscribers,
)
from ironmq_api_v2.types import UNSET, File

from ..._alerts import Alert
from ..._core import Operation
from ..._errors import ErrorRule, InvalidArgumentError, MessageNotFoundError, QueueNotFoundError
from ..._messages import Message, ReservedMessage
from ..._queue_info import QueueInfo
from ..._subscribers import PushStatus, Subscriber
from ..base import Capabilities, Page, Settings
from ..direct import Paths, from_generated, operation, posted_ids, status
from . import convert as c

V3_INSTEAD = "use api_version=3 (IronMQ v3) for it"
CAPABILITIES = Capabilities(
    api_version=1,
    label="IronMQ v2",
    reservations=False,
    fixed_queue_type=False,
    update_creates=True,
    subscriber_key="url",
    acknowledge_by="id",
    settings=frozenset({"type", "subscribers", "retries", "retries_delay", "error_queue"}),
    message_fields=frozenset({"delay", "timeout", "expires_in"}),
    hints={
        "message_timeout": (
            "IronMQ v2 queues have no message_timeout: give each message its own timeout "
            f"when posting ({{'body': ..., 'timeout': 120}}), or {V3_INSTEAD}"
        ),
        "message_expiration": (
            "IronMQ v2 queues have no message_expiration: give each message its own "
            f"expires_in when posting, or {V3_INSTEAD}"
        ),
        "dead_letter": f"IronMQ v2 has no dead-letter queues: {V3_INSTEAD}",
        "alerts": "IronMQ v2 sets alerts with their own calls: add_alerts() / update_alerts()",
        "push_headers": f"IronMQ v2 has no per-message push headers: {V3_INSTEAD}",
        "previous": "IronMQ v2 pages by number: pass page=<number, from 0>",
        "prefix": f"IronMQ v2 cannot filter queues by prefix: {V3_INSTEAD}",
        "touch_timeout": (
            "IronMQ v2's touch extends a reservation by the message's own timeout (set when "
            "posting); it takes no timeout"
        ),
    },
)
"""What IronMQ v2 can do."""

ERRORS: tuple[ErrorRule, ...] = (
    (404, "queue not found", QueueNotFoundError),
    (404, "message not found", MessageNotFoundError),
)
"""v2's error messages that pick a finer exception (the status alone picks the base)."""

TIMEOUT_RANGE = (30, 86_400)
"""A v2 reservation lasts 30 s to a day; 0 means the message's own timeout."""


def _op(name: str, kwargs: dict[str, Any], parse: Any, *, idempotent: bool) -> Operation[Any]:
    return from_generated(name, kwargs, parse, ERRORS, idempotent=idempotent)


def check_timeout(where: str, timeout: int | None) -> int | None:
    """A v2 timeout: None or 0 (the message's own), or 30 to 86400 seconds."""
    if timeout and not TIMEOUT_RANGE[0] <= timeout <= TIMEOUT_RANGE[1]:
        raise InvalidArgumentError(
            where,
            f"IronMQ v2 takes 0 (the message's own timeout) or {TIMEOUT_RANGE[0]} to "
            f"{TIMEOUT_RANGE[1]} seconds, not {timeout}",
        )
    return timeout


class V2Wire:
    """IronMQ v2's requests and answers for one project (see `base.Wire`)."""

    caps = CAPABILITIES
    errors = ERRORS

    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self._queue_info = c.queue_info(project_id)
        self._paths = Paths("/1/projects", project_id)

    # the project's queues ------------------------------------------------------------

    def list_queues(
        self, per_page: int | None, prefix: str | None, page: Page
    ) -> Operation[list[str]]:
        """GET /queues: one page of names, by page number."""
        if page.previous is not None:
            raise self.caps.unsupported("previous")
        if prefix is not None:
            raise self.caps.unsupported("prefix")
        kwargs = list_queues._get_kwargs(
            self.project_id,
            page=UNSET if page.number is None else page.number,
            per_page=UNSET if per_page is None else per_page,
        )
        return _op(
            "list_queues",
            kwargs,
            lambda d: [g.QueueListEntry.from_dict(q).name for q in d],
            idempotent=True,
        )

    def next_page(self, names: list[str], per_page: int, page: Page) -> Page | None:
        """A full page continues on the next number; a short one was the last."""
        if not names or len(names) < per_page:
            return None
        return Page(number=(page.number or 0) + 1)

    # one queue ----------------------------------------------------------------------

    def get_queue(self, name: str) -> Operation[QueueInfo]:
        """GET /queues/{q}."""
        path = self._paths.queue(name)
        return operation("get_queue", "GET", path, self._queue_info, ERRORS, idempotent=True)

    def create_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """POST /queues/{q}: v2 creates a queue by updating it."""
        return self.update_queue(name, settings)

    def update_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """POST /queues/{q}: set push settings (and `type` as `push_type`), creating it."""
        kwargs = update_queue._get_kwargs(self.project_id, name, body=c.queue_update(settings))
        return _op("update_queue", kwargs, self._queue_info, idempotent=True)

    def remove_dead_letter(self, name: str) -> Operation[QueueInfo]:
        """v2 has no dead-letter queues."""
        raise self.caps.unsupported_operation("remove_dead_letter", V3_INSTEAD)

    def delete_queue(self, name: str) -> Operation[None]:
        """DELETE /queues/{q}."""
        kwargs = delete_queue._get_kwargs(self.project_id, name)
        return _op("delete_queue", kwargs, c.none, idempotent=True)

    def clear(self, name: str) -> Operation[None]:
        """POST /queues/{q}/clear."""
        kwargs = clear_queue._get_kwargs(self.project_id, name)
        return _op("clear_queue", kwargs, c.none, idempotent=True)

    def webhook_url(self, base_url: str, name: str, token: str | None) -> str:
        """{base_url}/1/projects/{p}/queues/{q}/messages/webhook[?oauth=token]."""
        url = base_url + post_webhook._get_kwargs(self.project_id, name)["url"]
        return f"{url}?oauth={quote(token, safe='')}" if token else url

    # subscribers and alerts ------------------------------------------------------------

    def add_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """POST /queues/{q}/subscribers (creates the queue, makes it a push queue)."""
        body = g.SubscribersRequest.from_dict(
            {"subscribers": [c.subscriber_json(s) for s in subscribers]}
        )
        kwargs = add_subscribers._get_kwargs(self.project_id, name, body=body)
        return _op("add_subscribers", kwargs, lambda d: None, idempotent=True)

    def replace_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """POST /queues/{q} with `subscribers`, which replaces them (v2 has no PUT)."""
        body = c.queue_update({"subscribers": tuple(subscribers)})
        kwargs = update_queue._get_kwargs(self.project_id, name, body=body)
        return _op("replace_subscribers", kwargs, lambda d: None, idempotent=True)

    def remove_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """DELETE /queues/{q}/subscribers, by URL."""
        body = g.SubscriberUrlsRequest.from_dict(
            {"subscribers": [{"url": s.url} for s in subscribers]}
        )
        kwargs = remove_subscribers._get_kwargs(self.project_id, name, body=body)
        return _op("remove_subscribers", kwargs, lambda d: None, idempotent=True)

    def add_alerts(self, name: str, alerts: Sequence[Alert]) -> Operation[None]:
        """POST /queues/{q}/alerts (not idempotent: a repeat is a duplicate)."""
        body = g.AlertsRequest.from_dict({"alerts": [c.alert_json(a) for a in alerts]})
        kwargs = add_alerts._get_kwargs(self.project_id, name, body=body)
        return _op("add_alerts", kwargs, c.none, idempotent=False)

    def replace_alerts(self, name: str, alerts: Sequence[Alert]) -> Operation[None]:
        """PUT /queues/{q}/alerts."""
        body = g.AlertsReplaceRequest.from_dict({"alerts": [c.alert_json(a) for a in alerts]})
        kwargs = replace_alerts._get_kwargs(self.project_id, name, body=body)
        return _op("replace_alerts", kwargs, c.none, idempotent=True)

    def remove_alerts(self, name: str, alert_ids: Sequence[str]) -> Operation[None]:
        """DELETE /queues/{q}/alerts."""
        body = g.AlertIdsRequest.from_dict({"alerts": [{"id": i} for i in alert_ids]})
        kwargs = remove_alerts._get_kwargs(self.project_id, name, body=body)
        return _op("remove_alerts", kwargs, c.none, idempotent=True)

    def remove_alert(self, name: str, alert_id: str) -> Operation[None]:
        """DELETE /queues/{q}/alerts/{id}."""
        kwargs = remove_alert._get_kwargs(self.project_id, name, alert_id)
        return _op("remove_alert", kwargs, c.none, idempotent=True)

    # messages -----------------------------------------------------------------------

    def post_messages(
        self, name: str, messages: Sequence[Mapping[str, Any]]
    ) -> Operation[list[str]]:
        """POST /queues/{q}/messages (1 to 100, each with its own timeout, delay, expiry)."""
        for n, m in enumerate(messages):
            check_timeout(f"messages[{n}].timeout", m.get("timeout"))
        path = self._paths.queue(name) + "/messages"
        body = {"messages": list(messages)}  # checked and fresh from `_inputs.message`
        return operation(
            "post_messages", "POST", path, posted_ids, ERRORS, idempotent=False, json=body
        )

    def post_webhook(
        self, name: str, payload: bytes, push_headers: Mapping[str, str]
    ) -> Operation[str]:
        """POST /queues/{q}/messages/webhook: the raw body becomes one message."""
        if push_headers:
            raise self.caps.unsupported("push_headers")
        kwargs = post_webhook._get_kwargs(self.project_id, name, body=File(io.BytesIO(payload)))
        # bytes rather than the generated file object, so that a retry can send it again
        kwargs["content"] = payload
        kwargs["headers"] = {**kwargs["headers"], "Content-Type": "application/octet-stream"}
        return _op(
            "post_webhook",
            kwargs,
            lambda d: g.PostMessagesResponse.from_dict(d).ids[0],
            idempotent=False,
        )

    def reserve(
        self, name: str, *, n: int, timeout: int | None, wait: int | None, delete: bool
    ) -> Operation[list[ReservedMessage]]:
        """GET /queues/{q}/messages: v2 reserves by getting."""
        params: dict[str, Any] = {"n": n}
        timeout = check_timeout("timeout", timeout)
        if timeout:
            params["timeout"] = timeout
        if wait is not None:
            params["wait"] = wait
        if delete:
            params["delete"] = True
        path = self._paths.queue(name) + "/messages"
        return operation(
            "get_messages", "GET", path, c.reserved_list, ERRORS, idempotent=False, params=params
        )

    def peek(self, name: str, n: int) -> Operation[list[Message]]:
        """GET /queues/{q}/messages/peek?n=."""
        path = self._paths.queue(name) + "/messages/peek"
        return operation(
            "peek_messages", "GET", path, c.message_list, ERRORS, idempotent=True, params={"n": n}
        )

    def get_message(self, name: str, message_id: str) -> Operation[Message]:
        """GET /queues/{q}/messages/{id}: the message and its status."""
        kwargs = get_message._get_kwargs(self.project_id, name, message_id)
        return _op(
            "get_message",
            kwargs,
            lambda d: c.message(g.MessageDetail.from_dict(d)),
            idempotent=True,
        )

    def delete_message(
        self, name: str, message_id: str, reservation_id: str | None
    ) -> Operation[None]:
        """DELETE /queues/{q}/messages/{id}, reserved or not (a reservation id is not sent)."""
        path = self._paths.message(name, message_id)
        return operation("delete_message", "DELETE", path, status, ERRORS, idempotent=True)

    def delete_messages(self, name: str, refs: Sequence[tuple[str, str | None]]) -> Operation[None]:
        """DELETE /queues/{q}/messages with ids (1 to 100)."""
        if not refs:
            raise ValueError("a batch delete needs at least one id")
        path = self._paths.queue(name) + "/messages"
        body = {"ids": [i for i, _ in refs]}
        return operation(
            "delete_messages", "DELETE", path, status, ERRORS, idempotent=True, json=body
        )

    def touch(
        self, name: str, message_id: str, reservation_id: str | None, timeout: int | None
    ) -> Operation[str | None]:
        """POST .../touch with `{}`: the reservation lasts the message's timeout from now."""
        if timeout is not None:
            raise self.caps.unsupported("timeout", "touch_timeout")
        path = self._paths.message(name, message_id) + "/touch"
        return operation("touch_message", "POST", path, status, ERRORS, idempotent=False, json={})

    def release(
        self, name: str, message_id: str, reservation_id: str | None, delay: int
    ) -> Operation[None]:
        """POST .../release, always with a body (`{}` without a delay), as v2 requires."""
        path = self._paths.message(name, message_id) + "/release"
        body = {"delay": delay} if delay else {}
        return operation(
            "release_message", "POST", path, status, ERRORS, idempotent=False, json=body
        )

    def push_statuses(self, name: str, message_id: str) -> Operation[list[PushStatus]]:
        """GET .../subscribers: one status per subscriber (one in all for unicast)."""
        kwargs = get_push_statuses._get_kwargs(self.project_id, name, message_id)
        return _op(
            "get_push_statuses",
            kwargs,
            lambda d: [c.push_status(s) for s in g.PushStatusList.from_dict(d).subscribers],
            idempotent=True,
        )

    def acknowledge_push(
        self, name: str, message_id: str, subscriber: str, reservation_id: str | None
    ) -> Operation[None]:
        """DELETE .../messages/{id}/subscribers/{subscriber}: `subscriber` is the `id` of the
        push status (`Iron-Subscriber-Message-Id` of the push)."""
        kwargs = delete_push_status._get_kwargs(self.project_id, name, message_id, subscriber)
        return _op("delete_push_status", kwargs, c.none, idempotent=True)
