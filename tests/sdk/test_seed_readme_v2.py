"""The original iron_mq_python README (shared/seeds), section by section, on IronMQ v2.

The README was written for v2 (`/1/projects`), and here it runs on it: `IRON_API_VERSION=1`,
as a user of the legacy client would configure it, and the calls verbatim (set-up apart: the
IRON_* variables point at ironmq-local, and the README's blanked-out URLs and ids are filled
in). Unlike on v3 (test_seed_readme.py), nothing needs translating: per-message `timeout`
and `expires_in` are v2's own, a message is deleted, touched and released by its id, and a
push is acknowledged by the subscriber id of its push status.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ, Message, QueueInfo, ReservedMessage

SUBSCRIBERS = ["http://mysterious-brook-1807.herokuapp.com/ironmq_push_1",
               "http://mysterious-brook-1807.herokuapp.com/ironmq_push_2"]  # fmt: skip


@pytest.fixture
def ironmq_env(ironmq: LocalServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`IronMQ()` "will try reasonable defaults": IRON_* variables for the local server, and
    IRON_API_VERSION=1 for the API the README was written for."""
    url = urlsplit(ironmq.base_url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("IRON_PROJECT_ID", ironmq.project_id)
    monkeypatch.setenv("IRON_TOKEN", ironmq.token)
    monkeypatch.setenv("IRON_HOST", url.hostname or "")
    monkeypatch.setenv("IRON_PROTOCOL", url.scheme)
    monkeypatch.setenv("IRON_PORT", str(url.port))
    monkeypatch.setenv("IRON_API_VERSION", "1")


def test_configure(ironmq_env: None, ironmq: LocalServer) -> None:
    """ironmq = IronMQ(), and the explicit form with host, protocol and port."""
    ironmq_client = IronMQ()
    assert (ironmq_client.project_id, ironmq_client.api_version) == (ironmq.project_id, 1)
    url = urlsplit(ironmq.base_url)
    explicit = IronMQ(
        host=url.hostname,
        project_id=ironmq.project_id,
        token=ironmq.token,
        protocol="http",
        port=url.port,
    )
    assert explicit.queues() == []


@pytest.fixture
def server(ironmq: LocalServer) -> LocalServer:
    """The local server, under a name the README's `ironmq = IronMQ()` leaves alone."""
    return ironmq


def test_the_basics(ironmq_env: None, server: LocalServer) -> None:
    """Listing queues, posting (per-message timeout and expiry too), getting, deleting,
    clearing, info, peek, touch, release."""
    server.freeze()  # the README's 5 s delay and 30 s release, on the server's clock
    ironmq = IronMQ()

    # Listing queues
    assert ironmq.queues() == []

    queue = ironmq.queue("test_queue")

    # Push a message(s) on the queue
    queue.post("Hello world")

    message = {
        "body": "Test Message",
        "timeout": 120,  # Timeout, in seconds. After timeout, item will be placed back on queue.
        "delay": 5,  # The item will not be available on the queue until this many seconds.
        "expires_in": 2 * 24 * 3600,  # How long, in seconds, to keep the item on the queue.
    }
    queue.post(message)

    # We can post several messages at once
    queue.post("more", "and more", "and more")
    queue.post(*[str(i) for i in range(10)])
    assert ironmq.queues() == ["test_queue"]

    # Pop a message off the queue
    msgs = queue.get(max=10, timeout=None)
    assert all(isinstance(m, ReservedMessage) for m in msgs)
    assert [m.body for m in msgs] == ["Hello world", "more", "and more", "and more"] + [
        str(i) for i in range(6)
    ]  # the delayed "Test Message" is not available yet
    assert all(m.timeout == 60 and m.reservation_id is None for m in msgs)

    # Get message by id
    message_id = msgs[0].id
    assert queue.get_message_by_id(message_id).body == "Hello world"

    # Delete a message from the queue
    queue.delete(message_id)

    # Delete multiple messages in one API call
    queue.delete_multiple(msgs[1].id, msgs[2].id)

    # Touch a message (extended by the message's own timeout), release a reserved message
    queue.touch(msgs[3].id)
    msg_id = msgs[4].id
    queue.release(msg_id, delay=30)  # message will be released after delay seconds

    # Get queue size, id, total_messages and whole info
    info = queue.info()
    assert isinstance(info, QueueInfo)
    assert queue.size() == 12
    assert queue.total_messages() == 15
    assert queue.id() == info.id
    assert info.reserved == 6  # msgs[3] and "4".."9" are still reserved, "0".."5" taken

    # Peek at messages
    msgs = queue.peek(max=10)
    assert all(isinstance(m, Message) for m in msgs)
    assert [m.body for m in msgs] == ["6", "7", "8", "9"]  # delayed/reserved ones are hidden

    # Once its delay is over, the message posted with its own timeout is reserved for it
    server.advance(5)
    (test_message,) = [m for m in queue.get(max=10) if m.body == "Test Message"]
    assert test_message.timeout == 120

    # Clear a queue
    queue.clear()
    assert queue.size() == 0

    # Delete a queue
    queue.delete_queue()
    assert ironmq.queues() == []


def test_push_queues(ironmq_env: None) -> None:
    """update(subscribers=..., push_type=...), add/remove subscribers, delete a pushed message
    by the subscriber id of its push status."""
    ironmq = IronMQ()
    queue = ironmq.queue("push_queue")

    # Update Queue Information
    queue.update(subscribers=SUBSCRIBERS, push_type="unicast")
    assert queue.info().type == "unicast"

    # Add subscribers to a push queue
    queue.add_subscribers(*["http://example.com/a", "http://example.com/b"])
    # Remove subscribers from a push queue
    queue.remove_subscribers(*["http://example.com/a", "http://example.com/b"])
    assert [s.url for s in queue.info().push.subscribers] == SUBSCRIBERS

    # Get the push statuses of a message
    (message_id,) = queue.post("pushed")
    statuses = queue.get_message_push_statuses(message_id)
    assert statuses  # a unicast message shows one status on v2
    assert all(s.url in SUBSCRIBERS for s in statuses)

    # Delete a pushed message (the subscriber ID is the push status's `id`, which a push
    # also carries as its Iron-Subscriber-Message-Id header)
    subscriber_id = statuses[0].id
    assert subscriber_id is not None
    queue.delete_message_push_status(message_id, subscriber_id)


def test_pull_queue_alerts(ironmq_env: None) -> None:
    """add_alerts, update_alerts, remove_alerts, remove_alert."""
    ironmq = IronMQ()
    queue = q = ironmq.queue("alerted")
    queue.post("x")

    # Add alerts to a queue
    fixed_desc_alert = {"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"}
    progressive_asc_alert = {
        "type": "progressive", "direction": "asc", "trigger": 10000, "queue": "q"
    }  # fmt: skip
    queue.add_alerts(*[fixed_desc_alert, progressive_asc_alert])

    # Update alerts in a queue
    progressive_asc_alert = {
        "type": "progressive", "direction": "asc", "trigger": 5000, "queue": "q"
    }  # fmt: skip
    queue.update_alerts(*[progressive_asc_alert])

    # Remove alerts from a queue
    alert_ids = [a.id for a in queue.info().alerts if a.id]
    q.remove_alerts(*alert_ids)

    # Remove single alert from a queue
    queue.add_alerts(fixed_desc_alert)
    alert_id = queue.info().alerts[0].id
    assert alert_id is not None
    queue.remove_alert(alert_id)
    assert queue.info().alerts == ()
