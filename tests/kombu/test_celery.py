"""A real Celery worker (a subprocess) on ironmq-local through `broker_url = "ironmq://..."`.

Results come back through a SQLite result backend; tasks record their runs as files. The
reservation timeout is 60 s (tasks.py); where a test needs it to pass, it moves
ironmq-local's virtual clock instead of waiting.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ironmq_kombu import UnsupportedExchangeError
from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

from . import tasks
from .conftest import WAIT, Worker, broker_url, count_events, point_at, wait_for

pytestmark = pytest.mark.timeout(180)


def test_tasks_round_trip_with_their_results(
    celery_app: Any, start_worker: Callable[..., Worker], sdk: IronMQ
) -> None:
    """Tasks sent with delay() run on the worker and their results come back."""
    start_worker()
    results = [tasks.add.delay(i, 100) for i in range(20)]
    assert [r.get(timeout=WAIT) for r in results] == [i + 100 for i in range(20)]
    # acknowledged = deleted from IronMQ (acks are batched, so allow them a moment)
    wait_for(lambda: sdk.queue("celery").size() == 0, "the acknowledgements")


def test_routing_by_queue_name(
    celery_app: Any, start_worker: Callable[..., Worker], sdk: IronMQ
) -> None:
    """A task sent to another queue travels in the IronMQ queue of that name."""
    start_worker("-c", "1", "-Q", "celery,reports")
    result = tasks.add.apply_async((1, 2), queue="reports")
    assert result.get(timeout=WAIT) == 3
    assert sdk.queue("reports").total_messages() == 1
    assert sdk.queue("celery").total_messages() == 0


def test_retries_with_countdown(
    celery_app: Any, start_worker: Callable[..., Worker], events: Path
) -> None:
    """A task that retries with a countdown runs again until it succeeds."""
    start_worker()
    assert tasks.flaky.delay("r", 2).get(timeout=WAIT) == 2
    assert count_events(events, "try", "r") == 3


def test_eta_task_waits_in_ironmq_then_runs_not_before_its_eta(
    celery_app: Any, start_worker: Callable[..., Worker], sdk: IronMQ
) -> None:
    """A countdown task is posted as a delayed IronMQ message and runs at its ETA."""
    sent = time.time()
    result = tasks.stamp.apply_async(("eta",), countdown=3)
    # Delayed in IronMQ: in the queue, but nobody can reserve it yet.
    assert sdk.queue("celery").size() == 1
    assert sdk.queue("celery").reserve(1) == []
    start_worker()
    ran_at = result.get(timeout=WAIT)
    assert ran_at >= sent + 3


def test_purge_discards_waiting_tasks(celery_app: Any, sdk: IronMQ) -> None:
    """`celery purge` (control.purge) empties the task queue and counts what it removed."""
    for i in range(5):
        tasks.add.delay(i, i)
    assert sdk.queue("celery").size() == 5
    assert celery_app.control.purge() == 5
    assert sdk.queue("celery").size() == 0


def test_worker_killed_mid_task_task_redelivered_after_reservation_timeout(
    celery_app: Any,
    start_worker: Callable[..., Worker],
    events: Path,
    ironmq: LocalServer,
) -> None:
    """acks_late: a task whose worker died runs again once its reservation has run out."""
    first = start_worker("-c", "1")
    result = tasks.hold.delay("k")
    wait_for(lambda: count_events(events, "started", "k") == 1, "the task to start")
    first.kill()
    second = start_worker("-c", "1")
    (events / "release-k").touch()  # the second run may finish
    ironmq.advance(61)  # past the 60 s reservation the dead worker held
    assert result.get(timeout=WAIT) == "k"
    assert count_events(events, "started", "k") == 2
    assert second.process.poll() is None


def test_acks_late_task_keeps_its_reservation_while_it_runs(
    celery_app: Any,
    start_worker: Callable[..., Worker],
    events: Path,
    ironmq: LocalServer,
    sdk: IronMQ,
) -> None:
    """A task running longer than the reservation timeout is renewed, not run twice."""
    ironmq.freeze()
    result = tasks.hold.delay("lease")
    [message] = sdk.queue("celery").peek()
    # 2 s reservations, renewed every second; a second pool process would take a redelivery
    start_worker("-c", "2", env={"IRONMQ_TEST_VISIBILITY": "2"})
    wait_for(lambda: count_events(events, "started", "lease") == 1, "the task to start")

    def reservations() -> int:
        return sdk.queue("celery").get_message_by_id(message.id).reserved_count

    # Each step moves the virtual clock 1.5 s, after a renewal: 3 s in all, past the
    # 2 s reservation, which lives on only because the worker renews it.
    for seen in (2, 3):
        wait_for(lambda seen=seen: reservations() >= seen, f"renewal {seen - 1}")
        ironmq.advance(1.5)
    (events / "release-lease").touch()
    assert result.get(timeout=WAIT) == "lease"
    wait_for(lambda: sdk.queue("celery").size() == 0, "the ack with the renewed reservation")
    assert count_events(events, "started", "lease") == 1


def test_sigterm_finishes_the_running_task_and_gives_back_the_prefetched_ones(
    celery_app: Any, start_worker: Callable[..., Worker], events: Path, sdk: IronMQ
) -> None:
    """Warm shutdown: SIGTERM stops the worker, the running task finishes and is acked,
    and the tasks it had prefetched are released for other workers at once."""
    worker = start_worker("-c", "1")
    running = tasks.hold.delay("t")
    wait_for(lambda: count_events(events, "started", "t") == 1, "the task to start")
    waiting = [tasks.add.delay(i, i) for i in range(3)]
    wait_for(lambda: worker.log.count("tasks.add[") >= 3, "the worker to prefetch")
    worker.process.send_signal(signal.SIGTERM)
    (events / "release-t").touch()
    assert worker.wait() == 0
    assert running.get(timeout=WAIT) == "t"
    assert "Warm shutdown" in worker.log
    # Released, not left reserved: reservable now, with no clock moved.
    queue = sdk.queue("celery")
    assert queue.size() == 3
    assert len(queue.reserve(10, wait=1)) == 3, worker.log
    assert all(r.state == "PENDING" for r in waiting)


def test_server_restart_mid_run_loses_no_task(
    tmp_path: Path, celery_env: dict[str, str], celery_app: Any, events: Path
) -> None:
    """The worker outlives a restart of IronMQ: every task sent before or after it runs."""
    server = LocalServer(str(tmp_path / "restart.db")).start()
    try:
        url = broker_url(server)
        celery_env["IRONMQ_TEST_BROKER"] = url
        point_at(celery_app, url)
        worker = Worker(celery_env, ["-l", "info", "-c", "2"])
        try:
            before = [tasks.slow.delay(f"b{i}", 0.05) for i in range(20)]
            wait_for(lambda: count_events(events, "finished", "b0*"), "the first task")
            port = int(server.base_url.rsplit(":", 1)[1])
            server.stop()
            server = LocalServer(str(tmp_path / "restart.db"), port=port).start()
            after = [tasks.slow.delay(f"a{i}", 0.05) for i in range(20)]
            assert {r.get(timeout=WAIT) for r in before + after} == {
                *(f"b{i}" for i in range(20)),
                *(f"a{i}" for i in range(20)),
            }
        finally:
            worker.kill()
    finally:
        server.stop()


def test_remote_control_is_refused_clearly(celery_app: Any) -> None:
    """`celery inspect` needs a fanout exchange, which IronMQ has not: a clear error, no hang."""
    with pytest.raises(UnsupportedExchangeError, match="remote control"):
        celery_app.control.inspect(timeout=1).ping()
