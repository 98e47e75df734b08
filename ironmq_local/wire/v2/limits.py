"""What IronMQ v2 accepts in a request (FACTS.md §3, the v2 docs' API reference and "limits
and attributes"); out-of-range values are 400 (spec/ironmq-v2.yaml, decision 8).

Unlike v3's, reservation timeouts keep the documented minimum of 30 s (0 means the default).
"""

from __future__ import annotations

from typing import Final

N_RANGE: Final = (1, 100)
TIMEOUT_RANGE: Final = (0, 86_400)  # 0 means the message's own timeout (or the queue's)
TIMEOUT_MIN: Final = 30  # ... and anything else is at least this
WAIT_RANGE: Final = (0, 30)
DELAY_RANGE: Final = (0, 604_800)
EXPIRES_IN_RANGE: Final = (0, 2_592_000)  # 0 means the queue's message_expiration
MAX_MESSAGES_PER_POST: Final = 100
PAGE_RANGE: Final = (0, 100)
PER_PAGE_RANGE: Final = (1, 100)
PER_PAGE_DEFAULT: Final = 30
PUSH_RETRIES_RANGE: Final = (0, 100)
PUSH_RETRIES_DELAY_RANGE: Final = (3, 86_400)
MAX_SUBSCRIBERS_JSON: Final = 65_536  # bytes of the JSON of a subscribers array
