"""What IronMQ v3 accepts in a request (FACTS.md §2, the v3 docs' "limits and attributes").

The domain trusts these checks; v2 (FACTS.md §3.3) differs, e.g. a reservation timeout of at
least 30 s, so each API version keeps its own.
"""

from __future__ import annotations

import re
import sys
from typing import Final

MESSAGE_TIMEOUT_RANGE: Final = (1, 86_400)
MESSAGE_EXPIRATION_RANGE: Final = (1, 2_592_000)
RESERVE_TIMEOUT_RANGE: Final = (0, 86_400)  # 0 means "the queue's message_timeout"
WAIT_RANGE: Final = (0, 30)
DELAY_RANGE: Final = (0, 604_800)
N_RANGE: Final = (1, 100)
MAX_MESSAGES_PER_POST: Final = 100
PER_PAGE_DEFAULT: Final = 30
PER_PAGE_MAX: Final = 100
DEAD_LETTER_MAX_RESERVATIONS_RANGE: Final = (1, 1000)
PUSH_RETRIES_RANGE: Final = (0, 100)
PUSH_RETRIES_DELAY_RANGE: Final = (3, 86_400)
MAX_PUSH_HEADERS: Final = 5
MAX_PUSH_HEADER_NAME_BYTES: Final = 64
MAX_PUSH_HEADER_VALUE_BYTES: Final = 1024
RESERVED_PUSH_HEADERS: Final = frozenset(
    name.lower()
    for name in (
        "Content-Type",
        "User-Agent",
        "Iron-Message-Id",
        "Iron-Reservation-Id",
        "Iron-Subscriber-Name",
        "Iron-Subscriber-Message-Url",
    )
)

_HTTP_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""What an HTTP header name may consist of (RFC 9110 token)."""
_LINE_BREAKS = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
"""Control characters (all but tab) that must not appear in a header value."""


def _utf8_size(text: str) -> int:
    """UTF-8 size of `text`; a lone surrogate (possible from JSON escapes) counts as too big."""
    try:
        return len(text.encode())
    except UnicodeEncodeError:
        return sys.maxsize


def push_header_problem(name: str, value: object) -> str | None:
    """Return why a push header is invalid (v3 "Push Headers Restrictions"), or None.

    Beyond Iron.io's list, a name must be an HTTP token and a value one line of text, so
    that every accepted header can really be sent with the push.
    """
    problems = (
        (not name, "push header names must not be empty"),
        (
            _utf8_size(name) > MAX_PUSH_HEADER_NAME_BYTES,
            f"push header names must be at most {MAX_PUSH_HEADER_NAME_BYTES} bytes",
        ),
        (
            not _HTTP_TOKEN.fullmatch(name),
            f"push header name {name!r} must be letters, digits and !#$%&'*+-.^_`|~ only",
        ),
        (name.lower() in RESERVED_PUSH_HEADERS, f"push header {name} is reserved"),
        (not isinstance(value, str), f"push header {name} must be a string"),
        (not value, f"push header {name} must not be empty"),
        (
            isinstance(value, str) and _utf8_size(value) > MAX_PUSH_HEADER_VALUE_BYTES,
            f"push header {name} must be at most {MAX_PUSH_HEADER_VALUE_BYTES} bytes",
        ),
        (
            isinstance(value, str) and bool(_LINE_BREAKS.search(value)),
            f"push header {name} must be one line without control characters",
        ),
    )
    return next((msg for bad, msg in problems if bad), None)
