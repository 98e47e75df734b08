"""Restart on the same SQLite file keeps queues, messages, reservations, deadlines and the clock."""

from __future__ import annotations

from pathlib import Path

import pytest

from ironmq_local import LocalServer

from .conftest import make_client, post, reserve, size


@pytest.mark.parametrize("kill", [False, True], ids=["sigterm", "sigkill"])
def test_state_survives_restart(tmp_path: Path, kill: bool) -> None:
    db = str(tmp_path / "state.db")
    server = LocalServer(db).start()
    try:
        server.freeze()
        with make_client(server) as api:
            api.put(
                "/queues/q",
                json={
                    "queue": {
                        "message_timeout": 120,
                        "dead_letter": {"queue_name": "dlq", "max_reservations": 3},
                    }
                },
            )
            ids = post(api, "q", "a", "b", "c", "d")
            post(api, "q", "delayed", delay=300)
            held, dropped = reserve(api, "q", n=2)  # a (kept reserved) and b
            api.post(
                f"/queues/q/messages/{dropped['id']}/release",
                json={"reservation_id": dropped["reservation_id"], "delay": 50},
            )
            api.delete(f"/queues/q/messages/{ids[3]}")
            before = api.get("/queues/q").json()["queue"]
        clock = server.now()
    finally:
        server.stop(kill=kill)

    server = LocalServer(db).start()
    try:
        assert server.now() == clock  # the frozen virtual clock was persisted
        with make_client(server) as api:
            after = api.get("/queues/q").json()["queue"]
            assert after == before
            assert after["size"] == 4
            assert after["total_messages"] == 5
            assert after["dead_letter"] == {"queue_name": "dlq", "max_reservations": 3}
            assert [q["name"] for q in api.get("/queues").json()["queues"]] == ["dlq", "q"]
            # only c is available: a is reserved, b released with a delay, the last one delayed
            (c,) = reserve(api, "q", n=10)
            assert c["id"] == ids[2]
            # a's reservation still holds with its deadline: 120 s from reserve
            r = api.post(
                f"/queues/q/messages/{held['id']}/touch",
                json={"reservation_id": held["reservation_id"]},
            )
            assert r.status_code == 200
            server.advance(51)
            (b,) = reserve(api, "q", n=10)
            assert b["id"] == dropped["id"]
            assert b["reserved_count"] == 2
            server.advance(250)
            got = reserve(api, "q", n=10)
            assert {m["body"] for m in got} == {"a", "b", "c", "delayed"}
            # ids keep increasing after a restart
            (new,) = post(api, "q", "new")
            assert int(new) > max(int(i) for i in ids)
            assert size(api, "q") == 5
    finally:
        server.stop()


def test_reservation_expires_across_restart_in_real_time(tmp_path: Path) -> None:
    db = str(tmp_path / "state.db")
    with LocalServer(db) as server, make_client(server) as api:
        post(api, "q", "a")
        (m,) = reserve(api, "q", timeout=3600)
        server.advance(3000)  # running clock: offset persisted
    with LocalServer(db) as server, make_client(server) as api:
        assert reserve(api, "q") == []
        r = api.request(
            "DELETE", f"/queues/q/messages/{m['id']}", json={"reservation_id": m["reservation_id"]}
        )
        assert r.status_code == 200
