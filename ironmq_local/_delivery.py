"""The HTTP adapter of push delivery: `DeliveryPort` over one shared `httpx.AsyncClient`."""

from __future__ import annotations

import asyncio

import httpx

from ._push import Outcome

_MAX_MSG = 500  # characters of a subscriber's answer kept as the status text


class HttpxDelivery:
    """POSTs push requests; maps every answer, refusal and timeout to an `Outcome`."""

    def __init__(self, max_connections: int = 256) -> None:
        # trust_env=False: a proxy configured in the environment must not see local pushes.
        self.client = httpx.AsyncClient(
            trust_env=False,
            follow_redirects=False,
            limits=httpx.Limits(
                max_connections=max_connections, max_keepalive_connections=max_connections
            ),
        )

    async def deliver(
        self, url: str, body: bytes, headers: dict[str, str], timeout: float
    ) -> Outcome:
        """POST `body` to `url`; the whole exchange must finish within `timeout` seconds."""
        try:
            response = await asyncio.wait_for(
                self.client.post(url, content=body, headers=headers, timeout=timeout), timeout
            )
        except (asyncio.TimeoutError, httpx.TimeoutException):
            return Outcome(0, f"Timed out after {timeout:g} s")
        except Exception as exc:  # refused, reset, bad URL, TLS ...: all retried the same way
            return Outcome(0, f"{type(exc).__name__}: {exc}"[:_MAX_MSG])
        text = response.text.strip()[:_MAX_MSG]
        return Outcome(response.status_code, text or response.reason_phrase)

    async def aclose(self) -> None:
        """Close the connections."""
        await self.client.aclose()
