"""`ClientConfig.sources`: where each setting in effect came from (shown by `ironmq config`)."""

from __future__ import annotations

import json
from pathlib import Path

from ironmq_sdk import resolve_config


def places(tmp_path: Path) -> tuple[Path, Path]:
    """An empty working directory and home."""
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    return cwd, home


def test_each_setting_names_the_argument_file_or_variable_it_came_from(tmp_path: Path) -> None:
    """Arguments say `argument`, files their path, environment values their variable."""
    cwd, home = places(tmp_path)
    (cwd / "iron.json").write_text(json.dumps({"iron_mq": {"token": "from-file"}}))
    (home / ".iron.json").write_text(json.dumps({"host": "home.example"}))
    env = {"IRON_MQ_PROJECT_ID": "p-env", "IRON_PORT": "8443", "IRON_API_VERSION": "3"}
    config = resolve_config(protocol="http", env=env, cwd=cwd, home=home)
    assert dict(config.sources) == {
        "project_id": "IRON_MQ_PROJECT_ID",
        "token": str(cwd / "iron.json"),
        "api_version": "IRON_API_VERSION",
        "host": str(home / ".iron.json"),
        "protocol": "argument",
        "port": "IRON_PORT",
    }
    assert config.base_url == "http://home.example:8443"


def test_defaults_are_absent_and_a_winning_base_url_hides_host_settings(tmp_path: Path) -> None:
    """A base_url that wins is the only URL source listed; host parts below it are unused."""
    cwd, home = places(tmp_path)
    env = {"IRON_CLOUD": "http://127.0.0.1:9", "IRON_HOST": "ignored.example"}
    config = resolve_config(project_id="p", token="t", env=env, cwd=cwd, home=home)
    assert dict(config.sources) == {
        "project_id": "argument",
        "token": "argument",
        "base_url": "IRON_CLOUD",
    }
    # the canonical variable wins over its alias, and is named
    env["IRON_BASE_URL"] = "http://127.0.0.1:10"
    config = resolve_config(project_id="p", token="t", env=env, cwd=cwd, home=home)
    assert config.sources["base_url"] == "IRON_BASE_URL"
    assert config.base_url == "http://127.0.0.1:10"


def test_explicit_config_file_is_named_and_sources_do_not_change_equality(tmp_path: Path) -> None:
    """`config_file` values name that file; two configs differing only in origin are equal."""
    cwd, home = places(tmp_path)
    explicit = tmp_path / "explicit.json"
    explicit.write_text(json.dumps({"project_id": "p", "token": "t"}))
    from_file = resolve_config(config_file=explicit, env={}, cwd=cwd, home=home)
    assert from_file.sources == {"project_id": str(explicit), "token": str(explicit)}
    from_args = resolve_config(project_id="p", token="t", env={}, cwd=cwd, home=home)
    assert from_file == from_args
    assert "sources" not in repr(from_args)  # the repr stays short and token-free
