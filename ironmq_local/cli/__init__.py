"""The `ironmq-local` command (and `python -m ironmq_local`).

`ironmq-local [options]` serves (serve.py); `ironmq-local reset | clock | faults` are admin
verbs against a running server (admin.py), through the control-API client.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from . import admin, serve

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> None:
    """Serve, or run the admin verb named first."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in admin.VERBS:
        admin.main(args)
    else:
        serve.main(args)
