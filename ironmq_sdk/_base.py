"""State and I/O-free behaviour shared by the sync and async clients and queues."""

from __future__ import annotations

import copy
import os
import threading
from typing import TypeVar

import httpx

from ._config import ClientConfig, resolve_config
from ._core import RequestOptions, as_timeout
from ._flows import QueueFlows
from ._types import ApiVersion, NotGiven, TimeoutTypes
from ._wire import wire_for

_Self = TypeVar("_Self", bound="ClientBase")
_SelfQueue = TypeVar("_SelfQueue", bound="QueueBase")


class ClientBase:
    """Configuration, request options, the API version's wire and the per-name queue state."""

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
        self._wire = wire_for(self._config.api_version, self._config.project_id)
        self._flows: dict[str, QueueFlows] = {}
        self._flows_lock = threading.Lock()

    @property
    def project_id(self) -> str:
        """The project this client works in."""
        return self._config.project_id

    @property
    def api_version(self) -> ApiVersion:
        """The IronMQ API this client speaks: 3 (IronMQ v3) or 1 (IronMQ v2)."""
        return self._config.api_version

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

    def _queue_flows(self, name: str) -> QueueFlows:
        # One QueueFlows per name, so every queue object of a name shares its reservations.
        with self._flows_lock:
            flows = self._flows.get(name)
            if flows is None:
                flows = self._flows[name] = QueueFlows(self._wire, name)
            return flows

    def _with(self: _Self, timeout: TimeoutTypes | NotGiven, max_retries: int | None) -> _Self:
        # A shallow copy shares everything (pool, wire, queue state, any attribute added
        # later) and then gets its own options.
        clone = copy.copy(self)
        clone._options = self._options.merge(timeout, max_retries)
        return clone

    def __repr__(self) -> str:
        return f"{type(self).__name__}(project_id={self.project_id!r}, base_url={self.base_url!r})"


class QueueBase:
    """State shared by the sync and async queue: name, flows, reservations, options."""

    def __init__(self, flows: QueueFlows, options: RequestOptions, config: ClientConfig) -> None:
        self._flows = flows
        self._options = options
        self._config = config

    @property
    def name(self) -> str:
        """The queue's name."""
        return self._flows.name

    def webhook_url(self, *, include_token: bool = True) -> str:
        """The URL that turns the body of any POST into a message of this queue.

        Args:
            include_token: add `?oauth=<token>` so that third parties can post without headers.
        """
        token = self._config.token if include_token else None
        return self._flows.wire.webhook_url(self._config.base_url, self.name, token)

    def _with(
        self: _SelfQueue, timeout: TimeoutTypes | NotGiven, max_retries: int | None
    ) -> _SelfQueue:
        clone = copy.copy(self)
        clone._options = self._options.merge(timeout, max_retries)
        return clone

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"
