"""The message hot path of the wires, without the generated client: paths, bodies, answers.

Building a request through the generated `_get_kwargs` and a model's `from_dict`/`to_dict`,
and reading an answer through the models' `from_dict` then into the SDK's values, took
about a fifth of the SDK's CPU per call, and most of a batch's: reserving 100 messages
made 100 models, then 100 messages. So the calls programs make in loops (post, reserve,
peek, get, delete, touch, release, a queue's info) render their paths and JSON directly,
and read the answers they usually get directly: each wire's `convert` reads a message or
queue whose fields are all among its plain ones itself, and any other through the
generated models as before. tests/sdk/test_wire_direct.py holds both to what the
generated client renders and reads, so the spec stays the one source of truth.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

from .._core import Operation
from .._errors import ErrorRule
from .._types import NOT_GIVEN

T = TypeVar("T")


@functools.lru_cache(maxsize=1024)
def segment(value: str) -> str:
    """A path segment quoted as the generated client quotes it (names repeat: cached)."""
    return quote(value, safe="")


class Paths:
    """The paths of one project's queues and messages, quoted."""

    def __init__(self, root: str, project_id: str) -> None:
        self._queues = f"{root}/{segment(project_id)}/queues/"

    def queue(self, name: str) -> str:
        """`{root}/{project_id}/queues/{name}`."""
        return self._queues + segment(name)

    def message(self, name: str, message_id: str) -> str:
        """`{root}/{project_id}/queues/{name}/messages/{message_id}`."""
        return f"{self._queues}{segment(name)}/messages/{quote(message_id, safe='')}"


def operation(
    name: str,
    method: str,
    path: str,
    parse: Callable[[Any], T],
    errors: tuple[ErrorRule, ...],
    *,
    idempotent: bool,
    json: Any = NOT_GIVEN,
    params: Mapping[str, Any] | None = None,
) -> Operation[T]:
    """An operation of the hot path (httpx sets the JSON content type itself)."""
    return Operation(name, method, path, parse, idempotent, params, json, errors=errors)


def from_generated(
    name: str,
    kwargs: dict[str, Any],
    parse: Callable[[Any], T],
    errors: tuple[ErrorRule, ...],
    *,
    idempotent: bool,
) -> Operation[T]:
    """An operation off the hot path, from a generated client's `_get_kwargs`.

    They give method, path, query and body as the spec has them; the SDK's own transport
    sends them, so retries, timeouts and errors stay the SDK's.
    """
    return Operation(
        name=name,
        method=kwargs["method"].upper(),
        path=kwargs["url"],
        parse=parse,
        idempotent=idempotent,
        params=kwargs.get("params"),
        json=kwargs.get("json", NOT_GIVEN),
        content=kwargs.get("content"),
        headers=kwargs.get("headers") or {},
        errors=errors,
    )


def status(data: Any) -> None:
    """Check a `{"msg": ...}` answer; the result is None."""
    if not isinstance(data, dict) or "msg" not in data:
        raise KeyError("msg")


def posted_ids(data: Any) -> list[str]:
    """The ids of a `{"ids": [...], "msg": ...}` answer to a post."""
    status(data)
    return list(data["ids"])
