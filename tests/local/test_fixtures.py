"""The pytest plugin as a user meets it: a test file in a directory of its own (no conftest
of this repository), run by pytest in a subprocess, using the installed plugin's fixtures."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

USER_TESTS = '''
import pytest

from ironmq_sdk import AsyncIronMQ, IronMQ, testing


def test_the_client_fixture_talks_to_the_reset_server(ironmq_client, ironmq):
    assert isinstance(ironmq_client, IronMQ)
    queue = ironmq_client.queue("jobs")
    queue.post("hello", "world")
    (message,) = queue.get()
    assert message.body == "hello"
    ironmq.advance(61)                   # the reservation times out on the virtual clock
    assert [m.body for m in queue.get(max=2)] == ["hello", "world"]


def test_each_test_starts_empty(ironmq_client):
    assert ironmq_client.queues() == []


def test_injected_faults_are_retried_without_sleeping(ironmq_client, ironmq):
    ironmq.inject_faults(2, status=503, retry_after=30)
    assert ironmq_client.queues() == []   # two 503s, then the answer
    assert testing.recorded_waits() == [30.0, 30.0]


def test_outside_the_fixtures_the_sdk_is_not_in_test_mode():
    assert not testing.is_testing()


@pytest.mark.anyio
async def test_the_async_client_fixture(async_ironmq_client, ironmq):
    assert isinstance(async_ironmq_client, AsyncIronMQ)
    queue = async_ironmq_client.queue("jobs")
    await queue.post("async hello")
    ironmq.inject_faults(1, status=503)
    assert [m.body for m in await queue.get()] == ["async hello"]
    assert len(testing.recorded_waits()) == 1


@pytest.mark.anyio
async def test_the_async_client_fixture_again(async_ironmq_client):
    """A second test, so a second event loop: the client holds no connection from the first."""
    assert await async_ironmq_client.queues() == []


def test_the_server_fixture_taken_for_a_client(ironmq):
    ironmq.queue("jobs")
'''


def test_a_users_test_file_gets_ready_clients_and_test_mode(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(textwrap.dedent(USER_TESTS))
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef anyio_backend():\n    return 'asyncio'\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "test_user.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert "1 failed, 6 passed" in proc.stdout, proc.stdout + proc.stderr
    # the one failure is the last test, and it names the fixture the user meant
    assert "FAILED test_user.py::test_the_server_fixture_taken_for_a_client" in proc.stdout
    assert "use the `ironmq_client` (or `async_ironmq_client`) fixture" in proc.stdout
