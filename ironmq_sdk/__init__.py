"""ironmq-sdk: a typed Python client for IronMQ v3 (and the legacy v2, `api_version=1`), over
clients generated from their OpenAPI specs.

from ironmq_sdk import IronMQ

with IronMQ() as mq:                    # project_id/token from iron.json or IRON_* env
    queue = mq.queue("orders")
    queue.post("Hello world")
    for message in queue.reserve(n=10, wait=5):
        ...
        queue.delete(message)           # the message carries its reservation id

The legacy iron_mq spelling works too: `queue.get(max=10)` is `reserve`, and
`queue.delete(message.id)` finds the reservation this queue object made. The guides and the
API reference: `make docs-serve`, or docs/ in the repository.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import _httpx_import  # noqa: F401  # first: httpx without its CLI (see the module)
from ._alerts import Alert, AlertDirection, AlertType
from ._async.client import AsyncIronMQ
from ._async.queue import AsyncQueue
from ._config import ClientConfig, resolve_config
from ._constants import DEFAULT_TIMEOUT, VERSION
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ForbiddenError,
    InternalServerError,
    InvalidArgumentError,
    IronMQError,
    MessageNotFoundError,
    NotFoundError,
    PartialBatchError,
    PayloadTooLargeError,
    QueueNotFoundError,
    QueueTypeChangeError,
    RateLimitError,
    ReservationExpiredError,
    ReservationRequiredError,
    UnsupportedArgumentError,
    UnsupportedOperationError,
)
from ._messages import Message, ReservedMessage
from ._push import ACCEPTED, PushMessage
from ._queue_info import DeadLetter, QueueInfo, QueueType
from ._reports import AlertMessage, ErrorQueueMessage, FailedSubscriber
from ._retries import DEFAULT_MAX_RETRIES
from ._subscribers import PushSettings, PushStatus, PushStatusKind, Subscriber
from ._sync.client import IronMQ
from ._sync.queue import Queue
from ._types import NewQueueSettings, PushUpdateSettings, QueueSettings

if TYPE_CHECKING:
    from ._async.job import AsyncJob
    from ._async_consumer import AsyncConsumer
    from ._consumer import Consumer
    from ._sync.job import Job

__version__ = VERSION

_LAZY = {
    "AsyncConsumer": "._async_consumer",
    "AsyncJob": "._async.job",
    "Consumer": "._consumer",
    "Job": "._sync.job",
}
"""Names imported when first asked for: the consumers and their jobs (with asyncio and
thread pools) are a fifth of the package's import time, and most programs never use them."""


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # once: later lookups find it without this function
    return value


__all__ = [
    "ACCEPTED",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "Alert",
    "AlertDirection",
    "AlertMessage",
    "AlertType",
    "AsyncConsumer",
    "AsyncIronMQ",
    "AsyncJob",
    "AsyncQueue",
    "AuthenticationError",
    "BadRequestError",
    "ClientConfig",
    "ConfigurationError",
    "Consumer",
    "DeadLetter",
    "ErrorQueueMessage",
    "FailedSubscriber",
    "ForbiddenError",
    "InternalServerError",
    "InvalidArgumentError",
    "IronMQ",
    "IronMQError",
    "Job",
    "Message",
    "MessageNotFoundError",
    "NewQueueSettings",
    "NotFoundError",
    "PartialBatchError",
    "PayloadTooLargeError",
    "PushMessage",
    "PushSettings",
    "PushStatus",
    "PushStatusKind",
    "PushUpdateSettings",
    "Queue",
    "QueueInfo",
    "QueueNotFoundError",
    "QueueSettings",
    "QueueType",
    "QueueTypeChangeError",
    "RateLimitError",
    "ReservationExpiredError",
    "ReservationRequiredError",
    "ReservedMessage",
    "Subscriber",
    "UnsupportedArgumentError",
    "UnsupportedOperationError",
    "__version__",
    "resolve_config",
]
