"""The storage port: what the services need from a store, one protocol per table group.

`storage/sqlite.py` implements it on SQLite (a file, or `:memory:` in the domain tests);
a second engine implements these protocols and nothing else changes. Every method runs
inside the caller's `transaction()` when it writes; reads may run outside one.

The store keeps each queue's counters itself, in the transaction of every change: no
operation pays for the messages already queued. `count` and `count_reserved` cost a
logarithm plus the rows they must exclude or count (expired rows not yet purged, reserved
rows); `total_messages` grows with every message stored in or moved into a queue.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol

from .records import (
    AlertRecord,
    BrowsedMessage,
    MessageState,
    PendingPush,
    PushRow,
    PushStatus,
    QueueRecord,
    ReadyMessage,
)
from .values import Alert, Headers, Message, QueueSettings, Subscriber


class MessageInsert(NamedTuple):
    """A message to store: its id, content and when it becomes available and expires."""

    id: int
    body: str
    push_headers: Headers | None
    available_at: float  # 0: ready now
    expires_at: float
    seq: int  # its place in FIFO order (messages.order_key of when it was posted)
    timeout: int | None = None  # its own reservation timeout (v2)


class MetaStore(Protocol):
    """Small named values that outlive a restart (the id counter, the virtual clock)."""

    def get(self, key: str) -> str | None:
        """Return a stored value."""
        ...

    def set(self, key: str, value: str) -> None:
        """Store a value."""
        ...


class QueueStore(Protocol):
    """Queues and their push subscribers."""

    def get(self, project_id: str, name: str) -> QueueRecord | None:
        """Return a queue by name."""
        ...

    def by_pk(self, pk: int) -> QueueRecord | None:
        """Return a queue by primary key."""
        ...

    def insert(
        self, project_id: str, name: str, queue_id: str, settings: QueueSettings
    ) -> QueueRecord:
        """Create a queue (with its subscribers) and return its record."""
        ...

    def update(self, pk: int, settings: QueueSettings) -> None:
        """Overwrite a queue's type, settings and subscribers."""
        ...

    def subscribers(self, pk: int) -> tuple[Subscriber, ...]:
        """A push queue's subscribers in order."""
        ...

    def clear(self, pk: int) -> int:
        """Empty a queue at once and return its new pk: its subscribers and alerts follow
        it, its messages are no longer reachable and are deleted later by `purge_dropped`."""
        ...

    def delete(self, pk: int) -> None:
        """Delete a queue with its subscribers and alerts; its messages and push rows are
        no longer reachable and are deleted later by `purge_dropped`."""
        ...

    def names(
        self, project_id: str, previous: str | None, prefix: str | None, limit: int
    ) -> list[str]:
        """Queue names in byte order after `previous`, starting with `prefix`."""
        ...

    def page(self, project_id: str, offset: int, limit: int) -> list[QueueRecord]:
        """Queues in byte order of their names, skipping the first `offset`."""
        ...

    def pks(self) -> list[int]:
        """The primary keys of every queue of every project, in increasing order."""
        ...

    def all(self) -> list[QueueRecord]:
        """Every queue of every project, by project id and then name in byte order."""
        ...

    def delete_all(self) -> None:
        """Delete everything but the meta values."""
        ...


class MessageStore(Protocol):
    """Messages: ready ones in queue order (seq, id), delayed and reserved ones until due."""

    def insert(self, queue_pk: int, rows: Sequence[MessageInsert]) -> None:
        """Store new messages."""
        ...

    def max_id(self) -> int:
        """The highest message id stored (0 if none)."""
        ...

    def max_seq(self) -> int:
        """The highest FIFO place stored (0 if none)."""
        ...

    def count(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue, reserved and delayed ones included (a counter
        minus the expired rows not yet purged)."""
        ...

    def count_reserved(self, queue_pk: int, now: float) -> int:
        """Unexpired messages of a queue that a reservation holds at `now` (touches those
        alone)."""
        ...

    def purge_expired(self, queue_pk: int, now: float, limit: int) -> int:
        """Delete up to `limit` expired messages of a queue; return how many."""
        ...

    def promote_due(self, queue_pk: int, now: float, limit: int) -> int:
        """Make up to `limit` messages whose delay or reservation has ended ready again,
        the earliest due first; return how many."""
        ...

    def scan_ready(
        self, queue_pk: int, after: tuple[int, int] | None, limit: int
    ) -> Iterator[ReadyMessage]:
        """Ready messages after `after` (seq, id) in queue order (expired ones included), read
        up front: the caller may change rows while it iterates."""
        ...

    def peek(self, queue_pk: int, now: float, limit: int) -> list[Message]:
        """The first ready, unexpired messages."""
        ...

    def next_due(self, queue_pk: int, now: float) -> float | None:
        """The earliest future end of a delay or reservation."""
        ...

    def get(self, queue_pk: int, message_id: int, now: float) -> MessageState | None:
        """An unexpired message of the queue."""
        ...

    def get_many(
        self, queue_pk: int, message_ids: Sequence[int], now: float
    ) -> dict[int, MessageState]:
        """`get` for many ids at once: the ones found, by id."""
        ...

    def get_finished(self, queue_pk: int, message_id: int, now: float) -> MessageState | None:
        """An unexpired push message whose delivery is over."""
        ...

    def reserve(
        self, message_id: int, reservation_id: str | None, until: float, seq: int | None = None
    ) -> None:
        """Reserve a message until `until` and count the reservation; a `seq` gives it the
        place it takes when the reservation ends (None: it keeps its place)."""
        ...

    def set_available(self, message_id: int, available_at: float, seq: int | None = None) -> None:
        """End a reservation; available at `available_at` (0: now), at `seq` if given."""
        ...

    def move(self, ids: Sequence[int], source_pk: int, target_pk: int, expires_at: float) -> None:
        """Move messages to another queue, ready at once, keeping id, body and count."""
        ...

    def delete(self, queue_pk: int, ids: Sequence[int], *, push: bool = False) -> None:
        """Delete messages of a queue (with `push`: also finished ones and their push rows)."""
        ...

    def purge_dropped(self, limit: int) -> int:
        """Delete up to `limit` rows left behind by a cleared or deleted queue; return how
        many (0: nothing left to do)."""
        ...

    def min_expiry(self, queue_pk: int) -> float | None:
        """The earliest expiry among a queue's messages."""
        ...

    def browse(self, queue_pk: int, now: float, after_id: int, limit: int) -> list[BrowsedMessage]:
        """Unexpired messages after `after_id` in id order, in any state (on push queues
        finished ones too), without changing any row."""
        ...

    def requeue(self, from_pk: int, to_pk: int, now: float, expires_at: float, limit: int) -> int:
        """Move up to `limit` unexpired messages of a queue that no reservation holds to
        another, ready at once, their reservation counts back to 0 (their places in order
        kept); return how many moved."""
        ...

    def unpark(self, queue_pk: int) -> None:
        """Make a queue's undelivered push messages pull messages, ready now, without their
        push rows (the queue stopped being a push queue)."""
        ...


class PushStore(Protocol):
    """One row per (push message, subscriber), and finished push messages."""

    def insert(
        self, due: Sequence[tuple[int, float]], subscribers: Sequence[Subscriber], retries: int
    ) -> None:
        """Add a `queued` row per subscriber for each (message id, first due time)."""
        ...

    def rows(self, message_id: int, *, claimed_only: bool = False) -> list[PushRow]:
        """A message's rows in subscriber order."""
        ...

    def row_by_name(self, message_id: int, name: str) -> PushRow | None:
        """A message's row for the subscriber of that name."""
        ...

    def due_messages(self, now: float, limit: int) -> list[int]:
        """Ids of messages with a row due by `now`, earliest first, each once."""
        ...

    def claim(self, message_id: int, now: float, *, all_rows: bool) -> None:
        """Mark a message's due rows (or all its pending rows) as being delivered."""
        ...

    def set_reservation(self, message_id: int, position: int, reservation_id: str) -> None:
        """Give a row the reservation id of the try about to be made."""
        ...

    def give_up(self, message_id: int, position: int, msg: str | None) -> None:
        """End a row in `error` without another try."""
        ...

    def record_try(
        self,
        row: PushRow,
        *,
        status: PushStatus,
        retries_remaining: int,
        status_code: int,
        at: float,
        msg: str,
        due_at: float | None,
    ) -> None:
        """Store the outcome of a try on a claimed row and release the claim."""
        ...

    def settle(
        self, row: PushRow, *, status: PushStatus, retries_remaining: int, due_at: float | None
    ) -> None:
        """Set a row's status, remaining retries and due time and release any claim."""
        ...

    def next_due(self) -> float | None:
        """The earliest due time of any row."""
        ...

    def recover_claimed(self, now: float) -> int:
        """Make rows claimed by a stopped process due now; return how many."""
        ...

    def pending(self, message_id: int) -> PendingPush | None:
        """A push message still in its queue."""
        ...

    def finish(self, message_id: int) -> None:
        """Take a message whose delivery is over out of its queue (still readable by id)."""
        ...

    def purge_finished(self, queue_pk: int, now: float, limit: int) -> int:
        """Forget up to `limit` expired finished messages of a queue with their rows;
        return how many."""
        ...

    def delete_rows(self, message_id: int) -> None:
        """Forget the rows of a message that no longer exists."""
        ...


class AlertStore(Protocol):
    """Alerts of queues, with the queue size each last saw."""

    def of_queue(self, queue_pk: int) -> list[AlertRecord]:
        """A queue's alerts in order."""
        ...

    def alerted_queues(self) -> list[int]:
        """The primary keys of the queues that have alerts."""
        ...

    def insert(self, queue_pk: int, position: int, alert: Alert, last_size: int) -> None:
        """Add an alert."""
        ...

    def delete(self, queue_pk: int, ids: Sequence[str] | None = None) -> None:
        """Delete some (or all) alerts of a queue."""
        ...

    def update_state(self, alert_id: str, last_size: int, snoozed_until: float) -> None:
        """Store what an alert has seen."""
        ...

    def progressive_edges(self, project_id: str) -> list[tuple[str, str]]:
        """(queue name, target) of every progressive alert of a project."""
        ...


class Store(Protocol):
    """A whole store: the table groups and one transaction over all of them."""

    @property
    def meta(self) -> MetaStore:
        """Named values."""
        ...

    @property
    def queues(self) -> QueueStore:
        """Queues and subscribers."""
        ...

    @property
    def messages(self) -> MessageStore:
        """Messages."""
        ...

    @property
    def push(self) -> PushStore:
        """Push deliveries."""
        ...

    @property
    def alerts(self) -> AlertStore:
        """Alerts."""
        ...

    def transaction(self) -> AbstractContextManager[None]:
        """One write transaction (nested use joins the outer one); commit on success."""
        ...

    def close(self) -> None:
        """Release the store."""
        ...
