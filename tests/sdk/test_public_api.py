"""The public surface: pinned names, and every sync method's async twin."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

import pytest

import ironmq_sdk
from ironmq_sdk import (
    AsyncConsumer,
    AsyncIronMQ,
    AsyncJob,
    AsyncQueue,
    Consumer,
    IronMQ,
    Job,
    Queue,
    compat,
)

PUBLIC_NAMES = [
    "ACCEPTED",
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
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
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


def test_public_names_are_pinned() -> None:
    """`__all__` is exactly this list; adding or removing a name is a deliberate change."""
    assert sorted(ironmq_sdk.__all__) == sorted(PUBLIC_NAMES)
    for name in PUBLIC_NAMES:
        assert hasattr(ironmq_sdk, name), name


def test_all_is_sorted_and_exports_come_from_private_modules() -> None:
    """One sorted `__all__` (constants, classes, then functions, as ruff's RUF022 sorts it);
    every class and function lives in a `_private` module."""

    def kind(name: str) -> tuple[int, str]:
        return (0 if name.isupper() else 1 if name[0].isupper() else 2, name)

    assert ironmq_sdk.__all__ == sorted(set(ironmq_sdk.__all__), key=kind)
    for name in PUBLIC_NAMES:
        obj = getattr(ironmq_sdk, name)
        module = getattr(obj, "__module__", "ironmq_sdk._x")
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert module.startswith("ironmq_sdk._"), (name, module)


def test_compat_names_are_pinned() -> None:
    """The legacy module offers the legacy classes and method names."""
    assert compat.__all__ == ["IronMQ", "Queue"]
    legacy_client = {
        "queues",
        "queue",
        "create_queue",
        "update_queue",
        "getQueues",
        "getQueueDetails",
        "deleteMessage",
        "postMessage",
        "getMessage",
        "clearQueue",
    }
    legacy_queue = {"info", "size", "id", "total_messages", "clear", "delete", "delete_multiple",
                    "post", "get", "reserve", "get_message_by_id", "peek", "touch", "release",
                    "update", "delete_queue", "add_alerts", "update_alerts", "remove_alerts",
                    "remove_alert", "add_subscribers", "remove_subscribers",
                    "replace_subscribers", "get_message_push_statuses",
                    "delete_message_push_status"}  # fmt: skip
    assert legacy_client <= set(dir(compat.IronMQ))
    assert legacy_queue <= set(dir(compat.Queue))


# sync/async parity -------------------------------------------------------------------

PAIRS = [(IronMQ, AsyncIronMQ), (Queue, AsyncQueue), (Consumer, AsyncConsumer), (Job, AsyncJob)]
SYNC_IN_BOTH = {"with_options", "queue", "consumer", "webhook_url", "iter_queues", "stop"}
DUNDER_TWINS = {"__enter__": "__aenter__", "__exit__": "__aexit__", "__iter__": "__aiter__"}
_RENAMES = [
    (r"\bAsyncIronMQ\b", "IronMQ"),
    (r"\bAsyncQueue\b", "Queue"),
    (r"\bAsyncConsumer\b", "Consumer"),
    (r"\bAsyncJob\b", "Job"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bhttpx\.AsyncClient\b", "httpx.Client"),
    (r"Awaitable\[object\]", "object"),
]


def _normalise(annotation: Any) -> str:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    for pattern, replacement in _RENAMES:
        text = re.sub(pattern, replacement, text)
    return text


def _public_methods(cls: type) -> dict[str, Any]:
    out = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name not in DUNDER_TWINS and name not in DUNDER_TWINS.values():
            continue
        if callable(member) or isinstance(inspect.getattr_static(cls, name), property):
            out[name] = member
    return out


@pytest.mark.parametrize(("sync_cls", "async_cls"), PAIRS, ids=lambda c: c.__name__)
def test_every_sync_method_has_an_async_twin(sync_cls: type, async_cls: type) -> None:
    """Same public names, same parameters (names, kinds, defaults, types), async where I/O."""
    sync_methods = _public_methods(sync_cls)
    async_methods = _public_methods(async_cls)
    expected = {DUNDER_TWINS.get(n, n) for n in sync_methods}
    assert expected == set(async_methods)
    for name, sync_member in sync_methods.items():
        twin_name = DUNDER_TWINS.get(name, name)
        async_member = async_methods[twin_name]
        if isinstance(inspect.getattr_static(sync_cls, name), property):
            assert isinstance(inspect.getattr_static(async_cls, twin_name), property), name
            continue
        sync_sig = inspect.signature(sync_member)
        async_sig = inspect.signature(async_member)
        assert [
            (p.name, p.kind, p.default, _normalise(p.annotation))
            for p in sync_sig.parameters.values()
        ] == [
            (p.name, p.kind, p.default, _normalise(p.annotation))
            for p in async_sig.parameters.values()
        ], name
        assert _normalise(sync_sig.return_annotation) == _normalise(async_sig.return_annotation), (
            name
        )
        assert not inspect.iscoroutinefunction(sync_member), name
        if name in SYNC_IN_BOTH:
            assert not inspect.iscoroutinefunction(async_member), name
        else:
            assert inspect.iscoroutinefunction(async_member) or inspect.isasyncgenfunction(
                async_member
            ), name


def test_only_the_wires_import_the_generated_clients() -> None:
    """Generated code is output: only the `_wire` package speaks to it (ruff's banned-api
    rule says the same at lint time)."""
    package = Path(ironmq_sdk.__file__).parent
    importers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+ironmq_api_", path.read_text(), re.MULTILINE)
    )
    assert importers
    assert all(name.startswith("_wire/") for name in importers), importers
