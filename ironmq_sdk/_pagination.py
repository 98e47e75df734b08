"""Walking the queue listing page by page (`previous` names the last queue seen)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from . import _validate as v
from ._constants import MAX_MESSAGES_PER_CALL
from ._core import Flow, RequestOptions, single
from ._lazy import LazyModule
from ._transport import AsyncTransport, SyncTransport

if TYPE_CHECKING:
    from . import _wire as w
else:
    w = LazyModule("ironmq_sdk._wire")

MAX_PER_PAGE = MAX_MESSAGES_PER_CALL
"""The largest page the API serves."""


def queue_page(
    project_id: str, per_page: int | None, previous: str | None, prefix: str | None
) -> Flow[list[str]]:
    """One page of queue names, in name order."""
    if per_page is not None:
        v.integer("per_page", per_page, 1)
    op = w.op_list_queues(project_id, per_page=per_page, previous=previous, prefix=prefix)
    return (yield from single(op))


def next_previous(page: list[str], per_page: int) -> str | None:
    """The `previous` of the next page, or None when this page was the last."""
    return page[-1] if len(page) >= per_page and page else None


def iter_queue_names(
    transport: SyncTransport,
    options: RequestOptions,
    project_id: str,
    prefix: str | None,
    per_page: int,
) -> Iterator[str]:
    """Every queue name, fetching pages lazily."""
    v.integer("per_page", per_page, 1, MAX_PER_PAGE)
    previous: str | None = None
    while True:
        page = transport.run(queue_page(project_id, per_page, previous, prefix), options)
        yield from page
        previous = next_previous(page, per_page)
        if previous is None:
            return


async def aiter_queue_names(
    transport: AsyncTransport,
    options: RequestOptions,
    project_id: str,
    prefix: str | None,
    per_page: int,
) -> AsyncIterator[str]:
    """Every queue name, fetching pages lazily (async)."""
    v.integer("per_page", per_page, 1, MAX_PER_PAGE)
    previous: str | None = None
    while True:
        page = await transport.run(queue_page(project_id, per_page, previous, prefix), options)
        for name in page:
            yield name
        previous = next_previous(page, per_page)
        if previous is None:
            return
