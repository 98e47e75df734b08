"""The kombu channel: virtual AMQP over IronMQ queues, one IronMQ queue per kombu queue.

Publishing, sizes and purges go straight through the transport's `IronMQ` client;
consuming goes through a `Pump` (see `_pump`), started at the first consumer.
"""

from __future__ import annotations

import contextlib
import logging
import os
import time
from queue import Empty
from typing import TYPE_CHECKING, Any

from kombu.transport import virtual
from kombu.transport.virtual.exchange import DirectExchange, TopicExchange

from ironmq_sdk import IronMQ, NotFoundError

from ._payload import eta_delay, to_body
from ._pump import Pump

if TYPE_CHECKING:
    from ._transport import Transport

log = logging.getLogger("ironmq_kombu")

UNSUPPORTED_EXCHANGE = (
    "the IronMQ transport cannot have a {type!r} exchange ({name!r}): a fanout exchange "
    "needs bindings that every process sees, and IronMQ keeps none. Celery's remote control "
    "(celery inspect/control) and broadcast queues need one; direct and topic exchanges "
    "work (routed by the bindings declared in the publishing process)"
)


class UnsupportedExchangeError(NotImplementedError):
    """A fanout or headers exchange was declared: IronMQ keeps no bindings to fan out to."""


class Channel(virtual.Channel):
    """A kombu channel on IronMQ."""

    connection: Transport
    # kombu's class attribute; no fanout: see UNSUPPORTED_EXCHANGE
    exchange_types = {"direct": DirectExchange, "topic": TopicExchange}  # noqa: RUF012
    supports_fanout = False
    do_restore = True

    def __init__(self, connection: Transport, **kwargs: Any) -> None:
        super().__init__(connection, **kwargs)
        self.settings = connection.settings
        self._pump: Pump | None = None
        self._noack_queues: set[str] = set()
        self._unroutable: set[str] = set()  # exchanges already warned about

    @property
    def client(self) -> IronMQ:
        """The transport's synchronous SDK client (publishing, sizes, purges)."""
        return self.connection.client_for(os.getpid())

    @property
    def pump(self) -> Pump:
        """The consuming side, started on first use (and again in a forked child)."""
        if self._pump is None or self._pump.pid != os.getpid():
            self._pump = Pump(
                self.settings, self.qos.can_consume_max_estimate, self.connection.signal
            )
        return self._pump

    # exchanges ---------------------------------------------------------------------------

    def exchange_declare(  # noqa: PLR0917  # kombu's signature
        self,
        exchange: str | None = None,
        type: str = "direct",
        durable: bool = False,
        auto_delete: bool = False,
        arguments: dict[str, Any] | None = None,
        nowait: bool = False,
        passive: bool = False,
    ) -> None:
        """Declare a direct exchange; any other type fails with `UnsupportedExchangeError`."""
        if (type or "direct") not in self.exchange_types:
            raise UnsupportedExchangeError(UNSUPPORTED_EXCHANGE.format(type=type, name=exchange))
        super().exchange_declare(exchange, type, durable, auto_delete, arguments, nowait, passive)

    def _lookup(self, exchange: str, routing_key: str, default: str | None = None) -> list[str]:
        queues: list[str] = super()._lookup(exchange, routing_key, default)
        if not queues and exchange not in self._unroutable:
            # As AMQP drops an unroutable message, but say so once: Celery's events (-E)
            # end here, since no process binds a queue to `celeryev` in the worker's process.
            self._unroutable.add(exchange)
            log.warning(
                "dropping messages to exchange %r that no queue declared in this process is "
                "bound to (first routing key %r)",
                exchange,
                routing_key,
            )
        return queues

    # messages out ------------------------------------------------------------------------

    def _put(self, queue: str, message: dict[str, Any], **kwargs: Any) -> None:
        delay = eta_delay(message, time.time()) if self.settings.native_delay else 0
        self.client.queue(self.settings.queue_name(queue)).post(
            {"body": to_body(message), "delay": delay}
        )

    # messages in -------------------------------------------------------------------------

    def basic_consume(
        self, queue: str, no_ack: bool, callback: Any, consumer_tag: str, **kwargs: Any
    ) -> Any:
        """Consume from `queue`: its messages are reserved in the background from now on."""
        if no_ack:
            self._noack_queues.add(queue)
        result = super().basic_consume(queue, no_ack, callback, consumer_tag, **kwargs)
        self.pump.watch(queue)
        return result

    def basic_cancel(self, consumer_tag: str) -> Any:
        """Stop consuming; messages reserved and not delivered yet go back to the queue."""
        queue = self._tag_to_queue.get(consumer_tag)
        result = super().basic_cancel(consumer_tag)
        if queue is not None and queue not in self._active_queues:
            self._noack_queues.discard(queue)
            if self._pump is not None:
                self._pump.unwatch(queue)
        return result

    def deliver_ready(self) -> int:
        """Hand reserved messages to their consumers, as far as the prefetch count allows."""
        if self._pump is None or self.closed:
            return 0
        delivered = 0
        while self._consumers and self.qos.can_consume():
            lease = self._pump.take()
            if lease is None:
                break
            self.connection.deliver(lease.payload, lease.queue)
            if lease.queue in self._noack_queues:
                self._pump.ack(lease.tag)
            delivered += 1
        return delivered

    def drain_events(self, timeout: float | None = None, callback: Any = None) -> None:
        """Deliver what is reserved already; the transport waits for more."""
        if not self.deliver_ready():
            raise Empty()

    def _get(self, queue: str, timeout: float | None = None) -> dict[str, Any]:
        lease = self.pump.reserve_now(queue)
        if lease is None:
            raise Empty()
        return lease.payload

    def basic_get(self, queue: str, no_ack: bool = False, **kwargs: Any) -> Any:
        """Reserve one message now (no waiting); with `no_ack` it is deleted at once."""
        message = super().basic_get(queue, no_ack, **kwargs)
        if message is not None and no_ack:
            self.pump.ack(message.delivery_tag)
        return message

    # verdicts ----------------------------------------------------------------------------

    def basic_ack(self, delivery_tag: str, multiple: bool = False) -> None:
        """Delete the message (its reservation id is looked up by delivery tag)."""
        super().basic_ack(delivery_tag, multiple)
        self.pump.ack(delivery_tag)
        if self.pump.waiting:
            self.connection.signal()

    def basic_reject(self, delivery_tag: str, requeue: bool = False) -> None:
        """Release the message (requeue), or delete it, as a broker without dead-lettering does."""
        super().basic_reject(delivery_tag, requeue=requeue)
        if not requeue:
            self.pump.ack(delivery_tag)

    def basic_qos(
        self, prefetch_size: int = 0, prefetch_count: int = 0, apply_global: bool = False
    ) -> None:
        """Set the prefetch count, which bounds how many messages are reserved ahead."""
        super().basic_qos(prefetch_size, prefetch_count, apply_global)
        if self._pump is not None:
            self._pump.wake()

    def _restore(self, message: Any) -> None:
        # Requeue = release the reservation: the message keeps its place and its id, and
        # IronMQ counts the reservation (dead-letter queues rely on that count).
        if self._pump is not None:
            self._pump.release(message.delivery_tag)

    def _restore_at_beginning(self, message: Any) -> None:
        self._restore(message)

    # queues ------------------------------------------------------------------------------

    def _new_queue(self, queue: str, **kwargs: Any) -> None:
        # A declared queue must exist (kombu checks with passive declarations), though
        # IronMQ itself would create it at its first message.
        if not self._has_queue(queue):
            self.client.queue(self.settings.queue_name(queue)).create()

    def _has_queue(self, queue: str, **kwargs: Any) -> bool:
        try:
            self.client.queue(self.settings.queue_name(queue)).info()
        except NotFoundError:
            return False
        return True

    def _size(self, queue: str) -> int:
        try:
            return self.client.queue(self.settings.queue_name(queue)).size()
        except NotFoundError:
            return 0

    def _purge(self, queue: str) -> int:
        ironmq_queue = self.client.queue(self.settings.queue_name(queue))
        try:
            size = ironmq_queue.size()
            ironmq_queue.clear()
        except NotFoundError:
            return 0
        return size

    def _delete(self, queue: str, *args: Any, **kwargs: Any) -> None:
        with contextlib.suppress(NotFoundError):
            self.client.queue(self.settings.queue_name(queue)).delete_queue()

    def close(self) -> None:
        """Release unacknowledged messages, flush pending acks, stop the consuming side."""
        pump = self._pump
        super().close()
        if pump is not None:
            pump.close()
