"""Progress of long transfers: a bar on stderr, only on a terminal and only for large work."""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress, TaskID

LARGE = 100
"""More messages than one request carries: below this a bar would only flicker."""


class Meter:
    """Counts messages; draws a rich progress bar once the count (or known total) passes
    `LARGE`, if the console is a terminal. Pipes and logs get no bar, only the final summary
    the command prints.

    Args:
        label: what is being done, e.g. "Posting to orders".
        total: messages expected, when known (None for a stream such as stdin).
        console: where to draw (default: stderr); tests pass a recording console.
    """

    def __init__(self, label: str, *, total: int | None = None, console: Console | None = None):
        self.label = label
        self.total = total
        self.done = 0
        self._console = console
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._started = False

    def _start(self) -> None:
        from rich.console import Console  # noqa: PLC0415  # rich loads only when drawing
        from rich.progress import (  # noqa: PLC0415
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        console = self._console if self._console is not None else Console(stderr=True)
        if not console.is_terminal:
            return
        self._progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            console=console,
        )
        self._progress.start()
        self._task = self._progress.add_task(self.label, total=self.total, completed=self.done)

    def advance(self, count: int) -> None:
        """Record `count` more messages done."""
        self.done += count
        large = self.done > LARGE or (self.total is not None and self.total > LARGE)
        if large and not self._started:
            self._started = True
            self._start()
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, completed=self.done)

    def close(self) -> None:
        """Draw the final state and stop drawing (the bar stays on screen)."""
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def __enter__(self) -> Meter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
