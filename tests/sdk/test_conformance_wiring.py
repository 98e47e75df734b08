"""The SDK's end-to-end clients really validate their exchanges against the spec."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import SPEC


def test_end_to_end_clients_validate_every_exchange(client: Any) -> None:
    """Each request and response of a fixture client is checked against spec/ironmq-v3.yaml."""
    requests, responses = SPEC.requests_checked, SPEC.responses_checked
    queue = client.queue("checked")
    queue.post("x")
    queue.reserve()
    assert (SPEC.requests_checked, SPEC.responses_checked) == (requests + 2, responses + 2)
    assert any(
        method == "POST" and path.endswith("/queues/checked/reservations")
        for method, path in SPEC.operations_seen
    )


def test_a_recorded_violation_fails_the_test() -> None:
    """A violation recorded anywhere makes assert_clean raise, so the autouse fixture fails."""
    SPEC.violations.append("example violation")
    with pytest.raises(AssertionError, match="example violation"):
        SPEC.assert_clean()
