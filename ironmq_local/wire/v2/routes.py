"""The v2 route table: path and method → endpoint (FACTS.md §0.1, §3.2)."""

from __future__ import annotations

from starlette.routing import Route

from ..http import Endpoint, grouped_routes
from .handlers import V2Handlers

BASE = "/1/projects/{project_id}"


def routes(h: V2Handlers) -> list[Route]:
    """The routes of `/1/projects/{project_id}`, one per path (405s list every method).

    Fixed segments (`/messages/webhook`, `/messages/peek`) come before `/messages/{id}`, so
    that they win; another method on them falls through to the message route.
    """
    q = BASE + "/queues/{queue_name}"
    m = q + "/messages/{message_id}"
    table: list[tuple[str, str, Endpoint]] = [
        (BASE + "/queues", "GET", h.list_queues),
        (q, "GET", h.get_queue),
        (q, "POST", h.update_queue),
        (q, "DELETE", h.delete_queue),
        (q + "/clear", "POST", h.clear),
        (q + "/subscribers", "POST", h.subscribers),
        (q + "/subscribers", "DELETE", h.subscribers),
        (q + "/alerts", "POST", h.add_alerts),
        (q + "/alerts", "PUT", h.replace_alerts),
        (q + "/alerts", "DELETE", h.remove_alerts),
        (q + "/alerts/{alert_id}", "DELETE", h.remove_alert),
        (q + "/messages", "POST", h.post_messages),
        (q + "/messages", "GET", h.get_messages),
        (q + "/messages", "DELETE", h.delete_messages),
        (q + "/messages/webhook", "POST", h.webhook),
        (q + "/messages/peek", "GET", h.peek),
        (m, "GET", h.get_message),
        (m, "DELETE", h.delete_message),
        (m + "/touch", "POST", h.touch),
        (m + "/release", "POST", h.release),
        (m + "/subscribers", "GET", h.push_statuses),
        (m + "/subscribers/{subscriber_id}", "DELETE", h.delete_push_status),
    ]
    return grouped_routes(table)
