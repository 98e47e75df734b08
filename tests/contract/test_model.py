"""Model-based test: the SDK against the server, side by side with an in-memory model.

Random sequences of post, reserve (n, timeout, delete), touch, release (delay), delete,
delete many, peek, get by id, clear and clock advances run through the SDK (sync, and async
in a second machine) against the target and against `model.Model`. After every step the
queue's size and total, its peek order and its dead-letter queue agree with the model; every
answer of a step is the one the model predicts (ids in FIFO order, reserved counts, 400/403/404).
The SDK's own reservation memory is modelled too: a call without a reservation id sends the
one the queue object remembers.

On ironmq-local the clock is frozen and advanced by a rule, so time is exact. On a real
IronMQ (IRONMQ_TEST_BASE_URL) there is no clock rule and every duration is hours long.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ironmq_sdk import (
    AsyncIronMQ,
    AsyncQueue,
    DeadLetter,
    InvalidArgumentError,
    IronMQError,
    MessageNotFoundError,
    QueueNotFoundError,
    ReservationExpiredError,
    ReservationRequiredError,
)

from ..bridge import Bridge
from ..conformance import SpecValidator, async_validating_client, validating_client
from . import strategies as s
from .budget import MODEL_EXAMPLES, MODEL_STEPS
from .conftest import aconnect, connect
from .model import (
    MessageMissing,
    Model,
    Msg,
    Outcome,
    QueueMissing,
    ReservationRequired,
    ReservationTimedOut,
)
from .target import Target

SDK_ERROR: dict[type[Outcome], type[IronMQError]] = {
    QueueMissing: QueueNotFoundError,
    MessageMissing: MessageNotFoundError,
    ReservationRequired: ReservationRequiredError,
    ReservationTimedOut: ReservationExpiredError,
}


class QueueMachine(RuleBasedStateMachine):
    """The model test; subclasses provide the SDK client (sync or async)."""

    target: ClassVar[Target]
    validator: ClassVar[SpecValidator]

    def __init__(self) -> None:
        super().__init__()
        self.local = self.target.is_local
        if self.target.local is not None:
            self.target.local.reset()
            self.target.local.freeze()
        suffix = "" if self.local else f"-{uuid.uuid4().hex[:6]}"
        self.name = self.target.queue_name(f"model{suffix}")
        self.dlq = f"{self.name}-dlq"
        self.model = Model()
        self.memory: dict[str, str] = {}  # what the SDK queue object remembers
        self.seen: list[str] = []  # every message id handed out by a post, in order
        self.open_client()

    # the client ---------------------------------------------------------------------------

    def open_client(self) -> None:
        raise NotImplementedError

    def close_client(self) -> None:
        raise NotImplementedError

    def sdk_queue(self, name: str) -> Any:
        raise NotImplementedError

    def teardown(self) -> None:
        try:
            if not self.local:
                for name in (self.name, self.dlq):
                    with contextlib.suppress(QueueNotFoundError):
                        self.sdk_queue(name).delete_queue()
        finally:
            self.close_client()

    @property
    def q(self) -> Any:
        return self.sdk_queue(self.name)

    # helpers --------------------------------------------------------------------------

    def pick(self, index: int) -> str:
        return self.seen[index % len(self.seen)]

    def sent_rid(self, message_id: str, choice: str) -> str | None:
        """The reservation id the rule passes to the SDK for `choice`."""
        m = self._known(message_id)
        issued = m.reservations if m else []
        if choice == "current":
            return issued[-1] if issued else s.BOGUS_RESERVATION
        if choice == "stale":
            return issued[-2] if len(issued) > 1 else s.BOGUS_RESERVATION
        if choice == "bogus":
            return s.BOGUS_RESERVATION
        return None

    def _known(self, message_id: str) -> Msg | None:
        for q in self.model.queues.values():
            if message_id in q.messages:
                return q.messages[message_id]
        return self.model.gone.get(message_id)

    def expect(self, predict: Callable[[], object], call: Callable[[], Any]) -> tuple[bool, Any]:
        """Run `call`; if `predict` raises an Outcome, the SDK must raise its error."""
        try:
            predict()
        except Outcome as outcome:
            with pytest.raises(SDK_ERROR[type(outcome)]):
                call()
            return False, None
        return True, call()

    def check_message(self, got: Any, want: Msg, *, reserved_count: int | None = None) -> None:
        assert got.id == want.id
        assert got.body == want.body
        assert got.reserved_count == (
            want.reserved_count if reserved_count is None else reserved_count
        ), (got, want)

    # rules ----------------------------------------------------------------------------

    @initialize(data=st.data())
    def create_queue(self, data: st.DataObject) -> None:
        """The queue under test, maybe with a dead-letter queue."""
        cfg = data.draw(s.queue_settings(self.local), label="queue settings")
        limit = cfg["max_reservations"]
        dead = (self.dlq, int(limit)) if isinstance(limit, int) else None
        info = self.q.create(
            message_timeout=cfg["message_timeout"],
            message_expiration=cfg["message_expiration"],
            dead_letter=DeadLetter(*dead) if dead else None,
        )
        self.model.create(
            self.name,
            int(cfg["message_timeout"]),  # type: ignore[call-overload]
            int(cfg["message_expiration"]),  # type: ignore[call-overload]
            dead,
        )
        assert info.message_timeout == cfg["message_timeout"]
        assert info.message_expiration == cfg["message_expiration"]
        assert (info.dead_letter.max_reservations if info.dead_letter else None) == limit

    @rule(data=st.data())
    def post(self, data: st.DataObject) -> None:
        batch = data.draw(s.message_batches(self.local), label="messages")
        ids = self.q.post(*[{"body": body, "delay": delay} for body, delay in batch])
        assert len(ids) == len(batch)
        assert all(isinstance(i, str) and i.isdigit() for i in ids)
        keys = [int(i) for i in ids]
        assert keys == sorted(set(keys)), "ids come back in post order, each once"
        assert not self.seen or keys[0] > int(self.seen[-1]), "ids grow: FIFO by id"
        self.seen += ids
        self.model.post(self.name, ids, [b for b, _ in batch], [d for _, d in batch])

    @rule(data=st.data(), n=s.reserve_counts, delete=st.booleans())
    def reserve(self, data: st.DataObject, n: int, delete: bool) -> None:
        timeout = data.draw(s.reservation_timeouts(self.local), label="timeout")
        want, _ = self.model.plan_reserve(self.name, n)
        for m in want:
            assert not self.model.reserved(m), "never hand out a validly reserved message"
        counts = [m.reserved_count + 1 for m in want]
        # a long poll returns at once when there is something to hand out
        wait = data.draw(st.sampled_from([None, 1]), label="wait") if want else None
        got = self.q.reserve(n=n, timeout=timeout, wait=wait, delete=delete)
        if not self.local:  # a real IronMQ may hand out fewer (a "sparse" queue)
            want, _ = self.model.plan_reserve(self.name, len(got))
            counts = counts[: len(got)]
        assert [m.id for m in got] == [m.id for m in want], "FIFO, released/timed out first"
        rids = [m.reservation_id for m in got]
        assert all(rids)
        assert len(set(rids)) == len(rids)
        for g, w, c in zip(got, want, counts, strict=True):
            self.check_message(g, w, reserved_count=c)
        self.model.reserve(self.name, n if self.local else len(got), timeout, delete, rids)
        if not delete:
            self.memory.update({m.id: m.reservation_id for m in got})

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes, choice=s.rid_choices, data=st.data())
    def touch(self, index: int, choice: str, data: st.DataObject) -> None:
        mid = self.pick(index)
        sent = self.sent_rid(mid, choice)
        effective = sent if sent is not None else self.memory.get(mid)
        timeout = data.draw(s.reservation_timeouts(self.local), label="timeout")
        if effective is None:
            with pytest.raises(InvalidArgumentError):
                self.q.touch(mid, reservation_id=None, timeout=timeout)
            return
        ok, new_rid = self.expect(
            lambda: self.model.expect_touch(self.name, mid, effective),
            lambda: self.q.touch(mid, reservation_id=sent, timeout=timeout),
        )
        if ok:
            assert new_rid
            assert new_rid != effective
            self.model.touch(self.name, mid, effective, timeout, new_rid)
            self.memory[mid] = new_rid

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes, choice=s.rid_choices, data=st.data())
    def release(self, index: int, choice: str, data: st.DataObject) -> None:
        mid = self.pick(index)
        sent = self.sent_rid(mid, choice)
        effective = sent if sent is not None else self.memory.get(mid)
        delay = data.draw(s.release_delays(self.local), label="delay")
        if effective is None:
            with pytest.raises(InvalidArgumentError):
                self.q.release(mid, reservation_id=None, delay=delay)
            return
        ok, _ = self.expect(
            lambda: self.model.expect_touch(self.name, mid, effective),
            lambda: self.q.release(mid, reservation_id=sent, delay=delay),
        )
        if ok:
            self.model.release(self.name, mid, effective, delay)
            if self.memory.get(mid) == effective:
                del self.memory[mid]

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes, choice=s.rid_choices)
    def delete(self, index: int, choice: str) -> None:
        mid = self.pick(index)
        sent = self.sent_rid(mid, choice)
        effective = sent if sent is not None else self.memory.get(mid)

        def predict() -> None:
            self.model.check(self.model.message(self.name, mid), effective, must_be_reserved=False)

        ok, _ = self.expect(predict, lambda: self.q.delete(mid, reservation_id=sent))
        if ok:
            self.model.delete(self.name, mid, effective)
            self.memory.pop(mid, None)

    @precondition(lambda self: self.seen)
    @rule(indexes=st.lists(s.message_indexes, min_size=1, max_size=4))
    def delete_many(self, indexes: list[int]) -> None:
        ids = list(dict.fromkeys(self.pick(i) for i in indexes))
        refs = [(mid, self.memory.get(mid)) for mid in ids]

        def predict() -> None:
            for mid, rid in refs:
                self.model.check(self.model.message(self.name, mid), rid, must_be_reserved=False)

        ok, _ = self.expect(predict, lambda: self.q.delete_multiple(*ids))
        if ok:
            self.model.delete_many(self.name, refs)
            for mid in ids:
                self.memory.pop(mid, None)

    @rule(n=s.peek_counts)
    def peek(self, n: int) -> None:
        got = self.q.peek(max=n)
        want = self.model.peek(self.name, n)
        assert [m.id for m in got] == [m.id for m in want]
        for g, w in zip(got, want, strict=True):
            self.check_message(g, w)

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes)
    def get_by_id(self, index: int) -> None:
        mid = self.pick(index)
        ok, got = self.expect(
            lambda: self.model.message(self.name, mid) and None,
            lambda: self.q.get_message_by_id(mid),
        )
        if ok:
            self.check_message(got, self.model.message(self.name, mid))

    @rule()
    def clear(self) -> None:
        self.q.clear()
        self.model.clear(self.name)
        self.memory.clear()

    @precondition(lambda self: self.local)
    @rule(seconds=s.clock_steps)
    def advance(self, seconds: int) -> None:
        assert self.target.local is not None
        self.target.local.advance(seconds)
        self.model.advance(seconds)

    @precondition(lambda self: self.seen)
    @rule()
    def every_message_is_where_the_model_says(self) -> None:
        """No message lost or invented: each id ever posted is found, or 404, as modelled."""
        live = {m.id: m for m in self.model.live(self.name)}
        for mid in self.seen:
            if mid in live:
                self.check_message(self.q.get_message_by_id(mid), live[mid])
            else:
                with pytest.raises(MessageNotFoundError):
                    self.q.get_message_by_id(mid)

    # invariants -----------------------------------------------------------------------

    @invariant()
    def counters_agree(self) -> None:
        if self.name not in self.model.queues:
            return
        for name in (self.name, self.dlq):
            if name not in self.model.queues:
                continue
            info = self.sdk_queue(name).info()
            assert (info.size, info.total_messages) == (
                self.model.size(name),
                self.model.total(name),
            ), name

    @invariant()
    def dead_letters_agree(self) -> None:
        if self.dlq not in self.model.queues:
            return
        got = self.sdk_queue(self.dlq).peek(max=100)
        want = self.model.peek(self.dlq, 100)
        assert [(m.id, m.body, m.reserved_count) for m in got] == [
            (m.id, m.body, m.reserved_count) for m in want
        ]

    @invariant()
    def no_contract_violation(self) -> None:
        self.validator.assert_clean()


class SyncQueueMachine(QueueMachine):
    """The model test through `IronMQ`."""

    def open_client(self) -> None:
        self.http = validating_client(self.validator, timeout=60)
        self.client = connect(self.target, self.http)

    def close_client(self) -> None:
        self.client.close()
        self.http.close()

    def sdk_queue(self, name: str) -> Any:
        return self.client.queue(name)


class AsyncQueueMachine(QueueMachine):
    """The model test through `AsyncIronMQ` (each call run to completion on one loop)."""

    def open_client(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ahttp: httpx.AsyncClient = async_validating_client(self.validator, timeout=60)
        self.aclient: AsyncIronMQ = aconnect(self.target, self.ahttp)

    def close_client(self) -> None:
        self.loop.run_until_complete(self.aclient.close())
        self.loop.run_until_complete(self.ahttp.aclose())
        self.loop.close()

    def sdk_queue(self, name: str) -> Any:
        queue: AsyncQueue = self.aclient.queue(name)
        return Bridge(queue, self.loop)


MODEL_SETTINGS = settings(
    max_examples=MODEL_EXAMPLES,
    stateful_step_count=MODEL_STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@pytest.mark.parametrize("machine", [SyncQueueMachine, AsyncQueueMachine], ids=["sync", "async"])
def test_sdk_and_server_follow_the_model(
    machine: type[QueueMachine], target: Target, spec_validator: SpecValidator
) -> None:
    """The model test; reproduce a failure with the printed `@reproduce_failure` blob."""
    spec_validator.violations.clear()
    bound = type(machine.__name__, (machine,), {"target": target, "validator": spec_validator})
    # hypothesis leaves this function unannotated
    run_state_machine_as_test(bound, settings=MODEL_SETTINGS)  # type: ignore[no-untyped-call]
