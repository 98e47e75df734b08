"""SIGTERM while clients long-poll: each gets an empty reserve, requests still arriving are
dropped, and the server exits without cancelling anything and without a traceback."""

from __future__ import annotations

import signal
import socket
import threading
from pathlib import Path

import httpx

from ironmq_local.settings import DEFAULT_PROJECT_ID, DEFAULT_TOKEN

from .processes import running

LONG_POLLS = 5
API = f"/3/projects/{DEFAULT_PROJECT_ID}/queues"
AUTH = {"Authorization": f"OAuth {DEFAULT_TOKEN}"}


def test_sigterm_answers_long_polls_empty_and_exits_cleanly(tmp_path: Path) -> None:
    with running("--db", str(tmp_path / "x.db"), "--control") as server:
        http = httpx.Client(base_url=server.url, headers=AUTH, timeout=120)
        http.post(f"{API}/other/messages", json={"messages": [{"body": "not for the pollers"}]})
        for i in range(LONG_POLLS):
            assert http.put(f"{API}/idle{i}", json={}).status_code == 200
        answers: list[httpx.Response | Exception] = []

        def long_poll(i: int) -> None:
            try:
                with httpx.Client(base_url=server.url, headers=AUTH, timeout=120) as own:
                    answers.append(own.post(f"{API}/idle{i}/reservations", json={"wait": 30}))
            except httpx.HTTPError as exc:
                answers.append(exc)

        pollers = [threading.Thread(target=long_poll, args=(i,)) for i in range(LONG_POLLS)]
        for t in pollers:
            t.start()
        # and one request whose body never comes
        host, port = server.url.removeprefix("http://").split(":")
        stuck = socket.create_connection((host, int(port)), timeout=120)
        head = (
            f"POST {API}/q/messages HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: OAuth {DEFAULT_TOKEN}\r\nContent-Length: 100\r\n\r\n{{"
        )
        stuck.sendall(head.encode())
        # wait until all of them are being handled (the health check counts itself)
        for _ in range(2000):
            if http.get("/_local/health").json()["in_flight"] == LONG_POLLS + 2:
                break
        else:
            raise AssertionError("the requests never arrived")

        server.proc.send_signal(signal.SIGTERM)
        for t in pollers:
            t.join(timeout=120)
        assert server.proc.wait(timeout=120) in (0, -signal.SIGTERM)
        assert stuck.recv(100) == b""  # closed, not answered: its request never arrived
        stuck.close()
        http.close()

    assert len(answers) == LONG_POLLS
    for answer in answers:
        assert isinstance(answer, httpx.Response), answer
        assert answer.status_code == 200
        assert answer.json() == {"messages": []}
    log = "".join(server.log)
    assert "Traceback" not in log
    assert "ERROR" not in log  # uvicorn logs one when it must cancel requests at shutdown
