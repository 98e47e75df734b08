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
# Rows removed in one housekeeping transaction (expired messages of a queue, rows of a
# cleared or deleted queue), so a million of them never stall the event loop in one long
# DELETE: the background worker takes them a batch at a time, requests in between.
SWEEP_BATCH: Final = 1000
# Rows one step of a reserve or peek may promote (delays and reservations that ended) or pass
# over (expired, moved to the dead letters) before it commits and lets other requests in.
STEP_ROWS: Final = 1000
