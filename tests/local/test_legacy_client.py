"""Real third-party client: the legacy `iron-mq==0.9` PyPI package (v3 over iron_core).

It is installed into a scratch virtualenv (never the project's); the test is skipped
when that install is impossible (no network to PyPI).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ironmq_local import LocalServer

from .legacy_clients import python_with

DRIVER = Path(__file__).parent / "legacy" / "drive_iron_mq_09.py"


@pytest.fixture(scope="session")
def legacy_python(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Python of a scratch venv with iron-mq 0.9 (reuses $IRONMQ_LEGACY_VENV if given)."""
    given = os.environ.get("IRONMQ_LEGACY_VENV")
    root = Path(given) if given else tmp_path_factory.mktemp("legacy-venv")
    return python_with("iron-mq==0.9", root)


def test_iron_mq_09_client_round_trip(legacy_python: str, ironmq: LocalServer) -> None:
    url = urlsplit(ironmq.base_url)
    assert url.hostname is not None
    assert url.port is not None
    result = subprocess.run(
        [
            legacy_python,
            str(DRIVER),
            url.hostname,
            str(url.port),
            ironmq.project_id,
            ironmq.token,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("OK")
