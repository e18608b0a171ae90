"""Admission: how many requests of the API proper run at once.

Health checks and the web pages and their files pass straight through.
"""

from __future__ import annotations

import asyncio

from starlette.types import ASGIApp, Receive, Scope, Send

PASS_THROUGH = frozenset(("/healthz", "/readyz", "/", "/explorer"))


def passes_through(scope: Scope) -> bool:
    """Health checks and the web app's pages and files: no admission, no body to read."""
    path = scope.get("path", "")
    return scope["type"] != "http" or path in PASS_THROUGH or path.startswith("/static/")


class Admission:
    """At most `limit` requests of the API proper run at once; the rest wait in turn.

    `peak` is the most that ever ran at once.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.slots = asyncio.Semaphore(limit)
        self.running = 0
        self.peak = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if passes_through(scope):
            await self.app(scope, receive, send)
            return
        async with self.slots:
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                await self.app(scope, receive, send)
            finally:
                self.running -= 1
