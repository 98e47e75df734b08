"""Each queue's size over the last minutes, for the overview's small charts.

Sampled whenever a dashboard page or its live update counts the queues (at most one
sample a second per queue), kept in memory for `WINDOW` seconds of real time: the charts
cover the minutes during which a dashboard was open. Counting happens anyway for the page,
so this costs no extra query and nothing runs while nobody looks.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Collection, Hashable

WINDOW = 300.0  # seconds of real time a chart spans at most
MIN_SPAN = 60.0  # ... and at least: a young history fills part of the chart, not all of it
STEP = 1.0  # at most one sample per queue per second: later ones replace it


class SizeHistory:
    """Recent (time, size) samples per queue key."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._samples: dict[Hashable, deque[tuple[float, int]]] = {}

    def record(self, key: Hashable, size: int) -> None:
        """Note a queue's size now."""
        now = self.clock()
        samples = self._samples.setdefault(key, deque())
        # several tabs refresh every 2 s each: keep one point a second, the newest size
        if samples and now - samples[-1][0] < STEP:
            samples[-1] = (samples[-1][0], size)
        else:
            samples.append((now, size))
        while samples and samples[0][0] < now - WINDOW:
            samples.popleft()

    def keep_only(self, keys: Collection[Hashable]) -> None:
        """Forget the queues not in `keys` (deleted ones)."""
        for key in [k for k in self._samples if k not in keys]:
            del self._samples[key]

    def chart(self, key: Hashable, width: int = 120, height: int = 28) -> tuple[str, int]:
        """The SVG `points` of a queue's size line over the window, and its highest size.

        The chart spans the history kept, between MIN_SPAN and WINDOW seconds; the newest
        sample reaches the right edge (it is the size now).
        """
        now = self.clock()
        samples = [(t, s) for t, s in self._samples.get(key, ()) if t >= now - WINDOW]
        if not samples:
            return "", 0
        top = max(s for _, s in samples)
        scale = (height - 2) / top if top else 0.0
        spread = min(WINDOW, max(MIN_SPAN, now - samples[0][0]))

        def point(t: float, s: int) -> str:
            x = width * (1 - (now - t) / spread)
            return f"{x:.1f},{height - 1 - s * scale:.1f}"

        points = [point(t, s) for t, s in samples]
        points.append(point(now, samples[-1][1]))
        return " ".join(points), top
