"""SDK values as the plain records `ironmq` prints: the stable field names of its JSON output.

The names are pinned here, not taken from the SDK's classes, so that JSON consumers keep
working when the SDK's types grow or change (tests/cli/test_records.py pins them too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ironmq_sdk import Alert, Message, PushStatus, QueueInfo, Subscriber


def message(msg: Message) -> dict[str, Any]:
    """`id`, `body`, `reserved_count`, and `reservation_id` for a reserved message."""
    record: dict[str, Any] = {
        "id": msg.id,
        "body": msg.body,
        "reserved_count": msg.reserved_count,
    }
    reservation = getattr(msg, "reservation_id", None)
    if reservation is not None:
        record["reservation_id"] = reservation
    return record


def subscriber(sub: Subscriber) -> dict[str, Any]:
    """`name`, `url`, `headers`."""
    return {"name": sub.name, "url": sub.url, "headers": dict(sub.headers)}


def alert(item: Alert) -> dict[str, Any]:
    """`id`, `type`, `trigger`, `direction`, `queue`, `snooze`."""
    return {
        "id": item.id,
        "type": item.type,
        "trigger": item.trigger,
        "direction": item.direction,
        "queue": item.queue,
        "snooze": item.snooze,
    }


def push_status(status: PushStatus) -> dict[str, Any]:
    """`subscriber`, `url`, `status`, `status_code`, `tries`, `retries_remaining`, `last_try_at`."""
    return {
        "subscriber": status.name,
        "url": status.url,
        "status": status.status,
        "status_code": status.status_code,
        "tries": status.tries,
        "retries_remaining": status.retries_remaining,
        "last_try_at": status.last_try_at.isoformat() if status.last_try_at else None,
    }


def queue(info: QueueInfo) -> dict[str, Any]:
    """A queue's settings and counters; `push` and `dead_letter` are null when not set."""
    push = None
    if info.push is not None:
        push = {
            "subscribers": [subscriber(s) for s in info.push.subscribers],
            "retries": info.push.retries,
            "retries_delay": info.push.retries_delay,
            "error_queue": info.push.error_queue,
        }
    dead_letter = None
    if info.dead_letter is not None:
        dead_letter = {
            "queue": info.dead_letter.queue_name,
            "max_reservations": info.dead_letter.max_reservations,
        }
    return {
        "name": info.name,
        "id": info.id,
        "project_id": info.project_id,
        "type": info.type,
        "size": info.size,
        "total_messages": info.total_messages,
        "message_timeout": info.message_timeout,
        "message_expiration": info.message_expiration,
        "dead_letter": dead_letter,
        "push": push,
        "alerts": [alert(a) for a in info.alerts],
    }
