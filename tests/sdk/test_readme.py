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


def test_quick_start_runs_as_pasted(
    ironmq: LocalServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Everything posted is handled; the delayed message stays for later."""
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
    exec(compile(quick_start_code(), str(README), "exec"), {})
    out = capsys.readouterr().out
    assert "Hello world" in out
    assert out.count("handled job") == 20
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        assert mq.queue("orders").size() == 1  # the delayed one


def test_offline_fixture_example_runs(ironmq_client: IronMQ, ironmq: LocalServer) -> None:
    """The README's example test for users' own suites passes with the plugin's fixtures."""
    namespace: dict[str, object] = {}
    exec(compile(first_python_block("## Offline"), str(README), "exec"), namespace)
    example = namespace["test_my_worker"]
    assert callable(example)
    example(ironmq_client, ironmq)
    ironmq.clear_faults()
    with IronMQ(project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url) as mq:
        assert mq.queue("jobs").size() == 1
