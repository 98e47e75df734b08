"""IronMQ v3's operations (`/3/projects/{project_id}`), its capabilities and error table.

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

from ironmq_api_v3 import models as g
from ironmq_api_v3.api.alerts import add_alerts, remove_alert, remove_alerts, replace_alerts
from ironmq_api_v3.api.messages import delete_messages, get_push_statuses, post_webhook
from ironmq_api_v3.api.queues import create_queue, delete_queue, list_queues, update_queue
from ironmq_api_v3.api.subscribers import add_subscribers, remove_subscribers, replace_subscribers
from ironmq_api_v3.types import UNSET, File

from ..._alerts import Alert
from ..._core import Operation
from ..._errors import (
    ErrorRule,
    MessageNotFoundError,
    QueueNotFoundError,
    QueueTypeChangeError,
    ReservationExpiredError,
    ReservationRequiredError,
)
from ..._messages import Message, ReservedMessage
from ..._queue_info import QueueInfo
from ..._subscribers import PushStatus, Subscriber
from ..base import Capabilities, Page, Settings
from ..direct import Paths, from_generated, operation, posted_ids, status
from . import convert as c

CAPABILITIES = Capabilities(
    api_version=3,
    label="IronMQ v3",
    reservations=True,
    fixed_queue_type=True,
    update_creates=False,
    subscriber_key="name",
    acknowledge_by="name",
    settings=frozenset(
        {
            "type",
            "message_timeout",
            "message_expiration",
            "subscribers",
            "retries",
            "retries_delay",
            "error_queue",
            "dead_letter",
            "alerts",
        }
    ),
    message_fields=frozenset({"delay", "push_headers"}),
    hints={
        "timeout": (
            "IronMQ v3 has no per-message timeout. Set the queue's message_timeout "
            "(create_queue/update_queue) or pass timeout= to reserve()/get()"
        ),
        "expires_in": (
            "IronMQ v3 has no per-message expiration. Set the queue's message_expiration "
            "(create_queue/update_queue)"
        ),
        "page": "IronMQ v3 pages by name: pass previous=<last name of the previous page>",
    },
)
"""What IronMQ v3 can do."""

ERRORS: tuple[ErrorRule, ...] = (
    (400, "reservation_id is required", ReservationRequiredError),
    (403, "reservation", ReservationExpiredError),
    (403, "type", QueueTypeChangeError),
    (404, "queue not found", QueueNotFoundError),
    (404, "message not found", MessageNotFoundError),
)
"""v3's error messages that pick a finer exception (the status alone picks the base)."""


def _op(name: str, kwargs: dict[str, Any], parse: Any, *, idempotent: bool) -> Operation[Any]:
    return from_generated(name, kwargs, parse, ERRORS, idempotent=idempotent)


class V3Wire:
    """IronMQ v3's requests and answers for one project (see `base.Wire`)."""

    caps = CAPABILITIES
    errors = ERRORS

    def __init__(self, project_id: str) -> None:
        self.project_id = project_id
        self._paths = Paths("/3/projects", project_id)

    # the project's queues ------------------------------------------------------------

    def list_queues(
        self, per_page: int | None, prefix: str | None, page: Page
    ) -> Operation[list[str]]:
        """GET /queues: one page of names, in name order, after `page.previous`."""
        if page.number is not None:
            raise self.caps.unsupported("page")
        kwargs = list_queues._get_kwargs(
            self.project_id,
            per_page=UNSET if per_page is None else per_page,
            previous=UNSET if page.previous is None else page.previous,
            prefix=UNSET if prefix is None else prefix,
        )
        return _op(
            "list_queues",
            kwargs,
            lambda d: [q.name for q in g.QueueList.from_dict(d).queues],
            idempotent=True,
        )

    def next_page(self, names: list[str], per_page: int, page: Page) -> Page | None:
        """A full page continues after its last name; a short one was the last."""
        return Page(previous=names[-1]) if names and len(names) >= per_page else None

    # one queue ----------------------------------------------------------------------

    def get_queue(self, name: str) -> Operation[QueueInfo]:
        """GET /queues/{q}."""
        path = self._paths.queue(name)
        return operation("get_queue", "GET", path, c.queue_info_fast, ERRORS, idempotent=True)

    def create_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """PUT /queues/{q}: create or update."""
        body = c.queue_body(c.queue_json(settings))
        kwargs = create_queue._get_kwargs(self.project_id, name, body=body)
        return _op("create_queue", kwargs, c.queue_info, idempotent=True)

    def update_queue(self, name: str, settings: Settings) -> Operation[QueueInfo]:
        """PATCH /queues/{q}: update an existing queue."""
        return self._patch(name, c.queue_json(settings))

    def remove_dead_letter(self, name: str) -> Operation[QueueInfo]:
        """PATCH /queues/{q} with an empty dead-letter queue name."""
        return self._patch(name, {"dead_letter": {"queue_name": ""}})

    def _patch(self, name: str, queue: Mapping[str, Any]) -> Operation[QueueInfo]:
        kwargs = update_queue._get_kwargs(self.project_id, name, body=c.queue_body(queue))
        return _op("update_queue", kwargs, c.queue_info, idempotent=True)

    def delete_queue(self, name: str) -> Operation[None]:
        """DELETE /queues/{q}."""
        kwargs = delete_queue._get_kwargs(self.project_id, name)
        return _op("delete_queue", kwargs, c.none, idempotent=True)

    def clear(self, name: str) -> Operation[None]:
        """DELETE /queues/{q}/messages with `{}`: clear the queue."""
        body = g.DeleteMessagesRequest()
        kwargs = delete_messages._get_kwargs(self.project_id, name, body=body)
        return _op("clear_messages", kwargs, c.none, idempotent=True)

    def webhook_url(self, base_url: str, name: str, token: str | None) -> str:
        """{base_url}/3/projects/{p}/queues/{q}/webhook[?oauth=token]."""
        url = base_url + post_webhook._get_kwargs(self.project_id, name)["url"]
        return f"{url}?oauth={quote(token, safe='')}" if token else url

    # subscribers and alerts ------------------------------------------------------------

    def add_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """POST /queues/{q}/subscribers."""
        return self._subscribers(add_subscribers, "add_subscribers", name, subscribers)

    def replace_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """PUT /queues/{q}/subscribers."""
        return self._subscribers(replace_subscribers, "replace_subscribers", name, subscribers)

    def _subscribers(
        self, module: Any, op_name: str, name: str, subscribers: Sequence[Subscriber]
    ) -> Operation[None]:
        body = g.SubscribersRequest.from_dict(
            {"subscribers": [c.subscriber_json(s) for s in subscribers]}
        )
        kwargs = module._get_kwargs(self.project_id, name, body=body)
        return _op(op_name, kwargs, c.none, idempotent=True)

    def remove_subscribers(self, name: str, subscribers: Sequence[Subscriber]) -> Operation[None]:
        """DELETE /queues/{q}/subscribers, by name."""
        body = g.SubscriberNamesRequest.from_dict(
            {"subscribers": [{"name": s.name} for s in subscribers]}
        )
        kwargs = remove_subscribers._get_kwargs(self.project_id, name, body=body)
        return _op("remove_subscribers", kwargs, c.none, idempotent=True)

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
        """POST /queues/{q}/messages (1 to 100)."""
        path = self._paths.queue(name) + "/messages"
        body = {"messages": list(messages)}  # checked and fresh from `_inputs.message`
        return operation(
            "post_messages", "POST", path, posted_ids, ERRORS, idempotent=False, json=body
        )

    def post_webhook(
        self, name: str, payload: bytes, push_headers: Mapping[str, str]
    ) -> Operation[str]:
        """POST /queues/{q}/webhook: the raw body becomes one message."""
        file = File(payload=io.BytesIO(payload))
        kwargs = post_webhook._get_kwargs(self.project_id, name, body=file)
        # bytes rather than the generated file object, so that a retry can send it again
        kwargs["content"] = payload
        # The spec takes any content type (`*/*`), which is no type to send: raw bytes are
        # `application/octet-stream`.
        kwargs["headers"] = {
            **kwargs["headers"],
            "Content-Type": "application/octet-stream",
            **{f"X-Subscribers-{k}": v for k, v in push_headers.items()},
        }
        return _op(
            "post_webhook",
            kwargs,
            lambda d: g.PostMessagesResponse.from_dict(d).ids[0],
            idempotent=False,
        )

    def reserve(
        self, name: str, *, n: int, timeout: int | None, wait: int | None, delete: bool
    ) -> Operation[list[ReservedMessage]]:
        """POST /queues/{q}/reservations."""
        spec: dict[str, Any] = {"n": n}
        if timeout is not None:
            spec["timeout"] = timeout
        if wait is not None:
            spec["wait"] = wait
        if delete:
            spec["delete"] = True
        path = self._paths.queue(name) + "/reservations"
        return operation(
            "reserve_messages", "POST", path, c.reserved_list, ERRORS, idempotent=False, json=spec
        )

    def peek(self, name: str, n: int) -> Operation[list[Message]]:
        """GET /queues/{q}/messages?n=."""
        path = self._paths.queue(name) + "/messages"
        return operation(
            "peek_messages", "GET", path, c.message_list, ERRORS, idempotent=True, params={"n": n}
        )

    def get_message(self, name: str, message_id: str) -> Operation[Message]:
        """GET /queues/{q}/messages/{id}."""
        path = self._paths.message(name, message_id)
        return operation("get_message", "GET", path, c.message_envelope, ERRORS, idempotent=True)

    def delete_message(
        self, name: str, message_id: str, reservation_id: str | None
    ) -> Operation[None]:
        """DELETE /queues/{q}/messages/{id}."""
        return self._delete(name, message_id, reservation_id, None)

    def _delete(
        self, name: str, message_id: str, reservation_id: str | None, subscriber: str | None
    ) -> Operation[None]:
        spec: dict[str, Any] = {}
        if reservation_id:
            spec["reservation_id"] = reservation_id
        if subscriber:
            spec["subscriber_name"] = subscriber
        path = self._paths.message(name, message_id)
        return operation(
            "delete_message", "DELETE", path, status, ERRORS, idempotent=True, json=spec
        )

    def delete_messages(self, name: str, refs: Sequence[tuple[str, str | None]]) -> Operation[None]:
        """DELETE /queues/{q}/messages with ids (1 to 100): never a clear."""
        if not refs:
            raise ValueError("a batch delete needs at least one id")  # an empty body would clear
        items = [{"id": i, "reservation_id": r} if r else {"id": i} for i, r in refs]
        path = self._paths.queue(name) + "/messages"
        return operation(
            "delete_messages", "DELETE", path, status, ERRORS, idempotent=True, json={"ids": items}
        )

    def touch(
        self, name: str, message_id: str, reservation_id: str | None, timeout: int | None
    ) -> Operation[str | None]:
        """POST .../touch: returns the new reservation id."""
        spec: dict[str, Any] = {"reservation_id": reservation_id}
        if timeout is not None:
            spec["timeout"] = timeout
        path = self._paths.message(name, message_id) + "/touch"
        return operation(
            "touch_message", "POST", path, c.touched, ERRORS, idempotent=False, json=spec
        )

    def release(
        self, name: str, message_id: str, reservation_id: str | None, delay: int
    ) -> Operation[None]:
        """POST .../release."""
        spec: dict[str, Any] = {"reservation_id": reservation_id}
        if delay:
            spec["delay"] = delay
        path = self._paths.message(name, message_id) + "/release"
        return operation(
            "release_message", "POST", path, status, ERRORS, idempotent=False, json=spec
        )

    def push_statuses(self, name: str, message_id: str) -> Operation[list[PushStatus]]:
        """GET .../subscribers: one status per subscriber."""
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
        """DELETE /queues/{q}/messages/{id} naming the subscriber (and its reservation)."""
        return self._delete(name, message_id, reservation_id, subscriber)
