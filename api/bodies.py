"""Request bodies, read whole before the request takes an admission slot, then replayed.

A body past the size cap is refused (413) as soon as it is known to be too large, from its
Content-Length or while it arrives, never held whole. A body that has not arrived by the
deadline is refused (408): a client sending a byte a second holds no slot meanwhile, and
the application never waits on the network for a body.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.domain import ErrorCode


class BodyRefused(Exception):
    """The body is refused: too large, or too slow to arrive."""

    def __init__(self, status: int, code: ErrorCode, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message_zh = message_zh


def too_large(limit: int) -> BodyRefused:
    return BodyRefused(
        413,
        ErrorCode.BODY_TOO_LARGE,
        f"the body is larger than {limit} bytes",
        f"请求体超过{limit}字节",
    )


def too_slow(seconds: float) -> BodyRefused:
    return BodyRefused(
        408,
        ErrorCode.BODY_TIMEOUT,
        f"the body did not arrive within {seconds:g} s",
        f"请求体未在{seconds:g}秒内送达",
    )


class ClientGone(Exception):
    """The client disconnected before its body was whole."""


async def read_body(scope: Scope, receive: Receive, limit: int, deadline_s: float) -> bytes:
    """The whole body, at most `limit` bytes, arrived within `deadline_s` seconds."""
    headers = dict(scope["headers"])
    declared = headers.get(b"content-length", b"").decode("latin-1")
    if declared.isdigit() and int(declared) > limit:
        raise too_large(limit)
    chunks, size = [], 0
    try:
        async with asyncio.timeout(deadline_s):
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    raise ClientGone
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                chunks.append(chunk)
                if not message.get("more_body", False):
                    return b"".join(chunks)
    except TimeoutError:
        raise too_slow(deadline_s) from None


def replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the body read earlier, then whatever the client sends next
    (its disconnect)."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed


class BodyBuffer:
    """Reads each request's body (capped, with a deadline) before the inner application,
    which gets it replayed. `refuse` answers a refused body in the shape of its endpoint;
    requests for which `skip` is true pass straight through."""

    def __init__(
        self,
        app: ASGIApp,
        limit: int,
        deadline_s: float,
        refuse: Callable[[Scope, BodyRefused], Response],
        skip: Callable[[Scope], bool],
    ) -> None:
        self.app = app
        self.limit = limit
        self.deadline_s = deadline_s
        self.refuse = refuse
        self.skip = skip

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.skip(scope):
            await self.app(scope, receive, send)
            return
        try:
            body = await read_body(scope, receive, self.limit, self.deadline_s)
        except ClientGone:
            return
        except BodyRefused as refused:
            response = self.refuse(scope, refused)
            # The rest of the body may still be on its way: this connection is done.
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)
