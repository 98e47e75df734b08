"""A long-running worker: a dead-letter queue, an attempt limit, and a clean stop on SIGTERM.

    IRON_PROJECT_ID=... IRON_TOKEN=... python examples/worker.py     # until SIGTERM / Ctrl+C

Orders arrive on the queue `orders` as JSON (`{"id": 1}`); the worker "ships" each one.

- The server's safety net: `orders` moves a message reserved 10 times to `orders-dead`
  without any worker's help (its worker crashed each time, say).
- The worker's attempt limit: a message whose handler raised 3 times is given up; it goes
  to `orders-dead` with its error, then is deleted. Between attempts it waits 1 s, then
  2 s (growing with each attempt, up to 10 minutes), so a poison message never makes a
  hot loop.
- SIGTERM (what `docker stop` and Kubernetes send) or Ctrl+C: the consumer stops reserving
  once the current long poll ends (`WORKER_WAIT`, 20 s unless set, bounds that: keep it
  below your orchestrator's grace period), the handlers in flight finish and delete their
  messages, reserved messages not started are released at once; then the program exits 0.
- Server restarts, dropped connections, 5xx storms: the consumer logs one line, pauses
  (1 s doubling up to 30 s) and goes on. Only a configuration error (a wrong token, say)
  ends `run()`.

Handlers run on threads, so everything is written through `logging`, one whole line each.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
from types import FrameType

from ironmq_sdk import DeadLetter, IronMQ, ReservedMessage

QUEUE, DEAD = "orders", "orders-dead"
WAIT = int(os.environ.get("WORKER_WAIT", "20"))
"""Long-poll seconds (0-30): also how long a stop may take to be noticed."""

log = logging.getLogger("worker")


def ship(message: ReservedMessage) -> None:
    """Handle one order: raising puts the message back for another attempt."""
    order = json.loads(message.body)  # "not json" raises: a poison message
    log.info("shipped order %s (attempt %d)", order["id"], message.reserved_count)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    with IronMQ() as ironmq:  # project_id and token from iron.json or IRON_* variables
        orders, dead = ironmq.queue(QUEUE), ironmq.queue(DEAD)
        orders.create(dead_letter=DeadLetter(DEAD, max_reservations=10))

        def park(message: ReservedMessage, error: Exception) -> None:
            # Keep the message with why it failed; if this raises, the message stays.
            dead.post(json.dumps({"body": message.body, "error": repr(error)}))
            log.warning(
                "gave up on message %s after %d attempts", message.id, message.reserved_count
            )

        consumer = orders.consumer(
            batch_size=10, wait=WAIT, concurrency=4, max_attempts=3, on_exhausted=park
        )

        def stop(signum: int, frame: FrameType | None) -> None:
            log.info("%s: stopping after the current long poll", signal.Signals(signum).name)
            consumer.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        log.info("worker started on %s (dead letters to %s)", QUEUE, DEAD)
        consumer.run(ship)
        log.info(
            "worker stopped: %d shipped, %d failed attempts, %d given up",
            consumer.processed,
            consumer.failed,
            consumer.given_up,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
