"""`export`, `import`, `dlq redrive` against ironmq-local, and their progress bars."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from ironmq_cli._cmd_transfer import settle
from ironmq_cli._progress import LARGE, Meter
from ironmq_local import LocalServer
from ironmq_sdk import DeadLetter, IronMQ

from .conftest import Run
from .test_queues import lines


def recording() -> Console:
    """A console that records what it draws, as a terminal would show it."""
    return Console(file=io.StringIO(), record=True, force_terminal=True, width=100)


def test_meter_draws_a_bar_for_large_work_only() -> None:
    """A bar with count and percentage for more than one batch; nothing for small work."""
    console = recording()
    with Meter("Posting to orders", total=250, console=console) as meter:
        for _ in range(25):
            meter.advance(10)
    text = console.export_text()
    assert "Posting to orders" in text
    assert "250/250" in text
    assert "100%" in text
    small = recording()
    with Meter("Posting", total=LARGE, console=small) as meter:
        meter.advance(LARGE)
    assert small.export_text() == ""


def test_meter_for_a_stream_starts_once_it_is_large() -> None:
    """Without a total (stdin), the bar appears after the first batch and counts on."""
    console = recording()
    with Meter("Posting", console=console) as meter:
        meter.advance(100)
        assert console.export_text(clear=False) == ""
        meter.advance(150)
    assert "250/?" in console.export_text()


def test_meter_draws_nothing_off_a_terminal() -> None:
    """Piped stderr gets no bar (and no escape codes)."""
    buffer = io.StringIO()
    with Meter("Posting", total=1000, console=Console(file=buffer, width=100)) as meter:
        meter.advance(1000)
    assert buffer.getvalue() == ""


def test_post_progress_goes_to_stderr_and_stdout_stays_json(
    run: Run, mq: IronMQ, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal's stderr (TTY_COMPATIBLE=1 tells rich so) the bar is drawn there."""
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    result = run("post", "orders", input="".join(f"m{i}\n" for i in range(300)))
    assert "300/?" in result.stderr
    assert len(lines(result.stdout)) == 300


def test_export_copies_and_leaves_messages(run: Run, mq: IronMQ, tmp_path: Path) -> None:
    """export writes available messages as JSON lines and releases them all at the end."""
    queue = mq.queue("orders")
    ids = queue.post(*(f"m{i}" for i in range(150)))
    queue.post({"body": "later", "delay": 600})
    out = run("export", "orders", "dump.jsonl").stdout
    assert json.loads(out) == {
        "queue": "orders",
        "file": "dump.jsonl",
        "exported": 150,
        "deleted": False,
    }
    records = lines((tmp_path / "dump.jsonl").read_text())
    assert [r["id"] for r in records] == ids  # the delayed one is not visible to export
    assert records[0] == {"id": ids[0], "body": "m0", "reserved_count": 1}
    assert queue.size() == 151
    assert len(queue.peek(100)) == 100  # released: available again at once


def test_export_delete_moves_messages_out(run: Run, mq: IronMQ, tmp_path: Path) -> None:
    """--delete removes each message once written."""
    mq.queue("orders").post("a", "b", "c")
    run("export", "orders", "out.jsonl", "--delete")
    assert [r["body"] for r in lines((tmp_path / "out.jsonl").read_text())] == ["a", "b", "c"]
    assert mq.queue("orders").size() == 0


def test_export_to_stdout_and_dead_letter_note(run: Run, mq: IronMQ) -> None:
    """'-' writes the lines to stdout; a dead-letter limit earns a note on stderr."""
    mq.create_queue("orders", dead_letter=DeadLetter("dead", 2))
    mq.queue("orders").post("a")
    result = run("export", "orders", "-")
    assert [r["body"] for r in lines(result.stdout)] == ["a"]
    assert "after 2 reservations" in result.stderr


def test_import_round_trip_gives_new_ids(run: Run, mq: IronMQ, tmp_path: Path) -> None:
    """import reads what export wrote: same bodies, in order, with new ids."""
    ids = mq.queue("src").post("x", "y", "z")
    run("export", "src", "dump.jsonl")
    result = json.loads(run("import", "dst", "dump.jsonl").stdout)
    assert result == {"queue": "dst", "file": "dump.jsonl", "imported": 3}
    copied = mq.queue("dst").peek(10)
    assert [m.body for m in copied] == ["x", "y", "z"]
    assert not {m.id for m in copied} & set(ids)
    assert [m.reserved_count for m in copied] == [0, 0, 0]
    run("import", "dst", "-", input='"from stdin"\n')
    assert mq.queue("dst").size() == 4
    run("import", "dst", "missing.jsonl", code=2)


def dead_letter_three(mq: IronMQ) -> None:
    """Queue `jobs` with three messages moved to its dead-letter queue `jobs-dead`."""
    mq.create_queue("jobs", dead_letter=DeadLetter("jobs-dead", 1))
    queue = mq.queue("jobs")
    queue.post("a", "b", "c")
    for message in queue.reserve(3):
        queue.release(message)
    assert queue.reserve(3) == []  # the second reservation moves them instead
    assert mq.queue("jobs-dead").size() == 3


def test_dlq_redrive_moves_everything_back(run: Run, mq: IronMQ) -> None:
    """redrive posts the dead-letter queue's messages back, then deletes them there."""
    dead_letter_three(mq)
    result = json.loads(run("dlq", "redrive", "jobs").stdout)
    assert result == {"queue": "jobs", "dead_letter_queue": "jobs-dead", "moved": 3}
    back = mq.queue("jobs").peek(10)
    assert [(m.body, m.reserved_count) for m in back] == [("a", 0), ("b", 0), ("c", 0)]
    assert mq.queue("jobs-dead").size() == 0


def test_dlq_redrive_needs_a_dead_letter_queue(run: Run, mq: IronMQ) -> None:
    """A queue without dead-letter settings is an error saying how to set them."""
    mq.queue("plain").post("x")
    assert "ironmq update plain --dead-letter" in run("dlq", "redrive", "plain", code=1).stderr
    mq.create_queue("fresh", dead_letter=DeadLetter("fresh-dead", 3))
    assert json.loads(run("dlq", "redrive", "fresh").stdout)["moved"] == 0


def test_settle_deletes_only_after_the_copy_and_releases_otherwise(
    mq: IronMQ, ironmq: LocalServer
) -> None:
    """Post then delete: a copy that finished deletes the source; one interrupted releases it."""
    source = mq.queue("source")
    source.post("a", "b")
    batch = source.reserve(2)
    settle(lambda: mq.queue("copy").post(*(m.body for m in batch)), source, batch)
    assert (source.size(), mq.queue("copy").size()) == (0, 2)
    source.post("c")
    batch = source.reserve(1)

    def interrupted() -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        settle(interrupted, source, batch)
    assert [m.body for m in source.peek(10)] == ["c"]  # released at once, not hidden
