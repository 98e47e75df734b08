"""Living with queues: `watch` (live sizes and rates) and `tail` (print messages as they come)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

import click

from . import _records as records
from ._cmd_messages import release_quietly
from ._errors import CliError, ExitCode
from ._output import Col, Output, write_whole
from ._state import State, output_options, pass_state, seconds

if TYPE_CHECKING:
    from rich.console import RenderableType

    from ironmq_sdk import Message, Queue, ReservedMessage

SEEN_LIMIT = 100_000
"""Message ids `tail --peek` remembers, so that it shows each message once."""


@dataclass(frozen=True)
class Sample:
    """One look at a queue: its size and the count of messages ever posted."""

    size: int
    total: int
    at: float
    """time.monotonic() of the look."""


def rate(delta: int, seconds: float) -> float | None:
    """Messages per second, or None when it cannot be told (first look, a recreated queue)."""
    if seconds <= 0 or delta < 0:
        return None
    return round(delta / seconds, 1)


def watch_rows(
    before: Mapping[str, Sample], now: Mapping[str, Sample], when: str
) -> list[dict[str, Any]]:
    """The watch table's rows: size, total, and rates in (posted) and out (deleted, expired).

    Args:
        before: the previous look at each queue (empty on the first).
        now: this look.
        when: this look's time, ISO 8601.
    """
    rows = []
    for name, cur in now.items():
        prev = before.get(name)
        posted = rate(cur.total - prev.total, cur.at - prev.at) if prev else None
        gone = (cur.total - prev.total) - (cur.size - prev.size) if prev else -1
        rows.append(
            {
                "time": when,
                "name": name,
                "size": cur.size,
                "total_messages": cur.total,
                "in_per_second": posted,
                "out_per_second": rate(gone, cur.at - prev.at) if prev else None,
            }
        )
    return rows


WATCH_COLUMNS = (
    Col("name", "queue"),
    Col("size", "size", justify="right", style="bold"),
    Col("total_messages", "total posted", justify="right"),
    Col("in_per_second", "in/s", justify="right", style="green"),
    Col("out_per_second", "out/s", justify="right", style="yellow"),
)


def look(state: State, names: Sequence[str], prefix: str | None) -> dict[str, Sample]:
    """Sample the named queues, or every queue (with `prefix`) when none are named."""
    from ironmq_sdk import QueueNotFoundError  # noqa: PLC0415  # keep `--help` fast

    listed = names or list(state.client().iter_queues(prefix=prefix))
    samples = {}
    for name in listed:
        try:
            info = state.queue(name).info()
        except QueueNotFoundError:
            if names:
                raise  # a queue the user named: say so
            continue  # deleted since the listing
        samples[name] = Sample(info.size or 0, info.total_messages or 0, time.monotonic())
    return samples


@click.command("watch")
@click.argument("queues", nargs=-1, metavar="[QUEUE]...")
@click.option("--prefix", metavar="TEXT", help="Without QUEUEs: queues starting with TEXT.")
@seconds("--interval", "Pause between refreshes.", minimum=0.1, default=2.0, fractional=True)
@click.option("--count", type=click.IntRange(min=1), metavar="N", help="Stop after N refreshes.")
@output_options
@pass_state
def watch(
    state: State,
    queues: Sequence[str],
    prefix: str | None,
    interval: float,
    count: int | None,
) -> None:
    """Show live sizes and rates of queues (all by default) until Ctrl+C.

    in/s counts messages posted, out/s messages that left (deleted, expired, moved).
    Piped or with --json: one JSON line per queue per refresh.
    """
    before: dict[str, Sample] = {}
    looks = 0
    live = None
    try:
        if not state.out.machine:
            from rich.live import Live  # noqa: PLC0415  # rich loads only for people

            live = Live(console=state.out.console, auto_refresh=False)
            live.start()
        while count is None or looks < count:
            if looks:
                time.sleep(interval)
            now = look(state, queues, prefix)
            rows = watch_rows(before, now, datetime.now(timezone.utc).isoformat())
            before, looks = now, looks + 1
            if live is None:
                for row in rows:
                    state.out.line(row)
            else:
                title = f"{state.client().base_url}, every {interval:g} s (Ctrl+C to stop)"
                live.update(watch_table(state.out, title, rows), refresh=True)
    except KeyboardInterrupt:
        raise CliError("", ExitCode.INTERRUPTED) from None  # the way to stop: no message
    finally:
        if live is not None:
            live.stop()


def watch_table(out: Output, title: str, rows: Sequence[Mapping[str, Any]]) -> RenderableType:
    """The table `watch` draws (tests render it with a recording console)."""
    from rich.console import Group  # noqa: PLC0415  # rich loads only for people
    from rich.text import Text  # noqa: PLC0415

    if not rows:
        return Text(f"{title}: no queues", style="dim")
    # the title above the table, not in it, so that a narrow table does not wrap it
    return Group(Text(title, style="dim"), out.table(rows, WATCH_COLUMNS))


def _printer(state: State) -> Callable[[Message], None]:
    if state.out.machine:
        return lambda message: state.out.line(records.message(message))
    from rich.text import Text  # noqa: PLC0415  # rich loads only for people

    out = state.out
    return lambda message: write_whole(
        out.rendered(Text.assemble((message.id, "cyan"), "  ", message.body))
    )


def print_and_settle(
    target: Queue, messages: Iterable[ReservedMessage], show: Callable[[Message], None]
) -> int:
    """Print reserved messages, then delete the printed ones and release the rest.

    Runs the settling even when printing is interrupted (Ctrl+C, a closed pipe), so a
    message is deleted only once it was printed, and one not printed is given back at once.
    """
    pending, printed = list(messages), []
    try:
        while pending:
            show(pending[0])
            printed.append(pending.pop(0))
    finally:
        if printed:
            target.delete_multiple(*printed)
        release_quietly(target, pending)
    return len(printed)


@click.command("tail")
@click.argument("queue")
@click.option(
    "--peek",
    "peeking",
    is_flag=True,
    help="Leave messages in the queue; show each new one once.",
)
@click.option(
    "-n",
    "batch",
    type=click.IntRange(1, 100),
    default=10,
    show_default=True,
    metavar="N",
    help="Messages reserved per request.",
)
@seconds("--timeout", "Reservation length (default: the queue's).", minimum=1)
@seconds(
    "--interval",
    "With --peek: pause between looks when nothing is new.",
    minimum=0.1,
    default=1.0,
    fractional=True,
)
@click.option("--count", type=click.IntRange(min=1), metavar="N", help="Stop after N messages.")
@output_options
@pass_state
def tail(
    state: State,
    queue: str,
    peeking: bool,
    batch: int,
    timeout: int | None,
    interval: float,
    count: int | None,
) -> None:
    """Print messages as they arrive, deleting each once printed, until Ctrl+C.

    Messages are reserved -n at a time (long-polling), printed, then deleted. On Ctrl+C
    or when the reader of a pipe goes away, the reserved messages not yet printed are
    released. With --peek nothing is reserved or deleted: only the first 100 available
    messages are visible to a peek, so on a busy queue with no consumer new ones may wait.
    """
    target, show = state.queue(queue), _printer(state)
    shown = 0
    try:
        if peeking:
            seen: OrderedDict[str, None] = OrderedDict()
            while count is None or shown < count:
                new = [m for m in target.peek(100) if m.id not in seen]
                for message in new[: None if count is None else count - shown]:
                    show(message)
                    seen[message.id] = None
                    shown += 1
                while len(seen) > SEEN_LIMIT:
                    seen.popitem(last=False)
                if not new:
                    time.sleep(interval)
            return
        while count is None or shown < count:
            want = batch if count is None else min(batch, count - shown)
            shown += print_and_settle(target, target.reserve(want, timeout, wait=30), show)
    except KeyboardInterrupt:
        raise CliError("", ExitCode.INTERRUPTED) from None  # the way to stop: no message


COMMANDS = [watch, tail]
