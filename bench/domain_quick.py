"""The domain's hot paths in-process (no HTTP): posting, peeking, reserving and deleting.

Posts 20,000 messages in batches of 100, peeks at 100 fifty times, then reserves 100 and
deletes them in one batch until the queue is empty, on a temporary SQLite file. Prints the
best of `--runs` runs in CPU time of this process (the machine may be shared: wall time
would measure the neighbours). Run it on two checkouts to compare them.

    .venv/bin/python bench/domain_quick.py [--runs 9]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.values import AlertFired, DeleteTarget, NewMessage, PushFailure
from ironmq_local.storage.sqlite import SqliteStore

PROJECT = "5c9f1e0a1b2c3d4e5f607182"
BODY = "benchmark message body of a typical small size"


class _Clock:
    def now(self) -> float:
        return 1_800_000_000.0


class _Reports:
    def alert_message(self, fired: AlertFired) -> str:
        return "{}"

    def error_report(self, failure: PushFailure) -> str:
        return "{}"


def run(db: Path) -> tuple[float, float, float]:
    """(posted messages/s, peeks of 100/s, reserved-and-deleted messages/s) of one run."""
    store = SqliteStore(str(db))
    broker = Broker(store, _Clock(), reports=_Reports(), message_url=lambda *_: "")
    batch = [NewMessage(BODY)] * 100
    t = time.process_time()
    for _ in range(200):
        broker.messages.post(PROJECT, "q", batch)
    post = 20_000 / (time.process_time() - t)
    t = time.process_time()
    for _ in range(50):
        broker.reservations.peek(PROJECT, "q", 100)
    peek = 50 / (time.process_time() - t)
    t = time.process_time()
    done = 0
    while got := broker.reservations.reserve(PROJECT, "q", 100, 60, False):
        targets = [DeleteTarget(m.id, m.reservation_id) for m in got]
        broker.reservations.delete_many(PROJECT, "q", targets)
        done += len(got)
    cycle = done / (time.process_time() - t)
    store.close()
    return post, peek, cycle


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    results = []
    for i in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run(Path(tmp) / f"run{i}.db"))
    names = ("post messages/s", "peek 100: calls/s", "reserve 100 + delete: messages/s")
    for k, name in enumerate(names):
        print(f"{name:34} {max(r[k] for r in results):>10,.0f}")


if __name__ == "__main__":
    main()
