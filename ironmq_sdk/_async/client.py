"""`AsyncIronMQ` (async): configuration, connection pools, queues."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from types import TracebackType
from typing import TypeVar

import httpx

from .._base import ClientBase
from .._constants import DEFAULT_TIMEOUT
from .._core import Flow
from .._flows import QueuePages, queue_page
from .._queue_info import QueueInfo
from .._retries import DEFAULT_MAX_RETRIES
from .._transport import AsyncTransport
from .._types import (
    NOT_GIVEN,
    NewQueueSettings,
    NotGiven,
    QueueSettings,
    TimeoutTypes,
    Unpack,
)
from .queue import AsyncQueue

T = TypeVar("T")


class AsyncIronMQ(ClientBase):
    """The IronMQ client (async). Use it as a context manager (`async with`), or `await close()`.

    Configuration is resolved, highest precedence first, from: the arguments;
    `config_file`; `./iron.json`; `IRON_MQ_*` then `IRON_*` environment variables
    (`IRON_PROJECT_ID`, `IRON_TOKEN`, `IRON_HOST`, `IRON_PROTOCOL`, `IRON_PORT`,
    `IRON_API_VERSION`, `IRON_BASE_URL`); `~/.iron.json`; the default v3 host.

    Args:
        project_id: the project id.
        token: the OAuth token (never logged).
        host: e.g. `mq-aws-eu-west-1-1.iron.io`.
        protocol: `https` (default) or `http`.
        port: default 443 for https.
        api_version: only 3 is supported.
        base_url: `scheme://host[:port][/prefix]` in one string (e.g. a local server).
        config_file: a JSON file with the keys above (and an optional `iron_mq` section).
        timeout: HTTP timeouts, seconds or `httpx.Timeout`; default connect 5 s, read 60 s.
            A long poll's read timeout is raised past its `wait` when this is shorter.
        max_retries: retries of a transient failure of a request that repeating cannot
            duplicate (the guide "Errors and retries" has the policy); default 3.
        http_client: your own `httpx.AsyncClient` (proxies, certificates); you close it.
    """

    def __init__(
        self,
        *,
        project_id: str | None = None,
        token: str | None = None,
        host: str | None = None,
        protocol: str | None = None,
        port: int | None = None,
        api_version: int | str | None = None,
        base_url: str | None = None,
        config_file: str | os.PathLike[str] | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            project_id=project_id,
            token=token,
            host=host,
            protocol=protocol,
            port=port,
            api_version=api_version,
            base_url=base_url,
            config_file=config_file,
            timeout=timeout,
            max_retries=max_retries,
        )
        self._transport = AsyncTransport(self._config, http_client)

    async def _run(self, flow: Flow[T]) -> T:
        return await self._transport.run(flow, self._options)

    def with_options(
        self, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN, max_retries: int | None = None
    ) -> AsyncIronMQ:
        """This client with other request settings; it shares the connection pool.

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout`.
            max_retries: retries after the first attempt.
        """
        return self._with(timeout, max_retries)

    def queue(self, name: str) -> AsyncQueue:
        """The queue called `name` (no request is made; posting creates it)."""
        return AsyncQueue(self._transport, self._queue_flows(name), self._options)

    async def queues(
        self,
        per_page: int | None = None,
        previous: str | None = None,
        prefix: str | None = None,
        *,
        page: int | None = None,
    ) -> list[str]:
        """One page of queue names, in name order (default 30 per page).

        Args:
            per_page: names per page (the server serves at most 100).
            previous: the last name of the previous page (IronMQ v3).
            prefix: only names starting with this.
            page: the page number, from 0 (IronMQ v2; v3 pages with `previous`).
        """
        return await self._run(queue_page(self._wire, per_page, previous, prefix, page))

    def iter_queues(self, *, prefix: str | None = None, per_page: int = 100) -> AsyncIterator[str]:
        """Every queue name (optionally with `prefix`), fetching pages as you go."""
        return self._iter_queues(prefix, per_page)

    async def _iter_queues(self, prefix: str | None, per_page: int) -> AsyncIterator[str]:
        pages = QueuePages(self._wire, prefix, per_page)
        while (flow := pages.next()) is not None:
            for name in await self._run(flow):
                yield name

    async def create_queue(self, name: str, **settings: Unpack[NewQueueSettings]) -> QueueInfo:
        """Create a queue, or update it if it exists; `subscribers` make a push queue.

        Args:
            name: the queue's name.
            **settings: the queue's settings (see `NewQueueSettings`).
        """
        return await self.queue(name).create(**settings)

    async def update_queue(self, name: str, **settings: Unpack[QueueSettings]) -> QueueInfo:
        """Change settings of an existing queue; omitted settings keep their value.

        Args:
            name: the queue's name.
            **settings: the settings to change (see `QueueSettings`).
        """
        return await self.queue(name).update_queue(**settings)

    async def delete_queue(self, name: str) -> None:
        """Delete a queue and its messages."""
        await self.queue(name).delete_queue()

    async def close(self) -> None:
        """Close the connection pool (not an `http_client` you passed in)."""
        await self._transport.aclose()

    async def __aenter__(self) -> AsyncIronMQ:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()
