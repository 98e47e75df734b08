"""Domain values → v3 JSON, the v3 reply texts, and the v3 layout of the server's own messages.

Everything a v3 client reads is rendered here; v2 (FACTS.md §3) renders the same values
differently (bare objects, `push_type`, other texts) in a module of its own.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any

from ...domain.ports import MessageUrl
from ...domain.records import PushRow
from ...domain.values import Alert, AlertFired, Message, PushFailure, PushSettings, Queue

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


def rfc3339(when: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a `Z` (second precision)."""
    return datetime.fromtimestamp(when, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


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


def alert(a: Alert) -> dict[str, Any]:
    """An alert as the queue shows it."""
    s = a.spec
    return {
        "id": a.id,
        "type": s.type,
        "trigger": s.trigger,
        "direction": s.direction,
        "queue": s.queue,
        "snooze": s.snooze,
    }


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


class V3Reports:
    """The bodies of alert messages (FACTS.md §5) and error-queue reports (FACTS.md §2.5)."""

    def alert_message(self, fired: AlertFired) -> str:
        """`{"source_queue", "queue_size", "alert_id", ..., "created_at"}` as JSON text."""
        spec = fired.alert.spec
        return json.dumps(
            {
                "source_queue": fired.source_queue,
                "queue_size": fired.queue_size,
                "alert_id": fired.alert.id,
                "alert_type": spec.type,
                "alert_direction": spec.direction,
                "alert_trigger": spec.trigger,
                "created_at": rfc3339(fired.at),
            }
        )

    def error_report(self, failure: PushFailure) -> str:
        """`{"source_msg_id", "body", "headers", "subscribers": [{name, url, code, msg}]}`."""
        return json.dumps(
            {
                "source_msg_id": str(failure.message_id),
                "body": failure.body,
                "headers": dict(failure.headers),
                "subscribers": [
                    {"name": s.name, "url": s.url, "code": s.code, "msg": s.msg}
                    for s in failure.subscribers
                ],
            }
        )


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
