"""The SDK's end-to-end clients really validate their exchanges against the spec."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SPEC

RESERVE = {3: ("POST", "/3/projects/", "/queues/checked/reservations"),
           1: ("GET", "/1/projects/", "/queues/checked/messages")}  # fmt: skip
"""How each API version reserves, as the validator saw it."""


def test_end_to_end_clients_validate_every_exchange(client: Any) -> None:
    """Each request and response of a fixture client is checked against the spec of its
    version (spec/ironmq-v3.yaml, spec/ironmq-v2.yaml)."""
    requests, responses = SPEC.requests_checked, SPEC.responses_checked
    queue = client.queue("checked")
    queue.post("x")
    queue.reserve()
    assert (SPEC.requests_checked, SPEC.responses_checked) == (requests + 2, responses + 2)
    method, prefix, suffix = RESERVE[client.api_version]
    assert any(
        seen == method and path.startswith(prefix) and path.endswith(suffix)
        for seen, path in SPEC.operations_seen
    )


def test_a_recorded_violation_fails_the_test() -> None:
    """A violation recorded anywhere makes assert_clean raise, so the autouse fixture fails."""
    SPEC.violations.append("example violation")
    with pytest.raises(AssertionError, match="example violation"):
        SPEC.assert_clean()
