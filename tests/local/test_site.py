"""What ironmq-local answers besides the API, over HTTP: the landing page, the OpenAPI
descriptions as JSON, and the health check (no control API, no credentials)."""

from __future__ import annotations

from pathlib import Path

import httpx
import yaml
from openapi_spec_validator import validate

from ironmq_local import LocalServer

from .processes import running

SPEC = Path(__file__).resolve().parents[2] / "spec"


def test_the_landing_page_says_what_this_is_and_where_the_api_is(ironmq: LocalServer) -> None:
    page = httpx.get(f"{ironmq.base_url}/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    text = page.text
    assert "<title>ironmq-local</title>" in text
    assert f"<code>{ironmq.api_url}</code>" in text  # the v3 base URL of the project
    assert f"<code>{ironmq.token}</code>" in text  # the built-in development token
    assert f"IRON_PORT={ironmq.base_url.rsplit(':', 1)[1]}" in text
    assert 'href="/openapi/v3.json"' in text
    assert 'href="/health"' in text
    assert 'href="/dashboard"' in text  # the dashboard is mounted, so it is linked


def test_the_landing_page_never_shows_a_token_given_on_the_command_line(
    tmp_path: Path,
) -> None:
    with LocalServer(str(tmp_path / "x.db"), token="s3cret-token") as server:
        text = httpx.get(f"{server.base_url}/").text
    assert "s3cret-token" not in text
    assert server.project_id in text


def test_the_openapi_descriptions_are_the_packaged_specs_as_json(ironmq: LocalServer) -> None:
    for api in ("v3", "v2"):
        answer = httpx.get(f"{ironmq.base_url}/openapi/{api}.json")
        assert answer.status_code == 200
        assert answer.headers["content-type"] == "application/json"
        served = answer.json()
        assert served == yaml.safe_load((SPEC / f"ironmq-{api}.yaml").read_text())
        validate(served)  # any OpenAPI tool can read what is served
    missing = httpx.get(f"{ironmq.base_url}/openapi/v9.json")
    assert missing.status_code == 404
    assert missing.json() == {"msg": "No such OpenAPI description"}


def test_health_answers_without_the_control_api() -> None:
    with running("--db", ":memory:", "--quiet") as server:
        health = httpx.get(f"{server.url}/health")
        assert health.status_code == 200
        assert health.json() == {"msg": "OK"}
        assert httpx.get(f"{server.url}/_local/health").status_code == 404


def test_injected_faults_never_hit_the_page_specs_or_health(ironmq: LocalServer) -> None:
    ironmq.inject_faults(5, status=503)
    for path in ("/", "/health", "/openapi/v3.json"):
        assert httpx.get(f"{ironmq.base_url}{path}").status_code == 200
    assert ironmq.control.faults()["count"] == 5  # none was used up
