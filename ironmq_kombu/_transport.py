"""The kombu transport: `ironmq://PROJECT_ID:TOKEN@HOST[:PORT]`.

Asynchronous in kombu's sense: a Celery worker registers it with its event loop (the hub),
and the channels' pumps wake that loop through a pipe when messages are reserved, so the
worker never blocks on a long poll. Without a hub (`drain_events`), the caller waits on an
event for at most its timeout, which is what keeps a worker's warm shutdown prompt.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any

from kombu.transport import virtual

from ironmq_sdk import (
    APIConnectionError,
    InternalServerError,
    IronMQ,
    IronMQError,
    RateLimitError,
    __version__,
)

from ._channel import Channel as IronMQChannel
from ._settings import Settings, masked, settings_from


class Transport(virtual.Transport):
    """kombu transport for IronMQ (see the package doc for the options)."""

    Channel = IronMQChannel
    channels: list[IronMQChannel]

    can_parse_url = True
    default_port = None
    driver_type = "ironmq"
    driver_name = "ironmq-sdk"

    implements = virtual.Transport.implements.extend(
        asynchronous=True,
        exchange_type=frozenset(["direct", "topic"]),
        heartbeats=False,
    )

    # Worth reconnecting and retrying for: the network, IronMQ's 5xx and its rate limit,
    # once the SDK's own retries are spent. Other SDK errors are the caller's.
    connection_errors = (  # type: ignore[assignment]  # kombu types it as a 1-tuple
        *virtual.Transport.connection_errors,
        APIConnectionError,
        InternalServerError,
        RateLimitError,
    )
    channel_errors = (*virtual.Transport.channel_errors, IronMQError)  # type: ignore[assignment]

    def __init__(self, client: Any, **kwargs: Any) -> None:
        self.settings: Settings = settings_from(
            client.hostname,
            client.transport_options,
            userid=client.userid,
            password=client.password,
            port=client.port,
        )
        self._clients: dict[int, IronMQ] = {}
        self._clients_lock = threading.Lock()
        self._ready = threading.Event()
        self._wake_fds: tuple[int, int] | None = None
        self._hub: Any = None
        super().__init__(client, **kwargs)

    def client_for(self, pid: int) -> IronMQ:
        """The synchronous SDK client of process `pid` (a forked child gets its own)."""
        with self._clients_lock:
            sdk = self._clients.get(pid)
            if sdk is None:
                sdk = self._clients[pid] = IronMQ(**self.settings.client)
            return sdk

    def driver_version(self) -> str:
        """The SDK's version."""
        return __version__

    def as_uri(self, uri: str, include_password: bool = False, mask: str = "**") -> str:
        """The broker URL, the token masked."""
        return masked(uri, include_password, mask)

    def establish_connection(self) -> Any:
        """Check that IronMQ answers and the credentials hold (one small request)."""
        self.client_for(os.getpid()).queues(per_page=1)
        return super().establish_connection()

    def close_connection(self, connection: Any) -> None:
        """Close the channels (flushing their acks), the SDK client and the wake-up pipe."""
        super().close_connection(connection)
        sdk = self._clients.pop(os.getpid(), None)
        if sdk is not None:
            sdk.close()
        if self._wake_fds is not None:
            if self._hub is not None:
                with contextlib.suppress(Exception):
                    self._hub.remove_reader(self._wake_fds[0])
            for fd in self._wake_fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._wake_fds = None

    # delivery ------------------------------------------------------------------------------

    def deliver(self, payload: dict[str, Any], queue: str) -> None:
        """Hand a message to the consumer of `queue` (or back to IronMQ if it has none)."""
        self._deliver(payload, queue)

    def signal(self) -> None:
        """Messages are waiting: wake whoever waits (called from the pumps' threads)."""
        self._ready.set()
        if self._wake_fds is not None:
            with contextlib.suppress(OSError):  # a full pipe wakes the loop just as well
                os.write(self._wake_fds[1], b"!")

    def _deliver_all(self) -> int:
        return sum(channel.deliver_ready() for channel in list(self.channels))

    def drain_events(self, connection: Any, timeout: float | None = None, **kwargs: Any) -> None:
        """Deliver waiting messages; wait up to `timeout` for some (socket.timeout if none)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self._ready.clear()
            if self._deliver_all():
                return
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                raise TimeoutError()  # socket.timeout, which kombu expects
            self._ready.wait(remaining)

    def register_with_event_loop(self, connection: Any, loop: Any) -> None:
        """Let a Celery worker's event loop deliver messages as soon as they are reserved."""
        if self._wake_fds is None:
            read_fd, write_fd = os.pipe()
            os.set_blocking(read_fd, False)
            os.set_blocking(write_fd, False)
            self._wake_fds = (read_fd, write_fd)
        self._hub = loop
        loop.add_reader(self._wake_fds[0], self._on_wake)
        self.signal()  # deliver anything reserved before the loop started

    def _on_wake(self) -> None:
        if self._wake_fds is not None:
            with contextlib.suppress(OSError):
                while os.read(self._wake_fds[0], 4096):
                    pass
        self._deliver_all()
