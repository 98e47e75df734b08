"""Exit codes, and every failure as one line on stderr saying what went wrong and what to do."""

from __future__ import annotations

import enum
from typing import IO, Any
from urllib.parse import unquote, urlsplit

import click


class ExitCode(enum.IntEnum):
    """The exit codes of `ironmq`, one per kind of failure a script may want to tell apart."""

    OK = 0
    ERROR = 1
    """Anything else: the server failed, could not be reached, or refused in this state."""
    USAGE = 2
    """The command line or an input was wrong (click's own code for usage errors)."""
    NOT_FOUND = 3
    """The queue or message does not exist."""
    AUTHENTICATION = 4
    """The server refused the token for this project."""
    CONFIGURATION = 5
    """No project id or token, an unreadable iron.json, or an unsupported API version."""
    INTERRUPTED = 130
    """Ctrl+C (128 + SIGINT, as shells report it)."""
    BROKEN_PIPE = 141
    """The reader of stdout went away (128 + SIGPIPE, as `yes | head` reports it)."""


class CliError(Exception):
    """A failure reported as `ironmq: <message>` on stderr, exiting with `exit_code`."""

    def __init__(self, message: str, exit_code: ExitCode = ExitCode.ERROR) -> None:
        super().__init__(message)
        self.message = " ".join(message.split())  # one line, whatever the server's msg held
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the one line (nothing for a quiet exit such as a closed pipe)."""
        if self.message:
            say(self.message, file)


def say(message: str, file: IO[Any] | None = None, *, colour: str = "red") -> None:
    """Write `ironmq: message` to stderr, the prefix in colour on a terminal."""
    click.echo(f"{click.style('ironmq:', fg=colour, bold=True)} {message}", file=file, err=True)


def note(message: str) -> None:
    """A warning that does not stop the command: `ironmq: note: ...` on stderr, in yellow."""
    say(f"note: {message}", colour="yellow")


def usage_line(exc: click.UsageError) -> str:
    """click's usage error as one line: the problem, then where the help is."""
    path = exc.ctx.command_path if exc.ctx is not None else "ironmq"
    return f"{exc.format_message().rstrip('.')} (see '{path} --help')"


def _queue_of(url: str) -> str | None:
    parts = urlsplit(url).path.split("/")
    if "queues" in parts and parts.index("queues") + 1 < len(parts):
        return unquote(parts[parts.index("queues") + 1])
    return None


def from_exception(exc: Exception) -> CliError:  # noqa: PLR0911  # one return per kind
    """Translate an SDK (or I/O) exception into the line and exit code the user sees."""
    import ironmq_sdk as sdk  # noqa: PLC0415  # only once something failed

    if isinstance(exc, sdk.ConfigurationError):
        return CliError(f"{str(exc).rstrip('.')} (see 'ironmq config')", ExitCode.CONFIGURATION)
    if isinstance(exc, sdk.InvalidArgumentError):
        return CliError(str(exc), ExitCode.USAGE)
    if isinstance(exc, sdk.QueueNotFoundError):
        name = _queue_of(exc.url)
        return CliError(
            f"queue {name!r} not found: check the name with 'ironmq queues' "
            "(posting to a queue creates it)",
            ExitCode.NOT_FOUND,
        )
    if isinstance(exc, sdk.MessageNotFoundError):
        return CliError(
            f"message not found in queue {_queue_of(exc.url)!r} (deleted, expired, or never "
            "posted): check the id with 'ironmq peek' or 'ironmq reserve'",
            ExitCode.NOT_FOUND,
        )
    if isinstance(exc, sdk.NotFoundError):
        return CliError(f"not found: {exc.msg} ({exc.method} {exc.url})", ExitCode.NOT_FOUND)
    if isinstance(exc, sdk.AuthenticationError):
        return CliError(
            f"the server refused the credentials ({exc.status} {exc.msg}): check the token "
            "and project id with 'ironmq config'",
            ExitCode.AUTHENTICATION,
        )
    if isinstance(exc, sdk.APIConnectionError):
        return CliError(
            f"cannot reach IronMQ: {exc}. Check --base-url or --host (see 'ironmq config') "
            "and that the server is up"
        )
    if isinstance(exc, sdk.APIStatusError):
        hint = f". {exc.hint}" if exc.hint else ""
        return CliError(f"the server answered {exc.status} {exc.msg}{hint}")
    if isinstance(exc, sdk.IronMQError):
        return CliError(str(exc))
    if isinstance(exc, OSError):
        return CliError(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    return CliError(f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see why)")
