"""How consumers meet failure, I/O-free: what they ride out, how long they pause, how a
message that keeps failing goes back, when they give up on it, and what they log.

A worker reserves, renews and acknowledges for as long as it runs, so the errors of those
requests are sorted in two. Transient ones (no answer, a 5xx, a 429, a garbled answer:
the server restarting or overloaded) pass: the request is tried again after a bounded,
jittered pause that grows while the failures last. Every other error (401, 403, a missing
queue, a bad argument) is the configuration's, and ends `run()`. Trying a reservation
again is safe under at-least-once: one whose answer was lost only delays its messages
until it times out.

A message whose handler fails is released with a delay that grows with its attempts
(`reserved_count`), so a poison message costs a few calls an hour, not hundreds a second.
"""

from __future__ import annotations

import logging
import random
import threading
from collections import OrderedDict
from dataclasses import dataclass

from ._errors import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    IronMQError,
)
from ._retries import MAX_RETRY_AFTER, TestMode

log = logging.getLogger("ironmq_sdk.consumer")

PAUSE_INITIAL = 1.0
"""Seconds a consumer waits after a request failed transiently; doubled while it fails."""

PAUSE_MAX = 30.0
"""Longest pause between two tries, in seconds."""

PAUSE_JITTER = 0.5
"""Fraction of a pause taken off at random, so that workers of one fleet spread out."""

TESTING_PAUSE = 0.01
"""Seconds a pause really lasts in test mode (`ironmq_sdk.testing`), which records the full
one: short, but a worker whose server is down must not spin."""

RELEASE_DELAY_BASE = 1
"""Seconds a failed message waits after its first attempt; doubled with every attempt."""

MAX_RELEASE_DELAY = 600
"""Longest delay before a failed message is tried again, in seconds."""

TRACEBACKS_KEPT = 1000
"""Distinct errors whose traceback was logged and that are not logged in full again."""

MAX_ERROR_TEXT = 300
"""Characters of a handler's error shown in its failure line (the traceback has it all)."""

TRANSIENT_STATUSES = frozenset({408, 425, 429})
"""Error answers below 500 that say "try again later"."""


def is_transient(error: BaseException) -> bool:
    """Whether a consumer should ride out `error` (try again later) rather than stop."""
    # A garbled 2xx is a proxy or a server mid-restart far more often than a wrong base_url
    # (which answers 404, and so ends the run).
    if isinstance(error, (APIConnectionError, APIResponseValidationError)):
        return True
    if isinstance(error, APIStatusError):
        return error.status >= 500 or error.status in TRANSIENT_STATUSES
    return False


def pause(streak: int, retry_after: float | None = None) -> float:
    """Seconds to wait after the `streak`-th failure in a row (1 for the first).

    A sane Retry-After wins; otherwise exponential from `PAUSE_INITIAL` up to `PAUSE_MAX`,
    jittered. In test mode the pause is recorded and cut to `TESTING_PAUSE`.
    """
    if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
        delay = min(retry_after, PAUSE_MAX)
    else:
        # min(..., 30): past 2**30 the float is long capped anyway; avoid OverflowError.
        delay = min(PAUSE_MAX, PAUSE_INITIAL * 2.0 ** min(streak - 1, 30))
        delay *= 1.0 - PAUSE_JITTER * random.random()  # jitter, not cryptography
    if TestMode.on:
        TestMode.waits.append(delay)
        return min(delay, TESTING_PAUSE)
    return delay


class Outage:
    """Failures in a row of one request a consumer repeats (reserving, say)."""

    def __init__(self, activity: str, queue: str) -> None:
        self.activity = activity
        self.queue = queue
        self.streak = 0
        """Failures since the last success."""

    def failed(self, error: IronMQError) -> float:
        """Log a failure and return the pause before the next try; re-raise what is fatal."""
        if not is_transient(error):
            raise error
        self.streak += 1
        # Only status errors carry a Retry-After (a 429 or 503 that says when to come back).
        delay = pause(self.streak, getattr(error, "retry_after", None))
        log.warning(
            "%s on queue %s failed (%d in a row): %s; trying again in %.1fs",
            self.activity,
            self.queue,
            self.streak,
            error,
            delay,
        )
        return delay

    def recovered(self) -> None:
        """Note a success (one line if it ends an outage)."""
        if self.streak:
            log.info(
                "%s on queue %s works again after %d failures",
                self.activity,
                self.queue,
                self.streak,
            )
            self.streak = 0


@dataclass(frozen=True)
class FailurePolicy:
    """What becomes of a message whose handler failed."""

    release_delay: int | None
    """Seconds before it is available again; None: growing with its attempts."""
    max_attempts: int | None
    """Attempts after which the consumer gives up on it; None: never."""

    def delay(self, attempt: int) -> int:
        """The release delay after attempt number `attempt` (1 for the first) failed."""
        if self.release_delay is not None:
            return self.release_delay
        doublings: int = min(max(attempt, 1) - 1, 30)
        return min(MAX_RELEASE_DELAY, RELEASE_DELAY_BASE << doublings)

    def kept_delay(self, attempt: int) -> int:
        """The release delay of a message given up whose `on_exhausted` failed: at least
        the growing one, so that a broken callback never makes a hot loop."""
        return max(self.delay(attempt), GROWING.delay(attempt))

    def exhausted(self, attempt: int) -> bool:
        """Whether attempt number `attempt` was the last one allowed."""
        return self.max_attempts is not None and attempt >= self.max_attempts


GROWING = FailurePolicy(release_delay=None, max_attempts=None)
"""The default policy: growing delays, no attempt limit."""


class FailureLog:
    """Handler failures: one line each, with the traceback the first time an error is seen.

    Errors are told apart by type and the line that raised them, so a poison message
    failing every few minutes repeats one line, not a traceback; tracebacks of repeats
    go to DEBUG.
    """

    def __init__(self) -> None:
        self._seen: OrderedDict[tuple[str, str, int], None] = OrderedDict()
        self._lock = threading.Lock()

    def _first(self, error: BaseException) -> bool:
        # The innermost frame is where the error was raised: the same bug on the same line,
        # whatever the message says (messages often quote the payload that failed).
        tb = error.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        where = (tb.tb_frame.f_code.co_filename, tb.tb_lineno) if tb else (str(error), 0)
        key = (type(error).__qualname__, *where)
        with self._lock:
            if key in self._seen:
                return False
            self._seen[key] = None
            if len(self._seen) > TRACEBACKS_KEPT:  # bounded: errors may be unique per message
                self._seen.popitem(last=False)
            return True

    def failed(self, message_id: str, attempt: int, error: BaseException, outcome: str) -> None:
        """Log that the handler raised `error` on attempt `attempt` of a message."""
        first = self._first(error)
        text = str(error)
        if len(text) > MAX_ERROR_TEXT:  # some errors quote whole payloads
            text = text[:MAX_ERROR_TEXT] + "..."
        log.error(
            "handler failed on message %s (attempt %d): %s: %s; %s",
            message_id,
            attempt,
            type(error).__name__,
            text,
            outcome,
            exc_info=error if first else None,
        )
        if not first and log.isEnabledFor(logging.DEBUG):
            log.debug("traceback of the failure on message %s", message_id, exc_info=error)
