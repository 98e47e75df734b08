"""The validating transport itself, and the SDK's traffic held to the spec (sync and async)."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import json

import httpx
import pytest

from ironmq_sdk import (
    AsyncIronMQ,
    DeadLetter,
    IronMQ,
    MessageNotFoundError,
    QueueNotFoundError,
    ReservationExpiredError,
)

from ..conformance import (
    AsyncValidatingTransport,
    ContractViolation,
    SpecValidator,
    ValidatingTransport,
    async_validating_client,
)
from .conftest import aconnect, connect
from .target import Target

PID = "5c9f1e0a1b2c3d4e5f607182"
BASE = "http://ironmq.test"


def fake_server(body: object, status: int = 200) -> httpx.MockTransport:
    """A transport answering every request with `body` (and counting the requests)."""

    def handler(request: httpx.Request) -> httpx.Response:
        handler.calls += 1  # type: ignore[attr-defined]
        return httpx.Response(status, json=body)

    handler.calls = 0  # type: ignore[attr-defined]
    return httpx.MockTransport(handler)


def offline_client(validator: SpecValidator, inner: httpx.MockTransport) -> IronMQ:
    http = httpx.Client(transport=ValidatingTransport(validator, inner))
    return IronMQ(project_id=PID, token="t", base_url=BASE, http_client=http, max_retries=2)


def test_a_non_conforming_request_is_stopped_before_it_is_sent(
    spec_validator: SpecValidator,
) -> None:
    """An empty `messages` array breaks `minItems: 1`: the request never leaves."""
    inner = fake_server({"ids": [], "msg": "x"}, 201)
    with (
        httpx.Client(transport=ValidatingTransport(spec_validator, inner)) as http,
        pytest.raises(ContractViolation, match="request does not conform"),
    ):
        http.post(
            f"{BASE}/3/projects/{PID}/queues/q/messages",
            json={"messages": []},
            headers={"Authorization": "OAuth t"},
        )
    assert inner.handler.calls == 0  # type: ignore[union-attr]
    assert spec_validator.violations
    spec_validator.violations.clear()


def test_an_undocumented_endpoint_is_a_violation(spec_validator: SpecValidator) -> None:
    """A path the spec does not have fails too."""
    with (
        httpx.Client(transport=ValidatingTransport(spec_validator, fake_server({}))) as http,
        pytest.raises(ContractViolation, match="undocumented endpoint"),
    ):
        http.get(f"{BASE}/3/projects/{PID}/nothing", headers={"Authorization": "OAuth t"})
    spec_validator.violations.clear()


@pytest.mark.parametrize(
    ("body", "status", "why"),
    [
        ({"messages": [{"id": "1", "body": "x"}]}, 200, "reserved message without reservation_id"),
        (
            {"messages": [{"id": 1, "body": "x", "reserved_count": 1, "reservation_id": "r"}]},
            200,
            "numeric id",
        ),
        ({"error": "no msg"}, 404, "error body without msg"),
        ({"messages": []}, 201, "undocumented status"),
    ],
)
def test_a_non_conforming_response_fails_the_sdk_call(
    spec_validator: SpecValidator, body: object, status: int, why: str
) -> None:
    """The SDK call that received it raises ContractViolation, and it is not retried."""
    inner = fake_server(body, status)
    with (
        offline_client(spec_validator, inner) as mq,
        pytest.raises(ContractViolation, match="response does not conform"),
    ):
        mq.queue("q").reserve()
    assert inner.handler.calls == 1, why  # type: ignore[union-attr]
    spec_validator.violations.clear()


def test_the_real_services_leeway_passes_the_liberal_reading_only() -> None:
    """A pull queue's info without `type`, as Iron.io's service may answer it: the liberal
    reading accepts it and the SDK reads it as `pull`; ironmq-local's strict reading would
    not let ironmq-local send it."""
    answer = {
        "queue": {"name": "q", "project_id": PID, "message_timeout": 60, "message_expiration": 9}
    }
    liberal = SpecValidator.load(strict=False)
    with offline_client(liberal, fake_server(answer)) as mq:
        assert mq.queue("q").info().type == "pull"
    liberal.assert_clean()
    strict = SpecValidator.load()
    with (
        offline_client(strict, fake_server(answer)) as mq,
        pytest.raises(ContractViolation, match="type"),
    ):
        mq.queue("q").info()


def test_v2_paths_are_held_to_the_v2_spec(spec_validator: SpecValidator) -> None:
    """`/1/projects/...` is validated against spec/ironmq-v2.yaml: its bare queue object
    passes, v3's wrapped one fails, and so does a v3-shaped request."""
    base, auth = f"{BASE}/1/projects/{PID}", {"Authorization": "OAuth t"}
    v2_queue = {"id": "0" * 24, "project_id": PID, "name": "q", "size": 0, "total_messages": 0,
                "reserved": 0}  # fmt: skip
    with httpx.Client(transport=ValidatingTransport(spec_validator, fake_server(v2_queue))) as http:
        assert http.get(f"{base}/queues/q", headers=auth).json() == v2_queue
    with (
        httpx.Client(
            transport=ValidatingTransport(spec_validator, fake_server({"queue": {}}))
        ) as http,
        pytest.raises(ContractViolation, match="response does not conform"),
    ):
        http.get(f"{base}/queues/q", headers=auth)
    with (
        httpx.Client(transport=ValidatingTransport(spec_validator, fake_server({}))) as http,
        pytest.raises(ContractViolation, match="undocumented endpoint"),
    ):
        http.post(f"{base}/queues/q/reservations", json={"n": 1}, headers=auth)
    spec_validator.violations.clear()


def test_a_response_that_is_not_json_is_a_violation(spec_validator: SpecValidator) -> None:
    """Every answer must be application/json, errors included."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, text="Not Found")

    with (
        offline_client(spec_validator, httpx.MockTransport(handler)) as mq,
        pytest.raises(ContractViolation, match="not application/json"),
    ):
        mq.queue("q").info()
    spec_validator.violations.clear()


def test_async_transport_validates_too(spec_validator: SpecValidator) -> None:
    """The async twin stops a bad response the same way."""

    async def run() -> None:
        inner = httpx.MockTransport(lambda request: httpx.Response(200, json={"queue": {}}))
        http = httpx.AsyncClient(transport=AsyncValidatingTransport(spec_validator, inner))
        async with AsyncIronMQ(project_id=PID, token="t", base_url=BASE, http_client=http) as mq:
            with pytest.raises(ContractViolation):
                await mq.queue("q").info()
        await http.aclose()

    asyncio.run(run())
    spec_validator.violations.clear()


def test_gzip_responses_reach_the_client_intact(spec_validator: SpecValidator) -> None:
    """The transport hands the client the raw bytes, so content encodings still decode once."""
    payload = json.dumps({"queues": [{"name": "a"}]}).encode()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            content=gzip.compress(payload),
            headers={"content-type": "application/json", "content-encoding": "gzip"},
        )

    with offline_client(spec_validator, httpx.MockTransport(handler)) as mq:
        assert mq.queues() == ["a"]
    spec_validator.assert_clean()


def exercise(mq: IronMQ, target: Target) -> None:
    """Every pull-queue and client method of the SDK, errors included."""
    name, dlq = target.queue_name("conf"), target.queue_name("conf-dlq")
    q = mq.queue(name)
    try:
        with pytest.raises(QueueNotFoundError):
            q.info()
        q.create(message_timeout=30, message_expiration=3600)
        ids = q.post("a", {"body": "b", "delay": 0}, "c", "d")
        assert len(ids) == 4
        assert q.info().size == 4
        assert [m.id for m in q.peek(max=2)] == ids[:2]
        assert q.get_message_by_id(ids[0]).body == "a"
        first, second = q.reserve(n=2, timeout=30)
        new_rid = q.touch(first, timeout=60)
        q.release(second, delay=0)
        q.delete(first.id, reservation_id=new_rid)
        with pytest.raises(MessageNotFoundError):
            q.get_message_by_id(first.id)
        with pytest.raises(ReservationExpiredError):
            q.touch(second.id, reservation_id=second.reservation_id)
        (third,) = q.reserve(n=1, delete=True)
        assert third.id == second.id
        q.delete_multiple(*ids[2:])
        q.post("e")
        q.clear()
        assert q.size() == 0
        q.update_queue(message_timeout=45, dead_letter=DeadLetter(dlq, 3))
        q.remove_dead_letter()
        q.post_webhook("raw body")
        assert name in mq.queues(prefix=name)
        assert name in list(mq.iter_queues(prefix=name))
        assert q.get_message_push_statuses(q.peek()[0]) == []
    finally:
        for n in (name, dlq):
            with contextlib.suppress(QueueNotFoundError):
                mq.delete_queue(n)


def test_sdk_traffic_conforms_sync(mq: IronMQ, fresh: Target, conformance: SpecValidator) -> None:
    """Each request the sync SDK sends and each response it gets conforms to the spec."""
    before = conformance.responses_checked
    exercise(mq, fresh)
    assert conformance.responses_checked - before >= 25


def test_sdk_traffic_conforms_async(fresh: Target, conformance: SpecValidator) -> None:
    """The same walk-through with AsyncIronMQ over the async validating transport."""

    async def run() -> None:
        http = async_validating_client(conformance, timeout=60)
        async with aconnect(fresh, http) as amq:
            # run the sync walk-through's calls through the async client
            await aexercise(amq, fresh)
        await http.aclose()

    asyncio.run(run())


async def aexercise(mq: AsyncIronMQ, target: Target) -> None:
    """The async SDK's main calls, errors included."""
    name = target.queue_name("aconf")
    q = mq.queue(name)
    try:
        with pytest.raises(QueueNotFoundError):
            await q.info()
        ids = await q.post("a", "b", "c")
        (m,) = await q.reserve(n=1, timeout=30)
        rid = await q.touch(m)
        await q.release(m.id, reservation_id=rid, delay=1)
        assert [p.id for p in await q.peek(max=5)] == ids[1:]
        (m2,) = await q.reserve()
        await q.delete(m2)
        await q.delete_multiple(ids[2])
        assert (await q.get_message_by_id(ids[0])).reserved_count == 2
        await q.clear()
        assert (await q.info()).size == 0
        assert name in await mq.queues(prefix=name)
    finally:
        await mq.delete_queue(name)


def test_connect_helpers_build_sdk_clients(fresh: Target, conformant_http: httpx.Client) -> None:
    """`connect` is what other suites can use to get a validated client of the target."""
    with connect(fresh, conformant_http) as client:
        assert client.project_id == fresh.project_id
