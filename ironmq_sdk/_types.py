"""Types shared across the SDK: the not-given sentinel, argument aliases, queue settings.

The queue settings are declared here once, as `TypedDict`s that the queue and client
methods take with `**settings: Unpack[...]`: type checkers and IDEs see every keyword and
its type, and a new setting is one line here (plus its check in `_inputs` and its
rendering in each `_wire` module that supports it).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any, Literal, TypeAlias, TypedDict

import httpx

from ._alerts import Alert
from ._messages import Message
from ._queue_info import DeadLetter, QueueType
from ._subscribers import Subscriber

if sys.version_info >= (3, 11):
    from typing import Unpack
else:  # pragma: no cover - Python 3.10
    from typing_extensions import Unpack

__all__ = [
    "NOT_GIVEN",
    "AlertInput",
    "ApiVersion",
    "MessageInput",
    "MessageRef",
    "NewQueueSettings",
    "NotGiven",
    "PushUpdateSettings",
    "QueueSettings",
    "SubscriberInput",
    "TimeoutTypes",
    "Unpack",
]


class NotGiven:
    """The type of `NOT_GIVEN`: an argument left out, where None means something else.

    `with_options(timeout=None)` asks for no timeout at all; leaving `timeout` out keeps the
    current one. Falsy, so `if timeout:` treats it like a missing value.
    """

    _instance: NotGiven | None = None

    def __new__(cls) -> NotGiven:
        # One instance, so `is NOT_GIVEN` works even after copy or pickle.
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN = NotGiven()
"""The not-given sentinel (see `NotGiven`)."""

ApiVersion: TypeAlias = Literal[1, 3]
"""The API's path version: 3 (IronMQ v3, `/3/projects/...`) or 1 (IronMQ v2, `/1/projects/...`)."""

TimeoutTypes: TypeAlias = "float | httpx.Timeout | None"
"""A timeout in seconds, an `httpx.Timeout`, or None for none at all."""

MessageInput: TypeAlias = "str | Mapping[str, Any]"
"""A message to post: its body, or a dict with `body` and the per-message fields."""
MessageRef: TypeAlias = "str | Message"
"""A message named by its id, or a message object (a ReservedMessage carries its reservation)."""
SubscriberInput: TypeAlias = "str | Subscriber | Mapping[str, Any]"
"""A subscriber: a bare URL (named for you), a Subscriber, or a dict with `url` (and `name`)."""
AlertInput: TypeAlias = "Alert | Mapping[str, Any]"
"""An alert: an Alert, or a dict with `type`, `trigger`, `queue`, `direction`, `snooze`."""


# Queue settings. Every key is optional and None means "leave as it is". The classes nest
# so that each key is written once: the legacy `update()` takes the first group, PATCH-style
# updates all but `type`, creation everything.


class PushUpdateSettings(TypedDict, total=False):
    """Settings the legacy `update(subscribers, push_type, ...)` takes besides its two."""

    message_timeout: int | None
    """Default reservation timeout in seconds (1 to 86400)."""
    message_expiration: int | None
    """Seconds a message is kept before it expires (1 to 2592000)."""
    retries: int | None
    """Push queues: how many times a failed delivery is retried (0 to 100)."""
    retries_delay: int | None
    """Push queues: seconds between retries (3 to 86400)."""
    error_queue: str | None
    """Push queues: queue that receives a report of each undeliverable message."""


class QueueSettings(PushUpdateSettings, total=False):
    """Settings of an existing queue that an update may change."""

    subscribers: Sequence[SubscriberInput] | None
    """Push subscribers (URLs, Subscriber objects or dicts); giving them makes a push queue."""
    dead_letter: DeadLetter | None
    """Where messages reserved too many times go."""
    alerts: Sequence[AlertInput] | None
    """Queue-size alerts."""


class NewQueueSettings(QueueSettings, total=False):
    """Settings of a queue being created."""

    type: QueueType | None
    """`pull`, `multicast` or `unicast` (v3 fixes it at creation)."""
