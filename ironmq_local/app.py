"""Assembly: the ASGI application of ironmq-local, wire → domain → storage, plus the runtime.

This is the one place that knows every layer: it opens the store, picks the clock, builds
the broker (v3 rules; the same broker under v2 rules for `/1/`), and mounts the v3 and v2
routes (and, with `control`, the control API) and the dashboard on Starlette with the
background worker and the group commit (runtime/commits.py, wire/durable.py) in its
lifespan.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.types import ASGIApp

from .dashboard import dashboard_routes
from .domain.broker import Broker, saved_clock
from .domain.ports import DeliveryPort
from .domain.rules import V2_RULES, V3_RULES
from .runtime.clock import Clock, SystemClock, VirtualClock
from .runtime.commits import GroupCommit
from .runtime.delivery import HttpDelivery
from .runtime.pusher import Pusher
from .runtime.waiting import Waiters
from .settings import DEFAULT_TOKEN, Settings
from .storage.sqlite import SqliteStore
from .wire.access import RequestLog
from .wire.control import ControlApi
from .wire.durable import Durable
from .wire.errors import exception_handlers
from .wire.faults import FaultMiddleware, Faults
from .wire.http import TrailingSlash
from .wire.reports import JsonReports
from .wire.site import Site
from .wire.v2 import present as v2_present
from .wire.v2.handlers import V2Handlers
from .wire.v2.routes import routes as v2_routes
from .wire.v3 import present as v3_present
from .wire.v3.handlers import V3Handlers
from .wire.v3.routes import routes as v3_routes


class _Wakeups:
    """The domain's `Events`: wake long polls of a queue, or the background worker."""

    def __init__(self, waiters: Waiters) -> None:
        self.waiters = waiters
        self.pusher: Pusher | None = None  # set once the worker exists
        self.available = waiters.notify  # called after most posts: no extra frame

    def scheduled(self) -> None:
        if self.pusher is not None:
            self.pusher.wake()

    def time_moved(self) -> None:
        """Everything that sleeps until a due time looks again (the virtual clock jumped)."""
        self.waiters.notify_all()
        self.scheduled()


def create_app(
    settings: Settings,
    clock: Clock | None = None,
    delivery: DeliveryPort | None = None,
    waiters: Waiters | None = None,
    in_flight: Callable[[], int] | None = None,
) -> ASGIApp:
    """Build the ASGI application for `settings` (opens or creates the database).

    Args:
        settings: server settings.
        clock: time source; default is the persisted virtual clock with `control`,
            else the system clock.
        delivery: how push requests are sent; default the HTTP adapter.
        waiters: the long polls' wake-ups; the server passes its own to end them at shutdown.
        in_flight: how many requests the server holds; a request alone commits at once
            (None: concurrent requests always share commits).
    """
    store = SqliteStore(settings.db)
    if clock is None:
        # under the control API the virtual clock continues where the last process left it
        clock = VirtualClock(*saved_clock(store)) if settings.control else SystemClock()
    waiters = waiters or Waiters()
    events = _Wakeups(waiters)
    broker = Broker(
        store,
        clock,
        reports=JsonReports(),
        message_url=v3_present.message_url(settings.public_url, settings.credentials),
        rules=V3_RULES,
        events=events,
    )
    commits = GroupCommit(store, on_lost=broker.reload, in_flight=in_flight)
    port = delivery or HttpDelivery()
    pusher = events.pusher = Pusher(
        broker, clock, port, timeout=settings.push_timeout, concurrency=settings.push_concurrency
    )
    handlers = V3Handlers(broker, clock, waiters, settings.credentials, settings.max_message_size)
    v2_handlers = V2Handlers(
        broker.with_rules(V2_RULES),
        clock,
        waiters,
        settings.credentials,
        settings.max_message_size,
        alert_texts=v2_present.ALERT_TEXTS[settings.v2_alert_answers],
    )
    routes = v3_routes(handlers) + v2_routes(v2_handlers)
    faults = Faults()
    control = None
    if settings.control:
        if not isinstance(clock, VirtualClock):
            raise ValueError("the control API needs a VirtualClock")
        control = ControlApi(broker, clock, faults, events.time_moved)
        routes += control.routes()
    routes += dashboard_routes(
        broker,
        credentials=settings.credentials,
        host=settings.host,
        max_message_size=settings.max_message_size,
        control=control,
    )

    # last: the landing page lists the APIs (and dashboard) mounted above
    routes += Site(settings.credentials, DEFAULT_TOKEN, routes).routes()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        # concurrent requests share commits from now on (the loop runs, so a batch opened
        # by any request is committed at the loop's next turn)
        store.batch_commits(commits)
        pusher.start()
        try:
            yield
        finally:
            await pusher.stop()
            if isinstance(port, HttpDelivery):
                await port.aclose()
            commits.flush()
            store.close()

    app = Starlette(routes=routes, exception_handlers=exception_handlers(), lifespan=lifespan)
    app.router.redirect_slashes = False
    app.state.broker = broker
    requests = RequestLog(Durable(TrailingSlash(app), commits))
    app.state.requests = requests  # the control API's health reports its `in_flight`
    # faults outermost: dropping a connection needs uvicorn's own `send` (wire/faults.py)
    return FaultMiddleware(requests, faults)
