"""What every service shares: the store, the clock, the rules, the events and the reports."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from .errors import MESSAGE_NOT_FOUND, QUEUE_NOT_FOUND, NotFound
from .limits import DEFAULT_MESSAGE_EXPIRATION, DEFAULT_MESSAGE_TIMEOUT
from .ports import Clock, Events, Reports
from .records import MessageState, QueueRecord
from .rules import ApiRules
from .store import Store
from .values import QueueSettings

DEFAULT_SETTINGS = QueueSettings("pull", DEFAULT_MESSAGE_TIMEOUT, DEFAULT_MESSAGE_EXPIRATION)
"""A queue created by a post, or as a dead-letter, alert or error queue."""


def new_queue_id() -> str:
    """A queue's `id`: 24 hex characters, like IronMQ's."""
    return secrets.token_hex(12)


def new_reservation_id() -> str:
    """A reservation id: 32 hex characters, new on every reserve, touch and push try."""
    return os.urandom(16).hex()


@dataclass
class Context:
    """The services' shared dependencies, and the two queue look-ups all of them use."""

    store: Store
    clock: Clock
    rules: ApiRules
    events: Events
    reports: Reports

    def queue(self, project_id: str, name: str) -> QueueRecord:
        """The queue, or NotFound."""
        queue = self.store.queues.get(project_id, name)
        if queue is None:
            raise NotFound(QUEUE_NOT_FOUND)
        return queue

    def ensure_queue(self, project_id: str, name: str) -> QueueRecord:
        """The queue, created as a default pull queue if it is missing."""
        queue = self.store.queues.get(project_id, name)
        if queue is None:
            queue = self.store.queues.insert(project_id, name, new_queue_id(), DEFAULT_SETTINGS)
        return queue

    def queue_to_update(self, project_id: str, name: str) -> QueueRecord:
        """The queue a subscriber or alert change applies to: created if missing when the
        rules say so (ApiRules.updates_create_queues), else NotFound."""
        if self.rules.updates_create_queues:
            return self.ensure_queue(project_id, name)
        return self.queue(project_id, name)

    def message(self, queue: QueueRecord, message_id: int, now: float) -> MessageState:
        """An unexpired message of the queue (also a pushed one whose delivery is over, even
        after a v2 queue stopped being a push queue), or NotFound."""
        found = self.store.messages.get(queue.pk, message_id, now)
        if found is None:
            found = self.store.messages.get_finished(queue.pk, message_id, now)
        if found is None:
            raise NotFound(MESSAGE_NOT_FOUND)
        return found
