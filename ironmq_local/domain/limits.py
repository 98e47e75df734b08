"""Defaults and limits the domain itself applies (request ranges are the wire's: wire/v3/limits).

FACTS.md §2, the v3 docs' "limits and attributes".
"""

from __future__ import annotations

from typing import Final

DEFAULT_MESSAGE_TIMEOUT: Final = 60
DEFAULT_MESSAGE_EXPIRATION: Final = 604_800
DEAD_LETTER_MAX_RESERVATIONS_DEFAULT: Final = 10
PUSH_RETRIES_DEFAULT: Final = 3
PUSH_RETRIES_DELAY_DEFAULT: Final = 60
MAX_ALERTS: Final = 5
# Alert messages that fire further alerts stop after this many steps (a fixed alert may
# post to its own queue).
MAX_ALERT_DEPTH: Final = 8
# Expired messages removed per queue in one housekeeping round, so a million messages that
# expire together never stall the event loop in one long DELETE.
SWEEP_BATCH: Final = 1000
