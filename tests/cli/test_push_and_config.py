"""Push queues and alerts (subscribers, push-status, alerts) and `ironmq config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ironmq_local import LocalServer
from ironmq_sdk import ConfigurationError, IronMQ, resolve_config

from .conftest import Run
from .test_queues import lines

HOOK = "http://127.0.0.1:9/hook"  # nothing listens on port 9: deliveries fail


def test_subscribers_add_list_remove(run: Run, mq: IronMQ) -> None:
    """Subscribers by NAME=URL or bare URL (named by the SDK), with headers; removed by name."""
    mq.create_queue("fanout", subscribers=[{"name": "first", "url": HOOK}])
    run("subscribers", "add", "fanout", "second=http://127.0.0.1:9/2", "--header", "X-Key: k")
    run("subscribers", "add", "fanout", "http://127.0.0.1:9/3")
    listed = lines(run("subscribers", "list", "fanout").stdout)
    assert [s["name"] for s in listed][:2] == ["first", "second"]
    assert listed[1] == {"name": "second", "url": "http://127.0.0.1:9/2", "headers": {"X-Key": "k"}}
    assert listed[2]["url"] == "http://127.0.0.1:9/3"
    run("subscribers", "remove", "fanout", "second", str(listed[2]["name"]))
    assert [s["name"] for s in lines(run("subscribers", "list", "fanout").stdout)] == ["first"]
    assert "first" in run("subscribers", "list", "fanout", "--human").stdout
    run("subscribers", "add", "fanout", HOOK, "--header", "no colon", code=2)


def test_subscribers_of_a_pull_queue(run: Run, mq: IronMQ) -> None:
    """A pull queue has none; people are told so."""
    mq.queue("pull").post("x")
    assert run("subscribers", "list", "pull", "--human").stdout == "pull has no subscribers.\n"


def test_push_status_shows_each_subscriber(run: Run, mq: IronMQ) -> None:
    """push-status lists one row per subscriber of the message."""
    mq.create_queue("fanout", subscribers=[{"name": "first", "url": HOOK}])
    message_id = mq.queue("fanout").post("x")[0]
    rows = lines(run("push-status", "fanout", message_id).stdout)
    assert [(r["subscriber"], r["url"]) for r in rows] == [("first", HOOK)]
    assert rows[0]["status"] in {"queued", "retrying", "error"}
    assert set(rows[0]) == {
        "subscriber",
        "url",
        "status",
        "status_code",
        "tries",
        "retries_remaining",
        "last_try_at",
    }
    assert "first" in run("push-status", "fanout", message_id, "--human").stdout


def test_alerts_add_list_remove(run: Run, mq: IronMQ) -> None:
    """alerts add takes every alert setting; remove takes the ids list shows."""
    mq.queue("jobs").post("x")
    run("alerts", "add", "jobs", "--trigger", "10", "--to", "jobs-alerts")
    run(
        "alerts",
        "add",
        "jobs",
        "--trigger",
        "5",
        "--to",
        "jobs-alerts",
        "--type",
        "progressive",
        "--direction",
        "desc",
        "--snooze",
        "60",
    )
    alerts = lines(run("alerts", "list", "jobs").stdout)
    assert [(a["type"], a["trigger"], a["direction"], a["snooze"]) for a in alerts] == [
        ("fixed", 10, "asc", 0),
        ("progressive", 5, "desc", 60),
    ]
    assert all(a["queue"] == "jobs-alerts" and a["id"] for a in alerts)
    run("alerts", "remove", "jobs", str(alerts[0]["id"]))
    assert [a["trigger"] for a in lines(run("alerts", "list", "jobs").stdout)] == [5]
    assert "progressive" in run("alerts", "list", "jobs", "--human").stdout
    run("alerts", "add", "jobs", "--trigger", "5", code=2)  # --to is required


def test_config_shows_values_and_where_they_came_from(
    run: Run, ironmq: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each setting names its source: an IRON_* variable, iron.json's path, or an option."""
    record = json.loads(run("config").stdout)
    assert record == {
        "project_id": ironmq.project_id,
        "token": "********" + ironmq.token[-4:],
        "base_url": ironmq.base_url,
        "api_version": 3,
        "sources": {
            "project_id": "IRON_PROJECT_ID",
            "token": "IRON_TOKEN",
            "base_url": "IRON_BASE_URL",
            "api_version": "default",
        },
    }
    (tmp_path / "iron.json").write_text(json.dumps({"iron_mq": {"token": "file-token-1234"}}))
    record = json.loads(run("--project-id", "p" * 24, "config").stdout)
    assert record["sources"]["token"] == str(tmp_path / "iron.json")
    assert record["sources"]["project_id"] == "--project-id option"
    assert record["token"] == "********1234"
    monkeypatch.delenv("IRON_BASE_URL")
    record = json.loads(run("--host", "mq.example", "config").stdout)
    assert record["base_url"] == "https://mq.example"
    assert record["sources"]["base_url"] == "built from host from --host option; the rest default"
    human = run("config", "--human").stdout
    assert "file-token-1234" not in human
    assert "1234" in human


def test_config_check_asks_the_server(run: Run) -> None:
    """--check proves the credentials; a refused token is exit 4 (authentication)."""
    assert json.loads(run("config", "--check").stdout)["accepted"] is True
    result = run("--token", "wrong", "config", "--check", code=4)
    assert result.stderr.startswith("ironmq: the server refused the credentials (401")


def test_missing_token_is_a_configuration_error(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    """No token anywhere: exit 5, one line listing where the SDK looked."""
    monkeypatch.delenv("IRON_TOKEN")
    result = run("queues", code=5)
    assert result.stderr.startswith("ironmq: No IronMQ token found. Looked in: arguments")
    assert result.stderr.count("\n") == 1


def test_api_version_passes_through_to_the_sdk(run: Run) -> None:
    """--api-version reaches the SDK: the CLI says what the SDK says of that version.

    Today the SDK refuses 1 (a configuration error, exit 5); once it speaks v2 the same
    command resolves and shows api_version 1."""
    try:
        resolve_config(api_version=1)
    except ConfigurationError as exc:
        refusal: str | None = str(exc).rstrip(".")
    else:
        refusal = None
    if refusal is not None:
        assert refusal in run("--api-version", "1", "config", code=5).stderr
    else:
        assert json.loads(run("--api-version", "1", "config").stdout)["api_version"] == 1
    assert json.loads(run("--api-version", "3", "config").stdout)["sources"]["api_version"] == (
        "--api-version option"
    )
    run("--api-version", "0", "config", code=2)
