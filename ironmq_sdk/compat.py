"""A drop-in for the legacy `iron_mq` module (iron_mq_python 0.4 to 0.9).

Change only the import::

    from ironmq_sdk.compat import IronMQ     # was: from iron_mq import IronMQ

Class and method names (the deprecated camelCase ones too) and the returned dict shapes are
the legacy ones, and so is the API spoken: like iron_core, `IronMQ(api_version=1)` (or
`IRON_API_VERSION=1`, or `"api_version": 1` in iron.json) talks IronMQ v2, the API of
iron_mq 0.4 to 0.7, and answers with v2's dicts (queue info with `reserved`, `push_type`
and `subscribers` at the top; messages with their `timeout`; push statuses with the
subscriber `id` that `delete_message_push_status` takes; alert calls answering `Updated`
and `Deleted`, as those clients' tests assert).

Without it (api_version 3, the default) the same v2-era calls are translated onto IronMQ v3,
and these differ:

- a message dict with `timeout` or `expires_in` raises `ironmq_sdk.UnsupportedArgumentError`
  ("messages[0].timeout: IronMQ v3 has no per-message timeout. Set the queue's
  message_timeout (create_queue/update_queue) or pass timeout= to reserve()/get()", and
  "... IronMQ v3 has no per-message expiration. Set the queue's message_expiration ...");
- reserved messages are deleted, touched and released with their reservation id, which the
  queue object remembers for you (`touch` answers the new one); a message this object did
  not reserve needs `reservation_id=` (`InvalidArgumentError`);
- `update(push_type=...)` cannot change an existing queue's type
  (`UnsupportedArgumentError`: delete and re-create it); `queues(page=...)` raises, since
  v3 pages by name (`previous=`);
- `delete_message_push_status(message_id, subscriber)` names the subscriber by name, with
  the push's reservation id;
- v3's dicts: messages carry `reservation_id`, queue info `message_timeout`,
  `message_expiration`, `type` and a nested `push`, and the alert calls answer
  `Alerts were added.`, `Alerts were replaced.` and `Alerts were deleted.`.

On both, `keystone=` raises `ConfigurationError`, and HTTP failures raise the
`ironmq_sdk.IronMQError` tree rather than `requests.HTTPError`.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Mapping
from datetime import datetime
from types import TracebackType
from typing import Any

from . import _validate as v
from ._alerts import Alert
from ._errors import ConfigurationError, InvalidArgumentError
from ._messages import Message
from ._queue_info import DeadLetter, QueueInfo
from ._subscribers import PushStatus
from ._sync.client import IronMQ as _IronMQ
from ._sync.queue import Queue as _Queue

__all__ = ["IronMQ", "Queue"]


def _clean(value: Any) -> Any:
    """A dataclass as a dict without None values (the API omits what does not apply)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _clean(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not None
        }
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _queue_dict(info: QueueInfo, v2: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = _clean(info)
    if not out.get("alerts"):
        out.pop("alerts", None)
    for sub in out.get("push", {}).get("subscribers", []):
        if not sub.get("headers"):
            sub.pop("headers", None)
        if v2:  # v2 subscribers are URLs, with no name
            sub.pop("name", None)
    if v2:  # v2's layout: push settings at the top, no queue-wide timeouts
        for key in ("message_timeout", "message_expiration", "type", "dead_letter"):
            out.pop(key, None)
        push = out.pop("push", None)
        if push is not None:
            out["push_type"] = info.type
            out.update(push)
    else:
        out.pop("reserved", None)
    return out


def _message_dict(message: Message) -> dict[str, Any]:
    out: dict[str, Any] = _clean(message)
    if not out.get("push_statuses"):
        out.pop("push_statuses", None)
    return out


def _status_dict(status: PushStatus, v2: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = _clean(status)
    if v2:
        out.pop("name", None)  # v2 names subscribers by URL (and by `id` here)
    return out


_TOP_LEVEL = frozenset({"message_timeout", "message_expiration", "type", "alerts"})
_PUSH = frozenset({"subscribers", "retries", "retries_delay", "error_queue"})


def _settings(options: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
    """Keyword settings from a legacy settings dict (v3's `queue` object, `push` nested),
    and whether it asks to remove the dead-letter queue (`{"dead_letter": {"queue_name": ""}}`)."""
    settings: dict[str, Any] = {}
    remove_dead_letter = False
    for key, value in options.items():
        if key in _TOP_LEVEL:
            settings[key] = value
        elif key == "push" and isinstance(value, Mapping):
            for push_key, push_value in value.items():
                if push_key not in _PUSH:
                    known = ", ".join(sorted(_PUSH))
                    raise InvalidArgumentError(f"push.{push_key}", f"unknown (known: {known})")
                settings[push_key] = push_value
        elif key == "dead_letter" and isinstance(value, Mapping):
            if value.get("queue_name"):
                limit = value.get("max_reservations", 10)
                settings[key] = DeadLetter(str(value["queue_name"]), limit)
            else:
                remove_dead_letter = True
        else:
            known = ", ".join(sorted([*_TOP_LEVEL, "push", "dead_letter"]))
            raise InvalidArgumentError(key, f"unknown queue setting (known: {known})")
    return settings, remove_dead_letter


def _deprecated(old: str, new: str) -> None:
    warnings.warn(f"{old}() is deprecated; use {new}()", DeprecationWarning, stacklevel=3)


class Queue:
    """A queue, with the legacy method names and dict results."""

    def __init__(self, mq: IronMQ, name: str) -> None:
        self.name = name
        self._queue: _Queue = mq.client.queue(name)
        self._v2 = mq.client.api_version == 1
        """Whether this speaks IronMQ v2 (api_version 1), and answers with v2's dicts."""

    @property
    def typed(self) -> _Queue:
        """The typed queue underneath."""
        return self._queue

    def info(self) -> dict[str, Any]:
        """The queue as a dict (`id`, `name`, `size`, `total_messages`, ...)."""
        return _queue_dict(self._queue.info(), self._v2)

    def size(self) -> int:
        """Messages in the queue."""
        return self._queue.size()

    def id(self) -> str | None:
        """The queue's id."""
        return self._queue.id()

    def total_messages(self) -> int:
        """Messages ever posted."""
        return self._queue.total_messages()

    def clear(self) -> dict[str, Any]:
        """Delete every message: `{"msg": "Cleared"}`."""
        self._queue.clear()
        return {"msg": "Cleared"}

    def delete(
        self,
        message_id: str,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> dict[str, Any]:
        """Delete a message (its reservation is remembered if this queue reserved it)."""
        self._queue.delete(message_id, reservation_id, subscriber_name)
        return {"msg": "Deleted"}

    def delete_multiple(
        self, *message_ids: str, ids: list[str] | None = None, messages: Any = None
    ) -> dict[str, Any]:
        """Delete messages: `delete_multiple(id, id)` (0.7), or `ids=[...]`/`messages=` (0.9)."""
        refs: list[str | Message] = [*message_ids, *(ids or [])]
        if messages is not None:
            items = messages["messages"] if isinstance(messages, Mapping) else messages
            for item in items:
                if isinstance(item, Mapping):
                    rid = item.get("reservation_id")
                    if rid:
                        self._queue._flows.reservations.remember(str(item["id"]), str(rid))
                    refs.append(str(item["id"]))
                else:
                    refs.append(item)
        self._queue.delete_multiple(*refs)
        return {"msg": "Deleted"}

    def post(self, *messages: str | Mapping[str, Any]) -> dict[str, Any]:
        """Post messages: `{"ids": [...], "msg": "Messages put on queue."}`."""
        return {"ids": self._queue.post(*messages), "msg": "Messages put on queue."}

    def get(
        self, max: int | None = None, timeout: int | None = None, wait: int | None = None
    ) -> dict[str, Any]:
        """Reserve messages: `{"messages": [{"id", "body", "reserved_count", ...}]}`."""
        return self.reserve(max, timeout, wait)

    def reserve(
        self,
        max: int | None = None,
        timeout: int | None = None,
        wait: int | None = None,
        delete: bool | None = None,
    ) -> dict[str, Any]:
        """Reserve messages: `{"messages": [...]}` with reservation ids."""
        count = 1 if max is None else v.count("max", max)  # an error names `max`, not `n`
        found = self._queue.reserve(count, timeout, wait, bool(delete))
        return {"messages": [_message_dict(m) for m in found]}

    def get_message_by_id(self, message_id: str) -> dict[str, Any]:
        """One message as a dict."""
        return _message_dict(self._queue.get_message_by_id(message_id))

    def peek(self, max: int | None = None) -> dict[str, Any]:
        """Messages without reserving them: `{"messages": [...]}`."""
        return {"messages": [_message_dict(m) for m in self._queue.peek(max)]}

    def touch(
        self, message_id: str, reservation_id: str | None = None, timeout: int | None = None
    ) -> dict[str, Any]:
        """Extend a reservation: `{"reservation_id": <new>, "msg": "Touched"}`."""
        new = self._queue.touch(message_id, reservation_id, timeout)
        return {"reservation_id": new, "msg": "Touched"}

    def release(
        self, message_id: str, reservation_id: str | int | None = None, delay: int = 0
    ) -> dict[str, Any]:
        """Release a reservation: `{"msg": "Released"}`; `release(id, 30)` (0.7) is a delay."""
        if isinstance(reservation_id, int):
            delay, reservation_id = reservation_id, None
        self._queue.release(message_id, reservation_id, delay)
        return {"msg": "Released"}

    def update(
        self,
        options: Mapping[str, Any] | None = None,
        subscribers: Any = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        """Update the queue: `update({...v3 settings...})` (0.9) or `update(subscribers=...,
        push_type=...)` (0.7, creates a missing push queue); the queue as a dict."""
        if options is not None and not isinstance(options, Mapping):
            subscribers, options = options, None  # 0.7: update(["http://..."])
        if options is not None:
            settings, remove_dead_letter = _settings(options)
            if remove_dead_letter:
                info = self._queue.remove_dead_letter()
                if not settings:
                    return _queue_dict(info)
            return _queue_dict(self._queue.update_queue(**settings), self._v2)
        if isinstance(subscribers, (str, Mapping)):
            subscribers = [subscribers]
        push_type = kwargs.pop("push_type", None)
        return _queue_dict(self._queue.update(subscribers, push_type, **kwargs), self._v2)

    def delete_queue(self) -> dict[str, Any]:
        """Delete the queue: `{"msg": "Deleted"}` (v2: `Deleted.`)."""
        self._queue.delete_queue()
        return {"msg": "Deleted." if self._v2 else "Deleted"}

    def _alert_text(self, v3: str, v2: str) -> dict[str, Any]:
        return {"msg": v2 if self._v2 else v3}

    def add_alerts(self, *alerts: Alert | Mapping[str, Any]) -> dict[str, Any]:
        """Add alerts."""
        self._queue.add_alerts(*alerts)
        return self._alert_text("Alerts were added.", "Updated")

    def update_alerts(self, *alerts: Alert | Mapping[str, Any]) -> dict[str, Any]:
        """Replace the alerts."""
        self._queue.update_alerts(*alerts)
        return self._alert_text("Alerts were replaced.", "Updated")

    def remove_alerts(self, *alert_ids: str | Mapping[str, Any]) -> dict[str, Any]:
        """Remove alerts by id (ids, or dicts with `id`)."""
        ids = [a["id"] if isinstance(a, Mapping) else a for a in alert_ids]
        self._queue.remove_alerts(*ids)
        return self._alert_text("Alerts were deleted.", "Deleted")

    def remove_alert(self, alert_id: str) -> dict[str, Any]:
        """Remove one alert."""
        self._queue.remove_alert(alert_id)
        return self._alert_text("Alerts were deleted.", "Deleted")

    def _subscribers_changed(self) -> dict[str, Any]:
        # v2 answers with the queue, v3 with a status text
        return self.info() if self._v2 else {"msg": "Updated"}

    def add_subscribers(self, *subscribers: Any) -> dict[str, Any]:
        """Add subscribers (URLs as in 0.7, or dicts with `name` and `url` as in 0.9)."""
        self._queue.add_subscribers(*subscribers)
        return self._subscribers_changed()

    def remove_subscribers(self, *subscribers: Any) -> dict[str, Any]:
        """Remove subscribers (URLs as in 0.7, or names as in 0.9)."""
        self._queue.remove_subscribers(*subscribers)
        return self._subscribers_changed()

    def replace_subscribers(self, *subscribers: Any) -> dict[str, Any]:
        """Set the subscribers to exactly these."""
        self._queue.replace_subscribers(*subscribers)
        return self._subscribers_changed()

    def get_message_push_statuses(self, message_id: str) -> dict[str, Any]:
        """`{"subscribers": [{"name", "url", "status", ...}]}` (v2: `id` and `url`)."""
        statuses = self._queue.get_message_push_statuses(message_id)
        return {"subscribers": [_status_dict(s, self._v2) for s in statuses]}

    def delete_message_push_status(
        self, message_id: str, subscriber_id: str, reservation_id: str | None = None
    ) -> dict[str, Any]:
        """Acknowledge a push answered with 202: by the subscriber id of its push status
        (v2), or by subscriber name and reservation id (v3)."""
        self._queue.delete_message_push_status(message_id, subscriber_id, reservation_id)
        return {"msg": "Deleted"}


class IronMQ:
    """The legacy client: `IronMQ(host=..., project_id=..., token=..., ...)`."""

    NAME = "iron_mq_python"
    VERSION = "0.9"
    API_VERSION = 3
    """The default; `api_version=1` speaks IronMQ v2, as iron_core did."""

    def __init__(self, name: str | None = None, **kwargs: Any) -> None:
        """Accepts iron_core's keywords: host, project_id, token, protocol, port,
        api_version, config_file, cloud (a base URL)."""
        self.name = name
        if kwargs.pop("keystone", None) is not None:
            raise ConfigurationError("keystone authentication is not supported; pass token=")
        prefix = kwargs.pop("path_prefix", None)
        cloud = kwargs.pop("cloud", None)
        if prefix and not cloud:
            raise ConfigurationError("path_prefix needs cloud= (or use base_url=)")
        if cloud:
            kwargs["base_url"] = str(cloud).rstrip("/") + (prefix or "")
        self._client = _IronMQ(**kwargs)

    @property
    def client(self) -> _IronMQ:
        """The typed client underneath."""
        return self._client

    def queues(
        self,
        page: int | None = None,
        per_page: int | None = None,
        previous: str | None = None,
        prefix: str | None = None,
    ) -> list[str]:
        """A page of queue names (v3 pages by `previous` and `prefix`, v2 by `page`)."""
        return self._client.queues(per_page, previous, prefix, page=page)

    def queue(self, queue_name: str) -> Queue:
        """The queue called `queue_name`."""
        return Queue(self, queue_name)

    def create_queue(
        self, queue_name: str, options: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Create (or update) a queue from a v3 settings dict; the queue as a dict."""
        settings, remove_dead_letter = _settings(options or {})
        info = self._client.create_queue(queue_name, **settings)
        if remove_dead_letter:
            info = self._client.queue(queue_name).remove_dead_letter()
        return _queue_dict(info, self._client.api_version == 1)

    def update_queue(
        self, queue_name: str, options: Mapping[str, Any] | None = None
    ) -> dict[str, Any]:
        """Update a queue from a v3 settings dict; the queue as a dict."""
        return self.queue(queue_name).update(dict(options or {}))

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> IronMQ:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # deprecated names of iron_mq 0.4 and later

    def getQueues(  # legacy name
        self, page: int | None = None, project_id: str | None = None
    ) -> list[str]:
        """Deprecated: `queues()`."""
        _deprecated("getQueues", "queues")
        return self.queues(page=page)

    def getQueueDetails(  # legacy name
        self, queue_name: str, project_id: str | None = None
    ) -> dict[str, Any]:
        """Deprecated: `queue(name).info()`."""
        _deprecated("getQueueDetails", "queue(name).info")
        return self.queue(queue_name).info()

    def deleteMessage(  # legacy name
        self, queue_name: str, message_id: str, project_id: str | None = None
    ) -> dict[str, Any]:
        """Deprecated: `queue(name).delete(id)`."""
        _deprecated("deleteMessage", "queue(name).delete")
        return self.queue(queue_name).delete(message_id)

    def postMessage(  # legacy name
        self,
        queue_name: str,
        messages: list[str | Mapping[str, Any]] | None = None,
        project_id: str | None = None,
    ) -> dict[str, Any]:
        """Deprecated: `queue(name).post(*messages)`."""
        _deprecated("postMessage", "queue(name).post")
        return self.queue(queue_name).post(*(messages or []))

    def getMessage(  # legacy name
        self, queue_name: str, max: int | None = None, project_id: str | None = None
    ) -> dict[str, Any]:
        """Deprecated: `queue(name).get(max=...)`."""
        _deprecated("getMessage", "queue(name).get")
        return self.queue(queue_name).get(max=max)

    def clearQueue(  # legacy name
        self, queue_name: str, project_id: str | None = None
    ) -> dict[str, Any]:
        """Deprecated: `queue(name).clear()`."""
        _deprecated("clearQueue", "queue(name).clear")
        return self.queue(queue_name).clear()
