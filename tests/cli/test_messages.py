"""Message commands against ironmq-local: post, reserve, peek, get, delete, touch, release."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

from .conftest import Run
from .test_queues import lines


def bodies(mq: IronMQ, queue: str) -> list[str]:
    """Every available message body of a queue, in order (peeked, not reserved)."""
    return [m.body for m in mq.queue(queue).peek(100)]


def test_post_bodies_from_arguments(run: Run, mq: IronMQ) -> None:
    """Each BODY argument is one message; the JSON output is one id per line."""
    out = lines(run("post", "orders", "one", "two words", "[bold]three[/]").stdout)
    assert [set(r) for r in out] == [{"id"}] * 3
    assert bodies(mq, "orders") == ["one", "two words", "[bold]three[/]"]
    assert [m.id for m in mq.queue("orders").peek(3)] == [r["id"] for r in out]


def test_post_human_lists_ids_or_counts(run: Run, mq: IronMQ) -> None:
    """People see the ids of a few messages, and only a count for many."""
    out = run("post", "orders", "a", "--human").stdout
    assert out.startswith("Posted 1 message to orders.\n  ")
    many = "".join(f"m{i}\n" for i in range(50))
    assert run("post", "orders", "--human", input=many).stdout == "Posted 50 messages to orders.\n"


def test_post_stdin_one_message_per_line_in_batches(run: Run, mq: IronMQ) -> None:
    """Lines of stdin are bodies (blank lines skipped), 250 of them in 100-message posts."""
    text = "".join(f"line {i}\r\n" if i % 2 else f"line {i}\n\n" for i in range(250))
    out = lines(run("post", "orders", input=text).stdout)
    assert len(out) == 250
    assert mq.queue("orders").size() == 250
    assert bodies(mq, "orders")[:3] == ["line 0", "line 1", "line 2"]


def test_post_json_lines_file_with_delay_and_push_headers(
    run: Run, mq: IronMQ, tmp_path: Path
) -> None:
    """A JSON-lines file: strings or objects with body, delay and push_headers."""
    path = tmp_path / "in.jsonl"
    path.write_text(
        '"plain"\n'
        '{"body": "later", "delay": 60}\n'
        "\n"
        '{"body": "with headers", "push_headers": {"X-A": "1"}, "id": "ignored"}\n'
    )
    assert len(lines(run("post", "orders", "--file", str(path)).stdout)) == 3
    assert bodies(mq, "orders") == ["plain", "with headers"]  # "later" is delayed
    assert mq.queue("orders").size() == 3


def test_post_delay_option_and_json_lines_on_stdin(
    run: Run, mq: IronMQ, ironmq: LocalServer
) -> None:
    """--delay hides every message (unless a line says otherwise); '-' reads JSON lines."""
    ironmq.freeze()
    run("post", "orders", "--file", "-", "--delay", "30", input='"a"\n{"body": "b", "delay": 0}\n')
    assert bodies(mq, "orders") == ["b"]
    ironmq.advance(31)
    assert sorted(bodies(mq, "orders")) == ["a", "b"]


def test_post_bad_file_line_posts_nothing(run: Run, mq: IronMQ, tmp_path: Path) -> None:
    """A file is checked whole first: a bad line exits 2 naming it, and nothing is posted."""
    path = tmp_path / "in.jsonl"
    path.write_text('"ok"\n{"text": "no body"}\n')
    result = run("post", "orders", "--file", str(path), code=2)
    assert f"{path}, line 2: expected a JSON string or an object" in result.stderr
    path.write_text('"ok"\nnot json\n')
    assert "line 2: not JSON" in run("post", "orders", "-f", str(path), code=2).stderr
    assert mq.queues() == []


def test_post_bad_stdin_line_says_how_many_were_posted(run: Run, mq: IronMQ) -> None:
    """On a stream, the lines before a bad one are posted, and the error says how many."""
    text = "".join(f'"m{i}"\n' for i in range(150)) + "{oops\n"
    result = run("post", "orders", "-f", "-", input=text, code=2)
    assert "stdin, line 151: not JSON" in result.stderr
    assert "(150 messages before it were posted)" in result.stderr
    assert mq.queue("orders").size() == 150


def test_post_needs_something_to_post(run: Run, tmp_path: Path) -> None:
    """Bodies and --file together, or empty input, are usage errors."""
    (tmp_path / "f.jsonl").write_text('"x"\n')
    run("post", "orders", "body", "--file", "f.jsonl", code=2)
    assert "the input had no messages" in run("post", "orders", input="", code=2).stderr


def test_reserve_prints_reservations_and_options_reach_the_server(
    run: Run, mq: IronMQ, ironmq: LocalServer
) -> None:
    """-n, --timeout and --wait are passed on; each line carries the reservation id."""
    ironmq.freeze()
    mq.queue("orders").post("a", "b", "c")
    out = lines(run("reserve", "orders", "-n", "2", "--timeout", "120", "--wait", "1").stdout)
    assert [r["body"] for r in out] == ["a", "b"]
    assert all(r["reserved_count"] == 1 and r["reservation_id"] for r in out)
    ironmq.advance(61)  # past the default timeout, not the 120 s asked for
    assert bodies(mq, "orders") == ["c"]
    ironmq.advance(60)
    assert sorted(bodies(mq, "orders")) == ["a", "b", "c"]


def test_reserve_delete_consumes(run: Run, mq: IronMQ) -> None:
    """--delete hands the messages out and removes them; an empty queue says so to people."""
    mq.queue("orders").post("a")
    out = lines(run("reserve", "orders", "--delete").stdout)
    assert [r["body"] for r in out] == ["a"]
    assert mq.queue("orders").size() == 0
    assert run("reserve", "orders", "--human").stdout == "No messages available.\n"
    assert run("reserve", "orders").stdout == ""


def test_reserve_human_table(run: Run, mq: IronMQ) -> None:
    """People get a table with the reservation id to copy."""
    mq.queue("orders").post("hello")
    out = run("reserve", "orders", "--human").stdout
    assert "reservation id" in out
    assert "hello" in out


def test_peek_and_get_leave_messages_alone(run: Run, mq: IronMQ) -> None:
    """peek -n shows the first messages; get shows one by id; neither reserves."""
    ids = mq.queue("orders").post("a", "b", "c")
    out = lines(run("peek", "orders", "-n", "2").stdout)
    assert out == [
        {"id": ids[0], "body": "a", "reserved_count": 0},
        {"id": ids[1], "body": "b", "reserved_count": 0},
    ]
    assert json.loads(run("get", "orders", ids[2]).stdout)["body"] == "c"
    human = run("get", "orders", ids[2], "--human").stdout
    assert "body" in human
    assert "c" in human
    assert mq.queue("orders").size() == 3
    assert len(mq.queue("orders").peek(3)) == 3


def test_get_unknown_message_exits_not_found(run: Run, mq: IronMQ) -> None:
    """A missing message is exit 3 and one line saying how to find ids."""
    mq.queue("orders").post("a")
    result = run("get", "orders", "123", code=3)
    assert result.stderr.count("\n") == 1
    assert "message not found in queue 'orders'" in result.stderr


def test_delete_by_ids_and_with_a_reservation(run: Run, mq: IronMQ) -> None:
    """delete ID... removes available messages; a reserved one with its --reservation-id."""
    queue = mq.queue("orders")
    ids = queue.post("a", "b", "c")
    assert lines(run("delete", "orders", ids[0], ids[1]).stdout) == [
        {"id": ids[0], "deleted": True},
        {"id": ids[1], "deleted": True},
    ]
    reserved = lines(run("reserve", "orders").stdout)[0]
    run("delete", "orders", ids[2], code=1)  # reserved: the server wants the reservation
    run("delete", "orders", ids[2], "-r", str(reserved["reservation_id"]))
    assert queue.size() == 0
    run("delete", "orders", "a", "b", "-r", "x", code=2)


def test_reserve_then_delete_through_a_pipe(run: Run, mq: IronMQ) -> None:
    """'ironmq reserve --json | ironmq delete q -' deletes what was reserved."""
    mq.queue("orders").post("a", "b", "c")
    reserved = run("reserve", "orders", "-n", "2").stdout
    run("delete", "orders", "-", input=reserved)
    assert bodies(mq, "orders") == ["c"]
    assert mq.queue("orders").size() == 1
    ids = [m.id for m in mq.queue("orders").peek(1)]
    run("delete", "orders", "-", input=f"{ids[0]}\n")  # plain ids work too
    assert mq.queue("orders").size() == 0
    run("delete", "orders", "-", input="", code=2)


def test_touch_and_release(run: Run, mq: IronMQ, ironmq: LocalServer) -> None:
    """touch prints the new reservation id; release --delay brings the message back later."""
    ironmq.freeze()
    mq.queue("orders").post("a")
    reserved = lines(run("reserve", "orders").stdout)[0]
    mid, rid = str(reserved["id"]), str(reserved["reservation_id"])
    touched = json.loads(run("touch", "orders", mid, "-r", rid, "--timeout", "300").stdout)
    assert touched["id"] == mid
    assert touched["reservation_id"] not in (None, rid)
    run("release", "orders", mid, "-r", rid, code=1)  # the old reservation is gone
    out = run("release", "orders", mid, "-r", str(touched["reservation_id"]), "--delay", "20")
    assert json.loads(out.stdout) == {"id": mid, "released": True, "delay": 20}
    assert bodies(mq, "orders") == []
    ironmq.advance(21)
    assert bodies(mq, "orders") == ["a"]


@pytest.mark.parametrize("command", ["touch", "release"])
def test_touch_and_release_need_the_reservation(run: Run, mq: IronMQ, command: str) -> None:
    """Without --reservation-id, a usage error says where to find it."""
    mid = mq.queue("orders").post("a")[0]
    result = run(command, "orders", mid, code=2)
    assert "--reservation-id" in result.stderr
    assert "ironmq reserve" in result.stderr
