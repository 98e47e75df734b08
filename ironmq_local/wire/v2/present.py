"""Domain values → v2 JSON, and the v2 reply texts (FACTS.md §3).

v2 objects are not wrapped: queue info is the queue object itself, a listing is a bare
array. A queue shows `push_type` and its push settings at the top only while it is a push
queue; messages show their `timeout`; push statuses carry the subscriber's `id`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ...domain.push import subscriber_id
from ...domain.records import PushRow, QueueRecord
from ...domain.values import Message, Queue
from ..common import alert

DELETED = "Deleted"
DELETED_QUEUE = "Deleted."
CLEARED = "Cleared"
TOUCHED = "Touched"
RELEASED = "Released"
PUT_ON_QUEUE = "Messages put on queue."


@dataclass(frozen=True)
class AlertTexts:
    """What the alert endpoints answer in `msg`."""

    added: str
    replaced: str
    deleted: str


ALERT_TEXTS: Final = {
    # What the seed's own client (iron_mq_python 0.4 to 0.7) asserts in its test suite, run
    # against the live service, and the first v2 docs said: the default.
    "updated": AlertTexts("Updated", "Updated", "Deleted"),
    # What the v2 reference says since 2014 (and the Ruby client's README).
    "docs": AlertTexts("Alerts were added.", "Alerts were replaced.", "Alerts were deleted."),
}
"""The `--v2-alert-answers` choices of ironmq-local."""


def queue(q: Queue) -> dict[str, Any]:
    """The queue object: identity, counts, push settings (push queues), alerts (if any)."""
    out: dict[str, Any] = {
        "id": q.queue_id,
        "project_id": q.project_id,
        "name": q.name,
        "size": q.size or 0,
        "total_messages": q.total_messages,
        "reserved": q.reserved or 0,
    }
    push = q.settings.push
    if push is not None:
        out["push_type"] = q.settings.type
        out["retries"] = push.retries
        out["retries_delay"] = push.retries_delay
        if push.error_queue:
            out["error_queue"] = push.error_queue
        out["subscribers"] = [
            {"url": s.url, **({"headers": dict(s.headers)} if s.headers else {})}
            for s in push.subscribers
        ]
    if q.alerts:
        out["alerts"] = [alert(a) for a in q.alerts]
    return out


def listed(record: QueueRecord) -> dict[str, Any]:
    """A queue in a listing."""
    return {"id": record.queue_id, "project_id": record.project_id, "name": record.name}


def message(m: Message) -> dict[str, Any]:
    """A message of a get (its reservation's timeout) or peek (its own timeout)."""
    return {
        "id": str(m.id),
        "body": m.body,
        "timeout": m.timeout,
        "reserved_count": m.reserved_count,
    }


def message_detail(m: Message) -> dict[str, Any]:
    """A message fetched by id, with its status."""
    return {**message(m), "status": m.status}


def push_statuses(rows: Sequence[PushRow], retries_delay: int, *, unicast: bool) -> list[Any]:
    """One status per subscriber; a unicast message shows one (FACTS.md §4.2, the Ruby v2
    client's tests): the subscriber that has it, else the one tried last, else the first."""
    if unicast and rows:
        rows = [_unicast_entry(rows)]
    out = []
    for row in rows:
        entry: dict[str, Any] = {
            "id": subscriber_id(row.message_id, row.position),
            "url": row.url,
            "status": row.status,
            "retries_delay": retries_delay,
            "retries_remaining": row.retries_remaining,
        }
        if row.status_code is not None:
            entry["status_code"] = row.status_code
        out.append(entry)
    return out


def _unicast_entry(rows: Sequence[PushRow]) -> PushRow:
    taken = [r for r in rows if r.status_code is not None and 200 <= r.status_code < 300]
    if taken:
        return taken[0]
    tried = [r for r in rows if r.last_try_at is not None]
    return max(tried, key=lambda r: r.last_try_at or 0.0) if tried else rows[0]
