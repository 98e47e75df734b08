"""Messages to post, read from arguments, text lines or JSON lines, in batches of 100.

JSON lines: each line is a JSON string (the body) or an object with `body` and optionally
`delay` and `push_headers`; other fields (such as the `id` and `reserved_count` that
`ironmq export` writes) are ignored, since IronMQ gives every posted message a new id.
"""

from __future__ import annotations

import json
import queue
import threading
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any, TypeAlias

from ._errors import CliError, ExitCode

BATCH = 100
"""Messages per request: IronMQ's limit for one post, reservation or batch delete."""

Message: TypeAlias = "str | dict[str, Any]"


def text_lines(stream: IO[str]) -> Iterator[str]:
    """Each non-empty line of a text stream, without its line ending, as a body."""
    for line in stream:
        body = line.rstrip("\r\n")
        if body:
            yield body


def json_lines(stream: IO[str], where: str) -> Iterator[Message]:
    """Each non-blank line of a JSON-lines stream as a message to post.

    Raises:
        CliError: a line is not JSON, or not a string or an object with a string `body`.
    """
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            raise CliError(
                f"{where}, line {number}: not JSON ({exc}); each line must be a JSON string "
                'or an object with a "body"',
                ExitCode.USAGE,
            ) from None
        yield _message(value, f"{where}, line {number}")


def _message(value: Any, where: str) -> Message:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and isinstance(value.get("body"), str):
        message: dict[str, Any] = {"body": value["body"]}
        for key in ("delay", "push_headers"):
            if value.get(key) is not None:
                message[key] = value[key]
        return message
    raise CliError(
        f'{where}: expected a JSON string or an object with a string "body", '
        f"not {json.dumps(value)[:60]}",
        ExitCode.USAGE,
    )


def with_delay(messages: Iterable[Message], delay: int | None) -> Iterator[Message]:
    """The messages, each delayed `delay` seconds unless it says otherwise."""
    for message in messages:
        if delay is None:
            yield message
        elif isinstance(message, str):
            yield {"body": message, "delay": delay}
        else:
            yield {"delay": delay, **message}


LINGER = 0.2
"""Seconds a partial batch from a stream waits for more lines before it is sent anyway."""


def batches(messages: Iterable[Message], size: int = BATCH) -> Iterator[list[Message]]:
    """The messages in lists of at most `size`."""
    it = iter(messages)
    while batch := list(islice(it, size)):
        yield batch


class _End:
    def __init__(self, error: BaseException | None = None) -> None:
        self.error = error


def stream_batches(
    messages: Iterable[Message], size: int = BATCH, linger: float = LINGER
) -> Iterator[list[Message]]:
    """Like `batches`, for a stream such as stdin: a partial batch is sent once no line has
    come for `linger` seconds, so a slow producer's messages are not held back."""
    lines: queue.Queue[Message | _End] = queue.Queue(maxsize=size * 10)

    def read() -> None:
        try:
            for message in messages:
                lines.put(message)
        except BaseException as exc:  # handed to the main thread, which raises it
            lines.put(_End(exc))
        else:
            lines.put(_End())

    threading.Thread(target=read, daemon=True, name="ironmq-stdin").start()
    batch: list[Message] = []
    while True:
        try:
            item = lines.get(timeout=linger) if batch else lines.get()
        except queue.Empty:
            yield batch
            batch = []
            continue
        if isinstance(item, _End):
            if batch:
                yield batch
            if item.error is not None:
                raise item.error
            return
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
