"""`ironmq_sdk.compat` with `api_version=1`: the legacy iron_mq 0.4-0.7 client, on IronMQ v2.

Like iron_core, `IronMQ(api_version=1)` speaks v2 (`/1/projects`) and every call answers
with the dict the v2 service answered, which is what those clients returned: the seed
README's calls, section by section. On v3 (the default) the same calls are translated; what
differs there is pinned at the end.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import UnsupportedArgumentError
from ironmq_sdk.compat import IronMQ

SUBSCRIBERS = ["http://push.example.com/1", "http://push.example.com/2"]


@pytest.fixture
def legacy(ironmq: LocalServer) -> Iterator[IronMQ]:
    """The legacy client on v2, configured as iron_core was (`api_version=1`, `cloud=`)."""
    with IronMQ(
        project_id=ironmq.project_id, token=ironmq.token, cloud=ironmq.base_url, api_version=1
    ) as client:
        yield client


def test_the_basics_answer_v2_dicts(legacy: IronMQ) -> None:
    """post/get/get_message_by_id/touch/release/peek/info/clear/delete_queue, v2's dicts."""
    assert legacy.client.api_version == 1
    queue = legacy.queue("test_queue")
    message = {"body": "Test Message", "timeout": 120, "delay": 0, "expires_in": 172800}
    posted = queue.post("Hello world", message)
    assert posted["msg"] == "Messages put on queue."
    first, second = queue.get(max=10, timeout=None)["messages"]
    assert first == {"id": posted["ids"][0], "body": "Hello world", "timeout": 60,
                     "reserved_count": 1}  # fmt: skip
    assert second["timeout"] == 120  # the message's own
    assert queue.get_message_by_id(first["id"])["status"] == "reserved"
    assert queue.touch(first["id"]) == {"msg": "Touched", "reservation_id": None}
    assert queue.release(second["id"], 0) == {"msg": "Released"}  # 0.7: release(id, delay)
    assert queue.delete(first["id"]) == {"msg": "Deleted"}
    assert [m["body"] for m in queue.peek(max=10)["messages"]] == ["Test Message"]
    info = queue.info()
    assert set(info) == {"id", "project_id", "name", "size", "total_messages", "reserved"}
    assert (info["size"], info["total_messages"], info["reserved"]) == (1, 2, 0)
    assert legacy.queues(page=0) == ["test_queue"]
    assert queue.clear() == {"msg": "Cleared"}
    assert queue.delete_queue() == {"msg": "Deleted."}


def test_push_queues_answer_v2_dicts(legacy: IronMQ) -> None:
    """update(subscribers, push_type), add/remove subscribers (the queue back), push statuses
    with the subscriber `id` that delete_message_push_status takes."""
    queue = legacy.queue("push_queue")
    info = queue.update(subscribers=SUBSCRIBERS, push_type="unicast")
    assert info["push_type"] == "unicast"
    assert info["subscribers"] == [{"url": u} for u in SUBSCRIBERS]
    assert not {"push", "type"} & set(info)
    added = queue.add_subscribers("http://example.com/a")
    assert [s["url"] for s in added["subscribers"]] == [*SUBSCRIBERS, "http://example.com/a"]
    removed = queue.remove_subscribers("http://example.com/a")
    assert [s["url"] for s in removed["subscribers"]] == SUBSCRIBERS
    (message_id,) = queue.post("pushed")["ids"]
    (status,) = queue.get_message_push_statuses(message_id)["subscribers"]
    assert {"id", "url", "status", "retries_remaining"} <= set(status)
    assert "name" not in status
    assert queue.delete_message_push_status(message_id, status["id"]) == {"msg": "Deleted"}


def test_alerts_answer_as_the_seed_clients_tests_assert(legacy: IronMQ) -> None:
    """add_alerts/update_alerts answer `Updated`, remove_alerts/remove_alert `Deleted`."""
    queue = legacy.queue("alerted")
    queue.post("x")
    fixed = {"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"}
    progressive = {"type": "progressive", "direction": "asc", "trigger": 10000, "queue": "q"}
    assert queue.add_alerts(fixed, progressive) == {"msg": "Updated"}
    assert queue.update_alerts(progressive) == {"msg": "Updated"}
    (alert,) = queue.info()["alerts"]
    assert queue.remove_alerts(alert["id"]) == {"msg": "Deleted"}
    queue.add_alerts(fixed)
    assert queue.remove_alert(queue.info()["alerts"][0]["id"]) == {"msg": "Deleted"}


def test_on_v3_a_per_message_timeout_raises_what_to_do_instead(ironmq: LocalServer) -> None:
    """The default (api_version 3) translates the v2 calls, and says what it cannot: a
    message's own `timeout`/`expires_in` (compat's module doc lists every difference)."""
    v3 = IronMQ(project_id=ironmq.project_id, token=ironmq.token, cloud=ironmq.base_url)
    queue = v3.queue("q")
    with pytest.raises(UnsupportedArgumentError) as info:
        queue.post({"body": "x", "timeout": 120})
    assert str(info.value) == (
        "messages[0].timeout: IronMQ v3 has no per-message timeout. Set the queue's "
        "message_timeout (create_queue/update_queue) or pass timeout= to reserve()/get()"
    )
    with pytest.raises(UnsupportedArgumentError, match="no per-message expiration"):
        queue.post({"body": "x", "expires_in": 60})
    assert set(queue.post("x")) == {"ids", "msg"}
    assert queue.add_alerts({"type": "fixed", "trigger": 5, "queue": "q"}) == {
        "msg": "Alerts were added."
    }
    v3.close()
