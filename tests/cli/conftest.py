"""Fixtures of the CLI tests: `ironmq` run in-process (click's CliRunner) or as a process,
against the session's ironmq-local, with no iron.json or IRON_* settings of the machine's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from ironmq_cli._app import cli
from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

Run = Callable[..., Result]
Spawn = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def env(ironmq: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """IRON_* variables for the local server; an empty working directory and home."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for key in list(os.environ):
        if key.startswith("IRON_"):
            monkeypatch.delenv(key)
    settings = {
        "IRON_PROJECT_ID": ironmq.project_id,
        "IRON_TOKEN": ironmq.token,
        "IRON_BASE_URL": ironmq.base_url,
        "COLUMNS": "120",  # rich's tables are drawn this wide when there is no terminal
    }
    for key, value in settings.items():
        monkeypatch.setenv(key, value)
    return settings


@pytest.fixture
def run(env: dict[str, str]) -> Run:
    """`run("queues", code=0, input=None)`: invoke `ironmq` in-process; assert the exit code."""
    runner = CliRunner()

    def invoke(*args: str, code: int = 0, input: str | None = None) -> Result:
        result = runner.invoke(cli, list(args), input=input, catch_exceptions=False)
        assert result.exit_code == code, (result.exit_code, result.output)
        return result

    return invoke


@pytest.fixture
def spawn(env: dict[str, str]) -> Spawn:
    """`spawn("queues", code=0, input=None)`: run `python -m ironmq_cli` as a process."""

    def run_process(
        *args: str, code: int = 0, input: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [sys.executable, "-m", "ironmq_cli", *args],
            input=input,
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
            env=os.environ.copy(),
        )
        assert done.returncode == code, (done.returncode, done.stdout, done.stderr)
        return done

    return run_process


@pytest.fixture
def mq(ironmq: LocalServer) -> Iterator[IronMQ]:
    """An SDK client of the local server, to set up and check what the commands did."""
    with IronMQ(
        project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
    ) as client:
        yield client
