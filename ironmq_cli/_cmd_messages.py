"""Message commands: `post`, `reserve`, `peek`, `get`, `delete`, `touch`, `release`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from . import _records as records
from ._errors import CliError, ExitCode
from ._inputs import Message, batches, json_lines, stream_batches, text_lines, with_delay
from ._output import Col
from ._progress import Meter
from ._state import State, output_options, pass_state, seconds

if TYPE_CHECKING:
    from ironmq_sdk import Queue, ReservedMessage

MESSAGE_COLUMNS = (
    Col("id", "id", style="cyan", whole=True),
    Col("reserved_count", "reserved", justify="right"),
    Col("body", "body", wide=True),
)
RESERVED_COLUMNS = (
    Col("id", "id", style="cyan", whole=True),
    Col("reservation_id", "reservation id", whole=True),
    Col("reserved_count", "reserved", justify="right"),
    Col("body", "body", wide=True),
)
MAX_DELAY = 604_800
"""IronMQ's longest delay of a posted or released message: 7 days."""
SHOWN_IDS = 10
"""Posting at most this many messages lists their ids for people; more prints a count."""

count_option = click.option(
    "-n",
    "count",
    type=click.IntRange(1, 100),
    default=1,
    show_default=True,
    metavar="N",
    help="How many messages (at most).",
)
reservation_option = click.option(
    "-r",
    "--reservation-id",
    metavar="ID",
    help="The reservation (printed by 'ironmq reserve').",
)


def post_all(
    state: State,
    queue: str,
    groups: Iterable[list[Message]],
    *,
    total: int | None,
    on_ids: Callable[[list[str]], None] = lambda ids: None,
) -> int:
    """Post batches with a progress bar for large inputs; the number posted.

    Raises:
        CliError: interrupted or a bad input line, saying how many were posted before.
    """
    target = state.queue(queue)
    with Meter(f"Posting to {queue}", total=total) as meter:
        try:
            for group in groups:
                on_ids(target.post(*group))
                meter.advance(len(group))
        except KeyboardInterrupt:
            raise CliError(
                f"interrupted: {meter.done} messages were posted to {queue}; the batch being "
                "sent when interrupted may or may not have been",
                ExitCode.INTERRUPTED,
            ) from None
        except CliError as exc:
            exc.message += f" ({meter.done} messages before it were posted)"
            raise
    return meter.done


def count_json_lines(path: str) -> int:
    """Check a whole JSON-lines file before posting any of it; its number of messages."""
    with open(path, encoding="utf-8") as stream:
        return sum(1 for _ in json_lines(stream, path))


@click.command("post")
@click.argument("queue")
@click.argument("bodies", nargs=-1, metavar="[BODY]...")
@click.option(
    "-f",
    "--file",
    "path",
    type=click.Path(dir_okay=False, allow_dash=True),
    help="Post the messages of a JSON-lines file ('-': stdin).",
)
@seconds("--delay", "Hide them this long.", maximum=MAX_DELAY)
@output_options
@pass_state
def post(
    state: State, queue: str, bodies: Sequence[str], path: str | None, delay: int | None
) -> None:
    """Post messages: the BODY arguments, else each line of stdin, else --file.

    \b
    ironmq post orders "one" "two"
    seq 1000 | ironmq post orders
    ironmq post orders --file messages.jsonl
    """
    stdin = sys.stdin
    if bodies and path:
        raise CliError("give message bodies or --file, not both", ExitCode.USAGE)
    if bodies:
        groups, total = batches(with_delay(bodies, delay)), len(bodies)
    elif path == "-":
        groups, total = stream_batches(with_delay(json_lines(stdin, "stdin"), delay)), None
    elif path is not None:
        total = count_json_lines(path)
        stream = open(path, encoding="utf-8")  # noqa: SIM115  # closed when the command ends
        click.get_current_context().call_on_close(stream.close)
        groups = batches(with_delay(json_lines(stream, path), delay))
    elif not stdin.isatty():
        groups, total = stream_batches(with_delay(text_lines(stdin), delay)), None
    else:
        raise CliError(
            "nothing to post: give bodies, pipe lines on stdin, or use --file", ExitCode.USAGE
        )
    shown: list[str] = []

    def on_ids(ids: list[str]) -> None:
        if state.out.machine:
            for message_id in ids:
                state.out.line({"id": message_id})
        elif len(shown) <= SHOWN_IDS:
            shown.extend(ids)

    posted = post_all(state, queue, groups, total=total, on_ids=on_ids)
    if not posted:
        raise CliError("nothing to post: the input had no messages", ExitCode.USAGE)
    if not state.out.machine:
        listed = "".join(f"\n  {i}" for i in shown) if len(shown) <= SHOWN_IDS else ""
        state.out.say(f"Posted {posted} message{'s' * (posted != 1)} to {queue}.{listed}")


def release_quietly(target: Queue, messages: Iterable[ReservedMessage]) -> None:
    """Put reserved messages back at once; those whose reservation ended already are skipped."""
    from ironmq_sdk import IronMQError  # noqa: PLC0415  # keep `--help` fast

    for message in messages:
        try:
            target.release(message)
        except IronMQError:
            continue  # expired or gone: it is back in the queue (or deleted) anyway


def hand_out(
    state: State,
    target: Queue,
    messages: Sequence[ReservedMessage],
    *,
    reserved: bool,
) -> list[ReservedMessage]:
    """Print reserved messages; on Ctrl+C or a closed pipe release the ones not printed yet.

    Returns the messages printed (all of them unless interrupted, which raises).
    """
    pending = list(messages)
    printed: list[ReservedMessage] = []
    try:
        # JSON goes line by line, so an interruption knows which lines got out; a table
        # is drawn whole, so it counts as printed only once drawn.
        if state.out.machine:
            while pending:
                state.out.line(records.message(pending[0]))
                printed.append(pending.pop(0))
        elif pending:
            rows = [records.message(m) for m in pending]
            state.out.rows(rows, RESERVED_COLUMNS if reserved else MESSAGE_COLUMNS, empty="")
            printed, pending = pending, []
    except BaseException:
        if reserved:
            release_quietly(target, pending)
        raise
    return printed


@click.command("reserve")
@click.argument("queue")
@count_option
@seconds("--timeout", "Reservation length (default: the queue's).", minimum=1)
@seconds("--wait", "Long-poll: wait this long for messages to come.", maximum=30)
@click.option("--delete", is_flag=True, help="Delete them as they are handed out (consume).")
@output_options
@pass_state
def reserve(
    state: State, queue: str, count: int, timeout: int | None, wait: int | None, delete: bool
) -> None:
    """Reserve messages: hidden from others until deleted, released, or timed out.

    Interrupted before they are printed, they are released. With --delete they are
    consumed at once: what is not printed then is lost.
    """
    target = state.queue(queue)
    messages = target.reserve(count, timeout, wait, delete)
    if not messages:
        state.out.say("No messages available.")
    hand_out(state, target, messages, reserved=not delete)


@click.command("peek")
@click.argument("queue")
@count_option
@output_options
@pass_state
def peek(state: State, queue: str, count: int) -> None:
    """Show the next available messages without reserving them."""
    found = [records.message(m) for m in state.queue(queue).peek(count)]
    state.out.rows(found, MESSAGE_COLUMNS, empty="No messages available.")


@click.command("get")
@click.argument("queue")
@click.argument("message_id", metavar="ID")
@output_options
@pass_state
def get(state: State, queue: str, message_id: str) -> None:
    """Show one message by id, reserved or not."""
    record = records.message(state.queue(queue).get_message_by_id(message_id))
    state.out.fields(record, [("id", "id"), ("reserved_count", "reserved"), ("body", "body")])


def _reserved(message_id: str, reservation_id: str) -> ReservedMessage:
    """A reference the SDK deletes with its reservation (the body is not needed for that)."""
    from ironmq_sdk import ReservedMessage  # noqa: PLC0415  # keep `--help` fast

    return ReservedMessage(id=message_id, body="", reserved_count=0, reservation_id=reservation_id)


def _references(ids: Sequence[str], reservation_id: str | None) -> list[Any]:
    """Message ids, or reserved messages when a reservation is known ('-' reads stdin)."""
    if ids == ("-",):
        refs: list[Any] = []
        for line in sys.stdin:
            text = line.strip()
            if not text.startswith("{"):
                refs.extend(text.split())
                continue
            item = json.loads(text)  # a line of 'ironmq reserve --json'
            rid = item.get("reservation_id")
            refs.append(_reserved(item["id"], rid) if rid else item["id"])
        return refs
    if reservation_id is not None:
        if len(ids) != 1:
            raise CliError("--reservation-id goes with one message id", ExitCode.USAGE)
        return [_reserved(ids[0], reservation_id)]
    return list(ids)


@click.command("delete")
@click.argument("queue")
@click.argument("ids", metavar="ID... | -", nargs=-1, required=True)
@reservation_option
@output_options
@pass_state
def delete(state: State, queue: str, ids: Sequence[str], reservation_id: str | None) -> None:
    """Delete messages by id; a reserved one needs its reservation id.

    With '-', ids come from stdin: plain ids, or the JSON lines of 'ironmq reserve'
    (which carry the reservation): ironmq reserve q -n 10 --json | ironmq delete q -
    """
    try:
        refs = _references(ids, reservation_id)
    except (ValueError, KeyError, TypeError) as exc:
        raise CliError(
            f"stdin: expected ids or 'ironmq reserve' JSON lines ({exc})", ExitCode.USAGE
        ) from None
    if not refs:
        raise CliError("no message ids on stdin", ExitCode.USAGE)
    state.queue(queue).delete_multiple(*refs)
    for ref in refs:
        message_id = ref if isinstance(ref, str) else ref.id
        state.out.say(f"Deleted message {message_id}.", {"id": message_id, "deleted": True})


def _need_reservation() -> CliError:
    return CliError(
        "this needs the message's reservation id: give it with --reservation-id "
        "(ironmq reserve prints it)",
        ExitCode.USAGE,
    )


@click.command("touch")
@click.argument("queue")
@click.argument("message_id", metavar="ID")
@reservation_option
@seconds("--timeout", "New reservation length, from now.", minimum=1)
@output_options
@pass_state
def touch(
    state: State, queue: str, message_id: str, reservation_id: str | None, timeout: int | None
) -> None:
    """Extend a reservation; prints the new reservation id, which replaces the old one."""
    from ironmq_sdk import InvalidArgumentError  # noqa: PLC0415  # keep `--help` fast

    try:
        new = state.queue(queue).touch(message_id, reservation_id, timeout)
    except InvalidArgumentError as exc:
        if exc.argument != "reservation_id":
            raise
        raise _need_reservation() from exc
    state.out.say(
        f"Reservation extended; the new reservation id is {new}",
        {"id": message_id, "reservation_id": new},
    )


@click.command("release")
@click.argument("queue")
@click.argument("message_id", metavar="ID")
@reservation_option
@seconds("--delay", "Available again only after this long.", maximum=MAX_DELAY, default=0)
@output_options
@pass_state
def release(
    state: State, queue: str, message_id: str, reservation_id: str | None, delay: int
) -> None:
    """Put a reserved message back in the queue (after --delay seconds)."""
    from ironmq_sdk import InvalidArgumentError  # noqa: PLC0415  # keep `--help` fast

    try:
        state.queue(queue).release(message_id, reservation_id, delay)
    except InvalidArgumentError as exc:
        if exc.argument != "reservation_id":
            raise
        raise _need_reservation() from exc
    state.out.say(
        f"Released message {message_id}" + (f", available in {delay} s." if delay else "."),
        {"id": message_id, "released": True, "delay": delay},
    )


COMMANDS = [post, reserve, peek, get, delete, touch, release]
