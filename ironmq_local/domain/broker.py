"""The broker: the domain's services composed over one store, clock and set of rules.

Handlers reach a service through it (`broker.reservations.reserve(...)`); the broker itself
only holds what spans services: acknowledging-or-deleting a message, resetting everything,
the background tick, and the virtual clock's persisted state.

One server speaks v3 and v2 over the same store: `with_rules` gives the same broker under
another version's rules. The services that read the rules (queues, reservations, alerts,
push acknowledgements) are made anew; what holds state in memory (the message id counter,
the set of queues with alerts) is shared, and the messages service reads no rules.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from .alerts import Alerts
from .context import Context
from .dead_letters import DeadLetters
from .messages import Messages
from .ports import Clock, Events, MessageUrl, NoEvents, Reports
from .push import Push
from .queries import Queries
from .queues import Queues
from .reservations import Reservations
from .rules import V3_RULES, ApiRules
from .store import Store


class Broker:
    """Every IronMQ operation, each one committed to the store before it returns.

    Args:
        store: where queues and messages live.
        clock: the domain's time.
        reports: the texts of alert messages and error-queue reports.
        message_url: the acknowledgement URL a push carries.
        rules: the API behaviours to follow.
        events: who to wake after changes (long polls, the push worker).
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        *,
        reports: Reports,
        message_url: MessageUrl,
        rules: ApiRules = V3_RULES,
        events: Events | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.message_url = message_url
        ctx = Context(store, clock, rules, events or NoEvents(), reports)
        alerts = Alerts(ctx)
        self._compose(ctx, alerts, Messages(ctx, alerts))

    def _compose(self, ctx: Context, alerts: Alerts, messages: Messages) -> None:
        self.ctx = ctx
        self.rules = ctx.rules
        self.alerts = alerts
        self.messages = messages
        self.reservations = Reservations(ctx, messages)
        self.dead_letters = DeadLetters(ctx, messages)
        self.queues = Queues(ctx, alerts)
        self.push = Push(ctx, messages, self.message_url)
        self.queries = Queries(ctx, alerts)

    def with_rules(self, rules: ApiRules) -> Broker:
        """This broker (same store, clock, events, ids and alerts) under other API rules."""
        if rules == self.rules:
            return self
        other = copy.copy(self)
        ctx = replace(self.ctx, rules=rules)
        other._compose(ctx, self.alerts.sharing(ctx), self.messages)
        return other

    def delete_message(
        self,
        project_id: str,
        name: str,
        message_id: int,
        reservation_id: str | None,
        subscriber_name: str | None = None,
    ) -> None:
        """Delete one message; with a subscriber name on a push queue, acknowledge it instead."""
        if subscriber_name and self.push.acknowledge(
            project_id, name, message_id, subscriber_name, reservation_id
        ):
            return
        self.reservations.delete(project_id, name, message_id, reservation_id)

    def acknowledge(self, project_id: str, name: str, message_id: int, subscriber_id: str) -> None:
        """A subscriber, named by its subscriber id (v2), is done with a pushed message."""
        self.push.acknowledge(project_id, name, message_id, subscriber_id, None, by_id=True)

    def reset(self) -> None:
        """Delete every queue and message of every project."""
        with self.store.transaction():
            self.store.queues.delete_all()
            self.alerts.forget()
            self.messages.forget_order()

    def reload(self) -> None:
        """Forget what memory holds that the store may no longer have (a transaction was
        lost): which queues have alerts."""
        self.alerts.reload()

    def next_due(self) -> float | None:
        """When the background worker must look next: a push try, or an alerted expiry."""
        due = [t for t in (self.push.next_due(), self.alerts.next_expiry()) if t is not None]
        return min(due, default=None)

    def save_clock(self, offset: float, frozen_at: float | None) -> None:
        """Persist the virtual clock, so a restart keeps deadlines where they were."""
        with self.store.transaction():
            self.store.meta.set("clock_offset", repr(offset))
            self.store.meta.set("clock_frozen_at", "" if frozen_at is None else repr(frozen_at))


def saved_clock(store: Store) -> tuple[float, float | None]:
    """The virtual clock's (offset, frozen_at) as last saved (0 and None at first)."""
    offset = store.meta.get("clock_offset")
    frozen = store.meta.get("clock_frozen_at")
    return float(offset) if offset else 0.0, float(frozen) if frozen else None
