"""ironmq-local: an IronMQ-compatible HTTP server (v3 and v2) on SQLite for development and
tests.

Run it with `ironmq-local` (or `python -m ironmq_local`); in pytest use the fixtures of
`ironmq_local.pytest_plugin` (`ironmq`, `ironmq_client`, `async_ironmq_client`); elsewhere
`LocalServer`.

Names are imported on first use: `import ironmq_local` costs nothing and works without the
`local` extra; `create_app` then raises `MissingExtraError` with a one-line hint.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._extra import HINT, MissingExtraError, missing

if TYPE_CHECKING:
    from .app import create_app
    from .harness import LocalServer
    from .settings import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, Settings

__all__ = [
    "DEFAULT_PROJECT_ID",
    "DEFAULT_TOKEN",
    "LocalServer",
    "MissingExtraError",
    "Settings",
    "create_app",
]

_LAZY = {
    "DEFAULT_PROJECT_ID": ".settings",
    "DEFAULT_TOKEN": ".settings",
    "Settings": ".settings",
    "LocalServer": ".harness",
    "create_app": ".app",
}
_NEEDS_SERVER = frozenset({"create_app"})


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name in _NEEDS_SERVER and missing():
        raise MissingExtraError(HINT)
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])
