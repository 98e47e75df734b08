"""Real third-party clients: the npm `iron_mq` 0.9.3 package (v3, on `iron_core` 0.2.7), and
0.2.4, the last release of the v2 API (on the same core), against `/1/`.

`npm/drive.js` calls every v3 method the client has (`npm_v2/drive.js` every method of 0.2.4's
README) and prints one JSON line per step; each test checks those results and then the
server's state over plain HTTP. The packages are pinned by each directory's `package.json`
and `package-lock.json` and installed with `npm ci` into pytest's cache directory (or
`$IRONMQ_NPM_DIR`), once per lock file; the tests are skipped only when `node`/`npm` are
missing or the npm registry is unreachable for that install.

What the client sends (iron_core 0.2.7 on `request` 2.53): GET parameters as a query string,
every other method's parameters as a JSON body, DELETE included (`{}` when there are none;
`del_multiple({})` therefore clears the queue). It retries 503 and 408 up to 5 times.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ironmq_local import LocalServer

from .conftest import make_client

NPM = Path(__file__).parent / "npm"
NPM_V2 = Path(__file__).parent / "npm_v2"
MANIFESTS = ("package.json", "package-lock.json")
RID = re.compile(r"^[0-9a-f]{32}$")


def _run(args: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )


def installed(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, manifests: Path
) -> Path:
    """`node_modules` with the clients pinned in `manifests`, installed by `npm ci` once."""
    npm = shutil.which("npm")
    if shutil.which("node") is None or npm is None:
        pytest.skip("node and npm are needed to run the npm iron_mq client")
    digest = hashlib.sha256(b"".join((manifests / f).read_bytes() for f in MANIFESTS)).hexdigest()
    given = os.environ.get("IRONMQ_NPM_DIR")
    cache = getattr(request.config, "cache", None)  # None under -p no:cacheprovider
    if given:
        root = Path(given)
    elif cache is not None:
        root = cache.mkdir("npm-iron_mq") / digest[:16]
    else:
        root = tmp_path_factory.mktemp("npm-iron_mq") / digest[:16]
    if not (root / ".installed").exists():
        ping = [npm, "ping", "--fetch-retries=0", "--fetch-timeout=15000"]
        try:
            pong = _run(ping, manifests, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.skip("npm registry unreachable: npm ping timed out")
        if pong.returncode != 0:
            reason = " ".join((pong.stderr or pong.stdout).strip().splitlines()[:2])
            pytest.skip(f"npm registry unreachable: {reason}")
        # install beside the target and move it in when complete
        work = root.with_name(f"{root.name}.tmp{os.getpid()}")
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        for name in MANIFESTS:
            shutil.copy(manifests / name, work / name)
        ci = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
        install = _run(ci, work, timeout=300)
        assert install.returncode == 0, install.stdout + install.stderr
        (work / ".installed").touch()
        shutil.rmtree(root, ignore_errors=True)
        work.replace(root)
    return root / "node_modules"


@pytest.fixture(scope="session")
def node_modules(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`node_modules` with iron_mq 0.9.3 (v3)."""
    return installed(request, tmp_path_factory, NPM)


@pytest.fixture(scope="session")
def node_modules_v2(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """`node_modules` with iron_mq 0.2.4 (v2)."""
    return installed(request, tmp_path_factory, NPM_V2)


def _drive(
    node_modules: Path, server: LocalServer, cwd: Path, driver: Path = NPM / "drive.js"
) -> dict[str, dict[str, Any]]:
    # No iron.json in cwd, no IRON_* settings: only what drive.js passes reaches the client.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("IRON_", "NODE_"))}
    env["NODE_PATH"] = str(node_modules)
    node = shutil.which("node")
    assert node is not None
    result = subprocess.run(
        [node, str(driver), server.base_url, server.project_id, server.token],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    steps: dict[str, dict[str, Any]] = {}
    for line in result.stdout.splitlines():
        entry = json.loads(line)
        steps[entry.pop("step")] = entry
    return steps


class Steps:
    """The driver's results by step name; `unchecked()` lists the steps nobody looked at."""

    def __init__(self, steps: dict[str, dict[str, Any]]) -> None:
        self.steps = steps
        self.seen: set[str] = set()

    def _entry(self, name: str) -> dict[str, Any]:
        assert name in self.steps, f"drive.js printed no step {name!r}"
        self.seen.add(name)
        return self.steps[name]

    def __getitem__(self, name: str) -> Any:
        """The result of a step that must have succeeded."""
        entry = self._entry(name)
        assert entry["ok"], (name, entry)
        return entry["result"]

    def error(self, name: str) -> str:
        """The error message of a step that must have failed."""
        entry = self._entry(name)
        assert not entry["ok"], (name, entry)
        message: str = entry["error"]
        return message

    def unchecked(self) -> set[str]:
        """Steps printed but not checked."""
        return set(self.steps) - self.seen


def test_npm_iron_mq_client(node_modules: Path, ironmq: LocalServer, tmp_path: Path) -> None:
    s = Steps(_drive(node_modules, ironmq, tmp_path))
    _check_queues(s)
    _check_messages(s)
    _check_push(s)
    _check_server(ironmq, s)
    assert not s.unchecked()


def _check_queues(s: Steps) -> None:
    # queues: PUT/PATCH bodies are {"queue": {...}}; info unwraps "queue"; list unwraps "queues"
    assert s["create_queue"]["queue"]["name"] == "npm-pull"
    assert s["create_queue"]["queue"]["message_timeout"] == 30
    info = s["info_new"]
    assert len(info["id"]) == 24
    assert (info["size"], info["total_messages"], info["message_timeout"]) == (0, 0, 30)
    assert s["update"]["queue"]["message_expiration"] == 3600
    assert "size" not in s["update"]["queue"]
    updated = s["update_queue"]["queue"]
    assert (updated["message_timeout"], updated["message_expiration"]) == (45, 3600)
    assert s["create_other"]["queue"]["message_timeout"] == 60  # `{}` → the defaults
    assert s["queues"] == [{"name": "npm-other"}, {"name": "npm-pull"}]
    assert s["queues_per_page"] == [{"name": "npm-other"}]
    assert s["queues_previous"] == [{"name": "npm-pull"}]
    assert s["queues_prefix"] == [{"name": "npm-other"}]
    assert s["del_queue"] == {"msg": "Deleted"}
    # a 404 reads "Unknown error": the client looks for body.queue in it (against IronMQ too)
    assert s.error("info_deleted") == "Unknown error"


def _check_messages(s: Steps) -> None:
    # posting: one message gives its id, several give the list
    first = s["post_one"]
    second, third = s["post_batch"]
    assert all(isinstance(i, str) and i.isdigit() for i in (first, second, third))
    assert int(first) < int(second) < int(third)
    assert isinstance(s["post_delayed"], str)
    assert (s["info_posted"]["size"], s["info_posted"]["total_messages"]) == (4, 4)

    # peek (GET ?n=), get by id; a missing message reads "Unknown error" because the client
    # looks for body.message in the 404 (a client quirk: it does so against IronMQ too)
    assert s["peek_one"] == {"id": first, "body": "first", "reserved_count": 0}
    assert [m["body"] for m in s["peek_n"]] == ["first", "second", "third"]
    assert s["msg_get"] == {"id": third, "body": "third", "reserved_count": 0}
    assert s.error("msg_get_missing") == "Unknown error"

    # reserve, touch, release with delay, long-poll for the released message
    reserved = s["reserve_one"]
    assert (reserved["id"], reserved["reserved_count"]) == (first, 1)
    assert RID.match(reserved["reservation_id"])
    touched = s["touch"]
    assert touched["msg"] == "Touched"
    assert RID.match(touched["reservation_id"])
    assert touched["reservation_id"] != reserved["reservation_id"]
    assert s.error("touch_stale") == "Reservation timed out"
    assert s["release_delay"] == {"msg": "Released"}
    assert [(m["id"], m["reserved_count"]) for m in s["get_n"]] == [(second, 1), (third, 1)]
    waited = s["reserve_wait"]
    # reserve, touch and this reserve each count (FACTS.md: touch increments reserved_count)
    assert (waited["message"]["id"], waited["message"]["reserved_count"]) == (first, 3)
    assert waited["waited_ms"] >= 500  # the release delay of 1 s had to pass first

    # deletes: single with reservation id (a JSON body, not a query string), batches
    assert s.error("del_reserved_without_rid") == "A reservation_id is required"
    assert s["del"] == {"msg": "Deleted"}
    assert s["del_multiple_reservations"] == {"msg": "Deleted"}
    assert len(s["post_xy"]) == 2
    assert s["del_multiple_ids"] == {"msg": "Deleted"}
    assert s["reserve_delete"]["id"] == s["post_z"]
    assert s["reserve_delete"]["body"] == "z"
    assert (s["info_before_clear"]["size"], s["info_before_clear"]["total_messages"]) == (1, 7)
    assert s["clear"] == {"msg": "Cleared"}
    assert s["info_cleared"]["size"] == 0
    assert s["reserve_empty"] is None
    assert s["reserve_empty_n"] == []
    assert s["peek_empty_n"] == []

    # injected faults: two 503s are retried by iron_core, a 500 reaches the caller
    assert isinstance(s["post_after_503s"], str)
    assert s.error("post_500") == "Injected fault: HTTP 500"


def _check_push(s: Steps) -> None:
    # push queue: subscribers added, replaced and removed; statuses; a 202 acknowledged
    created = s["create_push"]["queue"]
    assert created["type"] == "multicast"
    assert [sub["name"] for sub in created["push"]["subscribers"]] == ["a"]
    for name in ("add_subscribers", "rpl_subscribers", "rm_subscribers"):
        assert s[name] == {"msg": "Updated"}, name
    subs = s["info_push"]["push"]["subscribers"]
    assert [sub["name"] for sub in subs] == ["a", "b"]
    assert subs[1]["headers"] == {"X-Test": "npm"}
    pushed = s["post_push"]
    pushes = {r["path"]: r for r in s["pushes"]}
    assert set(pushes) == {"/a", "/b"}
    for path, r in pushes.items():
        assert r["body"] == "pushed"
        assert r["headers"]["iron-message-id"] == pushed
        assert r["headers"]["iron-subscriber-name"] == path[1:]
    assert pushes["/b"]["headers"]["x-test"] == "npm"
    statuses = {x["name"]: x for x in s["push_statuses"]["subscribers"]}
    assert (statuses["a"]["status"], statuses["a"]["status_code"]) == ("deleted", 200)
    assert (statuses["b"]["status"], statuses["b"]["status_code"]) == ("reserved", 202)
    assert s["del_msg_push_status"] == {"msg": "Deleted"}
    acked = s["push_statuses_acked"]["subscribers"]
    assert [(x["name"], x["status"]) for x in acked] == [("a", "deleted"), ("b", "deleted")]
    assert s["received_paths"] == ["/a", "/b"]  # c was removed before anything was posted


def _check_server(ironmq: LocalServer, s: Steps) -> None:
    """What the server holds afterwards, read over plain HTTP."""
    pushed = s["post_push"]
    with make_client(ironmq) as api:
        assert api.get("/queues").json()["queues"] == [{"name": "npm-other"}, {"name": "npm-push"}]
        assert api.get("/queues/npm-pull").status_code == 404
        peeked = api.get("/queues/npm-other/messages", params={"n": 10}).json()["messages"]
        assert [m["body"] for m in peeked] == ["héllo ✓ 😀", "retried"]
        assert [m["id"] for m in peeked] == [s["post_unicode"], s["post_after_503s"]]
        push = api.get("/queues/npm-push").json()["queue"]
        assert push["size"] == 0
        assert push["push"]["subscribers"][1]["name"] == "b"
        r = api.get(f"/queues/npm-push/messages/{pushed}/subscribers")
        assert [x["status"] for x in r.json()["subscribers"]] == ["deleted", "deleted"]


def test_npm_iron_mq_v2_client(node_modules_v2: Path, ironmq: LocalServer, tmp_path: Path) -> None:
    """iron_mq 0.2.4 (api_version 1 by default) runs its README against `/1/`."""
    s = Steps(_drive(node_modules_v2, ironmq, tmp_path, NPM_V2 / "drive.js"))
    _check_v2_messages(s)
    _check_v2_alerts_and_push(s)
    with make_client(ironmq, version=1) as api2:
        assert [q["name"] for q in api2.get("/queues").json()] == ["npm2-push"]
        assert "push_type" not in api2.get("/queues/npm2-push").json()
    assert not s.unchecked()


def _check_v2_messages(s: Steps) -> None:
    first = s["post_one"]
    assert isinstance(s["post_options"], str)
    assert len(s["post_many"]) == len(s["post_many_options"]) == 2
    info = s["info"]
    assert (info["name"], info["size"], info["total_messages"], info["reserved"]) == (
        "npm2-pull",
        6,
        6,
        0,
    )
    assert [q["name"] for q in s["queues"]] == ["npm2-pull"]
    assert s["queues_page"] == []  # page 1 of 1 per page: past the end
    peeked = {"id": first, "body": "hello IronMQ!", "timeout": 60, "reserved_count": 0}
    assert s["peek_one"] == peeked
    assert [(m["body"], m["timeout"]) for m in s["peek_n"]] == [
        ("hello IronMQ!", 60),
        ("hello", 60),
        ("IronMQ", 60),
        ("forty", 40),
        ("eighty", 80),
    ]
    assert (s["get_one"]["id"], s["get_one"]["reserved_count"]) == (first, 1)
    assert [(m["body"], m["timeout"]) for m in s["get_n"]] == [("hello", 30), ("IronMQ", 30)]
    assert s["msg_get"]["status"] == "reserved"
    assert s["msg_touch"] == {"msg": "Touched"}
    assert s["msg_release"] == {"msg": "Released"}
    # released: to the tail, behind the two never taken
    assert [m["body"] for m in s["get_released"]] == ["forty", "eighty", "hello IronMQ!"]
    assert s["del"] == {"msg": "Deleted"}
    # iron_core hands the client the raw text of an error it did not parse as JSON
    assert s.error("del_missing") == "Message not found"
    assert s["del_multiple"] == {"msg": "Deleted"}
    assert (s["info_after_deletes"]["size"], s["info_after_deletes"]["reserved"]) == (3, 2)
    assert s["clear"] == {"msg": "Cleared"}
    assert s["info_cleared"]["size"] == 0
    assert s["get_missing_queue"] == []


def _check_v2_alerts_and_push(s: Steps) -> None:
    assert s["add_alerts"] == s["update_alerts"] == {"msg": "Updated"}
    alerts = s["info_alerts"]["alerts"]
    assert [(a["trigger"], a["direction"], a["snooze"]) for a in alerts] == [
        (211, "asc", 11),
        (212, "desc", 11),
    ]
    assert s["delete_alerts"] == s["delete_alert_by_id"] == {"msg": "Deleted"}
    assert "alerts" not in s["info_no_alerts"]
    assert s["del_queue"] == {"msg": "Deleted."}
    assert json.loads(s.error("info_deleted")) == {"msg": "Queue not found"}  # a GET: raw text
    push = s["update_push"]
    assert (push["push_type"], push["retries"]) == ("multicast", 5)
    assert [u["url"].rsplit("/", 1)[1] for u in s["add_subscribers"]["subscribers"]] == list("acb")
    assert [u["url"].rsplit("/", 1)[1] for u in s["rm_subscribers"]["subscribers"]] == list("ab")
    pushed = s["post_push"]
    statuses = {x["url"].rsplit("/", 1)[1]: x for x in s["push_statuses"]["subscribers"]}
    assert (statuses["a"]["status_code"], statuses["b"]["status_code"]) == (200, 202)
    pushes = {p["path"]: p for p in s["pushes"]}
    assert set(pushes) == {"/a", "/b"}
    for path, p in pushes.items():
        assert p["body"] == "pushed"
        assert p["headers"]["iron-message-id"] == pushed
        assert p["headers"]["iron-subscriber-message-id"] == statuses[path[1:]]["id"]
        assert p["headers"]["user-agent"] == "IronMQ Pusherd"
    assert s["del_msg_push_status"] == {"msg": "Deleted"}
    acked = s["push_statuses_acked"]["subscribers"]
    assert [x["status"] for x in acked] == ["deleted", "deleted"]
    assert "push_type" not in s["revert_to_pull"]
