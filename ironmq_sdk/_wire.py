"""The adapter to the generated client: the one module that imports `ironmq_api_v3`.

Requests are built with the generated `_get_kwargs` from generated models (made with
`from_dict`, so that model defaults never creep into a request), and answers are parsed
with the generated models' `from_dict` and turned into the SDK's own value types. The
HTTP itself is done by `_transport`, so retries, timeouts and errors stay the SDK's.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from ironmq_api_v3 import models as g
from ironmq_api_v3.api.alerts import add_alerts, remove_alert, remove_alerts, replace_alerts
from ironmq_api_v3.api.messages import (
    delete_message,
    delete_messages,
    get_message,
    get_push_statuses,
    peek_messages,
    post_messages,
    post_webhook,
    release_message,
    reserve_messages,
    touch_message,
)
from ironmq_api_v3.api.queues import (
    create_queue,
    delete_queue,
    get_queue,
    list_queues,
    update_queue,
)
from ironmq_api_v3.api.subscribers import add_subscribers, remove_subscribers, replace_subscribers
from ironmq_api_v3.types import UNSET, File, Unset

from ._alerts import Alert
from ._core import NO_BODY, Operation
from ._messages import Message, ReservedMessage
from ._queue_info import DeadLetter, QueueInfo
from ._subscribers import PushSettings, PushStatus, Subscriber


def _op(name: str, kwargs: dict[str, Any], parse: Any, *, idempotent: bool) -> Operation[Any]:
    return Operation(
        name=name,
        method=kwargs["method"],
        path=kwargs["url"],
        parse=parse,
        idempotent=idempotent,
        params=kwargs.get("params"),
        json=kwargs.get("json", NO_BODY),
        content=kwargs.get("content"),
        headers=kwargs.get("headers") or {},
    )


def _none(data: Any) -> None:
    g.StatusMessage.from_dict(data)


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


# conversions ----------------------------------------------------------------------------


def _subscriber(s: g.Subscriber) -> Subscriber:
    headers = {} if isinstance(s.headers, Unset) else dict(s.headers.additional_properties)
    return Subscriber(name=s.name, url=s.url, headers=headers)


def _alert(a: g.Alert) -> Alert:
    return Alert(
        type=a.type_,
        trigger=a.trigger,
        queue=a.queue,
        direction=a.direction,
        snooze=_opt(a.snooze) or 0,
        id=a.id,
    )


def queue_info(data: Any) -> QueueInfo:
    """Our QueueInfo from a `{"queue": {...}}` answer."""
    q = g.QueueInfoEnvelope.from_dict(data).queue
    push = None
    if not isinstance(q.push, Unset):
        push = PushSettings(
            subscribers=tuple(_subscriber(s) for s in q.push.subscribers),
            retries=_opt(q.push.retries),
            retries_delay=_opt(q.push.retries_delay),
            error_queue=_opt(q.push.error_queue),
        )
    dead_letter = None
    if not isinstance(q.dead_letter, Unset):
        dead_letter = DeadLetter(q.dead_letter.queue_name, q.dead_letter.max_reservations)
    return QueueInfo(
        name=q.name,
        project_id=q.project_id,
        type=q.type_,
        message_timeout=q.message_timeout,
        message_expiration=q.message_expiration,
        id=_opt(q.id),
        size=_opt(q.size),
        total_messages=_opt(q.total_messages),
        push=push,
        dead_letter=dead_letter,
        alerts=() if isinstance(q.alerts, Unset) else tuple(_alert(a) for a in q.alerts),
    )


def _message(m: g.Message) -> Message:
    return Message(id=m.id, body=m.body, reserved_count=m.reserved_count)


def _reserved(m: g.ReservedMessage) -> ReservedMessage:
    return ReservedMessage(
        id=m.id, body=m.body, reserved_count=m.reserved_count, reservation_id=m.reservation_id
    )


def _push_status(s: g.PushStatus) -> PushStatus:
    return PushStatus(
        name=s.name,
        url=s.url,
        status=s.status,
        retries_remaining=s.retries_remaining,
        tries=s.tries,
        status_code=_opt(s.status_code),
        last_try_at=_opt(s.last_try_at),
    )


# queues ---------------------------------------------------------------------------------


def op_list_queues(
    project_id: str, *, per_page: int | None, previous: str | None, prefix: str | None
) -> Operation[list[str]]:
    """GET /queues: one page of names."""
    kwargs = list_queues._get_kwargs(
        project_id,
        per_page=UNSET if per_page is None else per_page,
        previous=UNSET if previous is None else previous,
        prefix=UNSET if prefix is None else prefix,
    )
    return _op(
        "list_queues",
        kwargs,
        lambda d: [q.name for q in g.QueueList.from_dict(d).queues],
        idempotent=True,
    )


def op_get_queue(project_id: str, name: str) -> Operation[QueueInfo]:
    """GET /queues/{q}."""
    return _op("get_queue", get_queue._get_kwargs(project_id, name), queue_info, idempotent=True)


def op_create_queue(
    project_id: str, name: str, settings: Mapping[str, Any]
) -> Operation[QueueInfo]:
    """PUT /queues/{q}: create or update."""
    body = g.QueueSettingsEnvelope.from_dict({"queue": dict(settings)})
    kwargs = create_queue._get_kwargs(project_id, name, body=body)
    return _op("create_queue", kwargs, queue_info, idempotent=True)


def op_update_queue(
    project_id: str, name: str, settings: Mapping[str, Any]
) -> Operation[QueueInfo]:
    """PATCH /queues/{q}: update an existing queue."""
    body = g.QueueSettingsEnvelope.from_dict({"queue": dict(settings)})
    kwargs = update_queue._get_kwargs(project_id, name, body=body)
    return _op("update_queue", kwargs, queue_info, idempotent=True)


def op_delete_queue(project_id: str, name: str) -> Operation[None]:
    """DELETE /queues/{q}."""
    return _op("delete_queue", delete_queue._get_kwargs(project_id, name), _none, idempotent=True)


# subscribers ----------------------------------------------------------------------------


def op_subscribers(
    project_id: str, name: str, mode: str, subscribers: Sequence[Subscriber]
) -> Operation[None]:
    """POST (add), PUT (replace) or DELETE (remove) /queues/{q}/subscribers."""
    if mode == "remove":
        names = g.SubscriberNamesRequest.from_dict(
            {"subscribers": [{"name": s.name} for s in subscribers]}
        )
        kwargs = remove_subscribers._get_kwargs(project_id, name, body=names)
    else:
        body = g.SubscribersRequest.from_dict({"subscribers": [s.to_wire() for s in subscribers]})
        module = add_subscribers if mode == "add" else replace_subscribers
        kwargs = module._get_kwargs(project_id, name, body=body)
    return _op(f"{mode}_subscribers", kwargs, _none, idempotent=True)


# alerts ---------------------------------------------------------------------------------


def op_add_alerts(project_id: str, name: str, alerts: Sequence[Alert]) -> Operation[None]:
    """POST /queues/{q}/alerts (not idempotent: a repeat is a duplicate)."""
    body = g.AlertsRequest.from_dict({"alerts": [a.to_wire() for a in alerts]})
    kwargs = add_alerts._get_kwargs(project_id, name, body=body)
    return _op("add_alerts", kwargs, _none, idempotent=False)


def op_replace_alerts(project_id: str, name: str, alerts: Sequence[Alert]) -> Operation[None]:
    """PUT /queues/{q}/alerts."""
    body = g.AlertsReplaceRequest.from_dict({"alerts": [a.to_wire() for a in alerts]})
    kwargs = replace_alerts._get_kwargs(project_id, name, body=body)
    return _op("replace_alerts", kwargs, _none, idempotent=True)


def op_remove_alerts(project_id: str, name: str, alert_ids: Sequence[str]) -> Operation[None]:
    """DELETE /queues/{q}/alerts."""
    body = g.AlertIdsRequest.from_dict({"alerts": [{"id": i} for i in alert_ids]})
    kwargs = remove_alerts._get_kwargs(project_id, name, body=body)
    return _op("remove_alerts", kwargs, _none, idempotent=True)


def op_remove_alert(project_id: str, name: str, alert_id: str) -> Operation[None]:
    """DELETE /queues/{q}/alerts/{id}."""
    kwargs = remove_alert._get_kwargs(project_id, name, alert_id)
    return _op("remove_alert", kwargs, _none, idempotent=True)


# messages -------------------------------------------------------------------------------


def op_post_messages(
    project_id: str, name: str, messages: Sequence[Mapping[str, Any]]
) -> Operation[list[str]]:
    """POST /queues/{q}/messages (1 to 100)."""
    body = g.PostMessagesRequest.from_dict({"messages": [dict(m) for m in messages]})
    kwargs = post_messages._get_kwargs(project_id, name, body=body)
    return _op(
        "post_messages",
        kwargs,
        lambda d: list(g.PostMessagesResponse.from_dict(d).ids),
        idempotent=False,
    )


def op_webhook(
    project_id: str, name: str, payload: bytes, push_headers: Mapping[str, str]
) -> Operation[str]:
    """POST /queues/{q}/webhook: the raw body becomes one message."""
    kwargs = post_webhook._get_kwargs(project_id, name, body=File(payload=io.BytesIO(payload)))
    # bytes rather than the generated file object, so that a retry can send it again
    kwargs["content"] = payload
    kwargs["headers"] = {
        **kwargs["headers"],
        **{f"X-Subscribers-{k}": v for k, v in push_headers.items()},
    }
    return _op(
        "post_webhook",
        kwargs,
        lambda d: g.PostMessagesResponse.from_dict(d).ids[0],
        idempotent=False,
    )


def op_reserve(
    project_id: str,
    name: str,
    *,
    n: int,
    timeout: int | None,
    wait: int | None,
    delete: bool,
) -> Operation[list[ReservedMessage]]:
    """POST /queues/{q}/reservations."""
    spec: dict[str, Any] = {"n": n}
    if timeout is not None:
        spec["timeout"] = timeout
    if wait is not None:
        spec["wait"] = wait
    if delete:
        spec["delete"] = True
    kwargs = reserve_messages._get_kwargs(project_id, name, body=g.ReserveRequest.from_dict(spec))
    return _op(
        "reserve_messages",
        kwargs,
        lambda d: [_reserved(m) for m in g.ReservedMessageList.from_dict(d).messages],
        idempotent=False,
    )


def op_peek(project_id: str, name: str, n: int) -> Operation[list[Message]]:
    """GET /queues/{q}/messages?n=."""
    kwargs = peek_messages._get_kwargs(project_id, name, n=n)
    return _op(
        "peek_messages",
        kwargs,
        lambda d: [_message(m) for m in g.MessageList.from_dict(d).messages],
        idempotent=True,
    )


def op_get_message(project_id: str, name: str, message_id: str) -> Operation[Message]:
    """GET /queues/{q}/messages/{id}."""
    kwargs = get_message._get_kwargs(project_id, name, message_id)
    return _op(
        "get_message",
        kwargs,
        lambda d: _message(g.MessageEnvelope.from_dict(d).message),
        idempotent=True,
    )


def op_delete_message(
    project_id: str,
    name: str,
    message_id: str,
    *,
    reservation_id: str | None,
    subscriber_name: str | None = None,
) -> Operation[None]:
    """DELETE /queues/{q}/messages/{id}."""
    spec: dict[str, Any] = {}
    if reservation_id:
        spec["reservation_id"] = reservation_id
    if subscriber_name:
        spec["subscriber_name"] = subscriber_name
    kwargs = delete_message._get_kwargs(
        project_id, name, message_id, body=g.DeleteMessageRequest.from_dict(spec)
    )
    return _op("delete_message", kwargs, _none, idempotent=True)


def op_delete_messages(
    project_id: str, name: str, refs: Sequence[tuple[str, str | None]]
) -> Operation[None]:
    """DELETE /queues/{q}/messages with ids (1 to 100): never a clear."""
    if not refs:
        raise ValueError("a batch delete needs at least one id")  # an empty body would clear
    items = [{"id": i} | ({"reservation_id": r} if r else {}) for i, r in refs]
    body = g.DeleteMessagesRequest.from_dict({"ids": items})
    kwargs = delete_messages._get_kwargs(project_id, name, body=body)
    return _op("delete_messages", kwargs, _none, idempotent=True)


def op_clear(project_id: str, name: str) -> Operation[None]:
    """DELETE /queues/{q}/messages with `{}`: clear the queue."""
    kwargs = delete_messages._get_kwargs(project_id, name, body=g.DeleteMessagesRequest())
    return _op("clear_messages", kwargs, _none, idempotent=True)


def op_touch(
    project_id: str, name: str, message_id: str, reservation_id: str, timeout: int | None
) -> Operation[str]:
    """POST .../touch: returns the new reservation id."""
    spec: dict[str, Any] = {"reservation_id": reservation_id}
    if timeout is not None:
        spec["timeout"] = timeout
    kwargs = touch_message._get_kwargs(
        project_id, name, message_id, body=g.TouchRequest.from_dict(spec)
    )
    return _op(
        "touch_message",
        kwargs,
        lambda d: g.TouchResponse.from_dict(d).reservation_id,
        idempotent=False,
    )


def op_release(
    project_id: str, name: str, message_id: str, reservation_id: str, delay: int
) -> Operation[None]:
    """POST .../release."""
    spec: dict[str, Any] = {"reservation_id": reservation_id}
    if delay:
        spec["delay"] = delay
    kwargs = release_message._get_kwargs(
        project_id, name, message_id, body=g.ReleaseRequest.from_dict(spec)
    )
    return _op("release_message", kwargs, _none, idempotent=False)


def op_push_statuses(project_id: str, name: str, message_id: str) -> Operation[list[PushStatus]]:
    """GET .../subscribers: one status per subscriber."""
    kwargs = get_push_statuses._get_kwargs(project_id, name, message_id)
    return _op(
        "get_push_statuses",
        kwargs,
        lambda d: [_push_status(s) for s in g.PushStatusList.from_dict(d).subscribers],
        idempotent=True,
    )
