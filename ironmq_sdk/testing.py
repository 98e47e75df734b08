"""A switch for test suites: retries keep their logic, but back-off never sleeps.

Tests that inject faults (503s, dropped connections) would otherwise wait out the SDK's
exponential back-off. In test mode every retry happens at once, and each wait the SDK
would have slept is recorded so that a test can assert it::

    from ironmq_sdk import testing

    with testing.set_testing(True):
        queue.size()                     # after a 429 with Retry-After: 2
        assert testing.recorded_waits() == [2.0]

or switch it on for a whole session (the ironmq-local pytest plugin does)::

    testing.set_testing(True)

The switch is process-wide, like `stamina.set_testing`: it covers every client, sync and
async, in every thread. Consumers' pauses after failed reservations, renewals and deletes
are recorded too, but still last 10 ms (`_failures.TESTING_PAUSE`), so that a worker whose
server is down never spins.
"""

from __future__ import annotations

from types import TracebackType

from ._retries import TestMode

__all__ = ["clear_recorded_waits", "is_testing", "recorded_waits", "set_testing"]


class _Restore:
    """What `set_testing` returns: as a context manager, it restores the previous state."""

    def __init__(self, on: bool, waits: list[float]) -> None:
        self._on = on
        self._waits = waits

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        TestMode.on = self._on
        TestMode.waits = self._waits


def set_testing(testing: bool) -> _Restore:
    """Switch test mode on (back-off is recorded, not slept) or off.

    Switching it on starts a fresh record of waits. Used as a context manager
    (`with set_testing(True): ...`), the previous mode and record come back on exit.

    Args:
        testing: True to record back-off instead of sleeping, False to sleep again.
    """
    restore = _Restore(TestMode.on, TestMode.waits)
    if testing:
        TestMode.waits = []
    TestMode.on = bool(testing)
    return restore


def is_testing() -> bool:
    """Whether test mode is on."""
    return TestMode.on


def recorded_waits() -> list[float]:
    """The seconds back-off would have slept since test mode was switched on, oldest first.

    Outside test mode nothing is recorded.
    """
    return list(TestMode.waits)


def clear_recorded_waits() -> None:
    """Forget the waits recorded so far (test mode stays as it is)."""
    TestMode.waits.clear()
