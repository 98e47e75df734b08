"""Queue commands: `queues`, `info`, `create`, `update`, `rm`, `clear`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from . import _records as records
from ._errors import CliError, ExitCode
from ._output import Col
from ._state import State, output_options, pass_state, seconds

if TYPE_CHECKING:
    from ironmq_sdk import DeadLetter, QueueInfo

F = TypeVar("F", bound=Callable[..., Any])

QUEUE_TYPES = ("pull", "multicast", "unicast")

INFO_LABELS = (
    ("name", "name"),
    ("id", "id"),
    ("type", "type"),
    ("size", "size"),
    ("total_messages", "total messages"),
    ("message_timeout", "message timeout (s)"),
    ("message_expiration", "message expiration (s)"),
    ("dead_letter.queue", "dead-letter queue"),
    ("dead_letter.max_reservations", "  after reservations"),
    ("push.subscriber_names", "subscribers"),
    ("push.retries", "push retries"),
    ("push.retries_delay", "push retries delay (s)"),
    ("push.error_queue", "push error queue"),
    ("alerts.count", "alerts"),
)


def show_info(state: State, info: QueueInfo) -> None:
    """A queue's settings: a table for people, its record as JSON."""
    record = records.queue(info)
    if state.out.machine:
        state.out.line(record)
        return
    view = dict(record, alerts={"count": len(record["alerts"]) or None})
    if record["push"] is not None:
        names = [s["name"] for s in record["push"]["subscribers"]]
        view["push"] = dict(record["push"], subscriber_names=names)
    state.out.fields(view, INFO_LABELS)


def subscriber_input(text: str) -> str | dict[str, str]:
    """`NAME=URL` names the subscriber; a bare URL is named by the SDK."""
    name, sep, url = text.partition("=")
    if sep and "://" in url and "://" not in name:
        return {"name": name, "url": url}
    return text


def confirm(question: str, yes: bool) -> None:
    """Ask on the terminal unless `--yes`; anything but yes leaves everything as it was."""
    if yes:
        return
    try:
        answer = click.confirm(question, default=False, err=True)
    except click.Abort as exc:
        if isinstance(exc.__context__, KeyboardInterrupt):
            raise
        raise CliError("nothing done: no answer (pass --yes to skip the question)") from None
    if not answer:
        raise CliError("nothing done")


def settings_options(*, creating: bool) -> Callable[[F], F]:
    """The queue settings shared by `create` and `update`."""
    options = [
        seconds("--message-timeout", "Default reservation timeout (IronMQ's: 60).", minimum=1),
        seconds(
            "--message-expiration",
            "How long a message may stay (IronMQ's default: 604800, 7 days).",
            minimum=1,
        ),
        click.option(
            "--dead-letter",
            metavar="QUEUE",
            help="Move messages reserved --max-reservations times to QUEUE.",
        ),
        click.option(
            "--max-reservations",
            type=click.IntRange(min=1),
            metavar="N",
            help="Reservations before a message goes to the dead-letter queue (10).",
        ),
        click.option(
            "--subscriber",
            "subscribers",
            multiple=True,
            metavar="[NAME=]URL",
            help="Push subscriber, repeatable: makes a push queue"
            + (" (--type multicast by default)." if creating else "; replaces the list."),
        ),
        click.option(
            "--retries", type=click.IntRange(min=0), metavar="N", help="Push retries per message."
        ),
        seconds("--retries-delay", "Pause between push retries."),
        click.option("--error-queue", metavar="QUEUE", help="Queue for failed pushes."),
    ]
    if creating:
        options.insert(
            0,
            click.option(
                "--type",
                "queue_type",
                type=click.Choice(QUEUE_TYPES),
                help="pull (default), or a push queue: multicast or unicast. Fixed once created.",
            ),
        )
    else:
        options.append(
            click.option("--no-dead-letter", is_flag=True, help="Stop dead-lettering messages.")
        )

    def decorate(command: F) -> F:
        for option in reversed(options):
            command = option(command)
        return command

    return decorate


def sdk_settings(state: State, name: str, options: dict[str, Any]) -> dict[str, Any]:
    """The SDK keyword arguments of the options given (None for those not given)."""
    from ironmq_sdk import DeadLetter  # noqa: PLC0415  # keep `--help` fast

    # The SDK sets dead-lettering as one (queue, limit) pair; the CLI lets either be given.
    dead_letter: DeadLetter | None = None
    queue_name, most = options.pop("dead_letter"), options.pop("max_reservations")
    if queue_name is not None:
        dead_letter = DeadLetter(queue_name, most if most is not None else 10)
    elif most is not None:
        current = state.queue(name).info().dead_letter
        if current is None:
            raise CliError(
                f"queue {name!r} has no dead-letter queue: give one with --dead-letter",
                ExitCode.USAGE,
            )
        dead_letter = DeadLetter(current.queue_name, most)
    subscribers = [subscriber_input(s) for s in options.pop("subscribers")] or None
    return dict(options, dead_letter=dead_letter, subscribers=subscribers)


@click.command("queues")
@click.option("--prefix", metavar="TEXT", help="Only queues whose name starts with TEXT.")
@click.option("-l", "--long", is_flag=True, help="Also each queue's size (a request per queue).")
@output_options
@pass_state
def list_queues(state: State, prefix: str | None, long: bool) -> None:
    """List queues (every page), in name order."""
    from ironmq_sdk import QueueNotFoundError  # noqa: PLC0415  # keep `--help` fast

    names = list(state.client().iter_queues(prefix=prefix))
    if not long:
        state.out.rows([{"name": n} for n in names], [Col("name", "queue")], empty="no queues")
        return
    rows = []
    for name in names:
        try:
            rows.append(records.queue(state.queue(name).info()))
        except QueueNotFoundError:
            continue  # deleted since the listing
    columns = [
        Col("name", "queue"),
        Col("type", "type"),
        Col("size", "size", justify="right"),
        Col("total_messages", "total", justify="right"),
    ]
    state.out.rows(rows, columns, empty="no queues")


@click.command("info")
@click.argument("queue")
@output_options
@pass_state
def info(state: State, queue: str) -> None:
    """Show a queue's settings, size and counters."""
    show_info(state, state.queue(queue).info())


@click.command("create")
@click.argument("queue")
@settings_options(creating=True)
@output_options
@pass_state
def create(state: State, /, queue: str, queue_type: str | None, **options: Any) -> None:
    """Create a queue (IronMQ updates it if it exists; its type cannot change)."""
    settings = sdk_settings(state, queue, options)
    show_info(state, state.client().create_queue(queue, type=queue_type, **settings))  # type: ignore[arg-type]  # click.Choice checked it


@click.command("update")
@click.argument("queue")
@settings_options(creating=False)
@output_options
@pass_state
def update(state: State, /, queue: str, no_dead_letter: bool, **options: Any) -> None:
    """Change some settings of a queue; the others keep their value."""
    if no_dead_letter and (options["dead_letter"] or options["max_reservations"]):
        raise CliError("--no-dead-letter cannot go with --dead-letter", ExitCode.USAGE)
    settings = sdk_settings(state, queue, options)
    target = state.queue(queue)
    if any(value is not None for value in settings.values()):
        result = target.update_queue(**settings)
    elif not no_dead_letter:
        raise CliError(
            "nothing to change: give a setting (see 'ironmq update --help')", ExitCode.USAGE
        )
    if no_dead_letter:
        result = target.remove_dead_letter()
    show_info(state, result)


@click.command("rm")
@click.argument("queues", metavar="QUEUE...", nargs=-1, required=True)
@click.option("-y", "--yes", is_flag=True, help="Do not ask.")
@output_options
@pass_state
def remove(state: State, queues: Sequence[str], yes: bool) -> None:
    """Delete queues and their messages (asks first unless --yes)."""
    # Ask about what is there: a missing queue fails here, before the question.
    sizes = {name: state.queue(name).info().size or 0 for name in queues}
    listed = ", ".join(f"{name} ({sizes[name]} messages)" for name in queues)
    confirm(f"Delete {listed}?", yes)
    for name in queues:
        state.queue(name).delete_queue()
        state.out.say(f"Deleted queue {name}.", {"queue": name, "deleted": True})


@click.command("clear")
@click.argument("queue")
@click.option("-y", "--yes", is_flag=True, help="Do not ask.")
@output_options
@pass_state
def clear(state: State, queue: str, yes: bool) -> None:
    """Delete every message of a queue, reserved ones too (asks first unless --yes)."""
    target = state.queue(queue)
    size = target.info().size or 0
    confirm(f"Delete all {size} messages of {queue}, reserved ones too?", yes)
    target.clear()
    state.out.say(f"Cleared {queue} ({size} messages).", {"queue": queue, "cleared": size})


COMMANDS = [list_queues, info, create, update, remove, clear]
