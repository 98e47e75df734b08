"""Make docs/images/dashboard.png, the README's picture of the dashboard (about a minute).

Runs ironmq-local on a free port with a few example queues, keeps the overview open in
Debian's headless Chromium while messages come and go (so the charts have a minute of
history), then saves the screenshot. Needs the dev extra (Playwright) and
`apt-get install chromium`:

    .venv/bin/python scripts/dashboard_screenshot.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

from ironmq_local import LocalServer

OUT = Path(__file__).resolve().parents[1] / "docs" / "images" / "dashboard.png"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"]
ROUNDS = 32  # two seconds apart: a minute of history


def main() -> None:
    """Build the example state, watch it change, save the picture."""
    with tempfile.TemporaryDirectory() as tmp, LocalServer(f"{tmp}/demo.db") as server:
        api = httpx.Client(base_url=server.api_url, headers=server.auth_headers, timeout=30)
        dead = {"queue_name": "orders-dead", "max_reservations": 3}
        alert = {"type": "progressive", "trigger": 20, "queue": "orders-alerts"}
        api.put("/queues/orders", json={"queue": {"dead_letter": dead, "alerts": [alert]}})
        hook = {"name": "billing", "url": "ironmq:///billing-inbox"}
        api.put(
            "/queues/invoices",
            json={"queue": {"type": "multicast", "push": {"subscribers": [hook]}}},
        )
        api.post("/queues/orders-dead/messages", json={"messages": [{"body": "{}"}] * 2})
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1100, "height": 420})
            page.goto(f"{server.base_url}/dashboard")
            for i in range(ROUNDS):
                # orders fills up and is worked off; emails rise and fall in waves
                body = {"messages": [{"body": f'{{"order": {i}}}'}] * (3 if i < 20 else 1)}
                api.post("/queues/orders/messages", json=body)
                if i >= 20:
                    api.post("/queues/orders/reservations", json={"n": 4, "delete": True})
                if i % 8 < 4:
                    api.post("/queues/emails/messages", json={"messages": [{"body": "hi"}] * 2})
                else:
                    api.post("/queues/emails/reservations", json={"n": 2, "delete": True})
                if i % 10 == 0:
                    api.post("/queues/invoices/messages", json={"messages": [{"body": "inv"}]})
                api.post("/queues/orders/reservations", json={"n": 1})
                time.sleep(2)
            page.wait_for_timeout(2500)
            OUT.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(OUT), full_page=True)
            browser.close()
    sys.stdout.write(f"wrote {OUT}\n")


if __name__ == "__main__":
    main()
