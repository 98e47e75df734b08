"""`AsyncQueue` (async): one queue's operations, each running a flow of `_flows.QueueFlows`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, TypeVar

from .._alerts import Alert
from .._base import QueueBase
from .._core import Flow, RequestOptions
from .._flows import QueueFlows
from .._messages import Message, ReservedMessage
from .._push import PushMessage
from .._queue_info import DeadLetter, QueueInfo, QueueType
from .._subscribers import PushStatus, Subscriber
from .._transport import AsyncTransport
from .._types import (
    NOT_GIVEN,
    AlertInput,
    MessageInput,
    MessageRef,
    NewQueueSettings,
    NotGiven,
    PushUpdateSettings,
    QueueSettings,
    SubscriberInput,
    TimeoutTypes,
    Unpack,
)

if TYPE_CHECKING:  # consumers load when first made: most programs never make one
    from .._async_consumer import AsyncConsumer
    from .._consuming import ExhaustedHandler

T = TypeVar("T")


class AsyncQueue(QueueBase):
    """One IronMQ queue (async). Get it with `AsyncIronMQ.queue(name)`; nothing is sent until
    you call."""

    def __init__(
        self, transport: AsyncTransport, flows: QueueFlows, options: RequestOptions
    ) -> None:
        super().__init__(flows, options, transport.config)
        self._transport = transport

    async def _run(self, flow: Flow[T]) -> T:
        return await self._transport.run(flow, self._options)

    def with_options(
        self, *, timeout: TimeoutTypes | NotGiven = NOT_GIVEN, max_retries: int | None = None
    ) -> AsyncQueue:
        """This queue with other request settings (it shares connections and reservations).

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout` (not a reservation timeout).
            max_retries: retries after the first attempt.
        """
        return self._with(timeout, max_retries)

    # the queue ------------------------------------------------------------------------

    async def info(self) -> QueueInfo:
        """The queue's settings and counters (404 QueueNotFoundError if it does not exist)."""
        return await self._run(self._flows.info())

    async def size(self) -> int:
        """Messages in the queue now, reserved and delayed ones included."""
        info = await self.info()
        return info.size or 0

    async def total_messages(self) -> int:
        """Messages ever posted to the queue."""
        info = await self.info()
        return info.total_messages or 0

    async def id(self) -> str | None:
        """The queue's id."""
        info = await self.info()
        return info.id

    async def create(self, **settings: Unpack[NewQueueSettings]) -> QueueInfo:
        """Create the queue, or update it if it exists; `subscribers` make a push queue.

        Args:
            **settings: the queue's settings (see `NewQueueSettings`); None leaves one as is.
        """
        return await self._run(self._flows.create(settings))

    async def update_queue(self, **settings: Unpack[QueueSettings]) -> QueueInfo:
        """Change settings of an existing queue; omitted settings keep their value.

        Args:
            **settings: the settings to change (see `QueueSettings`).
        """
        return await self._run(self._flows.update_queue(settings))

    async def update(
        self,
        subscribers: Sequence[SubscriberInput] | None = None,
        push_type: QueueType | None = None,
        **settings: Unpack[PushUpdateSettings],
    ) -> QueueInfo:
        """The legacy update: set subscribers and push type, creating the queue if missing.

        A v3 queue's type is fixed, so asking an existing queue for another type raises
        UnsupportedArgumentError (delete and re-create it instead).
        """
        return await self._run(self._flows.update(subscribers, push_type, settings))

    async def set_dead_letter(self, queue_name: str, max_reservations: int = 10) -> QueueInfo:
        """Move messages reserved `max_reservations` times to `queue_name` (created if missing)."""
        return await self.update_queue(dead_letter=DeadLetter(queue_name, max_reservations))

    async def remove_dead_letter(self) -> QueueInfo:
        """Stop moving messages to a dead-letter queue (that queue is left as it is)."""
        return await self._run(self._flows.remove_dead_letter())

    async def delete_queue(self) -> None:
        """Delete the queue and all its messages."""
        await self._run(self._flows.delete_queue())

    # messages -------------------------------------------------------------------------

    async def post(self, *messages: MessageInput, at_least_once: bool = False) -> list[str]:
        """Post messages (strings, or dicts with `body`, `delay`, `push_headers`); their ids.

        More than 100 messages are sent 100 per request; when a later request fails,
        `PartialBatchError` says which inputs were stored (with their ids) and which not.
        Posting creates a missing queue.

        Posting is at most once: a request whose answer was lost (timeout, dropped
        connection) is not repeated, since the server may have stored it; the error's
        `maybe_applied` is then True.

        Args:
            *messages: the messages.
            at_least_once: repeat a request whose answer was lost as well: no message is
                lost to a broken connection, but one may be stored twice.
        """
        return await self._run(self._flows.post(messages, at_least_once))

    async def post_webhook(
        self, body: str | bytes, *, push_headers: Mapping[str, str] | None = None
    ) -> str:
        """Post one message through the webhook endpoint (the raw body); its id.

        Args:
            body: the message's body, sent as it is.
            push_headers: headers to send along with pushes of this message (push queues).
        """
        return await self._run(self._flows.post_webhook(body, push_headers))

    async def reserve(
        self,
        n: int = 1,
        timeout: int | None = None,
        wait: int | None = None,
        delete: bool = False,
    ) -> list[ReservedMessage]:
        """Reserve up to `n` messages, hidden from others until deleted, released or timed out.

        Args:
            n: how many at most (1-100).
            timeout: reservation seconds (0-86400); None or 0: the queue's `message_timeout`.
            wait: seconds to long-poll an empty queue (0-30); answered as a message arrives.
            delete: remove the messages as they are handed out (nothing left to settle).
        """
        return await self._run(self._flows.reserve(n, timeout, wait, delete))

    async def get(
        self, max: int | None = None, timeout: int | None = None, wait: int | None = None
    ) -> list[ReservedMessage]:
        """The legacy name of `reserve`: up to `max` messages (default 1).

        Args:
            max: how many messages at most (1-100).
            timeout: seconds the messages stay reserved; None: the queue's `message_timeout`.
            wait: seconds to long-poll for messages when none are there (0-30).
        """
        flow = self._flows.reserve(1 if max is None else max, timeout, wait, False, n_name="max")
        return await self._run(flow)

    async def peek(self, max: int | None = None) -> list[Message]:
        """Up to `max` (1-100, default 1) available messages, without reserving them."""
        return await self._run(self._flows.peek(1 if max is None else max))

    async def get_message_by_id(self, message_id: str) -> Message:
        """One message by id, reserved or not."""
        return await self._run(self._flows.get_message(message_id))

    async def delete(
        self,
        message: MessageRef,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> None:
        """Delete a message; a reserved one needs its reservation, which this queue remembers.

        A delete is retried after a lost answer; if the retry finds the message gone, the
        lost attempt deleted it and the call succeeds (logged at INFO).

        Args:
            message: the message (a `ReservedMessage` carries its reservation id), or its id.
            reservation_id: the reservation, for a message this queue object did not reserve.
            subscriber_name: acknowledge the push to this subscriber instead (push queues).
        """
        await self._run(self._flows.delete(message, reservation_id, subscriber_name))

    async def delete_multiple(self, *messages: MessageRef) -> None:
        """Delete several messages (ids or message objects), 100 per request.

        When a later request fails, `PartialBatchError` says which were deleted and which
        not. A message that a retry finds gone after a lost answer counts as deleted.
        """
        await self._run(self._flows.delete_multiple(messages))

    async def clear(self) -> None:
        """Delete every message of the queue, reserved ones included."""
        await self._run(self._flows.clear())

    async def touch(
        self, message: MessageRef, reservation_id: str | None = None, timeout: int | None = None
    ) -> str | None:
        """Extend a reservation by `timeout` seconds from now; the new reservation id.

        On IronMQ v2 a touch extends it by the message's own timeout (passing `timeout` raises
        UnsupportedArgumentError) and returns None: v2 has no reservation ids.
        """
        return await self._run(self._flows.touch(message, reservation_id, timeout))

    async def release(
        self, message: MessageRef, reservation_id: str | None = None, delay: int = 0
    ) -> None:
        """Put a reserved message back, available again after `delay` seconds.

        Args:
            message: the message (a `ReservedMessage` carries its reservation id), or its id.
            reservation_id: the reservation, for a message this queue object did not reserve.
            delay: seconds before it can be reserved again (0-604800).
        """
        await self._run(self._flows.release(message, reservation_id, delay))

    # push queues ----------------------------------------------------------------------

    async def add_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Add subscribers: URLs (named for you), Subscriber objects or dicts."""
        await self._run(self._flows.add_subscribers(subscribers))

    async def replace_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Set the push queue's subscribers to exactly these."""
        await self._run(self._flows.replace_subscribers(subscribers))

    async def remove_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Remove subscribers given by name, Subscriber, or URL."""
        await self._run(self._flows.remove_subscribers(subscribers))

    async def get_message_push_statuses(self, message: MessageRef) -> list[PushStatus]:
        """How delivery of a message to each subscriber went."""
        return await self._run(self._flows.push_statuses(message))

    async def delete_message_push_status(
        self,
        message: MessageRef,
        subscriber: str | Subscriber | PushStatus,
        reservation_id: str | None = None,
    ) -> None:
        """Acknowledge a push that `subscriber` answered with 202.

        v3 names the subscriber by name and needs the push's reservation; v2 by the `id` of
        its push status (`PushStatus.id`, the push's `Iron-Subscriber-Message-Id`). A
        `PushStatus` works on both.
        """
        await self._run(self._flows.acknowledge_push(message, subscriber, reservation_id))

    async def acknowledge(self, push: PushMessage) -> None:
        """Acknowledge a pushed message received with `PushMessage.from_request` (after 202):
        by its subscriber name and reservation (v3), or its subscriber message id (v2)."""
        await self._run(self._flows.acknowledge(push))

    # alerts ---------------------------------------------------------------------------

    async def add_alerts(self, *alerts: AlertInput) -> None:
        """Add size alerts (at most 5 per queue, pull queues only)."""
        await self._run(self._flows.add_alerts(alerts))

    async def update_alerts(self, *alerts: AlertInput) -> None:
        """Replace the queue's alerts with these (none removes them all)."""
        await self._run(self._flows.replace_alerts(alerts))

    async def remove_alerts(self, *alert_ids: str | Alert) -> None:
        """Remove alerts by id."""
        await self._run(self._flows.remove_alerts(alert_ids))

    async def remove_alert(self, alert_id: str | Alert) -> None:
        """Remove one alert by id."""
        await self._run(self._flows.remove_alert(alert_id))

    # consuming ------------------------------------------------------------------------

    def consumer(
        self,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int | None = None,
        max_attempts: int | None = None,
        on_exhausted: ExhaustedHandler | None = None,
        stop_when_empty: bool = False,
    ) -> AsyncConsumer:
        """A consumer of this queue: loop over it (`async for`), or `await run(handler)`; see
        `AsyncConsumer` for the arguments and how it rides out failures."""
        from .._async_consumer import AsyncConsumer  # noqa: PLC0415  # see the imports

        return AsyncConsumer(
            self,
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            max_attempts=max_attempts,
            on_exhausted=on_exhausted,
            stop_when_empty=stop_when_empty,
        )
