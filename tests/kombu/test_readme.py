"""The Celery guide (docs/guides/celery.md) works as pasted."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ironmq_kombu import Transport
from ironmq_local import LocalServer
from ironmq_sdk import IronMQ

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "guides" / "celery.md"


def celery_blocks() -> list[str]:
    """The python blocks of the Celery guide."""
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, re.DOTALL)


def test_readme_celery_app_sends_tasks_through_ironmq(
    ironmq: LocalServer, sdk: IronMQ, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The first block, configured by IRON_* only, publishes a task into IronMQ queue celery."""
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
    namespace: dict[str, Any] = {"__name__": "proj"}
    exec(compile(celery_blocks()[0], str(GUIDE), "exec"), namespace)
    namespace["add"].delay(2, 3)
    assert sdk.queue("celery").size() == 1
    namespace["app"].pool.force_close_all()


def test_readme_explicit_configuration_is_read() -> None:
    """The second block's URL and options reach the transport."""
    namespace: dict[str, Any] = {"__name__": "proj"}
    blocks = celery_blocks()
    exec(compile(blocks[0] + blocks[1], str(GUIDE), "exec"), namespace)
    app = namespace["app"]
    transport = app.connection_for_write().transport
    assert isinstance(transport, Transport)
    settings = transport.settings
    assert settings.client["project_id"] == "PROJECT_ID"
    assert settings.client["host"] == "mq-aws-eu-west-1-1.iron.io"
    assert settings.queue_name("celery") == "prod-celery"
    assert (settings.visibility_timeout, settings.wait, settings.native_delay) == (60, 20, True)
