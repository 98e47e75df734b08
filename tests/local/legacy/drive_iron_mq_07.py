"""Drive the legacy `iron-mq==0.7` PyPI client (v2, the seed README's client) against
ironmq-local's `/1/`, calling everything its README shows, configured as the README says.

Run with the Python of a scratch venv that has iron-mq 0.7 (and iron_core) installed:
    python drive_iron_mq_07.py HOST PORT PROJECT_ID TOKEN OK_URL SLOW_URL
OK_URL answers pushes with 200, SLOW_URL with 202. Exits non-zero with a traceback on the
first mismatch; prints OK at the end.
"""

# ruff: noqa: PT017, PT018  (a plain script for another interpreter: no pytest there)

import sys
import time
import urllib
import urllib.parse

# A Python-2-only line in iron_mq 0.7's own code: IronMQ.queues() calls urllib.urlencode,
# which Python 3 has as urllib.parse.urlencode. Shimmed here, not bent in the server.
urllib.urlencode = urllib.parse.urlencode

import requests  # noqa: E402
from iron_mq import IronMQ  # noqa: E402

host, port, project_id, token, ok_url, slow_url = sys.argv[1:7]


def until(probe, what):
    """Poll `probe` (real time, at most 15 s) until it returns something true."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


# Configure: the README's keyword arguments, on the local server
ironmq = IronMQ(
    host=host,
    project_id=project_id,
    token=token,
    protocol="http",
    port=int(port),
    api_version=1,
    config_file=None,
)
assert ironmq.client.base_url == f"http://{host}:{port}/1/projects/{project_id}/"

# Listing queues; a queue by name
assert ironmq.queues() == []
queue = ironmq.queue("test_queue")

# Push a message(s) on the queue
posted = queue.post("Hello world")
assert posted["msg"] == "Messages put on queue." and len(posted["ids"]) == 1, posted
message = {
    "body": "Test Message",
    "timeout": 120,
    "delay": 5,
    "expires_in": 2 * 24 * 3600,
}
delayed = queue.post(message)["ids"][0]
queue.post("more", "and more", "and more")
queue.post(*[str(i) for i in range(10)])

# Get queue size, id, total_messages and whole info
assert ironmq.queues() == ["test_queue"]
info = queue.info()
assert (info["name"], info["size"], info["total_messages"], info["reserved"]) == (
    "test_queue",
    15,
    15,
    0,
), info
assert queue.size() == 15 and queue.total_messages() == 15
assert queue.name == "test_queue" and queue.id() == info["id"] and len(queue.id()) == 24

# Peek at messages (the delayed one is not available yet)
peeked = queue.peek(max=10)["messages"]
assert [m["body"] for m in peeked] == ["Hello world", "more", "and more", "and more", *"012345"]

# Pop a message off the queue
got = queue.get(max=10, timeout=None)["messages"]
assert [m["id"] for m in got] == [m["id"] for m in peeked], got
assert all(m["timeout"] == 60 and m["reserved_count"] == 1 for m in got), got
assert queue.get_message_by_id(delayed)["body"] == "Test Message"
assert queue.get_message_by_id(got[0]["id"])["status"] == "reserved"

# Touch and release
assert queue.touch(got[0]["id"]) == {"msg": "Touched"}
assert queue.release(got[1]["id"], delay=30) == {"msg": "Released"}
assert queue.release(got[2]["id"]) == {"msg": "Released"}
# (the message released at once went to the tail, behind the four never taken)
assert [m["body"] for m in queue.peek(max=10)["messages"]] == [*"6789", got[2]["body"]]

# Delete a message, delete several
assert queue.delete(got[0]["id"]) == {"msg": "Deleted"}
assert queue.delete_multiple(got[3]["id"], got[4]["id"]) == {"msg": "Deleted"}
assert queue.size() == 12

# Clear a queue; a long-polling get
assert queue.clear() == {"msg": "Cleared"} and queue.size() == 0
queue.post("waited for")
assert [m["body"] for m in queue.get(wait=1)["messages"]] == ["waited for"]

# Delete a queue
assert queue.delete_queue() == {"msg": "Deleted."}
try:
    queue.info()
except requests.HTTPError as exc:
    assert exc.response.status_code == 404 and exc.response.json() == {"msg": "Queue not found"}
else:
    raise AssertionError("info of a deleted queue succeeded")

# Push queues: update queue information (push type and subscribers)
push = ironmq.queue("push_queue")
updated = push.update(subscribers=[ok_url, slow_url], push_type="unicast")
assert updated["push_type"] == "unicast", updated
assert [s["url"] for s in updated["subscribers"]] == [ok_url, slow_url], updated
assert push.update(push_type="multicast")["push_type"] == "multicast"

# Add and remove subscribers
extra = ["http://127.0.0.1:9/endpoint1", "http://127.0.0.1:9/endpoint2"]
added = push.add_subscribers(*extra)
assert [s["url"] for s in added["subscribers"]] == [ok_url, slow_url, *extra], added
removed = push.remove_subscribers(*extra)
assert [s["url"] for s in removed["subscribers"]] == [ok_url, slow_url], removed

# Get the push statuses of a message; delete (acknowledge) the one that answered 202
pushed = push.post("pushed")["ids"][0]


def statuses(*wanted):
    found = push.get_message_push_statuses(pushed)["subscribers"]
    return found if sorted(s["status"] for s in found) == sorted(wanted) else None


got_statuses = until(lambda: statuses("deleted", "reserved"), "a delivery and a 202")
by_url = {s["url"]: s for s in got_statuses}
assert by_url[ok_url]["status_code"] == 200 and by_url[slow_url]["status_code"] == 202
fields = {"id", "url", "status", "retries_delay", "retries_remaining"}
assert all(set(s) >= fields for s in got_statuses), got_statuses
slow_id = by_url[slow_url]["id"]
assert push.delete_message_push_status(pushed, slow_id) == {"msg": "Deleted"}
until(lambda: statuses("deleted", "deleted"), "the acknowledgement")

# Pull queues: add, update and remove alerts
alerted = ironmq.queue("alerted")
fixed_desc_alert = {"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"}
progressive_asc_alert = {"type": "progressive", "direction": "asc", "trigger": 10000, "queue": "q"}
assert alerted.add_alerts(*[fixed_desc_alert, progressive_asc_alert]) == {"msg": "Updated"}
assert len(alerted.info()["alerts"]) == 2
progressive_asc_alert = {"type": "progressive", "direction": "asc", "trigger": 5000, "queue": "q"}
assert alerted.update_alerts(*[progressive_asc_alert]) == {"msg": "Updated"}
(only,) = alerted.info()["alerts"]
assert (only["type"], only["trigger"]) == ("progressive", 5000), only
alerted.add_alerts(fixed_desc_alert, {"type": "fixed", "trigger": 7, "queue": "q"})
ids = [a["id"] for a in alerted.info()["alerts"]]
assert alerted.remove_alerts(*ids[:2]) == {"msg": "Deleted"}
assert alerted.remove_alert(ids[2]) == {"msg": "Deleted"}
assert "alerts" not in alerted.info()

# The deprecated names the client still has
assert ironmq.getQueues() == ironmq.queues() == ["alerted", "push_queue"]
legacy = ironmq.postMessage("legacy", ["one"])["ids"][0]
assert ironmq.getQueueDetails("legacy")["size"] == 1
assert ironmq.getMessage("legacy")["messages"][0]["id"] == legacy
assert ironmq.deleteMessage("legacy", legacy) == {"msg": "Deleted"}
assert ironmq.clearQueue("legacy") == {"msg": "Cleared"}
print("OK")
