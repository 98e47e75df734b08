"""The wires: one per IronMQ API version, the only code that imports `generated/`.

`wire_for(api_version, project_id)` gives a client its version's `Wire` (see `base`). The
version's package, and with it the generated client (about a third of the SDK's import
time), is imported then, so `import ironmq_sdk` stays quick.

Adding an API version is an addition, not an edit through the flows. For IronMQ v2
(api_version 1, `/1/projects/{project_id}`, `generated/ironmq_api_v2`):

- write `v2/` like `v3/`: a class implementing `base.Wire` (mypy checks it where
  `wire_for` returns it), its `Capabilities`, its error table, and `convert.py` for the
  JSON; register it in `wire_for`; delete the refusal of api_version 1 in `_config`, and
  give `_config` v2's default host;
- capabilities: `reservations=False` (delete by id, touch and release without one),
  `fixed_queue_type=False` and `update_creates=True` (POST /queues/{q} takes `push_type`,
  `pull` included, and creates the queue), `subscriber_key="url"`; `settings` without
  `message_timeout`, `message_expiration`, `dead_letter` or `alerts` (alerts have their
  own calls); `message_fields` `delay`, `timeout`, `expires_in`; `hints` for what v2 lacks
  (`push_headers`, `previous`, `prefix`, the settings above);
- listing pages by number: `list_queues` reads `Page.number` (and refuses
  `Page.previous`), `next_page` counts up;
- `create_queue` and `update_queue` are both v2's POST /queues/{q} (`type` rendered as
  `push_type`); `remove_dead_letter` raises `caps.unsupported_operation`; `clear` is
  POST /clear; `reserve` is GET /messages with `n`, `timeout`, `wait`, `delete`;
  `acknowledge_push` deletes `/messages/{id}/subscribers/{subscriber}`, where `subscriber`
  is the `id` of a v2 push status;
- decide, and document, what v2 answers leave out of the SDK's values: a
  `ReservedMessage.reservation_id` and what `touch` returns (no reservation ids), a
  `QueueInfo.message_timeout` (consumers take their lease from it; v2's per-message default
  is 60 s), a push status's `name`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._errors import ConfigurationError, InvalidArgumentError
from .._types import ApiVersion
from .base import Capabilities, Page, Settings, Wire

__all__ = [
    "Capabilities",
    "Page",
    "Settings",
    "Wire",
    "read_alert_message",
    "read_error_queue_message",
    "read_push",
    "wire_for",
]


def wire_for(api_version: ApiVersion, project_id: str) -> Wire:
    """The wire of `api_version` for the project `project_id`.

    Raises:
        ConfigurationError: the SDK has no wire for that version.
    """
    if api_version == 3:
        from .v3 import V3Wire  # noqa: PLC0415  # deferred: it imports the generated client

        return V3Wire(project_id)
    # Issue 11: `if api_version == 1: from .v2 import V2Wire; return V2Wire(project_id)`.
    raise ConfigurationError(f"this SDK has no wire for api_version {api_version}")


# What IronMQ sends besides answers. A receiver does not know which API version sent it, so
# these read the layout, and the version's generated model does the typing. They return the
# fields of the SDK's values (`_push`, `_reports`), which build themselves from them.


def read_push(headers: Mapping[str, str]) -> dict[str, Any]:
    """The `PushMessage` fields of a push request's headers (but `body` and `headers`).

    Raises:
        InvalidArgumentError: the request has no `Iron-Message-Id` header.
    """
    if not any(k.lower() == "iron-message-id" and v for k, v in headers.items()):
        raise InvalidArgumentError("headers", "not an IronMQ push: no Iron-Message-Id header")
    from .v3.sent import push_fields  # noqa: PLC0415  # deferred: the generated client

    return push_fields(headers)


def read_alert_message(document: Mapping[str, Any]) -> dict[str, Any]:
    """The `AlertMessage` fields of an alert message's JSON body.

    Raises:
        InvalidArgumentError: the body is not an alert message.
    """
    from .v3.sent import alert_fields  # noqa: PLC0415

    return _reading("alert message", alert_fields, document)


def read_error_queue_message(document: Mapping[str, Any]) -> dict[str, Any]:
    """The `ErrorQueueMessage` fields of an error-queue message's JSON body.

    Raises:
        InvalidArgumentError: the body is not an error-queue message.
    """
    from .v3.sent import error_queue_fields  # noqa: PLC0415

    return _reading("error-queue message", error_queue_fields, document)


def _reading(
    kind: str, read: Callable[[Mapping[str, Any]], dict[str, Any]], document: Mapping[str, Any]
) -> dict[str, Any]:
    # The generated models raise KeyError, TypeError or ValueError on a missing or ill-typed
    # field; the caller gets one exception that names what it tried to read.
    try:
        return read(document)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidArgumentError("body", f"not an IronMQ {kind}: {exc!r}") from exc
