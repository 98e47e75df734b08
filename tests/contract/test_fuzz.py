"""schemathesis against the target: every operation with the spec's examples, boundary
("coverage") and generated data, positive and negative, then stateful sequences that follow
the spec's OpenAPI links (post → reserve → touch → release/delete ...). The v3 spec runs
against any target; the v2 spec (`/1/`) against ironmq-local, which serves both.

Checks: every schemathesis check that applies (no 5xx, documented status codes, response
bodies and headers conform, `application/json`, schema-valid requests accepted, invalid ones
rejected...). Where the server rightly refuses a schema-valid request for a reason a schema
cannot express (the queue's state or type), `POSITIVE_REJECTIONS` lists the statuses accepted
for that operation and why. Two further, narrow tolerances are in `test_every_operation`.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Config
from schemathesis.specs.openapi.checks import negative_data_rejection

from .. import profiles
from ..conformance import SpecValidator, conforms
from .budget import FUZZ_EXAMPLES, STATEFUL_EXAMPLES, STATEFUL_STEPS
from .target import Target, fuzz_queue_names, remote_settings, target_project_id

STATE = "400: the queue's state or type decides, which no request schema can express"
POSITIVE_REJECTIONS: dict[str, tuple[list[str], str]] = {
    "create_queue": (
        ["400", "413"],
        "400: `push` on a pull queue, `dead_letter` or `alerts` on a push queue, a dead-letter"
        " queue naming the queue itself, a progressive alert to the queue itself; alert"
        " `trigger`/`snooze` above int64 (the spec gives no maximum: reported). 413: over the"
        " request size limit, a server setting",
    ),
    "update_queue": (["400", "413"], "as create_queue"),
    "add_subscribers": (["400", "413"], f"{STATE} (a pull queue has no subscribers)"),
    "replace_subscribers": (["400", "413"], f"{STATE} (a pull queue has no subscribers)"),
    "remove_subscribers": (
        ["400", "413"],
        f"{STATE} (pull queue; a push queue keeps its last subscriber)",
    ),
    "add_alerts": (
        ["400", "413"],
        f"{STATE} (push queue, more than 5 alerts, a duplicate alert; trigger above int64)",
    ),
    "replace_alerts": (["400", "413"], f"{STATE} (push queue; trigger above int64)"),
    "post_messages": (
        ["400", "413"],
        "400: a push header name of at most 64 characters but more than 64 UTF-8 bytes (the"
        " spec's description says bytes, its maxLength counts characters: reported). 413: a"
        " body over the message size limit, a server setting",
    ),
    "post_webhook": (["413"], "413: a body over the message size limit, a server setting"),
    "delete_message": (["400"], f"{STATE} (a reserved message needs its reservation_id)"),
    "delete_messages": (
        ["400"],
        f"{STATE} (a reserved message needs its reservation_id; one id twice, with different"
        " reservation ids, passes uniqueItems)",
    ),
}
V2_POSITIVE_REJECTIONS: dict[str, tuple[list[str], str]] = {
    "update_queue": (
        ["400", "413"],
        "400: push settings for a pull queue without subscribers; subscribers for a queue"
        " with alerts or a dead-letter setting; a subscriber or error_queue naming the queue"
        " itself; subscribers over 64 KB of JSON. 413: over the request size limit",
    ),
    "add_subscribers": (
        ["400", "413"],
        f"{STATE} (a queue with alerts or a dead-letter setting does not become a push queue;"
        " a subscriber naming the queue itself; over 64 KB of JSON)",
    ),
    "add_alerts": (
        ["400", "413"],
        f"{STATE} (push queue, more than 5 alerts, a duplicate alert, a progressive alert to"
        " its own queue or closing a cycle; trigger above int64)",
    ),
    "replace_alerts": (["400", "413"], f"{STATE} (push queue; trigger above int64)"),
    "post_messages": (
        ["400", "413"],
        "400: a body with a lone surrogate (valid JSON, not text). 413: a body over the"
        " message size limit, a server setting",
    ),
    "post_webhook": (["413"], "413: a body over the message size limit, a server setting"),
    "delete_messages": (
        ["400"],
        "400: an id that is not a string of digits (the spec gives it no pattern), or one id"
        " twice (the spec has no uniqueItems)",
    ),
}


def fuzz_config(rejections: dict[str, tuple[list[str], str]]) -> Config:
    """schemathesis settings: budget, path parameters, per-operation expectations."""
    positive = {
        "2xx", "3xx", "401", "403", "404", "409", "429", "5xx",
    }  # fmt: skip
    operations = [
        {
            "include-operation-id": op,
            "checks": {
                "positive_data_acceptance": {"expected-statuses": sorted(positive | set(extra))}
            },
        }
        for op, (extra, _why) in rejections.items()
    ]
    return Config.from_dict(
        {
            "parameters": {
                "path.project_id": target_project_id(),
                "path.queue_name": {"dictionary": "queues", "probability": 0.8},
            },
            "dictionaries": {"queues": {"values": fuzz_queue_names()}},
            "generation": {"mode": "all", "max-examples": FUZZ_EXAMPLES},
            "phases": {
                "examples": {"enabled": True},
                "coverage": {"enabled": True},
                "fuzzing": {"enabled": True},
                "stateful": {"enabled": True, "max-steps": STATEFUL_STEPS},
            },
            "operations": operations,
        }
    )


def load_schema(api: str, rejections: dict[str, tuple[list[str], str]]) -> Any:
    # ironmq-local is held to the spec's strict reading (tests/profiles.py), a real service to
    # what the spec says it may send
    spec = profiles.liberal(api)
    if remote_settings() is None:
        spec = profiles.strict(spec)
    return schemathesis.openapi.from_dict(spec, config=fuzz_config(rejections))


schema = load_schema("v3", POSITIVE_REJECTIONS)
schema_v2 = load_schema("v2", V2_POSITIVE_REJECTIONS)
validator = SpecValidator.load(strict=remote_settings() is None)


def _server_normalised(request: httpx.Request) -> httpx.Request | None:
    """The request as ironmq-local reads it: `null` fields and empty query values absent.

    None when that changes nothing (then there is nothing to tolerate).
    """

    def drop_nulls(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: drop_nulls(v) for k, v in value.items() if v is not None}
        if isinstance(value, list):
            return [drop_nulls(v) for v in value]
        return value

    parts = urlsplit(str(request.url))
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if v != ""]
    url = urlunsplit(parts._replace(query=urlencode(query)))
    content = request.content
    if request.headers.get("content-type", "").startswith("application/json") and content:
        try:
            body = json.loads(content)
        except ValueError:
            return None
        content = b"" if body is None else json.dumps(drop_nulls(body)).encode()
    if url == str(request.url) and content == request.content:
        return None
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    if not content:
        headers.pop("content-type", None)
    return httpx.Request(request.method, url, headers=headers, content=content)


def _sent(response: schemathesis.Response) -> httpx.Request:
    prepared = response.request
    body = prepared.body or b""
    headers = {
        k: v if isinstance(v, str) else v.decode("latin-1") for k, v in prepared.headers.items()
    }
    return httpx.Request(
        str(prepared.method),
        str(prepared.url),
        headers=headers,
        # requests types a prepared body loosely; schemathesis's bodies are str or bytes
        content=body.encode() if isinstance(body, str) else body,  # type: ignore[arg-type]
    )


def operation_id(case: schemathesis.Case) -> str:
    return str(case.operation.definition.raw.get("operationId"))


def shorten_long_polls(case: schemathesis.Case) -> None:
    """A valid `wait` of 1 to 30 becomes 0: a long poll costs real seconds even on the
    virtual clock, and long polling has tests of its own (tests/local/test_long_poll.py).
    Invalid values (negative, above 30, not integers) are sent as generated. v3 reserves
    take it in the body, v2 gets in the query."""
    if operation_id(case) == "reserve_messages":
        where = case.body
    elif operation_id(case) == "get_messages":
        where = case.query
    else:
        return
    if not isinstance(where, dict):
        return
    wait = where.get("wait")
    if (
        isinstance(wait, (int, float))
        and not isinstance(wait, bool)
        and 0 < wait <= 30
        and float(wait).is_integer()
    ):
        where["wait"] = 0


def tolerated(case: schemathesis.Case, response: Any) -> list[Any]:
    """The checks a response is exempt from, each for a reason stated here."""
    excluded: list[Any] = []
    if 200 <= response.status_code < 300:
        sent = _sent(response)
        # ironmq-local reads `null` as an absent field and `?x=` as an absent parameter
        # (ironmq_local/wire/fields.py, on purpose, for lenient clients). A "negative" request
        # that only differs from a valid one in that way is not a wrongly accepted one.
        normalised = _server_normalised(sent)
        if normalised is not None and conforms(validator, normalised):
            excluded.append(negative_data_rejection)
    return excluded


def check(case: schemathesis.Case, target: Target) -> None:
    """Send the case and run every check, with the tolerances of `tolerated`."""
    shorten_long_polls(case)
    response = case.call(base_url=target.base_url, headers=target.auth_headers)
    case.validate_response(response, excluded_checks=tolerated(case, response))


@pytest.fixture(scope="module")
def fuzz_target(target: Target) -> Target:
    """The target, emptied first (local) so the run starts from no queues."""
    if target.local is not None:
        target.local.reset()
    return target


@pytest.fixture(scope="module")
def local_target(fuzz_target: Target) -> Target:
    """The target if it is ironmq-local (v2 is served there; Iron.io retired its v2)."""
    fuzz_target.require_local()
    return fuzz_target


@schema.parametrize()
def test_every_operation(case: schemathesis.Case, fuzz_target: Target) -> None:
    """Examples, boundary values and generated data, positive and negative."""
    check(case, fuzz_target)


@schema_v2.parametrize()
def test_every_v2_operation(case: schemathesis.Case, local_target: Target) -> None:
    """The same for every operation of spec/ironmq-v2.yaml."""
    check(case, local_target)


def test_stateful_sequences(fuzz_target: Target) -> None:
    """Link-following sequences (post → reserve → touch → release/delete, ...)."""
    run_stateful(schema, fuzz_target)


def test_stateful_v2_sequences(local_target: Target) -> None:
    """Link-following sequences of v2 (post → get → touch → release/delete, push statuses)."""
    run_stateful(schema_v2, local_target)


def run_stateful(schema: Any, fuzz_target: Target) -> None:
    """Run the state machine schemathesis builds from the spec's links."""
    machine = schema.as_state_machine()

    class Sequences(machine):  # type: ignore[valid-type, misc]
        def setup(self) -> None:
            # Which rule can run next depends on what the server answered (links need ids
            # from earlier responses), so every scenario must start from the same state and
            # time, or hypothesis cannot replay and shrink it (FlakyStrategyDefinition).
            if fuzz_target.local is not None:
                fuzz_target.local.reset()
                fuzz_target.local.freeze()

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            return {"base_url": fuzz_target.base_url, "headers": fuzz_target.auth_headers}

        def before_call(self, case: schemathesis.Case) -> None:
            shorten_long_polls(case)

        def validate_response(self, response: Any, case: schemathesis.Case, **kw: Any) -> None:
            case.validate_response(response, excluded_checks=tolerated(case, response))

    Sequences.run(
        settings=settings(
            max_examples=STATEFUL_EXAMPLES,
            stateful_step_count=STATEFUL_STEPS,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
