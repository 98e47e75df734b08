"""The I/O-free core shared by the sync and async clients.

An `Operation` describes one HTTP request and how to read its answer. A `Flow` is a
generator that yields operations and receives their results, so that calls needing
several requests (batches, create-if-missing, subscriber look-ups) are written once;
`_retries.drive` turns a flow into requests to send and waits to sleep, and the sync and
async transports only do those two things.
"""

from __future__ import annotations

import functools
import json as _json
import logging
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from ._config import ClientConfig
from ._constants import LONG_POLL_MARGIN, USER_AGENT
from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ErrorRule,
    status_error,
)
from ._types import NOT_GIVEN, NotGiven, TimeoutTypes

T = TypeVar("T")

log = logging.getLogger("ironmq_sdk")
"""The SDK's logger: DEBUG lines for every request and retry (never the token)."""

Flow = Generator["Operation[Any]", Any, T]
"""A multi-request call: yields operations, receives their results, returns its result."""


@dataclass(slots=True)
class Operation(Generic[T]):
    """One request and how to read its answer (built by an API version's wire).

    Treat it as immutable; it is not frozen only because a frozen dataclass costs about a
    microsecond more to make, on every request.
    """

    name: str
    """The API operation's name, for logs."""
    method: str
    """HTTP method, upper case (`POST`)."""
    path: str
    """Absolute path, `/3/projects/{project_id}/...`, already quoted."""
    parse: Callable[[Any], T]
    """Turns the decoded JSON of a 2xx answer into the result."""
    idempotent: bool
    """Whether repeating the request cannot duplicate its effect (governs retries)."""
    params: Mapping[str, Any] | None = None
    json: Any = NOT_GIVEN
    """The JSON body, or NOT_GIVEN for none."""
    content: bytes | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    errors: tuple[ErrorRule, ...] = ()
    """The wire's table telling error answers apart by their `msg`."""
    long_poll: float = 0
    """Seconds the server may hold the request before it answers (a reservation's `wait`);
    the read timeout is raised to outlast it."""


@dataclass(frozen=True)
class RequestOptions:
    """Per-request transport settings."""

    timeout: httpx.Timeout
    """Connect, read, write and pool timeouts."""
    max_retries: int
    """Retries after the first attempt."""

    def merge(
        self, timeout: TimeoutTypes | NotGiven = NOT_GIVEN, max_retries: int | None = None
    ) -> RequestOptions:
        """Return a copy with the given settings replaced (None timeout: no timeout)."""
        new_timeout = self.timeout if isinstance(timeout, NotGiven) else as_timeout(timeout)
        return RequestOptions(new_timeout, self.max_retries if max_retries is None else max_retries)


def as_timeout(timeout: TimeoutTypes) -> httpx.Timeout:
    """Normalise a timeout argument."""
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def single(op: Operation[T]) -> Flow[T]:
    """A flow of one operation."""
    result: T = yield op
    return result


def identity_headers(config: ClientConfig) -> dict[str, str]:
    """The headers of every request: the token and the SDK's identity."""
    return {
        "Authorization": f"OAuth {config.token}",
        "User-Agent": USER_AGENT,
        "Accept": "application/json",
    }


class RequestBuilder:
    """Builds the httpx request of an operation (authentication, identity, timeout).

    A connection pool the SDK made itself carries the identity headers (`identity_headers`)
    as its own, and its requests are made as `httpx.Request`s with the pool's headers: what
    `Client.build_request` would make of them, without merging the URL, headers, cookies
    and query with the client's on every request, which was a quarter of a call's CPU (the
    URLs of a queue's calls are parsed once, `_url`). A pool that holds cookies (a load
    balancer's, say) goes through `build_request`, which sends them. A pool the caller passed
    in stays as it was given: its requests carry those headers and go through
    `build_request`, so whatever it was configured with applies.
    """

    def __init__(
        self,
        http: httpx.Client | httpx.AsyncClient,
        config: ClientConfig,
        *,
        pool_has_identity: bool,
    ) -> None:
        self._http = http
        self._base_url = config.base_url
        self._headers = {} if pool_has_identity else identity_headers(config)
        self._direct = pool_has_identity

    def build(self, op: Operation[Any], options: RequestOptions) -> httpx.Request:
        """The request for `op` with `options`' timeout."""
        timeout = long_poll_timeout(op, options.timeout)
        if self._direct and not op.headers and not self._http.cookies.jar:
            return httpx.Request(
                op.method,
                _url(self._base_url + op.path),
                params=op.params or None,
                headers=self._http.headers,
                json=None if op.json is NOT_GIVEN else op.json,
                content=op.content,
                extensions={"timeout": timeout.as_dict()},
            )
        headers = {**self._headers, **op.headers} if op.headers else self._headers
        return self._http.build_request(
            op.method,
            self._base_url + op.path,
            params=op.params or None,
            headers=headers or None,
            json=None if op.json is NOT_GIVEN else op.json,  # (an operation sends one or neither)
            content=op.content,
            timeout=timeout,
        )


@functools.lru_cache(maxsize=256)
def _url(url: str) -> httpx.URL:
    """The parsed URL (httpx validates every character): a queue's calls share theirs."""
    return httpx.URL(url)


def long_poll_timeout(op: Operation[Any], timeout: httpx.Timeout) -> httpx.Timeout:
    """The timeout for `op`: a long poll's read timeout outlasts its wait."""
    if op.long_poll and timeout.read is not None and timeout.read < op.long_poll + LONG_POLL_MARGIN:
        # A read timeout shorter than the long poll would fail every poll that finds the
        # queue empty: extend it, and leave connect, write and pool as they were.
        return httpx.Timeout(
            connect=timeout.connect,
            read=op.long_poll + LONG_POLL_MARGIN,
            write=timeout.write,
            pool=timeout.pool,
        )
    return timeout


def safe_url(url: httpx.URL) -> str:
    """The URL for logs and errors: without any `oauth` token in the query."""
    if "oauth" in url.params:
        url = url.copy_set_param("oauth", "***")
    return str(url)


def connection_error(exc: httpx.TransportError, request: httpx.Request) -> APIConnectionError:
    """Translate an httpx transport error into the SDK's tree."""
    url = safe_url(request.url)
    if isinstance(exc, httpx.TimeoutException):
        error: APIConnectionError = APITimeoutError(
            f"request timed out: {exc!r}", method=request.method, url=url
        )
    else:
        error = APIConnectionError(f"connection failed: {exc!r}", method=request.method, url=url)
    error.__cause__ = exc
    return error


def error_from_response(response: httpx.Response, by_msg: tuple[ErrorRule, ...]) -> APIStatusError:
    """Translate an error answer (status >= 400) into the SDK's tree."""
    msg = response.text.strip() or response.reason_phrase
    try:
        data = response.json()
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("msg"), str):
        msg = data["msg"]
    return status_error(
        response.status_code,
        msg,
        method=response.request.method,
        url=safe_url(response.request.url),
        retry_after=parse_retry_after(response.headers.get("retry-after")),
        by_msg=by_msg,
    )


def parse_success(op: Operation[T], response: httpx.Response) -> T:
    """Read a 2xx answer with the operation's parser; a mismatch is APIResponseValidationError."""
    try:
        data = _json.loads(response.content) if response.content else {}
        return op.parse(data)
    except (ValueError, LookupError, TypeError, AttributeError) as exc:
        raise APIResponseValidationError(
            f"unexpected answer to {op.name}: {exc!r}",
            status=response.status_code,
            method=response.request.method,
            url=safe_url(response.request.url),
        ) from exc


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds form only), else None."""
    if not value:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    return seconds if seconds >= 0 else None
