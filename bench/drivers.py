"""The clients the benchmarks compare, each doing the same things on its own queue.

Per API version: raw httpx with a pooled client (the baseline: what the SDK costs on top of
the HTTP library it uses), the SDK, and the legacy `iron-mq` client from PyPI of that
version (v3: 0.9, v2: 0.7, the seed's own client), which goes through iron_core and
requests with a new connection per call. Async: raw httpx async and `AsyncIronMQ` (v3).
Every driver posts the same body and reads the same answers: `post`, `reserve_delete`,
`peek`, `info`, `cycle` (post, reserve, delete one) and `batch` (100 of each).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from ironmq_sdk import AsyncIronMQ, ConfigurationError, IronMQ

from ._harness import PROJECT_ID, TOKEN, Server

BODY = "benchmark message body of a typical small size"
BATCH = 100
OPS = ("post", "reserve_delete", "peek", "info")
"""The operations whose client CPU per call is measured."""

LEGACY_07_DIR = Path(sys.prefix) / "iron-mq-0.7"
"""Where `make bench` installs iron-mq 0.7 (`pip install --target`): it is the same
`iron_mq` module as 0.9's, so it cannot share the venv's site-packages."""


def _auth() -> dict[str, str]:
    return {"Authorization": f"OAuth {TOKEN}"}


def _ok(r: httpx.Response) -> Any:
    r.raise_for_status()
    return r.json()


# raw httpx ---------------------------------------------------------------------------------


class RawHttpx:
    """httpx.Client, pooled, calling IronMQ v3's endpoints and decoding the JSON."""

    label = "raw httpx"

    def __init__(self, server: Server) -> None:
        self.c = httpx.Client(base_url=server.base_url + self.prefix(), headers=_auth())
        self.q = ""

    @staticmethod
    def prefix() -> str:
        """The API's path prefix."""
        return f"/3/projects/{PROJECT_ID}"

    def use(self, queue: str) -> None:
        """Work on `queue` from now on."""
        self.q = f"/queues/{queue}"

    def post(self) -> None:
        _ok(self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}]}))

    def reserve_delete(self) -> None:
        m = _ok(self.c.post(self.q + "/reservations", json={"n": 1}))["messages"][0]
        body = {"reservation_id": m["reservation_id"]}
        _ok(self.c.request("DELETE", f"{self.q}/messages/{m['id']}", json=body))

    def peek(self) -> None:
        _ok(self.c.get(self.q + "/messages", params={"n": 1}))

    def info(self) -> None:
        _ok(self.c.get(self.q))

    def cycle(self) -> None:
        self.post()
        self.reserve_delete()

    def batch(self) -> int:
        _ok(self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}] * BATCH}))
        ms = _ok(self.c.post(self.q + "/reservations", json={"n": BATCH}))["messages"]
        ids = [{"id": m["id"], "reservation_id": m["reservation_id"]} for m in ms]
        _ok(self.c.request("DELETE", self.q + "/messages", json={"ids": ids}))
        return len(ms)

    def close(self) -> None:
        self.c.close()


class RawHttpxV2(RawHttpx):
    """httpx.Client on IronMQ v2's endpoints (`/1/`): reserve is a GET, no reservation ids."""

    label = "raw httpx, v2"

    @staticmethod
    def prefix() -> str:
        return f"/1/projects/{PROJECT_ID}"

    def reserve_delete(self) -> None:
        m = _ok(self.c.get(self.q + "/messages", params={"n": 1}))["messages"][0]
        _ok(self.c.delete(f"{self.q}/messages/{m['id']}"))

    def peek(self) -> None:
        _ok(self.c.get(self.q + "/messages/peek", params={"n": 1}))

    def batch(self) -> int:
        _ok(self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}] * BATCH}))
        ms = _ok(self.c.get(self.q + "/messages", params={"n": BATCH}))["messages"]
        ids = [m["id"] for m in ms]
        _ok(self.c.request("DELETE", self.q + "/messages", json={"ids": ids}))
        return len(ms)


# the SDK -----------------------------------------------------------------------------------


class Sdk:
    """`IronMQ` on v3."""

    label = "IronMQ (sync SDK)"
    api_version = 3

    def __init__(self, server: Server) -> None:
        self.mq = IronMQ(
            project_id=PROJECT_ID,
            token=TOKEN,
            base_url=server.base_url,
            api_version=self.api_version,
        )
        self.q = self.mq.queue("unused")

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    def post(self) -> None:
        self.q.post(BODY)

    def reserve_delete(self) -> None:
        self.q.delete(self.q.reserve(1)[0])

    def peek(self) -> None:
        self.q.peek(1)

    def info(self) -> None:
        self.q.info()

    def cycle(self) -> None:
        self.q.post(BODY)
        self.q.delete(self.q.reserve(1)[0])

    def batch(self) -> int:
        self.q.post(*([BODY] * BATCH))
        ms = self.q.reserve(BATCH)
        self.q.delete_multiple(*ms)
        return len(ms)

    def close(self) -> None:
        self.mq.close()


class SdkV2(Sdk):
    """`IronMQ(api_version=1)`: the SDK on v2."""

    label = "IronMQ on v2 (sync SDK)"
    api_version = 1


# the legacy clients ------------------------------------------------------------------------


class Legacy:
    """`iron_mq.IronMQ` 0.9 (v3) over iron_core (requests, a new connection per call)."""

    label = "iron-mq 0.9 (legacy, v3)"

    def __init__(self, server: Server) -> None:
        self.mq = self.module().IronMQ(
            host=server.host,
            port=server.port,
            protocol="http",
            project_id=PROJECT_ID,
            token=TOKEN,
            **self.options(),
        )
        self.q = self.mq.queue("unused")

    @staticmethod
    def module() -> ModuleType:
        """The client's module."""
        import iron_mq  # noqa: PLC0415  # only in the bench venv

        return iron_mq

    @staticmethod
    def options() -> dict[str, Any]:
        """Extra keyword arguments of the client."""
        return {}

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    def post(self) -> None:
        self.q.post(BODY)

    def reserve_delete(self) -> None:
        m = self.q.reserve(max=1)["messages"][0]
        self.q.delete(m["id"], m["reservation_id"])

    def peek(self) -> None:
        self.q.peek(max=1)

    def info(self) -> None:
        self.q.info()

    def cycle(self) -> None:
        self.post()
        self.reserve_delete()

    def batch(self) -> int:
        self.q.post(*([BODY] * BATCH))
        got = self.q.reserve(max=BATCH)
        self.q.delete_multiple(messages=got)
        return len(got["messages"])

    def close(self) -> None:
        pass


class Legacy07(Legacy):
    """`iron_mq.IronMQ` 0.7 (v2, the seed README's client) over the same iron_core."""

    label = "iron-mq 0.7 (legacy, v2)"

    @staticmethod
    def module() -> ModuleType:
        return iron_mq_07()

    @staticmethod
    def options() -> dict[str, Any]:
        return {"api_version": 1}

    def reserve_delete(self) -> None:
        m = self.q.get(max=1)["messages"][0]
        self.q.delete(m["id"])

    def batch(self) -> int:
        self.q.post(*([BODY] * BATCH))
        got = self.q.get(max=BATCH)["messages"]
        self.q.delete_multiple(*[m["id"] for m in got])
        return len(got)


@cache
def iron_mq_07() -> ModuleType:
    """iron-mq 0.7's `iron_mq` module, loaded as `iron_mq_07` beside 0.9's `iron_mq`."""
    path = LEGACY_07_DIR / "iron_mq.py"
    spec = importlib.util.spec_from_file_location("iron_mq_07", path)
    if spec is None or spec.loader is None or not path.exists():
        raise RuntimeError(f"iron-mq 0.7 is not installed in {LEGACY_07_DIR} (make bench does)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# async -------------------------------------------------------------------------------------


class RawHttpxAsync:
    """httpx.AsyncClient, pooled: the fair baseline for the async SDK."""

    label = "raw httpx async"

    def __init__(self, server: Server) -> None:
        self.c = httpx.AsyncClient(
            base_url=server.base_url + RawHttpx.prefix(),
            headers=_auth(),
            limits=httpx.Limits(max_connections=200, max_keepalive_connections=200),
        )
        self.q = ""

    def use(self, queue: str) -> None:
        self.q = f"/queues/{queue}"

    async def post(self) -> None:
        _ok(await self.c.post(self.q + "/messages", json={"messages": [{"body": BODY}]}))

    async def reserve_delete(self) -> None:
        m = _ok(await self.c.post(self.q + "/reservations", json={"n": 1}))["messages"][0]
        body = {"reservation_id": m["reservation_id"]}
        _ok(await self.c.request("DELETE", f"{self.q}/messages/{m['id']}", json=body))

    async def peek(self) -> None:
        _ok(await self.c.get(self.q + "/messages", params={"n": 1}))

    async def info(self) -> None:
        _ok(await self.c.get(self.q))

    async def cycle(self) -> None:
        await self.post()
        await self.reserve_delete()

    async def batch(self) -> int:
        body = {"messages": [{"body": BODY}] * BATCH}
        _ok(await self.c.post(self.q + "/messages", json=body))
        ms = _ok(await self.c.post(self.q + "/reservations", json={"n": BATCH}))["messages"]
        ids = [{"id": m["id"], "reservation_id": m["reservation_id"]} for m in ms]
        _ok(await self.c.request("DELETE", self.q + "/messages", json={"ids": ids}))
        return len(ms)

    async def close(self) -> None:
        await self.c.aclose()


class SdkAsync:
    """`AsyncIronMQ` on v3."""

    label = "AsyncIronMQ (async SDK)"

    def __init__(self, server: Server) -> None:
        self.mq = AsyncIronMQ(project_id=PROJECT_ID, token=TOKEN, base_url=server.base_url)
        self.q = self.mq.queue("unused")

    def use(self, queue: str) -> None:
        self.q = self.mq.queue(queue)

    async def post(self) -> None:
        await self.q.post(BODY)

    async def reserve_delete(self) -> None:
        await self.q.delete((await self.q.reserve(1))[0])

    async def peek(self) -> None:
        await self.q.peek(1)

    async def info(self) -> None:
        await self.q.info()

    async def cycle(self) -> None:
        await self.q.post(BODY)
        await self.q.delete((await self.q.reserve(1))[0])

    async def batch(self) -> int:
        await self.q.post(*([BODY] * BATCH))
        ms = await self.q.reserve(BATCH)
        await self.q.delete_multiple(*ms)
        return len(ms)

    async def close(self) -> None:
        await self.mq.close()


SYNC_DRIVERS: dict[str, Callable[[Server], Any]] = {
    "httpx": RawHttpx,
    "sdk": Sdk,
    "legacy": Legacy,
    "httpx_v2": RawHttpxV2,
    "sdk_v2": SdkV2,
    "legacy_07": Legacy07,
}
ASYNC_DRIVERS: dict[str, Callable[[Server], Any]] = {
    "httpx_async": RawHttpxAsync,
    "sdk_async": SdkAsync,
}
LABELS = {
    key: cls.label  # type: ignore[attr-defined]
    for key, cls in {**SYNC_DRIVERS, **ASYNC_DRIVERS}.items()
}
V2 = ("httpx_v2", "sdk_v2", "legacy_07")
"""The v2 drivers, measured when this checkout's SDK has a v2 wire."""


def missing() -> dict[str, str]:
    """Drivers that cannot run here, with the reason (their rows are left out)."""
    out: dict[str, str] = {}
    try:
        IronMQ(project_id=PROJECT_ID, token=TOKEN, base_url="http://127.0.0.1:1", api_version=1)
    except ConfigurationError as exc:
        out["sdk_v2"] = f"this checkout's SDK has no v2 wire ({exc})"
    if not (LEGACY_07_DIR / "iron_mq.py").exists():
        out["legacy_07"] = f"iron-mq 0.7 is not installed in {LEGACY_07_DIR}"
    try:
        Legacy.module()
    except ImportError:
        out["legacy"] = "iron-mq 0.9 is not installed"
    return out
