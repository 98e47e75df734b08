"""Push delivery, the domain half: who gets which message when, and what each answer means.

No HTTP here. `Push` claims due deliveries from the store as `Job`s and records the
`Outcome` of each attempt (values.py); runtime/pusher.py runs the jobs on the event loop
through a `DeliveryPort` (ports.py; runtime/delivery.py sends HTTP). Rules (FACTS.md §2.5,
§4.2):

- A 2xx answer other than 202 delivers; 202 reserves the message for that subscriber until it
  is acknowledged or its window passes (the message's own timeout if it was posted with one,
  v2; else `retries_delay`), which then counts as a failed try; anything else (error status,
  refused connection, timeout) fails the try.
- Multicast: every subscriber on its own; a failed one is retried after `retries_delay` while
  `retries_remaining` lasts, then its status is `error`.
- Unicast: one round tries the subscribers one after another (starting at a rotating one)
  until one accepts; a round in which all fail is retried after `retries_delay`. Once one
  subscriber has the message, every entry reads `deleted`.
- When no subscriber is pending any more the message leaves the queue (it stays readable by
  id, with its statuses, until it expires) and, if any subscriber ended in `error` and the
  queue has an `error_queue`, a report is posted there.

Pushes serve v2 and v3 subscribers alike: every request carries v3's headers and v2's
`Iron-Subscriber-Message-Id`, the subscriber id that v2's push statuses show and v2's
acknowledgement takes (`subscriber_id`).
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
SUBSCRIBER_ID_DIGITS = 4
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


def subscriber_id(message_id: int, position: int) -> str:
    """The id of one subscriber's delivery of one message (v2): the message id followed by
    the subscriber's position in at least four digits. Stable, and never a message id."""
    return f"{message_id}{position:0{SUBSCRIBER_ID_DIGITS}d}"


def subscriber_position(message_id: int, subscriber: str) -> int | None:
    """The position a subscriber id of this message names, or None if it names none."""
    rest = subscriber.removeprefix(str(message_id))
    if len(rest) == len(subscriber) or not (rest.isascii() and rest.isdigit()):
        return None
    position = int(rest)
    return position if subscriber_id(message_id, position) == subscriber else None


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
                    "Iron-Subscriber-Message-Id": subscriber_id(message_id, row.position),
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
            if message is None or queue is None or not claimed:
                return  # deleted, expired, cleared, finished or acknowledged meanwhile
            delay = queue.push_retries_delay or PUSH_RETRIES_DELAY_DEFAULT  # read when needed
            window = message.timeout or delay  # how long a 202 holds the message
            for delivery, outcome in results:
                row = claimed.get(delivery.position)
                if row is None:
                    continue
                status: PushStatus
                if outcome.delivered:
                    status, due = "deleted", None
                elif outcome.reserved:
                    status, due = "reserved", now + window
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
        *,
        by_id: bool = False,
    ) -> bool:
        """A subscriber is done with a message (on unicast queues: everyone is).

        The subscriber is named by name (v3) or, `by_id`, by its subscriber id (v2). Returns
        False on a pull queue, where a subscriber name means nothing (a subscriber id there
        is NotFound). Under v3 rules the reservation id of the try is needed while a 202
        window lasts; a subscriber not in a 202 window can be stopped without one.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            if not queue.is_push and not by_id:
                return False
            self.ctx.message(queue, message_id, now)
            found = self._row(message_id, subscriber, by_id=by_id)
            in_window = (
                found.status == "reserved" and found.due_at is not None and found.due_at > now
            )
            # A subscriber that answers 202 and acknowledges at once may be quicker than the
            # pusher records its answer: the try is still in flight (its row claimed), and
            # its reservation id, sent in the push, holds already.
            in_flight = (
                reservation_id is not None
                and reservation_id == found.reservation_id
                and any(
                    r.position == found.position
                    for r in self.store.push.rows(message_id, claimed_only=True)
                )
            )
            if self.ctx.rules.reservation_ids:
                if in_window and reservation_id is None:
                    raise ReservationRequired(RESERVATION_REQUIRED)
                if (
                    reservation_id is not None
                    and not in_flight
                    and (not in_window or reservation_id != found.reservation_id)
                ):
                    raise ReservationTimedOut(RESERVATION_TIMED_OUT)
            if not in_window and not in_flight and found.status not in PENDING:
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

    def _row(self, message_id: int, subscriber: str, *, by_id: bool) -> PushRow:
        """A message's push row for a subscriber name (or subscriber id), else NotFound."""
        if not by_id:
            found = self.store.push.row_by_name(message_id, subscriber)
        else:
            position = subscriber_position(message_id, subscriber)
            rows = self.store.push.rows(message_id) if position is not None else []
            found = next((r for r in rows if r.position == position), None)
        if found is None:
            raise NotFound(SUBSCRIBER_NOT_FOUND)
        return found

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
