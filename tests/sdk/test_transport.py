"""The transport: identity headers, timeouts, injected clients, pooling and safe logging."""

from __future__ import annotations

import asyncio
import logging
import ssl
from typing import Any

import httpx
import pytest

from ironmq_local import LocalServer
from ironmq_sdk import DEFAULT_TIMEOUT, AsyncIronMQ, IronMQ, __version__
from ironmq_sdk._constants import MAX_WAIT
from ironmq_sdk._core import Operation, safe_url
from ironmq_sdk._transport import ASYNC_POOLS
from ironmq_sdk._types import NOT_GIVEN

from .conftest import connect


def recording_client(sent: list[httpx.Request]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"queues": []})

    return httpx.Client(transport=httpx.MockTransport(handler))


def test_headers_name_the_sdk_and_authenticate() -> None:
    """Authorization: OAuth <token>, a User-Agent with the SDK's version, JSON accepted."""
    sent: list[httpx.Request] = []
    mq = IronMQ(
        project_id="p", token="tok", base_url="http://x", http_client=recording_client(sent)
    )
    mq.queues()
    (request,) = sent
    assert request.headers["authorization"] == "OAuth tok"
    assert request.headers["user-agent"].startswith(f"ironmq-sdk-python/{__version__}")
    assert request.headers["accept"] == "application/json"
    assert str(request.url) == "http://x/3/projects/p/queues"


def test_pools_the_sdk_makes_carry_the_identity_and_a_request_adds_none() -> None:
    """An SDK-made pool (sync and every async one) holds the identity headers, and the
    requests on it carry them without naming them again (httpx merges per-request headers
    on every request, at a cost)."""
    config_headers = {"authorization": "OAuth tok", "accept": "application/json"}
    mq = IronMQ(project_id="p", token="tok", base_url="http://x")
    amq = AsyncIronMQ(project_id="p", token="tok", base_url="http://x")
    pools: list[httpx.Client | httpx.AsyncClient] = [mq._transport.http, *amq._transport._pools]
    for pool in pools:
        assert {k: pool.headers[k] for k in config_headers} == config_headers
        assert pool.headers["user-agent"].startswith(f"ironmq-sdk-python/{__version__}")
    sent: list[httpx.Request] = []
    mq._transport.http._transport = recording_client(sent)._transport
    mq.queues()
    assert sent[0].headers["authorization"] == "OAuth tok"
    assert sent[0].headers["user-agent"].startswith("ironmq-sdk-python/")


def test_async_pools_share_one_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    """AsyncIronMQ loads the CA bundle once for all its pools, not once per pool (each load
    costs about 20 ms of CPU)."""
    loads: list[object] = []
    real = ssl.SSLContext.load_verify_locations

    def counting(self: ssl.SSLContext, *args: Any, **kwargs: Any) -> None:
        loads.append(args)
        real(self, *args, **kwargs)

    monkeypatch.setattr(ssl.SSLContext, "load_verify_locations", counting)
    AsyncIronMQ(project_id="p", token="t", base_url="https://x")
    assert len(loads) == 1


def _same_request(a: httpx.Request, b: httpx.Request) -> None:
    assert (a.method, str(a.url), a.headers.multi_items(), a.read(), a.extensions) == (
        b.method,
        str(b.url),
        b.headers.multi_items(),
        b.read(),
        b.extensions,
    )


@pytest.mark.parametrize("api_version", [3, 1])
def test_requests_of_an_sdk_pool_are_what_build_request_makes(api_version: int) -> None:
    """On a pool the SDK made, each operation's request (made without `build_request`)
    has the method, URL, headers, body and timeout `Client.build_request` gives it."""
    mq = IronMQ(
        project_id="p", token="tok", base_url="http://x:8/mq", api_version=api_version, timeout=7
    )
    wire, builder, http = mq._wire, mq._transport._builder, mq._transport.http
    ops: list[Operation[Any]] = [
        wire.post_messages("q/1", [{"body": "b"}]),
        wire.reserve("q", n=2, timeout=None, wait=1, delete=False),
        wire.peek("q", 3),
        wire.get_queue("q"),
        wire.delete_message("q", "42", "r" if api_version == 3 else None),
        wire.release("q", "42", "r", 5),
    ]
    for op in ops:
        made = builder.build(op, mq._options)
        assert made.url.host == "x"
        kwargs: dict[str, Any] = {"json": op.json} if op.json is not NOT_GIVEN else {}
        expected = http.build_request(
            op.method,
            "http://x:8/mq" + op.path,
            params=op.params or None,
            timeout=mq._options.timeout,
            **kwargs,
        )
        _same_request(made, expected)


def test_a_pool_with_cookies_sends_them() -> None:
    """Cookies a server set (a load balancer's) go back with the next requests."""
    sent: list[httpx.Request] = []
    mq = IronMQ(project_id="p", token="tok", base_url="http://x")
    mq._transport.http._transport = recording_client(sent)._transport
    mq._transport.http.cookies.set("AWSALB", "sticky")
    mq.queues()
    mq.queues(prefix="a")
    assert [r.headers["cookie"] for r in sent] == ["AWSALB=sticky"] * 2


def test_a_pool_passed_in_keeps_its_own_headers() -> None:
    """The SDK never changes a pool it was given; its requests add the identity headers,
    and the pool's other headers still go out."""
    sent: list[httpx.Request] = []
    http = recording_client(sent)
    http.headers["X-Proxy-Tag"] = "mine"
    IronMQ(project_id="p", token="tok", base_url="http://x", http_client=http).queues()
    assert "authorization" not in http.headers
    assert sent[0].headers["x-proxy-tag"] == "mine"
    assert sent[0].headers["authorization"] == "OAuth tok"


def test_base_url_path_prefix_is_kept() -> None:
    """A base_url with a path prefix (behind a proxy) keeps it."""
    sent: list[httpx.Request] = []
    http = recording_client(sent)
    IronMQ(project_id="p", token="t", base_url="http://x/mq/", http_client=http).queues()
    assert sent[0].url.path == "/mq/3/projects/p/queues"


def test_default_timeout_outlasts_the_longest_long_poll() -> None:
    """Read timeout > 30 s wait; connect is short."""
    assert DEFAULT_TIMEOUT.read is not None
    assert DEFAULT_TIMEOUT.read > MAX_WAIT
    mq = IronMQ(project_id="p", token="t", base_url="http://x")
    assert mq.timeout == DEFAULT_TIMEOUT
    assert mq.max_retries == 3


def test_timeouts_per_client_and_per_call_reach_the_request() -> None:
    """timeout= on the client and with_options(timeout=) set each request's timeout."""
    sent: list[httpx.Request] = []
    mq = IronMQ(
        project_id="p",
        token="t",
        base_url="http://x",
        http_client=recording_client(sent),
        timeout=7,
    )
    mq.queues()
    mq.with_options(timeout=httpx.Timeout(2.0, read=40.0)).queues()
    assert sent[0].extensions["timeout"]["read"] == 7
    assert sent[1].extensions["timeout"] == {
        "connect": 2.0,
        "read": 40.0,
        "write": 2.0,
        "pool": 2.0,
    }


def test_injected_client_is_not_closed_by_the_sdk() -> None:
    """You own the http_client you pass; the SDK's own pool is closed on exit."""
    http = httpx.Client()
    with IronMQ(project_id="p", token="t", base_url="http://x", http_client=http):
        pass
    assert not http.is_closed
    http.close()
    with IronMQ(project_id="p", token="t", base_url="http://x") as mq:
        pool = mq._transport.http
    assert pool.is_closed


def test_async_client_closes_its_pool_and_takes_an_injected_one(ironmq: LocalServer) -> None:
    """AsyncIronMQ: `async with` closes its pool; an injected AsyncClient is used as is."""

    async def main() -> None:
        async with AsyncIronMQ(
            project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
        ) as amq:
            await amq.queue("q").post("x")
            pools = amq._transport._pools
        assert len(pools) == ASYNC_POOLS
        assert all(pool.is_closed for pool in pools)
        async with httpx.AsyncClient() as http:
            amq = AsyncIronMQ(
                project_id=ironmq.project_id,
                token=ironmq.token,
                base_url=ironmq.base_url,
                http_client=http,
            )
            assert await amq.queue("q").size() == 1
            assert amq._transport._pools == [http]
            await amq.close()
            assert not http.is_closed

    asyncio.run(main())


def test_async_requests_one_at_a_time_keep_to_one_connection(ironmq: LocalServer) -> None:
    """A request goes to the pool with the fewest in flight: one at a time, that is always
    the first pool, on one kept-alive connection (not one connection per pool)."""

    async def main() -> list[int]:
        async with AsyncIronMQ(
            project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
        ) as amq:
            q = amq.queue("q")
            for _ in range(5):
                await q.post("x")
                await q.size()
            return [
                len(pool._transport._pool.connections)  # type: ignore[attr-defined]
                for pool in amq._transport._pools
            ]

    assert asyncio.run(main()) == [1] + [0] * (ASYNC_POOLS - 1)


def test_async_requests_in_flight_spread_over_the_pools(ironmq: LocalServer) -> None:
    """Concurrent async requests spread over the SDK's own pools, each keeping its connections."""

    async def main() -> list[int]:
        async with AsyncIronMQ(
            project_id=ironmq.project_id, token=ironmq.token, base_url=ironmq.base_url
        ) as amq:
            q = amq.queue("q")
            await q.post("x")
            await asyncio.gather(*(q.size() for _ in range(2 * ASYNC_POOLS)))
            return [
                len(pool._transport._pool.connections)  # type: ignore[attr-defined]
                for pool in amq._transport._pools
            ]

    assert all(count >= 1 for count in asyncio.run(main()))


def test_connections_are_reused(ironmq: LocalServer) -> None:
    """One pooled connection serves consecutive requests (keep-alive)."""
    with connect(ironmq, http_client=None) as mq:
        q = mq.queue("q")
        q.post("x")
        pool = mq._transport.http._transport._pool  # type: ignore[attr-defined]
        q.size()
        q.peek()
        assert len(pool.connections) == 1


def test_debug_logs_never_contain_the_token(
    ironmq: LocalServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Requests and retries are logged at DEBUG without the token."""
    caplog.set_level(logging.DEBUG, logger="ironmq_sdk")
    ironmq.inject_faults(1, status=503)
    with connect(ironmq) as mq:
        mq.queue("q").post("x")
    text = caplog.text
    assert "POST" in text
    assert "retrying" in text
    assert ironmq.token not in text


def test_safe_url_hides_the_oauth_parameter() -> None:
    """A token in the query (webhooks) is masked in logs and errors."""
    url = httpx.URL("http://x/3/projects/p/queues/q/webhook?oauth=secret&a=1")
    assert "secret" not in safe_url(url)
    assert "oauth=%2A%2A%2A" in safe_url(url) or "oauth=***" in safe_url(url)


def test_repr_hides_the_token(ironmq: LocalServer) -> None:
    """Neither the client nor its configuration shows the token."""
    with connect(ironmq) as mq:
        assert ironmq.token not in repr(mq)
        assert ironmq.token not in repr(mq._config)
