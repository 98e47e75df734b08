"""Drive the legacy `iron-mq==0.9` PyPI client (v3, on iron_core) against ironmq-local.

Run with the Python of a scratch venv that has iron-mq 0.9 installed:
    python drive_iron_mq_09.py HOST PORT PROJECT_ID TOKEN
Exits non-zero with a traceback on the first mismatch; prints OK at the end.
"""

# ruff: noqa: PT017, PT018  (a plain script for another interpreter: no pytest there)

import sys

import requests
from iron_mq import IronMQ

host, port, project_id, token = sys.argv[1:5]
mq = IronMQ(host=host, port=int(port), protocol="http", project_id=project_id, token=token)

created = mq.create_queue("legacy", {"message_timeout": 30})
assert created["name"] == "legacy" and created["message_timeout"] == 30, created
q = mq.queue("legacy")
assert len(q.id()) == 24
posted = q.post("first", "second", {"body": "third", "delay": 0})
assert posted["msg"] == "Messages put on queue." and len(posted["ids"]) == 3, posted
ids = posted["ids"]
assert q.size() == 3 and q.total_messages() == 3

peeked = q.peek(max=2)["messages"]
assert [m["id"] for m in peeked] == ids[:2], peeked
assert q.get_message_by_id(ids[2])["body"] == "third"

got = q.reserve(max=1, timeout=10)["messages"]
assert got[0]["id"] == ids[0] and got[0]["reserved_count"] == 1, got
touched = q.touch(ids[0], got[0]["reservation_id"], timeout=20)
assert touched["msg"] == "Touched" and touched["reservation_id"] != got[0]["reservation_id"]
released = q.release(ids[0], touched["reservation_id"])
assert released == {"msg": "Released"}, released

again = q.get(max=1)["messages"]  # deprecated alias of reserve
assert again[0]["id"] == ids[0] and again[0]["reserved_count"] == 3, again
try:
    q.delete(ids[0])  # reserved: needs its reservation id
except requests.HTTPError as exc:
    assert exc.response.status_code == 400, exc.response.text
else:
    raise AssertionError("deleting a reserved message without reservation_id succeeded")
assert q.delete(ids[0], again[0]["reservation_id"]) == {"msg": "Deleted"}

batch = q.reserve(max=2, wait=1)
assert q.delete_multiple(messages=batch) == {"msg": "Deleted"}
assert q.size() == 0

q.post("x", "y")
assert q.delete_multiple(ids=[m["id"] for m in q.peek(max=1)["messages"]]) == {"msg": "Deleted"}
assert q.clear() == {"msg": "Cleared"} and q.size() == 0

updated = q.update({"message_expiration": 3600})
assert updated["message_expiration"] == 3600 and "size" not in updated
assert mq.update_queue("legacy", {"message_timeout": 45})["message_timeout"] == 45
q.post("z")
assert q.reserve(delete=True)["messages"][0]["body"] == "z" and q.size() == 0

# alerts: add (PATCH), replace (PUT of the queue), remove (DELETE /alerts with the ids
# wrapped in {"queue": {"alerts": [...]}}, the only form remove_alerts sends)
added = q.add_alerts({"type": "fixed", "trigger": 5, "queue": "legacy-alerts"})
assert [(a["type"], a["trigger"]) for a in added["alerts"]] == [("fixed", 5)], added
replaced = q.update_alerts(
    {"type": "fixed", "trigger": 6, "queue": "legacy-alerts"},
    {"type": "progressive", "trigger": 7, "queue": "legacy-alerts"},
)
ids = [a["id"] for a in replaced["alerts"]]
assert len(ids) == 2, replaced
assert q.remove_alerts(*ids) == {"msg": "Alerts were deleted."}
assert "alerts" not in q.info()
assert q.delete_queue() == {"msg": "Deleted"}
try:
    q.info()
except requests.HTTPError as exc:
    assert exc.response.status_code == 404 and exc.response.json()["msg"] == "Queue not found"
else:
    raise AssertionError("info on a deleted queue succeeded")
print("OK")
