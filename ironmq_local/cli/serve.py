"""`ironmq-local [options]`: parse the options and serve in the foreground."""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
from collections.abc import Sequence

from .._extra import HINT, missing
from ..settings import (
    DEFAULT_DB,
    DEFAULT_MAX_MESSAGE_SIZE,
    DEFAULT_PROJECT_ID,
    DEFAULT_PUSH_CONCURRENCY,
    DEFAULT_PUSH_TIMEOUT,
    DEFAULT_TOKEN,
    V2_ALERT_ANSWERS,
    Settings,
)

_PROJECT_ID = re.compile(r"^[0-9a-f]{24}$")


def _project_id(value: str) -> str:
    if not _PROJECT_ID.match(value):
        raise argparse.ArgumentTypeError("project ids are 24 lowercase hex characters")
    return value


def _pair(value: str) -> tuple[str, str]:
    project_id, sep, token = value.partition(":")
    if not sep or not token:
        raise argparse.ArgumentTypeError("expected PROJECT_ID:TOKEN")
    return _project_id(project_id), token


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser."""
    parser = argparse.ArgumentParser(
        prog="ironmq-local",
        description="An IronMQ v3-compatible server on SQLite, for development and tests.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="TCP port (0 picks a free one)")
    parser.add_argument("--db", default=DEFAULT_DB, help='SQLite file, or ":memory:"')
    parser.add_argument("--project-id", type=_project_id, default=DEFAULT_PROJECT_ID)
    parser.add_argument("--token", default=DEFAULT_TOKEN)
    parser.add_argument(
        "--credentials",
        type=_pair,
        action="append",
        default=[],
        metavar="ID:TOKEN",
        help="another project id and token (repeatable)",
    )
    parser.add_argument(
        "--max-message-size",
        type=int,
        default=DEFAULT_MAX_MESSAGE_SIZE,
        help="largest message body in bytes",
    )
    parser.add_argument(
        "--control",
        action="store_true",
        help="enable the /_local/ control API (reset, virtual clock, faults) for tests",
    )
    parser.add_argument(
        "--push-timeout",
        type=float,
        default=DEFAULT_PUSH_TIMEOUT,
        metavar="SECONDS",
        help="how long a push subscriber has to answer",
    )
    parser.add_argument(
        "--push-concurrency",
        type=int,
        default=DEFAULT_PUSH_CONCURRENCY,
        metavar="N",
        help="most messages being pushed at the same time",
    )
    parser.add_argument(
        "--v2-alert-answers",
        default=V2_ALERT_ANSWERS[0],
        choices=V2_ALERT_ANSWERS,
        help="what v2's alert endpoints answer: Updated/Deleted (as the v2 client's tests "
        "expect) or the v2 docs' 'Alerts were added.' etc.",
    )
    parser.add_argument(
        "--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"]
    )
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Parse arguments and serve until interrupted (or say which extra is missing)."""
    args = build_parser().parse_args(argv)
    if missing():
        sys.exit(HINT)  # one line on stderr, exit status 1
    from ..serve import serve  # noqa: PLC0415 (needs the extra, checked just above)

    if args.max_message_size < 1:
        build_parser().error("--max-message-size must be positive")
    if not args.push_timeout > 0 or args.push_concurrency < 1:
        build_parser().error("--push-timeout and --push-concurrency must be positive")
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
    )

    def announce(line: str) -> None:
        # flush each line: the pytest plugin and scripts wait for the banner on a pipe
        sys.stdout.write(line + "\n")
        sys.stdout.flush()

    with contextlib.suppress(KeyboardInterrupt):
        serve(settings, announce)
