"""Hold every request and response to the spec of its API version: validating httpx
transports. `/3/projects/...` is held to spec/ironmq-v3.yaml, `/1/projects/...` to
spec/ironmq-v2.yaml.

Tests only. `ValidatingTransport` (sync) and `AsyncValidatingTransport` wrap a real httpx
transport: each request is validated with openapi-core *before* it is sent (a request the
spec does not allow never reaches the server), and each response after it arrives. Answers
are held to the spec's strict reading (tests/profiles.py: what ironmq-local promises) unless
the validator is loaded with `strict=False` (what Iron.io's service may send: for a real
service, or a fake shaped like it). A violation raises `ContractViolation` (an
AssertionError, so the SDK cannot mistake it for a transport error and retry it) in the
test that caused it, and is also recorded on the shared `SpecValidator`, so that a
violation raised inside a thread or swallowed by a consumer loop still fails the test at
teardown (see the `conformance` fixtures of tests/sdk and tests/contract).

    validator = SpecValidator.load()
    http = httpx.Client(transport=ValidatingTransport(validator))
    mq = IronMQ(project_id=..., token=..., base_url=..., http_client=http)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx
from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

from . import profiles

SPEC_PATH = profiles.spec_file("v3")
SPEC_V2_PATH = profiles.spec_file("v2")
APIS: Mapping[str, str] = {"/3/projects/": "v3", "/1/projects/": "v2"}
"""The API of each path prefix (`v3`: spec/ironmq-v3.yaml, `v2`: spec/ironmq-v2.yaml)."""
SPEC_SERVER = "http://127.0.0.1:8080"
"""A server of the specs' `servers`; every URL is matched as if it came from there."""

FAULT_HEADER = "x-ironmq-local-fault"
"""Responses made by ironmq-local's fault injection, which are deliberately off-spec."""


class ContractViolation(AssertionError):
    """A request or response that does not conform to the spec."""


def _detail(exc: BaseException) -> str:
    parts = [str(exc)]
    cause = exc.__cause__
    while cause is not None:
        errors = getattr(cause, "schema_errors", None)
        if errors:
            parts += [f"  - {e.message} at {list(e.absolute_path)}" for e in errors]
        else:
            parts.append(f"  {cause}")
        cause = cause.__cause__
    return "\n".join(parts)


def _api_path(url: httpx.URL) -> tuple[str, str] | None:
    """(API prefix, the `/3/projects/...` or `/1/projects/...` part) of a URL (a base URL may
    carry a prefix before it), or None."""
    path = url.path
    found = [(path.find(prefix), prefix) for prefix in APIS if prefix in path]
    if not found:
        return None
    at, prefix = min(found)
    return prefix, path[at:].rstrip("/")


@dataclass
class SpecValidator:
    """openapi-core validation of httpx requests and responses, with a record of failures."""

    openapis: dict[str, OpenAPI]
    """The spec of each API prefix."""
    exempt_statuses: frozenset[int] = frozenset()
    """Statuses not held to the spec (ironmq-local's own tests: 405 for a method a path lacks)."""
    undocumented_routes_ok: bool = False
    """Whether a response to a route the spec lacks passes (ironmq-local tests its 404s)."""
    violations: list[str] = field(default_factory=list)
    requests_checked: int = 0
    responses_checked: int = 0
    operations_seen: set[tuple[str, str]] = field(default_factory=set)

    @classmethod
    def load(cls, *, strict: bool = True, **options: Any) -> SpecValidator:
        """The validator of both specs, each in its strict reading (ironmq-local's promise)
        unless `strict` is False (`options`: the fields above)."""
        specs = {prefix: profiles.liberal(api) for prefix, api in APIS.items()}
        if strict:
            specs = {prefix: profiles.strict(spec) for prefix, spec in specs.items()}
        return cls({prefix: OpenAPI.from_dict(spec) for prefix, spec in specs.items()}, **options)

    @property
    def openapi(self) -> OpenAPI:
        """The v3 spec."""
        return self.openapis["/3/projects/"]

    def _mock_request(self, request: httpx.Request, path: str) -> MockRequest:
        body = request.content
        content_type = request.headers.get("content-type", "")
        if not content_type.startswith("application/json"):
            # The webhook's raw body: any bytes are allowed (`type: string, format: binary`),
            # but openapi-core 0.23 checks bytes against `type: string` and always fails them.
            body = b""
        return MockRequest(
            SPEC_SERVER,
            request.method.lower(),
            path,
            args=dict(request.url.params),
            headers=dict(request.headers),
            data=body or None,
            content_type=content_type.split(";")[0].strip() or "application/json",
        )

    def _fail(self, message: str, exc: BaseException | None = None) -> None:
        self.violations.append(message)
        raise ContractViolation(message) from exc

    def check_request(self, request: httpx.Request) -> None:
        """Raise ContractViolation unless the request is one the spec allows."""
        found = _api_path(request.url)
        if found is None:
            return  # not the IronMQ API (e.g. ironmq-local's control API)
        prefix, path = found
        try:
            self.openapis[prefix].validate_request(self._mock_request(request, path))
        except (PathNotFound, OperationNotFound) as exc:
            self._fail(f"request to an undocumented endpoint: {request.method} {path}", exc)
        except Exception as exc:
            self._fail(
                f"request does not conform: {request.method} {path} "
                f"{request.content[:300]!r}\n{_detail(exc)}",
                exc,
            )
        self.requests_checked += 1

    def check_response(self, request: httpx.Request, response: httpx.Response) -> None:
        """Raise ContractViolation unless the (read) response is one the spec allows."""
        found = _api_path(request.url)
        if found is None or FAULT_HEADER in response.headers:
            return
        prefix, path = found
        if response.status_code in self.exempt_statuses:
            return
        content_type = response.headers.get("content-type", "")
        if content_type.split(";")[0].strip() != "application/json":
            self._fail(
                f"response is not application/json: {request.method} {path} → "
                f"{response.status_code} {content_type!r}"
            )
        mock = MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type="application/json",
        )
        try:
            self.openapis[prefix].validate_response(self._mock_request(request, path), mock)
        except (PathNotFound, OperationNotFound):
            if not self.undocumented_routes_ok:
                self._fail(f"response from an undocumented endpoint: {request.method} {path}")
            return
        except Exception as exc:
            self._fail(
                f"response does not conform: {request.method} {path} → {response.status_code} "
                f"{response.text[:300]!r}\n{_detail(exc)}",
                exc,
            )
        self.responses_checked += 1
        self.operations_seen.add((request.method, path))

    def assert_clean(self) -> None:
        """Fail if any violation was recorded (also those raised where nobody looked)."""
        if self.violations:
            found, self.violations = self.violations, []
            raise ContractViolation("\n\n".join(found))


def _headers_for(response: httpx.Response, decoded: bool) -> httpx.Headers:
    headers = httpx.Headers(response.headers)
    if decoded:  # an in-memory transport (httpx.MockTransport) already decoded the body
        headers.pop("content-encoding", None)
    return headers


def _rebuilt(
    response: httpx.Response, raw: bytes, request: httpx.Request, decoded: bool = False
) -> httpx.Response:
    """A response carrying the same raw (still encoded) bytes, for the client to decode."""
    return httpx.Response(
        response.status_code,
        headers=_headers_for(response, decoded),
        stream=httpx.ByteStream(raw),
        extensions=response.extensions,
        request=request,
    )


def _decoded(
    response: httpx.Response, raw: bytes, request: httpx.Request, decoded: bool = False
) -> httpx.Response:
    copy = httpx.Response(
        response.status_code,
        headers=_headers_for(response, decoded),
        stream=httpx.ByteStream(raw),
    )
    copy.request = request
    copy.read()
    return copy


class ValidatingTransport(httpx.BaseTransport):
    """An httpx transport that validates every exchange against the spec."""

    def __init__(self, validator: SpecValidator, inner: httpx.BaseTransport | None = None) -> None:
        self.validator = validator
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.validator.check_request(request)
        response = self.inner.handle_request(request)
        decoded = response.is_stream_consumed
        if decoded:
            raw = response.content
        else:
            try:
                raw = b"".join(response.iter_raw())
            finally:
                response.close()
        self.validator.check_response(request, _decoded(response, raw, request, decoded))
        return _rebuilt(response, raw, request, decoded)

    def close(self) -> None:
        self.inner.close()


class AsyncValidatingTransport(httpx.AsyncBaseTransport):
    """The async twin of `ValidatingTransport`."""

    def __init__(
        self, validator: SpecValidator, inner: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.validator = validator
        self.inner = inner or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        self.validator.check_request(request)
        response = await self.inner.handle_async_request(request)
        decoded = response.is_stream_consumed
        if decoded:
            raw = response.content
        else:
            try:
                raw = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
        self.validator.check_response(request, _decoded(response, raw, request, decoded))
        return _rebuilt(response, raw, request, decoded)

    async def aclose(self) -> None:
        await self.inner.aclose()


def validating_client(validator: SpecValidator, **kwargs: Any) -> httpx.Client:
    """An `httpx.Client` for the SDK's `http_client=` that validates every exchange."""
    return httpx.Client(transport=ValidatingTransport(validator), **kwargs)


def async_validating_client(validator: SpecValidator, **kwargs: Any) -> httpx.AsyncClient:
    """An `httpx.AsyncClient` for the SDK's `http_client=` that validates every exchange."""
    return httpx.AsyncClient(transport=AsyncValidatingTransport(validator), **kwargs)


def conforms(validator: SpecValidator, request: httpx.Request) -> bool:
    """Whether the spec allows `request` (no exception, nothing recorded)."""
    found = _api_path(request.url)
    if found is None:
        return False
    prefix, path = found
    try:
        validator.openapis[prefix].validate_request(validator._mock_request(request, path))
    except Exception:
        return False
    return True
