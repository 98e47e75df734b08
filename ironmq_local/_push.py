"""Push delivery, the domain half: who gets which message when, and what each answer means.

No HTTP here. `PushBook` claims due deliveries from storage as `Job`s and records the
`Outcome` of each attempt; `_pusher.Pusher` runs the jobs on the event loop through a
`DeliveryPort` (the httpx adapter lives in `_delivery.py`). Rules (FACTS.md §2.5, §4.2):

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
  queue has an `error_queue`, a report in the v3 layout is posted there.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ._alerts import rfc3339
from ._models import NewMessage

if TYPE_CHECKING:
    from ._broker import Broker

USER_AGENT = "IronMQ Pusherd"
CONTENT_TYPE = "text/plain; encoding=utf-8"
NO_ACK = "No acknowledgement within retries_delay after 202"
PENDING = ("queued", "retrying", "reserved")

MessageUrl = Callable[[str, str, int, str, str], str]
"""(project_id, queue_name, message_id, subscriber_name, reservation_id) → the ack URL."""


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to: the HTTP status (0 = no answer) and a text."""

    status_code: int
    msg: str

    @property
    def delivered(self) -> bool:
        """A 2xx answer other than 202."""
        return 200 <= self.status_code < 300 and self.status_code != 202

    @property
    def reserved(self) -> bool:
        """202: the subscriber will acknowledge later."""
        return self.status_code == 202


class DeliveryPort(Protocol):
    """Sends one push request; never raises for HTTP or network trouble."""

    async def deliver(
        self, url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> Outcome:
        """POST `body` to `url` and return the outcome within `timeout` seconds."""
        ...


@dataclass(frozen=True)
class Delivery:
    """One request to make: a subscriber's row of a message."""

    position: int
    name: str
    url: str
    headers: dict[str, str]
    reservation_id: str
    retries_remaining: int  # after this try (stored when its outcome is recorded)


@dataclass(frozen=True)
class Job:
    """Deliveries of one message that are due now (in order, for unicast)."""

    message_id: int
    project_id: str
    queue_name: str
    unicast: bool
    body: str
    deliveries: tuple[Delivery, ...]


def _new_reservation_id() -> str:
    return os.urandom(16).hex()


def _headers(subscriber: str | None, message: str | None) -> dict[str, str]:
    """Defaults, then subscriber headers, then the message's push headers (case-insensitive)."""
    merged: dict[str, tuple[str, str]] = {
        "user-agent": ("User-Agent", USER_AGENT),
        "content-type": ("Content-Type", CONTENT_TYPE),
    }
    for raw in (subscriber, message):
        for name, value in (json.loads(raw) if raw else {}).items():
            merged[name.lower()] = (name, value)
    return dict(merged.values())


class PushBook:
    """Claims due push deliveries and records their outcomes, each in one transaction."""

    def __init__(self, broker: Broker, message_url: MessageUrl) -> None:
        self.broker = broker
        self.storage = broker.storage
        self.clock = broker.clock
        self.message_url = message_url

    def recover(self) -> None:
        """Deliveries that a stopped process had in flight are due again now."""
        with self.storage.transaction():
            self.storage.recover_claimed(self.clock.now())

    def next_due(self) -> float | None:
        """When the next push row is due (None: nothing scheduled)."""
        return self.storage.next_push_due()

    def claim(self, limit: int) -> list[Job]:
        """Claim up to `limit` messages with due deliveries and return their jobs."""
        jobs: list[Job] = []
        now = self.clock.now()
        with self.storage.transaction():
            for message_id in self.storage.due_push_messages(now, limit * 8)[:limit]:
                job = self._claim_one(message_id, now)
                if job is not None:
                    jobs.append(job)
        return jobs

    def _claim_one(self, message_id: int, now: float) -> Job | None:
        found = self.storage.message_for_push(message_id)
        queue_row = None if found is None else self.storage.get_queue_by_pk(found[0])
        if found is None or queue_row is None:
            self.storage.delete_push_rows(message_id)  # expired or deleted meanwhile
            return None
        _pk, body, push_headers, _expires = found
        project_id, queue_name, unicast = queue_row[1], queue_row[2], queue_row[4] == "unicast"
        self.storage.claim_push_rows(message_id, now, all_rows=unicast)
        rows = self.storage.push_rows(message_id, claimed_only=True)
        # A retry (any try after the first, or the end of a 202 window) uses up one retry;
        # on unicast queues a whole round is one try.
        retry_round = any(r[5] != "queued" for r in rows)
        deliveries: list[Delivery] = []
        for row in rows:
            position, name, url, sub_headers, status, remaining = (
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[7],
            )
            if retry_round if unicast else status != "queued":
                if remaining <= 0:
                    msg = NO_ACK if status == "reserved" else row[10]
                    self.storage.update_push_row(
                        message_id, position, status="error", claimed=0, msg=msg
                    )
                    continue
                remaining -= 1
            rid = _new_reservation_id()
            self.storage.update_push_row(message_id, position, reservation_id=rid)
            headers = _headers(sub_headers, push_headers)
            headers.update(
                {
                    "Iron-Message-Id": str(message_id),
                    "Iron-Reservation-Id": rid,
                    "Iron-Subscriber-Name": name,
                    "Iron-Subscriber-Message-Url": self.message_url(
                        project_id, queue_name, message_id, name, rid
                    ),
                }
            )
            deliveries.append(Delivery(position, name, url, headers, rid, remaining))
        if not deliveries:
            self._maybe_finish(message_id, queue_row, now)
            return None
        if unicast:  # spread messages over the subscribers: start at a rotating one
            k = message_id % len(deliveries)
            deliveries = deliveries[k:] + deliveries[:k]
        return Job(message_id, project_id, queue_name, unicast, body, tuple(deliveries))

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
        self.broker.post_messages(job.project_id, target, [NewMessage(job.body)])
        return Outcome(200, "OK")

    def record(self, job: Job, results: list[tuple[Delivery, Outcome]]) -> None:
        """Store the outcomes of a job's attempts and finish the message if nothing is left."""
        now = self.clock.now()
        with self.storage.transaction():
            queue_row = self.storage.get_queue_by_pk(self._queue_pk(job.message_id) or -1)
            claimed = {r[1]: r for r in self.storage.push_rows(job.message_id, claimed_only=True)}
            if queue_row is None or not claimed:
                return  # deleted, expired, cleared, finished or acknowledged meanwhile
            delay = json.loads(queue_row[8])["retries_delay"] if queue_row[8] else 60
            for delivery, outcome in results:
                row = claimed.get(delivery.position)
                if row is None:
                    continue
                status, due = "retrying", None
                if outcome.delivered:
                    status = "deleted"
                elif outcome.reserved:
                    status, due = "reserved", now + delay
                elif not job.unicast:
                    status, due = (
                        ("retrying", now + delay)
                        if delivery.retries_remaining > 0
                        else ("error", None)
                    )
                self.storage.update_push_row(
                    job.message_id,
                    delivery.position,
                    status=status,
                    tries=row[6] + 1,
                    retries_remaining=delivery.retries_remaining,
                    status_code=outcome.status_code,
                    last_try_at=now,
                    msg=outcome.msg,
                    due_at=due,
                    claimed=0,
                )
            if job.unicast:
                self._end_round(job, results, now + delay)
            self._maybe_finish(job.message_id, queue_row, now)

    def _end_round(
        self, job: Job, results: list[tuple[Delivery, Outcome]], retry_at: float
    ) -> None:
        last = results[-1][1] if results else None
        remaining = min(d.retries_remaining for d in job.deliveries)
        rows = [r for r in self.storage.push_rows(job.message_id) if r[5] in PENDING]
        for row in rows:
            values: dict[str, Any] = {"retries_remaining": remaining}
            if last is not None and last.delivered:
                values.update(status="deleted", due_at=None)
            elif last is not None and last.reserved:
                if row[5] != "reserved":
                    values["due_at"] = None
            elif remaining > 0:
                values.update(status="retrying", due_at=retry_at)
            else:
                values.update(status="error", due_at=None)
            self.storage.update_push_row(job.message_id, row[1], claimed=0, **values)

    def acknowledge(
        self, queue_row: tuple[Any, ...], message_id: int, position: int, now: float
    ) -> None:
        """A subscriber is done with the message (on unicast queues: everyone is)."""
        for row in self.storage.push_rows(message_id):
            if row[5] in PENDING and (row[1] == position or queue_row[4] == "unicast"):
                self.storage.update_push_row(
                    message_id, row[1], status="deleted", due_at=None, claimed=0
                )
        self._maybe_finish(message_id, queue_row, now)

    def _queue_pk(self, message_id: int) -> int | None:
        found = self.storage.message_for_push(message_id)
        return None if found is None else int(found[0])

    def _maybe_finish(self, message_id: int, queue_row: tuple[Any, ...], now: float) -> None:
        rows = self.storage.push_rows(message_id)
        if any(r[5] in PENDING for r in rows):
            return
        found = self.storage.message_for_push(message_id)
        if found is None:
            return
        self.storage.finish_message(message_id)
        failed = [r for r in rows if r[5] == "error"]
        settings = json.loads(queue_row[8]) if queue_row[8] else {}
        error_queue = settings.get("error_queue")
        if failed and error_queue:
            report = {
                "source_msg_id": str(message_id),
                "body": found[1],
                "headers": _headers(None, found[2]),
                "subscribers": [
                    {"name": r[2], "url": r[3], "code": r[8] or 0, "msg": r[10] or ""}
                    for r in failed
                ],
            }
            self.broker.post_messages(queue_row[1], error_queue, [NewMessage(json.dumps(report))])

    def statuses(self, message_id: int) -> list[dict[str, Any]]:
        """The push statuses of a message, one per subscriber, in subscriber order."""
        out: list[dict[str, Any]] = []
        for r in self.storage.push_rows(message_id):
            entry: dict[str, Any] = {
                "name": r[2],
                "url": r[3],
                "retries_remaining": r[7],
                "tries": r[6],
                "status": r[5],
            }
            if r[8] is not None:
                entry["status_code"] = r[8]
            if r[9] is not None:
                entry["last_try_at"] = rfc3339(r[9])
            out.append(entry)
        return out
