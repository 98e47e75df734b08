"""One bridge for running a synchronous test body against the async SDK as well.

`Bridge(async_object, loop)` answers like the sync object would: each coroutine it returns
is run to completion on `loop`, an async iterator is collected into a list, and the async
SDK objects it returns (queues, consumers, jobs) come back bridged too. The SDK and
contract suites use it to drive `AsyncIronMQ` with the test bodies they run on `IronMQ`.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator
from typing import Any

from ironmq_sdk import AsyncConsumer, AsyncIronMQ, AsyncJob, AsyncQueue


class Bridge:
    """Calls an async SDK object synchronously: awaitables are run on one event loop."""

    _wrapped = (AsyncIronMQ, AsyncQueue, AsyncConsumer, AsyncJob)

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def _wrap(self, value: Any) -> Any:
        if inspect.isawaitable(value):
            value = self._loop.run_until_complete(value)
        if isinstance(value, AsyncIterator):
            value = self._loop.run_until_complete(_collect(value))
        if isinstance(value, self._wrapped):
            return Bridge(value, self._loop)
        return value

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._target, name)
        if not callable(attr):
            return attr

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._wrap(attr(*args, **kwargs))

        return call


async def _collect(items: AsyncIterator[Any]) -> list[Any]:
    return [item async for item in items]
