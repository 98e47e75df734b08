"""A small in-memory model of IronMQ v3 pull-queue semantics, as the spec decides them.

It encodes `info.description` of spec/ironmq-v3.yaml and ironmq_local/README.md ("Behaviour
where sources are silent"), and nothing of ironmq-local's code:

- order is FIFO by message id (= post order); a released or timed-out message keeps its
  position, so it comes before everything posted after it;
- `size` counts every unexpired message, reserved and delayed ones included; `total_messages`
  counts every message ever posted (or moved in as a dead letter);
- expiration is absolute from posting (or from the move into a dead-letter queue), and an
  expired message is gone even while reserved;
- a reservation lasts `timeout` (0 = the queue's `message_timeout`) and ends at that instant;
  a delay ends at its instant; an expiry happens at its instant;
- a reserve that meets a message whose `reserved_count >= max_reservations` moves it to the
  dead-letter queue (id, body, count kept; the DLQ is created if missing) and goes on;
- touch needs a valid reservation, counts as a reservation, renews it from now and replaces
  its id; release needs a valid reservation and hides the message for `delay` seconds;
- delete: a validly reserved message needs its current reservation id (none: 400, another:
  403); any reservation id on a message not validly reserved is 403; batch delete is all or
  nothing, checked in request order.

Time is in seconds from the start of the run (the server's clock is frozen and advanced
explicitly, so both agree exactly).
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEFAULT_TIMEOUT = 60
DEFAULT_EXPIRATION = 604_800


class Outcome(Exception):
    """The error the model expects the server to answer with."""

    status: int = 0

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or type(self).__name__)


class QueueMissing(Outcome):
    """404 Queue not found."""

    status = 404


class MessageMissing(Outcome):
    """404 Message not found."""

    status = 404


class ReservationRequired(Outcome):
    """400 A reservation_id is required."""

    status = 400


class ReservationTimedOut(Outcome):
    """403 Reservation timed out."""

    status = 403


@dataclass
class Msg:
    """One message as the model knows it."""

    id: str
    body: str
    expires_at: float
    available_at: float = 0.0
    reserved_count: int = 0
    reservation_id: str | None = None
    reserved_until: float = 0.0
    reservations: list[str] = field(default_factory=list)  # every id ever handed out

    @property
    def key(self) -> int:
        return int(self.id)


@dataclass
class QueueModel:
    """One queue: its settings, messages and counter."""

    name: str
    message_timeout: int = DEFAULT_TIMEOUT
    message_expiration: int = DEFAULT_EXPIRATION
    dead_letter: tuple[str, int] | None = None
    messages: dict[str, Msg] = field(default_factory=dict)
    total_messages: int = 0


class Model:
    """Queues and a clock."""

    def __init__(self) -> None:
        self.now = 0.0
        self.queues: dict[str, QueueModel] = {}
        self.gone: dict[str, Msg] = {}  # deleted, cleared, expired: never to come back

    # helpers ------------------------------------------------------------------------

    def queue(self, name: str) -> QueueModel:
        q = self.queues.get(name)
        if q is None:
            raise QueueMissing(name)
        return q

    def ensure(self, name: str) -> QueueModel:
        return self.queues.setdefault(name, QueueModel(name))

    def reserved(self, m: Msg) -> bool:
        return m.reservation_id is not None and m.reserved_until > self.now

    def expired(self, m: Msg) -> bool:
        return m.expires_at <= self.now

    def ready(self, m: Msg) -> bool:
        return not self.expired(m) and not self.reserved(m) and m.available_at <= self.now

    def live(self, name: str) -> list[Msg]:
        """The queue's unexpired messages in order (dropping the expired ones)."""
        q = self.queue(name)
        for m in [m for m in q.messages.values() if self.expired(m)]:
            self.gone[m.id] = q.messages.pop(m.id)
        return sorted(q.messages.values(), key=lambda m: m.key)

    def message(self, name: str, message_id: str) -> Msg:
        for m in self.live(name):
            if m.id == message_id:
                return m
        raise MessageMissing(message_id)

    def check(self, m: Msg, reservation_id: str | None, *, must_be_reserved: bool) -> None:
        reserved = self.reserved(m)
        if reservation_id is None:
            if reserved or must_be_reserved:
                raise ReservationRequired(m.id)
            return
        if not reserved or m.reservation_id != reservation_id:
            raise ReservationTimedOut(m.id)

    # queues ---------------------------------------------------------------------------

    def create(
        self,
        name: str,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        dead_letter: tuple[str, int] | None = None,
    ) -> None:
        q = self.ensure(name)
        if message_timeout is not None:
            q.message_timeout = message_timeout
        if message_expiration is not None:
            q.message_expiration = message_expiration
        if dead_letter is not None:
            q.dead_letter = dead_letter
            self.ensure(dead_letter[0])

    def size(self, name: str) -> int:
        return len(self.live(name))

    def total(self, name: str) -> int:
        return self.queue(name).total_messages

    # messages -------------------------------------------------------------------------

    def post(self, name: str, ids: list[str], bodies: list[str], delays: list[int]) -> None:
        q = self.ensure(name)
        for mid, body, delay in zip(ids, bodies, delays, strict=True):
            q.messages[mid] = Msg(
                mid,
                body,
                expires_at=self.now + q.message_expiration,
                available_at=self.now + delay,
            )
        q.total_messages += len(ids)

    def peek(self, name: str, n: int) -> list[Msg]:
        return [m for m in self.live(name) if self.ready(m)][:n]

    def plan_reserve(self, name: str, n: int) -> tuple[list[Msg], list[Msg]]:
        """(messages handed out, messages moved to the dead-letter queue), in order."""
        q = self.queue(name)
        out: list[Msg] = []
        dead: list[Msg] = []
        for m in self.live(name):
            if len(out) == n:
                break
            if not self.ready(m):
                continue
            if q.dead_letter is not None and m.reserved_count >= q.dead_letter[1]:
                dead.append(m)
            else:
                out.append(m)
        return out, dead

    def reserve(
        self, name: str, n: int, timeout: int, delete: bool, reservation_ids: list[str]
    ) -> tuple[list[Msg], list[Msg]]:
        """Apply a reserve whose answer carried `reservation_ids` (in order)."""
        q = self.queue(name)
        out, dead = self.plan_reserve(name, n)
        for m, rid in zip(out, reservation_ids, strict=True):
            m.reserved_count += 1
            m.reservations.append(rid)
            if delete:
                self.gone[m.id] = q.messages.pop(m.id)
            else:
                m.reservation_id = rid
                m.reserved_until = self.now + (timeout or q.message_timeout)
        if dead:
            assert q.dead_letter is not None
            target = self.ensure(q.dead_letter[0])
            for m in dead:
                del q.messages[m.id]
                m.reservation_id = None
                m.available_at = 0.0
                m.expires_at = self.now + target.message_expiration
                target.messages[m.id] = m
            target.total_messages += len(dead)
        return out, dead

    def touch(
        self, name: str, message_id: str, reservation_id: str | None, timeout: int, new_id: str
    ) -> None:
        q = self.queue(name)
        m = self.message(name, message_id)
        self.check(m, reservation_id, must_be_reserved=True)
        m.reservation_id = new_id
        m.reservations.append(new_id)
        m.reserved_until = self.now + (timeout or q.message_timeout)
        m.reserved_count += 1

    def expect_touch(self, name: str, message_id: str, reservation_id: str | None) -> None:
        """Raise the Outcome a touch (or release) would meet; None if it would succeed."""
        self.check(self.message(name, message_id), reservation_id, must_be_reserved=True)

    def release(self, name: str, message_id: str, reservation_id: str | None, delay: int) -> None:
        m = self.message(name, message_id)
        self.check(m, reservation_id, must_be_reserved=True)
        m.reservation_id = None
        m.reserved_until = 0.0
        m.available_at = self.now + delay

    def delete(self, name: str, message_id: str, reservation_id: str | None) -> None:
        self.delete_many(name, [(message_id, reservation_id)])

    def delete_many(self, name: str, refs: list[tuple[str, str | None]]) -> None:
        q = self.queue(name)
        for mid, rid in refs:
            self.check(self.message(name, mid), rid, must_be_reserved=False)
        for mid, _ in refs:
            self.gone[mid] = q.messages.pop(mid)

    def clear(self, name: str) -> None:
        q = self.queue(name)
        self.gone.update(q.messages)
        q.messages.clear()

    def advance(self, seconds: float) -> None:
        self.now += seconds
