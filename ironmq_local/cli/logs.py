"""Logging of the server process: one short line per event on stderr, tokens never included.

The access log (`ironmq_local.access`, one line per request) is at INFO, so the default
level shows it and `--quiet` (or `--log-level warning`) hides it. uvicorn's own start-up
chatter is kept below the chosen level unless it is `debug`.
"""

from __future__ import annotations

import logging
import sys
import time

ACCESS = "ironmq_local.access"  # wire/access.py's logger (the cli imports no wire module)


class _Format(logging.Formatter):
    """`HH:MM:SS message`, with the level named for warnings and worse."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = time.strftime("%H:%M:%S", time.localtime(record.created))
        text = record.getMessage()
        if record.levelno >= logging.WARNING:
            text = f"{record.levelname} {text}"
        if record.exc_info:
            if logging.getLogger().isEnabledFor(logging.DEBUG):
                text += "\n" + self.formatException(record.exc_info)
            elif record.exc_info[1] is not None:  # the traceback only under --log-level debug
                exc = record.exc_info[1]
                text += f" ({type(exc).__name__}: {exc})"
        return f"{stamp} {text}"


def configure(level: str, *, quiet: bool) -> None:
    """Send the server's logs to stderr at `level`; `quiet` drops the per-request lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Format())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    numeric = logging.getLevelName(level.upper())
    root.setLevel(numeric)
    # uvicorn announces start and stop at INFO; ironmq-local's banner says it all already
    uvicorn_level = numeric if numeric <= logging.DEBUG else max(numeric, logging.WARNING)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).setLevel(uvicorn_level)
    if quiet:
        logging.getLogger(ACCESS).setLevel(max(numeric, logging.WARNING))
