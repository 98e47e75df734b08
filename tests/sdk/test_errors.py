"""The error tree: server answers and bad arguments become the right exception."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    APIResponseValidationError,
    APIStatusError,
    AuthenticationError,
    BadRequestError,
    InvalidArgumentError,
    IronMQ,
    IronMQError,
    MessageNotFoundError,
    NotFoundError,
    PayloadTooLargeError,
    QueueNotFoundError,
    QueueTypeChangeError,
    ReservationExpiredError,
    ReservationRequiredError,
    UnsupportedArgumentError,
)
from ironmq_sdk._errors import status_error
from ironmq_sdk._wire.v3 import ERRORS as V3_ERRORS

from .conftest import connect


def test_unauthorized(ironmq: LocalServer) -> None:
    """A wrong token is AuthenticationError with status, msg, method and URL (no token)."""
    mq = IronMQ(project_id=ironmq.project_id, token="wrong", base_url=ironmq.base_url)
    with mq, pytest.raises(AuthenticationError) as info:
        mq.queues()
    error = info.value
    assert (error.status, error.msg, error.method) == (
        401,
        "Invalid project/token combination",
        "GET",
    )
    assert error.url.startswith(ironmq.base_url)
    assert "wrong" not in str(error)


def test_queue_and_message_not_found(mq: IronMQ) -> None:
    """404s are told apart by the server's msg."""
    with pytest.raises(QueueNotFoundError) as info:
        mq.queue("nope").info()
    assert isinstance(info.value, NotFoundError)
    (mid,) = mq.queue("q").post("x")
    mq.queue("q").delete(mid)
    with pytest.raises(MessageNotFoundError):
        mq.queue("q").delete(mid)


def test_reservation_required(mq: IronMQ, ironmq: LocalServer) -> None:
    """Deleting a message reserved by someone else without its reservation: 400 with a hint."""
    mq.queue("q").post("x")
    (m,) = mq.queue("q").reserve()
    with connect(ironmq) as other, pytest.raises(ReservationRequiredError) as info:
        other.queue("q").delete(m.id)
    assert info.value.status == 400
    assert "reservation_id=" in str(info.value)


def test_reservation_expires_on_the_virtual_clock(mq: IronMQ, ironmq: LocalServer) -> None:
    """A reservation past its timeout is 403 ReservationExpiredError; the message is back."""
    q = mq.queue("q")
    q.post("x")
    ironmq.freeze()
    (m,) = q.reserve(timeout=30)
    ironmq.advance(29)
    q.touch(m.id, timeout=30)  # still valid at 29 s: renewed for 30 s more
    ironmq.advance(31)
    with pytest.raises(ReservationExpiredError) as info:
        q.delete(m.id)
    assert info.value.status == 403
    assert [x.body for x in q.peek()] == ["x"]


def test_queue_type_change_is_refused(mq: IronMQ) -> None:
    """PUT with another type on an existing queue is 403 QueueTypeChangeError with a hint."""
    mq.queue("q").post("x")
    with pytest.raises(QueueTypeChangeError) as info:
        mq.create_queue("q", type="multicast", subscribers=["http://example.com/"])
    assert "create it again" in str(info.value)


def test_payload_too_large(mq: IronMQ) -> None:
    """A body above the server's limit (64 KiB) is 413 PayloadTooLargeError."""
    with pytest.raises(PayloadTooLargeError) as info:
        mq.queue("q").post("x" * 70_000)
    assert info.value.status == 413


def test_server_side_bad_request(mq: IronMQ) -> None:
    """Checks only the server can make are BadRequestError with its msg."""
    mq.queue("q").post("x")
    with pytest.raises(BadRequestError, match="dead_letter"):
        mq.queue("q").set_dead_letter("q")


def test_status_error_mapping() -> None:
    """Status and v3's msg table choose the class; unknown 5xx are InternalServerError."""
    cases = {
        (400, "n must be between 1 and 100"): BadRequestError,
        (400, "A reservation_id is required"): ReservationRequiredError,
        (403, "Reservation timed out"): ReservationExpiredError,
        (403, "Queue type cannot be changed"): QueueTypeChangeError,
        (404, "Queue not found"): QueueNotFoundError,
        (404, "Message not found: 12"): MessageNotFoundError,
        (404, "Not found"): NotFoundError,
        (418, "teapot"): APIStatusError,
    }
    for (status, msg), cls in cases.items():
        error = status_error(status, msg, method="GET", url="u", by_msg=V3_ERRORS)
        assert type(error) is cls
        assert (error.status, error.msg) == (status, msg)
    assert type(status_error(502, "bad gateway", method="GET", url="u")).__name__ == (
        "InternalServerError"
    )


def test_a_malformed_success_answer_is_a_validation_error() -> None:
    """A 200 that does not match the API is APIResponseValidationError, not a KeyError."""
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"unexpected": 1}))
    )
    mq = IronMQ(project_id="p", token="t", base_url="http://x", http_client=http)
    with pytest.raises(APIResponseValidationError):
        mq.queue("q").info()


def test_an_error_answer_without_json_keeps_the_text() -> None:
    """A proxy's HTML error page still gives a readable msg."""
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: httpx.Response(502, text="Bad Gateway"))
    )
    mq = IronMQ(project_id="p", token="t", base_url="http://x", http_client=http, max_retries=0)
    with pytest.raises(APIStatusError) as info:
        mq.queue("q").info()
    assert info.value.msg == "Bad Gateway"


# bad arguments: rejected before anything is sent ------------------------------------------


@pytest.fixture
def offline() -> tuple[IronMQ, list[httpx.Request]]:
    """A client whose transport records requests (and answers 200 {})."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return IronMQ(project_id="p", token="t", base_url="http://x", http_client=http), sent


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda mq: mq.queue(""), "name"),
        (lambda mq: mq.queue("q").get(max=101), "max"),
        (lambda mq: mq.queue("q").reserve(n=0), "n"),
        (lambda mq: mq.queue("q").peek(max=1000), "max"),
        (lambda mq: mq.queue("q").reserve(wait=31), "wait"),
        (lambda mq: mq.queue("q").reserve(timeout=86_401), "timeout"),
        (lambda mq: mq.queue("q").post({"body": "x", "delay": -1}), "messages[0].delay"),
        (lambda mq: mq.queue("q").post({"body": 5}), "messages[0].body"),
        (lambda mq: mq.queue("q").post(5), "messages[0]"),
        (lambda mq: mq.queue("q").post({"body": "x", "color": "red"}), "messages[0].color"),
        (lambda mq: mq.queue("q").post(), "messages"),
        (lambda mq: mq.queue("q").release("1", reservation_id="r", delay=-5), "delay"),
        (lambda mq: mq.queue("q").delete_multiple(), "messages"),
        (lambda mq: mq.queue("q").delete(""), "message_id"),
        (
            lambda mq: mq.queue("q").post(
                {"body": "x", "push_headers": {f"h{i}": "v" for i in range(6)}}
            ),
            "messages[0].push_headers",
        ),
        (lambda mq: mq.queues(per_page=0), "per_page"),
        (lambda mq: list(mq.iter_queues(per_page=101)), "per_page"),
        (lambda mq: mq.create_queue("q", message_timeout=0), "message_timeout"),
        (lambda mq: mq.queue("q").update(push_type="fanout"), "push_type"),
        (
            lambda mq: mq.queue("q").add_alerts({"type": "sometimes", "trigger": 1, "queue": "a"}),
            "alerts[0].type",
        ),
        (lambda mq: mq.queue("q").consumer(batch_size=500), "batch_size"),
    ],
)
def test_bad_arguments_are_rejected_before_sending(
    offline: tuple[IronMQ, list[httpx.Request]], call: Any, argument: str
) -> None:
    """Each error names the argument (and is a ValueError); nothing reaches the wire."""
    mq, sent = offline
    with pytest.raises(InvalidArgumentError) as info:
        call(mq)
    assert info.value.argument == argument
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, IronMQError)
    assert sent == []


@pytest.mark.parametrize("field", ["timeout", "expires_in"])
def test_v2_message_fields_are_unsupported_with_advice(
    offline: tuple[IronMQ, list[httpx.Request]], field: str
) -> None:
    """Per-message timeout/expires_in cannot be honoured by v3: a clear error, not a drop."""
    mq, sent = offline
    with pytest.raises(UnsupportedArgumentError, match="queue's message_") as info:
        mq.queue("q").post({"body": "x", field: 120})
    assert info.value.argument == f"messages[0].{field}"
    assert sent == []
