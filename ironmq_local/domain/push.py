"""Push delivery, the domain half: who gets which message when, and what each answer means.

No HTTP here. `Push` claims due deliveries from the store as `Job`s and records the
`Outcome` of each attempt (values.py); runtime/pusher.py runs the jobs on the event loop
through a `DeliveryPort` (ports.py; runtime/delivery.py sends HTTP). Rules (FACTS.md §2.5,
§4.2):

- A 2xx answer other than 202 delivers; 202 reserves the message for that subscriber until it
  is acknowledged or `retries_delay` passes, which then counts as a failed try; anything else
  (error status, refused connection, timeout) fails the try.
- Multicast: every subscriber on its own; a failed one is retried after `retries_delay` while
  `retries_remaining` lasts, then its status is `error`.
- Unicast: one round tries the subscribers one after another (starting at a rotating one)
  until one accepts; a round in which all fail is retried after `retries_delay`. Once one
  subscriber has the message, every entry reads `deleted`.
- When no subscriber is pending any more the message leaves the queue (it stays readable by
  id, with its statuses, until it expires) and, if any subscriber ended in `error` and the
  queue has an `error_queue`, a report is posted there.
"""

from __future__ import annotations

import urllib.parse

from .context import Context, new_reservation_id
from .errors import (
    RESERVATION_REQUIRED,
    RESERVATION_TIMED_OUT,
    SUBSCRIBER_NOT_FOUND,
    NotFound,
    ReservationRequired,
    ReservationTimedOut,
)
from .limits import PUSH_RETRIES_DELAY_DEFAULT
from .messages import Messages
from .ports import MessageUrl
from .records import PENDING, PushRow, PushStatus, QueueRecord
from .values import (
    Delivery,
    FailedSubscriber,
    Headers,
    Job,
    NewMessage,
    Outcome,
    PushFailure,
)

USER_AGENT = "IronMQ Pusherd"
CONTENT_TYPE = "text/plain; encoding=utf-8"
NO_ACK = "No acknowledgement within retries_delay after 202"


def push_headers(subscriber: Headers | None, message: Headers | None) -> dict[str, str]:
    """Defaults, then subscriber headers, then the message's push headers (case-insensitive)."""
    merged: dict[str, tuple[str, str]] = {
        "user-agent": ("User-Agent", USER_AGENT),
        "content-type": ("Content-Type", CONTENT_TYPE),
    }
    for headers in (subscriber, message):
        for name, value in (headers or {}).items():
            merged[name.lower()] = (name, value)
    return dict(merged.values())


class Push:
    """Claims due push deliveries and records their outcomes, each in one transaction."""

    def __init__(
        self,
        ctx: Context,
        messages: Messages,
        message_url: MessageUrl,
    ) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.messages = messages
        self.message_url = message_url

    def recover(self) -> None:
        """Deliveries that a stopped process had in flight are due again now."""
        with self.store.transaction():
            self.store.push.recover_claimed(self.ctx.clock.now())

    def next_due(self) -> float | None:
        """When the next push row is due (None: nothing scheduled)."""
        return self.store.push.next_due()

    def claim(self, limit: int) -> list[Job]:
        """Claim up to `limit` messages with due deliveries and return their jobs."""
        jobs: list[Job] = []
        now = self.ctx.clock.now()
        with self.store.transaction():
            for message_id in self.store.push.due_messages(now, limit * 8)[:limit]:
                job = self._claim_one(message_id, now)
                if job is not None:
                    jobs.append(job)
        return jobs

    def _claim_one(self, message_id: int, now: float) -> Job | None:
        message = self.store.push.pending(message_id)
        queue = None if message is None else self.store.queues.by_pk(message.queue_pk)
        if message is None or queue is None:
            self.store.push.delete_rows(message_id)  # expired or deleted meanwhile
            return None
        unicast = queue.type == "unicast"
        self.store.push.claim(message_id, now, all_rows=unicast)
        rows = self.store.push.rows(message_id, claimed_only=True)
        # A retry (any try after the first, or the end of a 202 window) uses up one retry;
        # on unicast queues a whole round is one try.
        retry_round = any(r.status != "queued" for r in rows)
        deliveries: list[Delivery] = []
        for row in rows:
            remaining = row.retries_remaining
            if retry_round if unicast else row.status != "queued":
                if remaining <= 0:
                    msg = NO_ACK if row.status == "reserved" else row.msg
                    self.store.push.give_up(message_id, row.position, msg)
                    continue
                remaining -= 1
            rid = new_reservation_id()
            self.store.push.set_reservation(message_id, row.position, rid)
            headers = push_headers(row.headers, message.push_headers)
            headers.update(
                {
                    "Iron-Message-Id": str(message_id),
                    "Iron-Reservation-Id": rid,
                    "Iron-Subscriber-Name": row.name,
                    "Iron-Subscriber-Message-Url": self.message_url(
                        queue.project_id, queue.name, message_id, row.name, rid
                    ),
                }
            )
            deliveries.append(Delivery(row.position, row.name, row.url, headers, rid, remaining))
        if not deliveries:
            self._maybe_finish(message_id, queue)
            return None
        if unicast:  # spread messages over the subscribers: start at a rotating one
            k = message_id % len(deliveries)
            deliveries = deliveries[k:] + deliveries[:k]
        return Job(
            message_id, queue.project_id, queue.name, unicast, message.body, tuple(deliveries)
        )

    def deliver_internal(self, job: Job, delivery: Delivery) -> Outcome:
        """Deliver to an `ironmq://` (copy into a queue) or `ironworker://` subscriber."""
        try:
            parts = urllib.parse.urlsplit(delivery.url)
        except ValueError:
            return Outcome(0, "invalid subscriber URL")
        if parts.scheme != "ironmq":
            return Outcome(0, "ironworker subscribers are not supported by ironmq-local")
        project = parts.username or job.project_id
        target = urllib.parse.unquote(parts.path.lstrip("/"))
        if project != job.project_id or parts.hostname:
            return Outcome(0, "ironmq-local only copies into queues of the same project")
        if not target or target == job.queue_name:
            return Outcome(0, "ironmq:// subscribers need another queue's name")
        self.messages.post(job.project_id, target, [NewMessage(job.body)])
        return Outcome(200, "OK")

    def record(self, job: Job, results: list[tuple[Delivery, Outcome]]) -> None:
        """Store the outcomes of a job's attempts and finish the message if nothing is left."""
        now = self.ctx.clock.now()
        with self.store.transaction():
            message = self.store.push.pending(job.message_id)
            queue = None if message is None else self.store.queues.by_pk(message.queue_pk)
            claimed = {
                r.position: r for r in self.store.push.rows(job.message_id, claimed_only=True)
            }
            if queue is None or not claimed:
                return  # deleted, expired, cleared, finished or acknowledged meanwhile
            delay = queue.push_retries_delay or PUSH_RETRIES_DELAY_DEFAULT  # read when needed
            for delivery, outcome in results:
                row = claimed.get(delivery.position)
                if row is None:
                    continue
                status: PushStatus
                if outcome.delivered:
                    status, due = "deleted", None
                elif outcome.reserved:
                    status, due = "reserved", now + delay
                elif job.unicast:
                    status, due = "retrying", None  # the round's end decides (_end_round)
                elif delivery.retries_remaining > 0:
                    status, due = "retrying", now + delay
                else:
                    status, due = "error", None
                self.store.push.record_try(
                    row,
                    status=status,
                    retries_remaining=delivery.retries_remaining,
                    status_code=outcome.status_code,
                    at=now,
                    msg=outcome.msg,
                    due_at=due,
                )
            if job.unicast:
                self._end_round(job, results, now + delay)
            self._maybe_finish(job.message_id, queue)

    def _end_round(
        self, job: Job, results: list[tuple[Delivery, Outcome]], retry_at: float
    ) -> None:
        last = results[-1][1] if results else None
        remaining = min(d.retries_remaining for d in job.deliveries)
        for row in self.store.push.rows(job.message_id):
            if row.status not in PENDING:
                continue
            if last is not None and last.delivered:
                self.store.push.settle(
                    row, status="deleted", retries_remaining=remaining, due_at=None
                )
            elif last is not None and last.reserved:
                # the subscriber that answered 202 keeps its window; the others wait for it
                due = row.due_at if row.status == "reserved" else None
                self.store.push.settle(
                    row, status=row.status, retries_remaining=remaining, due_at=due
                )
            elif remaining > 0:
                self.store.push.settle(
                    row, status="retrying", retries_remaining=remaining, due_at=retry_at
                )
            else:
                self.store.push.settle(
                    row, status="error", retries_remaining=remaining, due_at=None
                )

    def acknowledge(
        self,
        project_id: str,
        name: str,
        message_id: int,
        subscriber: str,
        reservation_id: str | None,
    ) -> bool:
        """A subscriber is done with a message (on unicast queues: everyone is).

        Returns False on a pull queue, where a subscriber name means nothing. While a 202
        window lasts the reservation id of that try is needed; a subscriber not in a 202
        window can be stopped by name without one.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            if not queue.is_push:
                return False
            self.ctx.message(queue, message_id, now)
            found = self.store.push.row_by_name(message_id, subscriber)
            if found is None:
                raise NotFound(SUBSCRIBER_NOT_FOUND)
            if found.status == "reserved" and found.due_at is not None and found.due_at > now:
                if reservation_id is None:
                    raise ReservationRequired(RESERVATION_REQUIRED)
                if reservation_id != found.reservation_id:
                    raise ReservationTimedOut(RESERVATION_TIMED_OUT)
            elif reservation_id is not None:
                raise ReservationTimedOut(RESERVATION_TIMED_OUT)
            elif found.status not in PENDING:
                return True  # nothing left to stop
            for row in self.store.push.rows(message_id):
                if row.status in PENDING and (
                    row.position == found.position or queue.type == "unicast"
                ):
                    self.store.push.settle(
                        row, status="deleted", retries_remaining=row.retries_remaining, due_at=None
                    )
            self._maybe_finish(message_id, queue)
            return True

    def _maybe_finish(self, message_id: int, queue: QueueRecord) -> None:
        rows = self.store.push.rows(message_id)
        if any(r.status in PENDING for r in rows):
            return
        message = self.store.push.pending(message_id)
        if message is None:
            return
        self.store.push.finish(message_id)
        failed = [r for r in rows if r.status == "error"]
        if failed and queue.error_queue:
            report = PushFailure(
                message_id,
                message.body,
                push_headers(None, message.push_headers),
                tuple(_failed(r) for r in failed),
            )
            body = self.ctx.reports.error_report(report)
            self.messages.post(queue.project_id, queue.error_queue, [NewMessage(body)])


def _failed(row: PushRow) -> FailedSubscriber:
    return FailedSubscriber(row.name, row.url, row.status_code or 0, row.msg or "")
