"""Moving messages in bulk: `export`, `import`, and `dlq redrive`, with progress.

The guarantee is at-least-once, never at-most-once: a message leaves its source only after
it is safely in the destination (written and flushed to the file, or posted), so an
interruption can duplicate a message but never lose one. Message ids, reservations and
delays do not travel: IronMQ gives every posted message a new id, a reserved count of 0 and
no delay, and its expiration starts again.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import IO, TYPE_CHECKING

import click

from ._cmd_messages import count_json_lines, post_all, release_quietly
from ._errors import CliError, ExitCode, note
from ._inputs import BATCH, batches, json_lines, stream_batches
from ._output import dumps
from ._progress import Meter
from ._state import State, output_options, pass_state, seconds

if TYPE_CHECKING:
    from ironmq_sdk import Queue, ReservedMessage


@contextmanager
def _opened(path: str) -> Iterator[IO[str]]:
    if path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8") as stream:
        yield stream


def write_durably(stream: IO[str], messages: list[ReservedMessage]) -> None:
    """Write messages as JSON lines, flushed (and a file fsynced) before any is deleted."""
    stream.write(
        "".join(
            dumps({"id": m.id, "body": m.body, "reserved_count": m.reserved_count}) + "\n"
            for m in messages
        )
    )
    stream.flush()
    try:
        regular = stat.S_ISREG(os.fstat(stream.fileno()).st_mode)
    except (OSError, ValueError):  # no file descriptor (a test runner's stdout)
        regular = False
    if regular:
        os.fsync(stream.fileno())


def settle(done: Callable[[], object], source: Queue, messages: list[ReservedMessage]) -> None:
    """Run `done` (write or post the messages), then delete them from `source`.

    Delete second, never first: interrupted in between, a message is in both places (a
    duplicate), never in neither. If `done` did not finish, the messages are released to
    `source` at once rather than left hidden until their reservation times out.
    """
    finished = False
    try:
        done()
        finished = True
    finally:
        if finished:
            source.delete_multiple(*messages)
        else:
            release_quietly(source, messages)


def _warn_dead_letter(state: State, target: Queue) -> None:
    dead_letter = target.info().dead_letter
    if dead_letter is not None:
        note(
            f"{target.name} moves messages to {dead_letter.queue_name} after "
            f"{dead_letter.max_reservations} reservations, and exporting reserves each once"
        )


@click.command("export")
@click.argument("queue")
@click.argument("path", metavar="FILE", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--delete", is_flag=True, help="Move them out: delete each once written.")
@seconds(
    "--timeout",
    "How long each message stays reserved (hidden from consumers) during the export.",
    minimum=30,
    default=600,
)
@output_options
@pass_state
def export(state: State, queue: str, path: str, delete: bool, timeout: int) -> None:
    """Write a queue's available messages to FILE as JSON lines ('-': stdout).

    Each line is {"id", "body", "reserved_count"}; 'ironmq import' reads it back (with new
    ids). Messages are reserved to be read, so delayed messages and messages reserved by
    others are not exported, and each export counts as one reservation (dead-letter limits
    included). Without --delete every message is released at the end, one request each, and
    stays in the queue; with --delete each batch is deleted once written and flushed. If
    interrupted, nothing is lost: written but undeleted messages stay in the queue too.
    """
    target = state.queue(queue)
    _warn_dead_letter(state, target)
    size = target.info().size
    held: dict[str, ReservedMessage] = {}  # without --delete: released at the end
    with _opened(path) as stream, Meter(f"Exporting {queue}", total=size) as meter:
        try:
            while True:
                got = target.reserve(BATCH, timeout)
                # A reservation that ran out brings a message round again: it is written
                # once, and held under its newest reservation, which is the one to release.
                fresh = [m for m in got if m.id not in held]
                if not delete:
                    held.update((m.id, m) for m in got)
                if not fresh:
                    break
                if delete:
                    settle(partial(write_durably, stream, fresh), target, got)
                else:
                    write_durably(stream, fresh)
                meter.advance(len(fresh))
        except KeyboardInterrupt:
            raise CliError(
                f"interrupted: {meter.done} messages written to {path}"
                + ("" if delete else "; all were released")
                + ("; the last batch may still be in the queue too" if delete else ""),
                ExitCode.INTERRUPTED,
            ) from None
        finally:
            release_quietly(target, held.values())
    if path != "-":
        verb = "Moved" if delete else "Exported"
        state.out.say(
            f"{verb} {meter.done} messages from {queue} to {path}.",
            {"queue": queue, "file": path, "exported": meter.done, "deleted": delete},
        )


@click.command("import")
@click.argument("queue")
@click.argument(
    "path", metavar="FILE", type=click.Path(exists=True, dir_okay=False, allow_dash=True)
)
@output_options
@pass_state
def import_(state: State, queue: str, path: str) -> None:
    """Post the messages of a JSON-lines FILE ('-': stdin) to a queue, 100 per request.

    Lines are JSON strings or objects with "body" (and optional "delay", "push_headers"),
    as 'ironmq export' writes them; a file is checked whole before anything is posted.
    """
    if path == "-":
        stdin = sys.stdin
        posted = post_all(state, queue, stream_batches(json_lines(stdin, "stdin")), total=None)
    else:
        total = count_json_lines(path)
        with open(path, encoding="utf-8") as stream:
            posted = post_all(state, queue, batches(json_lines(stream, path)), total=total)
    state.out.say(
        f"Imported {posted} messages from {path} to {queue}.",
        {"queue": queue, "file": path, "imported": posted},
    )


@click.group("dlq")
def dlq() -> None:
    """Dead-letter queues: where messages reserved too many times go."""


@dlq.command("redrive")
@click.argument("queue")
@seconds(
    "--timeout",
    "Reservation of each batch in the dead-letter queue while it moves.",
    minimum=30,
    default=60,
)
@output_options
@pass_state
def redrive(state: State, queue: str, timeout: int) -> None:
    """Move the messages of QUEUE's dead-letter queue back to QUEUE.

    Moves as many messages as the dead-letter queue held when it started (so messages that
    fail again are not moved round and round), 100 at a time: each batch is posted to
    QUEUE, then deleted from the dead-letter queue. Moved messages get new ids and a
    reserved count of 0, so they have their full number of tries again.
    """
    from ironmq_sdk import QueueNotFoundError  # noqa: PLC0415  # keep `--help` fast

    target = state.queue(queue)
    dead_letter = target.info().dead_letter
    if dead_letter is None:
        raise CliError(
            f"queue {queue!r} has no dead-letter queue: set one with "
            f"'ironmq update {queue} --dead-letter QUEUE'"
        )
    source = state.queue(dead_letter.queue_name)
    try:
        size = source.info().size or 0
    except QueueNotFoundError:
        size = 0  # created by the first dead-lettered message: none yet
    with Meter(f"{source.name} → {queue}", total=size) as meter:
        try:
            while meter.done < size:
                got = source.reserve(min(BATCH, size - meter.done), timeout)
                if not got:
                    break  # the rest are reserved by others or were deleted
                settle(partial(target.post, *(m.body for m in got)), source, got)
                meter.advance(len(got))
        except KeyboardInterrupt:
            raise CliError(
                f"interrupted: {meter.done} messages moved from {source.name} to {queue}",
                ExitCode.INTERRUPTED,
            ) from None
    state.out.say(
        f"Moved {meter.done} messages from {source.name} back to {queue}.",
        {"queue": queue, "dead_letter_queue": source.name, "moved": meter.done},
    )


COMMANDS = [export, import_, dlq]
