"""`ironmq_sdk.testing`: in test mode back-off is recorded, never slept."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from ironmq_sdk import AsyncIronMQ, InternalServerError, IronMQ, testing


def flaky(failures: int, retry_after: str = "30") -> httpx.MockTransport:
    """Answers 503 with Retry-After `failures` times, then an empty queue listing."""
    answers = iter(range(failures + 1))

    def handle(request: httpx.Request) -> httpx.Response:
        if next(answers) < failures:
            return httpx.Response(503, json={"msg": "busy"}, headers={"Retry-After": retry_after})
        return httpx.Response(200, json={"queues": []})

    return httpx.MockTransport(handle)


def never_sleep(seconds: float) -> None:
    raise AssertionError(f"the transport slept {seconds} s in test mode")


async def never_sleep_async(seconds: float) -> None:
    never_sleep(seconds)


def test_sync_back_off_is_recorded_not_slept(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two 503s with Retry-After 30: the retries happen at once and the waits are recorded."""
    monkeypatch.setattr(time, "sleep", never_sleep)
    http = httpx.Client(transport=flaky(2))
    with testing.set_testing(True):
        assert testing.is_testing()
        assert (
            IronMQ(project_id="p", token="t", base_url="http://x", http_client=http).queues() == []
        )
        assert testing.recorded_waits() == [30.0, 30.0]
    assert not testing.is_testing()


def test_async_back_off_is_recorded_not_slept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The async transport follows the same switch."""
    monkeypatch.setattr(asyncio, "sleep", never_sleep_async)

    async def main() -> list[str]:
        http = httpx.AsyncClient(transport=flaky(1))
        async with AsyncIronMQ(
            project_id="p", token="t", base_url="http://x", http_client=http
        ) as mq:
            return await mq.queues()

    with testing.set_testing(True):
        assert asyncio.run(main()) == []
        assert testing.recorded_waits() == [30.0]


def test_giving_up_is_unchanged_in_test_mode() -> None:
    """Test mode skips the sleeping, not the policy: max_retries still bounds the attempts."""
    http = httpx.Client(transport=flaky(5))
    mq = IronMQ(project_id="p", token="t", base_url="http://x", http_client=http, max_retries=2)
    with testing.set_testing(True):
        with pytest.raises(InternalServerError):
            mq.queues()
        assert testing.recorded_waits() == [30.0, 30.0]


def test_switching_on_starts_a_fresh_record_and_the_context_restores_it() -> None:
    """set_testing(True) as a call stays on; a nested `with` gives back the outer record."""
    previous = testing.set_testing(True)
    try:
        mq = IronMQ(
            project_id="p",
            token="t",
            base_url="http://x",
            http_client=httpx.Client(transport=flaky(1)),
        )
        mq.queues()
        assert testing.recorded_waits() == [30.0]
        with testing.set_testing(True):
            assert testing.recorded_waits() == []
        assert testing.recorded_waits() == [30.0]
        testing.clear_recorded_waits()
        assert testing.recorded_waits() == []
    finally:
        with previous:
            pass
    assert not testing.is_testing()
