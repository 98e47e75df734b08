"""Fixtures of the contract suite: the target IronMQ and spec-validating SDK clients."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from ironmq_sdk import AsyncIronMQ, IronMQ

from ..conformance import SpecValidator, async_validating_client, validating_client
from .target import Target, remote_settings


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    """The IronMQ under test: a real one from IRONMQ_TEST_BASE_URL etc., else ironmq-local."""
    remote = remote_settings()
    if remote is not None:
        return Target.remote(*remote)
    return Target.of_local(request.getfixturevalue("ironmq_server"))


@pytest.fixture
def fresh(target: Target) -> Target:
    """The target, reset first when it is ironmq-local (clock back to real time, no queues)."""
    if target.local is not None:
        target.local.reset()
    return target


@pytest.fixture(scope="session")
def spec_validator() -> SpecValidator:
    """One openapi-core validator of spec/ironmq-v3.yaml for the session (loading is slow):
    strict for ironmq-local, liberal for a real service (tests/profiles.py)."""
    return SpecValidator.load(strict=remote_settings() is None)


@pytest.fixture
def conformance(spec_validator: SpecValidator) -> Iterator[SpecValidator]:
    """The validator, checked at teardown: a violation anywhere in the test fails it."""
    spec_validator.violations.clear()
    yield spec_validator
    spec_validator.assert_clean()


@pytest.fixture
def conformant_http(conformance: SpecValidator) -> Iterator[httpx.Client]:
    """An httpx.Client that validates every exchange (pass as the SDK's `http_client=`)."""
    with validating_client(conformance, timeout=60) as http:
        yield http


def connect(target: Target, http: httpx.Client, api_version: int = 3) -> IronMQ:
    """A sync SDK client of the target over `http`."""
    return IronMQ(
        project_id=target.project_id,
        token=target.token,
        base_url=target.base_url,
        http_client=http,
        max_retries=0,
        api_version=api_version,
    )


def aconnect(target: Target, http: httpx.AsyncClient, api_version: int = 3) -> AsyncIronMQ:
    """An async SDK client of the target over `http`."""
    return AsyncIronMQ(
        project_id=target.project_id,
        token=target.token,
        base_url=target.base_url,
        http_client=http,
        max_retries=0,
        api_version=api_version,
    )


@pytest.fixture
def mq(fresh: Target, conformant_http: httpx.Client) -> Iterator[IronMQ]:
    """A sync SDK client whose every request and response is validated against the spec."""
    with connect(fresh, conformant_http) as client:
        yield client


__all__ = ["aconnect", "async_validating_client", "connect"]
