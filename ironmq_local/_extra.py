"""The `local` extra: the server's own dependencies, and the one-line hint when they are missing.

`pip install ironmq-sdk` brings the client only; the server (starlette, uvicorn) comes with
`ironmq-sdk[local]`. Whatever reaches for the server without it gets `HINT`, not an
ImportError from deep inside.
"""

from __future__ import annotations

import importlib.util

SERVER_MODULES = ("starlette", "uvicorn", "yaml", "jinja2")
HINT = "ironmq-local needs the server's dependencies: pip install 'ironmq-sdk[local]'"


class MissingExtraError(ImportError):
    """The `local` extra is not installed."""

    __module__ = "ironmq_local"  # tracebacks say ironmq_local.MissingExtraError


def missing() -> list[str]:
    """The server's top-level modules that cannot be imported here."""
    return [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]


def require_local() -> None:
    """Raise MissingExtraError (its message is `HINT`) unless the server can be imported."""
    if missing():
        raise MissingExtraError(HINT)
