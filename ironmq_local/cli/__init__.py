"""The `ironmq-local` command (and `python -m ironmq_local`).

`ironmq-local [options]` serves (serve.py); `ironmq-local reset | clock | faults` are admin
verbs against a running server (admin.py), through the control-API client.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main"]

ADMIN_VERBS = ("reset", "clock", "faults")


def main(argv: Sequence[str] | None = None) -> None:
    """Serve, or run the admin verb named first."""
    args = list(sys.argv[1:] if argv is None else argv)
    # imported on demand: the admin verbs need httpx, the server its own dependencies
    if args and args[0] in ADMIN_VERBS:
        from . import admin  # noqa: PLC0415

        admin.main(args)
    else:
        from . import serve  # noqa: PLC0415

        serve.main(args)
