"""The consumer's side: reserve, peek, delete, touch and release, and dead letters.

Order is FIFO by (seq, id), where seq starts as the message id. Under v3 rules a reservation
that ends (timeout or release) leaves seq alone, so the message is handed out before
everything posted after it: the front of the queue. Under v2 rules reserving, touching or
releasing sets seq to the place a message posted when the reservation ends would take: the
tail (ApiRules.timed_out_to_front). The protocol that reserved decides, whichever looks next.

Every reservation gets a reservation id, v2's too: v2 clients never see or need it, but a v3
client must not delete, touch or release a message that a v2 client holds without it.

Storage keeps "ready" (`available_at` 0) apart from "due" (a delay or reservation that has
ended, `available_at` in the past): reserve and peek first promote due messages to ready,
so the FIFO scan walks an index of ready messages only.

No step holds the database for long, however many messages are due, expired or dead at
the front of a queue: `reserve_step` and `peek_step` promote or pass over at most STEP_ROWS
rows, commit, and say whether they stopped early; the wire calls them again after letting
other requests in (`reserve` and `peek` loop for callers that do not yield).
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import Context, new_reservation_id
from .errors import (
    MESSAGE_NOT_FOUND,
    RESERVATION_REQUIRED,
    RESERVATION_TIMED_OUT,
    NotFound,
    ReservationRequired,
    ReservationTimedOut,
)
from .limits import STEP_ROWS
from .messages import Messages, order_key
from .records import MessageState, QueueRecord
from .values import DeleteTarget, Message


class Reservations:
    """Pull-queue consumption, each operation committed before it returns."""

    def __init__(self, ctx: Context, messages: Messages) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.messages = messages

    def reserve(
        self, project_id: str, name: str, n: int, timeout: int, delete: bool
    ) -> list[Message]:
        """Reserve up to `n` available messages in queue order (`reserve_step` until it
        finds some or has looked at everything)."""
        while True:
            out, more = self.reserve_step(project_id, name, n, timeout, delete)
            if out or not more:
                return out

    def reserve_step(
        self, project_id: str, name: str, n: int, timeout: int, delete: bool
    ) -> tuple[list[Message], bool]:
        """Reserve up to `n` available messages in queue order; move dead letters on the way.

        One bounded step: returns (the messages, whether it stopped after STEP_ROWS rows
        promoted or passed over, with more to look at: call again, then, if it found none).

        Args:
            project_id: the queue's project.
            name: the queue's name.
            n: most messages to hand out.
            timeout: seconds the reservation lasts (0: the default of `_seconds`).
            delete: delete the messages instead of reserving them.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.store.queues.get(project_id, name)
            if queue is None:
                if self.ctx.rules.missing_queue_reserves_nothing:
                    return [], False
                queue = self.ctx.queue(project_id, name)  # raises NotFound
            if self.store.messages.promote_due(queue.pk, now, STEP_ROWS) >= STEP_ROWS:
                return [], True  # more may be due, before the ready ones: the next step
            dead_letter = queue.dead_letter
            limit = dead_letter.max_reservations if dead_letter else None
            ready, drop, dead = self._pick(queue.pk, now, n, limit)
            stopped = len(ready) < n and len(drop) + len(dead) >= STEP_ROWS
            out: list[Message] = []
            for m in ready:
                rid = new_reservation_id()
                seconds = timeout or self._seconds(queue, m.timeout)
                if delete:
                    drop.append(m.id)
                else:
                    until = now + seconds
                    self.store.messages.reserve(m.id, rid, until, self._place(until))
                out.append(Message(m.id, m.body, m.reserved_count + 1, rid, seconds))
            if drop:
                self.store.messages.delete(queue.pk, drop)
            if dead and dead_letter:
                # The DLQ is created if missing; a moved message keeps id, body and count,
                # and expires after the DLQ's message_expiration from now (FACTS.md §2.7).
                target = self.ctx.ensure_queue(project_id, dead_letter.queue_name)
                expires_at = now + target.message_expiration
                self.store.messages.move(dead, queue.pk, target.pk, expires_at)
                self.messages.size_changed(target)
            if drop or dead:
                self.messages.size_changed(queue)
        if dead and dead_letter:
            self.ctx.events.available(project_id, dead_letter.queue_name)
        return out, stopped

    def _seconds(self, queue: QueueRecord, own: int | None) -> int:
        """How long a reserve or touch without a timeout lasts: the message's own timeout
        under v2 rules (ApiRules.per_message_timeouts), else the queue's message_timeout."""
        if own and self.ctx.rules.per_message_timeouts:
            return own
        return queue.message_timeout

    def _place(self, available_at: float) -> int | None:
        """The seq a message takes when it becomes available again at `available_at`: None
        (it keeps its place) under v3 rules, the tail under v2 rules."""
        return None if self.ctx.rules.timed_out_to_front else order_key(available_at)

    def _pick(
        self, queue_pk: int, now: float, n: int, max_reservations: int | None
    ) -> tuple[list[Message], list[int], list[int]]:
        """Return (up to n reservable messages, expired ids, dead-letter ids) in queue order,
        passing over at most STEP_ROWS expired and dead ones.

        A message already reserved `max_reservations` times goes to the dead letters
        instead (the D3DLQ example moves a message whose count equals the maximum). The
        messages carry their own timeout (None: the queue's).
        """
        out: list[Message] = []
        expired: list[int] = []
        dead: list[int] = []
        after: tuple[int, int] | None = None
        while len(out) < n and len(expired) + len(dead) < STEP_ROWS:
            # A batch at a time: as many as still needed (rows cost their bodies: no more
            # in the common case), growing while it passes over expired or dead ones.
            size = n - len(out) + len(expired) + len(dead)
            batch = self.store.messages.scan_ready(queue_pk, after, size)
            seen = after
            for row in batch:
                if len(out) == n or len(expired) + len(dead) == STEP_ROWS:
                    break
                after = (row.seq, row.id)
                if row.expires_at <= now:
                    expired.append(row.id)
                elif max_reservations is not None and row.reserved_count >= max_reservations:
                    dead.append(row.id)
                else:
                    out.append(Message(row.id, row.body, row.reserved_count, None, row.timeout))
            if after == seen:
                break  # an empty batch: no more ready messages
        return out, expired, dead

    def next_due(self, project_id: str, name: str) -> float | None:
        """When the next delayed or reserved message of a queue becomes available."""
        queue = self.store.queues.get(project_id, name)
        if queue is None:
            return None
        return self.store.messages.next_due(queue.pk, self.ctx.clock.now())

    def peek(self, project_id: str, name: str, n: int) -> list[Message]:
        """The first `n` available messages (`peek_step` until it has promoted every due one)."""
        while True:
            found, more = self.peek_step(project_id, name, n)
            if not more:
                return found

    def peek_step(self, project_id: str, name: str, n: int) -> tuple[list[Message], bool]:
        """The first `n` available messages, not reserved (and without reservation ids).

        One bounded step: returns (the messages, whether due messages are still to be
        promoted, so the answer may be incomplete: call again). Under v2 rules each carries
        the timeout a reserve would give it (v3 shows none).
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            if self.store.messages.promote_due(queue.pk, now, STEP_ROWS) >= STEP_ROWS:
                return [], True
            found = self.store.messages.peek(queue.pk, now, n)
        if not self.ctx.rules.per_message_timeouts:
            return found, False
        default = queue.message_timeout
        timed = [Message(m.id, m.body, m.reserved_count, None, m.timeout or default) for m in found]
        return timed, False

    def check(
        self,
        msg: MessageState,
        reservation_id: str | None,
        now: float,
        *,
        must_be_reserved: bool,
        suffix: str = "",
    ) -> None:
        """Check a reservation id against a message.

        A reserved message needs its current id; an id on a message that is not reserved
        (never was, expired, released, superseded by a touch) is refused as timed out.
        Touch and release (`must_be_reserved`) always need one. Without reservation ids
        (ApiRules.reservation_ids false) anything goes.
        """
        if not self.ctx.rules.reservation_ids:
            return
        reserved = msg.reserved(now)
        if reservation_id is None:
            if reserved or must_be_reserved:
                raise ReservationRequired(RESERVATION_REQUIRED + suffix)
            return
        if not reserved or msg.reservation_id != reservation_id:
            raise ReservationTimedOut(RESERVATION_TIMED_OUT + suffix)

    def delete(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None
    ) -> None:
        """Delete one message; a reserved one needs its current reservation id."""
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            msg = self.ctx.message(queue, message_id, now)
            self.check(msg, reservation_id, now, must_be_reserved=False)
            self.store.messages.delete(queue.pk, [message_id], push=queue.is_push)
            self.messages.size_changed(queue)

    def delete_many(self, project_id: str, name: str, targets: Sequence[DeleteTarget]) -> None:
        """Delete a batch, all or nothing; errors name the offending id."""
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            found = self.store.messages.get_many(queue.pk, [t.id for t in targets], now)
            for t in targets:
                msg = found.get(t.id)
                if msg is None:
                    raise NotFound(f"{MESSAGE_NOT_FOUND}: {t.id}")
                suffix = f" for message {t.id}"
                self.check(msg, t.reservation_id, now, must_be_reserved=False, suffix=suffix)
            self.store.messages.delete(queue.pk, [t.id for t in targets], push=queue.is_push)
            self.messages.size_changed(queue)

    def clear(self, project_id: str, name: str) -> None:
        """Delete every message of a queue, reserved ones included, at once for every client:
        the queue gets a new pk and the old rows go in the background (`purge_dropped`)."""
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            pk = self.store.queues.clear(queue.pk)
            self.messages.alerts.moved(queue.pk, pk)
            self.messages.size_changed(queue._replace(pk=pk))
        self.ctx.events.scheduled()  # the background worker has rows to delete

    def _held(
        self,
        project_id: str,
        name: str,
        message_id: int,
        reservation_id: str | None,
        now: float,
    ) -> tuple[QueueRecord, MessageState]:
        """The queue and message, once `reservation_id` is checked to hold it (touch, release)."""
        queue = self.ctx.queue(project_id, name)
        msg = self.store.messages.get(queue.pk, message_id, now)
        if msg is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        self.check(msg, reservation_id, now, must_be_reserved=True)
        return queue, msg

    def touch(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None, timeout: int
    ) -> str:
        """Extend a reservation from now; return the new reservation id (the old one dies).

        A touch counts as a reservation (reserved_count grows) but never moves a message
        to the dead letters: only a later reserve does. Without a timeout it lasts what a
        reserve would (`_seconds`). Without reservation ids (v2) it reserves the message
        whether or not it was reserved: a client whose reservation ran out keeps it.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            queue, msg = self._held(project_id, name, message_id, reservation_id, now)
            rid = new_reservation_id()
            until = now + (timeout or self._seconds(queue, msg.timeout))
            self.store.messages.reserve(message_id, rid, until, self._place(until))
            return rid

    def release(
        self, project_id: str, name: str, message_id: int, reservation_id: str | None, delay: int
    ) -> None:
        """End a reservation; the message is available again now or after `delay`.

        Without reservation ids (v2) a message that is not reserved may be released too
        (the Java v2 client's tests do): it becomes available after `delay` like one whose
        reservation ended.
        """
        now = self.ctx.clock.now()
        with self.store.transaction():
            self._held(project_id, name, message_id, reservation_id, now)
            available = now + delay if delay else 0.0
            self.store.messages.set_available(message_id, available, self._place(now + delay))
        if not delay:
            self.ctx.events.available(project_id, name)
