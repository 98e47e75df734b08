"""What is IronMQ v2's own, end to end against ironmq-local's `/1/projects`, sync and async.

The calls v2 shares with v3 run on both in test_queue_e2e.py; here: what v2 answers that
v3 does not (per-message timeouts, page numbers, type changes, subscribers by URL, pushes
acknowledged by subscriber id), the values the SDK gives for what v2 lacks (README, "IronMQ
v2"), and every call v2 cannot make failing with a typed error that names the version
before anything is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import (
    Alert,
    InvalidArgumentError,
    MessageNotFoundError,
    PushMessage,
    PushStatus,
    Subscriber,
    UnsupportedArgumentError,
    UnsupportedOperationError,
)

from ..local.subscribers import Subscriber as Endpoint
from ..local.subscribers import subscribers, wait_until
from .conftest import SPEC, connect

URLS = ["http://push.example.com/a", "http://push.example.com/b"]

REFUSED: list[tuple[str, Callable[[Any], Any], type[Exception], str]] = [
    ("message_timeout", lambda c: c.create_queue("q", message_timeout=30),
     UnsupportedArgumentError, "IronMQ v2 queues have no message_timeout"),
    ("message_expiration", lambda c: c.queue("q").update_queue(message_expiration=60),
     UnsupportedArgumentError, "IronMQ v2 queues have no message_expiration"),
    ("dead letters", lambda c: c.queue("q").set_dead_letter("dlq"),
     UnsupportedArgumentError, "IronMQ v2 has no dead-letter queues"),
    ("dead letters off", lambda c: c.queue("q").remove_dead_letter(),
     UnsupportedOperationError, "IronMQ v2 cannot do this"),
    ("alerts as a setting", lambda c: c.queue("q").create(alerts=[]),
     UnsupportedArgumentError, "add_alerts"),
    ("previous", lambda c: c.queues(previous="a"), UnsupportedArgumentError, "page="),
    ("prefix", lambda c: c.queues(prefix="a"), UnsupportedArgumentError, "prefix"),
    ("push headers", lambda c: c.queue("q").post({"body": "x", "push_headers": {"X-A": "1"}}),
     UnsupportedArgumentError, "no per-message push headers"),
    ("webhook push headers", lambda c: c.queue("q").post_webhook("x", push_headers={"X": "1"}),
     UnsupportedArgumentError, "push headers"),
    ("touch timeout", lambda c: c.queue("q").touch("1", timeout=60),
     UnsupportedArgumentError, "message's own timeout"),
    ("short reservation", lambda c: c.queue("q").reserve(timeout=10),
     InvalidArgumentError, "30 to 86400"),
    ("short message timeout", lambda c: c.queue("q").post({"body": "x", "timeout": 10}),
     InvalidArgumentError, "30 to 86400"),
    ("ack by subscriber", lambda c: c.queue("q").delete_message_push_status("1", Subscriber("a", "http://a")),
     UnsupportedArgumentError, "push status's id"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "call", "error", "says"), REFUSED, ids=[r[0] for r in REFUSED])
def test_what_v2_cannot_do_is_refused_before_sending(
    client_v2: Any, what: str, call: Callable[[Any], Any], error: type[Exception], says: str
) -> None:
    """Each v3-only call raises a typed error naming IronMQ v2, and sends nothing."""
    sent = SPEC.requests_checked
    with pytest.raises(error, match=says) as info:
        call(client_v2)
    assert "v2" in str(info.value) or error is InvalidArgumentError
    assert SPEC.requests_checked == sent


def test_messages_carry_their_own_timeout_and_expiry(client_v2: Any) -> None:
    """post() takes v2's per-message `timeout`, `delay` and `expires_in`; a get says the
    reservation's timeout, and the message (by id) its status."""
    q = client_v2.queue("own")
    (mid, _) = q.post({"body": "a", "timeout": 120, "delay": 0, "expires_in": 3600}, "b")
    first, second = q.reserve(n=2)
    assert (first.id, first.timeout, first.reservation_id) == (mid, 120, None)
    assert second.timeout == 60  # a message posted without one gets 60 s
    assert q.get_message_by_id(mid).status == "reserved"
    (again,) = q.post("c")
    (got,) = q.reserve(timeout=45)
    assert (got.id, got.timeout) == (again, 45)  # a get's timeout wins for that reservation


def test_timed_out_messages_go_to_the_end(client_v2: Any, ironmq: LocalServer) -> None:
    """v2's rule (its spec's decision 4): a reservation that runs out sends the message after
    the ones waiting, where v3 keeps its place."""
    ironmq.freeze()
    q = client_v2.queue("order")
    a, b = q.post({"body": "a", "timeout": 30}, "b")
    assert [m.id for m in q.reserve()] == [a]
    ironmq.advance(31)
    assert [m.id for m in q.reserve(n=2)] == [b, a]


def test_touch_and_release_need_no_reservation_id(client_v2: Any) -> None:
    """A v2 message is named by its id alone: touch returns None, release works from any
    queue object, and releasing a message nobody reserved succeeds (v2's decision 7)."""
    q = client_v2.queue("ids")
    (mid,) = q.post("x")
    client_v2.queue("ids").release(mid)
    (m,) = q.reserve()
    assert client_v2.queue("ids").touch(m.id) is None
    client_v2.queue("ids").release(m.id, delay=0)
    assert [x.id for x in q.peek()] == [mid]
    with pytest.raises(MessageNotFoundError):
        q.touch("1234567890")


def test_queue_info_says_what_v2_lacks_as_the_defaults_a_message_gets(client_v2: Any) -> None:
    """v2 queues have no timeout or expiration: 60 and 604800, what a message gets; `reserved`
    counts reserved messages; the project is the client's."""
    q = client_v2.queue("info")
    q.post("a", "b")
    q.reserve()
    info = q.info()
    assert (info.message_timeout, info.message_expiration) == (60, 604_800)
    assert (info.type, info.size, info.total_messages, info.reserved) == ("pull", 2, 2, 1)
    assert info.project_id == client_v2.project_id
    assert info.id is not None
    assert info.dead_letter is None


def test_queues_page_by_number(client_v2: Any) -> None:
    """queues(page=, per_page=) pages by number; iter_queues walks the pages."""
    names = sorted(f"q{i}" for i in range(5))
    for name in names:
        client_v2.queue(name).post("x")
    assert client_v2.queues(per_page=2, page=1) == names[2:4]
    assert client_v2.queues(per_page=2, page=5) == []
    assert list(client_v2.iter_queues(per_page=2)) == names


def test_push_type_changes_and_subscribers_by_url(client_v2: Any) -> None:
    """update(subscribers, push_type) creates and changes a push queue (v2 may change a
    queue's type); subscribers are known by URL, which is also their name."""
    q = client_v2.queue("pushy")
    info = q.update(subscribers=URLS, push_type="unicast")
    assert info.type == "unicast"
    assert info.push is not None
    assert [(s.name, s.url) for s in info.push.subscribers] == [(u, u) for u in URLS]
    assert q.update(push_type="multicast", retries=5).push.retries == 5
    assert q.info().type == "multicast"
    q.add_subscribers("http://push.example.com/c")
    q.remove_subscribers(URLS[0], Subscriber("ignored", URLS[1]))
    assert [s.url for s in q.info().push.subscribers] == ["http://push.example.com/c"]
    q.replace_subscribers(Subscriber("named", "http://push.example.com/d", {"X-A": "1"}))
    (only,) = q.info().push.subscribers
    assert only == Subscriber(
        "http://push.example.com/d", "http://push.example.com/d", {"X-A": "1"}
    )
    assert q.update(push_type="pull").type == "pull"


def test_alerts_have_their_own_calls(client_v2: Any) -> None:
    """add_alerts, update_alerts, remove_alerts, remove_alert on v2."""
    q = client_v2.queue("alerted")
    q.post("x")
    q.add_alerts(Alert("fixed", 10, "q", "desc"))
    q.update_alerts({"type": "progressive", "trigger": 5, "queue": "q"})
    (alert,) = q.info().alerts
    assert (alert.type, alert.trigger, alert.direction, alert.snooze) == (
        "progressive",
        5,
        "asc",
        0,
    )
    q.add_alerts({"type": "fixed", "trigger": 3, "queue": "q"})
    first, second = q.info().alerts
    q.remove_alerts(first)
    q.remove_alert(second.id or "")
    assert q.info().alerts == ()


@pytest.fixture
def endpoint() -> Iterator[Callable[..., Endpoint]]:
    """Loopback push subscribers (tests/local/subscribers.py)."""
    yield from subscribers()


def test_a_push_answered_202_is_acknowledged_by_its_subscriber_id(
    client_v2: Any, endpoint: Callable[..., Endpoint]
) -> None:
    """A subscriber answers 202, reads the push with PushMessage.from_request and
    acknowledges it: v2 does that by `Iron-Subscriber-Message-Id`, the push status's `id`."""
    first, second = endpoint(default=202), endpoint(default=202)
    q = client_v2.queue("acked")
    q.update(subscribers=[first.url, second.url], push_type="multicast")
    (mid,) = q.post("work")
    (received,) = first.wait_for(1)
    second.wait_for(1)
    push = PushMessage.from_request(received.headers, received.body)
    assert (push.message_id, push.body) == (mid, "work")
    assert push.subscriber_message_id is not None

    def statuses() -> list[PushStatus] | None:
        found: list[PushStatus] = q.get_message_push_statuses(mid)
        return found if all(s.status == "reserved" for s in found) else None

    held = wait_until(statuses, "both pushes held (202)")
    assert {s.name for s in held} == {first.url, second.url}  # v2 names them by URL
    assert all(s.tries is None and s.id for s in held)
    q.acknowledge(push)
    by_url = {s.url: s for s in q.get_message_push_statuses(mid)}
    assert by_url[first.url].id == push.subscriber_message_id
    assert by_url[first.url].status == "deleted"
    q.delete_message_push_status(mid, by_url[second.url])  # a PushStatus names itself
    assert {s.status for s in q.get_message_push_statuses(mid)} == {"deleted"}


def test_a_v3_reserved_message_object_works_on_v2(client_v2: Any, ironmq: LocalServer) -> None:
    """A message is one message whichever protocol touches it: reserved through v3, it can
    be deleted through v2, which sends no reservation id."""
    with connect(ironmq) as v3:
        (mid,) = v3.queue("both").post("x")
        (m,) = v3.queue("both").reserve()
    assert (m.id, bool(m.reservation_id)) == (mid, True)
    client_v2.queue("both").delete(m)
    assert client_v2.queue("both").size() == 0
