"""The lease keeper on IronMQ v2 (api_version 1), whose reservations have no ids."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from ironmq_kombu._leases import Lease, Leases
from ironmq_kombu._settings import Settings
from ironmq_local import LocalServer
from ironmq_sdk import AsyncIronMQ


def test_renewing_a_v2_reservation_touches_without_a_timeout(ironmq: LocalServer) -> None:
    """v2 refuses a touch with a timeout: the keeper renews by the reservation's own one."""
    ironmq.freeze()

    async def scenario() -> tuple[Lease, int]:
        async with AsyncIronMQ(
            project_id=ironmq.project_id,
            token=ironmq.token,
            base_url=ironmq.base_url,
            api_version=1,
        ) as mq:
            queue = mq.queue("jobs")
            await queue.post("long task")
            [message] = await queue.reserve(n=1, timeout=30)
            assert message.reservation_id is None
            tasks: list[asyncio.Task[Any]] = []

            def spawn(coroutine: Coroutine[Any, Any, Any]) -> None:
                tasks.append(asyncio.ensure_future(coroutine))

            leases = Leases(Settings(visibility_timeout=30), lambda _: queue, spawn)
            lease = Lease("jobs", message.id, None, payload={"properties": {"delivery_tag": "t1"}})
            leases.hold(lease)
            before = lease.renewed_at
            await leases._touch(lease)
            assert lease.renewed_at > before
            ironmq.advance(25)  # 5 s left of the first 30 s; the touch restarted them
            await leases._touch(lease)
            ironmq.advance(25)  # past the first reservation, inside the renewed one
            return lease, len(await queue.peek(10))

    lease, available = asyncio.run(scenario())
    assert not lease.lost
    assert available == 0  # still reserved: the renewals took
