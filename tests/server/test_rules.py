"""Each `ApiRules` field, pinned through the behaviour it governs (V3_RULES today).

When V2_RULES arrives, each test here gains its v2 twin over the same in-memory domain.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import (
    Forbidden,
    NotFound,
    ReservationRequired,
    ReservationTimedOut,
)
from ironmq_local.domain.rules import V3_RULES
from ironmq_local.domain.values import NewMessage, QueueChanges
from ironmq_local.storage.sqlite import SqliteStore

from .conftest import PROJECT, FrozenClock, make_broker

HEX32 = re.compile(r"^[0-9a-f]{32}$")


def post(broker: Broker, queue: str, *bodies: str) -> list[int]:
    return broker.messages.post(PROJECT, queue, [NewMessage(b) for b in bodies])


def test_v3_reservation_ids_are_new_on_each_reserve_and_touch(broker: Broker) -> None:
    (mid,) = post(broker, "q", "a")
    (m,) = broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    assert m.reservation_id is not None
    assert HEX32.match(m.reservation_id)
    touched = broker.reservations.touch(PROJECT, "q", mid, m.reservation_id, 0)
    assert touched is not None
    assert touched != m.reservation_id
    with pytest.raises(ReservationTimedOut):  # the touch superseded the first id
        broker.reservations.release(PROJECT, "q", mid, m.reservation_id, 0)


def test_v3_reservation_ids_guard_a_reserved_message(broker: Broker) -> None:
    (mid,) = post(broker, "q", "a")
    broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    with pytest.raises(ReservationRequired):
        broker.delete_message(PROJECT, "q", mid, None)
    with pytest.raises(ReservationTimedOut):
        broker.delete_message(PROJECT, "q", mid, "0" * 32)
    with pytest.raises(ReservationRequired):
        broker.reservations.touch(PROJECT, "q", mid, None, 0)


def test_without_reservation_ids_anyone_may_delete_touch_or_release(
    store: SqliteStore, clock: FrozenClock
) -> None:
    """The v2 side of `reservation_ids`, already built (it only skips the checks)."""
    broker = make_broker(store, clock, dataclasses.replace(V3_RULES, reservation_ids=False))
    first, second = post(broker, "q", "a", "b")
    reserved = broker.reservations.reserve(PROJECT, "q", 2, 0, False)
    assert [m.reservation_id for m in reserved] == [None, None]
    assert broker.reservations.touch(PROJECT, "q", first, None, 0) is None
    broker.reservations.release(PROJECT, "q", first, None, 0)
    broker.delete_message(PROJECT, "q", second, None)
    assert broker.queries.queue(PROJECT, "q").size == 1


def test_v3_timed_out_messages_return_to_the_front(broker: Broker, clock: FrozenClock) -> None:
    first, _ = post(broker, "q", "a", "b")
    broker.reservations.reserve(PROJECT, "q", 1, 10, False)
    post(broker, "q", "c")
    clock.advance(11)  # the reservation of `a` has timed out
    ids = [m.id for m in broker.reservations.reserve(PROJECT, "q", 3, 0, False)]
    assert ids[0] == first
    assert len(ids) == 3


def test_v3_queue_type_is_fixed(broker: Broker) -> None:
    broker.queues.put(PROJECT, "q", QueueChanges())
    with pytest.raises(Forbidden, match="Queue type cannot be changed"):
        broker.queues.patch(PROJECT, "q", QueueChanges(type="multicast"))


def test_v3_reservation_timeout_comes_from_the_queue(broker: Broker, clock: FrozenClock) -> None:
    """Without per-message timeouts a reservation lasts the queue's message_timeout."""
    broker.queues.put(PROJECT, "q", QueueChanges(message_timeout=20))
    post(broker, "q", "a")
    broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    clock.advance(19)
    assert broker.reservations.reserve(PROJECT, "q", 1, 0, False) == []
    clock.advance(1)
    assert len(broker.reservations.reserve(PROJECT, "q", 1, 0, False)) == 1


def test_v3_reserving_from_a_missing_queue_is_not_found(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    with pytest.raises(NotFound, match="Queue not found"):
        broker.reservations.reserve(PROJECT, "nope", 1, 0, False)
    lenient = make_broker(
        store, clock, dataclasses.replace(V3_RULES, missing_queue_reserves_nothing=True)
    )
    assert lenient.reservations.reserve(PROJECT, "nope", 1, 0, False) == []


@pytest.mark.parametrize(
    "change",
    [
        {"timed_out_to_front": False},
        {"queue_type_mutable": True},
        {"per_message_timeouts": True},
    ],
)
def test_rules_not_built_yet_are_refused(
    store: SqliteStore, clock: FrozenClock, change: dict[str, bool]
) -> None:
    """A broker never pretends to follow a rule it cannot (issue 11 builds these)."""
    rules = dataclasses.replace(V3_RULES, **change)
    with pytest.raises(ValueError, match=next(iter(change))):
        make_broker(store, clock, rules)
