"""ironmq-local: an IronMQ v3-compatible HTTP server on SQLite for development and tests.

Run it with `ironmq-local` (or `python -m ironmq_local`); in pytest use the
`ironmq_server` / `ironmq` fixtures of `ironmq_local.pytest_plugin`.
"""

from ._harness import LocalServer
from ._server import DEFAULT_PROJECT_ID, DEFAULT_TOKEN, Settings, create_app

__all__ = ["DEFAULT_PROJECT_ID", "DEFAULT_TOKEN", "LocalServer", "Settings", "create_app"]
