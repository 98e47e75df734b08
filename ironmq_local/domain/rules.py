"""The behaviours in which IronMQ's API versions differ, as data (FACTS.md §3 to §5, §8).

The services read one frozen `ApiRules`; a second API version is a second constant, never
an `if version == 2` in a service. What differs only in how a reply looks (success
statuses, `msg` texts, field names) is the wire's business: wire/v3/ and wire/v2/.

Both versions share one store, so a rule acts where the request is made and leaves state the
other version understands: a v2 reserve still records a reservation id (a v3 client cannot
take the message over without it), and a v2 timeout sends the message to the tail even if a
v3 reserve is the next to look (`Broker.with_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ApiRules:
    """How the domain behaves where v2 and v3 differ.

    Args:
        reservation_ids: v3: deleting, touching or releasing a reserved message takes its
            current reservation id. v2 shows none: any client may delete or release any
            message, and touch any reserved one.
        timed_out_to_front: v3: a timed-out or released message keeps its place, ahead of
            everything posted after it. v2: it goes to the tail of the queue, behind
            everything posted before it became available again.
        queue_type_mutable: v3: the type is fixed when the queue is created (403 on a
            change). v2: `push_type` may change, subscribers make a pull queue a push queue,
            and `"pull"` (or removing the last subscriber) turns it back.
        per_message_timeouts: v2: a reserve or touch without a timeout lasts the message's
            own `timeout`, given when it was posted (else the queue's message_timeout).
            v3: the queue's message_timeout holds for every message.
        missing_queue_reserves_nothing: v2: reserving from a queue that does not exist
            returns no messages. v3: 404 Queue not found.
        updates_create_queues: v2: adding or removing subscribers and adding alerts create
            a missing queue (as updating it does). v3: 404 Queue not found.
    """

    reservation_ids: bool
    timed_out_to_front: bool
    queue_type_mutable: bool
    per_message_timeouts: bool
    missing_queue_reserves_nothing: bool
    updates_create_queues: bool


V3_RULES = ApiRules(
    reservation_ids=True,
    timed_out_to_front=True,
    queue_type_mutable=False,
    per_message_timeouts=False,
    missing_queue_reserves_nothing=False,
    updates_create_queues=False,
)
"""IronMQ v3 (`/3/projects/{project_id}`)."""

V2_RULES = ApiRules(
    reservation_ids=False,
    timed_out_to_front=False,
    queue_type_mutable=True,
    per_message_timeouts=True,
    missing_queue_reserves_nothing=True,
    updates_create_queues=True,
)
"""IronMQ v2 (`/1/projects/{project_id}`)."""
