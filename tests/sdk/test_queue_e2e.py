"""Every queue and client method end to end against ironmq-local, sync and async, on IronMQ v3
and v2 (`client`), or on v3 alone where v2 has no such thing (`client_v3`; v2's own behaviour
is in test_queue_v2.py)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    DeadLetter,
    InvalidArgumentError,
    Message,
    MessageNotFoundError,
    PushMessage,
    QueueInfo,
    QueueNotFoundError,
    ReservationExpiredError,
    ReservedMessage,
    Subscriber,
    UnsupportedArgumentError,
)

PUSH_URLS = ["http://push.example.com/a", "http://push.example.com/b"]


def test_post_returns_ids_in_order_and_creates_queue(client: Any) -> None:
    """post() takes strings and dicts, returns the ids, and creates a pull queue."""
    q = client.queue("orders")
    ids = q.post("one", {"body": "two", "delay": 0}, "three")
    assert len(ids) == 3
    assert all(isinstance(i, str) and i.isdigit() for i in ids)
    assert [m.body for m in q.peek(max=3)] == ["one", "two", "three"]
    info = q.info()
    assert isinstance(info, QueueInfo)
    assert (info.name, info.type, info.size, info.total_messages) == ("orders", "pull", 3, 3)


def test_post_more_than_100_is_split_and_combined(client: Any) -> None:
    """250 messages go out in three requests; all ids come back in order."""
    q = client.queue("bulk")
    ids = q.post(*[f"m{i}" for i in range(250)])
    assert len(ids) == 250
    assert len(set(ids)) == 250
    assert q.size() == 250
    q.delete_multiple(*ids)
    assert q.size() == 0


def test_reserve_get_peek_and_reservation_fields(client: Any) -> None:
    """reserve/get hand out ReservedMessages; peek shows only available ones."""
    q = client.queue("r")
    q.post("a", "b", "c")
    first = q.reserve(n=1)
    assert len(first) == 1
    assert isinstance(first[0], ReservedMessage)
    assert first[0].reserved_count == 1
    # v3 hands out a reservation id; v2 has none (a message is named by its id alone)
    assert (first[0].reservation_id is not None) == (client.api_version == 3)
    rest = q.get(max=10, timeout=None)
    assert [m.body for m in rest] == ["b", "c"]
    assert q.peek(max=10) == []
    assert q.reserve(n=5) == []


def test_reserve_with_delete_removes_the_messages(client: Any) -> None:
    """reserve(delete=True) takes messages off the queue."""
    q = client.queue("dq")
    q.post("x")
    got = q.reserve(1, delete=True)
    assert [m.body for m in got] == ["x"]
    assert q.size() == 0


def test_get_message_by_id(client: Any) -> None:
    """get_message_by_id returns a plain Message; unknown ids are MessageNotFoundError."""
    q = client.queue("g")
    (mid,) = q.post("hello")
    message = q.get_message_by_id(mid)
    if client.api_version == 3:
        assert message == Message(id=mid, body="hello", reserved_count=0)
    else:  # v2 also says the message's own timeout and where it stands
        assert message == Message(mid, "hello", 0, timeout=60, status="queued")
    with pytest.raises(MessageNotFoundError):
        q.get_message_by_id("1234567890")


def test_delete_touch_release_use_remembered_reservations(client: Any) -> None:
    """delete(id), touch(id) and release(id) work after get() without a reservation id."""
    q = client.queue("mem")
    q.post("a", "b", "c")
    a, b, c = q.get(max=3)
    new_rid = q.touch(a.id)
    if client.api_version == 3:
        assert new_rid != a.reservation_id
    else:
        assert new_rid is None  # v2 has no reservation ids to renew
    q.delete(a.id)  # uses the touched reservation (v3)
    q.release(b.id, delay=0)
    q.delete(c)  # a ReservedMessage carries its reservation
    assert [m.body for m in q.peek(max=5)] == ["b"]
    assert q.size() == 1


def test_explicit_reservation_id_and_stale_one(client_v3: Any) -> None:
    """An explicit reservation_id= wins; a superseded one is ReservationExpiredError."""
    q = client_v3.queue("explicit")
    q.post("a")
    (m,) = q.reserve()
    newer = q.touch(m.id, reservation_id=m.reservation_id, timeout=30)
    with pytest.raises(ReservationExpiredError) as info:
        q.delete(m.id, reservation_id=m.reservation_id)
    assert info.value.status == 403
    assert "Reservation timed out" in info.value.msg
    q.delete(m.id, reservation_id=newer)
    assert q.size() == 0


def test_touch_without_known_reservation_is_rejected_before_sending(client_v3: Any) -> None:
    """touch()/release() of a message this queue never reserved name the missing argument."""
    q = client_v3.queue("unknown")
    with pytest.raises(InvalidArgumentError, match="reservation_id"):
        q.touch("123")
    with pytest.raises(InvalidArgumentError, match="reservation_id"):
        q.release("123")


def test_reservations_are_shared_between_queue_objects_of_a_name(client: Any) -> None:
    """client.queue(name) twice: the second object can delete what the first reserved."""
    client.queue("shared").post("x")
    (m,) = client.queue("shared").get()
    client.queue("shared").delete(m.id)
    assert client.queue("shared").size() == 0


def test_release_with_delay_hides_the_message(client: Any) -> None:
    """release(id, delay=30) keeps the message out of sight (but in the size)."""
    q = client.queue("rel")
    q.post("x")
    (m,) = q.get()
    q.release(m.id, delay=30)
    assert q.peek() == []
    assert q.size() == 1


def test_delete_multiple_with_ids_and_messages(client: Any) -> None:
    """delete_multiple takes ids and message objects; an empty call never clears."""
    q = client.queue("multi")
    ids = q.post("a", "b", "c", "d")
    reserved = q.reserve(2)
    q.delete_multiple(*reserved)
    q.delete_multiple(ids[2], ids[3])
    assert q.size() == 0
    q.post("keep")
    with pytest.raises(InvalidArgumentError, match="clear"):
        q.delete_multiple()
    assert q.size() == 1


def test_clear_and_delete_queue(client: Any) -> None:
    """clear() empties a queue, reserved messages included; delete_queue() removes it."""
    q = client.queue("c")
    q.post("a", "b")
    q.get()
    q.clear()
    assert q.size() == 0
    q.delete_queue()
    with pytest.raises(QueueNotFoundError):
        q.info()


def test_info_size_total_messages_id(client: Any) -> None:
    """The counters and the queue id."""
    q = client.queue("counts")
    q.post("a", "b")
    (m,) = q.get()
    q.delete(m.id)
    assert q.size() == 1
    assert q.total_messages() == 2
    qid = q.id()
    assert isinstance(qid, str)
    assert len(qid) == 24


def test_queues_pagination_and_iterator(client_v3: Any) -> None:
    """queues() is one page; iter_queues() walks every page, optionally by prefix."""
    client = client_v3
    names = [f"q{i:03d}" for i in range(7)] + ["other"]
    for name in names:
        client.queue(name).post("x")
    assert client.queues() == sorted(names)
    assert client.queues(per_page=3) == ["other", "q000", "q001"]
    assert client.queues(per_page=2, previous="q001") == ["q002", "q003"]
    assert client.queues(prefix="q00", per_page=100) == [f"q{i:03d}" for i in range(7)]
    assert list(client.iter_queues(per_page=2)) == sorted(names)
    assert list(client.iter_queues(prefix="q", per_page=3)) == names[:7]


def test_create_update_and_delete_queue_from_the_client(client_v3: Any) -> None:
    """create_queue (PUT), update_queue (PATCH), delete_queue on the client."""
    client = client_v3
    info = client.create_queue("made", message_timeout=30, message_expiration=3600)
    assert (info.message_timeout, info.message_expiration, info.type) == (30, 3600, "pull")
    info = client.update_queue("made", message_timeout=45)
    assert (info.message_timeout, info.message_expiration) == (45, 3600)
    client.delete_queue("made")
    with pytest.raises(QueueNotFoundError):
        client.queue("made").info()
    with pytest.raises(QueueNotFoundError):
        client.update_queue("missing", message_timeout=45)


def test_queue_create_and_update_queue(client_v3: Any) -> None:
    """Queue.create and Queue.update_queue keep settings that are not named."""
    q = client_v3.queue("settings")
    q.create(message_timeout=20)
    info = q.update_queue(message_expiration=7200)
    assert (info.message_timeout, info.message_expiration) == (20, 7200)


def test_dead_letter_settings(client_v3: Any) -> None:
    """set_dead_letter/remove_dead_letter, and a message moved after max_reservations."""
    client = client_v3
    q = client.queue("work")
    q.post("poison")
    info = q.set_dead_letter("dead", max_reservations=1)
    assert info.dead_letter == DeadLetter("dead", 1)
    (m,) = q.reserve(timeout=1)
    q.release(m.id)
    assert q.reserve() == []  # the second reservation moves it instead
    assert [x.body for x in client.queue("dead").peek()] == ["poison"]
    assert q.remove_dead_letter().dead_letter is None


def test_create_push_queue_and_subscribers(client_v3: Any) -> None:
    """Push queues: create with subscribers; add, replace and remove them (URLs or names)."""
    q = client_v3.queue("push")
    info = q.create(type="multicast", subscribers=[PUSH_URLS[0]], retries=2)
    assert info.type == "multicast"
    assert info.push is not None
    assert [s.url for s in info.push.subscribers] == [PUSH_URLS[0]]
    q.add_subscribers(PUSH_URLS[1], {"name": "named", "url": "http://push.example.com/n"})
    subs = q.info().push.subscribers
    assert {s.url for s in subs} == {*PUSH_URLS, "http://push.example.com/n"}
    q.remove_subscribers(PUSH_URLS[0], "named")
    assert [s.url for s in q.info().push.subscribers] == [PUSH_URLS[1]]
    q.replace_subscribers(Subscriber("only", "http://push.example.com/only", {"X-A": "1"}))
    (only,) = q.info().push.subscribers
    assert only == Subscriber("only", "http://push.example.com/only", {"X-A": "1"})
    with pytest.raises(InvalidArgumentError, match="no subscriber with URL"):
        q.remove_subscribers("http://nowhere.example.com/")


def test_legacy_update_creates_push_queue_and_refuses_type_change(client_v3: Any) -> None:
    """update(subscribers=URLs, push_type=...) creates a push queue; a new type is refused."""
    client = client_v3
    q = client.queue("legacy_push")
    info = q.update(subscribers=PUSH_URLS, push_type="unicast")
    assert info.type == "unicast"
    assert [s.url for s in info.push.subscribers] == PUSH_URLS
    info = q.update(subscribers=[PUSH_URLS[0]], retries=5)
    assert [s.url for s in info.push.subscribers] == [PUSH_URLS[0]]
    assert info.push.retries == 5
    with pytest.raises(UnsupportedArgumentError, match="cannot change a queue's type"):
        q.update(push_type="multicast")
    client.queue("pullq").post("x")
    with pytest.raises(UnsupportedArgumentError, match="create_queue"):
        client.queue("pullq").update(subscribers=PUSH_URLS, push_type="multicast")


def test_push_statuses_of_a_pull_queue_message_are_empty(client: Any) -> None:
    """A pull queue's message has no push statuses."""
    q = client.queue("p")
    (mid,) = q.post("x")
    assert q.get_message_push_statuses(mid) == []


def test_push_statuses_of_a_push_queue_message(client: Any) -> None:
    """A push queue's message has one status per subscriber."""
    q = client.queue("pushing")
    q.create(type="multicast", subscribers=PUSH_URLS)
    (mid,) = q.post("x")
    statuses = q.get_message_push_statuses(mid)
    assert {s.url for s in statuses} == set(PUSH_URLS)


def test_acknowledge_push_and_delete_message_push_status(client_v3: Any) -> None:
    """Acknowledging a 202 push deletes the message with reservation and subscriber name."""
    q = client_v3.queue("acks")
    q.post("a", "b")
    a, b = q.reserve(2)
    push = PushMessage.from_request(
        {
            "Iron-Message-Id": a.id,
            "Iron-Reservation-Id": a.reservation_id,
            "Iron-Subscriber-Name": "worker",
            "Iron-Subscriber-Message-Url": f"http://x/3/projects/p/queues/acks/messages/{a.id}",
        },
        b"a",
    )
    assert push.queue_name == "acks"
    q.acknowledge(push)
    q.delete_message_push_status(b.id, "worker", reservation_id=b.reservation_id)
    assert q.size() == 0


WEBHOOK = {3: ("/3/projects/", "/queues/hook/webhook", 201),
           1: ("/1/projects/", "/queues/hook/messages/webhook", 200)}  # fmt: skip
"""Where each version's webhook is, and what it answers."""


def test_post_webhook_and_webhook_url(client: Any, ironmq: LocalServer) -> None:
    """post_webhook posts the raw body; webhook_url works without any header."""
    q = client.queue("hook")
    mid = q.post_webhook(b'{"raw": true}')
    assert q.get_message_by_id(mid).body == '{"raw": true}'
    url = q.webhook_url()
    prefix, path, status = WEBHOOK[client.api_version]
    assert url.startswith(f"{ironmq.base_url}{prefix}")
    assert url.endswith(f"{path}?oauth={ironmq.token}")
    assert "oauth" not in q.webhook_url(include_token=False)
    assert httpx.post(url, content=b"from outside").status_code == status
    assert q.size() == 2


def test_post_webhook_with_push_headers(client_v3: Any) -> None:
    """post_webhook(push_headers=...) sends them as X-Subscribers-* (a v3 feature)."""
    q = client_v3.queue("hook")
    mid = q.post_webhook("x", push_headers={"X-Kind": "test"})
    assert q.get_message_by_id(mid).body == "x"


def test_alerts(client: Any) -> None:
    """add_alerts, update_alerts, remove_alerts and remove_alert."""
    q = client.queue("alerted")
    q.post("x")
    q.add_alerts({"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"})
    q.update_alerts(
        {"type": "progressive", "direction": "asc", "trigger": 5000, "queue": "q"},
        {"type": "fixed", "direction": "asc", "trigger": 10, "queue": "q"},
    )
    alerts = q.info().alerts
    assert len(alerts) == 2
    q.remove_alerts(alerts[0].id)
    q.remove_alert(alerts[1])
    assert q.info().alerts == ()


def test_with_options_shares_reservations(client: Any) -> None:
    """with_options returns a view with other HTTP settings and the same reservations."""
    q = client.queue("opts")
    q.post("x")
    (m,) = q.get()
    fast = q.with_options(timeout=10, max_retries=0)
    fast.delete(m.id)
    assert client.with_options(max_retries=1).queue("opts").size() == 0
