"""Real third-party clients of v2: the PyPI `iron-mq` 0.4 and 0.7 packages (the seed
README's client), unchanged, against ironmq-local's `/1/`.

Each runs from its own scratch venv (tests/local/legacy_clients.py; `$IRONMQ_LEGACY_VENVS`
keeps them between runs) and is configured as its README says: `host`, `port`,
`protocol`, `project_id`, `token` and `api_version=1`. The drivers (tests/local/legacy/)
call everything the READMEs show and shim the clients' own Python-2-only lines
(`basestring`, `urllib.urlencode`); the server is not bent to them. The test then reads
what the server holds over plain HTTP, validated against spec/ironmq-v2.yaml.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ironmq_local import LocalServer

from .conftest import make_client
from .legacy_clients import python_with, venv_root
from .subscribers import Subscriber

LEGACY = Path(__file__).parent / "legacy"


@pytest.fixture(scope="session", params=["0.4", "0.7"])
def legacy_v2(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, str]:
    """(version, the Python of its scratch venv) of iron-mq 0.4 and 0.7."""
    version: str = request.param
    root = venv_root(tmp_path_factory, f"iron-mq-{version}", "IRONMQ_LEGACY_VENVS")
    return version, python_with(f"iron-mq=={version}", root)


def run_driver(version: str, python: str, server: LocalServer, *extra: str) -> str:
    """Run tests/local/legacy/drive_iron_mq_0X.py and return what it printed."""
    url = urlsplit(server.base_url)
    assert url.hostname is not None
    assert url.port is not None
    driver = LEGACY / f"drive_iron_mq_{version.replace('.', '')}.py"
    result = subprocess.run(
        [python, str(driver), url.hostname, str(url.port), server.project_id, server.token, *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_legacy_v2_client_runs_its_readme(
    legacy_v2: tuple[str, str], ironmq: LocalServer, subscriber: Callable[..., Subscriber]
) -> None:
    version, python = legacy_v2
    ok, slow = subscriber(), subscriber(default=202)
    extra = (ok.url, slow.url) if version == "0.7" else ()
    out = run_driver(version, python, ironmq, *extra)
    assert out.strip().endswith("OK")
    with make_client(ironmq, version=1) as api2:
        names = [q["name"] for q in api2.get("/queues").json()]
        legacy = api2.get("/queues/legacy").json()
    assert (legacy["size"], legacy["total_messages"]) == (0, 1)
    if version == "0.7":
        assert names == ["alerted", "legacy", "push_queue"]
        assert [r.body for r in slow.wait_for(1)] == [b"pushed"]
        assert ok.count() == 1
    else:
        assert names == ["legacy", "test_queue"]
