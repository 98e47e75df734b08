"""Domain values → v3 JSON, the v3 reply texts, and the acknowledgement URL of pushes.

Everything a v3 client reads is rendered here; v2 (FACTS.md §3) renders the same values
differently (bare objects, `push_type`, other texts) in wire/v2/present.py. The messages the
server posts by itself (alerts, error reports) look the same to both: wire/reports.py.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from typing import Any

from ...domain.ports import MessageUrl
from ...domain.records import PushRow
from ...domain.values import Message, PushSettings, Queue
from ..common import alert
from ..reports import rfc3339

POSTED = 201
"""The status of a successful message post (everything else answers 200)."""
DELETED = "Deleted"
UPDATED = "Updated"
CLEARED = "Cleared"
TOUCHED = "Touched"
RELEASED = "Released"
PUT_ON_QUEUE = "Messages put on queue."
ALERTS_ADDED = "Alerts were added."
ALERTS_REPLACED = "Alerts were replaced."
ALERTS_DELETED = "Alerts were deleted."


def _push(push: PushSettings) -> dict[str, Any]:
    subscribers = []
    for s in push.subscribers:
        entry: dict[str, Any] = {"name": s.name, "url": s.url}
        if s.headers:
            entry["headers"] = dict(s.headers)
        subscribers.append(entry)
    out: dict[str, Any] = {
        "subscribers": subscribers,
        "retries": push.retries,
        "retries_delay": push.retries_delay,
    }
    if push.error_queue:
        out["error_queue"] = push.error_queue
    return out


def queue(q: Queue, *, with_counts: bool) -> dict[str, Any]:
    """The `queue` object; counts only for GET (PUT and PATCH omit them)."""
    settings = q.settings
    out: dict[str, Any] = {"id": q.queue_id, "project_id": q.project_id, "name": q.name}
    if with_counts:
        out["size"] = q.size or 0
        out["total_messages"] = q.total_messages
    out["message_timeout"] = settings.message_timeout
    out["message_expiration"] = settings.message_expiration
    out["type"] = settings.type
    if settings.push is not None:
        out["push"] = _push(settings.push)
    if settings.dead_letter is not None:
        out["dead_letter"] = {
            "queue_name": settings.dead_letter.queue_name,
            "max_reservations": settings.dead_letter.max_reservations,
        }
    if q.alerts:
        out["alerts"] = [alert(a) for a in q.alerts]
    return out


def message(m: Message) -> dict[str, Any]:
    """A message (ids are strings of digits); the reservation id only when reserving."""
    out: dict[str, Any] = {"id": str(m.id), "body": m.body, "reserved_count": m.reserved_count}
    if m.reservation_id is not None:
        out["reservation_id"] = m.reservation_id
    return out


def push_status(row: PushRow) -> dict[str, Any]:
    """One subscriber's push status; `status_code` and `last_try_at` only after a try."""
    out: dict[str, Any] = {
        "name": row.name,
        "url": row.url,
        "retries_remaining": row.retries_remaining,
        "tries": row.tries,
        "status": row.status,
    }
    if row.status_code is not None:
        out["status_code"] = row.status_code
    if row.last_try_at is not None:
        out["last_try_at"] = rfc3339(row.last_try_at)
    return out


def message_url(public_url: str, credentials: Mapping[str, str]) -> MessageUrl:
    """The `Iron-Subscriber-Message-Url` of a push: a DELETE on it acknowledges the message.

    It is the delete-message URL with `subscriber_name`, `reservation_id` and the project's
    token as query parameters, so a subscriber needs nothing else to acknowledge.
    """
    base = public_url.rstrip("/")

    def url(
        project_id: str, queue_name: str, message_id: int, subscriber: str, reservation_id: str
    ) -> str:
        query = {"subscriber_name": subscriber, "reservation_id": reservation_id}
        token = credentials.get(project_id)
        if token:
            query["oauth"] = token
        name = urllib.parse.quote(queue_name, safe="")
        return (
            f"{base}/3/projects/{project_id}/queues/{name}/messages/{message_id}"
            f"?{urllib.parse.urlencode(query)}"
        )

    return url
