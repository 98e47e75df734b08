"""Quick start: the original iron_mq_python README's walk-through on IronMQ v3, section by section.

Run it with `make demo` (against a throw-away local server), or against IronMQ itself with
IRON_PROJECT_ID and IRON_TOKEN set (it creates and deletes queues named `quickstart_*`).
"""

from __future__ import annotations

import time
from pprint import pformat
from typing import Any

from ironmq_sdk import (
    InternalServerError,
    IronMQ,
    IronMQError,
    ReservedMessage,
    UnsupportedArgumentError,
)


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 70 - len(title)))


def show(call: str, result: Any) -> None:
    text = "ok (no result)" if result is None else pformat(result, width=100, sort_dicts=False)
    print(f">>> {call}\n{text}")


def not_in_local_server(call: str, error: IronMQError) -> None:
    # ironmq-local answers 501 for features it does not implement yet (push delivery, alerts)
    if isinstance(error, InternalServerError) and error.status == 501:
        print(f">>> {call}\n(not available on this server: {error.msg})")
    else:
        raise error


def main() -> None:
    section("Configure")
    ironmq = IronMQ()  # project_id and token from iron.json or IRON_* variables
    show("ironmq = IronMQ()", ironmq)

    section("Listing queues")
    show("ironmq.queues()", ironmq.queues())
    queue = ironmq.queue("quickstart_queue")
    show('queue = ironmq.queue("quickstart_queue")', queue)

    section("Push a message(s) on the queue")
    show('queue.post("Hello world")', queue.post("Hello world"))
    show(
        'queue.post({"body": "Test Message", "delay": 5})',
        queue.post({"body": "Test Message", "delay": 5}),
    )
    try:
        queue.post({"body": "Test Message", "timeout": 120, "expires_in": 2 * 24 * 3600})
    except UnsupportedArgumentError as exc:
        show('queue.post({"body": ..., "timeout": 120, "expires_in": ...})', exc)
    show('queue.post("more", "and more", "and more")', queue.post("more", "and more", "and more"))
    show("queue.post(*[str(i) for i in range(10)])", queue.post(*[str(i) for i in range(10)]))

    section("Pop a message off the queue")
    messages = queue.get(max=10, timeout=None)
    show("queue.get(max=10, timeout=None)", messages)

    section("Get message by id")
    show("queue.get_message_by_id(messages[0].id)", queue.get_message_by_id(messages[0].id))

    section("Delete a message from the queue")
    show(
        "queue.delete(messages[0].id)  # the queue remembers the reservation",
        queue.delete(messages[0].id),
    )
    show(
        "queue.delete_multiple(messages[1].id, messages[2].id)",
        queue.delete_multiple(messages[1].id, messages[2].id),
    )

    section("Touch a message")
    show("queue.touch(messages[3].id)  # a new reservation id", queue.touch(messages[3].id))

    section("Release a reserved message")
    show("queue.release(messages[4].id, delay=30)", queue.release(messages[4].id, delay=30))

    section("Get queue size, id, total_messages and whole info")
    show("queue.info()", queue.info())
    show("queue.size()", queue.size())
    show("queue.total_messages()", queue.total_messages())
    show("queue.id()", queue.id())

    section("Peek at messages")
    show("queue.peek(max=10)", queue.peek(max=10))

    section("Clear a queue")
    show("queue.clear()", queue.clear())
    show("queue.size()", queue.size())

    section("Push queues: update queue information")
    push_queue = ironmq.queue("quickstart_push")
    subscribers = ["http://push.example.com/ironmq_push_1", "http://push.example.com/ironmq_push_2"]
    show(
        'push_queue.update(subscribers=[...], push_type="unicast")',
        push_queue.update(subscribers=subscribers, push_type="unicast"),
    )
    show(
        'push_queue.add_subscribers("http://push.example.com/extra")',
        push_queue.add_subscribers("http://push.example.com/extra"),
    )
    show(
        'push_queue.remove_subscribers("http://push.example.com/extra")',
        push_queue.remove_subscribers("http://push.example.com/extra"),
    )
    (message_id,) = push_queue.post("pushed")
    try:
        show(
            "push_queue.get_message_push_statuses(message_id)",
            push_queue.get_message_push_statuses(message_id),
        )
    except IronMQError as exc:
        not_in_local_server("push_queue.get_message_push_statuses(message_id)", exc)
    subscriber = push_queue.info().push.subscribers[0].name  # type: ignore[union-attr]
    show(
        f"push_queue.delete_message_push_status(message_id, {subscriber!r})",
        push_queue.delete_message_push_status(message_id, subscriber),
    )

    section("Pull queues: alerts")
    fixed_desc_alert = {"type": "fixed", "direction": "desc", "trigger": 1000, "queue": "q"}
    try:
        show("queue.add_alerts(fixed_desc_alert)", queue.add_alerts(fixed_desc_alert))
    except IronMQError as exc:
        not_in_local_server("queue.add_alerts(fixed_desc_alert)", exc)

    section("A consumer processing a batch")
    jobs = ironmq.queue("quickstart_jobs")
    show("jobs.post(*[f'job {i}' for i in range(5)])", jobs.post(*[f"job {i}" for i in range(5)]))

    def handle(message: ReservedMessage) -> None:
        time.sleep(0.05)  # the work
        print(f"    handled {message.body!r} (id {message.id}, reserved {message.reserved_count}x)")

    consumer = jobs.consumer(batch_size=5, wait=0, concurrency=2, stop_when_empty=True)
    print(
        ">>> jobs.consumer(batch_size=5, wait=0, concurrency=2, stop_when_empty=True).run(handle)"
    )
    show("processed", consumer.run(handle))
    show("jobs.size()", jobs.size())

    section("Delete a queue")
    for q in (queue, push_queue, jobs):
        show(f"{q.name}.delete_queue()", q.delete_queue())
    show("ironmq.queues()", ironmq.queues())
    ironmq.close()


if __name__ == "__main__":
    main()
