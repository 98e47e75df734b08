"""Drive the legacy `iron-mq==0.4` PyPI client (v2) against ironmq-local's `/1/`, calling
everything its README shows, configured as the README says.

Run with the Python of a scratch venv that has iron-mq 0.4 (and iron_core) installed:
    python drive_iron_mq_04.py HOST PORT PROJECT_ID TOKEN
Exits non-zero with a traceback on the first mismatch; prints OK at the end.
"""

# ruff: noqa: PT017, PT018  (a plain script for another interpreter: no pytest there)

import builtins
import sys
import urllib
import urllib.parse

# Python-2-only names in iron_mq 0.4's own code, shimmed here (never bent in the server):
# Queue.post() tests messages with `basestring`, IronMQ.queues() calls urllib.urlencode.
builtins.basestring = str
urllib.urlencode = urllib.parse.urlencode

import requests  # noqa: E402
from iron_mq import IronMQ  # noqa: E402

host, port, project_id, token = sys.argv[1:5]

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

# Listing queues; a queue by name
assert ironmq.queues() == []
queue = ironmq.queue("test_queue")

# Push a message(s) on the queue
first = queue.post("Hello world")["ids"][0]
message = {
    "body": "Test Message",
    "timeout": 120,
    "delay": 5,
    "expires_in": 2 * 24 * 3600,
}
assert queue.post(message)["msg"] == "Messages put on queue."
queue.post("more", "and more", "and more")
queue.post(*[str(i) for i in range(10)])

# Get queue size, id, total_messages and whole info
info = queue.info()
assert (info["name"], info["size"], info["total_messages"], info["reserved"]) == (
    "test_queue",
    15,
    15,
    0,
), info
assert queue.size() == 15 and queue.total_messages() == 15
assert queue.name == "test_queue" and queue.id() == info["id"] and len(queue.id()) == 24
assert ironmq.queues() == ["test_queue"]

# Pop a message off the queue (0.4 sends `?&n=` with its one option)
(got,) = queue.get()["messages"]
assert (got["id"], got["body"], got["reserved_count"]) == (first, "Hello world", 1), got
assert [m["body"] for m in queue.get(max=3)["messages"]] == ["more", "and more", "and more"]

# Delete a message from the queue
assert queue.delete(first) == {"msg": "Deleted"}
assert queue.size() == 14

# Clear a queue
assert queue.clear() == {"msg": "Cleared"} and queue.size() == 0

# The deprecated names the client has
assert ironmq.getQueues() == ["test_queue"]
legacy = ironmq.postMessage("legacy", ["one"])["ids"][0]
assert ironmq.getQueueDetails("legacy")["size"] == 1
assert ironmq.getMessage("legacy")["messages"][0]["id"] == legacy
assert ironmq.deleteMessage("legacy", legacy) == {"msg": "Deleted"}
assert ironmq.clearQueue("legacy") == {"msg": "Cleared"}
try:
    ironmq.queue("missing").info()
except requests.HTTPError as exc:
    assert exc.response.status_code == 404 and exc.response.json() == {"msg": "Queue not found"}
else:
    raise AssertionError("info of a missing queue succeeded")
print("OK")
