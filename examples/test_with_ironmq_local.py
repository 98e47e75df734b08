"""Testing your application with ironmq-local: a test suite of your own, using the pytest
plugin that comes with the package.

Installed with the `local` extra, ironmq-sdk registers pytest fixtures; there is nothing to
configure:

    pip install 'ironmq-sdk[local]' pytest
    pytest examples/test_with_ironmq_local.py

- `ironmq`: an ironmq-local server (one per test session, on a free port, with a temporary
  database), emptied before each test, with a virtual clock (`advance`, `freeze`) and fault
  injection (`inject_faults`);
- `ironmq_client`: an `IronMQ` pointed at it; `async_ironmq_client`: an `AsyncIronMQ`.

While a test uses them, the SDK's retries skip their back-off sleeps and record them
(`ironmq_sdk.testing.recorded_waits()`), so tests of failures run at full speed.

The application under test comes first; in a real project it lives in its own package.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from ironmq_local import LocalServer
from ironmq_sdk import AsyncIronMQ, DeadLetter, IronMQ, ReservedMessage, testing

# --- the application --------------------------------------------------------------------


def sign_up(mq: IronMQ, email: str) -> str:
    """Queue a welcome mail for a new user; the message's id."""
    (message_id,) = mq.queue("signups").post(json.dumps({"email": email}))
    return message_id


def send_welcome_mails(mq: IronMQ, send: Callable[[str], None]) -> int:
    """Send the queued welcome mails; how many were sent. A mail that fails three times is
    parked on `signups-failed` with its error."""
    signups, failed = mq.queue("signups"), mq.queue("signups-failed")
    signups.create(dead_letter=DeadLetter("signups-failed", max_reservations=10))

    def park(message: ReservedMessage, error: Exception) -> None:
        failed.post(json.dumps({"body": message.body, "error": str(error)}))

    consumer = signups.consumer(wait=0, max_attempts=3, on_exhausted=park, stop_when_empty=True)
    consumer.run(lambda message: send(json.loads(message.body)["email"]))
    return consumer.processed


# --- its tests --------------------------------------------------------------------------


def test_a_signup_sends_one_welcome_mail(ironmq_client: IronMQ) -> None:
    sent: list[str] = []
    sign_up(ironmq_client, "ada@example.com")
    assert send_welcome_mails(ironmq_client, sent.append) == 1
    assert sent == ["ada@example.com"]
    assert ironmq_client.queue("signups").size() == 0


def test_a_failing_mail_is_tried_three_times_then_parked(
    ironmq_client: IronMQ, ironmq: LocalServer
) -> None:
    def broken(email: str) -> None:
        raise ConnectionError("mail server down")

    sign_up(ironmq_client, "grace@example.com")
    ironmq.freeze()  # the server's clock moves only when the test says so
    for release_delay in (1, 2):  # after a failure the message waits 1 s, then 2 s
        assert send_welcome_mails(ironmq_client, broken) == 0
        ironmq.advance(release_delay)  # no real waiting
    assert send_welcome_mails(ironmq_client, broken) == 0  # the third attempt: given up

    (parked,) = ironmq_client.queue("signups-failed").get()
    assert json.loads(parked.body)["error"] == "mail server down"
    assert ironmq_client.queue("signups").size() == 0


def test_a_reservation_that_runs_out_gives_the_message_back(
    ironmq_client: IronMQ, ironmq: LocalServer
) -> None:
    queue = ironmq_client.queue("signups")
    sign_up(ironmq_client, "alan@example.com")
    (taken,) = queue.get(timeout=60)  # a worker takes it, then dies
    assert queue.get() == []
    ironmq.advance(61)  # its reservation runs out on the server's virtual clock
    (again,) = queue.get()
    assert again.id == taken.id
    assert again.reserved_count == 2


def test_signing_up_rides_out_a_busy_server(ironmq_client: IronMQ, ironmq: LocalServer) -> None:
    ironmq.inject_faults(2, status=503, retry_after=5)  # the next two requests answer 503
    sign_up(ironmq_client, "barbara@example.com")  # retried, without really sleeping
    assert testing.recorded_waits() == [5.0, 5.0]
    assert ironmq_client.queue("signups").size() == 1


def test_the_async_client_sees_the_same_server(async_ironmq_client: AsyncIronMQ) -> None:
    async def scenario() -> list[str]:
        queue = async_ironmq_client.queue("signups")
        await queue.post("from an async producer")
        return [m.body for m in await queue.get(max=10)]

    # any event loop works (pytest-asyncio or anyio too): the fixture keeps no connection
    assert asyncio.run(scenario()) == ["from an async producer"]
