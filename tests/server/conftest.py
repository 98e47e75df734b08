"""In-process tests of ironmq-local's layers: the domain over an in-memory SQLite store and a
frozen clock (no HTTP, no subprocess), the storage schema and its migrations, the import
rules between the layers, and the packaging of the `local` extra.

The domain is where the API rules (`ApiRules`) are cheapest to pin: each behaviour a rule
governs has a test here named after the rule.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ironmq_local.domain.broker import Broker
from ironmq_local.domain.rules import V2_RULES, V3_RULES, ApiRules
from ironmq_local.storage.sqlite import SqliteStore
from ironmq_local.wire.reports import JsonReports

PROJECT = "5c9f1e0a1b2c3d4e5f607182"
T0 = 1_800_000_000.0


class FrozenClock:
    """A clock that moves only when told."""

    def __init__(self, now: float = T0) -> None:
        self.t = now

    def now(self) -> float:
        """The frozen time."""
        return self.t

    def advance(self, seconds: float) -> None:
        """Move forward."""
        self.t += seconds


class Events:
    """Events that remember which queues were announced as available."""

    def __init__(self) -> None:
        self.queues: list[str] = []
        self.schedules = 0

    def available(self, project_id: str, queue_name: str) -> None:
        """Record the queue."""
        self.queues.append(queue_name)

    def scheduled(self) -> None:
        """Count."""
        self.schedules += 1


def ack_url(project_id: str, queue: str, message_id: int, subscriber: str, rid: str) -> str:
    """A recognisable acknowledgement URL."""
    return f"ack://{project_id}/{queue}/{message_id}/{subscriber}/{rid}"


def make_broker(
    store: SqliteStore, clock: FrozenClock, rules: ApiRules = V3_RULES, events: Events | None = None
) -> Broker:
    """A broker with the server's report texts over `store`."""
    return Broker(
        store, clock, reports=JsonReports(), message_url=ack_url, rules=rules, events=events
    )


@pytest.fixture
def clock() -> FrozenClock:
    """A frozen clock at T0."""
    return FrozenClock()


@pytest.fixture
def store() -> Iterator[SqliteStore]:
    """A fresh store in memory."""
    s = SqliteStore(":memory:")
    yield s
    s.close()


@pytest.fixture
def events() -> Events:
    """Recorded wake-ups."""
    return Events()


@pytest.fixture
def broker(store: SqliteStore, clock: FrozenClock, events: Events) -> Broker:
    """The v3 domain over the in-memory store and the frozen clock."""
    return make_broker(store, clock, events=events)


@pytest.fixture
def v2(broker: Broker) -> Broker:
    """The same domain under the v2 rules."""
    return broker.with_rules(V2_RULES)
