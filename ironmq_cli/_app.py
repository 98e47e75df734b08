"""The `ironmq` root command: global options, error handling, and the command list.

Importing this module costs click and the command definitions only: the SDK (httpx) and
rich load when a command needs them, so `ironmq --help` and completion stay fast.
"""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from collections.abc import Sequence
from typing import Any, NoReturn

import click

from . import _cmd_config, _cmd_live, _cmd_messages, _cmd_push, _cmd_queues, _cmd_transfer
from ._errors import CliError, ExitCode, from_exception, say, usage_line
from ._state import State

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Queues", ("queues", "info", "create", "update", "rm", "clear")),
    ("Messages", ("post", "reserve", "peek", "get", "delete", "touch", "release")),
    ("Living with queues", ("watch", "tail", "dlq", "export", "import")),
    ("Push queues and alerts", ("subscribers", "push-status", "alerts")),
    ("Setup", ("config",)),
)
"""The help page's sections, in the order a newcomer meets the commands."""


def _quiet_stdout() -> None:
    # The reader is gone: point stdout at /dev/null so the final flush cannot fail again.
    with contextlib.suppress(OSError, ValueError):  # no descriptor: a test runner's stdout
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


class IronMQGroup(click.Group):
    """The root group: SDK exceptions become one line and an exit code (see `_errors`)."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands in sections rather than in one alphabetical block."""
        for title, names in SECTIONS:
            rows = []
            for name in names:
                command = self.get_command(ctx, name)
                if command is not None and not command.hidden:
                    rows.append((name, command.get_short_help_str(limit=80)))
            with formatter.section(title):
                formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        """Run the command; translate what it raises while its settings (`--debug`) are known."""
        try:
            return super().invoke(ctx)
        except (CliError, click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise CliError("interrupted", ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            _quiet_stdout()
            raise CliError("", ExitCode.BROKEN_PIPE) from None
        except Exception as exc:
            state = ctx.find_object(State)
            if state is not None and state.debug:
                traceback.print_exc()
            raise from_exception(exc) from exc

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        """click's `main`, but every failure is one line on stderr and a distinct exit code."""
        # Run click non-standalone so that usage errors reach us, not click's multi-line
        # report; CliRunner calls this same method, so tests see what users see.
        try:
            rv = super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as exc:
            say(usage_line(exc))
            code: int = ExitCode.USAGE
        except CliError as exc:
            exc.show()
            code = exc.exit_code
        except click.ClickException as exc:
            exc.show()
            code = exc.exit_code
        except click.Abort as exc:
            interrupted = isinstance(exc.__context__, KeyboardInterrupt)
            say("interrupted" if interrupted else "aborted")
            code = ExitCode.INTERRUPTED if interrupted else ExitCode.ERROR
        else:
            code = rv if isinstance(rv, int) else ExitCode.OK
        sys.exit(code)


@click.group(
    cls=IronMQGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog=(
        "Settings not given here come from iron.json and IRON_* variables, as the SDK "
        "resolves them; 'ironmq config' shows what is in effect and where it came from. "
        "Exit codes: 0 ok, 1 error, 2 usage, 3 not found, 4 authentication, "
        "5 configuration, 130 interrupted."
    ),
)
@click.option("--project-id", metavar="ID", help="IronMQ project id.")
@click.option("--token", metavar="TOKEN", help="OAuth token (prefer IRON_TOKEN or iron.json).")
@click.option("--host", metavar="HOST", help="IronMQ host, e.g. mq-aws-eu-west-1-1.iron.io.")
@click.option("--base-url", metavar="URL", help="scheme://host[:port], e.g. a local server.")
@click.option(
    "--api-version", type=click.IntRange(min=1), metavar="N", help="IronMQ API version (3)."
)
@click.option(
    "--config-file", metavar="FILE", help="A JSON file of settings, as iron.json (first)."
)
@click.option(
    "--max-retries", type=click.IntRange(min=0), metavar="N", help="Retries per request (3)."
)
@click.option(
    "--json/--human",
    "json",
    default=None,
    help="JSON (lines) or tables; default: tables on a terminal, JSON when piped.",
)
@click.option("--debug", is_flag=True, help="Show the traceback of an error.")
@click.version_option(version=None, package_name="ironmq-sdk", message="ironmq %(version)s")
@click.pass_context
def cli(ctx: click.Context, /, **options: Any) -> None:
    """Look at and work with IronMQ queues, hosted or local (ironmq-local).

    \b
    ironmq queues                      list queues
    ironmq post orders "hello"         post a message
    ironmq reserve orders -n 10        reserve (then delete, touch or release)
    ironmq tail orders                 print messages as they arrive, consuming them
    ironmq watch                       live sizes and rates of every queue
    """
    ctx.obj = State(**options)


for _module in (_cmd_config, _cmd_queues, _cmd_messages, _cmd_live, _cmd_transfer, _cmd_push):
    for _command in _module.COMMANDS:
        cli.add_command(_command)
