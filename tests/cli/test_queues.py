"""Queue commands against ironmq-local: queues, info, create, update, rm, clear."""

from __future__ import annotations

import json

import pytest

from ironmq_sdk import DeadLetter, IronMQ, QueueNotFoundError

from .conftest import Run


def lines(output: str) -> list[dict[str, object]]:
    """The JSON lines of a command's stdout."""
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_queues_lists_every_page_in_name_order(run: Run, mq: IronMQ) -> None:
    """More queues than one page (100) are all listed, once each, in name order."""
    names = [f"q{i:03d}" for i in range(130)]
    for name in names:
        mq.queue(name).post("x")
    assert [row["name"] for row in lines(run("queues").stdout)] == names


def test_queues_prefix_and_long_listing(run: Run, mq: IronMQ) -> None:
    """--prefix narrows the list; --long adds type, size and total per queue."""
    mq.queue("orders").post("a", "b")
    mq.queue("orders-eu").post("c")
    mq.queue("billing").post("d")
    assert lines(run("queues", "--prefix", "orders").stdout) == [
        {"name": "orders"},
        {"name": "orders-eu"},
    ]
    rows = lines(run("queues", "--prefix", "orders", "--long").stdout)
    assert [(r["name"], r["size"], r["total_messages"], r["type"]) for r in rows] == [
        ("orders", 2, 2, "pull"),
        ("orders-eu", 1, 1, "pull"),
    ]
    human = run("queues", "-l", "--human").stdout
    assert "billing" in human
    assert "┃ queue" in human  # a table, drawn without colour codes for a non-terminal
    assert "\x1b[" not in human


def test_queues_with_none_says_so(run: Run) -> None:
    """An empty project prints nothing as JSON and a sentence for people."""
    assert run("queues").stdout == ""
    assert run("queues", "--human").stdout.strip() == "no queues"


def test_info_shows_settings_and_counters(run: Run, mq: IronMQ) -> None:
    """info: every setting as JSON; the set ones as a two-column table for people."""
    mq.create_queue("jobs", message_timeout=90, dead_letter=DeadLetter("jobs-dead", 3))
    mq.queue("jobs").post("x")
    record = json.loads(run("info", "jobs").stdout)
    assert record["size"] == 1
    assert record["message_timeout"] == 90
    assert record["dead_letter"] == {"queue": "jobs-dead", "max_reservations": 3}
    assert record["push"] is None
    human = run("info", "jobs", "--human").stdout
    assert "dead-letter queue       jobs-dead" in human
    assert "push retries" not in human  # a pull queue has no push settings to show


def test_create_with_type_timeouts_dead_letter_and_subscribers(run: Run, mq: IronMQ) -> None:
    """create passes every setting through to IronMQ."""
    run(
        "create",
        "work",
        "--message-timeout",
        "120",
        "--message-expiration",
        "3600",
        "--dead-letter",
        "work-dlq",
        "--max-reservations",
        "4",
    )
    info = mq.queue("work").info()
    assert (info.type, info.message_timeout, info.message_expiration) == ("pull", 120, 3600)
    assert info.dead_letter == DeadLetter("work-dlq", 4)
    out = run(
        "create",
        "fanout",
        "--type",
        "unicast",
        "--subscriber",
        "a=http://127.0.0.1:9/a",
        "--subscriber",
        "http://127.0.0.1:9/b",
        "--retries",
        "2",
        "--retries-delay",
        "30",
        "--error-queue",
        "fanout-errors",
    ).stdout
    assert json.loads(out)["type"] == "unicast"
    push = mq.queue("fanout").info().push
    assert push is not None
    assert (push.subscribers[0].name, push.subscribers[0].url) == ("a", "http://127.0.0.1:9/a")
    assert len(push.subscribers) == 2
    assert (push.retries, push.retries_delay, push.error_queue) == (2, 30, "fanout-errors")


def test_update_changes_only_what_is_given(run: Run, mq: IronMQ) -> None:
    """update keeps other settings; --max-reservations alone keeps the dead-letter queue."""
    mq.create_queue("jobs", message_timeout=90, dead_letter=DeadLetter("dead", 3))
    run("update", "jobs", "--message-expiration", "7200")
    info = mq.queue("jobs").info()
    assert (info.message_timeout, info.message_expiration) == (90, 7200)
    run("update", "jobs", "--max-reservations", "5")
    assert mq.queue("jobs").info().dead_letter == DeadLetter("dead", 5)
    run("update", "jobs", "--no-dead-letter")
    assert mq.queue("jobs").info().dead_letter is None


def test_update_refuses_nothing_and_contradictions(run: Run, mq: IronMQ) -> None:
    """Usage mistakes exit 2 with one line saying what to do."""
    mq.queue("jobs").post("x")
    result = run("update", "jobs", code=2)
    assert (
        result.stderr == "ironmq: nothing to change: give a setting (see 'ironmq update --help')\n"
    )
    run("update", "jobs", "--dead-letter", "d", "--no-dead-letter", code=2)
    result = run("update", "jobs", "--max-reservations", "3", code=2)
    assert "has no dead-letter queue" in result.stderr
    run("create", "jobs", "--type", "fifo", code=2)


def test_rm_asks_and_does_nothing_unless_yes(run: Run, mq: IronMQ) -> None:
    """rm names the queues and their sizes; 'n' (or no answer) leaves them, 'y' deletes."""
    mq.queue("a").post("1", "2")
    mq.queue("b").post("3")
    result = run("rm", "a", "b", input="n\n", code=1)
    assert "Delete a (2 messages), b (1 messages)?" in result.stderr
    assert result.stderr.endswith("ironmq: nothing done\n")
    result = run("rm", "a", input="", code=1)  # no one to answer
    assert "pass --yes" in result.stderr
    assert mq.queue("a").size() == 2
    assert lines(run("rm", "a", input="y\n").stdout) == [{"queue": "a", "deleted": True}]
    run("rm", "b", "--yes")
    assert mq.queues() == []


def test_rm_of_a_missing_queue_exits_not_found(run: Run) -> None:
    """Nothing is asked about a queue that does not exist: exit 3 before the question."""
    result = run("rm", "ghost", "--yes", code=3)
    assert result.stderr.startswith("ironmq: queue 'ghost' not found")


@pytest.mark.parametrize("answer", ["y\n", None])
def test_clear_asks_unless_yes(run: Run, mq: IronMQ, answer: str | None) -> None:
    """clear empties the queue (reserved messages too) after a yes, or at once with --yes."""
    queue = mq.queue("jobs")
    queue.post("1", "2", "3")
    queue.reserve(1)
    args = ("clear", "jobs") if answer else ("clear", "jobs", "--yes")
    result = run(*args, input=answer)
    assert lines(result.stdout) == [{"queue": "jobs", "cleared": 3}]
    assert queue.size() == 0


def test_clear_declined_keeps_messages(run: Run, mq: IronMQ) -> None:
    """Declining the question keeps every message."""
    mq.queue("jobs").post("1")
    run("clear", "jobs", input="no\n", code=1)
    assert mq.queue("jobs").size() == 1
    with pytest.raises(QueueNotFoundError):
        mq.queue("other").info()
