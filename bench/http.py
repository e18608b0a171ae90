"""The benchmarks' HTTP client: JSON posts over kept-alive connections (aiohttp).

On this 2-core machine the load generator shares the CPU with the servers it measures, and
a latency includes the client's own time. httpx took 0.9 ms of CPU a request (a small
lineage walk's whole framework overhead); aiohttp, whose parser is in C, 0.25 ms. Answers
are asked for gzipped, as a browser asks.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import aiohttp
import orjson

JSON = {"content-type": "application/json"}


class Client:
    """Posts JSON bodies to one server, `connections` at a time at most."""

    def __init__(
        self, base_url: str, connections: int = 1, headers: dict[str, str] | None = None
    ) -> None:
        self.base_url = base_url
        self.connections = connections
        self.headers = JSON | (headers or {})
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Client:
        connector = aiohttp.TCPConnector(limit=self.connections)
        timeout = aiohttp.ClientTimeout(total=120)
        self._session = aiohttp.ClientSession(
            self.base_url, connector=connector, timeout=timeout, headers=self.headers
        )
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._session is not None:
            await self._session.close()

    async def post(
        self, path: str, body: Any, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        """The status and the decoded JSON answer (None when the answer is no JSON)."""
        assert self._session is not None, "use the client in `async with`"
        async with self._session.post(path, data=orjson.dumps(body), headers=headers) as answer:
            text = await answer.read()
        try:
            return answer.status, orjson.loads(text)
        except orjson.JSONDecodeError:
            return answer.status, None


def failed(status: int, answer: Any) -> bool:
    """A GraphQL answer that is not a success: another status, no JSON, or errors."""
    return status != 200 or not isinstance(answer, dict) or "errors" in answer
