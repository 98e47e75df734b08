"""kombu messages in IronMQ bodies, Celery ETAs as IronMQ delays, the back-off bounds."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ironmq_kombu._leases import BACKOFF_CAP, backoff
from ironmq_kombu._payload import eta_delay, from_body, to_body

NOW = 1_800_000_000.0  # 2027-01-15T08:00:00Z


def message(eta: object) -> dict[str, object]:
    """A kombu message dict with a Celery `eta` header."""
    return {"body": "e30=", "headers": {"eta": eta}, "properties": {}}


@pytest.mark.parametrize(
    ("eta", "delay"),
    [
        ("2027-01-15T08:01:00+00:00", 60),
        ("2027-01-15T09:00:00.250000+01:00", 0),  # the same instant as NOW + 0.25 s
        ("2027-01-15T08:00:30.900000+00:00", 30),  # whole seconds, rounded down
        ("2027-01-15T07:00:00+00:00", 0),  # already due
        ("2027-02-15T08:00:00+00:00", 604_800),  # IronMQ's 7-day maximum; the worker waits
        ("2027-01-15T08:01:00", 0),  # no zone: the worker holds it instead of guessing
        ("tomorrow", 0),
        (None, 0),
        (1_800_000_060, 0),
    ],
)
def test_eta_becomes_an_ironmq_delay(eta: object, delay: int) -> None:
    """The `eta` header gives the post's delay: whole seconds, 0 to 7 days, 0 when unusable."""
    assert eta_delay(message(eta), NOW) == delay


def test_no_headers_no_delay() -> None:
    """A message without headers is posted at once."""
    assert eta_delay({"body": ""}, NOW) == 0


def test_body_round_trip_tags_the_delivery() -> None:
    """A kombu message survives the trip; the reservation id becomes its delivery tag."""
    sent = {"body": "aGk=", "headers": {"task": "t"}, "properties": {"delivery_info": {}}}
    got = from_body(to_body(sent), "rid-1", 1)
    assert got["body"] == "aGk="
    assert got["headers"] == {"task": "t"}
    assert got["properties"]["delivery_tag"] == "rid-1"
    assert got["properties"]["delivery_info"]["redelivered"] is False
    assert from_body(to_body(sent), "rid-2", 2)["properties"]["delivery_info"]["redelivered"]


@pytest.mark.parametrize("body", ["plain text", "[1, 2]", '{"properties": 3}', ""])
def test_foreign_bodies_arrive_as_text(body: str) -> None:
    """A body kombu did not write is delivered as text/plain, so a consumer can reject it."""
    got = from_body(body, "rid", 1)
    assert (got["body"], got["content-type"]) == (body, "text/plain")
    assert got["properties"]["delivery_tag"] == "rid"
    json.dumps(got)  # still a message kombu can serialise again


@given(st.integers(min_value=0, max_value=10_000))
def test_backoff_is_bounded(failures: int) -> None:
    """The back-off after any number of failures stays within 0 and the cap."""
    assert 0 <= backoff(failures) <= BACKOFF_CAP
