"""Configuration of the transport: the SDK's resolution, the URL, broker_transport_options."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from kombu import Connection

from ironmq_kombu import Settings, Transport
from ironmq_kombu._settings import masked, settings_from
from ironmq_sdk import ConfigurationError, IronMQ

PID = "a" * 24


@pytest.fixture(autouse=True)
def no_ambient_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No iron.json and no IRON_* variable of the machine leaks into these tests."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in [n for n in __import__("os").environ if n.startswith("IRON_")]:
        monkeypatch.delenv(name)


def client_of(settings: Settings) -> IronMQ:
    """The SDK client the transport would make."""
    return IronMQ(**settings.client)


def test_url_gives_project_token_host_and_port() -> None:
    """ironmq://PROJECT_ID:TOKEN@HOST:PORT becomes the SDK's arguments."""
    settings = settings_from(f"ironmq://{PID}:s%40cret@mq.example.com:8443", {})
    assert settings.client == {
        "project_id": PID,
        "token": "s@cret",
        "host": "mq.example.com",
        "port": 8443,
    }
    assert client_of(settings).base_url == "https://mq.example.com:8443"


def test_bare_url_resolves_like_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    """ironmq:// alone takes credentials and host from IRON_* (and iron.json), as IronMQ() does."""
    monkeypatch.setenv("IRON_PROJECT_ID", PID)
    monkeypatch.setenv("IRON_TOKEN", "env-token")
    monkeypatch.setenv("IRON_HOST", "mq-aws-eu-west-1-1.iron.io")
    settings = settings_from("ironmq://", {})
    assert settings.client == {}
    client = client_of(settings)
    assert (client.project_id, client.base_url) == (PID, "https://mq-aws-eu-west-1-1.iron.io")


def test_iron_json_is_read(tmp_path: Path) -> None:
    """The project's iron.json is a source too."""
    (tmp_path / "iron.json").write_text(f'{{"project_id": "{PID}", "token": "t"}}')
    assert client_of(settings_from("ironmq://", {})).project_id == PID


def test_transport_options_fill_in_and_the_url_wins() -> None:
    """broker_transport_options give client settings; the URL overrides them."""
    options = {"project_id": "b" * 24, "token": "t", "protocol": "http", "port": 8080}
    settings = settings_from(f"ironmq://{PID}@localhost", options)
    client = client_of(settings)
    assert (client.project_id, client.base_url) == (PID, "http://localhost:8080")


def test_base_url_option_for_a_path_prefix() -> None:
    """base_url (scheme, host, port and path prefix in one) is passed through."""
    options = {"project_id": PID, "token": "t", "base_url": "http://127.0.0.1:9/mq"}
    assert client_of(settings_from("ironmq://", options)).base_url == "http://127.0.0.1:9/mq"


def test_consumer_options_and_defaults() -> None:
    """visibility_timeout, wait_time_seconds, queue_name_prefix, native_delay; and defaults."""
    options = {"project_id": PID, "token": "t"}
    default = settings_from("ironmq://", options)
    assert (default.visibility_timeout, default.wait, default.native_delay) == (60, 20, True)
    custom = settings_from(
        "ironmq://",
        {
            **options,
            "visibility_timeout": 3600,
            "wait_time_seconds": 0,
            "queue_name_prefix": "prod-",
            "native_delay": False,
            "max_retries": 3,  # Celery's own option in the same dict: ignored here
        },
    )
    assert (custom.visibility_timeout, custom.wait, custom.native_delay) == (3600, 0, False)
    assert custom.queue_name("celery") == "prod-celery"
    assert (
        settings_from("ironmq://", {**options, "reservation_timeout": 90}).visibility_timeout == 90
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"visibility_timeout": 0}, "visibility_timeout.*from 1 to 86400"),
        ({"visibility_timeout": "soon"}, "visibility_timeout"),
        ({"wait_time_seconds": 31}, "wait_time_seconds.*from 0 to 30"),
        ({"queue_name_prefix": 3}, "queue_name_prefix"),
        ({"api_version": 2}, "api_version"),
    ],
)
def test_bad_options_fail_clearly(options: dict[str, object], message: str) -> None:
    """A bad option raises ConfigurationError naming it."""
    with pytest.raises(ConfigurationError, match=message):
        settings_from(f"ironmq://{PID}:t@localhost", options)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ironmq://host/vhost", "path prefix"),
        ("ironmq://host?protocol=http", "broker_transport_options"),
        ("ironmq://host:port", "port"),
        ("ironmq://", "project_id"),
    ],
)
def test_bad_urls_fail_clearly(url: str, message: str) -> None:
    """A URL the transport cannot use raises ConfigurationError saying why."""
    with pytest.raises(ConfigurationError, match=message):
        settings_from(url, {"token": "t"})


def test_uri_masks_the_token() -> None:
    """The URL Celery prints (as_uri) hides the token."""
    url = f"ironmq://{PID}:secret@mq.example.com"
    assert masked(url, include_password=False, mask="**") == f"ironmq://{PID}:**@mq.example.com"
    assert masked(url, include_password=True, mask="**") == url
    connection = Connection(url)
    assert "secret" not in connection.as_uri()
    assert isinstance(connection.transport, Transport)


def run_python(code: str) -> str:
    """What a fresh interpreter of this environment prints for `code`."""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_sdk_import_does_not_import_kombu() -> None:
    """`import ironmq_sdk` (and `import ironmq_kombu`) load neither kombu nor Celery."""
    code = (
        "import sys, ironmq_sdk, ironmq_kombu; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('kombu', 'celery')))"
    )
    assert run_python(code) == "[]"


def test_alias_resolves_in_a_fresh_interpreter_without_importing_the_package() -> None:
    """The installed .pth hook registers `ironmq` with kombu before anyone asks for it."""
    code = (
        "from kombu.transport import resolve_transport; "
        "print(resolve_transport('ironmq').__module__)"
    )
    assert run_python(code) == "ironmq_kombu._transport"


def test_alias_registers_when_kombu_was_imported_first() -> None:
    """The hook registers at once when kombu.transport is loaded already (no .pth run)."""
    code = (
        "import sys; sys.meta_path[:] = [f for f in sys.meta_path "
        "if type(f).__name__ != '_Finder']; "
        "import kombu.transport as t; assert 'ironmq' not in t.TRANSPORT_ALIASES; "
        "import ironmq_kombu; ironmq_kombu.install(); print(t.TRANSPORT_ALIASES['ironmq'])"
    )
    assert run_python(code) == "ironmq_kombu:Transport"


def test_missing_extra_gives_a_one_line_hint() -> None:
    """Without kombu installed, using the transport says which extra to install."""
    code = (
        "import sys; sys.modules['kombu'] = None\n"
        "import ironmq_kombu\n"
        "try:\n    ironmq_kombu.Transport\n"
        "except ModuleNotFoundError as exc:\n    print(exc)"
    )
    assert "pip install 'ironmq-sdk[celery]'" in run_python(code)
