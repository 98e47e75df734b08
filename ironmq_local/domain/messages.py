"""Messages entering and leaving queues: posting, size changes and the alerts they fire, expiry.

Every change of a queue's size goes through `size_changed`, which asks the alerts service
what fired and posts the alert messages (which may fire alerts of their own target in
turn, up to MAX_ALERT_DEPTH steps).
"""

from __future__ import annotations

from collections.abc import Sequence

from .alerts import Alerts
from .context import Context
from .limits import MAX_ALERT_DEPTH, SWEEP_BATCH
from .records import NEVER, QueueRecord
from .store import MessageInsert
from .values import NewMessage

# Message ids: milliseconds since the epoch shifted left by 20 bits gives 19 decimal
# digits from 2001 until the 23rd century, increasing, like IronMQ's ids.
_ID_SHIFT = 20
# How far ahead of the ids handed out the stored mark `last_message_id` runs (10 s of ids):
# it is written once per that many, not on every post, and a restart starts above it.
_ID_MARGIN = 10_000 << _ID_SHIFT


def order_key(at: float) -> int:
    """The place (`seq`) in FIFO order of a message posted at `at`: its millisecond, scaled
    like message ids.

    Order follows the clock rather than the id counter, which runs ahead of the clock once
    the clock went back (the control API's reset, or after a restart). A v2 reservation that
    ends at `at` puts its message here, behind everything posted before
    (ApiRules.timed_out_to_front); ties (the same millisecond) go by id: the older first.
    """
    return int(at * 1000) << _ID_SHIFT


class Messages:
    """Posting messages and keeping queue sizes (and their alerts) up to date."""

    def __init__(self, ctx: Context, alerts: Alerts) -> None:
        self.ctx = ctx
        self.store = ctx.store
        self.alerts = alerts
        last = self.store.meta.get("last_message_id")
        self._last_id = max(int(last) if last else 0, self.store.messages.max_id())
        self._id_mark = self._last_id  # no id beyond it is handed out before it is stored
        # the place of the last post: later posts never go before it, even if the clock
        # goes back a little (a reset, which empties every queue, starts it over)
        self._last_seq = self.store.messages.max_seq()
        self._sweep_from = 0  # the queue pk where the next sweep starts

    def post(self, project_id: str, name: str, messages: Sequence[NewMessage]) -> list[int]:
        """Put messages on a queue (creating a pull queue if missing); return their ids."""
        with self.store.transaction():
            queue = self.ctx.ensure_queue(project_id, name)
            ids = self.insert(queue, messages, self.ctx.clock.now())
        if queue.is_push:
            self.ctx.events.scheduled()
        elif any(not m.delay for m in messages):
            self.ctx.events.available(project_id, name)
        return ids

    def insert(
        self, queue: QueueRecord, messages: Sequence[NewMessage], now: float, depth: int = 0
    ) -> list[int]:
        """Store messages in a queue (with a push row per subscriber on push queues).

        Inside the caller's transaction; judges the queue's alerts afterwards.
        """
        ids = self._new_ids(len(messages))
        seq = self._last_seq = max(order_key(now), self._last_seq)
        expiration = queue.message_expiration
        parked = queue.is_push  # push messages wait for the pusher, never for a reserve
        self.store.messages.insert(
            queue.pk,
            [
                MessageInsert(
                    mid,
                    m.body,
                    m.push_headers,
                    NEVER if parked else (now + m.delay if m.delay else 0.0),
                    now + (m.expires_in or expiration),
                    seq,
                    m.timeout or None,
                )
                for mid, m in zip(ids, messages, strict=True)
            ],
        )
        if parked:
            # Subscribers are copied into the push rows now: a later change of the queue's
            # subscribers does not change where an already posted message goes.
            self.store.push.insert(
                [(mid, now + m.delay) for mid, m in zip(ids, messages, strict=True)],
                self.store.queues.subscribers(queue.pk),
                queue.push_retries or 0,
            )
        self.size_changed(queue, depth)
        return ids

    def forget_order(self) -> None:
        """Start FIFO places over (every queue was emptied, and the clock may go back)."""
        self._last_seq = 0

    def _new_ids(self, count: int) -> list[int]:
        start = max(self._last_id + 1, order_key(self.ctx.clock.now()))
        self._last_id = start + count - 1
        if self._last_id > self._id_mark:
            # stored (a margin ahead) so that ids keep increasing across a restart even if
            # the clock went back and every message is gone
            self._id_mark = self._last_id + _ID_MARGIN
            self.store.meta.set("last_message_id", str(self._id_mark))
        return list(range(start, start + count))

    def size_changed(self, queue: QueueRecord, depth: int = 0) -> None:
        """Judge the queue's alerts against its size now; post the messages of those that fire."""
        if queue.pk not in self.alerts.alerted or depth > MAX_ALERT_DEPTH:
            return  # the common case, first: a queue without alerts
        fired = self.alerts.judge(queue)
        for event in fired:
            target_name = event.alert.spec.queue
            target = self.ctx.ensure_queue(queue.project_id, target_name)
            body = self.ctx.reports.alert_message(event)
            self.insert(target, [NewMessage(body)], event.at, depth + 1)
            self.ctx.events.available(queue.project_id, target_name)
        if fired:
            self.ctx.events.scheduled()

    def expire_alerted(self, limit: int = SWEEP_BATCH) -> bool:
        """Judge the alerts of queues with alerts whose messages expired, purging up to
        `limit` expired messages of each; return whether some are left (call again soon).

        Nothing else changes a size without a request, so the push worker calls this when
        `Alerts.next_expiry` comes (and the control API when the virtual clock moves). The
        size already leaves expired messages out, so judging need not wait for the purge.
        """
        now = self.ctx.clock.now()
        due = self.alerts.expiring(now)
        if not due:
            return False
        more = False
        with self.store.transaction():
            for pk in due:
                queue = self.store.queues.by_pk(pk)
                if queue is not None:
                    more |= self.store.messages.purge_expired(pk, now, limit) >= limit
                    self.size_changed(queue)
        return more

    def purge_dropped(self, limit: int = SWEEP_BATCH) -> bool:
        """Housekeeping: delete up to `limit` rows of cleared or deleted queues (no request
        reaches them any more); return whether some are left (call again soon)."""
        with self.store.transaction():
            return self.store.messages.purge_dropped(limit) >= limit

    def sweep(self, limit: int = SWEEP_BATCH) -> bool:
        """Housekeeping: delete up to `limit` expired messages and expired finished push
        messages, going on from the queue where the last sweep stopped.

        No reply depends on it (every read filters by expiry), but a size subtracts the
        expired rows still stored, so it keeps them few. Queues with alerts are left to
        `expire_alerted`, which judges them as it purges. Returns whether it stopped at
        `limit` (sweep again soon).
        """
        now = self.ctx.clock.now()
        budget = limit
        with self.store.transaction():
            for pk in self.store.queues.pks():
                if pk < self._sweep_from:
                    continue
                if pk not in self.alerts.alerted:
                    budget -= self.store.messages.purge_expired(pk, now, budget)
                if budget > 0:
                    budget -= self.store.push.purge_finished(pk, now, budget)
                if budget <= 0:
                    self._sweep_from = pk  # (it may have more: start there next time)
                    return True
        self._sweep_from = 0
        return False
