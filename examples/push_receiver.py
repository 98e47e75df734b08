"""Receiving pushes: an HTTP endpoint behind a real push queue, answering 202 and
acknowledging when the work is done.

A push queue POSTs each message to its subscribers. This program runs a receiver (the
standard library's `http.server`; any framework works the same, since
`PushMessage.from_request` takes a mapping of headers and the raw body), makes
`notifications` a push queue subscribed to it, posts three messages, waits until each is
handled and acknowledged, shows their push statuses and deletes the queue.

A subscriber answers a push in one of two ways:

- 200 (any 2xx but 202): delivered, done;
- 202 (`ironmq_sdk.ACCEPTED`): "taken, working on it". The message stays reserved for this
  subscriber until it acknowledges (`queue.acknowledge(push)`), for the queue's
  `retries_delay` seconds; without an acknowledgement by then, the push is tried again.
  Use it when the work takes longer than the push's timeout, or happens elsewhere.

    ironmq-local &        # then paste the `export IRON_...` line it prints
    python examples/push_receiver.py

The queue's server must reach the receiver: ironmq-local on this machine does (loopback);
for Iron.io, the receiver must be reachable from the internet (set RECEIVER_URL to its
public address).
"""

from __future__ import annotations

import os
import queue
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ironmq_sdk import ACCEPTED, IronMQ, PushMessage

QUEUE = "notifications"
MESSAGES = ["welcome mail for ada", "welcome mail for grace", "welcome mail for alan"]

received: queue.Queue[PushMessage] = queue.Queue()
"""Pushes taken (answered 202) and not yet worked on."""


class Receiver(BaseHTTPRequestHandler):
    """The endpoint: read the push, queue the work, answer 202 at once."""

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            push = PushMessage.from_request(dict(self.headers), body)
        except ValueError:  # no Iron-Message-Id: not a push (InvalidArgumentError)
            self.send_response(400)
            self.end_headers()
            return
        received.put(push)
        self.send_response(ACCEPTED)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per push is printed by the worker below


def work(ironmq: IronMQ, done: threading.Semaphore) -> None:
    """Handle each taken push, then acknowledge it so that it is not pushed again."""
    while True:
        push = received.get()
        print(f"handled {push.body!r} (message {push.message_id}, for {push.subscriber_name})")
        ironmq.queue(push.queue_name or QUEUE).acknowledge(push)
        done.release()


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = os.environ.get("RECEIVER_URL", f"http://127.0.0.1:{server.server_port}/push")
    print(f"receiving pushes at {url}")

    with IronMQ() as ironmq:  # project_id and token from iron.json or IRON_* variables
        notifications = ironmq.queue(QUEUE)
        notifications.create(
            type="multicast",
            subscribers=[{"name": "mailer", "url": url}],
            retries=3,
            retries_delay=60,  # how long a 202 holds the message for the acknowledgement
        )
        done = threading.Semaphore(0)
        threading.Thread(target=work, args=(ironmq, done), daemon=True).start()

        ids = notifications.post(*MESSAGES)
        for _ in ids:
            if not done.acquire(timeout=60):
                raise SystemExit(f"no push arrived for a minute: can the server reach {url}?")
        for message_id in ids:
            (status,) = notifications.get_message_push_statuses(message_id)
            print(f"message {message_id}: {status.status}")  # deleted: delivered, acknowledged
        notifications.delete_queue()
    server.shutdown()


if __name__ == "__main__":
    main()
