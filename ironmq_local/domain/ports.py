"""What the domain needs from the world besides storage: time, wake-ups, report texts and
a way to send push requests.

The runtime provides the clock and the events (runtime/clock.py, runtime/waiting.py,
runtime/pusher.py); the wire provides the texts of alert messages and error-queue reports
(wire/v3/present.py), since those are JSON a consumer parses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from .values import AlertFired, Outcome, PushFailure


class Clock(Protocol):
    """The domain's time: seconds since the epoch (virtual under the control API)."""

    def now(self) -> float:
        """Return the current time."""
        ...


class Events(Protocol):
    """Wake-ups the domain sends after a change, for the runtime's sleepers."""

    def available(self, project_id: str, queue_name: str) -> None:
        """Messages of this queue may have become reservable (or the queue is gone)."""
        ...

    def scheduled(self) -> None:
        """A push delivery or an alert's expiry check may now be due sooner."""
        ...


class Reports(Protocol):
    """The bodies of the messages the server posts by itself."""

    def alert_message(self, fired: AlertFired) -> str:
        """The message an alert posts to its target queue."""
        ...

    def error_report(self, failure: PushFailure) -> str:
        """The message a push queue posts to its error queue."""
        ...


class DeliveryPort(Protocol):
    """Sends one push request; never raises for HTTP or network trouble."""

    async def deliver(
        self, url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> Outcome:
        """POST `body` to `url` and return the outcome within `timeout` seconds."""
        ...


MessageUrl = Callable[[str, str, int, str, str], str]
"""(project_id, queue_name, message_id, subscriber_name, reservation_id) → the URL a push
subscriber DELETEs to acknowledge (`Iron-Subscriber-Message-Url`)."""


class NoEvents:
    """Events nobody listens to (domain tests, tools that only read)."""

    def available(self, project_id: str, queue_name: str) -> None:
        """Ignore."""

    def scheduled(self) -> None:
        """Ignore."""
