"""What every command shares: the connection settings, the client, and the output mode."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from ironmq_sdk import ClientConfig, IronMQ, Queue

    from ._output import Output

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class State:
    """The root command's options, and the client made from them on first use."""

    project_id: str | None = None
    token: str | None = None
    host: str | None = None
    base_url: str | None = None
    api_version: int | None = None
    config_file: str | None = None
    max_retries: int | None = None
    json: bool | None = None
    """True for `--json`, False for `--human`, None to decide by whether stdout is a terminal."""
    debug: bool = False
    _client: IronMQ | None = field(default=None, repr=False)
    _output: Output | None = field(default=None, repr=False)

    def sdk_arguments(self) -> dict[str, Any]:
        """The settings given on the command line, as the SDK's keyword arguments."""
        given = {
            "project_id": self.project_id,
            "token": self.token,
            "host": self.host,
            "base_url": self.base_url,
            "api_version": self.api_version,
            "config_file": self.config_file,
        }
        return {key: value for key, value in given.items() if value is not None}

    def resolve(self) -> ClientConfig:
        """The configuration the SDK resolves from these settings, files and environment."""
        from ironmq_sdk import resolve_config  # noqa: PLC0415  # keep `--help` fast

        return resolve_config(**self.sdk_arguments())

    def client(self) -> IronMQ:
        """The IronMQ client, made on first use and closed when the command ends."""
        if self._client is None:
            from ironmq_sdk import IronMQ  # noqa: PLC0415  # keep `--help` fast

            arguments = self.sdk_arguments()
            if self.max_retries is not None:
                arguments["max_retries"] = self.max_retries
            self._client = IronMQ(**arguments)
            click.get_current_context().find_root().call_on_close(self._client.close)
        return self._client

    def queue(self, name: str) -> Queue:
        """The queue called `name` on the configured client."""
        return self.client().queue(name)

    @property
    def machine(self) -> bool:
        """Whether to print JSON (asked for, or stdout is not a terminal) rather than tables."""
        return self.json if self.json is not None else not sys.stdout.isatty()

    @property
    def out(self) -> Output:
        """The writer of this command's results."""
        if self._output is None:
            from ._output import Output  # noqa: PLC0415  # rich loads only for human output

            self._output = Output(machine=self.machine)
        return self._output


pass_state = click.make_pass_decorator(State, ensure=True)
"""Hand the command the root's `State` as its first argument."""


def seconds(
    name: str,
    help: str,
    *,
    minimum: float = 0,
    maximum: float | None = None,
    default: float | None = None,
    fractional: bool = False,
) -> Callable[[F], F]:
    """An option counted in seconds (a timeout, delay or interval), checked against its range."""
    kind: click.ParamType[Any] = (
        click.FloatRange(minimum, maximum)
        if fractional
        else click.IntRange(int(minimum), None if maximum is None else int(maximum))
    )
    return click.option(
        name,
        type=kind,
        default=default,
        show_default=default is not None,
        metavar="SECONDS",
        help=help,
    )


def _set_output(ctx: click.Context, _param: click.Parameter, value: bool | None) -> None:
    if value is not None:
        ctx.ensure_object(State).json = value


def output_options(command: F) -> F:
    """`--json/--human` on a subcommand too, so they can follow the command's arguments."""
    return click.option(
        "--json/--human",
        "json",
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_output,
        help="JSON (lines) or tables; default: tables on a terminal, JSON when piped.",
    )(command)
