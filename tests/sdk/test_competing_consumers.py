"""Many consumers on one queue: each message is handled once per valid reservation, a
reservation abandoned by a dead worker comes back after its timeout, nothing is lost."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter, defaultdict

from ironmq_local import LocalServer
from ironmq_sdk import AsyncIronMQ, IronMQ, ReservedMessage

from .conftest import connect

MESSAGES = 2000
ABANDONED = 100
SYNC_WORKERS = 6
ASYNC_WORKERS = 3
TIMEOUT = 30


class Ledger:
    """Every delivery a handler saw: message id -> reservation ids, and bodies handled."""

    def __init__(self) -> None:
        self.reservations: defaultdict[str, list[str | None]] = defaultdict(list)
        self.bodies: Counter[str] = Counter()
        self.counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def record(self, message: ReservedMessage) -> None:
        """Note one delivery."""
        with self._lock:
            self.reservations[message.id].append(message.reservation_id)
            self.bodies[message.body] += 1
            self.counts[message.id] = message.reserved_count


def consume_all(server: LocalServer, mq: IronMQ, ledger: Ledger) -> list[int]:
    """Run SYNC_WORKERS sync consumers (threads) and ASYNC_WORKERS async ones (one event loop)
    until the queue has nothing left to hand out; what each processed."""
    processed: list[int] = []
    lock = threading.Lock()

    def sync_worker() -> None:
        consumer = mq.queue("compete").consumer(
            batch_size=10, wait=0, timeout=TIMEOUT, concurrency=2, stop_when_empty=True
        )
        done = consumer.run(ledger.record)
        assert (consumer.failed, consumer.lost) == (0, 0)
        with lock:
            processed.append(done)

    async def async_workers() -> None:
        async with AsyncIronMQ(
            project_id=server.project_id, token=server.token, base_url=server.base_url
        ) as amq:

            async def handler(message: ReservedMessage) -> None:
                ledger.record(message)
                await asyncio.sleep(0)

            consumers = [
                amq.queue("compete").consumer(
                    batch_size=10, wait=0, timeout=TIMEOUT, concurrency=4, stop_when_empty=True
                )
                for _ in range(ASYNC_WORKERS)
            ]
            done = await asyncio.gather(*(c.run(handler) for c in consumers))
            with lock:
                processed.extend(done)

    threads = [threading.Thread(target=sync_worker) for _ in range(SYNC_WORKERS)]
    threads.append(threading.Thread(target=lambda: asyncio.run(async_workers())))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return processed


def test_competing_consumers_handle_each_message_once_and_lose_none(
    ironmq: LocalServer,
) -> None:
    """2000 messages, nine consumers (sync and async), 100 messages held by a worker that
    dies: every message is handled exactly once, the abandoned ones only after their
    reservation timed out (virtual clock), with a new reservation; the queue ends empty."""
    with connect(ironmq, http_client=None) as mq:  # no spec validation: this is load
        q = mq.queue("compete")
        bodies = [f"m{i}" for i in range(MESSAGES)]
        q.post(*bodies)
        ironmq.freeze()  # reservations end only when the test moves the clock
        abandoned = {m.id: m.reservation_id for m in q.reserve(ABANDONED, timeout=TIMEOUT)}
        ledger = Ledger()

        first = consume_all(ironmq, mq, ledger)
        assert sum(first) == MESSAGES - ABANDONED
        assert not set(ledger.reservations) & set(abandoned)  # held reservations are honoured
        assert q.size() == ABANDONED

        ironmq.advance(TIMEOUT + 1)  # the dead worker's reservations time out
        second = consume_all(ironmq, mq, ledger)
        assert sum(second) == ABANDONED

        assert ledger.bodies == Counter(bodies)  # each exactly once, none lost
        assert all(len(rids) == 1 for rids in ledger.reservations.values())
        for message_id, old in abandoned.items():
            assert ledger.reservations[message_id] != [old]
            assert ledger.counts[message_id] >= 2  # the abandoned reservation counts
        assert q.size() == 0
