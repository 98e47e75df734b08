"""The v3 route table: path and method → endpoint (FACTS.md §0.1)."""

from __future__ import annotations

from starlette.routing import Route

from ..http import grouped_routes
from .handlers import V3Handlers

BASE = "/3/projects/{project_id}"


def routes(h: V3Handlers) -> list[Route]:
    """The routes of `/3/projects/{project_id}`, one per path (405s list every method)."""
    q = BASE + "/queues/{queue_name}"
    m = q + "/messages/{message_id}"
    return grouped_routes(
        [
            # the message calls first: Starlette tries routes in order, and these are
            # most requests (every route tried before the match costs ~0.6 us); no two
            # of these paths match one URL, so the order changes nothing else
            (q + "/messages", "POST", h.post_messages),
            (q + "/reservations", "POST", h.reserve),
            (m, "DELETE", h.delete_message),
            (BASE + "/queues", "GET", h.list_queues),
            (q, "GET", h.get_queue),
            (q, "PUT", h.put_queue),
            (q, "PATCH", h.patch_queue),
            (q, "DELETE", h.delete_queue),
            (q + "/subscribers", "POST", h.subscribers),
            (q + "/subscribers", "PUT", h.subscribers),
            (q + "/subscribers", "DELETE", h.subscribers),
            (q + "/alerts", "POST", h.add_alerts),
            (q + "/alerts", "PUT", h.replace_alerts),
            (q + "/alerts", "DELETE", h.remove_alerts),
            (q + "/alerts/{alert_id}", "DELETE", h.remove_alert),
            (q + "/messages", "GET", h.peek),
            (q + "/messages", "DELETE", h.delete_messages),
            (q + "/webhook", "POST", h.webhook),
            (m, "GET", h.get_message),
            (m + "/touch", "POST", h.touch),
            (m + "/release", "POST", h.release),
            (m + "/subscribers", "GET", h.push_statuses),
        ]
    )
