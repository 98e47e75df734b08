"""Push queues and alerts: `subscribers`, `push-status` and `alerts`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from . import _records as records
from ._cmd_queues import subscriber_input
from ._errors import CliError, ExitCode
from ._output import Col
from ._state import State, output_options, pass_state, seconds

SUBSCRIBER_COLUMNS = (Col("name", "name"), Col("url", "url"), Col("headers", "headers"))
ALERT_COLUMNS = (
    Col("id", "id", style="cyan", whole=True),
    Col("type", "type"),
    Col("trigger", "trigger", justify="right"),
    Col("direction", "direction"),
    Col("queue", "to queue"),
    Col("snooze", "snooze (s)", justify="right"),
)
STATUS_COLUMNS = (
    Col("subscriber", "subscriber"),
    Col("status", "status", style="bold"),
    Col("status_code", "HTTP", justify="right"),
    Col("tries", "tries", justify="right"),
    Col("retries_remaining", "retries left", justify="right"),
    Col("last_try_at", "last try"),
    Col("url", "url"),
)


def _headers(values: Sequence[str]) -> dict[str, str]:
    headers = {}
    for value in values:
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise CliError(f"--header {value!r}: expected 'Name: value'", ExitCode.USAGE)
        headers[name.strip()] = content.strip()
    return headers


@click.group("subscribers")
def subscribers() -> None:
    """A push queue's subscribers: the URLs (or ironmq:///queue) fed every message."""


@subscribers.command("list")
@click.argument("queue")
@output_options
@pass_state
def list_subscribers(state: State, queue: str) -> None:
    """List a push queue's subscribers."""
    push = state.queue(queue).info().push
    found = [records.subscriber(s) for s in (push.subscribers if push else ())]
    state.out.rows(found, SUBSCRIBER_COLUMNS, empty=f"{queue} has no subscribers.")


@subscribers.command("add")
@click.argument("queue")
@click.argument("urls", metavar="[NAME=]URL...", nargs=-1, required=True)
@click.option(
    "--header", "headers", multiple=True, metavar="'NAME: VALUE'", help="Sent with each push."
)
@output_options
@pass_state
def add_subscribers(state: State, queue: str, urls: Sequence[str], headers: Sequence[str]) -> None:
    """Add subscribers to a push queue (a bare URL gets a name made from it)."""
    extra = _headers(headers)
    items: list[str | dict[str, Any]] = []
    for url in urls:
        item: str | dict[str, Any] = subscriber_input(url)
        if extra:  # a bare URL becomes a dict, still named by the SDK
            item = {**({"url": item} if isinstance(item, str) else item), "headers": extra}
        items.append(item)
    state.queue(queue).add_subscribers(*items)
    state.out.say(
        f"Added {len(urls)} subscriber{'s' * (len(urls) != 1)} to {queue}.",
        {"queue": queue, "added": list(urls)},
    )


@subscribers.command("remove")
@click.argument("queue")
@click.argument("names", metavar="NAME|URL...", nargs=-1, required=True)
@output_options
@pass_state
def remove_subscribers(state: State, queue: str, names: Sequence[str]) -> None:
    """Remove subscribers by name (or by URL)."""
    state.queue(queue).remove_subscribers(*names)
    state.out.say(
        f"Removed {', '.join(names)} from {queue}.", {"queue": queue, "removed": list(names)}
    )


@click.command("push-status")
@click.argument("queue")
@click.argument("message_id", metavar="ID")
@output_options
@pass_state
def push_status(state: State, queue: str, message_id: str) -> None:
    """How delivery of one message to each subscriber went."""
    statuses = state.queue(queue).get_message_push_statuses(message_id)
    found = [records.push_status(s) for s in statuses]
    state.out.rows(found, STATUS_COLUMNS, empty="No push statuses (not a push queue?).")


@click.group("alerts")
def alerts() -> None:
    """Queue-size alerts: a message to another queue when the size crosses a trigger."""


@alerts.command("list")
@click.argument("queue")
@output_options
@pass_state
def list_alerts(state: State, queue: str) -> None:
    """List a queue's alerts."""
    found = [records.alert(a) for a in state.queue(queue).info().alerts]
    state.out.rows(found, ALERT_COLUMNS, empty=f"{queue} has no alerts.")


@alerts.command("add")
@click.argument("queue")
@click.option(
    "--trigger", type=click.IntRange(min=1), required=True, metavar="N", help="The queue size."
)
@click.option("--to", "target", metavar="QUEUE", required=True, help="Queue the alerts go to.")
@click.option(
    "--type",
    "alert_type",
    type=click.Choice(["fixed", "progressive"]),
    default="fixed",
    show_default=True,
    help="fixed: at the trigger; progressive: at every multiple of it.",
)
@click.option(
    "--direction",
    type=click.Choice(["asc", "desc"]),
    default="asc",
    show_default=True,
    help="asc: while growing; desc: while shrinking.",
)
@seconds("--snooze", "Quiet time after the alert fires.", default=0)
@output_options
@pass_state
def add_alert(
    state: State,
    queue: str,
    trigger: int,
    target: str,
    alert_type: str,
    direction: str,
    snooze: int,
) -> None:
    """Add a size alert to a pull queue (at most 5 per queue)."""
    state.queue(queue).add_alerts(
        {
            "type": alert_type,
            "trigger": trigger,
            "queue": target,
            "direction": direction,
            "snooze": snooze,
        }
    )
    # Adding answers nothing useful; the queue's alerts now show the new one's id.
    found = [records.alert(a) for a in state.queue(queue).info().alerts]
    state.out.rows(found, ALERT_COLUMNS, empty="", title=f"Alerts of {queue}")


@alerts.command("remove")
@click.argument("queue")
@click.argument("ids", metavar="ID...", nargs=-1, required=True)
@output_options
@pass_state
def remove_alerts(state: State, queue: str, ids: Sequence[str]) -> None:
    """Remove alerts by id ('ironmq alerts list' shows them)."""
    state.queue(queue).remove_alerts(*ids)
    state.out.say(
        f"Removed {len(ids)} alert(s) from {queue}.", {"queue": queue, "removed": list(ids)}
    )


COMMANDS = [subscribers, push_status, alerts]
