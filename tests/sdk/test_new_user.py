"""What a new user met trying the README (issue 16), held: errors name the argument the user
passed, a base URL with the API's path in it says how to fix it, a long poll outlasts a
short client timeout, and the legacy `update` refuses settings it does not know."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import ConfigurationError, InvalidArgumentError, IronMQ
from ironmq_sdk import compat as legacy_module
from ironmq_sdk._config import resolve_config

from .conftest import connect


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda q: q.get(max=101), "max"),
        (lambda q: q.get(max=0), "max"),
        (lambda q: q.reserve(101), "n"),
    ],
)
def test_a_count_out_of_range_names_the_argument_as_the_user_wrote_it(
    call: Any, argument: str
) -> None:
    """`get(max=101)` says `max: ...` (not reserve's `n`), before anything is sent."""
    mq = IronMQ(project_id="p", token="t", base_url="http://127.0.0.1:9")
    with mq, pytest.raises(InvalidArgumentError, match=rf"^{argument}: must be between") as info:
        call(mq.queue("q"))
    assert info.value.argument == argument


def test_the_legacy_get_names_max_too() -> None:
    """The compat client's `get(max=101)` and `reserve(max=101)` name `max` as well."""
    legacy = legacy_module.IronMQ(project_id="p", token="t", cloud="http://127.0.0.1:9")
    for call in (legacy.queue("q").get, legacy.queue("q").reserve):
        with pytest.raises(InvalidArgumentError, match=r"^max: must be between 1 and 100"):
            call(max=101)


@pytest.mark.parametrize(
    ("base_url", "fixed"),
    [
        ("http://127.0.0.1:8080/3", "http://127.0.0.1:8080"),
        ("http://127.0.0.1:8080/3/", "http://127.0.0.1:8080"),
        ("https://mq-aws-us-east-1-1.iron.io/1", "https://mq-aws-us-east-1-1.iron.io"),
        ("https://mq.example.com/3/projects/5c9f1e0a", "https://mq.example.com"),
        ("https://example.com/ironmq/3/projects/p/queues/q", "https://example.com/ironmq"),
    ],
)
def test_a_base_url_with_the_api_path_is_a_configuration_error_naming_the_fix(
    base_url: str, fixed: str, tmp_path: Path
) -> None:
    """A base URL ending in /3, /1 or /3/projects/... would answer 404 to every call: the
    client refuses it at once and names the base URL to use instead."""
    with pytest.raises(ConfigurationError, match="the API's path") as info:
        resolve_config(project_id="p", token="t", base_url=base_url, env={}, cwd=tmp_path)
    assert f"base_url={fixed!r}" in str(info.value)


@pytest.mark.parametrize("base_url", ["http://h:8080/v3", "http://h/prefix", "http://h/31"])
def test_other_path_prefixes_are_kept(base_url: str, tmp_path: Path) -> None:
    """A proxy's own prefix is not the API's path: it is kept as given."""
    config = resolve_config(project_id="p", token="t", base_url=base_url, env={}, cwd=tmp_path)
    assert config.base_url == base_url


@pytest.mark.parametrize("timeout", [1.0, httpx.Timeout(5.0, read=1.0)])
def test_a_long_poll_outlasts_a_client_timeout_shorter_than_its_wait(
    ironmq: LocalServer, timeout: float | httpx.Timeout
) -> None:
    """`IronMQ(timeout=1)` with `get(wait=2)` on an empty queue answers [] after the wait,
    rather than a read timeout: the read timeout of a long poll is raised past its wait."""
    with connect(ironmq, timeout=timeout) as mq:
        queue = mq.queue("empty")
        queue.create()
        assert queue.get(wait=2) == []
        assert mq.timeout.read == 1.0  # the client's own setting is left as it was


def test_a_short_timeout_still_applies_to_requests_that_do_not_long_poll(
    ironmq: LocalServer,
) -> None:
    """Only long polls get the longer read timeout: a delayed answer to anything else
    still times out after the client's `timeout`."""
    with connect(ironmq, timeout=0.5, max_retries=0) as mq:
        queue = mq.queue("q")
        queue.create()
        ironmq.inject_faults(1, delay=2.0)
        with pytest.raises(Exception, match="timed out"):
            queue.size()
        ironmq.clear_faults()


def test_the_legacy_update_refuses_unknown_settings(ironmq: LocalServer) -> None:
    """`update({"bogus": 1})` and `update(bogus=1)` raise, naming the key; nothing is sent."""
    legacy = legacy_module.IronMQ(
        project_id=ironmq.project_id, token=ironmq.token, cloud=ironmq.base_url
    )
    queue = legacy.queue("settings")
    with pytest.raises(InvalidArgumentError, match=r"^bogus: unknown queue setting"):
        queue.update({"bogus": 1})
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        queue.update(bogus=1)
    assert "settings" not in legacy.queues()  # neither call created the queue
