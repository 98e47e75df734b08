"""OpenAPI links for stateful testing (post → reserve → touch → release/delete ...).

The spec does not carry links yet; `with_links` adds these to a loaded copy of it (never to
the file). The same links, as YAML to paste into spec/ironmq-v3.yaml, are in the report of
issue 6 (and `python -m tests.contract.links` prints them). Links already in the spec win.
"""

from __future__ import annotations

import copy
from typing import Any

import yaml

P = "/3/projects/{project_id}/queues/{queue_name}"
SAME_QUEUE = {"project_id": "$request.path.project_id", "queue_name": "$request.path.queue_name"}


def _link(operation_id: str, description: str, **extra: Any) -> dict[str, Any]:
    parameters = {**SAME_QUEUE, **extra.pop("parameters", {})}
    return {
        "operationId": operation_id,
        "description": description,
        "parameters": parameters,
        **extra,
    }


RESERVED = "$response.body#/messages/0"
LINKS: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {
    (P, "put", "200"): {
        "PostToCreatedQueue": _link("post_messages", "Post messages to the queue just created."),
        "GetCreatedQueue": _link("get_queue", "Read the queue just created."),
    },
    (P + "/messages", "post", "201"): {
        "ReservePosted": _link("reserve_messages", "Reserve from the queue posted to."),
        "PeekPosted": _link("peek_messages", "Peek at the queue posted to."),
        "GetFirstPosted": _link(
            "get_message",
            "Get the first message posted.",
            parameters={"message_id": "$response.body#/ids/0"},
        ),
        "DeleteFirstPosted": _link(
            "delete_message",
            "Delete the first message posted (not reserved, so no reservation id).",
            parameters={"message_id": "$response.body#/ids/0"},
        ),
        "GetQueuePosted": _link("get_queue", "Read the counters of the queue posted to."),
    },
    (P + "/reservations", "post", "200"): {
        "TouchReserved": _link(
            "touch_message",
            "Touch the first reserved message with its reservation.",
            parameters={"message_id": RESERVED + "/id"},
            requestBody={"reservation_id": RESERVED + "/reservation_id"},
        ),
        "ReleaseReserved": _link(
            "release_message",
            "Release the first reserved message.",
            parameters={"message_id": RESERVED + "/id"},
            requestBody={"reservation_id": RESERVED + "/reservation_id"},
        ),
        "DeleteReserved": _link(
            "delete_message",
            "Delete the first reserved message with its reservation.",
            parameters={"message_id": RESERVED + "/id"},
            requestBody={"reservation_id": RESERVED + "/reservation_id"},
        ),
        "GetReserved": _link(
            "get_message",
            "Get the first reserved message by id.",
            parameters={"message_id": RESERVED + "/id"},
        ),
    },
    (P + "/messages/{message_id}/touch", "post", "200"): {
        "DeleteTouched": _link(
            "delete_message",
            "Delete the touched message with its new reservation.",
            parameters={"message_id": "$request.path.message_id"},
            requestBody={"reservation_id": "$response.body#/reservation_id"},
        ),
        "ReleaseTouched": _link(
            "release_message",
            "Release the touched message with its new reservation.",
            parameters={"message_id": "$request.path.message_id"},
            requestBody={"reservation_id": "$response.body#/reservation_id"},
        ),
        "TouchTouched": _link(
            "touch_message",
            "Touch again with the new reservation.",
            parameters={"message_id": "$request.path.message_id"},
            requestBody={"reservation_id": "$response.body#/reservation_id"},
        ),
    },
    (P + "/messages/{message_id}/release", "post", "200"): {
        "ReserveReleased": _link(
            "reserve_messages", "Reserve again: the released message is first."
        ),
    },
    (P + "/messages", "get", "200"): {
        "GetPeeked": _link(
            "get_message",
            "Get the first peeked message.",
            parameters={"message_id": "$response.body#/messages/0/id"},
        ),
    },
}


def with_links(raw_spec: dict[str, Any]) -> dict[str, Any]:
    """A copy of the spec with LINKS added (links the spec has already are kept)."""
    spec = copy.deepcopy(raw_spec)
    for (path, method, status), links in LINKS.items():
        response = spec["paths"][path][method]["responses"][status]
        if "$ref" in response:
            raise ValueError(f"{method} {path} {status}: links need an inline response")
        existing = response.setdefault("links", {})
        for name, link in links.items():
            existing.setdefault(name, link)
    return spec


def links_yaml() -> str:
    """The links as YAML fragments, one per response, to paste into the spec."""
    out = []
    for (path, method, status), links in LINKS.items():
        out.append(f"# paths.{path!r}.{method}.responses.{status!r}.links:")
        out.append(yaml.safe_dump({"links": links}, sort_keys=False, width=100))
    return "\n".join(out)


if __name__ == "__main__":
    print(links_yaml())
