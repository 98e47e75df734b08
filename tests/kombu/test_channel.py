"""The kombu channel against ironmq-local: put, get, ack, reject, size, purge, leases.

Plain kombu (no Celery): `Connection("ironmq://...")`, SimpleQueue and Consumer, with the
IronMQ side looked at through the SDK.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Connection, Consumer, Exchange, Producer, Queue

from ironmq_kombu import UnsupportedExchangeError
from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

from .conftest import broker_url, wait_for

pytestmark = pytest.mark.timeout(120)

OPTIONS = {"protocol": "http", "wait_time_seconds": 1}


@pytest.fixture
def conn(ironmq: LocalServer) -> Iterator[Connection]:
    """A kombu connection to the test server."""
    with Connection(broker_url(ironmq), transport_options=OPTIONS) as connection:
        yield connection


def consume(conn: Connection, queue: str, count: int, prefetch: int = 0) -> list[Any]:
    """Consume `count` messages of `queue` without acknowledging them (the channel stays open)."""
    got: list[Any] = []
    consumer = Consumer(conn, [Queue(queue)], callbacks=[lambda _, m: got.append(m)])
    consumer.qos(prefetch_count=prefetch)
    consumer.consume()
    deadline = time.monotonic() + 30
    while len(got) < count and time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            conn.drain_events(timeout=1)
    assert len(got) == count
    return got


def test_put_get_ack_deletes_the_message(conn: Connection, sdk: IronMQ) -> None:
    """A message put and got arrives whole, and its ack deletes it from IronMQ."""
    queue = conn.SimpleQueue("jobs")
    queue.put({"n": 1, "text": "héllo"})
    assert sdk.queue("jobs").size() == 1
    message = queue.get(timeout=10)
    assert message.payload == {"n": 1, "text": "héllo"}
    message.ack()
    wait_for(lambda: sdk.queue("jobs").size() == 0, "the ack to delete the message")
    queue.close()


def test_reject_with_requeue_releases_the_same_message(conn: Connection, sdk: IronMQ) -> None:
    """requeue: the reservation is released, and the message comes back, marked redelivered."""
    queue = conn.SimpleQueue("jobs")
    queue.put("again")
    first = queue.get(timeout=10)
    assert first.delivery_info["redelivered"] is False
    first.requeue()
    second = queue.get(timeout=10)
    assert second.payload == "again"
    assert second.delivery_info["redelivered"] is True
    assert second.delivery_tag != first.delivery_tag  # a delivery tag names one reservation
    assert sdk.queue("jobs").total_messages() == 1  # released, not posted again
    second.ack()
    queue.close()


def test_reject_without_requeue_drops_the_message(conn: Connection, sdk: IronMQ) -> None:
    """reject(requeue=False) deletes the message, as a broker without dead-lettering does."""
    queue = conn.SimpleQueue("jobs")
    queue.put("poison")
    queue.get(timeout=10).reject()
    wait_for(lambda: sdk.queue("jobs").size() == 0, "the rejected message to go")
    queue.close()


def test_size_and_purge(conn: Connection, sdk: IronMQ) -> None:
    """qsize counts the queue's messages; purge removes them and says how many."""
    queue = conn.SimpleQueue("jobs")
    assert queue.qsize() == 0  # no IronMQ queue yet
    for i in range(7):
        queue.put(i)
    assert queue.qsize() == 7
    assert Queue("jobs", channel=conn.default_channel).queue_declare(passive=True)[1] == 7
    assert queue.clear() == 7
    assert sdk.queue("jobs").size() == 0
    queue.close()


def test_prefetch_count_bounds_what_is_reserved(conn: Connection, sdk: IronMQ) -> None:
    """With prefetch_count 2 and nothing acked, only 2 of 10 messages are reserved."""
    sdk.queue("jobs").post(*[f"m{i}" for i in range(10)])  # not kombu messages: text/plain
    got = consume(conn, "jobs", 2, prefetch=2)
    time.sleep(0.5)  # give a wrongly eager pump the chance to reserve more
    assert len(sdk.queue("jobs").peek(100)) == 8
    assert [m.payload for m in got] == ["m0", "m1"]


def test_closing_releases_what_the_channel_holds(ironmq: LocalServer, sdk: IronMQ) -> None:
    """Unacknowledged and prefetched messages go back to the queue when the channel closes."""
    sdk.queue("jobs").post(*[f"m{i}" for i in range(5)])
    with Connection(broker_url(ironmq), transport_options=OPTIONS) as conn:
        consume(conn, "jobs", 5, prefetch=10)
        assert sdk.queue("jobs").peek(100) == []
    assert len(sdk.queue("jobs").peek(100)) == 5


def test_reservation_is_renewed_while_a_message_is_held(ironmq: LocalServer, sdk: IronMQ) -> None:
    """The lease keeper touches a held message's reservation, and the ack uses the new id."""
    options = {**OPTIONS, "visibility_timeout": 2}
    ironmq.freeze()  # the reservation cannot run out while the test waits
    [message_id] = sdk.queue("jobs").post("long task")
    with Connection(broker_url(ironmq), transport_options=options) as conn:
        [message] = consume(conn, "jobs", 1)
        # IronMQ counts touches as reservations
        wait_for(
            lambda: sdk.queue("jobs").get_message_by_id(message_id).reserved_count >= 2,
            "a renewal",
        )
        message.ack()
        wait_for(lambda: sdk.queue("jobs").size() == 0, "the ack with the renewed reservation")


def test_eta_message_waits_in_ironmq_until_its_time(
    conn: Connection, ironmq: LocalServer, sdk: IronMQ
) -> None:
    """A message with a Celery `eta` header an hour ahead is posted with an IronMQ delay."""
    ironmq.freeze()
    eta = time.time() + 3600
    header = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(eta))
    producer = Producer(conn.default_channel)
    producer.publish({"task": "later"}, routing_key="jobs", headers={"eta": header})
    assert sdk.queue("jobs").size() == 1
    assert sdk.queue("jobs").reserve(1) == []
    ironmq.advance(3600)
    [reserved] = sdk.queue("jobs").reserve(1)
    assert json.loads(reserved.body)["headers"]["eta"] == header


def test_fanout_exchange_fails_clearly(conn: Connection) -> None:
    """IronMQ keeps no bindings to fan out to: declaring a fanout exchange raises, saying so."""
    with pytest.raises(UnsupportedExchangeError, match="'fanout' exchange"):
        Exchange("broadcast", type="fanout")(conn.default_channel).declare()
    assert conn.transport.implements.exchange_type == frozenset({"direct", "topic"})


def test_topic_exchange_routes_by_the_bindings_of_this_process(
    conn: Connection, sdk: IronMQ, caplog: pytest.LogCaptureFixture
) -> None:
    """A topic binding declared here routes matching keys to its IronMQ queue; others are
    dropped with one warning per exchange."""
    exchange = Exchange("reports", type="topic")
    Queue("daily", exchange, routing_key="report.daily.*")(conn.default_channel).declare()
    producer = Producer(conn.default_channel, exchange=exchange)
    producer.publish("sales", routing_key="report.daily.sales")
    assert sdk.queue("daily").size() == 1
    with caplog.at_level("WARNING", logger="ironmq_kombu"):
        producer.publish("lost", routing_key="report.weekly.sales")
        producer.publish("lost", routing_key="report.weekly.costs")
    assert sdk.queue("daily").size() == 1
    assert [r.getMessage() for r in caplog.records].count(
        "dropping messages to exchange 'reports' that no queue declared in this process is "
        "bound to (first routing key 'report.weekly.sales')"
    ) == 1


def test_consumer_survives_dropped_connections(conn: Connection, ironmq: LocalServer) -> None:
    """Dropped requests while consuming are retried with back-off; no message is lost."""
    producer = Producer(conn.default_channel)
    for i in range(3):
        producer.publish(i, routing_key="jobs")
    got: list[Any] = []
    consumer = Consumer(conn, [Queue("jobs")], callbacks=[lambda _, m: got.append(m)])
    ironmq.inject_faults(3, drop=True)  # each fails a whole reservation request
    consumer.consume()
    wait_for(lambda: _drain(conn) or len(got) == 3, "the messages")
    assert sorted(m.payload for m in got) == [0, 1, 2]
    for message in got:
        message.ack()


def _drain(conn: Connection) -> None:
    with contextlib.suppress(TimeoutError):
        conn.drain_events(timeout=0.5)


def test_late_ack_of_a_message_reserved_again_does_not_delete_it(
    conn: Connection, ironmq: LocalServer, sdk: IronMQ, caplog: pytest.LogCaptureFixture
) -> None:
    """At least once: an ack that comes after the reservation ran out (the clock moved past it
    before any renewal), when the message was reserved again meanwhile, leaves the message
    to its new delivery, and the log says so."""
    ironmq.freeze()
    [message_id] = sdk.queue("jobs").post("slow")
    [message] = consume(conn, "jobs", 1)
    ironmq.advance(61)  # past the 60 s reservation; the keeper renews only after 30 s

    def reservations() -> int:
        return sdk.queue("jobs").get_message_by_id(message_id).reserved_count

    wait_for(lambda: reservations() == 2, "the consumer to reserve the message again")
    with caplog.at_level("WARNING", logger="ironmq_kombu"):
        message.ack()
        wait_for(
            lambda: any("reserved again since" in r.getMessage() for r in caplog.records),
            "the stale ack to be reported",
        )
    assert sdk.queue("jobs").size() == 1
