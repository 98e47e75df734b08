"""`ironmq-local reset | clock ... | faults ...`: admin verbs against a running server.

They talk to its control API (`--control`) through `ControlClient`, the client the pytest
harness uses too, so they need no server dependencies: a client-only install can drive a
server elsewhere on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import httpx

from ..control_client import ControlClient
from ..settings import DEFAULT_HOST, DEFAULT_PORT
from ._parser import PROG, Parser, fail, positive

URL_VARIABLE = "IRONMQ_LOCAL_URL"
DEFAULT_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"


def _url_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--url",
        default=os.environ.get(URL_VARIABLE, DEFAULT_URL),
        help=f"the server (or set {URL_VARIABLE})",
    )


def build_parser() -> Parser:
    """The parser of the admin verbs (`ironmq-local VERB ...`)."""
    parser = Parser(prog=PROG, description="Admin verbs against a running ironmq-local.")
    verbs = parser.add_subparsers(dest="verb", required=True, parser_class=Parser)
    reset = verbs.add_parser("reset", help="delete every queue and message, real-time clock")
    _url_option(reset)
    clock = verbs.add_parser("clock", help="show or move the virtual clock")
    clock.add_argument(
        "action",
        nargs="?",
        default="now",
        choices=("now", "advance", "freeze", "unfreeze"),
        help="what to do",
    )
    clock.add_argument("seconds", nargs="?", type=positive(float), help="for advance")
    _url_option(clock)
    faults = verbs.add_parser("faults", help="make the next API requests fail, stall or drop")
    faults.add_argument("count", help="how many requests, or `show`, or `clear`")
    faults.add_argument("--status", type=int, help="HTTP status to answer (503 by default)")
    faults.add_argument("--delay", type=positive(float), default=0.0, help="seconds to stall")
    faults.add_argument("--drop", action="store_true", help="close the connection instead")
    faults.add_argument("--retry-after", type=positive(float), help="Retry-After seconds")
    _url_option(faults)
    return parser


def _clock_line(state: dict[str, Any]) -> str:
    now = float(state["now"])
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now))
    frozen = ", frozen" if state.get("frozen") else ""
    ahead = now - time.time()
    return f"virtual clock: {stamp} (epoch {now:.3f}, {round(ahead):+d} s from real time{frozen})"


def _faults_line(plan: dict[str, Any]) -> str:
    count = int(plan.get("count", 0))
    if not count:
        return "no faults armed"
    if plan.get("drop"):
        what = "have their connection dropped"
    elif plan.get("status") is not None:
        what = f"answer {plan['status']}"
    else:
        what = "go through"
    delay = f" after {plan['delay']:g} s" if plan.get("delay") else ""
    return f"the next {count} API request(s) will {what}{delay}"


def _run(args: argparse.Namespace, control: ControlClient) -> str:
    if args.verb == "reset":
        control.reset()
        return "reset: no queues, no messages, real-time clock, no faults"
    if args.verb == "clock":
        if args.action == "advance":
            if args.seconds is None:
                fail("clock advance needs SECONDS, e.g. ironmq-local clock advance 60", 2)
            control.advance(args.seconds)
        elif args.action in ("freeze", "unfreeze"):
            control.freeze(args.action == "freeze")
        return _clock_line(control.clock())
    if args.count == "show":
        return _faults_line(control.faults())
    if args.count == "clear":
        control.clear_faults()
        return "no faults armed"
    if not args.count.isdigit() or int(args.count) < 1:
        fail(f"faults takes a count of requests, show or clear, not {args.count!r}", 2)
    plan = control.inject_faults(
        int(args.count),
        status=args.status,
        delay=args.delay,
        drop=args.drop,
        retry_after=args.retry_after,
    )
    return _faults_line(plan)


def main(argv: Sequence[str]) -> None:
    """Run one admin verb; problems are one line on stderr and a non-zero exit."""
    args = build_parser().parse_args(argv)
    url = args.url.rstrip("/")
    try:
        with ControlClient(url, timeout=10) as control:
            print(_run(args, control))
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 404:
            fail(f"the server at {url} has no control API: start it with --control")
        fail(f"the server at {url} refused: {_message(exc.response)}")
    except httpx.TransportError as exc:
        fail(f"no ironmq-local answers at {url} ({exc}): start one, or pass --url")
    sys.stdout.flush()


def _message(response: httpx.Response) -> str:
    try:
        return str(response.json()["msg"])
    except (ValueError, KeyError, TypeError):
        return f"HTTP {response.status_code}"
