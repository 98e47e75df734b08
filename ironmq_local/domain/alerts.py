"""Queue-size alerts (FACTS.md §3.4, §5): configuration, validation and firing on crossings.

An alert remembers the queue size it last saw (`last_size`); on every change of the size the
messages service calls `judge`, which compares the old and new size with the alert's rule.
Firing is reported back as `AlertFired` values: posting the alert messages is the messages
service's job, so this module never depends on it.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from .context import Context
from .errors import (
    ALERT_NOT_FOUND,
    DUPLICATE_ALERT,
    PROGRESSIVE_CYCLE,
    PROGRESSIVE_SELF,
    PUSH_QUEUES_NO_ALERTS,
    InvalidArgument,
    NotFound,
)
from .limits import MAX_ALERTS
from .records import AlertRecord, QueueRecord
from .values import Alert, AlertFired, AlertSpec

TOO_MANY_ALERTS = f"A queue can have at most {MAX_ALERTS} alerts"


def crossed(alert: AlertRecord, old: int, new: int) -> bool:
    """Whether a size change from `old` to `new` fires the alert (snooze aside).

    fixed asc T: from below T to T or above. fixed desc T: from above T to T or below.
    progressive asc T: past a new multiple k*T (k >= 1) upwards, once however many.
    progressive desc T: from above some k*T (k >= 1) to it or below; 0 is never a level.
    """
    t = alert.trigger
    if alert.type == "fixed":
        return old < t <= new if alert.direction == "asc" else old > t >= new
    if alert.direction == "asc":
        return new > old and new // t > old // t
    if new >= old:
        return False
    lowest = max(1, -(-new // t))  # the smallest level k*T at or above `new`
    highest = (old - 1) // t  # the largest level k*T strictly below `old`
    return lowest <= highest


def check_new(
    queue_name: str,
    existing: Sequence[Alert],
    new: Sequence[AlertSpec],
    *,
    replace: bool,
    progressive_edges: Iterable[tuple[str, str]],
) -> None:
    """Raise InvalidArgument if `new` may not be added to (or replace) `existing`.

    Duplicates are judged against the alerts kept, not within `new` (FACTS.md §3.4: five
    identical alerts in one request are accepted); progressive alerts must not lead back
    to their own queue through other queues' progressive alerts.
    """
    kept = [] if replace else list(existing)
    if len(kept) + len(new) > MAX_ALERTS:
        raise InvalidArgument(TOO_MANY_ALERTS)
    keys = {(a.spec.type, a.spec.direction, a.spec.trigger) for a in kept}
    if any((s.type, s.direction, s.trigger) in keys for s in new):
        raise InvalidArgument(DUPLICATE_ALERT)
    edges: dict[str, set[str]] = {}
    for source, target in progressive_edges:
        if source != queue_name or not replace:
            edges.setdefault(source, set()).add(target)
    for s in new:
        if s.type != "progressive":
            continue
        if s.queue == queue_name:
            raise InvalidArgument(PROGRESSIVE_SELF)
        edges.setdefault(queue_name, set()).add(s.queue)
    if _reaches(edges, queue_name, queue_name):
        raise InvalidArgument(PROGRESSIVE_CYCLE)


def _reaches(edges: dict[str, set[str]], start: str, goal: str) -> bool:
    seen: set[str] = set()
    todo = list(edges.get(start, ()))
    while todo:
        name = todo.pop()
        if name == goal:
            return True
        if name not in seen:
            seen.add(name)
            todo.extend(edges.get(name, ()))
    return False


class Alerts:
    """Alerts of pull queues, each change committed before it returns."""

    def __init__(self, ctx: Context, alerted: set[int] | None = None) -> None:
        self.ctx = ctx
        self.store = ctx.store
        # Queues with alerts, kept in memory: every size change asks, and almost all queues
        # have none, so the common answer costs no query. Read it, never change it, outside.
        # Services of another API version share the same set (`sharing`).
        self.alerted = set(self.store.alerts.alerted_queues()) if alerted is None else alerted

    def sharing(self, ctx: Context) -> Alerts:
        """The same alerts (and memory of alerted queues) under another context's rules."""
        return Alerts(ctx, self.alerted)

    def of(self, queue_pk: int) -> tuple[Alert, ...]:
        """A queue's alerts as configured."""
        if queue_pk not in self.alerted:
            return ()
        return tuple(a.alert for a in self.store.alerts.of_queue(queue_pk))

    def add(self, project_id: str, name: str, specs: Sequence[AlertSpec]) -> None:
        """Add alerts (at most 5 in all, none duplicating an existing one); under v2 rules
        to a queue created if missing (ApiRules.updates_create_queues)."""
        with self.store.transaction():
            self.set(self.ctx.queue_to_update(project_id, name), specs, replace=False)

    def replace(self, project_id: str, name: str, specs: Sequence[AlertSpec]) -> None:
        """Set a queue's alerts to exactly these."""
        with self.store.transaction():
            self.set(self.ctx.queue(project_id, name), specs, replace=True)

    def remove(self, project_id: str, name: str, alert_ids: Sequence[str]) -> None:
        """Remove alerts by id; an unknown id is NotFound and removes nothing."""
        with self.store.transaction():
            queue = self.ctx.queue(project_id, name)
            known = {a.id for a in self.of(queue.pk)}
            for aid in alert_ids:
                if aid not in known:
                    raise NotFound(f"{ALERT_NOT_FOUND}: {aid}")
            self.store.alerts.delete(queue.pk, alert_ids)
            if not self.store.alerts.of_queue(queue.pk):
                self.alerted.discard(queue.pk)

    def set(self, queue: QueueRecord, specs: Sequence[AlertSpec], *, replace: bool) -> None:
        """Add `specs` to a queue's alerts, or replace them; inside the caller's transaction."""
        if queue.is_push:
            raise InvalidArgument(PUSH_QUEUES_NO_ALERTS)
        existing = self.of(queue.pk)
        edges = self.store.alerts.progressive_edges(queue.project_id)
        check_new(queue.name, existing, specs, replace=replace, progressive_edges=edges)
        if replace:
            self.store.alerts.delete(queue.pk)
            existing = ()
        # A new alert starts from the size now: only later crossings fire it.
        size = self.store.messages.count(queue.pk, self.ctx.clock.now())
        for i, spec in enumerate(specs, start=len(existing)):
            self.store.alerts.insert(queue.pk, i, Alert(secrets.token_hex(12), spec), size)
        if specs:
            self.alerted.add(queue.pk)
        elif replace:
            self.alerted.discard(queue.pk)
        self.ctx.events.scheduled()  # its messages' expiry may now fire an alert

    def reload(self) -> None:
        """Read which queues have alerts from the store again (in place: it is shared)."""
        self.alerted.clear()
        self.alerted.update(self.store.alerts.alerted_queues())

    def moved(self, old_pk: int, new_pk: int) -> None:
        """A cleared queue's alerts now belong to its new pk."""
        if old_pk in self.alerted:
            self.alerted.discard(old_pk)
            self.alerted.add(new_pk)

    def forget(self, queue_pk: int | None = None) -> None:
        """Drop the memory of a deleted queue's alerts (of every queue's, with None)."""
        if queue_pk is None:
            self.alerted.clear()
        else:
            self.alerted.discard(queue_pk)

    def judge(self, queue: QueueRecord) -> list[AlertFired]:
        """Compare the queue's size now with what each alert last saw; return those that fire.

        Crossings within an alert's snooze are dropped, not deferred. The new size is
        stored on every alert, fired or not, so the next change is judged from it.
        """
        if queue.pk not in self.alerted:
            return []
        now = self.ctx.clock.now()
        size = self.store.messages.count(queue.pk, now)
        fired: list[AlertFired] = []
        for record in self.store.alerts.of_queue(queue.pk):
            if record.last_size == size:
                continue
            fires = crossed(record, record.last_size, size) and now >= record.snoozed_until
            if fires:
                fired.append(AlertFired(queue.name, size, record.alert, now))
            until = now + record.snooze if fires else record.snoozed_until
            self.store.alerts.update_state(record.id, size, until)
        return fired

    def expiring(self, now: float) -> list[int]:
        """Queues with alerts whose first message has expired by `now`."""
        out = []
        for pk in self.alerted:
            first = self.store.messages.min_expiry(pk)
            if first is not None and first <= now:
                out.append(pk)
        return out

    def next_expiry(self) -> float | None:
        """When the next message of a queue with alerts expires."""
        times = [t for pk in self.alerted if (t := self.store.messages.min_expiry(pk)) is not None]
        return min(times, default=None)
