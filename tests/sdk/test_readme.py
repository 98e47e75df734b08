"""The README's quick start runs as pasted (against the local server via IRON_* variables)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

README = Path(__file__).resolve().parents[2] / "README.md"


def first_python_block(heading: str) -> str:
    """The first python block of the README's section with that heading."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index(heading) :]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None
    return match.group(1)


def quick_start_code() -> str:
    """The first python block of the README's "Quick start" section."""
    return first_python_block("## Quick start")


@pytest.fixture
def iron_env(ironmq: LocalServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """IRON_* variables pointing at the local server, and no iron.json anywhere."""
    url = urlsplit(ironmq.base_url)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for key, value in {
        "IRON_PROJECT_ID": ironmq.project_id,
        "IRON_TOKEN": ironmq.token,
        "IRON_PROTOCOL": url.scheme,
        "IRON_HOST": url.hostname or "",
        "IRON_PORT": str(url.port),
    }.items():
        monkeypatch.setenv(key, value)


def test_quick_start_runs_as_pasted(
    ironmq: LocalServer, iron_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """Everything posted is handled; the delayed message stays for later."""
    exec(compile(quick_start_code(), str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "Hello world" in out
    assert out.count("handled job") == 20
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        assert mq.queue("orders").size() == 1  # the delayed one


def test_offline_fixture_example_runs(ironmq_client: IronMQ, ironmq: LocalServer) -> None:
    """The README's example test for users' own suites passes with the plugin's fixtures."""
    namespace: dict[str, object] = {}
    exec(compile(first_python_block("## Testing your application"), str(README), "exec"), namespace)
    example = namespace["test_my_worker"]
    assert callable(example)
    example(ironmq_client, ironmq)
    ironmq.clear_faults()
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        assert mq.queue("jobs").size() == 1


def test_worker_example_runs_as_pasted(
    ironmq: LocalServer, iron_env: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """The safe worker set-up: good orders shipped, the bad one failed once and back in the
    queue for its next attempt (the virtual clock holds its delay), no traceback storm."""
    ironmq.freeze()
    exec(compile(first_python_block("### Workers"), str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "shipping order 1" in out
    assert "shipping order 2" in out
    assert "2 shipped, 1 failed" in out
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        orders = mq.queue("orders")
        info = orders.info()
        assert info.dead_letter is not None
        assert info.dead_letter.queue_name == "orders-failed"
        assert orders.size() == 1
        assert orders.peek() == []  # waiting out its release delay
