"""A small in-memory model of IronMQ v2 pull-queue semantics, as spec/ironmq-v2.yaml decides
them (decisions 3, 4, 7, X2, X3, X10), and nothing of ironmq-local's code.

Where it differs from `model.Model` (v3):

- no reservation ids: any message is deleted, touched or released by its id;
- per-message settings: a message has its own `timeout` (else 60) and `expires_in` (else
  604800); a get (reserve) or touch without a timeout lasts the message's own;
- order is FIFO by the time a message became available, ties by id: a message posted at t
  comes at t; a reservation that ends (it ran out) puts its message at the instant it ended,
  behind everything posted before; a release puts it at the instant it is available again
  (now, or after its delay). v3 keeps a timed-out message's place instead;
- touch reserves the message for its timeout from now, whether or not it was reserved, and
  counts as a reservation; releasing a message nobody reserved succeeds;
- a message fetched by id says where it stands: `reserved`, `delayed` or `queued`.

Time is in seconds from the start of the run, as in `model`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import MessageMissing, QueueMissing

DEFAULT_TIMEOUT = 60
DEFAULT_EXPIRATION = 604_800


@dataclass
class Msg:
    """One message as the model knows it."""

    id: str
    body: str
    place: float
    """When it became available (or will): its place in FIFO order, before its id."""
    expires_at: float
    timeout: int | None = None
    available_at: float = 0.0
    reserved_until: float | None = None
    reserved_count: int = 0

    @property
    def key(self) -> tuple[float, int]:
        return (self.place, int(self.id))

    @property
    def own_timeout(self) -> int:
        return self.timeout or DEFAULT_TIMEOUT


@dataclass
class QueueModel:
    """One queue: its messages and counter."""

    name: str
    messages: dict[str, Msg] = field(default_factory=dict)
    total_messages: int = 0


class V2Model:
    """Queues and a clock, under v2's rules."""

    def __init__(self) -> None:
        self.now = 0.0
        self.queues: dict[str, QueueModel] = {}

    def queue(self, name: str) -> QueueModel:
        q = self.queues.get(name)
        if q is None:
            raise QueueMissing(name)
        return q

    def ensure(self, name: str) -> QueueModel:
        return self.queues.setdefault(name, QueueModel(name))

    def reserved(self, m: Msg) -> bool:
        return m.reserved_until is not None and m.reserved_until > self.now

    def ready(self, m: Msg) -> bool:
        return not self.reserved(m) and m.available_at <= self.now

    def live(self, name: str) -> list[Msg]:
        """The queue's unexpired messages in FIFO order (dropping the expired ones)."""
        q = self.queue(name)
        for m in [m for m in q.messages.values() if m.expires_at <= self.now]:
            del q.messages[m.id]
        return sorted(q.messages.values(), key=lambda m: m.key)

    def message(self, name: str, message_id: str) -> Msg:
        for m in self.live(name):
            if m.id == message_id:
                return m
        raise MessageMissing(message_id)

    def status(self, m: Msg) -> str:
        """What a get by id says of a message."""
        if self.reserved(m):
            return "reserved"
        return "delayed" if m.available_at > self.now else "queued"

    def size(self, name: str) -> int:
        return len(self.live(name))

    def reserved_now(self, name: str) -> int:
        return sum(self.reserved(m) for m in self.live(name))

    def total(self, name: str) -> int:
        return self.queue(name).total_messages

    # messages -------------------------------------------------------------------------

    def post(self, name: str, ids: list[str], items: list[tuple[str, int, int, int]]) -> None:
        """`items`: (body, delay, timeout, expires_in), 0 meaning the default."""
        q = self.ensure(name)
        for mid, (body, delay, timeout, expires_in) in zip(ids, items, strict=True):
            q.messages[mid] = Msg(
                mid,
                body,
                place=self.now,
                expires_at=self.now + (expires_in or DEFAULT_EXPIRATION),
                timeout=timeout or None,
                available_at=self.now + delay,
            )
        q.total_messages += len(ids)

    def peek(self, name: str, n: int) -> list[Msg]:
        return [m for m in self.live(name) if self.ready(m)][:n]

    def reserve(self, name: str, n: int, timeout: int, delete: bool) -> list[tuple[Msg, int]]:
        """Apply a get: the messages handed out, each with how long it is reserved."""
        q = self.queue(name)
        out = []
        for m in self.peek(name, n):
            seconds = timeout or m.own_timeout
            m.reserved_count += 1
            if delete:
                del q.messages[m.id]
            else:
                self._reserve(m, seconds)
            out.append((m, seconds))
        return out

    def _reserve(self, m: Msg, seconds: int) -> None:
        m.reserved_until = m.place = self.now + seconds
        m.available_at = 0.0

    def touch(self, name: str, message_id: str) -> None:
        m = self.message(name, message_id)
        m.reserved_count += 1
        self._reserve(m, m.own_timeout)

    def release(self, name: str, message_id: str, delay: int) -> None:
        m = self.message(name, message_id)
        m.reserved_until = None
        m.available_at = m.place = self.now + delay

    def delete_many(self, name: str, ids: list[str]) -> None:
        q = self.queue(name)
        for mid in ids:
            self.message(name, mid)
        for mid in ids:
            del q.messages[mid]

    def clear(self, name: str) -> None:
        self.queue(name).messages.clear()

    def advance(self, seconds: float) -> None:
        self.now += seconds
