"""The consumers' failure policy as pure functions: what is ridden out, pauses, delays, logs."""

from __future__ import annotations

import asyncio
import functools
import logging

import pytest

from ironmq_sdk import (
    APIConnectionError,
    APIResponseValidationError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ForbiddenError,
    InternalServerError,
    InvalidArgumentError,
    IronMQError,
    MessageNotFoundError,
    QueueNotFoundError,
    RateLimitError,
    ReservationExpiredError,
    testing,
)
from ironmq_sdk._consuming import is_async
from ironmq_sdk._errors import APIStatusError
from ironmq_sdk._failures import (
    MAX_RELEASE_DELAY,
    PAUSE_INITIAL,
    PAUSE_JITTER,
    PAUSE_MAX,
    TESTING_PAUSE,
    FailureLog,
    FailurePolicy,
    Outage,
    is_transient,
    pause,
)
from ironmq_sdk._retries import Failure, maybe_processed


def status(cls: type[APIStatusError], code: int) -> APIStatusError:
    """An error answer of class `cls` and status `code`."""
    return cls("msg", status=code, method="POST", url="http://x/")


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (APIConnectionError("refused", method="POST", url="http://x/"), True),
        (APIResponseValidationError("garbled", status=200, method="GET", url="http://x/"), True),
        (status(InternalServerError, 500), True),
        (status(InternalServerError, 503), True),
        (status(RateLimitError, 429), True),
        (status(AuthenticationError, 401), False),
        (status(ForbiddenError, 403), False),
        (status(QueueNotFoundError, 404), False),
        (status(BadRequestError, 400), False),
        (InvalidArgumentError("n", "bad"), False),
        (ConfigurationError("no token"), False),
    ],
    ids=lambda v: type(v).__name__ if isinstance(v, IronMQError) else str(v),
)
def test_only_server_trouble_is_ridden_out(error: IronMQError, transient: bool) -> None:
    """No answer, 5xx, 429 and garbled answers pass; configuration errors end run()."""
    assert is_transient(error) is transient


def test_pauses_grow_are_capped_jittered_and_honour_retry_after() -> None:
    """Doubling from PAUSE_INITIAL to PAUSE_MAX, never below the jitter's floor."""
    for streak in range(1, 12):
        ceiling = min(PAUSE_MAX, PAUSE_INITIAL * 2 ** (streak - 1))
        assert ceiling * (1 - PAUSE_JITTER) <= pause(streak) <= ceiling
    assert pause(10_000) <= PAUSE_MAX
    assert pause(1, retry_after=7) == 7
    assert pause(1, retry_after=10_000) <= PAUSE_INITIAL  # absurd values are ignored
    assert len({pause(5) for _ in range(20)}) > 1  # jittered


def test_test_mode_records_pauses_and_keeps_them_short() -> None:
    """In test mode the full pause is recorded, and only TESTING_PAUSE is slept."""
    with testing.set_testing(True):
        assert pause(3) == TESTING_PAUSE
        [recorded] = testing.recorded_waits()
        assert PAUSE_INITIAL * 4 * (1 - PAUSE_JITTER) <= recorded <= PAUSE_INITIAL * 4


def test_an_outage_re_raises_what_is_fatal_and_logs_one_line_per_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Fatal errors come back out; transient ones are counted, logged, and ended by INFO."""
    outage = Outage("reserving", "jobs")
    with pytest.raises(AuthenticationError):
        outage.failed(status(AuthenticationError, 401))
    with caplog.at_level(logging.INFO, logger="ironmq_sdk.consumer"):
        outage.failed(status(InternalServerError, 503))
        outage.failed(status(InternalServerError, 503))
        outage.recovered()
        outage.recovered()
    lines = [r.getMessage() for r in caplog.records]
    assert len(lines) == 3
    assert "(2 in a row)" in lines[1]
    assert "works again after 2 failures" in lines[2]
    assert outage.streak == 0


def test_release_delays_double_per_attempt_up_to_the_cap() -> None:
    """None: 1, 2, 4, ... seconds, capped at MAX_RELEASE_DELAY; a fixed delay stays fixed."""
    growing = FailurePolicy(release_delay=None, max_attempts=None)
    delays = [growing.delay(attempt) for attempt in range(1, 13)]
    assert delays[:4] == [1, 2, 4, 8]
    assert delays[-1] == MAX_RELEASE_DELAY
    assert delays == sorted(delays)
    assert growing.delay(10**6) == MAX_RELEASE_DELAY
    assert FailurePolicy(release_delay=0, max_attempts=None).delay(9) == 0
    assert not growing.exhausted(10**6)
    limited = FailurePolicy(release_delay=None, max_attempts=3)
    assert [limited.exhausted(a) for a in (1, 2, 3, 4)] == [False, False, True, True]


def test_the_failure_log_shows_each_distinct_traceback_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Repeats of one error (same type, same line) are one line without a traceback."""
    failures = FailureLog()

    def fail(cls: type[Exception], text: str) -> Exception:
        try:
            raise cls(text)
        except Exception as exc:  # made to be logged
            return exc

    with caplog.at_level(logging.ERROR, logger="ironmq_sdk.consumer"):
        for attempt in (1, 2, 3):
            failures.failed("m1", attempt, fail(ValueError, f"bad {attempt}"), "released")
        failures.failed("m2", 1, fail(KeyError, "other"), "released")
    assert [r.exc_info is not None for r in caplog.records] == [True, False, False, True]
    assert "handler failed on message m1 (attempt 2): ValueError: bad 2; released" in caplog.text


def test_maybe_processed_tells_lost_answers_from_refusals() -> None:
    """No connection or a 503/4xx: not done. A timeout, a drop or another 5xx: maybe."""
    assert not maybe_processed(None, Failure.CONNECT)
    assert maybe_processed(None, Failure.TIMEOUT)
    assert maybe_processed(None, Failure.DROPPED)
    assert maybe_processed(500, None)
    assert maybe_processed(504, None)
    assert not maybe_processed(503, None)
    assert not maybe_processed(404, None)


def test_is_async_knows_coroutine_functions_partials_and_callable_objects() -> None:
    """What AsyncConsumer.run accepts as a handler."""

    async def handler(message: object) -> None:
        await asyncio.sleep(0)

    class Handler:
        async def __call__(self, message: object) -> None:
            await asyncio.sleep(0)

    assert is_async(handler)
    assert is_async(functools.partial(handler))
    assert is_async(Handler())
    assert not is_async(print)
    assert not is_async(lambda message: None)
    assert not is_async(None)


def test_a_job_error_class_from_the_table_is_final() -> None:
    """ReservationExpiredError and MessageNotFoundError are never ridden out: the lease is gone."""
    assert not is_transient(status(ReservationExpiredError, 403))
    assert not is_transient(status(MessageNotFoundError, 404))
