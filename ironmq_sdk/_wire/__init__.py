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

from .._errors import ConfigurationError
from .._types import ApiVersion
from .base import Capabilities, Page, Settings, Wire

__all__ = ["Capabilities", "Page", "Settings", "Wire", "wire_for"]


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
