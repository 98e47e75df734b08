"""Looking changes nothing, and the dashboard is safe by default: beyond loopback it shows
nothing without a project token; every write needs the page's CSRF token and this origin;
on loopback, a foreign host name (DNS rebinding) is refused.

These run the app in this process on a loopback port (conftest.serve_in_thread): its
settings may then say it listens on 0.0.0.0, its clock is an object the test moves, and its
background worker can be stopped, which a subprocess would not allow.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from ironmq_local import LocalServer
from ironmq_local.runtime.clock import VirtualClock
from ironmq_local.settings import Settings

from .conftest import page_refused, queue_url, serve_in_thread, shot

PROJECT, TOKEN = "5c9f1e0a1b2c3d4e5f607182", "the-token"
OTHER, OTHER_TOKEN = "0123456789abcdef01234567", "other-token"
T0 = 1_800_000_000.0
ODD_DIGITS = "\u00b2\uff11"  # str.isdigit() says yes, int() says no (superscript two)


def api(base: str, project: str = PROJECT, token: str = TOKEN) -> httpx.Client:
    """A v3 API client of one project."""
    return httpx.Client(
        base_url=f"{base}/3/projects/{project}",
        headers={"Authorization": f"OAuth {token}"},
        timeout=30,
    )


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert found is not None
    return found.group(1)


@pytest.fixture
def exposed(tmp_path: Path) -> Iterator[str]:
    """A server whose settings say it listens on every interface (it is bound to
    127.0.0.1), with two projects; each has a queue."""
    settings = Settings(
        host="0.0.0.0",
        db=str(tmp_path / "exposed.db"),
        credentials={PROJECT: TOKEN, OTHER: OTHER_TOKEN},
    )
    with serve_in_thread(settings) as server:
        base = server.url
        for project, token, queue in ((PROJECT, TOKEN, "mine"), (OTHER, OTHER_TOKEN, "theirs")):
            with api(base, project, token) as client:
                r = client.post(f"/queues/{queue}/messages", json={"messages": [{"body": "x"}]})
                assert r.status_code == 201
        yield base


def test_opening_every_page_fires_no_alert_and_writes_nothing(tmp_path: Path, page: Page) -> None:
    db = tmp_path / "look.db"
    clock = VirtualClock(frozen_at=T0)
    with (
        serve_in_thread(Settings(db=str(db), control=True), clock=clock) as server,
        api(server.url, token="local-dev-token") as client,
    ):
        base = server.url
        alert = {"type": "fixed", "trigger": 1, "direction": "desc", "queue": "fired"}
        settings = {"message_expiration": 100, "alerts": [alert]}
        assert client.put("/queues/q", json={"queue": settings}).status_code == 200
        body = {"messages": [{"body": "a"}, {"body": "b"}]}
        assert client.post("/queues/q/messages", json=body).status_code == 201
        # Both expire, so the size falls from 2 to 0 across the alert. With the background
        # worker stopped (it would judge the expiry: its job), only a write could now.
        server.stop_background_worker()
        clock.advance(101)
        watcher = sqlite3.connect(db)
        version = watcher.execute("PRAGMA data_version").fetchone()
        url = queue_url(base, "q", PROJECT)
        for path in (f"{base}/dashboard", url, f"{url}/clear", f"{base}/dashboard/control"):
            page.goto(path)
            expect(page.locator("h1")).to_be_visible()
        page.goto(url)
        with page.expect_response(lambda r: r.url.endswith("/live")):
            pass  # one live update of the queue page too
        expect(page.locator("[data-field=size]")).to_have_text("0")  # expired, as shown
        assert watcher.execute("PRAGMA data_version").fetchone() == version  # no commit
        assert watcher.execute("SELECT COUNT(*) FROM messages").fetchone() == (2,)
        assert client.get("/queues/fired").status_code == 404  # the alert never fired
        watcher.close()


def test_beyond_loopback_the_dashboard_shows_nothing_without_a_token(
    exposed: str, page: Page, console: list[str]
) -> None:
    mine = f"/dashboard/projects/{PROJECT}/queues/mine"
    with httpx.Client(base_url=exposed) as anonymous:
        # pages send to the login form; live fragments answer 401 (never the login page)
        for path, status in (
            ("/dashboard", 303),
            (mine, 303),
            ("/dashboard/control", 303),
            ("/dashboard/live/overview", 401),
            (f"{mine}/live", 401),
        ):
            answer = anonymous.get(path)
            assert answer.status_code == status, path
            assert PROJECT not in answer.text
            assert "mine" not in answer.text
    page.goto(f"{exposed}/dashboard")
    expect(page).to_have_url(f"{exposed}/dashboard/login")
    log_in = page.get_by_role("button", name="Log in")
    page.fill("#token", "wrong")
    log_in.click()
    expect(page.locator(".flash.error")).to_contain_text("opens no project")
    page_refused(console, 401)
    shot(page, "login")
    page.fill("#token", TOKEN)
    log_in.click()
    expect(page.locator("tr[data-queue=mine]")).to_be_visible()
    expect(page.locator("tr[data-queue=theirs]")).to_have_count(0)  # another project's
    page.goto(queue_url(exposed, "theirs", OTHER))
    expect(page.locator("h1")).to_have_text("Not found.")
    page_refused(console, 404)
    page.goto(f"{exposed}/dashboard")
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{exposed}/dashboard/login")
    page.goto(f"{exposed}/dashboard")
    expect(page).to_have_url(f"{exposed}/dashboard/login")


def test_the_session_cookie_is_http_only_and_same_site(exposed: str) -> None:
    with httpx.Client(base_url=exposed) as browser:
        csrf = csrf_of(browser.get("/dashboard/login").text)
        answer = browser.post("/dashboard/login", data={"csrf": csrf, "token": TOKEN})
        assert answer.status_code == 303
        cookie = answer.headers["set-cookie"].lower()
        for attribute in ("httponly", "samesite=strict", "path=/dashboard"):
            assert attribute in cookie
        assert TOKEN not in cookie  # a random session id, not the token
        assert browser.get("/dashboard/live/overview").status_code == 200


def test_a_write_needs_the_pages_csrf_token_and_this_origin(exposed: str) -> None:
    queue = f"/dashboard/projects/{PROJECT}/queues/mine"
    with httpx.Client(base_url=exposed) as browser, api(exposed) as client:
        login_csrf = csrf_of(browser.get("/dashboard/login").text)
        browser.post("/dashboard/login", data={"csrf": login_csrf, "token": TOKEN})
        csrf = csrf_of(browser.get(queue).text)
        assert csrf != login_csrf  # bound to the session
        refused = [
            {"body": "no token"},
            {"body": "another session's token", "csrf": login_csrf},
        ]
        for form in refused:
            assert browser.post(f"{queue}/messages", data=form).status_code == 403
        foreign = {"Origin": "http://evil.example"}
        form = {"body": "from elsewhere", "csrf": csrf}
        assert browser.post(f"{queue}/messages", data=form, headers=foreign).status_code == 403
        assert client.get("/queues/mine").json()["queue"]["size"] == 1  # nothing posted
        same = {"Origin": exposed}
        assert browser.post(f"{queue}/messages", data=form, headers=same).status_code == 303
        assert client.get("/queues/mine").json()["queue"]["size"] == 2


def test_on_loopback_a_foreign_host_name_is_refused(tmp_path: Path) -> None:
    with serve_in_thread(Settings(db=str(tmp_path / "x.db"))) as server:
        base = server.url
        port = base.rsplit(":", 1)[1]
        with httpx.Client(base_url=base) as browser:
            assert browser.get("/dashboard").status_code == 200
            rebound = browser.get("/dashboard", headers={"Host": f"evil.example:{port}"})
            assert rebound.status_code == 403
            assert "loopback" in rebound.text
            assert (
                browser.get("/dashboard", headers={"Host": f"localhost:{port}"}).status_code == 200
            )


def test_no_odd_input_gets_a_500(ironmq: LocalServer) -> None:
    """Bad forms and paths are refused with a page (4xx), never a server error."""
    queue = f"/dashboard/projects/{ironmq.project_id}/queues/q"
    with (
        httpx.Client(base_url=ironmq.base_url) as browser,
        api(ironmq.base_url, ironmq.project_id, ironmq.token) as client,
    ):
        client.post("/queues/q/messages", json={"messages": [{"body": "x"}]})
        csrf = csrf_of(browser.get(queue).text)
        gets = [
            f"{queue}?after=99999999999999999999",
            f"{queue}?after=-1",
            f"{queue}/live?after={ODD_DIGITS}",
            f"/dashboard/projects/{ironmq.project_id}/queues/missing",
            "/dashboard/projects/nope/queues/q",
            "/dashboard/static/../app.py",
        ]
        for path in gets:
            assert browser.get(path).status_code < 500, path
        forms: list[tuple[str, dict[str, str] | bytes]] = [
            (f"{queue}/messages", {"csrf": csrf, "body": "x", "delay": ODD_DIGITS}),
            (
                f"{queue}/messages",
                {"csrf": csrf, "body": "x", "expires_in": "99999999999999999999"},
            ),
            (f"{queue}/messages", {"csrf": csrf, "body": "x" * 70_000}),
            (f"{queue}/messages", b"csrf=%ff%fe&body=%80"),
            (f"{queue}/messages/99999999999999999999/delete", {"csrf": csrf}),
            (f"{queue}/messages/{ODD_DIGITS}/delete", {"csrf": csrf}),
            (f"{queue}/dead-letters", {"csrf": csrf, "source": "q"}),
            ("/dashboard/control/clock", {"csrf": csrf, "action": "advance", "seconds": "nan"}),
            ("/dashboard/control/faults", {"csrf": csrf, "count": "0", "status": "99"}),
            ("/dashboard/logout", b"x" * 300_000),
        ]
        for path, form in forms:
            if isinstance(form, bytes):
                headers = {"Content-Type": "application/x-www-form-urlencoded"}
                answer = browser.post(path, content=form, headers=headers)
            else:
                answer = browser.post(path, data=form)
            assert 400 <= answer.status_code < 500, (path, form if isinstance(form, dict) else "")
        assert client.get("/queues/q").json()["queue"]["size"] == 1
        # a confirmation shown from a crafted link says nothing but digits and queue names
        crafted = browser.get(f"{queue}?done=moved&n=1&to=q.-_2").text
        assert "1 message(s) moved back to q.-_2." in crafted
        crafted = browser.get(f"{queue}?done=moved&n=1&to=Call+us+at+555").text
        assert "moved back" not in crafted
