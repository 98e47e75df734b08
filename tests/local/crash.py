"""Crash test: ironmq-local killed with SIGKILL at random moments under concurrent writers and
deleters, restarted on the same database each time, loses no acknowledged post and brings
back no acknowledged delete.

Writers post batches of unique bodies and note every post the server acknowledged (201);
deleters reserve and delete, noting each delete acknowledged (200) and each one attempted.
Meanwhile the process is killed (`kill -9`) at a random moment and restarted on the same
file and port, `rounds` times. At the end the queue is drained and checked:

- lost: an acknowledged post that is gone (and was never the target of a delete) or whose
  body changed;
- resurrected: an acknowledged delete whose message is back;
- duplicates: a body stored more than once (posts are never repeated by the writers);
- miscounted: a queue whose stored counters (`message_count`) differ from a recount of its
  rows, read from the file while the server lies dead after each kill and at the end.

Beside them a churner posts to, reserves from, clears and deletes other queues (so the
rows of dropped queues are being deleted in the background when the kill comes), and a
spoiler sends requests that fail (a batch delete naming a missing message, a delete with a
wrong reservation id): their failures happen inside the same shared transactions as the
writers' and deleters' writes (runtime/commits.py), which must not be lost with them.

`make test` runs a few rounds (tests/local/test_crash.py); `make soak` many:
`python -m tests.local.crash --rounds 50`. No figure depends on timing.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from ironmq_local import LocalServer

QUEUE = "crash"
CHURNED = ("churn-a", "churn-b")
WRITERS = 4
DELETERS = 2
PAUSE = 0.02  # seconds a worker waits after a failed request (the server is restarting)


@dataclass
class Ledger:
    """What the server acknowledged, filled by the workers (under one lock)."""

    posted: dict[str, str] = field(default_factory=dict)  # message id → body
    deleted: set[str] = field(default_factory=set)
    delete_tried: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass
class Figures:
    """The outcome of a run."""

    rounds: int
    acknowledged_posts: int
    acknowledged_deletes: int
    lost: int
    resurrected: int
    duplicates: int
    miscounted: int
    seed: int

    def line(self) -> str:
        """The figures as one line."""
        return (
            f"rounds={self.rounds} acknowledged_posts={self.acknowledged_posts} "
            f"acknowledged_deletes={self.acknowledged_deletes} lost={self.lost} "
            f"resurrected={self.resurrected} duplicates={self.duplicates} "
            f"miscounted={self.miscounted} seed={self.seed}"
        )


def _body(rng: random.Random, writer: int, n: int) -> str:
    # unique, of varied size, not only ASCII: the body read back must be the one sent
    return f"w{writer}-{n}-" + "".join(
        rng.choice('ab€😀\n"\\') for _ in range(rng.randrange(0, 300))
    )


def _writer(server: LocalServer, ledger: Ledger, stop: threading.Event, seed: int) -> None:
    rng = random.Random(seed)
    url = f"{server.api_url}/queues/{QUEUE}/messages"
    n = 0
    with httpx.Client(headers=server.auth_headers, timeout=10) as http:
        while not stop.is_set():
            bodies = [_body(rng, seed, n + i) for i in range(rng.randint(1, 10))]
            n += len(bodies)
            try:
                answer = http.post(url, json={"messages": [{"body": b} for b in bodies]})
            except httpx.HTTPError:
                time.sleep(PAUSE)  # killed mid-request: unknown whether it was stored
                continue
            if answer.status_code == 201:
                with ledger.lock:
                    ledger.posted.update(zip(answer.json()["ids"], bodies, strict=True))


def _deleter(server: LocalServer, ledger: Ledger, stop: threading.Event) -> None:
    queue = f"{server.api_url}/queues/{QUEUE}"
    with httpx.Client(headers=server.auth_headers, timeout=10) as http:
        while not stop.is_set():
            try:
                got = http.post(f"{queue}/reservations", json={"n": 5})
                messages = got.json().get("messages", []) if got.status_code == 200 else []
                for m in messages:
                    with ledger.lock:
                        ledger.delete_tried.add(m["id"])
                    done = http.request(
                        "DELETE",
                        f"{queue}/messages/{m['id']}",
                        json={"reservation_id": m["reservation_id"]},
                    )
                    if done.status_code == 200:
                        with ledger.lock:
                            ledger.deleted.add(m["id"])
                if not messages:
                    time.sleep(PAUSE)
            except httpx.HTTPError:
                time.sleep(PAUSE)


def _churner(server: LocalServer, stop: threading.Event, seed: int) -> None:
    """Post, reserve, clear and delete the churned queues, at random."""
    rng = random.Random(seed)
    with httpx.Client(headers=server.auth_headers, timeout=10) as http:
        while not stop.is_set():
            queue = f"{server.api_url}/queues/{rng.choice(CHURNED)}"
            what = rng.random()
            try:
                if what < 0.6:
                    batch = [{"body": "c" * rng.randrange(50)} for _ in range(rng.randint(1, 50))]
                    http.post(f"{queue}/messages", json={"messages": batch})
                elif what < 0.8:
                    http.post(f"{queue}/reservations", json={"n": 3, "delete": rng.random() < 0.5})
                elif what < 0.95:
                    http.request("DELETE", f"{queue}/messages", json={})  # a clear
                else:
                    http.delete(queue)
            except httpx.HTTPError:
                time.sleep(PAUSE)


def _spoiler(server: LocalServer, ledger: Ledger, stop: threading.Event) -> None:
    """Requests that fail inside the shared transactions: 404s and 403s."""
    queue = f"{server.api_url}/queues/{QUEUE}"
    with httpx.Client(headers=server.auth_headers, timeout=10) as http:
        while not stop.is_set():
            with ledger.lock:
                known = next(iter(ledger.posted), None)
            try:
                http.request("DELETE", f"{queue}/messages", json={"ids": [{"id": "1"}]})
                if known is not None:
                    http.request(
                        "DELETE", f"{queue}/messages/{known}", json={"reservation_id": "0" * 32}
                    )
            except httpx.HTTPError:
                time.sleep(PAUSE)


def miscounted(db: Path) -> list[str]:
    """Queues whose stored message counter differs from a recount of their rows."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT name, message_count, "
            "(SELECT COUNT(*) FROM messages NOT INDEXED WHERE queue_pk = queues.pk) FROM queues"
        ).fetchall()
    finally:
        conn.close()
    return [
        f"{name}: {stored} stored, {counted} counted"
        for name, stored, counted in rows
        if stored != counted
    ]


def _drain(server: LocalServer) -> list[tuple[str, str]]:
    """Every message left in the queue, as (id, body), removing them."""
    server.advance(3600)  # reservations held when the process died run out
    left: list[tuple[str, str]] = []
    with httpx.Client(headers=server.auth_headers, timeout=60) as http:
        while True:
            got = http.post(
                f"{server.api_url}/queues/{QUEUE}/reservations", json={"n": 100, "delete": True}
            )
            got.raise_for_status()
            batch = got.json()["messages"]
            if not batch:
                return left
            left += [(m["id"], m["body"]) for m in batch]


def crash_run(rounds: int, workdir: Path, seed: int | None = None) -> Figures:
    """Run `rounds` kill-and-restart rounds under load; return the figures."""
    seed = random.randrange(1 << 30) if seed is None else seed
    rng = random.Random(seed)
    db = workdir / "crash.db"
    server = LocalServer(str(db), startup_timeout=60)
    server.start()
    server.port = int(server.base_url.rsplit(":", 1)[1])  # restarts keep the address
    httpx.put(f"{server.api_url}/queues/{QUEUE}", json={}, headers=server.auth_headers)
    ledger, stop = Ledger(), threading.Event()
    workers = [
        threading.Thread(target=_writer, args=(server, ledger, stop, seed + i))
        for i in range(WRITERS)
    ] + [threading.Thread(target=_deleter, args=(server, ledger, stop)) for _ in range(DELETERS)]
    workers += [
        threading.Thread(target=_churner, args=(server, stop, seed)),
        threading.Thread(target=_spoiler, args=(server, ledger, stop)),
    ]
    for w in workers:
        w.start()
    wrong: list[str] = []
    try:
        for _ in range(rounds):
            time.sleep(rng.uniform(0.1, 1.0))  # a random moment of the workload
            server.stop(kill=True)
            wrong += miscounted(db)
            server.start()
        time.sleep(rng.uniform(0.1, 0.5))
    finally:
        stop.set()
        for w in workers:
            w.join()
    try:
        server.stop(kill=True)  # the last moment is a crash too
        wrong += miscounted(db)
        server.start()
        left = _drain(server)
    finally:
        server.stop()
    wrong += miscounted(db)
    found = dict(left)
    untouched = {i: b for i, b in ledger.posted.items() if i not in ledger.delete_tried}
    lost = sum(1 for i, b in untouched.items() if found.get(i) != b)
    resurrected = sum(1 for i in ledger.deleted if i in found)
    counts = Counter(body for _, body in left)
    return Figures(
        rounds=rounds,
        acknowledged_posts=len(ledger.posted),
        acknowledged_deletes=len(ledger.deleted),
        lost=lost,
        resurrected=resurrected,
        duplicates=sum(c - 1 for c in counts.values()),
        miscounted=len(wrong),
        seed=seed,
    )


def main() -> int:
    """`python -m tests.local.crash --rounds N`: print the figures; non-zero if any failed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ironmq-soak-") as tmp:
        figures = crash_run(args.rounds, Path(tmp), args.seed)
    print(figures.line())
    failed = figures.lost or figures.resurrected or figures.duplicates or figures.miscounted
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
