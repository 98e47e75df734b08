"""The wires: one per IronMQ API version, the only code that imports `generated/`.

`wire_for(api_version, project_id)` gives a client its version's `Wire` (see `base`). The
version's package, and with it the generated client (about a third of the SDK's import
time), is imported then, so `import ironmq_sdk` stays quick.

Two versions are wired: `v3/` (api_version 3, `/3/projects/{project_id}`,
`generated/ironmq_api_v3`) and `v2/` (api_version 1, `/1/projects/{project_id}`,
`generated/ironmq_api_v2`). Where they differ, the flows read each wire's `Capabilities`;
what a v2 answer lacks and what the SDK's values say instead is decided in `v2/convert.py`.
Adding a version is an addition: a package like these, registered in `wire_for`, and its
default host in `_config`.

The `read_*` functions below read what IronMQ sends besides answers (pushes, alert and
error-queue messages) for `_push` and `_reports`, whichever version sent them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from .._errors import ConfigurationError, InvalidArgumentError
from .._types import ApiVersion
from .base import Capabilities, Page, Settings, Wire

T = TypeVar("T")

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
    if api_version == 1:
        from .v2 import V2Wire  # noqa: PLC0415

        return V2Wire(project_id)
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

    fields = push_fields(headers)
    if any(k.lower() == "iron-subscriber-message-id" for k in headers):
        from .v2 import sent as v2  # noqa: PLC0415

        fields.update(v2.push_fields(headers))
    return fields


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

    fields = _reading("error-queue message", error_queue_fields, document)
    if "code" in document or "msg" in document:
        # v2's layout: one `code` and `msg` for the message, which each subscriber takes
        # where it has none of its own
        from .v2 import sent as v2  # noqa: PLC0415

        code, msg = _reading("error-queue message", v2.error_queue_outcome, document)
        for failed in fields["subscribers"]:
            failed["code"] = code if failed["code"] is None else failed["code"]
            failed["msg"] = msg if failed["msg"] is None else failed["msg"]
    return fields


def _reading(kind: str, read: Callable[[Mapping[str, Any]], T], document: Mapping[str, Any]) -> T:
    # The generated models raise KeyError, TypeError or ValueError on a missing or ill-typed
    # field; the caller gets one exception that names what it tried to read.
    try:
        return read(document)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InvalidArgumentError("body", f"not an IronMQ {kind}: {exc!r}") from exc
