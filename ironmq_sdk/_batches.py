"""Posting and deleting many messages, 100 per request, without losing track (I/O-free flows).

A call with more than 100 messages is several requests. When one of them fails after
others succeeded, the caller must learn what is stored (or deleted) and what is not, to
retry exactly the rest: the flows raise `PartialBatchError` with the inputs' positions.
When the first request fails, nothing was done and the error is raised as it is.

Posting is at most once: a post whose answer was lost (timeout, dropped connection) is
not sent again, since the server may have stored it and a repeat would store it twice;
the error's `maybe_applied` says so. `at_least_once=True` retries it anyway, for callers
who prefer a rare duplicate to a rare loss.

Deleting is idempotent, so a delete whose answer was lost is retried; when that retry
finds the message gone, the lost attempt did the job, and the delete counts as done.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._constants import MAX_MESSAGES_PER_CALL
from ._core import Flow
from ._errors import IronMQError, MessageNotFoundError, PartialBatchError
from ._wire import Wire

log = logging.getLogger("ironmq_sdk")

Ref = tuple[str, str | None]
"""(message id, reservation id or None)."""


def _partial(
    operation: str, done: dict[int, str], failed: range, total: int, error: IronMQError
) -> PartialBatchError | None:
    """What to raise when the request for positions `failed` failed with `error`: None for
    the error itself, since when nothing was done it says all there is to say."""
    if not done:
        return None
    pending = [i for i in failed if i not in done]
    unknown = pending if error.maybe_applied else []
    not_done = [] if error.maybe_applied else pending
    not_done += range(failed.stop, total)
    return PartialBatchError(operation, done, not_done, unknown, error)


def post(
    wire: Wire, name: str, items: Sequence[Mapping[str, Any]], at_least_once: bool
) -> Flow[list[str]]:
    """Post checked messages, 100 per request; their ids in order."""
    ids: list[str] = []
    for start in range(0, len(items), MAX_MESSAGES_PER_CALL):
        chunk = items[start : start + MAX_MESSAGES_PER_CALL]
        op = wire.post_messages(name, chunk)
        if at_least_once:
            op = dataclasses.replace(op, idempotent=True)  # retried even after a lost answer
        try:
            ids += yield op
        except IronMQError as error:
            failed = range(start, start + len(chunk))
            partial = _partial("post", dict(enumerate(ids)), failed, len(items), error)
            if partial is None:
                raise
            raise partial from error
    return ids


def delete_one(
    wire: Wire, name: str, message_id: str, rid: str | None, gone_ok: bool
) -> Flow[None]:
    """Delete one message; "not found" is done when an earlier attempt may have deleted it."""
    try:
        yield wire.delete_message(name, message_id, rid)
    except MessageNotFoundError as error:
        if not (gone_ok or error.maybe_applied):
            raise
        log.info("message %s of queue %s is already deleted (an answer was lost)", message_id, name)


def delete(
    wire: Wire, name: str, refs: Sequence[Ref], forget: Callable[[Iterable[str]], None]
) -> Flow[None]:
    """Delete messages, 100 per request; `forget` is called with the ids each request deleted."""
    done: dict[int, str] = {}
    for start in range(0, len(refs), MAX_MESSAGES_PER_CALL):
        chunk = refs[start : start + MAX_MESSAGES_PER_CALL]
        try:
            yield from _delete_chunk(wire, name, chunk, start, done)
        except IronMQError as error:
            failed = range(start, start + len(chunk))
            partial = _partial("delete_multiple", done, failed, len(refs), error)
            if partial is None:
                raise
            raise partial from error
        finally:
            forget([done[i] for i in range(start, start + len(chunk)) if i in done])


def _delete_chunk(
    wire: Wire, name: str, chunk: Sequence[Ref], start: int, done: dict[int, str]
) -> Flow[None]:
    try:
        yield wire.delete_messages(name, chunk)
    except MessageNotFoundError as error:
        if not error.maybe_applied:
            raise
        # A retry after a lost answer found a message gone. A batch delete is all or nothing,
        # so the lost attempt most likely deleted them all, but a 404 names one id only:
        # delete the rest one by one, where "not found" now means done.
        log.info("batch delete on queue %s: an answer was lost; finishing one by one", name)
        for offset, (message_id, rid) in enumerate(chunk):
            yield from delete_one(wire, name, message_id, rid, gone_ok=True)
            done[start + offset] = message_id
    else:
        for offset, (message_id, _) in enumerate(chunk):
            done[start + offset] = message_id
