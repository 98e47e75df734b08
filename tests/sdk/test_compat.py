"""`ironmq_sdk.compat`: the legacy iron_mq API and dict shapes, on v3."""

from __future__ import annotations

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import InvalidArgumentError, UnsupportedArgumentError
from ironmq_sdk.compat import IronMQ, Queue


@pytest.fixture
def legacy(ironmq: LocalServer) -> IronMQ:
    """A legacy client; `cloud=` is iron_core's one-URL setting."""
    return IronMQ(project_id=ironmq.project_id, token=ironmq.token, cloud=ironmq.base_url)


def test_legacy_walkthrough_returns_legacy_dicts(legacy: IronMQ) -> None:
    """post/get/delete/touch/release/peek/info return the shapes iron_mq returned."""
    queue = legacy.queue("test_queue")
    assert isinstance(queue, Queue)
    posted = queue.post("Hello world", {"body": "two"}, "three")
    assert posted["msg"] == "Messages put on queue."
    assert len(posted["ids"]) == 3
    got = queue.get(max=2)
    assert set(got) == {"messages"}
    first, second = got["messages"]
    assert set(first) == {"id", "body", "reserved_count", "reservation_id"}
    assert queue.get_message_by_id(first["id"]) == {
        "id": first["id"],
        "body": "Hello world",
        "reserved_count": 1,
    }
    assert queue.touch(first["id"])["msg"] == "Touched"
    assert queue.delete(first["id"]) == {"msg": "Deleted"}
    assert queue.release(second["id"], 0) == {"msg": "Released"}  # 0.7: release(id, delay)
    peeked = queue.peek(max=10)
    assert [m["body"] for m in peeked["messages"]] == ["two", "three"]
    info = queue.info()
    assert info["name"] == "test_queue"
    assert info["size"] == 2
    assert info["total_messages"] == 3
    assert queue.size() == 2
    assert queue.total_messages() == 3
    assert queue.id() == info["id"]
    reserved = queue.reserve(max=2)
    assert queue.delete_multiple(messages=reserved) == {"msg": "Deleted"}
    assert queue.clear() == {"msg": "Cleared"}
    assert legacy.queues() == ["test_queue"]
    assert queue.delete_queue() == {"msg": "Deleted"}


def test_delete_multiple_both_legacy_forms(legacy: IronMQ) -> None:
    """0.7's delete_multiple(id, id) and 0.9's delete_multiple(ids=[...])."""
    queue = legacy.queue("q")
    a, b, c = queue.post("a", "b", "c")["ids"]
    queue.delete_multiple(a, b)
    queue.delete_multiple(ids=[c])
    assert queue.size() == 0


def test_legacy_update_and_subscribers(legacy: IronMQ) -> None:
    """update(subscribers=[urls], push_type=...) (0.7) and update({...}) (0.9)."""
    queue = legacy.queue("push")
    info = queue.update(subscribers=["http://a.example.com/"], push_type="multicast")
    assert info["type"] == "multicast"
    assert info["push"]["subscribers"][0]["url"] == "http://a.example.com/"
    assert queue.add_subscribers("http://b.example.com/") == {"msg": "Updated"}
    assert queue.add_subscribers({"name": "c", "url": "http://c.example.com/"}) == {
        "msg": "Updated"
    }
    assert queue.remove_subscribers("http://b.example.com/", "c") == {"msg": "Updated"}
    assert queue.replace_subscribers({"name": "d", "url": "http://d.example.com/"})["msg"] == (
        "Updated"
    )
    assert queue.update({"push": {"retries": 7}})["push"]["retries"] == 7
    created = legacy.create_queue("made", {"message_timeout": 33})
    assert created["message_timeout"] == 33
    assert legacy.update_queue("made", {"message_timeout": 44})["message_timeout"] == 44


def test_deprecated_camel_case_names_warn_and_work(legacy: IronMQ) -> None:
    """getQueues, postMessage, getMessage, deleteMessage, getQueueDetails, clearQueue."""
    with pytest.warns(DeprecationWarning, match="deprecated"):
        posted = legacy.postMessage("old", ["a", "b"])
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert legacy.getQueues() == ["old"]
    with pytest.warns(DeprecationWarning, match="deprecated"):
        got = legacy.getMessage("old", max=1)
    with pytest.warns(DeprecationWarning, match="deprecated"):
        legacy.deleteMessage("old", got["messages"][0]["id"])
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert legacy.getQueueDetails("old")["size"] == 1
    with pytest.warns(DeprecationWarning, match="deprecated"):
        assert legacy.clearQueue("old") == {"msg": "Cleared"}
    assert len(posted["ids"]) == 2


def test_page_is_refused_with_advice(legacy: IronMQ) -> None:
    """v3 lists by name: `page=` explains what to pass instead."""
    with pytest.raises(UnsupportedArgumentError, match="previous"):
        legacy.queues(page=1)


def test_push_statuses_dict_of_a_pull_message(legacy: IronMQ) -> None:
    """get_message_push_statuses returns {"subscribers": [...]}."""
    queue = legacy.queue("p")
    (mid,) = queue.post("x")["ids"]
    assert queue.get_message_push_statuses(mid) == {"subscribers": []}


def test_legacy_settings_dicts_are_checked_and_dead_letters_removable(legacy: IronMQ) -> None:
    """The v3 settings dict becomes typed settings: dead letters set and removed, typos refused."""
    info = legacy.create_queue("dl", {"dead_letter": {"queue_name": "dl-dead"}})
    assert info["dead_letter"] == {"queue_name": "dl-dead", "max_reservations": 10}
    assert "dead_letter" not in legacy.update_queue("dl", {"dead_letter": {"queue_name": ""}})
    with pytest.raises(InvalidArgumentError, match="unknown queue setting"):
        legacy.update_queue("dl", {"message_timout": 30})
    with pytest.raises(InvalidArgumentError, match=r"push\.retry"):
        legacy.update_queue("dl", {"push": {"retry": 3}})
