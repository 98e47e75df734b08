"""An argparse parser whose mistakes are one line on stderr (and exit status 2), and whose
`--help` shows every default."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import NoReturn

PROG = "ironmq-local"


class Parser(argparse.ArgumentParser):
    """`argparse.ArgumentParser` that says what is wrong in one line, without the usage."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("formatter_class", argparse.ArgumentDefaultsHelpFormatter)
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def error(self, message: str) -> NoReturn:
        """Print `ironmq-local: error: ...` and a pointer to --help, then exit 2."""
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        sys.exit(2)


def fail(message: str, status: int = 1) -> NoReturn:
    """Print `ironmq-local: message` on stderr and exit with `status`."""
    sys.stderr.write(f"{PROG}: {message}\n")
    sys.exit(status)


def positive(kind: type[int] | type[float]) -> Callable[[str], int | float]:
    """An argparse `type` accepting numbers above zero only."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, not {text}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def port(text: str) -> int:
    """An argparse `type` for a TCP port (0 picks a free one)."""
    if not text.isascii() or not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"must be a port number from 0 to 65535, not {text!r}")
    return int(text)
