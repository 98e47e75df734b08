"""Validate every IronMQ API response the local suite receives against spec/ironmq-v3.yaml."""

from __future__ import annotations

from pathlib import Path

import httpx
from openapi_core import OpenAPI
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.testing import MockRequest, MockResponse

SPEC_PATH = Path(__file__).resolve().parents[2] / "spec" / "ironmq-v3.yaml"
# The spec lists ironmq-local as http://127.0.0.1:8080; responses are matched as if from there.
SPEC_SERVER = "http://127.0.0.1:8080"
# Statuses the spec does not (and should not) list for an operation: 405 is a method the path
# does not have. Responses made by the control API's fault injection carry FAULT_HEADER and
# are not checked.
EXEMPT_STATUSES = frozenset({405})
FAULT_HEADER = "x-ironmq-local-fault"


class SpecChecker:
    """Validates responses with openapi-core; inert when the spec file is absent."""

    def __init__(self, openapi: OpenAPI | None) -> None:
        self.openapi = openapi
        self.validated = 0

    @classmethod
    def load(cls) -> SpecChecker:
        """Load the spec if it exists."""
        return cls(OpenAPI.from_file_path(str(SPEC_PATH)) if SPEC_PATH.exists() else None)

    def check(self, response: httpx.Response) -> None:
        """Raise AssertionError if the response does not match the spec's operation."""
        if (
            self.openapi is None
            or response.status_code in EXEMPT_STATUSES
            or FAULT_HEADER in response.headers
        ):
            return
        request = MockRequest(
            SPEC_SERVER,
            response.request.method.lower(),
            # the server treats `/path/` as `/path`; so does the check
            response.request.url.path.rstrip("/"),
            args=dict(response.request.url.params),
        )
        mock = MockResponse(
            response.content,
            status_code=response.status_code,
            headers=dict(response.headers),
            content_type=response.headers.get("content-type", ""),
        )
        try:
            self.openapi.validate_response(request, mock)
        except (PathNotFound, OperationNotFound):
            return  # unknown routes and methods are tested for their 404/405 bodies elsewhere
        except Exception as exc:
            detail = getattr(exc, "__cause__", None)
            raise AssertionError(
                f"spec mismatch: {response.request.method} {response.request.url.path} → "
                f"{response.status_code} {response.text[:300]!r}: {exc} {detail or ''}"
            ) from exc
        self.validated += 1
