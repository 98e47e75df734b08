"""Every hypothesis strategy of the contract suite, in one place.

`local=True` strategies may use short durations (ironmq-local's virtual clock is frozen and
advanced explicitly); `local=False` ones, for a real IronMQ whose clock runs, only use
durations far longer than a test run, so that real time never changes an outcome.
"""

from __future__ import annotations

from hypothesis import strategies as st

# Message bodies: any text, with a bias to the characters that break encoders.
bodies = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "{}", '{"a": 1}', "ünïcödé ✓", "\x00nul", "a\r\nb", "💥" * 3]),
)

rid_choices = st.sampled_from(["current", "current", "current", "stale", "none", "bogus"])
"""Which reservation id a rule passes: the message's current one, an older one, none (the
SDK then uses the one it remembers), or one IronMQ never issued."""

BOGUS_RESERVATION = "0123456789abcdef0123456789abcdef"

message_indexes = st.integers(min_value=0, max_value=10_000)
"""Picks one of the message ids seen so far (modulo their count)."""


def message_batches(local: bool) -> st.SearchStrategy[list[tuple[str, int]]]:
    """1 to 5 (body, delay) pairs to post."""
    delays = st.sampled_from([0, 0, 0, 1, 5, 60]) if local else st.sampled_from([0, 0, 0, 7200])
    return st.lists(st.tuples(bodies, delays), min_size=1, max_size=5)


def reservation_timeouts(local: bool) -> st.SearchStrategy[int]:
    """Reservation (and touch) timeouts; 0 means the queue's message_timeout."""
    return st.sampled_from([0, 1, 5, 30, 60, 90]) if local else st.sampled_from([0, 3600, 7200])


def release_delays(local: bool) -> st.SearchStrategy[int]:
    """Delays of a release."""
    return st.sampled_from([0, 0, 1, 10, 60]) if local else st.sampled_from([0, 0, 7200])


def queue_settings(local: bool) -> st.SearchStrategy[dict[str, object]]:
    """message_timeout, message_expiration and an optional dead-letter max_reservations."""
    if local:
        timeouts = st.sampled_from([5, 30, 60])
        expirations = st.sampled_from([120, 600, 604_800])
    else:
        timeouts = st.sampled_from([3600, 7200])
        expirations = st.just(604_800)
    return st.fixed_dictionaries(
        {
            "message_timeout": timeouts,
            "message_expiration": expirations,
            "max_reservations": st.one_of(st.none(), st.integers(min_value=1, max_value=3)),
        }
    )


clock_steps = st.sampled_from([1, 4, 5, 10, 29, 30, 31, 59, 60, 61, 90, 120, 600, 3600])
"""Seconds to advance ironmq-local's virtual clock (hitting the durations above exactly)."""

reserve_counts = st.integers(min_value=1, max_value=5) | st.just(100)
peek_counts = st.integers(min_value=1, max_value=5) | st.just(100)

FUZZ_QUEUE_NAMES = ["fuzz", "fuzz-dlq", "orders", "a b", "ünï"]
"""Queue names schemathesis draws path parameters from most of the time (so that requests
meet existing queues and messages), besides the names it generates from the spec."""
