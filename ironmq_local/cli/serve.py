"""`ironmq-local [options]`: check the options, then serve in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Sequence

from .._extra import HINT, missing
from ..settings import (
    DEFAULT_DB,
    DEFAULT_HOST,
    DEFAULT_LOG_LEVEL,
    DEFAULT_MAX_CONNECTIONS,
    DEFAULT_MAX_MESSAGE_SIZE,
    DEFAULT_PORT,
    DEFAULT_PROJECT_ID,
    DEFAULT_PUSH_CONCURRENCY,
    DEFAULT_PUSH_TIMEOUT,
    DEFAULT_REQUEST_TIMEOUT,
    DEFAULT_TOKEN,
    V2_ALERT_ANSWERS,
    Settings,
)
from ._parser import PROG, Parser, fail, port, positive
from .banner import banner
from .logs import configure as configure_logging

_PROJECT_ID = re.compile(r"^[0-9a-f]{24}$")
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")

ADMIN_HELP = """\
admin verbs, against a running server started with --control:
  ironmq-local reset                      delete every queue and message
  ironmq-local clock [now|advance S|freeze|unfreeze]
  ironmq-local faults COUNT [--status 503] | faults show | faults clear
  (each takes --url; see e.g. ironmq-local faults --help)"""


def _project_id(value: str) -> str:
    if not _PROJECT_ID.match(value):
        raise argparse.ArgumentTypeError(f"project ids are 24 lowercase hex characters: {value!r}")
    return value


def _pair(value: str) -> tuple[str, str]:
    project_id, sep, token = value.partition(":")
    if not sep or not token:
        raise argparse.ArgumentTypeError(f"expected PROJECT_ID:TOKEN, not {value!r}")
    return _project_id(project_id), token


def version() -> str:
    """The installed package's version."""
    from importlib.metadata import PackageNotFoundError  # noqa: PLC0415
    from importlib.metadata import version as installed  # noqa: PLC0415

    try:
        return installed("ironmq-sdk")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> Parser:
    """Return the argument parser of the server."""
    parser = Parser(
        prog=PROG,
        description="An IronMQ-compatible server on SQLite, for development and tests.",
        epilog=ADMIN_HELP,
    )
    add = parser.add_argument
    add("--version", action="version", version=f"{PROG} {version()}")
    add("--host", default=DEFAULT_HOST, help="address to listen on")
    add("--port", type=port, default=DEFAULT_PORT, help="TCP port (0 picks a free one)")
    add("--db", default=DEFAULT_DB, help='SQLite file (created if missing), or ":memory:"')
    add("--project-id", type=_project_id, default=DEFAULT_PROJECT_ID, help="project id")
    add("--token", default=DEFAULT_TOKEN, help="that project's OAuth token")
    add(
        "--credentials",
        type=_pair,
        action="append",
        default=[],
        metavar="ID:TOKEN",
        help="another project id and token (repeatable)",
    )
    add(
        "--max-message-size",
        type=positive(int),
        default=DEFAULT_MAX_MESSAGE_SIZE,
        metavar="BYTES",
        help="largest message body",
    )
    add(
        "--control",
        action="store_true",
        help="enable the /_local/ control API (reset, virtual clock, faults) for tests",
    )
    add(
        "--push-timeout",
        type=positive(float),
        default=DEFAULT_PUSH_TIMEOUT,
        metavar="SECONDS",
        help="how long a push subscriber has to answer",
    )
    add(
        "--push-concurrency",
        type=positive(int),
        default=DEFAULT_PUSH_CONCURRENCY,
        metavar="N",
        help="most messages being pushed at the same time",
    )
    add(
        "--v2-alert-answers",
        default=V2_ALERT_ANSWERS[0],
        choices=V2_ALERT_ANSWERS,
        help="what v2's alert endpoints answer: Updated/Deleted (as the v2 client's tests "
        "expect) or the v2 docs' 'Alerts were added.' etc.",
    )
    add(
        "--request-timeout",
        type=positive(float),
        default=DEFAULT_REQUEST_TIMEOUT,
        metavar="SECONDS",
        help="time a request may take to arrive whole; slower ones get 408",
    )
    add(
        "--max-connections",
        type=positive(int),
        default=DEFAULT_MAX_CONNECTIONS,
        metavar="N",
        help="most open connections; more evict the longest idle or stalled one",
    )
    add("--log-level", default=DEFAULT_LOG_LEVEL, choices=LOG_LEVELS, help="least severe logged")
    add("--quiet", action="store_true", help="no line per request (warnings and errors only)")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and serve until interrupted; every mistake is one line on stderr."""
    args = build_parser().parse_args(argv)
    if missing():
        sys.exit(HINT)  # one line on stderr, exit status 1
    from ..serve import StartupError, serve  # noqa: PLC0415 (needs the extra, checked above)

    credentials = {args.project_id: args.token}
    credentials.update(dict(args.credentials))
    settings = Settings(
        host=args.host,
        port=args.port,
        db=args.db,
        credentials=credentials,
        max_message_size=args.max_message_size,
        control=args.control,
        log_level=args.log_level,
        push_timeout=args.push_timeout,
        push_concurrency=args.push_concurrency,
        v2_alert_answers=args.v2_alert_answers,
        request_timeout=args.request_timeout,
        max_connections=args.max_connections,
    )
    configure_logging(args.log_level, quiet=args.quiet)

    def ready(url: str, created: bool) -> None:
        lines = banner(url, credentials, args.db, created=created, control=args.control)
        # flush: the pytest plugin and scripts wait for the first line on a pipe
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()

    try:
        with contextlib.suppress(KeyboardInterrupt):
            serve(settings, ready)
    except StartupError as exc:
        fail(str(exc))
