"""The dashboard in a real browser against the real server (a `--control` subprocess): what
it shows of state made through the API and the SDK, and what its forms do, checked back
through the API."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

import httpx
from playwright.sync_api import Page, expect

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

from ..local.subscribers import Subscriber
from .conftest import PHONE, WIDE, flash, page_refused, queue_url, shot


def post(api: httpx.Client, queue: str, *bodies: str) -> list[str]:
    """Post messages through the API; return their ids."""
    r = api.post(f"/queues/{queue}/messages", json={"messages": [{"body": b} for b in bodies]})
    assert r.status_code == 201, r.text
    ids: list[str] = r.json()["ids"]
    return ids


def reserve(api: httpx.Client, queue: str, n: int = 1) -> list[dict[str, object]]:
    """Reserve through the API."""
    r = api.post(f"/queues/{queue}/reservations", json={"n": n})
    assert r.status_code == 200, r.text
    messages: list[dict[str, object]] = r.json()["messages"]
    return messages


def size(api: httpx.Client, queue: str) -> int:
    """A queue's size through the API."""
    r = api.get(f"/queues/{queue}")
    assert r.status_code == 200, r.text
    return int(r.json()["queue"]["size"])


def put(api: httpx.Client, queue: str, settings: dict[str, object]) -> None:
    """Create or update a queue through the API."""
    r = api.put(f"/queues/{queue}", json={"queue": settings})
    assert r.status_code == 200, r.text


def test_the_overview_lists_queues_created_through_the_api(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    dead = {"queue_name": "orders-dead", "max_reservations": 3}
    alert = {"type": "fixed", "trigger": 100, "queue": "orders-alerts"}
    put(api, "orders", {"dead_letter": dead, "alerts": [alert]})
    hook = {"name": "a", "url": "http://127.0.0.1:9/a"}
    put(api, "fanout", {"type": "unicast", "push": {"subscribers": [hook], "error_queue": "x"}})
    post(api, "orders", "a", "b", "c")
    reserve(api, "orders")
    page.goto(f"{ironmq.base_url}/dashboard")
    orders = page.locator("tr[data-queue=orders]")
    expect(orders.locator("[data-field=size]")).to_have_text("3")
    expect(orders.locator("[data-field=reserved]")).to_have_text("1")
    expect(orders.locator("[data-field=total]")).to_have_text("3")
    expect(orders).to_contain_text("pull")
    expect(orders).to_contain_text("→ orders-dead after 3 reservations")
    expect(orders).to_contain_text("fixed asc 100 → orders-alerts")
    expect(page.locator("tr[data-queue=orders-dead]")).to_contain_text("dead letters of orders")
    fanout = page.locator("tr[data-queue=fanout]")
    expect(fanout).to_contain_text("unicast")
    expect(fanout).to_contain_text("errors → x")
    page.wait_for_timeout(2500)  # a live update or two: the charts get a second sample
    shot(page, "overview")
    page.set_viewport_size(PHONE)
    shot(page, "overview-phone")
    expect(orders.locator("[data-field=size]")).to_be_visible()  # cards, no sideways scroll


def test_a_message_posted_through_the_sdk_appears_without_reloading(
    ironmq: LocalServer, page: Page
) -> None:
    page.goto(f"{ironmq.base_url}/dashboard")
    expect(page.get_by_text("No queues yet")).to_be_visible()
    page.evaluate("window.sameDocument = true")  # gone if the page reloaded
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        mq.queue("live").post("hello")
        live = page.locator("tr[data-queue=live]")
        expect(live.locator("[data-field=size]")).to_have_text("1")
        mq.queue("live").post("again", "and again")
        expect(live.locator("[data-field=size]")).to_have_text("3")
    assert page.evaluate("window.sameDocument") is True
    expect(live.locator("polyline")).to_have_attribute("points", re.compile(r"\d"))
    expect(page.locator("#live-status")).to_have_text("live")


def test_post_delete_and_clear_from_the_queue_page_show_through_the_api(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    ironmq.freeze()
    keep, drop = post(api, "work", "keep", "drop")
    page.goto(queue_url(ironmq, "work"))
    page.fill("#body", '{"job": 7, "tags": ["a"]}')
    page.fill("#delay", "30")
    page.fill("#expires_in", "60")
    page.click("text=Post message")
    new = flash(page, r"Message (\d+) posted\.").group(1)
    expect(page.locator(f"#message-{new} pre")).to_have_text(
        '{\n  "job": 7,\n  "tags": [\n    "a"\n  ]\n}'
    )
    expect(page.locator(f"#message-{new} .badge")).to_contain_text("delayed")
    assert api.get(f"/queues/work/messages/{new}").json()["message"]["body"] == (
        '{"job": 7, "tags": ["a"]}'
    )
    peeked = api.get("/queues/work/messages", params={"n": 10}).json()["messages"]
    assert [m["id"] for m in peeked] == [keep, drop]  # still delayed
    ironmq.advance(30)
    peeked = api.get("/queues/work/messages", params={"n": 10}).json()["messages"]
    assert [m["id"] for m in peeked] == [keep, drop, new]
    ironmq.advance(30)  # its own expiry, not the queue's week
    assert api.get(f"/queues/work/messages/{new}").status_code == 404

    page.locator(f"#delete-{drop}").click()
    flash(page, f"Message {drop} deleted")
    assert api.get(f"/queues/work/messages/{drop}").status_code == 404
    assert api.get(f"/queues/work/messages/{keep}").status_code == 200
    shot(page, "queue")

    page.click("text=Clear the queue…")
    expect(page.locator("h1")).to_have_text("Clear work?")
    shot(page, "clear-confirmation")
    page.click("#confirm-clear")
    flash(page, "The queue was cleared")
    assert size(api, "work") == 0


def test_a_reserved_message_cannot_be_deleted_from_the_page(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    (held,) = post(api, "held", "x")
    reserve(api, "held")
    page.goto(queue_url(ironmq, "held"))
    item = page.locator(f"#message-{held}")
    expect(item).to_contain_text("held by a consumer")
    expect(item.locator("button")).to_have_count(0)
    expect(item.locator(".badge")).to_contain_text("reserved until")


def test_dead_letters_move_back_to_their_queue_from_the_page(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    ironmq.freeze()
    dead = {"queue_name": "jobs-dead", "max_reservations": 1}
    put(api, "jobs", {"message_timeout": 10, "dead_letter": dead})
    (poison,) = post(api, "jobs", "poison")
    reserve(api, "jobs")
    ironmq.advance(10)
    assert reserve(api, "jobs") == []  # reserved once already: moved to the dead letters
    assert size(api, "jobs-dead") == 1
    page.goto(queue_url(ironmq, "jobs-dead"))
    expect(page.locator("#source option")).to_have_text(["jobs"])
    page.click("text=Move back")
    flash(page, r"1 message\(s\) moved back to jobs\.")
    assert (size(api, "jobs"), size(api, "jobs-dead")) == (1, 0)
    (again,) = reserve(api, "jobs")
    assert (again["id"], again["reserved_count"]) == (poison, 1)  # a fresh count


def test_the_push_and_alert_views_show_what_a_real_delivery_did(
    ironmq: LocalServer,
    page: Page,
    api: httpx.Client,
    subscriber: Callable[..., Subscriber],
) -> None:
    ok, bad = subscriber(), subscriber(default=500)
    subscribers = [{"name": "ok", "url": ok.url}, {"name": "bad", "url": bad.url}]
    push = {"subscribers": subscribers, "retries": 0, "error_queue": "hook-errors"}
    put(api, "hooks", {"type": "multicast", "push": push})
    alert = {"type": "fixed", "trigger": 1, "queue": "watch-alerts"}
    put(api, "watched", {"alerts": [alert]})
    (mid,) = post(api, "hooks", '{"event": "signup"}')
    ok.wait_for(1)
    bad.wait_for(1)
    post(api, "watched", "w")  # 0 → 1: the alert fires

    page.goto(queue_url(ironmq, "hooks"))
    statuses = page.locator(f"#message-{mid} table.push")
    expect(statuses.locator("tr[data-subscriber=ok]")).to_contain_text(
        re.compile("deleted.*200", re.S)
    )
    failed = statuses.locator("tr[data-subscriber=bad]")
    expect(failed).to_contain_text(re.compile("error.*500", re.S))
    expect(failed).to_contain_text("answer 500")  # what the subscriber answered
    expect(page.locator(f"#message-{mid} .badge").first).to_have_text("delivered")
    shot(page, "queue-push")
    page.set_viewport_size(PHONE)
    shot(page, "queue-push-phone")
    page.set_viewport_size(WIDE)
    page.locator("table.settings").get_by_role("link", name="hook-errors").click()
    expect(page.locator("pre.body")).to_contain_text(f'"source_msg_id": "{mid}"')
    report = json.loads(reserve(api, "hook-errors")[0]["body"])  # type: ignore[arg-type]
    assert report["subscribers"][0]["code"] == 500

    page.goto(queue_url(ironmq, "watched"))
    fired = page.locator("tr[data-alert] [data-field=last-fired]")
    expect(fired).not_to_have_text("never")
    expect(fired).to_contain_text(time.strftime("%Y-%m-%d", time.gmtime(ironmq.now())))
    assert size(api, "watch-alerts") == 1
    shot(page, "queue-alerts")


def test_the_control_panel_moves_the_virtual_clock_and_arms_faults(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    before = ironmq.freeze()
    page.goto(f"{ironmq.base_url}/dashboard/control")
    expect(page.locator("#clock-state")).to_have_text("frozen")
    page.fill("#seconds", "3600")
    page.click("#advance")
    flash(page, "The clock was set")
    assert ironmq.now() == before + 3600
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(before + 3600))
    expect(page.locator("#virtual-now")).to_have_text(stamp)
    page.click("#freeze")  # "Let the clock run"
    expect(page.locator("#clock-state")).to_have_text("running")
    assert ironmq.control.faults() == {"count": 0}

    page.fill("#count", "2")
    page.fill("#status", "502")
    page.click("#arm")
    flash(page, "Faults updated")
    expect(page.locator("#faults-state")).to_contain_text("next 2 requests: HTTP 502")
    shot(page, "control")
    answer = api.get("/queues")
    assert (answer.status_code, answer.headers["x-ironmq-local-fault"]) == (502, "injected")
    page.click("#disarm")
    expect(page.locator("#faults-state")).to_have_text("none")
    assert api.get("/queues").status_code == 200


def test_a_form_mistake_is_shown_on_the_page_and_changes_nothing(
    ironmq: LocalServer, page: Page, api: httpx.Client, console: list[str]
) -> None:
    post(api, "q", "x")
    page.goto(queue_url(ironmq, "q"))
    page.fill("#body", "typed text")
    page.fill("#delay", "604801")  # one second over the API's limit
    page.evaluate("document.querySelector('#delay').removeAttribute('max')")
    page.click("text=Post message")
    expect(page.locator(".flash.error")).to_contain_text("delay")
    expect(page.locator("#body")).to_have_value("typed text")  # nothing typed is lost
    assert size(api, "q") == 1
    page_refused(console, 400)  # the refused form's status, as Chromium logs it


def test_the_dashboard_is_usable_from_the_keyboard(
    ironmq: LocalServer, page: Page, api: httpx.Client
) -> None:
    post(api, "kb", "x")
    page.goto(f"{ironmq.base_url}/dashboard")
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")  # the first thing in the content: the queue's link
    expect(page.locator(":focus")).to_have_text("kb")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("kb")
    page.locator("#body").focus()
    page.keyboard.type("from the keyboard")
    for _ in range(3):  # delay, expiry, the button
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Post message")
    page.keyboard.press("Enter")
    flash(page, "posted")
    assert size(api, "kb") == 2
