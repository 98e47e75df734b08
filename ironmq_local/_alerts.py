"""Alert rules (FACTS.md §3.4, §5): validation against a queue's alerts and firing on crossings.

Pure functions; the broker stores alerts and calls `crossed` with the size an alert last saw
and the size now, on every change of the queue's size.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from ._models import MAX_ALERTS, Alert, AlertSpec, InvalidArgument

PUSH_QUEUES_NO_ALERTS = "Push queues do not support alerts."
DUPLICATE_ALERT = "At least one new alert duplicates current queue alerts."
ALERT_NOT_FOUND = "Alert not found"
TOO_MANY_ALERTS = f"A queue can have at most {MAX_ALERTS} alerts"
PROGRESSIVE_SELF = "A progressive alert cannot post to its own queue"
PROGRESSIVE_CYCLE = "Progressive alerts must not form a cycle of queues"


def crossed(spec: AlertSpec, old: int, new: int) -> bool:
    """Whether a size change from `old` to `new` fires the alert (snooze aside).

    fixed asc T: from below T to T or above. fixed desc T: from above T to T or below.
    progressive asc T: past a new multiple k*T (k >= 1) upwards, once however many.
    progressive desc T: from above some k*T (k >= 1) to it or below; 0 is never a level.
    """
    t = spec.trigger
    if spec.type == "fixed":
        return old < t <= new if spec.direction == "asc" else old > t >= new
    if spec.direction == "asc":
        return new > old and new // t > old // t
    if new >= old:
        return False
    lowest = max(1, -(-new // t))  # the smallest level k*T at or above `new`
    highest = (old - 1) // t  # the largest level k*T strictly below `old`
    return lowest <= highest


def check_new(
    queue_name: str,
    existing: Sequence[Alert],
    new: Sequence[AlertSpec],
    *,
    replace: bool,
    progressive_edges: Iterable[tuple[str, str]],
) -> None:
    """Raise InvalidArgument if `new` may not be added to (or replace) `existing`."""
    kept = [] if replace else list(existing)
    if len(kept) + len(new) > MAX_ALERTS:
        raise InvalidArgument(TOO_MANY_ALERTS)
    keys = {(a.spec.type, a.spec.direction, a.spec.trigger) for a in kept}
    if any((s.type, s.direction, s.trigger) in keys for s in new):
        raise InvalidArgument(DUPLICATE_ALERT)
    edges: dict[str, set[str]] = {}
    for source, target in progressive_edges:
        if source != queue_name or not replace:
            edges.setdefault(source, set()).add(target)
    for s in new:
        if s.type != "progressive":
            continue
        if s.queue == queue_name:
            raise InvalidArgument(PROGRESSIVE_SELF)
        edges.setdefault(queue_name, set()).add(s.queue)
    if _reaches(edges, queue_name, queue_name):
        raise InvalidArgument(PROGRESSIVE_CYCLE)


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return False


def message_body(source_queue: str, size: int, alert: Alert, now: float) -> str:
    """The JSON text posted to the target queue when an alert fires (FACTS.md §5)."""
    return json.dumps(
        {
            "source_queue": source_queue,
            "queue_size": size,
            "alert_id": alert.id,
            "alert_type": alert.spec.type,
            "alert_direction": alert.spec.direction,
            "alert_trigger": alert.spec.trigger,
            "created_at": rfc3339(now),
        }
    )


def rfc3339(when: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a `Z` (second precision)."""
    return datetime.fromtimestamp(when, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
