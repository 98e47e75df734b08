"""The `ironmq-local` command (and `python -m ironmq_local`).

Today it serves; the admin verbs of later releases (reset, clock, faults) will be
subcommands here, talking to a running server through control_client.py.
"""

from __future__ import annotations

from .serve import main

__all__ = ["main"]
