"""The messages the server posts by itself, as JSON text: alert messages and error reports.

They are the same whichever API version configured the queue, because a queue is one queue
for both: an alert message has the layout of the v2 alert docs (FACTS.md §5, unchanged in
v3), and an error report carries both layouts at once, v3's `code`/`msg` per subscriber and
v2's at the top (taken from the first subscriber that failed; FACTS.md §4.2).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from ..domain.values import AlertFired, PushFailure


def rfc3339(when: float) -> str:
    """Seconds since the epoch as RFC 3339 UTC with a `Z` (second precision)."""
    return datetime.fromtimestamp(when, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class JsonReports:
    """The domain's `Reports`: bodies of alert messages and error-queue reports."""

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
        """`{"source_msg_id", "body", "headers", "code", "msg", "subscribers": [{name, url,
        code, msg}]}`: the top-level `code` and `msg` (v2) are the first failure's."""
        first = failure.subscribers[0]
        return json.dumps(
            {
                "source_msg_id": str(failure.message_id),
                "body": failure.body,
                "headers": dict(failure.headers),
                "code": first.code,
                "msg": first.msg,
                "subscribers": [
                    {"name": s.name, "url": s.url, "code": s.code, "msg": s.msg}
                    for s in failure.subscribers
                ],
            }
        )
