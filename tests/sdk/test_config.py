"""Configuration precedence, each level against the ones below it.

arguments > config_file > ./iron.json > IRON_MQ_* > IRON_* > ~/.iron.json > defaults.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ironmq_sdk import ConfigurationError, IronMQ, resolve_config

ENV_KEYS = ["PROJECT_ID", "TOKEN", "HOST", "PROTOCOL", "PORT", "API_VERSION", "BASE_URL"]


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """An empty working directory and home, and no IRON_* variables."""
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    for prefix in ("IRON_", "IRON_MQ_"):
        for key in [*ENV_KEYS, "CLOUD"]:
            monkeypatch.delenv(prefix + key, raising=False)
    return cwd, home


def write(path: Path, data: dict[str, object]) -> Path:
    path.write_text(json.dumps(data))
    return path


def test_each_source_overrides_the_ones_below(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each level wins over every level below it, key by key."""
    cwd, home = places
    write(home / ".iron.json", {"project_id": "home", "token": "home", "host": "home.example"})
    assert resolve_config().project_id == "home"
    monkeypatch.setenv("IRON_PROJECT_ID", "iron_env")
    assert resolve_config().project_id == "iron_env"
    monkeypatch.setenv("IRON_MQ_PROJECT_ID", "mq_env")
    assert resolve_config().project_id == "mq_env"
    write(cwd / "iron.json", {"project_id": "cwd_file"})
    assert resolve_config().project_id == "cwd_file"
    explicit = write(tmp_path / "explicit.json", {"project_id": "config_file"})
    assert resolve_config(config_file=explicit).project_id == "config_file"
    config = resolve_config(config_file=explicit, project_id="argument")
    assert config.project_id == "argument"
    assert config.token == "home"  # the only source that set it
    assert config.base_url == "https://home.example"


def test_iron_mq_section_overrides_top_level_keys(places: tuple[Path, Path]) -> None:
    """In a JSON file, the product section `iron_mq` wins over shared keys."""
    cwd, _ = places
    write(
        cwd / "iron.json",
        {"project_id": "shared", "token": "t", "iron_mq": {"project_id": "mq", "port": 8443}},
    )
    config = resolve_config()
    assert config.project_id == "mq"
    assert config.base_url == "https://mq-aws-us-east-1-1.iron.io:8443"


def test_defaults_and_url_building(places: tuple[Path, Path]) -> None:
    """Default v3 host over https; protocol/host/port or one base_url (alias cloud)."""
    assert resolve_config(project_id="p", token="t").base_url == (
        "https://mq-aws-us-east-1-1.iron.io"
    )
    config = resolve_config(project_id="p", token="t", protocol="http", host="h", port=8080)
    assert config.base_url == "http://h:8080"
    assert (
        resolve_config(project_id="p", token="t", base_url="http://l:1/").base_url == "http://l:1"
    )
    cwd, _ = places
    write(cwd / "iron.json", {"project_id": "p", "token": "t", "cloud": "http://c:2"})
    assert resolve_config().base_url == "http://c:2"


def test_base_url_yields_to_more_specific_host(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A host argument beats a base_url from the environment; not the other way round."""
    monkeypatch.setenv("IRON_BASE_URL", "http://env:1")
    assert resolve_config(project_id="p", token="t", host="arg").base_url == "https://arg"
    monkeypatch.setenv("IRON_HOST", "envhost")
    assert resolve_config(project_id="p", token="t", base_url="http://arg:2").base_url == (
        "http://arg:2"
    )


def test_env_variables_for_host_protocol_port(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """IRON_MQ_* beats IRON_* for every key."""
    monkeypatch.setenv("IRON_PROJECT_ID", "p")
    monkeypatch.setenv("IRON_TOKEN", "t")
    monkeypatch.setenv("IRON_HOST", "global")
    monkeypatch.setenv("IRON_MQ_HOST", "product")
    monkeypatch.setenv("IRON_MQ_PROTOCOL", "http")
    monkeypatch.setenv("IRON_PORT", "9000")
    assert resolve_config().base_url == "http://product:9000"


def test_missing_credentials_name_where_it_looked(places: tuple[Path, Path]) -> None:
    """The error lists every place searched."""
    cwd, home = places
    with pytest.raises(ConfigurationError) as info:
        IronMQ()
    text = str(info.value)
    assert "project_id" in text
    for place in ("arguments", str(cwd / "iron.json"), "IRON_MQ_*", "IRON_*", str(home)):
        assert place in text
    with pytest.raises(ConfigurationError, match="token"):
        IronMQ(project_id="p")


def test_unsupported_api_version_and_bad_values(places: tuple[Path, Path], tmp_path: Path) -> None:
    """Versions other than 3 and 1, broken files, ports and URLs are ConfigurationError."""
    with pytest.raises(ConfigurationError, match=r"IronMQ v3 \(3\) and IronMQ v2 \(1\)"):
        resolve_config(project_id="p", token="t", api_version=2)
    assert resolve_config(project_id="p", token="t", api_version="3").project_id == "p"
    with pytest.raises(ConfigurationError, match="port"):
        resolve_config(project_id="p", token="t", port="eighty")
    with pytest.raises(ConfigurationError, match="base_url"):
        resolve_config(project_id="p", token="t", base_url="ftp://x")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(ConfigurationError, match=r"broken\.json"):
        resolve_config(config_file=broken)
    with pytest.raises(ConfigurationError, match="does not exist"):
        resolve_config(config_file=tmp_path / "missing.json")


def test_client_reads_the_environment(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """IronMQ() with no arguments uses what resolve_config finds."""
    monkeypatch.setenv("IRON_PROJECT_ID", "from_env")
    monkeypatch.setenv("IRON_TOKEN", "secret")
    with IronMQ() as mq:
        assert mq.project_id == "from_env"
        assert mq.base_url == "https://mq-aws-us-east-1-1.iron.io"


def test_the_api_version_is_part_of_the_configuration(places: tuple[Path, Path]) -> None:
    """3 by default or when given as 3 or "3", 1 (IronMQ v2) when asked; the client's wire
    follows it."""
    assert resolve_config(project_id="p", token="t").api_version == 3
    assert resolve_config(project_id="p", token="t", api_version=" 3 ").api_version == 3
    assert resolve_config(project_id="p", token="t", api_version="1").api_version == 1
    with pytest.raises(ConfigurationError, match="api_version 2"):
        resolve_config(project_id="p", token="t", api_version=2)
    for version in (3, 1):
        with IronMQ(project_id="p", token="t", base_url="http://x", api_version=version) as mq:
            assert mq._wire.caps.api_version == version


def test_each_version_has_its_default_host(
    places: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """v3 goes to mq-aws-us-east-1-1.iron.io, v2 to its own mq-aws-us-east-1.iron.io (FACTS
    §1.1), whether api_version comes as an argument, IRON_API_VERSION or iron.json; a host or
    base_url given wins."""
    assert resolve_config(project_id="p", token="t").base_url == (
        "https://mq-aws-us-east-1-1.iron.io"
    )
    assert resolve_config(project_id="p", token="t", api_version=1).base_url == (
        "https://mq-aws-us-east-1.iron.io"
    )
    monkeypatch.setenv("IRON_API_VERSION", "1")
    found = resolve_config(project_id="p", token="t")
    assert (found.api_version, found.base_url) == (1, "https://mq-aws-us-east-1.iron.io")
    assert found.sources["api_version"] == "IRON_API_VERSION"
    monkeypatch.delenv("IRON_API_VERSION")
    cwd, _ = places
    (cwd / "iron.json").write_text('{"iron_mq": {"api_version": 1, "host": "mq.example"}}')
    found = resolve_config(project_id="p", token="t")
    assert (found.api_version, found.base_url) == (1, "https://mq.example")
    local = resolve_config(project_id="p", token="t", base_url="http://127.0.0.1:9")
    assert (local.api_version, local.base_url) == (1, "http://127.0.0.1:9")
