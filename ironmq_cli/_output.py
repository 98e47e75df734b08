"""Results as tables for people (rich) or as JSON and JSON lines for programs.

Machine output is one JSON value per line: an object for a single result, one object per
line for lists and streams, with the field names of `_records`. It never holds colour codes.
Human output goes through rich, which drops colours by itself when stdout is not a terminal.
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


@dataclass(frozen=True)
class Col:
    """One column of a human table: the record's key, its header, and how to show it."""

    key: str
    header: str
    justify: Literal["left", "right"] = "left"
    style: str | None = None
    wide: bool = False
    """Long text (message bodies): cut to one line with an ellipsis rather than wrapped."""
    whole: bool = False
    """Never wrapped nor cut (ids, which people copy)."""
    show: Callable[[Any], str] | None = None
    """Turn the value into text (default: `str`, and a dim `-` for None)."""


def write_whole(text: str) -> None:
    """Write `text` to stdout and flush it, or raise: never report half a line as written.

    When the reader of a pipe goes away in the middle of a large write, Python's buffered
    writer can return the count of what fit and drop the rest silently; `tail` and `reserve`
    must know, since they delete what they printed and release the rest.

    Raises:
        BrokenPipeError: stdout took only part of `text`.
    """
    stream = sys.stdout
    binary = getattr(stream, "buffer", None)
    if binary is None:  # a stream without bytes underneath (some test harnesses)
        stream.write(text)
        stream.flush()
        return
    stream.flush()  # whatever went through the text layer first
    data = text.encode(stream.encoding or "utf-8", errors="replace")
    written = binary.write(data)
    if written is not None and written < len(data):
        raise BrokenPipeError(errno.EPIPE, f"stdout took {written} of {len(data)} bytes")
    binary.flush()


def dumps(value: Any) -> str:
    """One JSON line; non-ASCII kept as is (message bodies are usually UTF-8 text)."""
    return json.dumps(value, ensure_ascii=False)


class Output:
    """Writes one command's results to stdout in the chosen mode."""

    def __init__(self, *, machine: bool, console: Console | None = None) -> None:
        self.machine = machine
        self._given_console = console

    @cached_property
    def console(self) -> Console:
        """The rich console on stdout (loaded only for human output)."""
        if self._given_console is not None:
            return self._given_console
        from rich.console import Console  # noqa: PLC0415  # rich costs ~30 ms to import

        return Console(highlight=False)

    def line(self, record: Any) -> None:
        """Print one JSON line (machine mode) and flush it, for streams and pipes."""
        write_whole(dumps(record) + "\n")

    def rendered(self, renderable: Any) -> str:
        """What the console would print for `renderable` (colours only on a terminal)."""
        with self.console.capture() as captured:
            self.console.print(renderable)
        return captured.get()

    def say(self, text: str, record: Mapping[str, Any] | None = None) -> None:
        """A short human sentence; in machine mode `record` (if any) as a JSON line instead."""
        if self.machine:
            if record is not None:
                self.line(record)
        else:
            self.console.print(text, markup=False)

    def rows(
        self,
        records: Sequence[Mapping[str, Any]],
        columns: Sequence[Col],
        *,
        empty: str,
        title: str | None = None,
    ) -> None:
        """A table for people, or every record as a JSON line (all fields, not only columns)."""
        if self.machine:
            for record in records:
                self.line(record)
            return
        if not records:
            self.console.print(empty, style="dim", markup=False)
            return
        self.console.print(self.table(records, columns, title=title))

    def table(
        self,
        records: Sequence[Mapping[str, Any]],
        columns: Sequence[Col],
        *,
        title: str | None = None,
    ) -> RenderableType:
        """The rich table of `records` (also used by `watch`)."""
        from rich.table import Table  # noqa: PLC0415  # rich loads only for human output

        table = Table(title=title, title_justify="left", header_style="bold")
        for col in columns:
            table.add_column(
                col.header,
                justify=col.justify,
                style=col.style,
                no_wrap=col.wide or col.whole,
                min_width=None if col.wide else 4,
                overflow="ellipsis" if col.wide else "fold",
                ratio=1 if col.wide else None,
            )
        for record in records:
            table.add_row(*(cell(record.get(col.key), col.show) for col in columns))
        return table

    def fields(self, record: Mapping[str, Any], labels: Sequence[tuple[str, str]]) -> None:
        """One result: a two-column table of `labels` for people, the whole record as JSON."""
        if self.machine:
            self.line(record)
            return
        from rich.table import Table  # noqa: PLC0415  # rich loads only for human output

        table = Table(show_header=False, box=None, pad_edge=False)
        table.add_column(style="bold")
        table.add_column()
        for key, label in labels:
            value = _dig(record, key)
            if value is not None:  # settings a queue does not have are left out
                table.add_row(label, cell(value, None))
        self.console.print(table)


def _dig(record: Mapping[str, Any], dotted: str) -> Any:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def cell(value: Any, show: Callable[[Any], str] | None) -> Text:
    """A table cell as plain text: no markup is read from message bodies or names."""
    from rich.text import Text  # noqa: PLC0415  # rich loads only for human output

    if value is None:
        return Text("-", style="dim")
    if show is not None:
        return Text(show(value))
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return Text(", ".join(str(v) for v in value))
    if isinstance(value, Mapping):
        return Text(", ".join(f"{k}: {v}" for k, v in value.items()) or "-")
    return Text(str(value))
