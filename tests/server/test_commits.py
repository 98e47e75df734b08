"""Group commit: concurrent requests share one SQLite commit, nothing is answered before its
batch is committed, and one request's failure loses nobody else's write."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from starlette.types import Message, Receive, Scope, Send

from ironmq_local.domain.errors import NotFound
from ironmq_local.domain.values import NewMessage
from ironmq_local.runtime.commits import GroupCommit
from ironmq_local.storage.sqlite import SqliteStore
from ironmq_local.wire.durable import Durable

from .conftest import PROJECT, FrozenClock, make_broker


def stored(path: Path) -> list[str]:
    """Bodies committed to the file, as another process would see them."""
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT body FROM messages ORDER BY id")]
    finally:
        conn.close()


def test_requests_of_one_turn_share_a_commit_that_comes_at_the_next_turn(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "db"))
    broker = make_broker(store, FrozenClock())
    commits: list[str] = []
    store.conn.set_trace_callback(lambda sql: commits.append(sql) if sql == "COMMIT" else None)

    async def main() -> None:
        store.batch_commits(GroupCommit(store))
        for body in ("a", "b", "c"):  # three requests in one turn of the loop
            broker.messages.post(PROJECT, "q", [NewMessage(body)])
        assert stored(tmp_path / "db") == []  # nothing committed yet
        await asyncio.sleep(0)  # the next turn
        assert stored(tmp_path / "db") == ["a", "b", "c"]

    asyncio.run(main())
    assert commits == ["COMMIT"]


def test_a_failing_request_rolls_back_its_own_writes_only(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "db"))
    broker = make_broker(store, FrozenClock())

    async def main() -> None:
        store.batch_commits(GroupCommit(store))
        broker.messages.post(PROJECT, "q", [NewMessage("first")])

        def write_then_fail() -> None:
            with store.transaction():
                broker.messages.post(PROJECT, "q", [NewMessage("failed")])  # joins the batch
                raise RuntimeError("and fails after writing")

        with pytest.raises(RuntimeError):
            write_then_fail()
        with pytest.raises(NotFound):  # a domain error after the queue was read
            broker.reservations.delete(PROJECT, "q", 1, None)
        broker.messages.post(PROJECT, "q", [NewMessage("third")])
        await asyncio.sleep(0)

    asyncio.run(main())
    assert stored(tmp_path / "db") == ["first", "third"]
    assert broker.queries.queue(PROJECT, "q").size == 2


def test_a_request_alone_commits_as_its_transaction_ends(tmp_path: Path) -> None:
    store = SqliteStore(str(tmp_path / "db"))
    broker = make_broker(store, FrozenClock())

    async def main() -> None:
        store.batch_commits(GroupCommit(store, in_flight=lambda: 1))
        broker.messages.post(PROJECT, "q", [NewMessage("alone")])
        assert not store.in_batch
        assert stored(tmp_path / "db") == ["alone"]

    asyncio.run(main())


class FailingCommits:
    """A store whose next commit fails (disk full), as `Batches`."""

    def __init__(self) -> None:
        self.in_batch = True

    def commit_batch(self) -> None:
        self.in_batch = False
        raise sqlite3.OperationalError("database or disk is full")


async def call(app: Durable, sent: list[Message]) -> None:
    """One request through `app`, its answer into `sent`."""
    scope: Scope = {"type": "http", "method": "POST", "path": "/"}

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    await app(scope, receive, send)


def handler(commits: GroupCommit) -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """A handler that writes into a batch (opening it) and answers 201."""

    async def answer(scope: Scope, receive: Receive, send: Send) -> None:
        commits.opened()
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    return answer


def test_no_answer_leaves_before_the_commit_and_a_lost_batch_answers_503() -> None:
    lost: list[bool] = []
    store = FailingCommits()
    commits = GroupCommit(store, on_lost=lambda: lost.append(True))
    sent: list[Message] = []

    async def main() -> None:
        task = asyncio.create_task(call(Durable(handler(commits), commits), sent))
        await asyncio.sleep(0)  # the handler wrote, answered into Durable...
        assert sent == []  # ...which holds the answer until the batch is settled
        await task

    asyncio.run(main())
    assert lost == [True]
    assert commits.lost_batches == 1
    assert sent[0]["status"] == 503
    assert b"Storage failure" in sent[1]["body"]


def test_an_answer_goes_out_at_once_when_its_request_wrote_alone() -> None:
    store = FailingCommits()
    commits = GroupCommit(store, in_flight=lambda: 1)  # alone: the store commits at once
    store.in_batch = False
    sent: list[Message] = []
    asyncio.run(call(Durable(handler(commits), commits), sent))
    assert [m.get("status") for m in sent] == [201, None]


class CountingCommits:
    """A store whose commits succeed, counted, as `Batches`."""

    def __init__(self) -> None:
        self.in_batch = True
        self.commits = 0

    def commit_batch(self) -> None:
        self.in_batch = False
        self.commits += 1


def test_the_answers_of_a_batch_leave_in_the_turn_of_its_commit() -> None:
    """Held answers go out right after the commit, not one turn of the loop later."""
    store = CountingCommits()
    commits = GroupCommit(store)
    sent: list[Message] = []

    async def main() -> None:
        app = Durable(handler(commits), commits)
        tasks = [asyncio.create_task(call(app, sent)) for _ in range(2)]
        await asyncio.sleep(0)  # both handlers wrote into the batch and are held
        assert sent == []
        assert store.commits == 0
        await asyncio.sleep(0)  # the next turn: the commit, then both answers
        assert store.commits == 1
        assert [m.get("status") for m in sent] == [201, None, 201, None]
        await asyncio.gather(*tasks)

    asyncio.run(main())
