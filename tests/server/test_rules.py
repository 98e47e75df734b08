"""Each `ApiRules` field, pinned through the behaviour it governs: a V3_RULES test and its
V2_RULES twin over the same in-memory domain (`broker` speaks v3, `v2` is the same broker
under V2_RULES), plus what each rule leaves behind for the other version to see."""

from __future__ import annotations

import dataclasses
import re

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import (
    Forbidden,
    InvalidArgument,
    NotFound,
    ReservationRequired,
    ReservationTimedOut,
)
from ironmq_local.domain.rules import V2_RULES, V3_RULES, ApiRules
from ironmq_local.domain.values import (
    AlertSpec,
    NewMessage,
    PushChanges,
    QueueChanges,
    Subscriber,
)

from .conftest import PROJECT, FrozenClock

HEX32 = re.compile(r"^[0-9a-f]{32}$")
HOOK = Subscriber("", "http://127.0.0.1:9/hook")


def post(broker: Broker, queue: str, *bodies: str, timeout: int | None = None) -> list[int]:
    return broker.messages.post(PROJECT, queue, [NewMessage(b, timeout=timeout) for b in bodies])


def reserved_ids(broker: Broker, queue: str, n: int = 10, timeout: int = 0) -> list[int]:
    return [m.id for m in broker.reservations.reserve(PROJECT, queue, n, timeout, False)]


def test_every_rule_has_a_v2_value_that_differs_from_v3() -> None:
    """Each field is a real difference, and each has its tests below (named after it)."""
    fields = [f.name for f in dataclasses.fields(ApiRules)]
    assert all(getattr(V2_RULES, f) != getattr(V3_RULES, f) for f in fields)
    tests = {name for name in globals() if name.startswith("test_")}
    for field in fields:
        assert any(field in t for t in tests if t.startswith("test_v3_")), field
        assert any(field in t for t in tests if t.startswith("test_v2_")), field


def test_with_rules_shares_ids_alerts_and_store(broker: Broker, v2: Broker) -> None:
    assert v2.rules == V2_RULES
    assert broker.with_rules(V3_RULES) is broker
    first = post(broker, "q", "a")[0]
    second = post(v2, "q", "b")[0]
    assert second > first  # one id counter
    v2.alerts.add(PROJECT, "q", [AlertSpec("fixed", 3, "q-alerts")])
    post(broker, "q", "c")  # the v3 side judges the alert set through the v2 side
    assert reserved_ids(broker, "q-alerts") != []


# reservation_ids ------------------------------------------------------------------------


def test_v3_reservation_ids_are_new_on_each_reserve_and_touch(broker: Broker) -> None:
    (mid,) = post(broker, "q", "a")
    (m,) = broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    assert m.reservation_id is not None
    assert HEX32.match(m.reservation_id)
    touched = broker.reservations.touch(PROJECT, "q", mid, m.reservation_id, 0)
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
    with pytest.raises(ReservationRequired):
        broker.reservations.release(PROJECT, "q", mid, None, 0)


def test_v2_reservation_ids_are_not_needed_to_delete_touch_or_release(v2: Broker) -> None:
    first, second = post(v2, "q", "a", "b")
    assert reserved_ids(v2, "q", 2) == [first, second]
    v2.reservations.touch(PROJECT, "q", first, None, 0)
    v2.reservations.release(PROJECT, "q", first, None, 0)
    v2.delete_message(PROJECT, "q", second, None)
    assert v2.queries.queue(PROJECT, "q").size == 1


def test_v2_reservation_ids_still_exist_so_v3_cannot_take_a_v2_reservation(
    broker: Broker, v2: Broker
) -> None:
    """A v2 reserve records an id it never shows: a v3 client needs it, like any other."""
    (mid,) = post(v2, "q", "a")
    (m,) = v2.reservations.reserve(PROJECT, "q", 1, 0, False)
    assert m.reservation_id is not None
    with pytest.raises(ReservationRequired):
        broker.delete_message(PROJECT, "q", mid, None)
    with pytest.raises(ReservationTimedOut):
        broker.reservations.touch(PROJECT, "q", mid, "0" * 32, 0)
    v2.delete_message(PROJECT, "q", mid, None)  # while v2 may delete a v3 reservation


def test_v2_reservation_ids_absent_touch_and_release_take_any_message(
    v2: Broker, clock: FrozenClock
) -> None:
    """Release of a message that is not reserved succeeds (the Java v2 client's tests do
    it); touch of one reserves it, so a client whose reservation ran out keeps the message."""
    first, second = post(v2, "q", "a", "b")
    v2.reservations.release(PROJECT, "q", first, None, 0)
    v2.reservations.touch(PROJECT, "q", second, None, 0)  # reserved for 60 s now
    assert reserved_ids(v2, "q", 10, 120) == [first]
    clock.advance(60)
    assert reserved_ids(v2, "q") == [second]


# timed_out_to_front ---------------------------------------------------------------------


def test_v3_timed_out_to_front_keeps_the_place(broker: Broker, clock: FrozenClock) -> None:
    first, second = post(broker, "q", "a", "b")
    broker.reservations.reserve(PROJECT, "q", 1, 10, False)
    (third,) = post(broker, "q", "c")
    clock.advance(11)  # the reservation of `a` has timed out
    assert reserved_ids(broker, "q") == [first, second, third]


def test_v3_timed_out_to_front_on_release_too(broker: Broker, clock: FrozenClock) -> None:
    first, second = post(broker, "q", "a", "b")
    (m,) = broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    broker.reservations.release(PROJECT, "q", first, m.reservation_id, 0)
    assert reserved_ids(broker, "q") == [first, second]


def test_v2_timed_out_to_front_is_false_the_message_goes_to_the_tail(
    v2: Broker, clock: FrozenClock
) -> None:
    first, second = post(v2, "q", "a", "b")
    v2.reservations.reserve(PROJECT, "q", 1, 30, False)
    (third,) = post(v2, "q", "c")
    clock.advance(31)
    (fourth,) = post(v2, "q", "d")  # posted after the timeout: behind `a`
    assert reserved_ids(v2, "q") == [second, third, first, fourth]


def test_v2_timed_out_to_front_is_false_even_when_ids_ran_ahead_of_the_clock(
    v2: Broker, clock: FrozenClock
) -> None:
    """After a reset puts the clock back, message ids keep counting from where they were
    (ahead of the clock): the order follows the clock, not the ids."""
    clock.advance(3600)
    post(v2, "old", "x")
    v2.reset()
    clock.advance(-3600)
    first, second = post(v2, "q", "a", "b")
    v2.reservations.reserve(PROJECT, "q", 1, 30, False)
    (third,) = post(v2, "q", "c")
    clock.advance(31)
    assert reserved_ids(v2, "q") == [second, third, first]


def test_v2_timed_out_to_front_is_false_for_releases_and_touches(
    v2: Broker, clock: FrozenClock
) -> None:
    first, second, third = post(v2, "q", "a", "b", "c")
    reserved_ids(v2, "q", 2, 30)
    clock.advance(20)
    v2.reservations.touch(PROJECT, "q", first, None, 0)  # `a` now ends at +80
    v2.reservations.release(PROJECT, "q", second, None, 0)  # `b` goes back now
    (fourth,) = post(v2, "q", "d")
    clock.advance(70)
    assert reserved_ids(v2, "q") == [third, second, fourth, first]


def test_v2_timed_out_to_front_the_reserving_version_decides(
    broker: Broker, v2: Broker, clock: FrozenClock
) -> None:
    """A v2 reservation sends the message to the tail even when v3 looks next, and a v3
    reservation keeps its place when v2 looks next."""
    first, second = post(broker, "q", "a", "b")
    v2.reservations.reserve(PROJECT, "q", 1, 30, False)
    clock.advance(31)
    assert reserved_ids(broker, "q", 10, 30) == [second, first]
    clock.advance(31)
    assert reserved_ids(v2, "q") == [second, first]


# queue_type_mutable ---------------------------------------------------------------------


def test_v3_queue_type_mutable_is_false(broker: Broker) -> None:
    broker.queues.put(PROJECT, "q", QueueChanges())
    with pytest.raises(Forbidden, match="Queue type cannot be changed"):
        broker.queues.patch(PROJECT, "q", QueueChanges(type="multicast"))
    with pytest.raises(InvalidArgument, match="push queues"):
        broker.queues.update_subscribers(PROJECT, "q", [Subscriber("a", HOOK.url)], "add")


def test_v3_queue_type_mutable_is_false_so_a_push_queue_keeps_a_subscriber(
    broker: Broker,
) -> None:
    push = PushChanges((Subscriber("a", HOOK.url),))
    broker.queues.put(PROJECT, "p", QueueChanges(push=push))
    with pytest.raises(InvalidArgument, match="at least one subscriber"):
        broker.queues.update_subscribers(PROJECT, "p", [Subscriber("a", "")], "remove")


def test_v2_queue_type_mutable_pull_to_push_and_back(v2: Broker) -> None:
    (old,) = post(v2, "q", "before")
    v2.queues.put(PROJECT, "q", QueueChanges(push=PushChanges((HOOK,))))
    queue = v2.queries.queue(PROJECT, "q")
    assert queue.settings.type == "multicast"
    assert queue.settings.push is not None
    assert [s.name for s in queue.settings.push.subscribers] == [HOOK.url]  # named by URL
    (pushed,) = post(v2, "q", "after")
    # the message posted while it was a pull queue stays reservable; the new one is pushed
    assert reserved_ids(v2, "q") == [old]
    v2.queues.put(PROJECT, "q", QueueChanges(type="unicast"))
    assert v2.queries.queue(PROJECT, "q").settings.type == "unicast"
    v2.queues.put(PROJECT, "q", QueueChanges(type="pull"))
    queue = v2.queries.queue(PROJECT, "q")
    assert (queue.settings.type, queue.settings.push) == ("pull", None)
    # the undelivered push message became a pull message
    assert reserved_ids(v2, "q") == [pushed]


def test_v2_queue_type_mutable_subscribers_convert_the_queue(v2: Broker) -> None:
    v2.queues.update_subscribers(PROJECT, "q", [HOOK], "add")
    assert v2.queries.queue(PROJECT, "q").settings.type == "multicast"
    v2.queues.update_subscribers(PROJECT, "q", [Subscriber("", HOOK.url)], "remove")
    assert v2.queries.queue(PROJECT, "q").settings.type == "pull"


def test_v2_queue_type_mutable_but_not_into_a_push_queue_with_alerts(v2: Broker) -> None:
    v2.alerts.add(PROJECT, "q", [AlertSpec("fixed", 5, "alerts")])
    with pytest.raises(InvalidArgument, match="Push queues do not support alerts"):
        v2.queues.put(PROJECT, "q", QueueChanges(push=PushChanges((HOOK,))))
    with pytest.raises(InvalidArgument, match="at least one subscriber"):
        v2.queues.put(PROJECT, "r", QueueChanges(type="unicast"))


# per_message_timeouts -------------------------------------------------------------------


def test_v3_per_message_timeouts_are_off_the_queue_decides(
    broker: Broker, v2: Broker, clock: FrozenClock
) -> None:
    """A reservation lasts the queue's message_timeout, even for a message that v2 posted
    with its own timeout."""
    broker.queues.put(PROJECT, "q", QueueChanges(message_timeout=20))
    post(v2, "q", "a", timeout=120)
    (m,) = broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    assert m.timeout == 20
    clock.advance(19)
    assert reserved_ids(broker, "q") == []
    clock.advance(1)
    assert len(reserved_ids(broker, "q")) == 1


def test_v2_per_message_timeouts_the_message_decides(
    broker: Broker, v2: Broker, clock: FrozenClock
) -> None:
    broker.queues.put(PROJECT, "q", QueueChanges(message_timeout=20))
    own, default = post(v2, "q", "own", timeout=120) + post(v2, "q", "default")
    reserved = v2.reservations.reserve(PROJECT, "q", 2, 0, False)
    assert [(m.id, m.timeout) for m in reserved] == [(own, 120), (default, 20)]
    clock.advance(20)
    assert reserved_ids(v2, "q") == [default]
    clock.advance(10)
    v2.reservations.touch(PROJECT, "q", default, None, 0)  # from now: its own, the queue's
    clock.advance(19)
    assert reserved_ids(v2, "q") == []
    clock.advance(1)
    assert reserved_ids(v2, "q", 10, 45) == [default]  # a timeout given wins
    clock.advance(70)
    assert reserved_ids(v2, "q") == [default, own]
    assert v2.queries.message(PROJECT, "q", own).timeout == 120


def test_v2_per_message_timeouts_expires_in_counts_from_posting(
    v2: Broker, clock: FrozenClock
) -> None:
    v2.messages.post(PROJECT, "q", [NewMessage("short", expires_in=60), NewMessage("long")])
    clock.advance(60)
    assert [m.body for m in v2.reservations.peek(PROJECT, "q", 10)] == ["long"]


# missing_queue_reserves_nothing ---------------------------------------------------------


def test_v3_missing_queue_reserves_nothing_is_off(broker: Broker) -> None:
    with pytest.raises(NotFound, match="Queue not found"):
        broker.reservations.reserve(PROJECT, "nope", 1, 0, False)


def test_v2_missing_queue_reserves_nothing(v2: Broker) -> None:
    assert v2.reservations.reserve(PROJECT, "nope", 1, 0, False) == []
    with pytest.raises(NotFound):  # it creates nothing
        v2.queries.queue(PROJECT, "nope")


# updates_create_queues ------------------------------------------------------------------


def test_v3_updates_create_queues_is_off(broker: Broker) -> None:
    with pytest.raises(NotFound):
        broker.alerts.add(PROJECT, "nope", [AlertSpec("fixed", 5, "alerts")])
    with pytest.raises(NotFound):
        broker.queues.update_subscribers(PROJECT, "nope", [Subscriber("a", HOOK.url)], "add")


def test_v2_updates_create_queues(v2: Broker) -> None:
    v2.alerts.add(PROJECT, "alerted", [AlertSpec("fixed", 5, "alerts")])
    assert len(v2.queries.queue(PROJECT, "alerted").alerts) == 1
    v2.queues.update_subscribers(PROJECT, "pushed", [HOOK], "add")
    assert v2.queries.queue(PROJECT, "pushed").settings.type == "multicast"
    v2.queues.update_subscribers(PROJECT, "emptied", [HOOK], "remove")
    assert v2.queries.queue(PROJECT, "emptied").settings.type == "pull"
