"""The behaviours in which IronMQ's API versions differ, as data (FACTS.md §3 to §5, §8).

The services read one frozen `ApiRules`; a second API version is a second constant, never
an `if version == 2` in a service. What differs only in how a reply looks (success
statuses, `msg` texts, field names) is the wire's business: wire/v3/present.py.
"""

from __future__ import annotations

from dataclasses import dataclass

_NOT_BUILT = ("timed_out_to_front", "queue_type_mutable", "per_message_timeouts")


@dataclass(frozen=True)
class ApiRules:
    """How the domain behaves where v2 and v3 differ.

    Args:
        reservation_ids: v3: every reserve and touch hands out a new reservation id, and
            deleting, touching or releasing a reserved message takes the current one. v2
            has none: any client may delete, touch or release any message.
        timed_out_to_front: v3: a timed-out or released message keeps its place, ahead of
            everything posted after it. v2: it goes to the tail of the queue.
        queue_type_mutable: v3: the type is fixed when the queue is created (403 on a
            change). v2: `push_type` may change, and `"pull"` reverts to a pull queue.
        per_message_timeouts: v2: each posted message carries its own reservation
            `timeout` and `expires_in`. v3: the queue's settings hold for all of them.
        missing_queue_reserves_nothing: v2: reserving from a queue that does not exist
            returns no messages. v3: 404 Queue not found.
    """

    reservation_ids: bool
    timed_out_to_front: bool
    queue_type_mutable: bool
    per_message_timeouts: bool
    missing_queue_reserves_nothing: bool

    def unsupported(self) -> list[str]:
        """The rules this domain cannot honour yet (each needs storage or services to grow).

        A tail position needs an ordering key other than the message id, type changes need
        push settings to come and go, per-message timeouts need a column per message.
        """
        return [name for name in _NOT_BUILT if getattr(self, name) != getattr(V3_RULES, name)]


V3_RULES = ApiRules(
    reservation_ids=True,
    timed_out_to_front=True,
    queue_type_mutable=False,
    per_message_timeouts=False,
    missing_queue_reserves_nothing=False,
)
"""IronMQ v3 (`/3/projects/{project_id}`)."""
