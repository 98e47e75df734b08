"""Bulk import: post every line of a file to a queue, fast, and say exactly what was stored.

    python examples/bulk_import.py QUEUE FILE           # one message body per line
    python examples/bulk_import.py QUEUE FILE --at-least-once

Lines go 100 to a request (IronMQ's most per post), 4 requests at a time: against a remote
IronMQ each request waits for its round trip, so a few in flight multiply the rate. Blank
lines are skipped.

Transient failures (503, 429, no connection) are retried by the SDK. What is left is
reported rather than guessed: a post whose answer was lost may or may not be stored, so the
SDK does not repeat it (posting is at most once) and its lines go to FILE.unknown; lines
whose post certainly failed go to FILE.failed, ready to import again. With
`--at-least-once` a post whose answer was lost is repeated too: nothing is lost, but a line
may be stored twice.
"""

from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ironmq_sdk import IronMQ, IronMQError, Queue

PER_REQUEST = 100
"""IronMQ takes at most 100 messages per post: one call, one request."""
IN_FLIGHT = 4


def post(queue: Queue, lines: list[str], at_least_once: bool) -> tuple[str, list[str]]:
    """Post one request's lines: ("stored" | "unknown" | "failed", the lines)."""
    try:
        queue.post(*lines, at_least_once=at_least_once)
    except IronMQError as error:
        print(f"a post of {len(lines)} lines failed: {error}", file=sys.stderr)
        return ("unknown" if error.maybe_applied else "failed"), lines
    return "stored", lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("queue")
    parser.add_argument("file", type=Path)
    parser.add_argument("--at-least-once", action="store_true")
    args = parser.parse_args(argv)

    lines = [line for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    chunks = [lines[i : i + PER_REQUEST] for i in range(0, len(lines), PER_REQUEST)]
    outcome: dict[str, list[str]] = {"stored": [], "unknown": [], "failed": []}

    with IronMQ() as ironmq:  # project_id and token from iron.json or IRON_* variables
        queue = ironmq.queue(args.queue)
        with ThreadPoolExecutor(IN_FLIGHT) as pool:
            results = pool.map(lambda chunk: post(queue, chunk, args.at_least_once), chunks)
            for kind, chunk in results:
                outcome[kind] += chunk

    print(f"{len(outcome['stored'])} of {len(lines)} lines posted to {args.queue}")
    for kind in ("unknown", "failed"):
        if outcome[kind]:
            path = args.file.with_name(f"{args.file.name}.{kind}")
            path.write_text("\n".join(outcome[kind]) + "\n", encoding="utf-8")
            print(f"{len(outcome[kind])} lines {kind}: written to {path}")
    return 0 if len(outcome["stored"]) == len(lines) else 1


if __name__ == "__main__":
    sys.exit(main())
