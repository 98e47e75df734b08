"""What ironmq-local posts on its own conforms to the spec, for any values (hypothesis).

The alert message and the error-queue report are rendered by `wire/reports.py`, one layout
for both API versions (a queue is one queue for both): they must be the `AlertMessage` and
`ErrorQueueMessage` of both specs, strict reading (what ironmq-local promises:
tests/profiles.py). The server never imports the SDK or generated
code: the spec is the only thing the two share. (The pushes themselves are held to the
spec's `push` webhook by the loopback subscribers of tests/local.)
"""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from ironmq_local.domain.values import (
    ALERT_DIRECTIONS,
    ALERT_TYPES,
    Alert,
    AlertFired,
    AlertSpec,
    FailedSubscriber,
    PushFailure,
)
from ironmq_local.wire.reports import JsonReports

from ..profiles import MessageSchemas

V3, V2 = MessageSchemas.load("v3"), MessageSchemas.load("v2")
INT64 = st.integers(min_value=0, max_value=2**63 - 1)
HEX24 = st.text("0123456789abcdef", min_size=24, max_size=24)
NAMES = st.text(min_size=1, max_size=40)
SECONDS = st.floats(min_value=0, max_value=4_102_444_800, allow_nan=False)  # until 2100

alerts_fired = st.builds(
    AlertFired,
    source_queue=NAMES,
    queue_size=INT64,
    alert=st.builds(
        Alert,
        id=HEX24,
        spec=st.builds(
            AlertSpec,
            type=st.sampled_from(ALERT_TYPES),
            trigger=INT64.filter(bool),
            queue=NAMES,
            direction=st.sampled_from(ALERT_DIRECTIONS),
            snooze=INT64,
        ),
    ),
    at=SECONDS,
)

failures = st.builds(
    PushFailure,
    message_id=st.integers(min_value=1, max_value=2**63 - 1),
    body=st.text(),
    headers=st.dictionaries(NAMES, st.text()),
    subscribers=st.lists(
        st.builds(
            FailedSubscriber,
            name=NAMES,
            url=st.just("http://127.0.0.1:1/x"),
            code=st.integers(min_value=0, max_value=599),
            msg=st.text(),
        ),
        min_size=1,
        max_size=3,
    ).map(tuple),
)


@given(alerts_fired)
def test_alert_messages_conform_to_the_spec(fired: AlertFired) -> None:
    """Every alert message ironmq-local posts is an `AlertMessage`, with the alert's values."""
    text = JsonReports().alert_message(fired)
    V2.check_json("AlertMessage", text)
    document = V3.check_json("AlertMessage", text)
    assert document["alert_id"] == fired.alert.id
    assert document["queue_size"] == fired.queue_size


@given(failures)
def test_error_queue_reports_conform_to_the_spec(failure: PushFailure) -> None:
    """Every error-queue report ironmq-local posts is an `ErrorQueueMessage` of both versions
    carrying the message and every failed subscriber."""
    text = JsonReports().error_report(failure)
    V2.check_json("ErrorQueueMessage", text)
    document = V3.check_json("ErrorQueueMessage", text)
    assert document["source_msg_id"] == str(failure.message_id)
    assert document["body"] == failure.body
    assert [s["name"] for s in document["subscribers"]] == [s.name for s in failure.subscribers]


def test_the_strict_reading_rejects_a_report_missing_what_ironmq_local_promises() -> None:
    """The schemas bite: a report without `subscribers` passes the liberal reading (the
    real service may send it) and fails ironmq-local's strict one."""
    report = json.dumps({"source_msg_id": "1", "body": "b", "headers": {}})
    assert (
        MessageSchemas.load("v3", strict_profile=False).errors(
            "ErrorQueueMessage", json.loads(report)
        )
        == []
    )
    assert V3.errors("ErrorQueueMessage", json.loads(report))
