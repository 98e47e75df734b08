"""Model-based test on IronMQ v2: the SDK (api_version 1) against ironmq-local's `/1/projects`,
side by side with `model_v2.V2Model`.

Random sequences of post (with per-message timeout, delay and expiry), get (n, timeout,
delete), touch, release (delay), delete, delete many, peek, get by id, clear and clock
advances run through the SDK, sync and async. After every step the queue's size, total and
reserved count agree with the model; every answer is the one the model predicts (ids in v2's
FIFO order, where a timed-out or released message goes to the tail, reserved counts, each
reservation's timeout, a message's status, 404s). The server's clock is frozen and advanced
by a rule. v2 is ironmq-local's only (Iron.io has shut it down), so a real target skips this.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, ClassVar

import httpx
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ironmq_sdk import AsyncQueue, MessageNotFoundError

from ..bridge import Bridge
from ..conformance import SpecValidator, async_validating_client, validating_client
from . import strategies as s
from .conftest import aconnect, connect
from .model import MessageMissing
from .model_v2 import Msg, V2Model
from .target import Target
from .test_model import MODEL_SETTINGS

own_timeouts = st.sampled_from([0, 0, 30, 45, 90])
"""A posted message's own `timeout` (0: v2's default, 60)."""
expirations = st.sampled_from([0, 0, 0, 120, 600])
"""A posted message's `expires_in` (0: v2's default, 604800)."""
get_timeouts = st.sampled_from([None, None, 30, 45, 90])
"""A get's `timeout` (None: each message's own)."""
batches = st.lists(
    st.tuples(s.bodies, st.sampled_from([0, 0, 0, 1, 5, 60]), own_timeouts, expirations),
    min_size=1,
    max_size=5,
)


class V2QueueMachine(RuleBasedStateMachine):
    """The v2 model test; subclasses provide the SDK client (sync or async)."""

    target: ClassVar[Target]
    validator: ClassVar[SpecValidator]

    def __init__(self) -> None:
        super().__init__()
        assert self.target.local is not None
        self.target.local.reset()
        self.target.local.freeze()
        self.name = "model-v2"
        self.model = V2Model()
        self.seen: list[str] = []
        self.open_client()

    def open_client(self) -> None:
        raise NotImplementedError

    def close_client(self) -> None:
        raise NotImplementedError

    def sdk_queue(self, name: str) -> Any:
        raise NotImplementedError

    def teardown(self) -> None:
        self.close_client()

    @property
    def q(self) -> Any:
        return self.sdk_queue(self.name)

    def pick(self, index: int) -> str:
        return self.seen[index % len(self.seen)]

    def expect(self, predict: Callable[[], object], call: Callable[[], Any]) -> tuple[bool, Any]:
        """Run `call`; if `predict` raises MessageMissing, the SDK must raise its error."""
        try:
            predict()
        except MessageMissing:  # the only outcome a v2 message operation predicts
            with pytest.raises(MessageNotFoundError):
                call()
            return False, None
        return True, call()

    def check_message(self, got: Any, want: Msg, *, timeout: int | None = None) -> None:
        assert (got.id, got.body, got.reserved_count) == (want.id, want.body, want.reserved_count)
        assert got.timeout == (want.own_timeout if timeout is None else timeout)
        assert got.reservation_id is None

    # rules ----------------------------------------------------------------------------

    @initialize()
    def create_queue(self) -> None:
        """v2 creates a pull queue by updating it (there are no settings to give)."""
        info = self.q.create()
        self.model.ensure(self.name)
        assert (info.type, info.message_timeout, info.size) == ("pull", 60, 0)

    @rule(batch=batches)
    def post(self, batch: list[tuple[str, int, int, int]]) -> None:
        messages = [
            {"body": body, "delay": delay, "timeout": timeout, "expires_in": expires_in}
            for body, delay, timeout, expires_in in batch
        ]
        ids = self.q.post(*messages)
        assert len(ids) == len(batch)
        assert not self.seen or int(ids[0]) > int(self.seen[-1]), "ids grow"
        self.seen += ids
        self.model.post(self.name, ids, batch)

    @rule(n=s.reserve_counts, timeout=get_timeouts, delete=st.booleans())
    def get(self, n: int, timeout: int | None, delete: bool) -> None:
        want = self.model.peek(self.name, n)
        wait = 1 if want else None  # a long poll returns at once when there is something
        got = self.q.reserve(n=n, timeout=timeout, wait=wait, delete=delete)
        assert [m.id for m in got] == [m.id for m in want], "v2 FIFO: timed out to the tail"
        handed = self.model.reserve(self.name, n, timeout or 0, delete)
        for g, (w, seconds) in zip(got, handed, strict=True):
            self.check_message(g, w, timeout=seconds)

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes)
    def touch(self, index: int) -> None:
        mid = self.pick(index)
        ok, rid = self.expect(lambda: self.model.message(self.name, mid), lambda: self.q.touch(mid))
        if ok:
            assert rid is None
            self.model.touch(self.name, mid)

    @precondition(lambda self: self.seen)
    @rule(index=s.message_indexes, delay=s.release_delays(local=True))
    def release(self, index: int, delay: int) -> None:
        mid = self.pick(index)
        ok, _ = self.expect(
            lambda: self.model.message(self.name, mid), lambda: self.q.release(mid, delay=delay)
        )
        if ok:
            self.model.release(self.name, mid, delay)

    @precondition(lambda self: self.seen)
    @rule(indexes=st.lists(s.message_indexes, min_size=1, max_size=4))
    def delete(self, indexes: list[int]) -> None:
        ids = list(dict.fromkeys(self.pick(i) for i in indexes))

        def predict() -> None:
            for mid in ids:
                self.model.message(self.name, mid)

        call = (
            (lambda: self.q.delete(ids[0]))
            if len(ids) == 1
            else (lambda: self.q.delete_multiple(*ids))
        )
        ok, _ = self.expect(predict, call)
        if ok:
            self.model.delete_many(self.name, ids)

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
            lambda: self.model.message(self.name, mid), lambda: self.q.get_message_by_id(mid)
        )
        if ok:
            want = self.model.message(self.name, mid)
            self.check_message(got, want)
            assert got.status == self.model.status(want)

    @rule()
    def clear(self) -> None:
        self.q.clear()
        self.model.clear(self.name)

    @rule(seconds=s.clock_steps)
    def advance(self, seconds: int) -> None:
        assert self.target.local is not None
        self.target.local.advance(seconds)
        self.model.advance(seconds)

    # invariants -----------------------------------------------------------------------

    @invariant()
    def counters_agree(self) -> None:
        info = self.q.info()
        assert (info.size, info.total_messages, info.reserved) == (
            self.model.size(self.name),
            self.model.total(self.name),
            self.model.reserved_now(self.name),
        )

    @invariant()
    def no_contract_violation(self) -> None:
        self.validator.assert_clean()


class SyncV2QueueMachine(V2QueueMachine):
    """The v2 model test through `IronMQ(api_version=1)`."""

    def open_client(self) -> None:
        self.http = validating_client(self.validator, timeout=60)
        self.client = connect(self.target, self.http, api_version=1)

    def close_client(self) -> None:
        self.client.close()
        self.http.close()

    def sdk_queue(self, name: str) -> Any:
        return self.client.queue(name)


class AsyncV2QueueMachine(V2QueueMachine):
    """The v2 model test through `AsyncIronMQ(api_version=1)`."""

    def open_client(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.ahttp: httpx.AsyncClient = async_validating_client(self.validator, timeout=60)
        self.aclient = aconnect(self.target, self.ahttp, api_version=1)

    def close_client(self) -> None:
        self.loop.run_until_complete(self.aclient.close())
        self.loop.run_until_complete(self.ahttp.aclose())
        self.loop.close()

    def sdk_queue(self, name: str) -> Any:
        queue: AsyncQueue = self.aclient.queue(name)
        return Bridge(queue, self.loop)


@pytest.mark.parametrize(
    "machine", [SyncV2QueueMachine, AsyncV2QueueMachine], ids=["sync", "async"]
)
def test_sdk_and_server_follow_the_v2_model(
    machine: type[V2QueueMachine], target: Target, spec_validator: SpecValidator
) -> None:
    """The v2 model test; reproduce a failure with the printed `@reproduce_failure` blob."""
    if target.local is None:
        pytest.skip("IronMQ v2 exists only in ironmq-local (Iron.io has shut it down)")
    spec_validator.violations.clear()
    bound = type(machine.__name__, (machine,), {"target": target, "validator": spec_validator})
    # hypothesis leaves this function unannotated
    run_state_machine_as_test(bound, settings=MODEL_SETTINGS)  # type: ignore[no-untyped-call]
