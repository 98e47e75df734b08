"""Reading push requests (the receiving side of push queues)."""

from __future__ import annotations

import pytest

from ironmq_sdk import ACCEPTED, InvalidArgumentError, PushMessage


def test_from_request_reads_iron_headers_case_insensitively() -> None:
    """Iron-* headers become fields; all headers are kept."""
    push = PushMessage.from_request(
        {
            "iron-message-id": "123",
            "IRON-RESERVATION-ID": "abc",
            "Iron-Subscriber-Name": "worker",
            "Iron-Subscriber-Message-Url": "https://h/3/projects/p/queues/my%20q/messages/123",
            "X-Custom": "1",
        },
        b"payload \xe2\x9c\x93",
    )
    assert (push.message_id, push.reservation_id, push.subscriber_name) == ("123", "abc", "worker")
    assert push.body == "payload \u2713"
    assert push.queue_name == "my q"
    assert push.headers["X-Custom"] == "1"
    assert ACCEPTED == 202


def test_from_request_without_message_id_is_rejected() -> None:
    """A request without Iron-Message-Id is not a push."""
    with pytest.raises(InvalidArgumentError, match="Iron-Message-Id"):
        PushMessage.from_request({"Content-Type": "text/plain"}, "x")


def test_queue_name_is_none_without_url() -> None:
    """Without the message URL the queue is unknown."""
    assert PushMessage.from_request({"Iron-Message-Id": "1"}, "").queue_name is None
