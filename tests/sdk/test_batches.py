"""Calls under lost answers and part-way failures: deletes that already happened, batches
that report what was done, posts at most once (or at least once, when asked)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    APIConnectionError,
    AsyncIronMQ,
    InternalServerError,
    IronMQ,
    MessageNotFoundError,
    PartialBatchError,
)

from ..bridge import Bridge
from ..conformance import AsyncValidatingTransport, ValidatingTransport
from .conftest import SPEC
from .faults import AsyncSabotagingTransport, Plan, SabotagingTransport

Connect = Callable[[Plan], Any]
"""Makes a client (sync, or async behind a Bridge) whose requests go through a plan."""

MESSAGES = "/messages"


@pytest.fixture(params=["sync", "async"])
def sabotaged(request: pytest.FixtureRequest, ironmq: LocalServer) -> Iterator[Connect]:
    """Clients of the local server whose answers a `Plan` may lose or refuse."""
    closers: list[Callable[[], object]] = []
    loop = asyncio.new_event_loop()

    def make(plan: Plan) -> Any:
        if request.param == "sync":
            transport = ValidatingTransport(SPEC, SabotagingTransport(plan))
            http = httpx.Client(transport=transport)
            closers.append(http.close)
            return IronMQ(
                project_id=ironmq.project_id,
                token=ironmq.token,
                base_url=ironmq.base_url,
                http_client=http,
            )
        atransport = AsyncValidatingTransport(SPEC, AsyncSabotagingTransport(plan))
        ahttp = httpx.AsyncClient(transport=atransport)
        closers.append(lambda: loop.run_until_complete(ahttp.aclose()))
        aclient = AsyncIronMQ(
            project_id=ironmq.project_id,
            token=ironmq.token,
            base_url=ironmq.base_url,
            http_client=ahttp,
        )
        return Bridge(aclient, loop)

    yield make
    for close in closers:
        close()
    loop.close()


# deletes whose first answer was lost ----------------------------------------------------


def test_a_retried_delete_that_finds_the_message_gone_is_done(
    sabotaged: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    """The first DELETE deletes but its answer is lost; the retry's 404 means done (INFO)."""
    plan = Plan().add("DELETE", "", {1}, "lose")
    q = sabotaged(plan).queue("gone")
    q.post("x")
    [message] = q.reserve()
    with caplog.at_level(logging.INFO, logger="ironmq_sdk"):
        q.delete(message)
    assert len(plan.sabotaged) == 1
    assert q.size() == 0
    assert "already deleted" in caplog.text


def test_a_retried_batch_delete_that_finds_the_messages_gone_is_done(
    sabotaged: Connect, caplog: pytest.LogCaptureFixture
) -> None:
    """The same for a batch delete: nothing raised, every message gone, INFO lines."""
    plan = Plan().add("DELETE", MESSAGES, {1}, "lose")
    q = sabotaged(plan).queue("gone-batch")
    q.post(*"abc")
    reserved = q.reserve(3)
    with caplog.at_level(logging.INFO, logger="ironmq_sdk"):
        q.delete_multiple(*reserved)
    assert len(plan.sabotaged) == 1
    assert plan.sabotaged[0].endswith("/queues/gone-batch/messages")
    assert q.size() == 0
    assert "already deleted" in caplog.text


def test_a_delete_of_a_missing_message_without_a_lost_answer_still_raises(
    sabotaged: Connect,
) -> None:
    """404 is only "done" after a lost answer; otherwise the message never was there."""
    q = sabotaged(Plan()).queue("missing")
    q.post("x")
    with pytest.raises(MessageNotFoundError) as info:
        q.delete("1234567890")
    assert not info.value.maybe_applied
    with pytest.raises(MessageNotFoundError):
        q.delete_multiple("1234567890")


# posts in several requests ----------------------------------------------------------------


def test_a_post_refused_part_way_says_what_was_stored_and_what_not(sabotaged: Connect) -> None:
    """250 messages, the second request refused every time: the first 100 stored (with
    their ids and positions), the other 150 certainly not."""
    plan = Plan().add("POST", MESSAGES, {2, 3, 4, 5}, "refuse")  # the 2nd and its 3 retries
    q = sabotaged(plan).queue("partial")
    bodies = [f"m{i}" for i in range(250)]
    with pytest.raises(PartialBatchError) as info:
        q.post(*bodies)
    error = info.value
    assert error.operation == "post"
    assert sorted(error.done) == list(range(100))
    assert error.not_done == list(range(100, 250))
    assert error.unknown == []
    assert isinstance(error.error, InternalServerError)
    assert not error.maybe_applied
    for position in (0, 57, 99):
        assert q.get_message_by_id(error.done[position]).body == bodies[position]
    assert q.size() == 100
    q.post(*[bodies[i] for i in error.not_done])  # the retry the error makes possible
    assert q.size() == 250


def test_a_post_whose_answer_is_lost_part_way_marks_that_request_unknown(
    sabotaged: Connect,
) -> None:
    """The second request is stored but its answer lost: positions 100-199 are unknown
    (they were stored), 200-249 certainly not; posting never repeats that request."""
    plan = Plan().add("POST", MESSAGES, {2}, "lose")
    q = sabotaged(plan).queue("lost")
    with pytest.raises(PartialBatchError) as info:
        q.post(*[f"m{i}" for i in range(250)])
    error = info.value
    assert error.ids == list(error.done.values())
    assert len(error.ids) == 100
    assert error.unknown == list(range(100, 200))
    assert error.not_done == list(range(200, 250))
    assert isinstance(error.error, APIConnectionError)
    assert error.maybe_applied
    assert q.size() == 200


def test_a_post_failing_on_its_first_request_raises_the_plain_error(sabotaged: Connect) -> None:
    """Nothing stored: no PartialBatchError, the error itself."""
    plan = Plan().add("POST", MESSAGES, {1, 2, 3, 4}, "refuse")
    q = sabotaged(plan).queue("first")
    q.create()
    with pytest.raises(InternalServerError):
        q.post(*[f"m{i}" for i in range(150)])
    assert q.size() == 0


def test_posting_is_at_most_once_unless_asked_for_at_least_once(sabotaged: Connect) -> None:
    """A lost answer: by default an error that says it may be stored, and one message; with
    at_least_once=True the post is repeated and may store a duplicate."""
    plan = Plan().add("POST", MESSAGES, {1, 2}, "lose")
    q = sabotaged(plan).queue("once")
    with pytest.raises(APIConnectionError) as info:
        q.post("x")
    assert info.value.maybe_applied
    assert q.size() == 1
    ids = q.post("y", at_least_once=True)
    assert len(ids) == 1
    assert sorted(m.body for m in q.peek(max=10)) == ["x", "y", "y"]


def test_errors_before_sending_never_say_maybe_applied(sabotaged: Connect) -> None:
    """A refused request (503 every time) was not carried out: maybe_applied is False."""
    plan = Plan().add("POST", MESSAGES, {1, 2, 3, 4}, "refuse")
    q = sabotaged(plan).queue("refused")
    with pytest.raises(InternalServerError) as info:
        q.post("x")
    assert not info.value.maybe_applied


# deletes in several requests --------------------------------------------------------------


def test_a_delete_refused_part_way_says_what_was_deleted(sabotaged: Connect) -> None:
    """150 ids, the second request refused: the first 100 deleted, the rest not."""
    plan = Plan().add("DELETE", MESSAGES, {2, 3, 4, 5}, "refuse")
    q = sabotaged(plan).queue("partial-delete")
    ids = q.post(*[f"m{i}" for i in range(150)])
    with pytest.raises(PartialBatchError) as info:
        q.delete_multiple(*ids)
    error = info.value
    assert error.operation == "delete_multiple"
    assert error.done == {i: ids[i] for i in range(100)}
    assert error.not_done == list(range(100, 150))
    assert q.size() == 50
    q.delete_multiple(*[ids[i] for i in error.not_done])
    assert q.size() == 0
