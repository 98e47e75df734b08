"""Browser tests of the dashboard: Debian's headless Chromium driven by Playwright.

One browser for these tests (a fresh profile, no network beyond loopback), a new context
per test (no cookies carried over). The browser is closed when this package is done:
Playwright's sync API keeps an event loop marked running in the main thread, which would
stop later tests from running their own. Every test fails if a page logged a JavaScript error.
Screenshots of the main pages go to artifacts/dashboard/ (gitignored) for a person to look
at; `make test` writes them on every run.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from playwright.sync_api import Browser, Page, ViewportSize, expect, sync_playwright
from starlette.types import ASGIApp

from ironmq_local import LocalServer
from ironmq_local.app import create_app
from ironmq_local.domain.broker import Broker
from ironmq_local.runtime.clock import Clock
from ironmq_local.serve import bind_socket, url_for
from ironmq_local.settings import Settings

from ..local.subscribers import Subscriber, subscribers

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "dashboard"
FLAGS = [
    "--no-sandbox",  # root in a container
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDE: ViewportSize = {"width": 1280, "height": 800}
PHONE: ViewportSize = {"width": 390, "height": 844}

expect.set_options(timeout=10_000)  # live updates come every 2 s; a loaded machine is slower


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """Headless Chromium from Debian (Playwright's own browser downloads are not used)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("the dashboard tests need Debian's chromium (.ci/run installs it)")
        pytest.skip("the dashboard tests need Debian's chromium: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def console() -> list[str]:
    """The errors the `page` logged (a test may take out one it caused on purpose)."""
    return []


@pytest.fixture
def page(browser: Browser, console: list[str]) -> Iterator[Page]:
    """A page in a fresh browser context; fails the test on any JavaScript error."""
    context = browser.new_context(viewport=WIDE)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: console.append(str(e)))
    yield tab
    context.close()
    assert console == [], f"JavaScript errors: {console}"


def page_refused(console: list[str], status: int) -> None:
    """Take out of `console` the one line Chromium logs for a page answered with `status`
    (a refused form or login, as meant): not a JavaScript error."""
    assert len(console) == 1, console
    assert console[0].startswith(
        f"Failed to load resource: the server responded with a status of {status}"
    )
    console.clear()


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as artifacts/dashboard/NAME.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def queue_url(server: LocalServer | str, name: str, project_id: str | None = None) -> str:
    """The dashboard page of a queue."""
    base = server if isinstance(server, str) else server.base_url
    pid = project_id or (server.project_id if isinstance(server, LocalServer) else "")
    return f"{base}/dashboard/projects/{pid}/queues/{name}"


def flash(page: Page, pattern: str) -> re.Match[str]:
    """Wait for the confirmation of an action and match it."""
    note = page.locator(".flash.ok")
    expect(note).to_have_text(re.compile(pattern))
    found = re.search(pattern, note.inner_text())
    assert found is not None
    return found


@pytest.fixture
def api(ironmq: LocalServer) -> Iterator[httpx.Client]:
    """A v3 API client of the (reset) test server."""
    with httpx.Client(base_url=ironmq.api_url, headers=ironmq.auth_headers, timeout=30) as c:
        yield c


@pytest.fixture
def subscriber() -> Iterator[Callable[..., Subscriber]]:
    """Loopback push subscribers (tests/local/subscribers.py), stopped after the test."""
    yield from subscribers()


@dataclass
class InProcess:
    """A server running in a thread of this process: its URL, app and event loop."""

    url: str
    app: ASGIApp
    loop: asyncio.AbstractEventLoop

    def broker(self) -> Broker:
        """The app's broker (found under whatever middleware wraps the Starlette app)."""
        app: Any = self.app
        while not hasattr(app, "state"):
            app = app.app
        broker: Broker = app.state.broker
        return broker

    def stop_background_worker(self) -> None:
        """Stop the push/expiry worker: from then on only requests can change anything."""
        pusher = getattr(self.broker().ctx.events, "pusher")  # noqa: B009 (not in the port)
        asyncio.run_coroutine_threadsafe(pusher.stop(), self.loop).result(10)


@contextmanager
def serve_in_thread(settings: Settings, clock: Clock | None = None) -> Iterator[InProcess]:
    """Run the app of `settings` on a loopback port in this process.

    For what a subprocess cannot show: a server whose settings say it listens beyond
    loopback (while it really listens on 127.0.0.1), or a clock the test moves by hand.
    """
    sock = bind_socket("127.0.0.1", 0)
    url = url_for(sock)
    app = create_app(replace(settings, public_url=url), clock=clock)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    loops: list[asyncio.AbstractEventLoop] = []

    async def serve() -> None:
        loops.append(asyncio.get_running_loop())
        await server.serve(sockets=[sock])

    thread = threading.Thread(target=asyncio.run, args=(serve(),), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the in-process server did not start")
        time.sleep(0.02)
    try:
        yield InProcess(url, app, loops[0])
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()
