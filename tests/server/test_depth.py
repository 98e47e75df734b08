"""No operation pays for the messages already queued: clears and queue deletes hand their rows
to the background, reserve and peek go in bounded steps, housekeeping in bounded batches."""

from __future__ import annotations

import asyncio

import pytest

from ironmq_local.domain import reservations
from ironmq_local.domain.broker import Broker
from ironmq_local.domain.errors import NotFound
from ironmq_local.domain.values import AlertSpec, DeadLetterChanges, NewMessage, QueueChanges
from ironmq_local.storage.sqlite import SqliteStore
from ironmq_local.wire.endpoints import in_steps

from .conftest import PROJECT, Events, FrozenClock


def rows(store: SqliteStore) -> int:
    return int(store.conn.execute("SELECT COUNT(*) FROM messages").fetchone()[0])


def test_a_clear_empties_the_queue_at_once_and_leaves_its_rows_to_the_worker(
    broker: Broker, store: SqliteStore, events: Events
) -> None:
    alert = AlertSpec("fixed", 1, "alarm", "desc")
    broker.queues.put(PROJECT, "q", QueueChanges(alerts=(alert,)))
    old = broker.messages.post(PROJECT, "q", [NewMessage(str(i)) for i in range(5)])
    (held,) = broker.reservations.reserve(PROJECT, "q", 1, 0, False)
    schedules = events.schedules
    broker.reservations.clear(PROJECT, "q")
    assert events.schedules > schedules  # the worker is told it has rows to delete
    queue = broker.queries.queue(PROJECT, "q")
    assert (queue.size, queue.total_messages, queue.alerts[0].spec) == (0, 5, alert)
    assert broker.queries.queue(PROJECT, "alarm").size == 1  # 5 -> 0 crossed "desc 1"
    assert rows(store) == 6  # nothing deleted yet: the five old ones and the alert message
    with pytest.raises(NotFound):
        broker.reservations.delete(PROJECT, "q", held.id, held.reservation_id)
    assert broker.reservations.peek(PROJECT, "q", 10) == []
    (new,) = broker.messages.post(PROJECT, "q", [NewMessage("after")])
    assert broker.messages.purge_dropped(limit=2) is True
    assert broker.messages.purge_dropped(limit=2) is True
    assert broker.messages.purge_dropped(limit=2) is False
    assert rows(store) == 2  # the alert message and `after`, which the purge never touches
    assert [m.id for m in broker.reservations.peek(PROJECT, "q", 10)] == [new]
    assert new not in old


def test_a_deleted_queue_s_pk_is_not_reused_while_its_rows_remain(
    broker: Broker, store: SqliteStore
) -> None:
    broker.messages.post(PROJECT, "q", [NewMessage("a"), NewMessage("b")])
    gone = store.queues.get(PROJECT, "q")
    broker.queues.delete(PROJECT, "q")
    broker.messages.post(PROJECT, "other", [NewMessage("c")])
    other = store.queues.get(PROJECT, "other")
    assert gone is not None
    assert other is not None
    assert other.pk != gone.pk
    assert broker.queries.queue(PROJECT, "other").size == 1
    while broker.messages.purge_dropped(limit=1):
        pass
    assert rows(store) == 1


def test_a_reserve_passes_over_a_long_dead_front_in_bounded_steps(
    broker: Broker, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reservations, "STEP_ROWS", 3)
    broker.queues.put(PROJECT, "q", QueueChanges(dead_letter=DeadLetterChanges("dlq", 1)))
    dead = broker.messages.post(PROJECT, "q", [NewMessage(str(i)) for i in range(7)])
    assert len(broker.reservations.reserve(PROJECT, "q", 7, 10, False)) == 7
    clock.advance(11)  # every one has used its one reservation: each moves when next met
    (live,) = broker.messages.post(PROJECT, "q", [NewMessage("live")])
    steps = [broker.reservations.reserve_step(PROJECT, "q", 1, 0, False) for _ in range(5)]
    # 3 + 3 + 1 promoted (their reservations ended), then 3 + 3 + 1 moved, then `live`
    assert [(len(found), more) for found, more in steps] == [(0, True)] * 4 + [(1, False)]
    assert steps[4][0][0].id == live
    moved = broker.reservations.peek(PROJECT, "dlq", 10)
    assert sorted(m.id for m in moved) == dead


def test_a_reserve_promotes_a_mass_of_ended_reservations_in_bounded_steps(
    broker: Broker, clock: FrozenClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reservations, "STEP_ROWS", 2)
    ids = broker.messages.post(PROJECT, "q", [NewMessage(str(i)) for i in range(5)])
    broker.reservations.reserve(PROJECT, "q", 5, 10, False)
    clock.advance(11)
    assert broker.reservations.reserve_step(PROJECT, "q", 5, 0, False) == ([], True)
    assert broker.reservations.peek_step(PROJECT, "q", 5) == ([], True)
    # in the end every one is handed out in its place (v3: timed out keeps its place)
    assert [m.id for m in broker.reservations.reserve(PROJECT, "q", 5, 0, False)] == ids


def test_the_wire_runs_bounded_steps_until_an_answer_letting_others_in() -> None:
    answers = iter([([], True), ([], True), (["found"], False)])
    others: list[int] = []

    async def main() -> list[str]:
        async def other() -> None:
            for i in range(3):
                others.append(i)
                await asyncio.sleep(0)

        task = asyncio.create_task(other())
        found = await in_steps(lambda: next(answers))  # type: ignore[arg-type,return-value]
        await task
        return found  # type: ignore[return-value]

    assert asyncio.run(main()) == ["found"]
    assert others == [0, 1, 2]


def test_the_sweep_goes_on_across_queues_a_bounded_batch_at_a_time(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    for name in ("a", "b", "c"):
        broker.queues.put(PROJECT, name, QueueChanges(message_expiration=10))
        broker.messages.post(PROJECT, name, [NewMessage("x"), NewMessage("y")])
    clock.advance(10)
    assert [broker.queries.queue(PROJECT, n).size for n in "abc"] == [0, 0, 0]
    assert [broker.messages.sweep(limit=4), rows(store)] == [True, 2]
    assert [broker.messages.sweep(limit=4), rows(store)] == [False, 0]


def test_an_alerted_queue_s_mass_expiry_fires_once_and_is_purged_in_batches(
    broker: Broker, store: SqliteStore, clock: FrozenClock
) -> None:
    alert = AlertSpec("progressive", 2, "alarm", "desc")
    broker.queues.put(PROJECT, "q", QueueChanges(message_expiration=10, alerts=(alert,)))
    broker.messages.post(PROJECT, "q", [NewMessage(str(i)) for i in range(6)])
    clock.advance(10)
    assert broker.messages.expire_alerted(limit=4) is True
    assert broker.messages.expire_alerted(limit=4) is False
    assert broker.messages.expire_alerted(limit=4) is False
    assert rows(store) == 1  # the one alert message: 6 -> 0 is one change, not three
    assert broker.queries.queue(PROJECT, "alarm").size == 1
