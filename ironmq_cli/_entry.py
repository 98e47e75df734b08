"""The `ironmq` console script: a one-line hint when the `[cli]` extra is missing."""

from __future__ import annotations

import importlib.util
import sys

HINT = "ironmq: the command-line tool needs its extra: pip install 'ironmq-sdk[cli]'"


def main() -> None:
    """Run `ironmq` with `sys.argv`; exits with the command's exit code."""
    # rich is imported only when output is drawn, so look for it now rather than fail later.
    try:
        import click  # noqa: F401, PLC0415  # checked here so that its absence is one line
    except ImportError:
        missing = True
    else:
        missing = importlib.util.find_spec("rich") is None
    if missing:
        print(HINT, file=sys.stderr)
        raise SystemExit(1)
    from ._app import cli  # noqa: PLC0415  # only once the extra is known to be there

    cli.main(prog_name="ironmq")
