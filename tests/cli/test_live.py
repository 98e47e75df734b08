"""`watch` and `tail` against ironmq-local, and the watch table as rich renders it."""

from __future__ import annotations

import io

from rich.console import Console

from ironmq_cli._cmd_live import Sample, watch_rows, watch_table
from ironmq_cli._output import Output
from ironmq_sdk import IronMQ

from .conftest import Run
from .test_queues import lines


def recording(width: int = 100) -> Console:
    """A console that records what it draws, as a colour terminal would show it."""
    return Console(file=io.StringIO(), record=True, force_terminal=True, width=width)


def test_watch_rows_compute_rates_in_and_out() -> None:
    """in/s counts posts, out/s messages that left; unknown on the first look or a reset."""
    before = {"a": Sample(size=10, total=100, at=0.0), "b": Sample(size=5, total=50, at=0.0)}
    now = {
        "a": Sample(size=4, total=120, at=2.0),  # 20 posted, 26 left in 2 s
        "b": Sample(size=0, total=3, at=2.0),  # recreated: its total went down
        "c": Sample(size=1, total=1, at=2.0),  # new since the last look
    }
    rows = {r["name"]: r for r in watch_rows(before, now, "t")}
    assert (rows["a"]["in_per_second"], rows["a"]["out_per_second"]) == (10.0, 13.0)
    assert rows["b"]["in_per_second"] is None
    assert (rows["c"]["in_per_second"], rows["c"]["out_per_second"]) == (None, None)
    assert rows["a"]["time"] == "t"
    assert rows["a"]["size"] == 4


def test_watch_table_renders_sizes_rates_and_colours() -> None:
    """The live table shows each queue's size, total and rates, coloured on a terminal."""
    console = recording()
    rows = watch_rows(
        {"orders": Sample(3, 10, 0.0)}, {"orders": Sample(5, 14, 2.0)}, "2030-01-01T00:00:00"
    )
    console.print(watch_table(Output(machine=False, console=console), "local, every 2 s", rows))
    text = console.export_text(clear=False)
    assert "local, every 2 s" in text
    assert "queue" in text
    assert "in/s" in text
    row = next(line for line in text.splitlines() if "orders" in line)
    assert row.split("│")[1:6] == [" orders ", "    5 ", "           14 ", "  2.0 ", "   1.0 "]
    assert "\x1b[" in console.export_text(styles=True)  # coloured for a terminal
    empty = recording()
    empty.print(watch_table(Output(machine=False, console=empty), "local", []))
    assert empty.export_text().strip() == "local: no queues"


def test_watch_json_lines_per_queue_per_refresh(run: Run, mq: IronMQ) -> None:
    """Piped, watch prints one JSON line per queue per refresh, rates from the second on."""
    mq.queue("a").post("1", "2")
    mq.queue("b").post("3")
    rows = lines(run("watch", "--count", "2", "--interval", "0.1").stdout)
    assert [(r["name"], r["size"], r["total_messages"]) for r in rows] == [
        ("a", 2, 2),
        ("b", 1, 1),
        ("a", 2, 2),
        ("b", 1, 1),
    ]
    assert [r["in_per_second"] for r in rows] == [None, None, 0.0, 0.0]
    assert set(rows[0]) == {
        "time",
        "name",
        "size",
        "total_messages",
        "in_per_second",
        "out_per_second",
    }


def test_watch_named_queues_and_prefix(run: Run, mq: IronMQ) -> None:
    """Named queues only, or those with --prefix; a named queue that is missing is exit 3."""
    for name in ("orders", "orders-eu", "billing"):
        mq.queue(name).post("x")
    assert [r["name"] for r in lines(run("watch", "billing", "--count", "1").stdout)] == ["billing"]
    out = run("watch", "--prefix", "orders", "--count", "1").stdout
    assert [r["name"] for r in lines(out)] == ["orders", "orders-eu"]
    run("watch", "ghost", "--count", "1", code=3)


def test_watch_human_ends_with_the_table(run: Run, mq: IronMQ) -> None:
    """With --human and no terminal, the final table is printed once, without colours."""
    mq.queue("orders").post("x")
    out = run("watch", "--count", "2", "--interval", "0.1", "--human").stdout
    assert out.count("orders") == 1
    assert "in/s" in out
    assert "\x1b[" not in out


def test_tail_prints_and_deletes(run: Run, mq: IronMQ) -> None:
    """tail consumes: each message printed is deleted; --count stops it."""
    mq.queue("orders").post("a", "b", "c", "d")
    out = lines(run("tail", "orders", "--count", "3", "-n", "2").stdout)
    assert [r["body"] for r in out] == ["a", "b", "c"]
    assert [m.body for m in mq.queue("orders").peek(10)] == ["d"]
    assert mq.queue("orders").size() == 1  # a, b, c deleted; d was never reserved


def test_tail_human_prints_id_and_body(run: Run, mq: IronMQ) -> None:
    """People see one line per message: id, then body."""
    ids = mq.queue("orders").post("hello [red]world[/]")
    assert run("tail", "orders", "--count", "1", "--human").stdout == (
        f"{ids[0]}  hello [red]world[/]\n"
    )


def test_tail_peek_leaves_messages_and_shows_each_once(run: Run, mq: IronMQ) -> None:
    """--peek reserves and deletes nothing, and shows a message seen before only once."""
    mq.queue("orders").post("a", "b")
    out = lines(run("tail", "orders", "--peek", "--count", "2", "--interval", "0.1").stdout)
    assert [r["body"] for r in out] == ["a", "b"]
    assert [m.reserved_count for m in mq.queue("orders").peek(10)] == [0, 0]
