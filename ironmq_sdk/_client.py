"""`IronMQ` and `AsyncIronMQ`: configuration, one connection pool, queues."""

from __future__ import annotations

import os
import threading
from collections.abc import AsyncIterator, Iterator, Sequence
from types import TracebackType

import httpx

from ._config import ClientConfig, resolve_config
from ._constants import DEFAULT_TIMEOUT
from ._core import NO_BODY, RequestOptions, TimeoutTypes, as_timeout
from ._pagination import aiter_queue_names, iter_queue_names, queue_page
from ._queue import AsyncQueue, Queue
from ._queue_core import AlertInput, QueueCore, SubscriberInput
from ._queue_info import DeadLetter, QueueInfo, QueueType
from ._retries import DEFAULT_MAX_RETRIES
from ._transport import AsyncTransport, SyncTransport


class _ClientBase:
    """Configuration, request options and the per-name queue state shared by the clients."""

    def __init__(
        self,
        *,
        project_id: str | None,
        token: str | None,
        host: str | None,
        protocol: str | None,
        port: int | None,
        api_version: int | str | None,
        base_url: str | None,
        config_file: str | os.PathLike[str] | None,
        timeout: TimeoutTypes,
        max_retries: int,
    ) -> None:
        self._config: ClientConfig = resolve_config(
            project_id=project_id,
            token=token,
            host=host,
            protocol=protocol,
            port=port,
            api_version=api_version,
            base_url=base_url,
            config_file=config_file,
        )
        self._options = RequestOptions(as_timeout(timeout), max_retries)
        self._cores: dict[str, QueueCore] = {}
        self._cores_lock = threading.Lock()

    @property
    def project_id(self) -> str:
        """The project this client works in."""
        return self._config.project_id

    @property
    def base_url(self) -> str:
        """`scheme://host[:port]` of the IronMQ service."""
        return self._config.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The HTTP timeouts of every request."""
        return self._options.timeout

    @property
    def max_retries(self) -> int:
        """Retries after the first attempt of every request."""
        return self._options.max_retries

    def _core(self, name: str) -> QueueCore:
        # One core per name, so every Queue object of a name shares its reservations.
        with self._cores_lock:
            core = self._cores.get(name)
            if core is None:
                core = self._cores[name] = QueueCore(self._config.project_id, name)
            return core

    def _copy_state(
        self, other: _ClientBase, timeout: TimeoutTypes, max_retries: int | None
    ) -> None:
        self._config = other._config
        self._options = other._options.merge(timeout, max_retries)
        self._cores = other._cores
        self._cores_lock = other._cores_lock

    def __repr__(self) -> str:
        return f"{type(self).__name__}(project_id={self.project_id!r}, base_url={self.base_url!r})"


class IronMQ(_ClientBase):
    """The IronMQ v3 client (sync). Use it as a context manager, or call `close()`.

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
        max_retries: retries of a failed request (see `ironmq_sdk._retries`); default 3.
        http_client: your own `httpx.Client` (proxies, certificates); you close it.
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
        http_client: httpx.Client | None = None,
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
        self._transport = SyncTransport(self._config, http_client)

    def with_options(
        self, *, timeout: TimeoutTypes = NO_BODY, max_retries: int | None = None
    ) -> IronMQ:
        """This client with other request settings; it shares the connection pool.

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout`.
            max_retries: retries after the first attempt.
        """
        clone = object.__new__(IronMQ)
        clone._copy_state(self, timeout, max_retries)
        clone._transport = self._transport
        return clone

    def queue(self, name: str) -> Queue:
        """The queue called `name` (no request is made; posting creates it)."""
        return Queue(self._transport, self._core(name), self._options)

    def queues(
        self,
        per_page: int | None = None,
        previous: str | None = None,
        prefix: str | None = None,
    ) -> list[str]:
        """One page of queue names, in name order (default 30 per page).

        Args:
            per_page: names per page (the server serves at most 100).
            previous: the last name of the previous page.
            prefix: only names starting with this.
        """
        return self._transport.run(
            queue_page(self.project_id, per_page, previous, prefix), self._options
        )

    def iter_queues(self, *, prefix: str | None = None, per_page: int = 100) -> Iterator[str]:
        """Every queue name (optionally with `prefix`), fetching pages as you go."""
        return iter_queue_names(self._transport, self._options, self.project_id, prefix, per_page)

    def create_queue(
        self,
        name: str,
        *,
        type: QueueType | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Create a queue, or update it if it exists; `subscribers` make a push queue."""
        return self.queue(name).create(
            type=type,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )

    def update_queue(
        self,
        name: str,
        *,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Change settings of an existing queue; omitted settings keep their value."""
        return self.queue(name).update_queue(
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )

    def delete_queue(self, name: str) -> None:
        """Delete a queue and its messages."""
        self.queue(name).delete_queue()

    def close(self) -> None:
        """Close the connection pool (not an `http_client` you passed in)."""
        self._transport.close()

    def __enter__(self) -> IronMQ:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class AsyncIronMQ(_ClientBase):
    """The IronMQ v3 client (async). Use it with `async with`, or `await close()`.

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
        max_retries: retries of a failed request (see `ironmq_sdk._retries`); default 3.
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

    def with_options(
        self, *, timeout: TimeoutTypes = NO_BODY, max_retries: int | None = None
    ) -> AsyncIronMQ:
        """This client with other request settings; it shares the connection pool.

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout`.
            max_retries: retries after the first attempt.
        """
        clone = object.__new__(AsyncIronMQ)
        clone._copy_state(self, timeout, max_retries)
        clone._transport = self._transport
        return clone

    def queue(self, name: str) -> AsyncQueue:
        """The queue called `name` (no request is made; posting creates it)."""
        return AsyncQueue(self._transport, self._core(name), self._options)

    async def queues(
        self,
        per_page: int | None = None,
        previous: str | None = None,
        prefix: str | None = None,
    ) -> list[str]:
        """One page of queue names, in name order (default 30 per page).

        Args:
            per_page: names per page (the server serves at most 100).
            previous: the last name of the previous page.
            prefix: only names starting with this.
        """
        return await self._transport.run(
            queue_page(self.project_id, per_page, previous, prefix), self._options
        )

    def iter_queues(self, *, prefix: str | None = None, per_page: int = 100) -> AsyncIterator[str]:
        """Every queue name (optionally with `prefix`), fetching pages as you go."""
        return aiter_queue_names(self._transport, self._options, self.project_id, prefix, per_page)

    async def create_queue(
        self,
        name: str,
        *,
        type: QueueType | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Create a queue, or update it if it exists; `subscribers` make a push queue."""
        return await self.queue(name).create(
            type=type,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )

    async def update_queue(
        self,
        name: str,
        *,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Change settings of an existing queue; omitted settings keep their value."""
        return await self.queue(name).update_queue(
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )

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
