"""Clocks injected into the domain: the system clock and a virtual clock tests can move.

Both satisfy the domain's `Clock` (now) and add what the runtime's sleepers need: how many
real seconds remain until a moment of the clock's time.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    """Seconds since the epoch as a float, and the real time until a moment of them."""

    def now(self) -> float:
        """Return the current time in seconds since the epoch."""
        ...

    def real_seconds_until(self, when: float) -> float | None:
        """Return real seconds until `now()` reaches `when` (None: not by itself)."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> float:
        """Return `time.time()`."""
        return time.time()

    def real_seconds_until(self, when: float) -> float | None:
        """Return the wall-clock seconds until `when` (0 if already past)."""
        return max(0.0, when - time.time())


class VirtualClock:
    """Wall clock plus an offset; it never runs backwards and can be frozen.

    Running, it ticks with real time and `advance` jumps it forward. Frozen, it
    stands still until advanced, which makes time-based tests exact.
    """

    def __init__(self, offset: float = 0.0, frozen_at: float | None = None) -> None:
        self.offset = offset
        self.frozen_at = frozen_at

    @property
    def frozen(self) -> bool:
        """Whether the clock stands still between advances."""
        return self.frozen_at is not None

    def now(self) -> float:
        """Return the virtual time."""
        if self.frozen_at is not None:
            return self.frozen_at
        return time.time() + self.offset

    def real_seconds_until(self, when: float) -> float | None:
        """Return real seconds until virtual `when`; None while frozen and `when` is ahead."""
        remaining = when - self.now()
        if remaining <= 0:
            return 0.0
        return None if self.frozen_at is not None else remaining

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (never backwards)."""
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        if self.frozen_at is not None:
            self.frozen_at += seconds
        else:
            self.offset += seconds

    def set_frozen(self, frozen: bool) -> None:
        """Freeze the clock at the current virtual time, or let it run on from there."""
        if frozen and self.frozen_at is None:
            self.frozen_at = self.now()
        elif not frozen and self.frozen_at is not None:
            self.offset = self.frozen_at - time.time()
            self.frozen_at = None

    def reset(self) -> None:
        """Return to real time, running."""
        self.offset = 0.0
        self.frozen_at = None
