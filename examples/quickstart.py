"""Quick start: the original iron_mq_python README's walk-through, section by section, on
IronMQ v3, or on IronMQ v2 (the README's own API) with IRON_API_VERSION=1.

Run it with `make demo` (both protocols, against a throw-away local server), or against
IronMQ itself with IRON_PROJECT_ID and IRON_TOKEN set (it creates and deletes queues named
`quickstart_*`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pprint import pformat

from ironmq_sdk import (
    IronMQ,
    IronMQError,
    Queue,
    ReservedMessage,
    UnsupportedArgumentError,
)

SUBSCRIBERS = ["http://push.example.com/ironmq_push_1", "http://push.example.com/ironmq_push_2"]


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def call(label: str, fn: Callable[[], object]) -> object:
    """Print `>>> label`, run it, print what it returned (or the error that explains why not)."""
    print(f">>> {label}")
    try:
        result = fn()
    except UnsupportedArgumentError as exc:  # what a version cannot do, said clearly
        print(f"{type(exc).__name__}: {exc}")
        return None
    print("ok (no result)" if result is None else pformat(result, width=100, sort_dicts=False))
    return result


def basics(ironmq: IronMQ) -> Queue:
    section("Listing queues")
    call("ironmq.queues()", ironmq.queues)
    queue = ironmq.queue("quickstart_queue")

    section("Push a message(s) on the queue")
    call('queue.post("Hello world")', lambda: queue.post("Hello world"))
    delayed = call(
        'queue.post({"body": "Test Message", "delay": 5})',
        lambda: queue.post({"body": "Test Message", "delay": 5}),
    )
    call(
        'queue.post({"body": "Test Message", "timeout": 120, "expires_in": 172800})',
        lambda: queue.post({"body": "Test Message", "timeout": 120, "expires_in": 172800}),
    )
    call(
        'queue.post("more", "and more", "and more")',
        lambda: queue.post("more", "and more", "and more"),
    )
    call(
        "queue.post(*[str(i) for i in range(10)])", lambda: queue.post(*[str(i) for i in range(10)])
    )

    section("Pop a message off the queue")
    messages = queue.get(max=10, timeout=None)
    call("messages = queue.get(max=10, timeout=None)", lambda: messages)

    section("Get message by id")
    call("queue.get_message_by_id(messages[0].id)", lambda: queue.get_message_by_id(messages[0].id))

    section("Delete a message from the queue")
    call(
        "queue.delete(messages[0].id)  # v3: the queue remembers the reservation",
        lambda: queue.delete(messages[0].id),
    )
    call(
        "queue.delete_multiple(messages[1].id, messages[2].id)",
        lambda: queue.delete_multiple(messages[1].id, messages[2].id),
    )

    section("Touch a message")
    call(
        "queue.touch(messages[3].id)  # v3: the new reservation id; v2: None (it has none)",
        lambda: queue.touch(messages[3].id),
    )

    section("Release a reserved message")
    call("queue.release(messages[4].id, delay=30)", lambda: queue.release(messages[4].id, delay=30))

    section("Get queue size, id, total_messages and whole info")
    call("queue.info()", queue.info)
    call("queue.size()", queue.size)
    call("queue.total_messages()", queue.total_messages)
    call("queue.id()", queue.id)

    section("Peek at messages")
    call("queue.peek(max=10)", lambda: queue.peek(max=10))

    section("The delayed message")
    # Posted with a delay of 5 s, it is in the queue (size counts it) but hidden from peek
    # and reservations until then; a long poll hands it out as soon as it is due.
    assert isinstance(delayed, list)
    (delayed_id,) = delayed
    print(f">>> queue.get(max=100, wait=5) until message {delayed_id} arrives")
    while not (arrived := [m for m in queue.get(max=100, wait=5) if m.id == delayed_id]):
        pass  # the others it reserved are cleared below
    print(f"arrived once its delay was over: {arrived[0].body!r}")
    call(f"queue.delete({delayed_id!r})", lambda: queue.delete(delayed_id))

    section("Clear a queue")
    call("queue.clear()", queue.clear)
    call("queue.size()", queue.size)
    return queue


def push_queues(ironmq: IronMQ) -> Queue:
    section("Push queues")
    queue = ironmq.queue("quickstart_push")
    call(
        'queue.update(subscribers=[...], push_type="unicast")',
        lambda: queue.update(subscribers=SUBSCRIBERS, push_type="unicast"),
    )
    extra = "http://push.example.com/extra"
    call(f"queue.add_subscribers({extra!r})", lambda: queue.add_subscribers(extra))
    call(f"queue.remove_subscribers({extra!r})", lambda: queue.remove_subscribers(extra))
    (message_id,) = queue.post("pushed")
    statuses = queue.get_message_push_statuses(message_id)
    call("queue.get_message_push_statuses(message_id)", lambda: statuses)
    # v2 names the subscriber by the push status's id, v3 by its name
    subscriber = (statuses[0].id if ironmq.api_version == 1 else statuses[0].name) or ""
    call(
        f"queue.delete_message_push_status(message_id, {subscriber!r})",
        lambda: queue.delete_message_push_status(message_id, subscriber),
    )
    return queue


def alerts(queue: Queue) -> None:
    section("Pull queues: add alerts to a queue")
    fixed_desc_alert = {"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"}
    progressive_asc_alert = {
        "type": "progressive",
        "direction": "asc",
        "trigger": 10000,
        "queue": "q",
    }
    call(
        "queue.add_alerts(*[fixed_desc_alert, progressive_asc_alert])",
        lambda: queue.add_alerts(*[fixed_desc_alert, progressive_asc_alert]),
    )
    call("queue.info().alerts", lambda: queue.info().alerts)

    section("Update alerts in a queue")
    progressive_asc_alert = {
        "type": "progressive",
        "direction": "asc",
        "trigger": 5000,
        "queue": "q",
    }
    call(
        "queue.update_alerts(*[progressive_asc_alert])",
        lambda: queue.update_alerts(*[progressive_asc_alert]),
    )
    (alert,) = queue.info().alerts
    call("queue.info().alerts", lambda: queue.info().alerts)

    section("Remove alerts from a queue")
    call(f"queue.remove_alerts({alert.id!r})", lambda: queue.remove_alerts(alert))
    call("queue.add_alerts(fixed_desc_alert)", lambda: queue.add_alerts(fixed_desc_alert))
    (alert,) = queue.info().alerts

    section("Remove single alert from a queue")
    call(f"queue.remove_alert({alert.id!r})", lambda: queue.remove_alert(alert))
    call("queue.info().alerts", lambda: queue.info().alerts)


def consumer(ironmq: IronMQ) -> Queue:
    section("A consumer processing a batch")
    jobs = ironmq.queue("quickstart_jobs")
    call(
        "jobs.post(*[f'job {i}' for i in range(5)])",
        lambda: jobs.post(*[f"job {i}" for i in range(5)]),
    )

    printing = threading.Lock()  # handlers run on 2 threads: one line at a time

    def handle(message: ReservedMessage) -> None:
        time.sleep(0.05)  # the work
        with printing:
            count = message.reserved_count
            print(f"    handled {message.body!r} (id {message.id}, reserved {count}x)")

    worker = jobs.consumer(batch_size=5, wait=0, concurrency=2, stop_when_empty=True)
    call(
        "jobs.consumer(batch_size=5, wait=0, concurrency=2, stop_when_empty=True).run(handle)",
        lambda: worker.run(handle),
    )
    call("jobs.size()", jobs.size)
    return jobs


def main() -> None:
    section("Configure")
    with IronMQ() as ironmq:  # project_id and token from iron.json or IRON_* variables
        print(f">>> ironmq = IronMQ()\n{ironmq!r}, api_version {ironmq.api_version}")
        queue = basics(ironmq)
        push_queue = push_queues(ironmq)
        alerts(queue)
        jobs = consumer(ironmq)

        section("Delete a queue")
        for q in (queue, push_queue, jobs):
            call(f"ironmq.queue({q.name!r}).delete_queue()", q.delete_queue)
        call("ironmq.queues()", ironmq.queues)


if __name__ == "__main__":
    try:
        main()
    except IronMQError as exc:
        raise SystemExit(f"IronMQ error: {exc}") from exc
