"""Request bodies, read whole before the request takes an admission slot, then replayed.

A body past the size cap is refused (413) as soon as it is known to be too large, from its
Content-Length or while it arrives, never held whole. A body that has not arrived by the
deadline is refused (408): a client sending a byte a second holds no slot meanwhile, and
the application never waits on the network for a body.

A compressed body (`Content-Encoding: gzip` or `deflate`, as OpenLineage's HTTP transport
sends with `compression: gzip`) is inflated here, under the same cap: inflating stops at
the cap's next byte, so a gzip bomb costs the cap and no more (413). A body that does not
inflate is 400, an encoding the API does not read 415, both `BAD_CONTENT_ENCODING`. The
application then sees the inflated body with no `Content-Encoding`.
"""

from __future__ import annotations

import asyncio
import zlib
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


def inflates_too_large(limit: int) -> BodyRefused:
    return BodyRefused(
        413,
        ErrorCode.BODY_TOO_LARGE,
        f"the body inflates past {limit} bytes",
        f"请求体解压后超过{limit}字节",
    )


def bad_encoding(status: int, message: str, message_zh: str) -> BodyRefused:
    return BodyRefused(status, ErrorCode.BAD_CONTENT_ENCODING, message, message_zh)


# Content-Encoding tokens and the zlib window bits that read them (RFC 9110 8.4.1).
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}


def content_encodings(headers: list[tuple[bytes, bytes]]) -> list[str]:
    """The codings applied to the body, in the order they were applied."""
    found = []
    for name, value in headers:
        if name.lower() == b"content-encoding":
            found += [part.strip().lower() for part in value.decode("latin-1").split(",")]
    return [coding for coding in found if coding and coding != "identity"]


def inflate(body: bytes, encodings: list[str], limit: int) -> bytes:
    """The body with its codings undone, last applied first; at most `limit` bytes."""
    unknown = [coding for coding in encodings if coding not in _WBITS]
    if unknown:
        raise bad_encoding(
            415,
            f"Content-Encoding {unknown[0]} is not read here; send gzip, deflate or none",
            f"不支持的内容编码{unknown[0]}，请使用gzip、deflate或不压缩",
        )
    for coding in reversed(encodings):
        body = _inflate_one(body, coding, limit)
    return body


def _inflate_one(data: bytes, coding: str, limit: int) -> bytes:
    out = bytearray()
    rest = data
    while rest:  # gzip allows several members one after another
        inflater = zlib.decompressobj(_WBITS[coding])
        try:
            out += inflater.decompress(rest, limit + 1 - len(out))
        except zlib.error as exc:
            raise bad_encoding(
                400,
                f"the body is not valid {coding} data: {exc}",
                f"请求体不是有效的{coding}压缩数据",
            ) from exc
        if len(out) > limit:
            raise inflates_too_large(limit)
        if not inflater.eof:
            raise bad_encoding(
                400, f"the {coding} body ends too early", f"{coding}压缩的请求体不完整"
            )
        rest = inflater.unused_data
        if rest and coding == "deflate":
            raise bad_encoding(
                400, "the deflate body has bytes past its end", "deflate压缩的请求体末尾有多余数据"
            )
    return bytes(out)


def _inflated_scope(scope: Scope, length: int) -> Scope:
    """The request as the application sees it once its body is inflated."""
    headers = [
        (name, value)
        for name, value in scope["headers"]
        if name.lower() not in (b"content-encoding", b"content-length")
    ]
    return {**scope, "headers": [*headers, (b"content-length", str(length).encode())]}


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
            encodings = content_encodings(scope["headers"])
            if encodings:
                body = inflate(body, encodings, self.limit)
                scope = _inflated_scope(scope, len(body))
        except ClientGone:
            return
        except BodyRefused as refused:
            response = self.refuse(scope, refused)
            # The rest of the body may still be on its way: this connection is done.
            response.headers["connection"] = "close"
            await response(scope, receive, send)
            return
        await self.app(scope, replay(body, receive), send)
