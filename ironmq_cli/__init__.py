"""`ironmq`: a command-line tool for IronMQ queues, hosted or local, built on ironmq_sdk.

Installed with the `[cli]` extra (`pip install 'ironmq-sdk[cli]'`), which brings click and
rich. This package imports neither until a command runs, and the SDK never imports it.
"""

from __future__ import annotations

from ._entry import main

__all__ = ["main"]
