"""`Queue` and `AsyncQueue`: one queue's operations, sync and async, over the shared flows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._alerts import Alert
from ._core import NO_BODY, Flow, RequestOptions, TimeoutTypes
from ._messages import Message, ReservedMessage
from ._push import PushMessage
from ._queue_core import (
    AlertInput,
    MessageInput,
    MessageRef,
    QueueCore,
    SubscriberInput,
    queue_settings,
)
from ._queue_info import DeadLetter, QueueInfo, QueueType
from ._subscribers import PushStatus, Subscriber
from ._transport import AsyncTransport, SyncTransport

if TYPE_CHECKING:
    from ._consumer import AsyncConsumer, Consumer


class _QueueBase:
    """State shared by the sync and async queue: name, flows, reservations, options."""

    def __init__(self, core: QueueCore, options: RequestOptions, base_url: str, token: str) -> None:
        self._core = core
        self._options = options
        self._base_url = base_url
        self._token = token

    @property
    def name(self) -> str:
        """The queue's name."""
        return self._core.name

    def webhook_url(self, *, include_token: bool = True) -> str:
        """The URL that turns the body of any POST into a message of this queue.

        Args:
            include_token: add `?oauth=<token>` so that third parties can post without headers.
        """
        return self._core.webhook_url(self._base_url, self._token if include_token else None)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Queue(_QueueBase):
    """One IronMQ queue. Get it with `IronMQ.queue(name)`; nothing is sent until you call."""

    def __init__(
        self,
        transport: SyncTransport,
        core: QueueCore,
        options: RequestOptions,
    ) -> None:
        super().__init__(core, options, transport.config.base_url, transport.config.token)
        self._transport = transport

    def _run(self, flow: Flow[Any]) -> Any:
        return self._transport.run(flow, self._options)

    def with_options(
        self, *, timeout: TimeoutTypes = NO_BODY, max_retries: int | None = None
    ) -> Queue:
        """This queue with other request settings (it shares connections and reservations).

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout` (not a reservation timeout).
            max_retries: retries after the first attempt.
        """
        return Queue(self._transport, self._core, self._options.merge(timeout, max_retries))

    # the queue ------------------------------------------------------------------------

    def info(self) -> QueueInfo:
        """The queue's settings and counters (404 QueueNotFoundError if it does not exist)."""
        result: QueueInfo = self._run(self._core.info())
        return result

    def size(self) -> int:
        """Messages in the queue now, reserved and delayed ones included."""
        return self.info().size or 0

    def total_messages(self) -> int:
        """Messages ever posted to the queue."""
        return self.info().total_messages or 0

    def id(self) -> str | None:
        """The queue's id."""
        return self.info().id

    def create(
        self,
        *,
        type: QueueType | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Create the queue, or update it if it exists (PUT); `subscribers` make a push queue."""
        settings = queue_settings(
            type=type,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )
        result: QueueInfo = self._run(self._core.create(settings))
        return result

    def update_queue(
        self,
        *,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Change settings of an existing queue (PATCH); omitted settings keep their value."""
        settings = queue_settings(
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )
        result: QueueInfo = self._run(self._core.update_queue(settings))
        return result

    def update(
        self,
        subscribers: Sequence[SubscriberInput] | None = None,
        push_type: QueueType | None = None,
        *,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
    ) -> QueueInfo:
        """The legacy update: set subscribers and push type, creating the queue if missing.

        A v3 queue's type is fixed, so asking an existing queue for another type raises
        UnsupportedArgumentError (delete and re-create it instead).
        """
        settings = queue_settings(
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
        )
        result: QueueInfo = self._run(self._core.update(subscribers, push_type, settings))
        return result

    def set_dead_letter(self, queue_name: str, max_reservations: int = 10) -> QueueInfo:
        """Move messages reserved `max_reservations` times to `queue_name` (created if missing)."""
        return self.update_queue(dead_letter=DeadLetter(queue_name, max_reservations))

    def remove_dead_letter(self) -> QueueInfo:
        """Stop moving messages to a dead-letter queue (that queue is left as it is)."""
        result: QueueInfo = self._run(self._core.update_queue({"dead_letter": {"queue_name": ""}}))
        return result

    def delete_queue(self) -> None:
        """Delete the queue and all its messages."""
        self._run(self._core.delete_queue())

    # messages -------------------------------------------------------------------------

    def post(self, *messages: MessageInput) -> list[str]:
        """Post messages (strings, or dicts with `body`, `delay`, `push_headers`); their ids.

        More than 100 messages are sent 100 per request. Posting creates a missing queue.
        """
        result: list[str] = self._run(self._core.post(messages))
        return result

    def post_webhook(
        self, body: str | bytes, *, push_headers: Mapping[str, str] | None = None
    ) -> str:
        """Post one message through the webhook endpoint (the raw body); its id."""
        result: str = self._run(self._core.post_webhook(body, push_headers))
        return result

    def reserve(
        self,
        n: int = 1,
        timeout: int | None = None,
        wait: int | None = None,
        delete: bool = False,
    ) -> list[ReservedMessage]:
        """Reserve up to `n` messages (1-100) for `timeout` seconds, long-polling `wait` (0-30).

        With `delete=True` the messages are removed as they are handed out.
        """
        result: list[ReservedMessage] = self._run(self._core.reserve(n, timeout, wait, delete))
        return result

    def get(
        self, max: int | None = None, timeout: int | None = None, wait: int | None = None
    ) -> list[ReservedMessage]:
        """The legacy name of `reserve`: up to `max` messages (default 1)."""
        return self.reserve(1 if max is None else max, timeout, wait)

    def peek(self, max: int | None = None) -> list[Message]:
        """Up to `max` (default 1) available messages, without reserving them."""
        result: list[Message] = self._run(self._core.peek(1 if max is None else max))
        return result

    def get_message_by_id(self, message_id: str) -> Message:
        """One message by id, reserved or not."""
        result: Message = self._run(self._core.get_message(message_id))
        return result

    def delete(
        self,
        message: MessageRef,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> None:
        """Delete a message; a reserved one needs its reservation, which this queue remembers."""
        self._run(self._core.delete(message, reservation_id, subscriber_name))

    def delete_multiple(self, *messages: MessageRef) -> None:
        """Delete several messages (ids or message objects), 100 per request."""
        self._run(self._core.delete_multiple(messages))

    def clear(self) -> None:
        """Delete every message of the queue, reserved ones included."""
        self._run(self._core.clear())

    def touch(
        self, message: MessageRef, reservation_id: str | None = None, timeout: int | None = None
    ) -> str:
        """Extend a reservation by `timeout` seconds from now; the new reservation id."""
        result: str = self._run(self._core.touch(message, reservation_id, timeout))
        return result

    def release(
        self, message: MessageRef, reservation_id: str | None = None, delay: int = 0
    ) -> None:
        """Put a reserved message back, available again after `delay` seconds."""
        self._run(self._core.release(message, reservation_id, delay))

    # push queues ----------------------------------------------------------------------

    def add_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Add subscribers: URLs (named for you), Subscriber objects or dicts."""
        self._run(self._core.add_subscribers(subscribers))

    def replace_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Set the push queue's subscribers to exactly these."""
        self._run(self._core.replace_subscribers(subscribers))

    def remove_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Remove subscribers given by name, Subscriber, or URL."""
        self._run(self._core.remove_subscribers(subscribers))

    def get_message_push_statuses(self, message: MessageRef) -> list[PushStatus]:
        """How delivery of a message to each subscriber went."""
        result: list[PushStatus] = self._run(self._core.push_statuses(message))
        return result

    def delete_message_push_status(
        self,
        message: MessageRef,
        subscriber: str | Subscriber,
        reservation_id: str | None = None,
    ) -> None:
        """Acknowledge a push that `subscriber` answered with 202 (v3: needs the reservation)."""
        self._run(self._core.acknowledge_push(message, subscriber, reservation_id))

    def acknowledge(self, push: PushMessage) -> None:
        """Acknowledge a pushed message received with `PushMessage.from_request` (after 202)."""
        self._run(
            self._core.acknowledge_push(
                push.message_id, push.subscriber_name or "", push.reservation_id
            )
        )

    # alerts ---------------------------------------------------------------------------

    def add_alerts(self, *alerts: AlertInput) -> None:
        """Add size alerts (at most 5 per queue, pull queues only)."""
        self._run(self._core.add_alerts(alerts))

    def update_alerts(self, *alerts: AlertInput) -> None:
        """Replace the queue's alerts with these (none removes them all)."""
        self._run(self._core.replace_alerts(alerts))

    def remove_alerts(self, *alert_ids: str | Alert) -> None:
        """Remove alerts by id."""
        self._run(self._core.remove_alerts(alert_ids))

    def remove_alert(self, alert_id: str | Alert) -> None:
        """Remove one alert by id."""
        self._run(self._core.remove_alert(alert_id))

    # consuming ------------------------------------------------------------------------

    def consumer(
        self,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int = 0,
        stop_when_empty: bool = False,
    ) -> Consumer:
        """A consumer of this queue: iterate it, or `run(handler)`; see `Consumer`."""
        from ._consumer import Consumer  # noqa: PLC0415  # the consumer imports this module

        return Consumer(
            self,
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            stop_when_empty=stop_when_empty,
        )


class AsyncQueue(_QueueBase):
    """One IronMQ queue, async. Get it with `AsyncIronMQ.queue(name)`."""

    def __init__(
        self,
        transport: AsyncTransport,
        core: QueueCore,
        options: RequestOptions,
    ) -> None:
        super().__init__(core, options, transport.config.base_url, transport.config.token)
        self._transport = transport

    async def _run(self, flow: Flow[Any]) -> Any:
        return await self._transport.run(flow, self._options)

    def with_options(
        self, *, timeout: TimeoutTypes = NO_BODY, max_retries: int | None = None
    ) -> AsyncQueue:
        """This queue with other request settings (it shares connections and reservations).

        Args:
            timeout: HTTP timeout in seconds or an `httpx.Timeout` (not a reservation timeout).
            max_retries: retries after the first attempt.
        """
        return AsyncQueue(self._transport, self._core, self._options.merge(timeout, max_retries))

    # the queue ------------------------------------------------------------------------

    async def info(self) -> QueueInfo:
        """The queue's settings and counters (404 QueueNotFoundError if it does not exist)."""
        result: QueueInfo = await self._run(self._core.info())
        return result

    async def size(self) -> int:
        """Messages in the queue now, reserved and delayed ones included."""
        return (await self.info()).size or 0

    async def total_messages(self) -> int:
        """Messages ever posted to the queue."""
        return (await self.info()).total_messages or 0

    async def id(self) -> str | None:
        """The queue's id."""
        return (await self.info()).id

    async def create(
        self,
        *,
        type: QueueType | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Create the queue, or update it if it exists (PUT); `subscribers` make a push queue."""
        settings = queue_settings(
            type=type,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )
        result: QueueInfo = await self._run(self._core.create(settings))
        return result

    async def update_queue(
        self,
        *,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
        subscribers: Sequence[SubscriberInput] | None = None,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        dead_letter: DeadLetter | None = None,
        alerts: Sequence[AlertInput] | None = None,
    ) -> QueueInfo:
        """Change settings of an existing queue (PATCH); omitted settings keep their value."""
        settings = queue_settings(
            message_timeout=message_timeout,
            message_expiration=message_expiration,
            subscribers=subscribers,
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            dead_letter=dead_letter,
            alerts=alerts,
        )
        result: QueueInfo = await self._run(self._core.update_queue(settings))
        return result

    async def update(
        self,
        subscribers: Sequence[SubscriberInput] | None = None,
        push_type: QueueType | None = None,
        *,
        retries: int | None = None,
        retries_delay: int | None = None,
        error_queue: str | None = None,
        message_timeout: int | None = None,
        message_expiration: int | None = None,
    ) -> QueueInfo:
        """The legacy update: set subscribers and push type, creating the queue if missing.

        A v3 queue's type is fixed, so asking an existing queue for another type raises
        UnsupportedArgumentError (delete and re-create it instead).
        """
        settings = queue_settings(
            retries=retries,
            retries_delay=retries_delay,
            error_queue=error_queue,
            message_timeout=message_timeout,
            message_expiration=message_expiration,
        )
        result: QueueInfo = await self._run(self._core.update(subscribers, push_type, settings))
        return result

    async def set_dead_letter(self, queue_name: str, max_reservations: int = 10) -> QueueInfo:
        """Move messages reserved `max_reservations` times to `queue_name` (created if missing)."""
        return await self.update_queue(dead_letter=DeadLetter(queue_name, max_reservations))

    async def remove_dead_letter(self) -> QueueInfo:
        """Stop moving messages to a dead-letter queue (that queue is left as it is)."""
        result: QueueInfo = await self._run(
            self._core.update_queue({"dead_letter": {"queue_name": ""}})
        )
        return result

    async def delete_queue(self) -> None:
        """Delete the queue and all its messages."""
        await self._run(self._core.delete_queue())

    # messages -------------------------------------------------------------------------

    async def post(self, *messages: MessageInput) -> list[str]:
        """Post messages (strings, or dicts with `body`, `delay`, `push_headers`); their ids.

        More than 100 messages are sent 100 per request. Posting creates a missing queue.
        """
        result: list[str] = await self._run(self._core.post(messages))
        return result

    async def post_webhook(
        self, body: str | bytes, *, push_headers: Mapping[str, str] | None = None
    ) -> str:
        """Post one message through the webhook endpoint (the raw body); its id."""
        result: str = await self._run(self._core.post_webhook(body, push_headers))
        return result

    async def reserve(
        self,
        n: int = 1,
        timeout: int | None = None,
        wait: int | None = None,
        delete: bool = False,
    ) -> list[ReservedMessage]:
        """Reserve up to `n` messages (1-100) for `timeout` seconds, long-polling `wait` (0-30).

        With `delete=True` the messages are removed as they are handed out.
        """
        result: list[ReservedMessage] = await self._run(
            self._core.reserve(n, timeout, wait, delete)
        )
        return result

    async def get(
        self, max: int | None = None, timeout: int | None = None, wait: int | None = None
    ) -> list[ReservedMessage]:
        """The legacy name of `reserve`: up to `max` messages (default 1)."""
        return await self.reserve(1 if max is None else max, timeout, wait)

    async def peek(self, max: int | None = None) -> list[Message]:
        """Up to `max` (default 1) available messages, without reserving them."""
        result: list[Message] = await self._run(self._core.peek(1 if max is None else max))
        return result

    async def get_message_by_id(self, message_id: str) -> Message:
        """One message by id, reserved or not."""
        result: Message = await self._run(self._core.get_message(message_id))
        return result

    async def delete(
        self,
        message: MessageRef,
        reservation_id: str | None = None,
        subscriber_name: str | None = None,
    ) -> None:
        """Delete a message; a reserved one needs its reservation, which this queue remembers."""
        await self._run(self._core.delete(message, reservation_id, subscriber_name))

    async def delete_multiple(self, *messages: MessageRef) -> None:
        """Delete several messages (ids or message objects), 100 per request."""
        await self._run(self._core.delete_multiple(messages))

    async def clear(self) -> None:
        """Delete every message of the queue, reserved ones included."""
        await self._run(self._core.clear())

    async def touch(
        self, message: MessageRef, reservation_id: str | None = None, timeout: int | None = None
    ) -> str:
        """Extend a reservation by `timeout` seconds from now; the new reservation id."""
        result: str = await self._run(self._core.touch(message, reservation_id, timeout))
        return result

    async def release(
        self, message: MessageRef, reservation_id: str | None = None, delay: int = 0
    ) -> None:
        """Put a reserved message back, available again after `delay` seconds."""
        await self._run(self._core.release(message, reservation_id, delay))

    # push queues ----------------------------------------------------------------------

    async def add_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Add subscribers: URLs (named for you), Subscriber objects or dicts."""
        await self._run(self._core.add_subscribers(subscribers))

    async def replace_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Set the push queue's subscribers to exactly these."""
        await self._run(self._core.replace_subscribers(subscribers))

    async def remove_subscribers(self, *subscribers: SubscriberInput) -> None:
        """Remove subscribers given by name, Subscriber, or URL."""
        await self._run(self._core.remove_subscribers(subscribers))

    async def get_message_push_statuses(self, message: MessageRef) -> list[PushStatus]:
        """How delivery of a message to each subscriber went."""
        result: list[PushStatus] = await self._run(self._core.push_statuses(message))
        return result

    async def delete_message_push_status(
        self,
        message: MessageRef,
        subscriber: str | Subscriber,
        reservation_id: str | None = None,
    ) -> None:
        """Acknowledge a push that `subscriber` answered with 202 (v3: needs the reservation)."""
        await self._run(self._core.acknowledge_push(message, subscriber, reservation_id))

    async def acknowledge(self, push: PushMessage) -> None:
        """Acknowledge a pushed message received with `PushMessage.from_request` (after 202)."""
        await self._run(
            self._core.acknowledge_push(
                push.message_id, push.subscriber_name or "", push.reservation_id
            )
        )

    # alerts ---------------------------------------------------------------------------

    async def add_alerts(self, *alerts: AlertInput) -> None:
        """Add size alerts (at most 5 per queue, pull queues only)."""
        await self._run(self._core.add_alerts(alerts))

    async def update_alerts(self, *alerts: AlertInput) -> None:
        """Replace the queue's alerts with these (none removes them all)."""
        await self._run(self._core.replace_alerts(alerts))

    async def remove_alerts(self, *alert_ids: str | Alert) -> None:
        """Remove alerts by id."""
        await self._run(self._core.remove_alerts(alert_ids))

    async def remove_alert(self, alert_id: str | Alert) -> None:
        """Remove one alert by id."""
        await self._run(self._core.remove_alert(alert_id))

    # consuming ------------------------------------------------------------------------

    def consumer(
        self,
        *,
        batch_size: int = 10,
        wait: int = 30,
        timeout: int | None = None,
        concurrency: int = 1,
        renew: bool = True,
        release_delay: int = 0,
        stop_when_empty: bool = False,
    ) -> AsyncConsumer:
        """A consumer of this queue: `async for` it, or `await run(handler)`."""
        from ._consumer import AsyncConsumer  # noqa: PLC0415  # the consumer imports this module

        return AsyncConsumer(
            self,
            batch_size=batch_size,
            wait=wait,
            timeout=timeout,
            concurrency=concurrency,
            renew=renew,
            release_delay=release_delay,
            stop_when_empty=stop_when_empty,
        )
